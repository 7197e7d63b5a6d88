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
