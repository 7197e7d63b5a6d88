//! Native `gen` blocks (nightly): the compiler's own lowering of the bodies of
//! `benches/workloads`. A file of its own, because `gen` blocks do not even parse on stable
//! (the module is only loaded with the `nightly` feature).

use super::{NIL, Node};

pub fn counter(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            yield i;
        }
    }
}

pub fn filter(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            if i % 3 == 0 {
                yield i;
            }
        }
    }
}

pub fn nested(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        for i in 0..n {
            for j in 0..i {
                yield i * j;
            }
        }
    }
}

pub fn walk(nodes: &[Node], root: u32) -> impl Iterator<Item = u64> {
    gen move {
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
            yield node.val;
        }
    }
}

pub fn big_state(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            yield buf[(i * 7 % 32) as usize];
        }
    }
}

#[allow(clippy::assign_op_pattern)]
pub fn big_while(n: u64) -> impl Iterator<Item = u64> {
    gen move {
        let mut buf = [0u64; 32];
        let mut i = 0;
        while i < n {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            yield buf[(i * 7 % 32) as usize];
            i = i + 1;
        }
    }
}
