#[allow(clippy::question_mark)]
fn numbers(n: u32) -> impl Iterator<Item = u32> {
    yield_!(@ consumed);
    #[cfg(feature = "labels")]
    return {
        #[allow(dead_code, clippy::large_enum_variant)]
        enum __State<__T0, __T1, __T2, __T3> {
            /// Not started: holds the arguments.
            Start { n: __T0 },
            /// Suspended at a `yield`; resumes right after it.
            Yield0 { i: __T3, __iter0: __T2, label: __T1 },
            /// Suspended at a `yield`; resumes right after it.
            Yield1 { __iter0: __T2, label: __T1 },
            /// Finished (or panicked): yields nothing more.
            Done,
        }
        let mut __state = __State::Start { n };
        ::gen_core::__private::gen_iter::<
            u32,
            _,
        >(
            #[inline(always)]
            move || {
                let __resumed = ::core::mem::replace(&mut __state, __State::Done);
                if !::core::matches!(
                    __resumed, __State::Yield0 { .. } | __State::Yield1 { .. }
                ) {
                    match __resumed {
                        __State::Start { n: n } => {
                            let label = format!("{n} numbers");
                            {
                                let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                    0..n,
                                );
                                #[allow(clippy::never_loop)]
                                while let ::core::option::Option::Some(i) = ::core::iter::Iterator::next(
                                    &mut __iter0,
                                ) {
                                    {
                                        let __item: u32 = label.len() as u32;
                                        __state = __State::Yield0 {
                                            i,
                                            __iter0,
                                            label,
                                        };
                                        return ::core::option::Option::Some(__item);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                    return ::core::option::Option::None;
                }
                match __resumed {
                    __State::Yield0 { label, __iter0, i } => {
                        #[allow(unused_variables)]
                        let label = label;
                        {
                            #[allow(unused_mut)]
                            let mut __iter0 = __iter0;
                            {
                                #[allow(unused_variables)]
                                let i = i;
                                {
                                    let __item: u32 = i;
                                    __state = __State::Yield1 { __iter0, label };
                                    return ::core::option::Option::Some(__item);
                                }
                            }
                        }
                    }
                    __State::Yield1 { label, __iter0 } => {
                        #[allow(unused_variables)]
                        let label = label;
                        {
                            #[allow(unused_mut)]
                            let mut __iter0 = __iter0;
                            #[allow(unused, clippy::all)]
                            while let ::core::option::Option::Some(i) = ::core::iter::Iterator::next(
                                &mut __iter0,
                            ) {
                                {
                                    let __item: u32 = label.len() as u32;
                                    __state = __State::Yield0 {
                                        i,
                                        __iter0,
                                        label,
                                    };
                                    return ::core::option::Option::Some(__item);
                                }
                            }
                        }
                    }
                    _ => {}
                }
                ::core::option::Option::None
            },
        )
    };
    #[cfg(not(feature = "labels"))]
    return {
        #[allow(dead_code, clippy::large_enum_variant)]
        enum __State<__T0, __T1> {
            /// Not started: holds the arguments.
            Start { n: __T0 },
            /// Suspended at a `yield`; resumes right after it.
            Yield0 { __iter0: __T1 },
            /// Finished (or panicked): yields nothing more.
            Done,
        }
        impl<__T0, __T1> ::core::default::Default for __State<__T0, __T1> {
            fn default() -> Self {
                Self::Done
            }
        }
        let mut __state = __State::Start { n };
        ::gen_core::__private::gen_iter::<
            u32,
            _,
        >(
            #[inline(always)]
            move || {
                if ::core::matches!(__state, __State::Start { .. }) {
                    match ::core::mem::replace(&mut __state, __State::Done) {
                        __State::Start { n: n } => {
                            let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                0..n,
                            );
                            #[allow(clippy::never_loop)]
                            while let ::core::option::Option::Some(i) = ::core::iter::Iterator::next(
                                &mut __iter0,
                            ) {
                                {
                                    let __item: u32 = i;
                                    __state = __State::Yield0 { __iter0 };
                                    return ::core::option::Option::Some(__item);
                                }
                            }
                        }
                        _ => {}
                    }
                    return ::core::option::Option::None;
                }
                let mut __guard = ::gen_core::__private::InPlace::new(&mut __state);
                match __guard.state() {
                    __State::Yield0 { __iter0, .. } => {
                        #[allow(unused, clippy::all)]
                        while let ::core::option::Option::Some(i) = ::core::iter::Iterator::next(
                            &mut (*__iter0),
                        ) {
                            {
                                let __item: u32 = i;
                                __guard.finish();
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                __guard.finish();
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Yield0 { __iter0 } => {
                        #[allow(unused_mut)]
                        let mut __iter0 = __iter0;
                    }
                    _ => {}
                }
                ::core::option::Option::None
            },
        )
    };
}
