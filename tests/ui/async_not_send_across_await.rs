use gen_core::{Stream, generator, yield_};
use std::rc::Rc;

#[generator(lowering = async)]
async fn counts() -> impl Stream<Item = u32> {
    let shared = Rc::new(1);
    tokio::task::yield_now().await;
    yield_!(*shared);
}

#[tokio::main]
async fn main() {
    tokio::spawn(async {
        let stream = std::pin::pin!(counts());
        let _ = futures::StreamExt::into_future(stream).await;
    });
}
