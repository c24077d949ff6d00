//! The words of a line as an editor sees them: a tokenizer that never fails, for highlighting,
//! completion, hints and deciding whether typed input is finished.
//!
//! The parser reads a whole command and stops at the first error; an editor needs every word of a
//! half-typed line, with its byte range, however wrong the line is. The rules are the parser's
//! lexical rules (`grammar/sgs.ebnf`): words end at whitespace or `,`, a `#` at the start of a word
//! begins a comment that runs to the end of the physical line, quoted strings take `\"` and `\\`
//! escapes, and a `\` ending a physical line continues it. A quoted string left open runs to the end
//! of the text (a newline still ends the command: [`super::lines`] splits lines, and an open quote
//! at a line's end is the parser's error).
//!
//! Nothing here knows the grammar or the world; [`classify`] colours words by their shape and the
//! keyword list of the command table.

use super::parse::{looks_like_address, parse_int};
use super::template::is_keyword;
use std::ops::Range;

/// What a token is, lexically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of chars up to whitespace or `,`.
    Word,
    /// A quoted string; `closed` is false when the text ends before its closing quote.
    Quoted { closed: bool },
    /// The list separator.
    Comma,
    /// `#` at the start of a word, to the end of the physical line.
    Comment,
    /// A `\` that ends a physical line: the command goes on on the next.
    Continuation,
}

/// A token and its byte range in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text in `source` (empty if `source` is not the text it came from).
    pub fn text(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// Cuts `text` into tokens. Whitespace is skipped; every other byte belongs to one token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev_space = true;
    while let Some(c) = text.get(i..).and_then(|s| s.chars().next()) {
        if c.is_whitespace() {
            i += c.len_utf8();
            prev_space = true;
            continue;
        }
        let start = i;
        let (kind, end) = if c == '#' && prev_space {
            let end = text[i..].find('\n').map_or(text.len(), |k| i + k);
            (TokenKind::Comment, end.max(i + 1))
        } else if c == '"' {
            match closing_quote(&text[i..]) {
                Some(k) => (TokenKind::Quoted { closed: true }, i + k + 1),
                None => (TokenKind::Quoted { closed: false }, text.len()),
            }
        } else if c == ',' {
            (TokenKind::Comma, i + 1)
        } else if c == '\\' && ends_physical_line(text, i + 1) {
            (TokenKind::Continuation, i + 1)
        } else {
            let rest = &text[i..];
            let len = rest
                .find(|c: char| c.is_whitespace() || c == ',')
                .unwrap_or(rest.len());
            let mut end = i + len;
            // A word that ends a physical line with `\` leaves the backslash to continue it.
            if len > 1 && rest[..len].ends_with('\\') && ends_physical_line(text, end) {
                end -= 1;
            }
            (TokenKind::Word, end)
        };
        out.push(Token { kind, start, end });
        prev_space = false;
        i = end;
    }
    out
}

/// Whether a physical line ends at byte `i` (the text ends, or a newline follows, maybe after
/// `\r`).
fn ends_physical_line(text: &str, i: usize) -> bool {
    let rest = text.get(i..).unwrap_or("");
    rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
}

/// The byte offset of the quote closing the string `s` starts with.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (k, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(k),
            _ => {}
        }
    }
    None
}

/// Whether typed input is a whole command or needs more lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputState {
    /// Ready to run (or blank).
    Complete,
    /// The last line ends in `\`: the command continues on the next line.
    Continued,
    /// A quoted string is still open (the line is run, and the parser reports it).
    OpenQuote,
}

/// Whether `text` is finished: an open quote or a final `\` asks for another line.
pub fn input_state(text: &str) -> InputState {
    match tokenize(text).last().map(|t| t.kind) {
        Some(TokenKind::Quoted { closed: false }) => InputState::OpenQuote,
        Some(TokenKind::Continuation) => InputState::Continued,
        _ => InputState::Complete,
    }
}

/// Typed input with its `\` continuations joined into one line: each continuing `\`, its line
/// break and the next line's indentation become one space (`create group web \` + `"Web"` gives
/// `create group web "Web"`). What a history entry keeps.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for t in tokenize(text) {
        if t.kind != TokenKind::Continuation || t.start < copied {
            continue;
        }
        let rest = text.get(t.end..).unwrap_or("");
        let Some(after_break) = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
        else {
            continue;
        };
        let next = after_break.trim_start_matches([' ', '\t']);
        out.push_str(text[copied..t.start].trim_end_matches([' ', '\t']));
        out.push(' ');
        copied = text.len() - next.len();
    }
    out.push_str(&text[copied..]);
    out
}

/// What a highlighter shows a token as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A word of the language (`authorize`, `from`, `tcp`).
    Keyword,
    /// An object's id: `sg-…`, `sgr-…`, `i-…`, `eni-…`, `vpc-…`, `subnet-…` (maybe qualified).
    Id,
    /// An IPv4 or IPv6 address or CIDR.
    Address,
    /// A number, a port range (`1024-65535`) or an ICMP type and code (`3:4`).
    Number,
    /// A quoted string (closed or not).
    String,
    Comment,
    /// `,`, `:` and a continuing `\`.
    Punctuation,
    /// Any other word: a name.
    Name,
}

/// The prefixes of AWS ids the language writes.
const ID_PREFIXES: &[&str] = &["sg", "sgr", "i", "eni", "vpc", "subnet", "acl", "pcx"];

