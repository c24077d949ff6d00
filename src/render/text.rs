//! Replies as the text `sgs run` and the REPL print: `Display for Reply`. A change reads
//! `ok: …`, a probe its one-line verdict, a trace every step, a `show` its lines and aligned
//! tables, an expectation `pass: …` or what it expected and what came instead.
//!
//! `expect output "…"` looks for its text in this rendering: it is what the user sees.

use crate::session::{Block, Judged, Reply, Shown, Table};
use std::fmt::{self, Write as _};

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Done { summary } => write!(f, "ok: {summary}"),
            Reply::Imported(report) => {
                write!(f, "ok: {}", report.summary())?;
                for skipped in &report.skipped {
                    write!(f, "\n  skipped {}", skipped.line())?;
                }
                Ok(())
            }
            Reply::Exported(report) => {
                write!(f, "ok: {}", report.summary())?;
                for left in &report.left_out {
                    write!(f, "\n  left out {}", left.line())?;
                }
                Ok(())
            }
            Reply::Line(s) | Reply::Help(s) | Reply::Echo(s) => f.write_str(s),
            Reply::Table(shown) => write!(f, "{shown}"),
            Reply::Lint(lint) => write!(f, "{lint}"),
            Reply::Verdict(trace) => f.write_str(&trace.summary()),
            Reply::Trace(trace) => write!(f, "{trace}"),
            Reply::Expect { passed, judged } => expectation(f, *passed, judged),
            Reply::Pause => Ok(()),
            Reply::Error(e) => f.write_str(&e.headline()),
            Reply::Task(text) => write!(f, "task: {text}"),
            Reply::Goals(checks) => f.write_str(&super::lesson::goals(checks)),
            Reply::Revealed(r) => write!(f, "{}\n{}", r.trace, super::lesson::judgement(r)),
            Reply::Reach(r) => super::whole::reach(f, r),
            Reply::Reachers(r) => super::whole::reachers(f, r),
            Reply::Reachable(r) => super::whole::reachable(f, r),
            Reply::Diff(d) => super::whole::diff(f, d),
            Reply::Why(w) => super::why::text(f, w),
        }
    }
}

/// `pass: …`, or what was expected and what came.
fn expectation(f: &mut fmt::Formatter<'_>, passed: bool, judged: &Judged) -> fmt::Result {
    match judged {
        Judged::Verdict { allow, trace } => {
            if passed {
                write!(f, "pass: {}", trace.summary())
            } else {
                let want = if *allow { "allow" } else { "deny" };
                write!(f, "expected {want}, got {}\n{trace}", trace.summary())
            }
        }
        Judged::Error { code, got } => {
            let want = code.as_deref().unwrap_or("(any)");
            match got {
                Err(err) if passed => write!(f, "pass: {}", err.headline()),
                Err(err) => write!(f, "expected error {want}, got {}", err.headline()),
                Ok(reply) => {
                    let text = reply.to_string();
                    let first = text.lines().next().unwrap_or("");
                    write!(
                        f,
                        "expected error {want}, but the command succeeded (its effect is undone): {first}"
                    )
                }
            }
        }
        Judged::Output { text, reply } => {
            if passed {
                write!(f, "pass: output contains \"{text}\"")
            } else {
                write!(
                    f,
                    "expected the output to contain \"{text}\"; it was:\n{reply}"
                )
            }
        }
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for block in &self.blocks {
            match block {
                Block::Line(line) => writeln!(f, "{line}")?,
                Block::Table(table) => write!(f, "{table}")?,
            }
        }
        Ok(())
    }
}

/// Pushes `cell` then spaces up to `width` chars. (`format!`'s `{:<w$}` panics when `w` is past
/// 65,535, and a cell is as long as a user's name or description.)
fn pad(out: &mut String, cell: &str, width: usize) {
    out.push_str(cell);
    let n = width.saturating_sub(cell.chars().count());
    out.extend(std::iter::repeat_n(' ', n));
}

/// The columns' names, then the rows, each column as wide as its widest cell.
impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut widths: Vec<usize> = self.columns.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let mut line = String::new();
        for row in std::iter::once(&self.columns).chain(&self.rows) {
            line.clear();
            for (i, cell) in row.iter().enumerate() {
                pad(&mut line, cell, widths.get(i).copied().unwrap_or(0));
                line.push_str("  ");
            }
            f.write_str(line.trim_end())?;
            f.write_char('\n')?;
        }
        Ok(())
    }
}

impl Reply {
    /// The text a front end prints for this reply (its `Display`).
    pub fn text(&self) -> String {
        self.to_string()
    }
}
