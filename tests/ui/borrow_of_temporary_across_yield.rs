use gen_core::{generator, yield_};

#[generator]
fn from_a_loop() -> impl Iterator<Item = u32> {
    for x in vec![1, 2, 3].iter() {
        yield_!(*x);
    }
}

#[generator]
fn from_a_let() -> impl Iterator<Item = usize> {
    let name = &String::from("gen");
    yield_!(0);
    yield_!(name.len());
}

fn main() {
    let _ = from_a_loop();
    let _ = from_a_let();
}
