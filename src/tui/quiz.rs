//! `ask` in the TUI: the question is posed (decided by the session, its answer kept hidden), the
//! bottom bar asks for a prediction, `a` or `d` gives it, and only then does the trace pane show
//! the packet's way. The score is the session's; the bar shows it once a question was asked.
//! While a question waits, every other key but `?`, `q` and Ctrl-C is ignored (in play mode too:
//! Space does not step past it).
//!
//! Hook points elsewhere: `App::question` (app.rs), the `Command::Ask` arm and the lesson
//! replies in `runner.rs`, `Action::Predict` (app.rs's `update`), the first lines of
//! `keys::action`, and the score span in `ui::draw_bar`.

use super::app::{Action, App};
use super::console::LogKind;
use super::runner::Ran;
use crate::lang::ast::Probe;
use crate::render::lesson;
use crate::session::Reply;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Poses an `ask`: the question waits for `a` or `d`.
    pub(super) fn pose(&mut self, probe: &Probe, line: &str) -> Ran {
        match self.model.session.pose(probe) {
            Ok(question) => {
                self.log.push(
                    LogKind::Echo,
                    &format!("predict: {} (a allow, d deny)", question.asked()),
                );
                self.question = Some(question);
                self.input.status = Some(prompt().to_string());
                Ran {
                    ok: true,
                    ..Ran::default()
                }
            }
            Err(e) => {
                self.log.push(LogKind::Error, &e.render("<console>", line));
                Ran::default()
            }
        }
    }

    /// The prediction for the waiting question: counted, then the trace revealed.
    pub(super) fn predict(&mut self, allow: bool) {
        let Some(question) = self.question.take() else {
            return;
        };
        let reply = self.model.session.reveal(question, allow);
        let mut ran = Ran::default();
        self.lesson_reply(reply, &mut ran);
        // The judgement is in the log and the score in the bar.
        self.input.status = None;
        self.follow_log();
    }

    /// Logs a lesson reply: a task as narration (the play banner too), the goals list, a revealed
    /// answer with its trace.
    pub(super) fn lesson_reply(&mut self, reply: Reply, ran: &mut Ran) {
        match reply {
            Reply::Task(text) => {
                let text = format!("Task: {text}");
                self.log.push(LogKind::Echo, &text);
                ran.echo = Some(text);
            }
            Reply::Revealed(r) => {
                let kind = if r.right() {
                    LogKind::Pass
                } else {
                    LogKind::Fail
                };
                self.log.push(kind, &lesson::judgement(&r));
                self.set_trace(r.trace);
            }
            other => {
                // What `goals` said, for presenter mode (it has no console).
                if let Reply::Goals(checks) = &other {
                    let said = checks.iter().map(|c| (c.met, c.goal.text.clone()));
                    ran.goals = Some(said.collect());
                }
                self.log.push(LogKind::Text, &other.to_string());
            }
        }
    }

    /// The score, for the bottom bar, once a question was asked.
    pub(super) fn score_text(&self) -> Option<String> {
        let score = self.model.session.score();
        (score.asked > 0 || self.question.is_some()).then(|| lesson::score(score))
    }
}

/// What the bar says while a question waits.
pub fn prompt() -> &'static str {
    "your prediction? a: allow  d: deny"
}

/// While a question waits, the only keys: `a` (allow) and `d` (deny); `?` (help), `q` and
/// Ctrl-C (quit) still work.
pub fn action(ev: &KeyEvent) -> Option<Action> {
    if ev.modifiers.contains(KeyModifiers::CONTROL) {
        return (ev.code == KeyCode::Char('c')).then_some(Action::Quit);
    }
    match ev.code {
        KeyCode::Char('a' | 'A') => Some(Action::Predict(true)),
        KeyCode::Char('d' | 'D') => Some(Action::Predict(false)),
        KeyCode::Char('?') => Some(Action::Help),
        KeyCode::Char('q') => Some(Action::Quit),
        _ => None,
    }
}
