// A local moved before a yield and used after it: rustc reports the use, as for a native
// generator, not the yield (where the generator saves the local).
use gen_core::{generator, yield_};

#[generator]
fn moved(names: Vec<String>) -> impl Iterator<Item = usize> {
    let first = names;
    yield_!(first.len());
    yield_!(names.len());
}

#[generator]
fn moved_in_a_branch(c: bool) -> impl Iterator<Item = usize> {
    let v = vec![1, 2];
    if c {
        drop(v);
    }
    yield_!(1);
    let n = 2;
    yield_!(n + v.len());
}

// Moved in the previous iteration: the loop rustc names is the user's `for`.
#[generator]
fn moved_in_a_loop() -> impl Iterator<Item = usize> {
    let s = String::new();
    for i in 0..3 {
        let t = s;
        yield_!(i);
        drop(t);
    }
}

fn main() {}
