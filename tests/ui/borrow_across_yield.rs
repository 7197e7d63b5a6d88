use gen_core::{generator, yield_};

#[generator]
fn letters(words: Vec<String>) -> impl Iterator<Item = char> {
    let text = words.join(" ");
    for c in text.chars() {
        yield_!(c);
    }
}

fn main() {
    let _ = letters(vec![]);
}
