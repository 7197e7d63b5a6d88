//! The runtime under the expansion, exercised by real generators with a hand-written
//! executor. CI runs these under Miri (`cargo +nightly miri test -p gen-core`), which
//! checks the `unsafe` of the async runtime: the slot written through the yielder, the
//! body pinned in place, dropping while a future is pending, unwinding.

use futures_core::{FusedStream, Stream};
use gen_core::{generator, yield_};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::marker::PhantomPinned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

/// An ordered log of events.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// Logs its drop.
struct Noisy(&'static str, Log);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.1.push(format!("drop {}", self.0));
    }
}

/// A `!Unpin` future that is pending once (waking itself), then ready. It asserts it
/// did not move between its polls, and logs its drop.
struct PendingOnce<T> {
    value: Option<T>,
    polled_at: Cell<usize>,
    log: Option<Log>,
    _pinned: PhantomPinned,
}

fn pending_once<T>(value: T) -> PendingOnce<T> {
    PendingOnce {
        value: Some(value),
        polled_at: Cell::new(0),
        log: None,
        _pinned: PhantomPinned,
    }
}

fn logged_pending_once<T>(value: T, log: &Log) -> PendingOnce<T> {
    let mut future = pending_once(value);
    future.log = Some(log.clone());
    future
}

impl<T> Future for PendingOnce<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let address = &*self as *const Self as usize;
        if self.polled_at.get() == 0 {
            self.polled_at.set(address);
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        assert_eq!(self.polled_at.get(), address, "a pinned future moved");
        // SAFETY: `value` is not structurally pinned.
        let this = unsafe { self.get_unchecked_mut() };
        Poll::Ready(this.value.take().expect("polled after completion"))
    }
}

impl<T> Drop for PendingOnce<T> {
    fn drop(&mut self) {
        if let Some(log) = &self.log {
            log.push("drop pending future");
        }
    }
}

struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls a stream to its end. Every `Pending` must follow a wake-up (the futures here
/// wake themselves), as a real executor would otherwise hang.
fn drain<S: Stream + FusedStream>(stream: S) -> (Vec<S::Item>, usize) {
    let mut stream = pin!(stream);
    let wakes = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let waker = Waker::from(wakes.clone());
    let mut cx = Context::from_waker(&waker);
    let (mut items, mut pendings) = (Vec::new(), 0);
    loop {
        assert!(!stream.is_terminated());
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(item)) => items.push(item),
            Poll::Ready(None) => break,
            Poll::Pending => {
                pendings += 1;
                assert_eq!(
                    wakes.0.load(Ordering::SeqCst),
                    pendings,
                    "Pending without a wake-up"
                );
            }
        }
    }
    assert!(stream.is_terminated());
    assert_eq!(stream.size_hint(), (0, Some(0)));
    for _ in 0..3 {
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(None)
        ));
    }
    (items, pendings)
}

#[generator]
async fn counted(n: u32) -> impl gen_core::FusedStream<Item = u32> {
    for i in 0..n {
        let x = pending_once(i).await;
        yield_!(x * 10);
        yield_!(core::future::ready(x).await);
    }
}

#[test]
fn yields_in_order_and_pends_only_on_pending_futures() {
    let (items, pendings) = drain(counted(3));
    assert_eq!(items, [0, 0, 10, 1, 20, 2]);
    assert_eq!(pendings, 3);
    let (items, pendings) = drain(counted(0));
    assert!(items.is_empty());
    assert_eq!(pendings, 0);
}

#[generator]
async fn borrows_its_own_locals(
    words: Vec<&'static str>,
) -> impl gen_core::FusedStream<Item = String> {
    let owned: Vec<String> = words.into_iter().map(String::from).collect();
    let mut total = 0;
    for word in owned.iter() {
        let length = pending_once(word.len()).await;
        total += length;
        yield_!(format!("{word}:{total}"));
    }
    let last = owned.last();
    if let Some(last) = last {
        pending_once(()).await;
        yield_!(last.clone());
    }
}

#[test]
fn borrows_across_awaits_and_yields() {
    let (items, _) = drain(borrows_its_own_locals(vec!["a", "bb"]));
    assert_eq!(items, ["a:1", "bb:3", "bb"]);
}

#[generator]
async fn holds(log: Log) -> impl gen_core::FusedStream<Item = u32> {
    let _outer = Noisy("outer", log.clone());
    yield_!(1);
    let _inner = Noisy("inner", log.clone());
    let value = logged_pending_once(2, &log).await;
    yield_!(value);
    log.push("end");
}

