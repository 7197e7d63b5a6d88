//! Whether an async body may run as a state machine.
//!
//! The compiler's `async` lowering runs any async body, and holds the reference:
//! borrows of the body's own locals across suspension points, and its temporaries and
//! drop order. The state machine is faster, but its locals move between polls and it
//! sees no types, so it runs an async body only where it provably behaves the same:
//! - no suspension point (`yield_!`, `.await`, `?`) holds a borrow of a local, and no
//!   awaited future borrows one (they live apart from the locals, in the stream's slot);
//! - at every suspension point, each local that may still hold a value is saved, so that
//!   it drops where the `async` body drops it; a local the machine would drop early (one
//!   used in a way that may or may not move it) makes the body ineligible, unless it is
//!   certainly of a primitive type, whose drop does nothing;
//! - no saved local may have been moved out of in part (saving it would not compile);
//! - the constructs the lowering supports, and none of those where its handling of
//!   temporaries is known to differ.
//!
//! Everything else keeps the `async` lowering (`async_block`).

use super::ir::{Block, Else, Head, LocalId, Origin, PointKind, Program, Stmt};
use super::items::Items;
use proc_macro2::{Span, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Item};

/// A construct of `body` that the state machine does not run, with its span: `.await`
/// inside a macro's arguments or in a match guard, and `#[for_await]` loops.
pub(crate) fn unsupported(body: &syn::Block) -> Option<(Span, &'static str)> {
    let mut finder = Unsupported { found: None };
    finder.visit_block(body);
    finder.found
}

struct Unsupported {
    found: Option<(Span, &'static str)>,
}

impl Unsupported {
    fn found(&mut self, span: Span, what: &'static str) {
        self.found.get_or_insert((span, what));
    }
}

impl<'ast> Visit<'ast> for Unsupported {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        // A statement configured out may still count as a move for the analysis.
        if attr.path().is_ident("cfg") {
            self.found(attr.span(), "a `#[cfg]` in the body");
        }
    }

    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        // A constant or a binding: the lowering takes it for a constant (see README).
        let name = pat.ident.to_string();
        if name.starts_with(|c: char| c.is_uppercase()) && name != "None" {
            self.found(pat.ident.span(), "an uppercase name in a pattern");
        }
        visit::visit_pat_ident(self, pat);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::ForLoop(for_loop) if for_loop.attrs.iter().any(crate::body::is_for_await) => {
                self.found(for_loop.for_token.span, "a `#[for_await]` loop");
            }
            Expr::Match(match_expr) => {
                for arm in &match_expr.arms {
                    if let syn::Pat::Guard(guard) = &arm.pat {
                        if awaits(&guard.guard) {
                            self.found(guard.guard.span(), "an `.await` in a match guard");
                        }
                    }
                }
            }
            // Their awaits are their own.
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => return,
            _ => {}
        }
        visit::visit_expr(self, expr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if awaits_in_tokens(mac.tokens.clone()) {
            self.found(mac.span(), "an `.await` in a macro's arguments");
        }
        if let Some(call) = crate::visit::token_yields(mac.tokens.clone()).first() {
            self.found(call.span, "a `yield_!` in a macro's arguments");
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

/// A macro called by the body's own code (not inside a closure or `async` block) that
/// may `.await` in its expansion, which this attribute does not see (`tokio::join!`,
/// `tokio::select!`, or any macro it does not know), or that has a `yield_!` in its
/// arguments. The state machine runs the body's
/// code in a plain closure, where such an `.await` would not compile, so the body keeps
/// the `async` lowering unless the user asks for the machine.
pub(crate) fn unknown_macro(body: &syn::Block) -> Option<Span> {
    struct Finder(Option<Span>);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
                _ => visit::visit_expr(self, expr),
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            let name = mac.path.segments.last().map(|s| s.ident.to_string());
            let known = name.is_some_and(|name| SYNCHRONOUS_MACROS.contains(&name.as_str()));
            if !known || !crate::visit::token_yields(mac.tokens.clone()).is_empty() {
                self.0.get_or_insert(mac.path.span());
            }
        }
        fn visit_item(&mut self, _: &'ast Item) {}
    }
    let mut finder = Finder(None);
    finder.visit_block(body);
    finder.0
}

/// Macros known by name not to `.await`: the standard library's, and the logging and
/// error macros of `log`, `tracing` and `anyhow`, which async code calls everywhere.
const SYNCHRONOUS_MACROS: &[&str] = &[
    // std and core
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "include_bytes",
    "include_str",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "pin",
    "print",
    "println",
    "stringify",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
    "addr_of",
    "addr_of_mut",
    // log and tracing
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "log",
    "event",
    "span",
    "trace_span",
    "debug_span",
    "info_span",
    "warn_span",
    "error_span",
    // anyhow
    "anyhow",
    "bail",
    "ensure",
    "format_err",
];

/// Whether `expr` awaits (in the generator's own code).
fn awaits(expr: &Expr) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Await(_) => self.0 = true,
                Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
                _ => visit::visit_expr(self, expr),
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            self.0 |= awaits_in_tokens(mac.tokens.clone());
        }
        fn visit_item(&mut self, _: &'ast Item) {}
    }
    let mut finder = Finder(false);
    finder.visit_expr(expr);
    finder.0
}

