//! Sync generators: `#[generator] fn` against a hand-written `Iterator`, `iter::from_fn`,
//! genawaiter (stack flavour) and next-gen, on seven workloads; on nightly with the
//! `nightly` feature, also against native `gen` blocks with the same bodies.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench sync -- --warm-up-time 1 --measurement-time 3
//! CARGO_TARGET_DIR=/work/target-bench cargo +nightly bench --features nightly --bench sync -- --warm-up-time 1 --measurement-time 3
//! python3 benches/report.py /work/target-bench/criterion
//! ```
//!
//! Each criterion group is one workload, each function in it one variant; every variant's
//! items are summed through `black_box`. Before measuring, every variant's items are
//! checked against the hand-written iterator's. The binary also prints the `size_of` of
//! each variant's iterator and saves the figures for `report.py`.

#![cfg_attr(feature = "nightly", feature(gen_blocks))]

mod common;
mod workloads;

use common::{Sizes, consume};
use criterion::Criterion;
use std::hint::black_box;
use std::mem::size_of_val;
use std::time::Duration;
use workloads::*;

/// The variants, in the order of the report.
const HAND: &str = "hand-written";
const FROM_FN: &str = "from_fn";
const OURS: &str = "gen-core";
const GENAWAITER: &str = "genawaiter-stack";
const NEXT_GEN: &str = "next-gen";
#[cfg(feature = "nightly")]
const NATIVE: &str = "native-gen";

// ---------------------------------------------------------------------------------------
// genawaiter, stack flavour: producers are `async fn`s taking a `Co`; the generator state
// lives in a `Shelf` on the caller's stack (`let_gen_using!`), so there is no allocation.

mod ga {
    use super::{NIL, Node};
    use genawaiter::stack::Co;

    pub async fn counter(co: Co<'_, u64>, n: u64) {
        for i in 0..n {
            co.yield_(i).await;
        }
    }

    pub async fn filter(co: Co<'_, u64>, n: u64) {
        for i in 0..n {
            if i % 3 == 0 {
                co.yield_(i).await;
            }
        }
    }

    pub async fn nested(co: Co<'_, u64>, n: u64) {
        for i in 0..n {
            for j in 0..i {
                co.yield_(i * j).await;
            }
        }
    }

    pub async fn walk(co: Co<'_, u64>, nodes: &[Node], root: u32) {
        let mut stack = Vec::new();
        let mut cur = root;
        loop {
            while cur != NIL {
                stack.push(cur);
                cur = nodes[cur as usize].left;
            }
            let Some(top) = stack.pop() else { break };
            let node = &nodes[top as usize];
            cur = node.right;
            co.yield_(node.val).await;
        }
    }

    pub async fn big_state(co: Co<'_, u64>, n: u64) {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            co.yield_(buf[(i * 7 % 32) as usize]).await;
        }
    }

    #[allow(clippy::assign_op_pattern)]
    pub async fn big_while(co: Co<'_, u64>, n: u64) {
        let mut buf = [0u64; 32];
        let mut i = 0;
        while i < n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            co.yield_(buf[(i * 7 % 32) as usize]).await;
            i = i + 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// next-gen: `#[generator(yield(T))]` functions, instantiated pinned on the stack (`mk_gen!`).

mod ng {
    use super::{NIL, Node};
    use next_gen::prelude::*;

    #[generator(yield(u64))]
    pub fn counter(n: u64) {
        for i in 0..n {
            yield_!(i);
        }
    }

    #[generator(yield(u64))]
    pub fn filter(n: u64) {
        for i in 0..n {
            if i % 3 == 0 {
                yield_!(i);
            }
        }
    }

    #[generator(yield(u64))]
    pub fn nested(n: u64) {
        for i in 0..n {
            for j in 0..i {
                yield_!(i * j);
            }
        }
    }

    #[generator(yield(u64))]
    pub fn walk(nodes: &[Node], root: u32) {
        let mut stack = Vec::new();
        let mut cur = root;
        loop {
            while cur != NIL {
                stack.push(cur);
                cur = nodes[cur as usize].left;
            }
            let Some(top) = stack.pop() else { break };
            let node = &nodes[top as usize];
            cur = node.right;
            yield_!(node.val);
        }
    }

    #[generator(yield(u64))]
    pub fn big_state(n: u64) {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            yield_!(buf[(i * 7 % 32) as usize]);
        }
    }

    #[generator(yield(u64))]
    #[allow(clippy::assign_op_pattern)]
    pub fn big_while(n: u64) {
        let mut buf = [0u64; 32];
        let mut i = 0;
        while i < n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            yield_!(buf[(i * 7 % 32) as usize]);
            i = i + 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Driving the variants.

/// `with!(VARIANT, workload(args..), |it| expr)`: builds the iterator of `workload` in
/// the given variant, binds it to `it` and evaluates `expr`. genawaiter-stack and
/// next-gen pin their state on the stack, so the iterator cannot be returned from a
/// function: it has to be used inside the scope that creates it.
macro_rules! with {
    (hand, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        let $it = hand::$w($($a),*);
        $e
    }};
    (from_fn, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        let $it = from_fn::$w($($a),*);
        $e
    }};
    (ours, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        let $it = ours::$w($($a),*);
        $e
    }};
    (native, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        let $it = native::$w($($a),*);
        $e
    }};
    (genawaiter, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        genawaiter::stack::let_gen_using!(g, |co| ga::$w(co, $($a),*));
        let $it = g.into_iter();
        $e
    }};
    (next_gen, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        use ng::$w as producer;
        next_gen::mk_gen!(let g = producer($($a),*));
        let $it = g;
        $e
    }};
}

