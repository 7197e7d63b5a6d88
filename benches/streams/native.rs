//! Native `async gen` blocks (nightly): the compiler's own lowering of the bodies of
//! `benches/streams`. A file of its own, because `async gen` blocks do not even parse on
//! stable (the module is only loaded with the `nightly` feature, whose crate enables
//! `gen_blocks` for the syntax and `async_iterator` for the trait they implement).

use super::{PendingOnce, Source, pending_step};
use futures::Stream;
use std::async_iter::AsyncIterator;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An `async gen` block, which implements `AsyncIterator`, as a `Stream`.
struct Native<A>(A);

impl<A: AsyncIterator> Stream for Native<A> {
    type Item = A::Item;
    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A::Item>> {
        // SAFETY: structural pin projection to the only field, which is never moved
        // out; `Native` has no `Drop` impl and is `Unpin` only if `A` is.
        unsafe { self.map_unchecked_mut(|s| &mut s.0) }.poll_next(cx)
    }
}

pub fn ready(n: u64) -> impl Stream<Item = u64> {
    Native(async gen move {
        for i in 0..n {
            let x = core::future::ready(i).await;
            yield x;
        }
    })
}

pub fn pending(n: u64) -> impl Stream<Item = u64> {
    Native(async gen move {
        for i in 0..n {
            let x = PendingOnce::new(i).await;
            yield x;
        }
    })
}

pub fn h2(n: u64) -> impl Stream<Item = u64> {
    Native(async gen move {
        for i in 0..n {
            let x = pending_step(i).await;
            yield x;
        }
    })
}

pub fn borrowed(n: u64) -> impl Stream<Item = u64> {
    Native(async gen move {
        let mut source = Source::new(n);
        while let Some(x) = source.next_value().await {
            yield x;
        }
    })
}
