//! The names a pattern binds.
//!
//! Without name resolution, `None` in `let None = x` could be a binding or a unit variant.
//! Like rustc's own `non_snake_case` convention, an identifier pattern starting with an
//! uppercase letter (and without `ref`, `mut` or `@`) is taken to be a constant or a unit
//! variant.

use proc_macro2::Ident;
use syn::{Expr, Pat};

pub(crate) struct Binding {
    pub(crate) ident: Ident,
    pub(crate) mutable: bool,
}

/// The bindings of `pat`, in the order they appear.
pub(crate) fn bindings(pat: &Pat) -> Vec<Binding> {
    let mut out = Vec::new();
    collect(pat, &mut out);
    out
}

fn collect(pat: &Pat, out: &mut Vec<Binding>) {
    match pat {
        Pat::Ident(ident) => {
            let plain =
                ident.by_ref.is_none() && ident.mutability.is_none() && ident.subpat.is_none();
            let looks_constant = ident
                .ident
                .to_string()
                .trim_start_matches("r#")
                .starts_with(|c: char| c.is_uppercase());
            if !(plain && looks_constant) {
                out.push(Binding {
                    ident: ident.ident.clone(),
                    mutable: ident.mutability.is_some(),
                });
            }
            if let Some((_, sub)) = &ident.subpat {
                collect(sub, out);
            }
        }
        Pat::Tuple(tuple) => tuple.elems.iter().for_each(|p| collect(p, out)),
        Pat::TupleStruct(tuple) => tuple.elems.iter().for_each(|p| collect(p, out)),
        Pat::Struct(strukt) => strukt.fields.iter().for_each(|f| collect(&f.pat, out)),
        Pat::Slice(slice) => slice.elems.iter().for_each(|p| collect(p, out)),
        // Every alternative binds the same names.
        Pat::Or(or) => {
            if let Some(first) = or.cases.first() {
                collect(first, out);
            }
        }
        Pat::Reference(reference) => collect(&reference.pat, out),
        Pat::Paren(paren) => collect(&paren.pat, out),
        Pat::Type(typed) => collect(&typed.pat, out),
        Pat::Guard(guard) => collect(&guard.pat, out),
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

/// Whether a pattern binds anything by value (so matching a place against it may move).
pub(crate) fn binds_by_value(pat: &Pat) -> bool {
    fn walk(pat: &Pat) -> bool {
        match pat {
            Pat::Ident(ident) => {
                let looks_constant = ident.by_ref.is_none()
                    && ident.mutability.is_none()
                    && ident.subpat.is_none()
                    && ident
                        .ident
                        .to_string()
                        .starts_with(|c: char| c.is_uppercase());
                (!looks_constant && ident.by_ref.is_none())
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
    walk(pat)
}
