#[allow(clippy::question_mark)]
fn mixed(n: u64) -> impl Iterator<Item = u64> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2> {
        /// Not started: holds the arguments.
        Start { n: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { i: ::core::option::Option<__T2>, buf: __T1, n: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield1 { i: __T2, buf: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    impl<__T0, __T1, __T2> ::core::default::Default for __State<__T0, __T1, __T2> {
        fn default() -> Self {
            Self::Done
        }
    }
    let mut __state = __State::Start { n };
    ::gen_core::__private::gen_iter::<
        u64,
        _,
    >(
        #[inline(always)]
        move || {
            if ::core::matches!(__state, __State::Start { .. }) {
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Start { n: n } => {
                        #[allow(unused_mut)]
                        let mut buf = [0u64; 32];
                        #[allow(unused_mut)]
                        let mut i = 0;
                        #[allow(clippy::never_loop)] while i < n {
                            buf[(i % 32) as usize] = buf[(i % 32) as usize]
                                .wrapping_add(i);
                            {
                                let __item: u64 = buf[(i * 7 % 32) as usize];
                                __state = __State::Yield0 {
                                    i: ::core::option::Option::Some(i),
                                    buf,
                                    n,
                                };
                                return ::core::option::Option::Some(__item);
                            }
                        }
                        {
                            let __item: u64 = buf[0];
                            __state = __State::Yield1 { i, buf };
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
                    __State::Yield0 { i: __carried_i, buf, n, .. } => {
                        #[allow(unused_variables, unused_mut)]
                        let mut i = match __carried_i.take() {
                            ::core::option::Option::Some(__value) => __value,
                            ::core::option::Option::None => ::core::unreachable!(),
                        };
                        {
                            i = i + 1;
                        }
                        #[allow(unused, clippy::all)] while i < (*n) {
                            (*buf)[(i % 32) as usize] = (*buf)[(i % 32) as usize]
                                .wrapping_add(i);
                            {
                                let __item: u64 = (*buf)[(i * 7 % 32) as usize];
                                *__carried_i = ::core::option::Option::Some(i);
                                __guard.finish();
                                return ::core::option::Option::Some(__item);
                            }
                        }
                        *__carried_i = ::core::option::Option::Some(i);
                    }
                    _ => {}
                }
                __guard.finish();
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Yield0 { n, buf, i } => {
                        #[allow(unused_variables)]
                        let n = n;
                        {
                            #[allow(unused_variables, unused_mut)]
                            let mut buf = buf;
                            #[allow(unused_variables, unused_mut)]
                            let mut i = match i {
                                ::core::option::Option::Some(__value) => __value,
                                ::core::option::Option::None => ::core::unreachable!(),
                            };
                            {
                                let __item: u64 = buf[0];
                                __state = __State::Yield1 { i, buf };
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            match ::core::mem::replace(&mut __state, __State::Done) {
                __State::Yield1 { buf, i } => {
                    #[allow(unused_variables, unused_mut)]
                    let mut buf = buf;
                    #[allow(unused_variables, unused_mut)]
                    let mut i = i;
                }
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
