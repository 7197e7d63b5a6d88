//! Randomized differential test of `#[generator]` on `async fn`: the bodies of
//! `tests/random_bodies.rs`, as streams that also await.
//!
//! `build.rs` writes each random body once more as a `#[generator] async fn` in which, at
//! random places (statements, operands, conditions, match scrutinees, iterables, around
//! yields and around yielding expressions, `Noisy` values), an expression `e` of the sync
//! versions becomes `pending_once(e).await`, a future that is pending once and then ready,
//! or a statement `pending_once(()).await;` is added; and some `for x in v` loops become
//! `#[for_await] for x in pending_stream(v)`, over a stream pending once before each item
//! and before its end (eager: `for x in pended_iter(log, v)`). Its eager version is the sync eager
//! version in which those places log `pending` (`pended(log, e)`), as the consumer here logs
//! `pending` for every `Pending` it gets: so the logs must be equal event for event, the
//! `Pending`s included. With `--features nightly`, each body is also a native `async gen`
//! block. The consumer polls by hand with a waker that counts its wakes. For every case:
//!
//! - full drain: the log (`got {item}` per item, `pending` per `Pending`) equals the eager
//!   log exactly, every `Pending` was preceded by a wake, and `poll_next` keeps returning
//!   `Ready(None)` after the first;
//! - early drop after `k` items, for every `k`: the log up to the consumer's drop marker is
//!   the eager log up to its `k`-th `got`, only drops follow, and every `new X` has exactly
//!   one `drop X`;
//! - drop while pending, at the `j`-th `Pending`, for every `j`: the same, with the eager log
//!   up to its `j`-th `pending`;
//! - with `--features nightly`: every log above equals the native `async gen` block's, and
//!   the native drain equals the eager log;
//! - panics, as in `tests/random_bodies.rs`: the probes of the body and (`panic_in_await`)
//!   those of the awaited futures and `#[for_await]` streams, which probe as they become
//!   ready (the eager `pended` right after logging `pending`), count their hits; for up to
//!   4 hits the probe panics, and each version (`#[generator]`, `lowering = async`, native
//!   `async gen` on nightly) must log what the eager function logs when it panics there:
//!   the items and `Pending`s before, every drop of the unwinding in order (a future being
//!   awaited, with what it holds, before the locals), then `panicked`; then `size_hint`
//!   must be `(0, Some(0))` and `poll_next` must return `Ready(None)`, as after the end (not
//!   asked of the native block, which panics again there), and dropping the stream must log
//!   nothing more.
//!
//! ```text
//! cargo test -p gen-suite --test random_streams
//! cargo +nightly test -p gen-suite --test random_streams --features nightly
//! GEN_DIFF_SEED=0x1234 GEN_DIFF_CASES=400 cargo test -p gen-suite --test random_streams
//! ```
//!
//! A failing case prints its body; `$OUT_DIR/random_streams.rs` holds the versions. The
//! await placements are constructs of their own (`STREAM_CONSTRUCTS` in `build.rs`,
//! switched with `GEN_DIFF_ENABLE` / `GEN_DIFF_DISABLE` like the others); they are drawn
//! from a random stream of their own, so the same seed gives the same sync bodies.
//!
//! Defect found here, fixed: `temp_across_yield` puts temporaries with destructors in
//! yielded values, and the async generator dropped them before handing out the item (BUG
//! 13 in `build.rs`; `yield_!(Noisy::new("t", log).name().len())` logged `new t, drop t,
//! got 1` where the eager and native versions log `new t, got 1, drop t`).

#![cfg_attr(feature = "nightly", feature(gen_blocks, async_iterator))]
#![forbid(unsafe_code)]

use gen_core::Stream;
// `probe`: called by the generated bodies (with `panic_probe` or `panic_in_await`).
#[allow(unused_imports)]
use gen_suite::support::probe;
use gen_suite::support::{
    Log, Noisy, ProbePanic, Probes, lowering_of, panic_targets, probe_unlogged,
    silence_probe_panics,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

type BoxedStream<'a> = Pin<Box<dyn Stream<Item = i64> + 'a>>;
type MakeStream = for<'a> fn(&'a Log) -> BoxedStream<'a>;

