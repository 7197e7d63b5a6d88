use gen_core::{generator, yield_};

#[generator]
fn numbers() -> Vec<u32> {
    yield_!(1);
}

// A generator cannot know its length: the only error is this one (the function that
// stands in for it, for the rest of the crate, is an empty iterator of that type).
#[generator]
fn exact() -> impl ExactSizeIterator<Item = u32> {
    yield_!(1);
}

fn main() {
    let _ = numbers();
    let _ = exact().len();
}
