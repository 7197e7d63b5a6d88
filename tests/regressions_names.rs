//! Regressions about the names of locals: uppercase bindings in irrefutable patterns, and
//! the lints the generated code must not draw (or must keep off the user's bindings).
#![cfg_attr(feature = "nightly", feature(gen_blocks))]
#![deny(warnings, clippy::all)]

#[macro_use]
mod common;

/// In `let`, `for` and closure parameters, an identifier pattern is a binding whatever its
/// case (math code names matrices `A` and sizes `N`); in a refutable pattern, an uppercase
/// one stays a constant.
// `declared_then_assigned` declares a local before a yield and assigns it after, on purpose.
#[allow(non_snake_case, clippy::needless_late_init)]
mod uppercase_locals {
    #[allow(unused_imports)]
    use super::common::{Log, Noisy};

    const LIMIT: u64 = 2;

    differential! {
        fn let_binding(log: &Log, n: u64) -> u64 {
            let N = n;
            yield_!(1);
            yield_!(N);
            log.push("end");
        } for (5);

        fn tuple_pattern(log: &Log, n: u64) -> u64 {
            let (A, B) = (n, n + 1);
            yield_!(0);
            yield_!(A + B);
            log.push("end");
        } for (1);

        fn declared_then_assigned(log: &Log, n: u64) -> u64 {
            let N;
            yield_!(0);
            N = n * 2;
            yield_!(1);
            yield_!(N);
            log.push("end");
        } for (3);

        fn saved_to_its_scope_end(log: &Log, n: u64) -> u64 {
            let G = Noisy::new("G", log);
            yield_!(n);
            yield_!(n + 1);
            log.push(format!("end {}", G.name()));
        } for (1);

        fn for_pattern(log: &Log, n: u64) -> u64 {
            for I in 0..n {
                yield_!(I);
                yield_!(I * 10);
            }
            for (K, V) in (0..n).map(|k| (k, k * k)) {
                yield_!(K);
                yield_!(V);
            }
            log.push("end");
        } for (3), (0);

        // The closure's `N` is its own: the outer `N` is not captured (so not moved), and
        // drops where its scope ends.
        fn closure_parameter(log: &Log, n: u64) -> u64 {
            let N = Noisy::new("N", log);
            log.push(N.name());
            let add = move |N: u64| N + 1;
            yield_!(add(n));
            yield_!(add(n + 1));
            log.push("end");
        } for (1);

        fn refutable_patterns_keep_constants(log: &Log, n: u64) -> u64 {
            for i in 0..n {
                match i {
                    LIMIT => yield_!(100),
                    other => yield_!(other),
                }
                if let LIMIT = i {
                    yield_!(200);
                }
            }
            log.push("end");
        } for (4);
    }
}

/// `(*x)?` needs its parentheses, and plain Rust does not warn about them: the `?` the
/// macro rewrites must not draw `unused_parens` either (the file denies warnings).
mod parenthesized_question_mark {
    use futures::StreamExt;
    use gen_core::{Stream, generator, yield_};

    #[generator]
    fn until_none(v: &[Option<u32>]) -> impl Iterator<Item = Option<u32>> + '_ {
        for x in v {
            let y = (*x)?;
            #[rustfmt::skip]
            let z = ((*x))?;
            yield_!(Some(y + z));
        }
    }

    #[test]
    fn stops_at_the_first_none() {
        let v = [Some(1), None, Some(3)];
        assert_eq!(until_none(&v).collect::<Vec<_>>(), [Some(2), None]);
    }

    #[generator]
    async fn until_none_async(v: Vec<Option<u32>>) -> impl Stream<Item = Option<u32>> {
        for x in &v {
            let y = (*x)?;
            #[rustfmt::skip]
            let z = ((*x))?;
            yield_!(Some(y + z));
        }
    }

    #[tokio::test]
    async fn stops_at_the_first_none_async() {
        let v = vec![Some(1), None, Some(3)];
        let items: Vec<_> = until_none_async(v).collect().await;
        assert_eq!(items, [Some(2), None]);
    }
}

/// A lint attribute on the declaration of a local covers the bindings of it that the
/// expansion writes (rebinding it after a yield, or in place), as it covers the user's
/// own: with `non_snake_case` denied here, each of these drew the lint at the user's name.
mod lint_attributes_on_declarations {
    use futures::StreamExt;
    use gen_core::{Stream, generator, yield_};

    #[generator]
    fn on_a_let(n: u32) -> impl Iterator<Item = u32> {
        #[allow(non_snake_case)]
        let fooBar = n;
        yield_!(1);
        yield_!(fooBar);
    }

    // The user's declaration fulfills the expectation; the expansion's bindings do not
    // make it unfulfilled.
    #[generator]
    fn expected(n: u32) -> impl Iterator<Item = u32> {
        #[expect(non_snake_case)]
        let fooBar = n;
        yield_!(1);
        yield_!(fooBar);
    }

