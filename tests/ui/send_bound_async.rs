// Async generators lowered into a state machine, whose return type asks for `Send`: an
// `Rc` kept across an `.await`, and an awaited future that is not `Send`, each reported
// where the user wrote it.
use gen_core::{Stream, generator, yield_};
use std::rc::Rc;

#[generator]
async fn counts() -> impl Stream<Item = u32> + Send {
    let shared = Rc::new(1u32);
    tokio::task::yield_now().await;
    yield_!(*shared);
}

#[generator]
async fn awaits_a_local_future() -> impl Stream<Item = u32> + Send {
    let later = async {
        let inner = Rc::new(2u32);
        tokio::task::yield_now().await;
        *inner
    }
    .await;
    yield_!(later);
}

fn main() {
    let _ = counts();
    let _ = awaits_a_local_future();
}
