use gen_core::{Stream, generator, yield_};

// The return type reaches the attribute as a `$ret:ty` fragment: the function that stands
// in for the generator after an error must still have a value of it, so that the only
// error is the one on the user's code.
macro_rules! generators {
    ($sync:ty, $stream:ty) => {
        #[generator]
        fn numbers(n: u32) -> $sync {
            yield_!(n);
            return n;
        }

        #[generator]
        async fn stream(n: u32) -> $stream {
            yield_!(n);
            return n;
        }
    };
}

generators!(impl Iterator<Item = u32>, impl Stream<Item = u32>);

fn main() {
    let _ = numbers(1);
    let _ = stream(1);
}
