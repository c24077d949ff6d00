//! Lessons as data: the `task` a session states, the `goal`s it sets and the score of the `ask`
//! questions answered. The shells only read and render these.
//!
//! `ask` is a question in two halves where a person answers: [`Session::pose`] decides the packet
//! and keeps the answer in a [`Question`] that shows only what was asked, and
//! [`Session::reveal`] takes the prediction, counts it and gives the trace. Where nobody answers
//! (a script, a piped REPL) `ask` runs as a `probe`, and the score does not move. Goals are kept
//! with the line they were set on; judging one decides its packet on the world as it is now.

use super::{Reply, Session};
use crate::dataplane::{Detail, Trace};
use crate::lang::ast::GoalSpec;
use crate::vocab::{Diagnostic, Probe, Via};

/// Predictions made and predictions right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub asked: usize,
}

/// A goal the session set: the verdict wanted, the packet, its words, and the line of the script
/// it was set on (when it came from one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub allow: bool,
    pub probe: Probe,
    /// `allow tcp 6379 from app-1 to redis-1`.
    pub text: String,
    pub line: Option<usize>,
}

impl Goal {
    pub fn of(spec: &GoalSpec) -> Goal {
        Goal {
            allow: spec.allow,
            probe: (*spec.probe).clone(),
            text: spec.text.clone(),
            line: None,
        }
    }
}

/// A goal judged on the world as it is: met or not, and the packet's full trace (or why it
/// could not be decided: an endpoint that is gone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalCheck {
    pub goal: Goal,
    pub met: bool,
    pub got: Result<Trace, Diagnostic>,
}

/// What a session keeps of its lesson: the last task stated, the goals set, the score.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lesson {
    pub task: Option<String>,
    pub goals: Vec<Goal>,
    pub score: Score,
}

/// An `ask` waiting for its prediction. What it asks can be shown; its answer only by
/// [`Session::reveal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    trace: Trace,
}

impl Question {
    /// What is asked: `tcp 6379 web-1 -> redis-1`, and `via public` or `via private` when the
    /// `ask` chose the address: two questions that differ only there have different answers.
    pub fn asked(&self) -> String {
        let a = &self.trace.asked;
        let via = match a.via {
            Some(Via::Public) => " via public",
            Some(Via::Private) => " via private",
            None => "",
        };
        format!("{} {} -> {}{via}", a.packet, a.from, a.to)
    }
}

/// An `ask` answered: the prediction, the packet's full trace, and the score after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revealed {
    pub predicted: bool,
    pub trace: Trace,
    pub score: Score,
}

impl Revealed {
    pub fn right(&self) -> bool {
        self.predicted == self.trace.allowed
    }
}

impl Session {
    /// The lesson so far: task, goals, score.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The score of the `ask` questions answered.
    pub fn score(&self) -> Score {
        self.lesson.score
    }

    /// Puts back a lesson kept before: play mode's step back takes back the task, goals and
    /// score its step set, as the session's undo takes back the world.
    pub fn restore_lesson(&mut self, lesson: Lesson) {
        self.lesson = lesson;
    }

    /// Decides an `ask`'s packet on the current world and keeps the answer for
    /// [`Session::reveal`]. An endpoint that resolves to nothing is an error now, before anyone
    /// predicts.
    pub fn pose(&self, probe: &Probe) -> Result<Question, Diagnostic> {
        Ok(Question {
            trace: self.probe(probe, Detail::Full)?,
        })
    }

    /// Counts a prediction (`true`: allow) and reveals the answer.
    pub fn reveal(&mut self, question: Question, predicted: bool) -> Reply {
        let score = &mut self.lesson.score;
        score.asked += 1;
        if question.trace.allowed == predicted {
            score.right += 1;
        }
        Reply::Revealed(Box::new(Revealed {
            predicted,
            trace: question.trace,
            score: *score,
        }))
    }

    /// Judges one goal on the current world.
    pub fn check_goal(&self, goal: &Goal) -> GoalCheck {
        let got = self.probe(&goal.probe, Detail::Full);
        let met = got.as_ref().is_ok_and(|t| t.allowed == goal.allow);
        GoalCheck {
            goal: goal.clone(),
            met,
            got,
        }
    }

    /// Judges every goal set, in order.
    pub fn check_goals(&self) -> Vec<GoalCheck> {
        self.lesson
            .goals
            .iter()
            .map(|g| self.check_goal(g))
            .collect()
    }

    /// `task`, `goal` and `goals` (`ask` is a probe here: see [`Session::pose`]).
    pub(super) fn lesson_command(&mut self, cmd: &crate::lang::ast::Command) -> Option<Reply> {
        use crate::lang::ast::Command;
        match cmd {
            Command::Task(text) => {
                self.lesson.task = Some(text.node.clone());
                Some(Reply::Task(text.node.clone()))
            }
            Command::Goal(spec) => {
                self.lesson.goals.push(Goal::of(spec));
                let n = self.lesson.goals.len();
                Some(Reply::Done {
                    summary: format!("goal {n} set: {}", spec.text),
                })
            }
            Command::Goals => Some(Reply::Goals(self.check_goals())),
            _ => None,
        }
    }

    /// Notes the script line the last goal was set on.
    pub(super) fn goal_line(&mut self, line: usize) {
        if let Some(goal) = self.lesson.goals.last_mut() {
            goal.line = Some(line);
        }
    }
}
