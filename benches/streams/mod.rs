//! The async workloads, shared by the `stream` benchmark (timed, against peers) and the
//! `stream_instructions` benchmark (instructions counted by callgrind): their sizes, the
//! executors that drive them, their fixtures, and the hand-written, gen-core (as the macro
//! lowers it, and forced into the `async` lowering), async-stream and genawaiter (stack)
//! versions of each; with the `nightly` feature (on nightly), also the native `async gen`
//! block of each body (module `native`).
//!
//! The workloads, each `n` items `0..n`:
//! - ready: `core::future::ready(i).await`, then yield;
//! - pending: a future that is pending once ([`fixtures::PendingOnce`]), awaited, then
//!   yield;
//! - h2: the same behind an `async fn` that is not inlined ([`fixtures::pending_step`]);
//! - borrowed: `while let Some(x) = source.next_value().await { yield x }` over a local
//!   counter whose `next_value(&mut self)` future borrows it and is ready at once
//!   ([`fixtures::Source`]). A future that borrows a local of the body keeps the body out
//!   of the state machine: gen-core lowers it as an `async` block (checked by
//!   [`check_lowerings`]), so this workload measures that lowering where users get it.

use crate::common::Hide;
use futures::{Stream, StreamExt};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// Items per stream, per workload (so that each measurement takes tens of µs).
pub const READY_N: u64 = 100_000;
pub const PENDING_N: u64 = 20_000;
pub const H2_N: u64 = 5_000;
pub const BORROWED_N: u64 = 100_000;

/// The variants, in the order of the reports.
pub const HAND: &str = "hand-written";
pub const OURS: &str = "gen-core";
pub const OURS_ASYNC: &str = "gen-core (async lowering)";
#[cfg(feature = "nightly")]
pub const NATIVE: &str = "native async gen";
pub const ASYNC_STREAM: &str = "async-stream";
pub const GENAWAITER: &str = "genawaiter-stack";

// ---------------------------------------------------------------------------------------
// The executors.

/// Polls `stream` to its end with a no-op waker, summing the items, each hidden by `H`
/// (`black_box` in the timed benchmark). Returns the sum and how many times the stream
/// returned `Pending`.
#[inline(always)]
pub fn drain<H: Hide, S: Stream<Item = u64> + ?Sized>(mut stream: Pin<&mut S>) -> (u64, u64) {
    let mut cx = Context::from_waker(Waker::noop());
    let (mut sum, mut pending) = (0u64, 0u64);
    loop {
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(x)) => sum = sum.wrapping_add(H::hide(x)),
            Poll::Ready(None) => return (sum, pending),
            Poll::Pending => pending += 1,
        }
    }
}

/// Runs `task` to its end with a no-op waker, polling again at once after `Pending`.
/// Returns its output and how many times it returned `Pending`.
#[inline(never)]
pub fn run_task(mut task: Pin<Box<dyn Future<Output = u64>>>) -> (u64, u64) {
    let mut cx = Context::from_waker(Waker::noop());
    let mut pending = 0u64;
    loop {
        match task.as_mut().poll(&mut cx) {
            Poll::Ready(sum) => return (sum, pending),
            Poll::Pending => pending += 1,
        }
    }
}

/// The task of the `task_*` setting: sums the items of `stream`, which it owns, each
/// hidden by `H`.
pub async fn consume<H: Hide, S: Stream<Item = u64>>(stream: S) -> u64 {
    let mut stream = pin!(stream);
    let mut sum = 0u64;
    while let Some(x) = stream.next().await {
        sum = sum.wrapping_add(H::hide(x));
    }
    sum
}

/// Collects the items of `stream` (for the checks), with the count of `Pending`s.
#[allow(
    dead_code,
    reason = "`stream_instructions` checks the sums it measures instead"
)]
pub fn collect<S: Stream<Item = u64> + ?Sized>(mut stream: Pin<&mut S>) -> (Vec<u64>, u64) {
    let mut cx = Context::from_waker(Waker::noop());
    let (mut items, mut pending) = (Vec::new(), 0u64);
    loop {
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(x)) => items.push(x),
            Poll::Ready(None) => return (items, pending),
            Poll::Pending => pending += 1,
        }
    }
}

