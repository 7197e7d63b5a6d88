use gen_core::{Stream, generator, yield_};

// A yield in another macro's arguments is the body's own, but not one inside an `async`
// block there.
#[generator]
async fn numbers() -> impl Stream<Item = u32> {
    yield_!(1);
    tokio::join!(async move {
        yield_!(2);
    });
}

fn main() {
    let _ = numbers();
}
