//! Items declared in the body (`use`, `struct`, `fn`, `impl`, `static`, `macro_rules!`, ..)
//! move to the top of the generated function, out of the code that is cut and copied: a
//! resume arm rebuilds only what follows its yield, so an item declared before the yield
//! would be missing there, and a loop that yields is written once per arm that enters it,
//! so an item inside it would be defined twice (two `static`s, conflicting `impl`s).
//!
//! An item cannot name the body's locals or the function's generics, so at the top of the
//! function it sees what it saw where it was written, as long as the items of its blocks
//! move too; but its own name becomes visible in the whole body instead of its block (or,
//! for a `macro_rules!`, instead of the rest of its block). So an item stays where it is
//! written (and, as before, is missing after a yield) when moving it could change what
//! some code means:
//! - its name is declared again in another block, or it is a `macro_rules!` whose name is
//!   declared again (two items cannot share the function's scope, and one left in place
//!   would let a resumed arm see the other one in its stead);
//! - it is written in a nested block, or is a `macro_rules!`, and its name is mentioned
//!   where it is not visible today (in the signature, or in the body outside its block, or
//!   before the macro's definition): moved, it would capture that mention;
//! - it is a glob `use` in a nested block: the names it imports are unknown;
//! - it is a `macro_rules!` that mentions a name bound by a pattern: a macro's locals
//!   resolve where it is defined, and no local is in scope at the top of the function;
//! - it mentions the name of an item that stays in its block or an enclosing one.
//!
//! The walk covers the blocks the lowering cuts: the body and every block inside its
//! statements and expressions, but not closures, `async` and `const` blocks or nested
//! items, which are never cut, nor code under an attribute (`#[cfg]`, a lint level), whose
//! items may be configured out with it or rely on it.

use crate::item::{Param, Plan};
use crate::visit::expr_attrs;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Arm, Block, Expr, FieldValue, Item, Local, Stmt, UseTree};

/// The items of a body: those moved out of it, in source order, and how many stay.
pub(crate) struct Items {
    pub(crate) hoisted: Vec<Item>,
    pub(crate) staying: usize,
}

/// Takes the items that can move out of `body`.
pub(crate) fn hoist(plan: &Plan, body: &mut Block) -> Items {
    let (moved, count) = {
        let mut survey = Survey::default();
        survey.visit_block(body);
        let stays = staying(plan, &survey);
        let moved: BTreeMap<(usize, usize), usize> = (survey.found.iter().enumerate())
            .filter(|&(order, _)| !stays[order])
            .map(|(order, item)| ((item.block, item.index), order))
            .collect();
        (moved, survey.found.len())
    };
    let staying = count - moved.len();
    if moved.is_empty() {
        return Items {
            hoisted: Vec::new(),
            staying,
        };
    }
    let mut take = Take {
        blocks: 0,
        moved: &moved,
        items: vec![None; count],
    };
    take.visit_block_mut(body);
    Items {
        hoisted: take.items.into_iter().flatten().collect(),
        staying,
    }
}

/// An item found in a block the walk covers.
struct Found<'ast> {
    block: usize,
    index: usize,
    item: &'ast Item,
    names: Vec<String>,
    /// A glob `use`: imports names that are not written.
    glob: bool,
    macro_rules: bool,
}

/// The blocks the walk covers and the items in them, in source order.
#[derive(Default)]
struct Survey<'ast> {
    /// Each block walked, with the block that encloses it.
    blocks: Vec<(&'ast Block, Option<usize>)>,
    current: Option<usize>,
    found: Vec<Found<'ast>>,
}

