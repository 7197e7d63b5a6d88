//! Locals moved out of in part.
//!
//! `for x in s.v { .. }` moves the field `v` out of `s`: `s` can no longer be moved into
//! the state as a whole, but its other fields can, and native generators keep them until
//! the scope of `s` ends. The macro sees no types, so it knows only the fields the body
//! names: each (`s.name`) becomes a local of its own for the analysis, a part of `s`.
//! Where `s` may have been moved out of in part and is not used as a whole afterwards, a
//! suspension point saves the parts it still holds instead of `s` (see `dataflow`), and
//! the code resumed there names them for `s.name` (see `emit`). The fields the body never
//! names cannot be saved: they drop at that suspension point.
//!
//! A field used by value may only be copied (`let n = s.count;`), and then `s` is whole
//! and saved whole (a struct that implements `Drop` cannot be taken apart at all). So
//! only the uses that move a field out whatever its type but for rare ones count as moving
//! out in part: the iterable of a `for` loop, the receiver of an `into_*` method, and the
//! argument of `drop` (see `mentions::Mentions::splits`); and not one after which the
//! field is still used (a move there would not compile).
//!
//! Only a local held by value can be moved out of in part: a parameter whose type is not
//! a reference or a shared pointer (`self`, `s: S`, `self: Box<Self>`), or a `let` of such
//! a type or of a value built in place (`S { .. }`, `(a, b)`, `S::new(..)`). A local
//! assigned as a whole somewhere (which makes it whole again) keeps being saved whole.

use super::ir::{Block, Else, Local, LocalId, Origin, Program, Stmt};
use crate::names;
use crate::visit::peel;
use std::collections::{BTreeMap, BTreeSet};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, Member, Token, Type};

/// Gives each local that can be moved out of in part a part for every field of it the
/// body names, in the order they first appear: that is the order they drop in, as the
/// fields of a struct drop in the order they are declared.
pub(crate) fn create(program: &mut Program) {
    let mut finder = Finder::default();
    each_code(&program.root, &mut finder);
    let mut taken: BTreeSet<String> = program
        .locals
        .iter()
        .map(|local| local.ident.to_string())
        .collect();
    for base in 0..program.locals.len() {
        let local = &program.locals[base];
        let name = local.ident.to_string();
        if !held_by_value(local) || finder.assigned.contains(&name) {
            continue;
        }
        let Some(members) = finder.fields.get(&name) else {
            continue;
        };
        let mutable = local.mutable;
        let base_ident = local.ident.clone();
        let mut parts = Vec::new();
        for (_, member) in members {
            let mut ident = names::part(&base_ident, member, 0);
            let mut n = 1;
            while !taken.insert(ident.to_string()) {
                ident = names::part(&base_ident, member, n);
                n += 1;
            }
            program.locals.push(Local {
                ident,
                mutable,
                mutated_later: false,
                field: None,
                origin: Origin::Part {
                    base,
                    member: member.clone(),
                },
                lints: Vec::new(),
                parts: Vec::new(),
            });
            parts.push(program.locals.len() - 1);
        }
        program.locals[base].parts = parts;
    }
}

/// The base of a part.
pub(crate) fn base_of(local: &Local) -> Option<LocalId> {
    match local.origin {
        Origin::Part { base, .. } => Some(base),
        _ => None,
    }
}

/// Whether moving a field out of `local` compiles when its type has the field.
fn held_by_value(local: &Local) -> bool {
    match &local.origin {
        Origin::Param { by_value, .. } => *by_value,
        Origin::Let { ty: Some(ty), .. } => type_by_value(ty),
        Origin::Let {
            init: Some(init),
            ty: None,
        } => built_in_place(init),
        _ => false,
    }
}

/// Whether a value of type `ty` holds its fields itself: a named type or a tuple, not a
/// reference, a raw pointer or a pointer that shares or guards its value.
pub(crate) fn type_by_value(ty: &Type) -> bool {
    const POINTERS: &[&str] = &[
        "Rc",
        "Arc",
        "Cow",
        "Ref",
        "RefMut",
        "Pin",
        "ManuallyDrop",
        "MutexGuard",
        "RwLockReadGuard",
        "RwLockWriteGuard",
    ];
    match ty {
        Type::Paren(paren) => type_by_value(&paren.elem),
        Type::Group(group) => type_by_value(&group.elem),
        Type::Tuple(_) => true,
        Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| !POINTERS.iter().any(|name| last.ident == name))
        }
        _ => false,
    }
}

