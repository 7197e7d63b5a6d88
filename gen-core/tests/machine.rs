//! The runtime of async generators lowered into a state machine (`machine_stream` and
//! `AwaitSlot`), exercised directly by hand-written machines shaped like the ones the
//! macro emits: a state enum moved out and back by the resume closure, the future being
//! awaited in the pinned slot that the stream owns, each await point reaching its slot
//! through calls of `here()` and `there()` (a chain for up to three points, then a
//! tree). Each machine documents the `async` body it stands for.
//!
//! CI runs these under Miri (`cargo +nightly miri test -p gen-core`, and with
//! `MIRIFLAGS=-Zmiri-tree-borrows`), which checks the `unsafe` of `machine.rs`: the pin
//! projections from the stream to its slot and from a slot to its future or nested slots,
//! and the future dropped in place when it ends, when the stream drops while it is
//! pending, and when its poll unwinds.
//!
//! The state enums follow one convention for drops: a variant declares the locals it
//! saves innermost first (the order in which they drop in place, as in a suspended `async`
//! body), and an arm binds them in the reverse order (bindings drop in reverse, so the
//! locals moved out of the state unwind in the same order).

use futures_core::{FusedStream, Stream};
use gen_core::__private::{AwaitSlot, machine_stream};
use std::cell::{Cell, RefCell};
use std::future::{Future, IntoFuture, ready};
use std::marker::{PhantomData, PhantomPinned};
use std::mem;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

// ---------------------------------------------------------------------------------------
// Helpers: a log, values and futures that log their drop, a minimal executor.

/// An ordered log of events.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }

    fn take(&self) -> Vec<String> {
        mem::take(&mut *self.0.borrow_mut())
    }
}

/// A local that logs its drop.
struct Noisy(&'static str, Log);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.1.push(format!("drop {}", self.0));
    }
}

/// A `!Unpin` future that is pending once (waking itself), then ready with its value, or
/// panics if it explodes. Once polled it must not move: it checks its address at its
/// second poll and at its drop. It logs its drop.
struct PendingOnce<T> {
    value: Cell<Option<T>>,
    name: &'static str,
    log: Log,
    explodes: bool,
    polled_at: Cell<Option<usize>>,
    _pinned: PhantomPinned,
}

fn pending_once<T>(value: T, name: &'static str, log: &Log) -> PendingOnce<T> {
    PendingOnce {
        value: Cell::new(Some(value)),
        name,
        log: log.clone(),
        explodes: false,
        polled_at: Cell::new(None),
        _pinned: PhantomPinned,
    }
}

/// Like [`pending_once`], but its second poll panics (with the message `"{name} explodes"`).
fn exploding<T>(value: T, name: &'static str, log: &Log) -> PendingOnce<T> {
    let mut future = pending_once(value, name, log);
    future.explodes = true;
    future
}

impl<T> PendingOnce<T> {
    fn check_not_moved(&self) {
        if let Some(first) = self.polled_at.get() {
            let here = std::ptr::from_ref(self).addr();
            assert_eq!(first, here, "{} moved while pinned", self.name);
        }
    }
}

impl<T> Future for PendingOnce<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if self.polled_at.get().is_none() {
            self.polled_at.set(Some(std::ptr::from_ref(&*self).addr()));
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.check_not_moved();
        if self.explodes {
            panic!("{} explodes", self.name);
        }
        Poll::Ready(self.value.take().expect("polled after completion"))
    }
}

impl<T> Drop for PendingOnce<T> {
    fn drop(&mut self) {
        self.check_not_moved();
        self.log.push(format!("drop {}", self.name));
    }
}

/// A waker that counts its wake-ups.
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A minimal executor: polls with a waker that counts its wake-ups.
struct Executor {
    wakes: Arc<CountingWaker>,
    waker: Waker,
}

impl Executor {
    fn new() -> Self {
        let wakes = Arc::new(CountingWaker(AtomicUsize::new(0)));
        let waker = Waker::from(wakes.clone());
        Executor { wakes, waker }
    }

    fn wakes(&self) -> usize {
        self.wakes.0.load(Ordering::SeqCst)
    }

    fn poll<S: Stream>(&self, stream: Pin<&mut S>) -> Poll<Option<S::Item>> {
        stream.poll_next(&mut Context::from_waker(&self.waker))
    }

