//! The language: text to commands. No engine, no terminal.
//!
//! `parse_command` parses one logical line; `split_script` cuts a file into logical lines
//! (joining `\` continuations without moving any byte), so every span points into the file.
//!
//! For editors (the REPL, and the TUI's command line): `help` holds the table of commands and
//! their templates, `template` walks them, `complete` completes and hints a half-typed line
//! from them and the world's names (asked through the `Names` trait, which the session
//! implements), and `tokens` cuts any line into words for highlighting and for deciding whether
//! input is finished. All pure: no terminal, no I/O, no world.

pub mod ast;
pub mod complete;
pub mod help;
pub mod names;
pub mod parse;
pub mod suggest;
pub mod template;
pub mod tokens;

/// The diagnostics live in `vocab`, shared by every floor; this is their old path.
pub use crate::vocab::diagnostic as error;

pub use complete::{Completion, complete, complete_in, hint, hint_in};
pub use names::{NameKind, Names};
pub use parse::parse_command;

/// Splits a script into logical commands: for each, the byte offset where it starts and its
/// text, in which each `\` + newline that continues a line is replaced by spaces of the same
/// length, so offsets in the text plus the start are offsets in the file.
pub fn split_script(src: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = String::new();
    let mut rest = src;
    let mut pos = 0;
    while !rest.is_empty() {
        let (line, next, newline_len) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..], 1),
            None => (rest, "", 0),
        };
        let line_no_cr = line.strip_suffix('\r').unwrap_or(line);
        let cr = line.len() - line_no_cr.len();
        if current.is_empty() {
            start = pos;
        }
        if newline_len == 1 && continues(line_no_cr) {
            current.push_str(&line_no_cr[..line_no_cr.len() - 1]);
            current.push_str(&" ".repeat(1 + cr + newline_len));
        } else {
            current.push_str(line);
            out.push((start, std::mem::take(&mut current)));
            if newline_len == 1 {
                // keep nothing: the next line starts fresh
            }
        }
        pos += line.len() + newline_len;
        rest = next;
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

/// Whether a physical line ends in a continuation backslash (outside a comment and quotes).
fn continues(line: &str) -> bool {
    if !line.ends_with('\\') {
        return false;
    }
    let mut in_quote = false;
    let mut escaped = false;
    let mut prev_space = true;
    for c in line[..line.len() - 1].chars() {
        if in_quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quote = false;
            }
        } else if c == '"' {
            in_quote = true;
        } else if c == '#' && prev_space {
            return false;
        }
        prev_space = c.is_whitespace();
    }
    !in_quote
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
        let web = text.find("\"Web\"").unwrap();
        assert_eq!(&src[web..web + 5], "\"Web\"");
        assert_eq!(parts[1].0, src.find("show").unwrap());
    }

    #[test]
    fn backslash_in_a_comment_does_not_continue() {
        let parts = split_script("show vpcs # see \\\nshow groups\n");
        assert_eq!(parts.len(), 2);
    }
}
