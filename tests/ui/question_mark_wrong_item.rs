use gen_core::{generator, yield_};

#[generator]
fn parsed(lines: Vec<String>) -> impl Iterator<Item = u32> {
    for line in lines {
        let n: u32 = line.parse()?;
        yield_!(n);
    }
}

fn main() {
    let _ = parsed(vec![]);
}