#[test]
fn dropping_while_pending_drops_the_future_and_the_locals() {
    let log = Log::default();
    let waker = Waker::noop();
    let mut cx = Context::from_waker(waker);
    let mut stream = Box::pin(holds(log.clone()));
    assert!(matches!(
        stream.as_mut().poll_next(&mut cx),
        Poll::Ready(Some(1))
    ));
    assert!(matches!(stream.as_mut().poll_next(&mut cx), Poll::Pending));
    assert!(log.take().is_empty());
    drop(stream);
    assert_eq!(
        log.take(),
        ["drop pending future", "drop inner", "drop outer"]
    );

    // Dropped before it starts: nothing ran, the argument is dropped.
    let stream = holds(log.clone());
    drop(stream);
    assert!(log.take().is_empty());

    // Drained: everything dropped in order at the end.
    let (items, _) = drain(holds(log.clone()));
    assert_eq!(items, [1, 2]);
    assert_eq!(
        log.take(),
        ["drop pending future", "end", "drop inner", "drop outer"]
    );
}

#[generator]
async fn panics_after(log: Log, n: u32) -> impl gen_core::FusedStream<Item = u32> {
    let _guard = Noisy("guard", log.clone());
    for i in 0..n {
        pending_once(()).await;
        yield_!(i);
    }
    panic!("boom");
}

#[test]
fn a_panic_propagates_and_the_stream_ends() {
    let log = Log::default();
    let waker = Waker::noop();
    let mut cx = Context::from_waker(waker);
    let mut stream = Box::pin(panics_after(log.clone(), 1));
    assert!(matches!(stream.as_mut().poll_next(&mut cx), Poll::Pending));
    assert!(matches!(
        stream.as_mut().poll_next(&mut cx),
        Poll::Ready(Some(0))
    ));
    let caught = catch_unwind(AssertUnwindSafe(|| stream.as_mut().poll_next(&mut cx)));
    assert!(caught.is_err());
    assert_eq!(log.take(), ["drop guard"]);
    assert!(stream.is_terminated());
    assert!(matches!(
        stream.as_mut().poll_next(&mut cx),
        Poll::Ready(None)
    ));
    assert!(matches!(
        stream.as_mut().poll_next(&mut cx),
        Poll::Ready(None)
    ));
}

#[generator]
async fn parse(
    lines: Vec<&'static str>,
) -> impl gen_core::FusedStream<Item = Result<u32, std::num::ParseIntError>> {
    for line in lines {
        let n: u32 = pending_once(line).await.parse()?;
        yield_!(Ok(n));
    }
}

#[test]
fn question_mark_yields_the_error_and_ends() {
    let (items, _) = drain(parse(vec!["1", "x", "3"]));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], Ok(1));
    assert!(items[1].is_err());
}

#[generator]
async fn relay(n: u32) -> impl gen_core::FusedStream<Item = u32> {
    #[for_await]
    for x in counted(n) {
        pending_once(()).await;
        yield_!(x + 1);
    }
}

#[test]
fn for_await_consumes_another_stream() {
    let (items, pendings) = drain(relay(2));
    assert_eq!(items, [1, 1, 11, 2]);
    assert_eq!(pendings, 2 + 4);
}

fn assert_send_sync<T: Send + Sync>(_: &T) {}

#[generator]
async fn ready_words(words: Vec<String>) -> impl gen_core::FusedStream<Item = usize> {
    for word in words.iter() {
        let length = core::future::ready(word.len()).await;
        yield_!(length);
    }
}

#[test]
fn send_and_sync_follow_what_is_live() {
    // Holding only `Send + Sync` values (including a borrow of its own `Vec`) across its
    // awaits, the stream is `Send + Sync`. One holding an `Rc` is not: a compile error,
    // checked in the UI tests.
    let stream = ready_words(vec!["ab".into()]);
    assert_send_sync(&stream);
    assert_eq!(drain(stream).0, [2]);
}

#[test]
fn an_empty_stream_ends_at_once() {
    #[generator]
    async fn nothing() -> impl gen_core::FusedStream<Item = u8> {}
    let (items, pendings) = drain(nothing());
    assert!(items.is_empty());
    assert_eq!(pendings, 0);
}

// Sync generators, under Miri too: the in-place resume and its unwind guard.

#[generator]
fn running_sum(log: Log, values: Vec<u64>) -> impl Iterator<Item = u64> {
    let _guard = Noisy("guard", log);
    let mut buffer = [0u64; 16];
    let mut total = 0;
    for (i, value) in values.into_iter().enumerate() {
        assert_ne!(value, 0, "zero");
        total += value;
        buffer[i % 16] = total;
        yield_!(buffer[i % 16]);
    }
}

#[test]
fn sync_generators_resume_in_place_and_unwind() {
    let log = Log::default();
    assert_eq!(
        running_sum(log.clone(), vec![1, 2, 3]).collect::<Vec<_>>(),
        [1, 3, 6]
    );
    assert_eq!(log.take(), ["drop guard"]);
    let mut it = running_sum(log.clone(), vec![1, 0, 3]);
    assert_eq!(it.next(), Some(1));
    assert!(catch_unwind(AssertUnwindSafe(|| it.next())).is_err());
    assert_eq!(log.take(), ["drop guard"]);
    assert_eq!(it.next(), None);
}
