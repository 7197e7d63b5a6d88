//! The body of a sync generator, cut at its suspension points.
//!
//! Only constructs that contain a yield are broken down; every other statement stays the
//! user's own `syn` code (`Stmt::Plain`). After normalization, yields appear only as
//! statements, and every construct around them is a statement too, so that a resume point
//! can be rebuilt from the structure around it (see `emit`).

use proc_macro2::{Ident, Span};
use syn::{Attribute, Expr, Label, Pat, Token};

pub(crate) type LocalId = usize;
pub(crate) type PointId = usize;
pub(crate) type LoopId = usize;

/// A binding that may have to be saved across a suspension point.
pub(crate) struct Local {
    /// The name code uses for it (the user's identifier, or a hygienic one).
    pub(crate) ident: Ident,
    pub(crate) mutable: bool,
    /// `mutable`, and possibly mutated only after a suspension point: its declaration
    /// allows `unused_mut`, which the arm that declares it could report wrongly.
    pub(crate) mutated_later: bool,
    /// The state field that saves it (set once the saved sets are known).
    pub(crate) field: Option<Ident>,
    pub(crate) origin: Origin,
    /// The lint attributes of the code that declares it (`#[allow(non_snake_case)] let
    /// fooBar = ..;`), for every binding of it the expansion writes (`expect` as `allow`:
    /// the declaration fulfills it).
    pub(crate) lints: Vec<Attribute>,
    /// Its fields that the body names (`s.name`), each a local of [`Origin::Part`]: a
    /// local that may be moved out of in part (see `parts`).
    pub(crate) parts: Vec<LocalId>,
}

/// Where a local comes from, for borrow diagnostics and for the `Start` state.
#[derive(Clone)]
pub(crate) enum Origin {
    /// A parameter; `owned_type` when its declared type certainly owns its data (a `Vec`,
    /// a `String`, an array, ..), `reference` when it is a reference (`&T`, `&self`),
    /// `copy` when it is certainly `Copy` (a shared reference, a primitive number, `bool`
    /// or `char`), `by_value` when it holds its fields itself, so that one can be moved
    /// out (see `parts`).
    Param {
        owned_type: bool,
        reference: bool,
        copy: bool,
        by_value: bool,
    },
    /// A user binding, with its initializer and declared type when it had them.
    Let {
        init: Option<Box<Expr>>,
        ty: Option<Box<syn::Type>>,
    },
    /// A binding of a pattern in `match`, `if let`, `while let` or `for`.
    Pattern,
    /// The iterator of a `for` loop, with the iterated expression.
    ForIter { iterable: Box<Expr> },
    /// A value the normalization keeps across a suspension point.
    Temp,
    /// The temporary `value` of `let x = &value;`, which the borrow extends to the end of
    /// the block (see `normalize::extended_temporary`).
    Extended { value: Box<Expr> },
    /// The field `member` of the local `base`, saved on its own where `base` has been
    /// moved out of in part (see `parts`). It is in scope where `base` is.
    Part { base: LocalId, member: syn::Member },
}

/// A suspension point: a yield, an `.await` (of an async body), or a `?` that failed and
/// yields its residual before the generator ends; or a join, which the state machine
/// passes through without suspending.
pub(crate) struct Point {
    pub(crate) kind: PointKind,
    /// The user's token, for diagnostics.
    pub(crate) span: Span,
    /// The locals saved in the state while suspended here, in the order they drop
    /// (reverse declaration order).
    pub(crate) saved: Vec<LocalId>,
    /// The locals in scope that are not saved but assigned after the point: the resume
    /// arm declares them without a value.
    pub(crate) redeclared: Vec<LocalId>,
    /// The saved locals that may have been moved before the point (used by value, which
    /// may be a copy): saving one that was moved does not compile, and rustc says so where
    /// the state is built, which `emit` places at the local's next mention.
    pub(crate) moved_before: Vec<LocalId>,
    /// For yields: how to reach the statement from the root block.
    pub(crate) path: Vec<Step>,
    /// Set when the point resumes in place (see `inplace`).
    pub(crate) in_place: Option<InPlace>,
    /// For joins: which candidate it is, and what it spans (see `joins`).
    pub(crate) join: Option<Join>,
    /// For a `?`: its operand.
    pub(crate) operand: Option<Box<Expr>>,
    /// For an await point: whether its future may borrow a local of the generator or a
    /// temporary of its statement (set by `normalize` and `dataflow`); the future lives
    /// apart from the locals, which move between polls (see `eligible`).
    pub(crate) borrowing_future: bool,
    /// The locals in scope that may hold a value here but are not saved (set by
    /// `dataflow`), but for parameters without drop: the machine drops them at the point,
    /// where an `async` body would keep them (see `eligible`).
    pub(crate) dropped: Vec<LocalId>,
    /// The saved locals that the body may have moved out of in part before the point (set
    /// by `dataflow`; see `eligible`).
    pub(crate) partly_moved: Vec<LocalId>,
}

