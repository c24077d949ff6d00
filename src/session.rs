//! A session: the world, its undo/redo history, and the runner for commands, expectations and
//! whole scripts.
//!
//! Undo replays: the history is a stack of segments, each a base world (the fresh world, or one
//! that `load` or `reset` put in place) and the commands applied to it since. Undoing a command
//! rebuilds the world from its segment's base; because the core is deterministic, the replay
//! gives back exactly the world as it was, ids and all. This keeps every command cheap (no
//! snapshot per step) and undo exact.
//!
//! What undo restores is the whole [`State`]: the world, the flows and the clock. `wait`,
//! `connect`, `send` and `close` are steps like any command that changes the world, and a
//! change to the world cuts the flows it breaks as part of the same step, so the replay gives
//! back the flows and the clock exactly too. Queries, `expect` and a denied `send` change
//! nothing. Switching account or region is no step (it changes no object), except the first use
//! of one, which creates its default VPC: each step is kept with the context it ran in, and
//! undo leaves the context where the user is, unless it undoes that first use.
//!
//! Files are the shell's business: `save` and `load` go through the [`Host`] the caller passes,
//! so the session itself does no I/O. A saved file holds the world only: flows and the clock are
//! the session's, and `load` closes every flow (its interfaces belonged to the old world) while
//! the clock runs on.

mod ask;
mod clock;
mod flows;
mod names;
mod printable;
mod reply;
mod script;

pub use crate::query::{Block, Shown, Table};
pub use clock::Clock;
pub use flows::{Flow, FlowRow, FlowState, Flows};
pub use printable::printable;
pub use reply::{Judged, Outcome, Reply};
pub use script::{ScriptLine, ScriptReport, Verbosity};

// What the shells need of the answers, through the session (they import no lower floor).
pub use crate::dataplane::{Detail, LineKind, Trace, TraceLine};
pub use crate::query::{ReachGrid, ReachHost};

use crate::control;
use crate::dataplane::Secs;
use crate::lang::ast::{Command, Expectation, Show};
use crate::lang::error::Diagnostic;
use crate::lang::{self, parse_command};
use crate::query;
use crate::world::World;
use crate::world::ids::Scope;

/// What the session needs from the outside world: reading and writing world files.
pub trait Host {
    /// Saves the world to `path`; returns what to report.
    fn save(&mut self, world: &World, path: &str) -> Result<String, Diagnostic>;
    /// Loads a world from `path`.
    fn load(&mut self, path: &str) -> Result<World, Diagnostic>;
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

/// One undo step.
#[derive(Clone, Debug)]
enum Step {
    Command(Box<Recorded>),
    /// `load` or `reset`: the state that replaced the current one.
    Replace(Box<State>),
}

/// A command that was an undo step, with the account and region it ran in: switching context is
/// no step, so a replay puts each command back where it ran.
#[derive(Clone, Debug)]
struct Recorded {
    scope: Scope,
    cmd: Command,
}

impl Recorded {
    /// The first use of an account or region (the only switch that is a step).
    fn is_switch(&self) -> bool {
        matches!(self.cmd, Command::Account(_) | Command::Region(_))
    }

    /// Applies the command in the context it ran in.
    fn apply(&self, state: &mut State) -> Result<(String, bool), Diagnostic> {
        state.world.scope = self.scope.clone();
        state.apply(&self.cmd)
    }
}

#[derive(Clone, Debug)]
struct Segment {
    base: State,
    commands: Vec<Recorded>,
}

/// A world, its flows and clock, with undo/redo.
#[derive(Clone, Debug)]
pub struct Session {
    state: State,
    segments: Vec<Segment>,
    redo: Vec<Step>,
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
        let state = State::of(world, Clock::default());
        Session {
            segments: vec![Segment {
                base: state.clone(),
                commands: Vec::new(),
            }],
            state,
            redo: Vec::new(),
        }
    }

    pub fn world(&self) -> &World {
        &self.state.world
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
        match cmd {
            Command::Probe(p) => self.probe(p, Detail::Verdict).map(Reply::Verdict),
            Command::Trace(p) => self.probe(p, Detail::Full).map(Reply::Trace),
            Command::Show(Show::Flows) => {
                Ok(Reply::Table(self.state.flows.show(self.state.clock.now())))
            }
            Command::Show(s) => query::show(&self.state.world, s).map(Reply::Table),
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
            _ => {
                let scope = self.state.world.scope.clone();
                let (message, step) = self.state.apply(cmd)?;
                if step {
                    self.record(Recorded {
                        scope,
                        cmd: cmd.clone(),
                    });
                }
                Ok(Reply::of_message(message))
            }
        }
    }

