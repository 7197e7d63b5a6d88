//! The entry points: read the input, run the stages, and write the function, or, when
//! anything is wrong, the errors next to a stub with the declared signature (so that the
//! rest of the crate, and rust-analyzer, still see the function).

use crate::args::{Args, Lowering};
use crate::body;
use crate::diag::Errors;
use crate::item::{self, Flavor, GenFn, Plan};
use crate::{async_block, machine};
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, GenericArgument, Path, PathArguments, ReturnType, Type, TypeParamBound};

/// `#[generator(args)] item`
pub(crate) fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = match syn::parse2::<Args>(args) {
        Ok(args) => args,
        Err(error) => {
            errors.push(error);
            Args::default()
        }
    };
    match syn::parse2::<GenFn>(item.clone()) {
        Ok(function) => generator(args, function, errors),
        Err(error) => {
            // Not a function: keep the item as written, so that only this error shows.
            errors.push(error);
            let error = errors
                .finish()
                .expect_err("an error was pushed")
                .to_compile_error();
            quote!(#error #item)
        }
    }
}

/// `generators! { fn .. fn .. }`
pub(crate) fn function_like(input: TokenStream) -> TokenStream {
    match syn::parse2::<Functions>(input) {
        Ok(functions) => functions
            .0
            .into_iter()
            .map(|(args, function, errors)| generator(args, function, errors))
            .collect(),
        Err(error) => error.to_compile_error(),
    }
}

/// The items of `generators!`, each with the arguments of its `#[generator(..)]`, if any.
struct Functions(Vec<(Args, GenFn, Errors)>);

impl Parse for Functions {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut functions = Vec::new();
        while !input.is_empty() {
            let mut function: GenFn = input.parse()?;
            let mut errors = Errors::default();
            let mut args = Args::default();
            function.attrs.retain(|attr: &Attribute| {
                if !attr.path().is_ident("generator") {
                    return true;
                }
                if let syn::Meta::List(list) = &attr.meta {
                    match syn::parse2::<Args>(list.tokens.clone()) {
                        Ok(parsed) => args = parsed,
                        Err(error) => errors.push(error),
                    }
                }
                false
            });
            functions.push((args, function, errors));
        }
        Ok(Functions(functions))
    }
}