/// Whether `expr` builds a value rather than reaching one: a struct or tuple expression, a
/// tuple struct or enum variant (`S(..)`), or a constructor (`S::new(..)`, `S::default()`,
/// `S::from(..)`, `S::with_capacity(..)`, ..).
fn built_in_place(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Struct(_) | Expr::Tuple(_) => true,
        Expr::Call(call) => match peel(&call.func) {
            Expr::Path(path) => path.path.segments.last().is_some_and(|last| {
                let name = last.ident.to_string();
                name.starts_with(|c: char| c.is_uppercase())
                    || (path.path.segments.len() > 1
                        && (matches!(name.as_str(), "new" | "default" | "from")
                            || ["new_", "from_", "with_"]
                                .iter()
                                .any(|prefix| name.starts_with(prefix))))
            }),
            _ => false,
        },
        _ => false,
    }
}

/// The fields named on a local (`x.member`), and the locals assigned as a whole, by name.
#[derive(Default)]
struct Finder {
    /// In the order they first appear.
    fields: BTreeMap<String, Vec<(String, Member)>>,
    assigned: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Field(field) => {
                if let Expr::Path(path) = peel(&field.base) {
                    if let (None, Some(ident)) = (&path.qself, path.path.get_ident()) {
                        let member = &field.member;
                        let name = member_name(member);
                        let fields = self.fields.entry(ident.to_string()).or_default();
                        if !fields.iter().any(|(known, _)| *known == name) {
                            fields.push((name, member.clone()));
                        }
                    }
                }
            }
            Expr::Assign(assign) => {
                for place in super::mentions::assignees(&assign.left) {
                    if let Some(ident) = super::mentions::local_of(place) {
                        self.assigned.insert(ident.to_string());
                    }
                }
            }
            _ => {}
        }
        visit::visit_expr(self, expr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        if let Ok(args) = parser.parse2(mac.tokens.clone()) {
            for arg in &args {
                self.visit_expr(arg);
            }
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// A field's name, as written (`name`, `0`).
pub(crate) fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => ident.to_string(),
        Member::Unnamed(index) => index.index.to_string(),
    }
}

/// Visits the user code of `block`.
fn each_code<'a>(block: &'a Block, visitor: &mut impl Visit<'a>) {
    for stmt in &block.stmts {
        match stmt {
            Stmt::Plain { stmt, .. } => visitor.visit_stmt(stmt),
            Stmt::Declare { .. } | Stmt::Unreachable { .. } => {}
            Stmt::Yield { value, .. } => {
                if let Some(value) = value {
                    visitor.visit_expr(value);
                }
            }
            Stmt::Block(inner) => each_code(inner, visitor),
            Stmt::If(if_) => {
                let mut if_ = if_;
                loop {
                    visitor.visit_expr(&if_.cond);
                    each_code(&if_.then, visitor);
                    match &if_.otherwise {
                        None => break,
                        Some(Else::Block(otherwise)) => {
                            each_code(otherwise, visitor);
                            break;
                        }
                        Some(Else::If(nested)) => if_ = nested,
                    }
                }
            }
            Stmt::Match {
                scrutinee, arms, ..
            } => {
                visitor.visit_expr(scrutinee);
                for arm in arms {
                    visitor.visit_pat(&arm.pat);
                    each_code(&arm.body, visitor);
                }
            }
            Stmt::Loop(loop_) => {
                if let super::ir::Head::While { cond, .. } = &loop_.head {
                    visitor.visit_expr(cond);
                }
                each_code(&loop_.body, visitor);
            }
            Stmt::LetElse {
                init, otherwise, ..
            } => {
                visitor.visit_expr(init);
                each_code(otherwise, visitor);
            }
        }
    }
}
