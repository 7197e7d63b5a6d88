//! The annotated function: parsed, then its signature read for what the generator is
//! (sync or async), what it yields, and how its parameters reach the body.

use crate::diag::Errors;
use crate::names;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    AngleBracketedGenericArguments, Attribute, Block, FnArg, GenericArgument, Ident, Pat, PatIdent,
    Path, PathArguments, ReturnType, Signature, Token, Type, TypeParamBound, Visibility,
};

/// A function as written by the user.
pub(crate) struct GenFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    pub(crate) body: Block,
}

impl Parse for GenFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let ahead = input.fork();
        // Skip the qualifiers a function may have, to find out whether this is one.
        while ahead.peek(Token![const])
            || ahead.peek(Token![async])
            || ahead.peek(Token![unsafe])
            || ahead.peek(Token![safe])
            || ahead.peek(Token![extern])
            || ahead.peek(syn::LitStr)
        {
            ahead.parse::<proc_macro2::TokenTree>()?;
        }
        if !ahead.peek(Token![fn]) {
            let first: TokenStream = input.parse()?;
            let span = first
                .clone()
                .into_iter()
                .next()
                .map_or_else(Span::call_site, |t| t.span());
            return Err(syn::Error::new(
                span,
                "`#[generator]` can only be applied to a function with a body",
            ));
        }
        let sig: Signature = input.parse()?;
        if input.peek(Token![;]) {
            return Err(syn::Error::new(
                sig.ident.span(),
                "a generator needs a body: `#[generator]` cannot be applied to a function declaration",
            ));
        }
        let body: Block = input.parse()?;
        Ok(GenFn {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

/// Sync generators become iterators, async ones streams.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Sync,
    Async,
}

/// What the declared return type asks for.
pub(crate) enum Shape {
    /// `impl Iterator<Item = T> + ..` or `impl Stream<Item = T> + ..`
    Impl,
    /// `Box<dyn Iterator<Item = T> + ..>`: `box_path::new(..)`
    Boxed { box_path: Path },
    /// `Pin<Box<dyn Stream<Item = T> + ..>>` or `BoxStream<'_, T>`: `box_path::pin(..)`
    PinBoxed { box_path: Path },
}

/// How one parameter reaches the body.
pub(crate) enum Param {
    /// `self`, `&self`, `&mut self`, `self: Type`: renamed to a hidden local in sync bodies.
    Receiver { mutability: Option<Token![mut]> },
    /// `x: T` or `mut x: T`.
    Named {
        ident: Ident,
        mutability: Option<Token![mut]>,
    },
    /// Any other pattern: the signature takes `hidden: T` and the body starts with
    /// `let pat = hidden;`.
    Pattern { hidden: Ident, pat: Box<Pat> },
}

/// The signature, read.
pub(crate) struct Plan {
    pub(crate) flavor: Flavor,
    pub(crate) shape: Shape,
    /// The item type (`T` in `Item = T`).
    pub(crate) item: Type,
    pub(crate) params: Vec<Param>,
    /// The signature to emit: parameters with patterns replaced by hidden names and
    /// without `mut` (the body owns the bindings now), and without `async`.
    pub(crate) sig: Signature,
    /// Where the return type asks for `Send` (a `+ Send` bound, or `BoxStream`).
    pub(crate) send: Option<Span>,
}

/// Reads the signature. Errors are collected; `None` when the generator cannot be built.
pub(crate) fn plan(function: &GenFn, errors: &mut Errors) -> Option<Plan> {
    let sig = &function.sig;
    let flavor = if sig.asyncness.is_some() {
        Flavor::Async
    } else {
        Flavor::Sync
    };
    let mut ok = true;
    if let Some(constness) = &sig.constness {
        errors.spanned(
            constness,
            "a generator cannot be a `const fn`: its body runs later, each time an item is requested",
        );
        ok = false;
    }
    if let Some(abi) = &sig.abi {
        errors.spanned(
            abi,
            "a generator cannot have an `extern` ABI: it returns a Rust iterator or stream",
        );
        ok = false;
    }
    if let Some(variadic) = &sig.variadic {
        errors.spanned(variadic.dots, "a generator cannot take variadic arguments");
        ok = false;
    }
    let output = match output(sig, flavor) {
        Ok(output) => Some(output),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let (params, new_sig) = params(sig);
    let (shape, item) = output?;
    let return_type = match &sig.output {
        ReturnType::Type(_, ty) => Some(&**ty),
        ReturnType::Default => None,
    };
    let unpin = return_type.and_then(|ty| bound_named(ty, "Unpin"));
    if let Some(unpin) = unpin.filter(|_| flavor == Flavor::Async) {
        let help = match shape {
            Shape::Impl => {
                "remove `+ Unpin` and pin the stream where it is polled (`std::pin::pin!(stream)` or `Box::pin(stream)`), or return `Pin<Box<dyn Stream<Item = T> + '_>>`, which is `Unpin`"
            }
            Shape::Boxed { .. } | Shape::PinBoxed { .. } => {
                "remove `+ Unpin`: the `Pin<Box<..>>` around the stream is `Unpin` itself"
            }
        };
        errors.at(
            unpin,
            format_args!(
                "an async generator is never `Unpin`: the futures it awaits may need a fixed place\n\
                 = help: {help}"
            ),
        );
        ok = false;
    }
    let send = return_type.and_then(send_bound);
    ok.then_some(Plan {
        flavor,
        shape,
        item,
        params,
        sig: new_sig,
        send,
    })
}

fn params(sig: &Signature) -> (Vec<Param>, Signature) {
    let mut new_sig = sig.clone();
    new_sig.asyncness = None;
    let mut params = Vec::new();
    for (index, arg) in new_sig.inputs.iter_mut().enumerate() {
        match arg {
            FnArg::Receiver(receiver) => {
                params.push(Param::Receiver {
                    mutability: receiver.mutability.take(),
                });
            }
            FnArg::Typed(typed) => match &mut *typed.pat {
                Pat::Ident(PatIdent {
                    attrs,
                    by_ref: None,
                    mutability,
                    ident,
                    subpat: None,
                }) if attrs.is_empty() && ident != "self" => {
                    params.push(Param::Named {
                        ident: ident.clone(),
                        mutability: mutability.take(),
                    });
                }
                pat => {
                    let hidden = names::arg(index);
                    let original = std::mem::replace(
                        pat,
                        Pat::Ident(PatIdent {
                            attrs: Vec::new(),
                            by_ref: None,
                            mutability: None,
                            ident: hidden.clone(),
                            subpat: None,
                        }),
                    );
                    params.push(Param::Pattern {
                        hidden,
                        pat: Box::new(original),
                    });
                }
            },
        }
    }
    (params, new_sig)
}

/// The traits a return type may name for each flavor (the generator implements both).
fn trait_names(flavor: Flavor) -> [&'static str; 2] {
    match flavor {
        Flavor::Sync => ["Iterator", "FusedIterator"],
        Flavor::Async => ["Stream", "FusedStream"],
    }
}

fn expected(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Sync => {
            "a generator returns `impl Iterator<Item = T>` (with any extra bounds) or `Box<dyn Iterator<Item = T> + '_>`"
        }
        Flavor::Async => {
            "an async generator returns `impl Stream<Item = T>` (with any extra bounds) or `Pin<Box<dyn Stream<Item = T> + '_>>`"
        }
    }
}

fn output(sig: &Signature, flavor: Flavor) -> syn::Result<(Shape, Type)> {
    let ty = match &sig.output {
        ReturnType::Default => {
            return Err(syn::Error::new(
                sig.paren_token.span.close(),
                format_args!("missing return type: {}", expected(flavor)),
            ));
        }
        ReturnType::Type(_, ty) => peel(ty),
    };
    match ty {
        Type::ImplTrait(impl_trait) => {
            item_of_bounds(&impl_trait.bounds, flavor, ty).map(|item| (Shape::Impl, item))
        }
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last().expect("a path has a segment");
            match (flavor, last.ident.to_string().as_str()) {
                (Flavor::Sync, "Box") => {
                    let object =
                        only_type_arg(&last.arguments).ok_or_else(|| unsupported(ty, flavor))?;
                    let item =
                        item_of_object(object, flavor).ok_or_else(|| unsupported(ty, flavor))??;
                    Ok((
                        Shape::Boxed {
                            box_path: without_args(&path.path),
                        },
                        item,
                    ))
                }
                (Flavor::Async, "Pin") => {
                    let boxed =
                        only_type_arg(&last.arguments).ok_or_else(|| unsupported(ty, flavor))?;
                    let Type::Path(boxed) = peel(boxed) else {
                        return Err(unsupported(ty, flavor));
                    };
                    let box_segment = boxed.path.segments.last().expect("a path has a segment");
                    if box_segment.ident != "Box" {
                        return Err(unsupported(ty, flavor));
                    }
                    let object = only_type_arg(&box_segment.arguments)
                        .ok_or_else(|| unsupported(ty, flavor))?;
                    let item =
                        item_of_object(object, flavor).ok_or_else(|| unsupported(ty, flavor))??;
                    Ok((
                        Shape::PinBoxed {
                            box_path: without_args(&boxed.path),
                        },
                        item,
                    ))
                }
                (Flavor::Async, "BoxStream" | "LocalBoxStream") => {
                    let PathArguments::AngleBracketed(args) = &last.arguments else {
                        return Err(unsupported(ty, flavor));
                    };
                    let item = args
                        .args
                        .iter()
                        .find_map(|arg| match arg {
                            GenericArgument::Type(item) => Some(item.clone()),
                            _ => None,
                        })
                        .ok_or_else(|| unsupported(ty, flavor))?;
                    Ok((
                        Shape::PinBoxed {
                            box_path: syn::parse_quote_spanned!(ty.span()=> Box),
                        },
                        item,
                    ))
                }
                _ => Err(unsupported(ty, flavor)),
            }
        }
        _ => Err(unsupported(ty, flavor)),
    }
}

