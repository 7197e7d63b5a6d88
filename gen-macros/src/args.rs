//! The attribute's arguments: `#[generator]`, `#[generator(crate = path)]`,
//! `#[generator(lowering = state_machine)]`, `#[generator(lowering = async)]`.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Path, Token, parse_quote};

pub(crate) struct Args {
    /// The path of the runtime crate in the generated code.
    pub(crate) krate: Path,
    /// How an async body is lowered, if the user chose.
    pub(crate) lowering: Option<(Lowering, Span)>,
}

/// How an async generator's body is lowered. By default, into a state machine when that
/// provably behaves as the compiler's `async` lowering, and by the latter otherwise.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lowering {
    /// Into a state machine, or a compile error that says why it cannot be.
    StateMachine,
    /// As an `async` block, by the compiler.
    Async,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            krate: parse_quote!(::gen_core),
            lowering: None,
        }
    }
}

enum Arg {
    Crate(Token![crate], Path),
    Lowering(syn::Ident, Lowering, Span),
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if lookahead.peek(Token![crate]) {
            let keyword: Token![crate] = input.parse()?;
            input.parse::<Token![=]>()?;
            let path = input.call(Path::parse_mod_style)?;
            Ok(Arg::Crate(keyword, path))
        } else if input.peek(syn::Ident) && input.fork().parse::<syn::Ident>()? == "lowering" {
            let keyword: syn::Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value = input.call(syn::Ident::parse_any)?;
            let lowering = match value.to_string().as_str() {
                "state_machine" => Lowering::StateMachine,
                "async" => Lowering::Async,
                _ => {
                    return Err(syn::Error::new(
                        value.span(),
                        format_args!(
                            "unknown lowering `{value}`; it is `state_machine` (fast, for bodies that borrow none of their own locals across suspension points; an error says why not) or `async` (the compiler's `async` lowering, for any body)"
                        ),
                    ));
                }
            };
            Ok(Arg::Lowering(keyword, lowering, value.span()))
        } else if input.peek(syn::Ident::peek_any) {
            let name: proc_macro2::TokenTree = input.parse()?;
            Err(syn::Error::new_spanned(
                &name,
                format_args!(
                    "unknown argument `{name}`; the arguments are `crate = path`, which names the `gen_core` crate when it is re-exported, and `lowering = state_machine` or `lowering = async`, which choose how an async body is lowered"
                ),
            ))
        } else {
            Err(lookahead.error())
        }
    }
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let mut seen_crate = false;
        for arg in Punctuated::<Arg, Token![,]>::parse_terminated(input)? {
            match arg {
                Arg::Lowering(keyword, lowering, span) => {
                    if args.lowering.is_some() {
                        return Err(syn::Error::new_spanned(
                            keyword,
                            "`lowering` is given twice",
                        ));
                    }
                    args.lowering = Some((lowering, span));
                }
                Arg::Crate(keyword, path) => {
                    if seen_crate {
                        return Err(syn::Error::new_spanned(keyword, "`crate` is given twice"));
                    }
                    seen_crate = true;
                    args.krate = path;
                }
            }
        }
        Ok(args)
    }
}
