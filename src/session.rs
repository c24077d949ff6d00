//! A session: the world, its undo/redo history, and the runner for commands, expectations and
//! whole scripts.
//!
//! What undo restores is the whole [`State`]: the world, the flows and the clock. `wait`,
//! `connect`, `send` and `close` are steps like any command that changes the world, and a
//! change to the world cuts the flows it breaks as part of the same step, so undo gives back
//! the flows and the clock exactly too. Queries, `expect` and a denied `send` change nothing.
//! Switching account or region is no step (it changes no object), except the first use of one,
//! which creates its default VPC: each step is kept with the context it ran in, and undo leaves
//! the context where the user is, unless it undoes that first use. How undo and redo take a step
//! back in microseconds, whatever the history's length, is in [`history`].
//!
//! Files are the shell's business: `save` and `load` go through the [`Host`] the caller passes,
//! so the session itself does no I/O. A saved file holds the world only: flows and the clock are
//! the session's, and `load` closes every flow (its interfaces belonged to the old world) while
//! the clock runs on.

mod ask;
mod clock;
mod flows;
pub mod grade;
mod history;
pub mod lab;
mod lesson;
mod names;
mod origins;
mod plan;
mod reply;
mod script;
mod whole;
mod why;

pub use crate::query::why::Why;
pub use crate::query::{Block, Finding, Lint, Severity, Shown, Table};
pub use crate::vocab::printable::printable;
pub use crate::world::journal::Before;
pub use clock::Clock;
pub use flows::{Flow, FlowRow, FlowState, Flows};
pub use lesson::{Goal, GoalCheck, Lesson, Question, Revealed, Score};
pub use origins::Origins;
pub use plan::{PlanCheck, plan_check};
pub use reply::{Judged, Outcome, Reply};
pub use script::{ScriptLine, ScriptReport, Verbosity};
pub use whole::diff_worlds;

use history::History;

// What the shells need of the answers, through the session (they import no lower floor).
pub use crate::dataplane::{Detail, LineKind, Trace, TraceLine};
pub use crate::query::{ReachGrid, ReachHost};

use crate::control;
use crate::dataplane::Secs;
use crate::lang::ast::{Command, Expectation, Show};
use crate::lang::error::Diagnostic;
use crate::lang::{self, parse_command};
use crate::query;
use crate::vocab::import::ImportReport;
use crate::world::World;

/// What the session needs from the outside world: reading and writing world files.
pub trait Host {
    /// Saves the world to `path`; returns what to report.
    fn save(&mut self, world: &World, path: &str) -> Result<String, Diagnostic>;
    /// Loads a world from `path`.
    fn load(&mut self, path: &str) -> Result<World, Diagnostic>;
    /// Imports the AWS describe-* output of the folder `dir`: the world, and what was read and
    /// skipped.
    fn import_aws(&mut self, dir: &str) -> Result<(World, ImportReport), Diagnostic> {
        Err(Diagnostic::new(
            "UnsupportedOperation",
            format!("cannot import {dir}: this session has no file access"),
        ))
    }
    /// Writes the world to `path` as `format` (an AWS CLI script or Terraform): what was
    /// written and left out.
    fn export(
        &mut self,
        _world: &World,
        _format: crate::vocab::export::ExportFormat,
        path: &str,
    ) -> Result<crate::vocab::export::ExportReport, Diagnostic> {
        Err(Diagnostic::new(
            "UnsupportedOperation",
            format!("cannot export to {path}: this session has no file access"),
        ))
    }
}

/// A host with no files: `save` and `load` are refused. For tests and embedded uses.
pub struct NoFiles;

impl Host for NoFiles {
    fn save(&mut self, _world: &World, path: &str) -> Result<String, Diagnostic> {
        Err(Diagnostic::new(
            "UnsupportedOperation",
            format!("cannot save {path}: this session has no file access"),
        ))
    }
    fn load(&mut self, path: &str) -> Result<World, Diagnostic> {
        Err(Diagnostic::new(
            "UnsupportedOperation",
            format!("cannot load {path}: this session has no file access"),
        ))
    }
}

