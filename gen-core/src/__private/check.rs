//! Type checks that give the user's own mistakes a message in the user's words.

/// Implemented only for `()`: the last expression of a generator body is not a result.
#[diagnostic::on_unimplemented(
    message = "a generator body cannot end in a value",
    label = "this tail expression has type `{Self}`, but a generator's body must end in `()`",
    note = "to hand the value out as an item, write `yield_!(value);`, or end the expression with `;`"
)]
pub trait TailUnit {}

#[diagnostic::do_not_recommend]
impl TailUnit for () {}

/// Accepts the tail expression of a generator body only if it is `()`.
#[inline(always)]
pub fn tail_unit<T: TailUnit>(_: T) {}
