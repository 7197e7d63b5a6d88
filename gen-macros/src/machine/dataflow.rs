//! Which locals each suspension point saves.
//!
//! A control-flow graph is built over the IR (one node a statement, with the edges of
//! `break`, `continue` and `return`), and three classic analyses run on it:
//! - liveness: the locals whose value may be read after the point;
//! - maybe-moved: the locals that may have been moved out before it;
//! - definitely-initialized: the locals that certainly hold a value there.
//!
//! A point saves a local in scope that is live, and also one that is certainly
//! initialized and certainly not moved: native generators keep such a local until its
//! scope ends, so it must drop there (or when the suspended generator is dropped), not at
//! the suspension. A local that may have been moved and is not used afterwards is not
//! saved, because saving a moved value would not compile: it drops at the suspension.

use super::ir::{Block, Else, Head, If, LocalId, Origin, PointId, PointKind, Program, Stmt};
use super::mentions::{self, Exit, Mentions, Scope, Use};
use super::patterns::{self, Position};
use std::collections::BTreeSet;

type Set = BTreeSet<LocalId>;

#[derive(Default)]
struct Node {
    succ: Vec<usize>,
    preds: usize,
    reads: Set,
    moves: Set,
    /// Locals certainly moved (or copied) whole (see `Mentions::whole_moves`).
    whole_moves: Set,
    /// Locals that may be moved in part (see `Mentions::part_moves`).
    part_moves: Set,
    /// Locals given a (new) value here.
    inits: Set,
    /// Locals declared here (a new binding: the old value, if any, is another instance).
    decls: Set,
    /// Locals assigned here as a whole.
    writes: Set,
    /// Locals declared here without a value.
    uninits: Set,
    /// Parts moved out here where a move is likely (see `parts`).
    splits: Set,
}

/// Where a suspension point is, and what is in scope there.
struct At {
    node: usize,
    /// For `?`: what the statement around it may move.
    moved: Set,
    /// For `?`: what its operand certainly moves whole (before it can fail).
    operand_moves: Set,
    /// And the parts it moves out (see `parts`).
    splits: Set,
    /// Every local in scope, shadowed or not, in declaration order.
    in_scope: Vec<LocalId>,
    /// Those that the point can name (not shadowed).
    visible: Set,
    /// The others, each with the binding that hides it.
    hidden: Vec<(LocalId, LocalId)>,
}

