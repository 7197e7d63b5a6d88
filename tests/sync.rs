//! Sync generators as users see them: what runs when, what the iterator is (fused, Send,
//! its size), every signature the attribute accepts, `?`, panics, and bare `yield`.
//!
//! The crate is as strict as a user's can be: the expansion must not need `unsafe` and
//! must not warn.
#![forbid(unsafe_code)]
#![deny(warnings, clippy::all)]

use gen_core::{generator, generators, yield_};
use gen_suite::support::{Log, Noisy};
use std::collections::BTreeMap;
use std::iter::FusedIterator;
use std::mem::size_of_val;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

#[generator]
fn countdown(from: u32) -> impl Iterator<Item = u32> {
    let mut n = from;
    while n > 0 {
        yield_!(n);
        n -= 1;
    }
}

#[test]
fn countdown_counts_down() {
    assert_eq!(countdown(3).collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(countdown(0).count(), 0);
}

#[generator]
fn logged(log: &Log, n: u32) -> impl Iterator<Item = u32> {
    log.push("started");
    for i in 0..n {
        log.push(format!("before {i}"));
        yield_!(i);
        log.push(format!("after {i}"));
    }
    log.push("finished");
}

#[test]
fn nothing_runs_before_the_first_next() {
    let log = Log::new();
    let mut it = logged(&log, 2);
    assert!(log.take().is_empty(), "creating the generator runs nothing");
    assert_eq!(it.next(), Some(0));
    assert_eq!(log.take(), ["started", "before 0"]);
    assert_eq!(it.next(), Some(1));
    assert_eq!(log.take(), ["after 0", "before 1"]);
    assert_eq!(it.next(), None);
    assert_eq!(log.take(), ["after 1", "finished"]);
}

#[generator]
fn fused(n: u32) -> impl FusedIterator<Item = u32> {
    for i in 0..n {
        yield_!(i);
    }
}

fn assert_fused(_: &impl FusedIterator) {}

#[test]
fn finished_generators_stay_finished() {
    // A generator is a `FusedIterator`; the declared return type says so, or hides it.
    assert_fused(&fused(1));
    assert_eq!(fused(2).collect::<Vec<_>>(), [0, 1]);
    let log = Log::new();
    let mut it = logged(&log, 1);
    assert_eq!(it.next(), Some(0));
    for _ in 0..5 {
        assert_eq!(it.next(), None);
    }
    assert_eq!(log.take(), ["started", "before 0", "after 0", "finished"]);
}

#[generator]
fn panics_at(log: &Log, at: u32) -> impl Iterator<Item = u32> {
    let _guard = Noisy::new("guard", log);
    let mut i = 0;
    loop {
        assert_ne!(i, at, "boom");
        yield_!(i);
        i += 1;
    }
}

#[test]
fn a_panic_propagates_and_the_generator_is_finished_afterwards() {
    for at in [0, 1, 3] {
        let log = Log::new();
        let mut it = panics_at(&log, at);
        for i in 0..at {
            assert_eq!(it.next(), Some(i));
        }
        let caught = catch_unwind(AssertUnwindSafe(|| it.next()));
        assert!(caught.is_err(), "the panic reached the consumer");
        assert_eq!(
            log.take(),
            ["new guard", "drop guard"],
            "the live locals drop while unwinding"
        );
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
        drop(it);
        assert!(log.take().is_empty(), "nothing is dropped twice");
    }
}

/// A loop resumed in place (it reads `big`, which resuming by value would copy) that
/// carries `cur` (moved, then reassigned), while `big` and `_first` stay in the state.
#[generator]
fn panics_while_carrying(log: &Log, at: u32) -> impl Iterator<Item = u32> {
    let big = [1u32; 16];
    let _first = Noisy::new("first", log);
    let mut cur = Noisy::new("cur0", log);
    let mut i = 0;
    loop {
        let prev = cur;
        cur = Noisy::new(format!("cur{}", i + big[i as usize % 16]), log);
        assert_ne!(i, at, "boom");
        yield_!(i + prev.name().len() as u32);
        i += 1;
    }
}

/// The same body, run eagerly: each item is logged as the consumer logs it.
fn panics_while_carrying_eager(log: &Log, at: u32) {
    let big = [1u32; 16];
    let _first = Noisy::new("first", log);
    let mut cur = Noisy::new("cur0", log);
    let mut i = 0;
    loop {
        let prev = cur;
        cur = Noisy::new(format!("cur{}", i + big[i as usize % 16]), log);
        assert_ne!(i, at, "boom");
        log.push(format!("got {}", i + prev.name().len() as u32));
        i += 1;
    }
}

/// Like [`panics_while_carrying`], but `cur` is declared before `first`, which the loop
/// only reads (so it could stay in the state, but then a panic would drop `cur` first).
#[generator]
fn panics_with_a_carried_local_declared_first(log: &Log, at: u32) -> impl Iterator<Item = u32> {
    let big = [1u32; 16];
    let mut cur = Noisy::new("cur0", log);
    let first = Noisy::new("first", log);
    let mut i = 0;
    loop {
        let prev = cur;
        cur = Noisy::new(format!("cur{}", i + big[i as usize % 16]), log);
        assert_ne!(i, at, "boom");
        yield_!(i + prev.name().len() as u32 + first.name().len() as u32);
        i += 1;
    }
}

fn panics_with_a_carried_local_declared_first_eager(log: &Log, at: u32) {
    let big = [1u32; 16];
    let mut cur = Noisy::new("cur0", log);
    let first = Noisy::new("first", log);
    let mut i = 0;
    loop {
        let prev = cur;
        cur = Noisy::new(format!("cur{}", i + big[i as usize % 16]), log);
        assert_ne!(i, at, "boom");
        log.push(format!(
            "got {}",
            i + prev.name().len() as u32 + first.name().len() as u32
        ));
        i += 1;
    }
}

/// Drains `it` until it panics, logging items as the eager versions do.
fn drain_until_panic(log: &Log, mut it: impl Iterator<Item = u32>) {
    let caught = catch_unwind(AssertUnwindSafe(|| {
        for item in it.by_ref() {
            log.push(format!("got {item}"));
        }
    }));
    assert!(caught.is_err(), "the panic reached the consumer");
    assert_eq!(it.next(), None);
    let before = log.len();
    drop(it);
    assert_eq!(log.len(), before, "nothing is dropped twice");
}

#[test]
fn a_panic_in_a_loop_resumed_in_place_drops_the_carried_locals_in_order() {
    for at in [0, 1, 3] {
        let eager = Log::new();
        let caught = catch_unwind(AssertUnwindSafe(|| panics_while_carrying_eager(&eager, at)));
        assert!(caught.is_err());
        let log = Log::new();
        drain_until_panic(&log, panics_while_carrying(&log, at));
        assert_eq!(log.take(), eager.take(), "at {at}");

        let caught = catch_unwind(AssertUnwindSafe(|| {
            panics_with_a_carried_local_declared_first_eager(&eager, at)
        }));
        assert!(caught.is_err());
        drain_until_panic(&log, panics_with_a_carried_local_declared_first(&log, at));
        assert_eq!(log.take(), eager.take(), "declared first, at {at}");
    }
}

/// A loop that is never left, resumed in place (for `big`), carrying `cur`.
#[generator]
fn endless_chain(log: &Log) -> impl Iterator<Item = usize> {
    let big = [1usize; 16];
    let mut cur = Noisy::new("n0", log);
    let mut i = 0;
    loop {
        i += big[i % 16];
        let prev = cur;
        cur = Noisy::new(format!("n{i}"), log);
        yield_!(prev.name().len() + i);
    }
}

/// The same body, run eagerly until its `k`th item.
fn endless_chain_eager(log: &Log, k: usize) {
    let big = [1usize; 16];
    let mut cur = Noisy::new("n0", log);
    let mut i = 0;
    loop {
        i += big[i % 16];
        let prev = cur;
        cur = Noisy::new(format!("n{i}"), log);
        log.push(format!("got {}", prev.name().len() + i));
        if i == k {
            log.push("consumer drops the generator");
            return;
        }
    }
}

#[test]
fn an_endless_loop_resumed_in_place_drops_its_carried_locals_with_the_generator() {
    for k in 1..5 {
        let eager = Log::new();
        endless_chain_eager(&eager, k);
        let log = Log::new();
        let mut it = endless_chain(&log);
        for item in it.by_ref().take(k) {
            log.push(format!("got {item}"));
        }
        log.push("consumer drops the generator");
        drop(it);
        assert_eq!(log.take(), eager.take(), "k = {k}");
    }
}

#[generator]
fn big_state(n: u64) -> impl Iterator<Item = u64> {
    let mut buf = [0u64; 32];
    for i in 0..n {
        buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
        yield_!(buf[(i * 7 % 32) as usize]);
    }
}

#[test]
fn large_state_is_updated_in_place() {
    let mut buf = [0u64; 32];
    let eager: Vec<u64> = (0..100)
        .map(|i| {
            buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
            buf[(i * 7 % 32) as usize]
        })
        .collect();
    assert_eq!(big_state(100).collect::<Vec<_>>(), eager);
}

#[generator]
fn filter_multiples(n: u64) -> impl Iterator<Item = u64> {
    for i in 0..n {
        if i % 3 == 0 {
            yield_!(i);
        }
    }
}

#[generator]
fn triangle(n: u64) -> impl Iterator<Item = u64> {
    for i in 0..n {
        for j in 0..i {
            yield_!(i * j);
        }
    }
}

/// The state stores what is live across each suspension point, the variants overlapping:
/// as small as a hand-written iterator of the same loop.
#[test]
fn generators_store_only_what_is_live() {
    // `u32` + discriminant.
    assert_eq!(size_of_val(&countdown(3)), 8);
    // The `Range<u64>` iterator + discriminant (`i` is not live across the yield).
    assert_eq!(size_of_val(&filter_multiples(3)), 24);
    // Both ranges and `i`, + discriminant.
    assert_eq!(size_of_val(&triangle(3)), 48);
    // The buffer and the range, + discriminant.
    assert_eq!(size_of_val(&big_state(3)), 256 + 16 + 8);
    // The buffer + discriminant: the `Copy` parameters are dead by then.
    assert_eq!(size_of_val(&dead_copy_params(3, &4)), 64 + 8);
}

/// Parameters without drop glue are not kept after their last use (their drop does
/// nothing), so the last states hold only `buf`.
#[generator]
fn dead_copy_params(a: u64, r: &u64) -> impl Iterator<Item = u64> {
    yield_!(a + *r);
    let buf = [a; 8];
    yield_!(buf[0]);
    yield_!(buf[7]);
}

fn assert_send<T: Send>(_: &T) {}
fn assert_sync<T: Sync>(_: &T) {}
fn assert_unpin<T: Unpin>(_: &T) {}

#[generator]
fn holds_rc_only_before_yields(n: u32) -> impl Iterator<Item = u32> {
    let shared = Rc::new(n);
    let value = *shared;
    drop(shared);
    yield_!(value);
}

#[test]
fn send_sync_unpin_follow_what_is_live() {
    let it = countdown(1);
    assert_send(&it);
    assert_sync(&it);
    assert_unpin(&it);
    // An `Rc` that does not live across a yield does not make the generator `!Send`.
    let it = holds_rc_only_before_yields(1);
    assert_send(&it);
    // A generator borrowing its arguments is not `'static`, and need not be.
    let data = vec![1, 2, 3];
    let it = sum_pairs(&data);
    assert_send(&it);
    assert_eq!(it.collect::<Vec<_>>(), [3, 5]);
}

#[generator]
fn sum_pairs(values: &[i32]) -> impl Iterator<Item = i32> {
    for pair in values.windows(2) {
        yield_!(pair[0] + pair[1]);
    }
}

// ---- signatures ------------------------------------------------------------------------

struct Shelf {
    books: Vec<String>,
    lent: u32,
}

impl Shelf {
    #[generator]
    fn titles(&self) -> impl Iterator<Item = &str> {
        for book in &self.books {
            yield_!(book.as_str());
        }
    }

    #[generator]
    fn lend(&mut self, count: u32) -> impl Iterator<Item = String> + '_ {
        while self.lent < count {
            let book = self.books.pop();
            let Some(book) = book else {
                return;
            };
            self.lent += 1;
            yield_!(book);
        }
    }

    #[generator]
    fn into_titles(self) -> impl Iterator<Item = String> {
        for book in self.books {
            yield_!(book);
        }
    }

    #[generator]
    fn boxed(self: Box<Self>) -> impl Iterator<Item = usize> {
        yield_!(self.books.len());
    }
}

