//! The one line splitter: text (a file, typed input, a paste) cut into logical commands, the
//! same way for `sgs run`, the REPL and the TUI's command line, so a line of text means one
//! thing everywhere.
//!
//! A newline ends a command, except after a `\` that ends the physical line outside a comment
//! and a quoted string (the tokenizer's [`TokenKind::Continuation`]); a quoted string never runs
//! on to the next line (`echo "a` is an unclosed string wherever it is typed). A `\r` before a
//! newline is part of the line end (CRLF files), and a UTF-8 byte-order mark at the very start
//! is skipped.
//!
//! Each command keeps its byte offsets: its text is the file's bytes from its start, with each
//! continuing `\` and its line end replaced by spaces of the same length, so a span in the text
//! plus the start is a span in the whole text.

use super::tokens::{TokenKind, tokenize};
use std::borrow::Cow;

/// The UTF-8 byte-order mark.
pub const BOM: char = '\u{feff}';

/// Splits `src` into logical commands: for each, the byte offset in `src` where it starts and
/// its text (borrowed from `src` unless continuation lines were joined). Blank lines are
/// commands too (empty or whitespace: the parser reads them as nothing), so the caller sees
/// every line.
pub fn split_script(src: &str) -> Vec<(usize, Cow<'_, str>)> {
    script_lines(src).collect()
}

/// [`split_script`] one command at a time, for a caller that runs each as it comes: a file of a
/// million lines is not held twice.
pub fn script_lines(src: &str) -> ScriptLines<'_> {
    let pos = if src.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    ScriptLines { src, pos }
}

/// The commands of a script, as [`script_lines`] yields them.
pub struct ScriptLines<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Iterator for ScriptLines<'a> {
    type Item = (usize, Cow<'a, str>);

    fn next(&mut self) -> Option<Self::Item> {
        let src = self.src;
        let start = self.pos;
        let mut current = String::new();
        while self.pos < src.len() {
            let rest = src.get(self.pos..)?;
            let (line, newline) = match rest.find('\n') {
                Some(i) => (&rest[..i], 1),
                None => (rest, 0),
            };
            let body = line.strip_suffix('\r').unwrap_or(line);
            let line_end = line.len() - body.len() + newline;
            self.pos += line.len() + newline;
            // Only a line ending in `\` can continue (the tokenizer says whether that `\` is a
            // continuation or part of a string), so the others are not tokenized twice.
            let continued = newline == 1
                && body.ends_with('\\')
                && tokenize(body)
                    .last()
                    .is_some_and(|t| t.kind == TokenKind::Continuation && t.end == body.len());
            if continued {
                current.push_str(&body[..body.len() - 1]);
                current.push_str(&" ".repeat(1 + line_end));
            } else if current.is_empty() {
                return Some((start, Cow::Borrowed(body)));
            } else {
                current.push_str(body);
                return Some((start, Cow::Owned(current)));
            }
        }
        (!current.is_empty()).then_some((start, Cow::Owned(current)))
    }
}

/// `src` without a leading byte-order mark: what error messages quote and count columns in.
/// Offsets from [`split_script`] minus [`bom_len`] are offsets in it.
pub fn without_bom(src: &str) -> &str {
    src.strip_prefix(BOM).unwrap_or(src)
}

/// The length in bytes of `src`'s leading byte-order mark (0 or 3).
pub fn bom_len(src: &str) -> usize {
    src.len() - without_bom(src).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_keeps_offsets() {
        let src = "create group web \\\n  \"Web\"\nshow vpcs\n";
        let parts = split_script(src);
        assert_eq!(parts.len(), 2);
        let (start, text) = &parts[0];
        assert_eq!(*start, 0);
        let web = text.find("\"Web\"").unwrap_or(0);
        assert_eq!(&src[web..web + 5], "\"Web\"");
        assert_eq!(
            parts[1],
            (src.find("show").unwrap_or(0), "show vpcs".into())
        );
    }

    #[test]
    fn backslash_in_a_comment_or_a_quote_does_not_continue() {
        assert_eq!(split_script("show vpcs # see \\\nshow groups\n").len(), 2);
        assert_eq!(split_script("echo \"a \\\nb\"").len(), 2);
    }

    #[test]
    fn a_newline_ends_a_command_even_inside_quotes() {
        let parts = split_script("echo \"two\nlines\"\nundo");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].1, "echo \"two");
    }

    #[test]
    fn crlf_and_a_byte_order_mark_are_line_ends_and_nothing() {
        let src = "\u{feff}create group web \\\r\n \"Web\"\r\nshow vpcs\r\n";
        let parts = split_script(src);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, 3);
        assert_eq!(parts[0].1.trim_end(), "create group web     \"Web\"");
        assert_eq!(parts[1].1, "show vpcs");
        assert_eq!(&src[parts[1].0..parts[1].0 + 4], "show");
        assert_eq!(bom_len(src), 3);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "\\",
            "\"",
            "\r",
            "\r\n\\\r\n",
            "é\\\n",
            "\u{feff}",
            "\u{feff}\\",
        ] {
            let _ = split_script(text);
        }
    }
}
