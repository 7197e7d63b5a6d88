use gen_core::{generator, yield_};

#[generator]
fn numbers() {
    yield_!(1);
}

fn main() {
    numbers();
}
