//! Async generators lowered into a state machine: the macro's resume closure, like a
//! sync generator's, plus a slot that holds the future being awaited.
//!
//! The macro takes this route when no suspension point holds a borrow of the body's own
//! locals: then the locals can live in an ordinary, freely moved state enum, and only the
//! awaited future needs a fixed place, which the pinned stream gives it. The futures of
//! the different await points share that place ([`AwaitSlot`] nests them as a tree).
//!
//! The `unsafe` here is pin projection, in four places, each with its argument: from
//! the pinned stream to its slot, and from a pinned slot to the future or the nested
//! slots it holds.

use core::fmt;
use core::future::Future;
use core::marker::PhantomPinned;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll};
use futures_core::{FusedStream, Stream};

/// An async generator run by a hand-rolled state machine.
#[must_use = "streams do nothing unless polled"]
pub struct MachineStream<S, F> {
    // Declared first, so that the future being awaited drops before the saved locals, as
    // it does in a suspended `async` body (it is the innermost value there).
    slot: S,
    resume: F,
    done: bool,
    // As the other async generators: pinned once polled (the slot's futures may be
    // `!Unpin`; keeping the stream `!Unpin` in every case keeps one type for users).
    _pinned: PhantomPinned,
}

/// Creates the stream of a state machine: `resume` runs the machine until it yields
/// (`Ready(Some(item))`), ends (`Ready(None)`, then again at every call) or waits for the
/// future in `slot` (`Pending`, after that future registered the waker).
///
/// The explicit item type `T` gives the closure its return type before its body is
/// checked, so that a yielded value of the wrong type is reported at the yield.
#[inline(always)]
pub fn machine_stream<T, S, F>(slot: S, resume: F) -> impl FusedStream<Item = T> + fmt::Debug
where
    F: FnMut(Pin<&mut S>, &mut Context<'_>) -> Poll<Option<T>>,
{
    MachineStream {
        slot,
        resume,
        done: false,
        _pinned: PhantomPinned,
    }
}

impl<S, F, T> Stream for MachineStream<S, F>
where
    F: FnMut(Pin<&mut S>, &mut Context<'_>) -> Poll<Option<T>>,
{
    type Item = T;

    #[inline(always)]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        // SAFETY: `slot` is structurally pinned: it is only reached through the
        // `Pin<&mut S>` made here, never moved out, and dropped in place with the stream.
        // `resume` and `done` are not pinned: they are used through `&mut` only.
        let this = unsafe { self.get_unchecked_mut() };
        let slot = unsafe { Pin::new_unchecked(&mut this.slot) };
        // A machine that panics has ended (its state is `Done`): a guard says so when
        // unwinding, at no cost on the normal path.
        let guard = DoneOnUnwind(&mut this.done);
        let poll = (this.resume)(slot, cx);
        mem::forget(guard);
        if let Poll::Ready(None) = poll {
            this.done = true;
        }
        poll
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done { (0, Some(0)) } else { (0, None) }
    }
}

/// Marks the stream ended if the machine unwinds (the normal path forgets it).
struct DoneOnUnwind<'a>(&'a mut bool);

impl Drop for DoneOnUnwind<'_> {
    fn drop(&mut self) {
        *self.0 = true;
    }
}

impl<S, F, T> FusedStream for MachineStream<S, F>
where
    F: FnMut(Pin<&mut S>, &mut Context<'_>) -> Poll<Option<T>>,
{
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<S, F> fmt::Debug for MachineStream<S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AsyncGenerator { .. }")
    }
}

/// Where the future of the await point being waited on lives. A machine with one await
/// point holds its future `Here`; with more, the slot is a balanced binary tree of slots:
/// the first half of the points in a slot `Here` (or the first point's future, when the
/// half is one point), the rest in the slot `There`, so that each point reaches its slot
/// through a logarithmic number of [`here`](AwaitSlot::here) and
/// [`there`](AwaitSlot::there) calls (a chain, one level a point, made the compiler's
/// type checking of a machine with a hundred await points take a minute). Only one future
/// is awaited at a time, so they share the space, as the variants of an enum do.
pub enum AwaitSlot<F, R = ()> {
    /// No future.
    Empty,
    /// The future of this level's await point.
    Here(F),
    /// The slot of the following await points.
    There(R),
}

