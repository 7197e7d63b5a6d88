use gen_core::{generator, yield_};

#[generator]
fn numbers(v: Vec<u32>) -> impl Iterator<Item = u32> {
    #[for_await]
    for x in v {
        yield_!(x);
    }
}

fn main() {
    let _ = numbers(vec![]);
}
