//! `#[cfg(..)]` on the statements of a sync body.
//!
//! Only the compiler can evaluate a condition, but some statements shape the state
//! machine, its states and what they save: one that suspends, declares a local that a
//! later suspension point keeps, never falls through (`return;`), or assigns a local. So
//! the body is lowered once for each combination of the options that such statements (and
//! `match` arms) depend on, and each version is compiled under a `#[cfg(..)]` that holds
//! for its combinations only:
//!
//! ```text
//! #[cfg(feature = "x")]
//! return { the state machine of the body with the statements under `feature = "x"` };
//! #[cfg(not(feature = "x"))]
//! return { the state machine of the body without them };
//! ```
//!
//! A condition is a formula over options (`unix`, `feature = "x"`, ..), and the versions
//! enumerate options, not conditions: `#[cfg(x)]` and `#[cfg(not(x))]` make two versions,
//! and `#[cfg(any())]` none. Within a version, every statement whose condition the
//! combination decides is kept or removed; the others keep their attribute, for the
//! compiler to evaluate where they are.

use super::mentions::local_of;
use super::{patterns, reach};
use crate::diag::Errors;
use crate::visit::{arm_suspends, stmt_suspends};
use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Arm, Attribute, Block, Expr, ExprMatch, Item, Meta, Stmt};

/// Each option doubles the number of versions.
const MAX_OPTIONS: usize = 3;

/// One way the body may be compiled.
pub(crate) struct Version {
    /// When the compiler keeps this version; `None` when there is only one.
    pub(crate) cfg: Option<TokenStream>,
    pub(crate) body: Block,
}

/// A value for each option.
type Combination = Vec<bool>;

/// A value for some options: the combinations that agree with it.
type Term = Vec<Option<bool>>;

pub(crate) fn versions(body: Block, errors: &mut Errors) -> Vec<Version> {
    let mut collect = Collect {
        options: Vec::new(),
        errors,
    };
    collect.visit_block(&body);
    let options = collect.options;
    let keys: Vec<String> = options.iter().map(ToString::to_string).collect();

    // Combinations that give the same body share its version.
    let mut versions: Vec<(Vec<Combination>, Block)> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for n in 0..1usize << options.len() {
        // The first version holds every statement, as written.
        let values: Vec<bool> = (0..options.len()).map(|i| n >> i & 1 == 0).collect();
        let mut version = body.clone();
        Strip {
            keys: &keys,
            values: &values,
        }
        .visit_block_mut(&mut version);
        let text = version.to_token_stream().to_string();
        match texts.iter().position(|seen| *seen == text) {
            Some(index) => versions[index].0.push(values),
            None => {
                texts.push(text);
                versions.push((vec![values], version));
            }
        }
    }
    if versions.len() == 1 {
        let (_, body) = versions.pop().expect("one version");
        return vec![Version { cfg: None, body }];
    }
    versions
        .into_iter()
        .map(|(combinations, body)| Version {
            cfg: Some(guard(&options, combinations)),
            body,
        })
        .collect()
}

/// A `cfg` condition.
enum Condition {
    /// An option, or a form this module does not know (left to the compiler as a whole).
    Option(TokenStream),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// The condition of a `#[cfg(..)]` attribute.
    fn of(attr: &Attribute) -> Option<Condition> {
        match &attr.meta {
            Meta::List(list) if list.path.is_ident("cfg") => Some(Condition::parse(&list.tokens)),
            _ => None,
        }
    }

    fn parse(tokens: &TokenStream) -> Condition {
        let opaque = || Condition::Option(tokens.clone());
        let Ok(Meta::List(list)) = syn::parse2::<Meta>(tokens.clone()) else {
            return opaque();
        };
        let mut args: Vec<Condition> = split_commas(&list.tokens)
            .iter()
            .map(Condition::parse)
            .collect();
        match list.path.get_ident().map(ToString::to_string).as_deref() {
            Some("all") => Condition::All(args),
            Some("any") => Condition::Any(args),
            Some("not") if args.len() == 1 => Condition::Not(Box::new(args.remove(0))),
            _ => opaque(),
        }
    }

    fn options(&self, out: &mut Vec<TokenStream>) {
        match self {
            Condition::Option(option) => out.push(option.clone()),
            Condition::All(args) | Condition::Any(args) => {
                args.iter().for_each(|arg| arg.options(out))
            }
            Condition::Not(arg) => arg.options(out),
        }
    }

