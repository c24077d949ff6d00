//! Helpers shared by the integration tests: run lines through a session and check outcomes.

use sgs::lang::error::Diagnostic;
use sgs::session::{NoFiles, Reply, Session};

/// A session after running `src` (one command per line); panics with the rendered error if a
/// line fails.
pub fn session(src: &str) -> Session {
    let mut s = Session::new();
    for line in src.lines() {
        ok(&mut s, line);
    }
    s
}

/// Runs a line that must succeed; returns what it printed.
pub fn ok(s: &mut Session, line: &str) -> String {
    match s.run_line(line, &mut NoFiles) {
        Ok(Some(reply)) => reply.text().to_string(),
        Ok(None) => String::new(),
        Err(e) => panic!("{}", e.render("<test>", line)),
    }
}

/// Runs a line that must fail; checks that nothing changed (the world, the flows, the clock);
/// returns the error.
pub fn err(s: &mut Session, line: &str) -> Diagnostic {
    let before = s.state().clone();
    match s.run_line(line, &mut NoFiles) {
        Ok(reply) => panic!("expected an error from `{line}`, got {reply:?}"),
        Err(e) => {
            assert!(
                *s.state() == before,
                "`{line}` failed with {} but changed the world, the flows or the clock",
                e.code
            );
            e
        }
    }
}

/// Runs a line that must fail with `code`.
pub fn err_code(s: &mut Session, line: &str, code: &str) -> Diagnostic {
    let e = err(s, line);
    assert_eq!(e.code, code, "`{line}`: {}", e.render("<test>", line));
    e
}

/// Whether a probe allows.
pub fn allowed(s: &mut Session, probe: &str) -> bool {
    let line = format!("expect allow {probe}");
    match s.run_line(&line, &mut NoFiles) {
        Ok(Some(Reply::Expect { passed, .. })) => passed,
        other => panic!("`{line}`: {other:?}"),
    }
}

/// Whether an expectation holds (`expect allow flow ssh request`, …): runs the line as written.
pub fn holds(s: &mut Session, expectation: &str) -> bool {
    match s.run_line(expectation, &mut NoFiles) {
        Ok(Some(Reply::Expect { passed, .. })) => passed,
        other => panic!("`{expectation}`: {other:?}"),
    }
}

/// Runs the sgs binary with `args`, `input` on its standard input (a pipe, closed after it), and
/// waits for it to end.
pub fn sgs_with_stdin(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sgs"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sgs runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(input.as_bytes())
        .expect("written");
    child.wait_with_output().expect("sgs ends")
}