/// Everything a step can change: the world, the flows and the clock.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub world: World,
    pub flows: Flows,
    pub clock: Clock,
}

impl State {
    /// A state around `world`, with no flows, at `clock`.
    pub fn of(world: World, clock: Clock) -> Self {
        State {
            world,
            flows: Flows::default(),
            clock,
        }
    }

    /// Applies a command that changes the state; returns its `ok: …` line, and whether it is an
    /// undo step: a denied `send` changes nothing, and switching to a known account or region
    /// changes no object (its first use, which creates its default VPC, is a step). A command that
    /// fails changes nothing.
    fn apply(&mut self, cmd: &Command) -> Result<(String, bool), Diagnostic> {
        let now = self.clock.now();
        let step = |message| Ok((message, true));
        match cmd {
            Command::Connect { probe, name } => {
                step(self.flows.connect(&self.world, now, probe, name)?)
            }
            Command::Send(packet) => self.flows.send(&self.world, now, packet),
            Command::Close(name) => step(self.flows.close(name)?),
            Command::Account(_) | Command::Region(_) => {
                let known = self.world.scopes.len();
                let control::Outcome { message } = control::apply(&mut self.world, cmd)?;
                Ok((message, self.world.scopes.len() > known))
            }
            Command::Wait(seconds) => {
                self.clock.advance(seconds.node);
                let mut message = format!(
                    "ok: waited {}; the clock is at {}",
                    Secs(seconds.node),
                    self.clock
                );
                let timed_out = self.flows.timed_out_between(now, self.clock.now());
                if !timed_out.is_empty() {
                    let s = if timed_out.len() == 1 { "" } else { "s" };
                    message.push_str(&format!(
                        "; the tracking entries of flow{s} {} timed out",
                        timed_out.join(", ")
                    ));
                }
                step(message)
            }
            _ => {
                let control::Outcome { message } = control::apply(&mut self.world, cmd)?;
                self.flows.after_change(&self.world, cmd, now);
                step(message)
            }
        }
    }
}

