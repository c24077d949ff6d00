//! `sgs reach WORLD <packet> … [--json]` and `sgs diff A B [--json]`: the whole-world answers of
//! a world given as a session (.sgs), a saved world (.ron) or a folder of AWS describe-* JSON.

use super::out::{Out, warn};
use super::run::read;
use crate::io::FileHost;
use crate::render::{self, script_line};
use crate::session::{Host, Origins, Reply, ScriptLine, Session, Severity, Verbosity, printable};
use std::path::Path;
use std::process::ExitCode;

/// The world of `path`, in a session: a saved world is loaded, a session file run quietly (its
/// failed expectations do not matter here; an error that stops it does).
pub fn world(path: &str) -> Result<Session, String> {
    if path.ends_with(".ron") {
        let mut session = FileHost
            .load(path)
            .map(Session::from_world)
            .map_err(|e| e.headline())?;
        session.catch_up();
        return Ok(session);
    }
    let src = read(path)?;
    let mut session = Session::new();
    let mut stopped = String::new();
    let report = session.run_script_each(path, &src, &mut FileHost, &mut |line| {
        if let Reply::Error(_) = line.reply {
            script_line(line, Verbosity::Quiet, &mut stopped);
        }
        true
    });
    if report.stopped {
        return Err(printable(stopped.trim_end()).into_owned());
    }
    session.catch_up();
    Ok(session)
}

/// Prints one answer of a subcommand, as text or as its JSON object and the summary.
fn print(file: &str, words: &str, shown: &str, reply: &Reply, json: bool) -> ExitCode {
    let mut out = Out::stdout();
    let failed = matches!(reply, Reply::Error(_));
    if json {
        let line = ScriptLine {
            origin: file,
            src: shown,
            start: 0,
            text: shown,
            reply,
        };
        let mut o = render::json::script_line(&line);
        if let Some(o) = o.as_object_mut() {
            o.insert("line".into(), 0.into());
            o.insert("command".into(), words.into());
        }
        out.line(&o.to_string());
        out.line(&render::json::summary(0, usize::from(failed)).to_string());
    } else {
        out.line(&printable(&reply.to_string()));
    }
    out.finish(if failed { 2 } else { 0 })
}

/// `sgs reach WORLD <packet> [in VPC | everywhere] [from SET] [to SET] [--json]`.
pub fn reach(path: &str, words: &[String], json: bool) -> ExitCode {
    let mut session = match world(path) {
        Ok(s) => s,
        Err(e) => {
            warn(&e);
            return ExitCode::from(2);
        }
    };
    let rest = words.join(" ");
    let shown = format!("show reach {rest}");
    let reply = match session.run_line(&shown, &mut FileHost) {
        Ok(Some(reply)) => reply,
        Ok(None) => return ExitCode::from(2),
        Err(e) => Reply::Error(e),
    };
    if let (Reply::Error(e), false) = (&reply, json) {
        warn(&printable(e.render("reach", &shown).trim_end()));
        return ExitCode::from(2);
    }
    print(path, &format!("reach {rest}"), &shown, &reply, json)
}

/// `sgs diff A B [--json]`: what changed from world A to world B.
pub fn diff(a: &str, b: &str, json: bool) -> ExitCode {
    let (old, new) = match (world(a), world(b)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            warn(&e);
            return ExitCode::from(2);
        }
    };
    let reply = Reply::Diff(Box::new(crate::session::diff_worlds(&old, &new)));
    let words = format!("diff {a} {b}");
    print(b, &words, &words, &reply, json)
}

/// `sgs lint WORLD`: builds the world (a `.ron` file is loaded, any other is run as a session),
/// lints it, prints the findings (text or JSON Lines), writes SARIF if asked; exit 1 when a
/// finding is at or above `fail_on`, 2 when the world cannot be built or a file written.
pub(super) fn lint(path: &str, json: bool, sarif: Option<&str>, fail_on: &str) -> ExitCode {
    let level = Severity::parse(fail_on).unwrap_or(Severity::Warning);
    let built = if path.ends_with(".ron") {
        FileHost
            .load(path)
            .map(|w| (Session::from_world(w), Origins::default()))
            .map_err(|e| e.headline())
    } else {
        read(path).and_then(|src| {
            let mut session = Session::new();
            let origins = session.build_from_script(path, &src, &mut FileHost)?;
            Ok((session, origins))
        })
    };
    let (mut session, origins) = match built {
        Ok(x) => x,
        Err(e) => {
            warn(printable(e.trim_end()).as_ref());
            return ExitCode::from(2);
        }
    };
    let reply = session.run(
        &crate::lang::ast::Command::Lint { vpc: None },
        &mut FileHost,
    );
    std::mem::forget(session);
    let lint = match reply {
        Ok(Reply::Lint(lint)) => lint,
        Ok(_) => return ExitCode::from(2),
        Err(e) => {
            warn(&e.headline());
            return ExitCode::from(2);
        }
    };
    let failed = lint.at_least(level);
    let mut out = Out::stdout();
    if json {
        let passed = lint.findings.len() - failed;
        out.line(&render::json::subcommand(path, "lint", &Reply::Lint(lint.clone())).to_string());
        out.line(&render::json::summary(passed, failed).to_string());
    } else {
        out.line(printable(&lint.to_string()).as_ref());
    }
    if let Some(file) = sarif {
        let written = render::sarif::sarif(&lint, path, &|id| origins.line(id)).and_then(|text| {
            crate::io::files::write_atomic(Path::new(file), &text)
                .map_err(|e| crate::io::files::plain(&e))
        });
        if let Err(e) = written {
            warn(&format!("error: cannot write {file}: {e}"));
            return out.finish(2);
        }
    }
    out.finish(u8::from(failed > 0))
}
