use gen_core::{generator, yield_};

#[generator]
fn numbers(x: Option<u32>) -> impl Iterator<Item = u32> {
    match x {
        Some(n) if { yield_!(n); n > 1 } => yield_!(n),
        _ => {}
    }
}

fn main() {
    let _ = numbers(None);
}