/// Whether tokens hold `.await` (outside `async` blocks and closures, which a macro's
/// tokens cannot be told apart from: any `.await` counts).
fn awaits_in_tokens(tokens: TokenStream) -> bool {
    let mut dot = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if dot && ident == "await" => return true,
            TokenTree::Group(group) if awaits_in_tokens(group.stream()) => return true,
            TokenTree::Punct(punct) => {
                dot = punct.as_char() == '.';
                continue;
            }
            _ => {}
        }
        dot = false;
    }
    false
}

/// Whether the machine of `program` runs the body with the `async` lowering's semantics;
/// if not, why, at the user's token.
pub(crate) fn exact(program: &Program, items: &Items) -> syn::Result<()> {
    if items.staying > 0 {
        return Err(syn::Error::new(
            Span::call_site(),
            "an item declared in the body cannot move to its top (see the README's limitations)",
        ));
    }
    if let Some(local) = program.locals.iter().find(|local| !local.parts.is_empty()) {
        return Err(syn::Error::new(
            local.ident.span(),
            format_args!("`{}` is moved out of in part", local.ident),
        ));
    }
    // A value of a primitive type holds no borrow, and dropping it does nothing.
    let primitive = primitives(program);
    for point in &program.points {
        let what = match point.kind {
            PointKind::Yield => "this `yield_!`",
            PointKind::Await => "this `.await`",
            PointKind::Try => "this `?`",
            PointKind::Join => "this point",
        };
        if point.borrowing_future {
            return Err(syn::Error::new(
                point.span,
                "the future awaited here may borrow a local of the generator; a state machine keeps its locals apart from the future, and moves them",
            ));
        }
        let borrowing = point
            .saved
            .iter()
            .find(|id| program.may_borrow.contains(id) && !primitive.contains(id));
        if let Some(&id) = borrowing {
            return Err(syn::Error::new(
                point.span,
                format_args!(
                    "{} may borrow another local of the generator, and is held across {what}",
                    described(program, id)
                ),
            ));
        }
        // Saving a local that the body may have moved out of in part (`page.items`, a
        // pattern) does not compile; nothing moves out of a `Copy` parameter (a shared
        // reference, say).
        let copy =
            |id: &LocalId| matches!(program.locals[*id].origin, Origin::Param { copy: true, .. });
        let moved = point
            .partly_moved
            .iter()
            .find(|id| !primitive.contains(id) && !copy(id));
        if let Some(&id) = moved {
            return Err(syn::Error::new(
                point.span,
                format_args!(
                    "the body may have moved {} out of in part (a field, a pattern, a method), and uses it after {what}, where a state machine would have to move it whole",
                    described(program, id)
                ),
            ));
        }
        let dropped = point.dropped.iter().find(|id| !primitive.contains(id));
        if let Some(&id) = dropped.filter(|id| program.may_borrow.contains(id)) {
            return Err(syn::Error::new(
                point.span,
                format_args!(
                    "{} may borrow another local of the generator, so a state machine cannot keep it to the end of its scope, past {what}",
                    described(program, id)
                ),
            ));
        }
        if let Some(&id) = dropped {
            return Err(syn::Error::new(
                point.span,
                format_args!(
                    "the macro cannot tell whether {} still holds a value at {what} (it is used in a way that may move it or only borrow it: a method call, a field, a pattern, a macro), so a state machine would drop it here rather than where its scope ends",
                    described(program, id)
                ),
            ));
        }
    }
    Ok(())
}

/// A local as the user knows it: by name, or as the value it holds for a hidden one.
fn described(program: &Program, id: LocalId) -> String {
    let local = &program.locals[id];
    match &local.origin {
        Origin::Temp | Origin::Extended { .. } => "a temporary value".to_owned(),
        Origin::ForIter { .. } => "the iterator of a `for` loop".to_owned(),
        _ => format!("`{}`", local.ident),
    }
}

