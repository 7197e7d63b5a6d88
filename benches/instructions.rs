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
//! callgrind twice for each workload and variant, with `REPS.0` and `REPS.1` repetitions,
//! and divides the difference of the two counts by the items of the extra repetitions, so
//! that start-up and building the tree cancel out.

#![cfg_attr(feature = "nightly", feature(gen_blocks))]

#[allow(dead_code, reason = "`Sizes` is for the timed benchmarks")]
mod common;
mod workloads;

use common::consume;
use std::hint::black_box;
use std::process::Command;
use workloads::*;

/// The repetitions of the two runs of a variant.
const REPS: (u64, u64) = (2, 6);

/// Set in a child run to `<workload> <variant> <repetitions>`.
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

/// Runs `variant` of `workload` `reps` times; returns the sum of its items and how many
/// there were in one repetition.
fn run(workload: &str, variant: &str, reps: u64) -> (u64, u64) {
    macro_rules! each {
        ($module:ident) => {
            match workload {
                "counter" => repeat(reps, || $module::counter(black_box(COUNTER_N))),
                "filter" => repeat(reps, || $module::filter(black_box(FILTER_N))),
                "nested" => repeat(reps, || $module::nested(black_box(NESTED_N))),
                "tree_walk" | "tree_walk_large" => {
                    let (nodes, root) = match workload {
                        "tree_walk" => tree::build(TREE_N, TREE_SEED),
                        _ => tree::build(LARGE_TREE_N, LARGE_TREE_SEED),
                    };
                    repeat(reps, || $module::walk(black_box(&nodes), black_box(root)))
                }
                "big_state" => repeat(reps, || $module::big_state(black_box(BIG_N))),
                "big_while" => repeat(reps, || $module::big_while(black_box(BIG_N))),
                "early_exit" => repeat(reps, || {
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
fn repeat<I: Iterator<Item = u64>>(reps: u64, make: impl Fn() -> I) -> (u64, u64) {
    let items = make().count() as u64;
    let mut sum = 0u64;
    for _ in 0..reps {
        sum = sum.wrapping_add(consume(make()));
    }
    (sum, items)
}

/// The instructions callgrind counts in a child run.
fn instructions(workload: &str, variant: &str, reps: u64) -> u64 {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(std::env::current_exe().expect("the benchmark's path"))
        .env(RUN_VAR, format!("{workload} {variant} {reps}"))
        .output()
        .expect("valgrind runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{workload}/{variant}: {stderr}");
    stderr
        .lines()
        .find_map(|line| {
            let (_, count) = line.split_once("Collected :")?;
            count.trim().parse().ok()
        })
        .unwrap_or_else(|| panic!("{workload}/{variant}: no count in {stderr}"))
}

fn main() {
    if let Ok(run_spec) = std::env::var(RUN_VAR) {
        let mut words = run_spec.split(' ');
        let (workload, variant) = (words.next().unwrap(), words.next().unwrap());
        let reps = words.next().unwrap().parse().unwrap();
        let (sum, _) = run(workload, variant, reps);
        println!("{sum}");
        return;
    }
    // `cargo test --benches` runs benchmarks without `--bench`: check that every variant
    // gives the hand-written items, without callgrind.
    let measure = std::env::args().any(|arg| arg == "--bench");
    for workload in WORKLOADS {
        let want = run(workload, "hand-written", 1);
        for variant in VARIANTS {
            assert_eq!(run(workload, variant, 1), want, "{workload}/{variant}");
        }
    }
    if !measure {
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("valgrind not found: no instruction counts");
        return;
    }
    // The hand-written iterator's instructions an item, then each variant's divided by
    // those.
    print!("| workload | hand-written (instructions an item) |");
    for variant in &VARIANTS[1..] {
        print!(" {variant} |");
    }
    println!("\n|---|---|{}", "---|".repeat(VARIANTS.len() - 1));
    for workload in WORKLOADS {
        let (_, items) = run(workload, "hand-written", 0);
        let per_item = |variant| {
            let extra = instructions(workload, variant, REPS.1)
                .saturating_sub(instructions(workload, variant, REPS.0));
            extra as f64 / ((REPS.1 - REPS.0) * items) as f64
        };
        let hand = per_item("hand-written");
        print!("| {workload} | {hand:.1} |");
        for variant in &VARIANTS[1..] {
            print!(" {:.2}x |", per_item(variant) / hand);
        }
        println!();
    }
}