    /// Runs one command and says what moved: the reply (an error is `Reply::Error`) and whether
    /// the world, the flows or the clock may have changed.
    pub fn answer(&mut self, cmd: &Command, host: &mut dyn Host) -> (Reply, Outcome) {
        let moves = cmd.mutates()
            || matches!(
                cmd,
                Command::Undo | Command::Redo | Command::Reset | Command::Load(_)
            );
        match self.run(cmd, host) {
            Ok(reply) => {
                // A denied `send` is the one change that answers without `ok`: it moves nothing.
                let changed = moves && !matches!(reply, Reply::Line(_));
                (reply, Outcome { changed })
            }
            Err(e) => (Reply::Error(e), Outcome::default()),
        }
    }

    fn record(&mut self, cmd: Recorded) {
        self.redo.clear();
        if let Some(seg) = self.segments.last_mut() {
            seg.commands.push(cmd);
        }
    }

    fn replace(&mut self, state: State) {
        self.redo.clear();
        self.segments.push(Segment {
            base: state.clone(),
            commands: Vec::new(),
        });
        self.state = state;
    }

    /// Rebuilds the current state from the last segment.
    fn rebuild(&mut self) {
        let Some(seg) = self.segments.last() else {
            return;
        };
        let mut state = seg.base.clone();
        for cmd in &seg.commands {
            // Each command succeeded on this very state before; the core is deterministic.
            let _ = cmd.apply(&mut state);
        }
        self.state = state;
    }

    pub fn undo(&mut self) -> Result<String, Diagnostic> {
        let last = self.segments.len() - 1;
        if let Some(cmd) = self.segments[last].commands.pop() {
            let what = control::command_name(&cmd.cmd);
            // The context stays where the user is, unless the step undone made it: then it goes
            // back to where that step was taken.
            let context = if cmd.is_switch() {
                cmd.scope.clone()
            } else {
                self.state.world.scope.clone()
            };
            self.redo.push(Step::Command(Box::new(cmd)));
            self.rebuild();
            self.state.world.scope = context;
            return Ok(format!("ok: undid {what}"));
        }
        if last == 0 {
            return Err(
                Diagnostic::new("NothingToUndo", "there is nothing to undo").help(
                    "undo steps back over commands that changed the world, the flows or the clock",
                ),
            );
        }
        if let Some(seg) = self.segments.pop() {
            self.redo.push(Step::Replace(Box::new(seg.base)));
        }
        self.rebuild();
        Ok("ok: undid load/reset".to_string())
    }

    pub fn redo(&mut self) -> Result<String, Diagnostic> {
        match self.redo.pop() {
            None => Err(Diagnostic::new("NothingToRedo", "there is nothing to redo")),
            Some(Step::Command(cmd)) => {
                let what = control::command_name(&cmd.cmd);
                let context = self.state.world.scope.clone();
                if let Err(e) = cmd.apply(&mut self.state) {
                    self.state.world.scope = context;
                    return Err(e);
                }
                if !cmd.is_switch() {
                    self.state.world.scope = context;
                }
                if let Some(seg) = self.segments.last_mut() {
                    seg.commands.push(*cmd);
                }
                Ok(format!("ok: redid {what}"))
            }
            Some(Step::Replace(state)) => {
                self.segments.push(Segment {
                    base: (*state).clone(),
                    commands: Vec::new(),
                });
                self.state = *state;
                Ok("ok: redid load/reset".to_string())
            }
        }
    }

    /// Runs `cmd` and puts the world back as it was, whatever happened: `expect` never changes
    /// anything. (`undo` and `redo` change the state without being changes themselves.)
    fn run_and_restore(&mut self, cmd: &Command, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        let steps = matches!(cmd, Command::Undo | Command::Redo);
        if !cmd.mutates() && !steps {
            return self.run(cmd, host);
        }
        // `undo` takes a step out of the history, so the history is kept whole.
        let saved_history = steps.then(|| self.segments.clone());
        let saved_state = self.state.clone();
        let saved_segments = self.segments.len();
        let saved_commands = self.segments.last().map_or(0, |s| s.commands.len());
        let saved_redo = self.redo.clone();
        let result = self.run(cmd, host);
        self.state = saved_state;
        self.segments.truncate(saved_segments);
        if let Some(seg) = self.segments.last_mut() {
            seg.commands.truncate(saved_commands);
        }
        self.redo = saved_redo;
        if let Some(history) = saved_history {
            self.segments = history;
        }
        result
    }

    fn expect(&mut self, e: &Expectation, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        let (passed, judged) = match e {
            Expectation::Verdict { allow, probe } => {
                let trace = self.probe(probe, Detail::Full)?;
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