/// The locals that certainly hold a value of a primitive type (a number, `bool`, `char`;
/// or a `&'static str`): they hold no borrow, and dropping one does nothing. Found from
/// their declared types and from the values given to them: the values given to one local
/// all have its type, so one of them of a primitive type is enough.
fn primitives(program: &Program) -> BTreeSet<LocalId> {
    let mut values: BTreeMap<LocalId, Vec<&Expr>> = BTreeMap::new();
    let mut primitive = BTreeSet::new();
    for (id, local) in program.locals.iter().enumerate() {
        match &local.origin {
            Origin::Param {
                copy: true,
                reference: false,
                ..
            } => {
                primitive.insert(id);
            }
            Origin::Let { ty: Some(ty), .. } if scalar_type(ty) => {
                primitive.insert(id);
            }
            Origin::Let {
                init: Some(init), ..
            } => values.entry(id).or_default().push(init),
            Origin::ForIter { iterable } => values.entry(id).or_default().push(iterable),
            _ => {}
        }
    }
    // A name given to one local only: an assignment to it gives that local a value.
    let mut named: BTreeMap<String, Vec<LocalId>> = BTreeMap::new();
    for (id, local) in program.locals.iter().enumerate() {
        named.entry(local.ident.to_string()).or_default().push(id);
    }
    let unique = |name: &str| match named.get(name).map(Vec::as_slice) {
        Some([id]) => Some(*id),
        _ => None,
    };
    let mut loops = Vec::new();
    walk(&program.root, &mut |stmt| match stmt {
        Stmt::Plain {
            stmt: syn::Stmt::Expr(Expr::Assign(assign), _),
            ..
        } => {
            if let Some(id) =
                super::mentions::local_of(&assign.left).and_then(|ident| unique(&ident.to_string()))
            {
                values.entry(id).or_default().push(&assign.right);
            }
        }
        // What the normalization hoists: `let __tmp0 = value;`.
        Stmt::Plain {
            stmt: syn::Stmt::Local(local),
            decls,
            ..
        } => {
            if let ([id], Some(init)) = (decls.as_slice(), &local.init) {
                if matches!(program.locals[*id].origin, Origin::Temp) {
                    values.entry(*id).or_default().push(&init.expr);
                }
            }
        }
        Stmt::Loop(loop_) => loops.push(loop_),
        _ => {}
    });
    loop {
        let before = primitive.len();
        let is_primitive = |name: &str| {
            named
                .get(name)
                .is_some_and(|ids| ids.iter().all(|id| primitive.contains(id)))
        };
        let found: Vec<LocalId> = values
            .iter()
            .filter(|(id, values)| {
                !primitive.contains(*id)
                    && match &program.locals[**id].origin {
                        // A range of primitive bounds: its items are of a primitive type
                        // too.
                        Origin::ForIter { .. } => {
                            values.iter().any(|v| primitive_range(v, &is_primitive))
                        }
                        _ => values.iter().any(|v| primitive_value(v, &is_primitive)),
                    }
            })
            .map(|(id, _)| *id)
            .collect();
        primitive.extend(found);
        // The bindings of a `for` loop over such a range.
        for loop_ in &loops {
            if let Head::While { cond, .. } = &loop_.head {
                let over_range = program.locals.iter().enumerate().any(|(id, local)| {
                    matches!(local.origin, Origin::ForIter { .. })
                        && primitive.contains(&id)
                        && super::emit::mentions(
                            &quote::ToTokens::to_token_stream(cond),
                            &local.ident,
                        )
                });
                if over_range {
                    primitive.extend(loop_.body.binds.iter().copied());
                }
            }
        }
        if primitive.len() == before {
            return primitive;
        }
    }
}

/// Calls `visit` on every statement of `block`, nested ones included.
fn walk<'a>(block: &'a Block, visit: &mut impl FnMut(&'a Stmt)) {
    for stmt in &block.stmts {
        visit(stmt);
        match stmt {
            Stmt::Block(block) => walk(block, visit),
            Stmt::If(if_) => walk_if(if_, visit),
            Stmt::Match { arms, .. } => arms.iter().for_each(|arm| walk(&arm.body, visit)),
            Stmt::Loop(loop_) => walk(&loop_.body, visit),
            Stmt::LetElse { otherwise, .. } => walk(otherwise, visit),
            Stmt::Plain { .. }
            | Stmt::Declare { .. }
            | Stmt::Yield { .. }
            | Stmt::Unreachable { .. } => {}
        }
    }
}

