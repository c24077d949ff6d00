//! Inputs the fuzz targets (`fuzz/`) found, each reduced to the lines that show the fault.

use crate::common::{ok, session};
use sgs::session::{NoFiles, Reply};

/// Runs an expectation line; returns whether it passed and its text.
fn expect(s: &mut sgs::session::Session, line: &str) -> (bool, String) {
    match s.run_line(line, &mut NoFiles) {
        Ok(Some(reply @ Reply::Expect { .. })) => {
            let passed = matches!(reply, Reply::Expect { passed: true, .. });
            (passed, reply.to_string())
        }
        other => panic!("`{line}`: {other:?}"),
    }
}

/// fuzz/regressions/session/crash-c916cb1e…: `region eu-west-1` then
/// `expect error InvalidGroup.NotFound: undo`. The undo succeeded, so the expectation failed
/// saying "its effect is undone", but the region switch was undone for good.
#[test]
fn an_undo_that_unexpectedly_succeeds_inside_expect_error_is_undone() {
    let mut s = session("create group web \"Web servers\"");
    let before = s.state().clone();
    let (passed, text) = expect(&mut s, "expect error InvalidGroup.NotFound: undo");
    assert!(!passed, "{text}");
    assert!(text.contains("its effect is undone"), "{text}");
    assert!(
        *s.state() == before,
        "the undo inside `expect error` was kept"
    );
    // The history is whole: the group's creation is still there to undo, and to redo.
    assert_eq!(ok(&mut s, "undo"), "ok: undid create group");
    assert!(!ok(&mut s, "show groups").contains("Web servers"));
    assert_eq!(ok(&mut s, "redo"), "ok: redid create group");
    assert!(ok(&mut s, "show groups").contains("Web servers"));
}

/// fuzz/regressions/session/crash-51bbb213…: `expect output "Web servers": undo` undid the
/// last command; an expectation changes nothing, whatever its command.
#[test]
fn expect_output_of_undo_or_redo_changes_nothing() {
    let mut s = session("create group web \"Web servers\"");
    let before = s.state().clone();
    let (passed, text) = expect(&mut s, "expect output \"undid\": undo");
    assert!(passed, "{text}");
    assert!(
        *s.state() == before,
        "the undo inside `expect output` was kept"
    );
    assert!(ok(&mut s, "show groups").contains("Web servers"));

    ok(&mut s, "undo");
    let before = s.state().clone();
    let (passed, text) = expect(&mut s, "expect output \"redid\": redo");
    assert!(passed, "{text}");
    assert!(
        *s.state() == before,
        "the redo inside `expect output` was kept"
    );
    // The redo is still there to take.
    assert_eq!(ok(&mut s, "redo"), "ok: redid create group");
}
