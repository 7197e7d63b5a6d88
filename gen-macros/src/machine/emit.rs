//! The state machine, written out.
//!
//! ```text
//! enum __State<..> { Start { params }, Yield0 { saved locals }, .., Done }
//! let mut __state = __State::Start { params };
//! gen_iter(move || {
//!     let __resumed = mem::replace(&mut __state, __State::Done);
//!     if !matches!(__resumed, __State::Yield0 { .. } | ..) {
//!         match __resumed {
//!             __State::Start { params } => { the body, up to each suspension point }
//!             _ => {}
//!         }
//!         return None;
//!     }
//!     match __resumed {
//!         __State::Yield0 { saved } => { what follows the yield, rebuilt around it }
//!         ..
//!     }
//!     None
//! })
//! ```
//!
//! A resume arm rebuilds the user's block structure around its suspension point from the
//! inside out: the rest of the innermost block, with the saved locals rebound at the
//! start of the block that declared them (so they drop where the user's block ends); at
//! the end of a loop body, a copy of the loop (the loop is *re-entered*, not jumped back
//! to); then the rest of the enclosing block, and so on out to the end of the body. A
//! `break`/`continue` in the part of a loop body that precedes its copy leaves a labeled
//! block around it instead. Every `next()` runs exactly one arm, with no dispatch loop.

use super::ir::{
    Block, Else, Head, If, LocalId, Loop, LoopId, Origin, PointId, PointKind, Program, Step, Stmt,
};
use super::scoped::{Mention, Scoped};
use crate::item::{Param, Plan, Shape};
use crate::names;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Lifetime, Path, Type, parse_quote, parse_quote_spanned};

pub(crate) fn emit(
    program: &mut Program,
    plan: &Plan,
    krate: &Path,
    flavor: super::Machine,
) -> TokenStream {
    assign_fields(program);
    let emitter = Emitter {
        program,
        krate,
        flavor,
        item: crate::item::nameable(&plan.item).then_some(&plan.item),
        state: names::state(),
        state_enum: names::state_enum(),
        send: plan.send.is_some(),
        checked_send: RefCell::new(BTreeSet::new()),
    };
    emitter.function(plan)
}

/// Gives every local stored in the state a field name, unique among the fields.
fn assign_fields(program: &mut Program) {
    let mut stored: BTreeSet<LocalId> = program.stored_params().collect();
    for point in &program.points {
        stored.extend(point.saved.iter().copied());
    }
    let mut taken = BTreeSet::new();
    for id in stored {
        let local = &mut program.locals[id];
        let base = local.ident.to_string();
        let mut name = base.clone();
        let mut n = 1;
        while !taken.insert(name.clone()) {
            name = format!("{}_{n}", base.trim_start_matches("r#"));
            n += 1;
        }
        local.field = Some(match name.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(&name, Span::call_site()),
        });
    }
}

struct Emitter<'a> {
    program: &'a Program,
    krate: &'a Path,
    flavor: super::Machine,
    item: Option<&'a Type>,
    state: Ident,
    state_enum: Ident,
    /// The return type asks for `Send`: what the machine keeps is checked to be `Send`
    /// where the user wrote it (see `kept_send`).
    send: bool,
    /// The saved locals already checked.
    checked_send: RefCell<BTreeSet<LocalId>>,
}

/// Where code is emitted: the loops around it (innermost last), and whether it resumes a
/// yield in place.
#[derive(Clone, Default)]
struct Ctx {
    loops: Vec<LoopFrame>,
    in_place: Option<Rc<InPlaceCtx>>,
    /// The locals moved out of in part that the code names by their parts (see `parts`):
    /// those restored from the state part by part.
    split: Rc<BTreeSet<LocalId>>,
}

/// Code that resumes `point` in place: its saved locals are `&mut` bindings into the
/// state, written `(*name)`.
struct InPlaceCtx {
    point: PointId,
    names: BTreeSet<String>,
}

/// What a resume arm resumes.
struct Resume {
    point: PointId,
    saved: BTreeSet<LocalId>,
    /// A loop that already ran to its end (resumed in place): the arm continues after it.
    finished: Option<LoopId>,
    /// The saved locals are `&mut Option<_>` bindings into the state, to be taken (the
    /// carried locals of a loop resumed in place).
    taken: bool,
}

#[derive(Clone)]
struct LoopFrame {
    label: Option<String>,
    /// A loop, or a labeled block (which unlabeled `break`s do not target).
    is_loop: bool,
    /// Whether the emitted code breaks out of the loop.
    breaks: Rc<Cell<bool>>,
    /// Whether the emitted code names the label.
    named: Rc<Cell<bool>>,
    /// Set for a loop whose body is being resumed in the middle: it is not there as a
    /// loop, so `break` and `continue` go to labeled blocks instead.
    resumed: Option<Rc<Resumed>>,
}

struct Resumed {
    break_label: Lifetime,
    continue_label: Lifetime,
    breaks: Cell<bool>,
    continues: Cell<bool>,
}

impl Ctx {
    fn with(&self, frame: LoopFrame) -> Ctx {
        let mut ctx = self.clone();
        ctx.loops.push(frame);
        ctx
    }

    /// The context of the code in the scope of `declared`: a split local declared anew is
    /// whole.
    fn declaring(&self, declared: &[LocalId]) -> Ctx {
        let mut ctx = self.clone();
        if declared.iter().any(|id| self.split.contains(id)) {
            let split = self
                .split
                .iter()
                .copied()
                .filter(|id| !declared.contains(id))
                .collect();
            ctx.split = Rc::new(split);
        }
        ctx
    }

    fn find(&self, label: Option<&str>) -> Option<&LoopFrame> {
        self.loops.iter().rev().find(|frame| match label {
            Some(label) => frame.label.as_deref() == Some(label),
            None => frame.is_loop,
        })
    }
}

/// `label` where the user wrote `at` (its `break` or `continue`), resolved as before: so
/// that rustc's messages about the jump (`unreachable_code`) point at the user's keyword.
fn label_at(label: &syn::Lifetime, at: Span) -> syn::Lifetime {
    let mut label = label.clone();
    label.apostrophe = at.resolved_at(label.apostrophe);
    label.ident.set_span(at.resolved_at(label.ident.span()));
    label
}

/// Tokens and whether control may fall out of them.
type Code = (TokenStream, bool);

