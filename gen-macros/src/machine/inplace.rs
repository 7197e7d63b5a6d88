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
//! they are: the loop must not `return` or jump out to an enclosing loop, must not declare
//! two locals of the same name as a saved one, and every local of the enclosing code it
//! uses must be saved at the yield.
//!
//! A saved local the arm cannot use through `&mut` is carried by value instead: the state
//! holds it in an `Option`, which the resumption takes and the next yield fills again.
//! That is one declared inside the loop (the `x` of `for x in v { yield_!(..); use(x) }`),
//! and one of the enclosing code that the loop moves (a `(*x)` cannot be moved out of) or
//! reassigns after using it by value (the `cur` of `stack.push(cur); cur = next`). The
//! latter is also put back where the loop is left, so it must certainly hold a value
//! there; and since a panic in the arm drops it before the locals in the state, those
//! declared after it are carried too. Carrying one only pays off when a local left in
//! the state may be large: with small ones alone, resuming by value is as fast.

use super::ir::{
    Block, Else, InPlace, Local, LocalId, Loop, Origin, PointKind, Program, Step, Stmt,
};

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
        // (A part is saved with its base, and a base split in its parts.)
        let locals = &program.locals;
        let saved = |id: LocalId| {
            info.saved.contains(&id)
                || program.captured.contains(&id)
                || super::parts::base_of(&locals[id]).is_some_and(|base| info.saved.contains(&base))
                || locals[id]
                    .parts
                    .iter()
                    .any(|part| info.saved.contains(part))
        };
        let all_saved = facts
            .mentioned
            .iter()
            .all(|&id| declared_in(loop_, locals, id) || saved(id));
        if facts.points != [point] || !all_saved || facts.returns || facts.escapes {
            continue;
        }
        let settled = |id: LocalId| {
            facts
                .settled_at_exit
                .as_ref()
                .is_none_or(|settled| settled.contains(&id))
        };
        let mut in_state = Vec::new();
        let mut carried = Vec::new();
        let mut eligible = true;
        for &id in &info.saved {
            let named = super::parts::base_of(&program.locals[id]).unwrap_or(id);
            let hidden = loop_.locals.clone().any(|inner| {
                inner != named && program.locals[inner].ident == program.locals[named].ident
            });
            if hidden {
                eligible = false;
            } else if declared_in(loop_, &program.locals, id) {
                // Carried by value from one iteration's yield to its resumption.
                carried.push(id);
            } else {
                // A `Copy` value is only copied, and `(*x)` copies it too; but a mention
                // inside tokens that could not be parsed cannot be rewritten to `(*x)`,
                // and a `move` closure would capture `x` itself (the `&mut`), not `*x`.
                let copy = certainly_copy(&program.locals[id]);
                let moved = (facts.consumes.contains(&id)
                    && (!copy || facts.captured.contains(&id)))
                    || facts.opaque.contains(&id);
                let reassigned_after_use = facts.writes.contains(&id) && facts.moves.contains(&id);
                if !(moved || reassigned_after_use) {
                    in_state.push(id);
                } else if copy || settled(id) {
                    // Carried too, and put back where the loop is left.
                    carried.push(id);
                } else {
                    eligible = false;
                }
            }
        }
        // A panic in the arm drops the carried locals (the arm's own bindings) before
        // the state: to keep the reverse declaration order, those left in the state must
        // be declared before every carried one, unless one of the two certainly drops
        // nothing. The later ones (the iterator of an inner `for` loop) are carried too.
        // (A part is declared with its base.)
        let dropping = |id: &LocalId| !without_drop_glue(&program.locals[*id]);
        let declared = |id: LocalId| super::parts::base_of(&program.locals[id]).unwrap_or(id);
        if let Some(first) = carried.iter().copied().filter(dropping).map(declared).min() {
            let (later, earlier) = in_state
                .iter()
                .partition::<Vec<LocalId>, _>(|&&id| declared(id) > first && dropping(&id));
            eligible &= later.iter().all(|&id| settled(id));
            carried.extend(later);
            in_state = earlier;
        }
        // Carrying a local of the enclosing code pays off only when resuming in place
        // spares copying something large: with small locals alone (the `Vec` and indices
        // of a tree walk), resuming by value measured as fast or faster.
        let carries_enclosing = carried
            .iter()
            .any(|&id| !declared_in(loop_, &program.locals, id));
        let worth_it = !carries_enclosing
            || in_state
                .iter()
                .any(|&id| !certainly_small(&program.locals[id]));
        if eligible && worth_it {
            carried.sort_unstable();
            program.points[point].in_place = Some(InPlace { loop_step, carried });
        }
    }
}

/// Whether the local `id` is declared inside `loop_` (a part, with its base).
pub(crate) fn declared_in(loop_: &Loop, locals: &[Local], id: LocalId) -> bool {
    let id = super::parts::base_of(&locals[id]).unwrap_or(id);
    loop_.locals.contains(&id)
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

/// Whether a local certainly has no drop glue, so that when it drops cannot be observed:
/// a reference, or a local that is certainly `Copy`.
fn without_drop_glue(local: &Local) -> bool {
    match &local.origin {
        Origin::Param { reference, .. } if *reference => true,
        Origin::Let { ty: Some(ty), .. } if matches!(**ty, syn::Type::Reference(_)) => true,
        _ => certainly_copy(local),
    }
}

/// Whether a local is certainly no larger than a few words: one without drop glue, or
/// a heap-backed collection (`Vec::new()`, `String::from(..)`, `vec![..]`, ..).
fn certainly_small(local: &Local) -> bool {
    without_drop_glue(local)
        || match &local.origin {
            Origin::Let { ty: Some(ty), .. } => super::borrows::collection_type(ty),
            Origin::Let {
                init: Some(init), ..
            } => super::borrows::collection_value(init),
            _ => false,
        }
}

/// Whether a local is certainly `Copy`: a parameter or a `let` of a [`copy_type`], or a
/// `let` whose value is a literal.
pub(crate) fn certainly_copy(local: &Local) -> bool {
    match &local.origin {
        Origin::Param { copy, .. } => *copy,
        Origin::Let { ty: Some(ty), .. } => copy_type(ty),
        Origin::Let {
            init: Some(init), ..
        } => literal(init),
        _ => false,
    }
}

fn literal(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(_) => true,
        syn::Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Neg(_)) && literal(&unary.expr),
        syn::Expr::Paren(paren) => literal(&paren.expr),
        syn::Expr::Group(group) => literal(&group.expr),
        _ => false,
    }
}

/// Whether `ty` is certainly `Copy`: a shared reference, a primitive number, `bool` or
/// `char`.
pub(crate) fn copy_type(ty: &syn::Type) -> bool {
    const SCALARS: &[&str] = &[
        "bool", "char", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
        "u32", "u64", "u128", "usize",
    ];
    match ty {
        syn::Type::Paren(paren) => copy_type(&paren.elem),
        syn::Type::Group(group) => copy_type(&group.elem),
        syn::Type::Reference(reference) => reference.mutability.is_none(),
        syn::Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .get_ident()
                    .is_some_and(|ident| SCALARS.iter().any(|name| ident == name))
        }
        _ => false,
    }
}
