//! Generators on stable Rust.
//!
//! Write an ordinary function that yields, put [`#[generator]`](generator) on it, and get
//! an allocation-free [`Iterator`]; on an `async fn`, a [`Stream`] that may `.await`:
//!
//! ```
//! use gen_core::{generator, yield_};
//!
//! #[generator]
//! fn countdown(from: u32) -> impl Iterator<Item = u32> {
//!     let mut n = from;
//!     while n > 0 {
//!         yield_!(n);
//!         n -= 1;
//!     }
//! }
//!
//! assert_eq!(countdown(3).collect::<Vec<_>>(), [3, 2, 1]);
//! ```
//!
//! A sync generator is rewritten into a state machine by hand, the way the compiler
//! lowers coroutines: an enum with one variant per suspension point holding only what is
//! live there, and a closure that resumes it. There is no allocation, no thread-local
//! and no `unsafe` in the code it generates. An async generator becomes the same kind of
//! state machine, with the future it awaits in a slot of the pinned stream, where the
//! macro can prove that this behaves as the compiler's `async` lowering; otherwise (a body
//! that borrows its own locals across `.await`, say) it runs on that lowering and hands
//! each item out through a slot owned by the pinned stream.
//!
//! The README of the repository documents the accepted syntax, the rules for `?`, and
//! the limitations with their workarounds.
#![no_std]
#![warn(missing_docs)]

/// Turns a function whose body yields into a generator.
///
/// - `fn f(..) -> impl Iterator<Item = T>` (or `Box<dyn Iterator<Item = T> + '_>`):
///   the body is lowered into a state machine that implements [`Iterator`],
///   [`FusedIterator`](core::iter::FusedIterator) and [`Debug`](core::fmt::Debug).
/// - `async fn f(..) -> impl Stream<Item = T>` (or `Pin<Box<dyn Stream<Item = T> + '_>>`):
///   the result implements [`Stream`], [`FusedStream`] and [`Debug`](core::fmt::Debug),
///   and the body may `.await`.
///
/// Inside the body, [`yield_!(value)`](yield_) produces the next item (on nightly with
/// `#![feature(yield_expr)]`, bare `yield value` works too). Nothing runs before the first
/// `next()`/`poll_next()`. `return;` ends the generator. In a generator of `Result` or
/// `Option` items, `expr?` on an error yields the error (converted with [`From`]) or
/// `None` as the last item and ends the generator.
///
/// Arguments:
/// - `#[generator(crate = path)]` names the `gen_core` crate when it is re-exported under
///   another path;
/// - `#[generator(lowering = state_machine)]` and `#[generator(lowering = async)]` choose
///   how an async body is lowered: into a state machine (or a compile error that says why
///   it cannot be), or by the compiler's `async` lowering. By default, the state machine
///   when the macro can prove that it behaves the same, the `async` lowering otherwise.
pub use gen_macros::generator;

/// Defines generator functions in which bare `yield value;` works on stable Rust.
///
/// Stable rustc rejects `yield` syntax inside an item even when an attribute removes it,
/// but the tokens of a function-like macro are not parsed by the compiler. Every `fn`
/// inside `generators! { .. }` is treated as if it carried `#[generator]`, and both
/// `yield value` and `yield_!(value)` may be used:
///
/// ```
/// gen_core::generators! {
///     /// The squares below `n`.
///     pub fn squares(n: u64) -> impl Iterator<Item = u64> {
///         for i in 0..n {
///             yield i * i;
///         }
///     }
/// }
///
/// assert_eq!(squares(4).collect::<Vec<_>>(), [0, 1, 4, 9]);
/// ```
pub use gen_macros::generators;

/// A stream of values produced asynchronously; the trait implemented by async
/// generators (re-exported from `futures-core`).
pub use futures_core::Stream;

/// A stream that knows when it has ended (re-exported from `futures-core`); async
/// generators implement it.
pub use futures_core::FusedStream;

/// Produces the next item of the enclosing [`#[generator]`](generator) function.
///
/// `yield_!(value)` suspends the generator and hands `value` to the consumer; the next
/// `next()` (or `poll_next()`) resumes right after it. It is an expression of type `()`
/// and may appear wherever a statement or an expression can, except inside closures,
/// `async` blocks, nested functions and the arguments of other macros, which cannot
/// suspend the generator around them.
///
/// Outside a generator it is a compile error:
///
/// ```compile_fail
/// fn not_a_generator() {
///     gen_core::yield_!(1);
/// }
/// ```
#[macro_export]
macro_rules! yield_ {
    // `#[generator]` consumes every `yield_!` it finds. It expands this arm once so that
    // the user's `use gen_core::yield_;` counts as used and draws no warning.
    (@consumed) => {};
    ($($value:tt)*) => {
        ::core::compile_error!(
            "`yield_!` can only be used in the body of a `#[generator]` function"
        )
    };
}

#[doc(hidden)]
pub mod __private;
