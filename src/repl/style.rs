//! Colour for the REPL: the typed line by token class, dimmed hints, and what commands answer by
//! the tone the renderer gave each line (allowed or held green, denied or failed red).
//!
//! Plain ANSI SGR codes, no crate: the REPL needs seven colours. Colour is on only when stdout is
//! a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>); a [`Palette`] that is off
//! returns text unchanged, so piped output and tests see no escapes.

use crate::lang::tokens::{Class, classify};
use crate::render::Tone;
use std::io::IsTerminal;

const RESET: &str = "\x1b[0m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const BOLD_RED: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const KEYWORD: &str = "\x1b[1;34m";
const ID: &str = "\x1b[35m";
const ADDRESS: &str = "\x1b[36m";
const NUMBER: &str = "\x1b[33m";
const STRING: &str = "\x1b[32m";
const COMMENT: &str = "\x1b[2;37m";

/// Whether output is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub on: bool,
}

/// Whether the `NO_COLOR` convention asks for no colour: the variable is set and not empty.
pub fn no_color(value: Option<std::ffi::OsString>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

impl Palette {
    /// Colour when stdout is a terminal and `NO_COLOR` does not forbid it.
    pub fn detect() -> Self {
        Palette {
            on: std::io::stdout().is_terminal() && !no_color(std::env::var_os("NO_COLOR")),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// A line of an answer in its tone.
    pub fn tone(self, tone: Tone, text: &str) -> String {
        match tone {
            Tone::Good => self.paint(GREEN, text),
            Tone::Bad => self.paint(RED, text),
            Tone::Plain => text.to_string(),
        }
    }

    /// A rendered diagnostic: its headline in bold red, its caret line red.
    pub fn error(self, rendered: &str) -> String {
        let mut out = String::with_capacity(rendered.len() + 32);
        for (i, line) in rendered.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let carets = line
                .split(" | ")
                .nth(1)
                .is_some_and(|l| l.trim_start().starts_with('^'));
            if i == 0 {
                out.push_str(&self.paint(BOLD_RED, line));
            } else if carets {
                out.push_str(&self.paint(RED, line));
            } else {
                out.push_str(line);
            }
        }
        out
    }
}

/// The typed line with each token coloured by its class. The text is unchanged but for the
/// escapes, so it keeps the width the editor computed.
pub fn highlight(line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut copied = 0;
    for (range, class) in classify(line) {
        let colour = match class {
            Class::Keyword => KEYWORD,
            Class::Id => ID,
            Class::Address => ADDRESS,
            Class::Number => NUMBER,
            Class::String => STRING,
            Class::Comment => COMMENT,
            Class::Punctuation | Class::Name => continue,
        };
        let (Some(gap), Some(word)) = (line.get(copied..range.start), line.get(range.clone()))
        else {
            continue;
        };
        out.push_str(gap);
        // A string or comment may span lines: colour each line apart, so no escape straddles a
        // line break.
        for (i, piece) in word.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !piece.is_empty() {
                out.push_str(colour);
                out.push_str(piece);
                out.push_str(RESET);
            }
        }
        copied = range.end;
    }
    out.push_str(line.get(copied..).unwrap_or(""));
    out
}

/// A hint, dimmed.
pub fn dim(text: &str) -> String {
    format!("{DIM}{text}{RESET}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ON: Palette = Palette { on: true };
    const OFF: Palette = Palette { on: false };

    /// The text with every escape removed.
    fn plain(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn tones_are_green_red_or_plain() {
        assert_eq!(
            ON.tone(Tone::Good, "allow x"),
            format!("{GREEN}allow x{RESET}")
        );
        assert_eq!(ON.tone(Tone::Bad, "deny x"), format!("{RED}deny x{RESET}"));
        assert_eq!(ON.tone(Tone::Plain, "x"), "x");
        assert_eq!(ON.tone(Tone::Good, ""), "");
    }

    #[test]
    fn off_means_no_escapes_at_all() {
        assert_eq!(OFF.tone(Tone::Good, "allow x"), "allow x");
        assert_eq!(OFF.tone(Tone::Bad, "FAIL"), "FAIL");
        assert_eq!(OFF.error("error[X]: y\n |\n"), "error[X]: y\n |\n");
    }

    #[test]
    fn no_color_is_honoured_when_set_and_not_empty() {
        assert!(no_color(Some("1".into())));
        assert!(!no_color(Some("".into())));
        assert!(!no_color(None));
    }

    #[test]
    fn errors_show_their_headline_and_carets_in_red() {
        let rendered = "error[Syntax]: unknown command 'shw'\n \
            --> <repl>:1:1\n  |\n1 | shw vpcs\n  | ^^^ not a command\n  = help: did you mean show?\n";
        let out = ON.error(rendered);
        let lines: Vec<&str> = out.split('\n').collect();
        assert!(lines[0].starts_with(BOLD_RED));
        assert!(lines[4].starts_with(RED), "{}", lines[4]);
        assert!(!lines[3].contains('\x1b'));
        assert_eq!(plain(&out), rendered);
    }

    #[test]
    fn highlighting_keeps_the_text() {
        let line = "authorize ingress tcp 22 from 10.0.0.0/8, sg-0a1b2 to web \"x y\" # note";
        let out = highlight(line);
        assert_eq!(plain(&out), line);
        assert!(out.starts_with(KEYWORD));
        assert!(out.contains(&format!("{ADDRESS}10.0.0.0/8{RESET}")));
        assert!(out.contains(&format!("{ID}sg-0a1b2{RESET}")));
        assert!(out.contains(&format!("{STRING}\"x y\"{RESET}")));
        assert!(out.contains(&format!("{COMMENT}# note{RESET}")));
        let multi = "echo \"a\nb\"";
        assert_eq!(plain(&highlight(multi)), multi);
        assert!(!highlight(multi).contains("\n\x1b[0m"));
    }
}
