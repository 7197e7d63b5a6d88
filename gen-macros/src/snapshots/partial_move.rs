#[allow(clippy::question_mark)]
fn labelled(self) -> impl Iterator<Item = String> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2, __T3> {
        /// Not started: holds the arguments.
        Start { __self: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { x: ::core::option::Option<__T2>, __iter0: __T1, __self_name: __T3 },
        /// Suspended at a `yield`; resumes right after it.
        Yield1 {},
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    impl<__T0, __T1, __T2, __T3> ::core::default::Default
    for __State<__T0, __T1, __T2, __T3> {
        fn default() -> Self {
            Self::Done
        }
    }
    let mut __state = __State::Start { __self: self };
    ::gen_core::__private::gen_iter::<
        String,
        _,
    >(
        #[inline(always)]
        move || {
            if ::core::matches!(__state, __State::Start { .. }) {
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Start { __self: __self } => {
                        {
                            let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                __self.items,
                            );
                            #[allow(clippy::never_loop)]
                            while let ::core::option::Option::Some(x) = ::core::iter::Iterator::next(
                                &mut __iter0,
                            ) {
                                {
                                    let __item: String = format!("{}: {x}", __self.name);
                                    __state = __State::Yield0 {
                                        x: ::core::option::Option::Some(x),
                                        __iter0,
                                        __self_name: __self.name,
                                    };
                                    return ::core::option::Option::Some(__item);
                                }
                            }
                        }
                        {
                            let __item: String = __self.name;
                            __state = __State::Yield1 {};
                            return ::core::option::Option::Some(__item);
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            if ::core::matches!(__state, __State::Yield0 { .. }) {
                let mut __guard = ::gen_core::__private::InPlace::new(&mut __state);
                match __guard.state() {
                    __State::Yield0 { x: __carried_x, __iter0, __self_name, .. } => {
                        {
                            #[allow(unused_variables)]
                            let x = match __carried_x.take() {
                                ::core::option::Option::Some(__value) => __value,
                                ::core::option::Option::None => ::core::unreachable!(),
                            };
                        }
                        #[allow(unused, clippy::all)]
                        while let ::core::option::Option::Some(x) = ::core::iter::Iterator::next(
                            &mut (*__iter0),
                        ) {
                            {
                                let __item: String = format!("{}: {x}", (* __self_name));
                                *__carried_x = ::core::option::Option::Some(x);
                                __guard.finish();
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                __guard.finish();
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Yield0 { __self_name, __iter0, x } => {
                        let __self_name = __self_name;
                        {
                            {
                                #[allow(unused_mut)]
                                let mut __iter0 = __iter0;
                            }
                            {
                                let __item: String = __self_name;
                                __state = __State::Yield1 {};
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            match ::core::mem::replace(&mut __state, __State::Done) {
                __State::Yield1 {} => {}
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
