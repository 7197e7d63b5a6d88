use gen_core::{generator, yield_};

#[generator]
fn numbers() -> impl Iterator<Item = u32> {
    let n = std::future::ready(1).await;
    yield_!(n);
}

fn main() {
    let _ = numbers();
}
