//! Which locals a piece of user code mentions, and how.
//!
//! Without types, a mention is classified by its syntactic context: `&x`, `x.len()`,
//! `x == y`, `x[i]`, `x.field = v` and format arguments only look at `x`; a call
//! argument, a `let` initializer, an operand of arithmetic, a method receiver other than
//! the well-known `&self` methods, or a capture by a `move` closure may move it. The
//! liveness analysis saves a local that is still used after a suspension point, and also
//! one that is not but was certainly not moved, so that it drops where its scope ends.

use super::ir::LocalId;
use super::patterns::{self, Position};
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::BTreeSet;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Pat, Stmt, Token};

/// The names in scope at some point of the body, innermost last.
#[derive(Clone, Default)]
pub(crate) struct Scope {
    /// `None` for a binding of user code that is not tracked (it only hides names).
    frames: Vec<Vec<(String, Option<LocalId>)>>,
}

impl Scope {
    pub(crate) fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    pub(crate) fn pop(&mut self) {
        self.frames.pop();
    }

    pub(crate) fn declare(&mut self, ident: &Ident, id: LocalId) {
        if self.frames.is_empty() {
            self.push();
        }
        self.frames
            .last_mut()
            .expect("a frame")
            .push((ident.to_string(), Some(id)));
    }

    /// The parts of local `base` (see `parts`), in scope with it: found by [`part_key`].
    pub(crate) fn declare_parts(&mut self, base: LocalId, parts: &[(String, LocalId)]) {
        if self.frames.is_empty() {
            self.push();
        }
        let frame = self.frames.last_mut().expect("a frame");
        for (member, part) in parts {
            frame.push((part_key(base, member), Some(*part)));
        }
    }

    /// A binding that is not a local of the generator but hides any of the same name.
    pub(crate) fn shadow(&mut self, ident: &Ident) {
        if self.frames.is_empty() {
            self.push();
        }
        self.frames
            .last_mut()
            .expect("a frame")
            .push((ident.to_string(), None));
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<LocalId> {
        self.frames
            .iter()
            .rev()
            .flat_map(|frame| frame.iter().rev())
            .find(|(n, _)| n == name)
            .and_then(|&(_, id)| id)
    }

    /// The depth of the block that declares local `id`, if it is in scope (0 outermost).
    pub(crate) fn depth_of(&self, id: LocalId) -> Option<usize> {
        self.frames
            .iter()
            .position(|frame| frame.iter().any(|&(_, local)| local == Some(id)))
    }

    /// Every local in scope, shadowed or not, in declaration order.
    pub(crate) fn all(&self) -> Vec<LocalId> {
        self.frames
            .iter()
            .flatten()
            .filter_map(|&(_, id)| id)
            .collect()
    }
}

/// The name under which a [`Scope`] knows the field `member` of local `base`: no
/// identifier is spelled so.
pub(crate) fn part_key(base: LocalId, member: &str) -> String {
    format!("{base}.{member}")
}

/// The part that `expr` names (`s.name`, where `s` has parts), if it names one.
pub(crate) fn part_of(expr: &Expr, scope: &Scope) -> Option<LocalId> {
    let Expr::Field(field) = crate::visit::peel(expr) else {
        return None;
    };
    let base = as_local(&field.base)?;
    let base = scope.lookup(&base.to_string())?;
    scope.lookup(&part_key(base, &super::parts::member_name(&field.member)))
}

/// How a context uses the value of a place.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// May move it (or copy it): a call argument, a `let` initializer, a field value..
    Move,
    /// Uses it by value where the value is usually `Copy`: an operand of arithmetic, a
    /// cast, an index, a yielded value, the receiver of an unknown method.
    Value,
    /// Only borrows or inspects it.
    Ref,
    /// Assigns it as a whole.
    Write,
}

/// A `break`, `continue` or `return` leaving the walked code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    Break(Option<String>),
    Continue(Option<String>),
    Return,
}

#[derive(Default)]
pub(crate) struct Mentions {
    /// Locals whose value is used.
    pub(crate) reads: BTreeSet<LocalId>,
    /// Locals that may have been moved.
    pub(crate) moves: BTreeSet<LocalId>,
    /// Those of `moves` used where a move is likely (not just a copy).
    pub(crate) consumes: BTreeSet<LocalId>,
    /// Those of `moves` certainly moved (or copied) whole: used by value where no borrow
    /// can be meant (a call argument, an operand, a yielded value), not as the place of a
    /// field, a method's receiver, a scrutinee that a pattern may bind in part, or in a
    /// macro's tokens.
    pub(crate) whole_moves: BTreeSet<LocalId>,
    /// Those of `moves` used where they may be moved in part (or only borrowed): the
    /// others.
    pub(crate) part_moves: BTreeSet<LocalId>,
    /// Locals that may be given a borrow through a method or an assignment into them
    /// (`v.push(&x)`, `s.r = &x`), each with what the given value may borrow.
    pub(crate) lent_to: Vec<(LocalId, Borrowed)>,
    /// Those of `consumes` captured by a `move` closure or `async move` block.
    pub(crate) captured: BTreeSet<LocalId>,
    /// Parts moved out where a move is certain but for rare types: iterated by a `for`
    /// loop, the receiver of an `into_*` method, or dropped (see `parts`).
    pub(crate) splits: BTreeSet<LocalId>,
    /// Locals mentioned in tokens that could not be parsed (a macro's arguments).
    pub(crate) opaque: BTreeSet<LocalId>,
    /// Locals assigned as a whole (`x = value`), anywhere.
    pub(crate) writes: BTreeSet<LocalId>,
    /// Locals that may be mutated or mutably borrowed (so a `mut` on them may be needed).
    pub(crate) mutations: BTreeSet<LocalId>,
    pub(crate) exits: Vec<Exit>,
}

