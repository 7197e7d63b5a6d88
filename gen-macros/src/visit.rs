//! Queries over the generator's own code: the body minus closures, `async` blocks, `const`
//! blocks and nested items, which run on their own and can neither suspend the generator
//! nor be suspended by it.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Arm, Expr, Item, Macro, Path, Stmt};

/// Whether a macro invocation is `yield_!` (under any path).
pub(crate) fn is_yield_macro(mac: &Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "yield_")
}

/// Counts the suspension points of the kinds asked for in the generator's own code, up
/// to `limit`.
struct Finder {
    found: usize,
    limit: usize,
    /// `?` operators: suspension points of a state machine (a failed one yields).
    tries: bool,
    /// `.await`s: suspension points of an async body lowered into a state machine.
    awaits: bool,
    /// Whether to skip the code after a statement that never falls through, which the
    /// state machine leaves out.
    reachable: bool,
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.found >= self.limit {
            return;
        }
        match expr {
            Expr::Yield(_) => self.found += 1,
            Expr::Try(_) if self.tries => self.found += 1,
            Expr::Await(_) if self.awaits => self.found += 1,
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => return,
            _ => {}
        }
        visit::visit_expr(self, expr);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        for stmt in &block.stmts {
            self.visit_stmt(stmt);
            if self.reachable && crate::machine::reach::stmt_diverges(stmt) {
                break;
            }
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

fn find(tries: bool, awaits: bool, visit: impl FnOnce(&mut Finder)) -> bool {
    let mut finder = Finder {
        found: 0,
        limit: 1,
        tries,
        awaits,
        reachable: false,
    };
    visit(&mut finder);
    finder.found > 0
}

/// Whether a body has more than `limit` suspension points of a state machine (yields,
/// `.await`s and `?`s), as written, but for those in code that can never run.
pub(crate) fn suspends_more_than(body: &syn::Block, limit: usize) -> bool {
    let mut finder = Finder {
        found: 0,
        limit: limit + 1,
        tries: true,
        awaits: true,
        reachable: true,
    };
    finder.visit_block(body);
    finder.found > limit
}

/// Whether an expression contains a yield.
pub(crate) fn expr_yields(expr: &Expr) -> bool {
    find(false, false, |f| f.visit_expr(expr))
}

/// Whether an expression contains a point where a state machine pauses in the middle of
/// it: a yield, or an `.await` (sync bodies have none: they are errors there).
pub(crate) fn expr_pauses(expr: &Expr) -> bool {
    find(false, true, |f| f.visit_expr(expr))
}

/// Whether a statement contains a yield or an `.await`.
pub(crate) fn stmt_pauses(stmt: &Stmt) -> bool {
    find(false, true, |f| f.visit_stmt(stmt))
}

/// Whether a statement contains a suspension point of a state machine: a yield, an
/// `.await`, or a `?`.
pub(crate) fn stmt_suspends(stmt: &Stmt) -> bool {
    find(true, true, |f| f.visit_stmt(stmt))
}

/// Whether a `match` arm (its guard or its body) contains a suspension point.
pub(crate) fn arm_suspends(arm: &Arm) -> bool {
    find(true, true, |f| f.visit_arm(arm))
}

/// Strips parentheses and invisible groups.
pub(crate) fn peel(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Paren(paren) => expr = &paren.expr,
            Expr::Group(group) => expr = &group.expr,
            _ => return expr,
        }
    }
}

/// A `yield_!(..)` call in the tokens of another macro's arguments.
pub(crate) struct TokenYield {
    /// The path it was called through (`yield_`, `gen_core::yield_`).
    pub(crate) path: Path,
    /// The span of its `yield_`.
    pub(crate) span: Span,
    /// What is between its delimiters.
    pub(crate) args: TokenStream,
    /// Whether an `async` block written in the same tokens encloses it.
    pub(crate) in_async_block: bool,
}

