//! Items declared in a sync generator's body (`use`, `struct`, `enum`, `impl`, `fn`,
//! `const`, `static`, `macro_rules!`) are in scope after its yields, and an item inside a
//! loop that yields is defined once. Each body is compared with its eager version (and
//! with a native `gen` block under `--features nightly`): the same items, in the same
//! order, with the same creations and drops, on a full drain and after every early drop.
#![cfg_attr(feature = "nightly", feature(gen_blocks))]

#[macro_use]
mod common;

use common::{Log, Noisy};

/// Hidden in one block of `a_nested_item_does_not_hide_an_outer_name`, used outside it.
const LIMIT: i64 = 100;

differential! {
    fn use_of_a_type(log: &Log, n: i64) -> i64 {
        use std::collections::BTreeMap;
        let mut named = BTreeMap::new();
        named.insert(0, Noisy::new("first", log));
        yield_!(named.len() as i64);
        let squares: BTreeMap<i64, i64> = (0..n).map(|i| (i, i * i)).collect();
        yield_!(squares.values().sum());
        named.insert(1, Noisy::new("second", log));
        yield_!(named.len() as i64);
    } for (0), (3);

    fn use_of_a_trait(log: &Log, words: Vec<&'static str>) -> String {
        use std::fmt::Write;
        let mut line = String::new();
        for word in words {
            yield_!(line.clone());
            write!(line, "{word};").unwrap();
        }
        yield_!(line.clone());
        log.push(line);
    } for (vec![]), (vec!["a", "bc", "d"]);

    fn use_trees(log: &Log, n: i64) -> String {
        use std::fmt::{self, Write as _};
        use std::collections::{BTreeSet, btree_set};
        yield_!(String::new());
        let mut line = String::new();
        let set: BTreeSet<i64> = (0..n).collect();
        let elements: btree_set::Iter<'_, i64> = set.iter();
        for element in elements.clone() {
            write!(line, "{element}").unwrap();
        }
        let done: fmt::Result = Ok(());
        yield_!(format!("{line} {done:?}"));
        log.push(line);
    } for (0), (4);

    fn types_declared_before_a_yield(log: &Log, n: i64) -> i64 {
        struct Point {
            x: i64,
            y: i64,
        }
        enum Shape {
            Dot(Point),
            Line(Point, Point),
        }
        impl Shape {
            fn weight(&self) -> i64 {
                match self {
                    Shape::Dot(p) => p.x + p.y,
                    Shape::Line(a, b) => a.x + a.y + b.x + b.y,
                }
            }
        }
        let guard = Noisy::new("guard", log);
        yield_!(0);
        for i in 0..n {
            let shape = if i % 2 == 0 {
                Shape::Dot(Point { x: i, y: 1 })
            } else {
                Shape::Line(Point { x: i, y: 0 }, Point { x: 0, y: 10 })
            };
            yield_!(shape.weight());
        }
        drop(guard);
    } for (0), (3);

    fn functions_constants_statics_and_macros(log: &Log, n: i64) -> i64 {
        fn triple(x: i64) -> i64 {
            x * 3
        }
        const OFFSET: i64 = 100;
        static LABEL: &str = "label";
        macro_rules! twice {
            ($e:expr) => {
                $e * 2
            };
        }
        yield_!(OFFSET);
        for i in 0..n {
            yield_!(triple(i) + OFFSET);
            yield_!(twice!(i));
        }
        log.push(LABEL);
    } for (0), (2);

    fn impl_inside_a_loop(log: &Log, names: Vec<&'static str>) -> i64 {
        for name in names {
            struct Named(Noisy);
            impl Named {
                fn len(&self) -> i64 {
                    self.0.name().len() as i64
                }
            }
            let named = Named(Noisy::new(name, log));
            yield_!(named.len());
            yield_!(-named.len());
        }
    } for (vec![]), (vec!["a", "bb", "ccc"]);

    // The generator runs several times in a test, so each run counts from its first call.
    fn static_counter_inside_a_loop(log: &Log, n: i64) -> i64 {
        use std::sync::atomic::{AtomicI64, Ordering};
        let mut start = None;
        for _ in 0..n {
            static CALLS: AtomicI64 = AtomicI64::new(0);
            let calls = CALLS.fetch_add(1, Ordering::Relaxed);
            let first = *start.get_or_insert(calls);
            yield_!(calls - first);
        }
        log.push("counted");
    } for (1), (4);

    fn items_in_nested_blocks(log: &Log, values: Vec<i64>) -> i64 {
        for v in values {
            if v > 0 {
                const CAP: i64 = 10;
                fn clamp(x: i64) -> i64 {
                    x.min(CAP)
                }
                yield_!(clamp(v));
                yield_!(clamp(v * 4));
            } else {
                let sign = {
                    enum Sign {
                        Zero,
                        Negative,
                    }
                    let sign = if v == 0 { Sign::Zero } else { Sign::Negative };
                    yield_!(v);
                    match sign {
                        Sign::Zero => 0,
                        Sign::Negative => -1,
                    }
                };
                yield_!(sign);
            }
            match v {
                1 => {
                    use std::cmp::max;
                    yield_!(1);
                    yield_!(max(v, 5));
                }
                _ => unsafe {
                    static ZERO: i64 = 0;
                    yield_!(ZERO);
                    yield_!(std::ptr::read(&ZERO) - 1);
                },
            }
        }
        'outer: {
            struct Marker(Noisy);
            let marker = Marker(Noisy::new("marker", log));
            yield_!(7);
            drop(marker.0);
            break 'outer;
        }
    } for (vec![]), (vec![1, 0, -3, 12]);

    fn items_inside_an_expression(log: &Log, n: i64) -> i64 {
        let total = n + {
            const BONUS: i64 = 1000;
            yield_!(n);
            BONUS
        };
        yield_!(total);
        log.push(format!("total {total}"));
    } for (5);

    fn same_name_in_two_blocks(log: &Log, values: Vec<i64>) -> i64 {
        // Declared twice, the items stay in their blocks, where they are used before the
        // yield only.
        for v in values {
            if v % 2 == 0 {
                const STEP: i64 = 2;
                fn scale(x: i64) -> i64 {
                    x * STEP
                }
                yield_!(scale(v));
            } else {
                const STEP: i64 = 3;
                fn scale(x: i64) -> i64 {
                    x * STEP
                }
                yield_!(scale(v));
            }
            log.push(format!("after {v}"));
        }
    } for (vec![]), (vec![1, 2, 3]);

    fn a_nested_item_does_not_hide_an_outer_name(log: &Log, n: i64) -> i64 {
        if n > 0 {
            const LIMIT: i64 = 1;
            yield_!(LIMIT);
        }
        yield_!(LIMIT);
        log.push(format!("{LIMIT}"));
    } for (0), (1);

    fn macro_that_mentions_a_local(log: &Log, n: i64) -> i64 {
        // A macro's locals resolve where it is defined: it stays, and works before the
        // yield.
        let base = Noisy::new("base", log);
        macro_rules! above {
            ($e:expr) => {
                base.name().len() as i64 + $e
            };
        }
        yield_!(above!(n));
        yield_!(base.name().len() as i64);
    } for (3);
}
