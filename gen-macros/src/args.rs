//! The attribute's arguments: `#[generator]` or `#[generator(crate = path)]`.

use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Path, Token, parse_quote};

pub(crate) struct Args {
    /// The path of the runtime crate in the generated code.
    pub(crate) krate: Path,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            krate: parse_quote!(::gen_core),
        }
    }
}

enum Arg {
    Crate(Token![crate], Path),
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if lookahead.peek(Token![crate]) {
            let keyword: Token![crate] = input.parse()?;
            input.parse::<Token![=]>()?;
            let path = input.call(Path::parse_mod_style)?;
            Ok(Arg::Crate(keyword, path))
        } else if input.peek(syn::Ident::peek_any) {
            let name: proc_macro2::TokenTree = input.parse()?;
            Err(syn::Error::new_spanned(
                &name,
                format_args!(
                    "unknown argument `{name}`; the only argument is `crate = path`, which names the `gen_core` crate when it is re-exported"
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
