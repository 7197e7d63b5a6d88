// The same stream as `async_not_send_across_await.rs`, lowered into a state machine (the
// default for a body that borrows none of its locals across suspension points): rustc's
// error names the type that is not `Send` and points at the user's code.
use gen_core::{Stream, generator, yield_};
use std::rc::Rc;

#[generator]
async fn counts() -> impl Stream<Item = u32> {
    let shared = Rc::new(1);
    tokio::task::yield_now().await;
    yield_!(*shared);
}

fn assert_send<T: Send>(_: T) {}

#[tokio::main]
async fn main() {
    assert_send(counts());
    tokio::spawn(async {
        let stream = std::pin::pin!(counts());
        let _ = futures::StreamExt::into_future(stream).await;
    });
}