#[test]
fn methods_take_any_receiver() {
    let mut shelf = Shelf {
        books: vec!["a".into(), "b".into(), "c".into()],
        lent: 0,
    };
    assert_eq!(shelf.titles().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(shelf.lend(2).collect::<Vec<_>>(), ["c", "b"]);
    assert_eq!(shelf.lent, 2);
    assert_eq!(shelf.lend(10).collect::<Vec<_>>(), ["a"]);
    assert_eq!(
        shelf.lend(10).count(),
        0,
        "an early return ends the generator"
    );
    let shelf = Shelf {
        books: vec!["x".into()],
        lent: 0,
    };
    assert_eq!(
        Box::new(Shelf {
            books: vec![],
            lent: 0
        })
        .boxed()
        .collect::<Vec<_>>(),
        [0]
    );
    assert_eq!(shelf.into_titles().collect::<Vec<_>>(), ["x"]);
}

trait Words {
    fn words(&self) -> impl Iterator<Item = &str>;
}

struct Sentence(String);

impl Words for Sentence {
    #[generator]
    fn words(&self) -> impl Iterator<Item = &str> {
        for word in self.0.split(' ') {
            if !word.is_empty() {
                yield_!(word);
            }
        }
    }
}

/// A tree of nodes in a `Vec`, walked in order by a `&self` method that reads `self` after
/// every yield (so the resume closure keeps `self`, rather than the state).
struct IndexTree {
    nodes: Vec<(u32, Option<usize>, Option<usize>)>,
}

impl IndexTree {
    #[generator]
    fn in_order(&self, root: Option<usize>) -> impl Iterator<Item = u32> {
        let mut stack = Vec::new();
        let mut cur = root;
        loop {
            while let Some(at) = cur {
                stack.push(at);
                cur = self.nodes[at].1;
            }
            let Some(top) = stack.pop() else { break };
            cur = self.nodes[top].2;
            yield_!(self.nodes[top].0);
        }
    }
}

#[test]
fn methods_read_self_after_every_yield() {
    //     3
    //   1   5
    //  0 2 4
    let tree = IndexTree {
        nodes: vec![
            (3, Some(1), Some(4)),
            (1, Some(2), Some(3)),
            (0, None, None),
            (2, None, None),
            (5, Some(5), None),
            (4, None, None),
        ],
    };
    // The oracle: the same walk, recursive.
    fn walk(tree: &IndexTree, at: Option<usize>, out: &mut Vec<u32>) {
        if let Some(at) = at {
            walk(tree, tree.nodes[at].1, out);
            out.push(tree.nodes[at].0);
            walk(tree, tree.nodes[at].2, out);
        }
    }
    let mut want = Vec::new();
    walk(&tree, Some(0), &mut want);
    assert_eq!(want, [0, 1, 2, 3, 4, 5]);
    assert_eq!(tree.in_order(Some(0)).collect::<Vec<_>>(), want);
    assert_eq!(tree.in_order(None).count(), 0);
}

#[test]
fn trait_methods() {
    let sentence = Sentence("a  b c".into());
    assert_eq!(sentence.words().collect::<Vec<_>>(), ["a", "b", "c"]);
}

/// Every `k`th item of any iterator.
#[generator]
#[must_use = "generators are lazy"]
pub fn every_kth<I>(items: I, k: usize) -> impl Iterator<Item = I::Item>
where
    I: IntoIterator,
    I::Item: Clone,
{
    for (index, item) in items.into_iter().enumerate() {
        if index % k == 0 {
            yield_!(item.clone());
        }
    }
}

#[generator]
fn pairs<'a, K: Ord, V>(
    map: &'a BTreeMap<K, V>,
    min: &'a K,
) -> impl Iterator<Item = (&'a K, &'a V)> {
    for (key, value) in map {
        if key >= min {
            yield_!((key, value));
        }
    }
}