struct Case {
    name: &'static str,
    seed: u64,
    source: &'static str,
    /// How many `Noisy` arguments the caller creates before the body runs.
    noisy_params: usize,
    /// The generator as `#[generator]` lowers it (a state machine where it can).
    ours: MakeStream,
    /// The same body with `#[generator(lowering = async)]`: the compiler's `async`
    /// lowering, whose logs those of `ours` must equal exactly.
    async_block: MakeStream,
    /// Which lowering `ours` got.
    lowering: fn(&Log) -> &'static str,
    eager: fn(&Log),
    #[cfg(feature = "nightly")]
    native: MakeStream,
}

/// A future that returns `Pending` once (waking its task), then its value: the support
/// crate's `pending_once`, but with a probe (if `PROBE_AWAITS`) in the poll that makes it
/// ready, while it still holds its value.
struct PendingOnce<T>(Option<T>, bool);

/// `value`, after one `Pending`.
fn pending_once<T>(value: T) -> PendingOnce<T> {
    PendingOnce(Some(value), false)
}

impl<T: Unpin> Future for PendingOnce<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.1 {
            self.1 = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if PROBE_AWAITS {
            probe_unlogged();
        }
        Poll::Ready(self.0.take().expect("polled after completion"))
    }
}

/// A stream of the items of an iterable that is pending once (waking its task) before each
/// item and before its end, and probes (if `PROBE_AWAITS`) after taking each item (or the
/// end), as the eager `pended_iter` does.
struct PendingStream<I> {
    iter: I,
    pended: bool,
}

fn pending_stream<I: IntoIterator>(iterable: I) -> PendingStream<I::IntoIter> {
    PendingStream {
        iter: iterable.into_iter(),
        pended: false,
    }
}

impl<I: Iterator + Unpin> Stream for PendingStream<I> {
    type Item = I::Item;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I::Item>> {
        if !self.pended {
            self.pended = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.pended = false;
        let next = self.iter.next();
        if PROBE_AWAITS {
            probe_unlogged();
        }
        Poll::Ready(next)
    }
}

/// The next item of a stream (the native versions' `#[for_await]`).
#[cfg(feature = "nightly")]
async fn next_of<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// A native `async gen` block as a `Stream`.
#[cfg(feature = "nightly")]
struct NativeStream<'a>(Pin<Box<dyn std::async_iter::AsyncIterator<Item = i64> + 'a>>);

#[cfg(feature = "nightly")]
impl Stream for NativeStream<'_> {
    type Item = i64;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<i64>> {
        self.0.as_mut().poll_next(cx)
    }
}

#[cfg(feature = "nightly")]
use std::async_iter::AsyncIterator;

include!(concat!(env!("OUT_DIR"), "/random_streams.rs"));
#[cfg(feature = "nightly")]
include!(concat!(env!("OUT_DIR"), "/random_streams_native.rs"));

const END: &str = "-- poll_next returned Ready(None) --";
const DROPPED: &str = "-- the consumer dropped the stream --";
const PENDING: &str = "pending";
/// What the consumer logs when a probe's panic reaches it.
const PANICKED: &str = "panicked";
/// More polls than any case needs: a stream still running after them is stuck.
const MAX_POLLS: usize = 100_000;

/// Counts its wakes.
#[derive(Default)]
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Polls a stream by hand, logging what each poll returns.
struct Consumer<'a> {
    log: &'a Log,
    stream: Option<BoxedStream<'a>>,
    wakes: Arc<CountingWaker>,
    waker: Waker,
    items: usize,
    pendings: usize,
    polls: usize,
    /// `Ready(None)` came (and was logged once).
    ended: bool,
    /// A poll panicked (and the consumer logged it).
    panicked: bool,
}

impl<'a> Consumer<'a> {
    fn new(log: &'a Log, make: MakeStream) -> Self {
        let wakes = Arc::new(CountingWaker::default());
        Consumer {
            log,
            stream: Some(make(log)),
            waker: Waker::from(wakes.clone()),
            wakes,
            items: 0,
            pendings: 0,
            polls: 0,
            ended: false,
            panicked: false,
        }
    }

