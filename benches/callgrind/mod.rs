//! Shared by the `instructions` and `stream_instructions` benchmarks: the instructions
//! that callgrind counts in runs of the benchmark binary itself.

use std::process::Command;

/// The repetitions of the two runs of a variant.
pub const REPS: (u64, u64) = (2, 6);

/// Whether `valgrind` can be run.
pub fn valgrind_found() -> bool {
    Command::new("valgrind").arg("--version").output().is_ok()
}

/// The instructions callgrind counts in a run of this binary with the environment
/// variable `var` set to `spec` (which tells the binary what to run).
pub fn instructions(var: &str, spec: &str) -> u64 {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(std::env::current_exe().expect("the benchmark's path"))
        .env(var, spec)
        .output()
        .expect("valgrind runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{spec}: {stderr}");
    stderr
        .lines()
        .find_map(|line| {
            let (_, count) = line.split_once("Collected :")?;
            count.trim().parse().ok()
        })
        .unwrap_or_else(|| panic!("{spec}: no count in {stderr}"))
}

/// Instructions an item: the counts of two runs, with `REPS.0` and `REPS.1` repetitions
/// of `items` items (`spec(repetitions)`), their difference divided by the items of the
/// extra repetitions, so that start-up and set-up cancel out.
pub fn per_item(var: &str, spec: impl Fn(u64) -> String, items: u64) -> f64 {
    let extra = instructions(var, &spec(REPS.1)).saturating_sub(instructions(var, &spec(REPS.0)));
    extra as f64 / ((REPS.1 - REPS.0) * items) as f64
}
