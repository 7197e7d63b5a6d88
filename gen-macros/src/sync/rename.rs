//! Renaming a binding that hides a local the generator must save.
//!
//! In `let x = ..; { let x = 7; yield_!(x); } use(x);` the outer `x` is live at the yield,
//! but the state is built where only the inner `x` can be named. The inner binding (and
//! every use of it) is then renamed to a hygienic name, which the user never sees: the
//! outer `x` becomes nameable, and nothing else changes.

use super::ir::{Block, Else, If, LocalId, Program, Stmt};
use super::patterns;
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Pat, Token};

/// Renames the binding `local` (in its declaration and where it is used) to `new`.
pub(crate) fn rename(program: &mut Program, local: LocalId, new: Ident) {
    let old = program.locals[local].ident.to_string();
    let mut renamer = Renamer {
        target: local,
        old,
        new: new.clone(),
        locals: &program
            .locals
            .iter()
            .map(|l| l.ident.to_string())
            .collect::<Vec<_>>(),
    };
    let mut root = std::mem::replace(&mut program.root, empty_block());
    renamer.block(&mut root, false);
    program.root = root;
    program.locals[local].ident = new;
}

fn empty_block() -> Block {
    Block {
        label: None,
        unsafety: None,
        binds: Vec::new(),
        stmts: Vec::new(),
    }
}

struct Renamer<'a> {
    target: LocalId,
    old: String,
    new: Ident,
    /// The names of all locals, by id.
    locals: &'a [String],
}

impl Renamer<'_> {
    /// Renames in `block`; `active` when the binding is in scope from its start. Returns
    /// whether the binding was found (and so renaming is done).
    fn block(&mut self, block: &mut Block, active: bool) -> bool {
        let mut active = active || block.binds.contains(&self.target);
        for stmt in &mut block.stmts {
            if active {
                self.uses(stmt);
                // A later binding of the same name ends the scope of this one.
                if declarations(stmt)
                    .iter()
                    .any(|&id| id != self.target && self.locals[id] == self.old)
                {
                    return true;
                }
            } else if declarations(stmt).contains(&self.target) {
                self.declaration(stmt);
                active = true;
            } else if self.search(stmt) {
                return true;
            }
        }
        active
    }

    /// Looks for the declaration inside the IR constructs of `stmt`.
    fn search(&mut self, stmt: &mut Stmt) -> bool {
        match stmt {
            Stmt::Block(block) => self.block(block, false),
            Stmt::If(if_) => self.search_if(if_),
            Stmt::Match { arms, .. } => {
                for arm in arms {
                    if arm.body.binds.contains(&self.target) {
                        self.pat(&mut arm.pat);
                        if let Pat::Guard(guard) = &mut arm.pat {
                            self.expr(&mut guard.guard);
                        }
                        self.block(&mut arm.body, true);
                        return true;
                    }
                    if self.block(&mut arm.body, false) {
                        return true;
                    }
                }
                false
            }
            Stmt::Loop(loop_) => {
                if loop_.body.binds.contains(&self.target) {
                    if let super::ir::Head::While { cond, .. } = &mut loop_.head {
                        self.condition(cond);
                    }
                    return self.block(&mut loop_.body, true);
                }
                self.block(&mut loop_.body, false)
            }
            Stmt::LetElse { otherwise, .. } => self.block(otherwise, false),
            Stmt::Plain { .. } | Stmt::Declare { .. } | Stmt::Yield { .. } => false,
        }
    }

    fn search_if(&mut self, if_: &mut If) -> bool {
        if if_.then.binds.contains(&self.target) {
            self.condition(&mut if_.cond);
            self.block(&mut if_.then, true);
            return true;
        }
        if self.block(&mut if_.then, false) {
            return true;
        }
        match &mut if_.otherwise {
            Some(Else::Block(block)) => self.block(block, false),
            Some(Else::If(nested)) => self.search_if(nested),
            None => false,
        }
    }

    /// Renames the binding in the statement that declares it.
    fn declaration(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Plain {
                stmt: syn::Stmt::Local(local),
                ..
            } => self.pat(&mut local.pat),
            Stmt::LetElse { pat, .. } => self.pat(pat),
            Stmt::Declare { .. } | Stmt::Plain { .. } => {}
            _ => {}
        }
    }

    /// The `let`s of a condition bind in order; renames the binding and later uses.
    fn condition(&mut self, cond: &mut Expr) {
        let mut uses = Uses::new(self);
        uses.condition(cond);
    }

    fn pat(&mut self, pat: &mut Pat) {
        RenamePattern {
            old: &self.old,
            new: &self.new,
        }
        .visit_pat_mut(pat);
    }

    fn expr(&mut self, expr: &mut Expr) {
        Uses::new(self).visit_expr_mut(expr);
    }

    /// Renames the uses in `stmt` (the binding is in scope there).
    fn uses(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Plain { stmt, .. } => Uses::new(self).visit_stmt_mut(stmt),
            Stmt::Declare { .. } => {}
            Stmt::Yield { value, .. } => {
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            Stmt::Block(block) => {
                self.block(block, true);
            }
            Stmt::If(if_) => self.uses_if(if_),
            Stmt::Match {
                scrutinee, arms, ..
            } => {
                self.expr(scrutinee);
                for arm in arms {
                    let hides = patterns::bindings(&arm.pat)
                        .iter()
                        .any(|b| b.ident == self.old);
                    if !hides {
                        if let Pat::Guard(guard) = &mut arm.pat {
                            self.expr(&mut guard.guard);
                        }
                        self.block(&mut arm.body, true);
                    }
                }
            }
            Stmt::Loop(loop_) => {
                let hides = loop_
                    .body
                    .binds
                    .iter()
                    .any(|&id| self.locals[id] == self.old);
                if let super::ir::Head::While { cond, .. } = &mut loop_.head {
                    self.expr(cond);
                }
                if !hides {
                    self.block(&mut loop_.body, true);
                }
            }
            Stmt::LetElse {
                init, otherwise, ..
            } => {
                self.expr(init);
                self.block(otherwise, true);
            }
        }
    }

    fn uses_if(&mut self, if_: &mut If) {
        self.expr(&mut if_.cond);
        let hides = if_.then.binds.iter().any(|&id| self.locals[id] == self.old);
        if !hides {
            self.block(&mut if_.then, true);
        }
        match &mut if_.otherwise {
            Some(Else::Block(block)) => {
                self.block(block, true);
            }
            Some(Else::If(nested)) => self.uses_if(nested),
            None => {}
        }
    }
}