    /// Polls once, logging `got {item}`, `pending` or the end (after the end, anything
    /// but `Ready(None)`).
    fn poll(&mut self) -> Poll<Option<i64>> {
        self.polls += 1;
        assert!(self.polls < MAX_POLLS, "the stream does not end");
        let before = self.wakes.0.load(Ordering::Relaxed);
        let mut cx = Context::from_waker(&self.waker);
        let poll = self
            .stream
            .as_mut()
            .expect("not dropped")
            .as_mut()
            .poll_next(&mut cx);
        if self.ended || self.panicked {
            if poll != Poll::Ready(None) {
                let after = if self.panicked {
                    "the panic"
                } else {
                    "Ready(None)"
                };
                self.log.push(format!("-- {poll:?} after {after} --"));
            }
            return poll;
        }
        match poll {
            Poll::Ready(Some(item)) => {
                self.items += 1;
                self.log.push(format!("got {item}"));
            }
            Poll::Ready(None) => {
                self.ended = true;
                self.log.push(END);
            }
            Poll::Pending => {
                self.pendings += 1;
                self.log.push(PENDING);
                if self.wakes.0.load(Ordering::Relaxed) == before {
                    self.log.push("-- Pending without a wake --");
                }
            }
        }
        poll
    }

    /// Polls once as [`poll`](Self::poll) does, catching a panic: logs `panicked` if it is a
    /// probe's panic, the payload if it is any other; `None` if it panicked.
    fn poll_catching(&mut self) -> Option<Poll<Option<i64>>> {
        match catch_unwind(AssertUnwindSafe(|| self.poll())) {
            Ok(poll) => Some(poll),
            Err(payload) => {
                self.panicked = true;
                self.log.push(panic_event(&*payload));
                None
            }
        }
    }

    fn drop_stream(&mut self) {
        self.log.push(DROPPED);
        self.stream = None;
    }
}

/// What the consumer logs for a panic: `panicked` for a probe's, the payload of any other.
fn panic_event(payload: &(dyn std::any::Any + Send)) -> String {
    if payload.is::<ProbePanic>() {
        return PANICKED.into();
    }
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("-- another panic: {message:?} --")
}

/// Drains the stream, polls it three times more, then drops it; also how many probes it
/// hit.
fn drain(make: MakeStream) -> (Vec<String>, usize) {
    let log = Log::new();
    let probes = Probes::count();
    let mut consumer = Consumer::new(&log, make);
    while consumer.poll() != Poll::Ready(None) {}
    for _ in 0..3 {
        let _ = consumer.poll();
    }
    consumer.drop_stream();
    drop(consumer);
    (log.take(), probes.hits())
}

/// Polls until the probe of hit `hit` panics (the consumer logs `panicked`), then (if
/// `poll_after`) three times more, logging anything but `Ready(None)`, and drops the
/// stream.
fn drain_panicking(make: MakeStream, hit: usize, poll_after: bool) -> Vec<String> {
    let log = Log::new();
    let _probes = Probes::panic_at(&log, hit);
    let mut consumer = Consumer::new(&log, make);
    while let Some(poll) = consumer.poll_catching() {
        if poll == Poll::Ready(None) {
            break;
        }
    }
    if poll_after && consumer.panicked {
        // Ended, as after `Ready(None)`.
        let hint = consumer.stream.as_ref().expect("not dropped").size_hint();
        if hint != (0, Some(0)) {
            log.push(format!("-- size_hint {hint:?} after the panic --"));
        }
        for _ in 0..3 {
            let _ = consumer.poll_catching();
        }
    }
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| consumer.drop_stream())) {
        log.push(panic_event(&*payload));
    }
    drop(consumer);
    log.take()
}

/// Polls until `k` items have come (or the end), then drops the stream.
fn take_then_drop(make: MakeStream, k: usize) -> Vec<String> {
    let log = Log::new();
    let mut consumer = Consumer::new(&log, make);
    while consumer.items < k {
        if consumer.poll() == Poll::Ready(None) {
            log.push("-- Ready(None) before the expected item --");
            break;
        }
    }
    consumer.drop_stream();
    drop(consumer);
    log.take()
}

