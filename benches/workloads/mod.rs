//! The sync workloads, shared by the `sync` benchmark (timed, against peers) and the
//! `instructions` benchmark (instructions counted by callgrind): their sizes, the tree
//! they walk, and the hand-written, `iter::from_fn`, gen-core and (on nightly) native
//! `gen` block versions of each.

/// counter: `for i in 0..n { yield i }`.
pub const COUNTER_N: u64 = 100_000;
/// filter: `for i in 0..n { if i % 3 == 0 { yield i } }`.
pub const FILTER_N: u64 = 60_000;
/// nested loops: `n * (n - 1) / 2` items (44 850).
pub const NESTED_N: u64 = 300;
/// in-order walk of a tree of this many nodes. Walked again and again, its branches
/// (how many left children follow each right step) form one fixed sequence that the
/// branch predictor learns, so its time depends on where the code lands (see README).
pub const TREE_N: usize = 5_000;
/// The same walk over a tree too large for the predictor to learn (1.6 MB of nodes, in
/// L2), as when a program walks a tree once.
pub const LARGE_TREE_N: usize = 100_000;
/// The seeds of their keys.
pub const TREE_SEED: u64 = 0x9E37_79B9_7F4A_7C15;
pub const LARGE_TREE_SEED: u64 = 0x2545_F491_4F6C_DD1D;
/// large live state (`[u64; 32]` across every yield), counted by a `for` loop and by a
/// `while` loop with `i = i + 1`.
pub const BIG_N: u64 = 50_000;
/// early exit: the filter body over `0..EARLY_N`, of which `EARLY_K` items are taken.
pub const EARLY_N: u64 = 1 << 40;
pub const EARLY_K: usize = 8;

// ---------------------------------------------------------------------------------------
// Fixture: an array-backed binary search tree of pseudo-random keys.

pub mod tree {
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

pub use tree::{NIL, Node};

// ---------------------------------------------------------------------------------------
// Hand-written iterators: what one would write without generators.

pub mod hand {
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

pub mod from_fn {
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

pub mod ours {
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
pub mod native;
