//! The command line: parses arguments, runs the library, prints, and maps results to exit codes.
//! With `repl`, the only module that touches stdin, stdout, stderr and the file system (through
//! `io`); `sgs repl` hands over to [`crate::repl`].

mod classroom;
mod whole;

use crate::io::{FileHost, synth};
use crate::lang::{lines, parse_command, split_script};
use crate::render::{self, junit::Junit, script_line};
use crate::session::{Host, Origins, Reply, Session, Severity, Verbosity, printable};
use crate::tui::App;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// The built-in tour: the world the TUI opens on when sgs is run bare, and what `sgs tour`
/// prints.
pub const TOUR: &str = include_str!("../sessions/tour.sgs");

#[derive(Parser, Debug)]
#[command(
    name = "sgs",
    version,
    about = "A sandbox that simulates AWS security groups: try a design, ask whether a packet passes, and see why.",
    long_about = None,
    after_help = "Run bare on a terminal, sgs opens the TUI on the built-in tour. `sgs repl` gives a prompt; `sgs run lab.sgs` runs a session file; `sgs < lab.sgs` reads one from a pipe; `sgs play lab.sgs` steps through one."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Run session files and their expectations; ends with `N passed, N failed`.
    Run {
        /// Session files (.sgs), run in order, each in a fresh world; a folder of AWS describe-*
        /// JSON is imported (`import aws FOLDER`).
        #[arg(required = true)]
        files: Vec<String>,
        /// Print only failures, errors, narration and the summary.
        #[arg(short, long)]
        quiet: bool,
        /// Print JSON Lines: one object per command, then the summary.
        #[arg(long)]
        json: bool,
        /// Also write the expectations as JUnit XML to FILE.
        #[arg(long, value_name = "FILE")]
        junit: Option<String>,
    },
    /// Lint a world (a session file, or a world saved with `save`): the findings of `lint`;
    /// exits 1 when one is at or above `--fail-on`.
    Lint {
        /// A session file (.sgs) to run, or a saved world (.ron).
        world: String,
        /// Print JSON Lines: the findings' object, then the summary.
        #[arg(long)]
        json: bool,
        /// Also write the findings as SARIF 2.1.0 to FILE.
        #[arg(long, value_name = "FILE")]
        sarif: Option<String>,
        /// The least severity that fails the run.
        #[arg(long, value_name = "LEVEL", default_value = "warning",
              value_parser = ["error", "warning", "info"])]
        fail_on: String,
    },
    /// Parse session files without running them.
    Check {
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Write a synthetic world as a session, for benchmarks and big demos.
    Gen {
        #[arg(long)]
        groups: usize,
        #[arg(long)]
        rules: usize,
        #[arg(long)]
        instances: usize,
        #[arg(long, default_value_t = 0)]
        probes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<String>,
    },
    /// The reach matrix of a world (.sgs, .ron or a folder of AWS describe-* JSON) for one
    /// packet: `sgs reach lab.sgs tcp 22 in prod`.
    Reach {
        world: String,
        /// The packet and the scope, as `show reach` takes them.
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        words: Vec<String>,
        /// Print JSON Lines: the answer's object, then the summary.
        #[arg(long)]
        json: bool,
    },
    /// What changed from world A to world B: rules, reachability per pair of endpoints.
    Diff {
        a: String,
        b: String,
        /// Print JSON Lines: the answer's object, then the summary.
        #[arg(long)]
        json: bool,
    },
    /// Print the built-in tour as text: a small world, a denied and an allowed probe.
    Tour,
    /// Open the terminal UI, on a fresh world or on a session (.sgs), a saved world (.ron) or a
    /// folder of AWS describe-* JSON.
    Tui {
        /// A session file to run first, a world saved with `save`, or a folder to import.
        file: Option<String>,
    },
    /// Step through a session file in the terminal UI, for classrooms: Space runs the next
    /// command, ← steps back.
    Play {
        file: String,
        /// Presenter mode, for a projector: large narration, the path strip and the trace, no
        /// panes or key bar, high contrast (`?` still lists the keys).
        #[arg(long)]
        present: bool,
    },
    /// Grade students' sessions against a lesson's goals: the lesson up to its first `task`, then
    /// each student's session, then every `goal` of the lesson.
    Grade {
        /// The lesson (.sgs): setup, `task`, goals.
        lesson: String,
        /// The students' sessions (.sgs), each run on the lesson's setup.
        #[arg(required = true)]
        students: Vec<String>,
        /// Write `student,met,goals,score` as CSV to FILE (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        csv: Option<String>,
        /// Write each goal of each student as a JUnit test case to FILE (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        junit: Option<String>,
        /// Print JSON Lines: one object per student, then the summary.
        #[arg(long)]
        json: bool,
    },
    /// Troubleshooting labs made of lessons.
    Lab {
        #[command(subcommand)]
        command: LabCmd,
    },
    /// Type commands at a prompt, with completion, hints and history; runs the files first.
    Repl {
        /// Session files (.sgs) to run, in order, in the REPL's world before the prompt.
        files: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum LabCmd {
    /// Write the lesson with one realistic fault injected just before its first `task`, so that
    /// at least one goal fails.
    Break {
        lesson: String,
        /// Which of the faults that apply (the same seed, the same fault).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// The broken lesson's path (`-`: standard output).
        #[arg(short, long, value_name = "BROKEN")]
        output: String,
        /// Print the fault's lines, the goals it breaks and the lines that undo it.
        #[arg(long)]
        answer: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // `sgs --help | head -0`: a closed pipe ends it quietly.
            let status = if e.use_stderr() { 2 } else { 0 };
            return ExitCode::from(if e.print().is_err() { CLOSED } else { status });
        }
    };
    match cli.command {
        Some(Cmd::Run {
            files,
            quiet,
            json,
            junit,
        }) => run(&files, quiet, json, junit.as_deref()),
        Some(Cmd::Check { files }) => check(&files),
        Some(Cmd::Lint {
            world,
            json,
            sarif,
            fail_on,
        }) => lint(&world, json, sarif.as_deref(), &fail_on),
        Some(Cmd::Gen {
            groups,
            rules,
            instances,
            probes,
            seed,
            output,
        }) => generate(
            synth::GenSpec {
                groups,
                rules,
                instances,
                probes,
                seed,
            },
            output.as_deref(),
        ),
        Some(Cmd::Tour) => tour(),
        Some(Cmd::Reach { world, words, json }) => {
            let json = json || words.iter().any(|w| w == "--json");
            let words: Vec<String> = words.into_iter().filter(|w| w != "--json").collect();
            whole::reach(&world, &words, json)
        }
        Some(Cmd::Diff { a, b, json }) => whole::diff(&a, &b, json),
        Some(Cmd::Tui { file }) => tui(file.as_deref()),
        Some(Cmd::Play { file, present }) => play(&file, present),
        Some(Cmd::Repl { files }) => crate::repl::run(&files),
        Some(Cmd::Grade {
            lesson,
            students,
            csv,
            junit,
            json,
        }) => classroom::grade(&lesson, &students, csv.as_deref(), junit.as_deref(), json),
        Some(Cmd::Lab {
            command:
                LabCmd::Break {
                    lesson,
                    seed,
                    output,
                    answer,
                },
        }) => classroom::lab_break(&lesson, seed, &output, answer),
        None if !std::io::stdin().is_terminal() => run_stdin(),
        None if !std::io::stdout().is_terminal() => tour(),
        None => open_tui(App::with_script(TOUR, Box::new(FileHost))),
    }
}

/// The status of a run whose output pipe was closed (`sgs run lab.sgs | head -1`): what a shell
/// reports for a program that SIGPIPE ended, 128 + 13. The run ends quietly there.
pub const CLOSED: u8 = 141;

/// Standard output as runs write it: each command's output is written when the command
/// completes, flushed at its line end on a terminal or a pipe; into a regular file it is
/// buffered in blocks.
struct Out {
    w: Box<dyn Write>,
    /// A write failed (the pipe was closed): nothing more is written.
    closed: bool,
}

impl Out {
    fn stdout() -> Out {
        let lock = std::io::stdout().lock();
        let w: Box<dyn Write> = if stdout_is_a_file() {
            Box::new(std::io::BufWriter::with_capacity(1 << 16, lock))
        } else {
            Box::new(lock)
        };
        Out { w, closed: false }
    }

    /// Writes `text` and a line break.
    fn line(&mut self, text: &str) {
        if !self.closed && writeln!(self.w, "{text}").is_err() {
            self.closed = true;
        }
    }

    /// Flushes; `code`, or [`CLOSED`] when the output was cut off.
    fn finish(mut self, code: u8) -> ExitCode {
        if !self.closed && self.w.flush().is_err() {
            self.closed = true;
        }
        ExitCode::from(if self.closed { CLOSED } else { code })
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.w.write(buf);
        if n.is_err() {
            self.closed = true;
        }
        n
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

#[cfg(unix)]
fn stdout_is_a_file() -> bool {
    use std::os::fd::AsFd;
    std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.is_file())
}

#[cfg(not(unix))]
fn stdout_is_a_file() -> bool {
    false
}

/// Writes a message to standard error; a closed standard error is no reason to panic.
fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A session file: a regular file of bounded size, in UTF-8 (see `io::files`); a folder of AWS
/// describe-* output reads as `import aws FOLDER`.
fn read(path: &str) -> Result<String, String> {
    crate::io::aws::world_script(path).map_err(|e| crate::io::files::plain(&e))
}

/// Runs `src` in `session`, writing to `out` as it goes.
fn run_into(
    session: &mut Session,
    origin: &str,
    src: &str,
    verbosity: Verbosity,
    out: &mut Out,
) -> crate::session::ScriptReport {
    session.run_script_to(origin, src, &mut FileHost, verbosity, out)
}

fn run(files: &[String], quiet: bool, json: bool, junit: Option<&str>) -> ExitCode {
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
fn report_goals(session: &Session, origin: &str, json: bool, out: &mut Out) {
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

fn run_stdin() -> ExitCode {
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

/// `sgs lint WORLD`: builds the world (a `.ron` file is loaded, any other is run as a session),
/// lints it, prints the findings (text or JSON Lines), writes SARIF if asked; exit 1 when a
/// finding is at or above `fail_on`, 2 when the world cannot be built or a file written.
fn lint(path: &str, json: bool, sarif: Option<&str>, fail_on: &str) -> ExitCode {
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

fn check(files: &[String]) -> ExitCode {
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
        for (start, text) in split_script(src) {
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

fn generate(spec: synth::GenSpec, output: Option<&str>) -> ExitCode {
    let text = match synth::generate(&spec) {
        Ok(t) => t,
        Err(e) => {
            warn(&format!("error: {e}"));
            return ExitCode::from(2);
        }
    };
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                warn(&format!("error: cannot write {path}: {e}"));
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        None => {
            let mut out = Out::stdout();
            if out.write_all(text.as_bytes()).is_err() {
                out.closed = true;
            }
            out.finish(0)
        }
    }
}

fn tour() -> ExitCode {
    let mut out = Out::stdout();
    let mut session = Session::new();
    let report = run_into(&mut session, "tour.sgs", TOUR, Verbosity::All, &mut out);
    std::mem::forget(session);
    out.line(&format!(
        "{} passed, {} failed",
        report.passed, report.failed
    ));
    out.line(
        "\nThat was the built-in tour. Try your own: sgs run FILE.sgs (see sessions/), or sgs --help.",
    );
    out.finish(report.exit_code())
}

fn open_tui(app: App) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        warn("error: the TUI needs a terminal; use `sgs run FILE` or `sgs tour` for text");
        return ExitCode::from(2);
    }
    let result = crate::tui::run(app);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("error: terminal: {e}"));
            ExitCode::from(2)
        }
    }
}

fn tui(file: Option<&str>) -> ExitCode {
    let Some(path) = file else {
        return open_tui(App::new(Session::new(), Box::new(FileHost)));
    };
    if path.ends_with(".ron") {
        return match FileHost.load(path) {
            Ok(world) => open_tui(App::new(Session::from_world(world), Box::new(FileHost))),
            Err(e) => {
                warn(&e.headline());
                ExitCode::from(2)
            }
        };
    }
    let src = match read(path) {
        Ok(src) => src,
        Err(e) => {
            warn(&e);
            return ExitCode::from(2);
        }
    };
    // The file runs as `sgs run` runs it (quietly: the console gets its narration, failures
    // and the error it stopped at, with the file's line), then the TUI opens on its world.
    let mut session = Session::new();
    let (mut printed, mut error) = (String::new(), String::new());
    let report = session.run_script_each(path, &src, &mut FileHost, &mut |line| {
        let mut text = String::new();
        script_line(line, Verbosity::Quiet, &mut text);
        let to = if matches!(line.reply, Reply::Error(_)) {
            &mut error
        } else {
            &mut printed
        };
        to.push_str(&printable(&text));
        true
    });
    open_tui(App::after_script(
        session,
        Box::new(FileHost),
        path,
        &report,
        (&printed, &error),
    ))
}

fn play(path: &str, present: bool) -> ExitCode {
    match read(path) {
        Ok(src) => {
            let name = Path::new(path)
                .file_name()
                .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
            let app = App::play(&name, &src, Box::new(FileHost));
            open_tui(if present { app.presenting() } else { app })
        }
        Err(e) => {
            warn(&e);
            ExitCode::from(2)
        }
    }
}
