fn events(messages: Receiver<String>, ticks: Interval) -> impl Stream<Item = Event> {
    yield_!(@ consumed);
    gen_core::yield_!(@ consumed);
    ::gen_core::__private::async_gen::<
        Event,
        _,
        _,
    >(move |mut __yielder| async move {
        let __yielder = &mut __yielder;
        let mut messages = messages;
        let mut ticks = ticks;
        loop {
            tokio::select! {
                Some(msg) = messages.recv() => match Event::Message(msg) { __item => {
                let __item : Event = __item; __yielder.yield_(__item). await } }, _ =
                ticks.tick() => match Event::Tick { __item => { let __item : Event =
                __item; __yielder.yield_(__item). await } },
            }
        }
    })
}