    #[generator]
    fn on_parameters(
        #[allow(non_snake_case)] mut fooBar: u32,
        #[allow(non_snake_case)] (A, bB): (u32, u32),
    ) -> impl Iterator<Item = u32> {
        yield_!(0);
        fooBar += A;
        yield_!(fooBar + bB);
    }

    #[generator]
    fn on_loops_and_arms(n: u32) -> impl Iterator<Item = u32> {
        #[allow(non_snake_case)]
        for fooBar in 0..n {
            yield_!(fooBar);
            yield_!(fooBar * 10);
        }
        match n.checked_sub(1) {
            #[allow(non_snake_case)]
            Some(fooBar) => {
                yield_!(fooBar);
                yield_!(fooBar + 1);
            }
            None => {}
        }
    }

    // A large local saved in a loop that resumes in place is bound through `&mut`.
    #[generator]
    fn resumed_in_place(n: usize) -> impl Iterator<Item = u64> {
        #[allow(non_snake_case)]
        let mut bigBuffer = [0u64; 64];
        let mut i = 0;
        while i < n {
            bigBuffer[i % 64] += 1;
            yield_!(bigBuffer[i % 64]);
            i += 1;
        }
    }

    #[generator]
    async fn async_parameters(
        #[allow(non_snake_case)] fooBar: u32,
        #[allow(non_snake_case)] (A, bB): (u32, u32),
    ) -> impl Stream<Item = u32> {
        yield_!(fooBar);
        yield_!(A + bB);
    }

    #[test]
    fn the_generators_run() {
        assert_eq!(on_a_let(5).collect::<Vec<_>>(), [1, 5]);
        assert_eq!(expected(5).collect::<Vec<_>>(), [1, 5]);
        assert_eq!(on_parameters(1, (2, 3)).collect::<Vec<_>>(), [0, 6]);
        assert_eq!(
            on_loops_and_arms(2).collect::<Vec<_>>(),
            [0, 0, 1, 10, 1, 2]
        );
        assert_eq!(resumed_in_place(3).collect::<Vec<_>>(), [1, 1, 1]);
    }

    #[tokio::test]
    async fn the_async_generator_runs() {
        let items: Vec<_> = async_parameters(1, (2, 3)).collect().await;
        assert_eq!(items, [1, 5]);
    }
}

/// `_name` keeps a local alive to the end of its scope (the README's advice): the
/// expansion moving it into the state, and rebinding it, must not draw clippy's
/// `used_underscore_binding` or `no_effect_underscore_binding` (pedantic, denied here).
mod underscore_names {
    #![deny(clippy::pedantic)]

    use futures::StreamExt;
    use gen_core::{Stream, generator, yield_};
    use gen_suite::support::{Log, Noisy};

    // `_X`, with a lint attribute, is rebound from a hidden name where it is not used.
    #[generator]
    fn guarded(
        log: &Log,
        _unused: String,
        _x: u32,
        #[allow(non_snake_case)] _X: u32,
    ) -> impl Iterator<Item = u32> {
        let _guard = Noisy::new("guard", log);
        yield_!(1);
        yield_!(2);
    }

    // A loop that resumes in place holds the local it declares in an `Option`.
    #[generator]
    fn turns(log: &Log, n: usize) -> impl Iterator<Item = u64> {
        let mut buffer = [0u64; 64];
        let mut i = 0;
        while i < n {
            let _turn = Noisy::new(format!("turn {i}"), log);
            buffer[i % 64] += 1;
            yield_!(buffer[i % 64]);
            i += 1;
        }
    }

    #[test]
    fn the_guards_live_to_the_end_of_their_scopes() {
        let log = Log::new();
        let mut items = guarded(&log, String::new(), 0, 0);
        assert_eq!(items.next(), Some(1));
        assert_eq!(items.next(), Some(2));
        assert_eq!(log.take(), ["new guard"]);
        assert_eq!(items.next(), None);
        assert_eq!(log.take(), ["drop guard"]);

        assert_eq!(turns(&log, 2).collect::<Vec<_>>(), [1, 1]);
        assert_eq!(
            log.take(),
            ["new turn 0", "drop turn 0", "new turn 1", "drop turn 1"]
        );
    }

    // The parameters of an async generator are moved into its body.
    #[generator]
    async fn guarded_async(_unused: String, _x: u32) -> impl Stream<Item = u32> {
        let _guard = String::from("guard");
        yield_!(1);
        yield_!(2);
    }

    #[tokio::test]
    async fn the_async_generator_runs() {
        let items: Vec<_> = guarded_async(String::new(), 0).collect().await;
        assert_eq!(items, [1, 2]);
    }
}
