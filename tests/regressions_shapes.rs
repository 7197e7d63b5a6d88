//! Regressions: everyday code shapes that failed to compile, or warned, in the expansion
//! (found by writing ordinary programs: a tokenizer, a Fibonacci sequence, grouping, line
//! readers). Each body is checked against its eager version and, on nightly, against a
//! native `gen` block.
#![cfg_attr(feature = "nightly", feature(gen_blocks))]
#![deny(warnings)]
// `if let Some(_) = f()` on purpose: the drop order of the scrutinee is what is tested.
#![allow(clippy::redundant_pattern_matching)]

#[macro_use]
mod common;

use common::{Log, Noisy};
use std::io::{self, BufRead, BufReader, Cursor, Read};

/// A reader that logs when it is dropped, so that the drop of a reader consumed by
/// `lines()` is part of the compared log.
pub struct LoggedReader {
    data: Cursor<Vec<u8>>,
    _guard: Noisy,
}

impl LoggedReader {
    pub fn new(text: &str, log: &Log) -> LoggedReader {
        LoggedReader {
            data: Cursor::new(text.as_bytes().to_vec()),
            _guard: Noisy::new("reader", log),
        }
    }
}

impl Read for LoggedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.data.read(buf)
    }
}

/// A `Noisy` that exists only if `keep`; created either way.
pub fn noisy_if(keep: bool, name: String, log: &Log) -> Option<Noisy> {
    Some(Noisy::new(name, log)).filter(|_| keep)
}

/// The first character of the name.
pub fn first_char(noisy: &Noisy) -> Option<char> {
    noisy.name().chars().next()
}

/// A pair assigned by destructuring.
pub struct Pair {
    pub first: u64,
    pub second: u64,
}

