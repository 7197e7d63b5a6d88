//! Renaming a binding that hides a local the generator must save.
//!
//! In `let x = ..; { let x = 7; yield_!(x); } use(x);` the outer `x` is live at the yield,
//! but the state is built where only the inner `x` can be named. The inner binding (and
//! every use of it) is then renamed to a hygienic name, which the user never sees: the
//! outer `x` becomes nameable, and nothing else changes.

use super::ir::{Block, Else, If, LocalId, Program, Stmt};
use super::patterns;
use super::scoped::{self, Mention, Scoped};
use proc_macro2::{Ident, TokenStream};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Pat};

/// Renames the binding `local` (in its declaration and where it is used) to `new`.
pub(crate) fn rename(program: &mut Program, local: LocalId, new: Ident) {
    let old = program.locals[local].ident.to_string();
    let mut renamer = Renamer {
        target: local,
        old,
        new: new.clone(),
        locals: &program
            .locals
            .iter()
            .map(|l| l.ident.to_string())
            .collect::<Vec<_>>(),
    };
    let mut root = std::mem::replace(&mut program.root, empty_block());
    renamer.block(&mut root, false);
    program.root = root;
    program.locals[local].ident = new;
}

fn empty_block() -> Block {
    Block {
        label: None,
        unsafety: None,
        binds: Vec::new(),
        stmts: Vec::new(),
    }
}

struct Renamer<'a> {
    target: LocalId,
    old: String,
    new: Ident,
    /// The names of all locals, by id.
    locals: &'a [String],
}

