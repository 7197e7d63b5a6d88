//! Parameters the resume closure keeps, rather than the state.
//!
//! A resume arm moves its saved locals out of the state and back in at the next
//! suspension. For a parameter that every suspension point saves, and that is certainly
//! `Copy` and never assigned (`nodes: &[Node]`, `&self`, `n: u32`), that is work for
//! nothing: the closure captures it instead, and every arm reads it there. Such a value
//! has no drop, so where it lives is not observable; and it is live at every point, so
//! the generator is no larger. (The tree walk: 34 instructions an item instead of 38.)

use super::ir::{Origin, Point, PointKind, Program};
use crate::item::Param;

pub(crate) fn plan(program: &mut Program, params: &[Param]) {
    // A failed `?` ends the generator when resumed: its state needs nothing.
    let suspends = |point: &&Point| point.kind != PointKind::Try;
    if program.points.iter().find(suspends).is_none() {
        return;
    }
    for (&id, param) in program.params.iter().zip(params) {
        let local = &program.locals[id];
        let named = match param {
            Param::Receiver { .. } => true,
            // The user's lint attributes on a parameter go on a rebinding in the arms;
            // and an underscored name is rebound so that using it draws no lint.
            Param::Named { ident, .. } => {
                !crate::names::user_underscored(ident) && local.lints.is_empty()
            }
            Param::Pattern { .. } => false,
        };
        let copy = matches!(local.origin, Origin::Param { copy: true, .. });
        let everywhere = program
            .points
            .iter()
            .filter(suspends)
            .all(|point| point.saved.contains(&id));
        if named && copy && !local.mutable && local.parts.is_empty() && everywhere {
            program.captured.insert(id);
        }
    }
    for point in &mut program.points {
        point.saved.retain(|id| !program.captured.contains(id));
    }
}
