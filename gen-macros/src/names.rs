//! The names the expansion introduces. Its locals and labels are hygienic
//! (`Span::mixed_site()`): user code cannot see them and they cannot capture user names.
//! Its items (the state enum) and the generic parameters of those are not, and the macro's
//! own analyses compare names as strings: so every name the expansion introduces also
//! starts with more underscores than any identifier of the user's function
//! ([`Namespace`]), normally two (`__state`, `__State`, `__iter0`).

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use std::cell::Cell;
use syn::Lifetime;

thread_local! {
    /// How many underscores the introduced names start with.
    static UNDERSCORES: Cell<usize> = const { Cell::new(2) };
}

/// The names introduced while expanding one function: set up by [`Namespace::enter`], in
/// effect until it is dropped.
pub(crate) struct Namespace {
    previous: usize,
}

impl Namespace {
    /// Reserves the names for a function whose tokens are `tokens`: they start with one
    /// underscore more than the identifiers of `tokens` that start with underscores and
    /// something else (at least two), so that none is equal to one of them.
    pub(crate) fn enter(tokens: TokenStream) -> Namespace {
        fn most(tokens: TokenStream) -> usize {
            tokens
                .into_iter()
                .map(|token| match token {
                    TokenTree::Ident(ident) => {
                        let name = ident.to_string();
                        let name = name.trim_start_matches("r#");
                        let underscores = name.len() - name.trim_start_matches('_').len();
                        if underscores < name.len() {
                            underscores
                        } else {
                            0
                        }
                    }
                    TokenTree::Group(group) => most(group.stream()),
                    TokenTree::Punct(_) | TokenTree::Literal(_) => 0,
                })
                .max()
                .unwrap_or(0)
        }
        let underscores = (most(tokens) + 1).max(2);
        Namespace {
            previous: UNDERSCORES.with(|cell| cell.replace(underscores)),
        }
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        UNDERSCORES.with(|cell| cell.set(self.previous));
    }
}

/// `name` (which does not start with an underscore) in the reserved namespace.
fn reserved(name: &str) -> String {
    let underscores = UNDERSCORES.with(Cell::get);
    format!("{}{name}", "_".repeat(underscores))
}

/// The `&mut Option<_>` binding of a carried local's field in a loop resumed in place
/// (distinct from the local, whose name may be hidden too).
pub(crate) fn carried(field: &Ident) -> Ident {
    hidden(&format!(
        "carried_{}",
        field.to_string().trim_start_matches("r#")
    ))
}

/// A hygienic identifier for `name` in the reserved namespace.
fn hidden(name: &str) -> Ident {
    Ident::new(&reserved(name), Span::mixed_site())
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
    hidden("state")
}

/// The state enum.
pub(crate) fn state_enum() -> Ident {
    hidden("State")
}

/// The state moved out of the generator by the resume closure, to be matched.
pub(crate) fn resumed() -> Ident {
    hidden("resumed")
}

/// The state, borrowed by a resume arm that works in place.
pub(crate) fn guard() -> Ident {
    hidden("guard")
}

/// A carried local, taken out of its `Option`.
pub(crate) fn value() -> Ident {
    hidden("value")
}

/// The value of the yield being suspended at.
pub(crate) fn item() -> Ident {
    hidden("item")
}

/// The async body's handle on its stream's slot.
pub(crate) fn yielder() -> Ident {
    hidden("yielder")
}

/// `self`, renamed so that it can be saved and restored like any other local.
pub(crate) fn self_() -> Ident {
    hidden("self")
}

/// A parameter written as a pattern.
pub(crate) fn arg(index: usize) -> Ident {
    hidden(&format!("arg{index}"))
}

/// The iterator of a `for` loop that suspends.
pub(crate) fn iter(index: usize) -> Ident {
    hidden(&format!("iter{index}"))
}

/// The element of a `for` loop whose pattern is `_`: it lives to the end of the iteration.
pub(crate) fn element(index: usize) -> Ident {
    hidden(&format!("elem{index}"))
}

/// The stream of a `#[for_await]` loop.
pub(crate) fn stream(index: usize) -> Ident {
    hidden(&format!("stream{index}"))
}

/// The flag telling a chain of `let`s, written as nested `if`s, that all matched.
pub(crate) fn matched() -> Ident {
    hidden("matched")
}

/// A value computed before a suspension point and used after it.
pub(crate) fn temp(index: usize) -> Ident {
    hidden(&format!("tmp{index}"))
}

/// The success value and the residual of a `?`.
pub(crate) fn output() -> Ident {
    hidden("output")
}

/// The output of the future of an await point, once it is ready.
pub(crate) fn awaited() -> Ident {
    hidden("awaited")
}

/// The value of an `.await`'s operand, turned into the future to await (rustc's own
/// lowering of `.await` names it so too).
pub(crate) fn awaitee() -> Ident {
    hidden("awaitee")
}

/// The slot where the future being awaited lives, and the task's context.
pub(crate) fn slot() -> Ident {
    hidden("slot")
}

pub(crate) fn context() -> Ident {
    hidden("cx")
}

pub(crate) fn residual() -> Ident {
    hidden("residual")
}

/// A type parameter of the state enum.
pub(crate) fn type_param(index: usize) -> Ident {
    hidden(&format!("T{index}"))
}

/// The new name of a binding `name` that hides a saved local (see `machine::rename`), the
/// `index`th renamed.
pub(crate) fn renamed(name: &Ident, index: usize) -> Ident {
    hidden(&format!(
        "{}_{index}",
        name.to_string().trim_start_matches("r#")
    ))
}

/// The field `member` of the local `base`, saved on its own (see `machine::parts`); `n`
/// tells apart two that would be named alike.
pub(crate) fn part(base: &Ident, member: &syn::Member, n: usize) -> Ident {
    let base = base.to_string();
    let base = base.trim_start_matches("r#").trim_start_matches('_');
    let member = match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    };
    let member = member.trim_start_matches("r#");
    match n {
        0 => hidden(&format!("{base}_{member}")),
        n => hidden(&format!("{base}_{member}_{n}")),
    }
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
        ident: hidden("dispatch"),
    }
}

/// The block that a chain of `let`s in an `if` used as a value, written as nested `if`s,
/// breaks out of with the value of `then`.
pub(crate) fn chain_label(index: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden(&format!("chain{index}")),
    }
}

/// A loop that the user left unlabeled, labeled for a `break` or `continue` moved into a
/// labeled block (see `chain_label`).
pub(crate) fn loop_label(index: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden(&format!("loop{index}")),
    }
}

/// Where `break` goes for a loop re-entered in the middle of its body.
pub(crate) fn break_label(index: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden(&format!("break{index}")),
    }
}

/// Where `continue` goes for a loop re-entered in the middle of its body.
pub(crate) fn continue_label(index: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hidden(&format!("continue{index}")),
    }
}

/// `tokens` (a path, or others without groups), every one at `span`, resolved there too:
/// a check's path, so that rustc reports the call where the user wrote what it checks.
pub(crate) fn respan(tokens: proc_macro2::TokenStream, span: Span) -> proc_macro2::TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
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
