//! Rewriting the free mentions of some locals in user code, minding the code's own scopes.
//!
//! Two passes need it: renaming a binding that hides a saved local ([`super::rename`]), and
//! reading a local through the `&mut` binding of a resume arm that works in place
//! ([`super::emit`]). Both must leave alone a mention that a binding of the code itself
//! hides (`|x| x`, `let x = ..; x`), and both must reach into macro arguments, including
//! the names a format string captures (`"{x}"`).

use super::patterns::{self, Position};
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Pat, Token};

/// What happens to a free mention of one of the rewritten locals.
pub(crate) trait Mention {
    /// Whether `name` is one of the rewritten locals.
    fn rewrites(&self, name: &str) -> bool;
    /// The expression that replaces a free mention of `ident`.
    fn replace(&self, ident: &Ident) -> Expr;
    /// For a format string capturing `name` (`"{name}"`), the explicit argument to add so
    /// that the capture still means the rewritten local, if one is needed.
    fn captured(&self, name: &str) -> Option<Expr>;
    /// Macro input that does not parse as expressions, in which `names` are free.
    fn opaque(&self, tokens: TokenStream, names: &dyn Fn(&str) -> bool) -> TokenStream;
    /// The expression that replaces `base.member`, where `base` is free, if any.
    fn field(&self, _base: &Ident, _member: &syn::Member) -> Option<Expr> {
        None
    }
}

/// A [`VisitMut`] that applies a [`Mention`] to the free mentions in what it visits.
pub(crate) struct Scoped<M> {
    mention: M,
    /// Names bound inside the visited code, innermost scope last.
    shadows: Vec<Vec<String>>,
}

impl<M: Mention> Scoped<M> {
    pub(crate) fn new(mention: M) -> Self {
        Scoped {
            mention,
            shadows: Vec::new(),
        }
    }

    fn free(&self, name: &str) -> bool {
        self.mention.rewrites(name) && !self.shadowed(name)
    }

    fn shadowed(&self, name: &str) -> bool {
        self.shadows.iter().flatten().any(|n| n == name)
    }

    /// Adds the bindings of `pat` to the innermost scope.
    pub(crate) fn bind(&mut self, pat: &Pat, position: Position) {
        if self.shadows.is_empty() {
            self.shadows.push(Vec::new());
        }
        let frame = self.shadows.last_mut().expect("a frame");
        frame.extend(
            patterns::bindings(pat, position)
                .into_iter()
                .map(|b| b.ident.to_string()),
        );
    }

    fn scoped(&mut self, visit: impl FnOnce(&mut Self)) {
        self.shadows.push(Vec::new());
        visit(self);
        self.shadows.pop();
    }

    /// An `if` or `while` condition: its `let`s bind for the rest of it.
    pub(crate) fn condition(&mut self, cond: &mut Expr) {
        match cond {
            Expr::Let(let_expr) => {
                self.visit_expr_mut(&mut let_expr.expr);
                self.bind(&let_expr.pat, Position::Refutable);
            }
            Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
                self.condition(&mut binary.left);
                self.condition(&mut binary.right);
            }
            other => self.visit_expr_mut(other),
        }
    }

    /// A `let`'s initializer (and `else` block); the caller decides where its pattern binds.
    pub(crate) fn initializer(&mut self, local: &mut syn::Local) {
        if let Some(init) = &mut local.init {
            self.visit_expr_mut(&mut init.expr);
            if let Some((_, otherwise)) = &mut init.diverge {
                self.visit_expr_mut(otherwise);
            }
        }
    }
}

/// `name = value` in the arguments of a format macro.
fn named_argument(arg: &Expr, format_macro: bool) -> Option<(&Ident, &Expr)> {
    let Expr::Assign(assign) = arg else {
        return None;
    };
    if !format_macro {
        return None;
    }
    let Expr::Path(path) = &*assign.left else {
        return None;
    };
    Some((path.path.get_ident()?, &assign.right))
}