#[generator]
fn patterns((a, b): (u32, u32), [x, y]: [u32; 2], mut count: u32) -> impl Iterator<Item = u32> {
    while count > 0 {
        yield_!(a * x + b * y);
        count -= 1;
    }
}

#[generator]
fn impl_trait_argument(values: impl IntoIterator<Item = u32>) -> impl Iterator<Item = u32> {
    for v in values {
        yield_!(v * 2);
    }
}

#[generator]
fn sendable(values: Vec<u32>) -> impl Iterator<Item = u32> + Send + 'static {
    for v in values {
        yield_!(v + 1);
    }
}

#[generator]
fn precise_capture<'a>(text: &'a str) -> impl Iterator<Item = char> + use<'a> {
    for c in text.chars() {
        yield_!(c);
    }
}

mod visibility {
    use gen_core::{generator, yield_};

    #[generator]
    pub(crate) fn crate_visible() -> impl Iterator<Item = u8> {
        yield_!(1);
    }
}

#[test]
fn generics_lifetimes_patterns_and_qualifiers() {
    assert_eq!(
        every_kth(vec!["a", "b", "c", "d"], 2).collect::<Vec<_>>(),
        ["a", "c"]
    );
    let map: BTreeMap<u32, &str> = [(1, "one"), (2, "two"), (3, "three")].into();
    assert_eq!(
        pairs(&map, &2).collect::<Vec<_>>(),
        [(&2, &"two"), (&3, &"three")]
    );
    assert_eq!(
        patterns((1, 2), [10, 100], 2).collect::<Vec<_>>(),
        [210, 210]
    );
    assert_eq!(impl_trait_argument([1, 2]).collect::<Vec<_>>(), [2, 4]);
    let spawned = std::thread::spawn(|| sendable(vec![1, 2]).collect::<Vec<_>>());
    assert_eq!(spawned.join().unwrap(), [2, 3]);
    let text = String::from("hi");
    assert_eq!(precise_capture(&text).collect::<String>(), "hi");
    assert_eq!(visibility::crate_visible().collect::<Vec<_>>(), [1]);
}

