//! The TUI's keys and panes on ratatui's TestBackend, as a person's keys drive them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sgs::session::{NoFiles, Session, Verbosity};
use sgs::tui::{Action, App, Mode, keys};

use crate::tui::{Rows, screen, select_group, text, tour, typed};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl_c() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
}

/// Presses a key as the event loop does.
fn press(app: &mut App, ev: KeyEvent) {
    if let Some(action) = keys::action(app, &ev) {
        app.update(action);
    }
}

fn type_keys(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, key(KeyCode::Char(c)));
    }
}

fn focus(app: &mut App, pane: sgs::tui::Pane) {
    for _ in 0..5 {
        if app.focus() == pane {
            return;
        }
        app.update(Action::NextPane);
    }
    panic!("cannot focus {pane:?}");
}

#[test]
fn ctrl_c_on_the_command_line_clears_it_instead_of_quitting() {
    let mut app = tour(120, 40);
    press(&mut app, key(KeyCode::Char(':')));
    type_keys(&mut app, "create gr");
    press(&mut app, ctrl_c());
    assert!(!app.quitting(), "Ctrl-C quit the program");
    assert_eq!(
        (app.mode().clone(), app.line().text.as_str()),
        (Mode::Command, "")
    );
    // On an empty line it closes the line; outside it, it quits.
    press(&mut app, ctrl_c());
    assert_eq!(app.mode(), &Mode::Normal);
    assert!(!app.quitting());
    press(&mut app, ctrl_c());
    assert!(app.quitting());
}

#[test]
fn quit_exit_and_colon_q_leave_the_tui() {
    for typed_line in ["q", "quit", "exit", "EXIT"] {
        let mut app = tour(120, 40);
        press(&mut app, key(KeyCode::Char(':')));
        type_keys(&mut app, typed_line);
        press(&mut app, key(KeyCode::Enter));
        assert!(app.quitting(), ":{typed_line} did not quit");
    }
}

#[test]
fn the_trace_pane_scrolls_to_its_last_line_counting_wrapped_rows() {
    let mut app = tour(60, 15);
    focus(&mut app, sgs::tui::Pane::Trace);
    press(&mut app, key(KeyCode::End));
    let last = app
        .trace()
        .as_ref()
        .and_then(|t| t.lines.last())
        .map(|l| l.text.clone())
        .expect("the tour ends on a trace");
    assert!(last.starts_with("verdict: DENY"), "{last}");
    let shown = text(&screen(&app));
    assert!(
        shown.contains("verdict: DENY"),
        "the last line is not on screen:\n{shown}"
    );
}

#[test]
fn page_up_and_down_scroll_the_console_focused_or_typing() {
    let mut app = tour(120, 40);
    focus(&mut app, sgs::tui::Pane::Console);
    let newest = app.log().cursor.offset;
    press(&mut app, key(KeyCode::PageUp));
    assert!(
        app.log().cursor.offset < newest,
        "PgUp did not scroll the log"
    );
    press(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.log().cursor.offset, newest);
    press(&mut app, key(KeyCode::Char(':')));
    press(&mut app, key(KeyCode::PageUp));
    assert!(
        app.log().cursor.offset < newest,
        "PgUp under the command line"
    );
    assert_eq!(app.mode(), &Mode::Command);
}

#[test]
fn play_mode_opens_a_command_line_whose_letters_are_typed_not_keys() {
    let mut app = App::play("tour.sgs", sgs::cli::TOUR, Box::new(NoFiles));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    press(&mut app, key(KeyCode::Char(' ')));
    let done = app.playing().map(|p| p.done);
    press(&mut app, key(KeyCode::Char(':')));
    assert_eq!(
        app.mode(),
        &Mode::Command,
        "play mode refused the command line"
    );
    type_keys(&mut app, "show vpcs c n b");
    assert_eq!(
        app.playing().map(|p| p.done),
        done,
        "a letter stepped the play"
    );
    assert_eq!(app.line().text, "show vpcs c n b");
}

#[test]
fn a_filter_keeps_the_selection_while_it_still_matches() {
    let mut app = tour(120, 40);
    select_group(&mut app, "web");
    press(&mut app, key(KeyCode::Char('/')));
    type_keys(&mut app, "we");
    assert_eq!(app.tree_row_label().as_deref(), Some("web"));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.tree_row_label().as_deref(), Some("web"));
}

#[test]
fn the_console_shows_a_long_line_whole() {
    let mut app = tour(100, 30);
    let long = format!("start {} END-OF-LINE", "word ".repeat(40));
    app.execute(&format!("echo \"{long}\""));
    let shown = text(&screen(&app));
    assert!(shown.contains("END-OF-LINE"), "{shown}");
    assert!(shown.contains("start word"), "{shown}");
}

