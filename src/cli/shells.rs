//! The shells the command line opens: the tour as text, the TUI and play mode.

use super::TOUR;
use super::out::{Out, warn};
use super::run::{read, run_into};
use crate::io::FileHost;
use crate::render::script_line;
use crate::session::{Host, Reply, Session, Verbosity, printable};
use crate::tui::App;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn tour() -> ExitCode {
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

pub(super) fn open_tui(app: App) -> ExitCode {
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

pub(super) fn tui(file: Option<&str>) -> ExitCode {
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

pub(super) fn play(path: &str, present: bool) -> ExitCode {
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