/// Fills `program.points[..].saved`. Returns the bindings that hide a local that must be
/// saved where they hide it: they must be renamed, and the analysis run again.
pub(crate) fn analyze(program: &mut Program) -> Vec<LocalId> {
    let mut builder = Builder {
        program,
        nodes: Vec::new(),
        scope: Scope::default(),
        targets: Vec::new(),
        end: 0,
        at: (0..program.points.len()).map(|_| None).collect(),
        mutated: Set::new(),
        open_loops: Vec::new(),
        may_borrow: Set::new(),
        borrowing_futures: Vec::new(),
        loop_facts: program.loop_facts.clone(),
        loop_exits: Vec::new(),
    };
    builder.end = builder.node(None);
    let entry = builder.node(None);
    builder.scope.push();
    for &param in &program.params {
        builder.nodes[entry].inits.insert(param);
        builder.declare(&[param]);
    }
    if let Some(exit) = builder.block(&program.root, Some(entry)) {
        builder.edge(exit, builder.end);
    }
    let Builder {
        mut nodes,
        at,
        mutated,
        mut loop_facts,
        loop_exits,
        may_borrow,
        borrowing_futures,
        ..
    } = builder;
    for point in borrowing_futures {
        program.points[point].borrowing_future = true;
    }
    with_parts(program, &mut nodes);
    let facts = Facts::solve(&program.locals, &nodes, entry);
    for (id, join) in loop_exits {
        let settled = facts.init_in[join].difference(&facts.moved_in[join]);
        loop_facts[id].settled_at_exit = Some(settled.copied().collect());
    }
    program.loop_facts = loop_facts;
    program.may_borrow.clone_from(&may_borrow);
    let mentioned: Set = nodes
        .iter()
        .flat_map(|node| node.reads.iter().chain(&node.writes).copied())
        .collect();
    let is_part = |id: LocalId| base_of(&program.locals, id).is_some();

    let mut hiders = Vec::new();
    let mut saved_sets = Vec::with_capacity(at.len());
    for (point, at) in at.into_iter().enumerate() {
        let Some(at) = at else {
            // Unreachable: never suspends, saves nothing.
            saved_sets.push((Vec::new(), Vec::new(), Vec::new()));
            continue;
        };
        let mut saved = Vec::new();
        let mut redeclared = Vec::new();
        let mut moved_before = Vec::new();
        let mut partly_moved = Vec::new();
        for &local in &at.in_scope {
            if is_part(local) {
                // Decided with its base.
                continue;
            }
            let parts = &program.locals[local].parts;
            let visible = at.visible.contains(&local);
            let node = at.node;
            let mut needed_parts = false;
            if !parts.is_empty() {
                // Moved out of in part (and not used whole afterwards): its parts still
                // held are saved instead, in reverse, so that they drop in order.
                let split = match program.points[point].kind {
                    PointKind::Yield | PointKind::Await | PointKind::Join => {
                        parts.iter().any(|p| facts.split_out[node].contains(p))
                            && !facts.live_out[node].contains(&local)
                            && !facts.moved_out[node].contains(&local)
                            && facts.init_out[node].contains(&local)
                    }
                    PointKind::Try => {
                        parts
                            .iter()
                            .any(|p| facts.split_in[node].contains(p) || at.splits.contains(p))
                            && facts.init_in[node].contains(&local)
                            && !facts.moved_in[node].contains(&local)
                            && !at.moved.contains(&local)
                    }
                };
                if split {
                    for &part in parts.iter().rev() {
                        let (keep, needed) = match program.points[point].kind {
                            PointKind::Yield | PointKind::Await | PointKind::Join => {
                                let live = facts.live_out[node].contains(&part)
                                    && facts.init_out[node].contains(&part);
                                let kept = facts.init_out[node].contains(&part)
                                    && !facts.moved_out[node].contains(&part)
                                    && mentioned.contains(&part)
                                    && !may_borrow.contains(&local);
                                (
                                    live || kept,
                                    live || kept || facts.mentioned_out[node].contains(&part),
                                )
                            }
                            PointKind::Try => {
                                let kept = facts.init_in[node].contains(&part)
                                    && !facts.moved_in[node].contains(&part)
                                    && !at.moved.contains(&part)
                                    && mentioned.contains(&part);
                                (kept, kept)
                            }
                        };
                        needed_parts |= needed;
                        if keep && visible {
                            saved.push(part);
                        } else if program.points[point].kind != PointKind::Try
                            && visible
                            && facts.mentioned_out[node].contains(&part)
                        {
                            redeclared.push(part);
                        }
                    }
                    if needed_parts && !visible {
                        if let Some(&(_, hider)) =
                            at.hidden.iter().find(|(hidden, _)| *hidden == local)
                        {
                            if !hiders.contains(&hider) {
                                hiders.push(hider);
                            }
                        }
                    }
                    continue;
                }
            }
            // Saved whole, its parts with it.
            let any_part = |set: &Set| parts.iter().any(|p| set.contains(p));
            let mut live_here = false;
            let keep = match program.points[point].kind {
                PointKind::Yield | PointKind::Await | PointKind::Join => {
                    // A live local is saved if it certainly holds a value. If it may not,
                    // code that compiles cannot read it after the point before assigning it
                    // (rustc requires it to be definitely assigned where it is read, on
                    // every path, including the paths that reach this point without a
                    // value): it is declared again without one. This also covers the
                    // imprecision of liveness inside expressions (`f({ x = v; break })`).
                    let live = (facts.live_out[node].contains(&local)
                        || any_part(&facts.live_out[node]))
                        && facts.init_out[node].contains(&local);

                    // Kept for its drop, unless the user never uses it: rustc then warns
                    // about it, and the warning must not be silenced by the save.
                    let unused = !mentioned.contains(&local)
                        && !any_part(&mentioned)
                        && !program.locals[local].ident.to_string().starts_with('_');
                    // And unless it may hold a borrow of another local (a reference: native
                    // generators do not keep a dead local without drop glue, and saving
                    // it would make the state borrow itself).
                    let kept = facts.init_out[node].contains(&local)
                        && !facts.moved_out[node].contains(&local)
                        && !any_part(&facts.moved_out[node])
                        && !unused
                        && !may_borrow.contains(&local);

                    // A local hidden by a same-named one cannot be named in the resume arm:
                    // if it is needed there (saved, or assigned before it is read again),
                    // the hider is renamed and the analysis runs again.
                    let needed = live
                        || kept
                        || facts.mentioned_out[node].contains(&local)
                        || any_part(&facts.mentioned_out[node]);
                    if needed && !at.visible.contains(&local) {
                        if let Some(&(_, hider)) =
                            at.hidden.iter().find(|(hidden, _)| *hidden == local)
                        {
                            if !hiders.contains(&hider) {
                                hiders.push(hider);
                            }
                        }
                    }
                    live_here = live;
                    (live || kept) && at.visible.contains(&local)
                }
                // A failed `?` ends the generator once its residual is handed out, so
                // nothing is used after it; what is still owned drops then.
                PointKind::Try => {
                    facts.init_in[node].contains(&local)
                        && !facts.moved_in[node].contains(&local)
                        && !at.moved.contains(&local)
                        && !any_part(&facts.moved_in[node])
                        && !any_part(&at.moved)
                        && visible
                }
            };
            if keep && !live_here && param_without_drop(&program.locals[local]) {
                // Kept only for its drop, which does nothing.
            } else if keep {
                saved.push(local);
                if live_here && facts.moved_out[at.node].contains(&local) {
                    moved_before.push(local);
                }
                if facts.part_moved_out[at.node].contains(&local) {
                    partly_moved.push(local);
                }
            } else if program.points[point].kind != PointKind::Try
                && at.visible.contains(&local)
                && facts.mentioned_out[at.node].contains(&local)
            {
                // Dead here but assigned before it is read again: it must exist, without a
                // value.
                redeclared.push(local);
            }
        }
        saved.reverse();
        program.points[point].partly_moved = partly_moved;
        // What may still hold a value here and is not saved: the machine drops it here.
        let holds = match program.points[point].kind {
            PointKind::Try => facts.holds_in[at.node]
                .difference(&at.operand_moves)
                .copied()
                .collect(),
            _ => facts.holds_out[at.node].clone(),
        };
        program.points[point].dropped = at
            .in_scope
            .iter()
            .copied()
            .filter(|id| {
                holds.contains(id)
                    && !saved.contains(id)
                    && !is_part(*id)
                    && !param_without_drop(&program.locals[*id])
            })
            .collect();
        saved_sets.push((saved, redeclared, moved_before));
    }
    // A join moves the locals it saves into the state and out again, which is not
    // observable; one it does not save drops there, but it would also drop at the next
    // suspension point (the rule is the same), with no join. Moving a local that may borrow
    // another one (or a `&mut` parameter, which may be lent out) into the state would not
    // compile, unless a yield saves it too: then it compiles there, so it borrows nothing
    // that moving breaks.
    let at_yields: Set = saved_sets
        .iter()
        .zip(&program.points)
        .filter(|(_, point)| point.kind.pauses())
        .flat_map(|((saved, _, _), _)| saved.iter().copied())
        .collect();
    for ((saved, _, _), point) in saved_sets.iter().zip(&mut program.points) {
        if let Some(join) = &mut point.join {
            let lending = saved.iter().any(|&id| {
                let mut_param = matches!(
                    program.locals[id].origin,
                    Origin::Param {
                        reference: true,
                        copy: false,
                        ..
                    }
                );
                (may_borrow.contains(&id) || mut_param) && !at_yields.contains(&id)
            });
            join.transparent = !lending;
        }
    }
    // A `mut` local first mutated after a suspension point is mutated in a resume arm,
    // on the restored binding: the declaring arm would see a `mut` it does not need.
    let mut carried = Set::new();
    for (point, (saved, redeclared, moved_before)) in program.points.iter_mut().zip(saved_sets) {
        carried.extend(saved.iter().chain(&redeclared).copied());
        point.saved = saved;
        point.redeclared = redeclared;
        point.moved_before = moved_before;
    }
    for (id, local) in program.locals.iter_mut().enumerate() {
        // A `for` loop's iterator is always advanced where it is declared.
        let iterator = matches!(local.origin, Origin::ForIter { .. });
        // A local moved out of in part is saved as its parts (see `parts`), and a field
        // given a value again in a resume arm is a part mutated there.
        let mutated_later = |id: &LocalId| carried.contains(id) && mutated.contains(id);
        local.mutated_later = local.mutable
            && !iterator
            && (mutated_later(&id) || local.parts.iter().any(mutated_later));
    }
    hiders
}

/// The base of `id`, if it is a part.
fn base_of(locals: &[super::ir::Local], id: LocalId) -> Option<LocalId> {
    super::parts::base_of(&locals[id])
}