differential! {
    // `let (mut a, mut b)` mutated only after the yield, by a destructuring assignment:
    // the declaring arm drew `unused_mut` on the user's `mut`.
    fn destructuring_assignment(_log: &Log, limit: u64) -> u64 {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            if a > limit {
                return;
            }
            yield_!(a);
            (a, b) = (b, a + b);
        }
    } for (0), (30);

    // Destructuring assignments of every shape, with `_` and `..`, into locals declared
    // without a value and into a `Noisy` that drops when overwritten.
    fn destructuring_assignment_shapes(log: &Log, n: u64) -> String {
        let x;
        let y;
        let mut z = Noisy::new("z0", log);
        let mut p = Pair { first: 0, second: 0 };
        [x, _, y] = [n, n + 1, n + 2];
        yield_!(format!("{x} {y}"));
        for i in 0..n {
            (z, _) = (Noisy::new(format!("z{}", i + 1), log), i);
            Pair { first: p.first, .. } = Pair { first: i, second: 9 };
            (p.second, ..) = (i * 2, 0, 0);
            yield_!(format!("{} {} {}", z.name(), p.first, p.second));
        }
        yield_!(z.name().to_string());
    } for (0), (3);

    // A `let` with a type, not saved at the yield (it is assigned again first), is
    // declared again in the resume arm: without its type, `Some(vec![w])` was no longer
    // coerced from `Vec<&&str>` to `Vec<&str>` (E0308 at the yield).
    fn typed_let_declared_again(_log: &Log, n: usize) -> String {
        let words: &[&str] = &["ab", "ac", "b", "cd", "ce", "d"][..n];
        let mut current: Option<(char, Vec<&str>)> = None;
        for w in words {
            let key = w.chars().next().unwrap_or(' ');
            match current.take() {
                Some((k, mut group)) if k == key => {
                    group.push(w);
                    current = Some((k, group));
                }
                Some(done) => {
                    yield_!(format!("{done:?}"));
                    current = Some((key, vec![w]));
                }
                None => current = Some((key, vec![w])),
            }
        }
        if let Some(last) = current {
            yield_!(format!("{last:?}"));
        }
    } for (0), (6);

    // `BufRead::lines` and `Read::bytes` take the reader by value (`str::lines` borrows):
    // the reader was saved at the yield after being moved (E0382).
    fn reader_consumed_by_lines(log: &Log, text: &'static str) -> String {
        let reader = BufReader::new(LoggedReader::new(text, log));
        for line in reader.lines() {
            let line = line.expect("in memory");
            if line.is_empty() {
                continue;
            }
            yield_!(line.to_uppercase());
        }
        log.push("after the lines");
    } for (""), ("a\n\nb c\n");

    fn reader_consumed_by_bytes(log: &Log, text: &'static str) -> String {
        let reader = BufReader::new(LoggedReader::new(text, log));
        for byte in reader.bytes() {
            yield_!(format!("{}", byte.expect("in memory")));
        }
        log.push("after the bytes");
    } for ("xy");

    // A local built by consuming an iterator over another local (`collect`, `count`, ..)
    // may own everything: it was reported as a borrow of `words` held across the yield.
    fn consumed_iterators_borrow_nothing(log: &Log, n: usize) -> usize {
        let words: Vec<String> = (0..n).map(|i| "w".repeat(i)).collect();
        let lengths: Vec<usize> = words.iter().map(|w| w.len()).collect();
        yield_!(lengths.len());
        let joined: String = words.iter().map(|w| w.as_str()).collect();
        yield_!(joined.len());
        let count = words.iter().filter(|w| !w.is_empty()).count();
        yield_!(count + lengths.iter().sum::<usize>());
        log.push(joined);
    } for (0), (3);

    // A `match` used as a value, with arms that yield and arms that leave: the arm that
    // leaves was written `__tmp = break;`, which drew `unreachable_code` in the user's crate.
    fn match_value_with_leaving_arms(log: &Log, n: u32) -> String {
        let mut state = 0u8;
        let mut rounds = 0;
        loop {
            rounds += 1;
            state = match state {
                0 => {
                    yield_!(format!("a{rounds}"));
                    1
                }
                1 => {
                    yield_!(format!("b{rounds}"));
                    2
                }
                2 if rounds < 2 * n => continue,
                2 => break,
                _ => return,
            };
        }
        let last = match n.checked_sub(1) {
            Some(m) => {
                yield_!(format!("m{m}"));
                m
            }
            None => return,
        };
        log.push(format!("last {last}"));
    } for (0), (3);

    // The temporary of an `if let` scrutinee lives to the end of the `then` block, across
    // its yields, and drops before the `else` block (2024 edition). It dropped at the
    // first yield.
    fn if_let_scrutinee_temporary(log: &Log, n: i64) -> String {
        for i in 0..n {
            if let Some(_) = noisy_if(i % 2 == 0, format!("t{i}"), log) {
                yield_!(format!("even {i}"));
                log.push("after the yield");
            } else if let Some('a') = first_char(&Noisy::new(format!("u{i}"), log)) {
                yield_!(format!("never {i}"));
            } else {
                log.push(format!("odd {i}"));
                yield_!(format!("else {i}"));
            }
        }
        if let (1.., _) = (n, Noisy::new("pair", log)) {
            yield_!("pair".to_string());
        }
        let value = if let Some(_) = noisy_if(n > 1, "value".into(), log) {
            yield_!("value".to_string());
            1
        } else {
            log.push("no value");
            2
        };
        if let Some(_) = noisy_if(n > 2, "last".into(), log) {
            yield_!(format!("last {value}"));
            return;
        } else {
            log.push("not last");
        }
        log.push("end");
    } for (0), (3);

    // The same, with `break` and `continue` in the branches (a labeled block around the
    // `if` made them E0695), and with temporaries in an operand of `&&`, which are made
    // only if it runs and drop when it ends (they were made before the `if`).
    fn if_let_jumps_and_lazy_operands(log: &Log, n: i64) -> String {
        for i in 0..n {
            if let Some(_) = noisy_if(i == 1, format!("j{i}"), log) {
                yield_!(format!("one {i}"));
                continue;
            } else if i > 3 {
                break;
            }
            if let true = i % 2 == 0 && first_char(&Noisy::new(format!("l{i}"), log)) == Some('l') {
                yield_!(format!("lazy {i}"));
                log.push("after");
            } else {
                continue;
            }
            log.push(format!("end {i}"));
        }
    } for (0), (6);

    // The same names on a `str` borrow it.
    fn str_lines_and_split(log: &Log, text: &'static str) -> usize {
        let owned = String::from(text);
        for line in text.lines() {
            yield_!(line.len());
        }
        for part in text.split(',') {
            yield_!(part.len() + owned.len());
        }
        log.push(owned);
    } for ("a\nbb,c");
}

