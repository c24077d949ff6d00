//! A script run as text: what `sgs run` prints for each line as it completes. Every command's
//! answer (or, quiet, only narration, failed expectations and the error the run stopped at);
//! a failed expectation as `FAIL file:line: the line` with the answer indented under it.
//!
//! The two entry points are methods of the session (`session.run_script(…)`), defined here
//! because printing is this module's: the session hands over each line's reply as data.

use crate::session::{Host, Reply, ScriptLine, ScriptReport, Session, Verbosity, printable};

impl Session {
    /// Runs a whole script and keeps what it printed in the report. `origin` names it in
    /// messages (`lab.sgs`). Stops at the first unexpected error.
    pub fn run_script(
        &mut self,
        origin: &str,
        src: &str,
        host: &mut dyn Host,
        verbosity: Verbosity,
    ) -> ScriptReport {
        let mut out = Vec::new();
        let mut report = self.run_script_to(origin, src, host, verbosity, &mut out);
        report.output = String::from_utf8_lossy(&out).into_owned();
        report
    }

    /// Runs a whole script, writing each command's output to `out` as soon as the command
    /// completes (control characters escaped). Stops at the first unexpected error, at `quit`
    /// or `exit`, and when `out` refuses a write (a closed pipe: `closed` in the report).
    pub fn run_script_to(
        &mut self,
        origin: &str,
        src: &str,
        host: &mut dyn Host,
        verbosity: Verbosity,
        out: &mut dyn std::io::Write,
    ) -> ScriptReport {
        let mut chunk = String::new();
        // Quiet, a passing answer is never printed: it need not be explained.
        self.set_bare(verbosity == Verbosity::Quiet);
        let report = self.run_script_each(origin, src, host, &mut |line| {
            chunk.clear();
            script_line(line, verbosity, &mut chunk);
            chunk.is_empty() || out.write_all(printable(&chunk).as_bytes()).is_ok()
        });
        self.set_bare(false);
        report
    }
}

/// What one line of a script prints.
pub fn script_line(line: &ScriptLine<'_>, verbosity: Verbosity, out: &mut String) {
    let all = verbosity == Verbosity::All;
    match line.reply {
        Reply::Expect { passed: true, .. } => {
            if all {
                out.push_str(&line.reply.to_string());
                out.push('\n');
            }
        }
        Reply::Expect { passed: false, .. } => {
            out.push_str(&format!(
                "FAIL {}:{}: {}\n",
                line.origin,
                line.number(),
                line.text.trim()
            ));
            for l in line.reply.to_string().lines() {
                out.push_str("  ");
                out.push_str(l);
                out.push('\n');
            }
        }
        Reply::Echo(t) => {
            out.push_str(t);
            out.push('\n');
        }
        Reply::Pause => {}
        Reply::Error(err) => out.push_str(&err.render(line.origin, line.src)),
        reply => {
            if all {
                let text = reply.to_string();
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
}
