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

use common::{Sizes, consume};
use criterion::Criterion;
use std::hint::black_box;
use std::mem::size_of_val;
use std::time::Duration;

/// counter: `for i in 0..n { yield i }`.
const COUNTER_N: u64 = 100_000;
/// filter: `for i in 0..n { if i % 3 == 0 { yield i } }`.
const FILTER_N: u64 = 60_000;
/// nested loops: `n * (n - 1) / 2` items (44 850).
const NESTED_N: u64 = 300;
/// in-order walk of a tree of this many nodes.
const TREE_N: usize = 5_000;
/// large live state (`[u64; 32]` across every yield), counted by a `for` loop and by a
/// `while` loop with `i = i + 1`.
const BIG_N: u64 = 50_000;
/// early exit: the filter body over `0..EARLY_N`, of which `EARLY_K` items are taken.
const EARLY_N: u64 = 1 << 40;
const EARLY_K: usize = 8;

/// The variants, in the order of the report.
const HAND: &str = "hand-written";
const FROM_FN: &str = "from_fn";
const OURS: &str = "gen-core";
const GENAWAITER: &str = "genawaiter-stack";
const NEXT_GEN: &str = "next-gen";
#[cfg(feature = "nightly")]
const NATIVE: &str = "native-gen";

// ---------------------------------------------------------------------------------------
// Fixture: an array-backed binary search tree of pseudo-random keys.

mod tree {
    /// Sentinel child index.
    pub const NIL: u32 = u32::MAX;

    #[derive(Clone, Copy, Debug)]
    pub struct Node {
        pub val: u64,
        pub left: u32,
        pub right: u32,
    }

    /// A binary search tree of `n` keys inserted in pseudo-random order (so the depth,
    /// hence the explicit stack of a walk, varies as in real code). Returns
    /// `(nodes, root)`.
    pub fn build(n: usize, mut seed: u64) -> (Vec<Node>, u32) {
        let mut nodes: Vec<Node> = Vec::with_capacity(n);
        let mut next = || {
            // xorshift64*
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        for _ in 0..n {
            let val = next() % (n as u64 * 8 + 1);
            let idx = nodes.len() as u32;
            nodes.push(Node {
                val,
                left: NIL,
                right: NIL,
            });
            if idx == 0 {
                continue;
            }
            let mut cur = 0usize;
            loop {
                let slot = if val < nodes[cur].val {
                    &mut nodes[cur].left
                } else {
                    &mut nodes[cur].right
                };
                if *slot == NIL {
                    *slot = idx;
                    break;
                }
                cur = *slot as usize;
            }
        }
        let root = if n == 0 { NIL } else { 0 };
        (nodes, root)
    }
}

use tree::{NIL, Node};

// ---------------------------------------------------------------------------------------
// Hand-written iterators: what one would write without generators.

mod hand {
    use super::{NIL, Node};

    pub struct Counter {
        i: u64,
        n: u64,
    }

    pub fn counter(n: u64) -> Counter {
        Counter { i: 0, n }
    }

    impl Iterator for Counter {
        type Item = u64;
        #[inline]
        fn next(&mut self) -> Option<u64> {
            if self.i < self.n {
                let x = self.i;
                self.i += 1;
                Some(x)
            } else {
                None
            }
        }
    }

    pub struct Filter {
        i: u64,
        n: u64,
    }

    pub fn filter(n: u64) -> Filter {
        Filter { i: 0, n }
    }