// Parameters that every yield saves, `Copy` and never assigned (`&Log`, `&[u64]`, `u64`),
// are kept by the resume closure rather than moved in and out of the state: shadowed in a
// block that yields, captured by a `move` closure that lives across yields, and read in a
// loop resumed in place.
differential! {
    fn captured_parameters_shadowed(log: &Log, n: u64) -> String {
        for i in 0..n {
            let _guard = Noisy::new(format!("g{i}"), log);
            {
                let log = format!("shadow {i} of {n}");
                yield_!(log.clone());
                let n = log.len();
                yield_!(format!("{n}"));
            }
            yield_!(format!("{i} {n}"));
        }
        let _end = Noisy::new("end", log);
    } for (0), (2);

    fn captured_parameters_in_a_closure(log: &Log, k: u64) -> u64 {
        let scale = move |x: u64| x * k;
        let _guard = Noisy::new("guard", log);
        for i in 0..3 {
            yield_!(scale(i));
            log.push(format!("after {i} of {k}"));
        }
    } for (0), (5);

    fn captured_slice_walk(log: &Log, data: &[u64]) -> u64 {
        let mut stack = Vec::new();
        let mut at = 0;
        loop {
            while at < data.len() {
                stack.push(at);
                at = at * 2 + 1;
            }
            let Some(top) = stack.pop() else { break };
            at = top * 2 + 2;
            yield_!(data[top]);
            log.push(format!("visited {top} of {}", data.len()));
        }
    } for (&[]), (&[4, 2, 6, 1, 3, 5, 7]);
}

// A block that yields, whose value is used as a place (a method's receiver, a field's
// base): natively a temporary of the statement, dropped when it ends. It was kept to the
// end of the enclosing block, or dropped at the next yield.
differential! {
    fn yielding_block_values_used_in_place(log: &Log, n: u64) -> String {
        let _outer = Noisy::new("outer", log);
        for i in 0..n {
            let len = { yield_!(format!("a{i}")); Noisy::new(format!("x{i}"), log) }.name().len();
            log.push(format!("after let {len}"));
            let mut first: char = { yield_!(format!("b{i}")); Noisy::new(format!("y{i}"), log) }
                .name()
                .chars()
                .next()
                .unwrap_or('?');
            log.push(format!("after typed let {first}"));
            first = '!';
            { yield_!(format!("c{i} {first}")); Noisy::new(format!("z{i}"), log) }.renew(log);
            log.push(String::from("after statement"));
            let _ = { yield_!(format!("d{i}")); Noisy::new(format!("w{i}"), log) }.name().len();
            log.push(String::from("after wildcard let"));
            yield_!(format!("e{i}"));
        }
    } for (0), (2);

    // `&` extends the temporary to the end of the block, as natively.
    fn yielding_block_values_borrowed(log: &Log, n: u64) -> String {
        for i in 0..n {
            let kept = &{ yield_!(format!("a{i}")); Noisy::new(format!("x{i}"), log) };
            log.push(String::from("after let"));
            yield_!(kept.name().to_owned());
            let name = { yield_!(format!("b{i}")); Noisy::new(format!("name{i}"), log) }.name().len();
            // The new binding hides the old one, which its value reads.
            let name = { yield_!(format!("c{name}")); Noisy::new(format!("h{name}"), log) }.name().len() + name;
            yield_!(format!("{name}"));
            first_char(&{ yield_!(format!("d{i}")); Noisy::new(format!("r{i}"), log) });
            log.push(String::from("after borrowing statement"));
        }
    } for (0), (2);

    // In a condition, such a value drops before the branch runs (a condition is a
    // terminating scope); in a scrutinee, when the `match` ends; in an operand evaluated
    // before another yield, when the statement ends.
    fn yielding_block_values_in_conditions(log: &Log, n: u64) -> String {
        let mut total = 0;
        for i in 0..n {
            if { yield_!(format!("a{i}")); Noisy::new(format!("c{i}"), log) }.name().len() > 1 {
                log.push(String::from("then"));
                yield_!(format!("b{i}"));
            }
            let mut k = 0;
            while { yield_!(format!("w{i}.{k}")); Noisy::new(format!("wc{k}"), log) }.name().len() + k < 5 {
                k += 1;
                yield_!(format!("body {k}"));
            }
            match { yield_!(format!("m{i}")); Noisy::new(format!("s{i}"), log) }.name().len() {
                2 => yield_!(String::from("two")),
                _ => log.push(String::from("other")),
            }
            total += i64::abs({ yield_!(format!("o{i}")); Noisy::new(format!("op{i}"), log) }.name().len() as i64)
                + { yield_!(format!("p{i}")); 1 };
            log.push(String::from("after operands"));
        }
        yield_!(format!("{total}"));
    } for (0), (2);
}

