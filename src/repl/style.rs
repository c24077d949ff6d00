//! Colour for the REPL: the typed line by token class, dimmed hints, and the verdicts in what
//! commands print (allow green, deny red).
//!
//! Plain ANSI SGR codes, no crate: the REPL needs seven colours. Colour is on only when stdout is
//! a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>); a [`Palette`] that is off
//! returns text unchanged, so piped output and tests see no escapes. Verdicts are found by the
//! words the trace prints (`…: allow`, `verdict: DENY`), not by parsing it.

use crate::lang::tokens::{Class, classify};
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

    /// A trace with its allowing steps and verdict green and its denying ones red.
    pub fn trace(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match verdict_of_line(line) {
                Some(true) => out.push_str(&self.paint(GREEN, line)),
                Some(false) => out.push_str(&self.paint(RED, line)),
                None => out.push_str(line),
            }
        }
        out
    }

    /// A probe's one line: green when it starts with `allow`, red with `deny`.
    pub fn verdict(self, line: &str) -> String {
        if line.starts_with("allow") {
            self.paint(GREEN, line)
        } else if line.starts_with("deny") {
            self.paint(RED, line)
        } else {
            line.to_string()
        }
    }

    /// An expectation's result: green when it held, red when not.
    pub fn expectation(self, passed: bool, text: &str) -> String {
        self.paint(if passed { GREEN } else { RED }, text)
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

/// Whether a trace line reports an allow (`true`) or a deny (`false`): a step ends in `: allow` or
/// `: deny` (maybe followed by a `[CODE]`), the last line reads `verdict: ALLOW|DENY`.
fn verdict_of_line(line: &str) -> Option<bool> {
    if let Some(rest) = line.strip_prefix("verdict: ") {
        return match rest.split(' ').next() {
            Some("ALLOW") => Some(true),
            Some("DENY") => Some(false),
            _ => None,
        };
    }
    let is_step = line
        .trim_start_matches(">>")
        .trim_start()
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !is_step {
        return None;
    }
    let mut end = line.trim_end();
    if end.ends_with(']')
        && let Some(open) = end.rfind(" [")
    {
        end = &end[..open];
    }
    if end.ends_with(": allow") {
        Some(true)
    } else if end.ends_with(": deny") {
        Some(false)
    } else {
        None
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

    const TRACE: &str = "trace tcp 22 from internet to web-1\n\
        request: tcp internet:49152 -> 54.0.0.10:22\n    \
        1. route: internet -> internet gateway of vpc prod: allow\n\
        >>  3. security groups of eni-0e9b (web-1), ingress: deny [ENI_SG_RULES_MISMATCH]\n         \
        app  sgr-0ba6  ingress tcp 22 from 203.0.113.0/24  no: unknown\n\
        verdict: DENY (deciding step 3) [ENI_SG_RULES_MISMATCH]";

    #[test]
    fn trace_steps_are_green_or_red_by_their_outcome() {
        let lines: Vec<String> = ON.trace(TRACE).split('\n').map(str::to_string).collect();
        assert!(!lines[0].contains('\x1b'), "{}", lines[0]);
        assert!(lines[2].starts_with(GREEN), "{}", lines[2]);
        assert!(lines[3].starts_with(RED), "{}", lines[3]);
        assert!(!lines[4].contains('\x1b'), "a rule line stays plain");
        assert!(lines[5].starts_with(RED), "{}", lines[5]);
        assert_eq!(plain(&ON.trace(TRACE)), TRACE);
    }

    #[test]
    fn an_allowing_verdict_is_green() {
        assert_eq!(
            verdict_of_line("verdict: ALLOW (deciding step 5)"),
            Some(true)
        );
        assert_eq!(verdict_of_line("   10. security groups: allow"), Some(true));
        assert_eq!(verdict_of_line("reply: tcp 10.0.2.5:6379 -> x"), None);
        assert!(
            ON.verdict("allow tcp 22 internet -> web-1")
                .starts_with(GREEN)
        );
        assert!(
            ON.verdict("deny tcp 22 internet -> web-1: …")
                .starts_with(RED)
        );
    }

    #[test]
    fn off_means_no_escapes_at_all() {
        assert_eq!(OFF.trace(TRACE), TRACE);
        assert_eq!(OFF.verdict("allow x"), "allow x");
        assert_eq!(OFF.expectation(false, "FAIL"), "FAIL");
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
