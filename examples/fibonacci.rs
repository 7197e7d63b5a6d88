//! An "infinite" generator: the Fibonacci numbers, consumed lazily with iterator
//! adapters. It stops by itself at the first number that would overflow a `u128`.
//!
//! ```text
//! cargo run --example fibonacci
//! ```

use gen_core::{generator, yield_};

/// 0, 1, 1, 2, 3, 5, 8, ... up to the largest Fibonacci number that fits in a `u128`.
#[generator]
fn fibonacci() -> impl Iterator<Item = u128> {
    let (mut a, mut b) = (0u128, 1u128);
    loop {
        yield_!(a);
        let Some(next) = a.checked_add(b) else {
            // `b` still fits; the one after it does not.
            yield_!(b);
            return;
        };
        (a, b) = (b, next);
    }
}

fn main() {
    let first: Vec<_> = fibonacci().take(15).collect();
    println!("first 15:             {first:?}");

    let below_1000: Vec<_> = fibonacci().take_while(|&f| f < 1000).collect();
    println!("below 1000:           {below_1000:?}");

    // Project Euler #2: the sum of the even Fibonacci numbers below four million.
    let even_sum: u128 = fibonacci()
        .take_while(|&f| f < 4_000_000)
        .filter(|f| f % 2 == 0)
        .sum();
    println!("sum of even below 4e6: {even_sum}");

    let (n, f) = fibonacci()
        .enumerate()
        .find(|&(_, f)| f >= 10u128.pow(19))
        .expect("a u128 has room for 20 digits");
    println!("first with 20 digits: F({n}) = {f}");

    // Without a `take`, the generator runs until the arithmetic would overflow, then ends.
    let count = fibonacci().count();
    let last = fibonacci().last().expect("at least one number");
    println!(
        "fits in a u128:       F(0) to F({n}) = {last}",
        n = count - 1
    );
}
