//! Every statement and expression form in a sync generator body, each compared with the
//! eager version of the same body (and with a native `gen` block under
//! `--features nightly`): the same items, in the same order, with the same creations and
//! drops, on a full drain and after every early drop.
#![cfg_attr(feature = "nightly", feature(gen_blocks))]
// `deferred_init` declares a local before assigning it in branches, and
// `string_rebuilt_in_an_inner_loop` writes `acc = acc + word` (a move, then a
// reassignment), on purpose.
#![allow(clippy::needless_late_init, clippy::assign_op_pattern)]
// `values_taken_out_of_a_local_live_to_the_end_of_the_body` calls `next()` by hand.
#![allow(clippy::while_let_on_iterator)]

#[macro_use]
mod common;

use common::{Log, Noisy};

fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Runs its input as a statement: an assignment among a macro's arguments.
macro_rules! run {
    ($($statement:tt)*) => {
        $($statement)*
    };
}

fn noted(log: &Log, value: i64) -> i64 {
    log.push(format!("eval {value}"));
    value
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: i64,
    y: i64,
}

differential! {
    fn counter(log: &Log, n: i64) -> i64 {
        let mut i = 0;
        while i < n {
            yield_!(i);
            i += 1;
        }
        log.push("done");
    } for (0), (1), (4);

    fn let_patterns(log: &Log, pairs: Vec<(i64, i64)>) -> i64 {
        for (a, b) in pairs {
            let (x, y) = (a * 2, b * 3);
            yield_!(x);
            let Point { x: px, y: py } = Point { x, y };
            yield_!(px + py);
            let [first, .., last] = [a, b, a + b];
            yield_!(first * 100 + last);
        }
        log.push("end");
    } for (vec![]), (vec![(1, 2), (3, 4)]);

    fn let_else(log: &Log, values: Vec<Option<i64>>) -> i64 {
        for value in values {
            let Some(x) = value else {
                log.push("none");
                yield_!(-1);
                continue;
            };
            yield_!(x);
        }
    } for (vec![Some(1), None, Some(3), None]);

    fn assignments(log: &Log, n: i64) -> i64 {
        let mut a = 1;
        let mut b;
        b = 2;
        for _ in 0..n {
            yield_!(a);
            a += b;
            b *= 2;
            a -= 1;
            yield_!(b);
            a %= 1000;
            b ^= 3;
        }
        log.push(format!("a={a} b={b}"));
    } for (0), (5);

    fn if_else(log: &Log, values: Vec<i64>) -> i64 {
        for v in values {
            if v > 10 {
                yield_!(v);
                log.push("big");
            } else if v > 5 {
                log.push("medium");
                yield_!(v * 10);
            } else if v > 0 {
                yield_!(v * 100);
            } else {
                log.push("small");
            }
        }
    } for (vec![1, 7, 12, -3, 0, 6]);

    fn if_let_chains(log: &Log, values: Vec<(Option<i64>, i64)>) -> i64 {
        for (a, b) in values {
            if let Some(x) = a
                && x > b
            {
                yield_!(x);
                log.push(format!("x={x}"));
            } else if let Some(y) = a {
                yield_!(y + b);
            } else {
                yield_!(b);
            }
        }
    } for (vec![(Some(5), 1), (Some(1), 5), (None, 9)]);

    fn while_let(log: &Log, values: Vec<i64>) -> i64 {
        let mut stack = values;
        while let Some(top) = stack.pop() {
            yield_!(top);
            if top > 2 {
                stack.push(top - 2);
            }
        }
        log.push("empty");
    } for (vec![]), (vec![1, 5, 4]);

    // A yield in the scrutinee of an `if let`: the block's value is a temporary that
    // `name()` borrows, which lives to the end of `then` and drops before `else`.
    fn if_let_scrutinee_yields(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            if let Some(c) = { yield_!(i); Noisy::new(format!("n{i}"), log) }.name().chars().nth(2) {
                yield_!(c as i64);
                log.push("then");
            } else if let Some(k) = { yield_!(-i); Noisy::maybe(i % 2 == 0, "m", log) } {
                yield_!(k.name().len() as i64);
            } else {
                log.push("else");
            }
            log.push("after");
        }
    } for (0), (4);

    // An `if let` whose scrutinee yields, used as a value.
    fn if_let_scrutinee_yields_value(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            let v = if let Some(k) = { yield_!(i); Noisy::maybe(i % 2 == 1, "k", log) } {
                yield_!(100);
                k.name().len() as i64
            } else {
                log.push("else");
                -1
            };
            yield_!(v);
        }
    } for (3);

    // A chain of `let`s whose later operands yield: the bindings of the earlier ones live
    // across the pause; `else` runs once whichever operand fails.
    fn let_chain_operands_yield(log: &Log, values: Vec<Option<i64>>) -> i64 {
        for (i, value) in values.into_iter().enumerate() {
            let guard = Noisy::new(format!("g{i}"), log);
            if let Some(x) = value
                && { yield_!(x); x > 1 }
                && let Some(k) = { yield_!(x * 10); Noisy::maybe(x % 2 == 0, "k", log) }
                && k.name().len() as i64 <= x
            {
                yield_!(x + k.name().len() as i64);
                log.push(format!("then {}", guard.name()));
            } else {
                log.push("else");
            }
        }
    } for (vec![Some(4), None, Some(1), Some(3), Some(6)]);

    // The same as a value, with `continue` and `break` out of the chain.
    fn let_chain_operands_yield_value(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            let v = if let Some(x) = Some(i)
                && let Some(k) = { yield_!(i); Noisy::maybe(i != 2, "k", log) }
            {
                if x == 1 {
                    continue;
                }
                if x == 4 {
                    break;
                }
                yield_!(x);
                k.name().len() as i64
            } else {
                log.push("else");
                0
            };
            yield_!(v);
        }
        log.push("end");
    } for (3), (6);

    // A `while let` whose condition yields, with a `continue`.
    fn while_let_condition_yields(log: &Log, n: i64) -> i64 {
        let mut i = 0;
        while let Some(k) = { yield_!(100 + i); Noisy::maybe(i < n, format!("w{i}"), log) } {
            i += 1;
            if i % 2 == 0 {
                continue;
            }
            yield_!(k.name().len() as i64);
        }
        log.push("end");
    } for (0), (4);

    // `let`-`else` whose value yields: the value that did not match drops before `else`,
    // and the temporary the method borrows drops when the statement ends.
    fn let_else_value_yields(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            let name = if i == 3 { "v".to_string() } else { format!("v{i}") };
            let Ok(c) = { yield_!(i); name }
                .chars()
                .nth(1)
                .ok_or_else(|| Noisy::new("none", log))
            else {
                log.push("no char");
                return;
            };
            log.push("matched");
            let Ok(k) = ({
                yield_!(-i);
                if i != 1 { Ok(Noisy::new("k", log)) } else { Err(Noisy::new("e", log)) }
            }) else {
                log.push("else");
                yield_!(99);
                continue;
            };
            yield_!(c as i64 + k.name().len() as i64);
        }
    } for (2), (4);

    fn match_arms(log: &Log, values: Vec<i64>) -> i64 {
        for v in values {
            match v {
                0 => yield_!(0),
                n if n < 0 => {
                    log.push("negative");
                    yield_!(-n);
                    yield_!(n);
                }
                1..=9 => {
                    let doubled = v * 2;
                    yield_!(doubled);
                    log.push(format!("doubled {doubled}"));
                }
                _ => log.push("big"),
            }
        }
    } for (vec![0, -2, 5, 42, 9]);

    fn match_bindings(log: &Log, values: Vec<Result<i64, String>>) -> String {
        for value in values {
            match value {
                Ok(n) => {
                    yield_!(format!("ok {n}"));
                    yield_!(format!("again {n}"));
                }
                Err(e) => {
                    log.push("err");
                    yield_!(e);
                }
            }
        }
    } for (vec![Ok(1), Err("bad".to_string()), Ok(2)]);

    fn loop_break(log: &Log, n: i64) -> i64 {
        let mut i = 0;
        loop {
            if i == n {
                break;
            }
            yield_!(i);
            i += 1;
            if i > 100 {
                log.push("runaway");
                break;
            }
        }
        log.push("after");
    } for (0), (3);

    fn loop_break_value(log: &Log, n: i64) -> i64 {
        let mut k = 0;
        let found = loop {
            yield_!(k);
            k += 1;
            if k * k > n {
                break k * 10;
            }
        };
        yield_!(found);
        log.push(format!("found {found}"));
    } for (0), (10);

    fn labeled(log: &Log, n: i64) -> (i64, i64) {
        'rows: for i in 0..n {
            'cols: for j in 0..n {
                if j > i {
                    continue 'rows;
                }
                if (i + j) % 3 == 2 {
                    yield_!((i, -j));
                    continue 'cols;
                }
                if i * j > 6 {
                    log.push("too big");
                    break 'rows;
                }
                yield_!((i, j));
            }
            log.push(format!("row {i} done"));
        }
    } for (0), (5);

    fn labeled_block(log: &Log, values: Vec<i64>) -> i64 {
        for v in values {
            let kind = 'classify: {
                if v < 0 {
                    yield_!(v);
                    break 'classify "negative";
                }
                yield_!(v * 2);
                if v == 0 {
                    break 'classify "zero";
                }
                "positive"
            };
            log.push(kind);
        }
    } for (vec![-1, 0, 3]);

    fn blocks_as_values(log: &Log, n: i64) -> i64 {
        let x = { yield_!(1); 2 } + 3;
        yield_!(x);
        let y = if n > 0 { yield_!(n); n * 2 } else { 0 };
        yield_!(y);
        let z = match n {
            0 => { yield_!(100); 0 }
            _ => {
                let w = { yield_!(200); n + 1 };
                w * w
            }
        };
        yield_!(z);
        log.push(format!("{x} {y} {z}"));
    } for (0), (2);

    fn mid_expression(log: &Log, n: i64) -> i64 {
        let sum = add(noted(log, 1), { yield_!(10); noted(log, 2) });
        yield_!(sum);
        let product = noted(log, 3) * { yield_!(20); noted(log, n) };
        yield_!(product);
        let v = Vec::from([noted(log, 4), { yield_!(30); noted(log, 5) }]);

        yield_!(v.iter().sum());

        let point = Point { x: noted(log, 6), y: { yield_!(40); noted(log, 7) } };
        yield_!(point.x * point.y);
        let tuple = (noted(log, 8), { yield_!(50); 9 }, noted(log, 10));
        yield_!(tuple.0 + tuple.1 + tuple.2);
        let array = [{ yield_!(60); 1 }, noted(log, 11)];
        yield_!(array[{ yield_!(70); 1 }]);
        let short = n > 100 && { yield_!(80); true };
        yield_!(i64::from(short));
        let long = n > 1 || { yield_!(90); false };
        yield_!(i64::from(long));
    } for (0), (3);

    fn early_return(log: &Log, values: Vec<i64>) -> i64 {
        let _guard = Noisy::new("guard", log);
        for v in values {
            let item = Noisy::new(format!("item{v}"), log);
            if v < 0 {
                log.push("stop");
                return;
            }
            yield_!(v + item.name().len() as i64);
        }
        yield_!(-100);
    } for (vec![1, 2]), (vec![1, -1, 3]);

    fn shadowing(log: &Log, n: i64) -> i64 {
        let x = n;
        yield_!(x);
        let x = x + 1;
        yield_!(x);
        let x = Noisy::new(format!("x{x}"), log);
        yield_!(x.name().len() as i64);
        {
            let x = 7;
            yield_!(x);
        }
        yield_!(x.name().len() as i64 * 10);
    } for (1), (10);

    fn closures_and_items(log: &Log, values: Vec<i64>) -> i64 {
        fn triple(v: i64) -> i64 {
            v * 3
        }
        const OFFSET: i64 = 1000;
        let adjust = |v: i64| triple(v) + OFFSET;
        let total: i64 = values.iter().map(|v| v * 2).sum();
        yield_!(total);
        for v in values {
            let boxed: Box<dyn Fn() -> i64> = Box::new(move || v * v);
            yield_!(adjust(boxed()));
        }
        log.push("closures done");
    } for (vec![1, 2, 3]);

    fn ordinary_macros(log: &Log, values: Vec<i64>) -> String {
        let v = vec![1, 2, 3];
        assert_eq!(v.len(), 3, "vec! works");
        for value in values {
            let text = format!("{value}:{}", v.len());
            yield_!(text);
            assert!(value >= 0, "non-negative {value}");
            log.push(format!("{value:?}"));
            debug_assert_ne!(value, 1000);
            yield_!(format!("{}", value * 2));
        }
    } for (vec![0, 7]);

    fn drops_in_scopes(log: &Log, n: i64) -> i64 {
        let _outer = Noisy::new("outer", log);
        let keep = Noisy::new("keep", log);
        for i in 0..n {
            let row = Noisy::new(format!("row{i}"), log);
            yield_!(i);
            {
                let cell = Noisy::new(format!("cell{i}"), log);
                yield_!(i * 10 + cell.name().len() as i64);
                log.push("inner end");
            }
            yield_!(row.name().len() as i64);
        }
        yield_!(keep.name().len() as i64);
        log.push("body end");
    } for (0), (2);

    fn moved_values(log: &Log, n: i64) -> i64 {
        let a = Noisy::new("a", log);
        let b = Noisy::new("b", log);
        drop(a);
        yield_!(1);
        let c = b;
        yield_!(2);
        let values: Vec<Noisy> = (0..n).map(|i| Noisy::new(format!("v{i}"), log)).collect();
        for value in values {
            yield_!(value.name().len() as i64);
            if value.name() == "v1" {
                drop(value);
                log.push("dropped v1 early");
            }
        }
        yield_!(c.name().len() as i64);
    } for (0), (3);

    fn batches(log: &Log, values: Vec<i64>) -> Vec<i64> {
        let mut batch = Vec::new();
        for v in values {
            batch.push(v);
            if batch.len() == 2 {
                yield_!(batch);
                batch = Vec::new();
                log.push("started a batch");
            }
        }
        if !batch.is_empty() {
            yield_!(batch);
        }
    } for (vec![]), (vec![1, 2, 3, 4, 5]);

    fn deferred_init(log: &Log, n: i64) -> i64 {
        let label;
        if n > 1 {
            yield_!(1);
            label = "many";
        } else {
            label = "few";
        }
        yield_!(label.len() as i64);
        log.push(label);
    } for (0), (5);

    fn nested_loops(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            for j in 0..i {
                yield_!(i * j);
            }
        }
        log.push("done");
    } for (0), (5);

    fn while_with_yield_in_condition(log: &Log, n: i64) -> i64 {
        let mut i = 0;
        while { yield_!(i * 100); i < n } {
            yield_!(i);
            i += 1;
        }
        log.push("exit");
    } for (0), (3);

    fn unit_yields(log: &Log, n: i64) -> () {
        for i in 0..n {
            log.push(format!("step {i}"));
            yield_!();
        }
    } for (3);

    fn unsafe_block(log: &Log, values: Vec<i64>) -> i64 {
        for v in values {
            let doubled = unsafe {
                yield_!(v);
                std::ptr::read(&v) * 2
            };
            yield_!(doubled);
        }
        log.push("done");
    } for (vec![1, 2]);
}

