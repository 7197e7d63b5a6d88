//! Async generators under tokio: timing with paused time, bodies compared with their
//! eager versions (awaits on futures that are pending once), drops while pending, the
//! return types, and interoperation with `futures` and `tokio-stream`.
#![forbid(unsafe_code)]
#![deny(warnings, clippy::all)]

#[macro_use]
mod common;

use futures::StreamExt;
use gen_core::{FusedStream, Stream, generator, yield_};
use gen_suite::support::{Log, Noisy};
use std::pin::pin;
use std::time::Duration;
use tokio::time::{Instant, sleep};

#[generator]
async fn ticks(n: u32) -> impl Stream<Item = u32> {
    for i in 0..n {
        sleep(Duration::from_millis(100)).await;
        yield_!(i);
    }
}

#[tokio::test(start_paused = true)]
async fn items_arrive_as_the_awaits_complete() {
    let start = Instant::now();
    let mut stream = pin!(ticks(3));
    let mut arrivals = Vec::new();
    while let Some(i) = stream.next().await {
        arrivals.push((i, start.elapsed().as_millis()));
    }
    assert_eq!(arrivals, [(0, 100), (1, 200), (2, 300)]);
}

#[tokio::test(start_paused = true)]
async fn nothing_runs_before_the_first_poll() {
    let log = Log::new();
    let stream = logged(log.clone());
    sleep(Duration::from_secs(1)).await;
    assert!(log.take().is_empty());
    let items: Vec<u32> = stream.collect().await;
    assert_eq!(items, [1]);
    assert_eq!(log.take(), ["started"]);
}

#[generator]
async fn logged(log: Log) -> impl Stream<Item = u32> {
    log.push("started");
    yield_!(1);
}

/// `async` differential bodies: the generator against the same body run eagerly, with
/// `yield_!(x)` logging `got x`.
macro_rules! async_differential {
    ($(
        fn $name:ident($log:ident : Log $(, $arg:ident : $ty:ty)*) -> $item:ty $body:block
        for $( ($($value:expr),*) ),+ ;
    )*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            mod ours {
                #[allow(unused_imports)]
                use super::*;
                use gen_core::{generator, yield_};

                #[generator]
                pub async fn run($log: Log $(, $arg: $ty)*) -> impl FusedStream<Item = $item> $body
            }

            mod eager {
                #[allow(unused_imports)]
                use super::*;
                use $crate::eager_yield_ as yield_;

                fn yield_item(item: $item) {
                    $crate::common::eager_yield(item)
                }

                pub async fn run($log: Log $(, $arg: $ty)*) $body
            }

            #[tokio::test]
            async fn matches_the_eager_version() {
                $(
                    let log = Log::new();
                    let _eager = $crate::common::EagerLog::set(&log);
                    eager::run(log.clone() $(, $value)*).await;
                    drop(_eager);
                    let want = log.take();
                    let mut stream = pin!(ours::run(log.clone() $(, $value)*));
                    while let Some(item) = stream.next().await {
                        log.push(format!("got {item:?}"));
                    }
                    assert!(stream.is_terminated());
                    assert_eq!(log.take(), want);
                    let items = want.iter().filter(|e| e.starts_with("got ")).count();
                    for k in 0..=items {
                        let taken: Vec<_> = ours::run(log.clone() $(, $value)*).take(k).collect().await;
                        assert_eq!(taken.len(), k);
                        let events = log.take();
                        let created = events.iter().filter(|e| e.starts_with("new ")).count();
                        let dropped = events.iter().filter(|e| e.starts_with("drop ")).count();
                        assert_eq!(created, dropped, "everything created is dropped, k = {k}: {events:?}");
                    }
                )+
            }
        }
    )*};
}

/// The bodies live in a module without `yield_` in scope: each version brings its own.
mod bodies {
    #[allow(unused_imports)]
    use futures::StreamExt;
    use gen_core::FusedStream;
    use gen_suite::support::{Log, Noisy, pending_once};
    use std::pin::pin;

    async_differential! {
        fn awaits_everywhere(log: Log, n: i64) -> i64 {
            let base = pending_once(10).await;
            for i in 0..n {
                let x = pending_once(i).await + base;
                if x % 2 == 0 {
                    yield_!(x);
                } else {
                    let y = { pending_once(()).await; x * 2 };
                    yield_!(y);
                }
                match pending_once(i).await {
                    0 => log.push("zero"),
                    k if k > 2 => {
                        yield_!(-k);
                    }
                    _ => {}
                }
            }
        } for (0), (4);

        fn owned_and_borrowed(log: Log, words: Vec<&'static str>) -> String {
            let _guard = Noisy::new("guard", &log);
            let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            for (index, word) in owned.iter().enumerate() {
                let item = Noisy::new(format!("item{index}"), &log);
                pending_once(()).await;
                yield_!(format!("{word}-{}", item.name()));
            }
            let total: usize = owned.iter().map(String::len).sum();
            yield_!(total.to_string());
        } for (vec![]), (vec!["a", "bc"]);

        fn early_return(log: Log, limit: u32) -> u32 {
            let mut i = 0;
            loop {
                let value = pending_once(i).await;
                if value >= limit {
                    log.push("limit");
                    return;
                }
                yield_!(value);
                i += 1;
            }
        } for (0), (3);

        // The temporaries of a yielded value live until the `yield_!` statement ends,
        // after the body resumes: they dropped before the item was handed out.
        fn yielded_value_temporaries(log: Log, n: usize) -> usize {
            for i in 0..n {
                yield_!(Noisy::new(format!("t{i}"), &log).name().len() + i);
                log.push(format!("resumed {i}"));
            }
            let last = pending_once(Noisy::new("awaited", &log)).await;
            yield_!(last.name().len());
        } for (0), (2);
    }
}

