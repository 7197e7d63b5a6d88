//! Generates the random generator bodies of `tests/random_bodies.rs` and
//! `tests/random_streams.rs`.
//!
//! Every case is one random body, written out three times from the same text:
//!
//! - `case_N`: a `#[gen_core::generator]` function (yields are `yield_!(e)`);
//! - `case_N_eager`: a plain function in which each yield is replaced by
//!   `log.push(format!("got {}", e))`, the line the test's consumer logs for every item;
//! - `case_N_native` (in a second file, included only with the `nightly` feature): a native
//!   `gen move { .. }` block (yields are `yield e`), with the parameters rebound at its start.
//!
//! and, for `tests/random_streams.rs` (`random_streams.rs`, `random_streams_native.rs`),
//! three more times, with awaits on futures pending once at random places (`pending_once(e)
//! .await` where the sync versions have `e`, see [`STREAM_CONSTRUCTS`]):
//!
//! - `case_N_stream`: a `#[gen_core::generator] async fn` returning `impl Stream`;
//! - `case_N_eager`: the eager version, logging `pending` where the stream awaits;
//! - `case_N_native`: a native `async gen move { .. }` block.
//!
//! The await decisions come from a random stream of their own, so the sync versions are the
//! same with or without them.
//!
//! With `panic_probe`, every version also holds the same `probe(log);` statements at random
//! statement positions (drawn from a third stream, so the bodies are the same with or
//! without them, but for the probes); a probe panics at the hit the test chooses, and the
//! tests compare how each version unwinds with how the eager version does.
//!
//! The bodies are valid, terminating Rust with no warnings of their own: loops are bounded
//! by counters, arithmetic wraps, every local is read before its scope ends and every
//! assigned value is read, so any warning in the generator version comes from the macro.
//!
//! Environment (each re-runs this script when it changes):
//! - `GEN_DIFF_SEED`: the seed (decimal or `0x` hex); case `N` depends only on the seed and `N`;
//! - `GEN_DIFF_CASES`: how many bodies (default 150);
//! - `GEN_DIFF_ENABLE` / `GEN_DIFF_DISABLE`: comma-separated construct names (see
//!   [`CONSTRUCTS`] and [`STREAM_CONSTRUCTS`]) to switch on or off, or `all`.

use std::collections::HashSet;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

const DEFAULT_SEED: u64 = 0x6765_6e5f_6469_6666;
const DEFAULT_CASES: usize = 150;
/// How many more stream bodies are drawn without [`NOT_FOR_MACHINES`] (default).
const DEFAULT_MACHINE_CASES: usize = 100;

/// Constructs that keep an async body out of the state machine (the `async` lowering
/// takes it): off in the stream bodies drawn for the machine, so that many of those are
/// lowered into one and compared with the `async` lowering.
const NOT_FOR_MACHINES: &[&str] = &[
    "for_await",
    "borrow_across_await",
    "await_in_macro",
    "noisy_method_read",
    "temp_noisy",
];
const MAX_DEPTH: usize = 4;

/// The constructs the grammar can switch off, and whether each is on by default. A construct
/// that is off by default exposes a known defect of the macro (see the test's module docs).
const CONSTRUCTS: &[(&str, bool)] = &[
    // `{ yield_!(e); v }` and other yielding expressions as operands and initializers.
    ("yield_in_expr", true),
    // `if { stmts; cond } { .. }`, yielding match scrutinees.
    ("yield_in_cond", true),
    // `while { stmts; yield_!(..); c < n } { .. }`. BUG 9 (fixed): a local declared after
    // such a loop, saved at a later yield and used through a method call, failed type
    // inference (E0282): the arms were not written in program order.
    ("while_cond_yield", true),
    // `if`/`match`/labeled blocks/`loop` used as values.
    ("value_constructs", true),
    // `let x;` initialized in both branches of an `if`.
    ("let_uninit", true),
    // `let x = x + 1;`
    ("shadow", true),
    // Parenthesized operands (`(a ^ b) & c`, `(0..3).rev()`); when off, operands that would
    // need parentheses are wrapped in calls instead. BUG 2 (fixed in da92210): when the
    // macro hoisted such an operand into a temporary it drew `unused_parens`.
    ("paren_operand", true),
    // Assigning a local that is shadowed in a block that yields: in the assignment's own
    // right side (`x = { let x = ..; yield_!(..); .. };`) or in an earlier inner block
    // (`{ let x = ..; yield_!(x); } x = 5;`). BUG 1 (fixed in da92210): E0425/E0594. When
    // off, a local is shadowed only if it was never assigned, and is never assigned after.
    ("shadow_then_assign", true),
    // `match` arms with guards and `x @ a..=b` bindings.
    ("match_bindings", true),
    // `for x in v.into_iter()`, `for i in [a, b].into_iter()`: an iterable that is a method
    // call. BUG 5 (fixed in da92210): a local whose initializer mentions the loop variable
    // was dropped at the first yield of the body.
    ("method_iterable", true),
    // `for x in v` over a `Vec<i64>` / `Vec<Noisy>` built in the body.
    ("for_vec", true),
    // `for i in (0..k).map(move |v: i64| v * m + c)`: an iterator holding a closure. BUG 10
    // (fixed by joins): after a loop that yields, the code is written in two arms, the two
    // closures have two types, and saving the iterator failed (E0308).
    ("closure_iterable", true),
    // `let mut v = Vec::new(); for _ in 0..n { yield_!(..); v.push(..); }`, then
    // `v.iter().map(|x| x.wrapping_add(1))`: a type that rustc learns only after the yield,
    // used by a method call after the loop (E0282 when that code was checked first).
    ("open_type", true),
    ("for_vec_noisy", true),
    // `'l: loop`, `break 'l`, `continue 'l`, `'b: { .. break 'b .. }`.
    ("labels", true),
    // A labeled block statement (that yields and has a `break`) in tail position: the last
    // statement of the body, or of an `if` that is. BUG 6: E0283 "type annotations needed"
    // (`TailUnit`) in the expansion (fixed in da92210). When off, a statement always
    // follows a labeled block.
    ("labeled_block_tail", true),
    // `format!("r {x}")` (captured identifiers) rather than `format!("r {}", x)`. BUG 7: a
    // local shadowed in two nested loops, used as `{x}` after a yield, failed to compile
    // ("named argument never used"; fixed in da92210); a captured `{x}` was missed as a
    // use in a loop resumed in place (E0425; fixed since).
    ("inline_format_args", true),
    // `if c { return; }`
    ("early_return", true),
    // After a `return;`, `break` or `continue`, code that never runs (`#[allow(
    // unreachable_code)] let _dead = 0;` and a yield): the machine cuts it, and writes a
    // call in its place for rustc's lint. Its yields make no state.
    ("unreachable_after_jump", true),
    // `let _ = Noisy::new(..);` (dropped at once) and `let _n = Noisy::new(..);` (kept).
    ("underscore_noisy", true),
    // `n.name().len() as i64` to read a `Noisy` local in an expression (a temporary `&str`
    // borrowing `n`); when off, `Noisy::len(&n) as i64`.
    ("noisy_method_read", true),
    // `Noisy::new(..).name().len() as i64` inside expressions: a temporary with a destructor
    // that lives to the end of its statement.
    ("temp_noisy", true),
    // `i64::abs({ stmts; yield_!(..); Noisy::new(..) }.name().len() as i64)`: the value of a
    // block that yields, used as a place, is a temporary of the statement. BUG 16 (fixed):
    // it lived to the end of the enclosing block, or dropped at the next yield.
    ("yield_block_in_place", true),
    // Yields in `let` scrutinees: `if let Some(nN) = { yield_!(e); Noisy::maybe(..) }`,
    // `while let Some(_) = { stmts; yield_!(..); Noisy::maybe(..) }`, a later scrutinee
    // of a chain, and `let Ok(nN) = { yield_!(e); Noisy::new(..) }.keep_if(c) else {
    // return; };`, where a value that does not match drops before `else`.
    ("yield_in_let_scrutinee", true),
    // `while let Some(_) = Noisy::maybe(c < n, "tN", log) { .. }`: a scrutinee temporary
    // lives to the end of each iteration. BUG 17 (fixed): it dropped at the first yield of
    // the body.
    ("while_let_temp", true),
    // `if let P = s && c && let Some(_) = Noisy::maybe(..) { .. }`: the temporaries of the
    // scrutinees in a chain of `let`s live to the end of the `then` block (of each
    // iteration, in a `while`). BUG 18 (fixed, for `if` statements, then for an `if` used
    // as a value and for `while`): they dropped at its first yield.
    ("let_chain", true),
    // Such temporaries in a statement that yields after creating them (in a yielded value,
    // or in an operand evaluated before a yielding one), so that they live across the
    // yield. BUG 3: the generator drops them before suspending (fixed in da92210 for
    // yielded values, and since for operands evaluated before a yielding operand).
    // Async generators (tests/random_streams.rs): BUG 13 (fixed in 51eae5d): the
    // temporaries of a yielded value were dropped before the item was handed out
    // (`yield_!(f(&Noisy::new(..)))` expanded to `{ let item = value; yielder.yield_(item).await }`);
    // operands were right.
    ("temp_across_yield", true),
    // `for _ in v` over a `Vec<Noisy>`: the unbound item lives to the end of the iteration.
    // BUG 4 (fixed in da92210): the generator dropped it at the first yield in the body.
    ("for_underscore_noisy", true),
    // `let n = Noisy::new(format!("n3.{}", i), log);`: an initializer that reads a local.
    // BUG 5 (fixed in da92210): a local initialized from an expression that reads another
    // local was dropped at the next yield if not mentioned after it (even a `_guard`).
    ("noisy_from_local", true),
    // A `Noisy` parameter, and `mut` parameters.
    ("noisy_param", true),
    // `n = Noisy::renew(n, log);`: a `Noisy` local moved and reassigned, so that a loop
    // around a yield carries it (when something large stays in the state). BUG 12 (fixed
    // in two steps): a reassignment inside a block-valued `let` or assignment, then inside
    // a block that is an operand (a call argument, an `if` condition, a `let` in a branch of
    // code without yields), was taken to leave the local moved, so it dropped at the next
    // yield instead of at its scope end (1 body in 750).
    ("noisy_renew", true),
    // `if let PAT = SCRUTINEE { .. yield_!(..) .. } [else { .. } | else if let ..]`, as a
    // statement and as a value. Scrutinees: `Noisy::maybe(c, "tN", log)` (an
    // `Option<Noisy>` temporary, living to the end of the `then` block and dropped before
    // `else`), `Noisy::maybe(..).as_ref().map(|n| ..)` (a temporary borrowed by the
    // value), or a local `oN` (`Option<Noisy>` or `Option<i64>`) declared just before.
    // Patterns: `Some(_)`, `Some(nN)` (moving the `Noisy`), `Some(iN)`; bindings may be `mut`.
    ("if_let", true),
    // `let (mut a, mut b) = (..);`, `let [a, .., b] = [..];` and destructuring assignments
    // `(a, b) = (b, a + b);`, `[x, _] = [..];`, `(a, .., b) = (..);` to `mut` locals
    // declared earlier (often only mutated after a yield), sometimes with a yielding element.
    ("destructure_assign", true),
    // `match`/`if` used as a value with arms that yield then produce a value, or leave
    // (`continue`, `break ['l] [e]`, `return`): `x = match k { 0 => { yield_!(..); 1 } 1 =>
    // continue, _ => break };`. At least one arm produces a value.
    ("value_arm_jumps", true),
    // With `if_let`: an unlabeled `break`/`continue` (to a loop around the `if let`) in the
    // `then` or `else` block of an `if let` whose scrutinee is a temporary (not a place) and
    // whose `then` block yields. BUG 14 (fixed in c62fa0c): E0695 "unlabeled `continue`
    // inside of a labeled block" in the expansion. When off, such jumps there are labeled
    // (or `return`).
    ("if_let_jump", true),
    // With `if_let` and `temp_noisy`: temporaries with destructors in an `if let` scrutinee
    // inside an operand of `&&`/`||` or inside an `if` expression (terminating scopes: its
    // temporaries drop at the end of the operand or branch, and are not made at all when it
    // is not evaluated). BUG 15 (fixed in c62fa0c): the generator made them even when
    // the operand was short-circuited, and dropped them only at the end of the `then`
    // block or before `else`. When off, those parts of a scrutinee make no such temporaries.
    ("if_let_lazy_temps", true),
    // `probe(log);` statements at random statement positions (before statements, after
    // yields, at the end of blocks and loop bodies, so also inside match arms, `if let`
    // blocks holding scrutinee temporaries and yielding blocks inside expressions holding
    // the temporaries of their statement). A probe counts its hits on the test's thread and
    // panics at the hit the test chooses (`gen_suite::support::probe`): the tests run every
    // body once per chosen hit and compare the unwinding (drops in order, then the panic
    // reaching the consumer, then `None`) with the eager version's. Drawn from a random
    // stream of its own: the bodies are those drawn without it, plus the probes.
    ("panic_probe", true),
];