impl<M: Mention> VisitMut for Scoped<M> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Path(path) if path.qself.is_none() => {
                if let Some(ident) = path.path.get_ident() {
                    if self.free(&ident.to_string()) {
                        *expr = self.mention.replace(ident);
                    }
                }
            }
            Expr::Field(field) => {
                let replaced = match crate::visit::peel(&field.base) {
                    Expr::Path(path) if path.qself.is_none() => path
                        .path
                        .get_ident()
                        .filter(|base| !self.shadowed(&base.to_string()))
                        .and_then(|base| self.mention.field(base, &field.member)),
                    _ => None,
                };
                match replaced {
                    Some(replaced) => *expr = replaced,
                    None => visit_mut::visit_expr_mut(self, expr),
                }
            }
            Expr::Closure(closure) => self.scoped(|this| {
                for input in &closure.inputs {
                    this.bind(input, Position::Irrefutable);
                }
                this.visit_expr_mut(&mut closure.body);
            }),
            Expr::ForLoop(for_loop) => {
                self.visit_expr_mut(&mut for_loop.expr);
                self.scoped(|this| {
                    this.bind(&for_loop.pat, Position::Irrefutable);
                    this.visit_block_mut(&mut for_loop.body);
                });
            }
            Expr::If(if_expr) => {
                self.scoped(|this| {
                    this.condition(&mut if_expr.cond);
                    this.visit_block_mut(&mut if_expr.then_branch);
                });
                if let Some((_, otherwise)) = &mut if_expr.else_branch {
                    self.visit_expr_mut(otherwise);
                }
            }
            Expr::While(while_expr) => self.scoped(|this| {
                this.condition(&mut while_expr.cond);
                this.visit_block_mut(&mut while_expr.body);
            }),
            Expr::Let(let_expr) => {
                self.visit_expr_mut(&mut let_expr.expr);
                self.bind(&let_expr.pat, Position::Refutable);
            }
            Expr::Match(match_expr) => {
                self.visit_expr_mut(&mut match_expr.expr);
                for arm in &mut match_expr.arms {
                    self.scoped(|this| {
                        this.bind(&arm.pat, Position::Refutable);
                        if let Pat::Guard(guard) = &mut arm.pat {
                            this.visit_expr_mut(&mut guard.guard);
                        }
                        this.visit_expr_mut(&mut arm.body);
                    });
                }
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        self.scoped(|this| {
            for stmt in &mut block.stmts {
                match stmt {
                    syn::Stmt::Local(local) => {
                        this.initializer(local);
                        this.bind(&local.pat, Position::of_let(local));
                    }
                    other => this.visit_stmt_mut(other),
                }
            }
        });
    }

    fn visit_stmt_mut(&mut self, stmt: &mut syn::Stmt) {
        match stmt {
            syn::Stmt::Local(local) => self.initializer(local),
            other => visit_mut::visit_stmt_mut(self, other),
        }
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        // `S { x }` becomes `S { x: new }`.
        self.visit_expr_mut(&mut field.expr);
        let same = match (&field.member, &field.expr) {
            (syn::Member::Named(member), Expr::Path(path)) => path.path.is_ident(member),
            _ => false,
        };
        if !same {
            field.colon_token.get_or_insert_with(Default::default);
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        let Ok(mut args) = parser.parse2(mac.tokens.clone()) else {
            let free = |name: &str| self.free(name);
            mac.tokens = self.mention.opaque(std::mem::take(&mut mac.tokens), &free);
            return;
        };
        // In a format macro, `x = ..` names an argument (which `{x}` then means), and a
        // `{x}` without one captures the local `x`.
        let format_macro =
            mac.path.segments.last().is_some_and(|segment| {
                super::mentions::inspects_arguments(&segment.ident.to_string())
            });
        let named: Vec<String> = args
            .iter()
            .filter_map(|arg| named_argument(arg, format_macro))
            .map(|(name, _)| name.to_string())
            .collect();
        let mut captured = Vec::new();
        for arg in &mut args {
            if let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(format),
                ..
            }) = arg
            {
                let names = match format_macro {
                    true => super::mentions::inline_arguments(&format.value()),
                    false => Vec::new(),
                };
                for name in names {
                    if self.free(&name) && !named.contains(&name) && !captured.contains(&name) {
                        captured.push(name);
                    }
                }
            } else if named_argument(arg, format_macro).is_some() {
                let Expr::Assign(assign) = arg else {
                    unreachable!()
                };
                self.visit_expr_mut(&mut assign.right);
            } else {
                self.visit_expr_mut(arg);
            }
        }
        for name in captured {
            if let Some(arg) = self.mention.captured(&name) {
                args.push(arg);
            }
        }
        mac.tokens = args.into_token_stream();
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Renames every free identifier in `tokens` that `names` accepts to `new`.
pub(crate) fn rename_tokens(
    tokens: TokenStream,
    names: &dyn Fn(&str) -> bool,
    new: &Ident,
) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) if names(&ident.to_string()) => TokenTree::Ident(new.clone()),
            TokenTree::Group(group) => {
                let mut renamed = proc_macro2::Group::new(
                    group.delimiter(),
                    rename_tokens(group.stream(), names, new),
                );
                renamed.set_span(group.span());
                TokenTree::Group(renamed)
            }
            other => other,
        })
        .collect()
}

/// Whether `code` (statements) mentions the local `name` where no binding of its own hides
/// it. Code that does not parse counts as mentioning it.
pub(crate) fn mentions_free(code: &TokenStream, name: &str) -> bool {
    struct Finder<'a> {
        name: &'a str,
        found: std::cell::Cell<bool>,
    }
    impl Mention for &Finder<'_> {
        fn rewrites(&self, name: &str) -> bool {
            name == self.name
        }
        fn replace(&self, ident: &Ident) -> Expr {
            self.found.set(true);
            syn::parse_quote!(#ident)
        }
        fn captured(&self, _: &str) -> Option<Expr> {
            self.found.set(true);
            None
        }
        fn opaque(&self, tokens: TokenStream, names: &dyn Fn(&str) -> bool) -> TokenStream {
            fn any(tokens: TokenStream, names: &dyn Fn(&str) -> bool) -> bool {
                tokens.into_iter().any(|token| match token {
                    TokenTree::Ident(ident) => names(&ident.to_string()),
                    TokenTree::Group(group) => any(group.stream(), names),
                    _ => false,
                })
            }
            if any(tokens.clone(), names) {
                self.found.set(true);
            }
            tokens
        }
    }
    let Ok(mut block) = syn::parse2::<syn::Block>(quote::quote!({ #code })) else {
        return true;
    };
    let finder = Finder {
        name,
        found: std::cell::Cell::new(false),
    };
    Scoped::new(&finder).visit_block_mut(&mut block);
    finder.found.get()
}