    /// Polls a stream to its end, and returns its items and how many times it was pending.
    /// Every `Pending` must follow a wake-up (the futures here wake themselves), as a real
    /// executor would otherwise hang. Checks the fused end: `Ready(None)` for good.
    fn drain<S: FusedStream>(&self, mut stream: Pin<&mut S>) -> (Vec<S::Item>, usize) {
        let (mut items, mut pendings) = (Vec::new(), 0);
        let wakes_before = self.wakes();
        loop {
            assert!(!stream.is_terminated());
            assert_eq!(stream.size_hint(), (0, None));
            match self.poll(stream.as_mut()) {
                Poll::Ready(Some(item)) => items.push(item),
                Poll::Ready(None) => break,
                Poll::Pending => {
                    pendings += 1;
                    assert_eq!(
                        self.wakes() - wakes_before,
                        pendings,
                        "Pending without a wake-up"
                    );
                }
            }
        }
        assert_terminated(stream);
        (items, pendings)
    }
}

/// The stream has ended: it says so, and answers `Ready(None)` at every poll.
fn assert_terminated<S: FusedStream>(mut stream: Pin<&mut S>) {
    let executor = Executor::new();
    for _ in 0..3 {
        assert!(stream.is_terminated());
        assert_eq!(stream.size_hint(), (0, Some(0)));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Ready(None)));
    }
    assert_eq!(executor.wakes(), 0);
}

/// The message of a caught panic.
fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(message) = payload.downcast_ref::<String>() {
        message
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        message
    } else {
        "?"
    }
}

// ---------------------------------------------------------------------------------------
// Items in order through three await points with different future types.

/// Stands for:
///
/// ```ignore
/// async fn three_points(n: u64, log: Log) -> impl FusedStream<Item = u64> {
///     let mut i = 0;
///     while i < n {
///         let a = pending_once(i, "first", &log).await; // await point 0: `Here`
///         yield_!(10 * a);
///         let s = pending_once(format!("#{i}"), "second", &log).await; // 1: `There(Here)`
///         let len = ready(s.len() as u64).await; // 2: `There(There(Here))`
///         yield_!(100 * i + len);
///         i += 1;
///     }
/// }
/// ```
///
/// Each turn of the loop takes the slot from `Here` to `There` and back again.
fn three_points(n: u64, log: Log) -> impl FusedStream<Item = u64> {
    enum State<N, L, I> {
        Start { n: N, log: L },
        Head { i: I, n: N, log: L },
        Await0 { i: I, n: N, log: L },
        Yield0 { i: I, n: N, log: L },
        Await1 { i: I, n: N, log: L },
        Await2 { i: I, n: N, log: L },
        Done,
    }
    let mut state = State::Start { n, log };
    machine_stream::<u64, _, _>(
        AwaitSlot::<_, AwaitSlot<_, AwaitSlot<_>>>::new(),
        move |mut slot, cx| {
            'dispatch: loop {
                return match mem::replace(&mut state, State::Done) {
                    State::Start { n, log } => {
                        state = State::Head { i: 0, n, log };
                        continue 'dispatch;
                    }
                    State::Head { i, n, log } => {
                        if i < n {
                            let future = pending_once(i, "first", &log);
                            slot.as_mut().start(IntoFuture::into_future(future));
                            assert_eq!(format!("{slot:?}"), "AwaitSlot::Here(..)");
                            state = State::Await0 { i, n, log };
                            continue 'dispatch;
                        }
                        Poll::Ready(None)
                    }
                    State::Await0 { i, n, log } => {
                        let a = match slot.as_mut().poll_here(cx) {
                            Poll::Ready(a) => a,
                            Poll::Pending => {
                                state = State::Await0 { i, n, log };
                                return Poll::Pending;
                            }
                        };
                        // The future ended: it was dropped and the slot emptied.
                        assert_eq!(format!("{slot:?}"), "AwaitSlot::Empty");
                        state = State::Yield0 { i, n, log };
                        Poll::Ready(Some(10 * a))
                    }
                    State::Yield0 { i, n, log } => {
                        let future = pending_once(format!("#{i}"), "second", &log);
                        slot.as_mut().there().start(IntoFuture::into_future(future));
                        assert_eq!(format!("{slot:?}"), "AwaitSlot::There(..)");
                        state = State::Await1 { i, n, log };
                        continue 'dispatch;
                    }
                    State::Await1 { i, n, log } => {
                        let s = match slot.as_mut().there().poll_here(cx) {
                            Poll::Ready(s) => s,
                            Poll::Pending => {
                                state = State::Await1 { i, n, log };
                                return Poll::Pending;
                            }
                        };
                        let future = ready(s.len() as u64);
                        slot.as_mut()
                            .there()
                            .there()
                            .start(IntoFuture::into_future(future));
                        state = State::Await2 { i, n, log };
                        continue 'dispatch;
                    }
                    State::Await2 { i, n, log } => {
                        let len = match slot.as_mut().there().there().poll_here(cx) {
                            Poll::Ready(len) => len,
                            Poll::Pending => {
                                state = State::Await2 { i, n, log };
                                return Poll::Pending;
                            }
                        };
                        state = State::Head { i: i + 1, n, log };
                        Poll::Ready(Some(100 * i + len))
                    }
                    State::Done => Poll::Ready(None),
                };
            }
        },
    )
}

