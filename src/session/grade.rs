//! Graded exercises: a lesson file read as its setup (the commands before its first `task`), the
//! rest, and its goals; a student's session run on the setup's world; every goal judged on the
//! world the student reached. What the grade shows is the render module's (`render::grade`): the
//! session only judges.
//!
//! A student session that does not parse scores 0, with the error; one that stops at a runtime
//! error is judged on the world it reached, and the error is kept to show.

use super::lesson::{Goal, GoalCheck};
use super::{Host, Reply, Session};
use crate::lang::ast::Command;
use crate::lang::error::line_col;
use crate::lang::{lines, parse_command, split_script};
use crate::vocab::Diagnostic;

/// One command of a lesson: where it starts, its line, its text and what it parsed to.
#[derive(Clone, Debug)]
pub struct Item {
    pub start: usize,
    pub line: usize,
    pub text: String,
    pub command: Command,
}

/// A lesson file, read.
#[derive(Clone, Debug)]
pub struct LessonPlan {
    pub origin: String,
    /// The file without its byte-order mark: spans and starts are offsets in it.
    pub src: String,
    /// The commands before the first `task`.
    pub setup: Vec<Item>,
    /// The commands from the first `task` on (up to a `quit`).
    pub rest: Vec<Item>,
    /// Every `goal` of the file, with its line.
    pub goals: Vec<Goal>,
}

impl LessonPlan {
    /// Reads a lesson: it must parse, have a `task` and at least one `goal`. An error's span is
    /// an offset in the file (render it against [`LessonPlan::src`] of the same text).
    pub fn parse(origin: &str, src: &str) -> Result<LessonPlan, Diagnostic> {
        let src = lines::without_bom(src).to_string();
        let mut plan = LessonPlan {
            origin: origin.to_string(),
            src: String::new(),
            setup: Vec::new(),
            rest: Vec::new(),
            goals: Vec::new(),
        };
        let mut tasked = false;
        for (start, text) in split_script(&src) {
            let command = match parse_command(&text) {
                Ok(None) => continue,
                Ok(Some(c)) => c.node,
                Err(e) => return Err(e.shifted(start)),
            };
            if command == Command::Quit {
                break;
            }
            let line = line_col(&src, start).0;
            if let Command::Goal(spec) = &command {
                let mut goal = Goal::of(spec);
                goal.line = Some(line);
                plan.goals.push(goal);
            }
            tasked |= matches!(command, Command::Task(_));
            let item = Item {
                start,
                line,
                text: text.trim().to_string(),
                command,
            };
            if tasked {
                plan.rest.push(item);
            } else {
                plan.setup.push(item);
            }
        }
        if !tasked {
            return Err(Diagnostic::new(
                "InvalidLesson",
                format!("{origin} has no task: a lesson states its exercise with `task \"…\"`"),
            )
            .help("write the setup, then `task \"…\"`, then the goals"));
        }
        if plan.goals.is_empty() {
            return Err(Diagnostic::new(
                "InvalidLesson",
                format!("{origin} has no goal: nothing to grade"),
            )
            .help("add goals after the task: goal allow tcp 6379 from app-1 to redis-1"));
        }
        plan.src = src;
        Ok(plan)
    }

    /// Where the first `task` starts in [`LessonPlan::src`].
    pub fn task_start(&self) -> usize {
        self.rest.first().map_or(self.src.len(), |i| i.start)
    }
}

/// Runs `items` in `session`; the first error stops it, returned with its span in the file.
pub fn run_items(
    session: &mut Session,
    items: &[Item],
    host: &mut dyn Host,
) -> Result<(), Diagnostic> {
    for item in items {
        session
            .run(&item.command, host)
            .map_err(|e| e.shifted(item.start))?;
    }
    Ok(())
}

/// The world a lesson's students start from: its setup run in a fresh session.
pub fn setup(plan: &LessonPlan, host: &mut dyn Host) -> Result<Session, Diagnostic> {
    let mut session = Session::new();
    run_items(&mut session, &plan.setup, host)?;
    Ok(session)
}

/// Where a student's session went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudentError {
    /// The line, from 1.
    pub line: usize,
    /// The error, its span an offset in the student's file.
    pub error: Diagnostic,
    /// A syntax error or an unreadable file (the session did not run: score 0), or the runtime
    /// error it stopped at.
    pub parse: bool,
}

/// One student's grade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graded {
    /// The student's path, as given.
    pub student: String,
    /// The student's file without its byte-order mark (what an error's span points into).
    pub src: String,
    /// Every goal of the lesson, judged (all unmet when the session did not parse).
    pub checks: Vec<GoalCheck>,
    pub error: Option<StudentError>,
}

impl Graded {
    pub fn met(&self) -> usize {
        if self.error.as_ref().is_some_and(|e| e.parse) {
            return 0;
        }
        self.checks.iter().filter(|c| c.met).count()
    }

    pub fn goals(&self) -> usize {
        self.checks.len()
    }

    /// The score in percent, rounded down.
    pub fn score(&self) -> usize {
        (self.met() * 100).checked_div(self.goals()).unwrap_or(0)
    }

    /// The goals missed.
    pub fn missed(&self) -> impl Iterator<Item = &GoalCheck> {
        let parse = self.error.as_ref().is_some_and(|e| e.parse);
        self.checks.iter().filter(move |c| parse || !c.met)
    }
}

/// Grades one student: their session (`src`) run on a copy of `start` (the lesson's setup),
/// then every goal of `plan` judged on the world it reached.
pub fn grade(
    plan: &LessonPlan,
    start: &Session,
    student: &str,
    src: &str,
    host: &mut dyn Host,
) -> Graded {
    let src = lines::without_bom(src);
    let mut graded = Graded {
        student: student.to_string(),
        src: src.to_string(),
        checks: Vec::new(),
        error: None,
    };
    // A file that does not parse is not run at all.
    for (start, text) in split_script(src) {
        match parse_command(&text) {
            Ok(Some(c)) if c.node == Command::Quit => break,
            Ok(_) => {}
            Err(e) => {
                graded.error = Some(StudentError {
                    line: line_col(src, start).0,
                    error: e.shifted(start),
                    parse: true,
                });
                graded.checks = plan.goals.iter().map(|g| unjudged(g, student)).collect();
                return graded;
            }
        }
    }
    let mut session = start.clone();
    let mut error = None;
    session.run_script_each(student, src, host, &mut |line| {
        if let Reply::Error(e) = line.reply {
            error = Some(StudentError {
                line: line.number(),
                error: e.clone(),
                parse: false,
            });
        }
        true
    });
    graded.error = error;
    graded.checks = plan.goals.iter().map(|g| session.check_goal(g)).collect();
    graded
}

/// The grade of a student whose session could not be read: 0, with the error.
pub fn unreadable(plan: &LessonPlan, student: &str, error: Diagnostic) -> Graded {
    Graded {
        student: student.to_string(),
        src: String::new(),
        checks: plan.goals.iter().map(|g| unjudged(g, student)).collect(),
        error: Some(StudentError {
            line: 0,
            error,
            parse: true,
        }),
    }
}

/// A goal not judged: the student's session did not parse.
fn unjudged(goal: &Goal, student: &str) -> GoalCheck {
    GoalCheck {
        goal: goal.clone(),
        met: false,
        got: Err(Diagnostic::new(
            "NotRun",
            format!("{student} could not be read or parsed, so it was not run"),
        )),
    }
}