impl<'ast> Visit<'ast> for Survey<'ast> {
    fn visit_block(&mut self, block: &'ast Block) {
        let id = self.blocks.len();
        self.blocks.push((block, self.current));
        let outer = self.current.replace(id);
        for (index, stmt) in block.stmts.iter().enumerate() {
            let Stmt::Item(item) = stmt else {
                self.visit_stmt(stmt);
                continue;
            };
            if let Some((names, glob)) = declared(item) {
                self.found.push(Found {
                    block: id,
                    index,
                    item,
                    names,
                    glob,
                    macro_rules: matches!(item, Item::Macro(_)),
                });
            }
        }
        self.current = outer;
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        if enters(expr) {
            visit::visit_expr(self, expr);
        }
    }

    fn visit_local(&mut self, local: &'ast Local) {
        if local.attrs.is_empty() {
            visit::visit_local(self, local);
        }
    }

    fn visit_arm(&mut self, arm: &'ast Arm) {
        if arm.attrs.is_empty() {
            visit::visit_arm(self, arm);
        }
    }

    fn visit_field_value(&mut self, field: &'ast FieldValue) {
        if field.attrs.is_empty() {
            visit::visit_field_value(self, field);
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

/// Whether each item found stays in its block, by the rules of the module documentation.
fn staying(plan: &Plan, survey: &Survey) -> Vec<bool> {
    let found = &survey.found;
    let (body, _) = survey.blocks[0];
    let mut everywhere = Mentions::default();
    everywhere.add(plan.sig.to_token_stream());
    everywhere.add(body.to_token_stream());
    let mut locals = Locals::default();
    locals.visit_block(body);
    for param in &plan.params {
        match param {
            Param::Receiver { .. } => {}
            Param::Named { ident, .. } => {
                locals.0.insert(unraw(ident.to_string()));
            }
            Param::Pattern { pat, .. } => {
                everywhere.add(pat.to_token_stream());
                locals.visit_pat(pat);
            }
        }
    }
    let mut declarations: BTreeMap<&str, Vec<&Found>> = BTreeMap::new();
    for item in found {
        for name in &item.names {
            declarations.entry(name).or_default().push(item);
        }
    }

    let mut stays: Vec<bool> = found
        .iter()
        .map(|item| {
            let nested = item.block != 0;
            let declared_again = item.names.iter().any(|name| {
                // Two items of one block share a scope wherever they are (alternatives
                // under `#[cfg]`), except macros, which are seen from their definition on.
                declarations[name.as_str()].iter().any(|other| {
                    let macros = item.macro_rules || other.macro_rules;
                    other.block != item.block || (other.index != item.index && macros)
                })
            });
            let mentioned_elsewhere = (nested || item.macro_rules) && {
                let (block, _) = survey.blocks[item.block];
                let from = if item.macro_rules { item.index } else { 0 };
                let mut visible = Mentions::default();
                for stmt in &block.stmts[from..] {
                    visible.add(stmt.to_token_stream());
                }
                item.names
                    .iter()
                    .any(|name| everywhere.get(name) > visible.get(name))
            };
            let captures_local = match item.item {
                Item::Macro(mac) => mentions_any(&mac.mac.tokens, &locals.0),
                _ => false,
            };
            (nested && item.glob) || declared_again || mentioned_elsewhere || captures_local
        })
        .collect();

    let mentions: Vec<Mentions> = found
        .iter()
        .map(|item| {
            let mut mentions = Mentions::default();
            mentions.add(item.item.to_token_stream());
            mentions
        })
        .collect();
    let encloses = |outer: usize, mut inner: usize| loop {
        if inner == outer {
            return true;
        }
        match survey.blocks[inner].1 {
            Some(parent) => inner = parent,
            None => return false,
        }
    };
    // Moved, an item that mentions one that stays in its block or an enclosing one would
    // see another item of that name, or none.
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..found.len() {
            let sees_one_that_stays = (0..found.len()).any(|j| {
                stays[j]
                    && encloses(found[j].block, found[i].block)
                    && found[j].names.iter().any(|name| mentions[i].get(name) > 0)
            });
            if !stays[i] && sees_one_that_stays {
                stays[i] = true;
                changed = true;
            }
        }
    }
    stays
}

/// Removes the items that move, walking the blocks in the order of [`Survey`].
struct Take<'a> {
    blocks: usize,
    /// The items that move, by block and statement index, with their place in source
    /// order.
    moved: &'a BTreeMap<(usize, usize), usize>,
    items: Vec<Option<Item>>,
}

