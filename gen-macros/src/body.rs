//! The first pass over the body, shared by both flavors: `yield_!(value)` becomes a
//! `yield value` expression (so later stages see one form, whichever the user wrote), and
//! every suspension point that cannot work gets an error on the user's token.

use crate::diag::Errors;
use crate::item::Flavor;
use crate::visit::{expr_yields, is_yield_macro};
use proc_macro2::Span;
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Block, Expr, ExprYield, Item, Macro, Path, Stmt, Token};

/// The body after the first pass.
pub(crate) struct Body {
    pub(crate) block: Block,
    /// The paths through which `yield_!` was invoked (`yield_`, `gen_core::yield_`, ..),
    /// once each: the expansion mentions each once so that its import counts as used.
    pub(crate) yield_paths: Vec<Path>,
}

/// Where a yield would be if it were found here.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The generator's own body.
    Own,
    Closure,
    AsyncBlock,
    ConstBlock,
    NestedFn,
}

pub(crate) fn prepare(mut block: Block, flavor: Flavor, krate: &Path, errors: &mut Errors) -> Body {
    let mut pass = Prepare {
        flavor,
        place: Place::Own,
        loops: 0,
        errors,
        yield_paths: Vec::new(),
    };
    pass.visit_block_mut(&mut block);
    unit_tail_of_block(&mut block, krate);
    Body {
        block,
        yield_paths: pass.yield_paths,
    }
}

/// Whether an attribute is `#[for_await]`.
pub(crate) fn is_for_await(attr: &Attribute) -> bool {
    attr.path().is_ident("for_await")
}

struct Prepare<'a> {
    flavor: Flavor,
    place: Place,
    /// The loops around the current expression, within `place`.
    loops: usize,
    errors: &'a mut Errors,
    yield_paths: Vec<Path>,
}

impl Prepare<'_> {
    fn within(&mut self, place: Place, visit: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.place, place);
        let loops = std::mem::replace(&mut self.loops, 0);
        visit(self);
        self.place = outer;
        self.loops = loops;
    }

    /// Reports a `break` or `continue` of the generator's own body that no loop
    /// encloses: rustc would blame the closure the expansion wraps the body in.
    fn check_jump(&mut self, span: Span, labeled: bool, message: &str) {
        if self.place == Place::Own && self.loops == 0 && !labeled {
            self.errors.at(span, message);
        }
    }

    /// Reports a yield that is not in the generator's own body.
    fn misplaced(&mut self, span: Span) {
        let message = match self.place {
            Place::Own => return,
            Place::Closure => {
                "`yield_!` cannot be used inside a closure: the closure is a separate function, which cannot suspend the generator around it; yield from the generator's own body instead, for example with a loop over what the closure would compute"
            }
            Place::AsyncBlock => {
                "`yield_!` cannot be used inside an `async` block: the block is a separate future, which cannot suspend the generator around it; yield from the generator's own body instead"
            }
            Place::ConstBlock => "`yield_!` cannot be used inside a `const` block",
            Place::NestedFn => {
                "`yield_!` cannot be used inside a nested function: it is not part of the generator; put `#[generator]` on the nested function to make it a generator of its own"
            }
        };
        self.errors.at(span, message);
    }

    /// Remembers a path `yield_!` was invoked through.
    fn note_path(&mut self, path: Path) {
        let text = path.to_token_stream().to_string();
        if !self
            .yield_paths
            .iter()
            .any(|p| p.to_token_stream().to_string() == text)
        {
            self.yield_paths.push(path);
        }
    }

    /// `yield_!(value)` as a `yield value` expression.
    fn convert(&mut self, attrs: Vec<Attribute>, mac: &Macro) -> Expr {
        let span = mac
            .path
            .segments
            .last()
            .map_or_else(|| mac.path.span(), |s| s.ident.span());
        self.note_path(mac.path.clone());

        let value = yield_value.parse2(mac.tokens.clone());
        let expr = match value {
            Ok(expr) => expr,
            Err(error) => {
                self.errors.push(error);
                None
            }
        };
        Expr::Yield(ExprYield {
            attrs,
            yield_token: Token![yield](span),
            expr,
        })
    }

    /// A macro other than `yield_!`: its arguments are opaque until it expands, after this
    /// attribute has run. A sync generator cannot suspend inside them. An async one can,
    /// where the macro leaves the call in the body's own code (the arms of `select!`): the
    /// `async` lowering rewrites the calls in the tokens (see `async_block`), and the
    /// compiler rejects a macro that would carry one out of the body.
    fn check_macro_arguments(&mut self, mac: &Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if name.as_deref() == Some("generators") {
            return;
        }
        let calls = crate::visit::token_yields(mac.tokens.clone());
        for call in &calls {
            // The import of `yield_` is used, also where the call is rejected.
            self.note_path(call.path.clone());
        }
        let Some(first) = calls.first() else {
            return;
        };
        if self.flavor == Flavor::Sync {
            let name = name.unwrap_or_default();
            self.errors.at(
                first.span,
                format_args!(
                    "`yield_!` cannot be used inside the arguments of `{name}!` in a sync generator: its state machine cannot see into other macros; compute the value in the generator's body first (`let value = ..; yield_!(value);`)"
                ),
            );
            return;
        }
        for call in &calls {
            if self.place != Place::Own {
                self.misplaced(call.span);
            } else if call.in_async_block {
                self.within(Place::AsyncBlock, |this| this.misplaced(call.span));
            } else if let Err(error) = yield_value.parse2(call.args.clone()) {
                self.errors.push(error);
            }
        }
    }
}

