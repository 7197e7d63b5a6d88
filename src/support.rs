//! Fixtures: an ordered event log, a value that logs its own creation and drop, and a
//! future that really suspends once.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// A shared, ordered log of events (creations, drops, items received).
#[derive(Clone, Default, Debug)]
pub struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }

    /// How many events are logged.
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// Whether nothing is logged.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The events so far, emptying the log.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// Logs `new NAME` when created and `drop NAME` when dropped.
#[derive(Debug)]
pub struct Noisy {
    name: String,
    log: Log,
}

impl Noisy {
    pub fn new(name: impl Into<String>, log: &Log) -> Self {
        let name = name.into();
        log.push(format!("new {name}"));
        Noisy {
            name,
            log: log.clone(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The length of its name, as the random bodies read a `Noisy` local without a
    /// temporary borrowing it.
    pub fn len(noisy: &Noisy) -> usize {
        noisy.name.len()
    }

    /// Makes a `Noisy` named `name` either way: `Some` of it if `keep`, otherwise drops it
    /// at once and returns `None`.
    pub fn maybe(keep: bool, name: impl Into<String>, log: &Log) -> Option<Noisy> {
        let noisy = Noisy::new(name, log);
        keep.then_some(noisy)
    }

    /// Drops `self`, then makes its successor, named after it.
    pub fn renew(self, log: &Log) -> Noisy {
        let name = format!("{}'", self.name);
        drop(self);
        Noisy::new(name, log)
    }
}

impl Drop for Noisy {
    fn drop(&mut self) {
        self.log.push(format!("drop {}", self.name));
    }
}

/// A future that returns `Pending` once (waking its task), then its value: each await on
/// it really suspends.
#[derive(Debug)]
pub struct PendingOnce<T>(Option<T>, bool);

/// `value`, after one `Pending`.
pub fn pending_once<T>(value: T) -> PendingOnce<T> {
    PendingOnce(Some(value), false)
}

impl<T: Unpin> Future for PendingOnce<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.1 {
            self.1 = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.0.take().expect("polled after completion"))
    }
}

/// Which lowering an async generator got, read from the type of its stream: `"state
/// machine"` or `"async block"` (see `#[generator(lowering = ..)]`). The outermost of the
/// two runtime types decides (a stream that consumes another names both).
pub fn lowering_of<S>(_: &S) -> &'static str {
    let name = std::any::type_name::<S>();
    let machine = name.find("MachineStream");
    let async_block = name.find("AsyncGen");
    match (machine, async_block) {
        (Some(m), Some(a)) if a < m => "async block",
        (Some(_), _) => "state machine",
        (None, Some(_)) => "async block",
        (None, None) => panic!("not an async generator: {name}"),
    }
}