/// A world, its flows and clock, with undo/redo.
#[derive(Clone, Debug)]
pub struct Session {
    state: State,
    history: History,
    /// The task, goals and score: the session's, not the world's (undo leaves them).
    lesson: lesson::Lesson,
    /// Answers are only counted, not read (a quiet run): probes and passing expectations keep
    /// their verdict alone.
    bare: bool,
    /// `mark NAME`: named points of history (`whole`).
    marks: Vec<whole::Mark>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Session::from_world(World::new())
    }

    /// A session that starts from `world` (undo goes no further back), at clock 0.
    pub fn from_world(world: World) -> Self {
        let mut state = State::of(world, Clock::default());
        // The session's history starts here: what built the world is not undone.
        state.world.forget_journal();
        Session {
            history: History::new(),
            state,
            lesson: lesson::Lesson::default(),
            bare: false,
            marks: Vec::new(),
        }
    }

    pub fn world(&self) -> &World {
        &self.state.world
    }

    /// Whether answers are only counted, not read (a quiet run): probes and passing expectations
    /// then keep their verdict alone, without the steps that explain it.
    pub fn set_bare(&mut self, bare: bool) {
        self.bare = bare;
    }

    /// Whether the commands from now on are kept to be undone (they are unless told otherwise).
    /// `sgs run` keeps none for a file that never undoes.
    pub fn keep_history(&mut self, keep: bool) {
        self.history.keep(keep);
    }

    /// Brings the world's compiled index up to date with the changes so far. The session does it
    /// before every command that asks; a caller that questions `world()` directly (the TUI's
    /// grid, a benchmark) calls it first, or its questions are decided the slow way.
    pub fn catch_up(&mut self) {
        self.state.world.sync_compiled();
    }

    pub fn flows(&self) -> &Flows {
        &self.state.flows
    }

    pub fn clock(&self) -> Clock {
        self.state.clock
    }

    /// The names of the open flows, for completion.
    pub fn flow_names(&self) -> Vec<&str> {
        self.state.flows.iter().map(|f| f.name.as_str()).collect()
    }

    /// The world, the flows and the clock: what a step changes and undo restores.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Parses and runs one line of text (a REPL line). Spans in errors are offsets in `line`.
    pub fn run_line(
        &mut self,
        line: &str,
        host: &mut dyn Host,
    ) -> Result<Option<Reply>, Diagnostic> {
        match parse_command(line)? {
            Some(cmd) => self.run(&cmd.node, host).map(Some),
            None => Ok(None),
        }
    }

    /// Runs one command: its reply, or the error it failed with (a failed command changes
    /// nothing).
    pub fn run(&mut self, cmd: &Command, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        if !cmd.mutates() {
            // A question may follow: the compiled index catches up with the changes before it.
            self.state.world.sync_compiled();
        }
        match cmd {
            Command::Probe(p) => {
                let detail = if self.bare {
                    Detail::Bare
                } else {
                    Detail::Verdict
                };
                self.probe(p, detail).map(Reply::Verdict)
            }
            // Where nobody predicts, `ask` is a probe (the shells that ask use `pose`).
            Command::Ask(p) => self.probe(p, Detail::Verdict).map(Reply::Verdict),
            Command::Task(_) | Command::Goal(_) | Command::Goals => self
                .lesson_command(cmd)
                .ok_or_else(|| Diagnostic::syntax("not a lesson command")),
            Command::Trace(p) => self.probe(p, Detail::Full).map(Reply::Trace),
            Command::Show(Show::Flows) => {
                Ok(Reply::Table(self.state.flows.show(self.state.clock.now())))
            }
            Command::Show(s) => query::show(&self.state.world, s).map(Reply::Table),
            Command::Lint { vpc } => query::lint(&self.state.world, vpc.as_ref()).map(Reply::Lint),
            Command::Whole(w) => self.whole(w),
            Command::Mark(name) => self.mark(name),
            Command::TraceFlow(packet) => self.flow_trace(packet, Detail::Full).map(Reply::Trace),
            Command::Expect(e) => self.expect(e, host),
            Command::Echo(text) => Ok(Reply::Echo(text.node.clone())),
            Command::Pause => Ok(Reply::Pause),
            // A shell or a script runner acts on `quit` before it gets here; run alone (under
            // `expect`), it does nothing.
            Command::Quit => Ok(Reply::of_message("ok: quit".to_string())),
            Command::Help(topic) => lang::help::help(topic.as_ref()).map(Reply::Help),
            Command::Undo => self.undo().map(Reply::of_message),
            Command::Redo => self.redo().map(Reply::of_message),
            Command::Reset => {
                self.replace(State::default());
                Ok(Reply::of_message("ok: reset to a fresh world".to_string()))
            }
            Command::Export { format, file } => host
                .export(&self.state.world, *format, &file.node)
                .map(Reply::Exported)
                .map_err(|e| e.at(file.span)),
            Command::Save(path) => host
                .save(&self.state.world, &path.node)
                .map(Reply::of_message)
                .map_err(|e| e.at(path.span)),
            Command::Load(path) => {
                let world = host.load(&path.node).map_err(|e| e.at(path.span))?;
                let closed = self.state.flows.len();
                self.replace(State::of(world, self.state.clock));
                let mut message = format!("ok: loaded {}", path.node);
                if closed > 0 {
                    let s = if closed == 1 { "" } else { "s" };
                    message.push_str(&format!(" ({closed} flow{s} of the old world closed)"));
                }
                Ok(Reply::of_message(message))
            }
            Command::ImportAws(dir) => {
                let (world, report) = host.import_aws(&dir.node).map_err(|e| e.at(dir.span))?;
                self.replace(State::of(world, self.state.clock));
                Ok(Reply::Imported(report))
            }
            _ => self
                .history
                .run(&mut self.state, cmd)
                .map(Reply::of_message),
        }
    }

    /// Runs one command and says what moved: the reply (an error is `Reply::Error`) and whether
    /// the world, the flows or the clock may have changed.
    pub fn answer(&mut self, cmd: &Command, host: &mut dyn Host) -> (Reply, Outcome) {
        let moves = cmd.mutates()
            || matches!(
                cmd,
                Command::Undo
                    | Command::Redo
                    | Command::Reset
                    | Command::Load(_)
                    | Command::ImportAws(_)
            );
        match self.run(cmd, host) {
            Ok(reply) => {
                // A denied `send` is the one change that answers without `ok`: it moves nothing.
                let changed = moves && !matches!(reply, Reply::Line(_));
                let before = if changed {
                    self.history.before(&self.state)
                } else {
                    Default::default()
                };
                (reply, Outcome { changed, before })
            }
            Err(e) => (Reply::Error(e), Outcome::default()),
        }
    }

    fn replace(&mut self, mut state: State) {
        state.world.forget_journal();
        let old = std::mem::replace(&mut self.state, state);
        self.history.replace(old);
    }

    pub fn undo(&mut self) -> Result<String, Diagnostic> {
        let message = self.history.undo(&mut self.state)?;
        self.forget_undone_marks();
        Ok(message)
    }

    pub fn redo(&mut self) -> Result<String, Diagnostic> {
        self.history.redo(&mut self.state)
    }

    /// Runs `cmd` and puts the world back as it was, whatever happened: `expect` never changes
    /// anything. (`undo` and `redo` change the state without being changes themselves.)
    fn run_and_restore(&mut self, cmd: &Command, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        let steps = matches!(cmd, Command::Undo | Command::Redo);
        if !cmd.mutates() && !steps {
            return self.run(cmd, host);
        }
        // `undo` takes a step out of the history, so the history is kept whole.
        let saved_history = self.history.mark(steps);
        let saved_state = self.state.clone();
        let saved_marks = self.marks.clone();
        let result = self.run(cmd, host);
        self.state = saved_state;
        self.marks = saved_marks;
        self.history.rewind(saved_history);
        result
    }

    fn expect(&mut self, e: &Expectation, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        let (passed, judged) = match e {
            Expectation::Verdict { allow, probe } => {
                let bare = self
                    .bare
                    .then(|| self.probe(probe, Detail::Bare))
                    .transpose()?
                    .filter(|t| t.allowed == *allow);
                // A failed expectation shows its whole trace.
                let trace = match bare {
                    Some(trace) => trace,
                    None => self.probe(probe, Detail::Full)?,
                };
                let allow = *allow;
                (trace.allowed == allow, Judged::Verdict { allow, trace })
            }
            Expectation::Flow { allow, packet } => {
                let trace = self.flow_trace(packet, Detail::Full)?;
                let allow = *allow;
                (trace.allowed == allow, Judged::Verdict { allow, trace })
            }
            Expectation::Error { code, command } => {
                let code = code.as_ref().map(|c| c.node.clone());
                let got = self.run_and_restore(&command.node, host).map(Box::new);
                let passed = match &got {
                    Err(err) => code.as_ref().is_none_or(|w| *w == err.code),
                    Ok(_) => false,
                };
                (passed, Judged::Error { code, got })
            }
            Expectation::Output { text, command } => {
                let reply = self.run_and_restore(&command.node, host)?;
                // The output is the reply's text, as the text renderer writes it.
                let passed = reply.to_string().contains(text.node.as_str());
                let text = text.node.clone();
                let reply = Box::new(reply);
                (passed, Judged::Output { text, reply })
            }
        };
        Ok(Reply::Expect { passed, judged })
    }
}
