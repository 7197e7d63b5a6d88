//! Type checks that give the user's own mistakes a message in the user's words.

pub use core::future::IntoFuture;
use core::marker::PhantomData;

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

/// Implemented by every value that `.await` accepts: the `IntoFuture` types. `F`, the
/// future, is any type, so that the check does not infer it, and names it only so that
/// rustc drops the check when the future's type is already an error (see [`Awaited`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a future",
    label = "`{Self}` is not a future",
    note = "`.await` needs a future, or a value that implements `IntoFuture`"
)]
pub trait Awaits<F> {}

impl<T: IntoFuture, F> Awaits<F> for T {}

/// The type of an `.await`'s operand, for [`Awaited`].
#[inline(always)]
pub fn type_of<T>(_: &T) -> PhantomData<T> {
    PhantomData
}

/// The expansion makes the future of `value.await` as
/// `(type_of(&value), value.into_future()).awaited()`. `into_future` is called as a
/// method, so that when the value is not a future, the failed method call is rustc's
/// one error, and the future's type is an error that rustc reports nothing more about
/// (through `IntoFuture::into_future(value)`, the future's type would be the value's own,
/// and the machine's slot would report it again, naming itself). But a method call looks
/// through `Deref`, where `.await` does not: of a `Box<F>` whose future `F` is not `Unpin`,
/// it takes `F` out of the box. `awaited` rejects that, as `.await` does: a method of
/// the pair, whose bound rustc checks only when the method call resolves, which it does
/// not when the future's type is an error.
pub trait Awaited<F, T> {
    /// Passes on the future, if `.await` accepts a `T`.
    fn awaited(self) -> F
    where
        T: Awaits<F>;
}

impl<F, T> Awaited<F, T> for (PhantomData<T>, F) {
    #[inline(always)]
    fn awaited(self) -> F
    where
        T: Awaits<F>,
    {
        self.1
    }
}

/// Never runs. The state machine leaves out the code that follows a statement that never
/// falls through (`return;`, a `loop` without `break`), and writes a call to this in its
/// place, spanned over that code, so that rustc's `unreachable_code` lint still reports
/// it to the user, as it would in a native `gen` block.
#[inline(always)]
pub const fn unreachable_code() {}
