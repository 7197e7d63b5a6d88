//! Async generators: `#[generator] async fn` against a hand-written `Stream`,
//! `async_stream::stream!` and genawaiter's stack `Gen` used as a `Stream`, on three
//! workloads.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench stream -- --warm-up-time 1 --measurement-time 3
//! python3 benches/report.py /work/target-bench/criterion
//! ```
//!
//! Each workload is measured in two settings:
//! - `stream_*`: a minimal executor ([`drain`]) polls the stream, pinned on its own stack,
//!   with a no-op waker, and polls again at once after `Pending` (every future here wakes
//!   itself before returning `Pending`), so no runtime overhead is measured. Everything
//!   inlines into one loop: the best case for a stream whose state LLVM can keep in
//!   registers.
//! - `task_*`: the way a tokio user consumes a stream. An `async fn` owns the stream and
//!   loops `while let Some(x) = stream.next().await`; it runs as a boxed task, polled
//!   through `dyn Future` as a runtime's task harness does ([`run_task`]), so the stream
//!   lives in the task's memory. genawaiter's stack flavour cannot move into a task, so it
//!   is left out.
//!
//! Before measuring, every variant's items are checked against the hand-written stream's. The binary also prints
//! the `size_of` of each stream before its first poll and saves the figures for
//! `report.py`.

mod common;

use common::Sizes;
use criterion::Criterion;
use futures::{Stream, StreamExt};
use std::future::Future;
use std::hint::black_box;
use std::mem::size_of_val;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// Items per stream, per workload (so that each measurement takes tens of µs).
const READY_N: u64 = 100_000;
const PENDING_N: u64 = 20_000;
const H2_N: u64 = 5_000;

/// The variants, in the order of the report.
const HAND: &str = "hand-written";
const OURS: &str = "gen-core";
const ASYNC_STREAM: &str = "async-stream";
const GENAWAITER: &str = "genawaiter-stack";

// ---------------------------------------------------------------------------------------
// The executor.

/// Polls `stream` to its end with a no-op waker, summing the items through `black_box`.
/// Returns the sum and how many times the stream returned `Pending`.
#[inline(always)]
fn drain<S: Stream<Item = u64> + ?Sized>(mut stream: Pin<&mut S>) -> (u64, u64) {
    let mut cx = Context::from_waker(Waker::noop());
    let (mut sum, mut pending) = (0u64, 0u64);
    loop {
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(x)) => sum = sum.wrapping_add(black_box(x)),
            Poll::Ready(None) => return (sum, pending),
            Poll::Pending => pending += 1,
        }
    }
}

/// Runs `task` to its end with a no-op waker, polling again at once after `Pending`.
/// Returns its output and how many times it returned `Pending`.
#[inline(never)]
fn run_task(mut task: Pin<Box<dyn Future<Output = u64>>>) -> (u64, u64) {
    let mut cx = Context::from_waker(Waker::noop());
    let mut pending = 0u64;
    loop {
        match task.as_mut().poll(&mut cx) {
            Poll::Ready(sum) => return (sum, pending),
            Poll::Pending => pending += 1,
        }
    }
}

