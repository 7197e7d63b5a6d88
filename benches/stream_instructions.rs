//! Async generators in instructions an item as callgrind counts them: the workloads,
//! settings and variants of the timed `stream` benchmark (see `streams`), the hand-written
//! `Stream` against ours (as the macro lowers each body, and forced into the `async`
//! lowering), async-stream and genawaiter (stack), and, with the `nightly` feature, native
//! `async gen` blocks (on every workload, in both settings). As in the `instructions`
//! benchmark, this does not depend on where the linker puts the code nor on the branch
//! predictor, and does not see what makes an instruction slow.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench stream_instructions
//! CARGO_TARGET_DIR=/work/target-bench cargo +nightly bench --features nightly --bench stream_instructions
//! ```
//!
//! Needs `valgrind` (without it, says so and stops). The binary runs itself under
//! callgrind twice for each consumer, workload, setting and variant, with `REPS.0` and
//! `REPS.1` streams driven to their end one after the other, and divides the difference
//! of the two counts by the items of the extra streams, so that start-up cancels out.
//! What remains is all that an item costs: polling the stream (every `Pending` and the
//! poll again after it), and in the `task_*` setting polling the task around it.
//!
//! Two consumers sum the items, as in the `instructions` benchmark: through `black_box`,
//! as the timed benchmark does, which also makes the compiler assume that the consumer
//! reads and writes all memory; and through an empty `asm!` on a register, which lets a
//! state that LLVM can keep in registers stay there.

#![cfg_attr(feature = "nightly", feature(async_iterator, gen_blocks))]

mod callgrind;
#[allow(
    dead_code,
    reason = "`Sizes` and the iterator consumers are for the other benchmarks"
)]
mod common;
mod streams;

use callgrind::valgrind_found;
use common::{BlackBox, Hide, InRegister};
use std::hint::black_box;
use streams::*;

/// Set in a child run to `<consumer>;<workload>;<variant>;<streams>`.
const RUN_VAR: &str = "GEN_STREAM_INSTRUCTIONS_RUN";

/// The workloads, each in its two settings (`stream_*`: pinned on the stack and drained
/// by a minimal executor; `task_*`: owned by a boxed task).
const WORKLOADS: &[&str] = &[
    "stream_ready",
    "stream_pending",
    "stream_h2",
    "stream_borrowed",
    "task_ready",
    "task_pending",
    "task_h2",
    "task_borrowed",
];

/// Every variant; a workload has those that [`run_with`] lists for it.
const VARIANTS: &[&str] = &[
    HAND,
    OURS,
    OURS_ASYNC,
    #[cfg(feature = "nightly")]
    NATIVE,
    ASYNC_STREAM,
    GENAWAITER,
];

/// How the items are consumed: through `black_box`, as in the timed benchmark, or kept in
/// registers (see `common`).
const CONSUMERS: &[&str] = &["black_box", "registers"];

/// What a run measured: the sum of the items of all its streams, their `Pending`s, and
/// the items of one stream.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    sum: u64,
    pending: u64,
    items: u64,
}

/// Drives `reps` streams of `variant` of `workload` to their end; `None` if the workload
/// has no such variant.
fn run(consumer: &str, workload: &str, variant: &str, reps: u64) -> Option<Run> {
    match consumer {
        "black_box" => run_with::<BlackBox>(workload, variant, reps),
        "registers" => run_with::<InRegister>(workload, variant, reps),
        _ => panic!("unknown consumer {consumer}"),
    }
}