pub(crate) fn of_stmt(stmt: &Stmt, scope: &Scope) -> Mentions {
    let mut walker = Walker::new(scope);
    match stmt {
        // The pattern's own bindings are declared by the caller, after the statement.
        Stmt::Local(local) => walker.local_init(local),
        other => walker.stmt(other),
    }
    walker.out
}

pub(crate) fn of_expr(expr: &Expr, how: Use, scope: &Scope) -> Mentions {
    let mut walker = Walker::new(scope);
    walker.expr(expr, how);
    walker.out
}

/// The mentions of a scrutinee that `pat` binds (`pat` of a `let`-`else` or of one of the
/// arms of a `match`, for which `by_value` says whether one binds by value).
pub(crate) fn of_scrutinee(expr: &Expr, how: Use, whole: bool, scope: &Scope) -> Mentions {
    let mut walker = Walker::new(scope);
    if whole {
        walker.expr(expr, how);
    } else {
        walker.expr_in_part(expr, how);
    }
    walker.out
}

/// Whether a pattern binds the whole value it matches, by value (`x`, `mut x`, `x: T`):
/// then the value is certainly moved (or copied) whole.
pub(crate) fn binds_whole(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(ident) => ident.by_ref.is_none() && ident.subpat.is_none(),
        Pat::Type(typed) => binds_whole(&typed.pat),
        Pat::Paren(paren) => binds_whole(&paren.pat),
        _ => false,
    }
}

/// Whether matching a value with `pat` leaves nothing in it that a drop could see: the
/// pattern binds all of it by value (`x`, `(a, b)`, `Some(x)`, `Ok(v)`), or it has no
/// fields (`None`, a literal).
fn takes_all(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(_) | Pat::Type(_) | Pat::Paren(_) => binds_whole(pat),
        Pat::Lit(_) | Pat::Range(_) => true,
        Pat::Path(path) => path.path.is_ident("None"),
        Pat::Tuple(tuple) => tuple.elems.iter().all(takes_all),
        Pat::TupleStruct(tuple) => tuple.elems.iter().all(takes_all),
        Pat::Struct(strukt) => {
            strukt.rest.is_none() && strukt.fields.iter().all(|field| takes_all(&field.pat))
        }
        Pat::Or(or) => or.cases.iter().all(takes_all),
        _ => false,
    }
}

/// Whether a refutable `let` with `pat` leaves nothing a drop could see in the value it
/// matches, whether it matches or not: `Some(x)` (what does not match is `None`).
pub(crate) fn refutable_takes_all(pat: &Pat) -> bool {
    match pat {
        Pat::TupleStruct(tuple) => {
            tuple
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Some")
                && tuple.elems.iter().all(takes_all)
        }
        Pat::Paren(paren) => refutable_takes_all(&paren.pat),
        _ => binds_whole(pat),
    }
}

/// Whether the arms of a `match` leave nothing a drop could see in its scrutinee.
pub(crate) fn arms_take_all<'a>(mut pats: impl Iterator<Item = &'a Pat>) -> bool {
    pats.all(|pat| match pat {
        Pat::Guard(guard) => takes_all(&guard.pat),
        pat => takes_all(pat),
    })
}

/// The mentions of an `if`/`while` condition (with its `let` chain).
pub(crate) fn of_condition(cond: &Expr, scope: &Scope) -> Mentions {
    let mut walker = Walker::new(scope);
    walker.push();
    walker.condition(cond);
    walker.out
}

/// The mentions of a match arm's guard, if any.
pub(crate) fn of_guard(pat: &Pat, scope: &Scope) -> Mentions {
    let mut walker = Walker::new(scope);
    if let Pat::Guard(guard) = pat {
        walker.push();
        walker.bind(&guard.pat, Position::Refutable);
        walker.expr(&guard.guard, Use::Move);
    }
    walker.out
}

/// The local a place expression is, if it is one.
pub(crate) fn local_of(expr: &Expr) -> Option<&Ident> {
    as_local(expr)
}

/// The places an assignment writes: its left side, or, for a destructuring assignment
/// (`(a, b) = (b, a + b);`, `S { x, .. } = s;`), each place inside it.
pub(crate) fn assignees(left: &Expr) -> Vec<&Expr> {
    let mut places = Vec::new();
    collect_assignees(left, &mut places);
    places
}

