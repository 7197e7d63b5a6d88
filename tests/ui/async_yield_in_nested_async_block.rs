use gen_core::{Stream, generator, yield_};

#[generator]
async fn numbers() -> impl Stream<Item = u32> {
    let inner = async {
        yield_!(1);
    };
    inner.await;
}

fn main() {
    let _ = numbers();
}
