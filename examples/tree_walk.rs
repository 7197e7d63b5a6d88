//! Walking a binary search tree in order, twice: recursively (a generator that calls
//! itself, hence `Box<dyn Iterator>`), and with an explicit stack (a plain `impl Iterator`).
//!
//! ```text
//! cargo run --example tree_walk
//! ```

use gen_core::{generator, yield_};

/// A binary search tree.
struct Tree<T> {
    root: Option<Box<Node<T>>>,
}

struct Node<T> {
    value: T,
    left: Option<Box<Node<T>>>,
    right: Option<Box<Node<T>>>,
}

impl<T: Ord> Tree<T> {
    fn new() -> Self {
        Tree { root: None }
    }

    fn insert(&mut self, value: T) {
        let mut slot = &mut self.root;
        while let Some(node) = slot {
            slot = if value < node.value {
                &mut node.left
            } else {
                &mut node.right
            };
        }
        *slot = Some(Box::new(Node {
            value,
            left: None,
            right: None,
        }));
    }
}

impl<T> Node<T> {
    /// Left subtree, this node, right subtree. Each level of recursion is one boxed
    /// iterator, so the walk allocates once per node it enters.
    #[generator]
    fn in_order(&self) -> Box<dyn Iterator<Item = &T> + '_> {
        if let Some(left) = &self.left {
            for value in left.in_order() {
                yield_!(value);
            }
        }
        yield_!(&self.value);
        if let Some(right) = &self.right {
            for value in right.in_order() {
                yield_!(value);
            }
        }
    }
}

impl<T> Tree<T> {
    /// The recursive walk, from the root.
    fn in_order_recursive(&self) -> impl Iterator<Item = &T> {
        self.root.iter().flat_map(|root| root.in_order())
    }

    /// The same order without recursion: the stack holds the nodes whose left subtree
    /// is being walked, and the generator allocates nothing but the stack.
    #[generator]
    fn in_order(&self) -> impl Iterator<Item = &T> {
        let mut stack: Vec<&Node<T>> = Vec::new();
        let mut next = self.root.as_deref();
        loop {
            // Go left as far as possible, remembering the way back up.
            while let Some(node) = next {
                stack.push(node);
                next = node.left.as_deref();
            }
            let Some(node) = stack.pop() else {
                return;
            };
            yield_!(&node.value);
            next = node.right.as_deref();
        }
    }
}

fn main() {
    let mut tree = Tree::new();
    for word in "the quick brown fox jumps over the lazy dog".split(' ') {
        tree.insert(word);
    }

    let recursive: Vec<_> = tree.in_order_recursive().collect();
    println!("recursive:      {recursive:?}");

    let iterative: Vec<_> = tree.in_order().collect();
    println!("explicit stack: {iterative:?}");
    assert_eq!(recursive, iterative);

    // Both walks are lazy: taking three items visits only the leftmost part of the tree.
    let first: Vec<_> = tree.in_order().take(3).collect();
    println!("first three:    {first:?}");

    let mut numbers = Tree::new();
    for n in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65] {
        numbers.insert(n);
    }
    let between: Vec<_> = numbers
        .in_order()
        .skip_while(|&&n| n < 40)
        .take_while(|&&n| n <= 65)
        .collect();
    println!("40..=65:        {between:?}");
    println!(
        "sum (both ways): {} = {}",
        numbers.in_order_recursive().sum::<i32>(),
        numbers.in_order().sum::<i32>()
    );
}
