//! Running a command line in the TUI: parse it with the language, send it to the session, log
//! what it printed, and keep what the panes need from it: the trace of a `probe`, `trace` or
//! `expect allow|deny` (decided in full, so the trace pane can show every rule looked at), of a
//! flow's packet (`connect`, `send`, `trace flow`, `expect allow|deny flow`), and
//! what a command changed in the world (highlighted, and its group selected).

use super::app::{App, Pane};
use super::changes::Changes;
use super::console::LogKind;
use super::model::Node;
use super::traceview::TraceView;
use crate::lang::ast::Command;
use crate::lang::error::Diagnostic;
use crate::lang::parse_command;
use crate::session::{Detail, Host, Judged, Outcome, Reply, ScriptReport, Session, Trace};

/// What stepping back over a command takes (play mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Undo {
    /// The command changed nothing.
    #[default]
    Nothing,
    /// An `undo` of the session.
    Undo,
    /// A `redo` of the session (to step back over an `undo`).
    Redo,
}

/// How a command went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ran {
    pub ok: bool,
    pub undo: Undo,
    /// The text of an `echo`, or `Some("")` for a `pause`.
    pub echo: Option<String>,
    pub pause: bool,
    /// What a `goals` said: each goal met or not, and its words.
    pub goals: Option<Vec<(bool, String)>>,
}

impl App {
    /// An app on the world a script built (run by the session's script runner, at `sgs run`'s
    /// speed): the console shows what the script printed (its narration, failed expectations and
    /// the error it stopped at, quoting `origin:line`, given apart) and how it ended.
    pub fn after_script(
        session: Session,
        host: Box<dyn Host>,
        origin: &str,
        report: &ScriptReport,
        (printed, error): (&str, &str),
    ) -> App {
        let mut app = App::new(session, host);
        app.log.push(LogKind::Text, printed);
        app.log.push(LogKind::Error, error);
        let tally = format!("{} passed, {} failed", report.passed, report.failed);
        let (kind, summary) = if report.stopped {
            (
                LogKind::Error,
                format!(
                    "{origin}: stopped at the error above ({tally}); the world is as it was before that line"
                ),
            )
        } else if report.failed > 0 {
            (LogKind::Fail, format!("ran {origin}: {tally}"))
        } else {
            (LogKind::Ok, format!("ran {origin}: {tally}"))
        };
        app.log.push(kind, &summary);
        app.follow_log();
        app
    }

    /// Runs one line of the language as if typed on the command line.
    pub fn execute(&mut self, line: &str) -> Ran {
        self.log.push(LogKind::Command, &format!("› {line}"));
        let ran = match parse_command(line) {
            Ok(Some(cmd)) => self.run_command(&cmd.node, line),
            Ok(None) => Ran {
                ok: true,
                ..Ran::default()
            },
            Err(e) => {
                self.log_error(&e, line);
                Ran::default()
            }
        };
        self.follow_log();
        ran
    }

    fn log_error(&mut self, e: &Diagnostic, line: &str) {
        self.log.push(LogKind::Error, &e.render("<console>", line));
    }

