//! `sgs reach WORLD <packet> … [--json]` and `sgs diff A B [--json]`: the whole-world answers of
//! a world given as a session (.sgs), a saved world (.ron) or a folder of AWS describe-* JSON.

use super::{Out, read, warn};
use crate::io::FileHost;
use crate::render::{self, script_line};
use crate::session::{Host, Reply, ScriptLine, Session, Verbosity, printable};
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