#[test]
fn yields_in_order_through_nested_slots() {
    let log = Log::default();
    let executor = Executor::new();
    let mut stream = pin!(three_points(3, log.clone()));
    assert!(!stream.is_terminated());
    assert_eq!(stream.size_hint(), (0, None));

    // Step by step through the first turn: each `pending_once` pends once.
    assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
    assert_eq!(executor.wakes(), 1);
    assert!(matches!(
        executor.poll(stream.as_mut()),
        Poll::Ready(Some(0))
    ));
    assert_eq!(log.take(), ["drop first"]);
    assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
    assert_eq!(executor.wakes(), 2);
    assert!(matches!(
        executor.poll(stream.as_mut()),
        Poll::Ready(Some(2))
    ));
    assert_eq!(log.take(), ["drop second"]);

    // The rest: two more turns, then the end.
    let (items, pendings) = executor.drain(stream);
    assert_eq!(items, [10, 102, 20, 202]);
    assert_eq!(pendings, 4);
    assert_eq!(executor.wakes(), 6);
    assert_eq!(log.take(), ["drop first", "drop second"].repeat(2));
}

#[test]
fn an_empty_loop_ends_at_once() {
    let log = Log::default();
    let executor = Executor::new();
    let (items, pendings) = executor.drain(pin!(three_points(0, log.clone())));
    assert!(items.is_empty());
    assert_eq!(pendings, 0);
    assert_eq!(executor.wakes(), 0);
    assert!(log.take().is_empty());
}

// ---------------------------------------------------------------------------------------
// Dropping the stream: the future first, then the saved locals.

// ---------------------------------------------------------------------------------------
// Four await points: the slot is a tree of slots, two points in each half.

