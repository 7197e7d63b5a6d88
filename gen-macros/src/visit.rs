//! Queries over the generator's own code: the body minus closures, `async` blocks, `const`
//! blocks and nested items, which run on their own and can neither suspend the generator
//! nor be suspended by it.

use syn::visit::{self, Visit};
use syn::{Arm, Expr, Item, Macro, Stmt};

/// Whether a macro invocation is `yield_!` (under any path).
pub(crate) fn is_yield_macro(mac: &Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "yield_")
}

/// Finds a suspension point of the kinds asked for in the generator's own code.
struct Finder {
    found: bool,
    /// `?` operators: suspension points of a state machine (a failed one yields).
    tries: bool,
    /// `.await`s: suspension points of an async body lowered into a state machine.
    awaits: bool,
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.found {
            return;
        }
        match expr {
            Expr::Yield(_) => self.found = true,
            Expr::Try(_) if self.tries => self.found = true,
            Expr::Await(_) if self.awaits => self.found = true,
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

fn find(tries: bool, awaits: bool, visit: impl FnOnce(&mut Finder)) -> bool {
    let mut finder = Finder {
        found: false,
        tries,
        awaits,
    };
    visit(&mut finder);
    finder.found
}

/// Whether an expression contains a yield.
pub(crate) fn expr_yields(expr: &Expr) -> bool {
    find(false, false, |f| f.visit_expr(expr))
}

/// Whether an expression contains a point where a state machine pauses in the middle of
/// it: a yield, or an `.await` (sync bodies have none: they are errors there).
pub(crate) fn expr_pauses(expr: &Expr) -> bool {
    find(false, true, |f| f.visit_expr(expr))
}

/// Whether a statement contains a yield or an `.await`.
pub(crate) fn stmt_pauses(stmt: &Stmt) -> bool {
    find(false, true, |f| f.visit_stmt(stmt))
}

/// Whether a statement contains a suspension point of a state machine: a yield, an
/// `.await`, or a `?`.
pub(crate) fn stmt_suspends(stmt: &Stmt) -> bool {
    find(true, true, |f| f.visit_stmt(stmt))
}

/// Whether a `match` arm (its guard or its body) contains a suspension point.
pub(crate) fn arm_suspends(arm: &Arm) -> bool {
    find(true, true, |f| f.visit_arm(arm))
}

/// Strips parentheses and invisible groups.
pub(crate) fn peel(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Paren(paren) => expr = &paren.expr,
            Expr::Group(group) => expr = &group.expr,
            _ => return expr,
        }
    }
}