#[generator]
async fn keeps(log: Log) -> impl Stream<Item = u32> {
    let _outer = Noisy::new("outer", &log);
    yield_!(1);
    let _inner = Noisy::new("inner", &log);
    sleep(Duration::from_secs(10)).await;
    yield_!(2);
}

#[tokio::test(start_paused = true)]
async fn dropping_while_an_await_is_pending_drops_the_live_locals_in_order() {
    let log = Log::new();
    let mut stream = Box::pin(keeps(log.clone()));
    assert_eq!(stream.next().await, Some(1));
    let pending = tokio::time::timeout(Duration::from_secs(1), stream.next()).await;
    assert!(pending.is_err(), "the sleep is still pending");
    assert_eq!(log.take(), ["new outer", "new inner"]);
    drop(stream);
    assert_eq!(log.take(), ["drop inner", "drop outer"]);
}

#[generator]
async fn fetch(pages: Vec<Result<Vec<u32>, String>>) -> impl Stream<Item = Result<u32, String>> {
    for page in pages {
        sleep(Duration::from_millis(10)).await;
        for item in page? {
            yield_!(Ok(item));
        }
    }
}

#[tokio::test(start_paused = true)]
async fn question_mark_yields_the_error_and_ends() {
    let got: Vec<_> = fetch(vec![Ok(vec![1, 2]), Err("503".into()), Ok(vec![3])])
        .collect()
        .await;
    assert_eq!(got, [Ok(1), Ok(2), Err("503".to_string())]);
}

#[generator]
async fn doubled(n: u32) -> impl Stream<Item = u32> {
    #[for_await]
    for x in ticks(n) {
        yield_!(x * 2);
    }
}

#[tokio::test(start_paused = true)]
async fn for_await_consumes_other_streams() {
    assert_eq!(doubled(3).collect::<Vec<_>>().await, [0, 2, 4]);
    let mut numbers = pin!(tokio_stream::iter(vec![5, 6]));
    let sum = async {
        let mut total = 0;
        while let Some(x) = tokio_stream::StreamExt::next(&mut numbers).await {
            total += x;
        }
        total
    };
    assert_eq!(sum.await, 11);
}

#[generator]
async fn from_tokio_stream(values: Vec<u32>) -> impl Stream<Item = u32> {
    #[for_await]
    for x in tokio_stream::iter(values) {
        yield_!(x + 1);
    }
}

#[tokio::test]
async fn interoperates_with_futures_and_tokio_stream() {
    let via_futures: Vec<u32> = from_tokio_stream(vec![1, 2])
        .map(|x| x * 10)
        .collect()
        .await;
    assert_eq!(via_futures, [20, 30]);
    let via_tokio: Vec<u32> = tokio_stream::StreamExt::collect(from_tokio_stream(vec![3])).await;
    assert_eq!(via_tokio, [4]);
}

#[tokio::test(start_paused = true)]
async fn spawned_streams_run_on_other_tasks() {
    let handle = tokio::spawn(async { ticks(2).collect::<Vec<_>>().await });
    assert_eq!(handle.await.unwrap(), [0, 1]);
}

#[tokio::test]
async fn size_hint_and_fused_end() {
    let mut stream = pin!(ticks_now(2));
    assert_eq!(stream.size_hint(), (0, None));
    assert!(!stream.is_terminated());
    while stream.next().await.is_some() {}
    assert!(stream.is_terminated());
    assert_eq!(stream.size_hint(), (0, Some(0)));
    assert_eq!(stream.next().await, None);
}

#[generator]
async fn ticks_now(n: u32) -> impl FusedStream<Item = u32> {
    for i in 0..n {
        tokio::task::yield_now().await;
        yield_!(i);
    }
}

struct Catalog {
    names: Vec<String>,
}

impl Catalog {
    #[generator]
    async fn names(&self) -> impl Stream<Item = &str> {
        for name in &self.names {
            tokio::task::yield_now().await;
            yield_!(name.as_str());
        }
    }

    #[generator]
    async fn boxed(
        &self,
        prefix: String,
    ) -> std::pin::Pin<Box<dyn Stream<Item = String> + Send + '_>> {
        for name in &self.names {
            yield_!(format!("{prefix}{name}"));
        }
    }

    #[generator]
    async fn boxed_stream(self) -> futures::stream::BoxStream<'static, String> {
        for name in self.names {
            tokio::task::yield_now().await;
            yield_!(name);
        }
    }
}

#[tokio::test]
async fn methods_and_boxed_return_types() {
    let catalog = Catalog {
        names: vec!["a".into(), "b".into()],
    };
    assert_eq!(catalog.names().collect::<Vec<_>>().await, ["a", "b"]);
    assert_eq!(
        catalog.boxed("x".into()).collect::<Vec<_>>().await,
        ["xa", "xb"]
    );
    assert_eq!(catalog.boxed_stream().collect::<Vec<_>>().await, ["a", "b"]);
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn send_follows_what_is_live() {
    assert_send(&ticks(1));
    assert_send(&fetch(vec![]));
}
