//! `?` inside a generator: on failure the residual is yielded as the last item and the
//! generator ends. These are stable stand-ins for `core::ops::{Try, FromResidual}`.

use core::convert::Infallible;
use core::ops::ControlFlow;

/// Splits a value into the success value `?` continues with and the residual it yields.
#[diagnostic::on_unimplemented(
    message = "the `?` operator can only be applied to `Result` or `Option` in a generator",
    label = "this has type `{Self}`, which is neither `Result` nor `Option`"
)]
pub trait Try {
    /// What `expr?` evaluates to on success.
    type Output;
    /// What is yielded on failure (converted to the item type with [`FromResidual`]).
    type Residual;
    /// `Continue(output)` to go on, `Break(residual)` to yield it and end.
    fn branch(self) -> ControlFlow<Self::Residual, Self::Output>;
}

#[diagnostic::do_not_recommend]
impl<T, E> Try for Result<T, E> {
    type Output = T;
    type Residual = Result<Infallible, E>;

    #[inline(always)]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Ok(value) => ControlFlow::Continue(value),
            Err(error) => ControlFlow::Break(Err(error)),
        }
    }
}

#[diagnostic::do_not_recommend]
impl<T> Try for Option<T> {
    type Output = T;
    type Residual = Option<Infallible>;

    #[inline(always)]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Some(value) => ControlFlow::Continue(value),
            None => ControlFlow::Break(None),
        }
    }
}

/// Builds the last item of a generator from the residual of a failed `?`.
#[diagnostic::on_unimplemented(
    message = "`?` cannot turn this failure into an item of type `{Self}`",
    label = "the generator yields `{Self}`",
    note = "in a generator, `?` on a `Result` needs items of type `Result<_, E>` with `E: From<error>`, and `?` on an `Option` needs items of type `Option<_>`"
)]
pub trait FromResidual<R> {
    /// The item that reports the failure.
    fn from_residual(residual: R) -> Self;
}

#[diagnostic::do_not_recommend]
impl<T, E, F> FromResidual<Result<Infallible, E>> for Result<T, F>
where
    F: From<E>,
{
    #[inline]
    fn from_residual(residual: Result<Infallible, E>) -> Self {
        match residual {
            Err(error) => Err(From::from(error)),
        }
    }
}

#[diagnostic::do_not_recommend]
impl<T> FromResidual<Option<Infallible>> for Option<T> {
    #[inline]
    fn from_residual(_: Option<Infallible>) -> Self {
        None
    }
}

/// `Try::branch(value)`, with the bound on a function: a value that is neither `Result`
/// nor `Option` is then reported once.
#[inline(always)]
pub fn branch<T: Try>(value: T) -> ControlFlow<T::Residual, T::Output> {
    value.branch()
}
