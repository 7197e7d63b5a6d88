use core::fmt;
use core::iter::FusedIterator;

/// A sync generator: the resume closure of a hand-rolled state machine, seen as an
/// iterator.
///
/// The closure returns `Some(item)` at each suspension point and `None` once the body
/// has finished; its state is `Done` from then on, so it keeps returning `None` and the
/// iterator is fused. Everything else (what is saved, where it resumes) lives in the
/// closure the macro writes.
#[must_use = "generators are lazy and do nothing unless iterated"]
pub struct GenIter<F>(F);

/// Wraps the resume closure. The explicit item type `T` gives the closure its return
/// type before its body is checked, so a yielded value of the wrong type is reported at
/// the yield rather than at the signature.
#[inline(always)]
pub fn gen_iter<T, F>(resume: F) -> impl FusedIterator<Item = T> + fmt::Debug
where
    F: FnMut() -> Option<T>,
{
    GenIter(resume)
}

impl<F, T> Iterator for GenIter<F>
where
    F: FnMut() -> Option<T>,
{
    type Item = T;

    #[inline(always)]
    fn next(&mut self) -> Option<T> {
        (self.0)()
    }
}

impl<F, T> FusedIterator for GenIter<F> where F: FnMut() -> Option<T> {}

impl<F> fmt::Debug for GenIter<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Generator { .. }")
    }
}

/// The state of a sync generator while a resume arm works on it in place.
///
/// If the body unwinds before the arm suspends again or leaves its loop, dropping the
/// guard resets the state to `Done` (its `Default`), which drops the saved locals then, as
/// an unwinding native generator does, and makes every later `next()` return `None`. On
/// the normal paths the arm calls [`InPlace::finish`].
#[must_use]
pub struct InPlace<'a, S: Default>(&'a mut S);

impl<'a, S: Default> InPlace<'a, S> {
    /// Guards `state`.
    #[inline(always)]
    pub fn new(state: &'a mut S) -> Self {
        InPlace(state)
    }

    /// The guarded state.
    #[inline(always)]
    pub fn state(&mut self) -> &mut S {
        self.0
    }

    /// The arm suspended again or left its loop: the state is as it should be.
    #[inline(always)]
    pub fn finish(self) {
        core::mem::forget(self);
    }
}

impl<S: Default> Drop for InPlace<'_, S> {
    fn drop(&mut self) {
        *self.0 = S::default();
    }
}