// A value computed by an operator holds no borrow: `len > 0` does not make the guard a
// possible borrow of `words` (through `len`, bound from `words.first()`), which was then
// not kept for its drop and dropped at the next yield.
differential! {
    fn operators_hold_no_borrows(log: &Log, n: u64) -> u64 {
        let words = vec![String::from("ab"), String::from("c")];
        let len = if let Some(word) = words.first() { word.len() } else { 0 };
        let _guard = Noisy::maybe(len > 0, "guard", log);
        let _negated = Noisy::maybe(!words.is_empty() && -(len as i64) < 0, "negated", log);
        for i in 0..n {
            yield_!(i + len as u64);
        }
        if let Some(_) = Noisy::maybe(len as u64 + n > 1, "scrutinee", log) {
            yield_!(n);
            log.push(String::from("then"));
        }
    } for (0), (2);
}

// The temporaries of a `while let` scrutinee live to the end of each iteration, across
// the yields of the body; they dropped at the first one.
differential! {
    fn while_let_scrutinee_temporaries(log: &Log, n: u64) -> u64 {
        let mut i = 0;
        while let Some(_) = Noisy::maybe(i < n, "whole", log) {
            yield_!(i);
            log.push(format!("body {i}"));
            i += 1;
        }
        let mut j = 0;
        while let Some(len) = Noisy::maybe(j < n, "receiver", log).as_ref().map(|t| t.name().len()) {
            yield_!(len as u64 + j);
            j += 1;
        }
        let mut stack = vec![Noisy::new("a", log), Noisy::new("b", log)];
        while let Some(top) = stack.pop() {
            yield_!(top.name().len() as u64);
            log.push(format!("popped {}", top.name()));
        }
    } for (0), (2);
}

// The temporaries of the scrutinees in a chain of `let`s live to the end of the `then`
// block and drop before `else`; they dropped at the first yield of the block.
differential! {
    fn let_chain_scrutinee_temporaries(log: &Log, n: u64) -> u64 {
        let limit = Some(n);
        for i in 0..3 {
            if let Some(max) = limit
                && i < max
                && let Some(len) = Noisy::maybe(i % 2 == 0, "chain", log).as_ref().map(|t| t.name().len())
            {
                yield_!(len as u64 + i);
                log.push(format!("then {i}"));
                if i == 2 {
                    continue;
                }
                yield_!(max);
            } else {
                yield_!(100 + i);
            }
            if let Some(_) = Noisy::maybe(i < n, "first", log)
                && let Some(_) = Noisy::maybe(i > 0, "second", log)
            {
                yield_!(200 + i);
                log.push(String::from("both"));
            }
        }
    } for (0), (1), (3);
}

