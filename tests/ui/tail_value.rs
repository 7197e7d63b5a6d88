use gen_core::{generator, yield_};

#[generator]
fn numbers(n: u32) -> impl Iterator<Item = u32> {
    yield_!(n);
    n + 1
}

fn main() {
    let _ = numbers(1);
}