fn walk_if<'a>(if_: &'a super::ir::If, visit: &mut impl FnMut(&'a Stmt)) {
    walk(&if_.then, visit);
    match &if_.otherwise {
        Some(Else::Block(block)) => walk(block, visit),
        Some(Else::If(if_)) => walk_if(if_, visit),
        None => {}
    }
}

/// Whether `ty` is a number type, `bool` or `char`.
fn scalar_type(ty: &syn::Type) -> bool {
    !matches!(ty, syn::Type::Reference(_)) && super::inplace::copy_type(ty)
}

/// Whether `expr` is a range with bounds of a primitive type (`0..n`, `(a..=b)`), or one
/// reversed or stepped through: its items are of that type.
fn primitive_range(expr: &Expr, is_primitive: &impl Fn(&str) -> bool) -> bool {
    match crate::visit::peel(expr) {
        Expr::MethodCall(call) => {
            matches!(
                call.method.to_string().as_str(),
                "rev" | "step_by" | "skip" | "take" | "into_iter"
            ) && call
                .args
                .iter()
                .all(|arg| primitive_value(arg, is_primitive))
                && primitive_range(&call.receiver, is_primitive)
        }
        Expr::Range(range) => {
            let bound = |b: &Option<Box<Expr>>| {
                b.as_deref()
                    .is_none_or(|b| primitive_value(b, is_primitive))
            };
            (range.start.is_some() || range.end.is_some())
                && bound(&range.start)
                && bound(&range.end)
        }
        _ => false,
    }
}

/// Whether `expr` certainly has a primitive type, where `is_primitive` tells it of the
/// locals of a name.
fn primitive_value(expr: &Expr, is_primitive: &impl Fn(&str) -> bool) -> bool {
    let recurse = |e: &Expr| primitive_value(e, is_primitive);
    match crate::visit::peel(expr) {
        Expr::Lit(lit) => matches!(
            lit.lit,
            syn::Lit::Int(_)
                | syn::Lit::Float(_)
                | syn::Lit::Bool(_)
                | syn::Lit::Char(_)
                | syn::Lit::Str(_)
                | syn::Lit::Byte(_)
        ),
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| is_primitive(&ident.to_string())),
        // `as` converts to a primitive type (or a raw pointer, which has no drop either).
        Expr::Cast(_) => true,
        Expr::Unary(unary) => !matches!(unary.op, syn::UnOp::Deref(_)) && recurse(&unary.expr),
        Expr::Binary(binary) => {
            use syn::BinOp::*;
            match binary.op {
                // Comparisons and logic make a `bool`.
                Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) | And(_) | Or(_) => true,
                // Between two primitive operands, only the standard library's operators
                // apply, which make a primitive value.
                _ => recurse(&binary.left) && recurse(&binary.right),
            }
        }
        // `i64::wrapping_add(a, b)`: a function of a primitive type, of primitive values.
        Expr::Call(call) => {
            let of_scalar = match crate::visit::peel(&call.func) {
                Expr::Path(path) => {
                    let first = &path.path.segments[0].ident;
                    path.qself.is_none()
                        && path.path.segments.len() == 2
                        && scalar_type(&syn::parse_quote!(#first))
                }
                _ => false,
            };
            of_scalar && !call.args.is_empty() && call.args.iter().all(recurse)
        }
        // Counts and tests, whatever they are called on.
        Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "len"
                | "is_empty"
                | "count"
                | "capacity"
                | "is_some"
                | "is_none"
                | "is_ok"
                | "is_err"
                | "contains"
                | "contains_key"
                | "starts_with"
                | "ends_with"
                | "eq"
                | "ne"
                | "lt"
                | "le"
                | "gt"
                | "ge"
        ),
        Expr::If(if_expr) => {
            let tail = |block: &syn::Block| match block.stmts.last() {
                Some(syn::Stmt::Expr(tail, None)) => recurse(tail),
                _ => false,
            };
            tail(&if_expr.then_branch)
                || matches!(&if_expr.else_branch, Some((_, otherwise)) if recurse(otherwise))
        }
        // A range of them has no drop either.
        Expr::Range(_) => primitive_range(expr, is_primitive),
        Expr::Block(block) => match block.block.stmts.last() {
            Some(syn::Stmt::Expr(tail, None)) if block.label.is_none() => recurse(tail),
            _ => false,
        },
        _ => false,
    }
}
