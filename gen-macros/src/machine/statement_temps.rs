//! The values a statement hoists out of its expression into temporaries (see
//! `normalize`), and where they must drop.
//!
//! Natively, the value of a block that yields (`{ yield_!(x); f() }.len()`) is a temporary
//! of the statement, and drops when it ends; so does an operand kept in a temporary. The
//! normalization declares them as locals before the statement, in the enclosing block:
//! when the statement uses one as a place or borrows it (so that it is not moved), the
//! statement's code goes in a block of its own (a `let` takes its value from a temporary
//! assigned there).

use proc_macro2::Ident;
use syn::visit::{self, Visit};
use syn::{Expr, Pat};

use super::ir::Stmt;
use crate::visit::peel;

/// How `let pat = init;` is written when `init` hoisted values into temporaries that
/// must drop when the statement ends.
pub(crate) enum Deferral {
    /// `{ evaluation; let _ = init; }`.
    Wild,
    /// `let __tmp; { evaluation; __tmp = init; } let pat = __tmp;`: the user's `let` keeps
    /// its form, so rustc's lints on its bindings (`unused_variables`, `unused_mut`) are
    /// the user's, and `init` reads the bindings that `pat` hides. A `let`-`else` drops
    /// `__tmp` first thing in its `else`.
    ThroughTemp,
}

/// How to write `let pat = init;` (or `let pat = init else { .. };`) whose `init` yields.
pub(crate) fn deferral(pat: &Pat, diverges: bool) -> Deferral {
    if diverges {
        return Deferral::ThroughTemp;
    }
    let binding = match pat {
        Pat::Type(typed) => &*typed.pat,
        pat => pat,
    };
    match binding {
        Pat::Wild(_) => Deferral::Wild,
        _ => Deferral::ThroughTemp,
    }
}

/// How the code of a statement uses the temporaries it hoisted values into, other than
/// moving them: natively such a value is a temporary of the statement, which drops when
/// the statement ends (`{ yield_!(x); g() }.len()`), where one moved as a whole needs no
/// dropping.
#[derive(Default)]
pub(crate) struct TempUses<'a> {
    temps: &'a [Ident],
    /// As a place: a method's receiver, the base of a field or of an index.
    pub(crate) in_place: bool,
    /// Borrowed with `&`/`&mut` (directly or a part of it).
    pub(crate) borrowed: bool,
}

impl<'a> TempUses<'a> {
    pub(crate) fn in_expr(expr: &Expr, temps: &'a [Ident]) -> Self {
        let mut uses = TempUses {
            temps,
            ..TempUses::default()
        };
        uses.visit_expr(expr);
        uses
    }

    /// In the user code among `stmts`: statements, scrutinees and yielded values.
    pub(crate) fn in_stmts(stmts: &[Stmt], temps: &'a [Ident]) -> Self {
        let mut uses = TempUses {
            temps,
            ..TempUses::default()
        };
        for stmt in stmts {
            match stmt {
                Stmt::Plain { stmt, .. } => uses.visit_stmt(stmt),
                Stmt::Match { scrutinee, .. } => uses.visit_expr(scrutinee),
                Stmt::Yield {
                    value: Some(value), ..
                } => uses.visit_expr(value),
                _ => {}
            }
        }
        uses
    }

    pub(crate) fn any(&self) -> bool {
        self.in_place || self.borrowed
    }

    fn is_temp(&self, mut place: &Expr) -> bool {
        loop {
            match peel(place) {
                Expr::Field(field) => place = &field.base,
                Expr::Index(index) => place = &index.expr,
                Expr::Path(path) => {
                    return path
                        .path
                        .get_ident()
                        .is_some_and(|i| self.temps.contains(i));
                }
                _ => return false,
            }
        }
    }
}

impl<'ast> Visit<'ast> for TempUses<'_> {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.in_place |= self.is_temp(&call.receiver);
        visit::visit_expr_method_call(self, call);
    }
    fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
        self.in_place |= self.is_temp(&field.base);
        visit::visit_expr_field(self, field);
    }
    fn visit_expr_index(&mut self, index: &'ast syn::ExprIndex) {
        self.in_place |= self.is_temp(&index.expr);
        visit::visit_expr_index(self, index);
    }
    fn visit_expr_reference(&mut self, reference: &'ast syn::ExprReference) {
        self.borrowed |= self.is_temp(&reference.expr);
        visit::visit_expr_reference(self, reference);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
