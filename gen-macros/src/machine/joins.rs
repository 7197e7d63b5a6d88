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
//!
//! Rustc also infers types in the order the code is written, and the copy of the code
//! after a statement that pauses inside a branch or a loop, in the arm that entered the
//! statement, comes before the code of the statement after its pause, in a later arm:
//! `let mut v = Vec::new(); for i in 0..n { yield_!(i); v.push(i); } for x in v { .. x.pow(2) .. }`
//! would need `v`'s type before `v.push(i)`. A join there writes that code once, after
//! every arm of the statement, in the order of the source (see [`Inference`]).

use super::ir::{PointKind, Program};
use quote::ToTokens;
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
/// `timeout(d, async { .. }).await`), since the slot of an await point has one type; and
/// the joins placed for type inference.
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
            join.transparent && (saves || awaits || join.infers)
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

/// Where a block wants a join for type inference: before the statement that follows a
/// statement which may end without pausing (it pauses only inside a branch or a loop,
/// which may not run) and which, after it paused, mentions a local that the code after
/// it mentions too.
/// The macro sees no types, so any shared local counts; a join where none was needed
/// costs a pass through the dispatch, once each time the statement ends.
pub(crate) struct Inference {
    /// For each statement after a pausing one that may end without pausing, the names
    /// that statement mentions after it paused; `None` for the others.
    before: Vec<Option<BTreeSet<String>>>,
    /// The names mentioned from each statement to the end of the block.
    after: Vec<BTreeSet<String>>,
}

impl Inference {
    pub(crate) fn of(stmts: &[syn::Stmt], pauses: &[bool]) -> Self {
        let before: Vec<_> = (0..stmts.len())
            .map(|index| {
                let previous = index.checked_sub(1)?;
                (pauses[previous] && !always_pauses(&stmts[previous]))
                    .then(|| names_after_pause(&stmts[previous]))
            })
            .collect();
        // The names after each statement, only where a statement may want a join.
        let mut after = vec![BTreeSet::new(); stmts.len()];
        if let Some(first) = before.iter().position(Option::is_some) {
            let mut names = BTreeSet::new();
            for index in (first..stmts.len()).rev() {
                names.extend(names_in(stmts[index].to_token_stream()));
                after[index].clone_from(&names);
            }
        }
        Inference { before, after }
    }

    /// Whether the statement at `index` wants a join, given the locals declared so far.
    pub(crate) fn wanted<'a>(
        &self,
        index: usize,
        mut locals: impl Iterator<Item = &'a super::ir::Local>,
    ) -> bool {
        let Some(before) = &self.before[index] else {
            return false;
        };
        locals.any(|local| {
            let name = local.ident.to_string();
            type_may_be_open(local) && before.contains(&name) && self.after[index].contains(&name)
        })
    }
}

/// Whether rustc may have to infer the type of `local` from the code that uses it: not
/// a parameter, nor a `let` with a declared type that leaves nothing out (no `_`).
fn type_may_be_open(local: &super::ir::Local) -> bool {
    match &local.origin {
        super::ir::Origin::Param { .. } => false,
        super::ir::Origin::Let { ty: Some(ty), .. } => {
            struct Infer(bool);
            impl<'ast> Visit<'ast> for Infer {
                fn visit_type_infer(&mut self, _: &'ast syn::TypeInfer) {
                    self.0 = true;
                }
                fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
                    self.0 = true;
                }
            }
            let mut infer = Infer(false);
            infer.visit_type(ty);
            infer.0
        }
        _ => true,
    }
}

/// The identifiers in `tokens`, and the inline arguments of its format strings.
fn names_in(tokens: proc_macro2::TokenStream) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                names.insert(ident.to_string().trim_start_matches("r#").to_string());
            }
            proc_macro2::TokenTree::Group(group) => names.extend(names_in(group.stream())),
            proc_macro2::TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if text.contains('{') {
                    names.extend(super::mentions::inline_arguments(&text));
                }
            }
            proc_macro2::TokenTree::Punct(_) => {}
        }
    }
    names
}

