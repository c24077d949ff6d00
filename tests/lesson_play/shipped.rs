//! The shipped lessons (`sessions/lessons/`) as a class sees them, in play and presenter mode at
//! 80x24 and 200x60: nothing on screen answers a question before the class predicts it.

use super::shown;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sgs::tui::{Action, App};

fn key(app: &mut App, c: char) {
    let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    if let Some(action) = sgs::tui::keys::action(app, &ev) {
        app.update(action);
    }
}

fn lessons() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir("sessions/lessons")
        .expect("the lessons")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sgs"))
        .map(|p| {
            let src = std::fs::read_to_string(&p).expect("a lesson");
            (p.display().to_string(), src)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 12, "the shipped lessons: {}", out.len());
    out
}

#[test]
fn every_ask_of_a_shipped_lesson_is_followed_by_a_pause_so_no_explanation_is_previewed() {
    for (path, src) in lessons() {
        let lines: Vec<&str> = src
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("ask ") {
                let next = lines.get(i + 1).copied().unwrap_or("");
                assert!(
                    next.is_empty() || next == "pause" || next == "goals",
                    "{path}: `{line}` is followed by `{next}`, which play previews while the class predicts"
                );
            }
        }
    }
}

#[test]
fn no_shipped_lesson_shows_a_verdict_while_the_class_predicts() {
    for (path, src) in lessons() {
        for (w, h) in [(80, 24), (200, 60)] {
            for present in [false, true] {
                let app = App::play("l.sgs", &src, Box::new(sgs::session::NoFiles));
                let mut app = if present { app.presenting() } else { app };
                app.update(Action::Resize {
                    width: w,
                    height: h,
                });
                let steps = app.playing().map_or(0, |p| p.steps.len());
                let mut asked = 0;
                for _ in 0..=steps {
                    if app.question().is_some() {
                        asked += 1;
                        let screen = shown(&app);
                        for verdict in ["ALLOW", "DENY", "verdict:"] {
                            assert!(
                                !screen.contains(verdict),
                                "{path} at {w}x{h} (presenter mode: {present}): {verdict} before the prediction\n{screen}"
                            );
                        }
                        key(&mut app, 'a');
                    }
                    if app.playing().and_then(|p| p.next()).is_none() {
                        break;
                    }
                    key(&mut app, 'c');
                }
                assert!(asked > 0, "{path}: no question was asked");
            }
        }
    }
}
