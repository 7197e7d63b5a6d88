use gen_core::{generator, yield_};

#[generator]
fn numbers() -> impl Iterator<Item = u32> {
    fn helper() {
        yield_!(1);
    }
    helper();
    yield_!(2);
}

fn main() {
    let _ = numbers();
}