    impl Iterator for Filter {
        type Item = u64;
        #[inline]
        #[allow(
            clippy::manual_is_multiple_of,
            reason = "the same expression as in the generator bodies"
        )]
        fn next(&mut self) -> Option<u64> {
            while self.i < self.n {
                let i = self.i;
                self.i += 1;
                if i % 3 == 0 {
                    return Some(i);
                }
            }
            None
        }
    }

    pub struct Nested {
        i: u64,
        j: u64,
        n: u64,
    }

    pub fn nested(n: u64) -> Nested {
        Nested { i: 0, j: 0, n }
    }

    impl Iterator for Nested {
        type Item = u64;
        #[inline]
        fn next(&mut self) -> Option<u64> {
            while self.i < self.n {
                if self.j < self.i {
                    let x = self.i * self.j;
                    self.j += 1;
                    return Some(x);
                }
                self.i += 1;
                self.j = 0;
            }
            None
        }
    }

    pub struct Walk<'a> {
        nodes: &'a [Node],
        stack: Vec<u32>,
        cur: u32,
    }

    pub fn walk(nodes: &[Node], root: u32) -> Walk<'_> {
        Walk {
            nodes,
            stack: Vec::new(),
            cur: root,
        }
    }

    impl Iterator for Walk<'_> {
        type Item = u64;
        #[inline]
        fn next(&mut self) -> Option<u64> {
            while self.cur != NIL {
                self.stack.push(self.cur);
                self.cur = self.nodes[self.cur as usize].left;
            }
            let top = self.stack.pop()?;
            let node = &self.nodes[top as usize];
            self.cur = node.right;
            Some(node.val)
        }
    }

    pub struct BigState {
        buf: [u64; 32],
        i: u64,
        n: u64,
    }

    pub fn big_state(n: u64) -> BigState {
        BigState {
            buf: [0; 32],
            i: 0,
            n,
        }
    }

    /// The same items as [`big_state`] (the workload differs only in how the generator
    /// body counts).
    pub fn big_while(n: u64) -> BigState {
        big_state(n)
    }

    impl Iterator for BigState {
        type Item = u64;
        #[inline]
        fn next(&mut self) -> Option<u64> {
            if self.i < self.n {
                let i = self.i;
                self.i += 1;
                self.buf[(i % 32) as usize] = self.buf[(i % 32) as usize].wrapping_add(i);
                Some(self.buf[(i * 7 % 32) as usize])
            } else {
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// `std::iter::from_fn`: the state lives in the closure's captures.

mod from_fn {
    use super::{NIL, Node};
    use std::iter::from_fn;

    pub fn counter(n: u64) -> impl Iterator<Item = u64> {
        let mut i = 0;
        from_fn(move || {
            if i < n {
                i += 1;
                Some(i - 1)
            } else {
                None
            }
        })
    }

    pub fn filter(n: u64) -> impl Iterator<Item = u64> {
        let mut i = 0;
        from_fn(move || {
            while i < n {
                i += 1;
                if (i - 1) % 3 == 0 {
                    return Some(i - 1);
                }
            }
            None
        })
    }

    pub fn nested(n: u64) -> impl Iterator<Item = u64> {
        let (mut i, mut j) = (0, 0);
        from_fn(move || {
            while i < n {
                if j < i {
                    j += 1;
                    return Some(i * (j - 1));
                }
                i += 1;
                j = 0;
            }
            None
        })
    }

    pub fn walk(nodes: &[Node], root: u32) -> impl Iterator<Item = u64> {
        let mut stack = Vec::new();
        let mut cur = root;
        from_fn(move || {
            while cur != NIL {
                stack.push(cur);
                cur = nodes[cur as usize].left;
            }
            let top = stack.pop()?;
            cur = nodes[top as usize].right;
            Some(nodes[top as usize].val)
        })
    }

    pub fn big_while(n: u64) -> impl Iterator<Item = u64> {
        big_state(n)
    }

    pub fn big_state(n: u64) -> impl Iterator<Item = u64> {
        let mut buf = [0u64; 32];
        let mut i = 0;
        from_fn(move || {
            if i < n {
                buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
                i += 1;
                Some(buf[((i - 1) * 7 % 32) as usize])
            } else {
                None
            }
        })
    }
}

// ---------------------------------------------------------------------------------------
// Ours: the bodies exactly as the workloads state them.

mod ours {
    use super::{NIL, Node};
    use gen_core::{generator, yield_};

    #[generator]
    pub fn counter(n: u64) -> impl Iterator<Item = u64> {
        for i in 0..n {
            yield_!(i);
        }
    }

    #[generator]
    pub fn filter(n: u64) -> impl Iterator<Item = u64> {
        for i in 0..n {
            if i % 3 == 0 {
                yield_!(i);
            }
        }
    }

    #[generator]
    pub fn nested(n: u64) -> impl Iterator<Item = u64> {
        for i in 0..n {
            for j in 0..i {
                yield_!(i * j);
            }
        }
    }

    /// The same steps in the same order as the hand-written iterator and `from_fn`: the
    /// next `cur` is read before the item is handed out.
    #[generator]
    pub fn walk(nodes: &[Node], root: u32) -> impl Iterator<Item = u64> {
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

    #[generator]
    pub fn big_state(n: u64) -> impl Iterator<Item = u64> {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            yield_!(buf[(i * 7 % 32) as usize]);
        }
    }

    /// `i = i + 1` uses `i` by value and then reassigns it.
    #[generator]
    #[allow(clippy::assign_op_pattern)]
    pub fn big_while(n: u64) -> impl Iterator<Item = u64> {
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
// Native `gen` blocks (nightly): the compiler's own lowering of the same bodies.

// In a file of its own: `gen` blocks do not parse on stable, even in a cfg'd-out module.
#[cfg(feature = "nightly")]
mod native;

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
    let (nodes, root) = tree::build(TREE_N, 0x9E37_79B9_7F4A_7C15);
    let nodes = &nodes[..];

    workload!(c, "counter", counter(COUNTER_N), |it| it);
    workload!(c, "filter", filter(FILTER_N), |it| it);
    workload!(c, "nested", nested(NESTED_N), |it| it);
    workload!(c, "tree_walk", walk(nodes, root), |it| it);
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
    let (nodes, root) = tree::build(TREE_N, 0x9E37_79B9_7F4A_7C15);
    sizes(&nodes, root).save("sync");

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
