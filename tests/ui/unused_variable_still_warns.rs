#![deny(unused_variables, unused_mut)]

use gen_core::{generator, yield_};

#[generator]
fn numbers(n: u32, label: &str) -> impl Iterator<Item = u32> {
    let unused = n * 2;
    let mut never_mutated = n;
    yield_!(never_mutated);
    let after_yield = 3;
}

fn main() {
    let _ = numbers(1, "");
}
