//! On nightly, with the `yield` syntax enabled, bare `yield value` works in
//! `#[generator]` functions exactly like `yield_!(value)`, sync and async; and the
//! generators match native `gen` blocks with the same bodies.
//!
//! Run with `cargo +nightly test --features nightly --test nightly`.
#![feature(yield_expr, gen_blocks)]

use futures::StreamExt;
use gen_core::{Stream, generator, yield_};

#[generator]
fn squares(n: u64) -> impl Iterator<Item = u64> {
    for i in 0..n {
        yield i * i;
    }
}

fn native_squares(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            yield i * i;
        }
    }
}

#[generator]
fn mixed(words: Vec<&'static str>) -> impl Iterator<Item = String> {
    for word in words {
        if word.is_empty() {
            yield_!(String::from("<empty>"));
            continue;
        }
        let upper = {
            yield word.to_lowercase();
            word.to_uppercase()
        };
        yield upper;
    }
}

#[test]
fn bare_yield_matches_native_gen_blocks() {
    for n in [0, 1, 5] {
        assert_eq!(
            squares(n).collect::<Vec<_>>(),
            native_squares(n).collect::<Vec<_>>()
        );
    }
    assert_eq!(
        mixed(vec!["Ab", ""]).collect::<Vec<_>>(),
        ["ab", "AB", "<empty>"]
    );
}

#[generator]
async fn ticks(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        tokio::task::yield_now().await;
        yield i;
    }
}

#[tokio::test]
async fn bare_yield_in_async_generators() {
    assert_eq!(ticks(3).collect::<Vec<_>>().await, [0, 1, 2]);
}

/// The same bodies as `generators_store_only_what_is_live` in `tests/sync.rs`, as ours and
/// as native blocks: ours is no larger.
mod sizes {
    use gen_core::{generator, yield_};
    use std::mem::size_of_val;

    #[generator]
    fn countdown(from: u32) -> impl Iterator<Item = u32> {
        let mut n = from;
        while n > 0 {
            yield_!(n);
            n -= 1;
        }
    }

    fn native_countdown(from: u32) -> impl Iterator<Item = u32> {
        gen move {
            let mut n = from;
            while n > 0 {
                yield n;
                n -= 1;
            }
        }
    }

    #[generator]
    fn filter_multiples(n: u64) -> impl Iterator<Item = u64> {
        for i in 0..n {
            if i % 3 == 0 {
                yield_!(i);
            }
        }
    }

    fn native_filter_multiples(n: u64) -> impl Iterator<Item = u64> {
        gen move {
            for i in 0..n {
                if i % 3 == 0 {
                    yield i;
                }
            }
        }
    }

    #[generator]
    fn triangle(n: u64) -> impl Iterator<Item = u64> {
        for i in 0..n {
            for j in 0..i {
                yield_!(i * j);
            }
        }
    }

    fn native_triangle(n: u64) -> impl Iterator<Item = u64> {
        gen move {
            for i in 0..n {
                for j in 0..i {
                    yield i * j;
                }
            }
        }
    }

    #[generator]
    fn big_state(n: u64) -> impl Iterator<Item = u64> {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            yield_!(buf[(i * 7 % 32) as usize]);
        }
    }

    fn native_big_state(n: u64) -> impl Iterator<Item = u64> {
        gen move {
            let mut buf = [0u64; 32];
            for i in 0..n {
                buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
                yield buf[(i * 7 % 32) as usize];
            }
        }
    }

    #[test]
    fn no_larger_than_native_gen_blocks() {
        let pairs = [
            (
                size_of_val(&countdown(3)),
                size_of_val(&native_countdown(3)),
            ),
            (
                size_of_val(&filter_multiples(3)),
                size_of_val(&native_filter_multiples(3)),
            ),
            (size_of_val(&triangle(3)), size_of_val(&native_triangle(3))),
            (
                size_of_val(&big_state(3)),
                size_of_val(&native_big_state(3)),
            ),
        ];
        println!("(ours, native) bytes: {pairs:?}");
        for (ours, native) in pairs {
            assert!(ours <= native, "(ours, native) bytes: {pairs:?}");
        }
        assert!(countdown(5).eq(native_countdown(5)));
        assert!(big_state(70).eq(native_big_state(70)));
    }
}
