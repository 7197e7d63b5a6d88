use gen_core::{Stream, generator, yield_};

#[generator]
async fn numbers(v: Vec<u32>) -> impl Stream<Item = u32> {
    v.into_iter().for_each(|x| yield_!(x));
}

fn main() {
    let _ = numbers(vec![]);
}
