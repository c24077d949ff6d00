//! Play mode, for classrooms: a session file run one command at a time. Space (or →) runs the
//! next command, ← steps back (through the session's undo, so the world is exactly as it was),
//! `c` runs on to the next `pause` and `[` goes back to the previous one, `s` jumps to a step by
//! its number. `echo` lines become the narration banner; what the commands since the last
//! `pause` changed is highlighted in the panes; the bar shows `step 7/23`. The preview of the
//! next command never gives an answer away: an `expect` or a `goal` shows its packet, not its
//! verdict. Autoplay (`autoplay`) and the detour (`detour`) are beside this file.

use super::app::App;
use super::autoplay::Autoplay;
use super::changes::Changes;
use super::detour::Detour;
use super::runner::Undo;
use super::traceview::TraceView;
use crate::lang::ast::{Command, Expectation};
use crate::lang::tokens::{TokenKind, tokenize};
use crate::lang::{lines, parse_command, split_script};
use crate::session::Lesson;

/// What stepping back over one step restores.
#[derive(Clone, Debug)]
struct Frame {
    undo: Undo,
    trace: Option<TraceView>,
    stale: bool,
    banner: Option<String>,
    paused: bool,
    log: usize,
    changes: Changes,
    /// The task, goals and score before the step (an answered `ask`, a `goal` set).
    lesson: Lesson,
    goals: Vec<(bool, String)>,
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
    /// What the last `goals` said (each goal met or not, and its words), until the next
    /// narration: presenter mode shows it under the narration, as it has no console.
    pub goals: Vec<(bool, String)>,
    /// Steps running by themselves, at a pace.
    pub autoplay: Autoplay,
    /// The lesson as it was when a detour began (the detour's commands are undone on return).
    pub(super) detour: Option<Box<Detour>>,
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
            goals: Vec::new(),
            autoplay: Autoplay::default(),
            detour: None,
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

    /// The next command as the banner previews it: without its answer.
    pub fn next_preview(&self) -> Option<String> {
        self.next().map(preview)
    }

    /// Whether a detour is under way.
    pub fn in_detour(&self) -> bool {
        self.detour.is_some()
    }
}

