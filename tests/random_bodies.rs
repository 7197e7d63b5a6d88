//! Randomized differential test of `#[generator]`.
//!
//! `build.rs` writes random generator bodies (seed `GEN_DIFF_SEED`, count `GEN_DIFF_CASES`),
//! each as a `#[generator]` function, as an eager function that logs `got {item}` where
//! the body yields, and (with `--features nightly`) as a native `gen move` block. For
//! every case this test checks:
//!
//! - full drain: the generator's log, with the consumer logging `got {item}` per item,
//!   equals the eager log exactly (items, `Noisy` creations and drops, in order), and
//!   `next()` keeps returning `None` after the first `None`;
//! - early drop after `k` items, for every `k` from 0 to the number of items: the log up to
//!   the consumer's drop marker equals the eager log up to its `k`-th `got` (for `k = 0`,
//!   only what the caller created), only drops follow the marker, and every `new X` has
//!   exactly one `drop X`;
//! - with `--features nightly`: the whole log, for the full drain and for every `k`,
//!   equals the native `gen` block's, and the native drain equals the eager log;
//! - panics (`panic_probe` in `build.rs`): the bodies hold `probe(log);` statements, which
//!   count their hits (the full drain hits as many as the eager run). For up to 4 hits `h`
//!   spread over the run (every `h` if there are at most 4), the probe of hit `h` panics:
//!   the consumer, which catches the panic (`catch_unwind`) and logs `panicked`, must log
//!   what the eager function logs when it panics there (the items before the panic, then
//!   every drop of the unwinding, in order, then `panicked`); after the panic `next()`
//!   must return `None`, and dropping the generator must log nothing more (its locals
//!   dropped while unwinding). With `--features nightly`, the native block's log is the
//!   same (it is not polled after the panic: rustc's `gen` blocks panic again there, where
//!   `#[generator]` promises `None`).
//!
//! ```text
//! cargo test -p gen-suite --test random_bodies
//! cargo +nightly test -p gen-suite --test random_bodies --features nightly
//! GEN_DIFF_SEED=0x1234 GEN_DIFF_CASES=400 cargo test -p gen-suite --test random_bodies

//! ```
//!
//! A failing case prints its body; `$OUT_DIR/random_bodies.rs` holds all three versions.
//!
//! Every construct (`CONSTRUCTS` in `build.rs` describes each, with the defects it
//! exposed) is on by default; a construct that exposed a defect still open would be
//! generated only on request (`GEN_DIFF_ENABLE=name,..` or `all`). `GEN_DIFF_DISABLE`
//! switches any construct off.

#![cfg_attr(feature = "nightly", feature(gen_blocks))]

// `probe`: called by the generated bodies (with `panic_probe`).
#[allow(unused_imports)]
use gen_suite::support::probe;
use gen_suite::support::{Log, Noisy, ProbePanic, Probes, panic_targets, silence_probe_panics};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

type MakeIter = for<'a> fn(&'a Log) -> Box<dyn Iterator<Item = i64> + 'a>;

struct Case {
    name: &'static str,
    seed: u64,
    source: &'static str,
    /// How many `Noisy` arguments the caller creates before the body runs.
    noisy_params: usize,
    ours: MakeIter,
    eager: fn(&Log),
    #[cfg(feature = "nightly")]
    native: MakeIter,
}

include!(concat!(env!("OUT_DIR"), "/random_bodies.rs"));
#[cfg(feature = "nightly")]
include!(concat!(env!("OUT_DIR"), "/random_bodies_native.rs"));

const END: &str = "-- next() returned None --";
const DROPPED: &str = "-- the consumer dropped the iterator --";
/// What the consumer logs when a probe's panic reaches it.
const PANICKED: &str = "panicked";

/// Drains the iterator, polls it twice more, then drops it; also how many probes it hit.
fn drain(make: MakeIter) -> (Vec<String>, usize) {
    let log = Log::new();
    let probes = Probes::count();
    let mut iter = make(&log);
    for item in iter.by_ref() {
        log.push(format!("got {item}"));
    }
    log.push(END);
    for _ in 0..2 {
        if let Some(item) = iter.next() {
            log.push(format!("got {item} after None"));
        }
    }
    log.push(DROPPED);
    drop(iter);
    (log.take(), probes.hits())
}

/// Takes `k` items, then drops the iterator.
fn take_then_drop(make: MakeIter, k: usize) -> Vec<String> {
    let log = Log::new();
    let mut iter = make(&log);
    for _ in 0..k {
        match iter.next() {
            Some(item) => log.push(format!("got {item}")),
            None => {
                log.push("None before the expected item");
                break;
            }
        }
    }
    log.push(DROPPED);
    drop(iter);
    log.take()
}