/// Where the stream versions (`tests/random_streams.rs`) await a future that is pending
/// once, and whether each is on by default. They only change the stream versions: the
/// decisions come from a random stream of their own, so the sync cases stay the same.
const STREAM_CONSTRUCTS: &[(&str, bool)] = &[
    // `pending_once(()).await;` as a statement, before any statement.
    ("await_stmt", true),
    // `pending_once(()).await;` just before or just after a yield statement.
    ("await_around_yield", true),
    // `pending_once(e).await` for any pure operand or initializer (yielded values too).
    ("await_operand", true),
    // Awaits in the arguments of `format!` and `vec!` (with the other `await_*`).
    ("await_in_macro", true),
    // `pending_once(c).await` for a condition (`if`, `while`, guards, `&&` operands).
    ("await_cond", true),
    // `match pending_once(e).await { .. }`.
    ("await_scrutinee", true),
    // `for x in pending_once(iterable).await { .. }`.
    ("await_iterable", true),
    // `pending_once({ yield_!(a); b }).await`: an await around an expression that yields.
    ("await_yield_expr", true),
    // `let n = pending_once(Noisy::new(..)).await;` (and `Noisy::renew`): a value with a
    // destructor held by the pending future.
    ("await_noisy", true),
    // `#[for_await] for x in pending_stream(v) { .. }` for the sync versions' `for x in v`
    // over a `Vec`: a stream that is pending once before each item and before its end.
    ("for_await", true),
    // With `temp_across_yield`: temporaries with destructors in the yielded value itself
    // too. When off, only in operands evaluated before a yielding operand. BUG 13 (async
    // generators, fixed) needed this one: see `temp_across_yield`. It shapes the sync
    // bodies too, but only under `temp_across_yield`.
    ("temp_in_yielded_value", true),
    // A statement of the stream versions only (the sync versions have none):
    // `{ let r = &x; pending_once(()).await; yield_!(pending_once(..r..).await); log(r) }`, a
    // borrow of a local (`Noisy` or integer) held across an await and a yield.
    ("borrow_across_await", true),
    // Not a place: the futures the stream versions await (`pending_once`) and the streams
    // of `#[for_await]` loops probe (see `panic_probe`) when they become ready, and the
    // eager versions' `pended` right after logging `pending`, so that a probe may panic
    // inside the poll of an awaited future (which drops, with what it holds, before the
    // locals of the body). Written as `PROBE_AWAITS` in `random_streams.rs`. BUG 19
    // (fixed) needed this one: when the poll of an awaited future panicked in a stream
    // lowered into a state machine, the saved locals dropped in declaration order (`let a
    // = ..; let b = ..; boom.await` logged `drop a, drop b`), where the `async` lowering,
    // the eager function and native `async gen` drop `b` then `a` (16 of the 250 default
    // cases).
    ("panic_in_await", true),
];

/// Around an expression that the stream versions await (`pending_once(e).await`), that the
/// eager stream versions log (`pended(log, e)`) and that the sync versions leave as it is.
const AWAIT_OPEN: char = '\u{1}';
const AWAIT_CLOSE: char = '\u{2}';
/// Around a yielded value in [`Piece::StreamOnly`] text.
const YIELD_OPEN: char = '\u{3}';
const YIELD_CLOSE: char = '\u{4}';

/// The text without await markers: what the sync versions write.
fn strip_awaits(text: &str) -> String {
    text.chars()
        .filter(|c| *c != AWAIT_OPEN && *c != AWAIT_CLOSE)
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for var in [
        "GEN_DIFF_SEED",
        "GEN_DIFF_CASES",
        "GEN_DIFF_MACHINE_CASES",
        "GEN_DIFF_ENABLE",
        "GEN_DIFF_DISABLE",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let seed = match env::var("GEN_DIFF_SEED") {
        Ok(text) => {
            parse_u64(&text).unwrap_or_else(|| panic!("GEN_DIFF_SEED: bad number {text:?}"))
        }
        Err(_) => DEFAULT_SEED,
    };
    let cases = match env::var("GEN_DIFF_CASES") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("GEN_DIFF_CASES: bad number {text:?}")),
        Err(_) => DEFAULT_CASES,
    };
    let machine_cases = match env::var("GEN_DIFF_MACHINE_CASES") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("GEN_DIFF_MACHINE_CASES: bad number {text:?}")),
        Err(_) => DEFAULT_MACHINE_CASES,
    };
    let enabled = enabled_constructs();

    let mut main_file = String::new();
    let mut native_file = String::new();
    let mut streams_file = String::new();
    let mut streams_native_file = String::new();
    let mut on: Vec<&str> = enabled
        .iter()
        .map(String::as_str)
        .filter(|name| CONSTRUCTS.iter().any(|(n, _)| n == name))
        .collect();
    on.sort_unstable();
    let mut stream_on: Vec<&str> = enabled
        .iter()
        .map(String::as_str)
        .filter(|name| STREAM_CONSTRUCTS.iter().any(|(n, _)| n == name))
        .collect();
    stream_on.sort_unstable();
    writeln!(
        streams_file,
        "// @generated by build.rs: GEN_DIFF_SEED={seed:#x}, GEN_DIFF_CASES={cases}\n\
         // constructs: {}\n\
         // awaits: {}\n",
        on.join(", "),
        stream_on.join(", ")
    )
    .unwrap();
    let probe_awaits = enabled.contains("panic_in_await");
    writeln!(
        streams_file,
        "/// Whether the awaited futures and `#[for_await]` streams probe when they become ready\n\
         /// (`panic_in_await`).\n\
         const PROBE_AWAITS: bool = {probe_awaits};\n"
    )
    .unwrap();
    if cases > 0 {
        // With `panic_in_await`, `pended` probes where the awaited future does: after the
        // `Pending`, as it becomes ready, while it still holds `value`.
        let pended_probe = if probe_awaits {
            "\n    probe(log);"
        } else {
            ""
        };
        write!(
            streams_file,
            "use gen_core::yield_;\n\n\
             /// What the eager versions do where the body yields: what the consumer does with an item.\n\
             fn eager_got(log: &Log, item: i64) {{\n    \
                 log.push(format!(\"got {{item}}\"));\n\
             }}\n\n\
             /// What the eager versions do where the stream version awaits `pending_once(value)`:\n\
             /// what the consumer logs when the stream returns `Pending`.\n\
             fn pended<T>(log: &Log, value: T) -> T {{\n    \
                 log.push(\"pending\");{pended_probe}\n    \
                 value\n\
             }}\n\n\
             /// What the eager versions iterate where the stream version iterates\n\
             /// `pending_stream(iterable)` with `#[for_await]`.\n\
             fn pended_iter<I: IntoIterator>(log: &Log, iterable: I) -> impl Iterator<Item = I::Item> {{\n    \
                 let mut iter = iterable.into_iter();\n    \
                 std::iter::from_fn(move || pended(log, iter.next()))\n\
             }}\n\n",
        )
        .unwrap();
    }
    streams_native_file.push_str("// @generated by build.rs: the native `async gen` versions.\n\n");
    writeln!(
        main_file,
        "// @generated by build.rs: GEN_DIFF_SEED={seed:#x}, GEN_DIFF_CASES={cases}\n\
         // constructs: {}\n",
        on.join(", ")
    )
    .unwrap();
    if cases > 0 {
        main_file.push_str(
            "use gen_core::yield_;\n\n\
             /// What the eager versions do where the body yields: what the consumer does with an item.\n\
             fn eager_got(log: &Log, item: i64) {\n    \
                 log.push(format!(\"got {item}\"));\n\
             }\n\n",
        );
    }
    native_file.push_str("// @generated by build.rs: the native `gen` versions.\n\n");
    for index in 0..cases {
        let case_seed = mix(seed ^ mix(index as u64 + 1));
        let case = Gen::case(case_seed, &enabled);
        case.write(index, case_seed, &mut main_file, &mut native_file);
        case.write_stream(
            index,
            case_seed,
            &mut streams_file,
            &mut streams_native_file,
        );
    }
    let machine_enabled: HashSet<String> = enabled
        .iter()
        .filter(|name| !NOT_FOR_MACHINES.contains(&name.as_str()))
        .cloned()
        .collect();
    for index in cases..cases + machine_cases {
        let case_seed = mix(seed ^ mix(index as u64 + 1) ^ 0x6d61_6368_696e_6573);
        let case = Gen::case(case_seed, &machine_enabled);
        case.write_stream(
            index,
            case_seed,
            &mut streams_file,
            &mut streams_native_file,
        );
    }
    let list = |range: std::ops::Range<usize>| -> String {
        range.map(|index| format!("&CASE_{index:03}, ")).collect()
    };
    writeln!(
        streams_file,
        "/// The cases drawn from every construct.\n\
         static ALL: &[&Case] = &[{}];\n\
         /// The cases drawn without the constructs that keep a body out of the state machine.\n\
         static FOR_MACHINES: &[&Case] = &[{}];",
        list(0..cases),
        list(cases..cases + machine_cases),
    )
    .unwrap();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::write(out.join("random_bodies.rs"), main_file).expect("write random_bodies.rs");
    fs::write(out.join("random_bodies_native.rs"), native_file)
        .expect("write random_bodies_native.rs");
    fs::write(out.join("random_streams.rs"), streams_file).expect("write random_streams.rs");
    fs::write(out.join("random_streams_native.rs"), streams_native_file)
        .expect("write random_streams_native.rs");
}

fn parse_u64(text: &str) -> Option<u64> {
    let text = text.trim().replace('_', "");
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

fn enabled_constructs() -> HashSet<String> {
    let all = || CONSTRUCTS.iter().chain(STREAM_CONSTRUCTS);
    let mut enabled: HashSet<String> = all()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name.to_string())
        .collect();
    let list = |var: &str| -> Vec<String> {
        env::var(var)
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let known = |name: &str| {
        assert!(
            name == "all" || all().any(|(n, _)| *n == name),
            "unknown construct {name:?}; known: {:?}",
            all().map(|(n, _)| n).collect::<Vec<_>>()
        );
    };
    for name in list("GEN_DIFF_ENABLE") {
        known(&name);
        if name == "all" {
            enabled.extend(all().map(|(n, _)| n.to_string()));
        } else {
            enabled.insert(name);
        }
    }
    for name in list("GEN_DIFF_DISABLE") {
        known(&name);
        if name == "all" {
            enabled.clear();
        } else {
            enabled.remove(&name);
        }
    }
    enabled
}

/// splitmix64's finalizer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, chosen with probability proportional to its weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.below(total as usize) as u32;
        for (index, &weight) in weights.iter().enumerate() {
            if roll < weight {
                return index;
            }
            roll -= weight;
        }
        unreachable!()
    }
}

/// A piece of a body; the three versions differ only in how they render yields.
enum Piece {
    Text(String),
    /// A yield of this (pure) expression.
    Yield(String),
    /// `mut ` if the local was assigned after its declaration.
    Mut(usize),
    /// `'lN: ` if some jump names the label.
    Label(usize),
    /// In the stream versions only: a statement `pending_once(()).await;` on a new line
    /// with this indentation (in their eager version, `log.push("pending");`).
    Await(usize),
    /// `'lN: for binding in iterable ` (the label if used): with `stream`, the stream
    /// versions iterate `pending_stream(iterable)` with `#[for_await]` (the native one with
    /// `{ let mut sN = ..; while let Some(binding) = next_of(&mut sN).await`, closed by
    /// [`Piece::ForAwaitEnd`]), the eager one `pended_iter(log, iterable)`.
    For {
        label: usize,
        binding: String,
        iterable: String,
        stream: bool,
    },
    /// Text of the stream versions only (the sync versions have nothing there), where a
    /// yielded value is between `YIELD_OPEN` and `YIELD_CLOSE`.
    StreamOnly(String),
    /// With `true`, the `}` that closes the native stream version's block around a
    /// `for_await` loop.
    ForAwaitEnd(bool),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ours,
    Eager,
    Native,
    /// The `#[generator] async fn`, its eager version and the native `async gen` block.
    Stream,
    StreamEager,
    StreamNative,
}

