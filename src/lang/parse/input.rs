//! The parser's input and its error.
//!
//! [`Input`] is a position in the line being parsed, so every rule can name the span of what it
//! read without pointer arithmetic. [`Fail`] is nom's error type here: it is built on every
//! backtrack (each optional clause that is absent fails once), so it stays cheap (a span and a
//! static reason) and is worded into a [`Diagnostic`] only when the line really fails.

use crate::lang::ast::Span;
use crate::lang::error::Diagnostic;
use crate::lang::suggest::did_you_mean;
use nom::error::{ContextError, ErrorKind, ParseError};

/// A position in the text of one logical line.
#[derive(Clone, Copy, Debug)]
pub(super) struct Input<'a> {
    text: &'a str,
    pos: usize,
    /// How many `expect error:`/`expect output …:` wrap the command being parsed.
    depth: u8,
}

impl<'a> Input<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Input {
            text,
            pos: 0,
            depth: 0,
        }
    }

    /// How many expectations wrap this position's command.
    pub(super) fn depth(self) -> u8 {
        self.depth
    }

    /// The same position, `depth` expectations deep.
    pub(super) fn at_depth(self, depth: u8) -> Self {
        Input { depth, ..self }
    }

    /// The whole line.
    pub(super) fn text(self) -> &'a str {
        self.text
    }

    /// What is left to parse.
    pub(super) fn rest(self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// The position `n` bytes further on; `n` must end on a char boundary of `rest()`.
    pub(super) fn advance(self, n: usize) -> Self {
        Input {
            pos: (self.pos + n).min(self.text.len()),
            ..self
        }
    }

    /// The text between this position and a later one.
    pub(super) fn slice_to(self, end: Input<'a>) -> &'a str {
        self.text.get(self.pos..end.pos).unwrap_or("")
    }

    /// The span from this position to a later one.
    pub(super) fn span_to(self, end: Input<'a>) -> Span {
        Span::new(self.pos, self.pos + nom::Offset::offset(&self, &end))
    }

    /// The char just before this position, if any.
    pub(super) fn prev_char(self) -> Option<char> {
        self.text
            .get(..self.pos)
            .and_then(|s| s.chars().next_back())
    }
}

impl nom::InputLength for Input<'_> {
    fn input_len(&self) -> usize {
        self.text.len().saturating_sub(self.pos)
    }
}

impl nom::Offset for Input<'_> {
    fn offset(&self, second: &Self) -> usize {
        second.pos.saturating_sub(self.pos)
    }
}

/// The result of every rule.
pub(super) type PResult<'a, T> = nom::IResult<Input<'a>, T, Fail>;

/// Why a rule failed, kept unworded until the line fails.
#[derive(Clone, Debug)]
pub(super) enum Reason {
    /// The one keyword that must come here.
    Keyword(&'static str),
    /// One of these keywords; `message` says what they are.
    OneOf {
        message: &'static str,
        keywords: &'static [&'static str],
    },
    /// Something described in words (`a port: 22, 1024-65535 or all`); a `context` replaces it.
    Expected(&'static str),
    /// The first word is no command.
    UnknownCommand { commands: &'static [&'static str] },
    /// The command is complete but the line goes on.
    Trailing,
    /// A fully worded error (only on paths that fail the line).
    Worded(Box<Diagnostic>),
    /// A nom combinator's own error (should not reach a user: every leaf has a reason).
    Nom,
}

/// nom's error type for the sgs grammar.
#[derive(Debug)]
pub(super) struct Fail {
    pub(super) span: Span,
    pub(super) reason: Reason,
    /// The innermost `context(..)` around the failing leaf: what was expected, in the rule's words.
    pub(super) context: Option<&'static str>,
    pub(super) help: Option<&'static str>,
}

/// Words that name commands or `show` subjects of later versions of the language: a line using
/// one is told it is unknown, without a "did you mean" that would send it elsewhere.
const PLANNED: &[&str] = &["why", "lint", "import", "export", "reach"];