impl VisitMut for Take<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let id = self.blocks;
        self.blocks += 1;
        for (index, stmt) in std::mem::take(&mut block.stmts).into_iter().enumerate() {
            match (stmt, self.moved.get(&(id, index))) {
                (Stmt::Item(item), Some(&order)) => self.items[order] = Some(item),
                (stmt, _) => block.stmts.push(stmt),
            }
        }
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if enters(expr) {
            visit_mut::visit_expr_mut(self, expr);
        }
    }

    fn visit_local_mut(&mut self, local: &mut Local) {
        if local.attrs.is_empty() {
            visit_mut::visit_local_mut(self, local);
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        if arm.attrs.is_empty() {
            visit_mut::visit_arm_mut(self, arm);
        }
    }

    fn visit_field_value_mut(&mut self, field: &mut FieldValue) {
        if field.attrs.is_empty() {
            visit_mut::visit_field_value_mut(self, field);
        }
    }

    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// Whether the walk enters an expression.
fn enters(expr: &Expr) -> bool {
    !matches!(expr, Expr::Closure(_) | Expr::Async(_) | Expr::Const(_))
        && expr_attrs(expr).is_empty()
}

/// The names an item declares, and whether it is a glob `use`; `None` for an item that
/// cannot move (a macro other than `macro_rules!`, or tokens `syn` did not parse).
fn declared(item: &Item) -> Option<(Vec<String>, bool)> {
    let named = |ident: &syn::Ident| Some((vec![unraw(ident.to_string())], false));
    match item {
        Item::Const(item) if item.ident == "_" => Some((Vec::new(), false)),
        Item::Const(item) => named(&item.ident),
        Item::Enum(item) => named(&item.ident),
        Item::ExternCrate(item) => named(item.rename.as_ref().map_or(&item.ident, |(_, r)| r)),
        Item::Fn(item) => named(&item.sig.ident),
        Item::ForeignMod(item) => {
            let mut names = Vec::new();
            for foreign in &item.items {
                names.push(unraw(match foreign {
                    syn::ForeignItem::Fn(f) => f.sig.ident.to_string(),
                    syn::ForeignItem::Static(s) => s.ident.to_string(),
                    syn::ForeignItem::Type(t) => t.ident.to_string(),
                    _ => return None,
                }));
            }
            Some((names, false))
        }
        Item::Impl(_) => Some((Vec::new(), false)),
        Item::Macro(item) => named(item.ident.as_ref()?),
        Item::Mod(item) => named(&item.ident),
        Item::Static(item) => named(&item.ident),
        Item::Struct(item) => named(&item.ident),
        Item::Trait(item) => named(&item.ident),
        Item::TraitAlias(item) => named(&item.ident),
        Item::Type(item) => named(&item.ident),
        Item::Union(item) => named(&item.ident),
        Item::Use(item) => {
            let mut names = Vec::new();
            let mut glob = false;
            use_names(&item.tree, None, &mut names, &mut glob);
            Some((names, glob))
        }
        _ => None,
    }
}

/// The names a `use` tree imports (`{self}` imports the module it is in).
fn use_names(
    tree: &UseTree,
    parent: Option<&syn::Ident>,
    names: &mut Vec<String>,
    glob: &mut bool,
) {
    match tree {
        UseTree::Path(path) => use_names(&path.tree, Some(&path.ident), names, glob),
        UseTree::Name(name) if name.ident == "self" => {
            names.extend(parent.map(|p| unraw(p.to_string())));
        }
        UseTree::Name(name) => names.push(unraw(name.ident.to_string())),
        UseTree::Rename(rename) if rename.rename == "_" => {}
        UseTree::Rename(rename) => names.push(unraw(rename.rename.to_string())),
        UseTree::Glob(_) => *glob = true,
        UseTree::Group(group) => {
            for tree in &group.items {
                use_names(tree, parent, names, glob);
            }
        }
    }
}

fn unraw(name: String) -> String {
    match name.strip_prefix("r#") {
        Some(raw) => raw.to_owned(),
        None => name,
    }
}

/// How often each name is mentioned: as an identifier, or inline in a format string
/// (`"{name}"`).
#[derive(Default)]
struct Mentions(BTreeMap<String, usize>);

impl Mentions {
    fn add(&mut self, tokens: TokenStream) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => self.count(unraw(ident.to_string())),
                TokenTree::Group(group) => self.add(group.stream()),
                TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    if text.contains('"') {
                        for name in inline_arguments(&text) {
                            self.count(name.to_owned());
                        }
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }

    fn count(&mut self, name: String) {
        *self.0.entry(name).or_default() += 1;
    }

    fn get(&self, name: &str) -> usize {
        self.0.get(name).copied().unwrap_or(0)
    }
}

/// The identifiers right after an opening `{` in a string (`{{` is an escaped brace).
fn inline_arguments(text: &str) -> impl Iterator<Item = &str> {
    text.split("{{")
        .flat_map(|part| part.split('{').skip(1))
        .filter_map(|after| {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..end];
            (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
        })
}

/// Whether a macro's rules mention one of `names` (metavariables, `$name`, aside).
fn mentions_any(tokens: &TokenStream, names: &BTreeSet<String>) -> bool {
    let mut after_dollar = false;
    tokens.clone().into_iter().any(|token| {
        let found = match &token {
            TokenTree::Ident(ident) => !after_dollar && names.contains(&unraw(ident.to_string())),
            TokenTree::Group(group) => mentions_any(&group.stream(), names),
            _ => false,
        };
        after_dollar = matches!(&token, TokenTree::Punct(p) if p.as_char() == '$');
        found
    })
}

/// The names bound by patterns in the body, outside nested items.
#[derive(Default)]
struct Locals(BTreeSet<String>);

impl<'ast> Visit<'ast> for Locals {
    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.0.insert(unraw(pat.ident.to_string()));
        visit::visit_pat_ident(self, pat);
    }

    fn visit_item(&mut self, _: &'ast Item) {}
}

#[cfg(test)]
mod tests {
    use crate::diag::Errors;
    use crate::item::{self, GenFn};

    /// The items of `function` that move, in order, each named by what it declares
    /// (`*` for a glob `use`, `_` for an item without a name).
    fn moved(function: &str) -> Vec<String> {
        let function: GenFn = syn::parse_str(function).expect("test input parses");
        let plan = item::plan(&function, &mut Errors::default()).expect("a generator");
        let mut body = function.body;
        super::hoist(&plan, &mut body)
            .hoisted
            .iter()
            .map(|item| match super::declared(item) {
                Some((names, _)) if !names.is_empty() => names.join(" "),
                Some((_, true)) => "*".to_owned(),
                _ => "_".to_owned(),
            })
            .collect()
    }

    #[test]
    fn from_every_block_the_lowering_cuts() {
        let moved = moved(
            "fn f(n: u32) -> impl Iterator<Item = u32> {
                use std::fmt::{self, Write as _};
                if n > 0 { struct A; } else { struct B; }
                for i in 0..n {
                    impl Trait for u32 {}
                    while c { enum C {} }
                    match i { 0 => { const D: u32 = 0; } _ => unsafe { static E: u32 = 0; } }
                }
                let x = f({ fn g() {} 1 }, 'l: { macro_rules! h { () => {} } 2 });
                use std::io::*;
            }",
        );
        assert_eq!(moved, ["fmt", "A", "B", "_", "C", "D", "E", "g", "h", "*"]);
    }

    #[test]
    fn not_from_code_that_is_not_cut_or_under_an_attribute() {
        let moved = moved(
            "fn f() -> impl Iterator<Item = u32> {
                let c = || { struct A; };
                let d = async { struct B; };
                let e = const { struct C; 1 };
                fn g() { struct D; }
                #[cfg(unix)] { struct E; }
                #[cfg(unix)] let x = { struct F; };
                match 1 { #[cfg(unix)] _ => { struct G; } }
                #[allow(dead_code)] { struct H; }
            }",
        );
        assert_eq!(moved, ["g"]);
    }

    #[test]
    fn a_name_declared_in_two_blocks_stays() {
        let moved = moved(
            "fn f() -> impl Iterator<Item = u32> {
                struct A;
                #[cfg(unix)] struct B;
                #[cfg(not(unix))] struct B;
                loop { struct A; const C: u32 = 0; }
                if c { fn d() {} } else { fn d() {} }
            }",
        );
        assert_eq!(moved, ["B", "B", "C"]);
    }

    #[test]
    fn a_nested_name_mentioned_outside_its_block_stays() {
        let moved = moved(
            "fn f() -> impl Iterator<Item = Point> {
                { const A: u32 = 0; }
                { const B: u32 = 0; }
                { struct Point; }
                { const C: u32 = 0; }
                { const D: u32 = 0; let d = D; }
                { const E: u32 = 0; }
                let a = A;
                println!(\"{B:?}\");
                println!(r#\"{E}\"#);
                let c = |C| C;
            }",
        );
        assert_eq!(moved, ["D"]);
    }

    #[test]
    fn globs_move_from_the_body_only() {
        let moved = moved(
            "fn f() -> impl Iterator<Item = u32> {
                use std::fmt::*;
                loop { use std::io::*; use std::io::Write as _; }
            }",
        );
        assert_eq!(moved, ["*", "_"]);
    }

    #[test]
    fn macros_that_could_change_meaning_stay() {
        let moved = moved(
            "fn f(n: u32, (p, q): (u32, u32)) -> impl Iterator<Item = u32> {
                macro_rules! param { () => { n } }
                macro_rules! pattern_param { () => { q } }
                let local = 1;
                macro_rules! captures { () => { local } }
                macro_rules! metavariable { ($local:expr) => { $local } }
                early!();
                macro_rules! early { () => {} }
                macro_rules! twice { () => {} }
                { macro_rules! twice { () => {} } }
                macro_rules! fine { () => { metavariable!(1) } }
            }",
        );
        assert_eq!(moved, ["metavariable", "fine"]);
    }

    #[test]
    fn an_item_that_mentions_one_that_stays_stays() {
        let moved = moved(
            "fn f() -> impl Iterator<Item = u32> {
                loop {
                    struct A;
                    struct B(A);
                    impl A {}
                    impl B {}
                    struct C;
                }
                if c { struct A; struct E(C); }
                struct F(A);
            }",
        );
        // `C` is mentioned outside its block; `E` and `F` do not see the items that stay.
        assert_eq!(moved, ["E", "F"]);
    }
}
