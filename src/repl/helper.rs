//! The rustyline helper: completion, hints, highlighting and validation, each a call into
//! `lang`, with no logic of its own, so the TUI's command line can complete and check exactly the
//! same language.
//!
//! The helper reads the live world through the session the REPL shares with it
//! (`Rc<RefCell<Session>>`): rustyline calls the helper only while a line is being edited, and the
//! REPL runs commands only between lines, so the two never borrow at once (and if they did, the
//! helper would offer nothing rather than panic).

use crate::lang::complete::hint_words;
use crate::lang::{complete_in, hint_in};
use crate::repl::style;
use crate::session::Session;
use crate::tui::console::ASSIST_LIMIT;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Cmd, ConditionalEventHandler, Context, Event, EventContext, Helper, RepeatCount};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The REPL's rustyline helper.
pub struct SgsHelper {
    session: Rc<RefCell<Session>>,
    /// Hints are shown dimmed; without colour they would read as typed text, so they are off.
    hints: bool,
    /// Set by Ctrl-C (see [`Cancel`]): the line being submitted is to be dropped.
    cancel: Arc<AtomicBool>,
}

impl SgsHelper {
    pub fn new(session: Rc<RefCell<Session>>, colour: bool, cancel: Arc<AtomicBool>) -> Self {
        SgsHelper {
            session,
            hints: colour,
            cancel,
        }
    }
}

/// Ctrl-C: drops the line. rustyline's own interrupt leaves the dimmed hint on the screen as if
/// it had been typed; submitting the line instead redraws it without its hint, and the flag tells
/// the validator to mark it `^C` and the REPL to drop it.
pub struct Cancel(pub Arc<AtomicBool>);

impl ConditionalEventHandler for Cancel {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, _: &EventContext<'_>) -> Option<Cmd> {
        self.0.store(true, Ordering::SeqCst);
        Some(Cmd::AcceptLine)
    }
}

impl Helper for SgsHelper {}

impl Completer for SgsHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Ok(session) = self.session.try_borrow() else {
            return Ok((pos, Vec::new()));
        };
        if line.len() > ASSIST_LIMIT {
            return Ok((pos, Vec::new()));
        }
        let completion = complete_in(line, pos, session.world(), &session.flow_names());
        let pairs = completion
            .candidates
            .into_iter()
            .map(|word| Pair {
                replacement: format!("{word} "),
                display: word,
            })
            .collect();
        Ok((completion.start, pairs))
    }
}

/// A hint: the rest of the command, of which the leading keywords can be accepted with →.
pub struct SgsHint {
    display: String,
    accept: String,
}

impl Hint for SgsHint {
    fn display(&self) -> &str {
        &self.display
    }

    fn completion(&self) -> Option<&str> {
        (!self.accept.is_empty()).then_some(self.accept.as_str())
    }
}

impl Hinter for SgsHelper {
    type Hint = SgsHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<SgsHint> {
        if !self.hints || pos < line.len() || line.len() > ASSIST_LIMIT {
            return None;
        }
        let session = self.session.try_borrow().ok()?;
        let display = hint_in(line, session.world(), &session.flow_names())?;
        let accept = hint_words(&display).to_string();
        Some(SgsHint { display, accept })
    }
}

impl Highlighter for SgsHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        // A huge paste is shown plain: colouring it on every key would freeze the editor.
        if line.len() > ASSIST_LIMIT {
            return Cow::Borrowed(line);
        }
        Cow::Owned(style::highlight(line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(style::dim(hint))
    }

    /// Every edit can change a word's class, so the line is redrawn after each; moving the
    /// cursor changes nothing.
    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        kind != CmdKind::MoveCursor
    }
}

impl Validator for SgsHelper {
    /// A line cancelled by Ctrl-C is shown with `^C` and submitted, for the REPL to drop. Enter
    /// submits the line: a newline ends a command as in a file, even inside an open quote (the
    /// parser's error then says so). A final `\` is handed to the REPL, which reads the next line under its `  ..> ` prompt: rustyline
    /// draws the lines of one buffer without a prompt, so the continuation prompt needs a fresh
    /// read. Anything else is submitted, and a wrong line is answered with its caret error.
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        if self.cancel.load(Ordering::SeqCst) {
            return Ok(ValidationResult::Valid(Some("^C".to_string())));
        }
        let _ = ctx;
        Ok(ValidationResult::Valid(None))
    }
}
