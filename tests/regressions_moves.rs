//! Regressions: moves that the state machine must respect (a `?` that moves its operand
//! inside a yielded value, a local or parameter moved in part), and the expansion's own
//! names, which must not clash with the user's.
#![cfg_attr(feature = "nightly", feature(gen_blocks))]
#![deny(warnings)]
// `hygiene_in_place` writes `i = i + 1` (a move, then a reassignment), on purpose.
#![allow(clippy::assign_op_pattern)]

#[macro_use]
mod common;

use common::{Log, Noisy};

// ---- the expansion's own names next to the same names in user code -------------------

fn add(a: i64, b: i64) -> i64 {
    a + b
}

differential! {
    fn hygiene_state_local(log: &Log, n: i64) -> i64 {
        let __state = Noisy::new("state", log);
        let __resumed = 3;
        yield_!(n);
        yield_!(__state.name().len() as i64 + __resumed);
    } for (2);

    fn hygiene_iterator_local(log: &Log, n: i64) -> i64 {
        let __iter0 = 5;
        let __item = 1;
        for i in 0..n {
            yield_!(i + __iter0 + __item);
        }
        log.push("end");
    } for (2);

    fn hygiene_in_place(log: &Log, n: i64) -> i64 {
        let __guard = [1i64; 40];
        let mut __carried_i = 0;
        let mut i = 0;
        while i < n {
            let __item = Noisy::new(format!("item{i}"), log);
            yield_!(__guard[0] + i + __carried_i + __item.name().len() as i64);
            i = i + 1;
            __carried_i += 1;
        }
        log.push("end");
    } for (0), (3);

    fn hygiene_temporaries(log: &Log, n: i64) -> i64 {
        let __tmp0 = Noisy::new("tmp", log);
        let __output = 2;
        let x = add(n * 2, {
            yield_!(n);
            __output
        });
        yield_!(x + __tmp0.name().len() as i64);
    } for (5);

    fn hygiene_taken_value(log: &Log, n: i64) -> i64 {
        let value = Noisy::new("value", log);
        for i in 0..n {
            let x = Noisy::new(format!("x{i}"), log);
            yield_!(i);
            log.push(x.name());
        }
        log.push(value.name());
    } for (0), (2);

    fn hygiene_state_item(log: &Log, n: i64) -> i64 {
        #[allow(dead_code)]
        enum __State {
            A,
        }
        yield_!(n);
        yield_!(n + 1);
        log.push("end");
    } for (2);
}

mod hygiene {
    use gen_core::{generator, yield_};

    pub struct Counter {
        pub n: i64,
    }

    impl Counter {
        #[generator]
        pub fn run(self) -> impl Iterator<Item = i64> {
            let __self = 3;
            yield_!(__self);
            yield_!(self.n);
        }
    }

    #[test]
    fn a_local_named_like_the_renamed_receiver() {
        assert_eq!(Counter { n: 7 }.run().collect::<Vec<_>>(), [3, 7]);
    }
}

mod question_mark {
    use super::{Log, Noisy};
    use gen_core::{generator, yield_};

    // ---- `?` whose operand moves a local, in a yielded value or a condition ----------------

    #[generator]
    fn forward(values: Vec<Result<u32, String>>) -> impl Iterator<Item = Result<u32, String>> {
        for x in values {
            yield_!(Ok(x?));
        }
    }

    #[generator]
    fn one(x: Option<String>) -> impl Iterator<Item = Option<String>> {
        yield_!(Some(x?));
    }

    fn checked(log: &Log, value: Result<i64, String>) -> Result<Noisy, String> {
        value.map(|i| Noisy::new(format!("ok{i}"), log))
    }

    #[generator]
    fn names(
        log: &Log,
        values: Vec<Result<i64, String>>,
    ) -> impl Iterator<Item = Result<String, String>> {
        let _guard = Noisy::new("guard", log);
        for value in values {
            let noisy = checked(log, value);
            yield_!(Ok(noisy?.name().to_owned()));
        }
        log.push("end");
    }

    #[generator]
    fn conditions(
        log: &Log,
        values: Vec<Result<i64, String>>,
    ) -> impl Iterator<Item = Result<i64, String>> {
        let _guard = Noisy::new("guard", log);
        for value in values {
            let noisy = checked(log, value);
            if noisy?.name().len() > 3 {
                yield_!(Ok(1));
            }
            let again = checked(log, Ok(7));
            match again?.name().len() {
                3 => yield_!(Ok(3)),
                n => yield_!(Ok(n as i64)),
            }
        }
    }

    #[test]
    fn question_mark_moving_a_local_in_a_yielded_value() {
        assert_eq!(
            forward(vec![Ok(1), Err("e".into()), Ok(2)]).collect::<Vec<_>>(),
            [Ok(1), Err("e".into())]
        );
        assert_eq!(
            forward(vec![Ok(1), Ok(2)]).collect::<Vec<_>>(),
            [Ok(1), Ok(2)]
        );
        assert_eq!(
            one(Some("a".into())).collect::<Vec<_>>(),
            [Some("a".into())]
        );
        assert_eq!(one(None).collect::<Vec<_>>(), [None]);

        let log = Log::new();
        let mut it = names(&log, vec![Ok(1), Err("e".into()), Ok(2)]);
        assert_eq!(it.next(), Some(Ok("ok1".into())));
        // The yielded value's temporaries live to the end of the statement.
        assert_eq!(log.take(), ["new guard", "new ok1"]);
        assert_eq!(it.next(), Some(Err("e".into())));
        assert_eq!(
            log.take(),
            ["drop ok1"],
            "the guard lives until the next call"
        );
        assert_eq!(it.next(), None);
        assert_eq!(log.take(), ["drop guard"]);

        let mut it = conditions(&log, vec![Ok(1), Err("e".into())]);
        assert_eq!(it.next(), Some(Ok(3)));
        // The scrutinee's temporaries live to the end of the `match`.
        assert_eq!(log.take(), ["new guard", "new ok1", "drop ok1", "new ok7"]);
        assert_eq!(it.next(), Some(Err("e".into())));
        assert_eq!(log.take(), ["drop ok7"]);
        drop(it);
        assert_eq!(log.take(), ["drop guard"]);
    }
}
