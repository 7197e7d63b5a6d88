//! Unit tests of the expansion: snapshots of what users see in `cargo expand`, and a
//! property test that the expansion never panics.

use proc_macro2::TokenStream;

/// Expands every `#[generator]` function in `source` (a file of items) and pretty-prints
/// the result.
pub(crate) fn expand_file(source: &str) -> String {
    let file: syn::File = syn::parse_str(source).expect("test input parses");
    let mut out = TokenStream::new();
    for item in file.items {
        let syn::Item::Fn(mut function) = item else {
            panic!("test input holds functions only");
        };
        let attr = function.attrs.remove(
            function
                .attrs
                .iter()
                .position(|a| a.path().is_ident("generator"))
                .expect("each function has #[generator]"),
        );
        let args = match attr.meta {
            syn::Meta::List(list) => list.tokens,
            _ => TokenStream::new(),
        };
        out.extend(crate::expand::attribute(args, quote::quote!(#function)));
    }
    match syn::parse2::<syn::File>(out.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => out.to_string(),
    }
}

/// `GEN_SHOW=path cargo test -p gen-macros show -- --ignored --nocapture`
#[test]
#[ignore = "prints the expansion of a file, for development"]
fn show() {
    let path = std::env::var("GEN_SHOW").expect("GEN_SHOW names a file");
    let source = std::fs::read_to_string(path).expect("GEN_SHOW is readable");
    println!("{}", expand_file(&source));
}

/// The expansions users see in `cargo expand`, pinned: a change to them is reviewed like
/// code (`UPDATE_EXPECT=1 cargo test -p gen-macros` rewrites the files after a change).
mod snapshots {
    use super::expand_file;
    use expect_test::expect_file;

    #[test]
    fn countdown() {
        expect_file!["snapshots/countdown.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn countdown(from: u32) -> impl Iterator<Item = u32> {
                let mut n = from;
                while n > 0 {
                    yield_!(n);
                    n -= 1;
                }
            }
            "#,
        ));
    }

    #[test]
    fn nested_loops_with_drops() {
        expect_file!["snapshots/nested_loops.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn pairs(log: &Log, n: u64) -> impl Iterator<Item = (u64, u64)> {
                let _guard = Noisy::new("guard", log);
                'rows: for i in 0..n {
                    for j in 0..i {
                        if i * j > 10 {
                            break 'rows;
                        }
                        yield_!((i, j));
                    }
                    log.push(format!("row {i}"));
                }
            }
            "#,
        ));
    }

    #[test]
    fn loop_locals_carried_in_place() {
        expect_file!["snapshots/carried.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn lengths(words: Vec<String>, log: &Log) -> impl Iterator<Item = usize> {
                let mut total = 0;
                for word in words {
                    let len = word.len();
                    yield_!(len);
                    total += len;
                    log.push(word);
                }
                yield_!(total);
            }
            "#,
        ));
    }

    #[test]
    fn enclosing_locals_carried_in_place() {
        expect_file!["snapshots/large_state.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn mixed(n: u64) -> impl Iterator<Item = u64> {
                let mut buf = [0u64; 32];
                let mut i = 0;
                while i < n {
                    buf[(i % 32) as usize] = buf[(i % 32) as usize].wrapping_add(i);
                    yield_!(buf[(i * 7 % 32) as usize]);
                    i = i + 1;
                }
                yield_!(buf[0]);
            }
            "#,
        ));
    }

    #[test]
    fn question_mark_and_values() {
        expect_file!["snapshots/question_mark.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn parse<'a>(lines: &'a [&'a str]) -> impl Iterator<Item = Result<u32, ParseIntError>> + 'a {
                for line in lines {
                    let n: u32 = line.parse()?;
                    let doubled = { yield_!(Ok(n)); n * 2 };
                    yield_!(Ok(doubled));
                }
            }
            "#,
        ));
    }

    #[test]
    fn field_moved_out_of_self() {
        expect_file!["snapshots/partial_move.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn labelled(self) -> impl Iterator<Item = String> {
                for x in self.items {
                    yield_!(format!("{}: {x}", self.name));
                }
                yield_!(self.name);
            }
            "#,
        ));
    }

    #[test]
    fn method_with_early_return() {
        expect_file!["snapshots/method.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn in_order(&self) -> impl Iterator<Item = &T> {
                let mut stack = Vec::new();
                let mut next = self.root.as_deref();
                loop {
                    while let Some(node) = next {
                        stack.push(node);
                        next = node.left.as_deref();
                    }
                    let Some(node) = stack.pop() else {
                        return;
                    };
                    yield_!(&node.value);
                    next = node.right.as_deref();
                }
            }
            "#,
        ));
    }

    #[test]
    fn items_hoisted() {
        expect_file!["snapshots/items.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn labels(words: Vec<String>) -> impl Iterator<Item = String> {
                use std::fmt::Write;
                for word in words {
                    struct Label(String);
                    impl Label {
                        fn new(word: &str) -> Self {
                            Label(word.to_uppercase())
                        }
                    }
                    let mut label = Label::new(&word);
                    yield_!(label.0.clone());
                    write!(label.0, "!").unwrap();
                    yield_!(label.0);
                }
            }
            "#,
        ));
    }

    #[test]
    fn join_before_a_closure() {
        expect_file!["snapshots/join.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn doubled(a: Vec<u32>, b: Vec<u32>) -> impl Iterator<Item = u32> {
                for x in a {
                    yield_!(x);
                }
                for y in b.into_iter().map(|v| v * 2) {
                    yield_!(y);
                }
            }
            "#,
        ));
    }

    #[test]
    fn cfg_versions() {
        expect_file!["snapshots/cfg_versions.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            fn numbers(n: u32) -> impl Iterator<Item = u32> {
                #[cfg(feature = "labels")]
                let label = format!("{n} numbers");
                for i in 0..n {
                    #[cfg(feature = "labels")]
                    yield_!(label.len() as u32);
                    yield_!(i);
                }
            }
            "#,
        ));
    }

    #[test]
    fn async_machine() {
        expect_file!["snapshots/async_machine.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            async fn pages(client: &Client, first: u32) -> impl Stream<Item = Result<Item, Error>> + '_ {
                let mut page = first;
                loop {
                    let Response { items, next } = client.fetch(page).await?;
                    for item in items {
                        yield_!(Ok(item));
                    }
                    match next {
                        Some(next) => page = next,
                        None => return,
                    }
                }
            }
            "#,
        ));
    }

    #[test]
    fn async_stream() {
        expect_file!["snapshots/async_stream.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            async fn pages(client: &Client, first: u32) -> impl Stream<Item = Result<Item, Error>> + '_ {
                let mut page = first;
                loop {
                    let response = client.fetch(page).await?;
                    for item in response.items {
                        yield_!(Ok(item));
                    }
                    #[for_await]
                    for note in client.notes(page) {
                        yield_!(Ok(note.into()));
                    }
                    match response.next {
                        Some(next) => page = next,
                        None => return,
                    }
                }
            }
            "#,
        ));
    }

    /// Yields in another macro's arguments (async only): rewritten in its tokens, through a
    /// borrow of the yielder.
    #[test]
    fn yields_in_macros() {
        expect_file!["snapshots/yields_in_macros.rs"].assert_eq(&expand_file(
            r#"
            #[generator]
            async fn events(mut messages: Receiver<String>, mut ticks: Interval) -> impl Stream<Item = Event> {
                loop {
                    tokio::select! {
                        Some(msg) = messages.recv() => yield_!(Event::Message(msg)),
                        _ = ticks.tick() => gen_core::yield_!(Event::Tick),
                    }
                }
            }
            "#,
        ));
    }
}

