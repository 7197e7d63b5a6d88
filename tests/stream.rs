//! Async generators under tokio: timing with paused time, bodies compared with their
//! eager versions (awaits on futures that are pending once), drops while pending, panics,
//! the return types, and interoperation with `futures` and `tokio-stream`.
//!
//! An async generator has two lowerings: a hand-rolled state machine (`MachineStream`),
//! which the macro picks where it provably behaves as the compiler's `async` lowering
//! (`AsyncGen`), and that `async` lowering otherwise. Each generator here that the state
//! machine can run is tested under both (`#[generator(lowering = state_machine)]` and
//! `#[generator(lowering = async)]`), checking with `lowering_of` that each stream took
//! the path it means to cover; the others, which only the `async` lowering runs, say why.
//! The last tests check which lowering the macro picks by default for typical bodies.
#![forbid(unsafe_code)]
#![deny(warnings, clippy::all)]

#[macro_use]
mod common;

use futures::StreamExt;
use futures::task::ArcWake;
use gen_core::{FusedStream, Stream, generator, yield_};
use gen_suite::support::{Log, Noisy, PendingOnce, lowering_of, pending_once};
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, sleep};

/// What `lowering_of` says of a stream lowered into a state machine.
const MACHINE: &str = "state machine";
/// What `lowering_of` says of a stream lowered by the compiler's `async` lowering.
const ASYNC: &str = "async block";

/// Defines an async generator under both lowerings, in a module named after it:
/// `machine` (`#[generator(lowering = state_machine)]`, so a body the state machine
/// cannot run is a compile error) and `async_block` (`#[generator(lowering = async)]`).
/// Each checks, at every call, that its stream got its lowering.
macro_rules! both_lowerings {
    ($(
        $(#[doc = $doc:literal])*
        async fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty { $($body:tt)* }
    )*) => {$(
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[generator(lowering = state_machine)]
            async fn as_machine($($arg: $ty),*) -> $ret {
                $($body)*
            }

            #[generator(lowering = async)]
            async fn as_async_block($($arg: $ty),*) -> $ret {
                $($body)*
            }

            pub fn machine($($arg: $ty),*) -> $ret {
                let stream = as_machine($($arg),*);
                assert_eq!(lowering_of(&stream), MACHINE);
                stream
            }

            pub fn async_block($($arg: $ty),*) -> $ret {
                let stream = as_async_block($($arg),*);
                assert_eq!(lowering_of(&stream), ASYNC);
                stream
            }
        }
    )*};
}

