//! The command line: parses arguments, runs the library, prints, and maps results to exit codes.
//! With `repl`, the only module that touches stdin, stdout, stderr and the file system (through
//! `io`); `sgs repl` hands over to [`crate::repl`].

mod classroom;
mod out;
mod plan;
mod run;
mod shells;
mod whole;

use out::{Out, warn};
use run::{check, run, run_stdin};
use shells::{open_tui, play, tour, tui};
use whole::lint;

use crate::io::{FileHost, synth};
use crate::tui::App;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
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
        /// JSON, or a `.json` file (`terraform show -json` of a state, or one describe-* file),
        /// is imported (`import aws PATH`).
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
        /// A session file (.sgs) to run, a saved world (.ron), or a folder or a .json file (a
        /// Terraform state) to import.
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
    /// Write a synthetic world as a session (or, with --aws DIR, as the describe-* JSON of an
    /// AWS estate), for benchmarks and big demos.
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
        #[arg(short, long, conflicts_with = "aws")]
        output: Option<String>,
        /// Write an AWS estate instead: the describe-* JSON files `import aws` reads, into
        /// this folder (the same world, less the default VPC an import does not invent).
        #[arg(long, value_name = "DIR")]
        aws: Option<String>,
    },
    /// The reach matrix of a world (.sgs, .ron, a folder of AWS describe-* JSON or a Terraform
    /// state's .json) for one packet: `sgs reach lab.sgs tcp 22 in prod`.
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
    /// Check a Terraform plan (`terraform show -json PLANFILE`): the diff from its prior state to
    /// its planned values, the lint findings it introduces, and FILE's lines run on the world
    /// after; exits 1 when an expectation fails or a new finding is at or above `--fail-on`.
    PlanCheck {
        /// The plan as `terraform show -json` prints it.
        plan: String,
        /// A session file (.sgs) of commands and expectations to run on the world after.
        #[arg(long, value_name = "FILE")]
        expect: Option<String>,
        /// The least severity of a new finding that fails the check.
        #[arg(long, value_name = "LEVEL", default_value = "error",
              value_parser = ["error", "warning", "info"])]
        fail_on: String,
        /// Print JSON Lines: the worlds, the diff, the new findings, each line of FILE, then
        /// the summary.
        #[arg(long)]
        json: bool,
        /// Also write FILE's expectations as JUnit XML to FILE.
        #[arg(long, value_name = "FILE")]
        junit: Option<String>,
        /// Also write the new findings as SARIF 2.1.0 to FILE.
        #[arg(long, value_name = "FILE")]
        sarif: Option<String>,
    },
    /// Print the built-in tour as text: a small world, a denied and an allowed probe.
    Tour,
    /// Open the terminal UI, on a fresh world or on a session (.sgs), a saved world (.ron), a
    /// folder of AWS describe-* JSON or a Terraform state's .json.
    Tui {
        /// A session file to run first, a world saved with `save`, or a folder or a .json file
        /// to import.
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
            aws,
        }) => {
            let spec = synth::GenSpec {
                groups,
                rules,
                instances,
                probes,
                seed,
            };
            match aws {
                Some(dir) => generate_estate(spec, &dir),
                None => generate(spec, output.as_deref()),
            }
        }
        Some(Cmd::PlanCheck {
            plan,
            expect,
            fail_on,
            json,
            junit,
            sarif,
        }) => plan::plan_check(&plan::Ask {
            plan: &plan,
            expect: expect.as_deref(),
            fail_on: &fail_on,
            json,
            junit: junit.as_deref(),
            sarif: sarif.as_deref(),
        }),
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

fn generate_estate(spec: synth::GenSpec, dir: &str) -> ExitCode {
    match synth::write_estate(&spec, std::path::Path::new(dir)) {
        Ok(files) => {
            warn(&format!(
                "wrote {} files into {dir}: {} groups, {} instances (open it with `sgs run {dir}` \
                 or `import aws {dir}`)",
                files.len(),
                spec.groups + 1,
                spec.instances
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            warn(&format!("error: {e}"));
            ExitCode::from(2)
        }
    }
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