impl Emitter<'_> {
    fn function(&self, plan: &Plan) -> TokenStream {
        let state = &self.state;
        let state_enum = &self.state_enum;
        let krate = self.krate;
        let enum_def = self.state_enum();
        let params = self.program.params.iter().zip(&plan.params);
        let (captured, stored): (Vec<_>, Vec<_>) =
            params.partition(|(id, _)| self.program.captured.contains(id));
        // The closure captures these by name; only `self` must be renamed for it.
        // With a return type that asks for `Send`, each parameter the machine keeps is
        // checked to be `Send` where the signature declares it.
        let param_checks: Vec<TokenStream> = if self.send {
            let kept = captured.iter().chain(&stored);
            kept.map(|&(&id, param)| {
                let ident = &self.program.locals[id].ident;
                let (value, span) = match param {
                    Param::Receiver { .. } => (quote!(self), ident.span()),
                    Param::Named { ident, .. } => (quote!(#ident), ident.span()),
                    Param::Pattern { hidden, pat } => (quote!(#hidden), pat.span()),
                };
                self.kept_send_check(value, span)
            })
            .collect()
        } else {
            Vec::new()
        };
        let captured = captured.into_iter().filter_map(|(&id, param)| {
            let ident = &self.program.locals[id].ident;
            matches!(param, Param::Receiver { .. }).then(|| quote!(let #ident = self;))
        });
        let start_fields = stored.into_iter().map(|(&id, param)| {
            let field = self.field(id);
            match param {
                Param::Receiver { .. } => quote!(#field: self),
                Param::Named { ident, .. } => {
                    let allow = allow_used_underscore(ident);
                    let field = field_pattern(field, quote!(#ident), ident);
                    quote!(#allow #field)
                }
                Param::Pattern { hidden, .. } => field_pattern(field, quote!(#hidden), hidden),
            }
        });
        let item = match self.item {
            Some(item) => quote!(#item),
            None => quote!(_),
        };
        let mut resume = self.resume();
        if self
            .program
            .points
            .iter()
            .any(|p| matches!(p.kind, PointKind::Join | PointKind::Await))
        {
            // A join stores the state and dispatches on it again; so does an await point,
            // which polls the future it started in the arm of its state.
            let dispatch = names::dispatch_label();
            resume = quote!(#dispatch: loop { return { #resume }; });
        }
        let machine = match self.flavor {
            super::Machine::Iter => quote! {
                #krate::__private::gen_iter::<#item, _>(#[inline(always)] move || { #resume })
            },
            super::Machine::Stream => {
                let awaits = self.awaits();
                let (slot, cx) = if awaits.is_empty() {
                    (quote!(_), quote!(_))
                } else {
                    let (slot, cx) = (names::slot(), names::context());
                    (quote!(mut #slot), quote!(#cx))
                };
                // The futures' types are inferred.
                let slot_type = slot_tree(krate, awaits.len());
                quote! {
                    #krate::__private::machine_stream::<#item, #slot_type, _>(
                        ::core::default::Default::default(),
                        #[inline(always)] move |#slot, #cx| { #resume },
                    )
                }
            }
        };
        let machine = match (&plan.shape, self.flavor) {
            (Shape::Impl, _) => machine,
            (Shape::Boxed { box_path } | Shape::PinBoxed { box_path }, super::Machine::Iter) => {
                quote!(#box_path::new(#machine))
            }
            (Shape::Boxed { box_path } | Shape::PinBoxed { box_path }, super::Machine::Stream) => {
                quote!(#box_path::pin(#machine))
            }
        };
        quote! {
            #enum_def
            #(#param_checks)*
            #(#captured)*
            let mut #state = #state_enum::Start { #(#start_fields),* };
            #machine
        }
    }

    /// The body of the resume closure: one arm per state. Type inference reads the arms
    /// in the order they are written, and an arm that reads a saved local needs its type
    /// from an arm that saved it: the arms follow the suspension points in program order.
    fn resume(&self) -> TokenStream {
        let state = &self.state;
        let state_enum = &self.state_enum;
        let done = self.finished();
        let by_value = |point: PointId| match self.program.points[point].kind {
            PointKind::Yield | PointKind::Await | PointKind::Join => self.resume_arm(point, None),
            PointKind::Try => {
                let variant = self.variant(point);
                quote!(#state_enum::#variant { .. } => {})
            }
        };
        let in_place = |point: PointId| self.program.points[point].in_place.is_some();
        if !(0..self.program.points.len()).any(in_place) {
            let start = self.start_arm();
            let (yields, residual_points): (Vec<PointId>, Vec<PointId>) =
                (0..self.program.points.len())
                    .partition(|&point| self.program.points[point].kind != PointKind::Try);
            // A failed `?`'s state (`Residual`) has no arm of its own: resumed, it drops
            // what it holds and ends, as `Done` does (a pattern each would cost type
            // checking time, see below: a parser of 150 `?`s took rustc 40 seconds).
            if yields.is_empty() {
                return quote! {
                    match ::core::mem::replace(&mut #state, #state_enum::Done) {
                        #start
                        _ => {}
                    }
                    #done
                };
            }
            // The yields' states (and the joins', in program order with them) are tested
            // first: most `next()` calls resume at a yield,
            // and with the discriminant in a niche (a saved `Vec`'s capacity) one test of
            // the hot state is far cheaper than decoding it for a `match` (the tree walk:
            // 43 instructions an item instead of 53). `Start` stays first in the text,
            // where type inference needs it. The test names whichever set of states is
            // smaller, the yields' or the others': rustc checks each pattern with a fresh
            // inference variable for every type parameter of the state (in a generator of
            // 400 yields and 200 saved locals, the list of yields took 17 of the 30
            // seconds it spent on the crate).
            let resumed = names::resumed();
            let variants = yields.iter().map(|&point| self.variant(point));
            let others: Vec<Ident> = std::iter::once(format_ident!("Start"))
                .chain(residual_points.iter().map(|&point| self.variant(point)))
                .chain(std::iter::once(format_ident!("Done")))
                .collect();
            let not_suspended = if others.len() < yields.len() {
                quote!(::core::matches!(#resumed, #(#state_enum::#others { .. })|*))
            } else {
                quote!(!::core::matches!(#resumed, #(#state_enum::#variants { .. })|*))
            };
            let arms = yields.iter().map(|&point| by_value(point));
            return quote! {
                let #resumed = ::core::mem::replace(&mut #state, #state_enum::Done);
                if #not_suspended {
                    match #resumed {
                        #start
                        _ => {}
                    }
                    return #done;
                }
                match #resumed {
                    #(#arms)*
                    _ => {}
                }
                #done
            };
        }

        // Runs of by-value arms, each in one `match`, between the arms that resume in place.
        // Each but the last is entered only in its own states; the last also sees `Done`.
        let mut segments: Vec<(Vec<Ident>, TokenStream)> = Vec::new();
        let mut run: Vec<(Ident, TokenStream)> = vec![(format_ident!("Start"), self.start_arm())];
        let by_value_segment = |run: Vec<(Ident, TokenStream)>| {
            let (variants, arms): (Vec<_>, Vec<_>) = run.into_iter().unzip();
            let code = quote! {
                match ::core::mem::replace(&mut #state, #state_enum::Done) {
                    #(#arms)*
                    _ => {}
                }
            };
            (variants, code)
        };
        for point in 0..self.program.points.len() {
            if !in_place(point) {
                run.push((self.variant(point), by_value(point)));
                continue;
            }
            if !run.is_empty() {
                segments.push(by_value_segment(std::mem::take(&mut run)));
            }
            let guard = names::guard();
            let krate = self.krate;
            let in_place_arm = self.in_place_arm(point);
            let finished_arm = self.resume_arm(point, Some(self.in_place_loop(point).id));
            let code = quote! {
                let mut #guard = #krate::__private::InPlace::new(&mut #state);
                match #guard.state() {
                    #in_place_arm
                    _ => {}
                }
                // The loop resumed in place has ended: the rest runs by value.
                #guard.finish();
                match ::core::mem::replace(&mut #state, #state_enum::Done) {
                    #finished_arm
                    _ => {}
                }
            };
            segments.push((vec![self.variant(point)], code));
        }
        if !run.is_empty() {
            segments.push(by_value_segment(run));
        }
        let last = segments.pop().map(|(_, code)| code);
        let segments = segments.into_iter().map(|(variants, code)| {
            quote! {
                if ::core::matches!(#state, #(#state_enum::#variants { .. })|*) {
                    #code
                    return #done;
                }
            }
        });
        quote! {
            #(#segments)*
            #last
            #done
        }
    }

    fn field(&self, id: LocalId) -> &Ident {
        self.program.locals[id]
            .field
            .as_ref()
            .expect("stored locals have fields")
    }

    /// What the resume closure returns once the body has ended.
    fn finished(&self) -> TokenStream {
        match self.flavor {
            super::Machine::Iter => quote!(::core::option::Option::None),
            super::Machine::Stream => {
                quote!(::core::task::Poll::Ready(::core::option::Option::None))
            }
        }
    }

    /// What the resume closure returns to hand out `item`, spanned at the yield.
    fn handed_out(&self, item: &Ident, span: Span) -> TokenStream {
        match self.flavor {
            super::Machine::Iter => quote_spanned!(span=> ::core::option::Option::Some(#item)),
            super::Machine::Stream => quote_spanned!(span=>
                ::core::task::Poll::Ready(::core::option::Option::Some(#item))
            ),
        }
    }

    /// The await points, in program order.
    fn awaits(&self) -> Vec<PointId> {
        (0..self.program.points.len())
            .filter(|&point| self.program.points[point].kind == PointKind::Await)
            .collect()
    }

    /// The slot of the await point `point`, as a `Pin<&mut AwaitSlot<..>>`.
    fn slot_of(&self, point: PointId) -> TokenStream {
        let slot = names::slot();
        let awaits = self.awaits();
        let index = awaits
            .iter()
            .position(|&p| p == point)
            .expect("an await point");
        let path = slot_path(index, awaits.len());
        quote!(#slot.as_mut() #(#path)*)
    }

    fn variant(&self, point: PointId) -> Ident {
        let info = &self.program.points[point];
        let index = self.program.points[..point]
            .iter()
            .filter(|p| p.kind == info.kind)
            .count();
        match info.kind {
            PointKind::Yield => format_ident!("Yield{index}", span = Span::mixed_site()),
            PointKind::Await => format_ident!("Await{index}", span = Span::mixed_site()),
            PointKind::Try => format_ident!("Residual{index}", span = Span::mixed_site()),
            PointKind::Join => format_ident!("Join{index}", span = Span::mixed_site()),
        }
    }

    fn state_enum(&self) -> TokenStream {
        let mut stored: Vec<LocalId> = self.program.stored_params().collect();
        for point in &self.program.points {
            for &id in &point.saved {
                if !stored.contains(&id) {
                    stored.push(id);
                }
            }
        }
        stored.sort_unstable();
        let param_of = |id: LocalId| {
            let index = stored.iter().position(|&s| s == id).expect("stored");
            names::type_param(index)
        };
        let type_params: Vec<Ident> = stored.iter().map(|&id| param_of(id)).collect();
        let start = self.program.stored_params().map(|id| {
            let field = self.field(id);
            let ty = param_of(id);
            quote!(#field: #ty)
        });
        let points = self.program.points.iter().enumerate().map(|(point, info)| {
            let variant = self.variant(point);
            let fields = info.saved.iter().map(|&id| {
                let field = self.field(id);
                let ty = param_of(id);
                if carried(info, id) {
                    quote!(#field: ::core::option::Option<#ty>)
                } else {
                    quote!(#field: #ty)
                }
            });

            let doc = match info.kind {
                PointKind::Yield => " Suspended at a `yield`; resumes right after it.".to_owned(),
                PointKind::Await => {
                    " Awaiting the future in the slot; resumes with its output.".to_owned()
                }
                PointKind::Try => {
                    " A `?` failed: its residual was yielded, and the generator ends when resumed."
                        .to_owned()
                }
                PointKind::Join => {
                    " Passed through, not suspended: the code after it is written once (its closures have one type, and rustc infers its types after those of the code before it)."
                        .to_owned()
                }
            };
            quote! {
                #[doc = #doc]
                #variant { #(#fields),* }
            }
        });
        let state_enum = &self.state_enum;
        let default = self.program.points.iter().any(|p| p.in_place.is_some()).then(|| {
            quote! {
                impl<#(#type_params),*> ::core::default::Default for #state_enum<#(#type_params),*> {
                    fn default() -> Self {
                        Self::Done
                    }
                }
            }
        });
        quote! {
            #[allow(dead_code, clippy::large_enum_variant)]
            enum #state_enum<#(#type_params),*> {
                /// Not started: holds the arguments.
                Start { #(#start),* },
                #(#points,)*
                /// Finished (or panicked): yields nothing more.
                Done,
            }
            #default
        }
    }

    fn start_arm(&self) -> TokenStream {
        let state_enum = &self.state_enum;
        let mut rebinds = TokenStream::new();
        let bindings: Vec<TokenStream> = self
            .program
            .stored_params()
            .map(|id| {
                let local = &self.program.locals[id];
                let ident = &local.ident;
                let field = self.field(id);
                let lints = &local.lints;
                let mutability = local.mutable.then(|| quote!(mut));
                if local.mutated_later || !lints.is_empty() {
                    // Bound under a hidden name and rebound: the `mut` may be needed only
                    // in another arm, and the user's lint attributes on the parameter go
                    // on a statement (a field of a pattern takes none).
                    let saved = names::saved(field);
                    let mut allow = Vec::new();
                    if local.mutated_later {
                        allow.push(quote!(unused_mut));
                    }
                    if names::user_underscored(ident) {
                        allow.push(quote!(clippy::no_effect_underscore_binding));
                    }
                    let allow = (!allow.is_empty()).then(|| quote!(#[allow(#(#allow),*)]));
                    rebinds.extend(quote!(#(#lints)* #allow let #mutability #ident = #saved;));
                    return quote!(#field: #saved);
                }
                // Never the shorthand `ident`: rustc's advice for an unused parameter is
                // then `_ident`, which fits the signature, rather than `ident: _`.
                quote!(#field: #mutability #ident)
            })
            .collect();
        let (body, _) = self.stmts(&self.program.root.stmts, &Ctx::default());

        quote! {
            #state_enum::Start { #(#bindings),* } => { #rebinds #body }
        }
    }

    /// The arm that resumes `point` by value (after `finished`, if the loop around the
    /// point was resumed in place and has ended).
    fn resume_arm(&self, point: PointId, finished: Option<LoopId>) -> TokenStream {
        let state_enum = &self.state_enum;
        let info = &self.program.points[point];
        let resume = Resume {
            point,
            saved: info.saved.iter().copied().collect(),
            finished,
            taken: false,
        };
        let variant = self.variant(point);
        // In declaration order: bindings of a pattern drop in reverse order, so the saved
        // locals drop as natively if the awaited future's poll panics before the arm
        // rebinds them (`saved` is in drop order, the order of the state's fields).
        let bindings = info.saved.iter().rev().map(|&id| {
            let field = self.field(id);
            let binding = names::saved(field);
            field_pattern(field, quote!(#binding), &binding)
        });
        let ctx = Ctx {
            split: self.split_at(point),
            ..Ctx::default()
        };
        let (body, _) = self.resume_block(&self.program.root, &info.path, &ctx, &resume);
        let params = self.restores(&self.program.params, &resume, &body);
        let poll = (info.kind == PointKind::Await).then(|| self.poll(point));
        let bindings: Vec<TokenStream> = bindings.collect();
        quote! {
            #state_enum::#variant { #(#bindings),* } => {
                #poll
                #params
                #body
            }
        }
    }

    /// Polls the future of the await point `point`: its output, once ready, is bound for
    /// the code after the point; until then, the saved locals go back into the state.
    fn poll(&self, point: PointId) -> TokenStream {
        let (state, state_enum) = (&self.state, &self.state_enum);
        let variant = self.variant(point);
        let fields = self.program.points[point].saved.iter().map(|&id| {
            let field = self.field(id);
            let binding = names::saved(field);
            quote!(#field: #binding)
        });
        let slot = self.slot_of(point);
        let (cx, awaited) = (names::context(), names::awaited());
        quote! {
            let #awaited = match #slot.poll_here(#cx) {
                ::core::task::Poll::Ready(#awaited) => #awaited,
                ::core::task::Poll::Pending => {
                    #state = #state_enum::#variant { #(#fields),* };
                    return ::core::task::Poll::Pending;
                }
            };
        }
    }

    /// Rebinds the saved locals among `declared`, in declaration order, so that they drop
    /// where their scope ends.
    fn restores(
        &self,
        declared: &[LocalId],
        resume: &Resume,
        following: &TokenStream,
    ) -> TokenStream {
        let saved = &resume.saved;
        let redeclared = &self.program.points[resume.point].redeclared;
        self.with_parts(declared)
            .iter()
            .filter(|&&id| {
                saved.contains(&id)
                    || (redeclared.contains(&id)
                        && super::scoped::mentions_free(
                            following,
                            &self.program.locals[id].ident.to_string(),
                        ))
            })
            .map(|&id| {
                let local = &self.program.locals[id];
                let lints = &local.lints;
                if !saved.contains(&id) {
                    let ident = &local.ident;
                    let mutability = local.mutable.then(|| quote!(mut));
                    // The declared type too: it guides inference and coercions
                    // (`cur = Some(vec![w])` into an `Option<Vec<&str>>`) in this arm.
                    let ty = match &local.origin {
                        Origin::Let { ty: Some(ty), .. } => Some(quote!(: #ty)),
                        _ => None,
                    };
                    return quote!(#(#lints)* #[allow(unused_mut)] let #mutability #ident #ty;);
                }
                let field = self.field(id);
                let value = names::value();
                let binding = if resume.taken {
                    let binding = names::carried(field);
                    quote! {
                        match #binding.take() {
                            ::core::option::Option::Some(#value) => #value,
                            ::core::option::Option::None => ::core::unreachable!(),
                        }
                    }
                } else if carried(&self.program.points[resume.point], id) {
                    // Put back by the arm that resumed the loop in place, which has ended.
                    let binding = names::saved(field);
                    quote! {
                        match #binding {
                            ::core::option::Option::Some(#value) => #value,
                            ::core::option::Option::None => ::core::unreachable!(),
                        }
                    }
                } else {
                    let binding = names::saved(field);
                    quote!(#binding)
                };
                let ident = &local.ident;

                // A hidden name never warns; a user's may not be used in this arm (it is
                // only carried to the next suspension point, or kept for its drop). A
                // user's `_name` rebound from the state is no binding without effect.
                let mut allow = Vec::new();
                if !ident.to_string().starts_with('_') {
                    allow.push(quote!(unused_variables));
                }
                if local.mutable {
                    allow.push(quote!(unused_mut));
                }
                if names::user_underscored(ident) {
                    allow.push(quote!(clippy::no_effect_underscore_binding));
                }
                let allow = (!allow.is_empty()).then(|| quote!(#[allow(#(#allow),*)]));
                let mutability = local.mutable.then(|| quote!(mut));
                quote!(#(#lints)* #allow let #mutability #ident = #binding;)
            })
            .collect()
    }

    // ---- statements, as written ----------------------------------------------------------

    /// Emits statements up to the first that never falls through (what follows it runs in
    /// another arm, after a suspension).
    fn stmts(&self, stmts: &[Stmt], ctx: &Ctx) -> Code {
        let Some((first, rest)) = stmts.split_first() else {
            return (TokenStream::new(), true);
        };
        if let Some(declared) = declared_without_value(first) {
            // `let x;` is assigned later; if that is after a suspension point, this arm
            // never gives it a value (nor a type): it is declared in the resume arm instead.
            let (rest, falls) = self.stmts(rest, ctx);
            let needed = declared
                .iter()
                .any(|&id| mentions(&rest, &self.program.locals[id].ident));
            let code = if needed {
                self.stmt(first, ctx).0
            } else {
                TokenStream::new()
            };
            return (quote!(#code #rest), falls);
        }
        let (code, falls) = self.stmt(first, ctx);
        if !falls {
            // The code the user wrote after a statement that never falls through.
            let unreachable = rest
                .iter()
                .take_while(|stmt| matches!(stmt, Stmt::Unreachable { .. }))
                .map(|stmt| self.stmt(stmt, ctx).0);
            return (quote!(#code #(#unreachable)*), false);
        }
        let (rest, falls) = self.stmts(rest, &ctx.declaring(&declarations(first)));
        (quote!(#code #rest), falls)
    }

    fn stmt(&self, stmt: &Stmt, ctx: &Ctx) -> Code {
        match stmt {
            Stmt::Plain { stmt, tries, decls } => {
                let falls = super::reach::stmt_falls(stmt);
                let mut stmt = stmt.clone();
                self.rewrite(ctx, tries, |r| r.visit_stmt_mut(&mut stmt));
                if let syn::Stmt::Local(local) = &mut stmt {
                    let allow: syn::Attribute = parse_quote!(#[allow(unused_mut)]);
                    let allowed = |a: &syn::Attribute| {
                        a.to_token_stream().to_string() == allow.to_token_stream().to_string()
                    };
                    if decls
                        .iter()
                        .any(|&id| self.program.locals[id].mutated_later)
                        && !local.attrs.iter().any(allowed)
                    {
                        local.attrs.push(parse_quote!(#[allow(unused_mut)]));
                    }
                }
                (stmt.into_token_stream(), falls)
            }
            Stmt::Declare { local } => {
                let ident = &self.program.locals[*local].ident;
                (quote!(let #ident;), true)
            }
            Stmt::Yield {
                point,
                value,
                tries,
            } => {
                let value = match value {
                    Some(value) => {
                        let mut value = value.clone();
                        self.rewrite(ctx, tries, |r| r.visit_expr_mut(&mut value));
                        value.into_token_stream()
                    }
                    None => quote!(()),
                };
                (self.suspend(*point, value, ctx), false)
            }
            Stmt::Unreachable { marker } => (marker.to_token_stream(), true),
            Stmt::Block(block) => self.block(block, ctx),
            Stmt::If(if_) => self.if_(if_, ctx),
            Stmt::Match {
                attrs,
                scrutinee,
                tries,
                arms,
            } => {
                let mut scrutinee = scrutinee.clone();
                self.rewrite(ctx, tries, |r| r.visit_expr_mut(&mut scrutinee));
                let mut falls = false;
                let arms = arms.iter().map(|arm| {
                    let mut pat = arm.pat.clone();
                    self.rewrite(ctx, &arm.tries, |r| r.visit_pat_mut(&mut pat));
                    let (body, arm_falls) =
                        self.stmts(&arm.body.stmts, &ctx.declaring(&arm.body.binds));
                    falls |= arm_falls;
                    let attrs = &arm.attrs;
                    quote!(#(#attrs)* #pat => { #body })
                });
                let arms: Vec<TokenStream> = arms.collect();
                let binds: Vec<LocalId> = self_arms_binds(stmt);
                let binds = self.allow_unused_mut(&binds);
                (
                    quote!(#(#attrs)* #binds match #scrutinee { #(#arms)* }),
                    falls,
                )
            }
            Stmt::Loop(loop_) => self.loop_(loop_, ctx),
            Stmt::LetElse {
                attrs,
                pat,
                init,
                tries,
                decls,
                otherwise,
            } => {
                let mut init = init.clone();
                self.rewrite(ctx, tries, |r| r.visit_expr_mut(&mut init));
                let (otherwise, _) = self.block(otherwise, ctx);
                let allow = self.allow_unused_mut(decls);
                (
                    quote!(#(#attrs)* #allow let #pat = #init else #otherwise;),
                    true,
                )
            }
        }
    }

    fn block(&self, block: &Block, ctx: &Ctx) -> Code {
        let (ctx, frame) = self.labeled(block, &ctx.declaring(&block.binds));
        let (body, falls) = self.stmts(&block.stmts, &ctx);
        let label = &block.label;
        let unsafety = &block.unsafety;
        let allow = frame
            .as_ref()
            .filter(|f| !f.named.get())
            .map(|_| quote!(#[allow(unused_labels)]));
        (
            quote!(#allow #label #unsafety { #body }),
            falls || frame.is_some_and(|f| f.breaks.get()),
        )
    }

    /// The context inside a block: with a frame for its label, if it has one.
    fn labeled(&self, block: &Block, ctx: &Ctx) -> (Ctx, Option<LoopFrame>) {
        match &block.label {
            Some(label) => {
                let frame = LoopFrame {
                    label: Some(label.name.ident.to_string()),
                    is_loop: false,
                    breaks: Rc::new(Cell::new(false)),
                    named: Rc::new(Cell::new(false)),
                    resumed: None,
                };
                (ctx.with(frame.clone()), Some(frame))
            }
            None => (ctx.clone(), None),
        }
    }

    fn if_(&self, if_: &If, ctx: &Ctx) -> Code {
        let mut cond = if_.cond.clone();
        self.rewrite(ctx, &if_.tries, |r| r.visit_expr_mut(&mut cond));
        let (then, then_falls) = self.block(&if_.then, ctx);
        let (otherwise, else_falls) = match &if_.otherwise {
            None => (TokenStream::new(), true),
            Some(Else::Block(block)) => {
                let (code, falls) = self.block(block, ctx);
                (quote!(else #code), falls)
            }
            Some(Else::If(nested)) => {
                let (code, falls) = self.if_(nested, ctx);
                (quote!(else #code), falls)
            }
        };
        let attrs = &if_.attrs;
        let binds = self.allow_unused_mut(&if_.then.binds);
        (
            quote!(#(#attrs)* #binds if #cond #then #otherwise),
            then_falls || else_falls,
        )
    }

    fn loop_(&self, loop_: &Loop, ctx: &Ctx) -> Code {
        self.loop_with(loop_, ctx, &[])
    }

    /// A loop statement, with `allow` lints allowed on it.
    fn loop_with(&self, loop_: &Loop, ctx: &Ctx, allow: &[TokenStream]) -> Code {
        let breaks = Rc::new(Cell::new(false));
        let named = Rc::new(Cell::new(false));
        let inner = ctx.with(LoopFrame {
            label: loop_.label.as_ref().map(|l| l.name.ident.to_string()),
            is_loop: true,
            breaks: breaks.clone(),
            named: named.clone(),
            resumed: None,
        });
        let (body, body_falls) = self.stmts(&loop_.body.stmts, &inner.declaring(&loop_.body.binds));
        let binds = self.allow_unused_mut(&loop_.body.binds);
        let label = &loop_.label;
        let attrs = &loop_.attrs;
        // A loop whose body always suspends runs once per resumption: it is re-entered by
        // the resume arm, not by its own back edge.
        // (A copy in a resume arm allows every lint already.)
        let mut allow = allow.to_vec();
        if allow.is_empty() {
            if !body_falls {
                allow.push(quote!(clippy::never_loop));
            }
            if loop_.label.is_some() && !named.get() {
                // The label's uses are in code that runs in another arm.
                allow.push(quote!(unused_labels));
            }
        }
        let never_loops = (!allow.is_empty()).then(|| quote!(#[allow(#(#allow),*)]));
        // What precedes the keyword is placed there too, so that the loop's span is the
        // user's loop (rustc's "inside of this loop").
        // (Only its location: code of the expansion is not linted as the user's.)
        let keyword = Span::call_site().located_at(loop_.keyword);
        let binds = binds.map(|binds| names::at(binds, keyword));
        let never_loops = never_loops.map(|allow| names::at(allow, keyword));
        match &loop_.head {
            Head::Loop => {
                let mut body = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, body);
                body.set_span(Span::call_site().located_at(loop_.close));
                (
                    quote_spanned!(keyword=> #(#attrs)* #never_loops #label loop #body),
                    breaks.get(),
                )
            }
            Head::While { cond, tries } => {
                let mut cond = cond.clone();
                self.rewrite(ctx, tries, |r| r.visit_expr_mut(&mut cond));
                (
                    quote_spanned! {keyword=>
                        #(#attrs)* #binds #never_loops #label while #cond { #body }
                    },
                    true,
                )
            }
        }
    }

    /// Where the saved local `id` moves into the state at `point`, for rustc's errors: the
    /// suspension point (where a move of a borrowed local is reported), or for one that
    /// may have been moved before, its next mention (where a use after the move is).
    fn save_span(&self, point: PointId, id: LocalId) -> Span {
        let info = &self.program.points[point];
        if !info.moved_before.contains(&id) {
            return info.span;
        }
        let ident = &self.program.locals[id].ident;
        super::next_mention::next_mention(&self.program.root, &info.path, ident)
            .unwrap_or(info.span)
    }

    /// The local `id`, named where it moves into the state (a move of a borrowed local is
    /// reported at the suspension point).
    fn moved_at(&self, id: LocalId, span: Span) -> Ident {
        let local = &self.program.locals[id];
        let mut ident = local.ident.clone();
        ident.set_span(span.resolved_at(local.ident.span()));
        ident
    }

    /// The value of the saved local `id` where code in `ctx` suspends: for a part, the
    /// field of its base, unless the base is split there.
    fn saved_value(&self, id: LocalId, span: Span, ctx: &Ctx) -> TokenStream {
        match &self.program.locals[id].origin {
            Origin::Part { base, member } if !ctx.split.contains(base) => {
                let base = self.moved_at(*base, span);
                quote!(#base.#member)
            }
            _ => self.moved_at(id, span).into_token_stream(),
        }
    }

    /// `field: value` for the saved local `id` in the state built where code in `ctx`
    /// suspends; `wrapped` in `Some` if the state carries it.
    fn field_value(&self, id: LocalId, span: Span, ctx: &Ctx, wrapped: bool) -> TokenStream {
        let field = self.field(id);
        let value = self.saved_value(id, span, ctx);
        let allow = allow_used_underscore(&self.program.locals[id].ident);
        if wrapped {
            return quote!(#allow #field: ::core::option::Option::Some(#value));
        }
        let field = match syn::parse2::<Ident>(value.clone()) {
            Ok(ident) => field_pattern(field, value, &ident),
            Err(_) => quote!(#field: #value),
        };
        quote!(#allow #field)
    }

    /// Saves the live locals and hands out `value`.
    fn suspend(&self, point: PointId, value: TokenStream, ctx: &Ctx) -> TokenStream {
        let info = &self.program.points[point];
        let span = info.span;
        let state = &self.state;
        let state_enum = &self.state_enum;
        let variant = self.variant(point);
        let item = names::item();
        let annotation = self.item.map(|ty| quote!(: #ty));
        if matches!(info.kind, PointKind::Join | PointKind::Await) {
            let fields = info
                .saved
                .iter()
                .map(|&id| self.field_value(id, self.save_span(point, id), ctx, false));
            let dispatch = names::dispatch_label();
            let start = (info.kind == PointKind::Await).then(|| {
                let slot = self.slot_of(point);
                // `value.into_future()`, a method call that rustc reports alone if the
                // value is not a future (see `__private::Awaited`).
                let awaitee = names::awaitee();
                let into_future = Ident::new("into_future", span);
                let awaited = Ident::new("awaited", span);
                let krate = self.krate;
                let mut future = quote! {
                    match #value {
                        #awaitee => {
                            use #krate::__private::{Awaited as _, IntoFuture as _};
                            (#krate::__private::type_of(&#awaitee), #awaitee.#into_future()).#awaited()
                        }
                    }
                };
                if self.send {
                    // Reported at the awaited expression (its first token, on stable).
                    let at = value.clone().into_iter().next().map_or(span, |t| t.span());
                    let check = names::respan(quote!(#krate::__private::awaited_send), at);
                    future = quote_spanned!(at=> #check(#future));
                }
                quote_spanned!(span=> #slot.start(#future);)
            });
            let checks = self.kept_send(point, ctx);
            return quote! {{
                #checks
                #start
                #state = #state_enum::#variant { #(#fields),* };
                continue #dispatch;
            }};
        }
        if ctx
            .in_place
            .as_ref()
            .is_some_and(|in_place| in_place.point == point)
        {
            // The state already holds the locals, updated in place, but for those declared
            // in the loop.
            let guard = names::guard();
            let some = self.handed_out(&item, span);
            let put_back = info
                .saved
                .iter()
                .filter(|&&id| carried(info, id))
                .map(|&id| {
                    let binding = names::carried(self.field(id));
                    let value = self.saved_value(id, self.save_span(point, id), ctx);
                    put_back(&binding, value, &self.program.locals[id].ident)
                });
            return quote! {{
                let #item #annotation = #value;
                #(#put_back)*
                #guard.finish();
                return #some;
            }};
        }
        let fields = info.saved.iter().map(|&id| {
            let span = self.save_span(point, id);
            self.field_value(id, span, ctx, carried(info, id))
        });

        let some = self.handed_out(&item, span);
        let checks = self.kept_send(point, ctx);
        quote! {{
            let #item #annotation = #value;
            #checks
            #state = #state_enum::#variant { #(#fields),* };
            return #some;
        }}
    }

    /// With a return type that asks for `Send`: checks that the locals saved at `point`
    /// are `Send`, each once in the machine, at its declaration (rustc's own error would
    /// name the state type instead).
    fn kept_send(&self, point: PointId, ctx: &Ctx) -> TokenStream {
        if !self.send {
            return TokenStream::new();
        }
        let mut checked = self.checked_send.borrow_mut();
        let checks = self.program.points[point]
            .saved
            .iter()
            .filter(|&&id| checked.insert(id));
        checks
            .map(|&id| {
                let span = self.program.locals[id].ident.span();
                self.kept_send_check(self.saved_value(id, span, ctx), span)
            })
            .collect()
    }

    /// `kept_send(&value);`, all of it at `span`, where rustc reports a value that is not
    /// `Send`.
    fn kept_send_check(&self, value: TokenStream, span: Span) -> TokenStream {
        let krate = self.krate;
        let check = names::respan(quote!(#krate::__private::kept_send), span);
        quote_spanned!(span=> #check(&#value);)
    }

    // ---- resuming in the middle of a statement ------------------------------------------

    fn resume_block(&self, block: &Block, steps: &[Step], ctx: &Ctx, resume: &Resume) -> Code {
        let Some(&Step::Stmt(index)) = steps.first() else {
            unreachable!("a path enters a block at a statement")
        };
        let mut declared = block.binds.clone();
        for stmt in &block.stmts[..index] {
            declared.extend(declarations(stmt));
        }
        let (ctx, frame) = self.labeled(block, ctx);
        let ctx = &ctx;
        let (inner, inner_falls) = self.resume_stmt(&block.stmts[index], &steps[1..], ctx, resume);
        let (rest, falls) = if inner_falls {
            self.stmts(&block.stmts[index + 1..], ctx)
        } else {
            (TokenStream::new(), false)
        };
        let restores = self.restores(&declared, resume, &quote!(#inner #rest));
        let label = &block.label;
        let unsafety = &block.unsafety;
        let code = quote!(#restores #inner #rest);
        if code.is_empty() && label.is_none() && unsafety.is_none() {
            return (code, falls);
        }
        let allow = frame
            .as_ref()
            .filter(|f| !f.named.get())
            .map(|_| quote!(#[allow(unused_labels)]));
        (
            quote!(#allow #label #unsafety { #code }),
            falls || frame.is_some_and(|f| f.breaks.get()),
        )
    }

    fn resume_stmt(&self, stmt: &Stmt, steps: &[Step], ctx: &Ctx, resume: &Resume) -> Code {
        match (stmt, steps.first()) {
            (Stmt::Loop(loop_), Some(Step::LoopBody)) if resume.finished == Some(loop_.id) => {
                (TokenStream::new(), true)
            }
            (Stmt::Yield { .. }, None) => (TokenStream::new(), true),
            (Stmt::Block(block), Some(Step::Block)) => {
                self.resume_block(block, &steps[1..], ctx, resume)
            }
            (Stmt::If(if_), Some(_)) => self.resume_if(if_, steps, ctx, resume),
            (Stmt::Match { arms, .. }, Some(&Step::Arm(arm))) => {
                self.resume_block(&arms[arm].body, &steps[1..], ctx, resume)
            }
            (Stmt::Loop(loop_), Some(Step::LoopBody)) => {
                self.resume_loop(loop_, &steps[1..], ctx, resume)
            }
            (Stmt::LetElse { otherwise, .. }, Some(Step::LetElse)) => {
                let (code, _) = self.resume_block(otherwise, &steps[1..], ctx, resume);
                (code, false)
            }
            _ => unreachable!("a path follows the IR"),
        }
    }

    fn resume_if(&self, if_: &If, steps: &[Step], ctx: &Ctx, resume: &Resume) -> Code {
        match (steps.first(), &if_.otherwise) {
            (Some(Step::Then), _) => self.resume_block(&if_.then, &steps[1..], ctx, resume),
            (Some(Step::Else), Some(Else::Block(block))) => {
                self.resume_block(block, &steps[1..], ctx, resume)
            }
            (Some(Step::Else), Some(Else::If(nested))) => {
                self.resume_if(nested, &steps[1..], ctx, resume)
            }
            _ => unreachable!("a path follows the IR"),
        }
    }

    fn resume_loop(&self, loop_: &Loop, steps: &[Step], ctx: &Ctx, resume: &Resume) -> Code {
        let resumed = Rc::new(Resumed {
            break_label: names::break_label(loop_.id),
            continue_label: names::continue_label(loop_.id),
            breaks: Cell::new(false),
            continues: Cell::new(false),
        });
        let inner_ctx = ctx.with(LoopFrame {
            label: loop_.label.as_ref().map(|l| l.name.ident.to_string()),
            is_loop: true,
            breaks: Rc::new(Cell::new(false)),
            named: Rc::new(Cell::new(false)),
            resumed: Some(resumed.clone()),
        });
        let (rest_of_body, body_falls) = self.resume_block(&loop_.body, steps, &inner_ctx, resume);
        let mut code = rest_of_body;
        if resumed.continues.get() {
            let label = &resumed.continue_label;
            code = quote!(#label: { #code });
        }
        let mut falls = false;
        if body_falls || resumed.continues.get() {
            // The user's code in the copy was linted where it first appears.
            let allow = [quote!(unused), quote!(clippy::all)];
            let (copy, copy_falls) = self.loop_with(loop_, ctx, &allow);
            code.extend(copy);
            falls = copy_falls;
        }
        if resumed.breaks.get() {
            let label = &resumed.break_label;
            code = quote!(#label: { #code });
            falls = true;
        }
        (code, falls)
    }

    /// `#[allow(unused_mut)]` if one of `binds` is a `mut` binding mutated only later.
    fn allow_unused_mut(&self, binds: &[LocalId]) -> Option<TokenStream> {
        binds
            .iter()
            .any(|&id| self.program.locals[id].mutated_later)
            .then(|| quote!(#[allow(unused_mut)]))
    }

    /// Rewrites user code for `ctx` (see [`Rewriter`]), and, in place, its mentions of the
    /// saved locals as `(*name)`.
    fn rewrite(&self, ctx: &Ctx, tries: &[PointId], mut visit: impl FnMut(&mut dyn VisitMut)) {
        let mut rewriter = Rewriter {
            emitter: self,
            ctx,
            tries: tries.iter(),
            loops: 0,
            labels: Vec::new(),
            nested: 0,
        };
        visit(&mut rewriter);
        if !ctx.split.is_empty() {
            let mut parts = BTreeMap::new();
            for &base in ctx.split.iter() {
                let name = self.program.locals[base].ident.to_string();
                for &part in &self.program.locals[base].parts {
                    if let Origin::Part { member, .. } = &self.program.locals[part].origin {
                        let key = (name.clone(), super::parts::member_name(member));
                        parts.insert(key, self.program.locals[part].ident.clone());
                    }
                }
            }
            visit(&mut Scoped::new(Parts { parts: &parts }));
        }
        if let Some(in_place) = &ctx.in_place {
            visit(&mut Scoped::new(Deref {
                names: &in_place.names,
            }));
        }
    }

    /// The locals split where `point` resumes: those whose parts it saves (or declares
    /// without a value) instead of them.
    fn split_at(&self, point: PointId) -> Rc<BTreeSet<LocalId>> {
        let info = &self.program.points[point];
        let split = info
            .saved
            .iter()
            .chain(&info.redeclared)
            .filter_map(|&id| super::parts::base_of(&self.program.locals[id]))
            .collect();
        Rc::new(split)
    }

    /// `declared`, each followed by its parts, in reverse (they drop in order).
    fn with_parts(&self, declared: &[LocalId]) -> Vec<LocalId> {
        let mut all = Vec::new();
        for &id in declared {
            let parts = self.program.locals[id].parts.iter().rev();
            for id in std::iter::once(id).chain(parts.copied()) {
                if !all.contains(&id) {
                    all.push(id);
                }
            }
        }
        all
    }

    /// The loop a point resumes in place.
    fn in_place_loop(&self, point: PointId) -> &Loop {
        let info = &self.program.points[point];
        let step = info.in_place.as_ref().expect("resumes in place").loop_step;
        let mut found = None;
        super::inplace::walk(&self.program.root, &info.path, 0, &mut |index, loop_| {
            if index == step {
                found = Some(loop_);
            }
        });
        found.expect("the loop is on the path")
    }

    /// The arm that resumes `point` in place: the rest of the loop body and the loop, on
    /// the saved locals where they are. It falls out when the loop ends.
    fn in_place_arm(&self, point: PointId) -> TokenStream {
        let info = &self.program.points[point];
        let in_place = info.in_place.as_ref().expect("resumes in place");
        let carried = &in_place.carried;
        let names = info
            .saved
            .iter()
            .filter(|id| !carried.contains(id))
            .map(|&id| self.program.locals[id].ident.to_string())
            .collect();
        let ctx = Ctx {
            loops: Vec::new(),
            in_place: Some(Rc::new(InPlaceCtx { point, names })),
            split: self.split_at(point),
        };
        // Only the carried locals are restored (taken out of the state); the others stay
        // in the state.
        let resume = Resume {
            point,
            saved: carried.iter().copied().collect(),
            finished: None,
            taken: true,
        };
        let loop_ = self.in_place_loop(point);
        let (code, falls) =
            self.resume_loop(loop_, &info.path[in_place.loop_step + 1..], &ctx, &resume);
        // Those of the enclosing code are taken first, and put back where the loop is left.
        let enclosing: Vec<LocalId> = carried
            .iter()
            .copied()
            .filter(|&id| !super::inplace::declared_in(loop_, &self.program.locals, id))
            .collect();
        let taken = self.restores(&enclosing, &resume, &code);
        let put_back = enclosing.iter().filter(|_| falls).map(|&id| {
            let binding = names::carried(self.field(id));
            let ident = &self.program.locals[id].ident;
            put_back(&binding, quote!(#ident), ident)
        });
        let code = quote! {
            #taken
            #code
            #(#put_back)*
        };
        let mut rebinds = TokenStream::new();
        let bindings: Vec<TokenStream> = info
            .saved
            .iter()
            .filter_map(|&id| {
                let field = self.field(id);
                if carried.contains(&id) {
                    let binding = names::carried(field);
                    return Some(quote!(#field: #binding));
                }
                let local = &self.program.locals[id];
                let ident = &local.ident;
                if !mentions(&code, ident) {
                    return None;
                }
                let lints = &local.lints;
                if lints.is_empty() {
                    return Some(field_pattern(field, quote!(#ident), ident));
                }
                // The user's lint attributes go on a statement (a field of a pattern takes none).
                let saved = names::saved(field);
                rebinds.extend(quote!(#(#lints)* let #ident = #saved;));
                Some(quote!(#field: #saved))
            })
            .collect();

        let state_enum = &self.state_enum;
        let variant = self.variant(point);
        quote! {
            #state_enum::#variant { #(#bindings,)* .. } => { #rebinds #code }
        }
    }
}

/// For the expansion's own use of a user's `_name` (moving it into the state), which
/// would draw `clippy::used_underscore_binding`: an `allow` on the field it is moved
/// into, which leaves the user's own uses linted.
fn allow_used_underscore(ident: &Ident) -> Option<TokenStream> {
    names::user_underscored(ident).then(|| quote!(#[allow(clippy::used_underscore_binding)]))
}

/// `*binding = Some(value);`, putting the carried local `ident` back into the state.
fn put_back(binding: &Ident, value: TokenStream, ident: &Ident) -> TokenStream {
    let put_back = quote!(*#binding = ::core::option::Option::Some(#value););
    match names::user_underscored(ident) {
        // On stable, only a block statement takes an attribute among expression statements.
        true => quote!(#[allow(clippy::used_underscore_binding)] { #put_back }),
        false => put_back,
    }
}

/// `field: value` in a struct pattern or expression, shortened to `value` when the value
/// is the identifier the field is named after.
fn field_pattern(field: &Ident, value: TokenStream, ident: &Ident) -> TokenStream {
    if field == ident {
        value
    } else {
        quote!(#field: #value)
    }
}

/// The bindings of the arms of a `match` statement.
fn self_arms_binds(stmt: &Stmt) -> Vec<LocalId> {
    match stmt {
        Stmt::Match { arms, .. } => arms
            .iter()
            .flat_map(|arm| arm.body.binds.iter().copied())
            .collect(),
        _ => Vec::new(),
    }
}

/// The locals a `let` without a value declares (`let x;`, or a normalization temporary).
fn declared_without_value(stmt: &Stmt) -> Option<Vec<LocalId>> {
    match stmt {
        Stmt::Declare { local } => Some(vec![*local]),
        Stmt::Plain {
            stmt: syn::Stmt::Local(local),
            decls,
            ..
        } if local.init.is_none() => Some(decls.clone()),
        _ => None,
    }
}

/// Whether `tokens` mention `ident`.
pub(crate) fn mentions(tokens: &TokenStream, ident: &Ident) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(other) => other == *ident,
        proc_macro2::TokenTree::Group(group) => mentions(&group.stream(), ident),
        // A format string's `{name}` captures a local too.
        proc_macro2::TokenTree::Literal(literal) => {
            match syn::parse2::<syn::Lit>(literal.into_token_stream()) {
                Ok(syn::Lit::Str(format)) => super::mentions::inline_arguments(&format.value())
                    .iter()
                    .any(|name| ident == name),
                _ => false,
            }
        }
        proc_macro2::TokenTree::Punct(_) => false,
    })
}

/// The locals a statement declares for the rest of its block.
fn declarations(stmt: &Stmt) -> Vec<LocalId> {
    match stmt {
        Stmt::Plain { decls, .. } | Stmt::LetElse { decls, .. } => decls.clone(),
        Stmt::Declare { local } => vec![*local],
        _ => Vec::new(),
    }
}

/// Rewrites user code for where it is emitted: `?` suspends, `return` ends the generator,
/// and `break`/`continue` out of a resumed loop go to its labeled blocks.
struct Rewriter<'r> {
    emitter: &'r Emitter<'r>,
    ctx: &'r Ctx,
    tries: std::slice::Iter<'r, PointId>,
    /// Loops entered inside the rewritten code.
    loops: usize,
    labels: Vec<String>,
    /// Inside a closure or `async` block, whose `?` and `return` are its own.
    nested: usize,
}

impl Rewriter<'_> {
    /// The loop around the rewritten code that an escaping `break`/`continue` goes to.
    fn target(&self, label: Option<&Lifetime>) -> Option<&LoopFrame> {
        let escapes = match label {
            Some(label) => !self.labels.contains(&label.ident.to_string()),
            None => self.loops == 0,
        };
        if !escapes || self.nested > 0 {
            return None;
        }
        let name = label.map(|l| l.ident.to_string());
        self.ctx.find(name.as_deref())
    }

    fn looping(&mut self, label: Option<&syn::Label>, expr: &mut Expr) {
        if let Some(label) = label {
            self.labels.push(label.name.ident.to_string());
        }
        self.loops += 1;
        visit_mut::visit_expr_mut(self, expr);
        self.loops -= 1;
        if label.is_some() {
            self.labels.pop();
        }
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Try(_) if self.nested == 0 => {
                let point = *self.tries.next().expect("every `?` is a suspension point");
                let Expr::Try(mut try_expr) = std::mem::replace(expr, Expr::PLACEHOLDER) else {
                    unreachable!()
                };
                self.visit_expr_mut(&mut try_expr.expr);
                // Errors about the operand's type point at the operand.
                let span = try_expr.expr.span();
                // `(*x)?` needs its parentheses; around the argument of a call they would
                // draw `unused_parens`.
                let inner = crate::visit::peel(&try_expr.expr);
                let krate = self.emitter.krate;
                let (output, residual) = (names::output(), names::residual());
                let value = names::at(
                    quote!(#krate::__private::FromResidual::from_residual(#residual)),
                    span,
                );
                let suspend = self.emitter.suspend(point, value, self.ctx);
                // The operand keeps its own spans; the rest is placed at it.
                let branch = names::at(quote!(match #krate::__private::branch), span);
                let arms = names::at(
                    quote! {
                        ::core::ops::ControlFlow::Continue(#output) => #output,
                        ::core::ops::ControlFlow::Break(#residual) => #suspend
                    },
                    span,
                );
                let mut operand =
                    proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, quote!(#inner));
                operand.set_span(span);
                let mut arms = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, arms);
                arms.set_span(span);
                *expr = parse_quote!(#branch #operand #arms);
            }
            Expr::Return(return_expr) if self.nested == 0 => {
                let span = return_expr.return_token.span;
                // All at the user's `return`: rustc's `unreachable_code` lint points at it.
                let finished = names::respan(self.emitter.finished(), span);
                *expr = parse_quote_spanned!(span=> return #finished);
            }
            Expr::Break(break_expr) => {
                if let Some(frame) = self.target(break_expr.label.as_ref()) {
                    frame.breaks.set(true);
                    frame
                        .named
                        .set(break_expr.label.is_some() || frame.named.get());
                    if let Some(resumed) = &frame.resumed {
                        resumed.breaks.set(true);
                        let at = break_expr.break_token.span;
                        break_expr.label = Some(label_at(&resumed.break_label, at));
                    }
                }
                visit_mut::visit_expr_mut(self, expr);
            }
            Expr::Continue(continue_expr) => {
                if let (Some(frame), Some(_)) = (
                    self.target(continue_expr.label.as_ref()),
                    &continue_expr.label,
                ) {
                    frame.named.set(true);
                }
                let resumed = self
                    .target(continue_expr.label.as_ref())
                    .and_then(|frame| frame.resumed.clone());
                if let Some(resumed) = resumed {
                    resumed.continues.set(true);
                    let at = continue_expr.continue_token.span;
                    let label = label_at(&resumed.continue_label, at);
                    let attrs = &continue_expr.attrs;
                    *expr = parse_quote_spanned!(at=> #(#attrs)* break #label);
                }
            }
            Expr::Loop(loop_expr) => {
                let label = loop_expr.label.clone();
                self.looping(label.as_ref(), expr);
            }
            Expr::While(while_expr) => {
                let label = while_expr.label.clone();
                self.looping(label.as_ref(), expr);
            }
            Expr::ForLoop(for_loop) => {
                let label = for_loop.label.clone();
                self.looping(label.as_ref(), expr);
            }
            Expr::Block(block) if block.label.is_some() => {
                let label = block
                    .label
                    .as_ref()
                    .expect("checked")
                    .name
                    .ident
                    .to_string();
                self.labels.push(label);
                visit_mut::visit_expr_mut(self, expr);
                self.labels.pop();
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

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Mentions of the locals in `names` become `(*name)`: in a resume arm that works in place
/// they are `&mut` bindings into the state.
struct Deref<'a> {
    names: &'a BTreeSet<String>,
}

impl Mention for Deref<'_> {
    fn rewrites(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    fn replace(&self, ident: &Ident) -> Expr {
        parse_quote!((*#ident))
    }

    // `"{x}"` formats a `&mut T` as it would the `T`.
    fn captured(&self, _: &str) -> Option<Expr> {
        None
    }

    // Through the `&mut` binding, an unparsed macro's use of the local still compiles:
    // auto-deref covers method calls and formatting.
    fn opaque(&self, tokens: TokenStream, _: &dyn Fn(&str) -> bool) -> TokenStream {
        tokens
    }
}

/// Mentions of the fields of split locals (`s.name`) become their parts (see `parts`).
struct Parts<'a> {
    /// By the base's name and the field's.
    parts: &'a BTreeMap<(String, String), Ident>,
}

impl Mention for Parts<'_> {
    fn rewrites(&self, _: &str) -> bool {
        false
    }

    fn replace(&self, ident: &Ident) -> Expr {
        parse_quote!(#ident)
    }

    fn captured(&self, _: &str) -> Option<Expr> {
        None
    }

    fn opaque(&self, tokens: TokenStream, _: &dyn Fn(&str) -> bool) -> TokenStream {
        tokens
    }

    fn field(&self, base: &Ident, member: &syn::Member) -> Option<Expr> {
        let key = (base.to_string(), super::parts::member_name(member));
        let part = self.parts.get(&key)?;
        Some(parse_quote!(#part))
    }
}

/// Whether the state holds the saved local `id` of `point` in an `Option` (see
/// [`super::ir::InPlace::carried`]).
fn carried(point: &super::ir::Point, id: LocalId) -> bool {
    point
        .in_place
        .as_ref()
        .is_some_and(|in_place| in_place.carried.contains(&id))
}

/// The type of the slot of `count` await points (at least one): a balanced tree, so that
/// type checking stays fast with many points (see `AwaitSlot`). The first half of the
/// points go in the `Here` of the root, as a slot of their own, or as the future itself
/// when the half is one point; the rest in its `There`.
fn slot_tree(krate: &syn::Path, count: usize) -> TokenStream {
    match count {
        0 => quote!(()),
        1 => quote!(#krate::__private::AwaitSlot<_>),
        _ => {
            let first = count / 2;
            let here = match first {
                1 => quote!(_),
                _ => slot_tree(krate, first),
            };
            let there = slot_tree(krate, count - first);
            quote!(#krate::__private::AwaitSlot<#here, #there>)
        }
    }
}

/// The calls that lead from the root of `slot_tree(count)` to the slot of the point
/// `index`.
fn slot_path(index: usize, count: usize) -> Vec<TokenStream> {
    let first = count / 2;
    if count == 1 || (first == 1 && index == 0) {
        Vec::new()
    } else if index < first {
        let mut path = vec![quote!(.here())];
        path.extend(slot_path(index, first));
        path
    } else {
        let mut path = vec![quote!(.there())];
        path.extend(slot_path(index - first, count - first));
        path
    }
}

#[cfg(test)]
mod tests {
    use super::{slot_path, slot_tree};

    /// Each await point has its own slot, none inside another's, reached by a path that
    /// grows with the logarithm of the number of points; up to three points, a chain.
    #[test]
    fn await_slots_form_a_balanced_tree() {
        for count in 1..=130 {
            // Where each future lives: its slot's path, then that slot's `Here`.
            let places: Vec<Vec<String>> = (0..count)
                .map(|index| {
                    let mut place: Vec<String> = slot_path(index, count)
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    place.push(". here ()".to_owned());
                    place
                })
                .collect();
            for (i, a) in places.iter().enumerate() {
                for b in &places[i + 1..] {
                    let overlap = a.len().min(b.len());
                    assert_ne!(a[..overlap], b[..overlap], "{count} points: {a:?}, {b:?}");
                }
            }
            let longest = places.iter().map(Vec::len).max().unwrap_or(0) - 1;
            let depth = (usize::BITS - (count - 1).leading_zeros()) as usize;
            assert!(longest <= depth + 1, "{count} points: a path of {longest}");
        }
        let chain = slot_path(2, 3)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>();
        assert_eq!(chain, [". there ()", ". there ()"]);
        let krate: syn::Path = syn::parse_quote!(gen_core);
        assert_eq!(
            slot_tree(&krate, 3).to_string(),
            "gen_core :: __private :: AwaitSlot < _ , gen_core :: __private :: AwaitSlot < _ , gen_core :: __private :: AwaitSlot < _ > > >"
        );
    }
}
