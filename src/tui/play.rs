//! Play mode, for classrooms: a session file run one command at a time. Space (or →) runs the
//! next command, ← steps back (through the session's undo, so the world is exactly as it was),
//! `c` runs on to the next `pause`. `echo` lines become the narration banner; what each step
//! changed is highlighted in the panes; the bar shows `step 7/23`.

use super::app::App;
use super::changes::Changes;
use super::runner::Undo;
use super::traceview::TraceView;
use crate::lang::ast::Command;
use crate::lang::{lines, parse_command, split_script};

/// What stepping back over one step restores.
#[derive(Clone, Debug)]
struct Frame {
    undo: Undo,
    trace: Option<TraceView>,
    banner: Option<String>,
    paused: bool,
    log: usize,
    changes: Changes,
}

#[derive(Clone, Debug)]
pub struct Play {
    /// The file's name, for the banner.
    pub name: String,
    /// The commands, one per logical line (comments and blank lines left out).
    pub steps: Vec<String>,
    /// How many steps have run.
    pub done: usize,
    frames: Vec<Frame>,
    /// The last `echo`.
    pub banner: Option<String>,
    /// The last step was a `pause`.
    pub paused: bool,
}

impl Play {
    pub fn new(name: &str, src: &str) -> Play {
        let steps = split_script(lines::without_bom(src))
            .into_iter()
            .map(|(_, text)| text.trim().to_string())
            // `quit` or `exit` ends the file.
            .take_while(
                |text| !matches!(parse_command(text), Ok(Some(c)) if c.node == Command::Quit),
            )
            // A line that is only a comment or blank is no step; a syntax error is one (it is
            // shown when its turn comes).
            .filter(|text| !matches!(parse_command(text), Ok(None)))
            .collect();
        Play {
            name: name.to_string(),
            steps,
            done: 0,
            frames: Vec::new(),
            banner: None,
            paused: false,
        }
    }

    /// `step 7/23`.
    pub fn progress(&self) -> String {
        format!("step {}/{}", self.done, self.steps.len())
    }

    /// The next command to run.
    pub fn next(&self) -> Option<&str> {
        self.steps.get(self.done).map(String::as_str)
    }
}

impl App {
    /// An app that plays `src` step by step.
    pub fn play(name: &str, src: &str, host: Box<dyn crate::session::Host>) -> App {
        let mut app = App::new(crate::session::Session::new(), host);
        app.play = Some(Play::new(name, src));
        app.refresh();
        app
    }

    pub(super) fn play_next(&mut self) {
        let Some(play) = self.play.as_ref() else {
            return;
        };
        let Some(text) = play.next().map(str::to_string) else {
            self.input.status = Some("the end: ← steps back, q quits".into());
            return;
        };
        let frame = Frame {
            undo: Undo::Nothing,
            trace: self.trace.view.clone(),
            banner: play.banner.clone(),
            paused: play.paused,
            log: self.log.mark(),
            changes: self.model.changes.clone(),
        };
        self.model.changes = Changes::default();
        let ran = self.execute(&text);
        let Some(play) = self.play.as_mut() else {
            return;
        };
        play.frames.push(Frame {
            undo: if ran.ok { ran.undo } else { Undo::Nothing },
            ..frame
        });
        play.done += 1;
        play.paused = ran.pause;
        if let Some(echo) = ran.echo {
            play.banner = Some(echo);
        }
    }

    pub(super) fn play_back(&mut self) {
        let Some(frame) = self.play.as_mut().and_then(|p| p.frames.pop()) else {
            self.input.status = Some("this is the start".into());
            return;
        };
        let undone = match frame.undo {
            Undo::Nothing => Ok(String::new()),
            Undo::Undo => self.model.session.undo(),
            Undo::Redo => self.model.session.redo(),
        };
        if let Err(e) = undone {
            self.input.status = Some(e.headline());
        }
        self.trace.view = frame.trace;
        self.log.rewind(frame.log);
        self.model.changes = frame.changes;
        if let Some(play) = self.play.as_mut() {
            play.done = play.done.saturating_sub(1);
            play.banner = frame.banner;
            play.paused = frame.paused;
        }
        self.refresh();
        self.follow_log();
    }

    /// Runs steps until one is a `pause` (or the file ends).
    pub(super) fn play_run(&mut self) {
        loop {
            let Some(play) = self.play.as_ref() else {
                return;
            };
            if play.next().is_none() {
                self.input.status = Some("the end: ← steps back, q quits".into());
                return;
            }
            self.play_next();
            // A pause, or an `ask` waiting for its prediction, stops the run.
            if self.play.as_ref().is_some_and(|p| p.paused) || self.question.is_some() {
                return;
            }
        }
    }
}