fn generator(args: Args, function: GenFn, mut errors: Errors) -> TokenStream {
    let sig = &function.sig;
    let body = &function.body;
    let _names = crate::names::Namespace::enter(quote!(#sig #body));
    let plan = item::plan(&function, &mut errors);
    let flavor = match &plan {
        Some(plan) => plan.flavor,
        None if function.sig.asyncness.is_some() => Flavor::Async,
        None => Flavor::Sync,
    };
    if let (Flavor::Sync, Some((Lowering::Async, span))) = (flavor, args.lowering) {
        errors.at(
            span,
            "`lowering = async` is for async generators; a sync generator is always a state machine",
        );
    }
    let body = body::prepare(function.body.clone(), flavor, &args.krate, &mut errors);
    let lowered = match &plan {
        Some(plan) if errors.is_empty() => match plan.flavor {
            Flavor::Sync => machine::lower(plan, body.block, &args.krate, &mut errors),
            Flavor::Async => lower_async(plan, body.block, &args, &mut errors),
        },
        _ => None,
    };
    match (lowered, errors.finish()) {
        (Some(lowered), Ok(())) => {
            let plan = plan.as_ref().expect("lowered from a plan");
            let GenFn { attrs, vis, .. } = &function;
            let sig = &plan.sig;
            let consumed = body
                .yield_paths
                .iter()
                .map(|path| quote!(#path!(@consumed);));
            // `return;` in the body becomes `return None` in the resume closure, inside code
            // clippy reads as the user's: `let .. else { return; }` looks like a `?`.
            let allow =
                (plan.flavor == Flavor::Sync).then(|| quote!(#[allow(clippy::question_mark)]));
            quote! {
                #(#attrs)*
                #allow
                #vis #sig {
                    #(#consumed)*
                    #lowered
                }
            }
        }
        (_, Err(error)) => {
            let error = error.to_compile_error();
            let stub = stub(&function, plan.as_ref(), &args.krate, &body.yield_paths);
            quote!(#error #stub)
        }
        (None, Ok(())) => unreachable!("lowering failed without an error"),
    }
}

/// The most suspension points (`.await`s, yields and `?`s, as written) of an async body
/// that the state machine lowers by default.
const MACHINE_POINTS: usize = 64;

/// An async body: as a state machine where that behaves as the compiler's `async`
/// lowering, by the latter otherwise, or as the user chose.
fn lower_async(
    plan: &Plan,
    body: syn::Block,
    args: &Args,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let krate = &args.krate;
    match args.lowering {
        Some((Lowering::Async, _)) => Some(async_block::lower(plan, body, krate)),
        Some((Lowering::StateMachine, _)) => match machine::lower_stream(plan, body, krate) {
            Ok(machine) => Some(machine),
            Err(reason) => {
                for reason in reason {
                    errors.at(
                        reason.span(),
                        format_args!(
                            "this async generator cannot be lowered into a state machine: {reason}\n\
                             = help: remove `lowering = state_machine` to let the compiler lower it as an `async` block"
                        ),
                    );
                }
                None
            }
        },
        // A macro that may await in its expansion keeps the `async` lowering, unless the
        // user asked for the machine (their macro then must not await).
        None if machine::unknown_macro(&body).is_some() => {
            Some(async_block::lower(plan, body, krate))
        }
        // A long body too: rustc's type checking of a machine grows faster than its
        // states (each state's pattern instantiates the type of every saved local), so
        // that a body of a hundred `.await`s and a hundred yields, with a local each,
        // takes it 5 seconds (the `async` lowering: 0.7), and three hundred of each 4
        // minutes (the `async` lowering: 5 seconds).
        None if crate::visit::suspends_more_than(&body, MACHINE_POINTS) => {
            Some(async_block::lower(plan, body, krate))
        }
        None => Some(
            machine::lower_stream(plan, body.clone(), krate)
                .unwrap_or_else(|_| async_block::lower(plan, body, krate)),
        ),
    }
}

/// The function with its declared signature (minus what cannot be a generator) and a
/// body that type-checks against it, so that the rest of the crate, and rust-analyzer,
/// still see the function, and the only errors are the ones reported.
fn stub(function: &GenFn, plan: Option<&Plan>, krate: &Path, yield_paths: &[Path]) -> TokenStream {
    let GenFn { attrs, vis, .. } = function;
    let mut sig = plan.map_or_else(|| function.sig.clone(), |plan| plan.sig.clone());
    sig.constness = None;
    sig.asyncness = None;
    sig.abi = None;
    let body = match &sig.output {
        ReturnType::Default => TokenStream::new(),
        ReturnType::Type(_, ty) => empty_value(ty, krate),
    };
    let consumed = yield_paths.iter().map(|path| quote!(#path!(@consumed);));
    quote! {
        #(#attrs)*
        #[allow(unused_variables, unreachable_code, clippy::diverging_sub_expression)]
        #vis #sig {
            #(#consumed)*
            #body
        }
    }
}

/// A value of a generator's return type that yields nothing (or `unreachable!()`).
fn empty_value(ty: &Type, krate: &Path) -> TokenStream {
    let names = |bounds: &syn::punctuated::Punctuated<TypeParamBound, syn::Token![+]>,
                 name: &str| {
        bounds.iter().find_map(|bound| match bound {
            TypeParamBound::Trait(bound) => bound.path.segments.last().filter(|s| s.ident == name).map(|s| {
                matches!(&s.arguments, PathArguments::AngleBracketed(args)
                    if args.args.iter().any(|a| matches!(a, GenericArgument::AssocType(t) if t.ident == "Item")))
            }),
            _ => None,
        })
    };
    let iter = |item: bool| {
        if item {
            quote!(::core::iter::empty())
        } else {
            quote!(::core::iter::empty::<()>())
        }
    };
    let stream = |item: bool| {
        if item {
            quote!(#krate::__private::EmptyStream::new())
        } else {
            quote!(#krate::__private::EmptyStream::<()>::new())
        }
    };
    match crate::item::peel(ty) {
        Type::ImplTrait(impl_trait) => {
            let iterators = [
                "Iterator",
                "FusedIterator",
                "DoubleEndedIterator",
                "ExactSizeIterator",
            ];
            if let Some(item) = iterators.iter().find_map(|t| names(&impl_trait.bounds, t)) {
                return iter(item);
            }
            let streams = ["Stream", "FusedStream"];
            if let Some(item) = streams.iter().find_map(|t| names(&impl_trait.bounds, t)) {
                return stream(item);
            }
        }
        Type::Path(path) => {
            let last = path.path.segments.last().expect("a path has a segment");
            let mut object = None;
            if let PathArguments::AngleBracketed(args) = &last.arguments {
                object = args.args.iter().find_map(|a| match a {
                    GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                });
            }
            let mut box_path = path.path.clone();
            if let Some(last) = box_path.segments.last_mut() {
                last.arguments = PathArguments::None;
            }
            match (
                last.ident.to_string().as_str(),
                object.map(crate::item::peel),
            ) {
                ("Box", Some(Type::TraitObject(object))) => {
                    if let Some(item) = names(&object.bounds, "Iterator") {
                        let value = iter(item);
                        return quote!(#box_path::new(#value));
                    }
                }
                ("Pin", Some(Type::Path(_))) | ("BoxStream" | "LocalBoxStream", _) => {
                    let value = stream(true);
                    return quote!(::std::boxed::Box::pin(#value));
                }
                _ => {}
            }
        }
        _ => {}
    }
    quote!(::core::unreachable!())
}
