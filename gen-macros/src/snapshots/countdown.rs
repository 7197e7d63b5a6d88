#[allow(clippy::question_mark)]
fn countdown(from: u32) -> impl Iterator<Item = u32> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1> {
        /// Not started: holds the arguments.
        Start { from: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { n: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    impl<__T0, __T1> ::core::default::Default for __State<__T0, __T1> {
        fn default() -> Self {
            Self::Done
        }
    }
    let mut __state = __State::Start { from };
    ::gen_core::__private::gen_iter::<
        u32,
        _,
    >(
        #[inline(always)]
        move || {
            if ::core::matches!(__state, __State::Start { .. }) {
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Start { from: from } => {
                        #[allow(unused_mut)]
                        let mut n = from;
                        #[allow(clippy::never_loop)] while n > 0 {
                            {
                                let __item: u32 = n;
                                __state = __State::Yield0 { n };
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
                __State::Yield0 { n, .. } => {
                    {
                        (*n) -= 1;
                    }
                    #[allow(unused, clippy::all)] while (*n) > 0 {
                        {
                            let __item: u32 = (*n);
                            __guard.finish();
                            return ::core::option::Option::Some(__item);
                        }
                    }
                }
                _ => {}
            }
            __guard.finish();
            match ::core::mem::replace(&mut __state, __State::Done) {
                __State::Yield0 { n } => {
                    #[allow(unused_variables, unused_mut)]
                    let mut n = n;
                }
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
