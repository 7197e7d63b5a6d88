#[allow(clippy::question_mark)]
fn pairs(log: &Log, n: u64) -> impl Iterator<Item = (u64, u64)> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2, __T3, __T4> {
        /// Not started: holds the arguments.
        Start { n: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { __iter1: __T4, i: __T3, __iter0: __T2, _guard: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    let mut __state = __State::Start { n };
    ::gen_core::__private::gen_iter::<
        (u64, u64),
        _,
    >(
        #[inline(always)]
        move || {
            let __resumed = ::core::mem::replace(&mut __state, __State::Done);
            if !::core::matches!(__resumed, __State::Yield0 { .. }) {
                match __resumed {
                    __State::Start { n: n } => {
                        let _guard = Noisy::new("guard", log);
                        {
                            let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                0..n,
                            );
                            'rows: while let ::core::option::Option::Some(i) = ::core::iter::Iterator::next(
                                &mut __iter0,
                            ) {
                                {
                                    let mut __iter1 = ::core::iter::IntoIterator::into_iter(
                                        0..i,
                                    );
                                    #[allow(clippy::never_loop)]
                                    while let ::core::option::Option::Some(j) = ::core::iter::Iterator::next(
                                        &mut __iter1,
                                    ) {
                                        if i * j > 10 {
                                            break 'rows;
                                        }
                                        {
                                            let __item: (u64, u64) = (i, j);
                                            __state = __State::Yield0 {
                                                __iter1,
                                                i,
                                                __iter0,
                                                #[allow(clippy::used_underscore_binding)]
                                                _guard,
                                            };
                                            return ::core::option::Option::Some(__item);
                                        }
                                    }
                                }
                                log.push(format!("row {i}"));
                            }
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            match __resumed {
                __State::Yield0 { _guard, __iter0, i, __iter1 } => {
                    #[allow(clippy::no_effect_underscore_binding)]
                    let _guard = _guard;
                    {
                        #[allow(unused_mut)]
                        let mut __iter0 = __iter0;
                        '__break0: {
                            {
                                #[allow(unused_variables)]
                                let i = i;
                                {
                                    #[allow(unused_mut)]
                                    let mut __iter1 = __iter1;
                                    #[allow(unused, clippy::all)]
                                    while let ::core::option::Option::Some(j) = ::core::iter::Iterator::next(
                                        &mut __iter1,
                                    ) {
                                        if i * j > 10 {
                                            break '__break0;
                                        }
                                        {
                                            let __item: (u64, u64) = (i, j);
                                            __state = __State::Yield0 {
                                                __iter1,
                                                i,
                                                __iter0,
                                                #[allow(clippy::used_underscore_binding)]
                                                _guard,
                                            };
                                            return ::core::option::Option::Some(__item);
                                        }
                                    }
                                }
                                log.push(format!("row {i}"));
                            }
                            #[allow(unused, clippy::all)]
                            'rows: while let ::core::option::Option::Some(i) = ::core::iter::Iterator::next(
                                &mut __iter0,
                            ) {
                                {
                                    let mut __iter1 = ::core::iter::IntoIterator::into_iter(
                                        0..i,
                                    );
                                    #[allow(clippy::never_loop)]
                                    while let ::core::option::Option::Some(j) = ::core::iter::Iterator::next(
                                        &mut __iter1,
                                    ) {
                                        if i * j > 10 {
                                            break 'rows;
                                        }
                                        {
                                            let __item: (u64, u64) = (i, j);
                                            __state = __State::Yield0 {
                                                __iter1,
                                                i,
                                                __iter0,
                                                #[allow(clippy::used_underscore_binding)]
                                                _guard,
                                            };
                                            return ::core::option::Option::Some(__item);
                                        }
                                    }
                                }
                                log.push(format!("row {i}"));
                            }
                        }
                    }
                }
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