/// The value of `yield_!(value)`, if any.
pub(crate) fn yield_value(input: ParseStream) -> syn::Result<Option<Box<Expr>>> {
    if input.is_empty() {
        return Ok(None);
    }
    let value: Expr = input.parse()?;
    if !input.is_empty() {
        return Err(input.error("`yield_!` takes one value: `yield_!(value)`"));
    }
    Ok(Some(Box::new(value)))
}

fn is_generator_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "generator")
}

impl Prepare<'_> {
    fn check_expr(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(mac) if is_yield_macro(&mac.mac) => {
                let span = mac.mac.path.span();
                self.misplaced(span);
                let attrs = std::mem::take(&mut mac.attrs);
                *expr = self.convert(attrs, &mac.mac);
                visit_mut::visit_expr_mut(self, expr);
            }
            Expr::Macro(mac) => self.check_macro_arguments(&mac.mac),
            Expr::Yield(yield_expr) => {
                self.misplaced(yield_expr.yield_token.span);
                visit_mut::visit_expr_mut(self, expr);
            }
            Expr::Return(return_expr) if self.place == Place::Own && return_expr.expr.is_some() => {
                let value = return_expr.expr.take().expect("checked");
                let unit = matches!(&*value, Expr::Tuple(tuple) if tuple.elems.is_empty());
                if !unit {
                    self.errors.spanned(
                        &value,
                        "a generator cannot return a value: it hands out its items with `yield_!(value)`, and `return;` ends it",
                    );
                }
            }
            Expr::Break(break_expr) => {
                let labeled = break_expr.label.is_some();
                self.check_jump(
                    break_expr.break_token.span,
                    labeled,
                    "`break` outside of a loop: a generator ends with `return;` or at the end of its body",
                );
                visit_mut::visit_expr_mut(self, expr);
            }
            Expr::Continue(continue_expr) => {
                let labeled = continue_expr.label.is_some();
                let span = continue_expr.continue_token.span;
                self.check_jump(span, labeled, "`continue` outside of a loop");
            }
            Expr::Closure(_) => {
                self.within(Place::Closure, |this| visit_mut::visit_expr_mut(this, expr))
            }
            Expr::Async(_) => self.within(Place::AsyncBlock, |this| {
                visit_mut::visit_expr_mut(this, expr)
            }),
            Expr::Const(_) => self.within(Place::ConstBlock, |this| {
                visit_mut::visit_expr_mut(this, expr)
            }),
            Expr::Await(await_expr) if self.flavor == Flavor::Sync && self.place == Place::Own => {
                self.errors.at(
                    await_expr.await_token.span,
                    "`.await` is only allowed in async generators: declare the generator `async fn` returning `impl Stream<Item = T>`",
                );
                visit_mut::visit_expr_mut(self, expr);
            }
            Expr::ForLoop(for_loop) => {
                if let Some(attr) = for_loop.attrs.iter().find(|a| is_for_await(a)) {
                    if self.flavor == Flavor::Sync {
                        self.errors.spanned(
                            attr,
                            "`#[for_await]` is only allowed in async generators: declare the generator `async fn` returning `impl Stream<Item = T>`",
                        );
                    } else if self.place != Place::Own {
                        self.errors.spanned(
                            attr,
                            "`#[for_await]` can only be used in the generator's own body, not inside closures or `async` blocks",
                        );
                    }
                }
                visit_mut::visit_expr_mut(self, expr);
            }
            Expr::Match(match_expr) if self.flavor == Flavor::Sync && self.place == Place::Own => {
                for arm in &match_expr.arms {
                    if let syn::Pat::Guard(guard) = &arm.pat {
                        if expr_yields_or_yield_macro(&guard.guard) {
                            self.errors.spanned(
                                &guard.guard,
                                "`yield_!` in a match guard is not supported in a sync generator: the guard borrows the scrutinee, which cannot stay borrowed across a yield (as in a native `gen` block); compute the condition before the `match`",
                            );
                        }
                    }
                }
                visit_mut::visit_expr_mut(self, expr);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

impl VisitMut for Prepare<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let is_loop = matches!(expr, Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_));
        self.loops += usize::from(is_loop);
        self.check_expr(expr);
        self.loops -= usize::from(is_loop);
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Macro(mac) if is_yield_macro(&mac.mac) => {
                self.misplaced(mac.mac.path.span());
                let attrs = std::mem::take(&mut mac.attrs);
                let semi = mac.semi_token;
                let mut expr = self.convert(attrs, &mac.mac);
                visit_mut::visit_expr_mut(self, &mut expr);
                *stmt = Stmt::Expr(expr, semi);
            }
            Stmt::Macro(mac) => self.check_macro_arguments(&mac.mac),
            _ => visit_mut::visit_stmt_mut(self, stmt),
        }
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        // Nested items are separate; a nested `#[generator]` is expanded on its own.
        if let Item::Fn(function) = item {
            if !function.attrs.iter().any(is_generator_attr) {
                self.within(Place::NestedFn, |this| {
                    this.visit_block_mut(&mut function.block)
                });
            }
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        self.check_macro_arguments(mac);
    }
}

