//! The lesson driven through its keys, on the app (the keys mapped by the same tables the
//! terminal uses): previews, highlights over a step, stale traces, wrapped narration, jump,
//! pauses, autoplay and the detour.

use super::{lesson, next_row, shown};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sgs::tui::{Action, App};

/// Presses a key as the terminal would send it.
fn press(app: &mut App, code: KeyCode) {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = sgs::tui::keys::action(app, &ev) {
        app.update(action);
    }
}

fn key(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

fn done(app: &App) -> usize {
    app.playing().map_or(0, |p| p.done)
}

/// Steps on until the lesson ends, predicting `deny` at each question.
fn to_the_end(app: &mut App, mut each: impl FnMut(&App)) {
    for _ in 0..100 {
        each(app);
        if app.question().is_some() {
            key(app, 'd');
            continue;
        }
        if app.playing().and_then(|p| p.next()).is_none() {
            return;
        }
        key(app, ' ');
    }
    panic!("the lesson never ended");
}

#[test]
fn the_preview_of_the_next_step_never_gives_a_verdict_away() {
    let mut app = lesson(120, 40);
    let mut masked = 0;
    to_the_end(&mut app, |app| {
        let row = next_row(app);
        let next = app.playing().and_then(|p| p.next()).unwrap_or("");
        if next.starts_with("expect") || next.starts_with("goal") {
            masked += 1;
            assert!(
                row.contains("next › expect ? ") || row.contains("next › goal ? "),
                "{row}"
            );
        }
        if row.contains("next ›") {
            for verdict in ["allow", "deny", "ALLOW", "DENY"] {
                assert!(
                    !row.contains(verdict),
                    "the preview gives {verdict} away: {row}"
                );
            }
        }
    });
    assert_eq!(masked, 3, "two expectations and a goal were previewed");
}

#[test]
fn highlights_gather_over_a_step_and_cover_subnets_nacls_peerings_instances_and_clusters() {
    let mut app = lesson(120, 40);
    key(&mut app, 'c');
    let c = &app.model().changes;
    assert_eq!(c.instances.len(), 2, "both launches of the step: {c:?}");
    assert_eq!(c.subnets.len(), 2, "{c:?}");
    assert!(
        c.groups.len() >= 2,
        "web, db (and the VPC's default group): {c:?}"
    );
    key(&mut app, 'c');
    key(&mut app, 'd');
    key(&mut app, 'c');
    key(&mut app, 'c');
    let c = app.model().changes.clone();
    assert_eq!(done(&app), 22);
    let world = app.model().session.world();
    let db = world.groups.values().find(|g| g.name == "db").expect("db");
    assert!(
        db.ingress.iter().all(|r| c.rules.contains(&r.id)) && c.groups.contains(&db.id),
        "the rule authorized: {c:?}"
    );
    let strict = world
        .nacls
        .values()
        .find(|n| n.name == "strict")
        .expect("strict");
    assert!(c.nacls.contains(&strict.id), "the network ACL made: {c:?}");
    assert_eq!(c.subnets.len(), 1, "the subnet given the ACL: {c:?}");
    assert!(
        c.instances.is_empty(),
        "no instance changed in this step: {c:?}"
    );
    assert_eq!(c.peerings.len(), 1, "{c:?}");
    assert!(c.clusters.contains("memc-1"), "{c:?}");
    assert_eq!(c.vpcs.len(), 1, "the VPC shared: {c:?}");
    // The topology view shows them marked.
    key(&mut app, 'v');
    let screen = shown(&app);
    assert!(
        screen.contains("⇄ peering prod-shared ↔ vpc shared"),
        "{screen}"
    );
    assert!(screen.contains("acl strict"), "{screen}");
    assert!(screen.contains("◆ memc-1"), "{screen}");
    // The next lesson step starts with no highlights.
    key(&mut app, ' ');
    assert!(app.model().changes.is_empty(), "{:?}", app.model().changes);
    // Stepping back brings the step's highlights back.
    press(&mut app, KeyCode::Left);
    assert_eq!(app.model().changes, c);
}

#[test]
fn a_trace_the_world_changed_under_is_marked_stale() {
    let mut app = lesson(120, 40);
    key(&mut app, 'c');
    key(&mut app, 'c');
    key(&mut app, 'd');
    assert!(!shown(&app).contains("STALE"));
    key(&mut app, ' ');
    key(&mut app, ' ');
    key(&mut app, ' ');
    assert_eq!(done(&app), 15, "the rule is authorized");
    assert!(
        shown(&app).contains("STALE: the world changed since"),
        "{}",
        shown(&app)
    );
    // A new trace is not stale; stepping back over the change makes the old one fresh again.
    press(&mut app, KeyCode::Left);
    assert!(!shown(&app).contains("STALE"), "{}", shown(&app));
}

#[test]
fn narration_wraps_over_as_many_rows_as_it_needs() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = lesson(w, h);
        key(&mut app, ' ');
        let screen = shown(&app);
        for words in [
            "A VPC with a public subnet",
            "it must wrap",
            "even at eighty columns.",
        ] {
            assert!(screen.contains(words), "{w}x{h}: {words:?} cut:\n{screen}");
        }
    }
}

