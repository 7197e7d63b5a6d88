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
pub fn gen_iter<T, F>(resume: F) -> impl Iterator<Item = T> + FusedIterator
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
