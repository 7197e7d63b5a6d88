//! The differential harness: one body, three versions.
//!
//! `differential!` takes generator bodies and emits, for each, our `#[generator]`
//! function, an eager function in which `yield_!(x)` logs `got x` where the consumer of
//! the generator logs it, and (with `--features nightly`) the same body in a native `gen`
//! block. The test drains each generator, and drops it after every possible number of
//! items, comparing the event logs (items received, `Noisy` values created and dropped).
#![allow(dead_code)]

#[allow(unused_imports)]
pub use gen_suite::support::{Log, Noisy};
use std::cell::RefCell;
use std::fmt::Debug;

thread_local! {
    static EAGER: RefCell<Option<Log>> = const { RefCell::new(None) };
}

/// Where the eager versions' `yield_!` logs.
pub fn eager_yield(item: impl Debug) {
    EAGER.with(|log| {
        log.borrow()
            .as_ref()
            .expect("an eager run is in progress")
            .push(format!("got {item:?}"))
    });
}

/// `yield_!` in the eager versions: calls the `yield_item` of the module it is used in,
/// which takes the item type, so that the value is inferred as in the generator.
#[macro_export]
macro_rules! eager_yield_ {
    () => {
        yield_item(())
    };
    ($value:expr) => {
        yield_item($value)
    };
}

/// Where the eager versions' `yield_!` logs while it lives (for `async` eager versions).
pub struct EagerLog;

impl EagerLog {
    pub fn set(log: &Log) -> EagerLog {
        EAGER.with(|current| *current.borrow_mut() = Some(log.clone()));
        EagerLog
    }
}

impl Drop for EagerLog {
    fn drop(&mut self) {
        EAGER.with(|current| *current.borrow_mut() = None);
    }
}

/// Runs an eager version, returning its log.
pub fn eager(run: impl FnOnce(&Log)) -> Vec<String> {
    let log = Log::new();
    EAGER.with(|current| *current.borrow_mut() = Some(log.clone()));
    run(&log);
    EAGER.with(|current| *current.borrow_mut() = None);
    log.take()
}

/// Drains a generator, logging each item as the eager version does, and checks it stays
/// finished.
pub fn drain<T: Debug>(log: &Log, mut iter: impl Iterator<Item = T>) -> Vec<String> {
    for item in iter.by_ref() {
        log.push(format!("got {item:?}"));
    }
    for _ in 0..3 {
        assert!(iter.next().is_none(), "a finished generator yields again");
    }
    drop(iter);
    log.take()
}

pub const DROPPED: &str = "consumer drops the generator";

/// Takes `k` items, then drops the generator.
pub fn take<T: Debug>(log: &Log, mut iter: impl Iterator<Item = T>, k: usize) -> Vec<String> {
    for _ in 0..k {
        match iter.next() {
            Some(item) => log.push(format!("got {item:?}")),
            None => break,
        }
    }
    log.push(DROPPED);
    drop(iter);
    log.take()
}

/// On stable, without the native oracle: what an early drop after `k` items must look
/// like, given the eager log. Up to the drop, exactly the eager events up to the `k`th
/// item; after it, only drops; and every value created is dropped once.
pub fn check_early_drop(eager: &[String], got: &[String], k: usize) {
    let marker = got
        .iter()
        .position(|e| e == DROPPED)
        .expect("the consumer logged its drop");
    let items = eager.iter().filter(|e| e.starts_with("got ")).count();
    // After `k` items the generator is suspended at its `k`th yield; asked for more than it
    // has, it ran to its end.
    let expected = if k == 0 {
        &[]
    } else if k <= items {
        let mut seen = 0;
        let kth = eager
            .iter()
            .position(|e| {
                seen += usize::from(e.starts_with("got "));
                seen == k
            })
            .map_or(0, |p| p + 1);
        &eager[..kth]
    } else {
        eager
    };
    assert_eq!(&got[..marker], expected, "events before the drop (k = {k})");
    for event in &got[marker + 1..] {
        assert!(
            event.starts_with("drop "),
            "after the drop: {event} (k = {k})"
        );
    }
    let mut live: Vec<&str> = Vec::new();
    for event in got {
        if let Some(name) = event.strip_prefix("new ") {
            live.push(name);
        } else if let Some(name) = event.strip_prefix("drop ") {
            let index = live
                .iter()
                .position(|n| *n == name)
                .unwrap_or_else(|| panic!("{name} dropped twice or never created (k = {k})"));
            live.remove(index);
        }
    }
    assert!(live.is_empty(), "never dropped: {live:?} (k = {k})");
}

/// Defines, for each body, the three versions and a test comparing them.
///
/// ```text
/// differential! {
///     fn name(log: &Log, n: u64) -> u64 {
///         body with yield_!(..)
///     } for (3), (0);
/// }
/// ```
#[macro_export]
macro_rules! differential {
    ($(
        fn $name:ident($log:ident : &Log $(, $arg:ident : $ty:ty)* $(,)?) -> $item:ty $body:block
        for $( ($($value:expr),* $(,)?) ),+ ;
    )*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            mod ours {
                #[allow(unused_imports)]
                use super::*;
                use gen_core::{generator, yield_};

                #[generator]
                pub fn run($log: &Log $(, $arg: $ty)*) -> impl Iterator<Item = $item> $body
            }

            mod eager {
                #[allow(unused_imports)]
                use super::*;
                #[allow(unused_imports)]
                use $crate::eager_yield_ as yield_;

                #[allow(dead_code)]
                fn yield_item(item: $item) {
                    $crate::common::eager_yield(item)
                }

                #[allow(unreachable_code, clippy::needless_return)]
                pub fn run($log: &Log $(, $arg: $ty)*) $body
            }

            #[cfg(feature = "nightly")]
            mod native {
                #[allow(unused_imports)]
                use super::*;

                pub fn run($log: &Log $(, $arg: $ty)*) -> impl Iterator<Item = $item> {
                    $crate::native_gen! {
                        #[allow(unused_variables)]
                        let $log = $log;
                        $(#[allow(unused_variables, unused_mut)] let mut $arg = $arg;)*
                        $body
                    }
                }
            }

            #[test]
            fn matches_the_eager_version() {
                $(
                    let want = $crate::common::eager(|log| eager::run(log $(, $value)*));
                    let log = Log::new();
                    let got = $crate::common::drain(&log, ours::run(&log $(, $value)*));
                    assert_eq!(got, want, "full drain, arguments {}", stringify!($($value),*));
                    let items = want.iter().filter(|e| e.starts_with("got ")).count();
                    for k in 0..=items + 1 {
                        let got = $crate::common::take(&log, ours::run(&log $(, $value)*), k);
                        $crate::common::check_early_drop(&want, &got, k);
                        #[cfg(feature = "nightly")]
                        {
                            let native = $crate::common::take(&log, native::run(&log $(, $value)*), k);
                            assert_eq!(got, native, "early drop after {k} items, arguments {}", stringify!($($value),*));
                        }
                    }
                )+
            }
        }
    )*};
}

/// A native `gen move` block of the body, whose `yield_!(x)` is `yield x`. The tokens are
/// only parsed when the macro expands: stable rustc rejects `gen` blocks even in code that
/// is configured out.
#[cfg(feature = "nightly")]
#[macro_export]
macro_rules! native_gen {
    ($($body:tt)*) => {{
        macro_rules! yield_ {
            () => { yield () };
            ($e:expr) => { yield $e };
        }
        gen move { $($body)* }
    }};
}