impl Mode {
    /// Writes `text` with its await markers rendered for this version.
    fn text(self, text: &str, out: &mut String) {
        for c in text.chars() {
            match (c, self) {
                (AWAIT_OPEN | AWAIT_CLOSE, Mode::Ours | Mode::Eager | Mode::Native) => {}
                (AWAIT_OPEN, Mode::Stream | Mode::StreamNative) => out.push_str("pending_once("),
                (AWAIT_CLOSE, Mode::Stream | Mode::StreamNative) => out.push_str(").await"),
                (AWAIT_OPEN, Mode::StreamEager) => out.push_str("pended(log, "),
                (AWAIT_CLOSE, Mode::StreamEager) => out.push(')'),
                (YIELD_OPEN, Mode::Stream) => out.push_str("yield_!("),
                (YIELD_OPEN, Mode::StreamNative) => out.push_str("yield "),
                (YIELD_OPEN, Mode::StreamEager) => out.push_str("eager_got(log, "),
                (YIELD_CLOSE, Mode::Stream | Mode::StreamEager) => out.push(')'),
                (YIELD_CLOSE, Mode::StreamNative) => {}
                (c, _) => out.push(c),
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Noisy,
}

struct Var {
    name: String,
    kind: Kind,
    /// Random assignments may target it (not loop counters, loop variables, bindings).
    assignable: bool,
    /// Assigned after its declaration: rendered `mut`.
    assigned: bool,
    /// Its current value may not have been read yet (over-approximated).
    dirty: bool,
    /// Read somewhere.
    used: bool,
    /// Must be read before its scope ends (false for `_n` guards).
    needs_use: bool,
    /// A loop counter: never shadowed (the loop's own test must see it).
    counter: bool,
    /// How many loops enclose its declaration: a plain `x = e;` is generated only in the
    /// same loop (in an inner loop, the value assigned on the previous pass may be unread).
    loop_nest: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Loop,
    Block,
}

#[derive(Clone, Copy)]
struct Frame {
    kind: FrameKind,
    label: usize,
    /// `break` needs a value.
    value: bool,
}

/// An expression without yields: its text and whether it needs parentheses as an operand.
struct Ex {
    text: String,
    op: bool,
}

impl Ex {
    fn atom(text: String) -> Ex {
        Ex { text, op: false }
    }

    fn op(text: String) -> Ex {
        Ex { text, op: true }
    }
}

struct Param {
    name: String,
    var: usize,
    /// The argument the test passes.
    arg: String,
    noisy: bool,
}

struct Gen<'a> {
    rng: Rng,
    /// Where the stream versions await: a stream of its own, so that the sync versions do
    /// not depend on it.
    arng: Rng,
    /// Whether to write one of the newer constructs (`if_let`, `destructure_assign`,
    /// `value_arm_jumps`) here: a stream of its own, so that a case that draws none of them
    /// is the same as before they were added.
    xrng: Rng,
    /// Where to put `probe(log);` statements (`panic_probe`): a stream of its own, so that
    /// the bodies are those drawn without probes, plus the probes.
    prng: Rng,
    stream_constructs: HashSet<&'static str>,
    /// Inside the arguments of `format!` or `vec!` being written.
    in_macro: usize,
    enabled: &'a HashSet<String>,
    out: Vec<Piece>,
    vars: Vec<Var>,
    scopes: Vec<Vec<usize>>,
    frames: Vec<Frame>,
    labels: Vec<bool>,
    /// Locals that may not be assigned right now (the target of the assignment being written).
    locked: Vec<usize>,
    /// Nonzero in a yielded value or a yielding expression, where a temporary with a
    /// destructor would live across a yield (only made with `temp_across_yield`).
    no_temps: usize,
    /// How many loops (bodies or `while` conditions) enclose the code being written.
    loop_nest: usize,
    /// Nonzero in a yielded value.
    in_yielded_value: usize,
    /// Nonzero in an `if let` scrutinee.
    in_if_let_scrutinee: usize,
    /// Nonzero in the value of a `let`-`else` that yields, where a temporary with a
    /// destructor drops before a value that does not match, not after it (a known
    /// limitation, in the README).
    in_let_else_value: usize,
    /// Nonzero in an `&&`/`||` operand or an `if` expression inside an `if let` scrutinee.
    in_lazy_scrutinee: usize,
    /// Unlabeled `break`/`continue` may only target loops at or above this index of
    /// `frames` (see `if_let_jump`).
    unlabeled_floor: usize,

    indent: usize,
    fresh: usize,
    budget: usize,
    yields: usize,
    params: Vec<Param>,
    used_constructs: HashSet<&'static str>,
}

struct Case {
    params: Vec<(String, bool, String, bool)>,
    bodies: [String; 3],
    /// The stream versions: `#[generator] async fn`, eager, native `async gen`.
    stream_bodies: [String; 3],
    constructs: Vec<&'static str>,
    stream_constructs: Vec<&'static str>,
}

impl<'a> Gen<'a> {
    fn case(seed: u64, enabled: &'a HashSet<String>) -> Case {
        let mut rng = Rng(seed);
        let budget = 8 + rng.below(30);
        let mut g = Gen {
            rng,
            arng: Rng(mix(seed ^ 0x6177_6169_745f_7374)),
            xrng: Rng(mix(seed ^ 0x6e65_775f_6772_616d)),
            prng: Rng(mix(seed ^ 0x7061_6e69_635f_7072)),
            stream_constructs: HashSet::new(),
            in_macro: 0,
            enabled,
            out: Vec::new(),
            vars: Vec::new(),
            scopes: vec![Vec::new()],
            frames: Vec::new(),
            labels: Vec::new(),
            locked: Vec::new(),
            no_temps: 0,
            loop_nest: 0,
            in_yielded_value: 0,
            unlabeled_floor: 0,
            in_if_let_scrutinee: 0,
            in_let_else_value: 0,
            in_lazy_scrutinee: 0,

            indent: 1,
            fresh: 0,
            budget,
            yields: 0,
            params: Vec::new(),
            used_constructs: HashSet::new(),
        };
        for index in 0..g.rng.below(3) {
            let name = format!("p{index}");
            let var = g.new_var(&name, Kind::Int, true, true);
            g.declare(var);
            let arg = g.rng.int(-5, 20).to_string();
            g.params.push(Param {
                name,
                var,
                arg,
                noisy: false,
            });
        }
        if g.on("noisy_param") && g.rng.chance(30) {
            let var = g.new_var("np", Kind::Noisy, false, true);
            g.declare(var);
            g.params.push(Param {
                name: "np".into(),
                var,
                arg: "Noisy::new(\"np\", log)".into(),
                noisy: true,
            });
        }
        while g.budget > 0 {
            g.stmt(0);
        }
        if g.yields == 0 {
            g.yield_stmt();
        }
        g.probe(40);
        if !g
            .out
            .iter()
            .any(|p| matches!(p, Piece::Text(t) if t.contains("log") && t != "probe(log);"))
        {
            // The eager version uses `log` for its items; an unused `log` would warn only
            // in the generator version.
            g.nl();
            g.t("log.push(\"start\");");
        }
        g.close_scope_reads();
        g.scopes.pop();
        let params = g
            .params
            .iter()
            .map(|p| {
                let var = &g.vars[p.var];
                (p.name.clone(), var.assigned, p.arg.clone(), p.noisy)
            })
            .collect();
        let mut constructs: Vec<&'static str> = g.used_constructs.iter().copied().collect();
        constructs.sort_unstable();
        let mut stream_constructs: Vec<&'static str> =
            g.stream_constructs.iter().copied().collect();
        stream_constructs.sort_unstable();
        Case {
            params,
            bodies: [
                g.render(Mode::Ours),
                g.render(Mode::Eager),
                g.render(Mode::Native),
            ],
            stream_bodies: [
                g.render(Mode::Stream),
                g.render(Mode::StreamEager),
                g.render(Mode::StreamNative),
            ],
            constructs,
            stream_constructs,
        }
    }

    /// `e` as an operand of a binary operator: parenthesized, or (with `paren_operand`
    /// off) wrapped in a call, which needs no parentheses.
    fn operand(&mut self, e: &Ex) -> String {
        if !e.op {
            e.text.clone()
        } else if self.on("paren_operand") {
            self.note("paren_operand");
            format!("({})", e.text)
        } else {
            format!("i64::wrapping_add({}, 0)", e.text)
        }
    }

    fn on(&self, construct: &str) -> bool {
        self.enabled.contains(construct)
    }

    /// Whether the stream versions await here (`percent` in 100), if `construct` is on.
    fn await_here(&mut self, construct: &'static str, percent: u64) -> bool {
        if self.on(construct)
            && (self.in_macro == 0 || self.on("await_in_macro"))
            && self.arng.chance(percent)
        {
            self.stream_constructs.insert(construct);
            true
        } else {
            false
        }
    }

    /// `text`, awaited in the stream versions with probability `percent` in 100.
    fn await_text(&mut self, construct: &'static str, percent: u64, text: String) -> String {
        if self.await_here(construct, percent) {
            format!("{AWAIT_OPEN}{text}{AWAIT_CLOSE}")
        } else {
            text
        }
    }

    /// In the stream versions only, sometimes: a block that borrows a visible local and
    /// holds the borrow across an await and a yield. Draws only from `arng` and changes no
    /// local's state, so the sync versions are unaffected.
    fn borrow_across_await(&mut self) {
        if !self.await_here("borrow_across_await", 6) {
            return;
        }
        let noisies = self.visible(Kind::Noisy);
        let ints = self.visible(Kind::Int);
        let (name, value) = if !noisies.is_empty() && (ints.is_empty() || self.arng.chance(60)) {
            let name = self.vars[noisies[self.arng.below(noisies.len())]]
                .name
                .clone();
            (name, "r.name().len() as i64".to_string())
        } else if !ints.is_empty() {
            let name = self.vars[ints[self.arng.below(ints.len())]].name.clone();
            (name, "*r".to_string())
        } else {
            return;
        };
        let see = if value.starts_with('*') {
            "log.push(format!(\"see {}\", r));"
        } else {
            "log.push(format!(\"see {}\", r.name()));"
        };
        let indent = "    ".repeat(self.indent);
        let text = format!(
            "\n{indent}{{\n{indent}    let r = &{name};\n{indent}    {AWAIT_OPEN}(){AWAIT_CLOSE};\n\
             {indent}    {YIELD_OPEN}{AWAIT_OPEN}{value}{AWAIT_CLOSE}{YIELD_CLOSE};\n\
             {indent}    {see}\n{indent}}}"
        );
        self.out.push(Piece::StreamOnly(text));
    }

    /// An await statement in the stream versions with probability `percent` in 100.
    fn await_stmt(&mut self, construct: &'static str, percent: u64) {
        if self.await_here(construct, percent) {
            self.out.push(Piece::Await(self.indent));
        }
    }

    fn note(&mut self, construct: &'static str) {
        self.used_constructs.insert(construct);
    }

    /// With `panic_probe`, a statement `probe(log);` with probability `percent` in 100
    /// (drawn from `prng` only). It reads no local and makes no temporary, and `log` is a
    /// parameter that the bodies pass to calls anyway: it changes neither which locals are
    /// live nor which lowering an async body gets.
    fn probe(&mut self, percent: u64) {
        if self.on("panic_probe") && self.prng.chance(percent) {
            self.note("panic_probe");
            self.nl();
            self.t("probe(log);");
        }
    }

    // ----- output -----

    fn t(&mut self, text: impl Into<String>) {
        self.out.push(Piece::Text(text.into()));
    }

    fn nl(&mut self) {
        let text = format!("\n{}", "    ".repeat(self.indent));
        self.t(text);
    }

    fn render(&self, mode: Mode) -> String {
        let mut s = String::new();
        for piece in &self.out {
            match piece {
                Piece::Text(text) => mode.text(text, &mut s),
                Piece::Yield(e) => {
                    let mut value = String::new();
                    mode.text(e, &mut value);
                    match mode {
                        Mode::Ours | Mode::Stream => write!(s, "yield_!({value})").unwrap(),
                        Mode::Native | Mode::StreamNative => write!(s, "yield {value}").unwrap(),
                        // A call, not `log.push(format!(..))`: the temporaries of `e` then
                        // live to the end of the statement, as they do across a native
                        // `yield`.
                        Mode::Eager | Mode::StreamEager => {
                            write!(s, "eager_got(log, {value})").unwrap()
                        }
                    }
                }
                Piece::Await(indent) => {
                    let indent = "    ".repeat(*indent);
                    match mode {
                        Mode::Ours | Mode::Eager | Mode::Native => {}
                        Mode::Stream | Mode::StreamNative => {
                            write!(s, "\n{indent}pending_once(()).await;").unwrap()
                        }
                        // `pended`, not `log.push("pending")`: it probes where the future
                        // does (`panic_in_await`).
                        Mode::StreamEager => write!(s, "\n{indent}pended(log, ());").unwrap(),
                    }
                }
                Piece::Mut(var) => {
                    if self.vars[*var].assigned {
                        s.push_str("mut ");
                    }
                }
                Piece::Label(label) => {
                    if self.labels[*label] {
                        write!(s, "'l{label}: ").unwrap();
                    }
                }
                Piece::For {
                    label,
                    binding,
                    iterable,
                    stream,
                } => {
                    let mut it = String::new();
                    mode.text(iterable, &mut it);
                    let label_text = if self.labels[*label] {
                        format!("'l{label}: ")
                    } else {
                        String::new()
                    };
                    let stream = *stream;
                    match mode {
                        Mode::Stream if stream => write!(
                            s,
                            "#[for_await] {label_text}for {binding} in pending_stream({it}) "
                        )
                        .unwrap(),
                        Mode::StreamEager if stream => {
                            write!(s, "{label_text}for {binding} in pended_iter(log, {it}) ")
                                .unwrap()
                        }
                        Mode::StreamNative if stream => write!(
                            s,
                            "{{ let mut s{label} = pending_stream({it}); \
                             {label_text}while let Some({binding}) = next_of(&mut s{label}).await "
                        )
                        .unwrap(),
                        _ => write!(s, "{label_text}for {binding} in {it} ").unwrap(),
                    }
                }
                Piece::StreamOnly(text) => {
                    if matches!(mode, Mode::Stream | Mode::StreamEager | Mode::StreamNative) {
                        mode.text(text, &mut s);
                    }
                }
                Piece::ForAwaitEnd(stream) => {
                    if *stream && mode == Mode::StreamNative {
                        s.push_str(" }");
                    }
                }
            }
        }
        s
    }

    // ----- locals -----

    fn fresh_name(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn new_var(&mut self, name: &str, kind: Kind, assignable: bool, needs_use: bool) -> usize {
        self.vars.push(Var {
            name: name.to_string(),
            kind,
            assignable,
            assigned: false,
            dirty: true,
            used: false,
            needs_use,
            counter: false,
            loop_nest: self.loop_nest,
        });
        self.vars.len() - 1
    }

    fn declare(&mut self, var: usize) {
        self.scopes.last_mut().unwrap().push(var);
    }

    /// The locals that can be named here (not shadowed), innermost first.
    fn visible(&self, kind: Kind) -> Vec<usize> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for &var in scope.iter().rev() {
                if seen.insert(self.vars[var].name.as_str()) && self.vars[var].kind == kind {
                    out.push(var);
                }
            }
        }
        out
    }

    fn read(&mut self, var: usize) -> String {
        let v = &mut self.vars[var];
        v.used = true;
        v.dirty = false;
        v.name.clone()
    }

    fn snapshot(&self) -> Vec<bool> {
        self.vars.iter().map(|v| v.dirty).collect()
    }

    fn restore(&mut self, snapshot: &[bool]) {
        for (var, &dirty) in self.vars.iter_mut().zip(snapshot) {
            var.dirty = dirty;
        }
    }

    fn merge(&mut self, snapshot: &[bool]) {
        for (var, &dirty) in self.vars.iter_mut().zip(snapshot) {
            var.dirty |= dirty;
        }
    }

    fn open_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Reads the locals of the innermost scope that would otherwise warn (never read, or
    /// last value never read), as statements.
    /// One to `max` statements, one of them a yield.
    fn stmts_with_yield(&mut self, max: usize, depth: usize) {
        let n = self.rng.below(max);
        let at = self.rng.below(n + 1);
        for i in 0..=n {
            if i == at {
                self.yield_stmt();
            } else {
                self.stmt(depth + 1);
            }
        }
    }

    /// Closes a block opened with `{` and `open_scope`, after its tail expression if any.
    fn close_block(&mut self, tail: Option<String>) {
        self.probe(12);
        self.close_scope_reads();
        self.scopes.pop();
        if let Some(tail) = tail {
            self.nl();
            self.t(tail);
        }
        self.indent -= 1;
        self.nl();
        self.t("}");
    }

    fn close_scope_reads(&mut self) {
        let scope = self.scopes.last().unwrap().clone();
        let visible: HashSet<usize> = self
            .visible(Kind::Int)
            .into_iter()
            .chain(self.visible(Kind::Noisy))
            .collect();
        for var in scope {
            let v = &self.vars[var];
            let needs = v.needs_use && (!v.used || (v.assigned && v.dirty));
            if needs && visible.contains(&var) {
                self.read_stmt(var);
            }
        }
    }

    /// Reads every visible local whose value may still be unread (before a jump).
    fn flush_reads(&mut self) {
        for var in self.visible(Kind::Int) {
            let v = &self.vars[var];
            if v.needs_use && v.assigned && v.dirty {
                self.read_stmt(var);
            }
        }
    }

    fn read_stmt(&mut self, var: usize) {
        let name = self.read(var);
        self.nl();
        match self.vars[var].kind {
            Kind::Int if self.rng.chance(50) => {
                self.out.push(Piece::Yield(name));
                self.yields += 1;
                self.t(";");
            }
            Kind::Int if self.on("inline_format_args") => {
                self.note("inline_format_args");
                self.t(format!("log.push(format!(\"r {{{name}}}\"));"));
            }
            Kind::Int => self.t(format!("log.push(format!(\"r {{}}\", {name}));")),
            Kind::Noisy => self.t(format!("log.push(format!(\"see {{}}\", {name}.name()));")),
        }
    }

    // ----- expressions without yields -----

    fn literal(&mut self) -> Ex {
        Ex::atom(self.rng.int(-9, 20).to_string())
    }

    fn atom(&mut self) -> Ex {
        let ints = self.visible(Kind::Int);
        let noisies = self.visible(Kind::Noisy);
        let roll = self.rng.below(100);
        if roll < 55 && !ints.is_empty() {
            let var = *self.rng.pick(&ints);
            Ex::atom(self.read(var))
        } else if roll < 70 && !noisies.is_empty() {
            let var = *self.rng.pick(&noisies);
            let name = self.read(var);
            if self.on("noisy_method_read") {
                Ex::op(format!("{name}.name().len() as i64"))
            } else {
                Ex::op(format!("Noisy::len(&{name}) as i64"))
            }
        } else if roll < 74
            && self.on("temp_noisy")
            && self.in_let_else_value == 0
            && (self.in_lazy_scrutinee == 0 || self.on("if_let_lazy_temps"))
            && (self.no_temps == 0
                || (self.on("temp_across_yield")
                    && (self.in_yielded_value == 0 || self.on("temp_in_yielded_value"))))
        {
            self.note("temp_noisy");
            if self.no_temps > 0 {
                self.note("temp_across_yield");
            }
            if self.in_lazy_scrutinee > 0 {
                self.note("if_let_lazy_temps");
            }
            if self.in_yielded_value > 0 {
                // Listed with the stream constructs, so the sync cases' notes are unchanged.
                self.stream_constructs.insert("temp_in_yielded_value");
            }
            let name = self.fresh_name("t");
            Ex::op(format!("Noisy::new(\"{name}\", log).name().len() as i64"))
        } else {
            self.literal()
        }
    }

    /// A pure expression, which the stream versions may await.
    fn pure(&mut self, depth: usize) -> Ex {
        let e = self.pure_inner(depth);
        Ex {
            text: self.await_text("await_operand", 8, e.text),
            op: e.op,
        }
    }

    fn pure_inner(&mut self, depth: usize) -> Ex {
        if depth == 0 || self.rng.chance(35) {
            return self.atom();
        }
        match self.rng.weighted(&[4, 3, 1, 1]) {
            0 => {
                let f = *self
                    .rng
                    .pick(&["wrapping_add", "wrapping_sub", "wrapping_mul"]);
                let a = self.pure(depth - 1);
                let b = self.pure(depth - 1);
                Ex::atom(format!("i64::{f}({}, {})", a.text, b.text))
            }
            1 => {
                let op = *self.rng.pick(&["^", "&", "|"]);
                let a = self.pure(depth - 1);
                let b = self.pure(depth - 1);
                let (a, b) = (self.operand(&a), self.operand(&b));
                Ex::op(format!("{a} {op} {b}"))
            }
            2 => {
                let a = self.pure(depth - 1);
                let k = self.rng.int(2, 9);
                Ex::op(format!("{} % {k}", self.operand(&a)))
            }
            _ => {
                let lazy = self.in_if_let_scrutinee > 0;
                self.in_lazy_scrutinee += lazy as usize;
                let c = self.cond(1);
                let a = self.pure(depth - 1);
                let b = self.pure(depth - 1);
                self.in_lazy_scrutinee -= lazy as usize;
                Ex::op(format!("if {c} {{ {} }} else {{ {} }}", a.text, b.text))
            }
        }
    }

    /// A condition, which the stream versions may await.
    fn cond(&mut self, depth: usize) -> String {
        let c = self.cond_inner(depth);
        self.await_text("await_cond", 8, c)
    }

    fn cond_inner(&mut self, depth: usize) -> String {
        match self.rng.weighted(&[6, 2, if depth > 0 { 2 } else { 0 }]) {
            0 => {
                let a = self.pure(1);
                let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "!="]);
                let b = if self.rng.chance(50) {
                    self.literal()
                } else {
                    self.pure(1)
                };
                let (a, b) = (self.operand(&a), self.operand(&b));
                format!("{a} {op} {b}")
            }
            1 => {
                let a = self.pure(1);
                let k = self.rng.int(2, 3);
                let r = self.rng.int(0, k - 1);
                format!("{} % {k} == {r}", self.operand(&a))
            }
            _ => {
                let lazy = self.in_if_let_scrutinee > 0;
                self.in_lazy_scrutinee += lazy as usize;
                let op = *self.rng.pick(&["&&", "||"]);
                let a = self.cond(0);
                let b = self.cond(0);
                self.in_lazy_scrutinee -= lazy as usize;
                format!("{a} {op} {b}")
            }
        }
    }