fn unsupported(ty: &Type, flavor: Flavor) -> syn::Error {
    let other = match flavor {
        Flavor::Sync => "Stream",
        Flavor::Async => "Iterator",
    };
    let names_other = ty
        .to_token_stream()
        .into_iter()
        .any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == other));
    let message = match (flavor, names_other) {
        (Flavor::Sync, true) => {
            "a generator returning a `Stream` must be an `async fn`".to_owned()
        }
        (Flavor::Async, true) => {
            "an `async fn` generator returns `impl Stream<Item = T>`; remove `async` to return an `Iterator`".to_owned()
        }
        _ => format!("unsupported return type: {}", expected(flavor)),
    };
    syn::Error::new_spanned(ty, message)
}

/// The `Send` bound of a return type the generator accepts: of `impl Trait + Send`, of the
/// trait object inside `Box<..>` or `Pin<Box<..>>`, or `BoxStream` itself.
fn send_bound(ty: &Type) -> Option<Span> {
    if let Type::Path(path) = peel(ty) {
        let last = path.path.segments.last()?;
        if last.ident == "BoxStream" {
            return Some(last.ident.span());
        }
    }
    bound_named(ty, "Send")
}

/// A bound `name` (not `?name`) of `impl Trait + ..`, or of the trait object inside
/// `Box<..>` or `Pin<Box<..>>`.
fn bound_named(ty: &Type, name: &str) -> Option<Span> {
    let is_named = |bound: &TypeParamBound| match bound {
        TypeParamBound::Trait(bound) => {
            bound.maybe.is_none()
                && bound
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == name)
        }
        _ => false,
    };
    let in_bounds = |bounds: &Punctuated<TypeParamBound, Token![+]>| {
        bounds.iter().find(|b| is_named(b)).map(Spanned::span)
    };
    match peel(ty) {
        Type::ImplTrait(impl_trait) => in_bounds(&impl_trait.bounds),
        Type::TraitObject(object) => in_bounds(&object.bounds),
        Type::Path(path) => {
            let last = path.path.segments.last()?;
            match last.ident.to_string().as_str() {
                "Box" | "Pin" => bound_named(only_type_arg(&last.arguments)?, name),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `ty` without parentheses and invisible groups (a type passed through `macro_rules!` as
/// `$ty:ty` arrives in one).
pub(crate) fn peel(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Paren(paren) => ty = &paren.elem,
            Type::Group(group) => ty = &group.elem,
            _ => return ty,
        }
    }
}

fn only_type_arg(arguments: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(AngleBracketedGenericArguments { args, .. }) = arguments
    else {
        return None;
    };
    let mut types = args.iter().filter_map(|arg| match arg {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    let ty = types.next()?;
    types.next().is_none().then_some(ty)
}

fn without_args(path: &Path) -> Path {
    let mut path = path.clone();
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::None;
    }
    path
}

/// The item type of `dyn Trait<Item = T> + ..`; `None` if `object` is not a trait object.
fn item_of_object(object: &Type, flavor: Flavor) -> Option<syn::Result<Type>> {
    match peel(object) {
        Type::TraitObject(object_ty) => Some(item_of_bounds(&object_ty.bounds, flavor, object)),
        _ => None,
    }
}

fn item_of_bounds(
    bounds: &Punctuated<TypeParamBound, Token![+]>,
    flavor: Flavor,
    ty: &Type,
) -> syn::Result<Type> {
    for bound in bounds {
        let TypeParamBound::Trait(bound) = bound else {
            continue;
        };
        let Some(last) = bound.path.segments.last() else {
            continue;
        };
        let Some(wanted) = trait_names(flavor)
            .into_iter()
            .find(|name| last.ident == name)
        else {
            continue;
        };
        if let PathArguments::AngleBracketed(args) = &last.arguments {
            for arg in &args.args {
                if let GenericArgument::AssocType(assoc) = arg {
                    if assoc.ident == "Item" && assoc.generics.is_none() {
                        return Ok(assoc.ty.clone());
                    }
                }
            }
        }
        return Err(syn::Error::new_spanned(
            bound,
            format_args!("name the item type: `{wanted}<Item = T>`"),
        ));
    }
    Err(unsupported(ty, flavor))
}

/// Whether a type can be written in the expansion (it cannot if it contains `impl Trait`).
pub(crate) fn nameable(ty: &Type) -> bool {
    struct FindImpl(bool);
    impl<'ast> syn::visit::Visit<'ast> for FindImpl {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut find = FindImpl(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    !find.0
}

/// The lint attributes of a parameter (see [`lints`]).
pub(crate) fn param_lints(arg: &FnArg) -> Vec<syn::Attribute> {
    lints(match arg {
        FnArg::Receiver(receiver) => &receiver.attrs,
        FnArg::Typed(typed) => &typed.attrs,
    })
}

/// The lint attributes among `attrs`, as they apply to a binding the expansion writes for
/// a local they declare: `expect` becomes `allow` (the user's declaration fulfills it or
/// not), and `forbid` becomes `deny` (so that the expansion's own `allow`s may follow).
pub(crate) fn lints(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    attrs
        .iter()
        .filter_map(|attr| {
            let path = attr.path();
            let level = ["allow", "warn", "deny", "forbid", "expect"]
                .into_iter()
                .find(|level| path.is_ident(level))?;
            let mut attr = attr.clone();
            let renamed = match level {
                "expect" => "allow",
                "forbid" => "deny",
                _ => return Some(attr),
            };
            if let syn::Meta::List(list) = &mut attr.meta {
                let span = list.path.span();
                list.path = syn::Ident::new(renamed, span).into();
            }
            Some(attr)
        })
        .collect()
}
