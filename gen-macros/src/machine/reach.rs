//! Whether control can fall out of a piece of user code.
//!
//! The emitter stops writing a block after a statement that never falls through (the
//! rest runs in another arm, or never): it must agree with the control-flow graph of
//! `dataflow`, which decides what is saved, so both follow the same rules: `return`,
//! `break` and `continue` leave; an `if` falls through if a branch does, a `match` if an
//! arm does; a `loop` only through a `break` that targets it, a labeled block also
//! through its end; `while` and `for` always may; `panic!`-like macros never return.

use syn::visit::{self, Visit};
use syn::{Block, Expr, Label, Stmt};

/// Whether control can fall out of `stmt` (a statement of the generator's own code).
pub(crate) fn stmt_falls(stmt: &Stmt) -> bool {
    Reach::default().stmt(stmt)
}

/// Whether control certainly never falls out of `stmt`: it does not, and no `#[cfg]` on it
/// may configure it out (the machine's versions decide those that matter; see `cfg`), so
/// that what follows it can never run.
pub(crate) fn stmt_diverges(stmt: &Stmt) -> bool {
    let configured = crate::visit::stmt_attrs(stmt)
        .iter()
        .any(|attr| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr"));
    !configured && !stmt_falls(stmt)
}

#[derive(Default)]
struct Reach {
    /// The loops and labeled blocks entered, innermost last, and whether a reachable
    /// `break` targets each.
    targets: Vec<Target>,
}

struct Target {
    label: Option<String>,
    is_loop: bool,
    broken: bool,
}

impl Reach {
    fn stmt(&mut self, stmt: &Stmt) -> bool {
        match stmt {
            Stmt::Local(local) => {
                let Some(init) = &local.init else {
                    return true;
                };
                // The `else` of a `let`-`else` diverges; its breaks still count.
                if let Some((_, otherwise)) = &init.diverge {
                    self.expr(otherwise);
                }
                self.expr(&init.expr)
            }
            Stmt::Item(_) => true,
            Stmt::Expr(expr, _) => self.expr(expr),
            Stmt::Macro(mac) => !diverging_macro(&mac.mac),
        }
    }

    fn block(&mut self, block: &Block) -> bool {
        block.stmts.iter().all(|stmt| self.stmt(stmt))
    }

    fn within(
        &mut self,
        label: Option<&Label>,
        is_loop: bool,
        walk: impl FnOnce(&mut Self) -> bool,
    ) -> (bool, bool) {
        self.targets.push(Target {
            label: label.map(|l| l.name.ident.to_string()),
            is_loop,
            broken: false,
        });
        let falls = walk(self);
        let target = self.targets.pop().expect("pushed above");
        (falls, target.broken)
    }

    fn leave(&mut self, label: Option<&syn::Lifetime>, breaking: bool) {
        let name = label.map(|l| l.ident.to_string());
        let target = self.targets.iter_mut().rev().find(|t| match &name {
            Some(name) => t.label.as_ref() == Some(name),
            None => t.is_loop,
        });
        if let (Some(target), true) = (target, breaking) {
            target.broken = true;
        }
    }

    fn expr(&mut self, expr: &Expr) -> bool {
        match expr {
            Expr::Block(block) => match &block.label {
                Some(label) => {
                    let (falls, broken) =
                        self.within(Some(label), false, |r| r.block(&block.block));
                    falls || broken
                }
                None => self.block(&block.block),
            },
            Expr::Unsafe(unsafe_expr) => self.block(&unsafe_expr.block),
            Expr::Paren(paren) => self.expr(&paren.expr),
            Expr::Group(group) => self.expr(&group.expr),
            Expr::If(if_expr) => {
                if !self.expr(&if_expr.cond) {
                    return false;
                }
                let then = self.block(&if_expr.then_branch);
                let otherwise = match &if_expr.else_branch {
                    Some((_, otherwise)) => self.expr(otherwise),
                    None => true,
                };
                then || otherwise
            }
            Expr::Match(match_expr) => {
                if !self.expr(&match_expr.expr) {
                    return false;
                }
                let mut falls = false;
                for arm in &match_expr.arms {
                    falls |= self.expr(&arm.body);
                }
                falls
            }
            Expr::Loop(loop_expr) => {
                let (_, broken) =
                    self.within(loop_expr.label.as_ref(), true, |r| r.block(&loop_expr.body));
                broken
            }
            Expr::While(while_expr) => {
                self.within(while_expr.label.as_ref(), true, |r| {
                    r.expr(&while_expr.cond);
                    r.block(&while_expr.body)
                });
                true
            }
            Expr::ForLoop(for_loop) => {
                if !self.expr(&for_loop.expr) {
                    return false;
                }
                self.within(for_loop.label.as_ref(), true, |r| r.block(&for_loop.body));
                true
            }
            Expr::Break(break_expr) => {
                if let Some(value) = &break_expr.expr {
                    if !self.expr(value) {
                        return false;
                    }
                }
                self.leave(break_expr.label.as_ref(), true);
                false
            }
            Expr::Continue(continue_expr) => {
                self.leave(continue_expr.label.as_ref(), false);
                false
            }
            Expr::Return(_) => false,
            Expr::Macro(mac) => !diverging_macro(&mac.mac),
            // Anything else falls through, but may contain a `break` out of a target.
            other => {
                let mut breaks = Breaks(self);
                breaks.visit_expr(other);
                true
            }
        }
    }
}

/// Marks the targets of the `break`s inside an expression that otherwise falls through.
struct Breaks<'a>(&'a mut Reach);

impl<'ast> Visit<'ast> for Breaks<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Block(_)
            | Expr::If(_)
            | Expr::Match(_)
            | Expr::Loop(_)
            | Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Break(_) => {
                self.0.expr(expr);
            }
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

pub(crate) fn diverging_macro(mac: &syn::Macro) -> bool {
    mac.path.segments.last().is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "panic" | "unreachable" | "todo" | "unimplemented"
        )
    })
}