/// Stands for:
///
/// ```ignore
/// async fn four_points(n: u64, log: Log) -> impl FusedStream<Item = u64> {
///     for i in 0..n {
///         let a = pending_once(i, "p0", &log).await; // point 0: `Here(Here)`
///         let b = pending_once(a + 1, "p1", &log).await; // 1: `Here(There(Here))`
///         let c = pending_once(b + 1, "p2", &log).await; // 2: `There(Here)`
///         let d = pending_once(c + 1, "p3", &log).await; // 3: `There(There(Here))`
///         yield_!(a + b + c + d);
///     }
/// }
/// ```
fn four_points(n: u64, log: Log) -> impl FusedStream<Item = u64> {
    enum State<N, L, I> {
        Start {
            n: N,
            log: L,
        },
        Head {
            i: I,
            n: N,
            log: L,
        },
        Await0 {
            i: I,
            n: N,
            log: L,
        },
        Await1 {
            a: I,
            i: I,
            n: N,
            log: L,
        },
        Await2 {
            b: I,
            a: I,
            i: I,
            n: N,
            log: L,
        },
        Await3 {
            c: I,
            b: I,
            a: I,
            i: I,
            n: N,
            log: L,
        },
        Yield {
            i: I,
            n: N,
            log: L,
        },
        Done,
    }
    type Half = AwaitSlot<PendingOnce<u64>, AwaitSlot<PendingOnce<u64>>>;
    let mut state = State::Start { n, log };
    machine_stream::<u64, AwaitSlot<Half, Half>, _>(AwaitSlot::new(), move |mut slot, cx| {
        'dispatch: loop {
            return match mem::replace(&mut state, State::Done) {
                State::Start { n, log } => {
                    state = State::Head { i: 0, n, log };
                    continue 'dispatch;
                }
                State::Head { i, n, log } => {
                    if i < n {
                        slot.as_mut().here().start(pending_once(i, "p0", &log));
                        assert_eq!(format!("{slot:?}"), "AwaitSlot::Here(..)");
                        state = State::Await0 { i, n, log };
                        continue 'dispatch;
                    }
                    Poll::Ready(None)
                }
                State::Await0 { i, n, log } => {
                    let a = match slot.as_mut().here().poll_here(cx) {
                        Poll::Ready(a) => a,
                        Poll::Pending => {
                            state = State::Await0 { i, n, log };
                            return Poll::Pending;
                        }
                    };
                    slot.as_mut()
                        .here()
                        .there()
                        .start(pending_once(a + 1, "p1", &log));
                    state = State::Await1 { a, i, n, log };
                    continue 'dispatch;
                }
                State::Await1 { a, i, n, log } => {
                    let b = match slot.as_mut().here().there().poll_here(cx) {
                        Poll::Ready(b) => b,
                        Poll::Pending => {
                            state = State::Await1 { a, i, n, log };
                            return Poll::Pending;
                        }
                    };
                    // The first half's slot is replaced by the second's.
                    assert_eq!(format!("{slot:?}"), "AwaitSlot::Here(..)");
                    slot.as_mut().there().start(pending_once(b + 1, "p2", &log));
                    assert_eq!(format!("{slot:?}"), "AwaitSlot::There(..)");
                    state = State::Await2 { b, a, i, n, log };
                    continue 'dispatch;
                }
                State::Await2 { b, a, i, n, log } => {
                    let c = match slot.as_mut().there().poll_here(cx) {
                        Poll::Ready(c) => c,
                        Poll::Pending => {
                            state = State::Await2 { b, a, i, n, log };
                            return Poll::Pending;
                        }
                    };
                    slot.as_mut()
                        .there()
                        .there()
                        .start(pending_once(c + 1, "p3", &log));
                    state = State::Await3 { c, b, a, i, n, log };
                    continue 'dispatch;
                }
                State::Await3 { c, b, a, i, n, log } => {
                    let d = match slot.as_mut().there().there().poll_here(cx) {
                        Poll::Ready(d) => d,
                        Poll::Pending => {
                            state = State::Await3 { c, b, a, i, n, log };
                            return Poll::Pending;
                        }
                    };
                    state = State::Yield { i, n, log };
                    Poll::Ready(Some(a + b + c + d))
                }
                State::Yield { i, n, log } => {
                    state = State::Head { i: i + 1, n, log };
                    continue 'dispatch;
                }
                State::Done => Poll::Ready(None),
            };
        }
    })
}

#[test]
fn four_points_share_a_tree_of_slots() {
    let log = Log::default();
    let executor = Executor::new();
    let (items, pendings) = executor.drain(pin!(four_points(2, log.clone())));
    assert_eq!(items, [6, 10]);
    assert_eq!(pendings, 8);
    assert_eq!(
        log.take(),
        ["drop p0", "drop p1", "drop p2", "drop p3"].repeat(2)
    );
}

#[test]
fn dropping_a_tree_of_slots_drops_the_pending_future_once() {
    for point in 0..4 {
        let log = Log::default();
        let executor = Executor::new();
        let mut stream = Box::pin(four_points(2, log.clone()));
        // Each future pends once: the stream's `k`th `Pending` is at the point `k`.
        for _ in 0..=point {
            assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        }
        drop(stream);
        let dropped: Vec<String> = (0..=point).map(|k| format!("drop p{k}")).collect();
        assert_eq!(log.take(), dropped, "dropped at the point {point}");
    }
}