#[test]
fn s_jumps_to_a_step_forward_and_back_and_stops_at_a_question() {
    let mut app = lesson(120, 40);
    key(&mut app, 's');
    for c in "20".chars() {
        key(&mut app, c);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(done(&app), 12, "the question stops the jump");
    assert!(app.question().is_some());
    key(&mut app, 'a');
    key(&mut app, 's');
    for c in "20".chars() {
        key(&mut app, c);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(done(&app), 20);
    assert_eq!(app.status(), None, "the jump's question is answered");
    assert!(app.model().session.world().peerings.len() == 1);
    key(&mut app, 's');
    key(&mut app, '4');
    press(&mut app, KeyCode::Enter);
    assert_eq!(done(&app), 4);
    let world = app.model().session.world();
    let subnet = |name: &str| world.subnets.values().any(|s| s.name == name);
    assert!(subnet("web-a") && subnet("db-a"));
    assert!(world.groups.values().all(|g| g.name != "web"));
    assert!(world.peerings.is_empty());
    key(&mut app, 's');
    for c in "99".chars() {
        key(&mut app, c);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(done(&app), 4);
    assert!(shown(&app).contains("no step 99: the lesson has 25"));
    key(&mut app, 's');
    assert!(
        app.status()
            .is_some_and(|s| s.contains("jump to which step"))
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.status(), None, "Esc takes the question back");
    assert_eq!(done(&app), 4);
}

#[test]
fn brackets_go_from_pause_to_pause() {
    let mut app = lesson(120, 40);
    key(&mut app, ']');
    assert_eq!(done(&app), 10);
    key(&mut app, ']');
    key(&mut app, 'd');
    key(&mut app, ']');
    assert_eq!(done(&app), 13);
    key(&mut app, ']');
    assert_eq!(done(&app), 22);
    key(&mut app, '[');
    assert_eq!(done(&app), 13, "back to just after the previous pause");
    key(&mut app, '[');
    assert_eq!(done(&app), 10);
    key(&mut app, '[');
    assert_eq!(done(&app), 0);
    assert!(
        app.model().session.world().vpcs.len() == 1,
        "the default VPC only"
    );
}

#[test]
fn autoplay_steps_at_its_pace_waits_for_predictions_and_stops_at_a_pause() {
    let mut app = lesson(120, 40);
    assert!(!app.ticking());
    key(&mut app, 'p');
    assert!(app.ticking());
    // The default pace is 2 s: 8 ticks of 250 ms a step.
    for _ in 0..7 {
        app.update(Action::Tick);
    }
    assert_eq!(done(&app), 0);
    app.update(Action::Tick);
    assert_eq!(done(&app), 1);
    // Faster: 1 s, 4 ticks a step.
    key(&mut app, '+');
    for _ in 0..4 * 9 {
        app.update(Action::Tick);
    }
    assert_eq!(done(&app), 10, "on to the pause");
    assert!(!app.ticking(), "a pause stops autoplay");
    key(&mut app, 'p');
    for _ in 0..4 * 5 {
        app.update(Action::Tick);
    }
    assert_eq!(done(&app), 12, "the question holds autoplay");
    assert!(app.question().is_some());
    key(&mut app, 'd');
    for _ in 0..4 {
        app.update(Action::Tick);
    }
    assert_eq!(done(&app), 13);
    assert!(!app.ticking());
    assert!(shown(&app).contains("autoplay") || shown(&app).contains("paused"));
}

#[test]
fn a_detour_runs_the_class_commands_then_the_lesson_resumes_exactly_where_it_was() {
    let mut app = lesson(120, 40);
    key(&mut app, 'c');
    key(&mut app, 'c');
    key(&mut app, 'd');
    key(&mut app, ' ');
    key(&mut app, ' ');
    key(&mut app, ' ');
    let world = app.model().session.world().clone();
    let log = app.log().lines.len();
    let trace = app.trace().cloned();
    let score = app.model().session.score();
    // `e` begins the detour with the command line open.
    key(&mut app, 'e');
    for line in [
        "revoke ingress tcp 5432 from web to db",
        "create group extra \"Extra\" in prod",
        "trace tcp 443 from internet to web-1",
    ] {
        for c in line.chars() {
            app.update(Action::Input(c));
        }
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Esc);
    assert!(shown(&app).contains("detour"), "{}", shown(&app));
    assert!(app.model().session.world() != &world);
    // Play keys wait for the detour's end.
    key(&mut app, ' ');
    assert_eq!(done(&app), 15);
    key(&mut app, 'e');
    assert!(
        app.model().session.world() == &world,
        "the detour is undone"
    );
    assert_eq!(app.log().lines.len(), log);
    assert_eq!(app.trace().cloned(), trace);
    assert_eq!(app.model().session.score(), score);
    assert_eq!(done(&app), 15);
    // The lesson goes on, and steps back, as if there had been no detour.
    key(&mut app, ' ');
    assert_eq!(done(&app), 16);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(done(&app), 14);
    assert!(
        app.model()
            .session
            .world()
            .groups
            .values()
            .all(|g| g.name != "extra"),
        "nothing of the detour came back"
    );
    // `:` in play mode is a detour too.
    key(&mut app, ':');
    for c in "create group other \"Other\" in prod".chars() {
        app.update(Action::Input(c));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    key(&mut app, 'e');
    assert!(
        app.model()
            .session
            .world()
            .groups
            .values()
            .all(|g| g.name != "other")
    );
}

#[test]
fn the_help_lists_the_lesson_keys() {
    let mut app = lesson(120, 60);
    key(&mut app, '?');
    let help: String = sgs::tui::ui::help_text()
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    for words in [
        "jump to step N",
        "back to the previous pause",
        "autoplay on/off",
        "autoplay faster",
        "detour",
        "topology of the VPC",
    ] {
        assert!(help.contains(words), "{words}:\n{help}");
    }
    assert!(shown(&app).contains("Play mode"));
}

#[test]
fn every_shipped_lesson_stops_before_its_task_and_at_each_question() {
    let mut lessons = 0;
    for entry in std::fs::read_dir("sessions/lessons").expect("the lessons") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "sgs") {
            continue;
        }
        lessons += 1;
        let src = std::fs::read_to_string(&path).expect("a lesson");
        let mut app = App::play("l.sgs", &src, Box::new(sgs::session::NoFiles));
        let steps = app.playing().map(|p| p.steps.clone()).unwrap_or_default();
        let mut asked = 0;
        for _ in 0..steps.len() + 1 {
            if app.question().is_some() {
                asked += 1;
                key(&mut app, 'a');
            }
            if app.playing().and_then(|p| p.next()).is_none() {
                break;
            }
            let from = done(&app);
            key(&mut app, 'c');
            // `c` never runs across a task: the class reads it at a teaching point.
            let ran = &steps[from..done(&app)];
            let tasks = ran.iter().filter(|s| s.starts_with("task ")).count();
            assert!(
                tasks == 0 || (ran.first().is_some_and(|s| s.starts_with("task ")) && tasks == 1),
                "{}: one `c` ran {ran:?}",
                path.display()
            );
        }
        let asks = steps.iter().filter(|s| s.starts_with("ask ")).count();
        assert_eq!(asked, asks, "{}: every ask waited", path.display());
    }
    assert!(lessons >= 2, "the shipped lessons were played");
}

#[test]
fn presenter_mode_shows_a_detour_and_the_line_being_typed() {
    let mut app = lesson(100, 30).presenting();
    key(&mut app, 'c');
    key(&mut app, 'e');
    for c in "show groups".chars() {
        app.update(Action::Input(c));
    }
    assert!(shown(&app).contains("› show groups"), "{}", shown(&app));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let screen = shown(&app);
    assert!(
        screen.contains("↪ detour (e goes back to the lesson)"),
        "{screen}"
    );
    key(&mut app, 'e');
    let screen = shown(&app);
    assert!(
        screen.contains("back to the lesson, where it was"),
        "{screen}"
    );
    assert!(!screen.contains("↪ detour"), "{screen}");
}

/// Two questions that differ only by `via`: the first one's trace on screen would read as the
/// second one's answer. The second is posed by a long narration.
const TWO_QUESTIONS: &str = "create group a \"A\" classic
authorize ingress tcp 3306 from 10.0.0.0/8 to a
launch s1 classic groups a
launch s2 classic groups a
echo \"Over the private addresses?\"
ask tcp 3306 from s1 to s2
pause
echo \"And by the public ones? A narration long enough to fill half of a small screen in presenter mode, where every row of it is followed by a blank one, must still leave room for the question under it: the class reads the narration and the packet it asks about together.\"
ask tcp 3306 from s1 to s2 via public
";

#[test]
fn no_earlier_trace_shows_under_a_question_in_play_or_presenter_mode() {
    for present in [false, true] {
        let app = App::play("l.sgs", TWO_QUESTIONS, Box::new(sgs::session::NoFiles));
        let mut app = if present { app.presenting() } else { app };
        app.update(Action::Resize {
            width: 80,
            height: 24,
        });
        key(&mut app, 'c');
        assert!(app.question().is_some());
        key(&mut app, 'a');
        assert!(shown(&app).contains("ALLOW"), "{}", shown(&app));
        key(&mut app, 'c');
        key(&mut app, 'c');
        let q = app.question().expect("the second question");
        assert_eq!(q.asked(), "tcp 3306 s1 -> s2 via public");
        let screen = shown(&app);
        assert!(screen.contains("tcp 3306 s1 -> s2 via public"), "{screen}");
        assert!(screen.contains("And by the public ones?"), "{screen}");
        assert!(screen.contains("score 1/1"), "{screen}");
        for verdict in ["ALLOW", "DENY", "verdict"] {
            assert!(
                !screen.contains(verdict),
                "{verdict} under the question (presenter mode: {present}):\n{screen}"
            );
        }
        key(&mut app, 'd');
        let screen = shown(&app);
        assert!(screen.contains("DENY"), "{screen}");
        if !present {
            assert!(screen.contains("s1 → s2 via public"), "{screen}");
        }
    }
}

/// LANGUAGE.md, "Lessons and exercises": each example line as play previews it (the comments
/// are the section's own).
#[test]
fn the_language_section_s_lines_preview_without_their_verdicts() {
    let section = r#"ask tcp 6379 from web-1 to redis-1        # the audience predicts allow or deny; then the trace reveals it
task "Let the app tier reach the cache on 6379, and nothing else"
goal allow tcp 6379 from app-1 to redis-1
goal deny tcp 6379 from web-1 to redis-1
goals                                     # each goal: met or not yet (the verdicts are not shown in play)"#;
    let shown: Vec<String> = section
        .lines()
        .map(|l| sgs::tui::play::preview(l.split("  #").next().unwrap_or(l).trim()))
        .collect();
    assert_eq!(
        shown,
        [
            "ask tcp 6379 from web-1 to redis-1",
            "task \"Let the app tier reach the cache on 6379, and nothing else\"",
            "goal ? tcp 6379 from app-1 to redis-1",
            "goal ? tcp 6379 from web-1 to redis-1",
            "goals",
        ]
    );
}

#[test]
fn stepping_back_takes_back_the_score_and_the_goals_its_steps_set() {
    let mut app = lesson(120, 40);
    key(&mut app, 'c');
    key(&mut app, 'c');
    key(&mut app, 'a');
    let score = |app: &App| {
        let s = app.model().session.score();
        (s.right, s.asked)
    };
    assert_eq!(score(&app), (0, 1), "allow was wrong");
    // Back over the question and asked again: the class's second answer is the one counted.
    press(&mut app, KeyCode::Left);
    assert_eq!(score(&app), (0, 0));
    key(&mut app, ' ');
    assert!(app.question().is_some());
    key(&mut app, 'd');
    assert_eq!(score(&app), (1, 1));
    // Past the goal, back over it and on again: it is set once.
    let goals = |app: &App| app.model().session.lesson().goals.len();
    while goals(&app) == 0 && done(&app) < 25 {
        key(&mut app, ' ');
        if app.question().is_some() {
            key(&mut app, 'd');
        }
    }
    assert_eq!(goals(&app), 1);
    let at = done(&app);
    press(&mut app, KeyCode::Left);
    assert_eq!(goals(&app), 0);
    key(&mut app, ' ');
    assert_eq!((done(&app), goals(&app)), (at, 1));
}