    // ----- statements -----

    fn stmts(&mut self, depth: usize, min: usize, max: usize) {
        let n = if self.budget == 0 {
            min
        } else {
            min + self.rng.below(max - min + 1)
        };
        for _ in 0..n {
            self.stmt(depth);
        }
    }

    fn stmt(&mut self, depth: usize) {
        // A statement of its own: its temporaries end with it.
        let saved = std::mem::take(&mut self.no_temps);
        self.probe(6);
        self.await_stmt("await_stmt", 10);
        self.borrow_across_await();
        self.probe(6);
        self.stmt_inner(depth);
        self.no_temps = saved;
    }

    fn stmt_inner(&mut self, depth: usize) {
        self.budget = self.budget.saturating_sub(1);
        let nest = depth < MAX_DEPTH && self.budget > 1;
        let ints = self.visible(Kind::Int);
        let assignable: Vec<usize> = ints
            .iter()
            .copied()
            .filter(|v| self.vars[*v].assignable && !self.locked.contains(v))
            .collect();
        let shadowable: Vec<usize> = ints
            .iter()
            .copied()
            .filter(|v| {
                let var = &self.vars[*v];
                !var.counter
                    && (self.on("shadow_then_assign")
                        || (!self.locked.contains(v) && !var.assigned))
            })
            .collect();
        let renewable: Vec<usize> = self
            .visible(Kind::Noisy)
            .into_iter()
            .filter(|v| self.vars[*v].assignable && !self.locked.contains(v))
            .collect();
        if self.extra_stmt(depth, nest, &assignable) {
            return;
        }
        let value = self.on("value_constructs");
        let weights = [
            7,                                         // yield
            4,                                         // let int
            3,                                         // let noisy
            1,                                         // log
            if assignable.is_empty() { 0 } else { 5 }, // assign
            if shadowable.is_empty() || !self.on("shadow") {
                0
            } else {
                1
            }, // shadow
            if self.on("underscore_noisy") { 1 } else { 0 }, // let _ = / let _n =
            if self.frames.is_empty() { 0 } else { 4 }, // jump
            if self.on("early_return") { 1 } else { 0 }, // return (weight halved below)
            if nest { 4 } else { 0 },                  // if
            if nest { 2 } else { 0 },                  // match
            if nest { 2 } else { 0 },                  // loop
            if nest { 2 } else { 0 },                  // while
            if nest { 2 } else { 0 },                  // for range
            if nest && self.on("for_vec") { 1 } else { 0 }, // for vec int
            if nest && self.on("for_vec_noisy") {
                2
            } else {
                0
            }, // for vec noisy
            if nest { 1 } else { 0 },                  // block
            if nest && self.on("labels") { 1 } else { 0 }, // labeled block
            if nest && self.on("let_uninit") { 1 } else { 0 }, // let x; if .. else ..
            if nest && value { 2 } else { 0 },         // let x = <value construct>
            if renewable.is_empty() { 0 } else { 3 },  // n = Noisy::renew(n, log)
        ];
        match self.rng.weighted(&weights) {
            0 => self.yield_stmt(),
            1 => self.let_int(depth),
            2 => self.let_noisy(),
            3 => {
                self.in_macro += 1;
                let e = self.pure(2);
                self.in_macro -= 1;
                self.nl();
                let plain = strip_awaits(&e.text);
                if is_ident(&plain) && self.on("inline_format_args") {
                    self.note("inline_format_args");
                    self.t(format!("log.push(format!(\"v {{{plain}}}\"));"));
                } else {
                    self.t(format!("log.push(format!(\"v {{}}\", {}));", e.text));
                }
            }
            4 => {
                let var = *self.rng.pick(&assignable);
                self.assign(var, depth);
            }
            5 => {
                let var = *self.rng.pick(&shadowable);
                if self.locked.contains(&var) {
                    self.note("shadow_then_assign");
                }
                self.shadow(var, depth);
            }
            6 => self.underscore_noisy(),
            7 => self.jump(depth),
            8 => {
                if self.rng.chance(50) {
                    self.early_return();
                } else {
                    self.yield_stmt();
                }
            }
            9 => {
                self.nl();
                self.t("if ");
                self.if_rest(depth, false);
            }
            10 => {
                self.nl();
                self.match_(depth, false);
            }
            11 => self.loop_stmt(depth),
            12 => self.while_stmt(depth),
            13 => self.for_range(depth),
            14 => self.for_vec(depth),
            15 => self.for_vec_noisy(depth),
            16 => {
                self.nl();
                self.block(depth, false);
            }
            17 => self.labeled_block(depth),
            18 => self.let_uninit(depth),
            20 => {
                let var = *self.rng.pick(&renewable);
                self.renew_noisy(var);
            }
            _ => {
                let name = self.fresh_name("i");
                let var = self.new_var(&name, Kind::Int, true, true);
                self.nl();
                self.t("let ");
                self.out.push(Piece::Mut(var));
                self.t(format!("{name} = "));
                let wrap = self.await_here("await_yield_expr", 10);
                if wrap {
                    self.t(AWAIT_OPEN.to_string());
                }
                self.value_construct(depth + 1);
                if wrap {
                    self.t(AWAIT_CLOSE.to_string());
                }
                self.t(";");
                self.declare(var);
            }
        }
    }

    fn yield_stmt(&mut self) {
        self.no_temps += 1;
        self.in_yielded_value += 1;
        let e = self.pure(2);
        self.in_yielded_value -= 1;
        self.no_temps -= 1;
        self.await_stmt("await_around_yield", 15);
        self.nl();
        self.out.push(Piece::Yield(e.text));
        self.yields += 1;
        self.t(";");
        self.await_stmt("await_around_yield", 15);
        self.probe(15);
    }

    /// An integer expression that (usually) yields. Its operands hold no temporaries with
    /// destructors unless `temp_across_yield` is on (such a temporary lives to the end of
    /// the statement, across the yield).
    fn eff_int(&mut self, depth: usize) {
        self.no_temps += 1;
        let wrap = self.await_here("await_yield_expr", 10);
        if wrap {
            self.t(AWAIT_OPEN.to_string());
        }
        self.eff_int_inner(depth);
        if wrap {
            self.t(AWAIT_CLOSE.to_string());
        }
        self.no_temps -= 1;
    }

    fn eff_int_inner(&mut self, depth: usize) {
        if !self.on("yield_in_expr") || depth > MAX_DEPTH + 1 {
            let e = self.pure(2);
            self.t(e.text);
            return;
        }
        self.note("yield_in_expr");
        let value = self.on("value_constructs");
        let in_place = self.on("yield_block_in_place");
        match self.rng.weighted(&[
            5,
            2,
            2,
            if value { 3 } else { 0 },
            if in_place { 2 } else { 0 },
        ]) {
            0 => self.yield_block(depth, None),
            4 => {
                self.note("yield_block_in_place");
                let name = self.fresh_name("b");
                self.t("i64::abs(");
                self.yield_block(depth, Some(format!("Noisy::new(\"{name}\", log)")));
                self.t(".name().len() as i64)");
            }
            1 => {
                let f = *self
                    .rng
                    .pick(&["wrapping_add", "wrapping_sub", "wrapping_mul"]);
                self.t(format!("i64::{f}("));
                match self.rng.below(3) {
                    0 => {
                        self.eff_int(depth + 1);
                        let b = self.pure(1);
                        self.t(format!(", {})", b.text));
                    }
                    1 => {
                        let a = self.pure(1);
                        self.t(format!("{}, ", a.text));
                        self.eff_int(depth + 1);
                        self.t(")");
                    }
                    _ => {
                        self.eff_int(depth + 1);
                        self.t(", ");
                        self.eff_int(depth + 1);
                        self.t(")");
                    }
                }
            }
            2 => {
                // Plain arithmetic on small operands cannot overflow.
                let op = *self.rng.pick(&["+", "-", "*"]);
                let small = self.small();
                self.in_yielded_value += 1;
                let yielded = self.pure(1);
                self.in_yielded_value -= 1;
                let k = self.rng.int(0, 9);
                let block = |g: &mut Self| {
                    g.t("{ ");
                    g.out.push(Piece::Yield(yielded.text.clone()));
                    g.yields += 1;
                    g.t(format!("; {k} }}"));
                };
                if self.rng.chance(50) {
                    block(self);
                    self.t(format!(" {op} {small}"));
                } else {
                    self.t(format!("{small} {op} "));
                    block(self);
                }
            }
            _ => self.value_construct(depth + 1),
        }
    }

    /// A small expression: `(e & 15)`, `(e % 7)` or a literal in 0..=9.
    fn small(&mut self) -> String {
        match self.rng.below(3) {
            0 | 1 if !self.on("paren_operand") => {
                let e = self.pure(1);
                format!("i64::rem_euclid({}, 16)", e.text)
            }
            0 => {
                let e = self.pure(1);
                format!("({} & 15)", self.operand(&e))
            }
            1 => {
                let e = self.pure(1);
                format!("({} % 7)", self.operand(&e))
            }
            _ => self.rng.int(0, 9).to_string(),
        }
    }