/// Whether an expression yields, before or after `yield_!` has been converted.
fn expr_yields_or_yield_macro(expr: &Expr) -> bool {
    expr_yields(expr) || !crate::visit::token_yields(expr.to_token_stream()).is_empty()
}

/// The tail expression of the body must be `()`: `tail_unit(expr)` says so in the user's
/// words. Branching tails are checked branch by branch, and tails that are `()` or never
/// produce a value are left alone.
fn unit_tail_of_block(block: &mut Block, krate: &Path) {
    if let Some(Stmt::Expr(tail, None)) = block.stmts.last_mut() {
        unit_tail(tail, krate);
    }
}

fn unit_tail(expr: &mut Expr, krate: &Path) {
    match expr {
        Expr::If(if_expr) => {
            unit_tail_of_block(&mut if_expr.then_branch, krate);
            if let Some((_, otherwise)) = &mut if_expr.else_branch {
                unit_tail(otherwise, krate);
            }
        }
        Expr::Match(match_expr) => {
            for arm in &mut match_expr.arms {
                unit_tail(&mut arm.body, krate);
            }
        }
        Expr::Block(block) if block.label.is_none() => unit_tail_of_block(&mut block.block, krate),
        Expr::Unsafe(unsafe_expr) => unit_tail_of_block(&mut unsafe_expr.block, krate),
        Expr::Paren(paren) => unit_tail(&mut paren.expr, krate),
        Expr::Loop(_)
        | Expr::While(_)
        | Expr::ForLoop(_)
        | Expr::Return(_)
        | Expr::Break(_)
        | Expr::Continue(_)
        | Expr::Yield(_)
        | Expr::Assign(_) => {}
        Expr::Tuple(tuple) if tuple.elems.is_empty() => {}
        Expr::Macro(mac)
            if mac.mac.path.segments.last().is_some_and(|s| {
                matches!(
                    s.ident.to_string().as_str(),
                    "panic" | "unreachable" | "todo" | "unimplemented"
                )
            }) => {}
        Expr::Binary(binary) if is_assignment_op(&binary.op) => {}
        _ => {
            let value = std::mem::replace(expr, Expr::PLACEHOLDER);
            let check = crate::names::at(quote::quote!(#krate::__private::tail_unit), value.span());
            *expr = syn::parse_quote!(#check(#value));
        }
    }
}

fn is_assignment_op(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}
