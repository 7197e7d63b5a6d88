use gen_core::{Stream, generator, yield_};

#[generator]
fn numbers() -> impl Stream<Item = u32> {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