    /// The value, when the known options decide it.
    fn eval(&self, value: &dyn Fn(&TokenStream) -> Option<bool>) -> Option<bool> {
        // `all` is false as soon as one argument is, whatever the unknown ones are.
        let fold = |args: &[Condition], decisive: bool| {
            let mut result = Some(!decisive);
            for arg in args {
                match arg.eval(value) {
                    Some(v) if v == decisive => return Some(decisive),
                    Some(_) => {}
                    None => result = None,
                }
            }
            result
        };
        match self {
            Condition::Option(option) => value(option),
            Condition::All(args) => fold(args, false),
            Condition::Any(args) => fold(args, true),
            Condition::Not(arg) => arg.eval(value).map(|v| !v),
        }
    }
}

/// The arguments of `all(..)` or `any(..)`; a trailing comma ends none.
fn split_commas(tokens: &TokenStream) -> Vec<TokenStream> {
    let mut args = vec![TokenStream::new()];
    for token in tokens.clone() {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => args.push(TokenStream::new()),
            _ => args
                .last_mut()
                .expect("one argument at least")
                .extend([token]),
        }
    }
    if args.last().is_some_and(TokenStream::is_empty) {
        args.pop();
    }
    args
}

/// Finds the options of the conditions on statements that shape the state machine.
struct Collect<'a> {
    options: Vec<TokenStream>,
    errors: &'a mut Errors,
}

