//! A zero-copy tokenizer: a generator over `&str` whose tokens borrow from the input.
//!
//! ```text
//! cargo run --example tokenizer
//! ```

use std::fmt;
use std::iter::Peekable;
use std::str::CharIndices;

use gen_core::{generator, yield_};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Number(&'a str),
    Ident(&'a str),
    /// The text between the quotes.
    Str(&'a str),
    Op(&'a str),
}

#[derive(Debug, Clone, PartialEq)]
enum LexError {
    Unexpected { ch: char, at: usize },
    UnterminatedString { at: usize },
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LexError::Unexpected { ch, at } => write!(f, "unexpected {ch:?} at byte {at}"),
            LexError::UnterminatedString { at } => {
                write!(f, "string starting at byte {at} is not terminated")
            }
        }
    }
}

/// The tokens of `src`. Nothing is copied: every token is a slice of `src`, so the
/// iterator (and what it yields) borrows `src`. The first error is the last item.
#[generator]
fn tokens(src: &str) -> impl Iterator<Item = Result<Token<'_>, LexError>> {
    let mut chars = src.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let token = match ch {
            _ if ch.is_whitespace() => continue,
            '0'..='9' => {
                let end = skip_while(&mut chars, src, |c| c.is_ascii_digit() || c == '.');
                Token::Number(&src[start..end])
            }
            _ if ch.is_alphabetic() || ch == '_' => {
                let end = skip_while(&mut chars, src, |c| c.is_alphanumeric() || c == '_');
                Token::Ident(&src[start..end])
            }
            '"' => {
                let end = skip_while(&mut chars, src, |c| c != '"');
                // The closing quote, if any.
                chars
                    .next()
                    .ok_or(LexError::UnterminatedString { at: start })?;
                Token::Str(&src[start + 1..end])
            }
            // Two-character operators first.
            '=' | '!' | '<' | '>' if matches!(chars.peek(), Some((_, '='))) => {
                chars.next();
                Token::Op(&src[start..start + 2])
            }
            '+' | '-' | '*' | '/' | '(' | ')' | ',' | '=' | '<' | '>' => {
                Token::Op(&src[start..start + 1])
            }
            _ => Err(LexError::Unexpected { ch, at: start })?,
        };
        yield_!(Ok(token));
    }
}

/// Advances `chars` past the characters that match `pred`; returns the byte offset of
/// the first one that does not (or the end of `src`).
fn skip_while(
    chars: &mut Peekable<CharIndices<'_>>,
    src: &str,
    pred: impl Fn(char) -> bool,
) -> usize {
    while let Some(&(i, c)) = chars.peek() {
        if !pred(c) {
            return i;
        }
        chars.next();
    }
    src.len()
}

fn lex(src: &str) {
    println!("{src}");
    for token in tokens(src) {
        match token {
            Ok(token) => println!("    {token:?}"),
            Err(error) => println!("    error: {error}"),
        }
    }
}

fn main() {
    lex(r#"total = price * 1.25 + len("two words") >= 10"#);
    lex(r#"greet("world"#);
    lex("a = b ; c");

    // The tokens outlive the iterator: they borrow the source, not the tokenizer.
    let src = "max(width, height) - min(x1, x2)";
    let idents: Vec<&str> = tokens(src)
        .filter_map(|token| match token {
            Ok(Token::Ident(name)) => Some(name),
            _ => None,
        })
        .collect();
    println!("identifiers in {src:?}: {idents:?}");
}