/// The task of the `task_*` setting: sums the items of `stream`, which it owns.
async fn consume<S: Stream<Item = u64>>(stream: S) -> u64 {
    let mut stream = pin!(stream);
    let mut sum = 0u64;
    while let Some(x) = stream.next().await {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

/// Collects the items of `stream` (for the checks), with the count of `Pending`s.
fn collect<S: Stream<Item = u64> + ?Sized>(mut stream: Pin<&mut S>) -> (Vec<u64>, u64) {
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

// ---------------------------------------------------------------------------------------
// Fixtures: a future that is pending once, and the same behind an opaque call.

mod fixtures {
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
}

use fixtures::{PendingOnce, pending_step};

// ---------------------------------------------------------------------------------------
// Hand-written streams: state machine structs, as one would write them without
// generators (the awaited future is kept in an `Option` field, pinned in place).

mod hand {
    use super::{PendingOnce, pending_step};
    use futures::Stream;
    use std::future::Future;
    use std::pin::Pin;
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
}

// ---------------------------------------------------------------------------------------
// Ours.

mod ours {
    use super::{PendingOnce, pending_step};
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
}

// ---------------------------------------------------------------------------------------
// async-stream.

mod astream {
    use super::{PendingOnce, pending_step};
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
}

// ---------------------------------------------------------------------------------------
// genawaiter, stack flavour (the faster flavour in the sync benchmark), as a `Stream`
// through its `futures03` feature.

mod ga {
    use super::{PendingOnce, pending_step};
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
}

// ---------------------------------------------------------------------------------------
// Driving the variants.

/// `with!(VARIANT, workload(n), |s| expr)`: builds the stream, pins it, binds the
/// `Pin<&mut _>` to `s` and evaluates `expr`.
macro_rules! with {
    (hand, $w:ident($n:expr), |$s:ident| $e:expr) => {{
        let $s = pin!(hand::$w($n));
        $e
    }};
    (ours, $w:ident($n:expr), |$s:ident| $e:expr) => {{
        let $s = pin!(ours::$w($n));
        $e
    }};
    (async_stream, $w:ident($n:expr), |$s:ident| $e:expr) => {{
        let $s = pin!(astream::$w($n));
        $e
    }};
    (genawaiter, $w:ident($n:expr), |$s:ident| $e:expr) => {{
        genawaiter::stack::let_gen_using!(g, |co| ga::$w(co, $n));
        let $s = Pin::new(g);
        $e
    }};
}

/// Checks every variant of `workload` against the hand-written one (the items and the
/// number of `Pending`s), then benchmarks them all in group `name`.
macro_rules! workload {
    ($c:expr, $name:literal, $w:ident($n:expr)) => {{
        let want = with!(hand, $w($n), |s| collect(s));
        assert_eq!(want.0.len() as u64, $n);
        assert_eq!(
            with!(ours, $w($n), |s| collect(s)),
            want,
            "{}: gen-core",
            $name
        );
        let got = with!(async_stream, $w($n), |s| collect(s));
        assert_eq!(got, want, "{}: async-stream", $name);
        let got = with!(genawaiter, $w($n), |s| collect(s));
        assert_eq!(got, want, "{}: genawaiter", $name);

        let mut group = $c.benchmark_group($name);
        group.bench_function(HAND, |b| {
            b.iter(|| with!(hand, $w(black_box($n)), |s| drain(s)))
        });
        group.bench_function(OURS, |b| {
            b.iter(|| with!(ours, $w(black_box($n)), |s| drain(s)))
        });
        group.bench_function(ASYNC_STREAM, |b| {
            b.iter(|| with!(async_stream, $w(black_box($n)), |s| drain(s)))
        });
        group.bench_function(GENAWAITER, |b| {
            b.iter(|| with!(genawaiter, $w(black_box($n)), |s| drain(s)))
        });
        group.finish();
    }};
}

/// Benchmarks the variants of `workload` in group `name`, each stream consumed by a
/// [`consume`] task. Checks first that every variant's sum and count of `Pending`s are
/// the hand-written stream's.
macro_rules! in_task {
    ($c:expr, $name:literal, $w:ident($n:expr)) => {{
        let want = run_task(Box::pin(consume(hand::$w($n))));
        assert_eq!(
            run_task(Box::pin(consume(ours::$w($n)))),
            want,
            "{}: gen-core",
            $name
        );
        let got = run_task(Box::pin(consume(astream::$w($n))));
        assert_eq!(got, want, "{}: async-stream", $name);

        let mut group = $c.benchmark_group($name);
        group.bench_function(HAND, |b| {
            b.iter(|| run_task(Box::pin(consume(hand::$w(black_box($n))))))
        });
        group.bench_function(OURS, |b| {
            b.iter(|| run_task(Box::pin(consume(ours::$w(black_box($n))))))
        });
        group.bench_function(ASYNC_STREAM, |b| {
            b.iter(|| run_task(Box::pin(consume(astream::$w(black_box($n))))))
        });
        group.finish();
    }};
}

fn benches(c: &mut Criterion) {
    workload!(c, "stream_ready", ready(READY_N));
    workload!(c, "stream_pending", pending(PENDING_N));
    workload!(c, "stream_h2", h2(H2_N));
    in_task!(c, "task_ready", ready(READY_N));
    in_task!(c, "task_pending", pending(PENDING_N));
    in_task!(c, "task_h2", h2(H2_N));
}

/// `size_of` of each stream before its first poll (for genawaiter-stack: of the `Shelf`
/// that holds its state; the `Gen` handle itself is one more pointer).
fn sizes() -> Sizes {
    /// The size of a genawaiter `Shelf`, read before `Gen::new` borrows it.
    fn shelf_size<T>(shelf: &T) -> usize {
        size_of_val(shelf)
    }

    macro_rules! add_sizes {
        ($sizes:ident, $name:literal, $w:ident($n:expr)) => {{
            $sizes.add($name, HAND, size_of_val(&hand::$w($n)));
            $sizes.add($name, OURS, size_of_val(&ours::$w($n)));
            $sizes.add($name, ASYNC_STREAM, size_of_val(&astream::$w($n)));
            let mut shelf = genawaiter::stack::Shelf::new();
            let bytes = shelf_size(&shelf);
            // SAFETY: the `Co` handed to the producer is only used inside the producer's
            // future, which is dropped with `g` (as `let_gen_using!` does).
            let g = unsafe { genawaiter::stack::Gen::new(&mut shelf, |co| ga::$w(co, $n)) };
            drop(g);
            $sizes.add($name, GENAWAITER, bytes);
        }};
    }

    let mut sizes = Sizes::default();
    add_sizes!(sizes, "stream_ready", ready(READY_N));
    add_sizes!(sizes, "stream_pending", pending(PENDING_N));
    add_sizes!(sizes, "stream_h2", h2(H2_N));
    sizes
}

fn main() {
    sizes().save("stream");

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
