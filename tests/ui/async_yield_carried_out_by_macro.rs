use gen_core::{Stream, generator, yield_};
use std::future::Future;

/// Runs a future on its own, after the stream may be gone.
fn detach(_: impl Future + 'static) {}

macro_rules! detached {
    ($e:expr) => {
        detach(async move {
            $e;
        })
    };
}

// The yields of an async generator go through a borrow of the body's own handle on its
// stream, so a macro cannot carry one out of the body: rustc's borrow error, since only it
// sees what the macro expands to.
#[generator]
async fn numbers() -> impl Stream<Item = u32> {
    detached!(yield_!(1));
}

fn main() {
    let _ = numbers();
}