/// Checks every variant of `workload(args..)` (consumed by `|it| expr`) against the
/// hand-written one, then benchmarks them all in group `name`.
macro_rules! workload {
    ($c:expr, $name:literal, $w:ident($($a:expr),*), |$it:ident| $e:expr) => {{
        let want: Vec<u64> = with!(hand, $w($($a),*), |$it| $e.collect());
        assert!(!want.is_empty());
        let got_from_fn: Vec<u64> = with!(from_fn, $w($($a),*), |$it| $e.collect());
        assert_eq!(got_from_fn, want, "{}: from_fn", $name);
        let got_ours: Vec<u64> = with!(ours, $w($($a),*), |$it| $e.collect());
        assert_eq!(got_ours, want, "{}: gen-core", $name);
        #[cfg(feature = "nightly")]
        {
            let got_native: Vec<u64> = with!(native, $w($($a),*), |$it| $e.collect());
            assert_eq!(got_native, want, "{}: native gen", $name);
        }
        let got_ga: Vec<u64> = with!(genawaiter, $w($($a),*), |$it| $e.collect());
        assert_eq!(got_ga, want, "{}: genawaiter", $name);
        let got_ng: Vec<u64> = with!(next_gen, $w($($a),*), |$it| $e.collect());
        assert_eq!(got_ng, want, "{}: next-gen", $name);

        let mut group = $c.benchmark_group($name);
        group.bench_function(HAND, |b| {
            b.iter(|| with!(hand, $w($(black_box($a)),*), |$it| consume($e)))
        });
        group.bench_function(FROM_FN, |b| {
            b.iter(|| with!(from_fn, $w($(black_box($a)),*), |$it| consume($e)))
        });
        group.bench_function(OURS, |b| {
            b.iter(|| with!(ours, $w($(black_box($a)),*), |$it| consume($e)))
        });
        #[cfg(feature = "nightly")]
        group.bench_function(NATIVE, |b| {
            b.iter(|| with!(native, $w($(black_box($a)),*), |$it| consume($e)))
        });
        group.bench_function(GENAWAITER, |b| {
            b.iter(|| with!(genawaiter, $w($(black_box($a)),*), |$it| consume($e)))
        });
        group.bench_function(NEXT_GEN, |b| {
            b.iter(|| with!(next_gen, $w($(black_box($a)),*), |$it| consume($e)))
        });
        group.finish();
    }};
}

fn benches(c: &mut Criterion) {
    let (nodes, root) = tree::build(TREE_N, TREE_SEED);
    let nodes = &nodes[..];
    let (large, large_root) = tree::build(LARGE_TREE_N, LARGE_TREE_SEED);
    let large = &large[..];

    workload!(c, "counter", counter(COUNTER_N), |it| it);
    workload!(c, "filter", filter(FILTER_N), |it| it);
    workload!(c, "nested", nested(NESTED_N), |it| it);
    workload!(c, "tree_walk", walk(nodes, root), |it| it);
    workload!(c, "tree_walk_large", walk(large, large_root), |it| it);
    workload!(c, "big_state", big_state(BIG_N), |it| it);
    workload!(c, "big_while", big_while(BIG_N), |it| it);
    workload!(c, "early_exit", filter(EARLY_N), |it| it
        .take(black_box(EARLY_K)));
}

/// `size_of` of each variant's iterator (for genawaiter-stack: of the `Shelf` that holds
/// its state; the `Gen` handle itself is one more pointer; for next-gen: of the pinned
/// `GeneratorFn`).
fn sizes(nodes: &[Node], root: u32) -> Sizes {
    /// The size of a genawaiter `Shelf`, read before `Gen::new` borrows it.
    fn shelf_size<T>(shelf: &T) -> usize {
        size_of_val(shelf)
    }

    macro_rules! add_sizes {
        ($sizes:ident, $name:literal, $w:ident($($a:expr),*)) => {{
            $sizes.add($name, HAND, size_of_val(&hand::$w($($a),*)));
            $sizes.add($name, FROM_FN, size_of_val(&from_fn::$w($($a),*)));
            $sizes.add($name, OURS, size_of_val(&ours::$w($($a),*)));
            #[cfg(feature = "nightly")]
            $sizes.add($name, NATIVE, size_of_val(&native::$w($($a),*)));
            let mut shelf = genawaiter::stack::Shelf::new();
            let bytes = shelf_size(&shelf);
            // SAFETY: the `Co` handed to the producer is only used inside the producer's
            // future, which is dropped with `g` (as `let_gen_using!` does).
            let g = unsafe { genawaiter::stack::Gen::new(&mut shelf, |co| ga::$w(co, $($a),*)) };
            drop(g);
            $sizes.add($name, GENAWAITER, bytes);
            // A next-gen generator dropped before its first resume aborts the process
            // ("a `YieldSlot` was about to dangle!"), so it is resumed once first.
            let bytes = with!(next_gen, $w($($a),*), |it| {
                let mut it = it;
                it.next();
                size_of_val(&*it)
            });
            $sizes.add($name, NEXT_GEN, bytes);
        }};
    }

    let mut sizes = Sizes::default();
    add_sizes!(sizes, "counter", counter(COUNTER_N));
    add_sizes!(sizes, "filter", filter(FILTER_N));
    add_sizes!(sizes, "nested", nested(NESTED_N));
    add_sizes!(sizes, "tree_walk", walk(nodes, root));
    add_sizes!(sizes, "big_state", big_state(BIG_N));
    add_sizes!(sizes, "big_while", big_while(BIG_N));
    sizes
}

fn main() {
    let (nodes, root) = tree::build(TREE_N, TREE_SEED);
    sizes(&nodes, root).save("sync");

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