/// Random and mutated token streams: the expansion returns tokens or an error, and never
/// panics.
mod never_panics {
    use proc_macro2::{
        Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree,
    };
    use proptest::prelude::*;
    use std::str::FromStr;

    const SEEDS: &[&str] = &[
        "fn f(n: u32) -> impl Iterator<Item = u32> { let mut i = 0; while i < n { yield_!(i); i += 1; } }",
        "async fn f(c: &C) -> impl Stream<Item = u8> { for x in c.get().await? { yield_!(x); } }",
        "fn f() -> impl Iterator<Item = u8> { 'a: loop { let v = match x { 1 => { yield_!(1); 2 } _ => break 'a } ; } }",
        "fn f(&self) -> Box<dyn Iterator<Item = &u8> + '_> { if let Some(x) = self.a && x > 1 { yield_!(x) } else { return; } }",
        "fn f() -> impl Iterator<Item = u8> { let x = { yield_!(1); 2 } + f(a(), { yield_!(3); 4 }); let Some(y) = g() else { yield_!(0); return }; }",
        // Macros whose arguments are not expressions: their tokens are read one by one.
        "async fn f(mut a: R) -> impl Stream<Item = u32> { loop { let v = tokio::select! { Some(x) = a.recv() => x, else => break, }; yield_!(v); m!(for x in y { if let mut z = x; }); } }",
        "async fn f(mut a: R) -> impl Stream<Item = u32> { loop { tokio::select! { Some(x) = a.recv() => ::gen_core::yield_!(x), _ = t => { yield_!(async { yield_!(1) }); } else => break, } } }",
    ];

    /// A token from a small vocabulary of Rust tokens.
    fn token() -> impl Strategy<Value = TokenTree> {
        prop_oneof![
            prop::sample::select(vec![
                "fn", "async", "let", "mut", "if", "else", "match", "loop", "while", "for", "in",
                "break", "continue", "return", "yield_", "yield", "impl", "Iterator", "Stream",
                "Item", "x", "y", "self", "Some", "None", "await", "move", "unsafe", "const",
            ])
            .prop_map(|name| TokenTree::Ident(Ident::new(name, Span::call_site()))),
            prop::sample::select(vec![
                '!', '=', ';', ':', '&', '?', '.', ',', '<', '>', '+', '\'', '#'
            ])
            .prop_map(|c| TokenTree::Punct(Punct::new(c, Spacing::Alone))),
            (0u32..100).prop_map(|n| TokenTree::Literal(Literal::u32_unsuffixed(n))),
        ]
    }