fn collect_assignees<'a>(expr: &'a Expr, places: &mut Vec<&'a Expr>) {
    match expr {
        Expr::Tuple(tuple) => tuple
            .elems
            .iter()
            .for_each(|e| collect_assignees(e, places)),
        Expr::Array(array) => array
            .elems
            .iter()
            .for_each(|e| collect_assignees(e, places)),
        Expr::Call(call) => call.args.iter().for_each(|e| collect_assignees(e, places)),
        Expr::Struct(strukt) => strukt
            .fields
            .iter()
            .for_each(|field| collect_assignees(&field.expr, places)),
        Expr::Paren(paren) => collect_assignees(&paren.expr, places),
        // `_` and `..` write nothing.
        Expr::Infer(_) => {}
        Expr::Range(range) if range.start.is_none() && range.end.is_none() => {}
        place => places.push(place),
    }
}

fn as_local(expr: &Expr) -> Option<&Ident> {
    match crate::visit::peel(expr) {
        Expr::Path(path) if path.qself.is_none() => path.path.get_ident(),
        _ => None,
    }
}

/// How a binary operator uses its operands: a comparison borrows both, a compound
/// assignment mutates its place and reads its value, the others use both by value.
pub(crate) fn binary_uses(op: &syn::BinOp) -> (Use, Use) {
    use syn::BinOp::*;
    match op {
        Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) => (Use::Ref, Use::Ref),
        AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_)
        | BitXorAssign(_) | BitAndAssign(_) | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_) => {
            (Use::Ref, Use::Value)
        }
        _ => (Use::Value, Use::Value),
    }
}

/// Whether a method, on the types it is usually called on, takes `&self` or `&mut self`.
///
/// Names of std's common borrowing methods, and the naming conventions of the API
/// guidelines (`is_*`, `as_*`, `to_*`, `get*`, `set_*`, ..). Any other method is assumed
/// to take `self`: a local it is called on may have been moved. Names that take `&self`
/// on some common types and `self` on others (`lines`, `bytes` and `split` of `str` and of
/// `BufRead`/`Read`) count as taking `self`: the local is then not kept for its drop
/// after its last use, where a reader it was taken from must not be kept at all.
pub(crate) fn borrows_receiver(method: &Ident) -> bool {
    const BY_REF: &[&str] = &[
        "append",
        "binary_search",
        "borrow",
        "borrow_mut",
        "capacity",
        "char_indices",
        "chars",
        "chunks",
        "chunks_exact",
        "clear",
        "clone",
        "clone_from",
        "cmp",
        "contains",
        "contains_key",
        "count_ones",
        "dedup",
        "drain",
        "ends_with",
        "entry",
        "eq",
        "extend",
        "extend_from_slice",
        "fill",
        "find",
        "first",
        "first_mut",
        "fmt",
        "hash",
        "id",
        "index",
        "insert",
        "iter",
        "iter_mut",
        "key",
        "keys",
        "last",
        "last_mut",
        "len",
        "lock",
        "name",
        "ne",
        "next",
        "next_back",
        "nth",
        "partial_cmp",
        "peek",
        "peek_mut",
        "pop",
        "pop_back",
        "pop_front",
        "push",
        "push_back",
        "push_front",
        "push_str",
        "read",
        "remove",
        "replace",
        "reserve",
        "resize",
        "retain",
        "reverse",
        "rfind",
        "sort",
        "sort_by",
        "sort_by_key",
        "sort_unstable",
        "split_whitespace",
        "starts_with",
        "swap",
        "trim",
        "trim_end",
        "trim_start",
        "truncate",
        "value",
        "values",
        "values_mut",
        "windows",
        "write",
    ];
    const PREFIXES: &[&str] = &[
        "as_",
        "contains_",
        "get",
        "has_",
        "is_",
        "iter_",
        "push_",
        "remove_",
        "set_",
        "sort_",
        "split_",
        "to_",
        "trim_",
        "with_capacity",
    ];
    let name = method.to_string();
    BY_REF.contains(&name.as_str()) || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Macros whose arguments are only looked at (formatting and assertions).
pub(crate) fn inspects_arguments(name: &str) -> bool {
    matches!(
        name,
        "assert"
            | "assert_eq"
            | "assert_ne"
            | "debug_assert"
            | "debug_assert_eq"
            | "debug_assert_ne"
            | "eprint"
            | "eprintln"
            | "format"
            | "format_args"
            | "panic"
            | "print"
            | "println"
            | "todo"
            | "unimplemented"
            | "unreachable"
            | "write"
            | "writeln"
            | "trace"
            | "debug"
            | "info"
            | "warn"
            | "error"
    )
}

struct Walker<'a> {
    scope: &'a Scope,
    /// Names bound inside the walked code (which hide locals of the same name).
    shadows: Vec<Vec<String>>,
    out: Mentions,
    /// Loops entered inside the walked code.
    loops: usize,
    /// Labels defined inside the walked code.
    labels: Vec<String>,
    /// Inside a closure or `async` block: its `break`/`return` are its own.
    nested: usize,
    /// Inside a `move` closure or `async move` block: every capture moves.
    moving: usize,
    /// Inside a place whose use may move it in part or only borrow it (see
    /// [`Mentions::whole_moves`]).
    in_part: usize,
}

