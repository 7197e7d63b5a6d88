//! Borrows an iterator cannot hold: a reference into one of the generator's own locals,
//! kept across a suspension point. The state would have to point into itself, and an
//! iterator moves between items. Native `gen` blocks reject the same code.
//!
//! The common shapes are recognized and reported with advice: `for x in &v`,
//! `for x in v.iter()` and `let r = &v;` (or `v.iter()`, `v.chars()`, ..) where `r` is
//! saved, and `v` is a local that owns its data (a `Vec`, a `String`, an array, ..). Any
//! other such borrow still fails to compile, with rustc's error at the suspension point.

use super::ir::{LocalId, Origin, Program};
use crate::diag::Errors;
use crate::visit::peel;
use proc_macro2::Ident;
use quote::ToTokens;
use syn::visit::Visit;
use syn::{Expr, Type};

pub(crate) fn check(program: &Program, errors: &mut Errors) {
    let mut reported = Vec::new();
    for point in &program.points {
        if !point.kind.pauses() {
            continue;
        }
        for &holder in &point.saved {
            let (borrow, what) = match &program.locals[holder].origin {
                Origin::ForIter { iterable } => (&**iterable, "the loop"),
                Origin::Let {
                    init: Some(init), ..
                } => (&**init, "a local"),
                _ => continue,
            };
            if let Some((param, place)) = reborrowed_param(program, borrow, holder, &point.saved) {
                if !reported.contains(&holder) {
                    reported.push(holder);
                    reborrow_error(program, param, place, what, borrow, point.span, errors);
                }
                continue;
            }
            if let Some((closure, captured)) = closure_capture(program, borrow, holder) {
                if !reported.contains(&holder) {
                    reported.push(holder);
                    closure_error(program, holder, what, closure, captured, point.span, errors);
                }
                continue;
            }
            let owner = match borrowed(borrow) {
                Some(Borrowed::Local(owner)) => owner,
                Some(Borrowed::Temporary(value)) => {
                    if !reported.contains(&holder) {
                        reported.push(holder);
                        temporary_error(program, holder, what, value, point.span, errors);
                    }
                    continue;
                }
                None => continue,
            };
            let Some(owner_id) = resolve(program, owner, holder) else {
                continue;
            };
            if reported.contains(&holder) {
                continue;
            }
            if let Origin::Extended { value } = &program.locals[owner_id].origin {
                reported.push(holder);
                temporary_error(program, holder, what, value, point.span, errors);
                continue;
            }
            if !owns_its_data(&program.locals[owner_id].origin) {
                continue;
            }
            reported.push(holder);
            errors.spanned(
                as_written(borrow.to_token_stream()),
                format_args!(
                    "`{owner}` is borrowed by {what} across a `yield_!`: the generator would hold a reference into its own local `{owner}`, but an iterator moves between items, which would leave the reference dangling\n\
                     = help: iterate over an owned value (`for x in {owner}`, or over indices: `for i in 0..{owner}.len()`), \
                     or take the data by reference as a parameter (`{owner}: &[T]`) so that it lives outside the generator"
                ),
            );
            errors.at(
                point.span,
                format_args!("the borrow of `{owner}` is still in use at this `yield_!`"),
            );
        }
    }
}

/// A `&mut` parameter that `expr` reborrows mutably (`v.iter_mut()`, `&mut v[..]`,
/// `self.items.drain(..)`), when the same suspension point also saves the parameter: the
/// state would hold the reference and a borrow through it at once. A native coroutine
/// checks the reborrow inside its own body; the state machine's single type cannot.
fn reborrowed_param<'a>(
    program: &Program,
    expr: &'a Expr,
    holder: LocalId,
    saved: &[LocalId],
) -> Option<(LocalId, &'a Expr)> {
    let place = match peel(expr) {
        Expr::Reference(reference) if reference.mutability.is_some() => &*reference.expr,
        Expr::MethodCall(call) => {
            let mut receiver = &*call.receiver;
            let mut method = &call.method;
            while let Expr::MethodCall(inner) = peel(receiver) {
                if !lazy_adapter(method) {
                    return None;
                }
                method = &inner.method;
                receiver = &inner.receiver;
            }
            let name = method.to_string();
            if !(name.ends_with("_mut") || name == "drain") {
                return None;
            }
            receiver
        }
        _ => return None,
    };
    let root = place_root(place)?;
    let id = resolve(program, root, holder)?;
    let mutable_reference = matches!(
        program.locals[id].origin,
        Origin::Param {
            reference: true,
            copy: false,
            ..
        }
    );
    (mutable_reference && saved.contains(&id)).then_some((id, place))
}

