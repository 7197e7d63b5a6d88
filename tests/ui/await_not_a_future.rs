// `.await` on a value that `.await` does not accept, in bodies that get the state
// machine: one error each, at the `.await`, as with the `async` lowering.
use gen_core::{Stream, generator, yield_};
use std::future::Future;

fn count() -> u32 {
    3
}

async fn one() -> u32 {
    1
}

// A function that is not `async`.
#[generator]
async fn not_async(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        let x = count().await;
        yield_!(i + x);
    }
}

// A boxed future that is not `Unpin` (`Box::pin` makes one that `.await` accepts).
#[generator]
async fn boxed(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        let x = Box::new(one()).await;
        yield_!(i + x);
    }
}

// The same, as a trait object.
#[generator]
async fn boxed_dyn(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        let future: Box<dyn Future<Output = u32>> = Box::new(one());
        let x = future.await;
        yield_!(i + x);
    }
}

fn main() {
    let _ = (not_async(1), boxed(1), boxed_dyn(1));
}