// And in a `while` condition, to the end of each iteration.
differential! {
    fn while_let_chain_scrutinee_temporaries(log: &Log, n: u64) -> u64 {
        let mut i = 0;
        while let Some(len) = Noisy::maybe(i < n, "first", log).as_ref().map(|t| t.name().len())
            && i < 3
            && let Some(_) = Noisy::maybe(i != 1 || n > 2, "second", log)
        {
            yield_!(len as u64 + i);
            log.push(format!("body {i}"));
            i += 1;
            if i == 2 {
                continue;
            }
            yield_!(i);
        }
        while i < 6 && let Some(_) = Noisy::maybe(i % 2 == 0, "third", log) {
            yield_!(10 + i);
            i += 1;
        }
    } for (0), (2), (4);
}

// The same for an `if` used as a value (of a `let`, a block, an operand), whose branches
// end in a value, a `continue`, a `break`, or no value; they dropped at the first yield.
differential! {
    fn let_chain_values(log: &Log, n: u64) -> u64 {
        let limit = Some(n);
        for i in 0..4 {
            let v = if let Some(max) = limit
                && i < max
                && let Some(len) = Noisy::maybe(i % 2 == 0, "chain", log).as_ref().map(|t| t.name().len())
            {
                let _g = Noisy::new(format!("then{i}"), log);
                yield_!(len as u64 + i);
                i * 10
            } else if i == 3 {
                yield_!(300);
                if n == 1 {
                    break;
                }
                3
            } else {
                log.push(format!("else {i}"));
                4
            };
            yield_!(v);
            let w = 1 + if let Some(_) = Noisy::maybe(i < n, "first", log)
                && let Some(k) = Noisy::maybe(i > 0, "second", log).map(|_| i)
            {
                yield_!(200 + k);
                if k == 2 {
                    continue;
                }
                k
            } else {
                0
            };
            let () = {
                let _b = Noisy::new(format!("block{i}"), log);
                if let Some(_) = Noisy::maybe(i == 1, "third", log) && w > 1 {
                    yield_!(500);
                }
            };
            yield_!(w);
        }
    } for (0), (1), (3);
}

// The temporaries of an operand evaluated before a yield in the middle of the same
// expression live until the statement ends, past the yield; they dropped at the yield.
differential! {
    fn operand_temporaries_across_a_yield(log: &Log, n: u64) -> u64 {
        for i in 0..n {
            let sum = Noisy::new(format!("a{i}"), log).name().len() as u64
                + { yield_!(i); Noisy::new(format!("b{i}"), log).name().len() as u64 };
            log.push(format!("sum {sum}"));
            let nested = u64::wrapping_add(
                u64::wrapping_mul(
                    i64::abs({ yield_!(10 + i); 2 }) as u64,
                    Noisy::new(format!("c{i}"), log).name().len() as u64,
                ),
                { yield_!(20 + i); 1 },
            );
            yield_!(nested);
            // A `match` used as an operand: its scrutinee's temporaries are the
            // statement's.
            let matched = u64::wrapping_add(
                match Noisy::new(format!("m{i}"), log).name().len() {
                    2 => { yield_!(30 + i); 2 }
                    len => len as u64,
                },
                { yield_!(40 + i); 1 },
            );
            log.push(format!("matched {matched}"));
            let plain = u64::wrapping_add(
                match Noisy::new(format!("p{i}"), log).name().len() {
                    2 => 2,
                    len => len as u64,
                },
                { yield_!(50 + i); 1 },
            );
            log.push(format!("plain {plain}"));
        }
    } for (0), (2);
}

