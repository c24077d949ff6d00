//! Lessons and exercises (issue 15, points 1 and 2): `ask` (a probe in scripts, predict then
//! reveal at the REPL's prompt and in the TUI, the score kept by the session), `task`, `goal`
//! and `goals` (reported by `sgs run`, never counted), `sgs grade` (text, CSV, JUnit, JSON) and
//! `sgs lab break`, on the shipped lessons in `sessions/lessons/` and their reference solutions
//! in `tests/fixtures/lessons/`.

use crate::repl::{Pane as TmuxPane, Scratch, repl_command, tmux_installed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use sgs::session::grade::{self, LessonPlan};
use sgs::session::{NoFiles, Session, Verbosity, lab};
use sgs::tui::{Action, App};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sgs");
const LESSONS: &[&str] = &["elasticache-access", "nacl-ephemeral"];

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
    assert!(app.trace.is_none(), "the trace waits for the prediction");
    assert!(app.question.is_some());
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
    assert!(app.question.is_none());
    let trace = app.trace.as_ref().expect("the trace is revealed");
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
    assert_eq!(app.play.as_ref().map(|p| p.done), Some(7));
    assert!(app.question.is_some() && app.trace.is_none());
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    assert_eq!(sgs::tui::keys::action(&app, &space), None);
    let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    let predict = sgs::tui::keys::action(&app, &a).expect("a predicts");
    app.update(predict);
    assert!(app.trace.is_some());
    assert_eq!(app.model.session.score().asked, 1);
    let screen = crate::tui::text(&crate::tui::screen(&app));
    assert!(screen.contains("score 0/1"), "{screen}");
    app.update(Action::PlayNext);
    assert_eq!(app.play.as_ref().map(|p| p.done), Some(8));
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

/// A student who opens every group and every network ACL to everything.
fn open_everything(start: &Session) -> String {
    let world = start.world();
    let mut groups: Vec<_> = world.groups.values().collect();
    groups.sort_by_key(|g| g.seq);
    let mut out = String::new();
    for g in groups.iter().filter(|g| g.vpc.is_some()) {
        out.push_str(&format!(
            "authorize ingress all from 0.0.0.0/0 to {}\n",
            g.id
        ));
    }
    let mut nacls: Vec<_> = world.nacls.values().collect();
    nacls.sort_by_key(|n| n.seq);
    for n in nacls {
        out.push_str(&format!(
            "create nacl-entry {} ingress 1 allow all from 0.0.0.0/0\n",
            n.id
        ));
        out.push_str(&format!(
            "create nacl-entry {} egress 1 allow all to 0.0.0.0/0\n",
            n.id
        ));
    }
    out
}

#[test]
fn each_lesson_grades_its_reference_100_an_empty_session_by_the_start_and_open_everything_fails_the_denies()
 {
    for name in LESSONS {
        let plan = plan(name);
        let start = grade::setup(&plan, &mut NoFiles).expect("the setup runs");
        let reference = read(&reference_path(name));
        let g = grade::grade(&plan, &start, "ref.sgs", &reference, &mut NoFiles);
        assert_eq!((g.score(), g.error.clone()), (100, None), "{name}: {g:?}");

        let empty = grade::grade(&plan, &start, "empty.sgs", "", &mut NoFiles);
        let at_start = plan
            .goals
            .iter()
            .filter(|goal| start.check_goal(goal).met)
            .count();
        assert!(
            at_start < plan.goals.len(),
            "{name}: the start meets every goal"
        );
        assert_eq!(empty.met(), at_start, "{name}");
        assert_eq!(empty.score(), at_start * 100 / plan.goals.len(), "{name}");

        let open = grade::grade(
            &plan,
            &start,
            "open.sgs",
            &open_everything(&start),
            &mut NoFiles,
        );
        assert!(open.error.is_none(), "{name}: {:?}", open.error);
        let denies: Vec<_> = open.checks.iter().filter(|c| !c.goal.allow).collect();
        assert!(!denies.is_empty(), "{name} has deny goals");
        for c in denies {
            assert!(!c.met, "{name}: open everything meets {}", c.goal.text);
        }
        assert!(open.score() < 100);
    }
}

/// RFC 4180 records: fields split at commas outside quotes, `""` inside quotes a quote, CRLF line
/// ends.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "CRLF line ends: {text:?}");
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n')),
            (false, '\n') => panic!("a bare LF: {text:?}"),
            (false, c) if c != '\n' => field.push(c),
            _ => {}
        }
        if !quoted && c == '\r' {
            record.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut record));
        }
    }
    records
}

