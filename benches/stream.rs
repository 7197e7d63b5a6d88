//! Async generators: `#[generator] async fn` against a hand-written `Stream`,
//! `async_stream::stream!` and genawaiter's stack `Gen` used as a `Stream`, on four
//! workloads (see `streams`). Ours twice on the three that it lowers into a state machine:
//! as the macro lowers them (`gen-core`), and forced into the compiler's `async` lowering
//! (`gen-core (async lowering)`, with `#[generator(lowering = async)]`); the fourth,
//! `borrowed`, awaits a future that borrows a local of the body, which only the `async`
//! lowering runs. On nightly with the `nightly` feature, also against native `async gen`
//! blocks with the same bodies (`native async gen`), on all four workloads in both
//! settings.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench stream -- --warm-up-time 1 --measurement-time 3
//! CARGO_TARGET_DIR=/work/target-bench cargo +nightly bench --features nightly --bench stream -- --warm-up-time 1 --measurement-time 3
//! python3 benches/report.py /work/target-bench/criterion
//! ```
//!
//! Each workload is measured in two settings:
//! - `stream_*`: a minimal executor ([`drain`]) polls the stream, pinned on its own stack,
//!   with a no-op waker, and polls again at once after `Pending` (every future here wakes
//!   itself before returning `Pending`), so no runtime overhead is measured. Everything
//!   inlines into one loop: the best case for a stream whose state LLVM can keep in
//!   registers.
//! - `task_*`: the way a tokio user consumes a stream. An `async fn` owns the stream and
//!   loops `while let Some(x) = stream.next().await`; it runs as a boxed task, polled
//!   through `dyn Future` as a runtime's task harness does ([`run_task`]), so the stream
//!   lives in the task's memory. genawaiter's stack flavour cannot move into a task, so it
//!   is left out.
//!
//! Before measuring, every variant's items are checked against the hand-written stream's,
//! and so are the lowerings the macro chose for ours ([`check_lowerings`]). The binary
//! also prints the `size_of` of each stream before its first poll and saves the figures
//! for `report.py`.

#![cfg_attr(feature = "nightly", feature(async_iterator, gen_blocks))]

mod common;
mod streams;

use common::{BlackBox, Sizes};
use criterion::Criterion;
use std::hint::black_box;
use std::mem::size_of_val;
use std::time::Duration;
use streams::*;

/// Checks the listed variants of `workload` (and, with the `nightly` feature, the native
/// `async gen` block, which every workload has) against the hand-written one (the items
/// and the number of `Pending`s), then benchmarks them all, hand-written first, in group
/// `stream_<workload>`.
macro_rules! workload {
    ($c:expr, $w:ident($n:expr), [$($v:ident),*]) => {{
        let name = concat!("stream_", stringify!($w));
        let want = with!(hand, $w($n), |s| collect(s));
        assert_eq!(want.0.len() as u64, $n);
        $(
            let got = with!($v, $w($n), |s| collect(s));
            assert_eq!(got, want, "{name}: {}", name_of!($v));
        )*
        #[cfg(feature = "nightly")]
        {
            let got = with!(native, $w($n), |s| collect(s));
            assert_eq!(got, want, "{name}: {}", name_of!(native));
        }

        let mut group = $c.benchmark_group(name);
        group.bench_function(HAND, |b| {
            b.iter(|| with!(hand, $w(black_box($n)), |s| drain::<BlackBox, _>(s)))
        });
        $(
            group.bench_function(name_of!($v), |b| {
                b.iter(|| with!($v, $w(black_box($n)), |s| drain::<BlackBox, _>(s)))
            });
        )*
        #[cfg(feature = "nightly")]
        group.bench_function(name_of!(native), |b| {
            b.iter(|| with!(native, $w(black_box($n)), |s| drain::<BlackBox, _>(s)))
        });
        group.finish();
    }};
}

