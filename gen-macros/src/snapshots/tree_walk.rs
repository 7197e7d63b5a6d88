#[allow(clippy::question_mark)]
fn walk(nodes: &[Node], root: u32) -> impl Iterator<Item = u64> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2, __T3, __T4> {
        /// Not started: holds the arguments.
        Start { nodes: __T0, root: __T1 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 {
            top: ::core::option::Option<__T4>,
            cur: ::core::option::Option<__T3>,
            stack: __T2,
            nodes: __T0,
        },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    impl<__T0, __T1, __T2, __T3, __T4> ::core::default::Default
    for __State<__T0, __T1, __T2, __T3, __T4> {
        fn default() -> Self {
            Self::Done
        }
    }
    let mut __state = __State::Start { nodes, root };
    ::gen_core::__private::gen_iter::<
        u64,
        _,
    >(
        #[inline(always)]
        move || {
            if ::core::matches!(__state, __State::Start { .. }) {
                match ::core::mem::replace(&mut __state, __State::Done) {
                    __State::Start { nodes: nodes, root: root } => {
                        #[allow(unused_mut)]
                        let mut stack = Vec::new();
                        #[allow(unused_mut)]
                        let mut cur = root;
                        #[allow(clippy::never_loop)]
                        loop {
                            while cur != NIL {
                                stack.push(cur);
                                cur = nodes[cur as usize].left;
                            }
                            let Some(top) = stack.pop() else { break };
                            {
                                let __item: u64 = nodes[top as usize].val;
                                __state = __State::Yield0 {
                                    top: ::core::option::Option::Some(top),
                                    cur: ::core::option::Option::Some(cur),
                                    stack,
                                    nodes,
                                };
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            let mut __guard = ::gen_core::__private::InPlace::new(&mut __state);
            match __guard.state() {
                __State::Yield0 {
                    top: __carried_top,
                    cur: __carried_cur,
                    stack,
                    nodes,
                    ..
                } => {
                    #[allow(unused_variables, unused_mut)]
                    let mut cur = match __carried_cur.take() {
                        ::core::option::Option::Some(value) => value,
                        ::core::option::Option::None => ::core::unreachable!(),
                    };
                    {
                        #[allow(unused_variables)]
                        let top = match __carried_top.take() {
                            ::core::option::Option::Some(value) => value,
                            ::core::option::Option::None => ::core::unreachable!(),
                        };
                        cur = (*nodes)[top as usize].right;
                    }
                    #[allow(unused, clippy::all)]
                    loop {
                        while cur != NIL {
                            (*stack).push(cur);
                            cur = (*nodes)[cur as usize].left;
                        }
                        let Some(top) = (*stack).pop() else { break };
                        {
                            let __item: u64 = (*nodes)[top as usize].val;
                            *__carried_top = ::core::option::Option::Some(top);
                            *__carried_cur = ::core::option::Option::Some(cur);
                            __guard.finish();
                            return ::core::option::Option::Some(__item);
                        }
                    }
                    *__carried_cur = ::core::option::Option::Some(cur);
                }
                _ => {}
            }
            __guard.finish();
            match ::core::mem::replace(&mut __state, __State::Done) {
                __State::Yield0 { top, cur, stack, nodes } => {
                    #[allow(unused_variables)]
                    let nodes = nodes;
                    {
                        #[allow(unused_variables, unused_mut)]
                        let mut stack = stack;
                        #[allow(unused_variables, unused_mut)]
                        let mut cur = match cur {
                            ::core::option::Option::Some(value) => value,
                            ::core::option::Option::None => ::core::unreachable!(),
                        };
                    }
                }
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