/// The names that `stmt` mentions where rustc may learn their types from code after a
/// pause: the code after the first pause, the operations whose operands pause (`v.push(
/// { yield_!(..); x })`, `x = if c { yield_!(..); 1u8 } else { 2 }`), and the bindings of
/// a `let` whose value pauses.
fn names_after_pause(stmt: &syn::Stmt) -> BTreeSet<String> {
    struct After {
        paused: bool,
        names: BTreeSet<String>,
    }
    impl<'ast> Visit<'ast> for After {
        fn visit_expr(&mut self, expr: &'ast syn::Expr) {
            match expr {
                syn::Expr::Yield(e) => {
                    if let Some(operand) = &e.expr {
                        self.visit_expr(operand);
                    }
                    self.paused = true;
                    return;
                }
                syn::Expr::Await(e) => {
                    self.visit_expr(&e.base);
                    self.paused = true;
                    return;
                }
                syn::Expr::Closure(_) | syn::Expr::Async(_) | syn::Expr::Const(_) => {
                    if self.paused {
                        self.names.extend(names_in(expr.to_token_stream()));
                    }
                    return;
                }
                _ => {}
            }
            let paused_before = self.paused;
            syn::visit::visit_expr(self, expr);
            // The first pause was inside: the operation itself comes after it (a later
            // pause's operations are visited after the first, so their names are in).
            let first_pause_inside = !paused_before && self.paused;
            let control = matches!(
                expr,
                syn::Expr::If(_)
                    | syn::Expr::Match(_)
                    | syn::Expr::While(_)
                    | syn::Expr::ForLoop(_)
                    | syn::Expr::Loop(_)
                    | syn::Expr::Block(_)
                    | syn::Expr::Unsafe(_)
                    | syn::Expr::Paren(_)
                    | syn::Expr::Group(_)
            );
            if !control && first_pause_inside {
                self.names.extend(names_in(expr.to_token_stream()));
            }
        }
        fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
            if self.paused {
                self.names
                    .insert(ident.to_string().trim_start_matches("r#").to_string());
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if self.paused {
                self.names.extend(names_in(mac.tokens.clone()));
            }
        }
        fn visit_local(&mut self, local: &'ast syn::Local) {
            // The pattern is visited first: bound after a pause in the value, its names
            // are added here.
            let paused_before = self.paused;
            self.visit_pat(&local.pat);
            if let Some(init) = &local.init {
                self.visit_expr(&init.expr);
                if !paused_before && self.paused {
                    self.names.extend(names_in(local.pat.to_token_stream()));
                }
                if let Some((_, diverge)) = &init.diverge {
                    self.visit_expr(diverge);
                }
            }
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut after = After {
        paused: false,
        names: BTreeSet::new(),
    };
    after.visit_stmt(stmt);
    after.names
}

/// Whether every run of `stmt` that ends does so after it paused: it pauses outside the
/// branches and loop bodies it has, and outside what short-circuits.
fn always_pauses(stmt: &syn::Stmt) -> bool {
    pauses_unconditionally(|v| v.visit_stmt(stmt))
}

/// Whether a condition or scrutinee that pauses wants a join before the rest of its
/// construct, which uses its value: when its value may come without a pause (`match if c
/// { yield_!(..); Some(1u8) } else { None } { .. }`), the copy of the rest in the arm that
/// entered it comes before the code that gives the value's type.
pub(crate) fn for_inference_after(expr: &syn::Expr) -> bool {
    !pauses_unconditionally(|v| v.visit_expr(expr))
}

fn pauses_unconditionally<'a>(visit: impl FnOnce(&mut dyn Visit<'a>)) -> bool {
    struct Unconditional(bool);
    impl<'ast> Visit<'ast> for Unconditional {
        fn visit_expr(&mut self, expr: &'ast syn::Expr) {
            if self.0 {
                return;
            }
            match expr {
                syn::Expr::Yield(_) | syn::Expr::Await(_) => self.0 = true,
                syn::Expr::If(e) => self.visit_expr(&e.cond),
                syn::Expr::Match(e) => self.visit_expr(&e.expr),
                syn::Expr::While(e) => self.visit_expr(&e.cond),
                syn::Expr::ForLoop(e) => self.visit_expr(&e.expr),
                syn::Expr::Block(e) if e.label.is_some() => {}
                syn::Expr::Binary(e) if matches!(e.op, syn::BinOp::And(_) | syn::BinOp::Or(_)) => {
                    self.visit_expr(&e.left);
                }
                syn::Expr::Loop(_)
                | syn::Expr::Closure(_)
                | syn::Expr::Async(_)
                | syn::Expr::Const(_) => {}
                _ => syn::visit::visit_expr(self, expr),
            }
        }
        fn visit_local_init(&mut self, init: &'ast syn::LocalInit) {
            // Not the `else` of a `let .. else`, which may run instead.
            self.visit_expr(&init.expr);
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut finder = Unconditional(false);
    visit(&mut finder);
    finder.0
}