/// What a node does to a local, it does to its parts (see `parts`); and a part moved
/// where it is still used afterwards was only copied (a move there would not compile).
fn with_parts(program: &Program, nodes: &mut [Node]) {
    let locals = &program.locals;
    let parts = |set: &Set| -> Vec<LocalId> {
        set.iter()
            .flat_map(|&id| locals[id].parts.iter().copied())
            .collect()
    };
    for node in nodes.iter_mut() {
        for set in [
            &mut node.inits,
            &mut node.uninits,
            &mut node.decls,
            &mut node.writes,
            &mut node.moves,
            &mut node.reads,
        ] {
            let extra = parts(set);
            set.extend(extra);
        }
    }
    let (_, live_out) = liveness(nodes);
    for (node, live) in nodes.iter_mut().zip(&live_out) {
        let copied: Vec<LocalId> = node
            .moves
            .iter()
            .copied()
            .filter(|&id| {
                base_of(locals, id).is_some_and(|base| !node.moves.contains(&base))
                    && live.contains(&id)
            })
            .collect();
        for id in copied {
            node.moves.remove(&id);
            node.splits.remove(&id);
        }
    }
}

/// Whether a local is a parameter without drop glue (certainly `Copy`, or a reference),
/// never assigned, so that its drop does nothing and cannot be observed. Not saving a
/// dead `&mut` also lets the state hold what it lent (`for x in v.iter_mut()`): moving
/// the reference into the state while it is reborrowed would not compile.
fn param_without_drop(local: &super::ir::Local) -> bool {
    matches!(
        local.origin,
        Origin::Param { copy: true, .. }
            | Origin::Param {
                reference: true,
                ..
            }
    ) && !local.mutable
}

/// A construct that `break` (and for loops, `continue`) can leave.
struct Target {
    label: Option<String>,
    is_loop: bool,
    continue_to: usize,
    break_to: usize,
}

struct Builder<'p> {
    program: &'p Program,
    nodes: Vec<Node>,
    scope: Scope,
    targets: Vec<Target>,
    end: usize,
    at: Vec<Option<At>>,
    /// Locals that may be mutated somewhere.
    mutated: Set,
    /// The IR loops being built, with the index of their own entry in `targets`.
    open_loops: Vec<(usize, usize)>,
    /// Locals whose value may borrow from a local the generator owns.
    may_borrow: Set,
    /// The await points whose future may borrow a local.
    borrowing_futures: Vec<PointId>,
    loop_facts: Vec<super::ir::LoopFacts>,
    /// Each loop that is left somewhere, with the node after it.
    loop_exits: Vec<(usize, usize)>,
}

