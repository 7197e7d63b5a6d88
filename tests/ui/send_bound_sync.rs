// A sync generator whose return type asks for `Send` but that keeps an `Rc` across a
// yield: the error points at the local (and at the parameter), not at the state type.
use gen_core::{generator, yield_};
use std::rc::Rc;

#[generator]
fn shared_counts(start: Rc<u32>, n: u32) -> impl Iterator<Item = u32> + Send {
    let shared = Rc::new(*start);
    for i in 0..n {
        yield_!(*shared + i);
    }
}

fn main() {
    let _ = shared_counts(Rc::new(1), 2);
}
