#[allow(clippy::question_mark)]
fn in_order(&self) -> impl Iterator<Item = &T> {
    yield_!(@ consumed);
    #[allow(dead_code, clippy::large_enum_variant)]
    enum __State<__T0, __T1, __T2> {
        /// Not started: holds the arguments.
        Start { __self: __T0 },
        /// Suspended at a `yield`; resumes right after it.
        Yield0 { node: __T2, stack: __T1 },
        /// Finished (or panicked): yields nothing more.
        Done,
    }
    let mut __state = __State::Start { __self: self };
    ::gen_core::__private::gen_iter::<
        &T,
        _,
    >(
        #[inline(always)]
        move || {
            let __resumed = ::core::mem::replace(&mut __state, __State::Done);
            if !::core::matches!(__resumed, __State::Yield0 { .. }) {
                match __resumed {
                    __State::Start { __self: __self } => {
                        #[allow(unused_mut)]
                        let mut stack = Vec::new();
                        #[allow(unused_mut)]
                        let mut next = __self.root.as_deref();
                        #[allow(clippy::never_loop)]
                        loop {
                            while let Some(node) = next {
                                stack.push(node);
                                next = node.left.as_deref();
                            }
                            let Some(node) = stack.pop() else {
                                return ::core::option::Option::None;
                            };
                            {
                                let __item: &T = &node.value;
                                __state = __State::Yield0 { node, stack };
                                return ::core::option::Option::Some(__item);
                            }
                        }
                    }
                    _ => {}
                }
                return ::core::option::Option::None;
            }
            match __resumed {
                __State::Yield0 { stack, node } => {
                    #[allow(unused_variables, unused_mut)]
                    let mut stack = stack;
                    #[allow(unused_mut)]
                    let mut next;
                    {
                        #[allow(unused_variables)]
                        let node = node;
                        next = node.right.as_deref();
                    }
                    #[allow(unused, clippy::all)]
                    loop {
                        while let Some(node) = next {
                            stack.push(node);
                            next = node.left.as_deref();
                        }
                        let Some(node) = stack.pop() else {
                            return ::core::option::Option::None;
                        };
                        {
                            let __item: &T = &node.value;
                            __state = __State::Yield0 { node, stack };
                            return ::core::option::Option::Some(__item);
                        }
                    }
                }
                _ => {}
            }
            ::core::option::Option::None
        },
    )
}
