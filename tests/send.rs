//! Generators whose return type asks for `Send` (`+ Send`, `Box<dyn .. + Send>`,
//! `BoxStream`). The macro then checks each value the state machine keeps while suspended
//! (parameters, saved locals, awaited futures) to be `Send`, so that one that is not is
//! reported where the user wrote it (`tests/ui/send_bound_*`). Here, the bodies are
//! `Send`: every shape of the state machine that keeps something (parameters of each
//! kind, saved locals and parts of locals, locals resumed in place and carried, nested
//! await slots) must still compile with the checks, give the items of its eager version,
//! and be `Send`.
#![forbid(unsafe_code)]
#![deny(warnings, clippy::all)]

use futures::StreamExt;
use futures::stream::BoxStream;
use gen_core::{Stream, generator, yield_};
use gen_suite::support::lowering_of;
use std::num::ParseIntError;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[generator]
fn words(text: &str) -> impl Iterator<Item = String> + Send + '_ {
    let mut current = String::new();
    for c in text.chars() {
        if c == ' ' {
            yield_!(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    yield_!(current);
}

struct Bag {
    items: Vec<u32>,
}

impl Bag {
    #[generator]
    fn doubled(&self) -> impl Iterator<Item = u32> + Send + '_ {
        for item in &self.items {
            yield_!(item * 2);
        }
    }

    #[generator]
    fn into_items(self) -> impl Iterator<Item = u32> + Send {
        for item in self.items {
            yield_!(item);
        }
    }
}

#[generator]
fn pairs((low, high): (u32, u32), step: u32) -> impl Iterator<Item = (u32, u32)> + Send {
    let mut i = low;
    while i < high {
        yield_!((i, high - i));
        i += step;
    }
}

#[generator]
fn repeat<T: Clone + Send>(value: T, times: usize) -> impl Iterator<Item = T> + Send {
    for _ in 0..times {
        yield_!(value.clone());
    }
}

/// A large buffer resumed in place, with a local carried across the yield (`cur` is
/// used by value, then reassigned).
#[generator]
fn buffered(n: u64) -> impl Iterator<Item = u64> + Send {
    let mut buf = [0u64; 32];
    let mut cur = 1u64;
    let mut i = 0;
    while i < n {
        buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(cur);
        let next = cur.wrapping_mul(3) % 1000;
        cur = next;
        yield_!(buf[(i * 7 % 32) as usize]);
        i += 1;
    }
}

fn buffered_eager(n: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut buf = [0u64; 32];
    let mut cur = 1u64;
    for i in 0..n {
        buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(cur);
        cur = cur.wrapping_mul(3) % 1000;
        out.push(buf[(i * 7 % 32) as usize]);
    }
    out
}

struct Halves {
    left: Vec<String>,
    right: String,
}

/// A parameter moved out of in part (its `left` consumed by the loop): the state keeps
/// the other part on its own.
#[generator]
fn halves(halves: Halves) -> impl Iterator<Item = String> + Send {
    for left in halves.left {
        yield_!(left);
    }
    yield_!(halves.right);
}

#[generator]
fn parsed(texts: Vec<&'static str>) -> impl Iterator<Item = Result<u32, ParseIntError>> + Send {
    for text in texts {
        let n: u32 = text.parse()?;
        yield_!(Ok(n));
    }
}

#[generator]
fn shared_counter(counter: Arc<Mutex<u32>>, n: u32) -> Box<dyn Iterator<Item = u32> + Send> {
    for _ in 0..n {
        let value = {
            let mut guard = counter.lock().unwrap();
            *guard += 1;
            *guard
        };
        yield_!(value);
    }
}

#[test]
fn sync_generators_that_must_be_send() {
    let got: Vec<String> = assert_send(words("a bc d")).collect();
    assert_eq!(got, ["a", "bc", "d"]);

    let bag = Bag {
        items: vec![1, 2, 3],
    };
    assert_eq!(assert_send(bag.doubled()).collect::<Vec<_>>(), [2, 4, 6]);
    assert_eq!(assert_send(bag.into_items()).collect::<Vec<_>>(), [1, 2, 3]);

    assert_eq!(
        assert_send(pairs((1, 7), 2)).collect::<Vec<_>>(),
        [(1, 6), (3, 4), (5, 2)]
    );
    assert_eq!(
        assert_send(repeat(Arc::new(5), 3))
            .map(|v| *v)
            .collect::<Vec<_>>(),
        [5, 5, 5]
    );
    assert_eq!(
        assert_send(buffered(100)).collect::<Vec<_>>(),
        buffered_eager(100)
    );
    assert_eq!(
        assert_send(halves(Halves {
            left: vec!["l1".to_owned(), "l2".to_owned()],
            right: "r".to_owned(),
        }))
        .collect::<Vec<_>>(),
        ["l1", "l2", "r"]
    );

    let results: Vec<_> = assert_send(parsed(vec!["1", "2", "x", "4"])).collect();
    assert_eq!(
        results.len(),
        3,
        "`?` yields the error, then ends: {results:?}"
    );
    assert_eq!(results[..2], [Ok(1), Ok(2)]);
    assert!(results[2].is_err());

    let counter = Arc::new(Mutex::new(0));
    let from_thread = std::thread::spawn({
        let counter = Arc::clone(&counter);
        // Moved to another thread before its first `next()`.
        let generator = shared_counter(counter, 3);
        move || generator.collect::<Vec<_>>()
    });
    assert_eq!(from_thread.join().unwrap(), [1, 2, 3]);
    assert_eq!(*counter.lock().unwrap(), 3);
}

async fn double_later(value: u32) -> u32 {
    tokio::time::sleep(Duration::from_millis(1)).await;
    value * 2
}

async fn fetch(page: u32) -> Result<Vec<u32>, String> {
    tokio::task::yield_now().await;
    if page < 3 {
        Ok(vec![page * 10, page * 10 + 1])
    } else {
        Err(format!("no page {page}"))
    }
}

/// Two await points (two nested levels of the slot) and a saved `Vec`.
#[generator]
async fn ticks(values: Vec<u32>) -> impl Stream<Item = u32> + Send {
    for value in values {
        tokio::time::sleep(Duration::from_millis(1)).await;
        let doubled = double_later(value).await;
        yield_!(doubled);
    }
}

#[generator]
async fn pages(first: u32) -> impl Stream<Item = Result<u32, String>> + Send {
    let mut page = first;
    loop {
        let items = fetch(page).await?;
        for item in items {
            yield_!(Ok(item));
        }
        page += 1;
    }
}

#[generator]
async fn boxed(n: u32) -> Pin<Box<dyn Stream<Item = u32> + Send>> {
    for i in 0..n {
        let value = double_later(i).await;
        yield_!(value);
    }
}

#[generator]
async fn box_stream(label: String, n: usize) -> BoxStream<'static, String> {
    for i in 0..n {
        tokio::task::yield_now().await;
        yield_!(format!("{label}{i}"));
    }
}

