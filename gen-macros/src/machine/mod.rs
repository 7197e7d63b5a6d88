//! The state machine: the body is cut at its suspension points (its yields, its `?`, and
//! for an async body its `.await`s), into an enum of what each saves and a closure that
//! resumes it, driven as an `Iterator` or a `Stream`.
//!
//! [`cfg`](mod@cfg) splits the body into versions when `#[cfg(..)]` decides its suspension
//! points; in each, [`unreachable`](mod@unreachable) replaces the code that can never
//! run, [`items`] moves the body's items out of the code to be cut, [`normalize`] turns
//! the body into the IR of [`ir`] (with [`joins`] where code written twice would give a
//! closure two types), [`dataflow`] decides what each suspension point saves, [`borrows`]
//! rejects what an iterator cannot hold, [`captured`] leaves some parameters to the
//! closure, [`eligible`] tells whether the machine of an async body behaves as the
//! compiler's `async` lowering, and [`emit`] writes the state enum and the resume closure.

mod borrows;
mod captured;
mod cfg;
mod dataflow;
mod eligible;
mod emit;
mod inplace;
mod ir;
mod items;
mod joins;
mod mentions;
mod next_mention;
mod normalize;
mod parts;
mod patterns;
pub(crate) mod reach;
mod receiver;
mod rename;
mod scoped;
mod statement_temps;
mod unreachable;

use crate::diag::Errors;
use crate::item::{Param, Plan};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Block, Path};

pub(crate) use eligible::unknown_macro;

/// What the state machine is driven as.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Machine {
    /// An `Iterator`: a sync body.
    Iter,
    /// A `Stream`: an async body whose suspension points borrow nothing (see `eligible`).
    Stream,
}

/// The normalized body, with the saved sets of its points.
fn analyzed(
    plan: &Plan,
    body: Block,
    joins: &joins::Filter,
    machine: Machine,
    errors: &mut Errors,
) -> ir::Program {
    let mut program = normalize::normalize(&plan.params, &plan.sig, body, joins, errors);
    program.machine = machine;
    parts::create(&mut program);
    // A binding hiding a local that must be saved is renamed, and the analysis rerun.
    let mut renamed = 0;
    loop {
        let hiders = dataflow::analyze(&mut program);
        if hiders.is_empty() {
            return program;
        }
        for hider in hiders {
            // (Not the name of a part: `__s_0` is also field `0` of `s`.)
            let new = loop {
                let new = crate::names::renamed(&program.locals[hider].ident, renamed);
                renamed += 1;
                if !program.locals.iter().any(|local| local.ident == new) {
                    break new;
                }
            };
            rename::rename(&mut program, hider, new);
        }
    }
}

/// The body of the generated function, or `None` after reporting errors.
pub(crate) fn lower(
    plan: &Plan,
    body: Block,
    krate: &Path,
    errors: &mut Errors,
) -> Option<TokenStream> {
    lower_versions(plan, body, krate, Machine::Iter, errors)
}

/// The body of an async generator as a state machine, or why the machine cannot run it
/// as the compiler's `async` lowering does (see `eligible`): a suspension point that
/// holds a borrow of the body's own locals, a construct the lowering does not support, or
/// one where its semantics would differ.
pub(crate) fn lower_stream(plan: &Plan, body: Block, krate: &Path) -> syn::Result<TokenStream> {
    if let Some((span, what)) = eligible::unsupported(&body) {
        return Err(syn::Error::new(
            span,
            format_args!("{what} is not supported"),
        ));
    }
    let mut errors = Errors::default();
    let lowered = lower_versions(plan, body, krate, Machine::Stream, &mut errors);
    errors.finish()?;
    Ok(lowered.expect("lowered without errors"))
}

fn lower_versions(
    plan: &Plan,
    body: Block,
    krate: &Path,
    flavor: Machine,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let versions = cfg::versions(body, errors);
    if !errors.is_empty() {
        return None;
    }
    let mut lowered = TokenStream::new();
    for version in versions {
        // The versions share the user's code, and so its mistakes: the first one's
        // errors stand for all.
        let mut version_errors = Errors::default();
        let Some(machine) = lower_version(plan, version.body, krate, flavor, &mut version_errors)
        else {
            if let Err(error) = version_errors.finish() {
                errors.push(error);
            }
            return None;
        };
        lowered.extend(match version.cfg {
            None => machine,
            Some(cfg) => quote! {
                #[cfg(#cfg)]
                return { #machine };
            },
        });
    }
    Some(lowered)
}

/// One version of the body, as a state machine; `None` after reporting errors, or, for a
/// stream, when it is not eligible.
fn lower_version(
    plan: &Plan,
    mut body: Block,
    krate: &Path,
    flavor: Machine,
    errors: &mut Errors,
) -> Option<TokenStream> {
    if plan
        .params
        .iter()
        .any(|p| matches!(p, Param::Receiver { .. }))
    {
        receiver::rename_self(&mut body);
    }
    unreachable::replace(&mut body, krate);
    let items = items::hoist(plan, &mut body);
    // Lowered with every candidate join first; if some are not wanted, lowered again
    // without them (the normalization's errors were reported the first time).
    let mut program = analyzed(plan, body.clone(), &joins::Filter::All, flavor, errors);
    let wanted = joins::wanted(&program);
    if wanted != joins::present(&program) {
        let mut reported = Errors::default();
        program = analyzed(
            plan,
            body,
            &joins::Filter::Only(wanted),
            flavor,
            &mut reported,
        );
    }
    borrows::check(&program, errors);
    captured::plan(&mut program, &plan.params);
    match flavor {
        Machine::Iter => inplace::plan(&mut program),
        Machine::Stream => {
            if let Err(error) = eligible::exact(&program, &items) {
                errors.push(error);
            }
        }
    }
    if !errors.is_empty() {
        return None;
    }
    let machine = emit::emit(&mut program, plan, krate, flavor);
    let items = &items.hoisted;
    Some(quote!(#(#items)* #machine))
}