impl Builder<'_> {
    fn node(&mut self, from: Option<usize>) -> usize {
        self.nodes.push(Node::default());
        let node = self.nodes.len() - 1;
        if let Some(from) = from {
            self.edge(from, node);
        }
        node
    }

    fn edge(&mut self, from: usize, to: usize) {
        self.nodes[from].succ.push(to);
        self.nodes[to].preds += 1;
    }

    fn record(&mut self, node: usize, mentions: Mentions) {
        // For a loop, a use of a part is also one of its base (what the loop does to the
        // base, when that is saved whole).
        let locals = &self.program.locals;
        let with_bases = |set: &Set| -> Set {
            set.iter()
                .flat_map(|&id| std::iter::once(id).chain(super::parts::base_of(&locals[id])))
                .collect()
        };
        for &(id, _) in &self.open_loops {
            let facts = &mut self.loop_facts[id];
            facts.mentioned.extend(with_bases(&mentions.reads));
            facts.mentioned.extend(with_bases(&mentions.writes));
            facts.consumes.extend(with_bases(&mentions.consumes));
            facts.captured.extend(with_bases(&mentions.captured));
            facts.moves.extend(with_bases(&mentions.moves));
            facts.writes.extend(mentions.writes.iter().copied());
            facts.opaque.extend(mentions.opaque.iter().copied());
        }
        self.nodes[node].splits.extend(mentions.splits);
        self.nodes[node].reads.extend(mentions.reads);
        self.nodes[node].moves.extend(mentions.moves);
        self.nodes[node].whole_moves.extend(mentions.whole_moves);
        self.nodes[node].part_moves.extend(mentions.part_moves);
        // A stream's machine keeps its futures apart from its locals and must prove that
        // none of them borrows another (see `eligible`): it also counts what a local may
        // be given through a method or an assignment into it.
        if self.program.machine == super::Machine::Stream {
            for (id, value) in &mentions.lent_to {
                if self.borrows(value) {
                    self.may_borrow.insert(*id);
                }
            }
        }
        self.nodes[node].writes.extend(mentions.writes);
        self.mutated.extend(mentions.mutations);
        for exit in mentions.exits {
            self.exit(node, &exit);
        }
    }

    fn find(&self, label: Option<&str>, continuing: bool) -> Option<usize> {
        self.targets.iter().rposition(|target| {
            let named = match label {
                Some(label) => target.label.as_deref() == Some(label),
                None => target.is_loop,
            };
            named && (!continuing || target.is_loop)
        })
    }

    /// Control leaves `node` by `break`, `continue` or `return`.
    fn exit(&mut self, node: usize, exit: &Exit) {
        let to = match exit {
            Exit::Return => {
                for &(id, _) in &self.open_loops {
                    self.loop_facts[id].returns = true;
                }
                Some(self.end)
            }
            Exit::Break(label) | Exit::Continue(label) => {
                let continuing = matches!(exit, Exit::Continue(_));
                self.find(label.as_deref(), continuing).map(|index| {
                    for &(id, own) in &self.open_loops {
                        if index < own {
                            self.loop_facts[id].escapes = true;
                        }
                    }
                    let target = &self.targets[index];
                    if continuing {
                        target.continue_to
                    } else {
                        target.break_to
                    }
                })
            }
        };
        if let Some(to) = to {
            self.edge(node, to);
        }
    }

    fn suspends(&mut self, point: PointId, node: usize) {
        for &(id, _) in &self.open_loops {
            self.loop_facts[id].points.push(point);
        }
        let in_scope = self.scope.all();
        let mut visible = Set::new();
        let mut hidden = Vec::new();
        for &id in &in_scope {
            match self
                .scope
                .lookup(&self.program.locals[id].ident.to_string())
            {
                Some(found) if found == id => {
                    visible.insert(id);
                }
                Some(hider) => hidden.push((id, hider)),
                None => {}
            }
        }
        self.at[point] = Some(At {
            node,
            moved: Set::new(),
            operand_moves: Set::new(),
            splits: Set::new(),
            in_scope,
            visible,
            hidden,
        });
    }

    /// `?` operators evaluated from `node` on, in `code`: a failed one saves none of the
    /// locals it may move (they may be moved by then, by its own operand (`f(x?)`) or by
    /// what is evaluated before it).
    fn suspends_within(&mut self, tries: &[PointId], node: usize, code: &Mentions) {
        for &point in tries {
            self.suspends(point, node);
            let operand_moves = match &self.program.points[point].operand {
                Some(operand) => mentions::of_expr(operand, Use::Move, &self.scope).whole_moves,
                None => Set::new(),
            };
            if let Some(at) = &mut self.at[point] {
                at.moved.clone_from(&code.moves);
                at.splits.clone_from(&code.splits);
                at.operand_moves = operand_moves;
            }
            let end = self.end;
            self.edge(node, end);
        }
    }

    /// Whether a value described by `borrowed` may borrow from a local the generator owns.
    fn borrows(&self, borrowed: &mentions::Borrowed) -> bool {
        let owned = |id: &LocalId| {
            !matches!(
                self.program.locals[*id].origin,
                Origin::Param {
                    reference: true,
                    ..
                } | Origin::ForIter { .. }
            )
        };
        borrowed.roots.iter().any(owned)
            || borrowed
                .mentioned
                .iter()
                .any(|id| self.may_borrow.contains(id))
    }

    /// Whether the local `id` is a `&mut` parameter (or `&mut self`), which lends out what
    /// it points to when reborrowed.
    fn mut_param(&self, id: LocalId) -> bool {
        matches!(
            self.program.locals[id].origin,
            Origin::Param {
                reference: true,
                copy: false,
                ..
            }
        )
    }

    /// Marks `ids`, bound from `expr` (through `pat`, if given), when they may borrow.
    fn bound_from(&mut self, expr: &syn::Expr, pat: Option<&syn::Pat>, ids: &[LocalId]) {
        let mut borrowed = mentions::borrowed(expr, &self.scope);
        if pat.is_some_and(mentions::binds_by_reference) {
            borrowed.roots.extend(borrowed.mentioned.iter().copied());
        }
        if self.borrows(&borrowed) {
            self.may_borrow.extend(ids.iter().copied());
        }
    }

    /// Marks `written`, assigned `expr`, when it may borrow. Not from the temporaries of
    /// a block the assignment is in, declared deeper than `written`: they are those of a
    /// statement (`let x = { yield_!(a); f() }.into_g();` assigns `x`'s value in a block
    /// that holds `f()`), and natively die with it, so a value that outlives them cannot
    /// borrow them.
    fn assigned_from(&mut self, expr: &syn::Expr, written: &[LocalId]) {
        let mut borrowed = mentions::borrowed(expr, &self.scope);
        if let Some(outer) = written
            .iter()
            .filter_map(|&id| self.scope.depth_of(id))
            .min()
        {
            let inner_temp = |id: &LocalId| {
                matches!(self.program.locals[*id].origin, Origin::Temp)
                    && self.scope.depth_of(*id).is_some_and(|depth| depth > outer)
            };
            borrowed.roots.retain(|id| !inner_temp(id));
            borrowed.mentioned.retain(|id| !inner_temp(id));
        }
        if self.borrows(&borrowed) {
            self.may_borrow.extend(written.iter().copied());
        }
    }

    fn leaf(&mut self, mentions: Mentions, from: Option<usize>) -> usize {
        let node = self.node(from);
        self.record(node, mentions);
        node
    }

    /// User code without suspension points, followed through its blocks and branches so
    /// that what happens on one path (an assignment before a `break`) is not taken to
    /// happen on the others.
    fn plain_expr(&mut self, expr: &syn::Expr, from: Option<usize>) -> Option<usize> {
        use syn::Expr;
        match expr {
            Expr::Block(block) => self.plain_block(&block.block, block.label.as_ref(), from),
            Expr::Unsafe(unsafe_expr) => self.plain_block(&unsafe_expr.block, None, from),
            Expr::Paren(paren) => self.plain_expr(&paren.expr, from),
            Expr::Group(group) => self.plain_expr(&group.expr, from),
            Expr::If(if_expr) => {
                let cond = self.condition(&if_expr.cond, from)?;
                let join = self.node(None);
                self.scope.push();
                for pat in patterns::condition_patterns(&if_expr.cond) {
                    self.shadow(pat, Position::Refutable);
                }
                let then = self.plain_block(&if_expr.then_branch, None, Some(cond));
                self.scope.pop();
                let otherwise = match &if_expr.else_branch {
                    None => Some(cond),
                    Some((_, otherwise)) => self.plain_expr(otherwise, Some(cond)),
                };
                for exit in [then, otherwise].into_iter().flatten() {
                    self.edge(exit, join);
                }
                (self.nodes[join].preds > 0).then_some(join)
            }
            Expr::Match(match_expr) => {
                let by_value = match_expr
                    .arms
                    .iter()
                    .any(|arm| patterns::binds_by_value(&arm.pat, Position::Refutable));
                let how = if by_value { Use::Move } else { Use::Ref };
                let whole = mentions::arms_take_all(match_expr.arms.iter().map(|arm| &arm.pat));
                let scrutinee = self.scrutinee_value(&match_expr.expr, how, whole, from)?;
                let join = self.node(None);
                for arm in &match_expr.arms {
                    let guard = mentions::of_guard(&arm.pat, &self.scope);
                    let entry = self.leaf(guard, Some(scrutinee));
                    self.scope.push();
                    self.shadow(&arm.pat, Position::Refutable);
                    let exit = self.plain_expr(&arm.body, Some(entry));
                    self.scope.pop();
                    if let Some(exit) = exit {
                        self.edge(exit, join);
                    }
                }
                (self.nodes[join].preds > 0).then_some(join)
            }
            Expr::Loop(loop_expr) => {
                let head = self.node(from);
                self.plain_loop(loop_expr.label.as_ref(), head, None, &loop_expr.body)
            }
            Expr::While(while_expr) => {
                let head = self.leaf(mentions::of_condition(&while_expr.cond, &self.scope), from);
                let pats = patterns::condition_patterns(&while_expr.cond);
                self.plain_loop(
                    while_expr.label.as_ref(),
                    head,
                    Some((&pats, Position::Refutable)),
                    &while_expr.body,
                )
            }
            Expr::ForLoop(for_loop) => {
                let iterable = self.leaf(
                    mentions::of_expr(&for_loop.expr, Use::Move, &self.scope),
                    from,
                );
                let head = self.node(Some(iterable));
                let pats = [&*for_loop.pat];
                self.plain_loop(
                    for_loop.label.as_ref(),
                    head,
                    Some((&pats, Position::Irrefutable)),
                    &for_loop.body,
                )
            }
            Expr::Break(break_expr) => {
                let node = match &break_expr.expr {
                    Some(value) => {
                        self.leaf(mentions::of_expr(value, Use::Move, &self.scope), from)
                    }
                    None => self.node(from),
                };
                let label = break_expr.label.as_ref().map(|l| l.ident.to_string());
                self.exit(node, &Exit::Break(label));
                None
            }
            Expr::Continue(continue_expr) => {
                let node = self.node(from);
                let label = continue_expr.label.as_ref().map(|l| l.ident.to_string());
                self.exit(node, &Exit::Continue(label));
                None
            }
            Expr::Return(return_expr) => {
                let node = match &return_expr.expr {
                    Some(value) => {
                        self.leaf(mentions::of_expr(value, Use::Move, &self.scope), from)
                    }
                    None => self.node(from),
                };
                self.exit(node, &Exit::Return);
                None
            }
            Expr::Assign(assign) => {
                let local = mentions::local_of(&assign.left);
                // As for a `let`, a block-like value is followed through, then assigned.
                let node = if local.is_some() && block_like(&assign.right) {
                    let after = self.plain_expr(&assign.right, from)?;
                    let target = mentions::of_expr(&assign.left, Use::Write, &self.scope);
                    self.leaf(target, Some(after))
                } else {
                    self.operand_value(expr, Use::Move, from)?
                };
                let mut written = Vec::new();
                for place in mentions::assignees(&assign.left) {
                    let local = mentions::local_of(place);
                    if let Some(id) = local.and_then(|ident| self.scope.lookup(&ident.to_string()))
                    {
                        self.nodes[node].inits.insert(id);
                        self.mutated.insert(id);
                        written.push(id);
                    } else if let Some(part) = mentions::part_of(place, &self.scope) {
                        // A field moved out of is given a value again.
                        self.nodes[node].inits.insert(part);
                        self.mutated.insert(part);
                    }
                }
                if !written.is_empty() {
                    self.assigned_from(&assign.right, &written);
                }
                Some(node)
            }
            Expr::Macro(mac) => {
                let node = self.leaf(mentions::of_expr(expr, Use::Move, &self.scope), from);
                (!super::reach::diverging_macro(&mac.mac)).then_some(node)
            }
            other => self.operand_value(other, Use::Move, from),
        }
    }

    /// An `if` condition; one without `let` is an operand like any other.
    fn condition(&mut self, cond: &syn::Expr, from: Option<usize>) -> Option<usize> {
        if patterns::condition_patterns(cond).is_empty() {
            self.operand_value(cond, Use::Move, from)
        } else {
            Some(self.leaf(mentions::of_condition(cond, &self.scope), from))
        }
    }

    /// The initializer of `let` statement `stmt`. One with a block in it is followed
    /// through like statements, so that an assignment inside it (`let v = { x = f(x); 2 };`)
    /// reinitializes.
    fn let_value(
        &mut self,
        stmt: &syn::Stmt,
        local: &syn::Local,
        from: Option<usize>,
    ) -> Option<usize> {
        match &local.init {
            Some(syn::LocalInit {
                expr,
                diverge: None,
                ..
            }) => {
                let how = if patterns::binds_by_value(&local.pat, Position::of_let(local)) {
                    Use::Move
                } else {
                    Use::Ref
                };
                self.operand_value(expr, how, from)
            }
            _ => Some(self.leaf(mentions::of_stmt(stmt, &self.scope), from)),
        }
    }

    /// An expression used as `how`. If one of its operands is a block (`f({ x = g(x); 1 })`),
    /// its operands are followed one after the other in evaluation order, each block
    /// statement by statement, so that a local moved and assigned again inside it is not
    /// taken as moved afterwards. Otherwise it is one node.
    fn operand_value(&mut self, expr: &syn::Expr, how: Use, from: Option<usize>) -> Option<usize> {
        if block_like(expr) && how != Use::Ref {
            return self.plain_expr(expr, from);
        }
        let operands = match operands(expr, how) {
            Some(operands) if runs_block(expr) => operands,
            _ => return Some(self.leaf(mentions::of_expr(expr, how, &self.scope), from)),
        };
        let mut current = from;
        for (operand, how) in operands {
            current = Some(self.operand_value(operand, how, current)?);
        }
        // What else the expression does (the `mut` it needs, the loop facts) on a node of
        // its own: the reads, moves and assignments were its operands'.
        let mut whole = mentions::of_expr(expr, how, &self.scope);
        whole.reads.clear();
        whole.moves.clear();
        whole.whole_moves.clear();
        whole.part_moves.clear();
        whole.splits.clear();
        whole.writes.clear();
        whole.exits.clear();
        Some(self.leaf(whole, current))
    }

    /// The scrutinee of a `match`: a place there may be moved in part, unless the arms
    /// take `whole` of it.
    fn scrutinee_value(
        &mut self,
        expr: &syn::Expr,
        how: Use,
        whole: bool,
        from: Option<usize>,
    ) -> Option<usize> {
        let place = matches!(
            crate::visit::peel(expr),
            syn::Expr::Path(_) | syn::Expr::Field(_) | syn::Expr::Index(_) | syn::Expr::Unary(_)
        );
        if place && how == Use::Move && !whole {
            let mentions = mentions::of_scrutinee(expr, how, false, &self.scope);
            return Some(self.leaf(mentions, from));
        }
        self.operand_value(expr, how, from)
    }

    fn plain_loop(
        &mut self,
        label: Option<&syn::Label>,
        head: usize,
        bindings: Option<(&[&syn::Pat], Position)>,
        body: &syn::Block,
    ) -> Option<usize> {
        let join = self.node(None);
        if bindings.is_some() {
            // `while` and `for` end when their condition or iterator says so.
            self.edge(head, join);
        }
        self.targets.push(Target {
            label: label.map(|l| l.name.ident.to_string()),
            is_loop: true,
            continue_to: head,
            break_to: join,
        });
        self.scope.push();
        if let Some((pats, position)) = bindings {
            for pat in pats {
                self.shadow(pat, position);
            }
        }
        let exit = self.plain_block(body, None, Some(head));
        self.scope.pop();
        if let Some(exit) = exit {
            self.edge(exit, head);
        }
        self.targets.pop();
        (self.nodes[join].preds > 0).then_some(join)
    }

    fn plain_block(
        &mut self,
        block: &syn::Block,
        label: Option<&syn::Label>,
        from: Option<usize>,
    ) -> Option<usize> {
        self.scope.push();
        let join = label.map(|label| {
            let join = self.node(None);
            self.targets.push(Target {
                label: Some(label.name.ident.to_string()),
                is_loop: false,
                continue_to: join,
                break_to: join,
            });
            join
        });
        let mut current = from;
        for stmt in &block.stmts {
            if current.is_none() {
                break;
            }
            current = match stmt {
                syn::Stmt::Local(local) => {
                    let node = self.let_value(stmt, local, current);
                    self.shadow(&local.pat, Position::of_let(local));
                    node
                }
                syn::Stmt::Expr(expr, _) => self.plain_expr(expr, current),
                syn::Stmt::Item(_) => current,
                syn::Stmt::Macro(mac) => {
                    let mentions = mentions::of_stmt(stmt, &self.scope);
                    let node = self.leaf(mentions, current);
                    (!super::reach::diverging_macro(&mac.mac)).then_some(node)
                }
            };
        }
        self.scope.pop();
        match join {
            Some(join) => {
                self.targets.pop();
                if let Some(current) = current {
                    self.edge(current, join);
                }
                (self.nodes[join].preds > 0).then_some(join)
            }
            None => current,
        }
    }

    fn shadow(&mut self, pat: &syn::Pat, position: Position) {
        for binding in patterns::bindings(pat, position) {
            self.scope.shadow(&binding.ident);
        }
    }

    fn declare(&mut self, ids: &[LocalId]) {
        for &id in ids {
            let local = &self.program.locals[id];
            self.scope.declare(&local.ident, id);
            if !local.parts.is_empty() {
                let parts: Vec<(String, LocalId)> = local
                    .parts
                    .iter()
                    .map(|&part| match &self.program.locals[part].origin {
                        Origin::Part { member, .. } => (super::parts::member_name(member), part),
                        _ => unreachable!("a part"),
                    })
                    .collect();
                self.scope.declare_parts(id, &parts);
            }
        }
    }

    /// Builds a block reached from `from`; returns the node control leaves it from.
    fn block(&mut self, block: &Block, from: Option<usize>) -> Option<usize> {
        self.scope.push();
        let mut current = from;
        if !block.binds.is_empty() {
            let node = self.node(current);
            self.nodes[node].inits.extend(block.binds.iter().copied());
            self.nodes[node].decls.extend(block.binds.iter().copied());
            self.declare(&block.binds);
            current = Some(node);
        }
        let join = block.label.as_ref().map(|label| {
            let join = self.node(None);
            self.targets.push(Target {
                label: Some(label.name.ident.to_string()),
                is_loop: false,
                continue_to: join,
                break_to: join,
            });
            join
        });
        for stmt in &block.stmts {
            if current.is_none() {
                // Unreachable: the emitter does not write it either.
                break;
            }
            current = self.stmt(stmt, current);
        }
        self.scope.pop();
        match join {
            Some(join) => {
                self.targets.pop();
                if let Some(current) = current {
                    self.edge(current, join);
                }
                (self.nodes[join].preds > 0).then_some(join)
            }
            None => current,
        }
    }

    fn stmt(&mut self, stmt: &Stmt, from: Option<usize>) -> Option<usize> {
        match stmt {
            Stmt::Plain { stmt, decls, tries } => {
                let entry = self.node(from);
                if let syn::Stmt::Local(local) = stmt {
                    if let Some(init) = &local.init {
                        self.bound_from(&init.expr, Some(&local.pat), decls);
                    }
                }
                // A failed `?` somewhere in the statement saves nothing the statement may move.
                let whole = mentions::of_stmt(stmt, &self.scope);
                self.suspends_within(tries, entry, &whole);
                let exit = match stmt {
                    syn::Stmt::Expr(expr, _) => self.plain_expr(expr, Some(entry)),
                    syn::Stmt::Local(local) => self.let_value(stmt, local, Some(entry)),
                    syn::Stmt::Macro(mac) if super::reach::diverging_macro(&mac.mac) => {
                        let mentions = mentions::of_stmt(stmt, &self.scope);
                        self.leaf(mentions, Some(entry));
                        None
                    }
                    other => {
                        let mentions = mentions::of_stmt(other, &self.scope);
                        Some(self.leaf(mentions, Some(entry)))
                    }
                };
                let initialized = matches!(stmt, syn::Stmt::Local(local) if local.init.is_some());
                let exit = exit?;
                let set = if initialized {
                    &mut self.nodes[exit].inits
                } else {
                    &mut self.nodes[exit].uninits
                };
                set.extend(decls.iter().copied());
                self.nodes[exit].decls.extend(decls.iter().copied());
                self.declare(decls);
                Some(exit)
            }
            // It follows a statement that never falls through: nothing reaches it.
            Stmt::Unreachable { .. } => from,
            Stmt::Declare { local } => {
                let node = self.node(from);
                self.nodes[node].uninits.insert(*local);
                self.nodes[node].decls.insert(*local);
                self.declare(&[*local]);
                Some(node)
            }
            Stmt::Yield {
                point,
                value,
                tries,
            } => {
                let node = self.node(from);
                if self.program.points[*point].kind == PointKind::Await {
                    let value = value.as_ref().expect("an await point has a future");
                    let borrowed = mentions::borrowed(value, &self.scope);
                    let reborrows = borrowed.roots.iter().any(|&id| self.mut_param(id));
                    if self.borrows(&borrowed) || reborrows {
                        self.borrowing_futures.push(*point);
                    }
                }
                // A failed `?` in the value saves nothing the value may move (`Ok(x?)`).
                if let Some(value) = value {
                    let mentions = mentions::of_expr(value, Use::Value, &self.scope);
                    self.suspends_within(tries, node, &mentions);
                    self.record(node, mentions);
                }
                self.suspends(*point, node);
                Some(node)
            }
            Stmt::Block(block) => self.block(block, from),
            Stmt::If(if_) => self.if_(if_, from),
            Stmt::Match {
                scrutinee,
                tries,
                arms,
                ..
            } => {
                let by_value = arms
                    .iter()
                    .any(|arm| patterns::binds_by_value(&arm.pat, Position::Refutable));
                let how = if by_value { Use::Move } else { Use::Ref };
                let whole = mentions::arms_take_all(arms.iter().map(|arm| &arm.pat));
                let node = if tries.is_empty() {
                    self.scrutinee_value(scrutinee, how, whole, from)?
                } else {
                    let node = self.node(from);
                    let mentions = mentions::of_scrutinee(scrutinee, how, whole, &self.scope);
                    self.suspends_within(tries, node, &mentions);
                    self.record(node, mentions);
                    node
                };
                let join = self.node(None);
                for arm in arms {
                    self.bound_from(scrutinee, Some(&arm.pat), &arm.body.binds);
                    let entry = self.node(Some(node));
                    let guard = mentions::of_guard(&arm.pat, &self.scope);
                    self.suspends_within(&arm.tries, entry, &guard);
                    self.record(entry, guard);
                    if let Some(exit) = self.block(&arm.body, Some(entry)) {
                        self.edge(exit, join);
                    }
                }
                (self.nodes[join].preds > 0).then_some(join)
            }
            Stmt::Loop(loop_) => {
                let head = self.node(from);
                let join = self.node(None);
                // The condition runs on every iteration: it belongs to the loop's facts.
                self.open_loops.push((loop_.id, self.targets.len()));
                if let Head::While { cond, tries } = &loop_.head {
                    let mentions = mentions::of_condition(cond, &self.scope);
                    self.suspends_within(tries, head, &mentions);
                    self.record(head, mentions);
                    self.bound_from(cond, None, &loop_.body.binds);
                    self.edge(head, join);
                }
                self.targets.push(Target {
                    label: loop_.label.as_ref().map(|l| l.name.ident.to_string()),
                    is_loop: true,
                    continue_to: head,
                    break_to: join,
                });
                if let Some(exit) = self.block(&loop_.body, Some(head)) {
                    self.edge(exit, head);
                }
                self.targets.pop();
                self.open_loops.pop();
                let exits = self.nodes[join].preds > 0;
                if exits {
                    self.loop_exits.push((loop_.id, join));
                }
                exits.then_some(join)
            }
            Stmt::LetElse {
                pat,
                init,
                tries,
                decls,
                otherwise,
                ..
            } => {
                let node = self.node(from);
                let how = if patterns::binds_by_value(pat, Position::Refutable) {
                    Use::Move
                } else {
                    Use::Ref
                };
                let whole = mentions::refutable_takes_all(pat);
                let mentions = mentions::of_scrutinee(init, how, whole, &self.scope);
                self.suspends_within(tries, node, &mentions);
                self.record(node, mentions);
                self.bound_from(init, Some(pat), decls);
                // The `else` block diverges.
                self.block(otherwise, Some(node));
                let bound = self.node(Some(node));
                self.nodes[bound].inits.extend(decls.iter().copied());
                self.nodes[bound].decls.extend(decls.iter().copied());
                self.declare(decls);
                Some(bound)
            }
        }
    }

    fn if_(&mut self, if_: &If, from: Option<usize>) -> Option<usize> {
        let node = if if_.tries.is_empty() {
            self.condition(&if_.cond, from)?
        } else {
            let node = self.node(from);
            let mentions = mentions::of_condition(&if_.cond, &self.scope);
            self.suspends_within(&if_.tries, node, &mentions);
            self.record(node, mentions);
            node
        };
        self.bound_from(&if_.cond, None, &if_.then.binds);
        let join = self.node(None);
        if let Some(exit) = self.block(&if_.then, Some(node)) {
            self.edge(exit, join);
        }
        let otherwise = match &if_.otherwise {
            None => Some(node),
            Some(Else::Block(block)) => self.block(block, Some(node)),
            Some(Else::If(nested)) => self.if_(nested, Some(node)),
        };
        if let Some(exit) = otherwise {
            self.edge(exit, join);
        }
        (self.nodes[join].preds > 0).then_some(join)
    }
}