/// A join: the point where the code after a suspending statement is written once, so
/// that a closure there has one type, and rustc infers its types from the code before it
/// (see `joins`).
#[derive(Clone, Debug)]
pub(crate) struct Join {
    /// Its number among the candidate joins, in program order, whether kept or not.
    pub(crate) candidate: usize,
    /// The locals declared from the join to the end of the next suspending statement:
    /// those whose types may hold the closure.
    pub(crate) region: std::ops::Range<LocalId>,
    /// The suspension points of that code: an awaited future among them may hold the
    /// closure too, and the slot it is stored in has one type.
    pub(crate) points: std::ops::Range<PointId>,
    /// Whether passing through the join by value compiles wherever the yields do (set by
    /// `dataflow`): none of the locals it saves holds a borrow that moving it into the
    /// state would break.
    pub(crate) transparent: bool,
    /// Whether the join is there for type inference (see `joins::for_inference`): kept
    /// whenever it is transparent.
    pub(crate) infers: bool,
}

/// A yield resumed without moving the state out: the innermost loop around it contains no
/// other suspension point, so resuming and suspending again leave the saved locals where
/// they are, and the resume arm works on them through `&mut`.
#[derive(Clone, Debug)]
pub(crate) struct InPlace {
    /// The index in `path` of the `LoopBody` step into that loop.
    pub(crate) loop_step: usize,
    /// Saved locals held in an `Option`, taken at the resumption and put back at the
    /// yield: those declared inside the loop (each iteration declares them anew), and
    /// those of the enclosing code that the loop moves or reassigns (a `(*x)` could not be
    /// moved out of), which are also put back where the loop is left.
    pub(crate) carried: Vec<LocalId>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PointKind {
    Yield,
    /// An `.await`: the machine stores the future and polls it until it is ready.
    Await,
    Try,
    /// Not a suspension: the resume closure stores the state and dispatches again.
    Join,
}

impl PointKind {
    /// Whether the machine pauses here and resumes right after: a yield or an await.
    pub(crate) fn pauses(self) -> bool {
        matches!(self, PointKind::Yield | PointKind::Await)
    }
}

/// One step from a statement into the construct that contains the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The `n`th statement of the current block.
    Stmt(usize),
    /// Into a nested block statement.
    Block,
    Then,
    /// Into the `else` branch (a block, or the next `if` of an `else if` chain).
    Else,
    Arm(usize),
    LoopBody,
    LetElse,
}

pub(crate) struct Block {
    pub(crate) label: Option<Label>,
    pub(crate) unsafety: Option<Token![unsafe]>,
    /// Bound by the construct that owns the block (a pattern), in scope from its start.
    pub(crate) binds: Vec<LocalId>,
    pub(crate) stmts: Vec<Stmt>,
}

pub(crate) enum Stmt {
    /// User code without a yield (it may contain `?`, each a suspension point in `tries`,
    /// in the order a `syn` visitor meets them). `decls` are the locals a `let` binds.
    Plain {
        stmt: syn::Stmt,
        decls: Vec<LocalId>,
        tries: Vec<PointId>,
    },
    /// `let local;`, assigned later: a value the normalization computes in branches.
    Declare {
        local: LocalId,
    },
    /// `yield value`; for an await point, `value` is the awaited expression, and the
    /// future's output is assigned to a local by the statement that follows; for a join,
    /// `value` is `None`.
    Yield {
        point: PointId,
        value: Option<Expr>,
        tries: Vec<PointId>,
    },
    Block(Block),
    If(If),
    Match {
        attrs: Vec<Attribute>,
        scrutinee: Expr,
        tries: Vec<PointId>,
        arms: Vec<Arm>,
    },
    Loop(Loop),
    /// `let pat = init else { .. };` whose `else` block yields.
    LetElse {
        attrs: Vec<Attribute>,
        pat: Pat,
        init: Expr,
        tries: Vec<PointId>,
        decls: Vec<LocalId>,
        otherwise: Block,
    },
    /// What stands for a statement after one that never falls through, which can never run
    /// (a call that does nothing, for rustc's `unreachable_code`; see `unreachable`): the
    /// emitter writes it right after that statement.
    Unreachable {
        marker: syn::Stmt,
    },
}

