//! The procedural macros of [`gen-core`](https://docs.rs/gen-core). Depend on `gen-core`,
//! which re-exports them and holds the types the expansion names.
//!
//! The expansion is a pipeline of plain functions over `syn` types, one (private) module
//! a stage: `args` and `item` read the attribute and the function, `body` checks the body
//! and marks its suspension points, then `machine` lowers a body into a state machine (a
//! sync body always, an async body where that provably behaves as the compiler's `async`
//! lowering) and `async_block` turns any other async body into an `async` block driven as
//! a stream; `expand` ties them together and turns
//! errors into `compile_error!` next to a stub with the declared signature.

mod args;
mod async_block;
mod body;
mod diag;
mod expand;
mod item;
mod machine;
mod names;
mod visit;

use proc_macro::TokenStream;

/// See `gen_core::generator`.
#[proc_macro_attribute]
pub fn generator(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(args.into(), item.into()).into()
}

/// See `gen_core::generators`.
#[proc_macro]
pub fn generators(input: TokenStream) -> TokenStream {
    expand::function_like(input.into()).into()
}

#[cfg(test)]
mod tests;