/// Replaces each `yield_!(..)` call in `tokens`, at any depth, path included, by what
/// `replace` makes of it.
pub(crate) fn map_token_yields(
    tokens: TokenStream,
    replace: &mut dyn FnMut(TokenYield) -> TokenStream,
) -> TokenStream {
    map_tokens(tokens, false, replace)
}

/// The `yield_!(..)` calls in `tokens`, at any depth.
pub(crate) fn token_yields(tokens: TokenStream) -> Vec<TokenYield> {
    let mut found = Vec::new();
    map_tokens(tokens, false, &mut |call| {
        found.push(call);
        TokenStream::new()
    });
    found
}

fn map_tokens(
    tokens: TokenStream,
    in_async_block: bool,
    replace: &mut dyn FnMut(TokenYield) -> TokenStream,
) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match (&tokens[i], tokens.get(i + 1), tokens.get(i + 2)) {
            (
                TokenTree::Ident(ident),
                Some(TokenTree::Punct(bang)),
                Some(TokenTree::Group(args)),
            ) if ident == "yield_" && bang.as_char() == '!' => {
                let mut path: Vec<TokenTree> = vec![tokens[i].clone()];
                while let [.., TokenTree::Punct(first), TokenTree::Punct(second)] = &out[..] {
                    if !(first.as_char() == ':' && second.as_char() == ':') {
                        break;
                    }
                    path.splice(0..0, out.drain(out.len() - 2..));
                    match out.last() {
                        Some(TokenTree::Ident(segment)) if !is_keyword(segment) => {
                            path.insert(0, out.pop().expect("a last token"));
                        }
                        _ => break,
                    }
                }
                let path = syn::parse2(path.into_iter().collect())
                    .unwrap_or_else(|_| Path::from(ident.clone()));
                let call = TokenYield {
                    path,
                    span: ident.span(),
                    args: args.stream(),
                    in_async_block,
                };
                out.extend(replace(call));
                i += 3;
                continue;
            }
            (TokenTree::Group(group), _, _) => {
                // `async { .. }`, `async move { .. }`
                let after_async = match &out[..] {
                    [.., TokenTree::Ident(word)] if word == "async" => true,
                    [.., TokenTree::Ident(word), TokenTree::Ident(keyword)] => {
                        word == "async" && keyword == "move"
                    }
                    _ => false,
                };
                let in_block =
                    in_async_block || (after_async && group.delimiter() == Delimiter::Brace);
                let mut mapped = Group::new(
                    group.delimiter(),
                    map_tokens(group.stream(), in_block, replace),
                );
                mapped.set_span(group.span());
                out.push(TokenTree::Group(mapped));
            }
            (token, _, _) => out.push(token.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// The keywords that can start a path (`crate::`, `self::`, `super::`) are segments;
/// others end it.
fn is_keyword(ident: &Ident) -> bool {
    let name = ident.to_string();
    !matches!(name.as_str(), "crate" | "self" | "super" | "Self")
        && syn::parse2::<Ident>(ident.to_token_stream()).is_err()
}

/// The attributes of an expression (a statement's, for the expression of a statement).
pub(crate) fn expr_attrs(expr: &Expr) -> &[syn::Attribute] {
    macro_rules! attrs {
        ($($variant:ident)*) => {
            match expr {
                $(Expr::$variant(expr) => &expr.attrs,)*
                _ => &[],
            }
        };
    }
    attrs!(
        Array Assign Async Await Binary Block Break Call Cast Closure Const Continue Field
        ForLoop Group If Index Infer Let Lit Loop Macro Match MethodCall Paren Path Range
        RawAddr Reference Repeat Return Struct Try TryBlock Tuple Unary Unsafe While Yield
    )
}

/// The outer attributes of a statement (none for an item: they are the item's own).
pub(crate) fn stmt_attrs(stmt: &Stmt) -> &[syn::Attribute] {
    match stmt {
        Stmt::Local(local) => &local.attrs,
        Stmt::Expr(expr, _) => expr_attrs(expr),
        Stmt::Macro(mac) => &mac.attrs,
        Stmt::Item(_) => &[],
    }
}
