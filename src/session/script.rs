//! Running a whole script (a `.sgs` file, a paste, standard input): each logical line is parsed
//! and run, and what it answered is handed to the caller as a [`ScriptLine`] as soon as it
//! completes. The session counts the expectations and stops at the first unexpected error or at
//! `quit`; what a line prints is the render module's (`render::script`).

use super::{Reply, Session};
use crate::lang::ast::{Command, Spanned};
use crate::lang::error::line_col;
use crate::lang::{lines, parse_command, script_lines};
use crate::session::Host;

/// How a script run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptReport {
    /// Everything the script printed, in order ([`Session::run_script`] only: a run that writes
    /// as it goes leaves it empty).
    pub output: String,
    pub passed: usize,
    pub failed: usize,
    /// The script stopped at an unexpected error (a syntax error or a failed command).
    pub stopped: bool,
    /// The output could not be written (a closed pipe): the run ended there.
    pub closed: bool,
}

impl ScriptReport {
    /// The `sgs run` exit code: 0 when all held, 1 when an expectation failed, 2 on an
    /// unexpected error.
    pub fn exit_code(&self) -> u8 {
        if self.stopped {
            2
        } else if self.failed > 0 {
            1
        } else {
            0
        }
    }
}

/// What a script run prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Every command's output.
    All,
    /// Only failures, errors and narration.
    Quiet,
}

/// One line of a script that ran, with what it answered.
#[derive(Clone, Copy, Debug)]
pub struct ScriptLine<'a> {
    /// The script's name in messages (`lab.sgs`).
    pub origin: &'a str,
    /// The whole script, without its byte-order mark: spans and `start` are offsets in it.
    pub src: &'a str,
    /// Where the logical line starts in `src`.
    pub start: usize,
    /// The logical line as run (continuations joined).
    pub text: &'a str,
    /// What it answered; an error (syntax or failed command) has spans in `src`.
    pub reply: &'a Reply,
}

impl ScriptLine<'_> {
    /// The line's number in the script, from 1.
    pub fn number(&self) -> usize {
        line_col(self.src, self.start).0
    }
}

impl Session {
    /// Runs a whole script, handing each line that ran to `each` as soon as it completes.
    /// Stops at the first unexpected error, at `quit` or `exit`, and when `each` returns false
    /// (`closed` in the report: the output could not be written).
    pub fn run_script_each(
        &mut self,
        origin: &str,
        src: &str,
        host: &mut dyn Host,
        each: &mut dyn FnMut(&ScriptLine<'_>) -> bool,
    ) -> ScriptReport {
        let mut report = ScriptReport::default();
        // Messages quote the file without its byte-order mark and count columns from there.
        let src = lines::without_bom(src);
        for (start, text) in script_lines(src) {
            // The command is matched where it was parsed, not moved out: it is a large value.
            let parsed = parse_command(&text);
            let reply = match &parsed {
                Ok(None) => continue,
                Ok(Some(Spanned {
                    node: Command::Quit,
                    ..
                })) => break,
                Ok(Some(cmd)) => match self.run(&cmd.node, host) {
                    Ok(reply) => {
                        if matches!(cmd.node, Command::Goal(_)) {
                            self.goal_line(line_col(src, start).0);
                        }
                        reply
                    }
                    Err(err) => Reply::Error(err.shifted(start)),
                },
                Err(err) => Reply::Error(err.clone().shifted(start)),
            };
            match &reply {
                Reply::Expect { passed: true, .. } => report.passed += 1,
                Reply::Expect { passed: false, .. } => report.failed += 1,
                Reply::Error(_) => report.stopped = true,
                _ => {}
            }
            let line = ScriptLine {
                origin,
                src,
                start,
                text: &text,
                reply: &reply,
            };
            if !each(&line) {
                report.closed = true;
                break;
            }
            if report.stopped {
                break;
            }
        }
        report
    }
}