    fn tokens() -> impl Strategy<Value = TokenStream> {
        let leaf = prop::collection::vec(token(), 0..8)
            .prop_map(|tokens| tokens.into_iter().collect::<TokenStream>());
        leaf.prop_recursive(3, 64, 6, |inner| {
            prop::collection::vec(
                prop_oneof![
                    token().prop_map(|t| t.into()),
                    (
                        inner,
                        prop::sample::select(vec![
                            Delimiter::Brace,
                            Delimiter::Parenthesis,
                            Delimiter::Bracket
                        ])
                    )
                        .prop_map(|(stream, delimiter)| TokenStream::from(
                            TokenTree::Group(Group::new(delimiter, stream))
                        )),
                ],
                0..6,
            )
            .prop_map(|streams| streams.into_iter().collect())
        })
    }

    /// Replaces, inserts or deletes a token somewhere in a token stream.
    fn mutate(stream: TokenStream, at: usize, edit: u8, with: TokenTree) -> TokenStream {
        let mut tokens: Vec<TokenTree> = stream.into_iter().collect();
        if tokens.is_empty() {
            return with.into();
        }
        let index = at % tokens.len();
        match (&tokens[index], edit % 4) {
            (TokenTree::Group(group), 3) => {
                let inner = mutate(group.stream(), at / 7, edit / 4, with);
                tokens[index] = TokenTree::Group(Group::new(group.delimiter(), inner));
            }
            (_, 0) => tokens[index] = with,
            (_, 1) => tokens.insert(index, with),
            _ => {
                tokens.remove(index);
            }
        }
        tokens.into_iter().collect()
    }

    fn expand_both(item: TokenStream) {
        let _ = crate::expand::attribute(TokenStream::new(), item.clone());
        let _ = crate::expand::function_like(item);
    }

    /// Found by `mutated_generators`: a `break` whose value yields, outside any loop (or
    /// in an operand), sent the normalization into endless recursion.
    #[test]
    fn jumps_whose_values_yield() {
        for body in [
            "{ break x = { yield_!(1); 2 } + f(a(), { yield_!(3); 4 }); }",
            "{ break { yield_!(1); 2 }; }",
            "{ while c { break { yield_!(1); 2 } } }",
            "{ return { yield_!(1); }; }",
            "{ loop { g(continue, break, { yield_!(1); 2 }); } }",
        ] {
            let item = format!("fn f() -> impl Iterator<Item = u8> {body}");
            expand_both(TokenStream::from_str(&item).expect("test input parses"));
        }
    }

    /// Found in `tokio::select! { .., else => break }`: a keyword in a macro's tokens was
    /// parsed as a path expression, which panicked.
    #[test]
    fn keywords_in_macro_tokens() {
        for body in [
            "{ loop { let v = tokio::select! { Some(x) = a.recv() => x, else => break, }; yield_!(v); } }",
            "{ m!(loop while match if else in); yield_!(1); }",
        ] {
            let item = format!("async fn f(mut a: R) -> impl Stream<Item = u32> {body}");
            let item = TokenStream::from_str(&item).expect("test input parses");
            // Forced, since by default such a body keeps the `async` lowering.
            let args = TokenStream::from_str("lowering = state_machine").expect("parses");
            let _ = crate::expand::attribute(args, item.clone());
            expand_both(item);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn random_tokens(item in tokens()) {
            expand_both(item);
        }

        #[test]
        fn mutated_generators(seed in 0..SEEDS.len(), edits in prop::collection::vec((any::<usize>(), any::<u8>(), token()), 1..6)) {
            let mut item = TokenStream::from_str(SEEDS[seed]).expect("seeds parse");
            for (at, edit, with) in edits {
                item = mutate(item, at, edit, with);
            }
            expand_both(item);
        }

        #[test]
        fn mutated_arguments(args in tokens()) {
            let item = TokenStream::from_str(SEEDS[0]).expect("seeds parse");
            let _ = crate::expand::attribute(args, item);
        }
    }
}

/// The expansion shown in the README is the current one.
#[test]
fn readme_expansion_is_current() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README is readable");
    let section = readme
        .split("becomes (as `cargo expand` prints it")
        .nth(1)
        .expect("the README shows an expansion");
    let shown: String = section
        .split("```rust\n")
        .nth(1)
        .and_then(|block| block.split("\n```").next())
        .expect("in a rust block")
        .lines()
        .filter(|line| !line.starts_with("# "))
        .map(|line| format!("{line}\n"))
        .collect();
    let source = readme
        .split("This generator\n\n```rust\n")
        .nth(1)
        .and_then(|block| block.split("\n```").next())
        .expect("the README shows the generator")
        .lines()
        .filter(|line| !line.starts_with("# "))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(shown.trim_end(), expand_file(&source).trim_end());
}
