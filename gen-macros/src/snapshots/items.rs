#[allow(clippy::question_mark)]
fn labels(words: Vec<String>) -> impl Iterator<Item = String> {
    yield_!(@ consumed);
    use std::fmt::Write;
    struct Label(String);
    impl Label {
        fn new(word: &str) -> Self {
            Label(word.to_uppercase())
        }
    }
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2, __T3> {
        /// Not started: holds the arguments.
        Start { words: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { label: __T3, word: __T2, __iter0: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield1 { word: __T2, __iter0: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    let mut __state = __State::Start { words };
    ::gen_core::__private::gen_iter::<
        String,
        _,
    >(
        #[inline(always)]
        move || {
            let __resumed = ::core::mem::replace(&mut __state, __State::Done);
            if !::core::matches!(
                __resumed, __State::Yield0 { .. } | __State::Yield1 { .. }
            ) {
                match __resumed {
                    __State::Start { words: words } => {
                        let mut __iter0 = ::core::iter::IntoIterator::into_iter(words);
                        #[allow(clippy::never_loop)]
                        while let ::core::option::Option::Some(word) = ::core::iter::Iterator::next(
                            &mut __iter0,
                        ) {
                            #[allow(unused_mut)]
                            let mut label = Label::new(&word);
                            {
                                let __item: String = label.0.clone();
                                __state = __State::Yield0 {
                                    label,
                                    word,
                                    __iter0,
                                };
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            match __resumed {
                __State::Yield0 { __iter0, word, label } => {
                    #[allow(unused_mut)]
                    let mut __iter0 = __iter0;
                    {
                        #[allow(unused_variables)]
                        let word = word;
                        #[allow(unused_variables, unused_mut)]
                        let mut label = label;
                        write!(label.0, "!").unwrap();
                        {
                            let __item: String = label.0;
                            __state = __State::Yield1 { word, __iter0 };
                            return ::core::option::Option::Some(__item);
                        }
                    }
                }
                __State::Yield1 { __iter0, word } => {
                    #[allow(unused_mut)]
                    let mut __iter0 = __iter0;
                    {
                        #[allow(unused_variables)]
                        let word = word;
                    }
                    #[allow(unused, clippy::all)]
                    while let ::core::option::Option::Some(word) = ::core::iter::Iterator::next(
                        &mut __iter0,
                    ) {
                        #[allow(unused_mut)]
                        let mut label = Label::new(&word);
                        {
                            let __item: String = label.0.clone();
                            __state = __State::Yield0 {
                                label,
                                word,
                                __iter0,
                            };
                            return ::core::option::Option::Some(__item);
                        }
                    }
                }
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
