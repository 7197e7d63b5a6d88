//! `self` is renamed to a hidden local in sync generators: the body runs in a closure,
//! where `self` could not be saved in the state like the other parameters.

use crate::names;
use proc_macro2::{TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Macro};

pub(crate) fn rename_self(body: &mut syn::Block) {
    Rename.visit_block_mut(body);
}

struct Rename;

impl VisitMut for Rename {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Path(path) = expr {
            if path.qself.is_none() && path.path.is_ident("self") {
                let segment = &mut path.path.segments[0];
                let mut renamed = names::self_();
                renamed.set_span(segment.ident.span().resolved_at(renamed.span()));
                segment.ident = renamed;
                return;
            }
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        mac.tokens = rename_tokens(std::mem::take(&mut mac.tokens));
    }

    // Nested items have their own `self`.
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// `self` in a macro's arguments, unless it starts a path (`self::module`).
fn rename_tokens(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "self" => {
                let path_follows = matches!(
                    (tokens.get(index + 1), tokens.get(index + 2)),
                    (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
                );
                if path_follows {
                    out.push(token.clone());
                } else {
                    let mut renamed = names::self_();
                    renamed.set_span(ident.span().resolved_at(renamed.span()));
                    out.push(TokenTree::Ident(renamed));
                }
            }
            TokenTree::Group(group) => {
                let mut renamed =
                    proc_macro2::Group::new(group.delimiter(), rename_tokens(group.stream()));
                renamed.set_span(group.span());
                out.push(TokenTree::Group(renamed));
            }
            other => out.push(other.clone()),
        }
    }
    out.into_iter().collect()
}