/// Each token of `line` with the class a highlighter shows it as. Classification is by shape and
/// the command table's keywords only, so it works on any half-typed line.
pub fn classify(line: &str) -> Vec<(Range<usize>, Class)> {
    tokenize(line)
        .into_iter()
        .map(|t| {
            let class = match t.kind {
                TokenKind::Quoted { .. } => Class::String,
                TokenKind::Comment => Class::Comment,
                TokenKind::Comma | TokenKind::Continuation => Class::Punctuation,
                TokenKind::Word => word_class(t.text(line)),
            };
            (t.start..t.end, class)
        })
        .collect()
}

fn word_class(word: &str) -> Class {
    let bare = word.strip_suffix(':').filter(|w| !w.is_empty());
    if word == ":" {
        Class::Punctuation
    } else if is_keyword(word) || bare.is_some_and(is_keyword) {
        Class::Keyword
    } else if looks_like_address(word) {
        Class::Address
    } else if is_number_like(word) {
        Class::Number
    } else if is_id(word) {
        Class::Id
    } else {
        Class::Name
    }
}

/// `22`, `-1`, `1024-65535`, `3:4`.
fn is_number_like(word: &str) -> bool {
    match parse_int(word) {
        Some((_, "")) => true,
        Some((_, rest)) => rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix(':'))
            .and_then(parse_int)
            .is_some_and(|(_, tail)| tail.is_empty()),
        None => false,
    }
}

/// `sg-0a1b…`, `sg-app`, `111122223333/sg-…`.
fn is_id(word: &str) -> bool {
    let id = match word.split_once('/') {
        Some((account, id)) if account.bytes().all(|b| b.is_ascii_digit()) => id,
        Some(_) => return false,
        None => word,
    };
    let Some((prefix, rest)) = id.split_once('-') else {
        return false;
    };
    ID_PREFIXES.contains(&prefix)
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && rest.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.text(text), t.kind))
            .collect()
    }

    #[test]
    fn words_end_at_whitespace_and_commas() {
        use TokenKind::*;
        assert_eq!(
            words("groups web,ssh , db"),
            vec![
                ("groups", Word),
                ("web", Word),
                (",", Comma),
                ("ssh", Word),
                (",", Comma),
                ("db", Word)
            ]
        );
    }

    #[test]
    fn a_comment_starts_only_at_a_word() {
        let t = words("launch redis-1#2 # the node");
        assert_eq!(t[1], ("redis-1#2", TokenKind::Word));
        assert_eq!(t[2], ("# the node", TokenKind::Comment));
    }

    #[test]
    fn quoted_strings_keep_escapes_and_may_stay_open() {
        let t = words(r#"echo "say \"hi\" # not a comment" x"#);
        assert_eq!(t[1].1, TokenKind::Quoted { closed: true });
        assert_eq!(t[2].0, "x");
        let t = words("create group web \"Web ser");
        assert_eq!(t[3], ("\"Web ser", TokenKind::Quoted { closed: false }));
    }

    #[test]
    fn a_final_backslash_continues() {
        assert_eq!(input_state("create group web \\"), InputState::Continued);
        assert_eq!(input_state("create group web\\"), InputState::Continued);
        assert_eq!(input_state("create group \"web"), InputState::OpenQuote);
        assert_eq!(input_state("create group \"a\\\"b\""), InputState::Complete);
        assert_eq!(input_state("show vpcs # ends \\"), InputState::Complete);
        assert_eq!(input_state(""), InputState::Complete);
    }

    #[test]
    fn continuations_join_into_one_line() {
        assert_eq!(
            one_line("create group web \\\n   \"Web\" \\\r\n in prod"),
            "create group web \"Web\" in prod"
        );
        assert_eq!(one_line("show vpcs"), "show vpcs");
        assert_eq!(one_line("echo \"a \\\nb\""), "echo \"a \\\nb\"");
        assert_eq!(one_line("stop web-1 \\"), "stop web-1 \\");
    }

    #[test]
    fn classes_follow_the_shape_of_words() {
        let line = "authorize ingress tcp 1024-65535 from 10.0.0.0/8, sg-0a1b2c to web \"x\" # c";
        let classes: Vec<(&str, Class)> = classify(line)
            .into_iter()
            .map(|(r, c)| (&line[r], c))
            .collect();
        use Class::*;
        assert_eq!(
            classes,
            vec![
                ("authorize", Keyword),
                ("ingress", Keyword),
                ("tcp", Keyword),
                ("1024-65535", Number),
                ("from", Keyword),
                ("10.0.0.0/8", Address),
                (",", Punctuation),
                ("sg-0a1b2c", Id),
                ("to", Keyword),
                ("web", Name),
                ("\"x\"", String),
                ("# c", Comment),
            ]
        );
        assert_eq!(word_class("111122223333/sg-0a1b2c3d4e5f60789"), Id);
        assert_eq!(word_class("sgr-0123456789abcdef0"), Id);
        assert_eq!(word_class("sg-app1"), Id);
        assert_eq!(word_class("error:"), Keyword);
        assert_eq!(word_class("3:4"), Number);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "\\",
            "\"",
            "#",
            ",",
            "é\\",
            "\"\\",
            "a\r\n\\\r\n",
            "\u{0}#\"",
        ] {
            let _ = tokenize(text);
            let _ = classify(text);
            let _ = input_state(text);
        }
    }
}
