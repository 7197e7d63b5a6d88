#![deny(unreachable_code)]

use gen_core::{generator, yield_, Stream};

// What follows a statement that never falls through is left out of the state machine,
// and still reported, as in a native `gen` block.
#[generator]
fn after_return(n: u32) -> impl Iterator<Item = u32> {
    yield_!(1);
    if n > 2 {
        return;
        yield_!(2);
    }
    yield_!(n);
    return;
    println!("done");
}

#[generator]
fn after_jumps(n: u32) -> impl Iterator<Item = u32> {
    for i in 0..n {
        if i == 3 {
            yield_!(i);
            break;
            yield_!(7);
        }
        yield_!(i + 1);
        continue;
        let _ignored = i;
    }
}

#[generator]
fn after_endless_loop(n: u32) -> impl Iterator<Item = u32> {
    loop {
        yield_!(n);
    }
    yield_!(0);
}

#[generator]
fn after_panic(n: u32) -> impl Iterator<Item = u32> {
    let _x = {
        yield_!(n);
        panic!("no value");
        n + 1
    };
}

#[generator]
async fn stream_after_return(n: u32) -> impl Stream<Item = u32> {
    core::future::ready(()).await;
    yield_!(n);
    return;
    yield_!(n + 1);
}

// A lint level on the first unreachable statement applies to it, and rustc reports
// only the first: nothing here, as in a native `gen` block.
#[generator]
fn allowed_where_written(n: u32) -> impl Iterator<Item = u32> {
    yield_!(n);
    return;
    #[allow(unreachable_code)]
    yield_!(n + 1);
    let _after = n;
}

// A statement configured out is not there to report: the next one is.
#[generator]
fn configured_out(n: u32) -> impl Iterator<Item = u32> {
    yield_!(n);
    return;
    #[cfg(any())]
    yield_!(n + 1);
    yield_!(n + 2);
}

fn main() {
    let _ = (after_return(1), after_jumps(1), after_endless_loop(1), after_panic(1));
    let _ = stream_after_return(1);
    let _ = allowed_where_written(1);
    let _ = configured_out(1);
}
