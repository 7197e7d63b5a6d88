use gen_core::{generator, yield_};

#[generator]
fn numbers(v: Vec<u32>) -> impl Iterator<Item = u32> {
    v.iter().for_each(|x| yield_!(*x));
}

fn main() {
    let _ = numbers(vec![1]);
}