impl<'a> Walker<'a> {
    fn new(scope: &'a Scope) -> Self {
        Walker {
            scope,
            shadows: Vec::new(),
            out: Mentions::default(),
            loops: 0,
            labels: Vec::new(),
            nested: 0,
            moving: 0,
            in_part: 0,
        }
    }

    /// The initializer of a `let` (and its `else` block).
    fn local_init(&mut self, local: &syn::Local) {
        let Some(init) = &local.init else {
            return;
        };
        if patterns::binds_by_value(&local.pat, Position::of_let(local)) {
            if binds_whole(&local.pat) {
                self.expr(&init.expr, Use::Move);
            } else {
                self.expr_in_part(&init.expr, Use::Move);
            }
        } else {
            self.expr(&init.expr, Use::Ref);
        }
        if let Some((_, otherwise)) = &init.diverge {
            self.expr(otherwise, Use::Move);
        }
    }

    /// Walks `walk` where a use by value may move in part, or only borrow.
    fn within_part(&mut self, walk: impl FnOnce(&mut Self)) {
        self.in_part += 1;
        walk(self);
        self.in_part -= 1;
    }

    /// `expr`, used as `how`, where a pattern may bind it in part: a place there is not
    /// certainly moved whole (`f(x)` is, wherever it is).
    fn expr_in_part(&mut self, expr: &Expr, how: Use) {
        let place = matches!(
            crate::visit::peel(expr),
            Expr::Path(_) | Expr::Field(_) | Expr::Index(_) | Expr::Unary(_)
        );
        if place {
            self.within_part(|w| w.expr(expr, how));
        } else {
            self.expr(expr, how);
        }
    }

    fn push(&mut self) {
        self.shadows.push(Vec::new());
    }

    fn pop(&mut self) {
        self.shadows.pop();
    }

    fn bind(&mut self, pat: &Pat, position: Position) {
        if self.shadows.is_empty() {
            self.push();
        }
        for binding in patterns::bindings(pat, position) {
            self.shadows
                .last_mut()
                .expect("a frame")
                .push(binding.ident.to_string());
        }
        // Constants and paths inside patterns (and range bounds) are not locals.
    }

    fn shadowed(&self, name: &str) -> bool {
        self.shadows
            .iter()
            .any(|frame| frame.iter().any(|n| n == name))
    }

    fn mention(&mut self, name: &str, how: Use) {
        if self.shadowed(name) {
            return;
        }
        if let Some(id) = self.scope.lookup(name) {
            self.mention_id(id, how);
        }
    }

    /// The part a field expression names, unless a binding of the walked code hides its
    /// base.
    fn part(&self, expr: &Expr) -> Option<LocalId> {
        let Expr::Field(field) = crate::visit::peel(expr) else {
            return None;
        };
        let base = as_local(&field.base)?;
        if self.shadowed(&base.to_string()) {
            return None;
        }
        part_of(expr, self.scope)
    }

    /// `expr`, a part, is moved out (see [`Mentions::splits`]).
    fn split(&mut self, expr: &Expr) {
        if let Some(part) = self.part(expr) {
            self.out.splits.insert(part);
        }
    }

    fn mention_id(&mut self, id: LocalId, how: Use) {
        if how == Use::Write {
            self.out.writes.insert(id);
            return;
        }
        self.out.reads.insert(id);
        if how == Use::Move || how == Use::Value || self.moving > 0 {
            self.out.moves.insert(id);
        }
        if how == Use::Move || self.moving > 0 {
            self.out.consumes.insert(id);
        }
        if how == Use::Move || how == Use::Value || self.moving > 0 {
            if self.in_part == 0 {
                self.out.whole_moves.insert(id);
            } else {
                self.out.part_moves.insert(id);
            }
        }
        if self.moving > 0 {
            self.out.captured.insert(id);
        }
    }