    /// `{ stmts (one of them a yield); tail }`, with a pure tail unless one is given.
    fn yield_block(&mut self, depth: usize, tail: Option<String>) {
        self.t("{");
        self.indent += 1;
        self.open_scope();
        if self.on("shadow_then_assign")
            && let Some(&target) = self.locked.last()
            && self.rng.chance(50)
        {
            // Shadow the local that the enclosing statement assigns.
            self.note("shadow_then_assign");
            self.shadow(target, depth + 1);
        }
        self.stmts_with_yield(3, depth);
        let tail = tail.unwrap_or_else(|| self.pure(2).text);
        self.close_block(Some(tail));
    }

    /// `if`/`match`/labeled block/`loop` producing an integer.
    fn value_construct(&mut self, depth: usize) {
        self.note("value_constructs");
        if self.on("value_arm_jumps") && self.xrng.chance(6) && self.has_jump_target() {
            return self.value_with_jumps(depth);
        }
        if self.on("if_let") && self.xrng.chance(4) {
            self.t("if ");
            return self.if_let_rest(depth, true, None);
        }
        let labels = self.on("labels");
        match self.rng.weighted(&[3, 2, if labels { 2 } else { 0 }, 2]) {
            0 => {
                self.t("if ");
                self.if_rest(depth, true);
            }
            1 => self.match_(depth, true),
            2 => {
                // 'l: { stmts; if c { break 'l e; } stmts; e }
                self.note("labels");
                let label = self.new_label();
                self.labels[label] = true;
                self.t(format!("'l{label}: {{"));
                self.indent += 1;
                self.open_scope();
                self.frames.push(Frame {
                    kind: FrameKind::Block,
                    label,
                    value: true,
                });
                self.stmts(depth + 1, 0, 2);
                let pre = self.snapshot();
                self.nl();
                let c = self.cond(1);
                self.t(format!("if {c} {{"));
                self.indent += 1;
                self.flush_reads();
                let e = self.pure(2);
                self.nl();
                self.t(format!("break 'l{label} {};", e.text));
                self.indent -= 1;
                self.nl();
                self.t("}");
                self.restore(&pre);
                self.stmts(depth + 1, 0, 2);
                self.frames.pop();
                let tail = self.pure(2);
                self.close_block(Some(tail.text));
            }
            _ => {
                // { let mut c = 0; 'l: loop { c += 1; if c > N { break e; } body } }
                self.t("{");
                self.indent += 1;
                self.open_scope();
                let counter = self.counter();
                let n = self.rng.int(0, 3);
                let label = self.new_label();
                self.nl();
                self.out.push(Piece::Label(label));
                self.t("loop {");
                self.indent += 1;
                self.nl();
                self.t(format!("{counter} += 1;"));
                let e = self.pure(1);
                self.nl();
                self.t(format!("if {counter} > {n} {{"));
                self.indent += 1;
                self.nl();
                self.t(format!("break {};", e.text));
                self.indent -= 1;
                self.nl();
                self.t("}");
                self.loop_body(depth, label, true);
                self.close_scope_reads();
                self.scopes.pop();
                self.indent -= 1;
                self.nl();
                self.t("}");
            }
        }
    }

    fn new_label(&mut self) -> usize {
        self.labels.push(false);
        self.labels.len() - 1
    }

    /// `let mut cN = 0;`, a loop counter (readable, never assigned at random).
    fn counter(&mut self) -> String {
        let name = self.fresh_name("c");
        let var = self.new_var(&name, Kind::Int, false, false);
        self.vars[var].used = true;
        self.vars[var].counter = true;
        self.nl();
        self.t(format!("let mut {name} = 0;"));
        self.declare(var);
        name
    }

    /// The rest of a loop body after its header statements (the caller wrote `{` and
    /// indented), through the closing `}`. The loop's dirty state is merged with the state
    /// before it (zero iterations).
    fn loop_body(&mut self, depth: usize, label: usize, value: bool) {
        let pre = self.snapshot();
        self.frames.push(Frame {
            kind: FrameKind::Loop,
            label,
            value,
        });
        self.open_scope();
        self.loop_nest += 1;
        self.stmts(depth + 1, 1, 4);
        self.probe(12);
        self.close_scope_reads();
        self.loop_nest -= 1;
        self.scopes.pop();
        self.frames.pop();
        self.merge(&pre);
        self.indent -= 1;
        self.nl();
        self.t("}");
    }

    fn let_int(&mut self, depth: usize) {
        let name = self.fresh_name("i");
        let var = self.new_var(&name, Kind::Int, true, true);
        self.nl();
        self.t("let ");
        self.out.push(Piece::Mut(var));
        self.t(name);
        if self.rng.chance(20) {
            self.t(": i64");
        }
        self.t(" = ");
        if self.rng.chance(35) {
            self.eff_int(depth + 1);
        } else {
            let e = self.pure(2);
            self.t(e.text);
        }
        self.t(";");
        self.declare(var);
    }

    fn let_noisy(&mut self) {
        if self.on("yield_in_let_scrutinee") && self.rng.chance(15) {
            return self.let_else_noisy();
        }
        let name = self.fresh_name("n");
        let arg = self.noisy_name(&name);
        let renewable = self.on("noisy_renew");
        let var = self.new_var(&name, Kind::Noisy, renewable, true);
        self.nl();
        self.t("let ");
        self.out.push(Piece::Mut(var));
        let new = self.await_text("await_noisy", 15, format!("Noisy::new({arg}, log)"));
        self.t(format!("{name} = {new};"));
        self.declare(var);
    }

    /// `let Ok(nN) = ({ yield_!(e); Noisy::new("nN", log).keep_if(c) }) else { return; };`
    /// or `let Ok(nN) = { yield_!(e); Noisy::new("nN", log) }.keep_if(c) else { .. };`.
    fn let_else_noisy(&mut self) {
        self.note("yield_in_let_scrutinee");
        let name = self.fresh_name("n");
        self.in_let_else_value += 1;
        let c = self.cond(1);
        self.in_let_else_value -= 1;
        let yielded = self.yielded_operand();
        let var = self.new_var(&name, Kind::Noisy, self.on("noisy_renew"), true);
        let new = self.await_text("await_noisy", 15, format!("Noisy::new(\"{name}\", log)"));
        self.nl();
        self.t("let Ok(");
        self.out.push(Piece::Mut(var));
        self.t(format!("{name}) = "));
        if self.rng.chance(50) {
            self.t("(");
            self.yielding_value(Some(yielded), format!("{new}.keep_if({c})"));
            self.t(")");
        } else {
            self.yielding_value(Some(yielded), new);
            self.t(format!(".keep_if({c})"));
        }
        self.t(" else {");
        self.returning_block_body();
        self.t("};");
        self.declare(var);
    }

    /// `n = Noisy::renew(n, log);`, then a read of the new value.
    fn renew_noisy(&mut self, var: usize) {
        self.note("noisy_renew");
        let name = self.read(var);
        self.nl();
        let renew = self.await_text("await_noisy", 15, format!("Noisy::renew({name}, log)"));
        self.t(format!("{name} = {renew};"));
        self.vars[var].assigned = true;
        self.read_stmt(var);
    }

    /// The name argument of `Noisy::new`: `"n3"`, or (with `noisy_from_local`) sometimes
    /// `format!("n3.{}", e)` where `e` may read locals.
    fn noisy_name(&mut self, name: &str) -> String {
        if self.on("noisy_from_local") && self.rng.chance(25) {
            self.note("noisy_from_local");
            self.in_macro += 1;
            let e = self.pure(1);
            self.in_macro -= 1;
            format!("format!(\"{name}.{{}}\", {})", e.text)
        } else {
            format!("\"{name}\"")
        }
    }

    fn underscore_noisy(&mut self) {
        self.note("underscore_noisy");
        let name = self.fresh_name("n");
        if self.rng.chance(50) {
            self.nl();
            self.t(format!("let _ = Noisy::new(\"{name}\", log);"));
        } else {
            let guard = format!("_{name}");
            let arg = self.noisy_name(&guard);
            let var = self.new_var(&guard, Kind::Noisy, false, false);
            self.nl();
            self.t(format!("let {guard} = Noisy::new({arg}, log);"));
            self.declare(var);
        }
    }

    fn assign(&mut self, var: usize, depth: usize) {
        self.locked.push(var);
        let name = self.vars[var].name.clone();
        // A plain `x = e;` would leave the previous value unread if it may be unread.
        let dirty = self.vars[var].dirty || self.vars[var].loop_nest != self.loop_nest;
        let eff = self.rng.chance(30);
        self.nl();
        let rhs = |g: &mut Self| {
            if eff {
                g.eff_int(depth + 1);
            } else {
                let e = g.pure(2);
                g.t(e.text);
            }
        };
        match self.rng.below(if dirty { 3 } else { 4 }) {
            0 => {
                let op = *self.rng.pick(&["^=", "|=", "&="]);
                self.t(format!("{name} {op} "));
                rhs(self);
                self.t(";");
            }
            1 => {
                let f = *self
                    .rng
                    .pick(&["wrapping_add", "wrapping_sub", "wrapping_mul"]);
                self.t(format!("{name} = i64::{f}({name}, "));
                rhs(self);
                self.t(");");
            }
            2 => {
                let k = self.rng.int(2, 9);
                self.t(format!("{name} %= {k};"));
            }
            _ => {
                self.t(format!("{name} = "));
                if eff {
                    let at = self.out.len();
                    self.eff_int(depth + 1);
                    let mut plain = String::new();
                    let all_text = self.out[at..].iter().all(|p| match p {
                        Piece::Text(t) => {
                            plain.push_str(&strip_awaits(t));
                            true
                        }
                        _ => false,
                    });
                    if all_text && plain == name {
                        // Not `x = x;` (rustc warns about self-assignment).
                        self.out.truncate(at);
                        let literal = self.literal().text;
                        self.t(literal);
                    }
                } else {
                    let mut e = self.pure(2);
                    if strip_awaits(&e.text) == name {
                        // Not `x = x;` (rustc warns about self-assignment).
                        e = self.literal();
                    }
                    self.t(e.text);
                }
                self.t(";");
            }
        }
        self.locked.pop();
        let v = &mut self.vars[var];
        v.used = true;
        v.assigned = true;
        v.dirty = true;
    }

    fn shadow(&mut self, old: usize, depth: usize) {
        self.note("shadow");
        let name = self.vars[old].name.clone();
        let var = self.new_var(&name, Kind::Int, true, true);
        self.read(old);
        if !self.on("shadow_then_assign") {
            self.vars[old].assignable = false;
        } else if self.vars[old].assigned || self.locked.contains(&old) {
            self.note("shadow_then_assign");
        }
        self.locked.push(old);
        self.nl();
        self.t("let ");
        self.out.push(Piece::Mut(var));
        let f = *self
            .rng
            .pick(&["wrapping_add", "wrapping_sub", "wrapping_mul"]);
        self.t(format!("{name} = i64::{f}({name}, "));
        if self.rng.chance(30) {
            self.eff_int(depth + 1);
        } else {
            let e = self.pure(1);
            self.t(e.text);
        }
        self.t(");");
        self.locked.pop();
        self.declare(var);
    }

    /// `if c { [yield]; reads; break/continue/return }`: a jump on one path only, so
    /// nothing after it is unreachable.
    fn jump(&mut self, _depth: usize) {
        // (frame index, labeled)
        let mut targets = Vec::new();
        let mut unlabeled_ok = true;
        for (index, frame) in self.frames.iter().enumerate().rev() {
            if frame.kind == FrameKind::Loop && unlabeled_ok && index >= self.unlabeled_floor {
                targets.push((index, false));
            }
            if self.on("labels") {
                targets.push((index, true));
            }
            unlabeled_ok = false;
        }
        if targets.is_empty() {
            return self.yield_stmt();
        }
        let (index, labeled) = *self.rng.pick(&targets);
        let frame = self.frames[index];
        let c = self.cond(1);
        let pre = self.snapshot();
        self.nl();
        self.t(format!("if {c} {{"));
        self.indent += 1;
        if self.rng.chance(30) {
            self.yield_stmt();
        }
        self.flush_reads();
        let keyword = if frame.kind == FrameKind::Loop && self.rng.chance(40) {
            "continue"
        } else {
            "break"
        };
        let mut text = keyword.to_string();
        if labeled {
            self.note("labels");
            self.labels[frame.label] = true;
            write!(text, " 'l{}", frame.label).unwrap();
        }
        if keyword == "break" && frame.value {
            let e = self.pure(1);
            write!(text, " {}", e.text).unwrap();
        }
        self.nl();
        self.t(format!("{text};"));
        self.unreachable_code();
        self.indent -= 1;
        self.nl();
        self.t("}");
        self.restore(&pre);
    }

    fn early_return(&mut self) {
        self.note("early_return");
        let c = self.cond(1);
        self.nl();
        self.t(format!("if {c} {{"));
        self.returning_block_body();
        self.t("}");
    }

    /// The inside of a block that returns: reads what is left unread, then `return;`.
    /// What it reads stays unread after the block.
    fn returning_block_body(&mut self) {
        let pre = self.snapshot();
        self.indent += 1;
        self.flush_reads();
        self.nl();
        self.t("return;");
        self.unreachable_code();
        self.indent -= 1;
        self.nl();
        self.restore(&pre);
    }

    /// Sometimes, after a jump, statements that never run.
    fn unreachable_code(&mut self) {
        if self.on("unreachable_after_jump") && self.rng.chance(25) {
            self.note("unreachable_after_jump");
            self.nl();
            self.t("#[allow(unreachable_code)]");
            self.nl();
            self.t("let _dead = 0;");
            self.nl();
            self.out.push(Piece::Yield("0".to_string()));
            self.t(";");
        }
    }

