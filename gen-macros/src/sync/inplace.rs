//! Which yields resume in place.
//!
//! Resuming by value moves the saved locals out of the state and back in at the next
//! suspension; with large locals (a `[u64; 32]` buffer) that copy dominates. When the
//! innermost loop around a yield contains no other suspension point, every path from the
//! yield either suspends there again or leaves the loop: the resume arm can then work on
//! the saved locals where they are, through `&mut`, and only move them out once the loop
//! is done.
//!
//! The macro cannot see types, so it only resumes in place when that compiles whatever
//! they are: the loop must not move a saved local of the enclosing code (a `(*x)` cannot
//! be moved out of), must not reassign one it also uses by value (the `acc = acc + x` of a
//! `String`), must not `return` or jump out to an enclosing loop, must not declare two
//! locals of the same name as a saved one, and every local of the enclosing code it uses
//! must be saved at the yield. A saved local declared inside the loop (the `x` of
//! `for x in v { yield_!(..); use(x) }`) is carried by value: the state holds it in an
//! `Option`, which the resumption takes and the next yield fills again.

use super::ir::{Block, Else, InPlace, Loop, PointKind, Program, Step, Stmt};

pub(crate) fn plan(program: &mut Program) {
    for point in 0..program.points.len() {
        let info = &program.points[point];
        if info.kind != PointKind::Yield || info.saved.is_empty() {
            continue;
        }
        let Some((loop_step, loop_)) = innermost_loop(&program.root, &info.path) else {
            continue;
        };
        let facts = &program.loop_facts[loop_.id];
        // A local of the enclosing code that the loop uses but the point does not save
        // (it is assigned before it is read again) would not exist in the arm.
        let all_saved = facts
            .mentioned
            .iter()
            .all(|id| loop_.locals.contains(id) || info.saved.contains(id));
        let eligible = facts.points == [point]
            && all_saved
            && !facts.returns
            && !facts.escapes
            && info.saved.iter().all(|id| {
                let hidden = loop_.locals.clone().any(|inner| {
                    inner != *id && program.locals[inner].ident == program.locals[*id].ident
                });
                if loop_.locals.contains(id) {
                    // Carried by value from one iteration's yield to its resumption.
                    return !hidden;
                }
                // Carrying one that nothing after the loop uses would compile too, but
                // measured slower than resuming by value (the tree walk of the benchmarks).
                let moved = facts.consumes.contains(id) || facts.opaque.contains(id);
                let reassigned_after_use = facts.writes.contains(id) && facts.moves.contains(id);
                !(moved || reassigned_after_use || hidden)
            });
        if eligible {
            let carried = info
                .saved
                .iter()
                .copied()
                .filter(|id| loop_.locals.contains(id))
                .collect();
            program.points[point].in_place = Some(InPlace { loop_step, carried });
        }
    }
}

/// The innermost loop on `path`, with the index of the step into its body.
pub(crate) fn innermost_loop<'a>(root: &'a Block, path: &[Step]) -> Option<(usize, &'a Loop)> {
    let mut found = None;
    walk(root, path, 0, &mut |index, loop_| {
        found = Some((index, loop_))
    });
    found
}

/// Follows `path` from `block`, calling `on_loop` for each loop entered.
pub(crate) fn walk<'a>(
    block: &'a Block,
    path: &[Step],
    offset: usize,
    on_loop: &mut dyn FnMut(usize, &'a Loop),
) {
    let Some(&Step::Stmt(index)) = path.first() else {
        return;
    };
    let rest = &path[1..];
    match (&block.stmts[index], rest.first()) {
        (Stmt::Block(inner), Some(Step::Block)) => walk(inner, &rest[1..], offset + 2, on_loop),
        (Stmt::If(if_), Some(_)) => {
            let mut if_ = if_;
            let mut steps = rest;
            let mut at = offset + 1;
            loop {
                match (steps.first(), &if_.otherwise) {
                    (Some(Step::Then), _) => return walk(&if_.then, &steps[1..], at + 1, on_loop),
                    (Some(Step::Else), Some(Else::Block(otherwise))) => {
                        return walk(otherwise, &steps[1..], at + 1, on_loop);
                    }
                    (Some(Step::Else), Some(Else::If(nested))) => {
                        if_ = nested;
                        steps = &steps[1..];
                        at += 1;
                    }
                    _ => return,
                }
            }
        }
        (Stmt::Match { arms, .. }, Some(&Step::Arm(arm))) => {
            walk(&arms[arm].body, &rest[1..], offset + 2, on_loop);
        }
        (Stmt::Loop(loop_), Some(Step::LoopBody)) => {
            on_loop(offset + 1, loop_);
            walk(&loop_.body, &rest[1..], offset + 2, on_loop);
        }
        (Stmt::LetElse { otherwise, .. }, Some(Step::LetElse)) => {
            walk(otherwise, &rest[1..], offset + 2, on_loop);
        }
        _ => {}
    }
}