impl<F, R> AwaitSlot<F, R> {
    /// An empty slot (its future types are inferred from the machine's `start` calls).
    #[inline(always)]
    pub const fn new() -> Self {
        AwaitSlot::Empty
    }
}

impl<F, R> Default for AwaitSlot<F, R> {
    #[inline(always)]
    fn default() -> Self {
        AwaitSlot::Empty
    }
}

impl<F: Future, R> AwaitSlot<F, R> {
    /// Stores the future of this level's await point (the slot is empty: the previous
    /// future ended, or the machine has not awaited yet).
    #[inline(always)]
    pub fn start(mut self: Pin<&mut Self>, future: F) {
        self.set(AwaitSlot::Here(future));
    }

    /// Polls the stored future; once it is ready, it is dropped and the slot is empty.
    ///
    /// If the poll panics, the future is dropped while unwinding, before the locals of
    /// the machine's arm (which unwind after it), as in an `async` body, where the
    /// future is the innermost value.
    #[inline(always)]
    pub fn poll_here(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: the slot stays pinned; through this pointer it is only matched on and
        // assigned in place, never moved out of.
        let slot: *mut Self = unsafe { self.get_unchecked_mut() };
        // SAFETY: the future is structurally pinned in the pinned slot: it is never moved
        // out, only dropped in place (by the assignments below and in the guard), and the
        // reference ends with the poll, before either.
        let future = match unsafe { &mut *slot } {
            AwaitSlot::Here(future) => unsafe { Pin::new_unchecked(future) },
            _ => unreachable!("an await point polls the future it started"),
        };
        let guard = EmptyOnUnwind(slot);
        let poll = future.poll(cx);
        mem::forget(guard);
        if poll.is_ready() {
            // SAFETY: as above; the old value (the future) is dropped in place.
            unsafe { *slot = AwaitSlot::Empty };
        }
        poll
    }
}

impl<F: Default, R> AwaitSlot<F, R> {
    /// The slot of the first half of the await points, where `F` is itself a slot (made
    /// empty if it held the other half's slot, whose future has ended by then).
    #[inline(always)]
    pub fn here(mut self: Pin<&mut Self>) -> Pin<&mut F> {
        if !matches!(*self, AwaitSlot::Here(_)) {
            self.set(AwaitSlot::Here(F::default()));
        }
        // SAFETY: the nested slot is structurally pinned in the pinned slot, as the
        // future is in `poll_here`.
        match unsafe { self.get_unchecked_mut() } {
            AwaitSlot::Here(first) => unsafe { Pin::new_unchecked(first) },
            _ => unreachable!(),
        }
    }
}

impl<F, R: Default> AwaitSlot<F, R> {
    /// The slot of the following await points (made empty if it held this level's
    /// future, which has ended by then).
    #[inline(always)]
    pub fn there(mut self: Pin<&mut Self>) -> Pin<&mut R> {
        if !matches!(*self, AwaitSlot::There(_)) {
            self.set(AwaitSlot::There(R::default()));
        }
        // SAFETY: the nested slot is structurally pinned in the pinned slot, as the
        // future is in `poll_here`.
        match unsafe { self.get_unchecked_mut() } {
            AwaitSlot::There(rest) => unsafe { Pin::new_unchecked(rest) },
            _ => unreachable!(),
        }
    }
}

/// Empties the slot if the future's poll unwinds (the normal path forgets it).
struct EmptyOnUnwind<F, R>(*mut AwaitSlot<F, R>);

impl<F, R> Drop for EmptyOnUnwind<F, R> {
    fn drop(&mut self) {
        // SAFETY: the pointer is to the pinned slot of `poll_here`, whose future has been
        // unwound out of (its reference is gone); the future is dropped in place.
        unsafe { *self.0 = AwaitSlot::Empty };
    }
}

impl<F, R> fmt::Debug for AwaitSlot<F, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AwaitSlot::Empty => "AwaitSlot::Empty",
            AwaitSlot::Here(_) => "AwaitSlot::Here(..)",
            AwaitSlot::There(_) => "AwaitSlot::There(..)",
        })
    }
}
