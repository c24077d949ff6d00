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

mod clock;
mod flows;
mod history;
mod names;
mod printable;

pub use clock::Clock;
pub use flows::{Flow, FlowRow, FlowState, Flows};
pub use printable::printable;

use history::History;

use crate::control::{self, Outcome};
use crate::dataplane::{self, Detail, Secs};
use crate::lang::ast::{Command, Expectation, Probe, Show, Spanned};
use crate::lang::error::{Diagnostic, line_col};
use crate::lang::{self, lines, parse_command, split_script};
use crate::show;
use crate::world::World;

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

/// What a command produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// One short line (`ok: …`, a probe's verdict).
    Line(String),
    /// A table or a trace.
    Text(String),
    /// An `expect` was judged.
    Expect { passed: bool, text: String },
    /// `echo`: narration.
    Echo(String),
    /// `pause`: a front end with a person in front of it waits for a key.
    Pause,
}

impl Reply {
    /// The text a front end prints for this reply.
    pub fn text(&self) -> &str {
        match self {
            Reply::Line(s) | Reply::Text(s) | Reply::Echo(s) => s,
            Reply::Expect { text, .. } => text,
            Reply::Pause => "",
        }
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
                let Outcome { message } = control::apply(&mut self.world, cmd)?;
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
                let Outcome { message } = control::apply(&mut self.world, cmd)?;
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

    /// Runs one command.
    pub fn run(&mut self, cmd: &Command, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        match cmd {
            Command::Probe(p) => self
                .probe(p, Detail::Verdict)
                .map(|t| Reply::Line(t.summary())),
            Command::Trace(p) => self
                .probe(p, Detail::Full)
                .map(|t| Reply::Text(t.to_string())),
            Command::Show(Show::Flows) => {
                Ok(Reply::Text(self.state.flows.show(self.state.clock.now())))
            }
            Command::Show(s) => show::show(&self.state.world, s).map(Reply::Text),
            Command::TraceFlow(packet) => self
                .flow_trace(packet, Detail::Full)
                .map(|t| Reply::Text(t.to_string())),
            Command::Expect(e) => self.expect(e, host),
            Command::Echo(text) => Ok(Reply::Echo(text.node.clone())),
            Command::Pause => Ok(Reply::Pause),
            // A shell or a script runner acts on `quit` before it gets here; run alone (under
            // `expect`), it does nothing.
            Command::Quit => Ok(Reply::Line("ok: quit".to_string())),
            Command::Help(topic) => lang::help::help(topic.as_ref()).map(Reply::Text),
            Command::Undo => self.undo().map(Reply::Line),
            Command::Redo => self.redo().map(Reply::Line),
            Command::Reset => {
                self.replace(State::default());
                Ok(Reply::Line("ok: reset to a fresh world".to_string()))
            }
            Command::Save(path) => host
                .save(&self.state.world, &path.node)
                .map(Reply::Line)
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
                Ok(Reply::Line(message))
            }
            _ => self.history.run(&mut self.state, cmd).map(Reply::Line),
        }
    }

    fn probe(&self, p: &Probe, detail: Detail) -> Result<dataplane::Trace, Diagnostic> {
        let world = &self.state.world;
        let q = dataplane::resolve(world, p)?;
        Ok(dataplane::decide(world, &q, detail))
    }

    /// The trace of a flow's next packet one way, at the clock's time, without sending it.
    pub fn flow_trace(
        &self,
        packet: &lang::ast::FlowPacket,
        detail: Detail,
    ) -> Result<dataplane::Trace, Diagnostic> {
        let s = &self.state;
        s.flows.trace(&s.world, s.clock.now(), packet, detail)
    }

    fn replace(&mut self, mut state: State) {
        state.world.forget_journal();
        let old = std::mem::replace(&mut self.state, state);
        self.history.replace(old);
    }

    pub fn undo(&mut self) -> Result<String, Diagnostic> {
        self.history.undo(&mut self.state)
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
        let result = self.run(cmd, host);
        self.state = saved_state;
        self.history.rewind(saved_history);
        result
    }

