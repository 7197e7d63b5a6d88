//! A tour of `gen-core`: write a function that yields, put `#[generator]` on it, and
//! get an `Iterator` (or, on an `async fn`, a `Stream`).
//!
//! ```text
//! cargo run --example tour
//! ```

use std::fmt::Debug;
use std::num::ParseIntError;
use std::time::{Duration, Instant};

use futures::StreamExt;
use gen_core::{Stream, generator, generators, yield_};

/// Counts down from `from` to 1.
#[generator]
fn countdown(from: u32) -> impl Iterator<Item = u32> {
    let mut n = from;
    while n > 0 {
        yield_!(n);
        n -= 1;
    }
}

/// The items of `items` that `keep` accepts: a hand-written `Iterator::filter`.
#[generator]
fn filter<I, F>(items: I, mut keep: F) -> impl Iterator<Item = I::Item>
where
    I: IntoIterator,
    F: FnMut(&I::Item) -> bool,
{
    for item in items {
        if keep(&item) {
            yield_!(item);
        }
    }
}

/// Pythagorean triples `(a, b, c)` with `a < b < c <= max`: three nested loops.
#[generator]
fn triples(max: u32) -> impl Iterator<Item = (u32, u32, u32)> {
    for c in 1..=max {
        for b in 1..c {
            for a in 1..b {
                if a * a + b * b == c * c {
                    yield_!((a, b, c));
                }
            }
        }
    }
}

/// The header lines of a message: everything up to the first blank line.
#[generator]
fn headers(message: &str) -> impl Iterator<Item = &str> {
    for line in message.lines() {
        if line.is_empty() {
            return; // the body starts here; we are done
        }
        yield_!(line);
    }
}

/// Parses each input. `?` on a bad one yields the error as the last item and ends.
#[generator]
fn parse_all(inputs: &[&str]) -> impl Iterator<Item = Result<i32, ParseIntError>> {
    for input in inputs {
        let n: i32 = input.parse()?;
        yield_!(Ok(n));
    }
}

struct Polygon {
    corners: Vec<(i32, i32)>,
}

impl Polygon {
    /// The edges, closing the loop from the last corner back to the first.
    #[generator]
    fn edges(&self) -> impl Iterator<Item = ((i32, i32), (i32, i32))> {
        let Some(&first) = self.corners.first() else {
            return;
        };
        let mut from = first;
        for &to in &self.corners[1..] {
            yield_!((from, to));
            from = to;
        }
        yield_!((from, first));
    }
}

enum Entry {
    File(&'static str),
    Dir(&'static str, Vec<Entry>),
}

impl Entry {
    /// Every file path below this entry. A generator that calls itself returns a
    /// `Box<dyn Iterator>`, since an `impl Iterator` cannot contain itself.
    #[generator]
    fn paths(&self, prefix: String) -> Box<dyn Iterator<Item = String> + '_> {
        match self {
            Entry::File(name) => yield_!(format!("{prefix}{name}")),
            Entry::Dir(name, children) => {
                for child in children {
                    for path in child.paths(format!("{prefix}{name}/")) {
                        yield_!(path);
                    }
                }
            }
        }
    }
}

generators! {
    /// The Collatz sequence from `n` down to 1, written with bare `yield`, which
    /// `generators!` accepts on stable Rust.
    fn collatz(mut n: u64) -> impl Iterator<Item = u64> {
        yield n;
        while n != 1 {
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
            yield n;
        }
    }
}

/// `n` ticks, one every 50 ms. An async generator may `.await` between its yields.
#[generator]
async fn ticks(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        tokio::time::sleep(Duration::from_millis(50)).await;
        yield_!(i);
    }
}

/// Prints a heading and the items of `items` on one line.
fn show<T: Debug>(heading: &str, items: impl IntoIterator<Item = T>) {
    let items: Vec<T> = items.into_iter().collect();
    println!("{heading}\n    {items:?}");
}

#[tokio::main]
async fn main() {
    show("countdown(5):", countdown(5));
    show(
        "filter(1..=20, is a multiple of 3):",
        filter(1..=20, |n| n % 3 == 0),
    );
    show("triples(20):", triples(20));

    let message = "From: ada@example.com\nSubject: generators\n\nHello!\n";
    show("headers(message):", headers(message));

    show(
        "parse_all([\"1\", \"22\", \"333\"]):",
        parse_all(&["1", "22", "333"]),
    );
    show(
        "parse_all([\"1\", \"x\", \"3\"]):",
        parse_all(&["1", "x", "3"]),
    );

    let square = Polygon {
        corners: vec![(0, 0), (2, 0), (2, 2), (0, 2)],
    };
    show("square.edges():", square.edges());

    let tree = Entry::Dir(
        "src",
        vec![
            Entry::File("lib.rs"),
            Entry::Dir("sync", vec![Entry::File("ir.rs"), Entry::File("emit.rs")]),
            Entry::File("stream.rs"),
        ],
    );
    show("tree.paths():", tree.paths(String::new()));

    show("collatz(6):", collatz(6));

    // A stream is driven by an async runtime; each item arrives when it is ready.
    println!("ticks(3), as they arrive:");
    let start = Instant::now();
    let mut ticks = std::pin::pin!(ticks(3));
    while let Some(tick) = ticks.next().await {
        println!("    tick {tick} after {} ms", start.elapsed().as_millis());
    }
}
