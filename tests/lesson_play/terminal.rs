//! The real binary in tmux, driven as a class would: predict, reveal, step back, detour,
//! resume, jump, autoplay; the screen never shows a verdict before its reveal. Presenter mode
//! at 80x24. Skipped, with a message, where tmux is not installed (CI installs it).

use super::LESSON;
use crate::repl::{BIN, Pane, Scratch, tmux_installed};

fn skip() -> bool {
    if tmux_installed() {
        return false;
    }
    eprintln!("SKIPPED: tmux is not installed; the lesson terminal tests need it");
    true
}

/// `sgs play ARGS lesson.sgs` in a pane of `w`×`h`.
fn start(tag: &str, scratch: &Scratch, args: &str, (w, h): (u16, u16)) -> Pane {
    let lesson = scratch.path().join("lesson.sgs");
    std::fs::write(&lesson, LESSON).expect("the lesson is written");
    let pane = Pane::start(
        tag,
        &format!("'{BIN}' play {args} '{}'; sleep 30", lesson.display()),
    );
    let (w, h) = (w.to_string(), h.to_string());
    pane.tmux(&["resize-window", "-t", "sgs", "-x", &w, "-y", &h]);
    pane
}

/// Types a line on the TUI's command line, waits until it shows, and presses Enter.
fn type_line(pane: &Pane, text: &str) {
    pane.type_text(text);
    pane.wait_for(text);
    pane.press("Enter");
}

/// No verdict on the screen: no trace's verdict, no probe's, no expectation's.
fn no_verdict(screen: &str) {
    for word in [
        "ALLOW",
        "DENY",
        "verdict",
        "pass:",
        "fail:",
        "expect deny",
        "expect allow",
    ] {
        assert!(
            !screen.contains(word),
            "{word:?} before its reveal:\n{screen}"
        );
    }
}

#[test]
fn a_class_plays_a_lesson_predict_reveal_back_detour_resume_jump_autoplay() {
    if skip() {
        return;
    }
    let scratch = Scratch::new("lesson-play");
    let pane = start("lesson-play", &scratch, "", (120, 40));
    no_verdict(&pane.wait_for("step 0/25"));
    // To the first teaching point, then the question: no verdict until the prediction.
    pane.press("c");
    no_verdict(&pane.wait_for("step 10/25"));
    pane.press("c");
    let screen = pane.wait_for("your prediction? a: allow  d: deny");
    assert!(
        screen.contains("predict: tcp 5432 web-1 -> db-1"),
        "{screen}"
    );
    no_verdict(&screen);
    // Space cannot step past the question.
    pane.press("Space");
    no_verdict(&pane.wait_for("step 12/25"));
    pane.press("d");
    let screen = pane.wait_for("you predicted deny: right");
    assert!(screen.contains("DENY"), "the trace is revealed: {screen}");
    assert!(screen.contains("req▸"), "the path strip: {screen}");
    // Step back: the question and its trace are taken back.
    pane.press("Left");
    let screen = pane.wait_until("step 11/25", |s| {
        s.contains("step 11/25") && !s.contains("DENY")
    });
    assert!(screen.contains("next › ask tcp 5432"), "{screen}");
    // A detour: the class's own command, then the lesson back where it was.
    pane.press("e");
    pane.wait_for("detour: e goes back to the lesson");
    type_line(&pane, "create group extra \"Extra\" in prod");
    pane.wait_for("ok: created group extra");
    pane.press("Escape");
    // A key right after Esc would read as Alt and that key: wait for the line to close.
    pane.wait_until("the command line to close", |s| !s.contains("Enter run"));
    pane.press("e");
    let screen = pane.wait_for("back to the lesson, where it was");
    assert!(!screen.contains("extra"), "the detour is undone: {screen}");
    assert!(screen.contains("step 11/25"), "{screen}");
    // Jump to step 20: the question on the way stops it.
    pane.press("s");
    pane.wait_for("jump to step ›");
    type_line(&pane, "20");
    let screen = pane.wait_for("stopped at step 12");
    no_verdict(&screen);
    pane.press("a");
    pane.wait_for("you predicted allow: wrong");
    pane.press("s");
    pane.wait_for("jump to step ›");
    type_line(&pane, "20");
    let screen = pane.wait_for("step 20/25");
    assert!(
        screen.contains("next › expect ? tcp 5432 from web-1 to db-1"),
        "the expectation previews without its verdict: {screen}"
    );
    assert!(!screen.contains("expect deny"), "{screen}");
    // Autoplay, at its fastest, runs on to the next pause.
    pane.press("+");
    pane.press("p");
    let screen = pane.wait_for("paused: p plays on");
    assert!(screen.contains("step 22/25"), "{screen}");
    assert!(screen.contains("pass: deny tcp 5432"), "{screen}");
    pane.press("q");
    pane.wait_until("the TUI to end", |s| !s.contains("step 22/25"));
}

#[test]
fn presenter_mode_at_80x24_hides_the_keys_but_help_shows_them() {
    if skip() {
        return;
    }
    let scratch = Scratch::new("lesson-present");
    let pane = start("lesson-present", &scratch, "--present", (80, 24));
    let screen = pane.wait_for("lesson.sgs — 25 steps");
    assert!(
        !screen.contains("q/C-c quit") && !screen.contains("? help"),
        "{screen}"
    );
    pane.press("Space");
    let screen = pane.wait_for("never be cut short");
    assert!(screen.contains("step 1/25"), "{screen}");
    pane.press("?");
    pane.wait_for("Play mode");
    pane.press("Escape");
    pane.wait_until("the help to close", |s| !s.contains("Keys ·"));
    pane.press("c");
    pane.press("c");
    let screen = pane.wait_for("Predict: tcp 5432 web-1 -> db-1");
    no_verdict(&screen);
    pane.press("d");
    let screen = pane.wait_for("req▸");
    assert!(screen.contains("DENY"), "{screen}");
    pane.press("q");
}
