//! Diagnostics: the one error type every part of sgs reports, and the one renderer every front end
//! prints it with.
//!
//! A diagnostic carries a code (AWS's own, such as `InvalidPermission.Duplicate`, or `Syntax` for
//! text no AWS request could be made of), a message, the span of the offending word, a short label
//! for the caret line and an optional `help:` suggestion. Rendering is rustc-style and needs the
//! source text the span points into; nothing here prints.

use super::printable::printable;
use super::span::Span;
use std::fmt::Write as _;

/// An error with everything a reader needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: String,
    pub message: String,
    pub span: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
}

/// The code of a syntax error.
pub const SYNTAX: &str = "Syntax";

impl Diagnostic {
    /// An error with AWS's (or the sandbox's) code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.into(),
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    /// A syntax error.
    pub fn syntax(message: impl Into<String>) -> Self {
        Diagnostic::new(SYNTAX, message)
    }

    /// Points the error at a word; an existing span is kept (the innermost cause wins).
    pub fn at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    /// Points the error at a word, replacing any span it had.
    pub fn at_exactly(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The spans moved `by` bytes (a command parsed from a slice of a larger file).
    pub fn shifted(mut self, by: usize) -> Self {
        self.span = self.span.map(|s| s.shift(by));
        self
    }

    pub fn is_syntax(&self) -> bool {
        self.code == SYNTAX
    }

    /// The first line of the rendering: `error[Code]: message`.
    pub fn headline(&self) -> String {
        format!("error[{}]: {}", self.code, self.message)
    }

    /// Renders the error against the text its span points into. `origin` names the text
    /// (a file name, or `<repl>`); the span's line and column are computed from `source`.
    pub fn render(&self, origin: &str, source: &str) -> String {
        let mut out = self.headline();
        out.push('\n');
        match self.span {
            Some(span) if span.start <= source.len() => {
                let (line_no, line_start) = line_of(source, span.start);
                let line_end = source[line_start..]
                    .find('\n')
                    .map_or(source.len(), |i| line_start + i);
                let line = &source[line_start..line_end];
                let col = char_count(&source[line_start..span.start]) + 1;
                let end = span.end.clamp(span.start, line_end);
                let gutter = line_no.to_string().len();
                let pad = " ".repeat(gutter);
                let _ = writeln!(out, "{pad}--> {origin}:{line_no}:{col}");
                let _ = writeln!(out, "{pad} |");
                // The line is shown with its control characters escaped, and the caret stands
                // under the escaped text.
                let line = printable(line.trim_end_matches('\r'));
                let _ = writeln!(out, "{line_no} | {line}");
                let before = printable(&source[line_start..span.start]);
                let marked = printable(&source[span.start..end]);
                let width = char_count(&marked).max(1);
                let _ = write!(
                    out,
                    "{pad} | {}{}",
                    caret_indent(&before),
                    "^".repeat(width)
                );
                if let Some(label) = &self.label {
                    let _ = write!(out, " {label}");
                }
                out.push('\n');
                if let Some(help) = &self.help {
                    let _ = writeln!(out, "{pad} = help: {help}");
                }
            }
            _ => {
                let _ = writeln!(out, " --> {origin}");
                if let Some(help) = &self.help {
                    let _ = writeln!(out, "  = help: {help}");
                }
            }
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// The 1-based line number holding byte `offset`, and the byte where that line starts.
pub fn line_of(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line_no = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line_no, line_start)
}

/// The 1-based line and column (in characters) of byte `offset`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let (line, start) = line_of(source, offset);
    (line, char_count(&source[start..offset]) + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Spaces under the text before the caret, keeping tabs so the caret lines up.
fn caret_indent(before: &str) -> String {
    before
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_the_word() {
        let src = "create group web \"x\"\nauthorize ingress tcp 70000 from 0.0.0.0/0 to web\n";
        let start = src.find("70000").unwrap();
        let d = Diagnostic::new(
            "InvalidPermission.Malformed",
            "TCP/UDP port (70000) out of range",
        )
        .at(Span::new(start, start + 5))
        .label("ports are 0-65535");
        let text = d.render("lab.sgs", src);
        assert_eq!(
            text,
            "error[InvalidPermission.Malformed]: TCP/UDP port (70000) out of range\n \
             --> lab.sgs:2:23\n  |\n2 | authorize ingress tcp 70000 from 0.0.0.0/0 to web\n  \
             |                       ^^^^^ ports are 0-65535\n"
        );
    }

    #[test]
    fn the_caret_stands_under_a_word_after_a_control_character() {
        let src = "echo \"\u{1b}[2J\" bad\n";
        let start = src.find("bad").unwrap();
        let text = Diagnostic::syntax("trailing")
            .at(Span::new(start, start + 3))
            .render("f", src);
        let shown = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert_eq!(shown.find("bad"), caret.find('^'), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn span_past_the_end_does_not_panic() {
        let d = Diagnostic::syntax("x").at(Span::new(3, 99));
        let text = d.render("<repl>", "abc");
        assert!(text.contains("<repl>:1:4"), "{text}");
    }
}