#[test]
fn sgs_grade_writes_text_csv_junit_and_json() {
    let scratch = Scratch::new("grade");
    let dir = scratch.path();
    let lesson = lesson_path("elasticache-access");
    let lesson = lesson.to_string_lossy();
    std::fs::copy(reference_path("elasticache-access"), dir.join("alice.sgs")).expect("copied");
    std::fs::write(dir.join("empty.sgs"), "").expect("written");
    std::fs::write(
        dir.join("typo.sgs"),
        "authorize ingres tcp 6379 from sg-app to sg-cache\n",
    )
    .expect("written");
    // Stops at its second line; judged on the world its first line made.
    std::fs::write(
        dir.join("bob, jr.sgs"),
        "authorize ingress tcp 6379 from sg-app to sg-cache\nrevoke rule sgr-0000000000000000f\nauthorize ingress all from 0.0.0.0/0 to sg-cache\n",
    )
    .expect("written");
    // A student's session gets no file access.
    std::fs::write(
        dir.join("saver.sgs"),
        "authorize ingress tcp 6379 from sg-app to sg-cache\nsave taken.ron\n",
    )
    .expect("written");
    let (out, _, _) = sgs(dir, &["grade", &lesson, "saver.sgs"]);
    assert!(out.contains("saver.sgs: 5 of 5 goals met, score 100%\n  saver.sgs stopped at an error; judged on the world it reached:\n    error[UnsupportedOperation]"), "{out}");
    assert!(!dir.join("taken.ron").exists());
    let args = [
        "grade",
        &lesson,
        "alice.sgs",
        "empty.sgs",
        "typo.sgs",
        "bob, jr.sgs",
        "--csv",
        "grades.csv",
        "--junit",
        "grades.xml",
    ];
    let (out, err, code) = sgs(dir, &args);
    assert_eq!(code, 1, "a goal was missed: {out}{err}");
    assert!(
        out.contains("alice.sgs: 5 of 5 goals met, score 100%"),
        "{out}"
    );
    assert!(out.contains("empty.sgs: 4 of 5 goals met, score 80%\n  missed: goal allow tcp 6379 from app-1 to redis-1"), "{out}");
    // The feedback is the trace and the blocking gate, never the fix.
    assert!(
        out.contains("    got deny; blocked at:\n      5. security groups of"),
        "{out}"
    );
    assert!(
        out.contains("    | verdict: DENY (deciding step 5) [ENI_SG_RULES_MISMATCH]"),
        "{out}"
    );
    assert!(!out.contains("authorize ingress tcp 6379"), "{out}");
    assert!(out.contains("typo.sgs: 0 of 5 goals met, score 0%\n  typo.sgs does not parse, so it scores 0:\n    error[Syntax]: expected ingress, egress or cache-ingress"), "{out}");
    assert!(out.contains("bob, jr.sgs: 5 of 5 goals met, score 100%\n  bob, jr.sgs stopped at an error; judged on the world it reached:\n    error[InvalidSecurityGroupRuleId.NotFound]"), "{out}");
    assert!(
        out.ends_with("4 students graded: 14 of 20 goals met\n"),
        "{out}"
    );

    let csv = read(&dir.join("grades.csv"));
    assert_eq!(
        csv_records(&csv),
        [
            ["student", "met", "goals", "score"],
            ["alice.sgs", "5", "5", "100"],
            ["empty.sgs", "4", "5", "80"],
            ["typo.sgs", "0", "5", "0"],
            ["bob, jr.sgs", "5", "5", "100"],
        ]
    );
    assert!(csv.contains("\"bob, jr.sgs\",5,5,100\r\n"), "{csv}");

    let xml = read(&dir.join("grades.xml"));
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("valid JUnit");
    assert_eq!(report.test_suites.len(), 4);
    assert_eq!(report.tests, 21, "5 goals each, and the parse error");
    assert_eq!(report.failures, 6, "{xml}");
    assert_eq!(report.errors, 1, "{xml}");

    // JSON: one object per student, then the summary; `-` writes the CSV to standard output.
    let (out, _, _) = sgs(dir, &["grade", &lesson, "empty.sgs", "typo.sgs", "--json"]);
    let objects = json_lines(&out);
    assert_eq!(objects[0]["student"], "empty.sgs");
    assert_eq!(objects[0]["met"], 4);
    assert_eq!(objects[0]["goals"], 5);
    assert_eq!(objects[0]["score"], 80);
    assert_eq!(
        objects[0]["missed"],
        serde_json::json!(["goal allow tcp 6379 from app-1 to redis-1"])
    );
    assert_eq!(
        objects[0]["feedback"][0]["blocking"][0]["step"],
        "ingress-groups"
    );
    assert_eq!(objects[0]["ok"], true);
    assert_eq!(objects[1]["ok"], false);
    assert_eq!(objects[1]["error"]["code"], "SyntaxError");
    assert_eq!(objects[1]["score"], 0);
    assert_eq!(
        objects[2],
        serde_json::json!({"summary": {"passed": 4, "failed": 6}})
    );
    let (out, _, _) = sgs(dir, &["grade", &lesson, "alice.sgs", "--csv", "-"]);
    assert!(
        out.ends_with("student,met,goals,score\r\nalice.sgs,5,5,100\r\n"),
        "{out}"
    );

    // A file that cannot be read scores 0 with its error; the exit code is 2.
    let (out, _, code) = sgs(
        dir,
        &["grade", &lesson, "missing.sgs", "alice.sgs", "--csv", "-"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("missing.sgs: 0 of 5 goals met, score 0%\n  missing.sgs cannot be read, so it scores 0:\n    error[ReadFailed]"), "{out}");
    assert!(
        out.ends_with("student,met,goals,score\r\nmissing.sgs,0,5,0\r\nalice.sgs,5,5,100\r\n"),
        "{out}"
    );

    // A lesson with no task cannot be graded.
    std::fs::write(dir.join("nolesson.sgs"), "create group web \"Web\"\n").expect("written");
    let (_, err, code) = sgs(dir, &["grade", "nolesson.sgs", "alice.sgs"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[InvalidLesson]: nolesson.sgs has no task"),
        "{err}"
    );
}

#[test]
fn lab_break_over_20_seeds_always_breaks_a_goal_and_its_undo_repairs_every_goal() {
    for name in LESSONS {
        let plan = plan(name);
        let faults = lab::faults(&plan, &mut NoFiles).expect("the lesson runs");
        let mut kinds = std::collections::HashSet::new();
        for seed in 0..20 {
            let fault = lab::pick(&faults, seed).expect("a fault applies");
            kinds.insert(fault.kind);
            let broken = lab::broken_source(&plan, fault);
            // The broken lesson, run in full as `sgs run` runs it: a goal fails.
            let mut s = Session::new();
            let report = s.run_script("broken.sgs", &broken, &mut NoFiles, Verbosity::Quiet);
            assert!(!report.stopped, "{name} seed {seed}: {}", report.output);
            let failing: Vec<String> = s
                .check_goals()
                .into_iter()
                .filter(|c| !c.met)
                .map(|c| c.goal.text)
                .collect();
            assert!(!failing.is_empty(), "{name} seed {seed}: no goal fails");
            let named: Vec<String> = fault.breaks.iter().map(|g| g.text.clone()).collect();
            assert_eq!(
                failing, named,
                "{name} seed {seed}: --answer names what fails"
            );
            // Undoing the fault repairs every goal.
            let undo = fault.undo.join("\n");
            let report = s.run_script("undo.sgs", &undo, &mut NoFiles, Verbosity::Quiet);
            assert!(!report.stopped, "{name} seed {seed}: {}", report.output);
            assert!(
                s.check_goals().iter().all(|c| c.met),
                "{name} seed {seed}: {:?} does not repair",
                fault.undo
            );
            // The fault is plain commands just before the first task.
            let task_at = broken.find("\ntask ").expect("the task");
            let last = fault.lines.last().expect("fault lines");
            assert!(
                broken[..task_at].ends_with(&format!("\n{last}")),
                "{broken}"
            );
        }
        assert!(kinds.len() >= 2, "{name}: {kinds:?}");
    }
}

#[test]
fn sgs_lab_break_writes_the_broken_lesson_and_answers() {
    let scratch = Scratch::new("lab");
    let dir = scratch.path();
    let lesson = lesson_path("nacl-ephemeral");
    let lesson = lesson.to_string_lossy();
    let args = |o: &'static str| {
        vec![
            "lab".to_string(),
            "break".into(),
            lesson.to_string(),
            "--seed".into(),
            "7".into(),
            "-o".into(),
            o.into(),
            "--answer".into(),
        ]
    };
    let run = |o| {
        let a = args(o);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        sgs(dir, &a)
    };
    let (out, err, code) = run("broken.sgs");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("fault: "), "{out}");
    assert!(out.contains("\ngoals it breaks:\n  goal allow"), "{out}");
    assert!(out.contains("\nundone by:\n  "), "{out}");
    let broken = read(&dir.join("broken.sgs"));
    // The same seed draws the same fault.
    let (again, _, _) = run("again.sgs");
    assert_eq!(again, out);
    assert_eq!(read(&dir.join("again.sgs")), broken);
    // `sgs run` of the broken lab reports the goal that fails (and still exits 0).
    let (ran, _, code) = sgs(dir, &["run", "-q", "broken.sgs"]);
    assert_eq!(code, 0, "{ran}");
    assert!(ran.contains("  not yet: broken.sgs:"), "{ran}");
    // A lesson no fault applies to is refused.
    std::fs::write(
        dir.join("idle.sgs"),
        "create group web \"Web\"\ntask \"Nothing to do\"\ngoal deny tcp 22 from internet to 10.0.0.1\n",
    )
    .expect("written");
    let (_, err, code) = sgs(dir, &["lab", "break", "idle.sgs", "-o", "x.sgs"]);
    assert_eq!(code, 2);
    assert!(err.contains("no fault applies to idle.sgs"), "{err}");
    assert!(!dir.join("x.sgs").exists());
}