/// Stands for:
///
/// ```ignore
/// async fn holds(log: Log) -> impl FusedStream<Item = usize> {
///     let outer = Noisy("outer", log.clone());
///     let a = pending_once(1, "first", &log).await; // await point 0
///     let inner = Noisy("inner", log.clone());
///     let s = pending_once("two", "second", &log).await; // await point 1
///     yield_!(a + s.len());
///     log.push("end");
/// }
/// ```
fn holds(log: Log) -> impl FusedStream<Item = usize> {
    enum State<L, O, I> {
        Start { log: L },
        Await0 { outer: O, log: L },
        Await1 { inner: I, outer: O, log: L },
        Yield0 { inner: I, outer: O, log: L },
        Done,
    }
    let mut state = State::Start { log };
    machine_stream::<usize, _, _>(AwaitSlot::<_, AwaitSlot<_>>::new(), move |mut slot, cx| {
        'dispatch: loop {
            return match mem::replace(&mut state, State::Done) {
                State::Start { log } => {
                    let outer = Noisy("outer", log.clone());
                    let future = pending_once(1, "first", &log);
                    slot.as_mut().start(IntoFuture::into_future(future));
                    state = State::Await0 { outer, log };
                    continue 'dispatch;
                }
                State::Await0 { log, outer } => {
                    let a = match slot.as_mut().poll_here(cx) {
                        Poll::Ready(a) => a,
                        Poll::Pending => {
                            state = State::Await0 { outer, log };
                            return Poll::Pending;
                        }
                    };
                    assert_eq!(a, 1);
                    let inner = Noisy("inner", log.clone());
                    let future = pending_once("two", "second", &log);
                    slot.as_mut().there().start(IntoFuture::into_future(future));
                    state = State::Await1 { inner, outer, log };
                    continue 'dispatch;
                }
                State::Await1 { log, outer, inner } => {
                    let s = match slot.as_mut().there().poll_here(cx) {
                        Poll::Ready(s) => s,
                        Poll::Pending => {
                            state = State::Await1 { inner, outer, log };
                            return Poll::Pending;
                        }
                    };
                    state = State::Yield0 { inner, outer, log };
                    Poll::Ready(Some(1 + s.len()))
                }
                State::Yield0 {
                    log,
                    outer: _outer,
                    inner: _inner,
                } => {
                    log.push("end");
                    // The body ends: its locals drop (innermost first, as bound).
                    Poll::Ready(None)
                }
                State::Done => Poll::Ready(None),
            };
        }
    })
}

#[test]
fn dropping_while_pending_drops_the_future_then_the_locals() {
    let log = Log::default();
    let executor = Executor::new();

    // Pending at the first await point (the future `Here`).
    {
        let mut stream = pin!(holds(log.clone()));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        assert!(log.take().is_empty());
    }
    assert_eq!(log.take(), ["drop first", "drop outer"]);

    // Pending at the second (the future `There`).
    {
        let mut stream = pin!(holds(log.clone()));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        assert_eq!(log.take(), ["drop first"]);
    }
    assert_eq!(log.take(), ["drop second", "drop inner", "drop outer"]);

    // Suspended at the yield, with the slot empty: the locals alone.
    {
        let mut stream = pin!(holds(log.clone()));
        let (mut items, mut pendings) = (Vec::new(), 0);
        while items.is_empty() {
            match executor.poll(stream.as_mut()) {
                Poll::Ready(Some(item)) => items.push(item),
                Poll::Ready(None) => unreachable!(),
                Poll::Pending => pendings += 1,
            }
        }
        assert_eq!((items, pendings), (vec![4], 2));
        assert_eq!(log.take(), ["drop first", "drop second"]);
    }
    assert_eq!(log.take(), ["drop inner", "drop outer"]);

    // Dropped before its first poll: nothing ran.
    drop(holds(log.clone()));
    assert!(log.take().is_empty());

    // Run to the end: everything dropped in order, nothing again with the stream.
    {
        let (items, pendings) = executor.drain(pin!(holds(log.clone())));
        assert_eq!((items, pendings), (vec![4], 2));
        assert_eq!(
            log.take(),
            [
                "drop first",
                "drop second",
                "end",
                "drop inner",
                "drop outer"
            ]
        );
    }
    assert!(log.take().is_empty());
}

// ---------------------------------------------------------------------------------------
// Panics: in the poll of the awaited future, and in the machine's own code.

