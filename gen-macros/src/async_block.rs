//! Async generators that the state machine cannot run (see `machine::eligible`), or whose
//! user chose `lowering = async`: the body becomes an `async move` block, compiled by
//! rustc's own coroutine lowering (so it may borrow its own locals across `.await` and
//! across yields), and each yield hands its item to the stream through the yielder:
//!
//! ```text
//! async_gen(move |mut __yielder| async move {
//!     let param = param;                    // parameters live as long as the body
//!     ..
//!     match value {                         // yield_!(value)
//!         __item => { let __item: T = __item; __yielder.yield_(__item).await }
//!     };
//!     match Try::branch(expr) {             // expr?
//!         Continue(output) => output,
//!         Break(residual) => { __yielder.yield_(from_residual(residual)).await; return; }
//!     }
//!     let mut __stream0 = pin!(stream);     // #[for_await] for x in stream { .. }
//!     while let Some(x) = next(__stream0.as_mut()).await { .. }
//! })
//! ```

use crate::body::is_for_await;
use crate::item::{Param, Plan, Shape};
use crate::names;
use crate::visit::map_token_yields;
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Pat, Path, parse_quote};

pub(crate) fn lower(plan: &Plan, mut body: Block, krate: &Path) -> TokenStream {
    let yielder = names::yielder();
    let item = crate::item::nameable(&plan.item).then_some(&plan.item);
    let mut rewrite = Rewrite {
        krate,
        item,
        yielder: &yielder,
        nested: 0,
        streams: 0,
        suspends: false,
        in_macros: false,
    };
    rewrite.visit_block_mut(&mut body);
    let suspends = rewrite.suspends || rewrite.in_macros;

    // Each parameter is moved into the body, so that it lives until the body ends (as in
    // an `async fn`), including parameters the body never mentions.
    // The user's lint attributes on a parameter go on the binding of its names here.
    let params = plan.params.iter().zip(&plan.sig.inputs).enumerate();
    let prologue = params.map(|(index, (param, arg))| {
        let lints = crate::item::param_lints(arg);
        match param {
            Param::Receiver { .. } => TokenStream::new(),
            // Through a hidden name: using a `_name` draws `clippy::used_underscore_binding`,
            // and an `allow` on a binding covers the uses of what it binds, the user's too.
            Param::Named { ident, mutability } if names::user_underscored(ident) => {
                let hidden = names::arg(index);
                quote! {
                    #[allow(clippy::used_underscore_binding)]
                    let #hidden = #ident;
                    #(#lints)*
                    #[allow(clippy::no_effect_underscore_binding)]
                    let #mutability #ident = #hidden;
                }
            }
            Param::Named { ident, mutability } => {
                quote!(#(#lints)* let #mutability #ident = #ident;)
            }
            Param::Pattern { hidden, pat } => match &**pat {
                Pat::Wild(_) => quote!(let #hidden = #hidden;),
                pat => quote!(#(#lints)* let #pat = #hidden;),
            },
        }
    });
    let stmts = &body.stmts;
    let item = if crate::item::nameable(&plan.item) {
        let item = &plan.item;
        quote!(#item)
    } else {
        quote!(_)
    };
    let mutability = suspends.then(|| quote!(mut));
    // What another macro does with a yield in its arguments is unknown: it could move the
    // yield into an `async move` block of its own, which could outlive the stream. The
    // body's yields go through a borrow of its own local then, which cannot escape it.
    let borrowed = rewrite
        .in_macros
        .then(|| quote!(let #yielder = &mut #yielder;));
    let stream = quote! {
        #krate::__private::async_gen::<#item, _, _>(move |#mutability #yielder| async move {
            #borrowed
            #(#prologue)*
            #(#stmts)*
        })
    };
    match &plan.shape {
        Shape::Impl => stream,
        Shape::Boxed { box_path } | Shape::PinBoxed { box_path } => quote!(#box_path::pin(#stream)),
    }
}

struct Rewrite<'a> {
    krate: &'a Path,
    /// The item type, when it can be written.
    item: Option<&'a syn::Type>,
    yielder: &'a Ident,
    /// Inside a closure or `async` block, whose `?` is its own.
    nested: usize,
    streams: usize,
    /// Whether the body uses the yielder.
    suspends: bool,
    /// Whether a yield is in another macro's arguments.
    in_macros: bool,
}

impl VisitMut for Rewrite<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Yield(_) if self.nested == 0 => {
                visit_mut::visit_expr_mut(self, expr);
                let Expr::Yield(yield_expr) = expr else {
                    unreachable!()
                };
                let span = yield_expr.yield_token.span;
                let value = yield_expr
                    .expr
                    .as_ref()
                    .map(|value| (quote!(#value), value.span()));
                let yield_ = self.yield_(span, value);
                // `#[cfg(..)]` on a `yield_!` statement is for the compiler to evaluate.
                let attrs = &yield_expr.attrs;
                *expr = parse_quote!(#(#attrs)* #yield_);
            }
            Expr::Try(_) if self.nested == 0 => {
                visit_mut::visit_expr_mut(self, expr);
                let Expr::Try(try_expr) = expr else {
                    unreachable!()
                };
                self.suspends = true;
                let (krate, yielder) = (self.krate, self.yielder);
                // Errors about the operand's type point at the operand.
                let span = try_expr.expr.span();
                // `(*x)?` needs its parentheses; around the argument of a call they would
                // draw `unused_parens`.
                let inner = crate::visit::peel(&try_expr.expr);
                let (output, residual) = (names::output(), names::residual());
                // The operand keeps its own spans; the rest is placed at it.
                let branch = names::at(quote!(match #krate::__private::branch), span);
                let arms = names::at(
                    quote! {
                        ::core::ops::ControlFlow::Continue(#output) => #output,
                        ::core::ops::ControlFlow::Break(#residual) => {
                            #yielder.yield_(#krate::__private::FromResidual::from_residual(#residual)).await;
                            return;
                        }
                    },
                    span,
                );
                let mut operand =
                    proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, quote!(#inner));
                operand.set_span(span);
                let mut arms = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, arms);
                arms.set_span(span);
                let attrs = &try_expr.attrs;
                *expr = parse_quote!(#(#attrs)* #branch #operand #arms);
            }
            Expr::ForLoop(for_loop)
                if self.nested == 0 && for_loop.attrs.iter().any(is_for_await) =>
            {
                for_loop.attrs.retain(|attr| !is_for_await(attr));
                visit_mut::visit_expr_mut(self, expr);
                let Expr::ForLoop(for_loop) = expr else {
                    unreachable!()
                };
                let stream = names::stream(self.streams);
                self.streams += 1;
                let krate = self.krate;
                // A `cfg` decides the whole loop, the stream's evaluation included.
                let (outer, attrs): (Vec<_>, Vec<_>) = std::mem::take(&mut for_loop.attrs)
                    .into_iter()
                    .partition(|attr| attr.path().is_ident("cfg"));
                let (label, pat, body) = (&for_loop.label, &for_loop.pat, &for_loop.body);
                let iterable = &for_loop.expr;
                let pinned = quote_spanned!(iterable.span()=> ::core::pin::pin!(#iterable));
                *expr = parse_quote! {#(#outer)* {
                    let mut #stream = #pinned;
                    #(#attrs)* #label while let ::core::option::Option::Some(#pat) =
                        #krate::__private::next(::core::pin::Pin::as_mut(&mut #stream)).await
                    #body
                }};
            }
            Expr::Closure(_) | Expr::Async(_) => {
                self.nested += 1;
                visit_mut::visit_expr_mut(self, expr);
                self.nested -= 1;
            }
            Expr::Const(_) => {}
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    /// A `yield_!` in another macro's arguments (`body` checked that it is in the body's
    /// own code and has one value at most).
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if self.nested > 0 {
            return;
        }
        mac.tokens = map_token_yields(mac.tokens.clone(), &mut |call| {
            self.in_macros = true;
            let value = crate::body::yield_value
                .parse2(call.args)
                .ok()
                .flatten()
                .map(|value| (quote!(#value), value.span()));
            let yield_ = self.yield_(call.span, value);
            // One expression, whatever the macro puts around it.
            TokenTree::Group(Group::new(Delimiter::None, yield_)).into()
        });
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

impl Rewrite<'_> {
    /// The expression of a yield of `value` (with its span), or of `()`.
    fn yield_(&mut self, span: Span, value: Option<(TokenStream, Span)>) -> TokenStream {
        self.suspends = true;
        let yielder = self.yielder;
        let (value, value_span) = value.unwrap_or_else(|| (quote!(()), span));
        // The value's temporaries live until the statement ends, after the body resumes,
        // as natively: so the value is a `match` scrutinee, not a `let` initializer. With
        // the item type written out on a rebinding placed at the value, a value of the
        // wrong type is reported there, "expected due to" the signature.
        let item = names::item();
        // Named like the hidden `item`, so no user name can clash, but placed (and
        // resolved) at the value, so that the error is the user's.
        let at_value = Ident::new(&item.to_string(), value_span);
        let annotation = self.item.map(|ty| quote!(: #ty));
        let yield_ = quote_spanned!(span=> yield_);
        quote! {
            match #value {
                #at_value => {
                    let #item #annotation = #at_value;
                    #yielder.#yield_(#item).await
                }
            }
        }
    }
}