fn reborrow_error(
    program: &Program,
    param: LocalId,
    place: &Expr,
    what: &str,
    borrow: &Expr,
    yield_span: proc_macro2::Span,
    errors: &mut Errors,
) {
    let param = user_name(&program.locals[param].ident);
    let place = place_text(place).unwrap_or_else(|| param.clone());
    errors.spanned(
        as_written(borrow.to_token_stream()),
        format_args!(
            "`{param}` is borrowed mutably by {what} across a `yield_!`, and `{param}` is used again after it: \
             the generator would have to hold both `{param}` and a mutable borrow through it while suspended, \
             which its state machine cannot express (rustc's coroutines can; this crate's limitation)\n\
             = help: iterate by index (`for i in 0..{place}.len() {{ .. {place}[i] .. }}`), \
             or make this loop the last use of `{param}`"
        ),
    );
    errors.at(
        yield_span,
        format_args!("the mutable borrow through `{param}` is still in use at this `yield_!`"),
    );
}

/// The name the user wrote for a local (`self` is renamed to be saved like the others).
fn user_name(ident: &Ident) -> String {
    if *ident == crate::names::self_() {
        "self".to_owned()
    } else {
        ident.to_string()
    }
}

/// Tokens to point an error at: the renamed `self` takes the user's hygiene back, so that
/// the error spans the whole expression rather than a token of the expansion.
fn as_written(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    // The hygiene of a token the user wrote: the `.` or `[` after `self`, say.
    let user = tokens.iter().find_map(|token| match token {
        TokenTree::Ident(ident) if *ident == crate::names::self_() => None,
        other => Some(other.span()),
    });
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(mut ident) if ident == crate::names::self_() => {
                if let Some(user) = user {
                    ident.set_span(ident.span().resolved_at(user));
                }
                TokenTree::Ident(ident)
            }
            TokenTree::Group(group) => {
                let mut copy = Group::new(group.delimiter(), as_written(group.stream()));
                copy.set_span(group.span());
                TokenTree::Group(copy)
            }
            other => other,
        })
        .collect()
}

/// `v`, `self.items`, `s.0`: a place as the user wrote it, if it is that simple.
fn place_text(place: &Expr) -> Option<String> {
    match peel(place) {
        Expr::Path(path) if path.qself.is_none() => path.path.get_ident().map(user_name),
        Expr::Field(field) => {
            let base = place_text(&field.base)?;
            Some(match &field.member {
                syn::Member::Named(name) => format!("{base}.{name}"),
                syn::Member::Unnamed(index) => format!("{base}.{}", index.index),
            })
        }
        _ => None,
    }
}

/// A closure in `expr` that is not `move` and uses a local of the generator, which it
/// borrows: held across a yield, the state would borrow itself.
fn closure_capture<'a>(
    program: &Program,
    expr: &'a Expr,
    holder: LocalId,
) -> Option<(&'a syn::ExprClosure, Ident)> {
    struct Finder<'a>(Vec<&'a syn::ExprClosure>);
    impl<'a> Visit<'a> for Finder<'a> {
        fn visit_expr_closure(&mut self, closure: &'a syn::ExprClosure) {
            if closure.capture.is_none() {
                self.0.push(closure);
            }
        }
        fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
            // `v.iter().map(|x| x * k).sum()`: the call runs the closures of its receiver
            // and arguments, and what it returns does not hold them.
            if !consumes_closures(&call.method) {
                syn::visit::visit_expr_method_call(self, call);
            }
        }
        fn visit_item(&mut self, _: &'a syn::Item) {}
    }
    let mut closures = Finder(Vec::new());
    closures.visit_expr(expr);
    closures.0.into_iter().find_map(|closure| {
        let mut names = Names::default();
        for input in &closure.inputs {
            names.visit_pat(input);
        }
        names.bound.clone_from(&names.used);
        names.used.clear();
        names.visit_expr(&closure.body);
        // A closure captures a local by value when its body moves it, which only types
        // tell: report only the captures that certainly borrow (of a `Copy` local, or by
        // `&`), and leave the rest to rustc.
        let captured = names.used.into_iter().find(|name| {
            !names.bound.contains(name)
                && resolve(program, name, holder).is_some_and(|id| {
                    names.referenced.contains(name) || certain_scalar(&program.locals[id])
                })
        })?;
        Some((closure, captured))
    })
}