    /// A condition, possibly `{ stmts (with a yield); cond }`.
    fn any_cond(&mut self, depth: usize) {
        if self.on("yield_in_cond") && depth <= MAX_DEPTH && self.rng.chance(20) {
            self.note("yield_in_cond");
            if self.rng.chance(70) {
                self.t("{");
                self.indent += 1;
                self.open_scope();
                self.stmts_with_yield(2, depth);
                let c = self.cond(1);
                self.close_block(Some(c));
            } else {
                self.t("i64::wrapping_add(");
                self.eff_int(depth + 1);
                let op = *self.rng.pick(&["<", ">", "=="]);
                let k = self.rng.int(-3, 10);
                self.t(format!(", 0) {op} {k}"));
            }
        } else {
            let c = self.cond(1);
            self.t(c);
        }
    }

    /// After `if ` (or `else if `): the condition, the branches, any `else`.
    fn if_rest(&mut self, depth: usize, value: bool) {
        self.any_cond(depth);
        self.t(" ");
        let pre = self.snapshot();
        self.block(depth, value);
        let then = self.snapshot();
        self.restore(&pre);
        if self.rng.chance(20) {
            self.t(" else if ");
            self.if_rest(depth, value);
        } else if value || self.rng.chance(50) {
            self.t(" else ");
            self.block(depth, value);
        }
        self.merge(&then);
    }

    /// `{ stmts [tail] }` in a new scope.
    fn block(&mut self, depth: usize, value: bool) {
        self.open_scope();
        self.block_in_scope(depth, value);
    }

    /// `{ stmts [tail] }`; closes the innermost scope, which the caller opened.
    fn block_in_scope(&mut self, depth: usize, value: bool) {
        self.t("{");
        self.indent += 1;
        self.stmts(depth + 1, 0, 3);
        let tail = value.then(|| self.pure(2).text);
        self.close_block(tail);
    }

    fn match_(&mut self, depth: usize, value: bool) {
        self.t("match ");
        if self.on("yield_in_cond") && !value && self.rng.chance(20) {
            self.note("yield_in_cond");
            let wrap = self.await_here("await_scrutinee", 20);
            if wrap {
                self.t(AWAIT_OPEN.to_string());
            }
            self.yield_block(depth + 1, None);
            if wrap {
                self.t(AWAIT_CLOSE.to_string());
            }
        } else {
            let e = self.pure(2);
            let scrutinee = if self.rng.chance(50) {
                let e = self.operand(&e);
                format!("{e} % 5")
            } else {
                e.text
            };
            let scrutinee = self.await_text("await_scrutinee", 20, scrutinee);
            self.t(scrutinee);
        }
        self.t(" {");
        self.indent += 1;
        let pre = self.snapshot();
        let mut after = pre.clone();
        let mut taken: Vec<i64> = Vec::new();
        let mut arm = |g: &mut Self, pattern: Option<String>, binding: Option<(String, bool)>| {
            g.restore(&pre);
            g.nl();
            g.open_scope();
            if let Some((name, guarded)) = binding {
                let var = g.new_var(&name, Kind::Int, false, true);
                g.declare(var);
                let pattern = pattern.map(|p| format!(" @ {p}")).unwrap_or_default();
                g.t(format!("{name}{pattern}"));
                if guarded {
                    // The guard must read the binding.
                    let n = g.read(var);
                    let k = g.rng.int(-2, 6);
                    let op = *g.rng.pick(&["<", ">", "==", "!="]);
                    g.t(format!(" if {n} {op} {k}"));
                    if g.rng.chance(40) {
                        let c = g.cond(0);
                        g.t(format!(" && {c}"));
                    }
                }
            } else {
                g.t(pattern.unwrap_or_else(|| "_".into()));
            }
            g.t(" => ");
            g.block_in_scope(depth, value);
            let end = g.snapshot();
            for (a, b) in after.iter_mut().zip(end) {
                *a |= b;
            }
        };
        for _ in 0..1 + self.rng.below(3) {
            let mut values = Vec::new();
            for _ in 0..1 + self.rng.below(2) {
                let v = self.rng.int(-1, 5);
                if !taken.contains(&v) && !values.contains(&v) {
                    values.push(v);
                }
            }
            if values.is_empty() {
                continue;
            }
            taken.extend(&values);
            let pattern = values
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(" | ");
            arm(self, Some(pattern), None);
        }
        let mut range_hi = 5;
        if self.rng.chance(40) {
            let lo = self.rng.int(-2, 4);
            let hi = lo + self.rng.int(1, 3);
            if (lo..=hi).any(|v| !taken.contains(&v)) {
                range_hi = range_hi.max(hi);
                arm(self, Some(format!("{lo}..={hi}")), None);
            }
        }
        if self.on("match_bindings") {
            if self.rng.chance(40) {
                self.note("match_bindings");
                let name = self.fresh_name("m");
                arm(self, None, Some((name, true)));
            }
            if self.rng.chance(25) {
                self.note("match_bindings");
                let name = self.fresh_name("m");
                let lo = range_hi + self.rng.int(1, 3);
                let hi = lo + self.rng.int(1, 4);
                arm(self, Some(format!("{lo}..={hi}")), Some((name, false)));
            }
        }
        arm(self, None, None);
        self.restore(&after);
        self.indent -= 1;
        self.nl();
        self.t("}");
    }

    fn loop_stmt(&mut self, depth: usize) {
        let counter = self.counter();
        let n = self.rng.int(0, 3);
        let label = self.new_label();
        self.nl();
        self.out.push(Piece::Label(label));
        self.t("loop {");
        self.indent += 1;
        self.nl();
        self.t(format!("{counter} += 1;"));
        self.nl();
        self.t(format!("if {counter} > {n} {{"));
        self.indent += 1;
        self.nl();
        self.t("break;");
        self.indent -= 1;
        self.nl();
        self.t("}");
        self.loop_body(depth, label, false);
    }

    fn while_stmt(&mut self, depth: usize) {
        let counter = self.counter();
        let n = self.rng.int(0, 3);
        let label = self.new_label();
        self.nl();
        self.out.push(Piece::Label(label));
        self.t("while ");
        if self.on("while_cond_yield") && self.rng.chance(25) {
            // `while { stmts; c < n } { .. }`: no jumps in the condition.
            self.note("while_cond_yield");
            self.condition_block(depth, |g| {
                g.await_text("await_cond", 20, format!("{counter} < {n}"))
            });
            self.t(" {");
        } else if self.on("while_let_temp") && self.rng.chance(25) {
            // `while let Some(_) = Noisy::maybe(c < n, "tN", log) { .. }`: the scrutinee is
            // a temporary, which lives to the end of each iteration.
            self.note("while_let_temp");
            let test = self.await_text("await_cond", 20, format!("{counter} < {n}"));
            let name = self.fresh_name("t");
            let scrutinee = format!("Noisy::maybe({test}, \"{name}\", log)");
            self.t("let Some(_) = ");
            if self.on("yield_in_let_scrutinee") && self.rng.chance(30) {
                // `{ stmts; Noisy::maybe(..) }`, with a yield among the statements.
                self.note("yield_in_let_scrutinee");
                self.condition_block(depth, |_| scrutinee);
            } else {
                self.t(scrutinee);
            }
            match self.rng.below(3) {
                0 => self.t(" {"),
                1 if self.on("let_chain") => {
                    // A chain: `&& c && let Some(_) = Noisy::maybe(c2, "tM", log)`.
                    self.note("let_chain");
                    let c = self.cond(0);
                    let c2 = self.cond(0);
                    let name = self.fresh_name("t");
                    self.t(format!(
                        " && {c} && let Some(_) = Noisy::maybe({c2}, \"{name}\", log) {{"
                    ));
                }
                _ => self.t(".as_ref().map(|n| n.name().len() as i64) {"),
            }
        } else {
            let test = self.await_text("await_cond", 20, format!("{counter} < {n}"));
            self.t(format!("{test} {{"));
        }
        self.indent += 1;
        self.nl();
        self.t(format!("{counter} += 1;"));
        self.loop_body(depth, label, false);
    }

    /// `{ stmts (with a yield); tail }` in a loop's condition: no jump may leave it.
    fn condition_block(&mut self, depth: usize, tail: impl FnOnce(&mut Self) -> String) {
        let frames = std::mem::take(&mut self.frames);
        self.t("{");
        self.indent += 1;
        self.loop_nest += 1;
        self.open_scope();
        self.stmts_with_yield(2, depth);
        self.close_scope_reads();
        self.scopes.pop();
        self.loop_nest -= 1;
        self.nl();
        let tail = tail(self);
        self.t(tail);
        self.indent -= 1;
        self.nl();
        self.t("}");
        self.frames = frames;
    }

    fn for_range(&mut self, depth: usize) {
        let range = match self.rng.below(7) {
            0 => format!("0..{}", self.rng.int(0, 3)),
            1 => {
                let lo = self.rng.int(-2, 3);
                format!("{lo}..={}", lo + self.rng.int(-1, 2))
            }
            2 if self.on("paren_operand") => format!("(0..{}).rev()", self.rng.int(0, 3)),
            2 => format!("Iterator::rev(0..{})", self.rng.int(0, 3)),
            3 => {
                let e = self.pure(1);
                if self.on("paren_operand") {
                    format!("0..({} & 3)", self.operand(&e))
                } else {
                    format!("0..i64::rem_euclid({}, 4)", e.text)
                }
            }
            4 if self.on("paren_operand") => {
                format!("(0..{}).step_by(2)", self.rng.int(0, 6))
            }
            4 => format!("Iterator::step_by(0..{}, 2)", self.rng.int(0, 6)),
            6 if self.on("closure_iterable") => {
                self.note("closure_iterable");
                let (n, m, c) = (self.rng.int(0, 3), self.rng.int(-2, 3), self.rng.int(-3, 4));
                if self.on("paren_operand") {
                    format!("(0..{n}).map(move |v: i64| v * {m} + {c})")
                } else {
                    format!("Iterator::map(0..{n}, move |v: i64| v * {m} + {c})")
                }
            }
            _ if self.on("method_iterable") => {
                self.note("method_iterable");
                let n = 1 + self.rng.below(3);
                let items: Vec<String> = (0..n).map(|_| self.pure(1).text).collect();
                format!("[{}].into_iter()", items.join(", "))
            }
            _ => format!("0..{}", self.rng.int(0, 3)),
        };
        let range = self.await_text("await_iterable", 15, range);
        let label = self.new_label();
        self.open_scope();
        let binding = if self.rng.chance(15) {
            "_".to_string()
        } else {
            let name = self.fresh_name("i");
            let var = self.new_var(&name, Kind::Int, false, true);
            self.declare(var);
            name
        };
        self.nl();
        self.out.push(Piece::Label(label));
        self.t(format!("for {binding} in {range} "));
        self.loop_in_scope(depth, label);
    }

    /// A `for` loop's body `{ .. }`; the binding's scope is open.
    fn loop_in_scope(&mut self, depth: usize, label: usize) {
        let pre = self.snapshot();
        self.frames.push(Frame {
            kind: FrameKind::Loop,
            label,
            value: false,
        });
        self.loop_nest += 1;
        self.block_in_scope(depth, false);
        self.loop_nest -= 1;
        self.frames.pop();
        self.merge(&pre);
    }

    fn for_vec(&mut self, depth: usize) {
        self.note("for_vec");
        let name = self.fresh_name("v");
        self.nl();
        let pushes = match self.rng.below(3) {
            0 => {
                self.in_macro += 1;
                let items: Vec<String> =
                    (0..self.rng.below(4)).map(|_| self.pure(1).text).collect();
                self.in_macro -= 1;
                self.t(format!(
                    "let {name}: Vec<i64> = vec![{}];",
                    items.join(", ")
                ));
                0
            }
            1 => {
                let n = self.rng.int(0, 4);
                let k = self.rng.int(-3, 5);
                self.t(format!(
                    "let {name}: Vec<i64> = (0..{n}).map(|x| x * {k}).collect();"
                ));
                0
            }
            2 if self.on("open_type") && self.rng.chance(50) => {
                self.note("open_type");
                let n = self.rng.int(0, 3);
                self.t(format!("let mut {name} = Vec::new();"));
                self.nl();
                self.t(format!("for _ in 0..{n} {{"));
                self.yield_stmt();
                let e = self.pure(1);
                self.nl();
                // Typed, as a literal alone would leave `{integer}` open past `sum`.
                self.t(format!("{name}.push(i64::wrapping_add({}, 0));", e.text));
                self.nl();
                self.t("}");
                self.nl();
                self.t(format!(
                    "log.push(format!(\"w {{}}\", {name}.iter().map(|x| x.wrapping_add(1)).sum::<i64>()));"
                ));
                0
            }
            _ => {
                self.t(format!("let mut {name} = Vec::new();"));
                1 + self.rng.below(3)
            }
        };
        for _ in 0..pushes {
            if self.rng.chance(40) {
                self.stmt(depth + 1);
            }
            let e = self.pure(1);
            self.nl();
            self.t(format!("{name}.push({});", e.text));
        }
        self.stmts(depth + 1, 0, 2);
        let label = self.new_label();
        self.open_scope();
        let item = self.fresh_name("i");
        let var = self.new_var(&item, Kind::Int, false, true);
        self.declare(var);
        self.nl();
        let iterable = self.iterable(&name);
        let stream = self.for_piece(label, item, iterable);
        self.loop_in_scope(depth, label);
        self.out.push(Piece::ForAwaitEnd(stream));
    }

    fn for_vec_noisy(&mut self, depth: usize) {
        self.note("for_vec_noisy");
        let name = self.fresh_name("v");
        let count = self.rng.below(4);
        let items: Vec<String> = (0..count)
            .map(|_| {
                let item = self.fresh_name("e");
                format!("Noisy::new(\"{item}\", log)")
            })
            .collect();
        self.nl();
        if count == 0 || self.rng.chance(70) {
            self.t(format!(
                "let {name}: Vec<Noisy> = vec![{}];",
                items.join(", ")
            ));
        } else {
            self.t(format!("let mut {name} = Vec::new();"));
            for item in items {
                if self.rng.chance(40) {
                    self.stmt(depth + 1);
                }
                self.nl();
                self.t(format!("{name}.push({item});"));
            }
        }
        self.stmts(depth + 1, 0, 2);
        let label = self.new_label();
        self.open_scope();
        let binding = match self.rng.below(10) {
            0 if self.on("for_underscore_noisy") => {
                self.note("for_underscore_noisy");
                "_".to_string()
            }
            1 if self.on("underscore_noisy") => {
                let item = self.fresh_name("_n");
                let var = self.new_var(&item, Kind::Noisy, false, false);
                self.declare(var);
                item
            }
            _ => {
                let item = self.fresh_name("n");
                let var = self.new_var(&item, Kind::Noisy, false, true);
                self.declare(var);
                item
            }
        };
        self.nl();
        let iterable = self.iterable(&name);
        let stream = self.for_piece(label, binding, iterable);
        self.loop_in_scope(depth, label);
        self.out.push(Piece::ForAwaitEnd(stream));
    }

