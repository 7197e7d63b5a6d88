//! `#[cfg(..)]` on the statements of a generator body: the compiler decides, as in the
//! eager version of the same body. `any()` is always false, `all()` and `not(any())`
//! always true; `test` is true in this file and `doc` false, conditions the macro cannot
//! evaluate itself.
#![cfg_attr(feature = "nightly", feature(gen_blocks))]
#![deny(warnings, clippy::all)]
// `all()` is the condition that always holds, on purpose.
#![allow(clippy::non_minimal_cfg)]

#[macro_use]
mod common;

use common::{Log, Noisy};

differential! {
    fn yield_statements(log: &Log, n: i64) -> i64 {
        #[cfg(any())]
        yield_!(0);
        yield_!(n);
        #[cfg(all())]
        yield_!(n + 1);
        #[cfg(not(any()))]
        yield_!(n + 2);
        #[cfg(doc)]
        yield_!(-1);
        #[cfg(test)]
        yield_!(n + 3);
        #[cfg(not(test))]
        yield_!(-2);
        log.push("end");
    } for (10);

    fn blocks(log: &Log, n: i64) -> i64 {
        yield_!(1);
        #[cfg(any())]
        {
            let _note = Noisy::new("never", log);
            yield_!(300);
        }
        #[cfg(all())]
        {
            let _note = Noisy::new("always", log);
            yield_!(n);
        }
        #[cfg(doc)]
        {
            yield_!(-1);
        }
        #[cfg(test)]
        {
            let _note = Noisy::new("test", log);
            yield_!(n + 1);
        }
        yield_!(2);
    } for (10);

    fn loops(log: &Log, n: i64) -> i64 {
        yield_!(1);
        #[cfg(any())]
        for i in 0..n {
            yield_!(400 + i);
        }
        #[cfg(all())]
        for i in 0..n {
            yield_!(500 + i);
        }
        let mut i = 0;
        #[cfg(not(any()))]
        while i < n {
            yield_!(600 + i);
            i += 1;
        }
        #[cfg(doc)]
        loop {
            yield_!(-1);
        }
        #[cfg(test)]
        loop {
            let _note = Noisy::new("turn", log);
            yield_!(700 + i);
            i -= 1;
            if i <= 0 {
                break;
            }
        }
    } for (0), (2);

    fn lets_kept_across_yields(log: &Log, n: i64) -> i64 {
        #[cfg(any())]
        let hidden = Noisy::new("hidden", log);
        #[cfg(all())]
        let shown = Noisy::new("shown", log);
        #[cfg(doc)]
        let documented = n * 100;
        #[cfg(test)]
        let tested = n * 1000;
        yield_!(1);
        #[cfg(any())]
        drop(hidden);
        #[cfg(all())]
        yield_!(shown.name().len() as i64);
        #[cfg(doc)]
        yield_!(documented);
        #[cfg(test)]
        yield_!(tested);
        yield_!(2);
    } for (3);

    fn nested_in_a_loop(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            #[cfg(test)]
            let _turn = Noisy::new(format!("turn {i}"), log);
            #[cfg(not(test))]
            let _turn = Noisy::new(format!("other turn {i}"), log);
            #[cfg(doc)]
            yield_!(-i);
            yield_!(i);
            #[cfg(not(doc))]
            yield_!(i * 10);
        }
    } for (0), (3);

    fn control_flow(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            yield_!(i);
            #[cfg(doc)]
            break;
            #[cfg(test)]
            if i == 2 {
                break;
            }
            log.push(format!("after {i}"));
        }
        yield_!(100);
        #[cfg(doc)]
        return;
        let _end = Noisy::new("end", log);
        yield_!(101);
    } for (0), (2), (5);

    fn assignments(log: &Log, n: i64) -> i64 {
        #[allow(unused_mut)]
        let mut moved = Noisy::new("moved", log);
        drop(moved);
        #[cfg(doc)]
        {
            moved = Noisy::new("assigned again", log);
        }
        let total;
        #[cfg(test)]
        {
            total = n * 2;
        }
        #[cfg(not(test))]
        {
            total = n * 3;
        }
        yield_!(total);
        log.push("after");
    } for (4);

    fn match_arms(log: &Log, n: i64) -> i64 {
        for i in 0..n {
            match i % 3 {
                #[cfg(any())]
                0 => yield_!(-1),
                #[cfg(doc)]
                1 => yield_!(-2),
                #[cfg(test)]
                2 => {
                    let _note = Noisy::new("arm", log);
                    yield_!(i);
                }
                _ => log.push(format!("skip {i}")),
            }
        }
    } for (7);
}

/// Generators checked against their expected items.
mod sync {
    use gen_core::{generator, yield_};

    /// A `?` that suspends only where its statement is compiled.
    #[generator]
    fn question_marks(
        values: Vec<&str>,
    ) -> impl Iterator<Item = Result<u32, std::num::ParseIntError>> {
        for value in values {
            #[cfg(doc)]
            let n: u32 = value.parse()?;
            #[cfg(not(doc))]
            let n: u32 = value.len() as u32;
            yield_!(Ok(n));
        }
    }

