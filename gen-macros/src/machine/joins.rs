//! Joins: where the code after a suspending statement is written once.
//!
//! The resume arms re-enter the body: the code after a loop that yields is written in
//! the `Start` arm and again in the arm of each yield inside the loop. That is free for
//! most code, but a closure written twice has two types, and if a value holding it (the
//! closure itself, or `v.into_iter().map(|x| ..)`) is saved at a later yield, the two
//! copies save values of different types into the same field, which does not compile.
//!
//! So before a statement that creates a closure (or an `async` block) in such repeated
//! code, the lowering places a join: a state the resume closure stores on the way and
//! dispatches on at once, so that the code after it is written once, in the join's arm.
//! A join is a candidate where the syntax calls for it; it is kept only if a later yield
//! saves a local of the code it guards, and if passing through it by value changes
//! nothing observable (see [`super::ir::Join::transparent`]).

use super::ir::{PointKind, Program};
use std::collections::BTreeSet;
use syn::visit::Visit;

/// Which candidate joins the normalization places.
pub(crate) enum Filter {
    All,
    Only(BTreeSet<usize>),
}

impl Filter {
    pub(crate) fn allows(&self, candidate: usize) -> bool {
        match self {
            Filter::All => true,
            Filter::Only(kept) => kept.contains(&candidate),
        }
    }
}

/// The candidates among the program's joins.
pub(crate) fn present(program: &Program) -> BTreeSet<usize> {
    program
        .points
        .iter()
        .filter_map(|point| point.join.as_ref().map(|join| join.candidate))
        .collect()
}

/// The candidates worth keeping: transparent joins whose region declares a local that a
/// yield saves, or that awaits a future (which may hold the closure: `async { .. }.await`,
/// `timeout(d, async { .. }).await`), since the slot of an await point has one type.
pub(crate) fn wanted(program: &Program) -> BTreeSet<usize> {
    program
        .points
        .iter()
        .filter_map(|point| point.join.as_ref())
        .filter(|join| {
            let saves = program.points.iter().any(|point| {
                point.kind.pauses() && point.saved.iter().any(|id| join.region.contains(id))
            });
            let awaits = program.points[join.points.clone()]
                .iter()
                .any(|point| point.kind == PointKind::Await);
            join.transparent && (saves || awaits)
        })
        .map(|join| join.candidate)
        .collect()
}

/// Whether `stmt` writes a closure or an `async` block (outside nested items), whose type
/// is its own.
pub(crate) fn creates_closure(stmt: &syn::Stmt) -> bool {
    closure_in(|finder| finder.visit_stmt(stmt))
}

/// The same for what `visit` visits.
pub(crate) fn closure_in<'a>(visit: impl FnOnce(&mut dyn Visit<'a>)) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {
            self.0 = true;
        }
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {
            self.0 = true;
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut finder = Finder(false);
    visit(&mut finder);
    finder.0
}
