fn pages(client: &Client, first: u32) -> impl Stream<Item = Result<Item, Error>> + '_ {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2> {
        /// Not started: holds the arguments.
        Start { first: __T0 },
        /// Awaiting the future in the slot; resumes with its output.
        Await0 {},
        /// A `?` failed: its residual was yielded, and the generator ends when resumed.
        Residual0 {},
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { __iter0: __T2, next: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    let mut __state = __State::Start { first };
    ::gen_core::__private::machine_stream::<
        Result<Item, Error>,
        ::gen_core::__private::AwaitSlot<_>,
        _,
    >(
        ::core::default::Default::default(),
        #[inline(always)]
        move |mut __slot, __cx| {
            '__dispatch: loop {
                return {
                    let __resumed = ::core::mem::replace(&mut __state, __State::Done);
                    if !::core::matches!(
                        __resumed, __State::Await0 { .. } | __State::Yield0 { .. }
                    ) {
                        match __resumed {
                            __State::Start { first: first } => {
                                #[allow(unused_mut)]
                                let mut page = first;
                                #[allow(clippy::never_loop)]
                                loop {
                                    {
                                        __slot
                                            .as_mut()
                                            .start(
                                                match client.fetch(page) {
                                                    __awaitee => {
                                                        use ::gen_core::__private::{Awaited as _, IntoFuture as _};
                                                        (
                                                            ::gen_core::__private::type_of(&__awaitee),
                                                            __awaitee.into_future(),
                                                        )
                                                            .awaited()
                                                    }
                                                },
                                            );
                                        __state = __State::Await0 {};
                                        continue '__dispatch;
                                    }
                                }
                            }
                            _ => {}
                        }
                        return ::core::task::Poll::Ready(::core::option::Option::None);
                    }
                    match __resumed {
                        __State::Await0 {} => {
                            let __awaited = match __slot.as_mut().poll_here(__cx) {
                                ::core::task::Poll::Ready(__awaited) => __awaited,
                                ::core::task::Poll::Pending => {
                                    __state = __State::Await0 {};
                                    return ::core::task::Poll::Pending;
                                }
                            };
                            {
                                #[allow(unused_mut)]
                                let mut page;
                                {
                                    #[allow(unused_mut)]
                                    let mut __tmp0;
                                    __tmp0 = __awaited;
                                    let Response { items, next } = match ::gen_core::__private::branch(
                                        __tmp0,
                                    ) {
                                        ::core::ops::ControlFlow::Continue(__output) => __output,
                                        ::core::ops::ControlFlow::Break(__residual) => {
                                            let __item: Result<Item, Error> = ::gen_core::__private::FromResidual::from_residual(
                                                __residual,
                                            );
                                            __state = __State::Residual0 {};
                                            return ::core::task::Poll::Ready(
                                                ::core::option::Option::Some(__item),
                                            );
                                        }
                                    };
                                    {
                                        let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                            items,
                                        );
                                        #[allow(clippy::never_loop)]
                                        while let ::core::option::Option::Some(item) = ::core::iter::Iterator::next(
                                            &mut __iter0,
                                        ) {
                                            {
                                                let __item: Result<Item, Error> = Ok(item);
                                                __state = __State::Yield0 { __iter0, next };
                                                return ::core::task::Poll::Ready(
                                                    ::core::option::Option::Some(__item),
                                                );
                                            }
                                        }
                                    }
                                    match next {
                                        Some(next) => page = next,
                                        None => {
                                            return ::core::task::Poll::Ready(
                                                ::core::option::Option::None,
                                            );
                                        }
                                    }
                                }
                                #[allow(unused, clippy::all)]
                                loop {
                                    {
                                        __slot
                                            .as_mut()
                                            .start(
                                                match client.fetch(page) {
                                                    __awaitee => {
                                                        use ::gen_core::__private::{Awaited as _, IntoFuture as _};
                                                        (
                                                            ::gen_core::__private::type_of(&__awaitee),
                                                            __awaitee.into_future(),
                                                        )
                                                            .awaited()
                                                    }
                                                },
                                            );
                                        __state = __State::Await0 {};
                                        continue '__dispatch;
                                    }
                                }
                            }
                        }
                        __State::Yield0 { next, __iter0 } => {
                            #[allow(unused_mut)]
                            let mut page;
                            {
                                #[allow(unused_variables)]
                                let next = next;
                                {
                                    #[allow(unused_mut)]
                                    let mut __iter0 = __iter0;
                                    #[allow(unused, clippy::all)]
                                    while let ::core::option::Option::Some(item) = ::core::iter::Iterator::next(
                                        &mut __iter0,
                                    ) {
                                        {
                                            let __item: Result<Item, Error> = Ok(item);
                                            __state = __State::Yield0 { __iter0, next };
                                            return ::core::task::Poll::Ready(
                                                ::core::option::Option::Some(__item),
                                            );
                                        }
                                    }
                                }
                                match next {
                                    Some(next) => page = next,
                                    None => {
                                        return ::core::task::Poll::Ready(
                                            ::core::option::Option::None,
                                        );
                                    }
                                }
                            }
                            #[allow(unused, clippy::all)]
                            loop {
                                {
                                    __slot
                                        .as_mut()
                                        .start(
                                            match client.fetch(page) {
                                                __awaitee => {
                                                    use ::gen_core::__private::{Awaited as _, IntoFuture as _};
                                                    (
                                                        ::gen_core::__private::type_of(&__awaitee),
                                                        __awaitee.into_future(),
                                                    )
                                                        .awaited()
                                                }
                                            },
                                        );
                                    __state = __State::Await0 {};
                                    continue '__dispatch;
                                }
                            }
                        }
                        _ => {}
                    }
                    ::core::task::Poll::Ready(::core::option::Option::None)
                };
            }
        },
    )
}
