//! Type checks that give the user's own mistakes a message in the user's words.

/// Implemented only for `()`: a generator ends with `return;`, not `return value;`.
#[diagnostic::on_unimplemented(
    message = "a generator cannot return a value",
    label = "this `return` gives a value of type `{Self}`",
    note = "a generator hands out its items with `yield_!(value)`; `return;` ends it"
)]
pub trait ReturnUnit {}
impl ReturnUnit for () {}

/// Implemented only for `()`: the last expression of a generator body is not a result.
#[diagnostic::on_unimplemented(
    message = "a generator body cannot end in a value",
    label = "this tail expression has type `{Self}`, but a generator's body must end in `()`",
    note = "to hand the value out as an item, write `yield_!(value);`, or end the expression with `;`"
)]
pub trait TailUnit {}
impl TailUnit for () {}

/// Accepts the value of `return expr` only if it is `()`.
#[inline(always)]
pub fn return_unit<T: ReturnUnit>(_: T) {}

/// Accepts the tail expression of a generator body only if it is `()`.
#[inline(always)]
pub fn tail_unit<T: TailUnit>(_: T) {}