/// Stands for:
///
/// ```ignore
/// async fn explodes(log: Log, at: u32) -> impl FusedStream<Item = u64> {
///     let outer = Noisy("outer", log.clone());
///     let a = pending_once_or_exploding(at == 0, 1, "first", &log).await; // point 0
///     yield_!(a);
///     let inner = Noisy("inner", log.clone());
///     let b = pending_once_or_exploding(at == 1, 2, "second", &log).await; // point 1
///     yield_!(b);
/// }
/// ```
fn explodes(log: Log, at: u32) -> impl FusedStream<Item = u64> {
    enum State<L, A, O, I> {
        Start { log: L, at: A },
        Await0 { outer: O, log: L, at: A },
        Yield0 { outer: O, log: L, at: A },
        Await1 { inner: I, outer: O, log: L },
        Yield1 { inner: I, outer: O, log: L },
        Done,
    }
    fn future(explodes: bool, value: u64, name: &'static str, log: &Log) -> PendingOnce<u64> {
        if explodes {
            exploding(value, name, log)
        } else {
            pending_once(value, name, log)
        }
    }
    let mut state = State::Start { log, at };
    machine_stream::<u64, _, _>(AwaitSlot::<_, AwaitSlot<_>>::new(), move |mut slot, cx| {
        'dispatch: loop {
            return match mem::replace(&mut state, State::Done) {
                State::Start { at, log } => {
                    let outer = Noisy("outer", log.clone());
                    let future = future(at == 0, 1, "first", &log);
                    slot.as_mut().start(IntoFuture::into_future(future));
                    state = State::Await0 { outer, log, at };
                    continue 'dispatch;
                }
                State::Await0 { at, log, outer } => {
                    let a = match slot.as_mut().poll_here(cx) {
                        Poll::Ready(a) => a,
                        Poll::Pending => {
                            state = State::Await0 { outer, log, at };
                            return Poll::Pending;
                        }
                    };
                    state = State::Yield0 { outer, log, at };
                    Poll::Ready(Some(a))
                }
                State::Yield0 { at, log, outer } => {
                    let inner = Noisy("inner", log.clone());
                    let future = future(at == 1, 2, "second", &log);
                    slot.as_mut().there().start(IntoFuture::into_future(future));
                    state = State::Await1 { inner, outer, log };
                    continue 'dispatch;
                }
                State::Await1 { log, outer, inner } => {
                    let b = match slot.as_mut().there().poll_here(cx) {
                        Poll::Ready(b) => b,
                        Poll::Pending => {
                            state = State::Await1 { inner, outer, log };
                            return Poll::Pending;
                        }
                    };
                    state = State::Yield1 { inner, outer, log };
                    Poll::Ready(Some(b))
                }
                State::Yield1 {
                    log: _log,
                    outer: _outer,
                    inner: _inner,
                } => Poll::Ready(None),
                State::Done => Poll::Ready(None),
            };
        }
    })
}

#[test]
fn a_panicking_future_drops_before_the_locals_and_the_stream_ends() {
    let log = Log::default();
    let executor = Executor::new();

    // At the first await point (the future `Here`).
    {
        let mut stream = pin!(explodes(log.clone(), 0));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        let caught = catch_unwind(AssertUnwindSafe(|| executor.poll(stream.as_mut())));
        assert_eq!(message(&*caught.unwrap_err()), "first explodes");
        // The future dropped in the slot while unwinding, before the locals the arm had
        // moved out of the state.
        assert_eq!(log.take(), ["drop first", "drop outer"]);
        // The state was left `Done`: the stream ends.
        assert_terminated_after_panic(stream.as_mut(), &executor);
    }
    assert!(log.take().is_empty());

    // At the second (the future `There`).
    {
        let mut stream = pin!(explodes(log.clone(), 1));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        assert!(matches!(
            executor.poll(stream.as_mut()),
            Poll::Ready(Some(1))
        ));
        assert_eq!(log.take(), ["drop first"]);
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        let caught = catch_unwind(AssertUnwindSafe(|| executor.poll(stream.as_mut())));
        assert_eq!(message(&*caught.unwrap_err()), "second explodes");
        assert_eq!(log.take(), ["drop second", "drop inner", "drop outer"]);
        assert_terminated_after_panic(stream.as_mut(), &executor);
    }
    assert!(log.take().is_empty());

    // No explosion: the same machine runs to its end.
    {
        let (items, pendings) = executor.drain(pin!(explodes(log.clone(), 2)));
        assert_eq!((items, pendings), (vec![1, 2], 2));
        assert_eq!(
            log.take(),
            ["drop first", "drop second", "drop inner", "drop outer"]
        );
    }
    assert!(log.take().is_empty());
}

/// After a panic, the stream has ended: it says so at once, and its next poll finds the
/// state `Done` (`Ready(None)` from then on, without waking anyone).
fn assert_terminated_after_panic<S: FusedStream>(mut stream: Pin<&mut S>, executor: &Executor) {
    assert!(stream.is_terminated());
    assert_eq!(stream.size_hint(), (0, Some(0)));
    let wakes = executor.wakes();
    assert!(matches!(executor.poll(stream.as_mut()), Poll::Ready(None)));
    assert_eq!(executor.wakes(), wakes);
    assert_terminated(stream);
}

