#![deny(unused_variables, unused_mut)]

use gen_core::{generator, yield_};

#[generator]
fn numbers(n: u32, label: &str) -> impl Iterator<Item = u32> {
    let unused = n * 2;
    let mut never_mutated = n;
    yield_!(never_mutated);
    let after_yield = 3;
    // Computed in a block of its own, so that the block's value drops at the end
    // of the statement: still the user's unused variable, and unneeded `mut`.
    let block_value = { yield_!(1); n.to_string() }.len();
    let mut block_mut = { yield_!(2); n.to_string() }.len();
    yield_!(block_mut as u32);
}

fn main() {
    let _ = numbers(1, "");
}
