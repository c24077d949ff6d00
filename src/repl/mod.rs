//! The REPL: `sgs repl [FILE…]` runs the files, then reads commands at the `sgs> ` prompt, with
//! completion, hints and highlighting from `lang`, history in the user's data directory, and
//! answers in colour on a terminal.
//!
//! The loop owns the terminal; the language and the engine stay in the core: each line goes
//! through `lang::split_script` (the splitter files use) and `lang::parse_command` to `Session::run`, and a wrong
//! line is answered with `Diagnostic::render` against the typed text. A line ending in `\` is
//! continued under the `  ..> ` prompt (psql's way: each line is read afresh, so the prompt shows).
//! Ctrl-C drops the line being typed (and any continued lines); Ctrl-D on an empty line, `quit`
//! and `exit` quit with 0. SIGTERM and SIGHUP (and `kill -INT`, `kill -QUIT`) put the terminal
//! back before the process ends.
//!
//! Standard input that is not a terminal (`sgs repl < lab.sgs`) is run as a script, with no
//! prompts, exactly as `sgs < lab.sgs` runs it.

mod ask;
mod helper;
pub mod history;
pub mod style;

use crate::io::FileHost;
use crate::lang::ast::Command;
use crate::lang::tokens::{InputState, input_state, one_line};
use crate::lang::{lines, parse_command, split_script};
use crate::render::styled;
use crate::session::{Reply, Session, Verbosity, printable};
use helper::{Cancel, SgsHelper};
use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Editor, EventHandler, Helper, KeyEvent};
use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use style::Palette;

/// The prompt.
pub const PROMPT: &str = "sgs> ";
/// The prompt for a line that continues the one before (after a `\`).
pub const CONTINUATION: &str = "  ..> ";
/// How many lines the history keeps.
const HISTORY_SIZE: usize = 1000;

/// Runs `sgs repl FILE…`.
pub fn run(files: &[String]) -> ExitCode {
    let palette = Palette::detect();
    let session = Rc::new(RefCell::new(Session::new()));
    let mut code = 0u8;
    for path in files {
        code = code.max(run_file(&session, path));
    }
    if !std::io::stdin().is_terminal() {
        let code = code.max(run_piped(&session));
        // The process ends next: freeing the world would only cost time.
        std::mem::forget(session);
        return ExitCode::from(code);
    }
    interactive(session, palette)
}

/// Runs a file in the session, printing its output; the exit code it would give `sgs run`.
fn run_file(session: &Rc<RefCell<Session>>, path: &str) -> u8 {
    let src = match crate::io::aws::world_script(path) {
        Ok(src) => src,
        Err(e) => {
            say(&crate::io::files::plain(&e));
            return 2;
        }
    };
    let Ok(mut session) = session.try_borrow_mut() else {
        return 2;
    };
    run_printing(&mut session, path, &src, false)
}

/// Runs standard input as a script.
fn run_piped(session: &Rc<RefCell<Session>>) -> u8 {
    let src = match crate::io::files::read_stdin("ReadFailed") {
        Ok(src) => src,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", crate::io::files::plain(&e));
            return 2;
        }
    };
    let Ok(mut session) = session.try_borrow_mut() else {
        return 2;
    };
    run_printing(&mut session, "<stdin>", &src, true)
}

/// Prints a line; a closed standard output is no reason to panic.
fn say(text: &str) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

/// Runs a script, printing each command's output as it completes, then its tally when asked or
/// when it had expectations; the exit code `sgs run` would give (141 when the output pipe
/// closed, as `sgs run` gives).
fn run_printing(session: &mut Session, origin: &str, src: &str, tally: bool) -> u8 {
    let mut out = std::io::stdout().lock();
    let report = session.run_script_to(origin, src, &mut FileHost, Verbosity::All, &mut out);
    let mut closed = report.closed;
    if !closed && (tally || report.passed + report.failed > 0) {
        closed = writeln!(out, "{} passed, {} failed", report.passed, report.failed).is_err();
    }
    if closed || out.flush().is_err() {
        return crate::cli::CLOSED;
    }
    report.exit_code()
}

/// The editor, with its helper, its Ctrl-C binding and its history loaded.
fn editor(
    session: &Rc<RefCell<Session>>,
    palette: Palette,
    cancel: &Arc<AtomicBool>,
) -> rustyline::Result<(Editor<SgsHelper, FileHistory>, Option<PathBuf>)> {
    let config = Config::builder()
        .history_ignore_dups(true)?
        .max_history_size(HISTORY_SIZE)?
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .completion_show_all_if_ambiguous(true)
        .build();
    let mut editor = Editor::with_config(config)?;
    let helper = SgsHelper::new(Rc::clone(session), palette.on, Arc::clone(cancel));
    editor.set_helper(Some(helper));
    editor.bind_sequence(
        KeyEvent::ctrl('C'),
        EventHandler::Conditional(Box::new(Cancel(Arc::clone(cancel)))),
    );
    let path = history::path().filter(|p| match history::prepare(p) {
        Ok(()) => true,
        Err(e) => {
            eprintln!(
                "warning: history is not kept: cannot create {}: {e}",
                p.display()
            );
            false
        }
    });
    if let Some(p) = &path
        && p.exists()
        && let Err(e) = editor.load_history(p)
    {
        eprintln!("warning: cannot read the history in {}: {e}", p.display());
    }
    Ok((editor, path))
}

