//! Lessons and exercises (issue 15, points 1 and 2): `ask` (a probe in scripts, predict then
//! reveal at the REPL's prompt and in the TUI, the score kept by the session), `task`, `goal`
//! and `goals` (reported by `sgs run`, never counted), `sgs grade` (text, CSV, JUnit, JSON) and
//! `sgs lab break`, on the shipped lessons in `sessions/lessons/` and their reference solutions
//! in `tests/fixtures/lessons/`.

use crate::repl::{Pane as TmuxPane, Scratch, repl_command, tmux_installed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use sgs::session::grade::LessonPlan;
use sgs::session::{NoFiles, Session, Verbosity};
use sgs::tui::{Action, App};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sgs");
const LESSONS: &[&str] = &[
    "elasticache-access",
    "nacl-ephemeral",
    "aurora-groups",
    "default-group",
    "scenario1",
    "scenario2",
    "scenario3",
    "scenario4",
    "scenario5",
    "scenario6",
    "scenario7",
    "connection-tracking",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lesson_path(name: &str) -> PathBuf {
    root().join("sessions/lessons").join(format!("{name}.sgs"))
}

fn reference_path(name: &str) -> PathBuf {
    root()
        .join("tests/fixtures/lessons")
        .join(format!("{name}.sgs"))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("a readable file")
}

fn plan(name: &str) -> LessonPlan {
    let path = lesson_path(name);
    LessonPlan::parse(&path.to_string_lossy(), &read(&path)).expect("the lesson reads")
}

/// Runs the binary in `dir`; stdout, stderr, exit code.
fn sgs(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sgs runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// A world where LANGUAGE.md's lesson lines make sense.
const WORLD: &str = "\
create group app \"App tier\"
create group cache \"Cache\"
launch app-1 groups app
launch web-1
launch redis-1 groups cache
";

/// LANGUAGE.md, "Lessons and exercises": its example lines, as written there.
const LESSON_LINES: &str = "\
ask tcp 6379 from web-1 to redis-1        # the audience predicts allow or deny; then the trace reveals it
task \"Let the app tier reach the cache on 6379, and nothing else\"
goal allow tcp 6379 from app-1 to redis-1
goal deny tcp 6379 from web-1 to redis-1
goals                                     # each goal: met or not yet (the verdicts are not shown in play)
";

#[test]
fn language_md_lesson_lines_parse_and_run_with_goals_reported_but_never_counted() {
    let scratch = Scratch::new("lesson-lines");
    let file = scratch.path().join("l.sgs");
    std::fs::write(
        &file,
        format!("{WORLD}{LESSON_LINES}expect deny tcp 22 from internet to redis-1\n"),
    )
    .expect("written");
    let (out, err, code) = sgs(scratch.path(), &["run", "l.sgs"]);
    // The goal that is not met changes neither the count nor the exit code.
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("deny tcp 6379 web-1 -> redis-1"), "{out}");
    assert!(
        out.contains("task: Let the app tier reach the cache on 6379, and nothing else"),
        "{out}"
    );
    assert!(
        out.contains("goals: 1 of 2 met\n  not yet: allow tcp 6379 from app-1 to redis-1\n  met:     deny tcp 6379 from web-1 to redis-1"),
        "{out}"
    );
    assert!(
        out.contains("goals of l.sgs: 1 of 2 met\n  not yet: l.sgs:8: goal allow tcp 6379 from app-1 to redis-1\n  met:     l.sgs:9: goal deny"),
        "{out}"
    );
    assert!(out.ends_with("1 passed, 0 failed\n"), "{out}");

    // JSON: `ask` answers as a probe does; the goals come after the file, not in the summary.
    std::fs::write(
        scratch.path().join("p.sgs"),
        format!("{WORLD}probe tcp 6379 from web-1 to redis-1\n{LESSON_LINES}"),
    )
    .expect("written");
    let (out, _, code) = sgs(scratch.path(), &["run", "--json", "p.sgs"]);
    assert_eq!(code, 0, "{out}");
    let objects = json_lines(&out);
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("line");
            o.remove("command");
        }
        v
    };
    let probe = objects.iter().find(|o| o["line"] == 6).expect("the probe");
    let ask = objects.iter().find(|o| o["line"] == 7).expect("the ask");
    assert_eq!(strip(probe), strip(ask));
    assert_eq!(ask["verdict"], "deny");
    let task = objects.iter().find(|o| o["line"] == 8).expect("the task");
    assert_eq!(
        task["task"],
        "Let the app tier reach the cache on 6379, and nothing else"
    );
    let goals = objects.iter().find(|o| o["line"] == 11).expect("goals");
    assert_eq!(goals["goals"][0]["met"], false);
    assert_eq!(goals["goals"][1]["met"], true);
    let judged: Vec<&Value> = objects.iter().filter(|o| o.get("goal").is_some()).collect();
    assert_eq!(judged.len(), 2, "{out}");
    assert_eq!(judged[0]["goal"], "not yet");
    assert_eq!(judged[0]["line"], 9);
    assert_eq!(judged[1]["goal"], "met");
    assert_eq!(
        objects.last(),
        Some(&serde_json::json!({"summary": {"passed": 0, "failed": 0}}))
    );
}