enum Tree {
    Leaf(u32),
    Node(Box<Tree>, Box<Tree>),
}

#[generator]
fn leaves(tree: &Tree) -> Box<dyn Iterator<Item = u32> + '_> {
    match tree {
        Tree::Leaf(value) => yield_!(*value),
        Tree::Node(left, right) => {
            for value in leaves(left) {
                yield_!(value);
            }
            for value in leaves(right) {
                yield_!(value);
            }
        }
    }
}

#[test]
fn boxed_generators_recurse() {
    let tree = Tree::Node(
        Box::new(Tree::Node(Box::new(Tree::Leaf(1)), Box::new(Tree::Leaf(2)))),
        Box::new(Tree::Leaf(3)),
    );
    assert_eq!(leaves(&tree).collect::<Vec<_>>(), [1, 2, 3]);
}

// ---- `?` --------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum Error {
    Parse(std::num::ParseIntError),
    Negative(i64),
}

impl From<std::num::ParseIntError> for Error {
    fn from(error: std::num::ParseIntError) -> Self {
        Error::Parse(error)
    }
}

#[generator]
fn parse_all<'a>(
    log: &'a Log,
    lines: &'a [&'a str],
) -> impl Iterator<Item = Result<i64, Error>> + 'a {
    let _guard = Noisy::new("guard", log);
    for line in lines {
        let n: i64 = line.trim().parse()?;
        if n < 0 {
            yield_!(Err(Error::Negative(n)));
            continue;
        }
        yield_!(Ok(n));
    }
    log.push("all parsed");
}

