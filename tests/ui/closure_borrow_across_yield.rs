use gen_core::{generator, yield_};

#[generator]
fn shifted() -> impl Iterator<Item = u32> {
    let base = 10u32;
    let shift = |x: u32| x + base;
    yield_!(shift(1));
    yield_!(shift(2));
}

#[generator]
fn scaled(values: Vec<u32>) -> impl Iterator<Item = u32> {
    let factor = 3;
    for v in values.into_iter().map(|v| v * factor) {
        yield_!(v);
    }
}

fn main() {
    let _ = shifted();
    let _ = scaled(vec![]);
}