/// Polls until the `j`-th `Pending` (or the end), then drops the stream.
fn drop_while_pending(make: MakeStream, j: usize) -> Vec<String> {
    let log = Log::new();
    let mut consumer = Consumer::new(&log, make);
    while consumer.pendings < j {
        if consumer.poll() == Poll::Ready(None) {
            log.push("-- Ready(None) before the expected Pending --");
            break;
        }
    }
    consumer.drop_stream();
    drop(consumer);
    log.take()
}

/// The eager log, and how many probes the eager run hit.
fn eager_log(case: &Case) -> (Vec<String>, usize) {
    let log = Log::new();
    let probes = Probes::count();
    (case.eager)(&log);
    (log.take(), probes.hits())
}

/// The eager log when the probe of hit `hit` panics (ending with `panicked`).
fn eager_panicking(case: &Case, hit: usize) -> Vec<String> {
    let log = Log::new();
    let _probes = Probes::panic_at(&log, hit);
    match catch_unwind(AssertUnwindSafe(|| (case.eager)(&log))) {
        Ok(()) => log.push("-- returned without panicking --"),
        Err(payload) => log.push(panic_event(&*payload)),
    }
    log.take()
}

/// The panic runs of `check` (see the module docs).
fn check_panics(case: &Case, hits: usize, failures: &mut Vec<String>) {
    for hit in panic_targets(hits, case.seed) {
        let mut expected = eager_panicking(case, hit);
        expected.push(DROPPED.into());
        let what = format!("panic at probe {hit} of {hits}");
        let ours = drain_panicking(case.ours, hit, true);
        if ours != expected {
            failures.push(diff(&format!("{what} vs eager"), &ours, &expected));
        }
        let async_block = drain_panicking(case.async_block, hit, true);
        if ours != async_block {
            failures.push(diff(
                &format!("{what} vs `lowering = async`"),
                &ours,
                &async_block,
            ));
        }
        #[cfg(feature = "nightly")]
        {
            let native = drain_panicking(case.native, hit, false);
            if native != expected {
                failures.push(diff(
                    &format!("{what}: native vs eager (a defect of the test, not of the macro)"),
                    &native,
                    &expected,
                ));
            }
            if ours != native {
                failures.push(diff(&format!("{what} vs native"), &ours, &native));
            }
        }
    }
}

/// Where two logs first differ, with some context.
fn diff(what: &str, got: &[String], expected: &[String]) -> String {
    let at = got
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(expected.len()));
    let from = at.saturating_sub(4);
    let mut out = format!("{what}: logs differ at event {at}\n");
    writeln!(out, "  observed (from event {from}): {:?}", &got[from..]).unwrap();
    writeln!(
        out,
        "  expected (from event {from}): {:?}",
        &expected[from.min(expected.len())..]
    )
    .unwrap();
    out
}

/// Stable checks of a drop after the `n`-th event of the eager log that starts with
/// `stop` (`got ` or `pending`): the log up to the drop marker is the eager log up to that
/// event (for `n = 0`, only what the caller created), only drops follow, and every value
/// created is dropped once.
fn check_early_drop(
    what: &str,
    events: &[String],
    eager: &[String],
    stop: &str,
    n: usize,
    noisy_params: usize,
) -> Result<(), String> {
    let Some(mark) = events.iter().position(|e| e == DROPPED) else {
        return Err(format!("{what}: no drop marker in {events:?}"));
    };
    let expected_prefix = if n == 0 {
        &eager[..noisy_params]
    } else {
        let at = eager
            .iter()
            .enumerate()
            .filter(|(_, e)| e.starts_with(stop))
            .nth(n - 1)
            .map(|(i, _)| i)
            .expect("n-th event of the eager log");
        &eager[..=at]
    };
    if events[..mark] != *expected_prefix {
        return Err(diff(
            &format!("{what} (before the drop)"),
            &events[..mark],
            expected_prefix,
        ));
    }
    if let Some(bad) = events[mark + 1..].iter().find(|e| !e.starts_with("drop ")) {
        return Err(format!(
            "{what}: {bad:?} after the stream was dropped\n  log: {events:?}"
        ));
    }
    let mut balance: BTreeMap<&str, i64> = BTreeMap::new();
    for event in events {
        if let Some(name) = event.strip_prefix("new ") {
            *balance.entry(name).or_default() += 1;
        } else if let Some(name) = event.strip_prefix("drop ") {
            *balance.entry(name).or_default() -= 1;
        }
    }
    let unbalanced: Vec<_> = balance.iter().filter(|(_, n)| **n != 0).collect();
    if !unbalanced.is_empty() {
        return Err(format!(
            "{what}: creations minus drops per name: {unbalanced:?}\n  log: {events:?}"
        ));
    }
    Ok(())
}