/// A test run once per lowering, as `$test::machine` and `$test::async_block`: in each,
/// `$generator` names the generator of that lowering (defined by `both_lowerings!`).
macro_rules! test_both_lowerings {
    ($(
        $(#[$attr:meta])*
        async fn $test:ident() with $generator:ident $body:block
    )*) => {$(
        mod $test {
            #[allow(unused_imports)]
            use super::*;

            $(#[$attr])*
            async fn machine() {
                use super::$generator::machine as $generator;
                $body
            }

            $(#[$attr])*
            async fn async_block() {
                use super::$generator::async_block as $generator;
                $body
            }
        }
    )*};
}

/// A `Noisy` made from a clone of the log: `Noisy::new(name, &log)` may borrow `log` as
/// far as the macro can tell, which keeps a body that holds it from being a state
/// machine.
fn noisy(name: impl Into<String>, log: Log) -> Noisy {
    Noisy::new(name, &log)
}

/// `Noisy::maybe`, from a clone of the log (see `noisy`).
fn maybe_noisy(keep: bool, name: impl Into<String>, log: Log) -> Option<Noisy> {
    Noisy::maybe(keep, name, &log)
}

both_lowerings! {
    async fn ticks(n: u32) -> impl Stream<Item = u32> {
        for i in 0..n {
            sleep(Duration::from_millis(100)).await;
            yield_!(i);
        }
    }

    async fn logged(log: Log) -> impl Stream<Item = u32> {
        log.push("started");
        yield_!(1);
    }

    async fn pends(n: u32) -> impl FusedStream<Item = u32> {
        for i in 0..n {
            let x = pending_once(i).await;
            yield_!(x);
            let y = core::future::ready(x * 10).await;
            yield_!(y);
        }
    }

    async fn keeps(log: Log) -> impl Stream<Item = u32> {
        let _outer = noisy("outer", log.clone());
        yield_!(1);
        let _inner = noisy("inner", log.clone());
        sleep(Duration::from_secs(10)).await;
        yield_!(2);
    }

    async fn panics_after(log: Log, n: u32) -> impl FusedStream<Item = u32> {
        let _guard = noisy("guard", log.clone());
        for i in 0..n {
            tokio::task::yield_now().await;
            yield_!(i);
        }
        panic!("boom");
    }

    async fn fetch(
        pages: Vec<Result<Vec<u32>, String>>,
    ) -> impl Stream<Item = Result<u32, String>> {
        for page in pages {
            sleep(Duration::from_millis(10)).await;
            for item in page? {
                yield_!(Ok(item));
            }
        }
    }

    async fn ticks_now(n: u32) -> impl FusedStream<Item = u32> {
        for i in 0..n {
            tokio::task::yield_now().await;
            yield_!(i);
        }
    }

    async fn plus_one(values: Vec<u32>) -> impl Stream<Item = u32> {
        for x in values {
            tokio::task::yield_now().await;
            yield_!(x + 1);
        }
    }

    async fn awaits_a_panic(log: Log) -> impl FusedStream<Item = u32> {
        let first = noisy("first", log.clone());
        let second = noisy("second", log.clone());
        let n = PanicsWhenPolled.await;
        log.push(format!("{} {}", first.name(), second.name()));
        yield_!(n);
    }
}

/// A future whose poll panics.
struct PanicsWhenPolled;

impl std::future::Future for PanicsWhenPolled {
    type Output = u32;
    fn poll(self: std::pin::Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
        panic!("the awaited future panics")
    }
}

test_both_lowerings! {
    #[tokio::test(start_paused = true)]
    async fn items_arrive_as_the_awaits_complete() with ticks {
        let start = Instant::now();
        let mut stream = pin!(ticks(3));
        let mut arrivals = Vec::new();
        while let Some(i) = stream.next().await {
            arrivals.push((i, start.elapsed().as_millis()));
        }
        assert_eq!(arrivals, [(0, 100), (1, 200), (2, 300)]);
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_runs_before_the_first_poll() with logged {
        let log = Log::new();
        let stream = logged(log.clone());
        sleep(Duration::from_secs(1)).await;
        assert!(log.take().is_empty());
        let items: Vec<u32> = stream.collect().await;
        assert_eq!(items, [1]);
        assert_eq!(log.take(), ["started"]);
    }

    #[tokio::test]
    async fn pends_only_when_an_awaited_future_is_pending() with pends {
        // Every `Pending` follows a wake-up by the future awaited (a real executor would
        // otherwise hang), and only a pending future makes the stream pend.
        let wakes = Arc::new(CountingWaker(AtomicUsize::new(0)));
        let waker = futures::task::waker(wakes.clone());
        let mut cx = Context::from_waker(&waker);
        let mut stream = pin!(pends(3));
        let (mut items, mut pendings) = (Vec::new(), 0);
        loop {
            match stream.as_mut().poll_next(&mut cx) {
                Poll::Ready(Some(item)) => items.push(item),
                Poll::Ready(None) => break,
                Poll::Pending => {
                    pendings += 1;
                    assert_eq!(wakes.0.load(Ordering::SeqCst), pendings);
                }
            }
        }
        assert_eq!(items, [0, 0, 1, 10, 2, 20]);
        assert_eq!(pendings, 3);
        assert!(stream.is_terminated());
        assert!(matches!(stream.as_mut().poll_next(&mut cx), Poll::Ready(None)));
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_while_an_await_is_pending_drops_the_live_locals_in_order() with keeps {
        let log = Log::new();
        let mut stream = Box::pin(keeps(log.clone()));
        assert_eq!(stream.next().await, Some(1));
        let pending = tokio::time::timeout(Duration::from_secs(1), stream.next()).await;
        assert!(pending.is_err(), "the sleep is still pending");
        assert_eq!(log.take(), ["new outer", "new inner"]);
        drop(stream);
        assert_eq!(log.take(), ["drop inner", "drop outer"]);
    }

    #[tokio::test]
    async fn a_panic_propagates_and_the_stream_ends() with panics_after {
        use futures::FutureExt;
        use std::panic::AssertUnwindSafe;
        let log = Log::new();
        let mut stream = pin!(panics_after(log.clone(), 2));
        assert_eq!(stream.next().await, Some(0));
        assert_eq!(stream.next().await, Some(1));
        let caught = AssertUnwindSafe(stream.next()).catch_unwind().await;
        assert!(caught.is_err(), "the panic reaches the consumer");
        assert_eq!(log.take(), ["new guard", "drop guard"]);
        assert!(stream.is_terminated());
        assert_eq!(stream.size_hint(), (0, Some(0)));
        assert_eq!(stream.next().await, None);
        assert_eq!(stream.next().await, None);
    }

    /// The locals drop while unwinding in reverse declaration order, as natively, also
    /// when the poll of an awaited future panics (BUG 19: the state machine dropped them
    /// in declaration order).
    #[tokio::test]
    async fn a_panic_in_an_awaited_future_drops_the_locals_in_reverse() with awaits_a_panic {
        use futures::FutureExt;
        use std::panic::AssertUnwindSafe;
        let log = Log::new();
        let mut stream = Box::pin(awaits_a_panic(log.clone()));
        let caught = AssertUnwindSafe(stream.next()).catch_unwind().await;
        assert!(caught.is_err(), "the panic reaches the consumer");
        assert_eq!(
            log.take(),
            ["new first", "new second", "drop second", "drop first"]
        );
        assert_eq!(stream.next().await, None);
        drop(stream);
        assert!(log.take().is_empty(), "nothing is left to drop");
    }

    #[tokio::test(start_paused = true)]
    async fn question_mark_yields_the_error_and_ends() with fetch {
        let got: Vec<_> = fetch(vec![Ok(vec![1, 2]), Err("503".into()), Ok(vec![3])])
            .collect()
            .await;
        assert_eq!(got, [Ok(1), Ok(2), Err("503".to_string())]);
    }

    #[tokio::test(start_paused = true)]
    async fn spawned_streams_run_on_other_tasks() with ticks {
        let handle = tokio::spawn(async { ticks(2).collect::<Vec<_>>().await });
        assert_eq!(handle.await.unwrap(), [0, 1]);
    }

    #[tokio::test]
    async fn size_hint_and_fused_end() with ticks_now {
        let mut stream = pin!(ticks_now(2));
        assert_eq!(stream.size_hint(), (0, None));
        assert!(!stream.is_terminated());
        while stream.next().await.is_some() {}
        assert!(stream.is_terminated());
        assert_eq!(stream.size_hint(), (0, Some(0)));
        assert_eq!(stream.next().await, None);
    }

    #[tokio::test]
    async fn interoperates_with_futures_and_tokio_stream() with plus_one {
        let via_futures: Vec<u32> = plus_one(vec![1, 2]).map(|x| x * 10).collect().await;
        assert_eq!(via_futures, [20, 30]);
        let via_tokio: Vec<u32> = tokio_stream::StreamExt::collect(plus_one(vec![3])).await;
        assert_eq!(via_tokio, [4]);
    }

    /// `doubled` is always lowered as an `async` block; the stream it consumes is each
    /// lowering's.
    #[tokio::test(start_paused = true)]
    async fn for_await_consumes_other_streams() with ticks {
        let stream = doubled(ticks(3));
        // (`lowering_of` reads the outermost runtime type.)
        assert_eq!(lowering_of(&stream), ASYNC);
        assert_eq!(stream.collect::<Vec<_>>().await, [0, 2, 4]);
    }
}

/// Counts its wake-ups.
struct CountingWaker(AtomicUsize);

impl ArcWake for CountingWaker {
    fn wake_by_ref(this: &Arc<Self>) {
        this.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// `async` differential bodies: the generator against the same body run eagerly, with
/// `yield_!(x)` logging `got x`. `#[lowerings(..)]` names the lowerings a body runs under
/// (`state_machine`, `async`): `ours::machine` and `ours::async_block` test it under each.
macro_rules! async_differential {
    (@ state_machine $($rest:tt)*) => {
        async_differential!(@under machine state_machine MACHINE $($rest)*);
    };
    (@ async $($rest:tt)*) => {
        async_differential!(@under async_block async ASYNC $($rest)*);
    };
    (@under $module:ident $lowering:tt $expected:ident
        ($log:ident : Log $(, $arg:ident : $ty:ty)*) -> $item:ty $body:block
        for [$( ($($value:expr),*) ),+]
    ) => {
        pub mod $module {
            #[allow(unused_imports)]
            use super::*;
            use gen_core::{generator, yield_};

            #[generator(lowering = $lowering)]
            pub async fn run($log: Log $(, $arg: $ty)*) -> impl FusedStream<Item = $item> $body

            #[tokio::test]
            async fn matches_the_eager_version() {
                $(
                    let log = Log::new();
                    let _eager = $crate::common::EagerLog::set(&log);
                    super::super::eager::run(log.clone() $(, $value)*).await;
                    drop(_eager);
                    let want = log.take();
                    let mut stream = pin!(run(log.clone() $(, $value)*));
                    assert_eq!(lowering_of(&stream), $expected);
                    while let Some(item) = stream.next().await {
                        log.push(format!("got {item:?}"));
                    }
                    assert!(stream.is_terminated());
                    assert_eq!(log.take(), want);
                    let items = want.iter().filter(|e| e.starts_with("got ")).count();
                    for k in 0..=items {
                        let taken: Vec<_> = run(log.clone() $(, $value)*).take(k).collect().await;
                        assert_eq!(taken.len(), k);
                        let events = log.take();
                        let created = events.iter().filter(|e| e.starts_with("new ")).count();
                        let dropped = events.iter().filter(|e| e.starts_with("drop ")).count();
                        assert_eq!(created, dropped, "everything created is dropped, k = {k}: {events:?}");
                    }
                )+
            }
        }
    };
    ($(
        $(#[doc = $doc:literal])*
        #[lowerings($($lowering:tt),+)]
        fn $name:ident $params:tt -> $item:ty $body:block
        for $values:tt;
    )*) => {$(
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            mod eager {
                #[allow(unused_imports)]
                use super::*;
                use $crate::eager_yield_ as yield_;

                fn yield_item(item: $item) {
                    $crate::common::eager_yield(item)
                }

                pub async fn run $params $body
            }

            mod ours {
                #[allow(unused_imports)]
                use super::*;

                $(async_differential!(@ $lowering $params -> $item $body for $values);)+
            }
        }
    )*};
}

/// The bodies live in a module without `yield_` in scope: each version brings its own.
mod bodies {
    #[allow(unused_imports)]
    use futures::StreamExt;
    use gen_core::FusedStream;
    use gen_suite::support::{Log, Noisy, lowering_of, pending_once};
    use std::pin::pin;

    use super::{ASYNC, MACHINE, maybe_noisy, noisy};

    async_differential! {
        /// Yields in the arm of a `match` on an awaited value: the temporary the scrutinee
        /// is lives until the `match` ends, across the yield, and the macro cannot tell
        /// whether the patterns move it, so only the `async` lowering runs this
        /// (`awaits_everywhere_bound` is the same body with the awaited value bound first).
        #[lowerings(async)]
        fn awaits_everywhere(log: Log, n: i64) -> i64 {
            let base = pending_once(10).await;
            for i in 0..n {
                let x = pending_once(i).await + base;
                if x % 2 == 0 {
                    yield_!(x);
                } else {
                    let y = { pending_once(()).await; x * 2 };
                    yield_!(y);
                }
                match pending_once(i).await {
                    0 => log.push("zero"),
                    k if k > 2 => {
                        yield_!(-k);
                    }
                    _ => {}
                }
            }
        } for [(0), (4)];


        #[lowerings(state_machine, async)]
        fn awaits_everywhere_bound(log: Log, n: i64) -> i64 {
            let base = pending_once(10).await;
            for i in 0..n {
                let x = pending_once(i).await + base;
                if x % 2 == 0 {
                    yield_!(x);
                } else {
                    let y = { pending_once(()).await; x * 2 };
                    yield_!(y);
                }
                let k: i64 = pending_once(i).await;
                match k {
                    0 => log.push("zero"),
                    k if k > 2 => {
                        yield_!(-k);
                    }
                    _ => {}
                }
            }
        } for [(0), (4)];

        /// Borrows its own locals across awaits and yields (`owned.iter()`): a state
        /// machine moves its locals between polls, so only the `async` lowering runs it.
        #[lowerings(async)]
        fn owned_and_borrowed(log: Log, words: Vec<&'static str>) -> String {
            let _guard = Noisy::new("guard", &log);
            let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            for (index, word) in owned.iter().enumerate() {
                let item = Noisy::new(format!("item{index}"), &log);
                pending_once(()).await;
                yield_!(format!("{word}-{}", item.name()));
            }
            let total: usize = owned.iter().map(String::len).sum();
            yield_!(total.to_string());
        } for [(vec![]), (vec!["a", "bc"])];

        /// The same without borrowing its own locals: the state machine runs it too.
        #[lowerings(state_machine, async)]
        fn owned_and_moved(log: Log, words: Vec<&'static str>) -> String {
            let _guard = noisy("guard", log.clone());
            let mut total = 0;
            for word in words {
                let item = noisy(format!("item{total}"), log.clone());
                pending_once(()).await;
                total += word.len();
                yield_!(format!("{word}-{}", Noisy::len(&item)));
            }
            yield_!(total.to_string());
        } for [(vec![]), (vec!["a", "bc"])];

        #[lowerings(state_machine, async)]
        fn early_return(log: Log, limit: u32) -> u32 {
            let mut i = 0;
            loop {
                let value = pending_once(i).await;
                if value >= limit {
                    log.push("limit");
                    return;
                }
                yield_!(value);
                i += 1;
            }
        } for [(0), (3)];

        /// Awaits and yields in `if let`, `while let` and `let`-`else` scrutinees and in a
        /// chain of `let`s, with the values they match dropping where they do natively.
        #[lowerings(state_machine, async)]
        fn awaits_in_let_conditions(log: Log, n: i64) -> i64 {
            let mut i = 0;
            while let Some(k) = pending_once(maybe_noisy(i < n, format!("w{i}"), log.clone())).await {
                i += 1;
                if let Some(x) = pending_once(if i % 2 == 0 { Some(i) } else { None }).await
                    && let Some(m) = { yield_!(i); maybe_noisy(i != 2, "m", log.clone()) }
                {
                    yield_!(x + Noisy::len(&m) as i64);
                } else if let Some(y) = i64::checked_sub({ yield_!(-i); pending_once(i * 3).await }, 6) {
                    yield_!(y);
                } else {
                    log.push(format!("neither {}", Noisy::len(&k)));
                }
                let Ok(v) = ({
                    yield_!(100 + i);
                    pending_once(if i != 3 { Ok(i) } else { Err(noisy("e", log.clone())) }).await
                }) else {
                    log.push("else");
                    continue;
                };
                yield_!(v);
            }
            log.push("end");
        } for [(0), (2), (5)];

        /// Code after a `return;`, a `break` or a `continue` is left out of the state
        /// machine (rustc reports it, allowed here where it starts); the rest runs and
        /// drops as the `async` lowering, which keeps it.
        #[lowerings(state_machine, async)]
        fn unreachable_code_after_jumps(log: Log, n: i64) -> i64 {
            let _outer = noisy("outer", log.clone());
            for i in 0..n {
                let kept = pending_once(noisy(format!("k{i}"), log.clone())).await;
                if i == 1 {
                    yield_!(i);
                    continue;
                    #[allow(unreachable_code)]
                    log.push("never");
                    yield_!(pending_once(-1).await);
                }
                if i == 3 {
                    yield_!(Noisy::len(&kept) as i64);
                    return;
                    #[allow(unreachable_code)]
                    let _never = pending_once(i).await;
                    yield_!(-2);
                }
                yield_!(pending_once(i * 10).await);
            }
            log.push("end");
        } for [(0), (2), (5)];

        /// The temporaries of a yielded value live until the `yield_!` statement ends,
        /// after the body resumes: they dropped before the item was handed out. The state
        /// machine does not hold temporaries across a yield: the `async` lowering only.
        #[lowerings(async)]
        fn yielded_value_temporaries(log: Log, n: usize) -> usize {
            for i in 0..n {
                yield_!(Noisy::new(format!("t{i}"), &log).name().len() + i);
                log.push(format!("resumed {i}"));
            }
            let last = pending_once(Noisy::new("awaited", &log)).await;
            yield_!(last.name().len());
        } for [(0), (2)];

        /// Yields in the arms of `tokio::select!`, where the macro leaves them in the
        /// body's own code: the `async` lowering rewrites them in the macro's arguments.
        /// (`biased`, so that the eager version takes the same branches.)
        #[lowerings(async)]
        fn yields_in_select_arms(log: Log, n: u32) -> u32 {
            let _guard = Noisy::new("guard", &log);
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            for i in 0..n {
                tx.send(i).expect("the receiver is alive");
            }
            drop(tx);
            let mut ticks = 0;
            loop {
                tokio::select! {
                    biased;
                    Some(i) = rx.recv() => {
                        let item = Noisy::new(format!("item{i}"), &log);
                        yield_!(i * 10 + item.name().len() as u32);
                        log.push(format!("after {i}"));
                    }
                    tick = pending_once(7), if ticks < 2 => {
                        ticks += 1;
                        yield_!(tick + ticks)
                    }
                    else => break,
                }
            }
            yield_!(1000);
        } for [(0), (3)];

        /// Yields in the arguments of a macro that repeats them, and of `format!`, with an
        /// `.await` next to them.
        #[lowerings(async)]
        fn yields_in_other_macros(log: Log, n: u32) -> u32 {
            macro_rules! twice {
                ($e:expr) => {{
                    $e;
                    $e;
                }};
            }
            for i in 0..n {
                let _item = Noisy::new(format!("item{i}"), &log);
                twice!(yield_!(i));
                let text = format!("{}-{}", { yield_!(100 + i); i }, pending_once(i).await);
                log.push(text);
            }
        } for [(0), (2)];
    }
}

/// A `#[for_await]` loop: only the `async` lowering runs these.
#[generator]
async fn doubled<S: Stream<Item = u32>>(inner: S) -> impl Stream<Item = u32> {
    #[for_await]
    for x in inner {
        yield_!(x * 2);
    }
}

/// A `#[for_await]` loop: only the `async` lowering runs these.
#[generator]
async fn from_tokio_stream(values: Vec<u32>) -> impl Stream<Item = u32> {
    #[for_await]
    for x in tokio_stream::iter(values) {
        yield_!(x + 1);
    }
}

#[tokio::test]
async fn for_await_consumes_tokio_streams() {
    let stream = from_tokio_stream(vec![1, 2]);
    assert_eq!(lowering_of(&stream), ASYNC);
    let via_futures: Vec<u32> = stream.map(|x| x * 10).collect().await;
    assert_eq!(via_futures, [20, 30]);
    let via_tokio: Vec<u32> = tokio_stream::StreamExt::collect(from_tokio_stream(vec![3])).await;
    assert_eq!(via_tokio, [4]);
    let mut numbers = pin!(tokio_stream::iter(vec![5, 6]));
    let sum = async {
        let mut total = 0;
        while let Some(x) = tokio_stream::StreamExt::next(&mut numbers).await {
            total += x;
        }
        total
    };
    assert_eq!(sum.await, 11);
}

struct Catalog {
    names: Vec<String>,
}

impl Catalog {
    #[generator(lowering = state_machine)]
    async fn names(&self) -> impl Stream<Item = &str> {
        for name in &self.names {
            tokio::task::yield_now().await;
            yield_!(name.as_str());
        }
    }

    #[generator(lowering = async)]
    async fn names_async(&self) -> impl Stream<Item = &str> {
        for name in &self.names {
            tokio::task::yield_now().await;
            yield_!(name.as_str());
        }
    }

    #[generator(lowering = state_machine)]
    async fn boxed(
        &self,
        prefix: String,
    ) -> std::pin::Pin<Box<dyn Stream<Item = String> + Send + '_>> {
        for name in &self.names {
            yield_!(format!("{prefix}{name}"));
        }
    }

    #[generator(lowering = async)]
    async fn boxed_async(
        &self,
        prefix: String,
    ) -> std::pin::Pin<Box<dyn Stream<Item = String> + Send + '_>> {
        for name in &self.names {
            yield_!(format!("{prefix}{name}"));
        }
    }

    /// Moves a field out of `self` (`for name in self.names`), which the state machine
    /// does not run: the `async` lowering.
    #[generator]
    async fn boxed_stream(self) -> futures::stream::BoxStream<'static, String> {
        for name in self.names {
            tokio::task::yield_now().await;
            yield_!(name);
        }
    }
}

#[tokio::test]
async fn methods_and_boxed_return_types() {
    // A boxed stream hides its lowering from `lowering_of`: the attributes choose it (and
    // `lowering = state_machine` fails to compile where the machine cannot run the body).
    let catalog = || Catalog {
        names: vec!["a".into(), "b".into()],
    };
    let names = catalog();
    assert_eq!(lowering_of(&names.names()), MACHINE);
    assert_eq!(lowering_of(&names.names_async()), ASYNC);
    assert_eq!(names.names().collect::<Vec<_>>().await, ["a", "b"]);
    assert_eq!(names.names_async().collect::<Vec<_>>().await, ["a", "b"]);
    for boxed in [names.boxed("x".into()), names.boxed_async("x".into())] {
        assert_eq!(boxed.collect::<Vec<_>>().await, ["xa", "xb"]);
    }
    assert_eq!(
        catalog().boxed_stream().collect::<Vec<_>>().await,
        ["a", "b"]
    );
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn send_follows_what_is_live() {
    assert_send(&ticks::machine(1));
    assert_send(&ticks::async_block(1));
    assert_send(&fetch::machine(vec![]));
    assert_send(&fetch::async_block(vec![]));
}

// ---------------------------------------------------------------------------------------
// The lowering the macro picks by default (`#[generator]`), for typical bodies.

async fn double(i: u32) -> u32 {
    tokio::task::yield_now().await;
    i * 2
}

#[generator]
async fn doubles(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        let x = double(i).await;
        yield_!(x);
    }
}

/// A paginated API: page `n` after a latency, or an error.
struct Client {
    pages: Vec<Result<Vec<u32>, String>>,
}

async fn fetch_page(client: &Client, n: usize) -> Result<Vec<u32>, String> {
    sleep(Duration::from_millis(50)).await;
    client.pages.get(n).cloned().unwrap_or(Ok(Vec::new()))
}

#[generator]
async fn all_items(client: &Client) -> impl Stream<Item = Result<u32, String>> {
    let mut n = 0;
    loop {
        let page = fetch_page(client, n).await?;
        if page.is_empty() {
            break;
        }
        for item in page {
            yield_!(Ok(item));
        }
        n += 1;
    }
}

#[generator]
async fn first_pages(
    client: &Client,
    pages: usize,
) -> impl Stream<Item = Result<Vec<u32>, String>> {
    for n in 0..pages {
        let page = fetch_page(client, n).await?;
        yield_!(Ok(page));
    }
}

#[generator]
async fn sleepy_ticks(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        tokio::time::sleep(Duration::from_millis(100)).await;
        yield_!(i);
    }
}

#[tokio::test(start_paused = true)]
async fn typical_bodies_get_the_state_machine_by_default() {
    let stream = doubles(3);
    assert_eq!(lowering_of(&stream), MACHINE);
    assert_eq!(stream.collect::<Vec<_>>().await, [0, 2, 4]);

    let client = Client {
        pages: vec![Ok(vec![1, 2]), Ok(vec![3]), Err("503".into()), Ok(vec![4])],
    };
    let stream = all_items(&client);
    assert_eq!(lowering_of(&stream), MACHINE);
    let start = Instant::now();
    let got = stream.collect::<Vec<_>>().await;
    assert_eq!(got, [Ok(1), Ok(2), Ok(3), Err("503".to_string())]);
    assert_eq!(start.elapsed().as_millis(), 150);
    let client = Client {
        pages: vec![Ok(vec![1]), Ok(vec![2])],
    };
    let got = all_items(&client).collect::<Vec<_>>().await;
    assert_eq!(got, [Ok(1), Ok(2)]);

    let stream = first_pages(&client, 3);
    assert_eq!(lowering_of(&stream), MACHINE);
    let got = stream.collect::<Vec<_>>().await;
    assert_eq!(got, [Ok(vec![1]), Ok(vec![2]), Ok(vec![])]);

    let stream = sleepy_ticks(3);
    assert_eq!(lowering_of(&stream), MACHINE);
    let start = Instant::now();
    let mut stream = pin!(stream);
    let mut arrivals = Vec::new();
    while let Some(i) = stream.next().await {
        arrivals.push((i, start.elapsed().as_millis()));
    }
    assert_eq!(arrivals, [(0, 100), (1, 200), (2, 300)]);
}

/// Awaits in a `while let` condition, and holds the reader it borrows from: the `async`
/// lowering.
#[generator]
async fn lines(input: &'static [u8]) -> impl Stream<Item = std::io::Result<String>> {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(input).lines();
    while let Some(line) = lines.next_line().await? {
        yield_!(Ok(line));
    }
}

/// Iterates over a borrow of its own local across awaits and yields: the `async`
/// lowering.
#[generator]
async fn word_lengths(text: String) -> impl Stream<Item = (String, usize)> {
    let words: Vec<String> = text.split_whitespace().map(String::from).collect();
    for w in words.iter() {
        tokio::task::yield_now().await;
        yield_!((w.clone(), w.len()));
    }
}

pub struct Page {
    items: Vec<u32>,
    next: Option<u32>,
}

/// Moves a field out of a local (`page.items`) and uses another field after a yield:
/// the machine would save `page` whole, which does not compile; the `async` lowering.
#[generator]
async fn paged(pages: Vec<Page>) -> impl Stream<Item = u32> {
    for page in pages {
        tokio::task::yield_now().await;
        for item in page.items {
            yield_!(item);
        }
        if let Some(next) = page.next {
            yield_!(next * 100);
        }
    }
}

#[tokio::test]
async fn borrowing_bodies_get_the_async_lowering_by_default_and_work() {
    let pages = vec![
        Page {
            items: vec![1, 2],
            next: Some(2),
        },
        Page {
            items: vec![3],
            next: None,
        },
    ];
    let stream = paged(pages);
    assert_eq!(lowering_of(&stream), ASYNC);
    assert_eq!(stream.collect::<Vec<_>>().await, [1, 2, 200, 3]);

    let stream = lines(b"one\ntwo\n\nthree");
    assert_eq!(lowering_of(&stream), ASYNC);
    let got: Vec<String> = stream.map(Result::unwrap).collect().await;
    assert_eq!(got, ["one", "two", "", "three"]);

    let stream = word_lengths("a bb  ccc".into());
    assert_eq!(lowering_of(&stream), ASYNC);
    let got: Vec<_> = stream.collect().await;
    assert_eq!(got, [("a".into(), 1), ("bb".into(), 2), ("ccc".into(), 3)]);
}

// ---------------------------------------------------------------------------------------
// Macros in async bodies. The attribute does not see what a macro expands to, and some
// macros await (`tokio::join!`, `tokio::select!`): the state machine runs the body in a
// plain closure, where they would not compile.

/// Awaits the futures `tokio::join!` makes of its arguments.
#[generator]
async fn joined(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        let (a, b) = tokio::join!(double(i), double(i + 1));
        yield_!(a + b);
    }
}

async fn joined_eager(n: u32) -> Vec<u32> {
    let mut items = Vec::new();
    for i in 0..n {
        let (a, b) = tokio::join!(double(i), double(i + 1));
        items.push(a + b);
    }
    items
}

/// Awaits what `tokio::select!` makes of its branches, and a macro of its own.
#[generator]
async fn selected(n: u32) -> impl Stream<Item = u32> {
    macro_rules! awaited {
        ($future:expr) => {
            $future.await
        };
    }
    for i in 0..n {
        let x = tokio::select! {
            biased;
            x = double(i) => x,
            _ = sleep(Duration::from_secs(1)) => 0,
        };
        yield_!(x + awaited!(double(1)));
    }
}

async fn selected_eager(n: u32) -> Vec<u32> {
    let mut items = Vec::new();
    for i in 0..n {
        let x = tokio::select! {
            biased;
            x = double(i) => x,
            _ = sleep(Duration::from_secs(1)) => 0,
        };
        items.push(x + double(1).await);
    }
    items
}

/// The standard library's macros do not await: the state machine runs this body.
#[generator]
async fn described(n: u32) -> impl Stream<Item = String> {
    use std::fmt::Write;
    for i in 0..n {
        let x = double(i).await;
        assert!(x % 2 == 0, "{x} is even");
        debug_assert_eq!(x, i * 2);
        let mut text = format!("{i}:");
        write!(text, "{:?}", vec![x; 2]).expect("writing to a string");
        if matches!(x, 0) {
            text.push_str(concat!("zero", "!"));
        }
        yield_!(text);
    }
}

/// A macro of the user's own, which the attribute does not know, where the user asked for
/// the state machine: it does not await, so the machine runs it.
#[generator(lowering = state_machine)]
async fn own_macro_as_machine(n: u32) -> impl Stream<Item = u32> {
    macro_rules! plus_one {
        ($x:expr) => {
            $x + 1
        };
    }
    for i in 0..n {
        let x = double(i).await;
        yield_!(x * plus_one!(2));
    }
}

#[tokio::test(start_paused = true)]
async fn macros_that_may_await_keep_the_async_lowering() {
    let stream = joined(3);
    assert_eq!(lowering_of(&stream), ASYNC);
    assert_eq!(stream.collect::<Vec<_>>().await, joined_eager(3).await);

    let stream = selected(3);
    assert_eq!(lowering_of(&stream), ASYNC);
    assert_eq!(stream.collect::<Vec<_>>().await, selected_eager(3).await);

    let stream = described(3);
    assert_eq!(lowering_of(&stream), MACHINE);
    let got = stream.collect::<Vec<_>>().await;
    let want = (0..3).map(|i| {
        let zero = if i == 0 { "zero!" } else { "" };
        format!("{i}:{:?}{zero}", [i * 2; 2])
    });
    assert_eq!(got, want.collect::<Vec<_>>());

    let stream = own_macro_as_machine(3);
    assert_eq!(lowering_of(&stream), MACHINE);
    let want: Vec<u32> = (0..3).map(|i| i * 2 * 3).collect();
    assert_eq!(stream.collect::<Vec<_>>().await, want);
}

/// Events from a channel and a timer, yielded from the arms of `tokio::select!`; one arm
/// names `yield_!` by its path.
#[generator]
async fn events(
    mut messages: tokio::sync::mpsc::Receiver<String>,
    mut ticks: tokio::time::Interval,
) -> impl Stream<Item = String> + Send {
    let mut ticked = 0;
    loop {
        tokio::select! {
            biased;
            Some(message) = messages.recv() => yield_!(message),
            _ = ticks.tick(), if ticked < 2 => {
                ticked += 1;
                gen_core::yield_!(format!("tick {ticked}"));
            }
            else => break,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yields_in_select_arms_by_default() {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    let stream = events(receiver, tokio::time::interval(Duration::from_millis(1)));
    assert_eq!(lowering_of(&stream), ASYNC);
    // `Send`: the body's handle on its stream is borrowed from the body, which moves.
    let task = tokio::spawn(stream.collect::<Vec<_>>());
    sender
        .send("a".to_string())
        .await
        .expect("the stream is alive");
    drop(sender);
    let got = task.await.expect("the task ends");
    let ticks = got.iter().filter(|e| e.starts_with("tick ")).count();
    assert_eq!(ticks, 2, "{got:?}");
    assert!(got.contains(&"a".to_string()), "{got:?}");
    assert_eq!(got.len(), 3, "{got:?}");
}

both_lowerings! {
    /// Ten await points, in loops, branches and match arms, with futures of several types
    /// and some holding a `Noisy`: the machine's slot is a tree four levels deep.
    async fn many_points(log: Log, n: u32) -> impl Stream<Item = u32> {
        let _outer = noisy("outer", log.clone());
        for i in 0..n {
            let a = pending_once(i).await;
            let b = core::future::ready(a + 1).await;
            if a % 2 == 0 {
                let _even = noisy(format!("even {i}"), log.clone());
                let c = pending_once(noisy(format!("c{i}"), log.clone())).await;
                yield_!(b * 2 + Noisy::len(&c) as u32);
                pending_once(()).await;
            } else {
                let d = pending_once(format!("{b}")).await;
                yield_!(d.len() as u32);
            }
            let e = pending_once(a + b).await;
            match e % 3 {
                0 => yield_!(pending_once(e).await),
                1 => {
                    let _one = noisy(format!("one {i}"), log.clone());
                    yield_!(pending_once(e + 100).await)
                }
                _ => yield_!(core::future::ready(e + 200).await),
            }
        }
        pending_once(noisy("last", log.clone())).await;
        yield_!(999);
    }
}

/// Polls `stream` with a waker that does nothing, until it ends or has been pending
/// `pendings` times; then drops it. Returns its items and how many times it was pending.
fn run_and_drop(stream: impl Stream<Item = u32>, pendings: usize) -> (Vec<u32>, usize) {
    let mut cx = Context::from_waker(futures::task::noop_waker_ref());
    let mut stream = Box::pin(stream);
    let (mut items, mut pended) = (Vec::new(), 0);
    while pended < pendings {
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(item)) => items.push(item),
            Poll::Ready(None) => break,
            Poll::Pending => pended += 1,
        }
    }
    (items, pended)
}

#[test]
fn many_await_points_behave_as_the_async_lowering() {
    let run = |machine: bool, pendings: usize| {
        let log = Log::new();
        let (items, pended) = if machine {
            run_and_drop(many_points::machine(log.clone(), 5), pendings)
        } else {
            run_and_drop(many_points::async_block(log.clone(), 5), pendings)
        };
        (items, pended, log.take())
    };
    let (items, total, log) = run(true, usize::MAX);
    assert_eq!((items.clone(), total, log.clone()), run(false, usize::MAX));
    assert_eq!(items.len(), 11);
    assert_eq!(total, 23);
    assert_eq!(log.last().map(String::as_str), Some("drop outer"));
    // Dropped while each await is pending in turn: the same items, then the same drops.
    for pendings in 0..total {
        assert_eq!(
            run(true, pendings),
            run(false, pendings),
            "dropped at {pendings}"
        );
    }
}

/// A generator whose body sums `ready(i).await` for each `i` given, then yields the sum:
/// one suspension point each, and the yield.
macro_rules! sum_of_awaits {
    ($name:ident: $($i:literal)*) => {
        #[generator]
        async fn $name() -> impl Stream<Item = u32> {
            let mut sum = 0;
            $(sum += core::future::ready($i).await;)*
            yield_!(sum);
        }
    };
}

sum_of_awaits!(sixty_four_points: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62);
sum_of_awaits!(sixty_five_points: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63);

#[tokio::test]
async fn a_long_body_keeps_the_async_lowering() {
    // Rustc takes seconds to type-check a state machine of a hundred `.await`s and yields,
    // minutes with three hundred: beyond 64 points, the default is the `async` lowering.
    let stream = sixty_four_points();
    assert_eq!(lowering_of(&stream), MACHINE);
    assert_eq!(stream.collect::<Vec<_>>().await, [(0..63).sum::<u32>()]);
    let stream = sixty_five_points();
    assert_eq!(lowering_of(&stream), ASYNC);
    assert_eq!(stream.collect::<Vec<_>>().await, [(0..64).sum::<u32>()]);
}

both_lowerings! {
    async fn debuggable(n: u32) -> impl Stream<Item = u32> + std::fmt::Debug {
        for i in 0..n {
            pending_once(()).await;
            yield_!(i);
        }
    }
}

test_both_lowerings! {
    #[tokio::test]
    async fn streams_implement_debug() with debuggable {
        let mut stream = Box::pin(debuggable(2));
        assert_eq!(format!("{stream:?}"), "AsyncGenerator { .. }");
        assert_eq!(stream.next().await, Some(0));
        assert_eq!(format!("{stream:?}"), "AsyncGenerator { .. }");
    }
}

both_lowerings! {
    /// After a loop left from a resume arm (`yield_!` then `break`), the code that follows
    /// is written in more than one arm of the machine; the futures awaited there hold an
    /// `async` block or a closure, each copy of which has its own type, while the slot of
    /// an await point has one (this did not compile).
    async fn awaits_closures_after_a_loop(n: i64) -> impl Stream<Item = i64> {
        let mut c = 0;
        while c < 3 {
            c += 1;
            if c > n {
                yield_!(c);
                break;
            }
        }
        for i in pending_once((0..2).map(move |v: i64| v * 2 + c)).await {
            yield_!(i);
        }
        let x = async move { c * 10 }.await;
        yield_!(x);
        let add = move |v: i64| v + x;
        let timed = tokio::time::timeout(Duration::from_secs(1), async move { add(1) })
            .await
            .unwrap_or(-1);
        yield_!(timed);
    }
}

test_both_lowerings! {
    #[tokio::test]
    async fn futures_holding_closures_after_a_loop() with awaits_closures_after_a_loop {
        let items: Vec<i64> = awaits_closures_after_a_loop(1).collect().await;
        assert_eq!(items, [2, 2, 4, 20, 21]);
        let items: Vec<i64> = awaits_closures_after_a_loop(5).collect().await;
        assert_eq!(items, [3, 5, 30, 31]);
    }
}

/// Futures that borrow locals through a non-`move` `async` block or closure, whatever the
/// block does with them (here only operators and a formatting macro): the state machine
/// would move the locals away from the future, so these keep the `async` lowering (the
/// machine was chosen and failed to compile, rustc's E0373).
#[generator]
async fn borrows_in_async_blocks(n: i64) -> impl Stream<Item = String> {
    let c = n + 1;
    let x = async { c * 10 }.await;
    yield_!(x.to_string());
    let label = String::from("v");
    let shown = tokio::time::timeout(Duration::from_secs(1), async { format!("{label}{c}") })
        .await
        .unwrap_or_default();
    yield_!(shown);
    let doubled = pending_once(()).await;
    let f = || c * 2 + x;
    let _: () = doubled;
    yield_!(core::future::ready(f()).await.to_string());
}

#[tokio::test]
async fn futures_borrowing_in_async_blocks_keep_the_async_lowering() {
    let stream = borrows_in_async_blocks(1);
    assert_eq!(lowering_of(&stream), ASYNC);
    assert_eq!(stream.collect::<Vec<_>>().await, ["20", "v2", "24"]);
}

/// A value that `.await` accepts without being a future: its `IntoFuture` makes one.
struct Delayed(u32);

impl std::future::IntoFuture for Delayed {
    type Output = u32;
    type IntoFuture = PendingOnce<u32>;

    fn into_future(self) -> PendingOnce<u32> {
        pending_once(self.0 * 100)
    }
}

both_lowerings! {
    /// `.await` on each kind of value it accepts (the machine calls `into_future` as a
    /// method, to report a value that is not a future in one error, and checks what that
    /// call finds: `UI await_not_a_future`).
    async fn operands(n: u32) -> impl Stream<Item = u32> {
        for i in 0..n {
            yield_!(Delayed(i).await);
            yield_!(Box::new(core::future::ready(i + 1)).await);
            let boxed: Pin<Box<dyn Future<Output = u32> + Send>> = Box::pin(pending_once(i + 2));
            yield_!(boxed.await);
            yield_!(std::future::IntoFuture::into_future(Delayed(i + 3)).await);
        }
    }
}

test_both_lowerings! {
    #[tokio::test]
    async fn await_takes_futures_and_into_futures() with operands {
        let items: Vec<u32> = operands(2).collect().await;
        assert_eq!(items, [0, 1, 2, 300, 100, 2, 3, 400]);
    }
}