#[test]
fn a_huge_paste_is_one_edit_and_gets_no_per_key_hint() {
    let mut app = tour(120, 40);
    let line = format!("echo \"{}", "x".repeat(53 * 1024));
    app.paste(&line);
    assert_eq!(app.mode(), &Mode::Command);
    assert_eq!(app.line().text, line);
    assert_eq!(app.hint(), None);
    press(&mut app, key(KeyCode::Char('"')));
    assert!(app.line().text.ends_with("x\""));
    let _ = screen(&app);
}

#[test]
fn the_same_text_means_the_same_in_a_file_and_on_the_command_line() {
    for text_in in [
        "echo \"a\nb\"\n",
        "create vpc prod \\\n 10.0.0.0/16\nshow vpcs # \\\nshow groups\n",
    ] {
        let mut session = Session::new();
        let file = session.run_script("<console>", text_in, &mut NoFiles, Verbosity::All);
        let mut app = App::sandbox();
        app.paste(text_in);
        let log: Vec<String> = app
            .log()
            .lines
            .iter()
            .map(|l| l.text.clone())
            .filter(|l| !l.starts_with('›'))
            .collect();
        // The file's first answer (or the error it stops at) is the console's.
        let first = file.output.lines().next().unwrap_or_default().to_string();
        assert_eq!(
            log.first(),
            Some(&first),
            "{text_in:?}: {log:?}\n{}",
            file.output
        );
    }
}

#[test]
fn control_characters_show_escaped_in_the_console() {
    let mut app = tour(120, 40);
    app.execute("echo \"\u{1b}[2Jgone\"");
    assert!(
        app.log()
            .lines
            .iter()
            .any(|l| l.text.contains("\\x1b[2Jgone")),
        "{:?}",
        app.log().lines.last()
    );
    let _ = typed;
}

#[test]
fn quit_in_a_played_file_ends_it() {
    let app = App::play("q.sgs", "echo \"a\"\nquit\necho \"b\"\n", Box::new(NoFiles));
    assert_eq!(app.playing().map(|p| p.steps.len()), Some(1));
}

#[test]
fn no_pane_overlaps_another_or_the_bottom_bar_at_any_size() {
    use ratatui::layout::Rect;
    use sgs::tui::Pane;
    use sgs::tui::ui::{Shape, layout};
    for w in [60, 79, 100, 141, 200] {
        for h in (15..=60).step_by(3) {
            for (banner, grid, flows, right) in [
                (false, false, 0, Pane::Rules),
                (true, false, 3, Pane::Trace),
                (true, true, 0, Pane::Members),
                (false, false, 40, Pane::Trace),
                (true, false, 12, Pane::Rules),
            ] {
                let size = Rect::new(0, 0, w, h);
                let a = layout(
                    size,
                    Shape {
                        banner,
                        grid,
                        right,
                        flows,
                    },
                );
                let panes: Vec<Rect> = [
                    a.banner,
                    Some(a.groups),
                    a.rules,
                    a.members,
                    a.trace,
                    a.grid,
                    a.flows,
                    Some(a.console),
                ]
                .into_iter()
                .flatten()
                .filter(|r| r.area() > 0)
                .collect();
                assert_eq!(a.bar.height, 1, "{w}x{h}");
                assert_eq!(a.bar.y, h - 1, "{w}x{h}: the bar is not the last row");
                for (i, p) in panes.iter().enumerate() {
                    assert!(
                        size.contains(p.as_position()) && p.bottom() <= a.bar.y,
                        "{w}x{h}: {p:?} reaches the bar"
                    );
                    for q in &panes[i + 1..] {
                        assert!(!p.intersects(*q), "{w}x{h}: {p:?} overlaps {q:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_paste_into_a_filter_types_its_first_line() {
    let mut app = tour(120, 40);
    press(&mut app, key(KeyCode::Char('/')));
    app.paste("we\nignored");
    assert_eq!(app.tree().filter, "we");
    assert_eq!(app.mode(), &Mode::Filter(sgs::tui::Pane::Groups));
    assert!(app.tree_row_label().is_some());
}

#[test]
fn tab_completes_help_for_a_command_of_two_words() {
    let mut app = tour(120, 40);
    press(&mut app, key(KeyCode::Char(':')));
    type_keys(&mut app, "help create gr");
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.line().text, "help create group ");
    press(&mut app, key(KeyCode::Enter));
    let log: Vec<&str> = app.log().lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        log.iter().any(|l| l.starts_with("create group — ")),
        "{log:?}"
    );
}
