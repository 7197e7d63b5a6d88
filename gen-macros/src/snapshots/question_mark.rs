#[allow(clippy::question_mark)]
fn parse<'a>(
    lines: &'a [&'a str],
) -> impl Iterator<Item = Result<u32, ParseIntError>> + 'a {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2> {
        /// Not started: holds the arguments.
        Start { lines: __T0 },
        /// A `?` failed: its residual was yielded, and the generator ends when resumed.
        Residual0 { __iter0: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { n: __T2, __iter0: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield1 { __iter0: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    let mut __state = __State::Start { lines };
    ::gen_core::__private::gen_iter::<
        Result<u32, ParseIntError>,
        _,
    >(
        #[inline(always)]
        move || {
            let __resumed = ::core::mem::replace(&mut __state, __State::Done);
            if !::core::matches!(
                __resumed, __State::Yield0 { .. } | __State::Yield1 { .. }
            ) {
                match __resumed {
                    __State::Start { lines: lines } => {
                        let mut __iter0 = ::core::iter::IntoIterator::into_iter(lines);
                        #[allow(clippy::never_loop)]
                        while let ::core::option::Option::Some(line) = ::core::iter::Iterator::next(
                            &mut __iter0,
                        ) {
                            let n: u32 = match ::gen_core::__private::branch(
                                line.parse(),
                            ) {
                                ::core::ops::ControlFlow::Continue(__output) => __output,
                                ::core::ops::ControlFlow::Break(__residual) => {
                                    let __item: Result<u32, ParseIntError> = ::gen_core::__private::FromResidual::from_residual(
                                        __residual,
                                    );
                                    __state = __State::Residual0 { __iter0 };
                                    return ::core::option::Option::Some(__item);
                                }
                            };
                            {
                                {
                                    let __item: Result<u32, ParseIntError> = Ok(n);
                                    __state = __State::Yield0 { n, __iter0 };
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
                __State::Yield0 { __iter0, n } => {
                    #[allow(unused_mut)]
                    let mut __iter0 = __iter0;
                    {
                        #[allow(unused_variables)]
                        let n = n;
                        #[allow(unused_mut)]
                        let mut __tmp0;
                        {
                            __tmp0 = n * 2;
                        }
                        let doubled = __tmp0;
                        {
                            let __item: Result<u32, ParseIntError> = Ok(doubled);
                            __state = __State::Yield1 { __iter0 };
                            return ::core::option::Option::Some(__item);
                        }
                    }
                }
                __State::Yield1 { __iter0 } => {
                    #[allow(unused_mut)]
                    let mut __iter0 = __iter0;
                    #[allow(unused, clippy::all)]
                    while let ::core::option::Option::Some(line) = ::core::iter::Iterator::next(
                        &mut __iter0,
                    ) {
                        let n: u32 = match ::gen_core::__private::branch(line.parse()) {
                            ::core::ops::ControlFlow::Continue(__output) => __output,
                            ::core::ops::ControlFlow::Break(__residual) => {
                                let __item: Result<u32, ParseIntError> = ::gen_core::__private::FromResidual::from_residual(
                                    __residual,
                                );
                                __state = __State::Residual0 { __iter0 };
                                return ::core::option::Option::Some(__item);
                            }
                        };
                        {
                            {
                                let __item: Result<u32, ParseIntError> = Ok(n);
                                __state = __State::Yield0 { n, __iter0 };
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
}
