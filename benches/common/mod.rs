//! Shared by the benchmarks: how the `size_of` figures are printed and saved for
//! `benches/report.py`, and how items are consumed.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;

/// `size_of` figures of one benchmark binary: `(workload, variant, bytes)`.
#[derive(Default)]
pub struct Sizes(Vec<(&'static str, &'static str, usize)>);

impl Sizes {
    pub fn add(&mut self, workload: &'static str, variant: &'static str, bytes: usize) {
        self.0.push((workload, variant, bytes));
    }

    /// Prints the figures and, under `cargo bench` (not `cargo test`, whose unoptimised
    /// build may lay coroutines out differently), saves them as
    /// `<criterion dir>/gen-sizes/<bench>.json`, the criterion directory being found the
    /// way criterion finds it (`$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else
    /// `target/criterion` under the package root, where `cargo bench` runs the binary).
    pub fn save(&self, bench: &str) {
        let mut json = String::from("[\n");
        for (i, (workload, variant, bytes)) in self.0.iter().enumerate() {
            println!("size_of {bench}/{workload}/{variant}: {bytes} B");
            let comma = if i + 1 < self.0.len() { "," } else { "" };
            writeln!(
                json,
                "  {{\"workload\": \"{workload}\", \"variant\": \"{variant}\", \"bytes\": {bytes}}}{comma}"
            )
            .unwrap();
        }
        json.push_str("]\n");
        if !std::env::args().any(|arg| arg == "--bench") {
            return;
        }
        let dir = criterion_dir().join("gen-sizes");
        let path = dir.join(format!("{bench}.json"));
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, json)) {
            eprintln!("could not write {}: {e}", path.display());
        }
    }
}

fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        PathBuf::from(home)
    } else if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        PathBuf::from(target).join("criterion")
    } else {
        PathBuf::from("target/criterion")
    }
}

/// How a benchmark hides each item from the optimiser, so that a loop over the items cannot
/// be folded into a closed form or vectorised differently for different variants.
pub trait Hide: 'static {
    fn hide(x: u64) -> u64;
}

/// Through `black_box`, as the timed benchmarks do, which also makes the compiler assume
/// that every item's consumer reads and writes all memory.
pub enum BlackBox {}

impl Hide for BlackBox {
    #[inline(always)]
    fn hide(x: u64) -> u64 {
        black_box(x)
    }
}

/// Through an empty `asm!` that takes and returns the item in a register: as opaque as
/// `black_box` about the item, but not about memory, like a consumer that only computes
/// (`sum`, `max`, `fold`), rather than the most pessimistic one.
#[allow(
    dead_code,
    reason = "only the instruction benchmarks consume in registers"
)]
pub enum InRegister {}

impl Hide for InRegister {
    #[inline(always)]
    fn hide(mut x: u64) -> u64 {
        // SAFETY: the template is empty: it reads and writes nothing but `x`'s register.
        unsafe { std::arch::asm!("/* {0} */", inout(reg) x, options(pure, nomem, nostack)) };
        x
    }
}

/// Sums the items, passing each through `black_box` ([`BlackBox`]).
#[allow(dead_code, reason = "the `stream` benchmarks consume no iterator")]
#[inline(always)]
pub fn consume(items: impl IntoIterator<Item = u64>) -> u64 {
    consume_with::<BlackBox>(items)
}

/// Sums the items as [`consume`] does, but hides each in a register ([`InRegister`]).
#[allow(
    dead_code,
    reason = "only the `instructions` benchmark consumes an iterator in registers"
)]
#[inline(always)]
pub fn consume_in_registers(items: impl IntoIterator<Item = u64>) -> u64 {
    consume_with::<InRegister>(items)
}

#[allow(dead_code, reason = "the `stream` benchmarks consume no iterator")]
#[inline(always)]
fn consume_with<H: Hide>(items: impl IntoIterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    for x in items {
        sum = sum.wrapping_add(H::hide(x));
    }
    sum
}