struct Facts {
    live_out: Vec<Set>,
    /// Locals read or assigned after the node, before they are declared anew.
    mentioned_out: Vec<Set>,
    moved_in: Vec<Set>,
    moved_out: Vec<Set>,
    /// Parts maybe moved out of their base (see `parts`).
    split_in: Vec<Set>,
    split_out: Vec<Set>,
    init_in: Vec<Set>,
    init_out: Vec<Set>,
    /// Maybe holding a value: given one on some path, and not certainly moved whole since.
    holds_in: Vec<Set>,
    holds_out: Vec<Set>,
    /// Maybe moved in part (see `Mentions::part_moves`).
    part_moved_out: Vec<Set>,
}

impl Facts {
    fn solve(locals: &[super::ir::Local], nodes: &[Node], entry: usize) -> Facts {
        let count = nodes.len();
        let mut preds = vec![Vec::new(); count];
        for (from, node) in nodes.iter().enumerate() {
            for &to in &node.succ {
                preds[to].push(from);
            }
        }

        let (_, live_out) = liveness(nodes);

        // Mentioned later, backwards: like liveness, but assignments count and only a new
        // declaration ends the instance.
        let (_, mentioned_out) = backwards(
            nodes,
            |node| node.reads.iter().chain(&node.writes),
            |node, local| node.decls.contains(local),
        );

        // Maybe moved, forwards: moved_out = (moved_in ∪ moves) − written.
        let (moved_in, moved_out) = maybe_moved(nodes, &preds, |node| &node.moves, |_, _| true);
        // Parts maybe moved out where a move is likely, the same way; but a field given a
        // value again does not make its base whole again for the resume arms, which hold
        // only the parts: only a new value of the base does.
        let (split_in, split_out) = maybe_moved(
            nodes,
            &preds,
            |node| &node.splits,
            |node, part| base_of(locals, part).is_none_or(|base| given(node, base)),
        );

        // Definitely initialized, forwards: the intersection over predecessors.
        let all: Set = nodes
            .iter()
            .flat_map(|n| n.inits.iter().chain(&n.uninits).copied())
            .collect();
        let mut init_in = vec![all.clone(); count];
        let mut init_out = vec![all; count];
        init_in[entry] = Set::new();
        let mut changed = true;
        while changed {
            changed = false;
            for n in 0..count {
                let inn = if n == entry {
                    Set::new()
                } else if preds[n].is_empty() {
                    init_in[n].clone()
                } else {
                    let mut sets = preds[n].iter().map(|&p| &init_out[p]);
                    let first = sets.next().expect("a predecessor").clone();
                    sets.fold(first, |acc, s| acc.intersection(s).copied().collect())
                };
                let mut out: Set = inn
                    .iter()
                    .copied()
                    .filter(|l| !nodes[n].uninits.contains(l))
                    .collect();
                out.extend(nodes[n].inits.iter().copied());
                if inn != init_in[n] || out != init_out[n] {
                    init_in[n] = inn;
                    init_out[n] = out;
                    changed = true;
                }
            }
        }

        // Maybe holding a value, forwards: the union over predecessors.
        let mut holds_in = vec![Set::new(); count];
        let mut holds_out = vec![Set::new(); count];
        let mut changed = true;
        while changed {
            changed = false;
            for n in 0..count {
                let inn: Set = preds[n]
                    .iter()
                    .flat_map(|&p| holds_out[p].iter().copied())
                    .collect();
                let node = &nodes[n];
                let mut out: Set = inn
                    .iter()
                    .copied()
                    .filter(|l| !node.whole_moves.contains(l) && !node.uninits.contains(l))
                    .collect();
                out.extend(node.inits.iter().copied());
                if inn != holds_in[n] || out != holds_out[n] {
                    holds_in[n] = inn;
                    holds_out[n] = out;
                    changed = true;
                }
            }
        }

        let (_, part_moved_out) = maybe_moved(nodes, &preds, |node| &node.part_moves, |_, _| true);

        Facts {
            holds_in,
            holds_out,
            part_moved_out,
            live_out,
            mentioned_out,
            moved_in,
            moved_out,
            split_in,
            split_out,
            init_in,
            init_out,
        }
    }
}