/// Methods that run the closures they are given, or those of the iterator they consume
/// (among them those that return one of its items),
/// and return a value that does not hold them, as the standard library's do (`map` is not
/// one: `Iterator::map` keeps its closure).
fn consumes_closures(method: &Ident) -> bool {
    returns_an_item(method)
        || matches!(
            method.to_string().as_str(),
            "sum"
                | "product"
                | "count"
                | "collect"
                | "fold"
                | "try_fold"
                | "reduce"
                | "any"
                | "all"
                | "position"
                | "rposition"
                | "find_map"
                | "for_each"
                | "try_for_each"
                | "partition"
                | "unzip"
                | "map_or"
                | "map_or_else"
                | "unwrap_or_else"
                | "is_some_and"
                | "is_ok_and"
                | "is_none_or"
        )
}

/// Whether a local certainly holds a `Copy` value that is not a reference: a closure that
/// uses it borrows it (a reference, it would copy).
fn certain_scalar(local: &super::ir::Local) -> bool {
    match &local.origin {
        Origin::Param {
            copy, reference, ..
        } => *copy && !*reference,
        Origin::Let { ty: Some(ty), .. } => {
            !matches!(**ty, Type::Reference(_)) && super::inplace::copy_type(ty)
        }
        Origin::Let { .. } => super::inplace::certainly_copy(local),
        _ => false,
    }
}

/// The names a closure's body uses, those it uses behind `&`, and those it binds itself
/// (roughly: its patterns).
#[derive(Default)]
struct Names {
    used: Vec<Ident>,
    referenced: Vec<Ident>,
    bound: Vec<Ident>,
}