    /// Records what `values` may lend to the local at the base of `place` (see
    /// [`Mentions::lent_to`]).
    fn lend<'e>(&mut self, place: &Expr, values: impl Iterator<Item = &'e Expr>) {
        let Some(id) = base_local(place, true).and_then(|i| self.scope.lookup(&i.to_string()))
        else {
            return;
        };
        for value in values {
            let value = borrowed(value, self.scope);
            if !value.roots.is_empty() || !value.mentioned.is_empty() {
                self.out.lent_to.push((id, value));
            }
        }
    }

    /// Marks the local at the base of a place as possibly mutated.
    fn mutate(&mut self, place: &Expr) {
        if let Some(ident) = base_local(place, false) {
            self.mutate_local(&ident.to_string());
        }
    }

    /// A mutation of the local `name`, if it names one in scope.
    fn mutate_local(&mut self, name: &str) {
        if !self
            .shadows
            .iter()
            .any(|frame| frame.iter().any(|n| n == name))
        {
            if let Some(id) = self.scope.lookup(name) {
                self.out.mutations.insert(id);
            }
        }
    }

    fn exit(&mut self, exit: Exit) {
        if self.nested == 0 {
            self.out.exits.push(exit);
        }
    }

    fn escapes(&self, label: Option<&syn::Lifetime>) -> bool {
        match label {
            Some(label) => !self.labels.contains(&label.ident.to_string()),
            None => self.loops == 0,
        }
    }

    fn block(&mut self, block: &syn::Block, how: Use) {
        self.push();
        let count = block.stmts.len();
        for (index, stmt) in block.stmts.iter().enumerate() {
            match stmt {
                Stmt::Expr(tail, None) if index + 1 == count => self.expr(tail, how),
                other => self.stmt(other),
            }
        }
        self.pop();
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Local(local) => {
                self.local_init(local);
                self.bind(&local.pat, Position::of_let(local));
            }
            Stmt::Item(_) => {}
            Stmt::Expr(expr, _) => self.expr(expr, Use::Move),
            Stmt::Macro(mac) => self.mac(&mac.mac),
        }
    }

    fn labeled(&mut self, label: Option<&syn::Label>, is_loop: bool, walk: impl FnOnce(&mut Self)) {
        if let Some(label) = label {
            self.labels.push(label.name.ident.to_string());
        }
        if is_loop {
            self.loops += 1;
        }
        walk(self);
        if is_loop {
            self.loops -= 1;
        }
        if label.is_some() {
            self.labels.pop();
        }
    }

    fn condition(&mut self, cond: &Expr) {
        match cond {
            Expr::Let(let_expr) => {
                if patterns::binds_by_value(&let_expr.pat, Position::Refutable) {
                    if refutable_takes_all(&let_expr.pat) {
                        self.expr(&let_expr.expr, Use::Move);
                    } else {
                        self.expr_in_part(&let_expr.expr, Use::Move);
                    }
                } else {
                    self.expr(&let_expr.expr, Use::Ref);
                }
                self.bind(&let_expr.pat, Position::Refutable);
            }
            Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
                self.condition(&binary.left);
                self.condition(&binary.right);
            }
            Expr::Paren(paren) => self.condition(&paren.expr),
            Expr::Group(group) => self.condition(&group.expr),
            other => self.expr(other, Use::Move),
        }
    }

    fn nested(&mut self, moving: bool, walk: impl FnOnce(&mut Self)) {
        let (loops, labels) = (self.loops, std::mem::take(&mut self.labels));
        self.loops = 0;
        self.nested += 1;
        if moving {
            self.moving += 1;
        }
        self.push();
        walk(self);
        self.pop();
        if moving {
            self.moving -= 1;
        }
        self.nested -= 1;
        self.loops = loops;
        self.labels = labels;
    }

    fn expr(&mut self, expr: &Expr, how: Use) {
        match expr {
            Expr::Path(path) => {
                if path.qself.is_none() {
                    if let Some(ident) = path.path.get_ident() {
                        self.mention(&ident.to_string(), how);
                    } else if path.path.segments.len() == 1 {
                        // `self` with generic arguments cannot be a local; nothing to do.
                    }
                }
            }
            Expr::Field(field) => match self.part(expr) {
                Some(part) => self.mention_id(part, how),
                None => self.within_part(|w| w.expr(&field.base, how)),
            },
            Expr::Index(index) => {
                self.expr(&index.expr, Use::Ref);
                self.expr(&index.index, Use::Value);
            }
            Expr::Unary(unary) => match unary.op {
                syn::UnOp::Deref(_) => self.expr(&unary.expr, Use::Ref),
                _ => self.expr(&unary.expr, Use::Value),
            },
            Expr::Reference(reference) => {
                if reference.mutability.is_some() {
                    self.mutate(&reference.expr);
                }
                self.expr(&reference.expr, Use::Ref);
            }
            Expr::RawAddr(raw) => self.expr(&raw.expr, Use::Ref),
            Expr::Paren(paren) => self.expr(&paren.expr, how),
            Expr::Group(group) => self.expr(&group.expr, how),
            Expr::MethodCall(call) => {
                let receiver = if borrows_receiver(&call.method) {
                    Use::Ref
                } else if call.method.to_string().starts_with("into_") {
                    // By convention, `into_*` methods consume `self`.
                    self.split(&call.receiver);
                    Use::Move
                } else {
                    Use::Value
                };
                self.lend(&call.receiver, call.args.iter());
                self.mutate(&call.receiver);
                if receiver == Use::Value {
                    self.within_part(|w| w.expr(&call.receiver, receiver));
                } else {
                    self.expr(&call.receiver, receiver);
                }
                for arg in &call.args {
                    self.expr(arg, Use::Move);
                }
            }
            Expr::Call(call) => {
                // `IntoIterator::into_iter(x)` (a `for` loop's, as normalized), `drop(x)`.
                if let (Expr::Path(path), [arg]) = (
                    crate::visit::peel(&call.func),
                    call.args.iter().collect::<Vec<_>>().as_slice(),
                ) {
                    let last = path.path.segments.last().map(|s| s.ident.to_string());
                    if matches!(last.as_deref(), Some("into_iter" | "drop")) {
                        self.split(arg);
                    }
                }
                self.expr(&call.func, Use::Move);
                for arg in &call.args {
                    self.expr(arg, Use::Move);
                }
            }
            Expr::Binary(binary) => {
                let (left, right) = binary_uses(&binary.op);
                if left == Use::Ref && right == Use::Value {
                    self.mutate(&binary.left);
                }
                self.expr(&binary.left, left);
                self.expr(&binary.right, right);
            }
            Expr::Assign(assign) => {
                self.expr(&assign.right, Use::Move);
                // Writing a whole local is not a use; writing into one is, but for a
                // field saved on its own (a part), which is written as a whole.
                for place in assignees(&assign.left) {
                    if as_local(place).is_none() {
                        self.lend(place, std::iter::once(&*assign.right));
                    }
                    self.mutate(place);
                    if as_local(place).is_some() {
                        self.expr(place, Use::Write);
                    } else if let Some(part) = self.part(place) {
                        self.mention_id(part, Use::Write);
                    } else {
                        self.expr(place, Use::Ref);
                    }
                }
            }
            Expr::Cast(cast) => self.expr(&cast.expr, Use::Value),
            Expr::Tuple(tuple) => tuple.elems.iter().for_each(|e| self.expr(e, Use::Move)),
            Expr::Array(array) => array.elems.iter().for_each(|e| self.expr(e, Use::Move)),
            Expr::Repeat(repeat) => self.expr(&repeat.expr, Use::Move),
            Expr::Struct(strukt) => {
                for field in &strukt.fields {
                    self.expr(&field.expr, Use::Move);
                }
                if let Some(rest) = &strukt.rest {
                    self.expr(rest, Use::Move);
                }
            }
            Expr::Range(range) => {
                if let Some(start) = &range.start {
                    self.expr(start, Use::Value);
                }
                if let Some(end) = &range.end {
                    self.expr(end, Use::Value);
                }
            }
            Expr::Block(block) => {
                self.labeled(block.label.as_ref(), false, |w| w.block(&block.block, how));
            }
            Expr::Unsafe(unsafe_expr) => self.block(&unsafe_expr.block, how),
            Expr::TryBlock(try_block) => self.block(&try_block.block, how),
            Expr::Const(_) => {}
            Expr::If(if_expr) => {
                self.push();
                self.condition(&if_expr.cond);
                self.block(&if_expr.then_branch, how);
                self.pop();
                if let Some((_, otherwise)) = &if_expr.else_branch {
                    self.expr(otherwise, how);
                }
            }
            Expr::Let(let_expr) => {
                if refutable_takes_all(&let_expr.pat) {
                    self.expr(&let_expr.expr, Use::Move);
                } else {
                    self.expr_in_part(&let_expr.expr, Use::Move);
                }
                self.bind(&let_expr.pat, Position::Refutable);
            }
            Expr::Match(match_expr) => {
                let by_value = match_expr
                    .arms
                    .iter()
                    .any(|arm| patterns::binds_by_value(&arm.pat, Position::Refutable));
                if by_value && arms_take_all(match_expr.arms.iter().map(|arm| &arm.pat)) {
                    self.expr(&match_expr.expr, Use::Move);
                } else if by_value {
                    self.expr_in_part(&match_expr.expr, Use::Move);
                } else {
                    self.expr(&match_expr.expr, Use::Ref);
                }
                for arm in &match_expr.arms {
                    self.push();
                    self.bind(&arm.pat, Position::Refutable);
                    if let Pat::Guard(guard) = &arm.pat {
                        self.expr(&guard.guard, Use::Move);
                    }
                    self.expr(&arm.body, how);
                    self.pop();
                }
            }
            Expr::Loop(loop_expr) => {
                self.labeled(loop_expr.label.as_ref(), true, |w| {
                    w.block(&loop_expr.body, Use::Move)
                });
            }
            Expr::While(while_expr) => {
                self.labeled(while_expr.label.as_ref(), true, |w| {
                    w.push();
                    w.condition(&while_expr.cond);
                    w.block(&while_expr.body, Use::Move);
                    w.pop();
                });
            }
            Expr::ForLoop(for_loop) => {
                self.split(&for_loop.expr);
                self.expr(&for_loop.expr, Use::Move);
                self.labeled(for_loop.label.as_ref(), true, |w| {
                    w.push();
                    w.bind(&for_loop.pat, Position::Irrefutable);
                    w.block(&for_loop.body, Use::Move);
                    w.pop();
                });
            }
            Expr::Closure(closure) => {
                self.nested(closure.capture.is_some(), |w| {
                    for input in &closure.inputs {
                        w.bind(input, Position::Irrefutable);
                    }
                    w.expr(&closure.body, Use::Move);
                });
            }
            Expr::Async(async_expr) => {
                self.nested(async_expr.capture.is_some(), |w| {
                    w.block(&async_expr.block, Use::Move)
                });
            }
            Expr::Return(return_expr) => {
                if let Some(value) = &return_expr.expr {
                    self.expr(value, Use::Move);
                }
                self.exit(Exit::Return);
            }
            Expr::Break(break_expr) => {
                if let Some(value) = &break_expr.expr {
                    self.expr(value, Use::Move);
                }
                if self.escapes(break_expr.label.as_ref()) {
                    let label = break_expr.label.as_ref().map(|l| l.ident.to_string());
                    self.exit(Exit::Break(label));
                }
            }
            Expr::Continue(continue_expr) => {
                if self.escapes(continue_expr.label.as_ref()) {
                    let label = continue_expr.label.as_ref().map(|l| l.ident.to_string());
                    self.exit(Exit::Continue(label));
                }
            }
            Expr::Try(try_expr) => self.expr(&try_expr.expr, Use::Move),
            Expr::Await(await_expr) => self.expr(&await_expr.base, Use::Move),
            Expr::Yield(yield_expr) => {
                if let Some(value) = &yield_expr.expr {
                    self.expr(value, Use::Value);
                }
            }
            Expr::Macro(mac) => self.mac(&mac.mac),
            Expr::Lit(_) | Expr::Infer(_) => {}
            other => self.within_part(|w| w.tokens(other.to_token_stream(), Use::Move)),
        }
    }

    fn mac(&mut self, mac: &Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let parsed = Punctuated::<Expr, Token![,]>::parse_terminated.parse2(mac.tokens.clone());
        match parsed {
            Ok(args) if inspects_arguments(&name) => {
                for arg in &args {
                    match arg {
                        Expr::Lit(lit) => self.format_string(&lit.lit),
                        // `name = value` in format arguments.
                        Expr::Assign(assign) => self.expr(&assign.right, Use::Ref),
                        other => self.expr(other, Use::Ref),
                    }
                }
            }
            Ok(args) if name == "matches" => {
                if let Some(first) = args.first() {
                    self.expr(first, Use::Ref);
                }
            }
            // What an unknown macro does with its arguments is unknown.
            Ok(args) => self.within_part(|w| {
                for arg in &args {
                    w.expr(arg, Use::Move);
                }
            }),
            Err(_) => self.within_part(|w| w.tokens(mac.tokens.clone(), Use::Move)),
        }
    }

    /// Inline format arguments: `"{name}"`, `"{name:?}"`.
    fn format_string(&mut self, lit: &syn::Lit) {
        let syn::Lit::Str(lit) = lit else {
            return;
        };
        for name in inline_arguments(&lit.value()) {
            self.mention(&name, Use::Ref);
        }
    }

    /// Tokens that could not be parsed: any identifier may be a use.
    fn tokens(&mut self, tokens: TokenStream, how: Use) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    self.mention(&ident.to_string(), how);
                    let name = ident.to_string();
                    if !self.shadows.iter().any(|frame| frame.contains(&name)) {
                        if let Some(id) = self.scope.lookup(&name) {
                            self.out.opaque.insert(id);
                        }
                    }
                    // Any identifier, a keyword too (`else => break` in `select!`).
                    self.mutate_local(&name);
                }
                TokenTree::Group(group) => self.tokens(group.stream(), how),
                TokenTree::Literal(literal) => {
                    if let Ok(lit) = syn::parse2::<syn::Lit>(literal.into_token_stream()) {
                        self.format_string(&lit);
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
}

/// The identifiers used as inline arguments in a format string.
pub(crate) fn inline_arguments(format: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_alphanumeric() || c == '_' {
                name.push(c);
                chars.next();
            } else {
                break;
            }
        }
        let starts_like_ident = name.starts_with(|c: char| c.is_alphabetic() || c == '_');
        if starts_like_ident && matches!(chars.peek(), Some('}' | ':')) {
            names.push(name);
        }
    }
    names
}

