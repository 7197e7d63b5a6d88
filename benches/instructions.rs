//! Sync generators against a hand-written `Iterator` and `iter::from_fn` (and, with the
//! `nightly` feature, native `gen` blocks), in instructions an item as callgrind counts
//! them. Unlike time, this does not depend on where the linker puts the code, nor on how
//! well the branch predictor learns a workload, so a ratio here is the same in every
//! build; it does not see what makes an instruction slow (a mispredicted branch, a load
//! that waits on a store).
//!
//! ```text
//! cargo bench --bench instructions
//! cargo +nightly bench --features nightly --bench instructions
//! ```
//!
//! Needs `valgrind` (without it, says so and stops). The binary runs itself under
//! callgrind twice for each consumer, workload and variant, with `REPS.0` and `REPS.1`
//! repetitions, and divides the difference of the two counts by the items of the extra
//! repetitions, so that start-up and building the tree cancel out.
//!
//! Two consumers sum the items: through `black_box`, as the timed benchmark does, which
//! also makes the compiler assume that each item's consumer reads and writes all memory
//! (so that a state kept in memory is reloaded after every item); and through an empty
//! `asm!` on a register, which hides the items as well but lets the state stay in
//! registers, as a consumer that only computes (`sum`, `max`, `fold`) does.

#![cfg_attr(feature = "nightly", feature(gen_blocks))]

mod callgrind;
#[allow(dead_code, reason = "`Sizes` is for the timed benchmarks")]
mod common;
mod workloads;

use callgrind::valgrind_found;
use common::{consume, consume_in_registers};
use std::hint::black_box;
use workloads::*;

/// Set in a child run to `<consumer> <workload> <variant> <repetitions>`.
const RUN_VAR: &str = "GEN_INSTRUCTIONS_RUN";

const WORKLOADS: &[&str] = &[
    "counter",
    "filter",
    "nested",
    "tree_walk",
    "tree_walk_large",
    "big_state",
    "big_while",
    "early_exit",
];

const VARIANTS: &[&str] = &[
    "hand-written",
    "from_fn",
    "gen-core",
    #[cfg(feature = "nightly")]
    "native-gen",
];

/// How the items are consumed: through `black_box`, as in the timed benchmark, or kept in
/// registers (see `common`).
const CONSUMERS: &[&str] = &["black_box", "registers"];

/// Runs `variant` of `workload` `reps` times; returns the sum of its items and how many
/// there were in one repetition.
fn run(consumer: &str, workload: &str, variant: &str, reps: u64) -> (u64, u64) {
    match consumer {
        "black_box" => run_with::<false>(workload, variant, reps),
        _ => run_with::<true>(workload, variant, reps),
    }
}

fn run_with<const IN_REGISTERS: bool>(workload: &str, variant: &str, reps: u64) -> (u64, u64) {
    macro_rules! each {
        ($module:ident) => {
            match workload {
                "counter" => {
                    repeat::<IN_REGISTERS, _>(reps, || $module::counter(black_box(COUNTER_N)))
                }
                "filter" => {
                    repeat::<IN_REGISTERS, _>(reps, || $module::filter(black_box(FILTER_N)))
                }
                "nested" => {
                    repeat::<IN_REGISTERS, _>(reps, || $module::nested(black_box(NESTED_N)))
                }
                "tree_walk" | "tree_walk_large" => {
                    let (nodes, root) = match workload {
                        "tree_walk" => tree::build(TREE_N, TREE_SEED),
                        _ => tree::build(LARGE_TREE_N, LARGE_TREE_SEED),
                    };
                    repeat::<IN_REGISTERS, _>(reps, || {
                        $module::walk(black_box(&nodes), black_box(root))
                    })
                }
                "big_state" => {
                    repeat::<IN_REGISTERS, _>(reps, || $module::big_state(black_box(BIG_N)))
                }
                "big_while" => {
                    repeat::<IN_REGISTERS, _>(reps, || $module::big_while(black_box(BIG_N)))
                }
                "early_exit" => repeat::<IN_REGISTERS, _>(reps, || {
                    $module::filter(black_box(EARLY_N)).take(black_box(EARLY_K))
                }),
                _ => panic!("unknown workload {workload}"),
            }
        };
    }
    match variant {
        "hand-written" => each!(hand),
        "from_fn" => each!(from_fn),
        "gen-core" => each!(ours),
        #[cfg(feature = "nightly")]
        "native-gen" => each!(native),
        _ => panic!("unknown variant {variant}"),
    }
}

#[inline(never)]
fn repeat<const IN_REGISTERS: bool, I: Iterator<Item = u64>>(
    reps: u64,
    make: impl Fn() -> I,
) -> (u64, u64) {
    let items = make().count() as u64;
    let mut sum = 0u64;
    for _ in 0..reps {
        let consumed = if IN_REGISTERS {
            consume_in_registers(make())
        } else {
            consume(make())
        };
        sum = sum.wrapping_add(consumed);
    }
    (sum, items)
}

fn main() {
    if let Ok(run_spec) = std::env::var(RUN_VAR) {
        let words: Vec<&str> = run_spec.split(' ').collect();
        let [consumer, workload, variant, reps] = words[..] else {
            panic!("{RUN_VAR}={run_spec}");
        };
        let (sum, _) = run(consumer, workload, variant, reps.parse().unwrap());
        println!("{sum}");
        return;
    }
    // `cargo test --benches` runs benchmarks without `--bench`: check that every variant
    // gives the hand-written items, without callgrind.
    let measure = std::env::args().any(|arg| arg == "--bench");
    for consumer in CONSUMERS {
        for workload in WORKLOADS {
            let want = run(consumer, workload, "hand-written", 1);
            for variant in VARIANTS {
                let got = run(consumer, workload, variant, 1);
                assert_eq!(got, want, "{consumer}: {workload}/{variant}");
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
    // For each consumer, the hand-written iterator's instructions an item, then each
    // variant's divided by those.
    for consumer in CONSUMERS {
        println!("\n### items consumed through {consumer}\n");
        print!("| workload | hand-written (instructions an item) |");
        for variant in &VARIANTS[1..] {
            print!(" {variant} |");
        }
        println!("\n|---|---|{}", "---|".repeat(VARIANTS.len() - 1));
        for workload in WORKLOADS {
            let (_, items) = run(consumer, workload, "hand-written", 0);
            let per_item = |variant| {
                let spec = |reps| format!("{consumer} {workload} {variant} {reps}");
                callgrind::per_item(RUN_VAR, spec, items)
            };
            let hand = per_item("hand-written");
            print!("| {workload} | {hand:.1} |");
            for variant in &VARIANTS[1..] {
                print!(" {:.2}x |", per_item(variant) / hand);
            }
            println!();
        }
    }
}