#[test]
fn question_mark_yields_the_error_then_ends() {
    let log = Log::new();
    let got: Vec<_> = parse_all(&log, &["1", "-2", "x", "3"]).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], Ok(1));
    assert_eq!(got[1], Err(Error::Negative(-2)));
    assert!(
        matches!(got[2], Err(Error::Parse(_))),
        "converted with From"
    );
    assert_eq!(
        log.take(),
        ["new guard", "drop guard"],
        "the rest of the body never ran"
    );

    // The locals live until the consumer resumes after the error (or drops it).
    let mut it = parse_all(&log, &["x"]);
    assert!(matches!(it.next(), Some(Err(Error::Parse(_)))));
    assert_eq!(log.take(), ["new guard"]);
    assert!(it.next().is_none());
    assert_eq!(log.take(), ["drop guard"]);
    assert!(it.next().is_none());
}

#[generator]
fn firsts(lists: Vec<Vec<u32>>) -> impl Iterator<Item = Option<u32>> {
    for list in lists {
        let first = list.first()?;
        yield_!(Some(*first));
    }
}

#[test]
fn question_mark_on_options() {
    assert_eq!(
        firsts(vec![vec![1], vec![2, 3]]).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
    assert_eq!(
        firsts(vec![vec![1], vec![], vec![3]]).collect::<Vec<_>>(),
        [Some(1), None]
    );
}

// ---- bare `yield` on stable, through `generators!` ---------------------------------------

generators! {
    /// Collatz steps from `n` to 1.
    pub fn collatz(mut n: u64) -> impl Iterator<Item = u64> {
        yield n;
        while n != 1 {
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
            yield n;
        }
    }

    #[generator(crate = gen_core)]
    fn both_spellings() -> impl Iterator<Item = &'static str> {
        yield "bare";
        yield_!("macro");
    }
}

