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

// ---- a local or parameter moved out of in part ------------------------------------------

/// A struct whose fields are moved out one at a time.
pub struct Named {
    pub v: Vec<Noisy>,
    pub name: Noisy,
    pub tag: Noisy,
}

impl Named {
    pub fn new(log: &Log, n: i64) -> Named {
        Named {
            v: (0..n).map(|i| Noisy::new(format!("v{i}"), log)).collect(),
            name: Noisy::new("name", log),
            tag: Noisy::new("tag", log),
        }
    }
}

/// A struct with a `Copy` field.
pub struct Counted {
    pub n: usize,
    pub items: Vec<Noisy>,
    pub guard: Noisy,
}

impl Counted {
    pub fn new(log: &Log, n: usize) -> Counted {
        Counted {
            n,
            items: (0..n).map(|i| Noisy::new(format!("i{i}"), log)).collect(),
            guard: Noisy::new("guard", log),
        }
    }
}

/// The same, without a log (the harness builds arguments where no log is in scope).
pub struct Plain {
    pub v: Vec<String>,
    pub name: String,
}

impl Plain {
    pub fn new(n: usize) -> Plain {
        Plain {
            v: (0..n).map(|i| format!("v{i}")).collect(),
            name: "name".into(),
        }
    }
}

differential! {
    fn partial_move_into_a_loop(log: &Log, n: i64) -> String {
        let s = Named::new(log, n);
        for x in s.v {
            yield_!(format!("{}{}", s.name.name(), x.name()));
        }
        yield_!(s.tag.name().to_string());
        log.push("end");
    } for (0), (2);

    fn partial_move_then_field_moved(log: &Log, n: i64) -> String {
        let s = Named::new(log, n);
        log.push(format!("{} {}", s.name.name(), s.tag.name()));
        for x in s.v {
            yield_!(x.name().to_string());
        }
        let name = s.name;
        yield_!(name.name().to_string());
        log.push("end");
    } for (0), (2);

    fn partial_move_by_a_let(log: &Log, n: i64) -> String {
        let s = Named::new(log, n);
        let v = s.v.into_iter();
        yield_!(s.name.name().to_string());
        for x in v {
            yield_!(x.name().to_string());
        }
        yield_!(s.tag.name().to_string());
    } for (1);

    fn partial_move_in_a_branch(log: &Log, n: i64) -> String {
        let s = Named::new(log, n);
        if n > 1 {
            for x in s.v {
                yield_!(x.name().to_string());
            }
        } else {
            drop(s.v);
        }
        yield_!(s.name.name().to_string());
        log.push(s.tag.name());
    } for (1), (2);

    fn partial_move_in_a_loop(log: &Log, n: i64) -> String {
        for round in 0..n {
            let s = Named::new(log, round);
            for x in s.v {
                yield_!(format!("{}{}", s.name.name(), x.name()));
            }
            yield_!(s.tag.name().to_string());
        }
        log.push("end");
    } for (0), (3);

    fn field_given_back(log: &Log, n: i64) -> String {
        let mut s = Named::new(log, n);
        for x in s.v {
            yield_!(x.name().to_string());
        }
        s.v = vec![Noisy::new("again", log)];
        yield_!(s.name.name().to_string());
        for x in s.v {
            yield_!(format!("{} {}", x.name(), s.tag.name()));
        }
    } for (2);

    fn partial_move_of_a_tuple(log: &Log, n: i64) -> String {
        let pair = (
            (0..n).map(|i| Noisy::new(format!("e{i}"), log)).collect::<Vec<_>>(),
            Noisy::new("second", log),
        );
        for x in pair.0 {
            yield_!(format!("{} {}", x.name(), pair.1.name()));
        }
        log.push("end");
    } for (2);

    fn split_local_updated_in_place(log: &Log, n: i64) -> String {
        let mut s = Counted::new(log, n as usize);
        for x in s.items {
            s.n += x.name().len();
            yield_!(format!("{} {}", x.name(), s.n));
        }
        yield_!(s.guard.name().to_string());
    } for (0), (3);

    fn split_local_shadowed(log: &Log, n: i64) -> String {
        let s = Named::new(log, n);
        for x in s.v {
            let s = Noisy::new("inner", log);
            yield_!(format!("{} {}", x.name(), s.name()));
        }
        yield_!(s.name.name().to_string());
        {
            let s = Named::new(log, 1);
            yield_!(s.tag.name().to_string());
        }
        yield_!(s.tag.name().to_string());
    } for (2);

    fn split_in_match_arms(log: &Log, n: i64) -> String {
        let s = Named::new(log, n);
        match n {
            0 => drop(s.v),
            _ => {
                for x in s.v.into_iter() {
                    yield_!(x.name().to_string());
                }
            }
        }
        let closure = |suffix: &str| format!("{}{suffix}", s.name.name());
        yield_!(closure("!"));
        yield_!(s.tag.name().to_string());
        log.push("end");
    } for (0), (2);

    fn copy_field_read_by_value(log: &Log, n: i64) -> String {
        let s = Counted::new(log, n as usize);
        let count = s.n;
        for i in 0..count {
            yield_!(s.items[i].name().to_string());
        }
        log.push("end");
    } for (0), (2);

    fn partial_move_of_a_parameter(log: &Log, s: Plain) -> String {
        for x in s.v {
            yield_!(x);
        }
        yield_!(s.name);
        log.push("end");
    } for (Plain::new(2)), (Plain::new(0));

}

