//! The real binary in tmux: signals, `sgs tui FILE`, a huge paste, and the REPL's `quit`.

use std::path::Path;

use crate::repl::{BIN, LastNonEmpty, Pane, Scratch, repl_command, tmux_installed};

fn skip() -> bool {
    if tmux_installed() {
        return false;
    }
    eprintln!("SKIPPED: tmux is not installed; the terminal tests need it");
    true
}

/// The shell command that runs `sgs ARGS` (its pid written to `dir/pid`), then records the
/// terminal's modes in `dir/stty.txt` and says `AFTER`.
fn recorded(dir: &Path, args: &str) -> String {
    format!(
        "cd '{d}' && sh -c 'echo $$ > pid; exec env -u NO_COLOR XDG_DATA_HOME=\"{d}\" \"{BIN}\" {args}'; \
         echo STATUS=$?; stty -a > stty.txt; echo AFTER; sleep 60",
        d = dir.display()
    )
}

fn flag(pane: &Pane, name: &str) -> String {
    let out = pane.tmux(&[
        "display-message",
        "-p",
        "-t",
        "sgs",
        &format!("#{{{name}}}"),
    ]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Sends `signal` to the sgs the pane runs and checks the terminal came back.
fn signal_restores(tag: &str, args: &str, ready: &str, signal: &str) {
    let scratch = Scratch::new(tag);
    let pane = Pane::start(tag, &recorded(scratch.path(), args));
    pane.wait_for(ready);
    // Raw mode, and for the TUI the alternate screen and the mouse, are on now.
    let pid = std::fs::read_to_string(scratch.path().join("pid")).expect("the pid is written");
    let killed = std::process::Command::new("kill")
        .args([&format!("-{signal}"), pid.trim()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let screen = pane.wait_for("AFTER");
    let modes = std::fs::read_to_string(scratch.path().join("stty.txt")).unwrap_or_default();
    let words: Vec<&str> = modes.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "sgs {args} left the terminal raw after SIG{signal}: {modes}\n{screen}"
    );
    for name in [
        "alternate_on",
        "mouse_any_flag",
        "mouse_button_flag",
        "mouse_standard_flag",
    ] {
        assert_eq!(
            flag(&pane, name),
            "0",
            "sgs {args}: {name} still on after SIG{signal}"
        );
    }
}

#[test]
fn a_signal_puts_the_terminal_back() {
    if skip() {
        return;
    }
    for signal in ["TERM", "INT", "HUP", "QUIT"] {
        signal_restores(&format!("sig-tui-{signal}"), "tui", "Console", signal);
    }
    for signal in ["TERM", "HUP"] {
        signal_restores(&format!("sig-repl-{signal}"), "repl", "sgs>", signal);
    }
}

#[test]
fn sgs_tui_runs_its_file_as_run_does_and_stops_at_the_first_error() {
    if skip() {
        return;
    }
    let scratch = Scratch::new("tui-file");
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(
        &lab,
        "create vpc prod 10.0.0.0/16\necho \"built\"\ncreate group web \"Web\" in nowhere\ncreate group after-error \"x\" in prod\n",
    )
    .expect("written");
    let pane = Pane::start("tui-file", &format!("'{BIN}' tui '{}'", lab.display()));
    let screen = pane.wait_for("stopped at the error above");
    assert!(screen.contains("lab.sgs:3:"), "no file:line: {screen}");
    assert!(!screen.contains("<console>"), "{screen}");
    assert!(!screen.contains("after-error"), "the file ran on: {screen}");
}

#[test]
fn a_big_generated_world_opens_in_the_tui() {
    if skip() {
        return;
    }
    let scratch = Scratch::new("tui-gen");
    let world = scratch.path().join("gen.sgs");
    let made = std::process::Command::new(BIN)
        .args([
            "gen",
            "--groups",
            "500",
            "--rules",
            "60",
            "--instances",
            "10000",
            "-o",
        ])
        .arg(&world)
        .status()
        .expect("gen runs");
    assert!(made.success());
    // 40,000 commands: at the script runner's speed the first frame comes in about a second
    // (the pane's patience is 20 s; command by command it took minutes).
    let pane = Pane::start("tui-gen", &format!("'{BIN}' tui '{}'", world.display()));
    let screen = pane.wait_for("0 passed, 0 failed");
    assert!(screen.contains("g1"), "{screen}");
}

#[test]
fn a_huge_paste_on_the_command_line_leaves_the_tui_responsive() {
    if skip() {
        return;
    }
    let scratch = Scratch::new("paste");
    let pane = Pane::start("paste", &format!("'{BIN}' tui"));
    pane.wait_for("Console");
    pane.press(":");
    pane.wait_for("›");
    let line = format!("echo \"{}\"", "x".repeat(53 * 1024));
    let buffer = scratch.path().join("paste.txt");
    std::fs::write(&buffer, &line).expect("written");
    pane.tmux(&["load-buffer", "-b", "big", &buffer.to_string_lossy()]);
    // -p: as a bracketed paste, as a terminal sends one.
    pane.tmux(&["paste-buffer", "-p", "-b", "big", "-t", "sgs"]);
    pane.wait_for("xxxxxxxxxx");
    // Keys are answered at once: the end of the line, then Enter runs it.
    pane.type_text("\" tail");
    pane.wait_for("\" tail");
    for _ in "\" tail".chars() {
        pane.press("BSpace");
    }
    pane.wait_until("the typed tail to go", |s| !s.contains("tail"));
    pane.press("Enter");
    // The echo runs: its 53 KB answer wraps in the console, no error.
    let screen = pane.wait_until("the echo's answer", |s| {
        s.contains("┃xxxxxxxxxx") && s.contains("┃›")
    });
    assert!(!screen.contains("error["), "{screen}");
}

#[test]
fn the_repl_quits_on_quit_and_exit_and_answers_an_open_quote_at_once() {
    if skip() {
        return;
    }
    for word in ["quit", "exit"] {
        let scratch = Scratch::new("repl-quit");
        std::fs::write(
            scratch.path().join("lab.sgs"),
            "echo \"\u{1b}[31mred\u{1b}[0m\"\n",
        )
        .expect("written");
        let pane = Pane::start(
            &format!("repl-{word}"),
            &repl_command(&scratch.path().join("data"), scratch.path(), "lab.sgs"),
        );
        let screen = pane.wait_for_prompt();
        assert!(screen.contains("\\x1b[31mred\\x1b[0m"), "{screen}");
        // A newline ends a command as in a file: an open quote is an error, not a second line.
        pane.type_and_enter("echo \"a");
        let screen = pane.wait_for("error[");
        assert!(screen.contains("<repl>:1:"), "{screen}");
        assert!(!screen.contains("..>"), "{screen}");
        pane.wait_for_prompt();
        pane.type_and_enter(word);
        let screen = pane.wait_for("EXIT=0");
        assert!(
            screen
                .lines()
                .last_nonempty()
                .is_some_and(|l| l.contains("EXIT=0")),
            "{screen}"
        );
    }
}
