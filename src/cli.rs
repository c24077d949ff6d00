//! The command line: parses arguments, runs the library, prints, and maps results to exit codes.
//! With `repl`, the only module that touches stdin, stdout, stderr and the file system (through
//! `io`); `sgs repl` hands over to [`crate::repl`].

use crate::io::{FileHost, synth};
use crate::lang::{parse_command, split_script};
use crate::session::{Host, Session, Verbosity};
use crate::tui::App;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read, Write};
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
        /// Session files (.sgs), run in order, each in a fresh world.
        #[arg(required = true)]
        files: Vec<String>,
        /// Print only failures, errors, narration and the summary.
        #[arg(short, long)]
        quiet: bool,
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
    /// Print the built-in tour as text: a small world, a denied and an allowed probe.
    Tour,
    /// Open the terminal UI, on a fresh world or on a session (.sgs) or saved world (.ron).
    Tui {
        /// A session file to run first, or a world saved with `save`.
        file: Option<String>,
    },
    /// Step through a session file in the terminal UI, for classrooms: Space runs the next
    /// command, ← steps back.
    Play { file: String },
    /// Type commands at a prompt, with completion, hints and history; runs the files first.
    Repl {
        /// Session files (.sgs) to run, in order, in the REPL's world before the prompt.
        files: Vec<String>,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Cmd::Run { files, quiet }) => run(&files, quiet),
        Some(Cmd::Check { files }) => check(&files),
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
        Some(Cmd::Tui { file }) => tui(file.as_deref()),
        Some(Cmd::Play { file }) => play(&file),
        Some(Cmd::Repl { files }) => crate::repl::run(&files),
        None if !std::io::stdin().is_terminal() => run_stdin(),
        None if !std::io::stdout().is_terminal() => tour(),
        None => open_tui(App::with_script(TOUR, Box::new(FileHost))),
    }
}

/// A session file: a regular file of bounded size, in UTF-8 (see `io::files`).
fn read(path: &str) -> Result<String, String> {
    crate::io::files::read_text(std::path::Path::new(path), "ReadFailed")
        .map_err(|e| crate::io::files::plain(&e))
}

fn run(files: &[String], quiet: bool) -> ExitCode {
    let verbosity = if quiet {
        Verbosity::Quiet
    } else {
        Verbosity::All
    };
    let (mut passed, mut failed, mut code) = (0, 0, 0u8);
    let mut stdout = std::io::stdout().lock();
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                code = 2;
                continue;
            }
        };
        if files.len() > 1 && !quiet {
            let _ = writeln!(stdout, "== {path}");
        }
        let mut session = Session::new();
        let report = session.run_script(path, &src, &mut FileHost, verbosity);
        let _ = stdout.write_all(report.output.as_bytes());
        passed += report.passed;
        failed += report.failed;
        code = code.max(report.exit_code());
    }
    let _ = writeln!(stdout, "{passed} passed, {failed} failed");
    ExitCode::from(code)
}

fn run_stdin() -> ExitCode {
    let mut src = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut src) {
        eprintln!("error: cannot read standard input: {e}");
        return ExitCode::from(2);
    }
    let mut session = Session::new();
    let report = session.run_script("<stdin>", &src, &mut FileHost, Verbosity::All);
    print!("{}", report.output);
    println!("{} passed, {} failed", report.passed, report.failed);
    ExitCode::from(report.exit_code())
}

fn check(files: &[String]) -> ExitCode {
    let mut code = 0u8;
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                code = 2;
                continue;
            }
        };
        let mut commands = 0;
        let mut errors = 0;
        for (start, text) in split_script(&src) {
            match parse_command(&text) {
                Ok(Some(_)) => commands += 1,
                Ok(None) => {}
                Err(e) => {
                    errors += 1;
                    print!("{}", e.shifted(start).render(path, &src));
                }
            }
        }
        if errors == 0 {
            println!("ok: {path}: {commands} commands parse");
        } else {
            println!("{path}: {errors} syntax errors");
            code = 2;
        }
    }
    ExitCode::from(code)
}

fn generate(spec: synth::GenSpec, output: Option<&str>) -> ExitCode {
    let text = match synth::generate(&spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("error: cannot write {path}: {e}");
                return ExitCode::from(2);
            }
        }
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    ExitCode::SUCCESS
}

fn tour() -> ExitCode {
    let mut session = Session::new();
    let report = session.run_script("tour.sgs", TOUR, &mut FileHost, Verbosity::All);
    print!("{}", report.output);
    println!("{} passed, {} failed", report.passed, report.failed);
    println!(
        "\nThat was the built-in tour. Try your own: sgs run FILE.sgs (see sessions/), or sgs --help."
    );
    ExitCode::from(report.exit_code())
}

fn open_tui(app: App) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("error: the TUI needs a terminal; use `sgs run FILE` or `sgs tour` for text");
        return ExitCode::from(2);
    }
    match crate::tui::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: terminal: {e}");
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
                eprintln!("{}", e.headline());
                ExitCode::from(2)
            }
        };
    }
    match read(path) {
        Ok(src) => open_tui(App::with_script(&src, Box::new(FileHost))),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn play(path: &str) -> ExitCode {
    match read(path) {
        Ok(src) => {
            let name = std::path::Path::new(path)
                .file_name()
                .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
            open_tui(App::play(&name, &src, Box::new(FileHost)))
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