/// Borrows a local across an `.await`: the `async` lowering, where rustc checks `Send`
/// itself.
#[generator]
async fn borrowing(values: Vec<u32>) -> impl Stream<Item = u32> + Send {
    for value in values.iter() {
        tokio::task::yield_now().await;
        yield_!(*value);
    }
}

#[tokio::test(start_paused = true)]
async fn async_generators_that_must_be_send() {
    let stream = assert_send(ticks(vec![1, 2, 3]));
    assert_eq!(lowering_of(&stream), "state machine");
    // Spawned: polled on the runtime's worker, as `tokio::spawn` requires `Send`.
    let spawned = tokio::spawn(stream.collect::<Vec<_>>());
    assert_eq!(spawned.await.unwrap(), [2, 4, 6]);

    let stream = assert_send(pages(1));
    assert_eq!(lowering_of(&stream), "state machine");
    assert_eq!(
        tokio::spawn(stream.collect::<Vec<_>>()).await.unwrap(),
        [Ok(10), Ok(11), Ok(20), Ok(21), Err("no page 3".to_owned())]
    );

    let got = tokio::spawn(assert_send(boxed(3)).collect::<Vec<_>>());
    assert_eq!(got.await.unwrap(), [0, 2, 4]);

    let got = tokio::spawn(assert_send(box_stream("s".to_owned(), 2)).collect::<Vec<_>>());
    assert_eq!(got.await.unwrap(), ["s0", "s1"]);

    let stream = assert_send(borrowing(vec![7, 8]));
    assert_eq!(lowering_of(&stream), "async block");
    assert_eq!(
        tokio::spawn(stream.collect::<Vec<_>>()).await.unwrap(),
        [7, 8]
    );
}