/// Benchmarks the hand-written and listed variants of `workload` (and, with the `nightly`
/// feature, the native `async gen` block) in group `task_<workload>`, each stream consumed
/// by a [`consume`] task. Checks first that every variant's sum and count of `Pending`s are
/// the hand-written stream's.
macro_rules! in_task {
    ($c:expr, $w:ident($n:expr), [$($v:ident),*]) => {{
        let name = concat!("task_", stringify!($w));
        let want = run_task(Box::pin(consume::<BlackBox, _>(hand::$w($n))));
        $(
            let got = run_task(Box::pin(consume::<BlackBox, _>(stream_of!($v, $w($n)))));
            assert_eq!(got, want, "{name}: {}", name_of!($v));
        )*
        #[cfg(feature = "nightly")]
        {
            let got =
                run_task(Box::pin(consume::<BlackBox, _>(stream_of!(native, $w($n)))));
            assert_eq!(got, want, "{name}: {}", name_of!(native));
        }

        let mut group = $c.benchmark_group(name);
        group.bench_function(HAND, |b| {
            b.iter(|| run_task(Box::pin(consume::<BlackBox, _>(hand::$w(black_box($n))))))
        });
        $(
            group.bench_function(name_of!($v), |b| {
                b.iter(|| {
                    run_task(Box::pin(consume::<BlackBox, _>(stream_of!($v, $w(black_box($n))))))
                })
            });
        )*
        #[cfg(feature = "nightly")]
        group.bench_function(name_of!(native), |b| {
            b.iter(|| {
                run_task(Box::pin(consume::<BlackBox, _>(stream_of!(native, $w(black_box($n))))))
            })
        });
        group.finish();
    }};
}

fn benches(c: &mut Criterion) {
    check_lowerings();
    workload!(
        c,
        ready(READY_N),
        [ours, ours_async, async_stream, genawaiter]
    );
    workload!(
        c,
        pending(PENDING_N),
        [ours, ours_async, async_stream, genawaiter]
    );
    workload!(c, h2(H2_N), [ours, ours_async, async_stream, genawaiter]);
    workload!(c, borrowed(BORROWED_N), [ours, async_stream, genawaiter]);
    in_task!(c, ready(READY_N), [ours, ours_async, async_stream]);
    in_task!(c, pending(PENDING_N), [ours, ours_async, async_stream]);
    in_task!(c, h2(H2_N), [ours, ours_async, async_stream]);
    in_task!(c, borrowed(BORROWED_N), [ours, async_stream]);
}

/// `size_of` of each stream before its first poll (for genawaiter-stack: of the `Shelf`
/// that holds its state; the `Gen` handle itself is one more pointer), with the `nightly`
/// feature also of the native `async gen` block of each workload.
fn sizes() -> Sizes {
    /// The size of a genawaiter `Shelf`, read before `Gen::new` borrows it.
    fn shelf_size<T>(shelf: &T) -> usize {
        size_of_val(shelf)
    }

    macro_rules! add_sizes {
        ($sizes:ident, $w:ident($n:expr), [$($v:ident),*]) => {{
            let name = concat!("stream_", stringify!($w));
            $sizes.add(name, HAND, size_of_val(&hand::$w($n)));
            $(
                $sizes.add(name, name_of!($v), size_of_val(&stream_of!($v, $w($n))));
            )*
            #[cfg(feature = "nightly")]
            $sizes.add(name, name_of!(native), size_of_val(&stream_of!(native, $w($n))));
            let mut shelf = genawaiter::stack::Shelf::new();
            let bytes = shelf_size(&shelf);
            // SAFETY: the `Co` handed to the producer is only used inside the producer's
            // future, which is dropped with `g` (as `let_gen_using!` does).
            let g = unsafe { genawaiter::stack::Gen::new(&mut shelf, |co| ga::$w(co, $n)) };
            drop(g);
            $sizes.add(name, GENAWAITER, bytes);
        }};
    }

    let mut sizes = Sizes::default();
    add_sizes!(sizes, ready(READY_N), [ours, ours_async, async_stream]);
    add_sizes!(sizes, pending(PENDING_N), [ours, ours_async, async_stream]);
    add_sizes!(sizes, h2(H2_N), [ours, ours_async, async_stream]);
    add_sizes!(sizes, borrowed(BORROWED_N), [ours, async_stream]);
    sizes
}

fn main() {
    sizes().save("stream");

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
