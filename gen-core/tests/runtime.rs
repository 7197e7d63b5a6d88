//! The runtime under the expansion, exercised by real generators with a hand-written
//! executor. CI runs these under Miri (`cargo +nightly miri test -p gen-core`, and with
//! `MIRIFLAGS=-Zmiri-tree-borrows`), which checks the `unsafe` of both async runtimes:
//! `AsyncGen` (the compiler's `async` lowering: the slot written through the yielder, the
//! body pinned in place) and `MachineStream` (the state machine: the pinned slot of the
//! future being awaited), dropping while a future is pending, unwinding. Each async
//! generator that the state machine can run is defined under both lowerings, and its
//! tests run on both (`both_lowerings!`, `test_both_lowerings!`); the others, which only
//! the async lowering runs, say why.

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

/// Takes the log by value: a future that borrows a local of the generator keeps it from
/// being a state machine.
fn logged_pending_once<T>(value: T, log: Log) -> PendingOnce<T> {
    let mut future = pending_once(value);
    future.log = Some(log);
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

/// A future that is pending once (waking itself), then panics when polled again. It logs
/// its drop.
struct Explodes(Log, bool);

impl Future for Explodes {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        if !self.1 {
            self.1 = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        panic!("the awaited future panics");
    }
}

impl Drop for Explodes {
    fn drop(&mut self) {
        self.0.push("drop exploding future");
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

// ---------------------------------------------------------------------------------------
// Both lowerings: each async generator below that the state machine can run is defined
// twice, and each test of it runs on both, so that Miri checks the `unsafe` of both
// runtimes (`AsyncGen` and `MachineStream`) on the same bodies.

/// The runtime type of the state machine lowering (`lowering = state_machine`).
const MACHINE: &str = "MachineStream";
/// The runtime type of the compiler's `async` lowering (`lowering = async`).
const ASYNC: &str = "AsyncGen";

/// Returns `stream` after checking that its runtime type (the outermost type of its name,
/// generic arguments aside) is `runtime`: a test fails if the macro took the other path.
fn expect_lowering<S>(stream: S, runtime: &str) -> S {
    let name = std::any::type_name_of_val(&stream);
    let outer = name.split('<').next().unwrap_or(name);
    assert!(
        outer.rsplit("::").next() == Some(runtime),
        "expected a `{runtime}` stream, got `{name}`"
    );
    stream
}

/// Defines an async generator under both lowerings, in a module named after it:
/// `machine` (`#[generator(lowering = state_machine)]`, so a body the state machine
/// cannot run is a compile error) and `async_block` (`#[generator(lowering = async)]`).
/// Each checks, at every call, that its stream has the runtime type of its lowering.
macro_rules! both_lowerings {
    ($(
        $(#[doc = $doc:literal])*
        async fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $item:ty { $($body:tt)* }
    )*) => {$(
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[generator(lowering = state_machine)]
            async fn as_machine($($arg: $ty),*) -> impl FusedStream<Item = $item> {
                $($body)*
            }

            #[generator(lowering = async)]
            async fn as_async_block($($arg: $ty),*) -> impl FusedStream<Item = $item> {
                $($body)*
            }

            pub fn machine($($arg: $ty),*) -> impl FusedStream<Item = $item> {
                expect_lowering(as_machine($($arg),*), MACHINE)
            }

            pub fn async_block($($arg: $ty),*) -> impl FusedStream<Item = $item> {
                expect_lowering(as_async_block($($arg),*), ASYNC)
            }
        }
    )*};
}

/// A test run once per lowering, as `$test::machine` and `$test::async_block`: in each,
/// `$generator` names the generator of that lowering (defined by `both_lowerings!`).
macro_rules! test_both_lowerings {
    ($(
        $(#[doc = $doc:literal])*
        fn $test:ident() with $generator:ident $body:block
    )*) => {$(
        $(#[doc = $doc])*
        mod $test {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn machine() {
                use super::$generator::machine as $generator;
                $body
            }

            #[test]
            fn async_block() {
                use super::$generator::async_block as $generator;
                $body
            }
        }
    )*};
}

both_lowerings! {
    async fn counted(n: u32) -> u32 {
        for i in 0..n {
            let x = pending_once(i).await;
            yield_!(x * 10);
            yield_!(core::future::ready(x).await);
        }
    }

    async fn holds(log: Log) -> u32 {
        let _outer = Noisy("outer", log.clone());
        yield_!(1);
        let _inner = Noisy("inner", log.clone());
        let value = logged_pending_once(2, log.clone()).await;
        yield_!(value);
        log.push("end");
    }

    async fn panics_after(log: Log, n: u32) -> u32 {
        let _guard = Noisy("guard", log.clone());
        for i in 0..n {
            pending_once(()).await;
            yield_!(i);
        }
        panic!("boom");
    }

    async fn two_awaits(log: Log) -> u32 {
        let _a = Noisy("a", log.clone());
        let x = logged_pending_once(1, log.clone()).await;
        yield_!(x);
        let _b = Noisy("b", log.clone());
        let y = logged_pending_once(2, log.clone()).await;
        yield_!(y);
    }

    async fn awaits_a_panic(log: Log) -> u32 {
        let _guard = Noisy("guard", log.clone());
        yield_!(1);
        pending_once(()).await;
        let value = Explodes(log.clone(), false).await;
        yield_!(value);
    }

    async fn parse(lines: Vec<&'static str>) -> Result<u32, std::num::ParseIntError> {
        for line in lines {
            let parsed = pending_once(line).await.parse::<u32>();
            let n = parsed?;
            yield_!(Ok(n));
        }
    }

    async fn ready_lengths(words: Vec<String>) -> usize {
        for word in words {
            let length = core::future::ready(word.len()).await;
            yield_!(length);
        }
    }

    async fn nothing() -> u8 {}
}

test_both_lowerings! {
    fn yields_in_order_and_pends_only_on_pending_futures() with counted {
        let (items, pendings) = drain(counted(3));
        assert_eq!(items, [0, 0, 10, 1, 20, 2]);
        assert_eq!(pendings, 3);
        let (items, pendings) = drain(counted(0));
        assert!(items.is_empty());
        assert_eq!(pendings, 0);
    }

    fn dropping_while_pending_drops_the_future_and_the_locals() with holds {
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

        // Dropped at a yield: the live locals drop in reverse order.
        let mut stream = Box::pin(holds(log.clone()));
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(Some(1))
        ));
        drop(stream);
        assert_eq!(log.take(), ["drop outer"]);

        // Drained: everything dropped in order at the end.
        let (items, _) = drain(holds(log.clone()));
        assert_eq!(items, [1, 2]);
        assert_eq!(
            log.take(),
            ["drop pending future", "end", "drop inner", "drop outer"]
        );
    }

    fn dropping_after_every_poll_drops_what_is_live() with two_awaits {
        // After `polls` polls, the stream is dropped: at its start, pending at the first
        // await point, at a yield, pending at the second (the state machine's nested
        // slot), at the end.
        let expected: [&[&str]; 6] = [
            &[],
            &["drop pending future", "drop a"],
            &["drop pending future", "drop a"],
            &["drop pending future", "drop pending future", "drop b", "drop a"],
            &["drop pending future", "drop pending future", "drop b", "drop a"],
            &["drop pending future", "drop pending future", "drop b", "drop a"],
        ];
        // What each poll returns, `None` for `Pending`.
        let polled = [None, Some(Some(1)), None, Some(Some(2)), Some(None)];
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        for (polls, expected) in expected.into_iter().enumerate() {
            let log = Log::default();
            let mut stream = Box::pin(two_awaits(log.clone()));
            for (poll, want) in polled.iter().enumerate().take(polls) {
                let got = match stream.as_mut().poll_next(&mut cx) {
                    Poll::Ready(item) => Some(item),
                    Poll::Pending => None,
                };
                assert_eq!(&got, want, "poll {poll}");
            }
            assert_eq!(stream.is_terminated(), polls == polled.len());
            drop(stream);
            assert_eq!(log.take(), expected, "dropped after {polls} polls");
        }
    }

    fn a_panic_in_an_awaited_future_propagates_and_the_stream_ends() with awaits_a_panic {
        let log = Log::default();
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut stream = Box::pin(awaits_a_panic(log.clone()));
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(Some(1))
        ));
        assert!(matches!(stream.as_mut().poll_next(&mut cx), Poll::Pending));
        assert!(matches!(stream.as_mut().poll_next(&mut cx), Poll::Pending));
        assert!(log.take().is_empty());
        let caught = catch_unwind(AssertUnwindSafe(|| stream.as_mut().poll_next(&mut cx)));
        assert!(caught.is_err());
        assert_eq!(log.take(), ["drop exploding future", "drop guard"]);
        assert!(stream.is_terminated());
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(None)
        ));
        drop(stream);
        assert!(log.take().is_empty());
    }

    fn a_panic_propagates_and_the_stream_ends() with panics_after {
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
        assert_eq!(stream.size_hint(), (0, Some(0)));
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(None)
        ));
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(None)
        ));
        drop(stream);
        assert!(log.take().is_empty());
    }

    fn question_mark_yields_the_error_and_ends() with parse {
        let (items, pendings) = drain(parse(vec!["1", "x", "3"]));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0], Ok(1));
        assert!(items[1].is_err());
        assert_eq!(pendings, 2);
    }

    fn send_and_sync_follow_what_is_live() with ready_lengths {
        // Holding only `Send + Sync` values across its awaits, the stream is `Send +
        // Sync`. One holding an `Rc` is not: a compile error, checked in the UI tests.
        let stream = ready_lengths(vec!["ab".into(), "c".into()]);
        assert_send_sync(&stream);
        assert_eq!(drain(stream).0, [2, 1]);
    }

    fn an_empty_stream_ends_at_once() with nothing {
        let (items, pendings) = drain(nothing());
        assert!(items.is_empty());
        assert_eq!(pendings, 0);
    }
}