/// The eager log, and how many probes the eager run hit.
fn eager_log(case: &Case) -> (Vec<String>, usize) {
    let log = Log::new();
    let probes = Probes::count();
    (case.eager)(&log);
    (log.take(), probes.hits())
}

/// Runs `f`, catching a panic: logs `panicked` if it is a probe's panic, and the payload if
/// it is any other; `None` if it panicked.
fn catching<R>(log: &Log, f: impl FnOnce() -> R) -> Option<R> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Some(value),
        Err(payload) => {
            if payload.is::<ProbePanic>() {
                log.push(PANICKED);
            } else {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                log.push(format!("-- another panic: {message:?} --"));
            }
            None
        }
    }
}

/// The eager log when the probe of hit `hit` panics (ending with `panicked`).
fn eager_panicking(case: &Case, hit: usize) -> Vec<String> {
    let log = Log::new();
    let _probes = Probes::panic_at(&log, hit);
    if catching(&log, || (case.eager)(&log)).is_some() {
        log.push("-- returned without panicking --");
    }
    log.take()
}

/// Iterates until the probe of hit `hit` panics (the consumer logs `panicked`), then (if
/// `poll_after`) calls `next()` twice more, logging anything but `None`, and drops the
/// iterator.
fn drain_panicking(make: MakeIter, hit: usize, poll_after: bool) -> Vec<String> {
    let log = Log::new();
    let _probes = Probes::panic_at(&log, hit);
    let mut iter = make(&log);
    loop {
        match catching(&log, || iter.next()) {
            Some(Some(item)) => log.push(format!("got {item}")),
            Some(None) => {
                log.push(END);
                break;
            }
            None => break,
        }
    }
    if poll_after {
        for _ in 0..2 {
            if let Some(Some(item)) = catching(&log, || iter.next()) {
                log.push(format!("got {item} after the panic"));
            }
        }
    }
    log.push(DROPPED);
    catching(&log, || drop(iter));
    log.take()
}

/// The panic runs of `check` (see the module docs).
fn check_panics(case: &Case, hits: usize, failures: &mut Vec<String>) {
    for hit in panic_targets(hits, case.seed) {
        let mut expected = eager_panicking(case, hit);
        expected.push(DROPPED.into());
        let ours = drain_panicking(case.ours, hit, true);
        if ours != expected {
            failures.push(diff(
                &format!("panic at probe {hit} of {hits} vs eager"),
                &ours,
                &expected,
            ));
        }
        #[cfg(feature = "nightly")]
        {
            let native = drain_panicking(case.native, hit, false);
            if native != expected {
                failures.push(diff(
                    &format!(
                        "panic at probe {hit}: native vs eager (a defect of the test, not of the macro)"
                    ),
                    &native,
                    &expected,
                ));
            }
            if ours != native {
                failures.push(diff(
                    &format!("panic at probe {hit} vs native"),
                    &ours,
                    &native,
                ));
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

/// Stable checks of an early drop after `k` items against the eager log.
fn check_early_drop(
    events: &[String],
    eager: &[String],
    k: usize,
    noisy_params: usize,
) -> Result<(), String> {
    let what = format!("take {k} then drop");
    let Some(mark) = events.iter().position(|e| e == DROPPED) else {
        return Err(format!("{what}: no drop marker in {events:?}"));
    };
    let expected_prefix = if k == 0 {
        &eager[..noisy_params]
    } else {
        let at = eager
            .iter()
            .enumerate()
            .filter(|(_, e)| e.starts_with("got "))
            .nth(k - 1)
            .map(|(i, _)| i)
            .expect("k-th item of the eager log");
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
            "{what}: {bad:?} after the iterator was dropped\n  log: {events:?}"
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

    let mut expected = eager.clone();
    expected.push(END.into());
    expected.push(DROPPED.into());
    let (ours, ours_hits) = drain(case.ours);
    if ours != expected {
        failures.push(diff("full drain vs eager", &ours, &expected));
    }
    if ours_hits != hits {
        failures.push(format!(
            "full drain: {ours_hits} probes hit, the eager run hit {hits}"
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

    for k in 0..=items {
        let events = take_then_drop(case.ours, k);
        if let Err(failure) = check_early_drop(&events, &eager, k, case.noisy_params) {
            failures.push(failure);
        }
        #[cfg(feature = "nightly")]
        {
            let native = take_then_drop(case.native, k);
            if events != native {
                failures.push(diff(
                    &format!("take {k} then drop vs native"),
                    &events,
                    &native,
                ));
            }
        }
    }

    check_panics(case, hits, &mut failures);

    if !failures.is_empty() {
        failures.truncate(4);
        panic!(
            "{} (seed {:#x}, {items} items, {hits} probes hit) failed:\n{}\n{}\n",
            case.name,
            case.seed,
            failures.join("\n"),
            case.source
        );
    }
}