fn interactive(session: Rc<RefCell<Session>>, palette: Palette) -> ExitCode {
    let cancel = Arc::new(AtomicBool::new(false));
    let (mut editor, history) = match editor(&session, palette, &cancel) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return ExitCode::from(2);
        }
    };
    say(&format!(
        "sgs {}: type help for the commands; Tab completes, Ctrl-R searches the history, Ctrl-D or quit quits.",
        env!("CARGO_PKG_VERSION")
    ));
    watch_signals();
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() {
            PROMPT
        } else {
            CONTINUATION
        };
        // A Ctrl-C that rustyline handled itself (in a history search) leaves no flag behind.
        cancel.store(false, Ordering::SeqCst);
        match editor.readline(prompt) {
            Ok(_) if cancel.swap(false, Ordering::SeqCst) => pending.clear(),
            Ok(line) => {
                if !pending.is_empty() {
                    pending.push('\n');
                }
                pending.push_str(&line);
                // Only a final `\` asks for another line: an open quote is the parser's error,
                // as in a file.
                if input_state(&pending) == InputState::Continued {
                    continue;
                }
                let input = std::mem::take(&mut pending);
                remember(&mut editor, history.as_ref(), &input);
                if run_input(&session, palette, &input) == Next::Quit {
                    return leave(session);
                }
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => return leave(session),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
}

/// Adds typed input to the history, as one line, and appends it to the history file.
fn remember<H: Helper>(editor: &mut Editor<H, FileHistory>, path: Option<&PathBuf>, input: &str) {
    if input.trim().is_empty() {
        return;
    }
    let added = editor
        .add_history_entry(one_line(input).trim_end())
        .unwrap_or(false);
    if let (true, Some(p)) = (added, path)
        && let Err(e) = editor.append_history(p)
    {
        eprintln!("warning: cannot write the history to {}: {e}", p.display());
    }
}

/// Ends the REPL: the process ends next, so the world is not freed.
fn leave(session: Rc<RefCell<Session>>) -> ExitCode {
    std::mem::forget(session);
    ExitCode::SUCCESS
}

/// SIGTERM, SIGHUP, SIGINT or SIGQUIT while the editor has the terminal raw: put back the
/// terminal modes the REPL started with, then end.
fn watch_signals() {
    #[cfg(unix)]
    if let Ok(saved) = nix::sys::termios::tcgetattr(std::io::stdin()) {
        crate::tui::signals::restore_on(crate::tui::signals::REPL, move || {
            let _ = nix::sys::termios::tcsetattr(
                std::io::stdin(),
                nix::sys::termios::SetArg::TCSANOW,
                &saved,
            );
            let _ = writeln!(std::io::stdout());
        });
    }
}

/// What the REPL does after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    Read,
    Quit,
}

/// Runs each command of typed input and prints what it answers; `quit` or `exit` ends it.
fn run_input(session: &Rc<RefCell<Session>>, palette: Palette, input: &str) -> Next {
    let mut out = std::io::stdout().lock();
    for (start, text) in split_script(lines::without_bom(input)) {
        let command = match parse_command(&text) {
            Ok(Some(command)) => command,
            Ok(None) => continue,
            Err(e) => {
                let rendered = e.shifted(start).render("<repl>", input);
                let _ = write!(out, "{}", palette.error(&printable(&rendered)));
                continue;
            }
        };
        if matches!(command.node, Command::Quit) {
            let _ = out.flush();
            return Next::Quit;
        }
        let Ok(mut session) = session.try_borrow_mut() else {
            continue;
        };
        if let Command::Ask(probe) = &command.node {
            if let Err(e) = ask::ask(&mut session, probe, palette, &mut out) {
                let rendered = e.shifted(start).render("<repl>", input);
                let _ = write!(out, "{}", palette.error(&printable(&rendered)));
            }
            continue;
        }
        match session.run(&command.node, &mut FileHost) {
            Ok(reply) => print_reply(&mut out, palette, &reply),
            Err(e) => {
                let rendered = e.shifted(start).render("<repl>", input);
                let _ = write!(out, "{}", palette.error(&printable(&rendered)));
            }
        }
    }
    let _ = out.flush();
    Next::Read
}

fn print_reply(out: &mut impl Write, palette: Palette, reply: &Reply) {
    let mut text = String::new();
    for (i, (line, tone)) in styled(reply).iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&palette.tone(*tone, &printable(line)));
    }
    if text.is_empty() {
        return;
    }
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
}