fn declarations(stmt: &Stmt) -> Vec<LocalId> {
    match stmt {
        Stmt::Plain { decls, .. } | Stmt::LetElse { decls, .. } => decls.clone(),
        Stmt::Declare { local } => vec![*local],
        _ => Vec::new(),
    }
}

/// Renames the binding in a pattern.
struct RenamePattern<'a> {
    old: &'a str,
    new: &'a Ident,
}

impl VisitMut for RenamePattern<'_> {
    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        if pat.ident == self.old {
            pat.ident = self.new.clone();
        }
        visit_mut::visit_pat_ident_mut(self, pat);
    }

    fn visit_expr_mut(&mut self, _: &mut Expr) {}
}

/// Renames uses in user code, minding the bindings of the code itself.
struct Uses<'a> {
    old: &'a str,
    new: &'a Ident,
    shadows: Vec<Vec<String>>,
}

impl<'a> Uses<'a> {
    fn new(renamer: &'a Renamer<'_>) -> Self {
        Uses {
            old: &renamer.old,
            new: &renamer.new,
            shadows: Vec::new(),
        }
    }

    fn hidden(&self) -> bool {
        self.shadows
            .iter()
            .any(|frame| frame.iter().any(|n| n == self.old))
    }

    fn bind(&mut self, pat: &Pat) {
        if self.shadows.is_empty() {
            self.shadows.push(Vec::new());
        }
        let frame = self.shadows.last_mut().expect("a frame");
        frame.extend(
            patterns::bindings(pat)
                .into_iter()
                .map(|b| b.ident.to_string()),
        );
    }

    fn scoped(&mut self, visit: impl FnOnce(&mut Self)) {
        self.shadows.push(Vec::new());
        visit(self);
        self.shadows.pop();
    }