#[test]
fn a_piped_repl_runs_ask_as_a_probe_and_the_score_does_not_move() {
    let mut session = Session::new();
    let report = session.run_script(
        "l.sgs",
        &format!("{WORLD}ask tcp 6379 from web-1 to redis-1\n"),
        &mut NoFiles,
        Verbosity::All,
    );
    assert!(
        report
            .output
            .contains("deny tcp 6379 web-1 -> redis-1: no ingress rule of cache allows it"),
        "{}",
        report.output
    );
    assert_eq!(session.score().asked, 0);
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s' \"$SRC\" | '{BIN}' repl",))
        .env(
            "SRC",
            format!("{WORLD}ask tcp 6379 from web-1 to redis-1\n"),
        )
        .output()
        .expect("the REPL runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("deny tcp 6379 web-1 -> redis-1"), "{text}");
    assert!(!text.contains("prediction"), "{text}");
}

#[test]
fn the_session_keeps_the_score_and_reveals_only_after_the_prediction() {
    let mut session = Session::new();
    session.run_script("w.sgs", WORLD, &mut NoFiles, Verbosity::All);
    let probe = |line: &str| match sgs::lang::parse_command(line) {
        Ok(Some(c)) => match c.node {
            sgs::lang::ast::Command::Ask(p) => *p,
            other => panic!("not an ask: {other:?}"),
        },
        other => panic!("does not parse: {other:?}"),
    };
    let q = session
        .pose(&probe("ask tcp 6379 from web-1 to redis-1"))
        .expect("posed");
    assert_eq!(q.asked(), "tcp 6379 web-1 -> redis-1");
    let wrong = session.reveal(q, true).to_string();
    assert!(wrong.contains("verdict: DENY"), "{wrong}");
    assert!(
        wrong.ends_with("you predicted allow: wrong, it is deny. score 0/1"),
        "{wrong}"
    );
    let q = session
        .pose(&probe("ask tcp 22 from web-1 to redis-1"))
        .expect("posed");
    let right = session.reveal(q, false).to_string();
    assert!(
        right.ends_with("you predicted deny: right. score 1/2"),
        "{right}"
    );
    assert_eq!(session.score().right, 1);
    // An endpoint that names nothing is an error before anyone predicts.
    let err = session
        .pose(&probe("ask tcp 22 from web-1 to nobody"))
        .expect_err("no such endpoint");
    assert_eq!(err.code, "InvalidEndpoint.NotFound");
    assert_eq!(session.score().asked, 2);
}

#[test]
fn the_tui_takes_the_prediction_with_a_or_d_before_it_shows_the_trace() {
    let mut app = App::with_script(WORLD, Box::new(NoFiles));
    app.update(Action::Resize {
        width: 120,
        height: 35,
    });
    app.execute("ask tcp 6379 from app-1 to redis-1");
    assert!(app.trace().is_none(), "the trace waits for the prediction");
    assert!(app.question().is_some());
    let screen = crate::tui::text(&crate::tui::screen(&app));
    assert!(
        screen.contains("your prediction? a: allow  d: deny"),
        "{screen}"
    );
    assert!(!screen.contains("DENY"), "{screen}");
    // Any other key waits; `d` predicts deny.
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(sgs::tui::keys::action(&app, &key(' ')), None);
    assert_eq!(sgs::tui::keys::action(&app, &key(':')), None);
    let d = sgs::tui::keys::action(&app, &key('d')).expect("d is the prediction");
    assert_eq!(d, Action::Predict(false));
    app.update(d);
    assert!(app.question().is_none());
    let trace = app.trace().expect("the trace is revealed");
    assert!(!trace.trace.allowed);
    let screen = crate::tui::text(&crate::tui::screen(&app));
    assert!(screen.contains("score 1/1"), "{screen}");
    assert!(screen.contains("you predicted deny: right"), "{screen}");
}

#[test]
fn play_mode_stops_at_an_ask_until_the_prediction() {
    let src = format!(
        "{WORLD}echo \"Can the web tier reach the cache?\"\nask tcp 6379 from web-1 to redis-1\necho after\n"
    );
    let mut app = App::play("lesson.sgs", &src, Box::new(NoFiles));
    app.update(Action::Resize {
        width: 120,
        height: 35,
    });
    app.update(Action::PlayRun);
    assert_eq!(app.playing().map(|p| p.done), Some(7));
    assert!(app.question().is_some() && app.trace().is_none());
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    assert_eq!(sgs::tui::keys::action(&app, &space), None);
    let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    let predict = sgs::tui::keys::action(&app, &a).expect("a predicts");
    app.update(predict);
    assert!(app.trace().is_some());
    assert_eq!(app.model().session.score().asked, 1);
    let screen = crate::tui::text(&crate::tui::screen(&app));
    assert!(screen.contains("score 0/1"), "{screen}");
    app.update(Action::PlayNext);
    assert_eq!(app.playing().map(|p| p.done), Some(8));
}

#[test]
fn the_interactive_repl_asks_for_a_prediction_then_reveals_and_scores() {
    if !tmux_installed() {
        eprintln!("skipping the REPL ask test: tmux is not installed (CI installs it)");
        return;
    }
    let scratch = Scratch::new("repl-ask");
    let data = scratch.path().join("data");
    std::fs::write(scratch.path().join("w.sgs"), WORLD).expect("written");
    let pane = TmuxPane::start("ask", &repl_command(&data, scratch.path(), "w.sgs"));
    pane.wait_for_prompt();
    pane.type_and_enter("ask tcp 6379 from app-1 to redis-1");
    let screen = pane.wait_for("your prediction? (a)llow or (d)eny:");
    assert!(
        screen.contains("ask: tcp 6379 app-1 -> redis-1"),
        "{screen}"
    );
    assert!(
        !screen.contains("verdict"),
        "no verdict before the prediction:\n{screen}"
    );
    // A word that is no prediction asks again; `allow` typed in full is one.
    pane.type_and_enter("maybe");
    pane.wait_for("answer a (allow) or d (deny)");
    pane.type_and_enter("allow");
    let screen = pane.wait_for("you predicted allow: wrong, it is deny. score 0/1");
    assert!(screen.contains("verdict: DENY"), "{screen}");
    assert!(screen.contains("security groups of"), "{screen}");
    pane.wait_for_prompt();
    pane.type_and_enter("ask tcp 6379 from web-1 to redis-1");
    pane.wait_for("ask: tcp 6379 web-1 -> redis-1");
    pane.type_and_enter("d");
    pane.wait_for("you predicted deny: right. score 1/2");
    pane.wait_for_prompt();
    pane.type_and_enter("quit");
    pane.wait_for("EXIT=0");
}

#[test]
fn every_shipped_lesson_is_graded_and_has_a_reference_solution() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("sessions/lessons"))
        .expect("the lessons")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sgs"))
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = LESSONS.iter().map(|n| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "LESSONS lists every lesson in sessions/lessons/"
    );
    for name in LESSONS {
        assert!(
            reference_path(name).is_file(),
            "{name} has no reference solution"
        );
    }
}

mod grading;
mod why_fix;