// Shapes that the randomized test (`tests/random_bodies.rs`) found mishandled.
differential! {
    fn hoisted_parenthesized_operand(log: &Log, a: i64, b: i64) -> i64 {
        let c = (a ^ b) & { yield_!(a); noted(log, 3) };
        yield_!(c);
    } for (1, 2), (6, 3);

    fn assigned_after_a_hiding_block(log: &Log, n: i64) -> i64 {
        let mut x = n;
        yield_!(x);
        {
            let x = Noisy::new("inner", log);
            yield_!(x.name().len() as i64);
        }
        x = 5;
        yield_!(x);
        x = {
            let x = n * 10;
            yield_!(x);
            x + 1
        };
        yield_!(x);
    } for (1);

    fn labeled_block_in_tail_position(log: &Log, n: i64) -> i64 {
        yield_!(0);
        'b: {
            yield_!(1);
            if n > 2 {
                break 'b;
            }
            log.push("not broken");
            yield_!(2);
        }
    } for (1), (3);

    fn captured_name_hidden_twice(log: &Log, n: i64) -> i64 {
        let x = 100;
        for i in 0..n {
            let x = i + x;
            for j in 0..2 {
                let x = x + j;
                log.push(format!("a {x}"));
                yield_!(x);
                log.push(format!("b {x} {x:?}"));
            }
            log.push(format!("c {x} {y}", y = x * 2));
            log.push(format!("e {x}", x = 7));

            yield_!(x);
        }
        log.push(format!("d {x}"));
    } for (2);

    fn unbound_elements_live_to_the_iteration_end(log: &Log) -> i64 {
        let v = vec![Noisy::new("a", log), Noisy::new("b", log)];
        for _ in v {
            yield_!(1);
            log.push("body");
            yield_!(2);
        }
    } for ();

    fn owned_values_built_from_locals(log: &Log, names: Vec<String>) -> i64 {
        for (i, name) in names.into_iter().enumerate() {
            let len = name.len();
            let tag = Noisy::new(format!("{name}.{i}"), log);
            let _guard = Noisy::new(format!("guard {}", len), log);
            yield_!(len as i64);
            yield_!(tag.name().len() as i64);
        }
    } for (vec!["x".to_string(), "yz".to_string()]);

    fn temporaries_of_a_yielded_value(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            yield_!(Noisy::new("t", log).name().len() as i64 + i);
            log.push("resumed");
        }
    } for (2);

    fn later_local_after_a_loop_resumed_in_place(log: &Log) -> i64 {
        let mut c = 0;
        while {
            yield_!(c);
            c < 2
        } {
            c += 1;
        }
        let n = Noisy::new("n", log);
        yield_!(1);
        log.push(format!("see {}", n.name()));
    } for ();

    fn captured_in_a_loop_resumed_in_place(log: &Log, n: i64) -> i64 {
        let total = n * 10;
        for i in 0..n {
            yield_!(i);
            log.push(format!("total {total}"));
        }
    } for (2);

    fn reassigned_later_but_not_in_this_arm(log: &Log, start: i64) -> i64 {
        let mut p = start;
        for i in 0..2 {

            p = add(p, {
                let p = add(p, i);
                yield_!(p);
                let mut k = 0;
                while k < 2 {
                    let p = p * k;
                    log.push(format!("p {p}"));
                    k += 1;
                }
                yield_!(k);
                1
            });
        }
        yield_!(p);
    } for (3);

    fn loop_locals_carried_across_a_yield(log: &Log, names: Vec<&'static str>) -> i64 {
        let mut total = 0;
        for name in names {
            let noisy = Noisy::new(name, log);
            let len = noisy.name().len() as i64;
            yield_!(len);
            total += len;
            log.push(format!("after {}", noisy.name()));
        }
        for _ in 0..2 {
            let _guard = Noisy::new("guard", log);
            yield_!(total);
        }
    } for (vec![]), (vec!["a", "bb", "ccc"]);

    fn assignment_in_a_macro_in_a_loop_resumed_in_place(log: &Log, n: i64) -> i64 {
        let mut last = -1;
        for i in 0..n {
            yield_!(i);
            run!(last = i * 2);
            log.push(format!("last {last}, {other}", other = last + 1));
        }
        yield_!(last);
    } for (0), (4);

    fn temporaries_of_an_array_iterable(log: &Log, n: i64) -> i64 {
        for i in [n, Noisy::new("t", log).name().len() as i64].into_iter() {
            yield_!(i);
        }
        log.push("after");
    } for (4);

    // The loop resumes in place with `cur` and `i` carried: moved, then reassigned.
    fn enclosing_locals_moved_and_reassigned_in_a_loop(log: &Log, n: i64) -> i64 {
        let keep = Noisy::new("keep", log);
        let mut cur = Noisy::new("cur0", log);
        let mut i = 0;
        while i < n {
            let prev = cur;
            cur = Noisy::new(format!("cur{}", i + 1), log);
            yield_!(prev.name().len() as i64 + i);
            log.push(format!("after {}", prev.name()));
            i += 1;
        }
        log.push(format!("end {} {}", cur.name(), keep.name()));
        let after = Noisy::new("after", log);
        yield_!(after.name().len() as i64);
    } for (0), (3);

    // `cur` may be moved where the loop is left, so it is not put back: resumed by value.
    fn enclosing_local_moved_where_the_loop_is_left(log: &Log, n: i64) -> i64 {
        let mut cur = Noisy::new("cur0", log);
        let mut i = 0;
        loop {
            yield_!(i);
            if i == n {
                drop(cur);
                break;
            }
            cur = Noisy::new(format!("cur{}", i + 1), log);
            i += 1;
        }
        log.push("after the loop");
        yield_!(-1);
    } for (0), (2);

    // `acc` (a `String` of the enclosing loop) is moved and reassigned in the inner loop:
    // carried through it, put back at its end, and used by the outer one.
    fn string_rebuilt_in_an_inner_loop(log: &Log, rows: Vec<Vec<&'static str>>) -> String {
        for row in rows {
            let mut acc = String::new();
            let mut count = 0;
            for word in row {
                acc = acc + word;
                count = count + 1;
                yield_!(acc.clone());
            }
            log.push(format!("row {acc} {count}"));
        }
    } for (vec![]), (vec![vec!["a", "b"], vec![], vec!["c"]]);

    // A local moved and reassigned inside a block-valued `let` still holds a value after
    // it, so it is kept across the yield and dropped at the end of its scope.
    fn reassigned_inside_a_value_block(log: &Log, n: i64) -> i64 {
        let mut kept = Noisy::new("kept", log);
        let i = loop {
            if kept.name().len() > 6 {
                break n;
            }
            kept = Noisy::renew(kept, log);
        };
        let j = {
            kept = Noisy::renew(kept, log);
            i + 1
        };
        log.push(format!("see {}", kept.name()));
        yield_!(j);
        log.push("end");
    } for (1);

    // The same inside blocks that are operands (a call argument, a condition, a tuple in
    // a scrutinee, the value of a compound assignment) and inside a block-valued `let` in
    // a branch: each is followed in evaluation order, so `kept` still drops at the end of
    // its scope.
    fn reassigned_inside_operand_blocks(log: &Log, n: i64) -> i64 {
        let mut kept = Noisy::new("kept", log);
        let i = i64::wrapping_add(n, {
            kept = Noisy::renew(kept, log);
            1
        });
        if i64::is_positive({
            kept = Noisy::renew(kept, log);
            i
        }) {
            log.push("positive");
        }
        match (i, {
            kept = Noisy::renew(kept, log);
            2
        }) {
            (0, _) => log.push("zero"),
            (a, b) => log.push(format!("{a} {b}")),
        }
        let mut total = i;
        total += {
            kept = Noisy::renew(kept, log);
            2
        };
        if n > 100 {
            let j = if n > 200 {
                n
            } else {
                kept = Noisy::renew(kept, log);
                n + 1
            };
            log.push(format!("{j}"));
        } else {
            kept = Noisy::renew(kept, log);
        }
        log.push(format!("see {}", kept.name()));
        yield_!(total);
        log.push("end");
    } for (1), (150), (300);

    // Parameters that are certainly `Copy` stay in the state and are used as `(*x)`,
    // except in `move` closures, which would capture the `&mut` itself: those are carried.
    fn copy_parameters_in_a_loop_resumed_in_place(
        log: &Log,
        values: Vec<i64>,
        factor: i64,
        name: &'static str,
    ) -> i64 {
        let mut total = 0;
        for v in values {
            let f = move |x: i64| x * factor + name.len() as i64;
            total += f(v);
            let g = || factor + 1;
            yield_!(total + g());
            let h = move || name.len();
            total += h() as i64;
            log.push(format!("{name} {factor} {}", noted(log, total)));
        }
    } for (vec![], 2, "ab"), (vec![1, 2, 3], 2, "ab");

    // `cur` is carried, and so is `first`, which the loop only reads: declared after
    // `cur`, it must not stay in the state (a panic in the arm would drop `cur` first).
    fn carried_local_declared_before_one_in_the_state(log: &Log, n: i64) -> i64 {
        let mut cur = Noisy::new("cur0", log);
        let first = Noisy::new("first", log);
        let mut i = 0;
        while i < n {
            let prev = cur;
            cur = Noisy::new(format!("cur{}", i + 1), log);
            yield_!(prev.name().len() as i64 + first.name().len() as i64);
            i += 1;
        }
    } for (0), (3);
    // `[..].iter()` and `&[..]` borrow constants that rustc promotes to `'static`: no
    // temporary of the generator's own, so the loop may yield.
    fn loop_over_a_promoted_constant(log: &Log, x: i64) -> i64 {
        for &d in [1, 2, 3].iter() {
            yield_!(x + d);
        }
        for (dx, dy) in &[(0, 1), (1, 0), (0, -1), (-1, 0)] {
            yield_!(x * 10 + dx * 2 + dy);
        }
        log.push("done");
    } for (0), (5);

    // The temporary of `let r = &value;` lives to the end of the block, across the
    // yields after the last use of `r`, and drops there.
    fn reference_to_an_extended_temporary(log: &Log, n: i64) -> i64 {
        let r = &Noisy::new("temporary", log);
        let len = r.name().len() as i64;
        yield_!(len);
        {
            let inner = &mut Noisy::new("inner", log);
            yield_!(inner.name().len() as i64 + n);
        }
        yield_!(n);
        log.push("end");
    } for (0), (3);

    // A `&mut` parameter lent to the loop's iterator: the state holds the iterator, and the
    // parameter, dead after the loop, is not kept.
    fn iterating_mutably_through_a_mut_parameter(log: &Log, values: &mut [i64]) -> i64 {
        log.push("start");
        for v in values.iter_mut() {
            *v += 1;
            yield_!(*v);
        }
    } for (&mut []), (&mut [1, 2, 3]);
    // What `pop()` and `next()` return is taken out of the receiver, not borrowed from it:
    // the binding is kept to the end of the loop body, across the yield, as natively.
    fn values_taken_out_of_a_local_live_to_the_end_of_the_body(log: &Log, n: i64) -> i64 {
        let mut stack: Vec<Noisy> = (0..n).map(|i| Noisy::new(format!("s{i}"), log)).collect();
        while let Some(top) = stack.pop() {
            yield_!(top.name().len() as i64);
            log.push("after the yield");
        }
        let mut it = (0..n).map(|i| Noisy::new(format!("i{i}"), log));
        while let Some(item) = it.next() {
            yield_!(item.name().len() as i64 + 10);
        }
        log.push("end");
    } for (0), (2);
    // Code after a loop that yields is resumed from two states; a closure written there
    // has one type only if that code is written once (a join before it).
    fn closure_in_an_iterator_after_a_loop_that_yields(log: &Log, a: Vec<i64>, b: Vec<i64>) -> i64 {
        let guard = Noisy::new("guard", log);
        for x in a {
            yield_!(x);
        }
        let scale = guard.name().len() as i64;
        for y in b.into_iter().map(move |v| v * scale) {
            yield_!(y);
        }
        log.push("end");
    } for (vec![], vec![]), (vec![1], vec![]), (vec![], vec![2, 3]), (vec![1, 2], vec![3, 4]);

    fn closure_local_saved_after_a_loop_that_yields(log: &Log, a: Vec<i64>, n: i64) -> i64 {
        for x in a {
            let item = Noisy::new(format!("item{x}"), log);
            yield_!(x);
            drop(item);
        }
        let moved = Noisy::new("moved", log);
        drop(moved);
        let offset = n * 10;
        let shift = move |v: i64| v + offset;
        for i in 0..n {
            yield_!(shift(i));
        }
        yield_!(shift(100));
    } for (vec![], 0), (vec![1, 2], 2), (vec![5], 3);

    // A loop body that yields is written again where the loop is re-entered.
    fn closure_declared_in_a_loop_that_yields(log: &Log, n: i64) -> i64 {
        let mut i = 0;
        while i < n {
            let keep = Noisy::new(format!("keep{i}"), log);
            let len = keep.name().len() as i64;
            let add = move |v: i64| v + i + len;
            yield_!(add(1));
            yield_!(add(2));
            i += 1;
        }
    } for (0), (1), (3);
    fn joins_in_nested_loops_with_continue(log: &Log, n: i64) -> i64 {
        let _guard = Noisy::new("guard", log);
        for a in 0..n {
            for b in 0..2 {
                yield_!(a * 10 + b);
            }
            let item = Noisy::new(format!("item{a}"), log);
            let f = move |x: i64| x * 2 + a;
            yield_!(f(1));
            if a == 1 {
                continue;
            }
            for c in (0..2).map(move |c| f(c + 100)) {
                yield_!(c);
            }
            log.push(format!("{} done", item.name()));
        }
    } for (0), (1), (3);

    fn join_in_a_match_arm_after_a_loop(log: &Log, n: i64) -> i64 {
        let g = Noisy::new("g", log);
        for i in 0..n {
            yield_!(i);
        }
        match g.name().len() {
            1 => {
                for y in (0..n).map(move |v| v * 10) {
                    yield_!(y);
                }
            }
            _ => log.push("other"),
        }
        yield_!(99);
    } for (0), (2);
    // An adapter takes its receiver by value: the element of `v.into_iter().rev()` is
    // owned, kept to the end of the iteration as natively.
    fn element_of_an_adapted_iterator_lives_to_the_end_of_the_iteration(log: &Log, n: i64) -> i64 {
        let v: Vec<Noisy> = (0..n).map(|i| Noisy::new(format!("v{i}"), log)).collect();
        for x in v.into_iter().rev() {
            yield_!(x.name().len() as i64);
            log.push("after the yield");
        }
    } for (0), (2);
    // Code after a statement that never falls through is left out of the machine (and
    // reported by rustc's `unreachable_code`, allowed here where it starts): the rest
    // behaves as natively, with what is live dropped at each jump.
    fn unreachable_code_after_jumps(log: &Log, n: i64) -> i64 {
        let outer = Noisy::new("outer", log);
        for i in 0..n {
            let kept = Noisy::new(format!("k{i}"), log);
            if i == 1 {
                yield_!(i);
                continue;
                #[allow(unreachable_code)]
                log.push("never");
                yield_!(-1);
            }
            if i == 3 {
                break;
                #[allow(unreachable_code)]
                let _never = i;
                yield_!(-2);
            }
            yield_!(kept.name().len() as i64 * 10 + i);
        }
        let mut round = 0;
        loop {
            round += 1;
            yield_!(outer.name().len() as i64 + round);
            if round > n {
                return;
                #[allow(unreachable_code)]
                log.push("never");
                yield_!(-3);
            }
            if round == 2 {
                break;
            }
        }
        yield_!(100);
    } for (0), (2), (5);
    // Code that can never run in the other places a block can end early: a match arm, a
    // let-else's else, a labeled block, a block and an `if` used as values.
    fn unreachable_code_in_blocks(log: &Log, n: i64) -> i64 {
        let mut total = 0;
        for i in 0..n {
            match i % 3 {
                0 => {
                    yield_!(i);
                    continue;
                    #[allow(unreachable_code)]
                    log.push("never");
                }
                1 => yield_!(-i),
                _ => {}
            }
            let Some(half) = (i % 2 == 0).then_some(i / 2) else {
                yield_!(100 + i);
                continue;
                #[allow(unreachable_code)]
                let _never = total;
            };
            'found: {
                if half > 1 {
                    yield_!(half);
                    break 'found;
                    #[allow(unreachable_code)]
                    let _never = half;
                    yield_!(-1);
                }
                total += half;
            }
            let value = if i == 4 {
                yield_!(44);
                break;
                #[allow(unreachable_code)]
                0
            } else {
                { yield_!(i * 2); i * 3 }
            };
            total += value;
        }
        log.push(format!("total {total}"));
        yield_!(total);
    } for (0), (3), (6);
}
