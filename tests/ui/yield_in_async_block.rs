use gen_core::{generator, yield_};

#[generator]
fn numbers() -> impl Iterator<Item = u32> {
    let _future = async {
        yield_!(1);
    };
}

fn main() {
    let _ = numbers();
}
