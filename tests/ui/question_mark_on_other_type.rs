use gen_core::{generator, yield_};

#[generator]
fn parsed(lines: Vec<String>) -> impl Iterator<Item = Result<u32, std::num::ParseIntError>> {
    for line in lines {
        let n = line.len()?;
        yield_!(Ok(n as u32));
    }
}

fn main() {
    let _ = parsed(vec![]);
}