    fn run_command(&mut self, cmd: &Command, line: &str) -> Ran {
        if matches!(cmd, Command::Quit) {
            self.quit = true;
            return Ran {
                ok: true,
                ..Ran::default()
            };
        }
        // A flow command's packet, decided before the command runs (a send resets the timer it
        // is judged by), for the trace pane.
        let flow_trace = match cmd {
            Command::Connect { probe, .. } => self.model.session.probe(probe, Detail::Full).ok(),
            Command::Send(packet) => self.model.session.flow_trace(packet, Detail::Full).ok(),
            _ => None,
        };
        if let Command::Ask(probe) = cmd {
            return self.pose(probe, line);
        }
        let serial = self.trace.serial;
        let services = std::sync::Arc::clone(&self.model.session.world().services);
        let (reply, outcome) = match cmd {
            // A probe is decided in full, so the trace pane can show every rule looked at.
            Command::Probe(p) => match self.model.session.probe(p, Detail::Full) {
                Ok(trace) => (Reply::Verdict(trace), Outcome::default()),
                Err(e) => (Reply::Error(e), Outcome::default()),
            },
            _ => self.model.session.answer(cmd, self.model.host.as_mut()),
        };
        let mut ran = Ran {
            ok: true,
            undo: match cmd {
                Command::Undo => Undo::Redo,
                Command::Redo => Undo::Undo,
                _ if cmd.mutates() => Undo::Undo,
                _ => Undo::Nothing,
            },
            ..Ran::default()
        };
        let text = reply.to_string();
        match reply {
            Reply::Error(e) => {
                self.log_error(&e, line);
                // A refused connect or send: the trace shows where its packet was denied.
                if let Some(trace) = flow_trace {
                    self.set_trace(trace);
                }
                return Ran::default();
            }
            Reply::Verdict(trace) | Reply::Trace(trace) => {
                self.log.push(verdict_kind(trace.allowed), &trace.summary());
                self.set_trace(trace);
                return ran;
            }
            Reply::Done { .. } | Reply::Imported(_) | Reply::Exported(_) => {
                self.log.push(LogKind::Ok, &text)
            }
            Reply::Line(_)
            | Reply::Table(_)
            | Reply::Help(_)
            | Reply::Lint(_)
            | Reply::Reach(_)
            | Reply::Reachers(_)
            | Reply::Reachable(_)
            | Reply::Diff(_) => self.log.push(LogKind::Text, &text),
            Reply::Why(w) => {
                self.log.push(LogKind::Text, &text);
                self.set_why(&w);
            }
            Reply::Expect { passed, judged } => {
                let kind = if passed { LogKind::Pass } else { LogKind::Fail };
                self.log.push(kind, &text);
                if let Judged::Verdict { trace, .. } = judged {
                    self.set_trace(trace);
                }
            }
            Reply::Echo(s) => {
                self.log.push(LogKind::Echo, &s);
                ran.echo = Some(s);
            }
            Reply::Pause => {
                self.log.push(LogKind::Echo, "(pause)");
                ran.pause = true;
            }
            Reply::Task(_) | Reply::Goals(_) | Reply::Revealed(_) => {
                self.lesson_reply(reply, &mut ran);
            }
        }
        if let Some(trace) = flow_trace {
            self.set_trace(trace);
        }
        if outcome.changed {
            // A trace decided before the world changed no longer tells how it is.
            if self.trace.serial == serial && self.trace.view.is_some() {
                self.trace.stale = true;
            }
            let world = self.model.session.world();
            self.model.changes =
                Changes::between(&outcome.before, world).with_services(&services, world);
            let target = self.changed_node();
            self.refresh_onto(target.as_ref());
        }
        ran
    }

    pub(super) fn set_trace(&mut self, trace: Trace) {
        let view = TraceView::new(trace);
        self.trace.fixes.clear();
        self.trace.fix = 0;
        // Open the trace scrolled to its deciding step, a few lines of context above it.
        self.trace.cursor = Default::default();
        let deciding = view.deciding_line().unwrap_or(0);
        self.trace.view = Some(view);
        self.trace.stale = false;
        self.trace.serial += 1;
        if !matches!(self.screen.focus, Pane::Rules | Pane::Members) {
            self.screen.right = Pane::Trace;
        }
        // Where the topology view leaves a trace no room (a low terminal), the new trace takes
        // the right column back: a reveal is there to be seen (v opens the picture again).
        if self.topology.is_some() && self.areas().trace.is_none() {
            self.topology = None;
        }
        // Up to three lines of context above it, as many as take no more than half the pane's
        // rows once wrapped (the path strip takes rows too).
        let (width, rows) = self.text_area(Pane::Trace);
        let mut offset = deciding;
        let mut used = 0;
        if let Some(view) = &self.trace.view {
            for line in view.lines[..deciding.min(view.lines.len())]
                .iter()
                .rev()
                .take(3)
            {
                used += super::wrap::height(&line.text, width);
                if used > (rows / 2).max(1) {
                    break;
                }
                offset -= 1;
            }
            offset = view.context_start(offset);
        }
        self.trace.cursor.offset = offset;
        self.scroll_text(Pane::Trace, super::scroll::To::By(0));
    }

    /// The row to select after a change, so what the last command changed is on screen: the
    /// group it was about, else a VPC it made or changed.
    fn changed_node(&self) -> Option<Node> {
        let world = self.model.session.world();
        let mut groups: Vec<_> = self
            .model
            .changes
            .groups
            .iter()
            .filter_map(|id| world.groups.get(id))
            .collect();
        groups.sort_by_key(|g| g.seq);
        // The newest group changed is the one the command was about (a launch changes the
        // groups of the new instance: show the first of them).
        let target = if self.model.changes.enis.is_empty() {
            groups.last()
        } else {
            groups.first()
        };
        match target {
            Some(g) => Some(Node::Group(g.id.clone())),
            None => self
                .model
                .changes
                .vpcs
                .iter()
                .next()
                .cloned()
                .map(Node::Vpc),
        }
    }
}

/// How the console shows a verdict.
fn verdict_kind(allowed: bool) -> LogKind {
    if allowed {
        LogKind::Allow
    } else {
        LogKind::Deny
    }
}
