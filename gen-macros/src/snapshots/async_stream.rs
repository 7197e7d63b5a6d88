fn pages(client: &Client, first: u32) -> impl Stream<Item = Result<Item, Error>> + '_ {
    yield_!(@ consumed);
    ::gen_core::__private::async_gen::<
        Result<Item, Error>,
        _,
        _,
    >(move |mut __yielder| async move {
        let client = client;
        let first = first;
        let mut page = first;
        loop {
            let response = match ::gen_core::__private::branch(
                client.fetch(page).await,
            ) {
                ::core::ops::ControlFlow::Continue(__output) => __output,
                ::core::ops::ControlFlow::Break(__residual) => {
                    __yielder
                        .yield_(
                            ::gen_core::__private::FromResidual::from_residual(
                                __residual,
                            ),
                        )
                        .await;
                    return;
                }
            };
            for item in response.items {
                match Ok(item) {
                    __item => {
                        let __item: Result<Item, Error> = __item;
                        __yielder.yield_(__item).await
                    }
                };
            }
            {
                let mut __stream0 = ::core::pin::pin!(client.notes(page));
                while let ::core::option::Option::Some(note) = ::gen_core::__private::next(
                        ::core::pin::Pin::as_mut(&mut __stream0),
                    )
                    .await
                {
                    match Ok(note.into()) {
                        __item => {
                            let __item: Result<Item, Error> = __item;
                            __yielder.yield_(__item).await
                        }
                    };
                }
            }
            match response.next {
                Some(next) => page = next,
                None => return,
            }
        }
    })
}
