//! `sgs run FILE…`, a session from a pipe, and `sgs check FILE…`.

use super::out::{Out, warn};
use crate::io::FileHost;
use crate::lang::{lines, parse_command, script_lines};
use crate::render::{self, junit::Junit, script_line};
use crate::session::{Session, Verbosity, printable};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// A session file: a regular file of bounded size, in UTF-8 (see `io::files`); a folder of AWS
/// describe-* output reads as `import aws FOLDER`.
pub(super) fn read(path: &str) -> Result<String, String> {
    crate::io::aws::world_script(path).map_err(|e| crate::io::files::plain(&e))
}

/// Runs `src` in `session`, writing to `out` as it goes.
pub(super) fn run_into(
    session: &mut Session,
    origin: &str,
    src: &str,
    verbosity: Verbosity,
    out: &mut Out,
) -> crate::session::ScriptReport {
    session.run_script_to(origin, src, &mut FileHost, verbosity, out)
}

pub(super) fn run(files: &[String], quiet: bool, json: bool, junit: Option<&str>) -> ExitCode {
    let verbosity = if quiet {
        Verbosity::Quiet
    } else {
        Verbosity::All
    };
    let (mut passed, mut failed, mut code) = (0, 0, 0u8);
    let mut out = Out::stdout();
    let mut cases = junit.map(|_| Junit::default());
    // The last file's world is left for the process's end to reclaim: freeing a big world
    // takes time and gives nothing back.
    let mut last = None;
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                warn(&e);
                code = 2;
                continue;
            }
        };
        if files.len() > 1 && !quiet && !json {
            out.line(&format!("== {path}"));
        }
        if let Some(cases) = cases.as_mut() {
            cases.file(path);
        }
        let session = last.insert(Session::new());
        // Quiet, a passing answer is printed nowhere: it need not be explained. (JUnit keeps
        // only the failures' traces.)
        session.set_bare(quiet && !json);
        // A file that never undoes needs no history: its world is all it holds. (A word in a
        // comment or a name keeps the history: harmless.)
        session.keep_history(src.contains("undo") || src.contains("redo"));
        let mut chunk = String::new();
        let report = session.run_script_each(path, &src, &mut FileHost, &mut |line| {
            if let Some(cases) = cases.as_mut() {
                cases.line(line);
            }
            if json {
                out.line(&render::json::script_line(line).to_string());
                return !out.closed;
            }
            chunk.clear();
            script_line(line, verbosity, &mut chunk);
            chunk.is_empty() || out.write_all(printable(&chunk).as_bytes()).is_ok()
        });
        passed += report.passed;
        failed += report.failed;
        code = code.max(report.exit_code());
        if !out.closed {
            report_goals(session, path, json, &mut out);
        }
        if out.closed {
            break;
        }
    }
    std::mem::forget(last);
    if json {
        out.line(&render::json::summary(passed, failed).to_string());
    } else {
        out.line(&format!("{passed} passed, {failed} failed"));
    }
    if let (Some(path), Some(cases)) = (junit, cases) {
        let written = cases.to_xml().and_then(|xml| {
            crate::io::files::write_atomic(Path::new(path), &xml)
                .map_err(|e| crate::io::files::plain(&e))
        });
        if let Err(e) = written {
            warn(&format!("error: cannot write {path}: {e}"));
            code = 2;
        }
    }
    out.finish(code)
}

/// After a file that set goals: each goal, met or not yet (never counted, never in the exit
/// code).
pub(super) fn report_goals(session: &Session, origin: &str, json: bool, out: &mut Out) {
    let checks = session.check_goals();
    if checks.is_empty() {
        return;
    }
    if json {
        for check in &checks {
            out.line(&render::json::goal_check(origin, check).to_string());
        }
    } else {
        let text = render::lesson::goals_report(origin, &checks);
        out.line(printable(text.trim_end()).as_ref());
    }
}

pub(super) fn run_stdin() -> ExitCode {
    let src = match crate::io::files::read_stdin("ReadFailed") {
        Ok(src) => src,
        Err(e) => {
            warn(&crate::io::files::plain(&e));
            return ExitCode::from(2);
        }
    };
    let mut out = Out::stdout();
    let mut session = Session::new();
    let report = run_into(&mut session, "<stdin>", &src, Verbosity::All, &mut out);
    report_goals(&session, "<stdin>", false, &mut out);
    std::mem::forget(session);
    out.line(&format!(
        "{} passed, {} failed",
        report.passed, report.failed
    ));
    out.finish(report.exit_code())
}

pub(super) fn check(files: &[String]) -> ExitCode {
    let mut code = 0u8;
    let mut out = Out::stdout();
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                warn(&e);
                code = 2;
                continue;
            }
        };
        let src = lines::without_bom(&src);
        let mut commands = 0;
        let mut errors = 0;
        for (start, text) in script_lines(src) {
            match parse_command(&text) {
                // `quit` ends the file: what follows is never read.
                Ok(Some(c)) if matches!(c.node, crate::lang::ast::Command::Quit) => break,
                Ok(Some(_)) => commands += 1,
                Ok(None) => {}
                Err(e) => {
                    errors += 1;
                    let rendered = e.shifted(start).render(path, src);
                    out.line(crate::session::printable(rendered.trim_end()).as_ref());
                }
            }
        }
        if errors == 0 {
            out.line(&format!("ok: {path}: {commands} commands parse"));
        } else {
            out.line(&format!("{path}: {errors} syntax errors"));
            code = 2;
        }
    }
    out.finish(code)
}
