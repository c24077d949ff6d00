//! The REPL driven as a person drives it: the real binary in a tmux pane, keys sent with
//! `send-keys`, and the screen read back with `capture-pane`. Skipped, with a message, where tmux
//! is not installed (CI installs it).
//!
//! Each step waits for what a person would wait to see (polling the screen with a timeout), never
//! for a fixed time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_sgs");
/// How long to wait for the screen to show something.
const PATIENCE: Duration = Duration::from_secs(20);

/// A scratch directory, removed when dropped.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    pub(crate) fn new(tag: &str) -> Scratch {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("sgs-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory can be made");
        Scratch(dir)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) fn tmux_installed() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A tmux server of our own (its own socket) running one pane.
pub(crate) struct Pane {
    socket: String,
    /// The socket's file, removed with the server.
    socket_path: Option<PathBuf>,
}

impl Pane {
    /// Starts `command` (a shell command) in a 120x40 pane.
    pub(crate) fn start(tag: &str, command: &str) -> Pane {
        let mut pane = Pane {
            socket: format!("sgs-{tag}-{}", std::process::id()),
            socket_path: None,
        };
        let out = pane.tmux(&[
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
            "-s",
            "sgs",
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = pane.tmux(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
        pane.socket_path = (!path.is_empty()).then(|| PathBuf::from(path));
        pane
    }

    pub(crate) fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("tmux runs")
    }

    /// Types text as it is.
    pub(crate) fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "sgs", "-l", text]);
    }

    /// Types a line, waits until the editor shows it (a hint may follow it), so that no key
    /// arrives while the editor is not reading, then presses Enter.
    pub(crate) fn type_and_enter(&self, text: &str) {
        self.type_text(text);
        let tail: String = text
            .chars()
            .rev()
            .take(12)
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        self.wait_until(&format!("the editor to show {text:?}"), |s| {
            s.lines()
                .last_nonempty()
                .is_some_and(|l| l.contains(tail.trim_end()))
        });
        self.press("Enter");
    }

    /// Presses a key (`Enter`, `Tab`, `Up`, `C-c`, …).
    pub(crate) fn press(&self, key: &str) {
        self.tmux(&["send-keys", "-t", "sgs", key]);
    }

    /// What the pane shows, without colours.
    pub(crate) fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", "sgs"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ready`; fails the test with the screen if it never does.
    pub(crate) fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen shows `text`.
    pub(crate) fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits for an empty prompt on the last line (tmux drops the space after `sgs>`).
    pub(crate) fn wait_for_prompt(&self) -> String {
        self.wait_until("an empty prompt", |s| {
            s.lines().last_nonempty() == Some("sgs>")
        })
    }

    /// The last non-empty line on the screen.
    pub(crate) fn last_line(&self) -> String {
        self.screen()
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string()
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The shell command that runs `sgs repl ARGS` with its history in `data`, colour allowed (the
/// hints are shown only in colour), then reports the exit code and waits to be read.
pub(crate) fn repl_command(data: &Path, dir: &Path, args: &str) -> String {
    format!(
        "cd '{}' && env -u NO_COLOR XDG_DATA_HOME='{}' '{BIN}' repl {args}; echo EXIT=$?; sleep 60",
        dir.display(),
        data.display()
    )
}

fn count(screen: &str, text: &str) -> usize {
    screen.matches(text).count()
}

#[test]
fn a_person_types_completes_searches_cancels_and_quits() {
    if !tmux_installed() {
        eprintln!("skipping the REPL end-to-end test: tmux is not installed (CI installs it)");
        return;
    }
    let scratch = Scratch::new("repl");
    let data = scratch.path().join("data");
    let setup = scratch.path().join("setup.sgs");
    std::fs::write(
        &setup,
        "create vpc prod 10.0.0.0/16\ncreate group web \"Web servers\" in prod\n",
    )
    .expect("the setup file is written");
    let pane = Pane::start("typing", &repl_command(&data, scratch.path(), "setup.sgs"));

    // The file runs first, then the prompt.
    let screen = pane.wait_for_prompt();
    assert!(screen.contains("ok: created vpc prod"), "{screen}");
    assert!(screen.contains("ok: created group web"), "{screen}");
    assert!(screen.contains("type help for the commands"), "{screen}");

    // The hint shows the rest of the command.
    pane.type_text("authorize ingress tcp 22 ");
    pane.wait_for("authorize ingress tcp 22 from <peer> to <group>");

    // Tab completes the group's name from the live world.
    pane.type_text("from 0.0.0.0/0 to we");
    pane.press("Tab");
    pane.wait_until("Tab to complete web", |s| {
        s.contains("sgs> authorize ingress tcp 22 from 0.0.0.0/0 to web")
    });
    pane.press("Enter");
    pane.wait_for("ok: authorized 1 ingress rule on web");

    // A wrong line is answered with the caret under the offending word.
    pane.wait_for_prompt();
    pane.type_and_enter("authorize ingress tcp 70000 from 0.0.0.0/0 to web");
    let screen = pane.wait_for("error[InvalidPermission.Malformed]");
    assert!(screen.contains(" --> <repl>:1:23"), "{screen}");
    assert!(
        screen.contains("  |                       ^^^^^ ports are 0-65535"),
        "{screen}"
    );

    // Up brings the last line back; Ctrl-C drops it without running it.
    pane.press("Up");
    pane.wait_until("Up to recall the wrong line", |s| {
        s.lines()
            .last_nonempty()
            .is_some_and(|l| l.starts_with("sgs> authorize ingress tcp 70000"))
    });
    pane.press("C-c");
    pane.wait_until("Ctrl-C to drop the line", |s| {
        s.contains("tcp 70000 from 0.0.0.0/0 to web^C") && s.trim_end().ends_with("sgs>")
    });
    assert_eq!(
        count(&pane.screen(), "error[InvalidPermission.Malformed]"),
        1
    );

    // Ctrl-R finds the first rule in the history; Enter runs it again, and AWS says it exists.
    pane.wait_for_prompt();
    pane.press("C-r");
    pane.type_text("tcp 22");
    pane.wait_for("(reverse-i-search)`tcp 22': authorize ingress tcp 22 from 0.0.0.0/0 to web");
    pane.press("Enter");
    pane.wait_for("error[InvalidPermission.Duplicate]");

    // A line ending in `\` continues under the continuation prompt.
    pane.wait_for_prompt();
    pane.type_and_enter("create group app \\");
    pane.wait_until("the continuation prompt", |s| s.trim_end().ends_with("..>"));
    pane.type_and_enter("\"App servers\" in prod");
    pane.wait_for("ok: created group app");
    pane.wait_for_prompt();
    pane.type_and_enter("show groups in prod");
    // The description was typed once already: wait for the table's row and the next prompt.
    let screen = pane.wait_until("the table of groups", |s| {
        count(s, "App servers") >= 2 && s.trim_end().ends_with("sgs>")
    });
    assert!(screen.contains("Web servers"), "{screen}");

    // Ctrl-D on an empty line quits with 0.
    pane.wait_for_prompt();
    pane.press("C-d");
    pane.wait_for("EXIT=0");

    // The history was kept in the data directory, one line per command, the continued one
    // joined.
    let history =
        std::fs::read_to_string(data.join("sgs").join("history")).expect("the history file exists");
    assert!(
        history.contains("authorize ingress tcp 22 from 0.0.0.0/0 to web\n"),
        "{history}"
    );
    assert!(
        history.contains("create group app \"App servers\" in prod"),
        "{history}"
    );
    assert_eq!(count(&history, "tcp 70000"), 1, "{history}");
}

#[test]
fn history_outlives_the_session() {
    if !tmux_installed() {
        eprintln!("skipping the REPL end-to-end test: tmux is not installed (CI installs it)");
        return;
    }
    let scratch = Scratch::new("history");
    let data = scratch.path().join("data");
    let first = Pane::start("history-1", &repl_command(&data, scratch.path(), ""));
    first.wait_for_prompt();
    first.type_and_enter("show vpcs");
    first.wait_for("172.31.0.0/16");
    first.press("C-d");
    first.wait_for("EXIT=0");
    drop(first);

    let second = Pane::start("history-2", &repl_command(&data, scratch.path(), ""));
    second.wait_for_prompt();
    second.press("Up");
    second.wait_until("Up to recall the last session's line", |s| {
        s.contains("sgs> show vpcs")
    });
    assert!(second.last_line().starts_with("sgs> show vpcs"));
    // Ctrl-D quits only on an empty line: first drop the recalled one.
    second.press("C-d");
    second.press("C-c");
    second.wait_for_prompt();
    second.press("C-d");
    second.wait_for("EXIT=0");
}

/// `sgs repl < lab.sgs` runs the script with no prompt and exits with the script's code.
#[test]
fn a_piped_repl_runs_a_script_without_prompts() {
    let mut child = Command::new(BIN)
        .arg("repl")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sgs starts");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        let script = "create vpc prod 10.0.0.0/16\n\
                      expect error InvalidVpcID.NotFound: create group web \"w\" in nope\n\
                      show vpcs\n";
        stdin
            .write_all(script.as_bytes())
            .expect("the script is written");
    }
    let out = child.wait_with_output().expect("sgs ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("sgs>"), "{stdout}");
    assert!(stdout.contains("ok: created vpc prod"), "{stdout}");
    assert!(stdout.contains("10.0.0.0/16"), "{stdout}");
    assert!(stdout.ends_with("1 passed, 0 failed\n"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "no colour in a pipe");
    assert_eq!(out.status.code(), Some(0));
}

/// Lines of a screen, read from the bottom.
pub(crate) trait LastNonEmpty<'a> {
    fn last_nonempty(self) -> Option<&'a str>;
}

impl<'a, I: DoubleEndedIterator<Item = &'a str>> LastNonEmpty<'a> for I {
    fn last_nonempty(mut self) -> Option<&'a str> {
        self.rfind(|l| !l.trim().is_empty())
    }
}