// ---------------------------------------------------------------------------------------
// The async lowering only: bodies the state machine cannot run (the macro's default, and
// `lowering = async`, give them an `AsyncGen`).

/// Holds borrows of its own locals (`owned.iter()`, `last`) across awaits and yields: a
/// state machine moves its locals between polls, so only the async lowering runs this.
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
    let stream = expect_lowering(borrows_its_own_locals(vec!["a", "bb"]), ASYNC);
    let (items, _) = drain(stream);
    assert_eq!(items, ["a:1", "bb:3", "bb"]);
}

/// Repeats what it is given, as a statement.
macro_rules! twice {
    ($e:expr) => {{
        $e;
        $e;
    }};
}

/// Yields in another macro's arguments: they go through a borrow of the body's own
/// handle on the stream's slot, which the body holds across its awaits.
#[generator]
async fn yields_in_macros(log: Log, n: u32) -> impl gen_core::FusedStream<Item = u32> {
    let _guard = Noisy("guard", log);
    for i in 0..n {
        let x = pending_once(i).await;
        twice!(yield_!(x));
        assert!(
            {
                yield_!(x + 100);
                x
            } < n
        );
    }
}

#[test]
fn yields_in_macros_go_through_the_slot() {
    let log = Log::default();
    let stream = expect_lowering(yields_in_macros(log.clone(), 2), ASYNC);
    let (items, pendings) = drain(stream);
    let want: Vec<u32> = (0..2).flat_map(|i| [i, i, i + 100]).collect();
    assert_eq!((items, pendings), (want, 2));
    assert_eq!(log.take(), ["drop guard"]);
    // Dropped while suspended at a yield in a macro.
    let mut stream = Box::pin(yields_in_macros(log.clone(), 2));
    let waker = Waker::noop();
    let mut cx = Context::from_waker(waker);
    assert_eq!(stream.as_mut().poll_next(&mut cx), Poll::Pending);
    assert_eq!(stream.as_mut().poll_next(&mut cx), Poll::Ready(Some(0)));
    assert!(log.take().is_empty());
    drop(stream);
    assert_eq!(log.take(), ["drop guard"]);
}

