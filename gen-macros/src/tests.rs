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
