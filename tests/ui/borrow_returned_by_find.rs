use gen_core::{generator, yield_};

// `find` returns one of the items of `v.iter()`, a reference into `v`; a closure that
// only reads `limit` is not what holds the borrow.
#[generator]
fn first_above(limit: i64) -> impl Iterator<Item = i64> {
    let v = vec![1i64, 5, 7];
    let found = v.iter().find(|x| **x > limit);
    yield_!(0);
    yield_!(*found.unwrap_or(&0));
}

fn main() {
    let _ = first_above(2);
}
