//! The binary on files and pipes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::repl::{BIN, Scratch};

/// Runs `sgs ARGS` with `stdin` as its input and its output into a pipe whose reading end is
/// already closed: every write fails as `sgs … | head -0` makes it fail.
fn into_closed_pipe(args: &[&str], stdin: &str) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("sgs starts");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("sgs ends")
}

fn sgs(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("sgs runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly_with_status_141() {
    let scratch = Scratch::new("pipe");
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(&lab, "create vpc prod 10.0.0.0/16\nshow vpcs\n").expect("written");
    let lab = lab.to_string_lossy().into_owned();
    let script = "create vpc prod 10.0.0.0/16\nshow vpcs\n";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["tour"], ""),
        (vec!["run", &lab], ""),
        (vec!["run", "--quiet", &lab, &lab], ""),
        (vec!["check", &lab], ""),
        (
            vec!["gen", "--groups", "3", "--rules", "2", "--instances", "4"],
            "",
        ),
        (vec!["--help"], ""),
        (vec![], script),
        (vec!["repl"], script),
    ];
    for (args, input) in cases {
        let out = into_closed_pipe(&args, input);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "sgs {args:?} panicked: {err}");
        assert_eq!(out.status.code(), Some(141), "sgs {args:?}: {err}");
    }
}

#[test]
fn each_command_is_written_when_it_completes() {
    let scratch = Scratch::new("stream");
    // A failed expectation first (printed even with --quiet), then seconds of quiet work: the
    // failure must be out while the run is still going.
    let mut text = String::from("expect output \"nothing\": show vpcs\n");
    for _ in 0..100_000 {
        text.push_str("authorize ingress tcp 22 from 10.0.0.1/32 to default\n");
        text.push_str("revoke ingress tcp 22 from 10.0.0.1/32 to default\n");
    }
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(&lab, text).expect("written");
    let mut child = Command::new(BIN)
        .args(["run", "--quiet", &lab.to_string_lossy()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sgs starts");
    let out = child.stdout.take().expect("a pipe");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(out);
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        let _ = tx.send(first);
        // Drain the rest so the run can end.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let first = rx.recv_timeout(Duration::from_secs(60));
    let running = matches!(child.try_wait(), Ok(None));
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.as_deref().is_ok_and(|l| l.starts_with("FAIL")),
        "no failure line: {first:?}"
    );
    assert!(
        running,
        "the first command's output was held back until the run ended"
    );
}

#[test]
fn a_session_file_may_be_a_fifo() {
    let scratch = Scratch::new("fifo-script");
    let fifo = scratch.path().join("lab.sgs");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo runs");
    let child = Command::new(BIN)
        .args(["run", &fifo.to_string_lossy()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sgs starts");
    // `sgs run <(make-lab)`: the script arrives through a pipe.
    std::fs::write(&fifo, "echo \"through a pipe\"\n").expect("the FIFO takes the script");
    let out = child.wait_with_output().expect("sgs ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("through a pipe"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let scratch = Scratch::new("bom");
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(
        &lab,
        "\u{feff}create vpc prod \\\r\n  10.0.0.0/16\r\necho \"ok\"\r\nexpect output \"prod\": show vpcs\r\nshow grups\r\n",
    )
    .expect("written");
    let out = sgs(&["run", &lab.to_string_lossy()]);
    let text = stdout(&out);
    assert!(text.contains("ok: created vpc prod"), "{text}");
    assert!(text.contains("pass: output contains \"prod\""), "{text}");
    // The error points at line 5, column 6, with no carriage return in the quote.
    assert!(text.contains("lab.sgs:5:6"), "{text}");
    assert!(!text.contains('\r'), "{text:?}");
    let check = sgs(&["check", &lab.to_string_lossy()]);
    assert!(stdout(&check).contains("lab.sgs:5:6"), "{}", stdout(&check));
}

#[test]
fn quit_and_exit_stop_reading_a_file() {
    let scratch = Scratch::new("quit");
    for word in ["quit", "exit", "QUIT"] {
        let lab = scratch.path().join("lab.sgs");
        std::fs::write(
            &lab,
            format!("echo \"one\"\n{word}\necho \"two\"\nnot a command\n"),
        )
        .expect("written");
        let out = sgs(&["run", &lab.to_string_lossy()]);
        let text = stdout(&out);
        assert!(text.contains("one"), "{text}");
        assert!(
            !text.contains("two"),
            "{word} did not stop the file: {text}"
        );
        assert_eq!(out.status.code(), Some(0), "{text}");
    }
}

#[test]
fn help_explains_a_command_of_two_words() {
    let scratch = Scratch::new("help");
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(&lab, "help create group\nhelp quit\n").expect("written");
    let out = sgs(&["run", &lab.to_string_lossy()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("create group — create a security group"),
        "{text}"
    );
    assert!(!text.contains("create vpc"), "only the one command: {text}");
    assert!(text.contains("quit — leave the REPL or the TUI"), "{text}");
}

#[test]
fn control_characters_from_a_file_reach_the_terminal_escaped() {
    let scratch = Scratch::new("escape");
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(
        &lab,
        "echo \"\u{1b}[2J\u{1b}]0;owned\u{7}cleared\"\nshow group \"x\u{1b}[31m\"\n",
    )
    .expect("written");
    let out = sgs(&["run", &lab.to_string_lossy()]);
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("\\x1b[2J\\x1b]0;owned\\x07cleared"), "{text}");
    assert!(
        text.contains("x\\x1b[31m"),
        "the error escapes it too: {text}"
    );
}

#[test]
fn a_quiet_run_answers_as_a_full_one_and_undo_still_works() {
    let scratch = Scratch::new("quiet");
    let lab = scratch.path().join("lab.sgs");
    std::fs::write(
        &lab,
        "create group web \"w\"\nlaunch a groups web\nlaunch b groups web\n\
         expect deny tcp 80 from a to b\nauthorize ingress tcp 80 from web to web\n\
         expect allow tcp 80 from a to b\nundo\nexpect deny tcp 80 from a to b\n\
         expect allow tcp 80 from a to b\n",
    )
    .expect("written");
    for quiet in [true, false] {
        let args: &[&str] = if quiet {
            &["run", "-q", &lab.to_string_lossy()]
        } else {
            &["run", &lab.to_string_lossy()]
        };
        let out = sgs(args);
        let text = stdout(&out);
        // The last expectation fails, and is traced in full even in a quiet run.
        assert!(text.contains("3 passed, 1 failed"), "{text}");
        assert!(text.contains("FAIL"), "{text}");
        assert!(text.contains("security groups of"), "{text}");
        assert_eq!(out.status.code(), Some(1), "{text}");
    }
}
