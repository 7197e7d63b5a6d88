//! Async generators: the body runs as an ordinary `async` block (so borrows across
//! `.await` and across yields work as in any `async fn`), and each yielded item is handed
//! to the stream through a slot that the pinned stream owns.
//!
//! The only `unsafe` of the crate is here, in three places, each with its argument:
//! projecting `Pin<&mut AsyncGen>` to its fields, pinning the body future in place, and
//! writing the slot through the pointer a [`Yielder`] holds.

use core::cell::Cell;
use core::fmt;
use core::future::Future;
use core::marker::{PhantomData, PhantomPinned};
use core::mem;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};
use futures_core::{FusedStream, Stream};

/// An async generator: `start` builds the body future once the stream is pinned, giving it
/// a [`Yielder`] that points at `slot`.
#[must_use = "streams do nothing unless polled"]
pub struct AsyncGen<T, F, Fut> {
    // Declared before `slot`, so the body (whose yielder points at `slot`) is dropped first.
    phase: Phase<F, Fut>,
    slot: Cell<Option<T>>,
    // The body future may hold a pointer to `slot`, so `AsyncGen` must not move once polled.
    _pinned: PhantomPinned,
}

enum Phase<F, Fut> {
    Unstarted(F),
    Running(Fut),
    Done,
}

/// Creates the stream of an async generator whose body is `start(yielder)`.
///
/// Only sound as the macro uses it: the body must not let the [`Yielder`] escape (the
/// macro binds it to a name user code cannot write, and rejects `yield_!` inside closures,
/// nested `async` blocks and other macros' arguments).
#[inline(always)]
pub fn async_gen<T, F, Fut>(start: F) -> impl FusedStream<Item = T> + fmt::Debug
where
    F: FnOnce(Yielder<T>) -> Fut,
    Fut: Future<Output = ()>,
{
    AsyncGen {
        phase: Phase::Unstarted(start),
        slot: Cell::new(None),
        _pinned: PhantomPinned,
    }
}

// SAFETY: a shared `&AsyncGen` only reads `phase`'s discriminant (`is_terminated`,
// `size_hint`); `slot` is only touched through `Pin<&mut AsyncGen>`, that
// is, with exclusive access. So sharing it between threads is as safe as sharing the start
// closure and the body future, and handing the item over needs `T: Send`.
unsafe impl<T: Send, F: Sync, Fut: Sync> Sync for AsyncGen<T, F, Fut> {}

impl<T, F, Fut> AsyncGen<T, F, Fut>
where
    F: FnOnce(Yielder<T>) -> Fut,
{
    /// Starts the body if it has not started; false if it has finished. Only the first
    /// and the last poll get here, hence `cold`: the hot path tests one discriminant.
    #[cold]
    fn start(&mut self) -> bool {
        let Phase::Unstarted(start) = mem::replace(&mut self.phase, Phase::Done) else {
            return false;
        };
        // `self` is pinned, so `slot` keeps this address until `AsyncGen` is dropped, and
        // the body holding the pointer is dropped before `slot`.
        let yielder = Yielder {
            slot: NonNull::from(&self.slot),
            _item: PhantomData,
        };
        self.phase = Phase::Running(start(yielder));
        true
    }
}

impl<T, F, Fut> Stream for AsyncGen<T, F, Fut>
where
    F: FnOnce(Yielder<T>) -> Fut,
    Fut: Future<Output = ()>,
{
    type Item = T;

    // Always, so that the body's poll inlines into the consumer's as a native `async gen`
    // block's does: left to LLVM (`#[inline]`), it stayed out of line under a stack-pinned
    // executor, and a pending-once body ran 103 instructions an item instead of 55.
    #[inline(always)]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        // SAFETY: the fields are used in place and never moved out: `phase` is only
        // replaced by assignment (which drops the old value in place) and `slot` is only
        // read and written through `Cell`.
        let this = unsafe { self.get_unchecked_mut() };
        if !matches!(this.phase, Phase::Running(_)) && !this.start() {
            return Poll::Ready(None);
        }
        // A body that panics ends the stream, like a finished one. A guard does this when
        // unwinding, rather than a flag set around the poll: that would cost two stores a
        // poll, and the guard costs nothing until a panic.
        let guard = DoneOnUnwind(&mut this.phase);
        let Phase::Running(body) = &mut *guard.0 else {
            unreachable!()
        };
        // SAFETY: the body future is structurally pinned inside the pinned `AsyncGen`: it is
        // never moved out of `phase`, only dropped in place when `phase` is reassigned.
        let body = unsafe { Pin::new_unchecked(body) };
        let poll = body.poll(cx);
        mem::forget(guard);
        match poll {
            Poll::Ready(()) => {
                this.phase = Phase::Done;
                Poll::Ready(None)
            }
            // A yield fills the slot and then suspends once; any other `Pending` comes from
            // a future the body awaits, which has registered the waker. (Testing before
            // taking spares that `Pending` a store.)
            Poll::Pending if this.slot.get_mut().is_some() => Poll::Ready(this.slot.take()),
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.is_terminated() {
            (0, Some(0))
        } else {
            (0, None)
        }
    }
}