/// A `#[for_await]` loop: the state machine does not run these, so only the async
/// lowering does.
#[generator]
async fn relay<S: Stream<Item = u32>>(inner: S) -> impl gen_core::FusedStream<Item = u32> {
    #[for_await]
    for x in inner {
        pending_once(()).await;
        yield_!(x + 1);
    }
}

test_both_lowerings! {
    /// `relay` is always an `AsyncGen`; the stream it consumes is each lowering's.
    fn for_await_consumes_another_stream() with counted {
        let (items, pendings) = drain(expect_lowering(relay(counted(2)), ASYNC));
        assert_eq!(items, [1, 1, 11, 2]);
        assert_eq!(pendings, 2 + 4);
    }
}

/// `?` on the temporary an `.await` returns (`pending_once(line).await.parse()?`): the
/// macro cannot tell whether the method moves that temporary, so only the async lowering
/// runs this (`parse` above is the same body with the parsed value bound first).
#[generator]
async fn parse_awaited(
    lines: Vec<&'static str>,
) -> impl gen_core::FusedStream<Item = Result<u32, std::num::ParseIntError>> {
    for line in lines {
        let n: u32 = pending_once(line).await.parse()?;
        yield_!(Ok(n));
    }
}

#[test]
fn question_mark_on_an_awaited_temporary() {
    let stream = expect_lowering(parse_awaited(vec!["1", "x", "3"]), ASYNC);
    let (items, pendings) = drain(stream);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], Ok(1));
    assert!(items[1].is_err());
    assert_eq!(pendings, 2);
}

fn assert_send_sync<T: Send + Sync>(_: &T) {}

/// Holds a borrow of its own `Vec` across its awaits: async lowering only.
#[generator]
async fn ready_words(words: Vec<String>) -> impl gen_core::FusedStream<Item = usize> {
    for word in words.iter() {
        let length = core::future::ready(word.len()).await;
        yield_!(length);
    }
}

#[test]
fn send_and_sync_follow_what_is_live_with_borrowed_locals() {
    // A borrow of its own `Vec` held across its awaits is `Send + Sync` too.
    let stream = expect_lowering(ready_words(vec!["ab".into()]), ASYNC);
    assert_send_sync(&stream);
    assert_eq!(drain(stream).0, [2]);
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