impl Stmt {
    /// A block statement of `stmts`, without label or `unsafe`: a scope of its own.
    pub(crate) fn unlabeled_block(stmts: Vec<Stmt>) -> Stmt {
        Stmt::Block(Block {
            label: None,
            unsafety: None,
            binds: Vec::new(),
            stmts,
        })
    }
}

pub(crate) struct If {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) cond: Expr,
    pub(crate) tries: Vec<PointId>,
    pub(crate) then: Block,
    pub(crate) otherwise: Option<Else>,
}

pub(crate) enum Else {
    Block(Block),
    If(Box<If>),
}

pub(crate) struct Arm {
    pub(crate) attrs: Vec<Attribute>,
    /// The pattern, with its guard.
    pub(crate) pat: Pat,
    pub(crate) tries: Vec<PointId>,
    pub(crate) body: Block,
}

pub(crate) struct Loop {
    pub(crate) id: LoopId,
    /// The locals declared inside the loop (its bindings and its body's).
    pub(crate) locals: std::ops::Range<LocalId>,
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) label: Option<Label>,
    /// The user's `loop`, `while` or `for` keyword, whose span the emitted loops keep (for
    /// rustc's "inside of this loop").
    pub(crate) keyword: Span,
    /// The closing brace of the user's body: an emitted `loop` spans from the keyword to
    /// it (rustc's "any code following this expression is unreachable").
    pub(crate) close: Span,
    pub(crate) head: Head,
    /// For `while let`, `body.binds` are the pattern's bindings.
    pub(crate) body: Block,
}

pub(crate) enum Head {
    Loop,
    While { cond: Expr, tries: Vec<PointId> },
}

/// A normalized body.
pub(crate) struct Program {
    pub(crate) root: Block,
    /// Parameters, in declaration order; they are in scope before the root block.
    pub(crate) params: Vec<LocalId>,
    pub(crate) locals: Vec<Local>,
    pub(crate) points: Vec<Point>,
    /// What each loop does, by `LoopId` (filled by `dataflow`).
    pub(crate) loop_facts: Vec<LoopFacts>,
    /// The parameters the resume closure captures, rather than the state (see `captured`).
    pub(crate) captured: std::collections::BTreeSet<LocalId>,
    /// The locals whose value may borrow from a local the generator owns (set by
    /// `dataflow`).
    pub(crate) may_borrow: std::collections::BTreeSet<LocalId>,
    /// What the machine is driven as.
    pub(crate) machine: super::Machine,
}

impl Program {
    /// The parameters the state holds (in `Start`), in declaration order.
    pub(crate) fn stored_params(&self) -> impl Iterator<Item = LocalId> + '_ {
        let captured = |id: &LocalId| !self.captured.contains(id);
        self.params.iter().copied().filter(captured)
    }
}

/// What happens inside a loop, for deciding whether its yield can resume in place.
#[derive(Default, Clone)]
pub(crate) struct LoopFacts {
    /// Suspension points inside.
    pub(crate) points: Vec<PointId>,
    /// Locals read or assigned inside.
    pub(crate) mentioned: std::collections::BTreeSet<LocalId>,
    /// Locals moved inside (passed by value, bound by value..).
    pub(crate) consumes: std::collections::BTreeSet<LocalId>,
    /// Those captured by a `move` closure or `async move` block.
    pub(crate) captured: std::collections::BTreeSet<LocalId>,
    /// Locals used by value inside (including copies).
    pub(crate) moves: std::collections::BTreeSet<LocalId>,
    /// Locals assigned as a whole inside.
    pub(crate) writes: std::collections::BTreeSet<LocalId>,
    /// Locals mentioned in tokens that could not be parsed.
    pub(crate) opaque: std::collections::BTreeSet<LocalId>,
    /// Whether the loop contains a `return`.
    pub(crate) returns: bool,
    /// Whether the loop contains a `break`/`continue` to a construct outside it.
    pub(crate) escapes: bool,
    /// The locals that certainly hold a value (certainly initialized, and certainly not
    /// moved) wherever the loop is left, or `None` if it is never left.
    pub(crate) settled_at_exit: Option<std::collections::BTreeSet<LocalId>>,
}