impl Fail {
    pub(super) fn new(span: Span, reason: Reason) -> Self {
        Fail {
            span,
            reason,
            context: None,
            help: None,
        }
    }

    /// A fully worded error at `span`.
    pub(super) fn worded(diagnostic: Diagnostic) -> Self {
        let span = diagnostic.span.unwrap_or_default();
        Fail::new(span, Reason::Worded(Box::new(diagnostic)))
    }

    pub(super) fn with_help(mut self, help: &'static str) -> Self {
        self.help = Some(help);
        self
    }

    /// This error as a recoverable nom error (an alternative may still match).
    pub(super) fn error<T>(self) -> Result<T, nom::Err<Fail>> {
        Err(nom::Err::Error(self))
    }

    /// This error as a fatal nom error (the line is wrong).
    pub(super) fn failure<T>(self) -> Result<T, nom::Err<Fail>> {
        Err(nom::Err::Failure(self))
    }

    /// Words the error for the line `text` its span points into.
    pub(super) fn into_diagnostic(self, text: &str) -> Diagnostic {
        let span = self.span;
        let found = text.get(span.start..span.end).unwrap_or("");
        let label = if found.is_empty() {
            "the command ends here".to_string()
        } else {
            format!("found '{found}'")
        };
        let suggest = |keywords: &[&'static str]| -> Option<String> {
            if PLANNED.iter().any(|p| p.eq_ignore_ascii_case(found)) {
                return None;
            }
            did_you_mean(found, keywords.iter().copied()).map(|k| format!("did you mean {k}?"))
        };
        let diagnostic = match self.reason {
            Reason::Keyword(keyword) => Diagnostic::syntax(format!("expected '{keyword}'"))
                .label(label)
                .with_help(suggest(&[keyword])),
            Reason::OneOf { message, keywords } => Diagnostic::syntax(message)
                .label(label)
                .with_help(suggest(keywords)),
            Reason::Expected(what) => {
                Diagnostic::syntax(format!("expected {}", self.context.unwrap_or(what)))
                    .label(label)
            }
            Reason::UnknownCommand { commands } if !found.is_empty() => {
                let help = if found.starts_with('"') {
                    "commands are written without quotes".to_string()
                } else {
                    suggest(commands)
                        .unwrap_or_else(|| format!("the commands are {}", commands.join(", ")))
                };
                Diagnostic::syntax(format!("unknown command '{found}'"))
                    .label("not a command")
                    .help(help)
            }
            Reason::UnknownCommand { commands } => Diagnostic::syntax("expected a command")
                .label(label)
                .help(format!("the commands are {}", commands.join(", "))),
            Reason::Trailing => {
                Diagnostic::syntax(format!("unexpected '{found}' after the command"))
                    .label("not part of the command")
            }
            Reason::Worded(diagnostic) => *diagnostic,
            Reason::Nom => Diagnostic::syntax(format!(
                "expected {}",
                self.context.unwrap_or("something else")
            ))
            .label(label),
        };
        let diagnostic = match self.help {
            Some(help) if diagnostic.help.is_none() => diagnostic.help(help),
            _ => diagnostic,
        };
        diagnostic.at(span)
    }
}

/// `help` when there is one.
trait WithHelp {
    fn with_help(self, help: Option<String>) -> Self;
}

impl WithHelp for Diagnostic {
    fn with_help(self, help: Option<String>) -> Self {
        match help {
            Some(h) => self.help(h),
            None => self,
        }
    }
}

impl<'a> ParseError<Input<'a>> for Fail {
    fn from_error_kind(input: Input<'a>, _: ErrorKind) -> Self {
        Fail::new(super::lex::found_span(input), Reason::Nom)
    }

    fn append(_: Input<'a>, _: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, the one that got further explains the line best.
    fn or(self, other: Self) -> Self {
        if self.span.start > other.span.start {
            self
        } else {
            other
        }
    }
}

impl<'a> ContextError<Input<'a>> for Fail {
    fn add_context(_: Input<'a>, context: &'static str, mut other: Self) -> Self {
        if other.context.is_none() {
            other.context = Some(context);
        }
        other
    }
}
