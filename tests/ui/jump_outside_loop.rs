use gen_core::{generator, yield_};

#[generator]
fn numbers(n: u32) -> impl Iterator<Item = u32> {
    for i in 0..n {
        if i == 2 {
            break;
        }
        yield_!(i);
    }
    if n > 3 {
        continue;
    }
    break { yield_!(n); 1 };
}

fn main() {
    let _ = numbers(1);
}
