//! What the session answers: a [`Reply`] per line run, as data. A change says what it did, a
//! probe carries its trace, an expectation carries what was expected and what came, a table its
//! rows. The render module turns a reply into text (what `sgs run` and the REPL print), styled
//! lines and JSON; nothing downstream reads back words the core wrote.

use super::lesson::{GoalCheck, Revealed};
use crate::dataplane::Trace;
use crate::query::{Lint, Shown};
use crate::vocab::Diagnostic;
use crate::world::journal::Before;

/// What a command answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// A change, or a session action, that went through: `summary` is the text after `ok: `.
    Done { summary: String },
    /// `import aws DIR` went through: what it read and what it skipped, and why.
    Imported(crate::vocab::import::ImportReport),
    /// `export cli|terraform to FILE` went through: what it wrote, and what it left out and why.
    Exported(crate::vocab::export::ExportReport),
    /// A one-line answer that is no change (a `send` the flow's rules deny).
    Line(String),
    /// A `show`: text lines and tables.
    Table(Shown),
    /// `help`: the language's own help text.
    Help(String),
    /// A probe's verdict (its trace holds the deciding step).
    Verdict(Trace),
    /// A trace: every step, every rule looked at.
    Trace(Trace),
    /// `lint`: the findings, each with its objects and witness.
    Lint(Lint),
    /// An `expect` was judged.
    Expect { passed: bool, judged: Judged },
    /// `echo`: narration.
    Echo(String),
    /// `pause`: a front end with a person in front of it waits for a key.
    Pause,
    /// The command failed (nothing changed).
    Error(Diagnostic),
    /// `task`: the exercise, stated.
    Task(String),
    /// `goals`: each goal judged on the world as it is.
    Goals(Vec<GoalCheck>),
    /// An `ask` answered: the prediction, the trace, the score (boxed: a trace is large).
    Revealed(Box<Revealed>),
    /// `show reach`: the matrix.
    Reach(Box<crate::query::Reach>),
    /// `who can reach`: the endpoints and address ranges, with the rules.
    Reachers(Box<crate::query::who::Reachers>),
    /// `what can … reach` and `show exposure`: the endpoints, packets and rules.
    Reachable(Box<crate::query::who::Reachable>),
    /// `diff since` and `sgs diff`: rules, reachability and flows that changed.
    Diff(Box<crate::query::diff::Diff>),
    /// `why`: the gates that block, the smallest fix, what else it opens.
    Why(Box<crate::query::why::Why>),
}

/// What an expectation asked and what it got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judged {
    /// `expect allow|deny …` (of a probe or a flow's next packet): the verdict wanted and the
    /// packet's full trace.
    Verdict { allow: bool, trace: Trace },
    /// `expect error [CODE]: …`: the code wanted (any when `None`) and what the command did.
    Error {
        code: Option<String>,
        got: Result<Box<Reply>, Diagnostic>,
    },
    /// `expect output "…": …`: the text wanted and the command's reply.
    Output { text: String, reply: Box<Reply> },
}

/// Whether a line moved anything: the world, the flows or the clock (the TUI refreshes on it,
/// undo counts it), and what it wrote of the world.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub changed: bool,
    /// The VPCs, groups and interfaces the line wrote, with their values before it (the world
    /// holds those after): empty when it wrote none.
    pub before: Before,
}

impl Reply {
    /// A message of the control plane or the history (`ok: …`) as a reply: a change with its
    /// summary; any other line (a denied `send`) as it is.
    pub(super) fn of_message(mut message: String) -> Reply {
        if message.starts_with("ok: ") {
            message.drain(.."ok: ".len());
            Reply::Done { summary: message }
        } else {
            Reply::Line(message)
        }
    }
}