impl<T, F, Fut> FusedStream for AsyncGen<T, F, Fut>
where
    F: FnOnce(Yielder<T>) -> Fut,
    Fut: Future<Output = ()>,
{
    fn is_terminated(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }
}

/// Ends the stream if the body panics: dropped only while unwinding out of its poll (the
/// normal path forgets it). The body's coroutine has already dropped its live locals
/// while unwinding, so dropping what is left of it here runs no user code.
struct DoneOnUnwind<'a, F, Fut>(&'a mut Phase<F, Fut>);

impl<F, Fut> Drop for DoneOnUnwind<'_, F, Fut> {
    fn drop(&mut self) {
        *self.0 = Phase::Done;
    }
}

impl<T, F, Fut> fmt::Debug for AsyncGen<T, F, Fut> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AsyncGenerator { .. }")
    }
}

/// The body's handle on the slot of its stream.
pub struct Yielder<T> {
    slot: NonNull<Cell<Option<T>>>,
    _item: PhantomData<T>,
}

// SAFETY: the yielder only moves the item into the slot of the stream that owns the body
// holding it, from inside that stream's `poll_next`; it travels with that body, so it may
// cross threads whenever the items may.
unsafe impl<T: Send> Send for Yielder<T> {}
// SAFETY: `&Yielder` gives no access to anything (`yield_` takes `&mut self`).
unsafe impl<T> Sync for Yielder<T> {}

impl<T> Yielder<T> {
    /// Puts `item` in the slot; awaiting the returned future suspends the body once, and
    /// the stream hands the item out.
    #[inline(always)]
    pub fn yield_(&mut self, item: T) -> YieldNow {
        // SAFETY: the pointer is to the `slot` of the pinned `AsyncGen` whose body holds
        // this yielder, so it is valid for as long as the body exists. The body only runs
        // inside that stream's `poll_next`, which holds no reference into `slot` while the
        // body is polled, and `Cell` makes the shared write sound.
        unsafe { self.slot.as_ref() }.set(Some(item));
        YieldNow { suspended: false }
    }
}

impl<T> fmt::Debug for Yielder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Yielder { .. }")
    }
}

/// Suspends the body once (without waking it: the stream returns the yielded item instead
/// of `Pending`), then completes.
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldNow {
    suspended: bool,
}

impl Future for YieldNow {
    type Output = ();

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.suspended {
            Poll::Ready(())
        } else {
            self.suspended = true;
            Poll::Pending
        }
    }
}

/// The next item of a pinned stream, as a future (used by `#[for_await] for`).
#[inline(always)]
pub fn next<S: Stream + ?Sized>(stream: Pin<&mut S>) -> Next<'_, S> {
    Next { stream }
}

/// Future returned by [`next`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct Next<'a, S: ?Sized> {
    stream: Pin<&'a mut S>,
}

impl<S: Stream + ?Sized> Future for Next<'_, S> {
    type Output = Option<S::Item>;

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.stream.as_mut().poll_next(cx)
    }
}

/// A stream that ends at once: the body of a generator whose expansion failed, so that the
/// signature still type-checks next to the error.
pub struct EmptyStream<T>(PhantomData<fn() -> T>);

impl<T> fmt::Debug for EmptyStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmptyStream")
    }
}

impl<T> EmptyStream<T> {
    /// The empty stream.
    pub const fn new() -> Self {
        EmptyStream(PhantomData)
    }
}

impl<T> Default for EmptyStream<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Stream for EmptyStream<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(None)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(0))
    }
}

impl<T> FusedStream for EmptyStream<T> {
    fn is_terminated(&self) -> bool {
        true
    }
}