/// What the value of an expression may borrow from: `roots` are the locals it borrows
/// directly (`&x`, `x.method()`, a non-`move` closure using `x`), `mentioned` every local
/// it mentions (a local holding a borrow passes it on).
#[derive(Default)]
pub(crate) struct Borrowed {
    pub(crate) roots: BTreeSet<LocalId>,
    pub(crate) mentioned: BTreeSet<LocalId>,
}

pub(crate) fn borrowed(expr: &Expr, scope: &Scope) -> Borrowed {
    let mut finder = BorrowFinder {
        scope,
        out: Borrowed::default(),
        closures: 0,
    };
    syn::visit::Visit::visit_expr(&mut finder, expr);
    finder.out
}

/// Whether a pattern borrows what it matches (`ref x`).
pub(crate) fn binds_by_reference(pat: &Pat) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
            self.0 |= pat.by_ref.is_some();
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_pat(&mut finder, pat);
    finder.0
}

struct BorrowFinder<'a> {
    scope: &'a Scope,
    out: Borrowed,
    /// Inside non-`move` closures, which borrow what they use.
    closures: usize,
}

impl BorrowFinder<'_> {
    fn root(&mut self, place: &Expr) {
        if let Some(id) = base_local(place, true).and_then(|i| self.scope.lookup(&i.to_string())) {
            self.out.roots.insert(id);
        }
    }
}