impl Renamer<'_> {
    /// Renames in `block`; `active` when the binding is in scope from its start. Returns
    /// whether the binding was found (and so renaming is done).
    fn block(&mut self, block: &mut Block, active: bool) -> bool {
        let mut active = active || block.binds.contains(&self.target);
        for stmt in &mut block.stmts {
            if active {
                self.uses(stmt);
                // A later binding of the same name ends the scope of this one.
                if declarations(stmt)
                    .iter()
                    .any(|&id| id != self.target && self.locals[id] == self.old)
                {
                    return true;
                }
            } else if declarations(stmt).contains(&self.target) {
                self.declaration(stmt);
                active = true;
            } else if self.search(stmt) {
                return true;
            }
        }
        active
    }

    /// Looks for the declaration inside the IR constructs of `stmt`.
    fn search(&mut self, stmt: &mut Stmt) -> bool {
        match stmt {
            Stmt::Block(block) => self.block(block, false),
            Stmt::If(if_) => self.search_if(if_),
            Stmt::Match { arms, .. } => {
                for arm in arms {
                    if arm.body.binds.contains(&self.target) {
                        self.pat(&mut arm.pat);
                        if let Pat::Guard(guard) = &mut arm.pat {
                            self.expr(&mut guard.guard);
                        }
                        self.block(&mut arm.body, true);
                        return true;
                    }
                    if self.block(&mut arm.body, false) {
                        return true;
                    }
                }
                false
            }
            Stmt::Loop(loop_) => {
                if loop_.body.binds.contains(&self.target) {
                    if let super::ir::Head::While { cond, .. } = &mut loop_.head {
                        self.condition(cond);
                    }
                    return self.block(&mut loop_.body, true);
                }
                self.block(&mut loop_.body, false)
            }
            Stmt::LetElse { otherwise, .. } => self.block(otherwise, false),
            Stmt::Plain { .. }
            | Stmt::Declare { .. }
            | Stmt::Yield { .. }
            | Stmt::Unreachable { .. } => false,
        }
    }

    fn search_if(&mut self, if_: &mut If) -> bool {
        if if_.then.binds.contains(&self.target) {
            self.condition(&mut if_.cond);
            self.block(&mut if_.then, true);
            return true;
        }
        if self.block(&mut if_.then, false) {
            return true;
        }
        match &mut if_.otherwise {
            Some(Else::Block(block)) => self.block(block, false),
            Some(Else::If(nested)) => self.search_if(nested),
            None => false,
        }
    }

    /// Renames the binding in the statement that declares it.
    fn declaration(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Plain {
                stmt: syn::Stmt::Local(local),
                ..
            } => self.pat(&mut local.pat),
            Stmt::LetElse { pat, .. } => self.pat(pat),
            Stmt::Declare { .. } | Stmt::Plain { .. } => {}
            _ => {}
        }
    }

    /// The `let`s of a condition bind in order; renames the binding and later uses.
    fn condition(&mut self, cond: &mut Expr) {
        match cond {
            Expr::Let(let_expr) => {
                self.expr(&mut let_expr.expr);
                self.pat(&mut let_expr.pat);
            }
            Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
                self.condition(&mut binary.left);
                self.condition(&mut binary.right);
            }
            other => self.expr(other),
        }
    }

    fn scoped(&self) -> Scoped<Renaming<'_>> {
        Scoped::new(Renaming {
            old: &self.old,
            new: &self.new,
        })
    }

    fn pat(&mut self, pat: &mut Pat) {
        RenamePattern {
            old: &self.old,
            new: &self.new,
        }
        .visit_pat_mut(pat);
    }

    fn expr(&mut self, expr: &mut Expr) {
        self.scoped().visit_expr_mut(expr);
    }

    /// Renames the uses in `stmt` (the binding is in scope there).
    fn uses(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Plain { stmt, .. } => self.scoped().visit_stmt_mut(stmt),

            Stmt::Declare { .. } | Stmt::Unreachable { .. } => {}
            Stmt::Yield { value, .. } => {
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            Stmt::Block(block) => {
                self.block(block, true);
            }
            Stmt::If(if_) => self.uses_if(if_),
            Stmt::Match {
                scrutinee, arms, ..
            } => {
                self.expr(scrutinee);
                for arm in arms {
                    let hides = patterns::bindings(&arm.pat, patterns::Position::Refutable)
                        .iter()
                        .any(|b| b.ident == self.old);
                    if !hides {
                        if let Pat::Guard(guard) = &mut arm.pat {
                            self.expr(&mut guard.guard);
                        }
                        self.block(&mut arm.body, true);
                    }
                }
            }
            Stmt::Loop(loop_) => {
                let hides = loop_
                    .body
                    .binds
                    .iter()
                    .any(|&id| self.locals[id] == self.old);
                if let super::ir::Head::While { cond, .. } = &mut loop_.head {
                    self.expr(cond);
                }
                if !hides {
                    self.block(&mut loop_.body, true);
                }
            }
            Stmt::LetElse {
                init, otherwise, ..
            } => {
                self.expr(init);
                self.block(otherwise, true);
            }
        }
    }

    fn uses_if(&mut self, if_: &mut If) {
        self.expr(&mut if_.cond);
        let hides = if_.then.binds.iter().any(|&id| self.locals[id] == self.old);
        if !hides {
            self.block(&mut if_.then, true);
        }
        match &mut if_.otherwise {
            Some(Else::Block(block)) => {
                self.block(block, true);
            }
            Some(Else::If(nested)) => self.uses_if(nested),
            None => {}
        }
    }
}

fn declarations(stmt: &Stmt) -> Vec<LocalId> {
    match stmt {
        Stmt::Plain { decls, .. } | Stmt::LetElse { decls, .. } => decls.clone(),
        Stmt::Declare { local } => vec![*local],
        _ => Vec::new(),
    }
}

/// Renames the binding in a pattern.
struct RenamePattern<'a> {
    old: &'a str,
    new: &'a Ident,
}

impl VisitMut for RenamePattern<'_> {
    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        if pat.ident == self.old {
            pat.ident = self.new.clone();
        }
        visit_mut::visit_pat_ident_mut(self, pat);
    }

    fn visit_expr_mut(&mut self, _: &mut Expr) {}
}

/// A free mention of the renamed binding becomes a mention of its new name.
struct Renaming<'a> {
    old: &'a str,
    new: &'a Ident,
}

impl Mention for Renaming<'_> {
    fn rewrites(&self, name: &str) -> bool {
        name == self.old
    }

    fn replace(&self, _: &Ident) -> Expr {
        let new = self.new;
        syn::parse_quote!(#new)
    }

    fn captured(&self, name: &str) -> Option<Expr> {
        let old = Ident::new(name, self.new.span());
        let new = self.new;
        Some(syn::parse_quote!(#old = #new))
    }

    fn opaque(&self, tokens: TokenStream, names: &dyn Fn(&str) -> bool) -> TokenStream {
        scoped::rename_tokens(tokens, names, self.new)
    }
}
