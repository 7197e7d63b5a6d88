//! From the user's body to the IR: every construct that contains a yield becomes an IR
//! statement, and every yield in the middle of an expression is hoisted out of it.
//!
//! Hoisting keeps Rust's evaluation order: operands evaluated before a yielding operand
//! are stored in temporaries first (unless they are places or constants, whose evaluation
//! has no effect), and a compound expression that yields (`if`, `match`, a block) computes
//! its value into a temporary declared before it, assigned in each branch.

use super::ir::{
    Arm, Block, Else, Head, If, Join, Local, LocalId, Loop, Origin, Point, PointId, PointKind,
    Program, Step, Stmt,
};
use super::joins;
use super::patterns::{self, Position};
use super::statement_temps::{Deferral, TempUses, deferral};
use crate::diag::Errors;
use crate::item::Param;
use crate::names;
use crate::visit::{expr_pauses, peel, stmt_pauses};
use proc_macro2::{Ident, Span};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{
    BinOp, Expr, ExprBlock, ExprBreak, ExprContinue, ExprForLoop, ExprIf, ExprLoop, ExprMatch,
    ExprWhile, ExprYield, FnArg, Lifetime, Pat, Signature, Token, parse_quote, parse_quote_spanned,
};

/// Normalizes a body; `sig` is the emitted signature (for which parameters are references).
pub(crate) fn normalize(
    params: &[Param],
    sig: &Signature,
    body: syn::Block,
    joins: &super::joins::Filter,
    errors: &mut Errors,
) -> Program {
    let mut normalizer = Normalizer {
        locals: Vec::new(),
        points: Vec::new(),
        loops: 0,
        temps: 0,
        iters: 0,
        joins,
        candidates: 0,
        reentered: false,
        borrowed_temps: Vec::new(),
        loop_labels: Vec::new(),
        errors,
    };
    let mut param_ids = Vec::new();
    let mut prologue = Vec::new();
    for (param, arg) in params.iter().zip(&sig.inputs) {
        let (owned_type, reference, copy, by_value) = match arg {
            FnArg::Receiver(receiver) => (
                false,
                matches!(receiver.kind, syn::ReceiverKind::Reference(..)),
                matches!(receiver.kind, syn::ReceiverKind::Reference(_, _, None)),
                match &receiver.kind {
                    syn::ReceiverKind::Value => true,
                    syn::ReceiverKind::Typed(_, ty) => super::parts::type_by_value(ty),
                    _ => false,
                },
            ),
            FnArg::Typed(typed) => (
                super::borrows::owned_type(&typed.ty),
                matches!(peel_type(&typed.ty), syn::Type::Reference(_)),
                super::inplace::copy_type(&typed.ty),
                super::parts::type_by_value(&typed.ty),
            ),
        };
        let origin = Origin::Param {
            owned_type,
            reference,
            copy,
            by_value,
        };
        match param {
            Param::Receiver { mutability } => {
                param_ids.push(normalizer.new_local(names::self_(), mutability.is_some(), origin));
            }
            Param::Named { ident, mutability } => {
                let id = normalizer.new_local(ident.clone(), mutability.is_some(), origin);
                normalizer.locals[id].lints = crate::item::param_lints(arg);
                param_ids.push(id);
            }
            Param::Pattern { hidden, pat } => {
                param_ids.push(normalizer.new_local(hidden.clone(), false, origin));
                let lints = crate::item::param_lints(arg);
                prologue.push(parse_quote!(#(#lints)* let #pat = #hidden;));
            }
        }
    }
    let mut stmts = prologue;
    stmts.extend(body.stmts);
    let root = normalizer.block(
        syn::Block {
            brace_token: body.brace_token,
            stmts,
        },
        Vec::new(),
        None,
        None,
        None,
    );
    let mut program = Program {
        root,
        params: param_ids,
        locals: normalizer.locals,
        points: normalizer.points,
        loop_facts: vec![Default::default(); normalizer.loops],
        captured: Default::default(),
        may_borrow: Default::default(),
        machine: super::Machine::Iter,
    };
    record_paths(&mut program);
    program
}

struct Normalizer<'a> {
    locals: Vec<Local>,
    points: Vec<Point>,
    loops: usize,
    temps: usize,
    iters: usize,
    joins: &'a super::joins::Filter,
    /// Candidate joins met so far.
    candidates: usize,
    /// Set just before lowering the body of a loop: the resume arms re-enter it.
    reentered: bool,
    /// Temporaries made for the operand of a `&` or the receiver of a method that borrows
    /// it (see `mentions::borrows_receiver`): not moved out of.
    borrowed_temps: Vec<LocalId>,
    /// The labels of the loops around the code at hand, innermost last: the user's, or
    /// one that a `break` or `continue` moved into a labeled block needs.
    loop_labels: Vec<Option<syn::Label>>,
    errors: &'a mut Errors,
}

/// The temporaries of an `if let` scrutinee, made locals: their statements, and those
/// the `else` block drops first, in order.
struct Temporaries {
    stmts: Vec<Stmt>,
    dropped: Vec<LocalId>,
}

impl Normalizer<'_> {
    fn new_local(&mut self, ident: Ident, mutable: bool, origin: Origin) -> LocalId {
        self.locals.push(Local {
            ident,
            mutable,
            mutated_later: false,
            field: None,
            origin,
            lints: Vec::new(),
            parts: Vec::new(),
        });
        self.locals.len() - 1
    }

    fn new_point(&mut self, kind: PointKind, span: Span) -> PointId {
        self.points.push(Point {
            kind,
            span,
            saved: Vec::new(),
            redeclared: Vec::new(),
            moved_before: Vec::new(),
            path: Vec::new(),
            in_place: None,
            join: None,
            operand: None,
            borrowing_future: false,
            dropped: Vec::new(),
            partly_moved: Vec::new(),
        });
        self.points.len() - 1
    }

    /// A join here, if the filter keeps this candidate; its region is open until
    /// [`Self::close_join`].
    fn join(&mut self, span: Span, infers: bool, out: &mut Vec<Stmt>) -> Option<PointId> {
        let candidate = self.candidates;
        self.candidates += 1;
        if !self.joins.allows(candidate) {
            return None;
        }
        let point = self.new_point(PointKind::Join, span);
        let first = self.locals.len();
        self.points[point].join = Some(Join {
            candidate,
            region: first..first,
            points: point + 1..point + 1,
            transparent: false,
            infers,
        });
        out.push(Stmt::Yield {
            point,
            value: None,
            tries: Vec::new(),
        });
        Some(point)
    }

    /// A join after a suspending part of a construct was hoisted out of it (a scrutinee,
    /// a condition, an iterable), when the rest of the construct writes a closure, or when the part
    /// may end without pausing (`infers`, see `joins::for_inference_after`): the rest is
    /// written in the arm of each suspension point of that part.
    fn join_after(
        &mut self,
        hoisted: bool,
        closure: bool,
        infers: bool,
        span: Span,
        out: &mut Vec<Stmt>,
    ) -> Option<PointId> {
        if hoisted && (closure || infers) {
            self.join(span, infers, out)
        } else {
            None
        }
    }

    fn close_join(&mut self, point: PointId) {
        let (end, points_end) = (self.locals.len(), self.points.len());
        if let Some(join) = &mut self.points[point].join {
            join.region.end = end;
            join.points.end = points_end;
        }
    }

    fn temp(&mut self) -> (LocalId, Ident) {
        let ident = names::temp(self.temps);
        self.temps += 1;
        (self.new_local(ident.clone(), true, Origin::Temp), ident)
    }

    /// The bindings of `pat`, declared by code with the attributes `attrs`.
    fn declare(
        &mut self,
        pat: &Pat,
        position: Position,
        origin: Origin,
        attrs: &[syn::Attribute],
    ) -> Vec<LocalId> {
        let lints = crate::item::lints(attrs);
        patterns::bindings(pat, position)
            .into_iter()
            .map(|b| {
                let id = self.new_local(b.ident, b.mutable, origin.clone());
                self.locals[id].lints.clone_from(&lints);
                id
            })
            .collect()
    }

    /// The bindings of the `let`s of a condition, at `position` (refutable but for the
    /// `while let` a `for` loop becomes).
    fn declare_condition(
        &mut self,
        cond: &Expr,
        position: Position,
        attrs: &[syn::Attribute],
    ) -> Vec<LocalId> {
        patterns::condition_patterns(cond)
            .into_iter()
            .flat_map(|pat| self.declare(pat, position, Origin::Pattern, attrs))
            .collect::<Vec<_>>()
    }

    /// Registers the `?` operators of the generator's own code in `node`, in the order a
    /// visitor meets them (the emitter rewrites them in the same order).
    fn tries(&mut self, visit: impl FnOnce(&mut TrySpans)) -> Vec<PointId> {
        let mut spans = TrySpans(Vec::new());
        visit(&mut spans);
        spans
            .0
            .into_iter()
            .map(|(span, operand)| {
                let point = self.new_point(PointKind::Try, span);
                self.points[point].operand = Some(operand);
                point
            })
            .collect()
    }

    fn plain(&mut self, stmt: syn::Stmt, decls: Vec<LocalId>, out: &mut Vec<Stmt>) {
        let tries = self.tries(|t| t.visit_stmt(&stmt));
        out.push(Stmt::Plain { stmt, decls, tries });
    }

    fn block(
        &mut self,
        mut block: syn::Block,
        binds: Vec<LocalId>,
        label: Option<syn::Label>,
        unsafety: Option<Token![unsafe]>,
        target: Option<LocalId>,
    ) -> Block {
        let mut stmts = Vec::new();
        let unreachable = cut_unreachable(&mut block.stmts);
        let count = block.stmts.len();
        // With its tail cut, a block used as a value is never left through its end.
        let mut valued = !unreachable.is_empty();
        let yields: Vec<bool> = block.stmts.iter().map(stmt_pauses).collect();
        let inference = joins::Inference::of(&block.stmts, &yields);
        // Whether the statement at hand is written in more than one arm: it follows a
        // suspending one, or it is in a loop that suspends (see `joins`).
        let mut repeated = std::mem::take(&mut self.reentered) && yields.contains(&true);
        let mut open_join: Option<PointId> = None;
        for (index, stmt) in block.stmts.into_iter().enumerate() {
            let closure =
                repeated && yields[index..].contains(&true) && joins::creates_closure(&stmt);
            let infers = inference.wanted(index, self.locals.iter());
            if closure || infers {
                repeated = false;
                open_join = self.join(stmt.span(), infers, &mut stmts);
            }
            match (stmt, target) {
                (syn::Stmt::Expr(tail, None), Some(target)) if index + 1 == count => {
                    valued = true;
                    self.assign(target, tail, &mut stmts);
                }
                (stmt, _) => self.stmt(stmt, &mut stmts),
            }
            if yields[index] {
                repeated = true;
                if let Some(point) = open_join.take() {
                    self.close_join(point);
                }
            }
        }
        if let Some(point) = open_join {
            self.close_join(point);
        }
        if let (Some(target), false) = (target, valued) {
            let target = &self.locals[target].ident;
            self.plain(parse_quote!(#target = ();), Vec::new(), &mut stmts);
        }
        stmts.extend(unreachable);
        Block {
            label,
            unsafety,
            binds,
            stmts,
        }
    }

    fn stmt(&mut self, stmt: syn::Stmt, out: &mut Vec<Stmt>) {
        match stmt {
            syn::Stmt::Local(local) => self.local(local, out),
            syn::Stmt::Expr(expr, semi) if expr_pauses(&expr) => self.effect(expr, semi, out),
            stmt => self.plain(stmt, Vec::new(), out),
        }
    }

    fn local(&mut self, mut local: syn::Local, out: &mut Vec<Stmt>) {
        let first = self.locals.len();
        let mut evaluation = Vec::new();
        let mut deferred = None;
        if let Some(init) = &mut local.init {
            if expr_pauses(&init.expr) {
                deferred = Some(deferral(&local.pat, init.diverge.is_some()));
                let expr = std::mem::replace(&mut *init.expr, Expr::PLACEHOLDER);
                *init.expr = self.value(expr, &mut evaluation);
            }
        }
        let temps = self.statement_temps(first);
        if let (Some(deferral), Some(init)) = (deferred, &local.init) {
            let evaluated = TempUses::in_stmts(&evaluation, &temps);
            let initialized = TempUses::in_expr(&init.expr, &temps);
            if (evaluated.any() || initialized.in_place) && !initialized.borrowed {
                // The hoisted values are the statement's temporaries, which natively drop
                // when it ends: the value is computed in a block that holds them. (One
                // that `&` borrows is extended to the end of the enclosing block, like the
                // temporary of `let x = &f();`: kept there.)
                return self.deferred_local(local, deferral, evaluation, out);
            }
        }
        out.append(&mut evaluation);
        if let Some(init) = &mut local.init {
            if init.diverge.is_none() {
                let expr = std::mem::replace(&mut *init.expr, Expr::PLACEHOLDER);
                *init.expr = self.extended_temporary(expr, out);
            } else if let Some(temp) = self.temp_in(peel(&init.expr)) {
                // `let P = { yield_!(..); v } else { .. }` matches a temporary.
                let ident = self.locals[temp].ident.clone();
                drop_before_else(init, &ident);
            }
        }
        let origin = Origin::Let {
            init: local.init.as_ref().map(|init| init.expr.clone()),
            // The type of the binding: only a plain `let x: T` declares one.
            ty: match &local.pat {
                Pat::Type(typed)
                    if matches!(&*typed.pat, Pat::Ident(ident)
                    if ident.by_ref.is_none() && ident.subpat.is_none()) =>
                {
                    Some(typed.ty.clone())
                }
                _ => None,
            },
        };
        self.bind(local, origin, out);
    }

    /// `let pat = init;` (or `let`-`else`) whose `init` does not pause.
    fn bind(&mut self, local: syn::Local, origin: Origin, out: &mut Vec<Stmt>) {
        let else_yields = local
            .init
            .as_ref()
            .and_then(|init| init.diverge.as_ref())
            .is_some_and(|(_, otherwise)| expr_pauses(otherwise));
        if !else_yields {
            let decls = self.declare(&local.pat, Position::of_let(&local), origin, &local.attrs);
            self.plain(syn::Stmt::Local(local), decls, out);
            return;
        }
        let init = local.init.expect("checked above");
        let (_, otherwise) = init.diverge.expect("checked above");
        let tries = self.tries(|t| t.visit_expr(&init.expr));
        let otherwise = self.block(into_block(*otherwise), Vec::new(), None, None, None);
        let decls = self.declare(&local.pat, Position::Refutable, origin, &local.attrs);
        out.push(Stmt::LetElse {
            attrs: local.attrs,
            pat: local.pat,
            init: *init.expr,
            tries,
            decls,
            otherwise,
        });
    }

    /// An expression statement that yields, evaluated for its effect.
    fn effect(&mut self, expr: Expr, semi: Option<Token![;]>, out: &mut Vec<Stmt>) {
        match expr {
            Expr::Yield(yield_expr) => self.yield_(yield_expr, out),
            // The output drops when the statement ends.
            Expr::Await(await_expr) => self.scoped(out, |this, out| {
                let span = await_expr.await_token.span;
                let output = this.await_(await_expr, out);
                let stmt = parse_quote_spanned!(span=> #[allow(path_statements)] #output;);
                this.plain(stmt, Vec::new(), out);
            }),
            Expr::Block(block) if has_value_breaks(&block) => {
                let (temp, _) = self.temp();
                out.push(Stmt::Declare { local: temp });
                self.assign(temp, Expr::Block(block), out);
            }
            Expr::Block(ExprBlock { label, block, .. }) => {
                let block = self.block(block, Vec::new(), label, None, None);
                out.push(Stmt::Block(block));
            }
            Expr::Unsafe(unsafe_expr) => {
                let block = self.block(
                    unsafe_expr.block,
                    Vec::new(),
                    None,
                    Some(unsafe_expr.unsafe_token),
                    None,
                );
                out.push(Stmt::Block(block));
            }
            Expr::If(if_expr) => {
                let stmt = self.if_(if_expr, None, out);
                out.push(stmt);
            }
            Expr::Match(match_expr) => {
                let stmt = self.match_(match_expr, None, out);
                out.push(stmt);
            }
            Expr::Loop(loop_expr) if loop_has_value_breaks(&loop_expr) => {
                let (temp, _) = self.temp();
                out.push(Stmt::Declare { local: temp });
                self.assign(temp, Expr::Loop(loop_expr), out);
            }
            Expr::Loop(loop_expr) => {
                let stmt = self.loop_(loop_expr);
                out.push(stmt);
            }
            Expr::While(while_expr) => self.while_(while_expr, Position::Refutable, out),
            Expr::ForLoop(for_loop) => self.for_(for_loop, out),
            Expr::Assign(mut assign) => self.scoped(out, |this, out| {
                // The right operand of `=` is evaluated before the place.
                let value = this.value(*assign.right, out);
                let place = this.value(*assign.left, out);
                *assign.left = place;
                *assign.right = value;
                let stmt = syn::Stmt::Expr(Expr::Assign(assign), Some(Default::default()));
                this.plain(stmt, Vec::new(), out);
            }),
            Expr::Binary(mut binary) if is_compound_assignment(&binary.op) => {
                self.scoped(out, |this, out| {
                    let value = this.value(*binary.right, out);
                    let place = this.value(*binary.left, out);
                    *binary.left = place;
                    *binary.right = value;
                    let stmt = syn::Stmt::Expr(Expr::Binary(binary), Some(Default::default()));
                    this.plain(stmt, Vec::new(), out);
                });
            }
            // A `break` that carries a value to a loop or labeled block was rewritten into
            // an assignment and a plain `break` before; one left here is rustc's to report
            // (a `break` outside a loop, or with a value out of a `while`), once the value
            // is evaluated.
            Expr::Break(mut break_expr) => {
                if let Some(value) = break_expr.expr.take() {
                    break_expr.expr = Some(Box::new(self.value(*value, out)));
                }
                let stmt = syn::Stmt::Expr(Expr::Break(break_expr), semi);
                self.plain(stmt, Vec::new(), out);
            }
            Expr::Return(mut return_expr) => {
                if let Some(value) = return_expr.expr.take() {
                    return_expr.expr = Some(Box::new(self.value(*value, out)));
                }
                let stmt = syn::Stmt::Expr(Expr::Return(return_expr), semi);
                self.plain(stmt, Vec::new(), out);
            }
            Expr::Continue(continue_expr) => {
                let stmt = syn::Stmt::Expr(Expr::Continue(continue_expr), semi);
                self.plain(stmt, Vec::new(), out);
            }
            Expr::Paren(paren) => self.effect(*paren.expr, semi, out),
            Expr::Group(group) => self.effect(*group.expr, semi, out),
            other => self.scoped(out, |this, out| {
                let value = this.value(other, out);
                this.plain(syn::Stmt::Expr(value, semi), Vec::new(), out);
            }),
        }
    }

    /// Normalizes an expression statement with `build`. The values it hoists into
    /// temporaries are natively the statement's temporaries, which drop when it ends: if
    /// it uses one as a place or borrows it (`{ yield_!(x); g() }.len();`), so that it
    /// is not moved, the code goes in a block of its own, which ends there too.
    fn scoped(&mut self, out: &mut Vec<Stmt>, build: impl FnOnce(&mut Self, &mut Vec<Stmt>)) {
        let first = self.locals.len();
        let mut stmts = Vec::new();
        build(self, &mut stmts);
        // (`&` extends no temporary of an expression statement.)
        if TempUses::in_stmts(&stmts, &self.statement_temps(first)).any() {
            out.push(Stmt::unlabeled_block(stmts));
        } else {
            out.append(&mut stmts);
        }
    }

    /// Whether the code that computes `value`, `evaluation`, uses one of the values it
    /// hoisted (since local `first`) as a temporary: as a place, or borrowed.
    fn holds_temps(&self, first: LocalId, evaluation: &[Stmt], value: &Expr) -> bool {
        let temps = self.statement_temps(first);
        !temps.is_empty()
            && (TempUses::in_stmts(evaluation, &temps).any()
                || TempUses::in_expr(value, &temps).any())
    }

    /// The temporaries declared since local `first` (by the code of one statement).
    fn statement_temps(&self, first: LocalId) -> Vec<Ident> {
        self.locals[first..]
            .iter()
            .filter(|local| matches!(local.origin, Origin::Temp))
            .map(|local| local.ident.clone())
            .collect()
    }

    /// `let pat = init;` whose `evaluation` hoisted values into temporaries, with them in
    /// a block of their own (see [`Deferral`]).
    fn deferred_local(
        &mut self,
        mut local: syn::Local,
        deferral: Deferral,
        mut evaluation: Vec<Stmt>,
        out: &mut Vec<Stmt>,
    ) {
        let init = local.init.as_ref().expect("a deferred `let` has a value");
        let init = init.expr.clone();
        let ty = match &local.pat {
            Pat::Type(typed) => Some(&typed.ty),
            _ => None,
        };
        let origin = Origin::Let {
            init: Some(init.clone()),
            ty: ty.cloned(),
        };
        let ty = ty.map(|ty| quote!(: #ty));
        match deferral {
            Deferral::Wild => {
                self.plain(syn::Stmt::Local(local), Vec::new(), &mut evaluation);
                out.push(Stmt::unlabeled_block(evaluation));
            }
            Deferral::ThroughTemp => {
                let (temp, value) = self.temp();
                self.locals[temp].mutable = false;
                self.plain(parse_quote!(let #value #ty;), vec![temp], out);
                self.plain(parse_quote!(#value = #init;), Vec::new(), &mut evaluation);
                out.push(Stmt::unlabeled_block(evaluation));
                let init = local.init.as_mut().expect("checked above");
                *init.expr = parse_quote!(#value);
                drop_before_else(init, &value);
                self.bind(local, origin, out);
            }
        }
    }

    fn yield_(&mut self, yield_expr: ExprYield, out: &mut Vec<Stmt>) {
        let first = self.locals.len();
        let mut stmts = Vec::new();
        let value = yield_expr.expr.map(|value| self.value(*value, &mut stmts));
        let span = yield_expr.yield_token.span;
        // The temporaries of the yielded value live to the end of the statement, past the
        // resumption: they become locals of a block around the yield, with the values its
        // evaluation hoisted that it uses as temporaries.
        let scoped = value.as_ref().is_some_and(|value| {
            creates_temporaries(value) || self.holds_temps(first, &stmts, value)
        });
        let value = match value {
            Some(value) if creates_temporaries(&value) => {
                Some(self.temporaries(value, false, &mut stmts))
            }
            value => value,
        };
        self.suspend(span, value, &mut stmts);
        if scoped {
            out.push(Stmt::unlabeled_block(stmts));
        } else {
            out.append(&mut stmts);
        }
    }

    fn suspend(&mut self, span: Span, value: Option<Expr>, out: &mut Vec<Stmt>) {
        let point = self.new_point(PointKind::Yield, span);

        let tries = match &value {
            Some(value) => self.tries(|t| t.visit_expr(value)),
            None => Vec::new(),
        };
        out.push(Stmt::Yield {
            point,
            value,
            tries,
        });
    }

    /// `future.await`: the future is evaluated, then awaited at an await point, and its
    /// output, assigned to a temporary after the point, is the value.
    fn await_(&mut self, await_expr: syn::ExprAwait, out: &mut Vec<Stmt>) -> Expr {
        let future = self.value(*await_expr.base, out);
        // The temporaries of the future's expression live to the end of the statement,
        // across the await: they become locals, saved there (a future that borrows one
        // keeps the body out of the state machine, see `eligible`).
        let future = self.temporaries(future, false, out);
        let (temp, ident) = self.temp();
        out.push(Stmt::Declare { local: temp });
        let point = self.new_point(PointKind::Await, await_expr.await_token.span);
        let tries = self.tries(|t| t.visit_expr(&future));
        out.push(Stmt::Yield {
            point,
            value: Some(future),
            tries,
        });
        let awaited = names::awaited();
        self.plain(parse_quote!(#ident = #awaited;), Vec::new(), out);
        parse_quote!(#ident)
    }

    /// Evaluates a block-like expression into `target`.
    fn assign(&mut self, target: LocalId, expr: Expr, out: &mut Vec<Stmt>) {
        let ident = self.locals[target].ident.clone();
        match expr {
            Expr::Block(ExprBlock {
                label, mut block, ..
            }) => {
                if let Some(label) = &label {
                    rewrite_value_breaks(&mut block, Some(&label.name), false, &ident);
                }
                let block = self.block(block, Vec::new(), label, None, Some(target));
                out.push(Stmt::Block(block));
            }
            Expr::Unsafe(unsafe_expr) => {
                let block = self.block(
                    unsafe_expr.block,
                    Vec::new(),
                    None,
                    Some(unsafe_expr.unsafe_token),
                    Some(target),
                );
                out.push(Stmt::Block(block));
            }
            Expr::If(if_expr) => {
                let stmt = self.if_(if_expr, Some(target), out);
                out.push(stmt);
            }
            Expr::Match(match_expr) => {
                let stmt = self.match_(match_expr, Some(target), out);
                out.push(stmt);
            }
            Expr::Loop(mut loop_expr) => {
                let label = loop_expr.label.as_ref().map(|l| l.name.clone());
                rewrite_value_breaks(&mut loop_expr.body, label.as_ref(), true, &ident);
                let stmt = self.loop_(loop_expr);
                out.push(stmt);
            }
            Expr::Paren(paren) => self.assign(target, *paren.expr, out),
            Expr::Group(group) => self.assign(target, *group.expr, out),
            other => {
                let value = if expr_pauses(&other) {
                    self.value(other, out)
                } else {
                    other
                };
                let span = value.span();
                // A value that never comes (`S::C => break,`, `None => return`) is not
                // assigned: the assignment would be unreachable code in the user's crate.
                let stmt = syn::Stmt::Expr(value, Some(Default::default()));
                let stmt = if super::reach::stmt_falls(&stmt) {
                    let syn::Stmt::Expr(value, _) = stmt else {
                        unreachable!()
                    };
                    parse_quote_spanned!(span=> #ident = #value;)
                } else {
                    stmt
                };
                self.plain(stmt, Vec::new(), out);
            }
        }
    }

    /// An expression without yields that has the value of `expr`, after the statements
    /// pushed to `out`.
    fn value(&mut self, expr: Expr, out: &mut Vec<Stmt>) -> Expr {
        if !expr_pauses(&expr) {
            return expr;
        }
        match expr {
            Expr::Yield(yield_expr) => {
                self.yield_(yield_expr, out);
                parse_quote!(())
            }
            Expr::Await(await_expr) => self.await_(await_expr, out),
            expr @ (Expr::Block(_)
            | Expr::Unsafe(_)
            | Expr::If(_)
            | Expr::Match(_)
            | Expr::Loop(_)) => {
                let (temp, ident) = self.temp();
                out.push(Stmt::Declare { local: temp });
                self.assign(temp, expr, out);
                parse_quote!(#ident)
            }
            expr @ (Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Assign(_)
            | Expr::Break(_)
            | Expr::Continue(_)
            | Expr::Return(_)) => {
                self.effect(expr, Some(Default::default()), out);
                parse_quote!(())
            }
            Expr::Paren(mut paren) => {
                *paren.expr = self.value(*paren.expr, out);
                Expr::Paren(paren)
            }
            Expr::Group(group) => self.value(*group.expr, out),
            // Alone in its condition (`if_` takes chains of `let`s apart).
            Expr::Let(mut let_expr) => {
                *let_expr.expr = self.value(*let_expr.expr, out);
                Expr::Let(let_expr)
            }
            Expr::Call(mut call) => {
                let operands = std::iter::once(*call.func).chain(call.args);
                let mut operands = self.hoist(operands.collect(), false, out).into_iter();
                *call.func = operands.next().expect("the callee");
                call.args = operands.collect();
                Expr::Call(call)
            }
            Expr::MethodCall(mut call) => {
                let operands = std::iter::once(*call.receiver).chain(call.args);
                let mut operands = self.hoist(operands.collect(), true, out).into_iter();
                *call.receiver = operands.next().expect("the receiver");
                call.args = operands.collect();
                // `{ yield_!(..); f() }.len()`: the block's value is a temporary the
                // method borrows, as in `temporaries`.
                if let Some(temp) = self.temp_in(&call.receiver) {
                    if super::mentions::borrows_receiver(&call.method) {
                        self.borrowed_temps.push(temp);
                    }
                }
                Expr::MethodCall(call)
            }
            Expr::Binary(binary) if is_compound_assignment(&binary.op) => {
                self.effect(Expr::Binary(binary), Some(Default::default()), out);
                parse_quote!(())
            }
            Expr::Binary(binary)
                if matches!(binary.op, BinOp::And(_) | BinOp::Or(_))
                    && expr_pauses(&binary.right) =>
            {
                // Only evaluated when the left operand does not decide.
                let (left, right) = (&binary.left, &binary.right);
                let desugared: ExprIf = match binary.op {
                    BinOp::And(_) => parse_quote!(if #left { #right } else { false }),
                    _ => parse_quote!(if #left { true } else { #right }),
                };
                self.value(Expr::If(desugared), out)
            }
            Expr::Binary(mut binary) => {
                let mut operands = self
                    .hoist(vec![*binary.left, *binary.right], false, out)
                    .into_iter();
                *binary.left = operands.next().expect("left");
                *binary.right = operands.next().expect("right");
                Expr::Binary(binary)
            }
            Expr::Unary(mut unary) => {
                *unary.expr = self.value(*unary.expr, out);
                Expr::Unary(unary)
            }
            Expr::Reference(mut reference) => {
                *reference.expr = self.value(*reference.expr, out);
                self.borrowed_temps.extend(self.temp_in(&reference.expr));
                Expr::Reference(reference)
            }
            Expr::RawAddr(mut raw) => {
                *raw.expr = self.value(*raw.expr, out);
                Expr::RawAddr(raw)
            }
            Expr::Field(mut field) => {
                *field.base = self.value(*field.base, out);
                Expr::Field(field)
            }
            Expr::Cast(mut cast) => {
                *cast.expr = self.value(*cast.expr, out);
                Expr::Cast(cast)
            }
            Expr::Try(mut try_expr) => {
                *try_expr.expr = self.value(*try_expr.expr, out);
                Expr::Try(try_expr)
            }
            Expr::Repeat(mut repeat) => {
                *repeat.expr = self.value(*repeat.expr, out);
                Expr::Repeat(repeat)
            }
            Expr::Index(mut index) => {
                let mut operands = self
                    .hoist(vec![*index.expr, *index.index], true, out)
                    .into_iter();
                *index.expr = operands.next().expect("base");
                *index.index = operands.next().expect("index");
                Expr::Index(index)
            }
            Expr::Tuple(mut tuple) => {
                tuple.elems = self
                    .hoist(tuple.elems.into_iter().collect(), false, out)
                    .into_iter()
                    .collect();
                Expr::Tuple(tuple)
            }
            Expr::Array(mut array) => {
                array.elems = self
                    .hoist(array.elems.into_iter().collect(), false, out)
                    .into_iter()
                    .collect();
                Expr::Array(array)
            }
            Expr::Struct(mut strukt) => {
                let fields = std::mem::take(&mut strukt.fields);
                let (members, values): (Vec<_>, Vec<_>) = fields
                    .into_pairs()
                    .map(|pair| {
                        let (mut field, comma) = pair.into_tuple();
                        let value = std::mem::replace(&mut field.expr, Expr::PLACEHOLDER);
                        ((field, comma), value)
                    })
                    .unzip();
                let mut operands = values;
                let rest = strukt.rest.take();
                if let Some(rest) = &rest {
                    operands.push((**rest).clone());
                }
                let mut operands = self.hoist(operands, false, out).into_iter();
                for (mut field, comma) in members {
                    field.expr = operands.next().expect("a field value");
                    field.colon_token.get_or_insert_with(Default::default);
                    strukt.fields.push_value(field);
                    if let Some(comma) = comma {
                        strukt.fields.push_punct(comma);
                    }
                }
                strukt.rest = rest.map(|_| Box::new(operands.next().expect("the base")));
                Expr::Struct(strukt)
            }
            Expr::Range(mut range) => {
                let start = range.start.take();
                let end = range.end.take();
                let operands: Vec<Expr> = start
                    .iter()
                    .chain(end.iter())
                    .map(|e| (**e).clone())
                    .collect();
                let mut operands = self.hoist(operands, false, out).into_iter();
                range.start = start.map(|_| Box::new(operands.next().expect("start")));
                range.end = end.map(|_| Box::new(operands.next().expect("end")));
                Expr::Range(range)
            }
            other => {
                self.errors.spanned(
                    &other,
                    "`yield_!` is not supported in this position; compute the value in a statement before it",
                );
                other
            }
        }
    }

    /// Evaluates operands in order when one of them yields: those before the last
    /// yielding one are kept in temporaries (except places and constants), so that they are
    /// evaluated before it. `receiver` allows the first operand to stay a place (a method
    /// receiver or an indexed base, which may be borrowed).
    fn hoist(&mut self, operands: Vec<Expr>, receiver: bool, out: &mut Vec<Stmt>) -> Vec<Expr> {
        let Some(last) = operands.iter().rposition(expr_pauses) else {
            return operands;
        };
        let mut result = Vec::with_capacity(operands.len());
        for (index, operand) in operands.into_iter().enumerate() {
            // The temporaries of an operand evaluated before a yield live until the
            // statement ends, past the yield: they are kept in temporaries too.
            let operand = if index < last {
                if expr_pauses(&operand) {
                    let value = self.value(operand, out);
                    let value = self.temporaries(value, false, out);
                    self.materialize(value, false, out)
                } else if is_constant(&operand) || (index == 0 && receiver && is_place(&operand)) {
                    operand
                } else {
                    let operand = self.temporaries(operand, false, out);
                    self.materialize(operand, index == 0 && receiver, out)
                }
            } else if index == last {
                self.value(operand, out)
            } else {
                operand
            };
            result.push(operand);
        }
        result
    }

    /// The temporary that `expr` names, if it is one.
    fn temp_in(&self, expr: &Expr) -> Option<LocalId> {
        let Expr::Path(path) = expr else {
            return None;
        };
        let ident = path.path.get_ident()?;
        self.locals
            .iter()
            .rposition(|l| matches!(l.origin, Origin::Temp) && &l.ident == ident)
    }

    fn materialize(&mut self, mut value: Expr, mutable: bool, out: &mut Vec<Stmt>) -> Expr {
        // `(a ^ b) & ..` hoists `a ^ b`: parentheses around a whole initializer would draw
        // `unused_parens`.
        while let Expr::Paren(paren) = value {
            value = *paren.expr;
        }
        if let Expr::Path(path) = &value {
            if let Some(ident) = path.path.get_ident() {
                if self.locals.iter().any(|l| {
                    matches!(l.origin, Origin::Temp | Origin::Extended { .. }) && &l.ident == ident
                }) {
                    return value;
                }
            }
        }
        let (temp, ident) = self.temp();
        self.locals[temp].mutable = mutable;
        let stmt: syn::Stmt = if mutable {
            parse_quote!(#[allow(unused_mut)] let mut #ident = #value;)
        } else {
            parse_quote!(let #ident = #value;)
        };
        self.plain(stmt, vec![temp], out);
        parse_quote!(#ident)
    }

    /// `let x = &f();` extends the temporary to the end of the block, so a native
    /// generator keeps it across the yields that follow and drops it there. The cut body
    /// ends the arm's block at each yield instead, so the temporary becomes a local of its
    /// own, saved like one (and `x`, a reference, needs no saving once it is dead).
    fn extended_temporary(&mut self, init: Expr, out: &mut Vec<Stmt>) -> Expr {
        // Only values that certainly are new (a call's result, a literal struct, ..): a
        // temporary like `*r` or `f().field` may be a place that cannot be moved out of.
        let owned = |expr: &Expr| {
            matches!(
                peel(expr),
                Expr::Call(_)
                    | Expr::MethodCall(_)
                    | Expr::Macro(_)
                    | Expr::Struct(_)
                    | Expr::Array(_)
                    | Expr::Tuple(_)
                    | Expr::Repeat(_)
            ) && !is_constant(expr)
                && !expr_pauses(expr)
        };
        match init {
            Expr::Reference(mut reference) if owned(&reference.expr) => {
                let value = std::mem::replace(&mut *reference.expr, Expr::PLACEHOLDER);
                let kept = Box::new(value.clone());
                *reference.expr = self.materialize(value, reference.mutability.is_some(), out);
                // For diagnostics about the borrow, which point at the user's expression.
                let temp = self.locals.len() - 1;
                self.locals[temp].origin = Origin::Extended { value: kept };
                Expr::Reference(reference)
            }
            init => init,
        }
    }

    /// An `if`; with the temporaries of an `if let` scrutinee in a block around it when
    /// its `then` block suspends (see [`Normalizer::if_let_temporaries`]).
    fn if_(&mut self, mut if_expr: ExprIf, target: Option<LocalId>, out: &mut Vec<Stmt>) -> Stmt {
        let operands = chain_operands(&if_expr.cond);
        let has_let = operands
            .iter()
            .any(|operand| matches!(operand, Expr::Let(_)));
        // A chain of `let`s that pauses is taken apart too: a `let` whose scrutinee pauses
        // is then alone in its condition, and the bindings of those before the pause are
        // locals of the `then` blocks around it.
        let pauses = has_let && operands.iter().copied().any(expr_pauses);
        let keeps = if_expr.attrs.is_empty()
            && operands.iter().any(
                |operand| matches!(operand, Expr::Let(let_expr) if keeps_temporaries(let_expr)),
            )
            && if_expr
                .then_branch
                .stmts
                .iter()
                .any(crate::visit::stmt_suspends);
        if operands.len() > 1 && (pauses || keeps) {
            match target {
                None => return self.if_chain(if_expr),
                Some(target) => {
                    // The branches go into a labeled block, which an unlabeled `break` or
                    // `continue` may not leave: those get the label of their loop. (Outside
                    // a loop, rustc reports them.)
                    if !label_jumps(&mut if_expr, None) {
                        return self.if_chain_value(if_expr, target);
                    }
                    if let Some(label) = self.label_enclosing_loop() {
                        label_jumps(&mut if_expr, Some(&label));
                        return self.if_chain_value(if_expr, target);
                    }
                    if pauses {
                        return self.if_chain_value(if_expr, target);
                    }
                }
            }
        }
        let ExprIf {
            attrs,
            cond,
            then_branch,
            else_branch,
            ..
        } = if_expr;
        let hoisted = expr_pauses(&cond);
        let infers = hoisted && joins::for_inference_after(&cond);
        // The values computed before a scrutinee's pause are its temporaries, kept with
        // those of the rest of it (see `if_let_temporaries`).
        let scrutinee_pauses = hoisted && matches!(*cond, Expr::Let(_));
        let span = cond.span();
        let first = self.locals.len();
        let mut evaluation = Vec::new();
        let mut cond = self.value(*cond, &mut evaluation);
        if !scrutinee_pauses {
            if self.holds_temps(first, &evaluation, &cond)
                && patterns::condition_patterns(&cond).is_empty()
            {
                // A condition is a terminating scope: its temporaries drop before a branch
                // runs. So it is computed in a block of its own.
                let (temp, value) = self.temp();
                out.push(Stmt::Declare { local: temp });
                self.plain(parse_quote!(#value = #cond;), Vec::new(), &mut evaluation);
                out.push(Stmt::unlabeled_block(std::mem::take(&mut evaluation)));
                cond = parse_quote!(#value);
            } else {
                out.append(&mut evaluation);
            }
        }
        let closure = joins::closure_in(|v| {
            v.visit_block(&then_branch);
            if let Some((_, otherwise)) = &else_branch {
                v.visit_expr(otherwise);
            }
        });
        let at = if scrutinee_pauses {
            &mut evaluation
        } else {
            &mut *out
        };
        let join = self.join_after(hoisted, closure, infers, span, at);
        let temporaries = self.if_let_temporaries(&mut cond, &then_branch, first, evaluation);
        let tries = self.tries(|t| t.visit_expr(&cond));
        let binds = self.declare_condition(&cond, Position::Refutable, &attrs);
        let then = self.block(then_branch, binds, None, None, target);
        let otherwise = match else_branch {
            None => target
                .map(|_| Else::Block(self.block(parse_quote!({}), Vec::new(), None, None, target))),
            Some((_, otherwise)) => match *otherwise {
                Expr::If(nested) => {
                    let mut prefix = Vec::new();
                    match self.if_(nested, target, &mut prefix) {
                        Stmt::If(nested) if prefix.is_empty() => Some(Else::If(Box::new(nested))),
                        nested => {
                            prefix.push(nested);
                            Some(Else::Block(Block {
                                label: None,
                                unsafety: None,
                                binds: Vec::new(),
                                stmts: prefix,
                            }))
                        }
                    }
                }
                other => Some(Else::Block(self.block(
                    into_block(other),
                    Vec::new(),
                    None,
                    None,
                    target,
                ))),
            },
        };
        if let Some(point) = join {
            self.close_join(point);
        }
        let Some(temporaries) = temporaries else {
            return Stmt::If(If {
                attrs,
                cond,
                tries,
                then,
                otherwise,
            });
        };
        // In the 2024 edition the temporaries drop before the `else` block runs: the value
        // matched and the values borrowed for it (`&f()`, `f().name()`) are dropped first
        // thing in it. (Others it was computed from, `a()` in `a().into_x()`, may have been
        // moved, and drop after it: the README says so.)
        let otherwise = otherwise.map(|otherwise| {
            let mut stmts = Vec::new();
            for &temp in &temporaries.dropped {
                let ident = &self.locals[temp].ident;
                self.plain(
                    parse_quote! {
                        #[allow(dropping_copy_types, dropping_references, clippy::drop_non_drop)]
                        ::core::mem::drop(#ident);
                    },
                    Vec::new(),
                    &mut stmts,
                );
            }
            match otherwise {
                Else::Block(mut block) => {
                    stmts.append(&mut block.stmts);
                    block.stmts = stmts;
                    Else::Block(block)
                }
                Else::If(nested) => {
                    stmts.push(Stmt::If(*nested));
                    Else::Block(Block {
                        label: None,
                        unsafety: None,
                        binds: Vec::new(),
                        stmts,
                    })
                }
            }
        });
        let mut stmts = temporaries.stmts;
        stmts.push(Stmt::If(If {
            attrs,
            cond,
            tries,
            then,
            otherwise,
        }));
        Stmt::unlabeled_block(stmts)
    }

    /// `if a && let P = f() && b { then } else { otherwise }` whose `then` block suspends
    /// and whose scrutinees have temporaries, which live to the end of `then` and drop
    /// before `otherwise`: as nested `if`s, each a single condition (whose temporaries
    /// `if_let_temporaries` keeps), and a flag for `otherwise`, which is written once.
    fn if_chain(&mut self, if_expr: ExprIf) -> Stmt {
        let ExprIf {
            attrs,
            cond,
            then_branch,
            else_branch,
            ..
        } = if_expr;
        let matched = names::matched();
        let mut nested: syn::Block = match &else_branch {
            Some(_) => parse_quote!({ #matched = true; #then_branch }),
            None => then_branch,
        };
        for operand in chain_operands(&cond).into_iter().rev() {
            nested = parse_quote!({
                #(#attrs)*
                #[allow(clippy::collapsible_if)]
                if #operand #nested
            });
        }
        let block: syn::Block = match else_branch {
            Some((_, otherwise)) => parse_quote!({
                let mut #matched = false;
                #nested
                #(#attrs)*
                if !#matched { #otherwise }
            }),
            None => nested,
        };
        Stmt::Block(self.block(block, Vec::new(), None, None, None))
    }

    /// The label of the innermost loop around the code at hand, which gets one if it has
    /// none.
    fn label_enclosing_loop(&mut self) -> Option<Lifetime> {
        let index = self.temps;
        let label = self
            .loop_labels
            .last_mut()?
            .get_or_insert_with(|| syn::Label {
                name: names::loop_label(index),
                colon_token: Default::default(),
            });
        self.temps += 1;
        Some(label.name.clone())
    }

    /// [`Self::if_chain`] for an `if` used as a value: the nested `if`s break out of a
    /// labeled block with the value of `then`, and the block's tail is `otherwise`. (A
    /// flag would leave the value possibly unassigned, to rustc as to `dataflow`.)
    fn if_chain_value(&mut self, if_expr: ExprIf, target: LocalId) -> Stmt {
        let ExprIf {
            attrs,
            cond,
            then_branch,
            else_branch,
            ..
        } = if_expr;
        let label = names::chain_label(self.temps);
        self.temps += 1;
        let mut nested: syn::Stmt = parse_quote!(break #label #then_branch;);
        for operand in chain_operands(&cond).into_iter().rev() {
            nested = parse_quote! {
                #(#attrs)*
                #[allow(clippy::collapsible_if)]
                if #operand { #nested }
            };
        }
        let otherwise = match else_branch {
            Some((_, otherwise)) => *otherwise,
            None => parse_quote!({}),
        };
        let mut stmts = Vec::new();
        self.assign(
            target,
            parse_quote!(#label: { #nested #otherwise }),
            &mut stmts,
        );
        match <[Stmt; 1]>::try_from(stmts) {
            Ok([stmt]) => stmt,
            Err(stmts) => Stmt::unlabeled_block(stmts),
        }
    }

    /// The temporaries of the scrutinee of `if let P = f() { .. }` live to the end of the
    /// `then` block, across its suspension points: when it has some, they become locals
    /// (so that they are saved), and `cond` reads them. Only for a single `let` (in a
    /// chain, the later scrutinees are evaluated only if the first pattern matches).
    /// `evaluation` computed the scrutinee's operands before its last pause, into locals
    /// from `first` on.
    fn if_let_temporaries(
        &mut self,
        cond: &mut Expr,
        then: &syn::Block,
        first: LocalId,
        evaluation: Vec<Stmt>,
    ) -> Option<Temporaries> {
        let mut stmts = evaluation;
        let Expr::Let(let_expr) = cond else {
            debug_assert!(stmts.is_empty(), "only a `let` scrutinee is evaluated here");
            return None;
        };
        if stmts.is_empty() && !then.stmts.iter().any(crate::visit::stmt_suspends) {
            return None;
        }
        let scrutinee = std::mem::replace(&mut *let_expr.expr, Expr::PLACEHOLDER);
        let mut scrutinee = self.temporaries(scrutinee, true, &mut stmts);
        // A value built in the condition (`(n, f())`, `&g()`) is a temporary too; a
        // borrow of a place (`&self.left`) needs none.
        let borrows_place = matches!(peel(&scrutinee), Expr::Reference(reference)
            if is_syntactic_place(&reference.expr));
        if !is_syntactic_place(&scrutinee) && !is_constant(&scrutinee) && !borrows_place {
            scrutinee = self.materialize(scrutinee, true, &mut stmts);
        }
        if stmts.is_empty() {
            *let_expr.expr = scrutinee;
            return None;
        }
        // The value matched, when a temporary holds it (not `f().field`, a place in one),
        // then the values borrowed for it, latest first.
        let matched = self.temp_in(&scrutinee);
        // Only those declared in `stmts` itself, not in a block of it (the temporaries of
        // a statement in a block that is an operand).
        let declared: Vec<LocalId> = stmts
            .iter()
            .flat_map(|stmt| match stmt {
                Stmt::Plain { decls, .. } => decls.clone(),
                Stmt::Declare { local } => vec![*local],
                _ => Vec::new(),
            })
            .collect();
        let borrowed = self.borrowed_temps.iter().rev().copied();
        let dropped =
            matched
                .into_iter()
                .chain(borrowed.filter(|temp| {
                    *temp >= first && Some(*temp) != matched && declared.contains(temp)
                }))
                .collect();
        *let_expr.expr = scrutinee;
        Some(Temporaries { stmts, dropped })
    }

    fn match_(
        &mut self,
        match_expr: ExprMatch,
        target: Option<LocalId>,
        out: &mut Vec<Stmt>,
    ) -> Stmt {
        let ExprMatch {
            attrs, expr, arms, ..
        } = match_expr;
        let hoisted = expr_pauses(&expr);
        let infers = hoisted && joins::for_inference_after(&expr);
        let span = expr.span();
        let first = self.locals.len();
        // The temporaries of a scrutinee live until the `match` ends, across the suspension
        // points of its arms: they become locals of a block around it (so they are saved).
        // So do the values its evaluation hoists, when they are used as temporaries.
        let mut temporaries = Vec::new();
        let scrutinee = self.value(*expr, &mut temporaries);
        if !self.holds_temps(first, &temporaries, &scrutinee) {
            out.append(&mut temporaries);
        }
        let closure = joins::closure_in(|v| arms.iter().for_each(|arm| v.visit_arm(arm)));
        let at = if temporaries.is_empty() {
            &mut *out
        } else {
            &mut temporaries
        };
        let join = self.join_after(hoisted, closure, infers, span, at);
        let scrutinee = self.temporaries(scrutinee, true, &mut temporaries);
        let mut match_ = self.match_arms(attrs, scrutinee, arms, target);
        if target.is_some() {
            // A `match` used as a value: its scrutinee's temporaries are those of the
            // enclosing statement, which keeps them until it ends.
            out.append(&mut temporaries);
        } else if !temporaries.is_empty() {
            temporaries.push(match_);
            match_ = Stmt::unlabeled_block(temporaries);
        }
        if let Some(point) = join {
            self.close_join(point);
        }
        match_
    }

    /// Materializes the temporaries `expr` creates (the values it borrows: receivers of
    /// methods, operands of `&`, bases of fields that are not places), and, if `top`,
    /// `expr` itself when it is a call, in evaluation order.
    fn temporaries(&mut self, expr: Expr, top: bool, out: &mut Vec<Stmt>) -> Expr {
        let is_call = makes_value(&expr);
        if !creates_temporaries(&expr) {
            return if top && is_call {
                self.materialize(expr, true, out)
            } else {
                expr
            };
        }
        let expr = match expr {
            Expr::MethodCall(mut call) => {
                let receiver = self.temporaries(*call.receiver, false, out);
                *call.receiver = if is_syntactic_place(&receiver) || is_constant(&receiver) {
                    receiver
                } else {
                    let temp = self.materialize(receiver, true, out);
                    // Borrowed by a method known to take `&self` or `&mut self`.
                    if super::mentions::borrows_receiver(&call.method) {
                        self.borrowed_temps.push(self.locals.len() - 1);
                    }
                    temp
                };
                call.args = self
                    .temporaries_in(call.args.into_iter().collect(), out)
                    .into_iter()
                    .collect();
                Expr::MethodCall(call)
            }
            Expr::Reference(mut reference) => {
                let operand = self.temporaries(*reference.expr, false, out);
                *reference.expr = if is_syntactic_place(&operand) || is_constant(&operand) {
                    operand
                } else {
                    let temp = self.materialize(operand, reference.mutability.is_some(), out);
                    self.borrowed_temps.push(self.locals.len() - 1);
                    temp
                };
                Expr::Reference(reference)
            }
            Expr::Field(mut field) => {
                let base = self.temporaries(*field.base, false, out);
                *field.base = if is_syntactic_place(&base) {
                    base
                } else {
                    self.materialize(base, false, out)
                };
                Expr::Field(field)
            }
            Expr::Call(mut call) => {
                call.args = self
                    .temporaries_in(call.args.into_iter().collect(), out)
                    .into_iter()
                    .collect();
                Expr::Call(call)
            }
            // The operands of `&&` and `||` are scopes of their own: their temporaries drop
            // as each ends (and the right one's are not made when it is not evaluated).
            Expr::Binary(binary) if matches!(binary.op, BinOp::And(_) | BinOp::Or(_)) => {
                Expr::Binary(binary)
            }
            Expr::Binary(mut binary) => {
                let mut operands = self
                    .temporaries_in(vec![*binary.left, *binary.right], out)
                    .into_iter();
                *binary.left = operands.next().expect("left");
                *binary.right = operands.next().expect("right");
                Expr::Binary(binary)
            }
            Expr::Unary(mut unary) => {
                *unary.expr = self.temporaries(*unary.expr, false, out);
                Expr::Unary(unary)
            }
            Expr::Cast(mut cast) => {
                *cast.expr = self.temporaries(*cast.expr, false, out);
                Expr::Cast(cast)
            }
            // A `match` inside the expression: the temporaries of its scrutinee are the
            // statement's (its arms are scopes of their own).
            Expr::Match(mut match_expr) => {
                *match_expr.expr = self.temporaries(*match_expr.expr, true, out);
                Expr::Match(match_expr)
            }
            Expr::Paren(mut paren) => {
                *paren.expr = self.temporaries(*paren.expr, false, out);
                Expr::Paren(paren)
            }
            Expr::Tuple(mut tuple) => {
                tuple.elems = self
                    .temporaries_in(tuple.elems.into_iter().collect(), out)
                    .into_iter()
                    .collect();
                Expr::Tuple(tuple)
            }
            Expr::Array(mut array) => {
                array.elems = self
                    .temporaries_in(array.elems.into_iter().collect(), out)
                    .into_iter()
                    .collect();
                Expr::Array(array)
            }
            Expr::Range(mut range) => {
                let bounds: Vec<Expr> = range
                    .start
                    .iter()
                    .chain(range.end.iter())
                    .map(|e| (**e).clone())
                    .collect();
                let mut bounds = self.temporaries_in(bounds, out).into_iter();
                range.start = range.start.map(|_| Box::new(bounds.next().expect("start")));
                range.end = range.end.map(|_| Box::new(bounds.next().expect("end")));
                Expr::Range(range)
            }
            Expr::Index(mut index) => {
                let base = self.temporaries(*index.expr, false, out);
                *index.expr = if is_syntactic_place(&base) {
                    base
                } else {
                    self.materialize(base, false, out)
                };
                *index.index = self.temporaries(*index.index, false, out);
                Expr::Index(index)
            }
            other => other,
        };

        if top && is_call {
            self.materialize(expr, true, out)
        } else {
            expr
        }
    }

    /// Operands evaluated in order: those before the last one that creates temporaries are
    /// kept in locals too (unless they are places or constants), so that the order holds.
    fn temporaries_in(&mut self, operands: Vec<Expr>, out: &mut Vec<Stmt>) -> Vec<Expr> {
        let Some(last) = operands.iter().rposition(creates_temporaries) else {
            return operands;
        };
        let mut result = Vec::with_capacity(operands.len());
        for (index, operand) in operands.into_iter().enumerate() {
            let operand = if index < last && !is_constant(&operand) && !is_place(&operand) {
                let operand = self.temporaries(operand, false, out);
                self.materialize(operand, false, out)
            } else if index <= last {
                self.temporaries(operand, false, out)
            } else {
                operand
            };
            result.push(operand);
        }
        result
    }

    fn match_arms(
        &mut self,
        attrs: Vec<syn::Attribute>,
        scrutinee: Expr,
        arms: Vec<syn::Arm>,
        target: Option<LocalId>,
    ) -> Stmt {
        let tries = self.tries(|t| t.visit_expr(&scrutinee));
        let arms = arms
            .into_iter()
            .map(|arm| {
                let tries = self.tries(|t| t.visit_pat(&arm.pat));
                let attrs: Vec<syn::Attribute> = attrs.iter().chain(&arm.attrs).cloned().collect();
                let binds = self.declare(&arm.pat, Position::Refutable, Origin::Pattern, &attrs);
                let body = self.block(into_block(*arm.body), binds, None, None, target);
                Arm {
                    attrs: arm.attrs,
                    pat: arm.pat,
                    tries,
                    body,
                }
            })
            .collect();
        Stmt::Match {
            attrs,
            scrutinee,
            tries,
            arms,
        }
    }

    fn loop_(&mut self, loop_expr: ExprLoop) -> Stmt {
        let id = self.loops;
        self.loops += 1;
        let first = self.locals.len();
        self.reentered = true;
        self.loop_labels.push(loop_expr.label);
        let close = loop_expr.body.brace_token.span.close();
        let body = self.block(loop_expr.body, Vec::new(), None, None, None);
        Stmt::Loop(Loop {
            id,
            locals: first..self.locals.len(),
            attrs: loop_expr.attrs,
            label: self.loop_labels.pop().flatten(),
            keyword: loop_expr.loop_token.span,
            close,
            head: Head::Loop,
            body,
        })
    }

    /// A `while` loop; `position` is that of its condition's patterns.
    fn while_(&mut self, while_expr: ExprWhile, position: Position, out: &mut Vec<Stmt>) {
        let ExprWhile {
            attrs,
            label,
            while_token,
            cond,
            body,
        } = while_expr;
        // The temporaries of a `while let` scrutinee (or of the scrutinees in a chain of
        // `let`s) live to the end of each iteration, across the suspension points of the
        // body, like those of an `if let` (see `if_let_temporaries` and `if_chain`).
        let temporaries = chain_operands(&cond)
            .iter()
            .any(|operand| matches!(operand, Expr::Let(let_expr) if keeps_temporaries(let_expr)))
            && body.stmts.iter().any(crate::visit::stmt_suspends);
        if expr_pauses(&cond) || temporaries {
            // The condition suspends, or has temporaries to keep:
            // `loop { if cond { body } else { break } }`.
            let mut looped: ExprLoop =
                parse_quote!(#(#attrs)* #label loop { if #cond #body else { break; } });
            looped.loop_token.span = Span::call_site().located_at(while_token.span);
            let stmt = self.loop_(looped);
            out.push(stmt);
            return;
        }
        let id = self.loops;
        self.loops += 1;
        let tries = self.tries(|t| t.visit_expr(&cond));
        let first = self.locals.len();
        let binds = self.declare_condition(&cond, position, &attrs);
        self.reentered = true;
        self.loop_labels.push(label);
        let close = body.brace_token.span.close();
        let body = self.block(body, binds, None, None, None);
        out.push(Stmt::Loop(Loop {
            id,
            locals: first..self.locals.len(),
            attrs,
            label: self.loop_labels.pop().flatten(),
            keyword: while_token.span,
            close,
            head: Head::While { cond: *cond, tries },
            body,
        }));
    }

    /// `for pat in iterable { body }` becomes a block owning the iterator (so that it drops
    /// where the `for` ends) around a `while let` over it.
    fn for_(&mut self, for_loop: ExprForLoop, out: &mut Vec<Stmt>) {
        let ExprForLoop {
            attrs,
            label,
            for_token,
            pat,
            expr,
            body,
            ..
        } = for_loop;
        let mut stmts = Vec::new();
        let iterable = (*expr).clone();
        let hoisted = expr_pauses(&expr);
        let infers = hoisted && joins::for_inference_after(&expr);
        let value = self.value(*expr, &mut stmts);
        // As in a `match`, the iterable's temporaries live until the loop ends.
        let value = self.temporaries(value, false, &mut stmts);
        let join = self.join_after(hoisted, false, infers, value.span(), &mut stmts);

        let iter = names::iter(self.iters);
        // `for _ in v` does not move the element out of the loop's `next()`, where it lives
        // until the iteration ends; across a yield, it needs a name to be saved under.
        let pat: Box<Pat> = match *pat {
            Pat::Wild(wild) if wild.attrs.is_empty() => {
                let element = names::element(self.iters);
                parse_quote!(#element)
            }

            other => Box::new(other),
        };
        self.iters += 1;

        let local = self.new_local(
            iter.clone(),
            true,
            Origin::ForIter {
                iterable: Box::new(iterable),
            },
        );
        let span = value.span();
        let into_iter = quote_spanned!(span=> ::core::iter::IntoIterator::into_iter(#value));
        self.plain(
            parse_quote!(let mut #iter = #into_iter;),
            vec![local],
            &mut stmts,
        );
        // Placed at the user's `for`, like the keyword: rustc names the loop by its head.
        let next = names::at(
            quote!(::core::iter::Iterator::next(&mut #iter)),
            for_token.span,
        );
        let mut while_expr: ExprWhile = parse_quote!(
            #(#attrs)* #label while let ::core::option::Option::Some(#pat) = #next #body
        );
        while_expr.while_token.span = Span::call_site().located_at(for_token.span);
        // The pattern of a `for` is irrefutable, even inside `Some(..)`.
        self.while_(while_expr, Position::Irrefutable, &mut stmts);
        if let Some(point) = join {
            self.close_join(point);
        }
        out.push(Stmt::unlabeled_block(stmts));
    }
}

/// Collects the spans of `?` in the generator's own code, with their operands.
pub(crate) struct TrySpans(Vec<(Span, Box<Expr>)>);

impl<'ast> Visit<'ast> for TrySpans {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Try(try_expr) => {
                self.0
                    .push((try_expr.question_token.span, try_expr.expr.clone()));
                visit::visit_expr(self, expr);
            }
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Cuts the statements after the first that never falls through: the machine has no code
/// after such a statement (see `reach`). They stand for code that can never run (see
/// `unreachable`), and go to the emitter as such; items go, as the emitter never wrote
/// them there.
fn cut_unreachable(stmts: &mut Vec<syn::Stmt>) -> Vec<Stmt> {
    let Some(diverging) = stmts.iter().position(super::reach::stmt_diverges) else {
        return Vec::new();
    };
    let cut = stmts.split_off(diverging + 1);
    let markers = cut
        .into_iter()
        .filter(|stmt| !matches!(stmt, syn::Stmt::Item(_)));
    markers.map(|marker| Stmt::Unreachable { marker }).collect()
}

/// The value a `let`-`else` matches is a temporary when the user's code computed it:
/// one that did not match drops before `else` runs. When the normalization keeps it in a
/// local, `else` drops it first thing.
fn drop_before_else(init: &mut syn::LocalInit, value: &Ident) {
    if let Some((_, otherwise)) = &mut init.diverge {
        *otherwise = parse_quote!({
            #[allow(dropping_copy_types, dropping_references, clippy::drop_non_drop)]
            ::core::mem::drop(#value);
            #otherwise
        });
    }
}

fn into_block(expr: Expr) -> syn::Block {
    match expr {
        Expr::Block(block) if block.label.is_none() && block.attrs.is_empty() => block.block,
        other => {
            let tokens = quote!({ #other });
            syn::parse2(tokens).expect("an expression in braces is a block")
        }
    }
}

fn is_compound_assignment(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// Evaluating a constant has no effect, so it may be evaluated later than written.
/// Whether `expr` is a constant that a borrow promotes to `'static` (`&[(0, 1), (1, 0)]`,
/// `[1, 2, 3].iter()`), so it needs no temporary: a literal, a path that is not a local
/// (a `const`, `i32::MAX`), or tuples, arrays and arithmetic of those. (Division is left
/// out: it may panic, so rustc does not promote it.)
fn is_constant(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Lit(_) => true,
        Expr::Path(path) => path.path.get_ident().is_none() || path.qself.is_some(),
        Expr::Tuple(tuple) => tuple.elems.iter().all(is_constant),
        Expr::Array(array) => array.elems.iter().all(is_constant),
        Expr::Repeat(repeat) => is_constant(&repeat.expr) && is_constant(&repeat.len),
        Expr::Unary(unary) => !matches!(unary.op, syn::UnOp::Deref(_)) && is_constant(&unary.expr),
        Expr::Binary(binary) => {
            !matches!(
                binary.op,
                syn::BinOp::Div(_) | syn::BinOp::Rem(_) | syn::BinOp::And(_) | syn::BinOp::Or(_)
            ) && !is_compound_assignment(&binary.op)
                && is_constant(&binary.left)
                && is_constant(&binary.right)
        }
        _ => false,
    }
}

/// Whether evaluating `expr` creates a temporary that a native generator would keep until
/// the end of the enclosing statement: a value borrowed without being a place (the
/// receiver of a method, the operand of `&`, the base of a field or an index).
fn creates_temporaries(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::MethodCall(call) => {
            !is_syntactic_place(&call.receiver) && !is_constant(&call.receiver)
                || creates_temporaries(&call.receiver)
                || call.args.iter().any(creates_temporaries)
        }
        Expr::Reference(reference) => {
            !is_syntactic_place(&reference.expr) && !is_constant(&reference.expr)
                || creates_temporaries(&reference.expr)
        }
        Expr::Field(field) => !is_syntactic_place(&field.base) || creates_temporaries(&field.base),
        Expr::Index(index) => {
            !is_syntactic_place(&index.expr)
                || creates_temporaries(&index.expr)
                || creates_temporaries(&index.index)
        }
        Expr::Call(call) => call.args.iter().any(creates_temporaries),
        Expr::Binary(binary) if matches!(binary.op, BinOp::And(_) | BinOp::Or(_)) => false,
        Expr::Binary(binary) => {
            creates_temporaries(&binary.left) || creates_temporaries(&binary.right)
        }
        Expr::Unary(unary) => creates_temporaries(&unary.expr),
        Expr::Cast(cast) => creates_temporaries(&cast.expr),
        Expr::Match(match_expr) => {
            let scrutinee = &*match_expr.expr;
            creates_temporaries(scrutinee) || makes_value(scrutinee)
        }
        Expr::Tuple(tuple) => tuple.elems.iter().any(creates_temporaries),
        Expr::Array(array) => array.elems.iter().any(creates_temporaries),

        Expr::Range(range) => {
            range.start.as_deref().is_some_and(creates_temporaries)
                || range.end.as_deref().is_some_and(creates_temporaries)
        }
        _ => false,
    }
}

/// Whether `expr` is a call (or a macro, or a struct literal): a new value, which a
/// scrutinee holds in a temporary.
fn makes_value(expr: &Expr) -> bool {
    matches!(
        peel(expr),
        Expr::Call(_) | Expr::MethodCall(_) | Expr::Macro(_) | Expr::Struct(_)
    )
}

/// Whether the scrutinee of a `let` condition leaves temporaries that live on after the
/// match: it creates some, or it is a value that the pattern does not move out of whole.
fn keeps_temporaries(let_expr: &syn::ExprLet) -> bool {
    let scrutinee = &*let_expr.expr;
    let value = !is_syntactic_place(scrutinee) && !is_constant(scrutinee);
    creates_temporaries(scrutinee) || (value && !moves_whole(&let_expr.pat))
}

/// The operands of a chain of `&&` (`a && let Some(x) = b && c`), in order.
fn chain_operands(cond: &Expr) -> Vec<&Expr> {
    match cond {
        Expr::Binary(binary) if matches!(binary.op, BinOp::And(_)) => {
            let mut operands = chain_operands(&binary.left);
            operands.extend(chain_operands(&binary.right));
            operands
        }
        cond => vec![cond],
    }
}

/// Whether matching `pat` moves all there is out of the value it matches, in bindings by
/// value (`Some(x)`, `(a, b)`), so that nothing is left to drop: not with `_`, `..`, `ref`
/// or a literal.
fn moves_whole(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(ident) => ident.by_ref.is_none() && ident.subpat.is_none(),
        Pat::TupleStruct(tuple) => !tuple.elems.is_empty() && tuple.elems.iter().all(moves_whole),
        Pat::Tuple(tuple) => !tuple.elems.is_empty() && tuple.elems.iter().all(moves_whole),
        Pat::Struct(strukt) => {
            strukt.rest.is_none() && strukt.fields.iter().all(|field| moves_whole(&field.pat))
        }
        Pat::Paren(paren) => moves_whole(&paren.pat),
        Pat::Type(typed) => moves_whole(&typed.pat),
        _ => false,
    }
}

/// A place expression in Rust's sense (what `&` borrows without a temporary), however its
/// indexes are computed.
fn is_syntactic_place(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Path(_) => true,
        Expr::Field(field) => is_syntactic_place(&field.base),
        Expr::Index(index) => is_syntactic_place(&index.expr),
        Expr::Unary(unary) => {
            matches!(unary.op, syn::UnOp::Deref(_)) && is_syntactic_place(&unary.expr)
        }
        _ => false,
    }
}

/// A place expression without side effects: reading it later reads the same place.
fn is_place(expr: &Expr) -> bool {
    match peel(expr) {
        Expr::Path(_) => true,
        Expr::Field(field) => is_place(&field.base),
        Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Deref(_)) && is_place(&unary.expr),
        Expr::Index(index) => {
            is_place(&index.expr) && (is_constant(&index.index) || is_place(&index.index))
        }
        _ => false,
    }
}

fn has_value_breaks(block: &ExprBlock) -> bool {
    let Some(label) = &block.label else {
        return false;
    };
    let mut finder = ValueBreaks {
        label: Some(&label.name),
        is_loop: false,
        depth: 0,
        target: None,
        found: false,
    };
    finder.visit_block_mut(&mut block.block.clone());
    finder.found
}

/// Whether the branches of `if_expr` hold a `break` or `continue` without a label that
/// leaves them; with `label`, gives them that label.
fn label_jumps(if_expr: &mut ExprIf, label: Option<&Lifetime>) -> bool {
    struct Jumps<'a> {
        label: Option<&'a Lifetime>,
        /// Loops entered inside the branches.
        depth: usize,
        found: bool,
    }
    impl VisitMut for Jumps<'_> {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            match expr {
                Expr::Break(ExprBreak { label: jump, .. })
                | Expr::Continue(ExprContinue { label: jump, .. })
                    if jump.is_none() && self.depth == 0 =>
                {
                    self.found = true;
                    *jump = self.label.cloned();
                    visit_mut::visit_expr_mut(self, expr);
                }
                Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
                    self.depth += 1;
                    visit_mut::visit_expr_mut(self, expr);
                    self.depth -= 1;
                }
                Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
                _ => visit_mut::visit_expr_mut(self, expr),
            }
        }

        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    }
    let mut jumps = Jumps {
        label,
        depth: 0,
        found: false,
    };
    jumps.visit_expr_mut(&mut if_expr.cond);
    jumps.visit_block_mut(&mut if_expr.then_branch);
    if let Some((_, otherwise)) = &mut if_expr.else_branch {
        jumps.visit_expr_mut(otherwise);
    }
    jumps.found
}

fn loop_has_value_breaks(loop_expr: &ExprLoop) -> bool {
    let mut finder = ValueBreaks {
        label: loop_expr.label.as_ref().map(|l| &l.name),
        is_loop: true,
        depth: 0,
        target: None,
        found: false,
    };
    finder.visit_block_mut(&mut loop_expr.body.clone());
    finder.found
}

/// `break 'label value` (or a plain `break value` out of a loop) becomes
/// `{ target = value; break 'label; }`.
fn rewrite_value_breaks(
    body: &mut syn::Block,
    label: Option<&Lifetime>,
    is_loop: bool,
    target: &Ident,
) {
    let mut rewriter = ValueBreaks {
        label,
        is_loop,
        depth: 0,
        target: Some(target),
        found: false,
    };
    rewriter.visit_block_mut(body);
}

struct ValueBreaks<'a> {
    label: Option<&'a Lifetime>,
    is_loop: bool,
    /// Loops entered inside the construct.
    depth: usize,
    /// `None` to only look.
    target: Option<&'a Ident>,
    found: bool,
}

impl VisitMut for ValueBreaks<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Break(break_expr) => {
                let mine = match &break_expr.label {
                    Some(label) => Some(label) == self.label,
                    None => self.is_loop && self.depth == 0,
                };
                let has_value = break_expr.expr.is_some();
                visit_mut::visit_expr_mut(self, expr);
                if !mine {
                    return;
                }
                self.found |= has_value;
                if let Some(target) = self.target {
                    let Expr::Break(mut break_expr) = std::mem::replace(expr, Expr::PLACEHOLDER)
                    else {
                        unreachable!()
                    };
                    // A `break` without a value gives the construct the value `()`.
                    let value = match break_expr.expr.take() {
                        Some(value) => *value,
                        None => parse_quote_spanned!(break_expr.break_token.span=> ()),
                    };
                    *expr = parse_quote!({ #target = #value; #break_expr });
                }
            }

            Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
                self.depth += 1;
                visit_mut::visit_expr_mut(self, expr);
                self.depth -= 1;
            }
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Records, for every yield, how to reach it from the root block.
fn record_paths(program: &mut Program) {
    fn block(b: &Block, path: &mut Vec<Step>, points: &mut [Point]) {
        for (index, stmt) in b.stmts.iter().enumerate() {
            path.push(Step::Stmt(index));
            statement(stmt, path, points);
            path.pop();
        }
    }
    fn statement(stmt: &Stmt, path: &mut Vec<Step>, points: &mut [Point]) {
        let mut enter = |step: Step, b: &Block, path: &mut Vec<Step>| {
            path.push(step);
            block(b, path, points);
            path.pop();
        };
        match stmt {
            Stmt::Yield { point, .. } => points[*point].path = path.clone(),
            Stmt::Block(b) => enter(Step::Block, b, path),
            Stmt::If(if_) => if_chain(if_, path, points),
            Stmt::Match { arms, .. } => {
                for (index, arm) in arms.iter().enumerate() {
                    enter(Step::Arm(index), &arm.body, path);
                }
            }
            Stmt::Loop(l) => enter(Step::LoopBody, &l.body, path),
            Stmt::LetElse { otherwise, .. } => enter(Step::LetElse, otherwise, path),
            Stmt::Plain { .. } | Stmt::Declare { .. } | Stmt::Unreachable { .. } => {}
        }
    }
    fn if_chain(if_: &If, path: &mut Vec<Step>, points: &mut [Point]) {
        path.push(Step::Then);
        block(&if_.then, path, points);
        path.pop();
        path.push(Step::Else);
        match &if_.otherwise {
            Some(Else::Block(b)) => block(b, path, points),
            Some(Else::If(nested)) => if_chain(nested, path, points),
            None => {}
        }
        path.pop();
    }
    let root = std::mem::replace(
        &mut program.root,
        Block {
            label: None,
            unsafety: None,
            binds: Vec::new(),
            stmts: Vec::new(),
        },
    );
    block(&root, &mut Vec::new(), &mut program.points);
    program.root = root;
}

/// `ty` without parentheses and the invisible groups of `macro_rules!` substitutions.
fn peel_type(ty: &syn::Type) -> &syn::Type {
    match ty {
        syn::Type::Paren(paren) => peel_type(&paren.elem),
        syn::Type::Group(group) => peel_type(&group.elem),
        ty => ty,
    }
}