/// Stands for:
///
/// ```ignore
/// async fn divides(log: Log, divisors: Vec<u64>) -> impl FusedStream<Item = u64> {
///     let guard = Noisy("guard", log.clone());
///     for d in divisors {
///         let q = 100 / d; // panics in the machine's own code when `d` is 0
///         let x = pending_once(q, "quotient", &log).await;
///         yield_!(x);
///     }
/// }
/// ```
fn divides(log: Log, divisors: Vec<u64>) -> impl FusedStream<Item = u64> {
    enum State<L, D, G, It> {
        Start { log: L, divisors: D },
        Head { iter: It, guard: G, log: L },
        Await0 { iter: It, guard: G, log: L },
        Done,
    }
    let mut state = State::Start { log, divisors };
    machine_stream::<u64, _, _>(AwaitSlot::<_>::new(), move |mut slot, cx| {
        'dispatch: loop {
            return match mem::replace(&mut state, State::Done) {
                State::Start { divisors, log } => {
                    let guard = Noisy("guard", log.clone());
                    let iter = divisors.into_iter();
                    state = State::Head { iter, guard, log };
                    continue 'dispatch;
                }
                State::Head {
                    log,
                    guard,
                    mut iter,
                } => match iter.next() {
                    Some(d) => {
                        let q = 100 / d;
                        let future = pending_once(q, "quotient", &log);
                        slot.as_mut().start(IntoFuture::into_future(future));
                        state = State::Await0 { iter, guard, log };
                        continue 'dispatch;
                    }
                    // The body ends: its locals drop (innermost first, as bound).
                    None => Poll::Ready(None),
                },
                State::Await0 { log, guard, iter } => {
                    let x = match slot.as_mut().poll_here(cx) {
                        Poll::Ready(x) => x,
                        Poll::Pending => {
                            state = State::Await0 { iter, guard, log };
                            return Poll::Pending;
                        }
                    };
                    state = State::Head { iter, guard, log };
                    Poll::Ready(Some(x))
                }
                State::Done => Poll::Ready(None),
            };
        }
    })
}

#[test]
fn a_panic_in_the_machine_drops_its_locals_and_the_stream_ends() {
    let log = Log::default();
    let executor = Executor::new();

    // At the first resume: the slot was never filled.
    {
        let mut stream = pin!(divides(log.clone(), vec![0, 1]));
        let caught = catch_unwind(AssertUnwindSafe(|| executor.poll(stream.as_mut())));
        assert_eq!(message(&*caught.unwrap_err()), "attempt to divide by zero");
        assert_eq!(log.take(), ["drop guard"]);
        assert_terminated_after_panic(stream.as_mut(), &executor);
    }
    assert!(log.take().is_empty());

    // After a yield: the slot was emptied when its future ended.
    {
        let mut stream = pin!(divides(log.clone(), vec![5, 0, 1]));
        assert!(matches!(executor.poll(stream.as_mut()), Poll::Pending));
        assert!(matches!(
            executor.poll(stream.as_mut()),
            Poll::Ready(Some(20))
        ));
        assert_eq!(log.take(), ["drop quotient"]);
        let caught = catch_unwind(AssertUnwindSafe(|| executor.poll(stream.as_mut())));
        assert_eq!(message(&*caught.unwrap_err()), "attempt to divide by zero");
        assert_eq!(log.take(), ["drop guard"]);
        assert_terminated_after_panic(stream.as_mut(), &executor);
    }
    assert!(log.take().is_empty());

    // No zero: to the end.
    {
        let (items, pendings) = executor.drain(pin!(divides(log.clone(), vec![5, 50])));
        assert_eq!((items, pendings), (vec![20, 2], 2));
        assert_eq!(log.take(), ["drop quotient", "drop quotient", "drop guard"]);
    }
    assert!(log.take().is_empty());
}

// ---------------------------------------------------------------------------------------
// Auto traits: the stream is `Send` / `Sync` when its slot and its state are, never `Unpin`.