    fn expect(&mut self, e: &Expectation, host: &mut dyn Host) -> Result<Reply, Diagnostic> {
        match e {
            Expectation::Verdict { allow, probe } => {
                let trace = self.probe(probe, Detail::Full)?;
                let passed = trace.allowed == *allow;
                let want = if *allow { "allow" } else { "deny" };
                let text = if passed {
                    format!("pass: {}", trace.summary())
                } else {
                    format!("expected {want}, got {}\n{trace}", trace.summary())
                };
                Ok(Reply::Expect { passed, text })
            }
            Expectation::Error { code, command } => {
                let want = code.as_ref().map(|c| c.node.as_str());
                match self.run_and_restore(&command.node, host) {
                    Err(err) => {
                        let passed = want.is_none_or(|w| w == err.code);
                        let text = if passed {
                            format!("pass: {}", err.headline())
                        } else {
                            format!(
                                "expected error {}, got {}",
                                want.unwrap_or("(any)"),
                                err.headline()
                            )
                        };
                        Ok(Reply::Expect { passed, text })
                    }
                    Ok(reply) => Ok(Reply::Expect {
                        passed: false,
                        text: format!(
                            "expected error {}, but the command succeeded (its effect is undone): {}",
                            want.unwrap_or("(any)"),
                            first_line(reply.text())
                        ),
                    }),
                }
            }
            Expectation::Flow { allow, packet } => {
                let trace = self.flow_trace(packet, Detail::Full)?;
                let passed = trace.allowed == *allow;
                let want = if *allow { "allow" } else { "deny" };
                let text = if passed {
                    format!("pass: {}", trace.summary())
                } else {
                    format!("expected {want}, got {}\n{trace}", trace.summary())
                };
                Ok(Reply::Expect { passed, text })
            }
            Expectation::Output { text, command } => {
                let reply = self.run_and_restore(&command.node, host)?;
                let passed = reply.text().contains(text.node.as_str());
                let out = if passed {
                    format!("pass: output contains \"{}\"", text.node)
                } else {
                    format!(
                        "expected the output to contain \"{}\"; it was:\n{}",
                        text.node,
                        reply.text()
                    )
                };
                Ok(Reply::Expect { passed, text: out })
            }
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// How a script run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptReport {
    /// Everything the script printed, in order ([`Session::run_script`] only: a run that writes
    /// as it goes leaves it empty).
    pub output: String,
    pub passed: usize,
    pub failed: usize,
    /// The script stopped at an unexpected error (a syntax error or a failed command).
    pub stopped: bool,
    /// The output could not be written (a closed pipe): the run ended there.
    pub closed: bool,
}

impl ScriptReport {
    /// The `sgs run` exit code: 0 when all held, 1 when an expectation failed, 2 on an
    /// unexpected error.
    pub fn exit_code(&self) -> u8 {
        if self.stopped {
            2
        } else if self.failed > 0 {
            1
        } else {
            0
        }
    }
}

/// What a script run prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Every command's output.
    All,
    /// Only failures, errors and narration.
    Quiet,
}

impl Session {
    /// Runs a whole script and keeps what it printed in the report. `origin` names it in
    /// messages (`lab.sgs`). Stops at the first unexpected error.
    pub fn run_script(
        &mut self,
        origin: &str,
        src: &str,
        host: &mut dyn Host,
        verbosity: Verbosity,
    ) -> ScriptReport {
        let mut out = Vec::new();
        let mut report = self.run_script_to(origin, src, host, verbosity, &mut out);
        report.output = String::from_utf8_lossy(&out).into_owned();
        report
    }

    /// Runs a whole script, writing each command's output to `out` as soon as the command
    /// completes (control characters escaped). Stops at the first unexpected error, at `quit`
    /// or `exit`, and when `out` refuses a write (a closed pipe: `closed` in the report).
    pub fn run_script_to(
        &mut self,
        origin: &str,
        src: &str,
        host: &mut dyn Host,
        verbosity: Verbosity,
        out: &mut dyn std::io::Write,
    ) -> ScriptReport {
        let mut report = ScriptReport::default();
        // Messages quote the file without its byte-order mark and count columns from there.
        let src = lines::without_bom(src);
        let mut chunk = String::new();
        for (start, text) in split_script(src) {
            chunk.clear();
            let go_on = self.run_script_line(
                (origin, src, start, &text),
                host,
                verbosity,
                &mut report,
                &mut chunk,
            );
            if !chunk.is_empty() && out.write_all(printable(&chunk).as_bytes()).is_err() {
                report.closed = true;
                break;
            }
            if !go_on {
                break;
            }
        }
        report
    }

    /// Runs one logical line of a script: what it prints goes to `out`; false when the script
    /// stops here.
    fn run_script_line(
        &mut self,
        (origin, src, start, text): (&str, &str, usize, &str),
        host: &mut dyn Host,
        verbosity: Verbosity,
        report: &mut ScriptReport,
        out: &mut String,
    ) -> bool {
        let parsed = match parse_command(text) {
            Ok(Some(cmd)) => cmd,
            Ok(None) => return true,
            Err(err) => {
                out.push_str(&err.shifted(start).render(origin, src));
                report.stopped = true;
                return false;
            }
        };
        let Spanned { node: cmd, .. } = parsed;
        if matches!(cmd, Command::Quit) {
            return false;
        }
        match self.run(&cmd, host) {
            Ok(Reply::Expect { passed, text: t }) => {
                if passed {
                    report.passed += 1;
                    if verbosity == Verbosity::All {
                        out.push_str(&t);
                        out.push('\n');
                    }
                } else {
                    report.failed += 1;
                    let (line, _) = line_col(src, start);
                    out.push_str(&format!("FAIL {origin}:{line}: {}\n", text.trim()));
                    for l in t.lines() {
                        out.push_str("  ");
                        out.push_str(l);
                        out.push('\n');
                    }
                }
            }
            Ok(Reply::Echo(t)) => {
                out.push_str(&t);
                out.push('\n');
            }
            Ok(Reply::Pause) => {}
            Ok(reply) => {
                if verbosity == Verbosity::All {
                    out.push_str(reply.text());
                    if !reply.text().ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
            Err(err) => {
                out.push_str(&err.shifted(start).render(origin, src));
                report.stopped = true;
                return false;
            }
        }
        true
    }
}
