//! `sgs grade` and `sgs lab break`: read the files, ask the session's grader and lab, print with
//! `render::grade`, write the CSV, JUnit and broken lesson atomically.

use super::CLOSED;
use super::out::{Out, warn};
use super::run::read;
use crate::io::FileHost;
use crate::io::files::{plain, write_atomic};
use crate::render;
use crate::session::grade::{self, Graded, LessonPlan};
use crate::session::{NoFiles, lab, printable};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Reads and checks a lesson; the error, rendered, when it cannot be used.
fn lesson(path: &str) -> Result<LessonPlan, String> {
    let src = read(path)?;
    LessonPlan::parse(path, &src).map_err(|e| {
        let src = crate::lang::lines::without_bom(&src);
        printable(e.render(path, src).trim_end()).into_owned()
    })
}

/// Writes `text` to `path`, or to standard output for `-`.
fn write_to(path: &str, text: &str, out: &mut Out) -> Result<(), String> {
    if path == "-" {
        if out.write_all(text.as_bytes()).is_err() {
            out.closed = true;
        }
        return Ok(());
    }
    write_atomic(Path::new(path), text).map_err(|e| plain(&e))
}

/// `sgs grade LESSON STUDENT… [--csv FILE] [--junit FILE] [--json]`. Exit 0 when every student
/// met every goal, 1 when a goal was missed, 2 when the lesson or a file cannot be used. The
/// lesson's setup may `load` its files; the students' sessions may not (`save` and `load` are
/// refused there, an error that stops the session).
pub fn grade(
    lesson_path: &str,
    students: &[String],
    csv: Option<&str>,
    junit: Option<&str>,
    json: bool,
) -> ExitCode {
    let plan = match lesson(lesson_path) {
        Ok(p) => p,
        Err(e) => {
            warn(&e);
            return ExitCode::from(2);
        }
    };
    let start = match grade::setup(&plan, &mut FileHost) {
        Ok(s) => s,
        Err(e) => {
            let rendered = e.render(lesson_path, &plan.src);
            warn(&format!(
                "{}\n{lesson_path}: the lesson's setup fails, so nothing can be graded",
                printable(rendered.trim_end())
            ));
            return ExitCode::from(2);
        }
    };
    let mut out = Out::stdout();
    let mut code = 0u8;
    let mut grades: Vec<Graded> = Vec::new();
    for student in students {
        // A file that cannot be read scores 0, with its error, and the exit code says so.
        let read = crate::io::files::read_script(Path::new(student), "ReadFailed");
        let g = match read {
            // A student's session gets no file access: grading runs it, and it is not the
            // teacher's to trust.
            Ok(src) => grade::grade(&plan, &start, student, &src, &mut NoFiles),
            Err(e) => {
                code = 2;
                grade::unreadable(&plan, student, e)
            }
        };
        if g.met() < g.goals() {
            code = code.max(1);
        }
        if json {
            out.line(&render::grade::json(&g).to_string());
        } else {
            let text = render::grade::text(lesson_path, &g);
            out.line(printable(text.trim_end()).as_ref());
        }
        grades.push(g);
    }
    let (met, goals): (usize, usize) = grades
        .iter()
        .fold((0, 0), |(m, n), g| (m + g.met(), n + g.goals()));
    if json {
        out.line(&render::json::summary(met, goals - met).to_string());
    } else {
        out.line(&format!(
            "{} students graded: {met} of {goals} goals met",
            grades.len()
        ));
    }
    if let Some(path) = csv
        && let Err(e) = write_to(path, &render::grade::csv(&grades), &mut out)
    {
        warn(&format!("error: cannot write {path}: {e}"));
        code = 2;
    }
    if let Some(path) = junit {
        let written = render::grade::junit(lesson_path, &grades)
            .and_then(|xml| write_to(path, &xml, &mut out));
        if let Err(e) = written {
            warn(&format!("error: cannot write {path}: {e}"));
            code = 2;
        }
    }
    out.finish(code)
}

/// `sgs lab break LESSON [--seed N] -o BROKEN [--answer]`.
pub fn lab_break(lesson_path: &str, seed: u64, output: &str, answer: bool) -> ExitCode {
    let plan = match lesson(lesson_path) {
        Ok(p) => p,
        Err(e) => {
            warn(&e);
            return ExitCode::from(2);
        }
    };
    let faults = match lab::faults(&plan, &mut FileHost) {
        Ok(f) => f,
        Err(e) => {
            let rendered = e.render(lesson_path, &plan.src);
            warn(&format!(
                "{}\n{lesson_path}: the lesson does not run, so it cannot be broken",
                printable(rendered.trim_end())
            ));
            return ExitCode::from(2);
        }
    };
    let Some(fault) = lab::pick(&faults, seed) else {
        warn(&format!(
            "error: no fault applies to {lesson_path}: none of the faults sgs injects makes a goal \
             that holds at the lesson's end fail (give the lesson goals its world meets, or its \
             worked solution after the task)"
        ));
        return ExitCode::from(2);
    };
    let broken = lab::broken_source(&plan, fault);
    let mut out = Out::stdout();
    if let Err(e) = write_to(output, &broken, &mut out) {
        warn(&format!("error: cannot write {output}: {e}"));
        return ExitCode::from(2);
    }
    if answer {
        let text = render::lesson::fault_answer(fault);
        out.line(printable(text.trim_end()).as_ref());
    }
    if out.closed {
        return ExitCode::from(CLOSED);
    }
    out.finish(0)
}
