use gen_core::{Stream, generator, yield_};
use std::pin::Pin;

#[generator]
async fn numbers(n: u32) -> impl Stream<Item = u32> + Unpin {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator]
async fn boxed(n: u32) -> Pin<Box<dyn Stream<Item = u32> + Unpin>> {
    for i in 0..n {
        yield_!(i);
    }
}

// A sync generator is `Unpin` when what it holds is.
#[generator]
fn sync_numbers(n: u32) -> impl Iterator<Item = u32> + Unpin {
    for i in 0..n {
        yield_!(i);
    }
}

fn main() {
    let _ = numbers(3);
    let _ = boxed(3);
    let _ = sync_numbers(3);
}