    /// `'lN: for binding in iterable `, which the stream versions may consume as a stream.
    fn for_piece(&mut self, label: usize, binding: String, iterable: String) -> bool {
        let stream = self.await_here("for_await", 30);
        self.out.push(Piece::For {
            label,
            binding,
            iterable,
            stream,
        });
        stream
    }

    /// `v`, or (with `method_iterable`) `v.into_iter()`.
    fn iterable(&mut self, vec: &str) -> String {
        let iterable = if self.on("method_iterable") && self.rng.chance(30) {
            self.note("method_iterable");
            format!("{vec}.into_iter()")
        } else {
            vec.to_string()
        };
        self.await_text("await_iterable", 15, iterable)
    }

    fn labeled_block(&mut self, depth: usize) {
        let label = self.new_label();
        self.nl();
        self.out.push(Piece::Label(label));
        self.frames.push(Frame {
            kind: FrameKind::Block,
            label,
            value: false,
        });
        self.block(depth, false);
        self.frames.pop();
        if self.on("labeled_block_tail") {
            self.note("labeled_block_tail");
        } else {
            // Never the tail of the body (nor of an `if` or a block that is its tail).
            self.nl();
            self.t(format!("log.push(\"after 'l{label}\");"));
        }
    }

    fn let_uninit(&mut self, depth: usize) {
        self.note("let_uninit");
        let name = self.fresh_name("i");
        let var = self.new_var(&name, Kind::Int, true, true);
        self.nl();
        self.t("let ");
        self.out.push(Piece::Mut(var));
        self.t(format!("{name};"));
        self.nl();
        self.t("if ");
        self.any_cond(depth);
        self.t(" ");
        let pre = self.snapshot();
        let branch = |g: &mut Self| {
            g.t("{");
            g.indent += 1;
            g.open_scope();
            g.stmts(depth + 1, 0, 2);
            g.nl();
            g.t(format!("{name} = "));
            if g.rng.chance(30) {
                g.eff_int(depth + 1);
            } else {
                let e = g.pure(2);
                g.t(e.text);
            }
            g.t(";");
            g.stmts(depth + 1, 0, 1);
            g.probe(12);
            g.close_scope_reads();
            g.scopes.pop();
            g.indent -= 1;
            g.nl();
            g.t("}");
        };
        branch(self);
        let then = self.snapshot();
        self.restore(&pre);
        self.t(" else ");
        branch(self);
        self.merge(&then);
        self.declare(var);
    }
}

impl Gen<'_> {
    /// Sometimes (drawn from `xrng`) one of the newer statements; whether it wrote one.
    fn extra_stmt(&mut self, depth: usize, nest: bool, assignable: &[usize]) -> bool {
        let if_let = self.on("if_let") && nest;
        let destructure = self.on("destructure_assign");
        if !if_let && !destructure {
            return false;
        }
        match self.xrng.below(400) {
            0..3 if if_let => self.if_let_stmt(depth),
            3..4 if if_let => {
                // let iN = if let .. { .. } else { .. };
                let name = self.fresh_name("i");
                let var = self.new_var(&name, Kind::Int, true, true);
                self.nl();
                self.t("let ");
                self.out.push(Piece::Mut(var));
                self.t(format!("{name} = if "));
                self.if_let_rest(depth + 1, true, None);
                self.t(";");
                self.declare(var);
            }
            4..6 if destructure => self.destructure_let(depth),
            6..9 if destructure && !assignable.is_empty() => {
                self.destructure_assign(depth, assignable)
            }
            _ => return false,
        }
        true
    }

    /// `if let ..` as a statement, sometimes over a local `oN` declared just before (and
    /// held across a statement, maybe a yield).
    fn if_let_stmt(&mut self, depth: usize) {
        let mut place = None;
        if self.rng.chance(40) {
            let name = self.fresh_name("o");
            let c = self.cond(1);
            self.nl();
            let noisy = self.rng.chance(60);
            if noisy {
                let init = self.await_text(
                    "await_noisy",
                    15,
                    format!("Noisy::maybe({c}, \"{name}\", log)"),
                );
                self.t(format!("let {name} = {init};"));
            } else {
                let e = self.pure(1);
                self.t(format!("let {name} = bool::then_some({c}, {});", e.text));
            }
            if self.rng.chance(50) {
                self.yield_stmt();
            } else {
                self.stmt(depth + 1);
            }
            place = Some((name, noisy));
        }
        self.nl();
        self.t("if ");
        self.if_let_rest(depth, false, place);
    }

    /// After `if ` (or `else if `): `let PAT = SCRUTINEE { .. } [else ..]`. The `then`
    /// block yields. With `place`, the scrutinee is that local (`Option<Noisy>` if true,
    /// else `Option<i64>`); otherwise a temporary made from `Noisy::maybe`.
    fn if_let_rest(&mut self, depth: usize, value: bool, place: Option<(String, bool)>) {
        self.note("if_let");
        // (scrutinee, what follows it, binding kind: None for `_`)
        let temp_scrutinee = place.is_none();
        let mut yielded = None;
        let (scrutinee, suffix, binding) = match place {
            Some((name, noisy)) => {
                let kind = if noisy { Kind::Noisy } else { Kind::Int };
                (name, "", self.rng.chance(60).then_some(kind))
            }
            None => {
                self.in_if_let_scrutinee += 1;
                let c = self.cond(1);
                self.in_if_let_scrutinee -= 1;
                let name = self.fresh_name("t");
                let maybe = self.await_text(
                    "await_scrutinee",
                    20,
                    format!("Noisy::maybe({c}, \"{name}\", log)"),
                );
                if self.on("yield_in_let_scrutinee") && self.rng.chance(25) {
                    // `{ yield_!(e); Noisy::maybe(..) }`
                    self.note("yield_in_let_scrutinee");
                    yielded = Some(self.yielded_operand());
                }
                match self.rng.below(3) {
                    0 => (maybe, "", None),
                    1 => (maybe, "", Some(Kind::Noisy)),
                    _ => (
                        maybe,
                        ".as_ref().map(|n| n.name().len() as i64)",
                        self.rng.chance(80).then_some(Kind::Int),
                    ),
                }
            }
        };
        let pre = self.snapshot();
        let floor = self.unlabeled_floor;
        if temp_scrutinee && !self.on("if_let_jump") {
            self.unlabeled_floor = self.frames.len();
        } else if temp_scrutinee && self.unlabeled_floor < self.frames.len() {
            self.note("if_let_jump");
        }
        self.open_scope();
        self.t("let Some(");
        match binding {
            None => self.t("_"),
            Some(kind) => {
                let name = self.fresh_name(if kind == Kind::Noisy { "n" } else { "i" });
                let assignable = kind == Kind::Int || self.on("noisy_renew");
                let var = self.new_var(&name, kind, assignable, true);
                self.out.push(Piece::Mut(var));
                self.t(name);
                self.declare(var);
            }
        }
        self.t(") = ");
        self.yielding_value(yielded, scrutinee);
        self.t(suffix);
        if self.on("let_chain") && self.rng.chance(25) {
            // `&& c && let Some(_) = Noisy::maybe(c2, "tN", log)`: more scrutinees, whose
            // temporaries live as long.
            self.note("let_chain");
            // (Depth 0: no `||`, which a chain cannot hold unparenthesized.)
            let c = self.cond(0);
            let c2 = self.cond(0);
            let name = self.fresh_name("t");
            let yielded = (self.on("yield_in_let_scrutinee") && self.rng.chance(30)).then(|| {
                self.note("yield_in_let_scrutinee");
                self.yielded_operand()
            });
            self.t(format!(" && {c} && let Some(_) = "));
            self.yielding_value(yielded, format!("Noisy::maybe({c2}, \"{name}\", log)"));
        }
        self.t(" {");
        self.indent += 1;
        self.stmts_with_yield(3, depth);
        let tail = value.then(|| self.pure(2).text);
        self.close_block(tail);
        let then = self.snapshot();
        self.restore(&pre);
        if self.rng.chance(25) {
            self.t(" else if ");
            self.if_let_rest(depth, value, None);
        } else if value || self.rng.chance(60) {
            self.t(" else ");
            self.block(depth, value);
        }
        self.unlabeled_floor = floor;
        self.merge(&then);
    }

    /// A pure expression to yield inside another expression.
    fn yielded_operand(&mut self) -> String {
        self.in_yielded_value += 1;
        let yielded = self.pure(1);
        self.in_yielded_value -= 1;
        yielded.text
    }

    /// `value`, or with `yielded`, `{ yield_!(yielded); value }`.
    fn yielding_value(&mut self, yielded: Option<String>, value: String) {
        match yielded {
            None => self.t(value),
            Some(yielded) => {
                self.t("{ ");
                self.out.push(Piece::Yield(yielded));
                self.yields += 1;
                self.t(format!("; {value} }}"));
            }
        }
    }

    /// `let (mut a, _, mut b) = (..);` or `let [a, .., b] = [..];`
    fn destructure_let(&mut self, depth: usize) {
        self.note("destructure_assign");
        let array = self.rng.chance(30);
        let count = 2 + self.rng.below(2);
        let rest = count == 3 && self.rng.chance(30);
        let mut vars = Vec::new();
        let mut pattern = Vec::new();
        for index in 0..count {
            if rest && index == 1 {
                pattern.push(None);
                continue;
            }
            // Not `(a, .., _)`, which clippy's `unneeded_wildcard_pattern` rejects.
            let after_rest = rest && index + 1 == count;
            if index > 0 && !after_rest && self.rng.chance(15) {
                pattern.push(Some(None));
                continue;
            }
            let name = self.fresh_name("i");
            let var = self.new_var(&name, Kind::Int, true, true);
            vars.push(var);
            pattern.push(Some(Some(var)));
        }
        let (open, close) = if array { ("[", "]") } else { ("(", ")") };
        self.nl();
        self.t(format!("let {open}"));
        for (index, slot) in pattern.iter().enumerate() {
            if index > 0 {
                self.t(", ");
            }
            match slot {
                None => self.t(".."),
                Some(None) => self.t("_"),
                Some(Some(var)) => {
                    self.out.push(Piece::Mut(*var));
                    let name = self.vars[*var].name.clone();
                    self.t(name);
                }
            }
        }
        self.t(format!("{close} = {open}"));
        self.elements(depth, count, &[], false);
        self.t(format!("{close};"));
        for var in vars {
            self.declare(var);
        }
    }

    /// `count` comma-separated integer elements; element `i` reads `reads[i]` if given, as
    /// it is only with `bare` (not when that would assign a local to itself). One of them
    /// may yield (then none holds a temporary with a destructor).
    fn elements(&mut self, depth: usize, count: usize, reads: &[Option<usize>], bare: bool) {
        let eff = (self.on("yield_in_expr") && self.rng.chance(25)).then(|| self.rng.below(count));
        if eff.is_some() {
            self.no_temps += 1;
        }
        for index in 0..count {
            if index > 0 {
                self.t(", ");
            }
            match reads.get(index).copied().flatten() {
                Some(var) if eff != Some(index) => {
                    let name = self.read(var);
                    if bare && self.rng.chance(40) {
                        self.t(name);
                    } else {
                        let f = *self
                            .rng
                            .pick(&["wrapping_add", "wrapping_sub", "wrapping_mul"]);
                        let e = self.pure(1);
                        self.t(format!("i64::{f}({name}, {})", e.text));
                    }
                }
                Some(var) => {
                    let name = self.read(var);
                    self.t(format!("i64::wrapping_add({name}, "));
                    self.eff_int(depth + 1);
                    self.t(")");
                }
                None if eff == Some(index) => self.eff_int(depth + 1),
                None => {
                    let e = self.pure(1);
                    self.t(e.text);
                }
            }
        }
        if eff.is_some() {
            self.no_temps -= 1;
        }
    }

    /// `(a, b) = (b, a + b);`, `[x, _] = [..];`, `(a, .., b) = (..);`: each target is read
    /// by the right side, so no assigned value goes unread.
    fn destructure_assign(&mut self, depth: usize, assignable: &[usize]) {
        self.note("destructure_assign");
        let first = *self.rng.pick(assignable);
        let mut targets = vec![first];
        let others: Vec<usize> = assignable.iter().copied().filter(|v| *v != first).collect();
        if !others.is_empty() && self.rng.chance(75) {
            targets.push(*self.rng.pick(&others));
        }
        let array = self.rng.chance(30);
        // Slots: Some(target) or None (`_`); `rest` puts `..` (two elements) in the middle.
        let mut slots: Vec<Option<usize>> = targets.iter().map(|v| Some(*v)).collect();
        if targets.len() == 1 || self.rng.chance(25) {
            let at = self.rng.below(slots.len() + 1);
            slots.insert(at, None);
        }
        let rest = slots.len() >= 2 && self.rng.chance(25);
        // Which target each element reads: a rotation of the targets over their slots.
        let target_slots: Vec<usize> = (0..slots.len()).filter(|i| slots[*i].is_some()).collect();
        let rotate = self.rng.below(targets.len());
        let mut reads: Vec<Option<usize>> = vec![None; slots.len()];
        for (k, slot) in target_slots.iter().enumerate() {
            reads[*slot] = Some(targets[(k + rotate) % targets.len()]);
        }
        let (open, close) = if array { ("[", "]") } else { ("(", ")") };
        let mut pattern = Vec::new();
        let mut rhs_reads = Vec::new();
        for (index, slot) in slots.iter().enumerate() {
            if rest && index == 1 {
                pattern.push("..".to_string());
                rhs_reads.extend([None, None]);
            }
            pattern.push(match slot {
                Some(var) => self.vars[*var].name.clone(),
                None => "_".to_string(),
            });
            rhs_reads.push(reads[index]);
        }
        self.locked.extend(&targets);
        self.nl();
        self.t(format!("{open}{}{close} = {open}", pattern.join(", ")));
        let count = rhs_reads.len();
        self.elements(depth, count, &rhs_reads, rotate != 0);
        self.t(format!("{close};"));
        self.locked.truncate(self.locked.len() - targets.len());
        for var in targets {
            let v = &mut self.vars[var];
            v.used = true;
            v.assigned = true;
            v.dirty = true;
        }
    }

    /// The jumps possible here: (frame index, labeled), and `None` for `return`.
    fn jump_targets(&self) -> Vec<Option<(usize, bool)>> {
        let mut targets = Vec::new();
        let mut unlabeled_ok = true;
        for (index, frame) in self.frames.iter().enumerate().rev() {
            if frame.kind == FrameKind::Loop && unlabeled_ok && index >= self.unlabeled_floor {
                targets.push(Some((index, false)));
            }
            if self.on("labels") {
                targets.push(Some((index, true)));
            }
            unlabeled_ok = false;
        }
        if self.on("early_return") {
            targets.push(None);
        }
        targets
    }

    fn has_jump_target(&self) -> bool {
        !self.jump_targets().is_empty()
    }

    /// An arm that leaves: `{ reads; continue }`, `break 'l e`, `return`, .. (bare when
    /// nothing needs reading and `bare` allows it).
    fn jump_arm(&mut self, bare: bool) {
        let targets = self.jump_targets();
        // Prefer loops and blocks to `return`.
        let target = if targets.len() > 1 && self.rng.chance(80) {
            *self.rng.pick(&targets[..targets.len() - 1])
        } else {
            *self.rng.pick(&targets)
        };
        let mut text = match target {
            None => {
                self.note("early_return");
                "return".to_string()
            }
            Some((index, labeled)) => {
                let frame = self.frames[index];
                let keyword = if frame.kind == FrameKind::Loop && self.rng.chance(40) {
                    "continue"
                } else {
                    "break"
                };
                let mut text = keyword.to_string();
                if labeled {
                    self.note("labels");
                    self.labels[frame.label] = true;
                    write!(text, " 'l{}", frame.label).unwrap();
                }
                if keyword == "break" && frame.value {
                    let e = self.pure(1);
                    write!(text, " {}", e.text).unwrap();
                }
                text
            }
        };
        let unread = self.visible(Kind::Int).into_iter().any(|var| {
            let v = &self.vars[var];
            v.needs_use && v.assigned && v.dirty
        });
        if bare && !unread && self.rng.chance(50) {
            text.push(',');
            self.t(text);
            return;
        }
        self.t("{");
        self.indent += 1;
        self.flush_reads();
        self.nl();
        self.t(text);
        self.indent -= 1;
        self.nl();
        self.t("}");
    }

    /// An arm that produces a value, usually after a yield: `{ stmts; tail }`.
    fn value_arm(&mut self, depth: usize) {
        self.t("{");
        self.indent += 1;
        self.open_scope();
        if self.rng.chance(75) {
            self.stmts_with_yield(2, depth);
        } else {
            self.stmts(depth + 1, 0, 2);
        }
        let tail = self.pure(2);
        self.close_block(Some(tail.text));
    }

    /// `match k % 3 { 0 => { yield_!(..); 1 } 1 => continue, _ => break }` or
    /// `if c { .. } else { break }`: a value whose arms produce it or leave (at least one
    /// produces it).
    fn value_with_jumps(&mut self, depth: usize) {
        self.note("value_arm_jumps");
        let pre = self.snapshot();
        let mut after = pre.clone();
        let mut arm = |g: &mut Self, flows: bool, bare: bool| {
            g.restore(&pre);
            if flows {
                g.value_arm(depth);
                let end = g.snapshot();
                for (a, b) in after.iter_mut().zip(end) {
                    *a |= b;
                }
            } else {
                g.jump_arm(bare);
            }
        };
        if self.rng.chance(35) {
            let c = self.cond(1);
            self.t(format!("if {c} "));
            let first_flows = self.rng.chance(50);
            arm(self, first_flows, false);
            self.t(" else ");
            let second_flows = !first_flows || self.rng.chance(30);
            arm(self, second_flows, false);
        } else {
            let e = self.pure(2);
            let k = self.rng.int(2, 4);
            let operand = self.operand(&e);
            let scrutinee = self.await_text("await_scrutinee", 20, format!("{operand} % {k}"));
            self.t(format!("match {scrutinee} {{"));
            self.indent += 1;
            let arms = 2 + self.rng.below(2);
            let flowing = self.rng.below(arms);
            for index in 0..arms {
                self.nl();
                let pattern = if index + 1 == arms {
                    "_".to_string()
                } else {
                    index.to_string()
                };
                self.t(format!("{pattern} => "));
                let flows = index == flowing || self.rng.chance(30);
                arm(self, flows, true);
            }
            self.indent -= 1;
            self.nl();
            self.t("}");
        }
        self.restore(&after);
    }
}

