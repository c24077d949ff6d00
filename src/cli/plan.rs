//! `sgs plan-check PLAN.json [--expect FILE.sgs] [--fail-on LEVEL] [--json] [--junit FILE]
//! [--sarif FILE]`: what a Terraform plan (`terraform show -json PLANFILE`) changes. The plan's
//! prior state is the world before, its planned values the world after; prints the diff, then
//! the `lint` findings the plan introduces, then runs FILE's lines (commands and expectations)
//! on the world after. Exit 1 when an expectation fails or a new finding is at or above
//! `--fail-on`, 2 when the plan or FILE cannot be read or FILE stops at an error.

use super::out::{Out, warn};
use super::run::read;
use crate::io::FileHost;
use crate::io::terraform::{PlanWorlds, plan_worlds};
use crate::render::{self, junit::Junit, script_line};
use crate::session::{Reply, Session, Severity, Verbosity, plan_check as check, printable};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// What `sgs plan-check` was asked.
pub(super) struct Ask<'a> {
    pub plan: &'a str,
    pub expect: Option<&'a str>,
    pub fail_on: &'a str,
    pub json: bool,
    pub junit: Option<&'a str>,
    pub sarif: Option<&'a str>,
}

pub(super) fn plan_check(ask: &Ask<'_>) -> ExitCode {
    let level = Severity::parse(ask.fail_on).unwrap_or(Severity::Error);
    let text = match crate::io::files::read_text(Path::new(ask.plan), "ReadFailed") {
        Ok(t) => t,
        Err(e) => {
            warn(&crate::io::files::plain(&e));
            return ExitCode::from(2);
        }
    };
    let worlds = match plan_worlds(ask.plan, &text) {
        Ok(w) => w,
        Err(e) => {
            warn(&crate::io::files::plain(&e));
            return ExitCode::from(2);
        }
    };
    // The expectations' file is read before anything is printed: a missing file is bad input.
    let script = match ask.expect.map(read).transpose() {
        Ok(s) => s,
        Err(e) => {
            warn(&e);
            return ExitCode::from(2);
        }
    };
    let PlanWorlds {
        before,
        after,
        origins,
    } = worlds;
    let mut old = Session::from_world(before.world);
    old.catch_up();
    let mut new = Session::from_world(after.world);
    new.catch_up();
    let answer = match check(&old, &new) {
        Ok(a) => a,
        Err(e) => {
            warn(&e.headline());
            return ExitCode::from(2);
        }
    };
    std::mem::forget(old);
    let mut out = Out::stdout();
    let worlds = [
        ("plan-check before", Reply::Imported(before.report)),
        ("plan-check after", Reply::Imported(after.report)),
    ];
    let diff = Reply::Diff(Box::new(answer.diff));
    let lint = Reply::Lint(answer.introduced.clone());
    let failing = answer.introduced.at_least(level);
    if ask.json {
        for (words, reply) in &worlds {
            out.line(&render::json::subcommand(ask.plan, words, reply).to_string());
        }
        out.line(&render::json::subcommand(ask.plan, "plan-check diff", &diff).to_string());
        out.line(&render::json::subcommand(ask.plan, "plan-check lint", &lint).to_string());
    } else {
        // The world before is summed up; the world after's report lists what was skipped.
        if let (Reply::Imported(b), Reply::Imported(_)) = (&worlds[0].1, &worlds[1].1) {
            out.line(&printable(&format!("before: ok: {}", b.summary())));
        }
        let shown = worlds[1].1.to_string();
        out.line(&printable(&format!("after: {}", shown.trim_end())));
        out.line(printable(diff.to_string().trim_end()).as_ref());
        out.line("new findings:");
        out.line(printable(lint.to_string().trim_end()).as_ref());
    }
    let mut cases = ask.junit.map(|_| Junit::default());
    let (mut passed, mut failed, mut code) = (0, failing, u8::from(failing > 0));
    if let (Some(path), Some(src)) = (ask.expect, script) {
        if let Some(cases) = cases.as_mut() {
            cases.file(path);
        }
        let mut chunk = String::new();
        let report = new.run_script_each(path, &src, &mut FileHost, &mut |line| {
            if let Some(cases) = cases.as_mut() {
                cases.line(line);
            }
            if ask.json {
                out.line(&render::json::script_line(line).to_string());
                return !out.closed;
            }
            chunk.clear();
            script_line(line, Verbosity::All, &mut chunk);
            chunk.is_empty() || out.write_all(printable(&chunk).as_bytes()).is_ok()
        });
        passed += report.passed;
        failed += report.failed;
        code = code.max(report.exit_code());
    }
    std::mem::forget(new);
    if ask.json {
        out.line(&render::json::summary(passed, failed).to_string());
    } else {
        out.line(&format!("{passed} passed, {failed} failed"));
    }
    if let (Some(file), Some(cases)) = (ask.junit, cases) {
        let written = cases.to_xml().and_then(|xml| {
            crate::io::files::write_atomic(Path::new(file), &xml)
                .map_err(|e| crate::io::files::plain(&e))
        });
        if let Err(e) = written {
            warn(&format!("error: cannot write {file}: {e}"));
            code = 2;
        }
    }
    if let Some(file) = ask.sarif {
        // Each finding points at the resource of its first object in the plan.
        let line_of = |id: &str| {
            let (_, at) = origins.iter().find(|(o, _)| o == id)?;
            let offset = crate::io::aws::json::locate(&text, at)?;
            Some(crate::lang::error::line_col(&text, offset).0)
        };
        let written = render::sarif::sarif(&answer.introduced, ask.plan, &line_of).and_then(|t| {
            crate::io::files::write_atomic(Path::new(file), &t)
                .map_err(|e| crate::io::files::plain(&e))
        });
        if let Err(e) = written {
            warn(&format!("error: cannot write {file}: {e}"));
            code = 2;
        }
    }
    out.finish(code)
}
