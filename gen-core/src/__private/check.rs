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

/// Implemented for every `Send` type. The macro checks each value a generator keeps while
/// suspended against it when the declared return type asks for `Send`, so that a value
/// that is not `Send` is reported where the user wrote it (rustc's own error names the
/// generator's state type instead).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent between threads safely, and this generator must be `Send`",
    label = "the generator keeps this while it is suspended, and `{Self}` is not `Send`",
    note = "the return type asks for `Send`, so all that the generator keeps across an `.await` or a `yield_!` must be `Send`: use a `Send` type (`Arc` for `Rc`), or let the value go before the suspension point"
)]
pub trait KeptSend {}

impl<T: Send + ?Sized> KeptSend for T {}

/// Accepts a value that a `Send` generator keeps while suspended only if it is `Send`.
#[inline(always)]
pub fn kept_send<T: KeptSend + ?Sized>(_: &T) {}

/// Implemented for every `Send` future: [`KeptSend`] for the futures a `Send` async
/// generator awaits.
#[diagnostic::on_unimplemented(
    message = "the future `{Self}` cannot be sent between threads safely, and this generator must be `Send`",
    label = "the generator keeps this future while it waits for it, and the future is not `Send`",
    note = "the return type asks for `Send`, so every future the generator awaits must be `Send`"
)]
pub trait AwaitedSend {}

impl<F: Send> AwaitedSend for F {}

/// Passes on a future that a `Send` async generator awaits, only if it is `Send`.
#[inline(always)]
pub fn awaited_send<F: AwaitedSend>(future: F) -> F {
    future
}