// Types that rustc learns from code after a yield in a loop or a branch, used after that
// statement: the arm that entered the statement held a copy of the code after it, which
// rustc checked before the code that gives the type (E0282, "type annotations needed").
differential! {
    fn types_learnt_after_a_yield_in_a_loop(log: &Log, n: u64) -> u64 {
        let mut v = Vec::new();
        for i in 0..n {
            yield_!(i);
            v.push(i);
        }
        log.push(format!("len {}", v.len()));
        for x in v {
            yield_!(x.pow(2));
        }
    } for (0), (3);

    fn types_learnt_after_a_yield_in_a_branch(log: &Log, n: u64) -> u64 {
        let mut v = Vec::new();
        if n > 1 {
            yield_!(1);
            v.push(Noisy::new("pushed", log));
        }
        let lengths: u64 = v.iter().map(|x| x.name().len() as u64).sum();
        yield_!(lengths);
        let x = if n > 2 {
            yield_!(3);
            4u64
        } else {
            5
        };
        yield_!(x.pow(2));
    } for (0), (2), (3);

    fn types_learnt_after_a_yield_in_a_scrutinee(_log: &Log, n: u64) -> u64 {
        match if n > 1 {
            yield_!(1);
            Some(2u64)
        } else {
            None
        } {
            Some(v) => yield_!(v.pow(2)),
            None => yield_!(0),
        }
    } for (0), (2);

    fn types_learnt_after_a_yield_in_an_iterable(_log: &Log, n: u64) -> u64 {
        for x in if n > 1 {
            yield_!(1);
            vec![2u64, 3]
        } else {
            vec![]
        } {
            yield_!(x.pow(2));
        }
    } for (0), (2);

    fn types_learnt_from_a_labeled_break(_log: &Log, n: u64) -> u64 {
        let found = 'outer: {
            for i in 0..n {
                for j in 0..n {
                    yield_!(i * n + j);
                    if i * j == 2 {
                        break 'outer Some((i, j));
                    }
                }
            }
            None
        };
        if let Some((i, j)) = found {
            yield_!(100 + i.pow(2) + j);
        }
    } for (0), (2), (3);
}

differential! {
    // A `let`-`else` whose `else` yields, binding a `mut` local that is assigned only
    // after a later yield: the arm that declares it drew `unused_mut` on the user's `mut`
    // (found by the random bodies).
    fn let_else_mut_binding_assigned_later(log: &Log, keep: bool) -> String {
        let Ok(mut n) = Noisy::new("n", log).keep_if(keep) else {
            yield_!("not kept".to_string());
            return;
        };
        yield_!(n.name().to_string());
        n = Noisy::new("m", log);
        yield_!(n.name().to_string());
    } for (true), (false);

    // A value computed from a temporary of its statement that a yield made (the block's
    // value, the receiver of `renew`) was taken to maybe borrow that temporary, so it
    // dropped at a later yield after its last use, not where its scope ends (found by the
    // random bodies, with `let Ok(n) = { yield_!(..); Noisy::new(..) }.keep_if(c) else`).
    fn value_made_from_a_yielding_block(log: &Log, keep: bool) -> usize {
        let n = { yield_!(0); Noisy::new("n", log) }.renew(log);
        let Ok(m) = { yield_!(1); Noisy::new("m", log) }.keep_if(keep) else {
            return;
        };
        yield_!(n.name().len() + m.name().len());
        log.push("last use");
        yield_!(3);
        log.push("end");
    } for (true), (false);
}

/// A generic reader parameter, as in `fn f<R: BufRead>(r: R)`.
mod generic_reader {
    use super::*;
    use gen_core::{generator, yield_};

    #[generator]
    fn upper_lines<R: BufRead>(reader: R) -> impl Iterator<Item = io::Result<String>> {
        for line in reader.lines() {
            let line = line?;
            yield_!(Ok(line.to_uppercase()));
        }
    }

    #[test]
    fn reads_every_line() {
        let got: Vec<String> = upper_lines(Cursor::new("a\nb c\n"))
            .collect::<io::Result<_>>()
            .expect("in memory");
        assert_eq!(got, ["A", "B C"]);
    }
}