/// The local at the base of a place expression (`x` of `x.a[i]`, and of `(*x).a` if
/// `through_deref`).
fn base_local(place: &Expr, through_deref: bool) -> Option<&Ident> {
    let mut place = place;
    loop {
        match place {
            Expr::Field(field) => place = &field.base,
            Expr::Index(index) => place = &index.expr,
            Expr::Paren(paren) => place = &paren.expr,
            Expr::Group(group) => place = &group.expr,
            Expr::Unary(unary) if through_deref && matches!(unary.op, syn::UnOp::Deref(_)) => {
                place = &unary.expr
            }
            Expr::Path(path) => return path.path.get_ident(),
            _ => return None,
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for BorrowFinder<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        // Inside a non-`move` closure or `async` block, whatever the expression makes of
        // a local, the closure captures the local by reference.
        let outside = self.closures == 0;
        match expr {
            Expr::Reference(reference) => self.root(&reference.expr),
            Expr::RawAddr(raw) => self.root(&raw.expr),
            // A cast yields a number or a raw pointer: nothing borrowck tracks.
            Expr::Cast(_) if outside => return,
            // Operators yield a `bool`, `()` or a value of their own (no operator of the
            // standard library returns a borrow of its operands).
            Expr::Binary(_) if outside => return,
            Expr::Unary(unary) if outside && !matches!(unary.op, syn::UnOp::Deref(_)) => return,
            Expr::MethodCall(call) if outside && returns_unborrowed(&call.method) => return,
            Expr::MethodCall(call) if returns_owned_receiver(&call.method) => {}
            Expr::MethodCall(call) => self.root(&call.receiver),

            Expr::Path(path) => {
                if let Some(id) = path
                    .path
                    .get_ident()
                    .and_then(|i| self.scope.lookup(&i.to_string()))
                {
                    self.out.mentioned.insert(id);
                    if self.closures > 0 {
                        self.out.roots.insert(id);
                    }
                }
            }
            Expr::Closure(closure) if closure.capture.is_none() => {
                self.closures += 1;
                syn::visit::visit_expr(self, expr);
                self.closures -= 1;
                return;
            }
            Expr::Async(async_expr) if async_expr.capture.is_none() => {
                self.closures += 1;
                syn::visit::visit_expr(self, expr);
                self.closures -= 1;
                return;
            }
            _ => {}
        }
        syn::visit::visit_expr(self, expr);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if self.closures == 0
            && name
                .as_deref()
                .is_some_and(|name| inspects_arguments(name) && name != "format_args")
        {
            // A `String`, `()` or `!`: formatting borrows its arguments only while it runs.
            return;
        }
        fn idents(tokens: TokenStream, out: &mut Vec<Ident>) {
            for token in tokens {
                match token {
                    TokenTree::Ident(ident) => out.push(ident),
                    TokenTree::Group(group) => idents(group.stream(), out),
                    _ => {}
                }
            }
        }
        let mut found = Vec::new();
        idents(mac.tokens.clone(), &mut found);
        for ident in found {
            if let Some(id) = self.scope.lookup(&ident.to_string()) {
                self.out.mentioned.insert(id);
                if self.closures > 0 {
                    self.out.roots.insert(id);
                }
            }
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Methods whose result holds no borrow whatever their receiver and arguments (a count,
/// a flag, a `String`), as the standard library's do.
fn returns_unborrowed(method: &Ident) -> bool {
    matches!(
        method.to_string().as_str(),
        "len"
            | "is_empty"
            | "count"
            | "capacity"
            | "to_string"
            | "contains"
            | "contains_key"
            | "starts_with"
            | "ends_with"
            | "is_some"
            | "is_none"
            | "is_ok"
            | "is_err"
            | "eq"
            | "ne"
            | "lt"
            | "le"
            | "gt"
            | "ge"
            | "cmp"
            | "partial_cmp"
    )
}

/// Methods whose result owns what it holds when the receiver does (it is moved, cloned,
/// converted, adapted, or taken out of it: `v.pop()`, `it.next()`, since an iterator's
/// items cannot borrow the iterator itself): the result borrows only what the receiver
/// does.
fn returns_owned_receiver(method: &Ident) -> bool {
    let name = method.to_string();
    iterator_adapter(&name)
        || matches!(
            name.as_str(),
            "clone"
                | "cloned"
                | "copied"
                | "to_owned"
                | "to_vec"
                | "into_iter"
                | "into"
                | "into_inner"
                | "pop"
                | "pop_front"
                | "pop_back"
                | "pop_first"
                | "pop_last"
                | "remove"
                | "swap_remove"
                | "take"
                | "replace"
                | "split_off"
                | "next"
                | "next_back"
                | "nth"
                | "unwrap"
                | "expect"
                | "unwrap_or_default"
                | "ok"
                | "err"
        )
}

/// Iterator adapters: they take the iterator by value and hold it (as do `Option`'s
/// namesakes, which hold its value).
pub(crate) fn iterator_adapter(name: &str) -> bool {
    matches!(
        name,
        "rev"
            | "step_by"
            | "skip"
            | "take"
            | "enumerate"
            | "zip"
            | "chain"
            | "map"
            | "filter"
            | "filter_map"
            | "flat_map"
            | "flatten"
            | "fuse"
            | "peekable"
            | "inspect"
            | "take_while"
            | "skip_while"
            | "map_while"
            | "scan"
            | "cycle"
            | "copied"
            | "cloned"
    )
}
