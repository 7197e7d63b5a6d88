//! The code that can never run: what follows, in a block of the generator's own code, a
//! statement that never falls through (`return;`, `break`, `continue`, `panic!(..)`, a
//! `loop` without `break`; see `reach`).
//!
//! The machine has no code after such a statement, and the suspension points of that code
//! would only make states that are never entered, or change how the code around them is
//! cut. So before anything else reads the body, each such statement becomes a call that
//! does nothing, spanned over it and under its lint and `cfg` attributes: rustc's
//! `unreachable_code` lint still reports the user's code, with the native message, and a
//! lint level written on it still applies. Items stay (nothing reports them).

use super::reach;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Block, Expr, Item, Path, Stmt};

/// Replaces the statements of `body` that can never run.
pub(crate) fn replace(body: &mut Block, krate: &Path) {
    Replacer { krate }.visit_block_mut(body);
}

struct Replacer<'a> {
    krate: &'a Path,
}

impl Replacer<'_> {
    fn marker(&self, stmt: &Stmt) -> Stmt {
        let tokens: Vec<TokenTree> = stmt.to_token_stream().into_iter().collect();
        // Its span, as rustc's, leaves out its attributes (`#` and a bracketed group each).
        let mut code = &tokens[..];
        while let [TokenTree::Punct(hash), TokenTree::Group(group), rest @ ..] = code {
            if hash.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
                break;
            }
            code = rest;
        }
        let (first, last) = match (code.first(), code.last()) {
            (Some(first), Some(last)) => (first.span(), last.span()),
            _ => (Span::call_site(), Span::call_site()),
        };
        let kept = crate::visit::stmt_attrs(stmt)
            .iter()
            .filter(|attr| kept_on_marker(attr));
        let krate = self.krate;
        let path = crate::names::respan(quote!(#krate::__private::unreachable_code), first);
        let mut args = Group::new(Delimiter::Parenthesis, TokenStream::new());
        args.set_span(last);
        syn::parse2(quote_spanned!(last=> #(#kept)* #path #args;)).expect("a call statement parses")
    }
}

impl VisitMut for Replacer<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let mut diverged = false;
        for stmt in &mut block.stmts {
            if !diverged {
                self.visit_stmt_mut(stmt);
                diverged = reach::stmt_diverges(stmt);
            } else if !matches!(stmt, Stmt::Item(_)) {
                *stmt = self.marker(stmt);
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        // Code that is not the generator's own is kept as written: rustc reports it.
        if !matches!(expr, Expr::Closure(_) | Expr::Async(_) | Expr::Const(_)) {
            visit_mut::visit_expr_mut(self, expr);
        }
    }

    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// A lint level, which applies to the code's report, or a `cfg`, which decides whether
/// the code is there to report.
fn kept_on_marker(attr: &Attribute) -> bool {
    [
        "allow", "warn", "deny", "forbid", "expect", "cfg", "cfg_attr",
    ]
    .into_iter()
    .any(|name| attr.path().is_ident(name))
}
