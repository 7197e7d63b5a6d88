//! Regressions: moves that the state machine must respect (a `?` that moves its operand
//! inside a yielded value, a local or parameter moved in part), and the expansion's own
//! names, which must not clash with the user's.
#![cfg_attr(feature = "nightly", feature(gen_blocks))]

mod common;

use common::{Log, Noisy};

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
