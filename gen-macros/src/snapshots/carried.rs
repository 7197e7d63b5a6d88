#[allow(clippy::question_mark)]
fn lengths(words: Vec<String>, log: &Log) -> impl Iterator<Item = usize> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2, __T3, __T4, __T5> {
        /// Not started: holds the arguments.
        Start { words: __T0, log: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 {
            len: ::core::option::Option<__T5>,
            word: ::core::option::Option<__T4>,
            __iter0: __T3,
            total: __T2,
            log: __T1,
        },
        /// Passed through, not suspended: the code after it is written once (its closures have one type, and rustc infers its types after those of the code before it).
        Join0 { total: __T2 },
        /// Suspended at a `yield`; resumes right after it.
        Yield1 {},
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    impl<__T0, __T1, __T2, __T3, __T4, __T5> ::core::default::Default
    for __State<__T0, __T1, __T2, __T3, __T4, __T5> {
        fn default() -> Self {
            Self::Done
        }
    }
    let mut __state = __State::Start { words, log };
    ::gen_core::__private::gen_iter::<
        usize,
        _,
    >(
        #[inline(always)]
        move || {
            '__dispatch: loop {
                return {
                    if ::core::matches!(__state, __State::Start { .. }) {
                        match ::core::mem::replace(&mut __state, __State::Done) {
                            __State::Start { words: words, log: log } => {
                                #[allow(unused_mut)]
                                let mut total = 0;
                                {
                                    let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                        words,
                                    );
                                    #[allow(clippy::never_loop)]
                                    while let ::core::option::Option::Some(word) = ::core::iter::Iterator::next(
                                        &mut __iter0,
                                    ) {
                                        let len = word.len();
                                        {
                                            let __item: usize = len;
                                            __state = __State::Yield0 {
                                                len: ::core::option::Option::Some(len),
                                                word: ::core::option::Option::Some(word),
                                                __iter0,
                                                total,
                                                log,
                                            };
                                            return ::core::option::Option::Some(__item);
                                        }
                                    }
                                }
                                {
                                    __state = __State::Join0 { total };
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
                            __State::Yield0 {
                                len: __carried_len,
                                word: __carried_word,
                                __iter0,
                                total,
                                log,
                                ..
                            } => {
                                {
                                    #[allow(unused_variables)]
                                    let word = match __carried_word.take() {
                                        ::core::option::Option::Some(__value) => __value,
                                        ::core::option::Option::None => ::core::unreachable!(),
                                    };
                                    #[allow(unused_variables)]
                                    let len = match __carried_len.take() {
                                        ::core::option::Option::Some(__value) => __value,
                                        ::core::option::Option::None => ::core::unreachable!(),
                                    };
                                    (*total) += len;
                                    (*log).push(word);
                                }
                                #[allow(unused, clippy::all)]
                                while let ::core::option::Option::Some(word) = ::core::iter::Iterator::next(
                                    &mut (*__iter0),
                                ) {
                                    let len = word.len();
                                    {
                                        let __item: usize = len;
                                        *__carried_len = ::core::option::Option::Some(len);
                                        *__carried_word = ::core::option::Option::Some(word);
                                        __guard.finish();
                                        return ::core::option::Option::Some(__item);
                                    }
                                }
                            }
                            _ => {}
                        }
                        __guard.finish();
                        match ::core::mem::replace(&mut __state, __State::Done) {
                            __State::Yield0 { log, total, __iter0, word, len } => {
                                #[allow(unused_variables)]
                                let log = log;
                                {
                                    #[allow(unused_variables, unused_mut)]
                                    let mut total = total;
                                    {
                                        #[allow(unused_mut)]
                                        let mut __iter0 = __iter0;
                                    }
                                    {
                                        __state = __State::Join0 { total };
                                        continue '__dispatch;
                                    }
                                }
                            }
                            _ => {}
                        }
                        return ::core::option::Option::None;
                    }
                    match ::core::mem::replace(&mut __state, __State::Done) {
                        __State::Join0 { total } => {
                            #[allow(unused_variables, unused_mut)]
                            let mut total = total;
                            {
                                let __item: usize = total;
                                __state = __State::Yield1 {};
                                return ::core::option::Option::Some(__item);
                            }
                        }
                        __State::Yield1 {} => {}
                        _ => {}
                    }
                    ::core::option::Option::None
                };
            }
        },
    )
}