impl Collect<'_> {
    fn note(&mut self, attrs: &[Attribute]) {
        for attr in attrs {
            let Some(condition) = Condition::of(attr) else {
                continue;
            };
            let mut mentioned = Vec::new();
            condition.options(&mut mentioned);
            let mut new: Vec<TokenStream> = Vec::new();
            for option in mentioned {
                let key = option.to_string();
                let known = |list: &[TokenStream]| list.iter().any(|o| o.to_string() == key);
                if !known(&self.options) && !known(&new) {
                    new.push(option);
                }
            }
            if self.options.len() + new.len() > MAX_OPTIONS {
                self.errors.spanned(
                    attr,
                    format_args!(
                        "too many `cfg` options in one generator: a statement under `#[cfg]` that yields, or that decides what is kept across a yield, needs a version of the generator for each combination of options, and at most {MAX_OPTIONS} options are supported; test this condition with `if cfg!(..) {{ .. }}` instead, or move part of the body into a generator of its own"
                    ),
                );
            } else {
                self.options.extend(new);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collect<'_> {
    fn visit_block(&mut self, block: &'ast Block) {
        for (index, stmt) in block.stmts.iter().enumerate() {
            if let Some(attrs) = stmt_attrs(stmt) {
                let configured = attrs.iter().any(|attr| Condition::of(attr).is_some());
                if configured && shapes_machine(stmt, &block.stmts[index + 1..]) {
                    self.note(attrs);
                }
            }
            self.visit_stmt(stmt);
        }
    }

    fn visit_arm(&mut self, arm: &'ast Arm) {
        if arm_suspends(arm) || Assigns::find(|finder| finder.visit_arm(arm)) {
            self.note(&arm.attrs);
        }
        visit::visit_arm(self, arm);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        if !is_nested_code(expr) {
            visit::visit_expr(self, expr);
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

/// Whether a statement followed by `rest` in its block shapes the state machine: it
/// suspends, declares locals that a suspension point in their scope may save, never
/// falls through (the machine has no code after it), or assigns a local as a whole (which
/// the analysis takes as initializing it: saving a local that is not would not compile).
fn shapes_machine(stmt: &Stmt, rest: &[Stmt]) -> bool {
    stmt_suspends(stmt)
        || matches!(stmt, Stmt::Local(local)
            if !patterns::bindings(&local.pat, patterns::Position::of_let(local)).is_empty() && rest.iter().any(stmt_suspends))
        || !reach::stmt_falls(stmt)
        || Assigns::find(|finder| finder.visit_stmt(stmt))
}

/// Finds an assignment to a local as a whole (`x = ..`) in the generator's own code.
struct Assigns(bool);

impl Assigns {
    fn find(visit: impl FnOnce(&mut Assigns)) -> bool {
        let mut finder = Assigns(false);
        visit(&mut finder);
        finder.0
    }
}

impl<'ast> Visit<'ast> for Assigns {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Assign(assign)
                if super::mentions::assignees(&assign.left)
                    .into_iter()
                    .any(|place| local_of(place).is_some()) =>
            {
                self.0 = true
            }
            _ if is_nested_code(expr) => {}
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

/// Closures, `async` blocks and `const` blocks are compiled on their own.
fn is_nested_code(expr: &Expr) -> bool {
    matches!(expr, Expr::Closure(_) | Expr::Async(_) | Expr::Const(_))
}

/// Keeps or removes what a combination of options decides.
struct Strip<'a> {
    keys: &'a [String],
    values: &'a [bool],
}

impl Strip<'_> {
    /// Whether the node under `attrs` stays; its `cfg` attributes go when they hold.
    fn keep(&self, attrs: &mut Vec<Attribute>) -> bool {
        let value = |option: &TokenStream| {
            let key = option.to_string();
            let index = self.keys.iter().position(|k| *k == key)?;
            Some(self.values[index])
        };
        let mut holds = Some(true);
        for condition in attrs.iter().filter_map(Condition::of) {
            match condition.eval(&value) {
                Some(false) => return false,
                Some(true) => {}
                None => holds = None,
            }
        }
        if holds == Some(true) {
            attrs.retain(|attr| Condition::of(attr).is_none());
        }
        true
    }
}

impl VisitMut for Strip<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        block
            .stmts
            .retain_mut(|stmt| stmt_attrs_mut(stmt).is_none_or(|attrs| self.keep(attrs)));
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut ExprMatch) {
        expr.arms.retain_mut(|arm| self.keep(&mut arm.attrs));
        visit_mut::visit_expr_match_mut(self, expr);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if !is_nested_code(expr) {
            visit_mut::visit_expr_mut(self, expr);
        }
    }

    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// The condition that holds for exactly the given combinations, written as a few terms
/// as possible: the largest sets of combinations that fix some options and leave the
/// others free (`any(a, b)` rather than a term for each of three combinations).
fn guard(options: &[TokenStream], combinations: Vec<Combination>) -> TokenStream {
    let count = options.len();
    let fits = |term: &Term, combination: &Combination| {
        term.iter()
            .zip(combination)
            .all(|(t, c)| t.is_none_or(|t| t == *c))
    };
    let all: Vec<Combination> = (0..1usize << count)
        .map(|n| (0..count).map(|i| n >> i & 1 == 0).collect())
        .collect();
    // Every term (each option true, false or free) that holds only where the version
    // is kept; then the largest first, as long as each adds a combination.
    let mut terms: Vec<Term> = (0..3usize.pow(count as u32))
        .map(|n| {
            (0..count)
                .map(|i| match n / 3usize.pow(i as u32) % 3 {
                    0 => None,
                    1 => Some(true),
                    _ => Some(false),
                })
                .collect()
        })
        .filter(|term| {
            all.iter()
                .filter(|c| fits(term, c))
                .all(|c| combinations.contains(c))
        })
        .collect();
    terms.sort_by_key(|term| term.iter().filter(|t| t.is_some()).count());
    let mut covered: Vec<&Combination> = Vec::new();
    terms.retain(|term| {
        let new: Vec<_> = combinations
            .iter()
            .filter(|c| fits(term, c) && !covered.contains(c))
            .collect();
        covered.extend(&new);
        !new.is_empty()
    });
    let terms: Vec<TokenStream> = terms
        .iter()
        .map(|term| {
            let literals: Vec<TokenStream> = options
                .iter()
                .zip(term)
                .filter_map(|(option, value)| match value {
                    Some(true) => Some(quote!(#option)),
                    Some(false) => Some(quote!(not(#option))),
                    None => None,
                })
                .collect();
            match literals.as_slice() {
                [literal] => literal.clone(),
                _ => quote!(all(#(#literals),*)),
            }
        })
        .collect();
    match terms.as_slice() {
        [term] => term.clone(),
        _ => quote!(any(#(#terms),*)),
    }
}

/// The attributes of an expression, by reference or by mutable reference.
macro_rules! expr_attrs {
    ($expr:expr) => {
        match $expr {
            Expr::Array(syn::ExprArray { attrs, .. })
            | Expr::Assign(syn::ExprAssign { attrs, .. })
            | Expr::Async(syn::ExprAsync { attrs, .. })
            | Expr::Await(syn::ExprAwait { attrs, .. })
            | Expr::Binary(syn::ExprBinary { attrs, .. })
            | Expr::Block(syn::ExprBlock { attrs, .. })
            | Expr::Break(syn::ExprBreak { attrs, .. })
            | Expr::Call(syn::ExprCall { attrs, .. })
            | Expr::Cast(syn::ExprCast { attrs, .. })
            | Expr::Closure(syn::ExprClosure { attrs, .. })
            | Expr::Const(syn::ExprConst { attrs, .. })
            | Expr::Continue(syn::ExprContinue { attrs, .. })
            | Expr::Field(syn::ExprField { attrs, .. })
            | Expr::ForLoop(syn::ExprForLoop { attrs, .. })
            | Expr::Group(syn::ExprGroup { attrs, .. })
            | Expr::If(syn::ExprIf { attrs, .. })
            | Expr::Index(syn::ExprIndex { attrs, .. })
            | Expr::Infer(syn::ExprInfer { attrs, .. })
            | Expr::Let(syn::ExprLet { attrs, .. })
            | Expr::Lit(syn::ExprLit { attrs, .. })
            | Expr::Loop(syn::ExprLoop { attrs, .. })
            | Expr::Macro(syn::ExprMacro { attrs, .. })
            | Expr::Match(syn::ExprMatch { attrs, .. })
            | Expr::MethodCall(syn::ExprMethodCall { attrs, .. })
            | Expr::Paren(syn::ExprParen { attrs, .. })
            | Expr::Path(syn::ExprPath { attrs, .. })
            | Expr::Range(syn::ExprRange { attrs, .. })
            | Expr::RawAddr(syn::ExprRawAddr { attrs, .. })
            | Expr::Reference(syn::ExprReference { attrs, .. })
            | Expr::Repeat(syn::ExprRepeat { attrs, .. })
            | Expr::Return(syn::ExprReturn { attrs, .. })
            | Expr::Struct(syn::ExprStruct { attrs, .. })
            | Expr::Try(syn::ExprTry { attrs, .. })
            | Expr::TryBlock(syn::ExprTryBlock { attrs, .. })
            | Expr::Tuple(syn::ExprTuple { attrs, .. })
            | Expr::Unary(syn::ExprUnary { attrs, .. })
            | Expr::Unsafe(syn::ExprUnsafe { attrs, .. })
            | Expr::While(syn::ExprWhile { attrs, .. })
            | Expr::Yield(syn::ExprYield { attrs, .. }) => Some(attrs),
            _ => None,
        }
    };
}

fn stmt_attrs(stmt: &Stmt) -> Option<&Vec<Attribute>> {
    match stmt {
        Stmt::Local(local) => Some(&local.attrs),
        Stmt::Macro(mac) => Some(&mac.attrs),
        Stmt::Expr(expr, _) => expr_attrs!(expr),
        Stmt::Item(_) => None,
    }
}

fn stmt_attrs_mut(stmt: &mut Stmt) -> Option<&mut Vec<Attribute>> {
    match stmt {
        Stmt::Local(local) => Some(&mut local.attrs),
        Stmt::Macro(mac) => Some(&mut mac.attrs),
        Stmt::Expr(expr, _) => expr_attrs!(expr),
        Stmt::Item(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::versions;
    use crate::diag::Errors;
    use quote::ToTokens;

    /// The guards of the versions of a body, and whether it had errors.
    fn guards(body: &str) -> (Vec<String>, bool) {
        let mut errors = Errors::default();
        let versions = versions(syn::parse_str(body).expect("a block"), &mut errors);
        let guards = versions
            .iter()
            .map(|v| v.cfg.as_ref().map_or("-".into(), ToString::to_string))
            .collect();
        (guards, !errors.is_empty())
    }

    #[test]
    fn constant_conditions_need_no_version() {
        let body = "{ #[cfg(any())] yield 1; #[cfg(all())] let x = 1; yield x; }";
        let mut errors = Errors::default();
        let versions = versions(syn::parse_str(body).expect("a block"), &mut errors);
        assert_eq!(versions.len(), 1);
        assert!(versions[0].cfg.is_none());
        let kept = versions[0].body.to_token_stream().to_string();
        assert_eq!(kept, "{ let x = 1 ; yield x ; }");
    }

    #[test]
    fn an_option_and_its_negation_make_two_versions() {
        let body = "{ #[cfg(x)] yield 1; #[cfg(not(x))] yield 2; }";
        assert_eq!(guards(body), (vec!["x".into(), "not (x)".into()], false));
    }

    #[test]
    fn guards_are_short() {
        let body = "{ #[cfg(any(a, b))] yield 1; #[cfg(c)] let y = 1; yield 2; }";
        assert_eq!(
            guards(body).0,
            [
                "any (all (a , c) , all (b , c))",
                "all (not (a) , not (b) , c)",
                "any (all (a , not (c)) , all (b , not (c)))",
                "all (not (a) , not (b) , not (c))",
            ]
        );
    }

    #[test]
    fn other_statements_keep_their_attribute() {
        let body = "{ #[cfg(x)] f(); #[cfg(x)] let _ = 1; yield 1; #[cfg(x)] let y = 2; }";
        let mut errors = Errors::default();
        let versions = versions(syn::parse_str(body).expect("a block"), &mut errors);
        assert_eq!(versions.len(), 1);
        let expected: syn::Block = syn::parse_str(body).expect("a block");
        assert_eq!(versions[0].body, expected);
    }

    #[test]
    fn at_most_three_options() {
        let body = "{ #[cfg(a)] yield 1; #[cfg(any(b, c))] yield 2; #[cfg(all(a, d))] yield 3; }";
        assert!(guards(body).1);
        assert!(!guards("{ #[cfg(a)] yield 1; #[cfg(any(b, c, a))] yield 2; }").1);
    }
}