/// Checks that gen-core lowered each workload as the benchmarks say: into its state
/// machine by default wherever the body allows it (ready, pending, h2), into an `async`
/// block where it does not (borrowed), and into an `async` block where forced.
pub fn check_lowerings() {
    use gen_suite::support::lowering_of;
    const MACHINE: &str = "state machine";
    const ASYNC_BLOCK: &str = "async block";
    let lowerings = [
        ("ready", OURS, lowering_of(&ours::ready(0)), MACHINE),
        ("pending", OURS, lowering_of(&ours::pending(0)), MACHINE),
        ("h2", OURS, lowering_of(&ours::h2(0)), MACHINE),
        (
            "borrowed",
            OURS,
            lowering_of(&ours::borrowed(0)),
            ASYNC_BLOCK,
        ),
        (
            "ready",
            OURS_ASYNC,
            lowering_of(&ours_async::ready(0)),
            ASYNC_BLOCK,
        ),
        (
            "pending",
            OURS_ASYNC,
            lowering_of(&ours_async::pending(0)),
            ASYNC_BLOCK,
        ),
        (
            "h2",
            OURS_ASYNC,
            lowering_of(&ours_async::h2(0)),
            ASYNC_BLOCK,
        ),
    ];
    for (workload, variant, got, want) in lowerings {
        assert_eq!(
            got, want,
            "{workload}: {variant} lowered into the wrong form"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Driving the variants. A variant is named by the module of its streams: `hand`, `ours`,
// `ours_async`, `native` (with the `nightly` feature), `async_stream` (module `astream`)
// or `genawaiter` (module `ga`).

/// `name_of!(VARIANT)`: the variant's name in the reports.
macro_rules! name_of {
    (hand) => {
        $crate::streams::HAND
    };
    (ours) => {
        $crate::streams::OURS
    };
    (ours_async) => {
        $crate::streams::OURS_ASYNC
    };
    (native) => {
        $crate::streams::NATIVE
    };
    (async_stream) => {
        $crate::streams::ASYNC_STREAM
    };
    (genawaiter) => {
        $crate::streams::GENAWAITER
    };
}

/// `stream_of!(VARIANT, workload(n))`: the stream, unpinned (every variant but
/// genawaiter's, whose state lives on the caller's stack).
macro_rules! stream_of {
    (hand, $w:ident($n:expr)) => {
        $crate::streams::hand::$w($n)
    };
    (ours, $w:ident($n:expr)) => {
        $crate::streams::ours::$w($n)
    };
    (ours_async, $w:ident($n:expr)) => {
        $crate::streams::ours_async::$w($n)
    };
    (native, $w:ident($n:expr)) => {
        $crate::streams::native::$w($n)
    };
    (async_stream, $w:ident($n:expr)) => {
        $crate::streams::astream::$w($n)
    };
}

/// `with!(VARIANT, workload(n), |s| expr)`: builds the stream, pins it, binds the
/// `Pin<&mut _>` to `s` and evaluates `expr`.
macro_rules! with {
    (genawaiter, $w:ident($n:expr), |$s:ident| $e:expr) => {{
        genawaiter::stack::let_gen_using!(g, |co| $crate::streams::ga::$w(co, $n));
        let $s = std::pin::Pin::new(g);
        $e
    }};
    ($v:ident, $w:ident($n:expr), |$s:ident| $e:expr) => {{
        let $s = std::pin::pin!($crate::streams::stream_of!($v, $w($n)));
        $e
    }};
}

pub(crate) use {name_of, stream_of, with};

// ---------------------------------------------------------------------------------------
// Fixtures: a future that is pending once, the same behind an opaque call, and a source
// whose futures borrow it.

pub mod fixtures {
    use std::cell::Cell;
    use std::future::Future;
    use std::marker::PhantomPinned;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A `!Unpin` future that returns `Pending` once (waking itself first), then
    /// `Ready(value)`. It records where it was first polled and asserts, on the second
    /// poll and on drop, that it has not moved since.
    pub struct PendingOnce<T> {
        value: Cell<Option<T>>,
        polled_at: Cell<usize>,
        _pinned: PhantomPinned,
    }

    impl<T> PendingOnce<T> {
        pub fn new(value: T) -> Self {
            PendingOnce {
                value: Cell::new(Some(value)),
                polled_at: Cell::new(0),
                _pinned: PhantomPinned,
            }
        }
    }

    impl<T> Future for PendingOnce<T> {
        type Output = T;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
            let this: &Self = &self;
            let addr = this as *const Self as usize;
            if this.polled_at.get() == 0 {
                this.polled_at.set(addr);
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                assert_eq!(this.polled_at.get(), addr, "PendingOnce moved while pinned");
                Poll::Ready(this.value.take().expect("PendingOnce polled after Ready"))
            }
        }
    }

    impl<T> Drop for PendingOnce<T> {
        fn drop(&mut self) {
            let at = self.polled_at.get();
            if at != 0 {
                assert_eq!(
                    at, self as *const Self as usize,
                    "PendingOnce dropped elsewhere"
                );
            }
        }
    }

    /// Workload (h2): `PendingOnce::new(i).await` inside an `async fn` that the caller
    /// cannot see into, like an `async fn` of another crate (without LTO) or a large one.
    /// `#[inline(never)]` on an `async fn` only keeps the constructor out of line, so the
    /// future is wrapped in [`NoInline`], whose `poll` is never inlined.
    #[inline(never)]
    pub fn pending_step(i: u64) -> NoInline<impl Future<Output = u64>> {
        NoInline(pending_step_body(i))
    }

    async fn pending_step_body(i: u64) -> u64 {
        PendingOnce::new(i).await
    }

    /// A future whose `poll` is never inlined into the caller.
    pub struct NoInline<F>(F);

    impl<F: Future> Future for NoInline<F> {
        type Output = F::Output;
        #[inline(never)]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            // SAFETY: structural pin projection to the only field, which is never moved
            // out; `NoInline` has no `Drop` impl and is `Unpin` only if `F` is.
            unsafe { self.map_unchecked_mut(|s| &mut s.0) }.poll(cx)
        }
    }

    /// Workload (borrowed): a counter of `0..n` read through an `async fn` of
    /// `&mut self`, as a channel's `rx.recv().await` is: the future it returns borrows
    /// the source, which the body owns, and is ready at once.
    pub struct Source {
        next: u64,
        end: u64,
    }

    impl Source {
        pub fn new(n: u64) -> Self {
            Source { next: 0, end: n }
        }

        /// The next value, `None` after the last.
        pub async fn next_value(&mut self) -> Option<u64> {
            if self.next < self.end {
                self.next += 1;
                Some(self.next - 1)
            } else {
                None
            }
        }
    }
}

use fixtures::{PendingOnce, Source, pending_step};

// ---------------------------------------------------------------------------------------
// Hand-written streams: state machine structs, as one would write them without
// generators (the awaited future is kept in an `Option` field, pinned in place).

pub mod hand {
    use super::{PendingOnce, Source, pending_step};
    use futures::Stream;
    use std::future::Future;
    use std::pin::{Pin, pin};
    use std::task::{Context, Poll};

    /// (a) `core::future::ready(i).await`: the future is always ready, so the state
    /// machine does not need to keep it.
    pub struct Ready {
        i: u64,
        n: u64,
    }

    pub fn ready(n: u64) -> Ready {
        Ready { i: 0, n }
    }

    impl Stream for Ready {
        type Item = u64;
        #[inline]
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
            if self.i >= self.n {
                return Poll::Ready(None);
            }
            let i = self.i;
            self.i += 1;
            let mut fut = core::future::ready(i);
            // `Ready` is `Unpin`, and it is always ready.
            match Pin::new(&mut fut).poll(cx) {
                Poll::Ready(x) => Poll::Ready(Some(x)),
                Poll::Pending => unreachable!(),
            }
        }
    }

    /// (b), (h2): the future made by `make(i)` is awaited in place, then its output
    /// yielded.
    pub struct Awaiting<M, F> {
        make: M,
        fut: Option<F>,
        i: u64,
        n: u64,
    }

    pub fn pending(n: u64) -> impl Stream<Item = u64> {
        Awaiting {
            make: PendingOnce::new,
            fut: None,
            i: 0,
            n,
        }
    }

    pub fn h2(n: u64) -> impl Stream<Item = u64> {
        Awaiting {
            make: pending_step,
            fut: None,
            i: 0,
            n,
        }
    }

    impl<M: Fn(u64) -> F, F: Future<Output = u64>> Stream for Awaiting<M, F> {
        type Item = u64;
        #[inline]
        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
            // SAFETY: `fut` is structurally pinned: it is never moved out of the struct,
            // only dropped in place (by assigning `None`); the other fields are not pinned
            // and `Awaiting` has no `Drop` impl.
            let this = unsafe { self.get_unchecked_mut() };
            if this.fut.is_none() {
                if this.i >= this.n {
                    return Poll::Ready(None);
                }
                this.fut = Some((this.make)(this.i));
                this.i += 1;
            }
            // SAFETY: as above, `fut` stays where it is until it is dropped in place.
            let fut = unsafe { Pin::new_unchecked(this.fut.as_mut().unwrap()) };
            match fut.poll(cx) {
                Poll::Ready(x) => {
                    this.fut = None;
                    Poll::Ready(Some(x))
                }
                Poll::Pending => Poll::Pending,
            }
        }
    }

    /// (borrowed): the source is a field, and each `poll_next` polls a fresh
    /// `next_value()` future pinned on its own stack. That relies on the future being
    /// ready at once: one that could be pending would have to be kept across polls next
    /// to the source it borrows, which a struct cannot hold (it would point into
    /// itself); that is the self-reference that the `async` lowering provides.
    pub struct Borrowed {
        source: Source,
    }

    pub fn borrowed(n: u64) -> Borrowed {
        Borrowed {
            source: Source::new(n),
        }
    }

    impl Stream for Borrowed {
        type Item = u64;
        #[inline]
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
            match pin!(self.source.next_value()).poll(cx) {
                Poll::Ready(x) => Poll::Ready(x),
                Poll::Pending => unreachable!("`next_value` is ready at once"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Ours, as the macro lowers each body: into a state machine where it can (ready, pending,
// h2), as an `async` block otherwise (borrowed).

pub mod ours {
    use super::{PendingOnce, Source, pending_step};
    use gen_core::{Stream, generator, yield_};

    #[generator]
    pub async fn ready(n: u64) -> impl Stream<Item = u64> {
        for i in 0..n {
            let x = core::future::ready(i).await;
            yield_!(x);
        }
    }

    #[generator]
    pub async fn pending(n: u64) -> impl Stream<Item = u64> {
        for i in 0..n {
            let x = PendingOnce::new(i).await;
            yield_!(x);
        }
    }

    #[generator]
    pub async fn h2(n: u64) -> impl Stream<Item = u64> {
        for i in 0..n {
            let x = pending_step(i).await;
            yield_!(x);
        }
    }

    #[generator]
    pub async fn borrowed(n: u64) -> impl Stream<Item = u64> {
        let mut source = Source::new(n);
        while let Some(x) = source.next_value().await {
            yield_!(x);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Ours, forced into the `async` lowering: the same bodies, to compare the two lowerings.
// (borrowed has no such variant: `ours` already lowers it so.)

pub mod ours_async {
    use super::{PendingOnce, pending_step};
    use gen_core::{Stream, generator, yield_};

    #[generator(lowering = async)]
    pub async fn ready(n: u64) -> impl Stream<Item = u64> {
        for i in 0..n {
            let x = core::future::ready(i).await;
            yield_!(x);
        }
    }

    #[generator(lowering = async)]
    pub async fn pending(n: u64) -> impl Stream<Item = u64> {
        for i in 0..n {
            let x = PendingOnce::new(i).await;
            yield_!(x);
        }
    }

    #[generator(lowering = async)]
    pub async fn h2(n: u64) -> impl Stream<Item = u64> {
        for i in 0..n {
            let x = pending_step(i).await;
            yield_!(x);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Native `async gen` blocks (nightly): the compiler's own lowering of the same bodies, all
// four (an `async gen` block is the `async` lowering, whatever its body).

// In a file of its own: `async gen` blocks do not parse on stable, even in a cfg'd-out
// module.
#[cfg(feature = "nightly")]
pub mod native;

// ---------------------------------------------------------------------------------------
// async-stream.

pub mod astream {
    use super::{PendingOnce, Source, pending_step};
    use futures::Stream;

    pub fn ready(n: u64) -> impl Stream<Item = u64> {
        async_stream::stream! {
            for i in 0..n {
                let x = core::future::ready(i).await;
                yield x;
            }
        }
    }

    pub fn pending(n: u64) -> impl Stream<Item = u64> {
        async_stream::stream! {
            for i in 0..n {
                let x = PendingOnce::new(i).await;
                yield x;
            }
        }
    }

    pub fn h2(n: u64) -> impl Stream<Item = u64> {
        async_stream::stream! {
            for i in 0..n {
                let x = pending_step(i).await;
                yield x;
            }
        }
    }

    pub fn borrowed(n: u64) -> impl Stream<Item = u64> {
        async_stream::stream! {
            let mut source = Source::new(n);
            while let Some(x) = source.next_value().await {
                yield x;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// genawaiter, stack flavour (the faster flavour in the sync benchmark), as a `Stream`
// through its `futures03` feature.

pub mod ga {
    use super::{PendingOnce, Source, pending_step};
    use genawaiter::stack::Co;

    pub async fn ready(co: Co<'_, u64>, n: u64) {
        for i in 0..n {
            let x = core::future::ready(i).await;
            co.yield_(x).await;
        }
    }

    pub async fn pending(co: Co<'_, u64>, n: u64) {
        for i in 0..n {
            let x = PendingOnce::new(i).await;
            co.yield_(x).await;
        }
    }

    pub async fn h2(co: Co<'_, u64>, n: u64) {
        for i in 0..n {
            let x = pending_step(i).await;
            co.yield_(x).await;
        }
    }

    pub async fn borrowed(co: Co<'_, u64>, n: u64) {
        let mut source = Source::new(n);
        while let Some(x) = source.next_value().await {
            co.yield_(x).await;
        }
    }
}
