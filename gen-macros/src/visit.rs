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

/// Finds a yield (or, with `tries`, any suspension point) in the generator's own code.
struct Finder {
    found: bool,
    tries: bool,
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.found {
            return;
        }
        match expr {
            Expr::Yield(_) => self.found = true,
            Expr::Try(_) if self.tries => self.found = true,
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

fn find(tries: bool, visit: impl FnOnce(&mut Finder)) -> bool {
    let mut finder = Finder {
        found: false,
        tries,
    };
    visit(&mut finder);
    finder.found
}

pub(crate) fn expr_yields(expr: &Expr) -> bool {
    find(false, |f| f.visit_expr(expr))
}

/// Whether a statement contains a yield.
pub(crate) fn stmt_yields(stmt: &Stmt) -> bool {
    find(false, |f| f.visit_stmt(stmt))
}

/// Whether a statement contains a suspension point of a sync generator: a yield, or a `?`.
pub(crate) fn stmt_suspends(stmt: &Stmt) -> bool {
    find(true, |f| f.visit_stmt(stmt))
}

/// Whether a `match` arm (its guard or its body) contains a suspension point.
pub(crate) fn arm_suspends(arm: &Arm) -> bool {
    find(true, |f| f.visit_arm(arm))
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
