//! Where a local is next mentioned after a suspension point.
//!
//! A local that may have been moved out before a yield, and is used after it, is saved
//! like any other: if it was a copy, that compiles. If it was a move, rustc reports the
//! move into the state, where the state is built; but the user's mistake is the later
//! use, as natively, so `emit` names the local there with the span of that use.

use super::ir::{Block, Else, Head, If, Step, Stmt};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::Ident;

/// The span of the first mention of `name` in the code that may run after the statement
/// at `path`: the rest of each enclosing block, and the whole of each enclosing loop.
pub(crate) fn next_mention(root: &Block, path: &[Step], name: &Ident) -> Option<Span> {
    let name = name.to_string();
    // The statements down the path, each with the block that holds it.
    let mut frames: Vec<(&Block, usize)> = Vec::new();
    let mut block = root;
    let mut steps = path;
    while let [Step::Stmt(index), rest @ ..] = steps {
        frames.push((block, *index));
        let Some((inner, rest)) = enter(&block.stmts[*index], rest) else {
            break;
        };
        block = inner;
        steps = rest;
    }
    let (mut block, index) = frames.pop()?;
    let mut after = index + 1;
    loop {
        if let Some(span) = stmts_mention(&block.stmts[after..], &name) {
            return Some(span);
        }
        let (outer, index) = frames.pop()?;
        if let Stmt::Loop(loop_) = &outer.stmts[index] {
            let cond = match &loop_.head {
                Head::Loop => None,
                Head::While { cond, .. } => find(cond.to_token_stream(), &name),
            };
            if let Some(span) = cond.or_else(|| stmts_mention(&loop_.body.stmts, &name)) {
                return Some(span);
            }
        }
        block = outer;
        after = index + 1;
    }
}

/// The block that `steps` enter from `stmt`, and the steps left.
fn enter<'a, 'p>(stmt: &'a Stmt, steps: &'p [Step]) -> Option<(&'a Block, &'p [Step])> {
    match (stmt, steps) {
        (Stmt::Block(inner), [Step::Block, rest @ ..]) => Some((inner, rest)),
        (Stmt::If(if_), _) => enter_if(if_, steps),
        (Stmt::Match { arms, .. }, [Step::Arm(arm), rest @ ..]) => Some((&arms[*arm].body, rest)),
        (Stmt::Loop(loop_), [Step::LoopBody, rest @ ..]) => Some((&loop_.body, rest)),
        (Stmt::LetElse { otherwise, .. }, [Step::LetElse, rest @ ..]) => Some((otherwise, rest)),
        _ => None,
    }
}

fn enter_if<'a, 'p>(if_: &'a If, steps: &'p [Step]) -> Option<(&'a Block, &'p [Step])> {
    match (steps, &if_.otherwise) {
        ([Step::Then, rest @ ..], _) => Some((&if_.then, rest)),
        ([Step::Else, rest @ ..], Some(Else::Block(otherwise))) => Some((otherwise, rest)),
        ([Step::Else, rest @ ..], Some(Else::If(nested))) => enter_if(nested, rest),
        _ => None,
    }
}

fn stmts_mention(stmts: &[Stmt], name: &str) -> Option<Span> {
    stmts.iter().find_map(|stmt| stmt_mention(stmt, name))
}

fn stmt_mention(stmt: &Stmt, name: &str) -> Option<Span> {
    match stmt {
        Stmt::Plain { stmt, .. } => find(stmt.to_token_stream(), name),
        Stmt::Declare { .. } | Stmt::Unreachable { .. } => None,
        Stmt::Yield { value, .. } => find(value.to_token_stream(), name),
        Stmt::Block(block) => stmts_mention(&block.stmts, name),
        Stmt::If(if_) => if_mention(if_, name),
        Stmt::Match {
            scrutinee, arms, ..
        } => find(scrutinee.to_token_stream(), name).or_else(|| {
            arms.iter().find_map(|arm| {
                find(arm.pat.to_token_stream(), name)
                    .or_else(|| stmts_mention(&arm.body.stmts, name))
            })
        }),
        Stmt::Loop(loop_) => match &loop_.head {
            Head::Loop => None,
            Head::While { cond, .. } => find(cond.to_token_stream(), name),
        }
        .or_else(|| stmts_mention(&loop_.body.stmts, name)),
        Stmt::LetElse {
            init, otherwise, ..
        } => find(init.to_token_stream(), name).or_else(|| stmts_mention(&otherwise.stmts, name)),
    }
}

fn if_mention(if_: &If, name: &str) -> Option<Span> {
    find(if_.cond.to_token_stream(), name)
        .or_else(|| stmts_mention(&if_.then.stmts, name))
        .or_else(|| match &if_.otherwise {
            Some(Else::Block(otherwise)) => stmts_mention(&otherwise.stmts, name),
            Some(Else::If(nested)) => if_mention(nested, name),
            None => None,
        })
}

fn find(tokens: TokenStream, name: &str) -> Option<Span> {
    tokens.into_iter().find_map(|token| match token {
        TokenTree::Ident(ident) if ident == name => Some(ident.span()),
        TokenTree::Group(group) => find(group.stream(), name),
        _ => None,
    })
}