    /// A condition's `let`s: the renamed binding may be one of them (then it is renamed
    /// and in scope for the rest), or a use.
    fn condition(&mut self, cond: &mut Expr) {
        match cond {
            Expr::Let(let_expr) => {
                self.visit_expr_mut(&mut let_expr.expr);
                RenamePattern {
                    old: self.old,
                    new: self.new,
                }
                .visit_pat_mut(&mut let_expr.pat);
            }
            Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
                self.condition(&mut binary.left);
                self.condition(&mut binary.right);
            }
            other => self.visit_expr_mut(other),
        }
    }

    fn rename_tokens(&self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Ident(ident) if ident == self.old => TokenTree::Ident(self.new.clone()),
                TokenTree::Group(group) => {
                    let mut renamed = proc_macro2::Group::new(
                        group.delimiter(),
                        self.rename_tokens(group.stream()),
                    );
                    renamed.set_span(group.span());
                    TokenTree::Group(renamed)
                }
                other => other,
            })
            .collect()
    }
}

impl VisitMut for Uses<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Path(path) if path.qself.is_none() => {
                if path.path.is_ident(self.old) && !self.hidden() {
                    path.path.segments[0].ident = self.new.clone();
                }
            }
            Expr::Closure(closure) => self.scoped(|this| {
                for input in &closure.inputs {
                    this.bind(input);
                }
                this.visit_expr_mut(&mut closure.body);
            }),
            Expr::ForLoop(for_loop) => {
                self.visit_expr_mut(&mut for_loop.expr);
                self.scoped(|this| {
                    this.bind(&for_loop.pat);
                    this.visit_block_mut(&mut for_loop.body);
                });
            }
            Expr::If(if_expr) => {
                self.scoped(|this| {
                    this.visit_expr_mut(&mut if_expr.cond);
                    this.visit_block_mut(&mut if_expr.then_branch);
                });
                if let Some((_, otherwise)) = &mut if_expr.else_branch {
                    self.visit_expr_mut(otherwise);
                }
            }
            Expr::Let(let_expr) => {
                self.visit_expr_mut(&mut let_expr.expr);
                self.bind(&let_expr.pat);
            }
            Expr::While(while_expr) => self.scoped(|this| {
                this.visit_expr_mut(&mut while_expr.cond);
                this.visit_block_mut(&mut while_expr.body);
            }),
            Expr::Match(match_expr) => {
                self.visit_expr_mut(&mut match_expr.expr);
                for arm in &mut match_expr.arms {
                    self.scoped(|this| {
                        this.bind(&arm.pat);
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
                        if let Some(init) = &mut local.init {
                            this.visit_expr_mut(&mut init.expr);
                            if let Some((_, otherwise)) = &mut init.diverge {
                                this.visit_expr_mut(otherwise);
                            }
                        }
                        this.bind(&local.pat);
                    }
                    other => this.visit_stmt_mut(other),
                }
            }
        });
    }

    fn visit_stmt_mut(&mut self, stmt: &mut syn::Stmt) {
        // At the top of an IR statement, a `let` initializer uses the binding; the `let`'s
        // own pattern is a new binding (handled by the caller).
        match stmt {
            syn::Stmt::Local(local) => {
                if let Some(init) = &mut local.init {
                    self.visit_expr_mut(&mut init.expr);
                    if let Some((_, otherwise)) = &mut init.diverge {
                        self.visit_expr_mut(otherwise);
                    }
                }
            }
            _ => visit_mut::visit_stmt_mut(self, stmt),
        }
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let shorthand = field.colon_token.is_none();
        self.visit_expr_mut(&mut field.expr);
        if shorthand {
            field.colon_token = Some(Default::default());
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if self.hidden() {
            return;
        }
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        match parser.parse2(mac.tokens.clone()) {
            Ok(mut args) => {
                let inline = args.iter().any(|arg| match arg {
                    Expr::Lit(lit) => match &lit.lit {
                        syn::Lit::Str(s) => super::mentions::inline_arguments(&s.value())
                            .iter()
                            .any(|name| name == self.old),
                        _ => false,
                    },
                    _ => false,
                });
                for arg in &mut args {
                    self.visit_expr_mut(arg);
                }
                if inline {
                    // `"{x}"` captures `x` by name: name the argument explicitly.
                    let old = Ident::new(self.old, self.new.span());
                    let new = self.new;
                    args.push(syn::parse_quote!(#old = #new));
                }
                mac.tokens = args.into_token_stream();
            }
            Err(_) => mac.tokens = self.rename_tokens(std::mem::take(&mut mac.tokens)),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