fn is_ident(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// Style lints that the random bodies themselves trip (`p0 & p0`, empty `else`, `0..0`,
/// `if { stmts; c } { .. }`, ..). The same list is allowed on all three versions and it
/// names each lint (not `clippy::all`), so a lint that fires only on the generator version
/// still shows. No rustc lint is allowed: the bodies are written not to warn.
const ALLOWS: &str = "#[allow(\
    clippy::assign_op_pattern, \
    clippy::bad_bit_mask, \
    clippy::blocks_in_conditions, \
    clippy::collapsible_else_if, \
    clippy::collapsible_if, \
    clippy::collapsible_match, \
    clippy::eq_op, \
    clippy::erasing_op, \
    clippy::identity_op, \
    clippy::if_same_then_else, \
    clippy::ifs_same_cond, \
    clippy::impossible_comparisons, \
    clippy::ineffective_bit_mask, \
    clippy::let_and_return, \
    clippy::manual_range_contains, \
    clippy::match_overlapping_arm, \
    clippy::misrefactored_assign_op, \
    clippy::needless_else, \
    clippy::needless_ifs, \
    clippy::needless_late_init, \
    clippy::needless_return, \
    clippy::neg_multiply, \
    clippy::nonminimal_bool, \
    clippy::overly_complex_bool_expr, \
    clippy::redundant_comparisons, \
    clippy::redundant_guards, \
    clippy::redundant_pattern_matching, \
    clippy::reversed_empty_ranges, \
    clippy::same_item_push, \
    clippy::single_element_loop, \
    clippy::single_match, \
    clippy::useless_vec, \
    clippy::vec_init_then_push\
)]";

/// The parameters of a case, written out for its signatures, calls and native blocks.
struct Parameters {
    /// `, mut p0: i64, p1: Noisy`
    sig_params: String,
    /// The same without `mut`: the native version rebinds the parameters inside the block.
    native_params: String,
    /// `, 3, Noisy::new(..)`
    args: String,
    noisy_params: usize,
    /// `let mut p0 = p0;` for each, at the start of the native block.
    rebind: String,
}

impl Case {
    fn parameters(&self) -> Parameters {
        let sig_params: String = self
            .params
            .iter()
            .map(|(p, is_mut, _, noisy)| {
                let ty = if *noisy { "Noisy" } else { "i64" };
                let m = if *is_mut { "mut " } else { "" };
                format!(", {m}{p}: {ty}")
            })
            .collect();
        let native_params: String = self
            .params
            .iter()
            .map(|(p, _, _, noisy)| {
                let ty = if *noisy { "Noisy" } else { "i64" };
                format!(", {p}: {ty}")
            })
            .collect();
        let args: String = self
            .params
            .iter()
            .map(|(_, _, arg, _)| format!(", {arg}"))
            .collect();
        let noisy_params = self.params.iter().filter(|p| p.3).count();
        let rebind: String = self
            .params
            .iter()
            .map(|(p, is_mut, _, _)| {
                let m = if *is_mut { "mut " } else { "" };
                format!("\n        let {m}{p} = {p};")
            })
            .collect();
        Parameters {
            sig_params,
            native_params,
            args,
            noisy_params,
            rebind,
        }
    }

    fn write(&self, index: usize, seed: u64, main: &mut String, native: &mut String) {
        let name = format!("case_{index:03}");
        let Parameters {
            sig_params,
            native_params,
            args,
            noisy_params,
            rebind,
        } = self.parameters();
        let [ours, eager, native_body] = &self.bodies;
        writeln!(
            main,
            "// ---- {name}: seed {seed:#018x}; constructs: {} ----\n\
             #[gen_core::generator]\n\
             {ALLOWS}\n\
             fn {name}(log: &Log{sig_params}) -> impl Iterator<Item = i64> {{{ours}\n}}\n\n\
             {ALLOWS}\n\
             fn {name}_eager(log: &Log{sig_params}) {{{eager}\n}}\n\n\
             fn {name}_ours_run(log: &Log) -> Box<dyn Iterator<Item = i64> + '_> {{\n    \
                 Box::new({name}(log{args}))\n}}\n\n\
             fn {name}_eager_run(log: &Log) {{\n    {name}_eager(log{args})\n}}\n\n\
             static {upper}: Case = Case {{\n    \
                 name: \"{name}\",\n    \
                 seed: {seed:#018x},\n    \
                 source: r####\"fn {name}(log: &Log{sig_params}) -> impl Iterator<Item = i64> {{{ours}\n}}\"####,\n    \
                 noisy_params: {noisy_params},\n    \
                 ours: {name}_ours_run,\n    \
                 eager: {name}_eager_run,\n    \
                 #[cfg(feature = \"nightly\")]\n    \
                 native: {name}_native_run,\n}};\n\n\
             #[test]\n\
             fn {name}_matches() {{\n    check(&{upper});\n}}\n",
            self.constructs.join(", "),
            upper = name.to_uppercase(),
        )
        .unwrap();
        let native_body = native_body.replace('\n', "\n    ");
        writeln!(
            native,
            "{ALLOWS}\n\
             fn {name}_native(log: &Log{native_params}) -> impl Iterator<Item = i64> {{\n    \
                 gen move {{{rebind}{native_body}\n    }}\n}}\n\n\
             fn {name}_native_run(log: &Log) -> Box<dyn Iterator<Item = i64> + '_> {{\n    \
                 Box::new({name}_native(log{args}))\n}}\n"
        )
        .unwrap();
    }
}

/// Lints that the stream versions' scaffolding trips: `pended_iter(log, v.into_iter())`
/// and `pending_stream(v.into_iter())` (with `method_iterable`).
const STREAM_ALLOWS: &str = "#[allow(clippy::useless_conversion)]";

impl Case {
    /// The stream versions of the case, for `tests/random_streams.rs`.
    fn write_stream(&self, index: usize, seed: u64, main: &mut String, native: &mut String) {
        let name = format!("case_{index:03}");
        let Parameters {
            sig_params,
            native_params,
            args,
            noisy_params,
            rebind,
        } = self.parameters();
        let [ours, eager, native_body] = &self.stream_bodies;
        let signature = format!(
            "async fn {name}_stream(log: &Log{sig_params}) -> impl gen_core::Stream<Item = i64>"
        );
        let async_signature = format!(
            "async fn {name}_async(log: &Log{sig_params}) -> impl gen_core::Stream<Item = i64>"
        );
        writeln!(
            main,
            "// ---- {name}: seed {seed:#018x}; constructs: {}; awaits: {} ----\n\
             #[gen_core::generator]\n\
             {ALLOWS}\n\
             {STREAM_ALLOWS}\n\
             {signature} {{{ours}\n}}\n\n\
             #[gen_core::generator(lowering = async)]\n\
             {ALLOWS}\n\
             {STREAM_ALLOWS}\n\
             {async_signature} {{{ours}\n}}\n\n\
             {ALLOWS}\n\
             {STREAM_ALLOWS}\n\
             fn {name}_eager(log: &Log{sig_params}) {{{eager}\n}}\n\n\
             fn {name}_ours_run(log: &Log) -> BoxedStream<'_> {{\n    \
                 Box::pin({name}_stream(log{args}))\n}}\n\n\
             fn {name}_async_run(log: &Log) -> BoxedStream<'_> {{\n    \
                 Box::pin({name}_async(log{args}))\n}}\n\n\
             fn {name}_lowering(log: &Log) -> &'static str {{\n    \
                 lowering_of(&{name}_stream(log{args}))\n}}\n\n\
             fn {name}_eager_run(log: &Log) {{\n    {name}_eager(log{args})\n}}\n\n\
             static {upper}: Case = Case {{\n    \
                 name: \"{name}\",\n    \
                 seed: {seed:#018x},\n    \
                 source: r####\"{signature} {{{ours}\n}}\"####,\n    \
                 noisy_params: {noisy_params},\n    \
                 ours: {name}_ours_run,\n    \
                 async_block: {name}_async_run,\n    \
                 lowering: {name}_lowering,\n    \
                 eager: {name}_eager_run,\n    \
                 #[cfg(feature = \"nightly\")]\n    \
                 native: {name}_native_run,\n}};\n\n\
             #[test]\n\
             fn {name}_matches() {{\n    check(&{upper});\n}}\n",
            self.constructs.join(", "),
            self.stream_constructs.join(", "),
            upper = name.to_uppercase(),
        )
        .unwrap();
        let native_body = native_body.replace('\n', "\n    ");
        writeln!(
            native,
            "{ALLOWS}\n\
             {STREAM_ALLOWS}\n\
             fn {name}_native(log: &Log{native_params}) -> impl AsyncIterator<Item = i64> {{\n    \
                 async gen move {{{rebind}{native_body}\n    }}\n}}\n\n\
             fn {name}_native_run(log: &Log) -> BoxedStream<'_> {{\n    \
                 Box::pin(NativeStream(Box::pin({name}_native(log{args}))))\n}}\n"
        )
        .unwrap();
    }
}
