use gen_core::{generator, yield_};

#[generator]
fn platforms() -> impl Iterator<Item = &'static str> {
    #[cfg(unix)]
    yield_!("unix");
    #[cfg(windows)]
    yield_!("windows");
    #[cfg(not(miri))]
    yield_!("native");
    #[cfg(all(doc, not(unix)))]
    yield_!("documented");
}

fn main() {
    let _ = platforms();
}
