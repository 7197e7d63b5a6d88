use gen_core::{Stream, generator, yield_};

#[generator]
async fn numbers() -> impl Stream<Item = u32> {
    yield_!(1);
    yield_!("two");
}

fn main() {
    let _ = numbers();
}
