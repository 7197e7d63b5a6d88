//! The names a pattern binds.
//!
//! Without name resolution, `None` in `if let None = x` could be a binding or a unit
//! variant. In a refutable position (`match`, `if let`, `while let`, `let`-`else`), like
//! rustc's own `non_snake_case` convention, an identifier pattern starting with an
//! uppercase letter (and without `ref`, `mut` or `@`) is taken to be a constant or a unit
//! variant. In an irrefutable one (`let`, parameters, `for`, closure parameters) it is a
//! binding whatever its case (`let N = 5;`): a constant there would be a refutable pattern,
//! an error, but for a unit struct's, which is rare.

use proc_macro2::Ident;
use syn::{Expr, Pat};

/// Where a pattern is written: whether an identifier in it may name a constant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Position {
    /// `let` without `else`, parameters, `for`, closure parameters.
    Irrefutable,
    /// `match` arms, `if let`, `while let`, `let`-`else`.
    Refutable,
}

impl Position {
    /// The position of a `let` statement's pattern.
    pub(crate) fn of_let(local: &syn::Local) -> Position {
        match &local.init {
            Some(init) if init.diverge.is_some() => Position::Refutable,
            _ => Position::Irrefutable,
        }
    }

    /// Whether an identifier pattern is a binding (and not a constant or a unit variant).
    fn binds(self, ident: &syn::PatIdent) -> bool {
        let plain = ident.by_ref.is_none() && ident.mutability.is_none() && ident.subpat.is_none();
        let looks_constant = ident
            .ident
            .to_string()
            .trim_start_matches("r#")
            .starts_with(|c: char| c.is_uppercase());
        self == Position::Irrefutable || !(plain && looks_constant)
    }
}

pub(crate) struct Binding {
    pub(crate) ident: Ident,
    pub(crate) mutable: bool,
}

/// The bindings of `pat`, written at `position`, in the order they appear.
pub(crate) fn bindings(pat: &Pat, position: Position) -> Vec<Binding> {
    let mut out = Vec::new();
    collect(pat, position, &mut out);
    out
}

fn collect(pat: &Pat, position: Position, out: &mut Vec<Binding>) {
    let mut each = |pat: &Pat| collect(pat, position, out);
    match pat {
        Pat::Ident(ident) => {
            if position.binds(ident) {
                out.push(Binding {
                    ident: ident.ident.clone(),
                    mutable: ident.mutability.is_some(),
                });
            }
            if let Some((_, sub)) = &ident.subpat {
                collect(sub, position, out);
            }
        }
        Pat::Tuple(tuple) => tuple.elems.iter().for_each(each),
        Pat::TupleStruct(tuple) => tuple.elems.iter().for_each(each),
        Pat::Struct(strukt) => strukt.fields.iter().for_each(|f| each(&f.pat)),
        Pat::Slice(slice) => slice.elems.iter().for_each(each),
        // Every alternative binds the same names.
        Pat::Or(or) => {
            if let Some(first) = or.cases.first() {
                each(first);
            }
        }
        Pat::Reference(reference) => each(&reference.pat),
        Pat::Paren(paren) => each(&paren.pat),
        Pat::Type(typed) => each(&typed.pat),
        Pat::Guard(guard) => each(&guard.pat),
        _ => {}
    }
}

/// The pattern of each `let` in an `if`/`while` condition (a `let` chain), in order.
pub(crate) fn condition_patterns(cond: &Expr) -> Vec<&Pat> {
    let mut out = Vec::new();
    collect_lets(cond, &mut out);
    out
}

fn collect_lets<'a>(expr: &'a Expr, out: &mut Vec<&'a Pat>) {
    match expr {
        Expr::Let(let_expr) => out.push(&let_expr.pat),
        Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
            collect_lets(&binary.left, out);
            collect_lets(&binary.right, out);
        }
        Expr::Paren(paren) => collect_lets(&paren.expr, out),
        Expr::Group(group) => collect_lets(&group.expr, out),
        _ => {}
    }
}

/// Whether a pattern written at `position` binds anything by value (so matching a place
/// against it may move).
pub(crate) fn binds_by_value(pat: &Pat, position: Position) -> bool {
    let walk = |pat: &Pat| binds_by_value(pat, position);
    match pat {
        Pat::Ident(ident) => {
            (position.binds(ident) && ident.by_ref.is_none())
                || ident.subpat.as_ref().is_some_and(|(_, sub)| walk(sub))
        }
        Pat::Tuple(tuple) => tuple.elems.iter().any(walk),
        Pat::TupleStruct(tuple) => tuple.elems.iter().any(walk),
        Pat::Struct(strukt) => strukt.fields.iter().any(|f| walk(&f.pat)),
        Pat::Slice(slice) => slice.elems.iter().any(walk),
        Pat::Or(or) => or.cases.iter().any(walk),
        // `&x` binds through a reference: what it binds is copied out of the referent.
        Pat::Reference(_) => false,
        Pat::Paren(paren) => walk(&paren.pat),
        Pat::Type(typed) => walk(&typed.pat),
        Pat::Guard(guard) => walk(&guard.pat),
        _ => false,
    }
}