fn check(case: &Case) {
    silence_probe_panics();
    let mut failures = Vec::new();
    let (eager, hits) = eager_log(case);
    let items = eager.iter().filter(|e| e.starts_with("got ")).count();
    let pendings = eager.iter().filter(|e| *e == PENDING).count();

    let mut expected = eager.clone();
    expected.push(END.into());
    expected.push(DROPPED.into());
    let (ours, ours_hits) = drain(case.ours);
    if ours != expected {
        failures.push(diff("full drain vs eager", &ours, &expected));
    }
    let (async_block, async_hits) = drain(case.async_block);
    if (ours_hits, async_hits) != (hits, hits) {
        failures.push(format!(
            "full drain: {ours_hits} probes hit, {async_hits} with `lowering = async`, the eager run hit {hits}"
        ));
    }
    if async_block != expected {
        failures.push(diff(
            "full drain, `lowering = async`, vs eager",
            &async_block,
            &expected,
        ));
    }
    #[cfg(feature = "nightly")]
    {
        let (native, _) = drain(case.native);
        if native != expected {
            failures.push(diff(
                "full drain: native vs eager (a defect of the test, not of the macro)",
                &native,
                &expected,
            ));
        }
        if ours != native {
            failures.push(diff("full drain vs native", &ours, &native));
        }
    }

    type Run = fn(MakeStream, usize) -> Vec<String>;
    let runs: [(&str, Run, &str, usize); 2] = [
        ("take {} then drop", take_then_drop, "got ", items),
        ("drop at Pending {}", drop_while_pending, PENDING, pendings),
    ];
    for (what, run, stop, count) in runs {
        for n in 0..=count {
            let what = what.replace("{}", &n.to_string());
            let events = run(case.ours, n);
            if let Err(failure) =
                check_early_drop(&what, &events, &eager, stop, n, case.noisy_params)
            {
                failures.push(failure);
            }
            // The two lowerings drop the same values in the same order.
            let async_block = run(case.async_block, n);
            if events != async_block {
                failures.push(diff(
                    &format!("{what} vs `lowering = async`"),
                    &events,
                    &async_block,
                ));
            }
            #[cfg(feature = "nightly")]
            {
                let native = run(case.native, n);
                if events != native {
                    failures.push(diff(&format!("{what} vs native"), &events, &native));
                }
            }
        }
    }

    check_panics(case, hits, &mut failures);

    if !failures.is_empty() {
        failures.truncate(4);
        panic!(
            "{} (seed {:#x}, {items} items, {pendings} awaits, {hits} probes hit, lowered as {}) failed:\n{}\n{}\n",
            case.name,
            case.seed,
            (case.lowering)(&Log::new()),
            failures.join("\n"),
            case.source
        );
    }
}

/// The cases exercise both lowerings: those that `#[generator]` lowers into a state
/// machine are compared with the compiler's `async` lowering above, so enough of them
/// must take that path for the comparison to mean something.
#[test]
fn both_lowerings_are_exercised() {
    let machines = |cases: &[&Case]| {
        cases
            .iter()
            .filter(|case| (case.lowering)(&Log::new()) == "state machine")
            .count()
    };
    let (all, for_machines) = (machines(ALL), machines(FOR_MACHINES));
    println!(
        "lowered into a state machine: {all} of {} cases, {for_machines} of {} cases drawn for it",
        ALL.len(),
        FOR_MACHINES.len()
    );
    if FOR_MACHINES.len() >= 100 {
        assert!(
            for_machines * 2 >= FOR_MACHINES.len(),
            "only {for_machines} of {} cases drawn for the state machine are lowered into one",
            FOR_MACHINES.len()
        );
    }
}