/// A command as a preview shows it: an `expect` or a `goal` without the verdict it states (the
/// class predicts it), an `expect error` or `expect output` without the error or text it
/// expects, and no command with its trailing comment (a comment may tell the answer); any
/// other command as it is.
pub fn preview(line: &str) -> String {
    let tokens = tokenize(line);
    let end = tokens
        .iter()
        .find(|t| t.kind == TokenKind::Comment)
        .map_or(line.len(), |t| t.start);
    let text = line.get(..end).unwrap_or(line).trim_end();
    let Ok(Some(cmd)) = parse_command(text) else {
        return text.to_string();
    };
    // The words from the third on (after `expect allow`, `goal deny`), as written.
    let after_two = || {
        tokens
            .get(2)
            .and_then(|t| text.get(t.start..))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    match &cmd.node {
        Command::Expect(Expectation::Verdict { .. } | Expectation::Flow { .. }) => {
            format!("expect ? {}", after_two())
        }
        Command::Goal(_) => format!("goal ? {}", after_two()),
        Command::Expect(
            Expectation::Error { command, .. } | Expectation::Output { command, .. },
        ) => {
            let inner = text.get(command.span.start..).unwrap_or("").trim();
            format!("expect ?: {inner}")
        }
        _ => text.to_string(),
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

    /// The same app in presenter mode (`sgs play --present`).
    pub fn presenting(mut self) -> App {
        self.screen.present = true;
        // ↑↓ and PgUp/PgDn scroll the trace, the one list on screen.
        self.focus_pane(super::app::Pane::Trace);
        self
    }

    /// Whether presenter mode is on.
    pub fn presenter(&self) -> bool {
        self.screen.present
    }

    /// Whether play keys are refused now (a detour is under way); says so.
    fn play_blocked(&mut self) -> bool {
        let blocked = self.play.as_ref().is_some_and(Play::in_detour);
        if blocked {
            self.input.status = Some("on a detour: e goes back to the lesson".into());
        }
        blocked
    }

    pub(super) fn play_next(&mut self) {
        if self.play_blocked() {
            return;
        }
        self.play_step();
    }

    /// Runs the next step. What it changed joins what the steps since the last `pause` changed.
    fn play_step(&mut self) {
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
            stale: self.trace.stale,
            banner: play.banner.clone(),
            paused: play.paused,
            log: self.log.mark(),
            changes: self.model.changes.clone(),
            lesson: self.model.session.lesson().clone(),
            goals: play.goals.clone(),
        };
        // A new lesson step (the first, or the one after a pause) starts with no highlights.
        let mut so_far = if play.paused || play.done == 0 {
            Changes::default()
        } else {
            self.model.changes.clone()
        };
        self.model.changes = Changes::default();
        let ran = self.execute(&text);
        so_far.merge(std::mem::take(&mut self.model.changes));
        self.model.changes = so_far;
        self.rebuild_topology();
        let Some(play) = self.play.as_mut() else {
            return;
        };
        play.frames.push(Frame {
            undo: if ran.ok { ran.undo } else { Undo::Nothing },
            ..frame
        });
        play.done += 1;
        play.paused = ran.pause;
        if let Some(goals) = ran.goals {
            play.goals = goals;
        } else if ran.echo.is_some() {
            play.goals.clear();
        }
        if let Some(echo) = ran.echo {
            play.banner = Some(echo);
        }
    }

    pub(super) fn play_back(&mut self) {
        if self.play_blocked() {
            return;
        }
        self.play_unstep();
    }

    /// Takes the last step back; false at the start.
    fn play_unstep(&mut self) -> bool {
        let Some(frame) = self.play.as_mut().and_then(|p| p.frames.pop()) else {
            self.input.status = Some("this is the start".into());
            return false;
        };
        // A question the step posed is withdrawn with it.
        self.question = None;
        let undone = match frame.undo {
            Undo::Nothing => Ok(String::new()),
            Undo::Undo => self.model.session.undo(),
            Undo::Redo => self.model.session.redo(),
        };
        if let Err(e) = undone {
            self.input.status = Some(e.headline());
        }
        self.model.session.restore_lesson(frame.lesson);
        self.trace.view = frame.trace;
        self.trace.stale = frame.stale;
        self.log.rewind(frame.log);
        self.model.changes = frame.changes;
        if let Some(play) = self.play.as_mut() {
            play.done = play.done.saturating_sub(1);
            play.banner = frame.banner;
            play.paused = frame.paused;
            play.goals = frame.goals;
        }
        self.refresh();
        self.follow_log();
        true
    }

    /// Whether the run must stop here: a `pause` just ran, or an `ask` waits for its
    /// prediction.
    fn play_halts(&self) -> bool {
        self.play.as_ref().is_some_and(|p| p.paused) || self.question.is_some()
    }

    /// Runs steps until one is a `pause` (or the file ends).
    pub(super) fn play_run(&mut self) {
        if self.play_blocked() {
            return;
        }
        loop {
            let Some(play) = self.play.as_ref() else {
                return;
            };
            if play.next().is_none() {
                self.input.status = Some("the end: ← steps back, q quits".into());
                return;
            }
            self.play_step();
            if self.play_halts() {
                return;
            }
        }
    }

    /// Steps back to just after the previous `pause` (or to the start).
    pub(super) fn play_previous_pause(&mut self) {
        if self.play_blocked() {
            return;
        }
        // Back over the pause we are at, then on to the one before.
        if !self.play_unstep() {
            return;
        }
        while self.play.as_ref().is_some_and(|p| !p.paused && p.done > 0) {
            self.play_unstep();
        }
    }

    /// `s`: asks for the number of the step to jump to.
    pub(super) fn ask_step(&mut self) {
        if self.play_blocked() {
            return;
        }
        let Some(total) = self.play.as_ref().map(|p| p.steps.len()) else {
            return;
        };
        self.input.mode = super::app::Mode::Prompt(super::input::Prompt::Step);
        self.input.line.set("");
        self.input.status = Some(format!("jump to which step? 0 to {total}, Enter goes"));
    }

    /// Runs or takes back steps until `n` have run; a question on the way stops it there.
    pub(super) fn play_jump(&mut self, n: usize) {
        // The prompt's question is answered.
        self.input.status = None;
        if self.play_blocked() {
            return;
        }
        let Some(total) = self.play.as_ref().map(|p| p.steps.len()) else {
            return;
        };
        if n > total {
            self.input.status = Some(format!("no step {n}: the lesson has {total}"));
            return;
        }
        while self.play.as_ref().is_some_and(|p| p.done > n) {
            if !self.play_unstep() {
                break;
            }
        }
        while self.play.as_ref().is_some_and(|p| p.done < n) {
            self.play_step();
            if self.question.is_some() {
                self.input.status = Some(format!(
                    "stopped at step {}: predict first (a allow, d deny)",
                    self.play.as_ref().map_or(0, |p| p.done)
                ));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::preview;

    #[test]
    fn a_preview_shows_the_packet_and_not_the_verdict() {
        assert_eq!(
            preview("expect allow tcp 22 from a to b"),
            "expect ? tcp 22 from a to b"
        );
        assert_eq!(
            preview("goal deny  tcp 22 from a to b"),
            "goal ? tcp 22 from a to b"
        );
        assert_eq!(
            preview("expect error InvalidGroup.NotFound: delete group x"),
            "expect ?: delete group x"
        );
        assert_eq!(preview("ask tcp 22 from a to b"), "ask tcp 22 from a to b");
    }
}
