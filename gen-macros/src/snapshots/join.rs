#[allow(clippy::question_mark)]
fn doubled(a: Vec<u32>, b: Vec<u32>) -> impl Iterator<Item = u32> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2, __T3> {
        /// Not started: holds the arguments.
        Start { a: __T0, b: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { __iter0: __T2, b: __T1 },
        /// Passed through, not suspended: the code after it is written once (its closures have one type, and rustc infers its types after those of the code before it).
        Join0 { b: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield1 { __iter1: __T3 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    impl<__T0, __T1, __T2, __T3> ::core::default::Default
    for __State<__T0, __T1, __T2, __T3> {
        fn default() -> Self {
            Self::Done
        }
    }
    let mut __state = __State::Start { a, b };
    ::gen_core::__private::gen_iter::<
        u32,
        _,
    >(
        #[inline(always)]
        move || {
            '__dispatch: loop {
                return {
                    if ::core::matches!(__state, __State::Start { .. }) {
                        match ::core::mem::replace(&mut __state, __State::Done) {
                            __State::Start { a: a, b: b } => {
                                {
                                    let mut __iter0 = ::core::iter::IntoIterator::into_iter(a);
                                    #[allow(clippy::never_loop)]
                                    while let ::core::option::Option::Some(x) = ::core::iter::Iterator::next(
                                        &mut __iter0,
                                    ) {
                                        {
                                            let __item: u32 = x;
                                            __state = __State::Yield0 { __iter0, b };
                                            return ::core::option::Option::Some(__item);
                                        }
                                    }
                                }
                                {
                                    __state = __State::Join0 { b };
                                    continue '__dispatch;
                                }
                            }
                            _ => {}
                        }
                        return ::core::option::Option::None;
                    }
                    if ::core::matches!(__state, __State::Yield0 { .. }) {
                        let mut __guard = ::gen_core::__private::InPlace::new(
                            &mut __state,
                        );
                        match __guard.state() {
                            __State::Yield0 { __iter0, .. } => {
                                #[allow(unused, clippy::all)]
                                while let ::core::option::Option::Some(x) = ::core::iter::Iterator::next(
                                    &mut (*__iter0),
                                ) {
                                    {
                                        let __item: u32 = x;
                                        __guard.finish();
                                        return ::core::option::Option::Some(__item);
                                    }
                                }
                            }
                            _ => {}
                        }
                        __guard.finish();
                        match ::core::mem::replace(&mut __state, __State::Done) {
                            __State::Yield0 { b, __iter0 } => {
                                #[allow(unused_variables)]
                                let b = b;
                                {
                                    {
                                        #[allow(unused_mut)]
                                        let mut __iter0 = __iter0;
                                    }
                                    {
                                        __state = __State::Join0 { b };
                                        continue '__dispatch;
                                    }
                                }
                            }
                            _ => {}
                        }
                        return ::core::option::Option::None;
                    }
                    if ::core::matches!(__state, __State::Join0 { .. }) {
                        match ::core::mem::replace(&mut __state, __State::Done) {
                            __State::Join0 { b } => {
                                #[allow(unused_variables)]
                                let b = b;
                                {
                                    {
                                        #[allow(unused_mut)]
                                        let mut __tmp0 = b.into_iter();
                                        let mut __iter1 = ::core::iter::IntoIterator::into_iter(
                                            __tmp0.map(|v| v * 2),
                                        );
                                        #[allow(clippy::never_loop)]
                                        while let ::core::option::Option::Some(y) = ::core::iter::Iterator::next(
                                            &mut __iter1,
                                        ) {
                                            {
                                                let __item: u32 = y;
                                                __state = __State::Yield1 { __iter1 };
                                                return ::core::option::Option::Some(__item);
                                            }
                                        }
                                    }
                                }
                            }
                            _ => {}
                        }
                        return ::core::option::Option::None;
                    }
                    let mut __guard = ::gen_core::__private::InPlace::new(&mut __state);
                    match __guard.state() {
                        __State::Yield1 { __iter1, .. } => {
                            #[allow(unused, clippy::all)]
                            while let ::core::option::Option::Some(y) = ::core::iter::Iterator::next(
                                &mut (*__iter1),
                            ) {
                                {
                                    let __item: u32 = y;
                                    __guard.finish();
                                    return ::core::option::Option::Some(__item);
                                }
                            }
                        }
                        _ => {}
                    }
                    __guard.finish();
                    match ::core::mem::replace(&mut __state, __State::Done) {
                        __State::Yield1 { __iter1 } => {
                            #[allow(unused_mut)]
                            let mut __iter1 = __iter1;
                        }
                        _ => {}
                    }
                    ::core::option::Option::None
                };
            }
        },
    )
}