/// Stands for:
///
/// ```ignore
/// async fn one_point<K, Fut: Future>(kept: K, make: fn() -> Fut)
///     -> impl FusedStream<Item = Fut::Output>
/// {
///     let out = make().await; // `kept` is saved across the await, `make()` is in the slot
///     yield_!(out);
///     drop(kept);
/// }
/// ```
///
/// `make` is a function pointer (`Send + Sync` whatever `Fut` is), so the future's type
/// is held by the slot alone.
fn one_point<K, Fut: Future>(kept: K, make: fn() -> Fut) -> impl FusedStream<Item = Fut::Output> {
    enum State<K, M> {
        Start { kept: K, make: M },
        Await0 { kept: K },
        Yield0 { kept: K },
        Done,
    }
    let mut state = State::Start { kept, make };
    machine_stream::<Fut::Output, _, _>(AwaitSlot::<_>::new(), move |mut slot, cx| {
        'dispatch: loop {
            return match mem::replace(&mut state, State::Done) {
                State::Start { kept, make } => {
                    slot.as_mut().start(IntoFuture::into_future(make()));
                    state = State::Await0 { kept };
                    continue 'dispatch;
                }
                State::Await0 { kept } => {
                    let out = match slot.as_mut().poll_here(cx) {
                        Poll::Ready(out) => out,
                        Poll::Pending => {
                            state = State::Await0 { kept };
                            return Poll::Pending;
                        }
                    };
                    state = State::Yield0 { kept };
                    Poll::Ready(Some(out))
                }
                State::Yield0 { kept } => {
                    drop(kept);
                    Poll::Ready(None)
                }
                State::Done => Poll::Ready(None),
            };
        }
    })
}

fn assert_send<T: Send>(_: &T) {}

fn assert_sync<T: Sync>(_: &T) {}

/// Whether the type of a value implements a trait, decided at compile time (by method
/// resolution: the by-value candidate exists only if the bound holds, the autoref one
/// always). Unlike a bound, it can also check that a trait is *not* implemented.
macro_rules! implements {
    ($value:expr, $trait:path) => {{
        struct Probe<T>(PhantomData<T>);
        fn probe<T>(_: &T) -> Probe<T> {
            Probe(PhantomData)
        }
        // One of the two is never used.
        #[allow(dead_code)]
        trait Yes {
            fn answer(&self) -> bool {
                true
            }
        }
        impl<T: $trait> Yes for Probe<T> {}
        #[allow(dead_code)]
        trait No {
            fn answer(&self) -> bool {
                false
            }
        }
        impl<T> No for &Probe<T> {}
        (&probe(&$value)).answer()
    }};
}

#[test]
fn send_and_sync_follow_the_slot_and_the_state() {
    // Both `Send + Sync`: so is the stream (and it still runs).
    let stream = one_point(String::from("kept"), || ready(7u8));
    assert_send(&stream);
    assert_sync(&stream);
    assert!(implements!(stream, Send) && implements!(stream, Sync));
    assert!(!implements!(stream, Unpin));
    let (items, pendings) = Executor::new().drain(pin!(stream));
    assert_eq!((items, pendings), (vec![7], 0));

    // A `!Unpin` future, pending once, that holds an `Rc` (its `Log`): the stream is
    // neither `Send` nor `Sync` (and it runs).
    let stream = one_point(String::from("kept"), || {
        pending_once(7u8, "future", &Log::default())
    });
    assert!(!implements!(stream, Send) && !implements!(stream, Sync));
    assert_eq!(Executor::new().drain(pin!(stream)), (vec![7], 1));

    // The state is not `Send`, or not `Sync`.
    let stream = one_point(Rc::new(0), || ready(7u8));
    assert!(!implements!(stream, Send) && !implements!(stream, Sync));
    let stream = one_point(Cell::new(0), || ready(7u8));
    assert!(implements!(stream, Send) && !implements!(stream, Sync));

    // The slot's future is not `Send`, or not `Sync`.
    let stream = one_point((), || ready(Rc::new(7u8)));
    assert!(!implements!(stream, Send) && !implements!(stream, Sync));
    let stream = one_point((), || ready(Cell::new(7u8)));
    assert!(implements!(stream, Send) && !implements!(stream, Sync));

    // The three-point machine holds a `Log` (an `Rc`) in its state and its futures.
    let stream = three_points(1, Log::default());
    assert!(!implements!(stream, Send) && !implements!(stream, Sync));
    assert!(!implements!(stream, Unpin));
}
