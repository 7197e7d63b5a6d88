//! The names the expansion introduces. They are hygienic (`Span::mixed_site()`): user code
//! cannot see them and they cannot capture user names.

use proc_macro2::{Ident, Span};
use syn::Lifetime;

/// The `&mut Option<_>` binding of a carried local's field in a loop resumed in place
/// (distinct from the local, whose name may be hidden too).
pub(crate) fn carried(field: &Ident) -> Ident {
    hidden(&format!(
        "__carried_{}",
        field.to_string().trim_start_matches("r#")
    ))
}

fn hidden(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// Whether `ident` is a user's `_name` (not one of the expansion's `__name`s), which
/// clippy's pedantic lints expect to be neither used nor bound without effect.
pub(crate) fn user_underscored(ident: &Ident) -> bool {
    let name = ident.to_string();
    let name = name.trim_start_matches("r#");
    name.starts_with('_') && !name.starts_with("__")
}

/// The local holding the state machine.
pub(crate) fn state() -> Ident {
    hidden("__state")
}

/// The state enum.
pub(crate) fn state_enum() -> Ident {
    hidden("__State")
}

/// The state moved out of the generator by the resume closure, to be matched.
pub(crate) fn resumed() -> Ident {
    hidden("__resumed")
}

/// The state, borrowed by a resume arm that works in place.
pub(crate) fn guard() -> Ident {
    hidden("__guard")
}

/// The value of the yield being suspended at.
pub(crate) fn item() -> Ident {
    hidden("__item")
}

/// The async body's handle on its stream's slot.
pub(crate) fn yielder() -> Ident {
    hidden("__yielder")
}

/// `self`, renamed so that it can be saved and restored like any other local.
pub(crate) fn self_() -> Ident {
    hidden("__self")
}

/// A parameter written as a pattern.
pub(crate) fn arg(index: usize) -> Ident {
    hidden(&format!("__arg{index}"))
}

/// The iterator of a `for` loop that suspends.
pub(crate) fn iter(index: usize) -> Ident {
    hidden(&format!("__iter{index}"))
}

/// The element of a `for` loop whose pattern is `_`: it lives to the end of the iteration.
pub(crate) fn element(index: usize) -> Ident {
    hidden(&format!("__elem{index}"))
}

/// The stream of a `#[for_await]` loop.
pub(crate) fn stream(index: usize) -> Ident {
    hidden(&format!("__stream{index}"))
}

/// A value computed before a suspension point and used after it.
pub(crate) fn temp(index: usize) -> Ident {
    hidden(&format!("__tmp{index}"))
}

/// The success value and the residual of a `?`.
pub(crate) fn output() -> Ident {
    hidden("__output")
}

pub(crate) fn residual() -> Ident {
    hidden("__residual")
}

/// A local restored from a state field, before it is rebound in its own scope.
pub(crate) fn saved(field: &Ident) -> Ident {
    let name = field.to_string();
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::mixed_site()),
        None => Ident::new(&name, Span::mixed_site()),
    }
}

/// The loop around the resume closure's dispatch, which a join continues.
pub(crate) fn dispatch_label() -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden("__dispatch"),
    }
}

/// Where `break` goes for a loop re-entered in the middle of its body.
pub(crate) fn break_label(index: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden(&format!("__break{index}")),
    }
}

/// Where `continue` goes for a loop re-entered in the middle of its body.
pub(crate) fn continue_label(index: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden(&format!("__continue{index}")),
    }
}

/// `tokens` placed at `span` for diagnostics, each keeping its own hygiene: so that an
/// error in code the expansion wrote around a user expression points at that expression.
pub(crate) fn at(tokens: proc_macro2::TokenStream, span: Span) -> proc_macro2::TokenStream {
    use proc_macro2::TokenTree;
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut placed =
                    proc_macro2::Group::new(group.delimiter(), at(group.stream(), span));
                placed.set_span(span.resolved_at(group.span()));
                TokenTree::Group(placed)
            }
            mut other => {
                other.set_span(span.resolved_at(other.span()));
                other
            }
        })
        .collect()
}