mod partial {
    use super::{Log, Named, Noisy};
    use gen_core::{generator, yield_};

    pub struct Labelled {
        pub v: Vec<Noisy>,
        pub name: Noisy,
    }

    impl Labelled {
        #[generator]
        pub fn labelled(self) -> impl Iterator<Item = String> {
            for x in self.v {
                yield_!(format!("{}{}", self.name.name(), x.name()));
            }
        }

        #[generator]
        pub fn boxed(self: Box<Self>) -> impl Iterator<Item = String> {
            for x in self.v {
                yield_!(x.name().to_owned());
            }
            yield_!(self.name.name().to_owned());
        }
    }

    fn labelled(log: &Log) -> Labelled {
        Labelled {
            v: vec![Noisy::new("v0", log), Noisy::new("v1", log)],
            name: Noisy::new("name", log),
        }
    }

    #[test]
    fn a_field_of_self_moved_into_a_loop() {
        let log = Log::new();
        let mut it = labelled(&log).labelled();
        assert_eq!(it.next().as_deref(), Some("namev0"));
        assert_eq!(log.take(), ["new v0", "new v1", "new name"]);
        assert_eq!(it.next().as_deref(), Some("namev1"));
        assert_eq!(log.take(), ["drop v0"]);
        assert_eq!(it.next(), None);
        assert_eq!(log.take(), ["drop v1", "drop name"]);

        // Dropped while suspended: the element, the iterator, then the field left.
        let mut it = labelled(&log).labelled();
        assert_eq!(it.next().as_deref(), Some("namev0"));
        log.take();
        drop(it);
        assert_eq!(log.take(), ["drop v0", "drop v1", "drop name"]);

        let mut it = Box::new(labelled(&log)).boxed();
        assert_eq!(it.by_ref().collect::<Vec<_>>(), ["v0", "v1", "name"]);
        assert_eq!(
            log.take(),
            [
                "new v0",
                "new v1",
                "new name",
                "drop v0",
                "drop v1",
                "drop name"
            ]
        );
    }

    /// A struct that implements `Drop`: no field can be moved out of it.
    pub struct Guarded {
        pub n: usize,
        pub items: Vec<String>,
        pub log: Log,
    }

    impl Drop for Guarded {
        fn drop(&mut self) {
            self.log.push("drop guarded");
        }
    }

    impl Guarded {
        #[generator]
        pub fn run(self) -> impl Iterator<Item = String> {
            let n = self.n;
            for i in 0..n {
                yield_!(self.items[i].clone());
            }
            self.log.push("end");
        }
    }

    #[test]
    fn a_copy_field_of_a_struct_that_implements_drop() {
        let log = Log::new();
        let guarded = Guarded {
            n: 2,
            items: vec!["a".into(), "b".into()],
            log: log.clone(),
        };
        assert_eq!(guarded.run().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(log.take(), ["end", "drop guarded"]);
    }

    #[generator]
    fn checked(
        s: Named,
        value: Result<i64, String>,
    ) -> impl Iterator<Item = Result<String, String>> {
        for x in s.v {
            yield_!(Ok(x.name().to_owned()));
        }
        let n = value?;
        yield_!(Ok(format!("{} {n}", s.name.name())));
        yield_!(Ok(s.tag.name().to_owned()));
    }

    #[test]
    fn a_question_mark_after_a_field_moved_out() {
        let log = Log::new();
        let got: Vec<_> = checked(Named::new(&log, 1), Ok(3)).collect();
        assert_eq!(
            got,
            [Ok("v0".into()), Ok("name 3".into()), Ok("tag".into())]
        );
        assert_eq!(
            log.take(),
            [
                "new v0",
                "new name",
                "new tag",
                "drop v0",
                "drop name",
                "drop tag"
            ]
        );

        let mut it = checked(Named::new(&log, 1), Err("e".into()));
        assert_eq!(it.next(), Some(Ok("v0".into())));
        assert_eq!(it.next(), Some(Err("e".into())));
        assert_eq!(log.take(), ["new v0", "new name", "new tag", "drop v0"]);
        assert_eq!(it.next(), None);
        assert_eq!(log.take(), ["drop name", "drop tag"]);
    }
}

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