fn run_with<H: Hide>(workload: &str, variant: &str, reps: u64) -> Option<Run> {
    /// The stream pinned on the stack, drained by [`drain`]: the listed variants and, with
    /// the `nightly` feature, the native `async gen` block (every workload has one).
    macro_rules! stack_pinned {
        ($w:ident($n:expr), [$($v:ident),*]) => {{
            $(
                if variant == name_of!($v) {
                    let (sum, pending) =
                        repeat(reps, || with!($v, $w(black_box($n)), |s| drain::<H, _>(s)));
                    return Some(Run { sum, pending, items: $n });
                }
            )*
            #[cfg(feature = "nightly")]
            if variant == name_of!(native) {
                let (sum, pending) =
                    repeat(reps, || with!(native, $w(black_box($n)), |s| drain::<H, _>(s)));
                return Some(Run { sum, pending, items: $n });
            }
            None
        }};
    }
    /// The stream owned by a [`consume`] task, run by [`run_task`]: the listed variants
    /// and, with the `nightly` feature, the native `async gen` block.
    macro_rules! in_task {
        ($w:ident($n:expr), [$($v:ident),*]) => {{
            $(
                if variant == name_of!($v) {
                    let (sum, pending) = repeat(reps, || {
                        run_task(Box::pin(consume::<H, _>(stream_of!($v, $w(black_box($n))))))
                    });
                    return Some(Run { sum, pending, items: $n });
                }
            )*
            #[cfg(feature = "nightly")]
            if variant == name_of!(native) {
                let (sum, pending) = repeat(reps, || {
                    run_task(Box::pin(consume::<H, _>(stream_of!(native, $w(black_box($n))))))
                });
                return Some(Run { sum, pending, items: $n });
            }
            None
        }};
    }
    match workload {
        "stream_ready" => stack_pinned!(
            ready(READY_N),
            [hand, ours, ours_async, async_stream, genawaiter]
        ),
        "stream_pending" => stack_pinned!(
            pending(PENDING_N),
            [hand, ours, ours_async, async_stream, genawaiter]
        ),
        "stream_h2" => stack_pinned!(h2(H2_N), [hand, ours, ours_async, async_stream, genawaiter]),
        "stream_borrowed" => {
            stack_pinned!(borrowed(BORROWED_N), [hand, ours, async_stream, genawaiter])
        }
        "task_ready" => in_task!(ready(READY_N), [hand, ours, ours_async, async_stream]),
        "task_pending" => in_task!(pending(PENDING_N), [hand, ours, ours_async, async_stream]),
        "task_h2" => in_task!(h2(H2_N), [hand, ours, ours_async, async_stream]),
        "task_borrowed" => in_task!(borrowed(BORROWED_N), [hand, ours, async_stream]),
        _ => panic!("unknown workload {workload}"),
    }
}

/// Runs `drive` (one stream to its end) `reps` times; returns the sums of its results.
#[inline(never)]
fn repeat(reps: u64, drive: impl Fn() -> (u64, u64)) -> (u64, u64) {
    let (mut sum, mut pending) = (0u64, 0u64);
    for _ in 0..reps {
        let (s, p) = drive();
        sum = sum.wrapping_add(s);
        pending += p;
    }
    (sum, pending)
}

fn main() {
    if let Ok(run_spec) = std::env::var(RUN_VAR) {
        let words: Vec<&str> = run_spec.split(';').collect();
        let [consumer, workload, variant, reps] = words[..] else {
            panic!("{RUN_VAR}={run_spec}");
        };
        let got = run(consumer, workload, variant, reps.parse().unwrap());
        println!("{}", got.expect("the variant exists").sum);
        return;
    }
    // `cargo test --benches` runs benchmarks without `--bench`: check that gen-core got
    // the lowerings the tables name and that every variant gives the hand-written sum and
    // `Pending`s, without callgrind.
    check_lowerings();
    let measure = std::env::args().any(|arg| arg == "--bench");
    for consumer in CONSUMERS {
        for workload in WORKLOADS {
            let want = run(consumer, workload, HAND, 1).expect("a hand-written stream");
            assert_eq!(
                want.pending,
                if workload.ends_with("pending") || workload.ends_with("h2") {
                    want.items
                } else {
                    0
                },
                "{consumer}: {workload}: one `Pending` an item where the workload pends"
            );
            for variant in VARIANTS {
                if let Some(got) = run(consumer, workload, variant, 1) {
                    assert_eq!(got, want, "{consumer}: {workload}/{variant}");
                }
            }
        }
    }
    if !measure {
        return;
    }
    if !valgrind_found() {
        println!("valgrind not found: no instruction counts");
        return;
    }
    // For each consumer, the hand-written stream's instructions an item, then each
    // variant's, divided by those and as counted.
    for consumer in CONSUMERS {
        println!("\n### items consumed through {consumer}\n");
        print!("| workload | {HAND} (instructions an item) |");
        for variant in &VARIANTS[1..] {
            print!(" {variant} |");
        }
        println!("\n|---|---|{}", "---|".repeat(VARIANTS.len() - 1));
        for workload in WORKLOADS {
            let per_item = |variant: &str| {
                let items = run(consumer, workload, variant, 0)?.items;
                let spec = |reps| format!("{consumer};{workload};{variant};{reps}");
                Some(callgrind::per_item(RUN_VAR, spec, items))
            };
            let hand = per_item(HAND).expect("a hand-written stream");
            print!("| {workload} | {hand:.1} |");
            for variant in &VARIANTS[1..] {
                match per_item(variant) {
                    Some(count) => print!(" {:.2}x ({count:.1}) |", count / hand),
                    None => print!(" |"),
                }
            }
            println!();
        }
    }
}
