//! Fixtures: an ordered event log, a value that logs its own creation and drop, a future
//! that really suspends once, and probes that panic on request.

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

    /// `Ok(self)` if `keep`, otherwise `Err(self)`: a value that `let Ok(n) = .. else`
    /// does not match still holds a `Noisy`, whose drop shows where that value drops.
    pub fn keep_if(self, keep: bool) -> Result<Noisy, Noisy> {
        if keep { Ok(self) } else { Err(self) }
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

/// The payload of a probe's panic: the hit of this thread's probes that panicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbePanic(pub usize);

#[derive(Default)]
struct ProbeState {
    hits: usize,
    panic_at: Option<usize>,
    log: Option<Log>,
}

thread_local! {
    static PROBES: RefCell<ProbeState> = RefCell::default();
}

/// A probe (the random bodies' `probe(log);`, see `panic_probe` in `build.rs`): counts a hit
/// of this thread's probes and, if it is the hit [`Probes::panic_at`] chose, logs `panic at
/// probe N` and panics with [`ProbePanic`].
pub fn probe(log: &Log) {
    hit(Some(log));
}

/// A probe where no log is at hand (in a future the body awaits): the same, logging into
/// the log given to [`Probes::panic_at`].
pub fn probe_unlogged() {
    hit(None);
}

fn hit(log: Option<&Log>) {
    let fire = PROBES.with(|state| {
        let mut state = state.borrow_mut();
        state.hits += 1;
        (state.panic_at == Some(state.hits)).then(|| (state.hits, state.log.clone()))
    });
    if let Some((hit, armed)) = fire {
        if let Some(log) = log.or(armed.as_ref()) {
            log.push(format!("panic at probe {hit}"));
        }
        std::panic::panic_any(ProbePanic(hit));
    }
}

/// This thread's probes, counted from zero while it lives (and disarmed when it drops).
#[must_use]
#[derive(Debug)]
pub struct Probes(());

impl Probes {
    /// Counts the hits; no probe panics.
    pub fn count() -> Self {
        Self::start(ProbeState::default())
    }

    /// Counts the hits, and the probe of hit `hit` (from 1) panics, logging into `log`.
    pub fn panic_at(log: &Log, hit: usize) -> Self {
        Self::start(ProbeState {
            hits: 0,
            panic_at: Some(hit),
            log: Some(log.clone()),
        })
    }

    fn start(state: ProbeState) -> Self {
        PROBES.with(|probes| *probes.borrow_mut() = state);
        Probes(())
    }

    /// How many probes were hit so far.
    pub fn hits(&self) -> usize {
        PROBES.with(|probes| probes.borrow().hits)
    }
}

impl Drop for Probes {
    fn drop(&mut self) {
        PROBES.with(|probes| *probes.borrow_mut() = ProbeState::default());
    }
}

/// At most how many hits of the probes panic, one run each (see [`panic_targets`]).
pub const MAX_PANICS: usize = 4;

/// The hits of the probes to panic at, out of `hits`: all of them if there are at most
/// [`MAX_PANICS`], else the first, the last and some between (picked with `seed`).
pub fn panic_targets(hits: usize, seed: u64) -> Vec<usize> {
    if hits <= MAX_PANICS {
        return (1..=hits).collect();
    }
    let mut targets = vec![1, hits];
    let mut state = seed;
    while targets.len() < MAX_PANICS {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let hit = 2 + (state >> 33) as usize % (hits - 2);
        if !targets.contains(&hit) {
            targets.push(hit);
        }
    }
    targets.sort_unstable();
    targets
}

/// Keeps the panics of probes ([`ProbePanic`]) out of the output: installs, once for the
/// process, a panic hook that passes every other panic to the hook it replaces.
pub fn silence_probe_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<ProbePanic>() {
                previous(info);
            }
        }));
    });
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