impl<'a> Visit<'a> for Names {
    fn visit_expr_reference(&mut self, reference: &'a syn::ExprReference) {
        if let Expr::Path(path) = peel(&reference.expr) {
            if let Some(ident) = path.path.get_ident() {
                self.referenced.push(ident.clone());
            }
        }
        syn::visit::visit_expr_reference(self, reference);
    }
    fn visit_expr_path(&mut self, path: &'a syn::ExprPath) {
        if let Some(ident) = path.path.get_ident() {
            if path.qself.is_none() && !self.used.contains(ident) {
                self.used.push(ident.clone());
            }
        }
    }
    fn visit_pat_ident(&mut self, pat: &'a syn::PatIdent) {
        self.bound.push(pat.ident.clone());
        syn::visit::visit_pat_ident(self, pat);
    }
    fn visit_item(&mut self, _: &'a syn::Item) {}
}

fn closure_error(
    program: &Program,
    holder: LocalId,
    what: &str,
    closure: &syn::ExprClosure,
    captured: Ident,
    yield_span: proc_macro2::Span,
    errors: &mut Errors,
) {
    let holder = &program.locals[holder].ident;
    let by = if what == "the loop" {
        "the loop's iterator".to_owned()
    } else {
        format!("`{holder}`")
    };
    errors.spanned(
        // The closure's head, `|x: u32|`: its body may be long.
        {
            let (begin, inputs, end) = (&closure.inputs_begin, &closure.inputs, &closure.inputs_end);
            quote::quote!(#begin #inputs #end)
        },
        format_args!(
            "this closure borrows `{captured}`, and {by} holds it across a `yield_!`: the generator would hold a reference into its own local `{captured}`, but an iterator moves between items, which would leave the reference dangling\n\
             = help: make it a `move` closure, which copies or moves `{captured}` into itself"
        ),
    );
    errors.at(
        yield_span,
        format_args!("the borrow of `{captured}` is still in use at this `yield_!`"),
    );
}

fn temporary_error(
    program: &Program,
    holder: LocalId,
    what: &str,
    value: &Expr,
    yield_span: proc_macro2::Span,
    errors: &mut Errors,
) {
    let holder = &program.locals[holder].ident;
    let help = if what == "the loop" {
        "iterate over the value itself (`for x in vec![..]`), \
         or take it as a parameter by reference (`items: &[T]`) so that it lives outside the generator"
            .to_owned()
    } else {
        format!(
            "keep the value itself rather than a reference to it (`let {holder} = ..;` without `&`), \
             or create it outside the generator and pass it in by reference"
        )
    };
    errors.spanned(
        as_written(value.to_token_stream()),
        format_args!(
            "this temporary value is borrowed by {what} across a `yield_!`: the generator would hold a reference into its own state, but an iterator moves between items, which would leave the reference dangling\n\
             = help: {help}"
        ),
    );
    errors.at(yield_span, "the borrow is still in use at this `yield_!`");
}

/// What `expr` borrows, if it is one of the recognized shapes.
enum Borrowed<'a> {
    /// The data of a local (`&v`, `v.iter()`).
    Local(&'a Ident),
    /// A value created for the borrow (`vec![1, 2].iter()`).
    Temporary(&'a Expr),
}

fn borrowed(expr: &Expr) -> Option<Borrowed<'_>> {
    fn root(place: &Expr) -> Option<Borrowed<'_>> {
        match place_root(place) {
            Some(local) => Some(Borrowed::Local(local)),
            None if new_value(place) => Some(Borrowed::Temporary(place)),
            None => None,
        }
    }
    match peel(expr) {
        Expr::Reference(reference) => root(&reference.expr),
        Expr::MethodCall(call) => {
            // An adapter chain: `v.iter().enumerate().map(..)` borrows what `v.iter()` does.
            // A method that consumes the iterator (`collect`, `count`, ..) may return
            // something that borrows nothing (`Vec<usize>`): only types tell; but one that
            // returns one of its items (`find`, `max`, ..) borrows what they do, which is
            // known when the adapters keep the items of `v.iter()`.
            let mut receiver = &*call.receiver;
            let mut method = &call.method;
            let returns_item = returns_an_item(method);
            let mut outermost = true;
            while let Expr::MethodCall(inner) = peel(receiver) {
                let passes = match (returns_item, outermost) {
                    (true, true) => true,
                    (true, false) => keeps_items(method),
                    (false, _) => lazy_adapter(method),
                };
                if !passes {
                    return None;
                }
                outermost = false;
                method = &inner.method;
                receiver = &inner.receiver;
            }
            // (`chars`, `bytes` and `drain` borrow, but hand out owned items.)
            let owned_items = matches!(
                method.to_string().as_str(),
                "chars" | "char_indices" | "bytes" | "drain"
            );
            if borrowing_method(method) && !(returns_item && owned_items) {
                root(receiver)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether `expr` certainly creates a new owned value (`vec![..]`, `String::from(..)`,
/// a struct literal), which the generator would keep as a temporary.
fn new_value(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Struct(_) => true,
        Expr::Macro(_) | Expr::Call(_) | Expr::MethodCall(_) => owned_value(expr),
        _ => false,
    }
}

fn place_root(expr: &Expr) -> Option<&Ident> {
    match peel(expr) {
        Expr::Path(path) if path.qself.is_none() => path.path.get_ident(),
        Expr::Field(field) => place_root(&field.base),
        Expr::Index(index) => place_root(&index.expr),
        _ => None,
    }
}

/// Iterator adapters (and `by_ref`): what they return holds the iterator they are
/// called on.
fn lazy_adapter(method: &Ident) -> bool {
    let name = method.to_string();
    name == "by_ref" || super::mentions::iterator_adapter(&name)
}

/// Methods that consume an iterator and return one of its items.
fn returns_an_item(method: &Ident) -> bool {
    matches!(
        method.to_string().as_str(),
        "find" | "last" | "nth" | "max" | "min" | "max_by" | "min_by" | "max_by_key" | "min_by_key"
    )
}

/// Iterator adapters that hand out the items of the iterator they are called on.
fn keeps_items(method: &Ident) -> bool {
    matches!(
        method.to_string().as_str(),
        "by_ref"
            | "rev"
            | "step_by"
            | "skip"
            | "take"
            | "chain"
            | "filter"
            | "fuse"
            | "peekable"
            | "inspect"
            | "take_while"
            | "skip_while"
            | "cycle"
    )
}

/// Methods that return something borrowing their receiver.
fn borrowing_method(method: &Ident) -> bool {
    matches!(
        method.to_string().as_str(),
        "iter"
            | "iter_mut"
            | "chars"
            | "char_indices"
            | "bytes"
            | "lines"
            | "split"
            | "split_whitespace"
            | "windows"
            | "chunks"
            | "chunks_exact"
            | "keys"
            | "values"
            | "values_mut"
            | "drain"
            | "as_str"
            | "as_slice"
            | "as_bytes"
            | "as_mut_slice"
    )
}

/// The local named `name` that is in scope where `holder` is declared: the latest one
/// declared before it.
fn resolve(program: &Program, name: &Ident, holder: LocalId) -> Option<LocalId> {
    (0..holder)
        .rev()
        .find(|&id| program.locals[id].ident == *name)
}

/// Whether a local certainly owns the data its borrowing methods borrow.
fn owns_its_data(origin: &Origin) -> bool {
    match origin {
        Origin::Param { owned_type, .. } => *owned_type,
        Origin::Let { init, ty } => {
            ty.as_deref().is_some_and(owned_type) || init.as_deref().is_some_and(owned_value)
        }
        _ => false,
    }
}

fn owned_value(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Array(_) | Expr::Repeat(_) | Expr::Struct(_) => true,
        Expr::Macro(_) | Expr::Call(_) => collection_value(expr),
        Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "to_string"
                | "to_owned"
                | "to_vec"
                | "to_lowercase"
                | "to_uppercase"
                | "to_ascii_lowercase"
                | "to_ascii_uppercase"
                | "repeat"
                | "replace"
                | "replacen"
                | "concat"
                | "join"
                | "collect"
                | "into_owned"
        ),
        _ => false,
    }
}

/// Whether `expr` builds a heap-backed collection: `vec![..]`, `format!(..)`, or
/// `Vec::new()`, `String::from(..)`, `HashMap::with_capacity(..)`, ..
pub(crate) fn collection_value(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Macro(mac) => mac
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "vec" || s.ident == "format"),
        Expr::Call(call) => match peel(&call.func) {
            Expr::Path(path) => {
                let segments: Vec<String> = path
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                match segments.as_slice() {
                    [.., ty, ctor] => {
                        owned_type_name(ty)
                            && matches!(ctor.as_str(), "new" | "from" | "with_capacity")
                    }
                    _ => false,
                }
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether `ty` names a heap-backed collection (`Vec<T>`, `String`, `Box<T>`, ..).
pub(crate) fn collection_type(ty: &Type) -> bool {
    match ty {
        Type::Paren(paren) => collection_type(&paren.elem),
        Type::Group(group) => collection_type(&group.elem),
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|s| owned_type_name(&s.ident.to_string())),
        _ => false,
    }
}

fn owned_type_name(name: &str) -> bool {
    matches!(
        name,
        "Vec"
            | "String"
            | "VecDeque"
            | "HashMap"
            | "BTreeMap"
            | "HashSet"
            | "BTreeSet"
            | "BinaryHeap"
            | "LinkedList"
            | "Box"
            | "PathBuf"
            | "OsString"
    )
}

/// Whether a parameter's declared type owns its data (so borrowing it borrows the
/// generator's state).
pub(crate) fn owned_type(ty: &Type) -> bool {
    match ty {
        Type::Array(_) => true,
        Type::Paren(paren) => owned_type(&paren.elem),
        Type::Group(group) => owned_type(&group.elem),
        _ => collection_type(ty),
    }
}