/// Liveness, backwards: live_in = reads ∪ (live_out − written).
fn liveness(nodes: &[Node]) -> (Vec<Set>, Vec<Set>) {
    backwards(
        nodes,
        |node| node.reads.iter(),
        |node, &local| given(node, local),
    )
}

/// A backward analysis: a local is in before a node if the node `uses` it, or if it is in
/// after the node and the node does not `end` it. Returns the sets before and after.
fn backwards<'n, U: Iterator<Item = &'n LocalId>>(
    nodes: &'n [Node],
    uses: impl Fn(&'n Node) -> U,
    end: impl Fn(&Node, &LocalId) -> bool,
) -> (Vec<Set>, Vec<Set>) {
    let count = nodes.len();
    let mut set_in = vec![Set::new(); count];
    let mut set_out = vec![Set::new(); count];
    let mut changed = true;
    while changed {
        changed = false;
        for n in (0..count).rev() {
            let out: Set = nodes[n]
                .succ
                .iter()
                .flat_map(|&s| set_in[s].iter().copied())
                .collect();
            let mut inn: Set = out.iter().copied().filter(|l| !end(&nodes[n], l)).collect();
            inn.extend(uses(&nodes[n]).copied());
            if out != set_out[n] || inn != set_in[n] {
                set_out[n] = out;
                set_in[n] = inn;
                changed = true;
            }
        }
    }
    (set_in, set_out)
}

/// Whether `node` gives `local` a value (or declares it without one).
fn given(node: &Node, local: LocalId) -> bool {
    node.inits.contains(&local) || node.uninits.contains(&local)
}

/// The locals maybe moved by `moves` (and not given a value since, where `resets`), before
/// and after each node, forwards.
fn maybe_moved(
    nodes: &[Node],
    preds: &[Vec<usize>],
    moves: impl Fn(&Node) -> &Set,
    resets: impl Fn(&Node, LocalId) -> bool,
) -> (Vec<Set>, Vec<Set>) {
    let count = nodes.len();
    let mut moved_in = vec![Set::new(); count];
    let mut moved_out = vec![Set::new(); count];
    let mut changed = true;
    while changed {
        changed = false;
        for n in 0..count {
            let inn: Set = preds[n]
                .iter()
                .flat_map(|&p| moved_out[p].iter().copied())
                .collect();
            let out: Set = inn
                .iter()
                .chain(moves(&nodes[n]))
                .copied()
                .filter(|&l| !(given(&nodes[n], l) && resets(&nodes[n], l)))
                .collect();
            if inn != moved_in[n] || out != moved_out[n] {
                moved_in[n] = inn;
                moved_out[n] = out;
                changed = true;
            }
        }
    }
    (moved_in, moved_out)
}

/// The operands of `expr`, in the order they are evaluated, each with how it is used (as
/// `mentions` counts them), for the expressions that evaluate all their operands, left to
/// right. The place of a compound assignment is evaluated after its value for primitive
/// types and before it otherwise: it is taken as read at both times.
fn operands(expr: &syn::Expr, how: Use) -> Option<Vec<(&syn::Expr, Use)>> {
    use syn::{BinOp, Expr};
    fn moved<'a>(exprs: impl Iterator<Item = &'a syn::Expr>) -> Vec<(&'a syn::Expr, Use)> {
        exprs.map(|expr| (expr, Use::Move)).collect()
    }
    Some(match expr {
        Expr::Call(call) => {
            let mut operands = vec![(&*call.func, Use::Move)];
            operands.extend(moved(call.args.iter()));
            operands
        }
        Expr::MethodCall(call) => {
            let receiver = if mentions::borrows_receiver(&call.method) {
                Use::Ref
            } else {
                Use::Value
            };
            let mut operands = vec![(&*call.receiver, receiver)];
            operands.extend(moved(call.args.iter()));
            operands
        }
        Expr::Binary(binary) => match mentions::binary_uses(&binary.op) {
            _ if matches!(binary.op, BinOp::And(_) | BinOp::Or(_)) => return None,
            // A compound assignment.
            (Use::Ref, Use::Value) => {
                if block_like(&binary.left) || runs_block(&binary.left) {
                    return None;
                }
                let place = (&*binary.left, Use::Ref);
                vec![place, (&*binary.right, Use::Value), place]
            }
            (left, right) => vec![(&*binary.left, left), (&*binary.right, right)],
        },
        Expr::Assign(assign) => {
            let mut operands = vec![(&*assign.right, Use::Move)];
            for place in mentions::assignees(&assign.left) {
                let target = if mentions::local_of(place).is_some() {
                    Use::Write
                } else {
                    Use::Ref
                };
                operands.push((place, target));
            }
            operands
        }
        Expr::Tuple(tuple) => moved(tuple.elems.iter()),
        Expr::Array(array) => moved(array.elems.iter()),
        Expr::Struct(strukt) => moved(
            strukt
                .fields
                .iter()
                .map(|field| &field.expr)
                .chain(strukt.rest.as_deref()),
        ),
        Expr::Cast(cast) => vec![(&*cast.expr, Use::Value)],
        Expr::Unary(unary) if !matches!(unary.op, syn::UnOp::Deref(_)) => {
            vec![(&*unary.expr, Use::Value)]
        }
        Expr::Paren(paren) => vec![(&*paren.expr, how)],
        Expr::Group(group) => vec![(&*group.expr, how)],
        _ => return None,
    })
}

/// Whether evaluating `expr` runs a block among its operands (see [`operands`]).
fn runs_block(expr: &syn::Expr) -> bool {
    operands(expr, Use::Move).is_some_and(|operands| {
        operands
            .iter()
            .any(|(operand, _)| block_like(operand) || runs_block(operand))
    })
}

/// Whether `expr` is a block, `if`, `match` or `loop`, whose value comes out of code the
/// dataflow follows statement by statement.
fn block_like(expr: &syn::Expr) -> bool {
    matches!(
        expr,
        syn::Expr::Block(_)
            | syn::Expr::Unsafe(_)
            | syn::Expr::If(_)
            | syn::Expr::Match(_)
            | syn::Expr::Loop(_)
    )
}