#[test]
fn bare_yield_in_generators_macro() {
    assert_eq!(
        collatz(6).collect::<Vec<_>>(),
        [6, 3, 10, 5, 16, 8, 4, 2, 1]
    );
    assert_eq!(both_spellings().collect::<Vec<_>>(), ["bare", "macro"]);
}

mod renamed {
    // A crate that re-exports gen_core under another name passes its path.
    pub use gen_core as runtime;
}

#[generator(crate = renamed::runtime)]
fn through_a_reexport() -> impl Iterator<Item = u8> {
    yield_!(7);
    // What stands for code that can never run names the runtime by that path too.
    return;
    #[allow(unreachable_code)]
    yield_!(8);
}

#[test]
fn crate_argument() {
    assert_eq!(through_a_reexport().collect::<Vec<_>>(), [7]);
}

#[test]
fn iterator_adapters_compose() {
    let zipped: Vec<_> = countdown(3).zip(triangle(4)).collect();
    assert_eq!(zipped, [(3, 0), (2, 0), (1, 2)]);
    let chained: u64 = filter_multiples(7).chain(big_state(3)).sum();
    assert_eq!(chained, 9 + big_state(3).sum::<u64>());
    assert_eq!(countdown(10).step_by(3).collect::<Vec<_>>(), [10, 7, 4, 1]);
}

#[generator]
fn yield_in_method_arguments(log: &Log) -> impl Iterator<Item = usize> {
    let mut names = vec![String::from("a")];
    // The receiver is a place, borrowed when the call happens, after the yield. (A native
    // `gen` block rejects this: its two-phase borrow of `names` would span the yield.)
    names.push({
        yield_!(names.len());
        log.push("evaluating the argument");
        String::from("b")
    });
    yield_!(names.len());
}

#[test]
fn yield_in_method_arguments_keeps_the_receiver_a_place() {
    let log = Log::new();
    let mut it = yield_in_method_arguments(&log);
    assert_eq!(it.next(), Some(1));
    assert!(log.take().is_empty());
    assert_eq!(it.next(), Some(2));
    assert_eq!(log.take(), ["evaluating the argument"]);
    assert_eq!(it.next(), None);
}

#[generator]
fn debuggable(n: u32) -> impl Iterator<Item = u32> + std::fmt::Debug {
    for i in 0..n {
        yield_!(i);
    }
}

#[test]
fn generators_implement_debug() {
    let mut numbers = debuggable(2);
    assert_eq!(format!("{numbers:?}"), "Generator { .. }");
    assert_eq!(numbers.next(), Some(0));
    assert_eq!(format!("{numbers:?}"), "Generator { .. }");
}

/// Closures that use a `Copy` local borrow it, but the calls that run them here (`sum`,
/// `collect`, `fold`, `max`, ..) return values that do not hold them: these locals may be
/// kept across yields (the macro rejected them as holding the closures).
#[generator]
fn closures_run_before_a_yield(v: Vec<i64>, k: i64) -> impl Iterator<Item = i64> {
    let total: i64 = v.iter().map(|x| x * k).sum();
    let scaled: Vec<i64> = v.iter().map(|x| x * k).collect();
    let folded = v.iter().fold(0, |acc, x| acc + x * k);
    let largest = v.iter().map(|x| x - k).max();
    let above = v.iter().filter(|x| **x > k).count();
    yield_!(total);
    yield_!(scaled.iter().sum());
    yield_!(folded);
    yield_!(largest.unwrap_or(0));
    yield_!(above as i64);
}

fn closures_run_before_a_yield_eager(v: Vec<i64>, k: i64) -> Vec<i64> {
    let total: i64 = v.iter().map(|x| x * k).sum();
    let scaled: Vec<i64> = v.iter().map(|x| x * k).collect();
    let folded = v.iter().fold(0, |acc, x| acc + x * k);
    let largest = v.iter().map(|x| x - k).max();
    let above = v.iter().filter(|x| **x > k).count();
    vec![
        total,
        scaled.iter().sum(),
        folded,
        largest.unwrap_or(0),
        above as i64,
    ]
}

#[test]
fn locals_computed_by_closures_may_be_kept_across_yields() {
    for (v, k) in [(vec![1, 5, 7], 2), (vec![], 3), (vec![-4, 9], -1)] {
        let got: Vec<i64> = closures_run_before_a_yield(v.clone(), k).collect();
        assert_eq!(got, closures_run_before_a_yield_eager(v, k));
    }
}