    #[test]
    fn a_question_mark_configured_out_does_not_suspend() {
        let items: Vec<_> = question_marks(vec!["1", "x", "22"]).collect();
        assert_eq!(items, [Ok(1), Ok(1), Ok(2)]);
    }

    /// The reproductions of the original report, with their expected items spelled out.
    #[generator]
    fn reported_statements() -> impl Iterator<Item = u32> {
        #[cfg(any())]
        yield_!(0);
        yield_!(1);
        #[cfg(any())]
        {
            yield_!(300);
        }
        yield_!(2);
    }

    #[generator]
    fn reported_let() -> impl Iterator<Item = u32> {
        #[cfg(any())]
        let y = String::new();
        yield_!(1);
        #[cfg(any())]
        drop(y);
        yield_!(2);
    }

    #[generator]
    fn reported_loop() -> impl Iterator<Item = u32> {
        yield_!(1);
        #[cfg(any())]
        for i in 0..2 {
            yield_!(400 + i);
        }
    }

    #[test]
    fn the_reported_bodies() {
        assert_eq!(reported_statements().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(reported_let().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(reported_loop().collect::<Vec<_>>(), [1]);
    }
}

/// Async generators, checked against the eager version of the same body.
mod stream {
    use super::{Log, Noisy};
    use futures::StreamExt;
    use gen_core::{Stream, generator, yield_};

    #[generator]
    async fn stream_statements(log: Log, n: u32) -> impl Stream<Item = u32> {
        #[cfg(any())]
        yield_!(0);
        yield_!(1);
        #[cfg(all())]
        yield_!(2);
        #[cfg(not(any()))]
        yield_!(3);
        #[cfg(doc)]
        yield_!(1000);
        #[cfg(any())]
        {
            yield_!(300);
        }
        #[cfg(test)]
        {
            yield_!(4);
        }
        #[cfg(any())]
        for i in 0..n {
            yield_!(400 + i);
        }
        #[cfg(all())]
        for i in 0..n {
            yield_!(500 + i);
        }
        #[cfg(any())]
        #[for_await]
        for i in futures::stream::iter({
            log.push("configured out");
            0..n
        }) {
            yield_!(600 + i);
        }
        #[cfg(not(any()))]
        #[for_await]
        for i in futures::stream::iter(0..n) {
            yield_!(700 + i);
        }
        #[cfg(any())]
        let hidden = Noisy::new("hidden", &log);
        #[cfg(all())]
        let shown = Noisy::new("shown", &log);
        yield_!(5);
        #[cfg(any())]
        drop(hidden);
        #[cfg(all())]
        drop(shown);
        yield_!(6);
    }

    /// The same body, run eagerly.
    fn stream_statements_eager(log: &Log, n: u32) -> Vec<u32> {
        let mut items = Vec::new();
        #[cfg(any())]
        items.push(0);
        items.push(1);
        #[cfg(all())]
        items.push(2);
        #[cfg(not(any()))]
        items.push(3);
        #[cfg(doc)]
        items.push(1000);
        #[cfg(any())]
        {
            items.push(300);
        }
        #[cfg(test)]
        {
            items.push(4);
        }
        #[cfg(any())]
        for i in 0..n {
            items.push(400 + i);
        }
        #[cfg(all())]
        for i in 0..n {
            items.push(500 + i);
        }
        #[cfg(any())]
        for i in {
            log.push("configured out");
            0..n
        } {
            items.push(600 + i);
        }
        #[cfg(not(any()))]
        for i in 0..n {
            items.push(700 + i);
        }
        #[cfg(any())]
        let hidden = Noisy::new("hidden", log);
        #[cfg(all())]
        let shown = Noisy::new("shown", log);
        items.push(5);
        #[cfg(any())]
        drop(hidden);
        #[cfg(all())]
        drop(shown);
        items.push(6);
        items
    }

    #[tokio::test]
    async fn stream_statements_match_the_eager_version() {
        let log = Log::new();
        let want = stream_statements_eager(&log, 2);
        let want_log = log.take();
        let got: Vec<u32> = stream_statements(log.clone(), 2).collect().await;
        assert_eq!(got, want);
        assert_eq!(log.take(), want_log);
    }

    /// A `?` configured out does not end the stream.
    #[generator]
    async fn stream_question_marks(
        values: Vec<&'static str>,
    ) -> impl Stream<Item = Result<u32, std::num::ParseIntError>> {
        for value in values {
            #[cfg(doc)]
            value.parse::<u32>()?;
            #[cfg(any())]
            value.parse::<u32>()?;
            yield_!(Ok(value.len() as u32));
        }
    }

    #[tokio::test]
    async fn stream_question_marks_configured_out() {
        let items: Vec<_> = stream_question_marks(vec!["1", "x", "22"]).collect().await;
        assert_eq!(items, [Ok(1), Ok(1), Ok(2)]);
    }
}
