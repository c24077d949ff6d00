//! The parser: one logical line of the sgs language to a [`Command`].
//!
//! One nom fn per rule of `grammar/sgs.ebnf`, named after the rule, with the rule in its doc
//! comment, in the same order as the grammar (a test keeps them in step). The rules are split by
//! command family: this file holds the line and the command dispatch, `lex` the lexical rules.
//!
//! A rule commits once its leading keyword matched (`cut`), so an error points at the word that
//! is wrong, not at the start of the line. The parser rejects only text no AWS request could be
//! made of: out-of-range ports, unknown protocol numbers and malformed CIDRs parse, and the
//! control plane answers them with AWS's codes. Every span is a byte offset into the line.

mod combinator;
mod fast;
mod flows;
mod input;
mod instances;
mod lessons;
mod lex;
mod nacls;
mod packets;
mod rules;
mod services;
mod session;
mod show;
#[cfg(test)]
mod tests;
mod topology;

use super::ast::{Command, Spanned};
use super::error::Diagnostic;
use combinator::{Rule, dispatch};
use input::{Fail, Input, PResult, Reason};
use lex::{comment, found_span, is_comment_start, ws};

// The lexical predicates the editor's tokenizer and completion share with the parser.
pub(crate) use lex::{bare_char, looks_like_address, parse_int};

/// Parses one logical line. `Ok(None)` for a blank or comment-only line.
pub fn parse_command(text: &str) -> Result<Option<Spanned<Command>>, Diagnostic> {
    if let Some(command) = fast::line(text) {
        #[cfg(debug_assertions)]
        if let Ok((_, general)) = line(Input::new(text)) {
            assert_eq!(
                general.as_ref(),
                Some(&command),
                "the fast path on `{text}`"
            );
        } else {
            panic!("the fast path took `{text}`, which the general parser refuses");
        }
        return Ok(Some(command));
    }
    match line(Input::new(text)) {
        Ok((_, command)) => Ok(command),
        Err(nom::Err::Error(fail) | nom::Err::Failure(fail)) => Err(fail.into_diagnostic(text)),
        Err(nom::Err::Incomplete(_)) => Err(Diagnostic::syntax("incomplete line")),
    }
}

/// Parses a packet alone (`tcp 22`, `icmp 8`), as the reach grid's prompt takes it.
pub fn parse_packet(text: &str) -> Result<Spanned<crate::vocab::Perm>, Diagnostic> {
    let packet = |i| {
        let (i, perm) = rules::perm(i)?;
        let i = ws(i);
        if !i.rest().is_empty() {
            return Fail::new(found_span(i), Reason::Trailing).failure();
        }
        Ok((i, perm))
    };
    match packet(Input::new(text)) {
        Ok((_, perm)) => Ok(perm),
        Err(nom::Err::Error(fail) | nom::Err::Failure(fail)) => Err(fail.into_diagnostic(text)),
        Err(nom::Err::Incomplete(_)) => Err(Diagnostic::syntax("incomplete packet")),
    }
}

/// line = [ command ] [ comment ] ;
fn line(i: Input<'_>) -> PResult<'_, Option<Spanned<Command>>> {
    let s = ws(i);
    if s.rest().is_empty() || is_comment_start(s) {
        return Ok((s.advance(s.rest().len()), None));
    }
    let (i, command) = command(s)?;
    let i = match comment(i) {
        Ok((i, _)) => i,
        Err(_) => ws(i),
    };
    if !i.rest().is_empty() {
        return Fail::new(found_span(i), Reason::Trailing).failure();
    }
    Ok((i, Some(command)))
}

/// The commands, as their first word; `COMMAND_RULES` holds their rules in the same order.
const COMMANDS: &[&str] = &[
    "account",
    "region",
    "create",
    "delete",
    "authorize",
    "revoke",
    "update",
    "launch",
    "attach",
    "modify",
    "associate",
    "stop",
    "start",
    "terminate",
    "replace",
    "probe",
    "trace",
    "expect",
    "connect",
    "send",
    "wait",
    "close",
    "show",
    "lint",
    "who",
    "what",
    "why",
    "mark",
    "diff",
    "save",
    "load",
    "import",
    "export",
    "undo",
    "redo",
    "reset",
    "echo",
    "pause",
    "help",
    "quit",
    "exit",
    "ask",
    "task",
    "goal",
    "goals",
];

const COMMAND_RULES: &[Rule<Command>] = &[
    topology::account,
    topology::region,
    topology::create,
    topology::delete,
    rules::authorize,
    rules::revoke,
    rules::update,
    instances::launch,
    instances::attach,
    instances::modify,
    instances::associate,
    instances::stop,
    instances::start,
    instances::terminate,
    nacls::replace,
    packets::probe,
    packets::trace,
    packets::expect,
    flows::connect,
    flows::send,
    flows::wait,
    flows::close,
    show::show,
    show::lint,
    show::who,
    show::what,
    show::why,
    show::mark,
    show::diff,
    session::save,
    session::load,
    session::import,
    session::export,
    session::undo,
    session::redo,
    session::reset,
    session::echo,
    session::pause,
    session::help,
    session::quit,
    session::quit,
    lessons::ask,
    lessons::task,
    lessons::goal,
    lessons::goals,
];

/// command = account | region | create | delete | authorize | revoke | update | launch | attach
///         | modify | associate | stop | start | terminate | replace | probe | trace | expect
///         | connect | send | wait | close | show | lint | who | what | why | mark | diff
///         | save | load | import | export | undo | redo | reset | echo | pause | help | quit
///         | ask | task | goal | goals ;
fn command(i: Input<'_>) -> PResult<'_, Spanned<Command>> {
    let start = ws(i);
    let unknown = Reason::UnknownCommand { commands: COMMANDS };
    let (end, node) = dispatch(start, COMMANDS, COMMAND_RULES, unknown)?;
    Ok((end, Spanned::new(node, start.span_to(end))))
}
