//! On nightly, with the `yield` syntax enabled, bare `yield value` works in
//! `#[generator]` functions exactly like `yield_!(value)`, sync and async; and the
//! generators match native `gen` blocks with the same bodies.
//!
//! Run with `cargo +nightly test --features nightly --test nightly`.
#![feature(yield_expr, gen_blocks, async_iterator)]

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

/// Yields in the arms of `tokio::select!`, against the native `async gen` block of the
/// same body: the same items and drops, also when the consumer stops early.
mod yields_in_macros {
    use futures::StreamExt;
    use gen_core::{Stream, generator, yield_};
    use gen_suite::support::{Log, Noisy};
    use std::async_iter::AsyncIterator;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

    fn filled(n: u32) -> UnboundedReceiver<u32> {
        let (sender, receiver) = unbounded_channel();
        for i in 0..n {
            sender.send(i).expect("the receiver is alive");
        }
        receiver
    }

    // The same body twice: bare `yield` in a macro's arguments is not for the attribute,
    // which rewrites `yield_!` there.
    #[generator]
    async fn ours(log: Log, mut numbers: UnboundedReceiver<u32>) -> impl Stream<Item = u32> {
        let _guard = Noisy::new("guard", &log);
        let mut ticks = 0;
        loop {
            tokio::select! {
                biased;
                Some(i) = numbers.recv() => {
                    let item = Noisy::new(format!("item{i}"), &log);
                    yield_!(i * 10 + item.name().len() as u32);
                    log.push(format!("after {i}"));
                }
                _ = tokio::task::yield_now(), if ticks < 2 => {
                    ticks += 1;
                    yield_!(100 + ticks)
                }
                else => break,
            }
        }
    }

    /// A native `async gen` block as a `Stream`.
    struct Native<'a>(Pin<Box<dyn AsyncIterator<Item = u32> + 'a>>);

    impl Stream for Native<'_> {
        type Item = u32;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
            self.0.as_mut().poll_next(cx)
        }
    }

    fn native(log: Log, mut numbers: UnboundedReceiver<u32>) -> Native<'static> {
        Native(Box::pin(async gen move {
            let _guard = Noisy::new("guard", &log);
            let mut ticks = 0;
            loop {
                tokio::select! {
                    biased;
                    Some(i) = numbers.recv() => {
                        let item = Noisy::new(format!("item{i}"), &log);
                        yield i * 10 + item.name().len() as u32;
                        log.push(format!("after {i}"));
                    }
                    _ = tokio::task::yield_now(), if ticks < 2 => {
                        ticks += 1;
                        yield 100 + ticks
                    }
                    else => break,
                }
            }
        }))
    }

    #[tokio::test]
    async fn yields_in_select_arms_match_native_async_gen() {
        for n in [0, 3] {
            let log = Log::new();
            let want = native(log.clone(), filled(n)).collect::<Vec<_>>().await;
            let want_log = log.take();
            assert_eq!(want.len(), n as usize + 2);
            let got = ours(log.clone(), filled(n)).collect::<Vec<_>>().await;
            assert_eq!((got, log.take()), (want, want_log));
            for k in 0..=n as usize + 2 {
                let want = native(log.clone(), filled(n))
                    .take(k)
                    .collect::<Vec<_>>()
                    .await;
                let want_log = log.take();
                let got = ours(log.clone(), filled(n))
                    .take(k)
                    .collect::<Vec<_>>()
                    .await;
                assert_eq!((got, log.take()), (want, want_log), "k = {k}");
            }
        }
    }
}
