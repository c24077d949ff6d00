//! The pictures: the path strip over the trace and the topology view at 80x24 and 200x60, and
//! presenter mode, as TestBackend snapshots; the strip drawn from the trace's steps.

use super::{lesson, shown};
use sgs::session::NoFiles;
use sgs::tui::{Action, App};

/// The lesson run up to its third pause, the question answered: the trace of the expectation
/// (denied by the network ACL) is on screen.
fn at_the_expectation(w: u16, h: u16) -> App {
    let mut app = lesson(w, h);
    for action in [
        Action::PlayRun,
        Action::PlayRun,
        Action::Predict(false),
        Action::PlayRun,
        Action::PlayRun,
    ] {
        app.update(action);
    }
    assert_eq!(app.playing().map(|p| p.done), Some(22));
    app
}

#[test]
fn the_path_strip_shows_each_gate_of_both_legs_with_its_rule() {
    let mut app = lesson(200, 60);
    for action in [Action::PlayRun, Action::PlayRun, Action::Predict(false)] {
        app.update(action);
    }
    // Denied by the database's ingress groups: the request passes five gates, the reply none.
    let strip = &app.trace().expect("the revealed trace").strip;
    let marks: Vec<&str> = strip.request.iter().map(|g| g.mark.symbol()).collect();
    assert_eq!(marks, ["✓", "✓", "✓", "✓", "✓", "✗", "·"]);
    assert_eq!(strip.request[5].rule, "no rule");
    assert!(strip.reply.iter().all(|g| g.mark.symbol() == "·"));
    assert_eq!(strip.heads[0], "web-1");
    assert_eq!(strip.heads[6], "db-1");
    // Allowed both ways: every gate passed, the reply's by connection tracking at the source.
    app.update(Action::Command);
    for c in "authorize ingress tcp 5432 from web to db".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    for c in "trace tcp 5432 from web-1 to db-1".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    let strip = &app.trace().expect("the trace").strip;
    assert!(strip.allowed);
    assert_eq!(strip.request[5].rule, "tcp 5432 web");
    assert_eq!(strip.reply[1].rule, "tracked", "{:?}", strip.reply);
    assert!(
        strip
            .request
            .iter()
            .chain(&strip.reply)
            .all(|g| g.mark.symbol() == "✓"),
        "{strip:?}"
    );
}

#[test]
fn the_path_strip_over_the_trace_at_80x24() {
    let app = at_the_expectation(80, 24);
    let screen = shown(&app);
    assert!(screen.contains("req▸"), "{screen}");
    assert!(screen.contains("DENY: request step"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_path_strip_over_the_trace_at_200x60() {
    let app = at_the_expectation(200, 60);
    let screen = shown(&app);
    assert!(
        screen.contains("✗ entry *"),
        "the ACL's last entry refuses: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn the_topology_view_at_80x24_and_200x60() {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut app = at_the_expectation(w, h);
        app.update(Action::Topology);
        let screen = shown(&app);
        for part in ["web-a", "db-a", "internet gateway igw-", "prod-shared"] {
            assert!(screen.contains(part), "{w}x{h}: {part}\n{screen}");
        }
        insta::assert_snapshot!(format!("topology_{w}x{h}"), screen);
    }
}

#[test]
fn the_topology_view_marks_what_the_step_changed() {
    let mut app = at_the_expectation(200, 60);
    app.update(Action::Topology);
    let buffer = crate::tui::screen(&app).backend().buffer().clone();
    // The cluster made in this step is drawn in reverse yellow, the instances are not.
    let style_of = |text: &str| {
        let area = buffer.area;
        for y in 0..area.height {
            let row: String = (0..area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            if let Some(at) = row.find(text) {
                let x = row[..at].chars().count() as u16;
                return Some(buffer[(x, y)].bg);
            }
        }
        None
    };
    assert_eq!(style_of("◆ memc-1"), Some(ratatui::style::Color::Yellow));
    assert_ne!(style_of("● web-1"), Some(ratatui::style::Color::Yellow));
}

#[test]
fn presenter_mode_shows_the_narration_the_strip_and_the_trace_and_no_chrome() {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let app = at_the_expectation(w, h).presenting();
        assert!(app.presenter());
        let screen = shown(&app);
        assert!(screen.contains("network ACL"), "{screen}");
        assert!(screen.contains("req▸"), "{screen}");
        for chrome in ["Groups", "Console", "? help", "q/C-c quit", "┌", "next ›"] {
            assert!(!screen.contains(chrome), "{w}x{h}: {chrome}\n{screen}");
        }
        insta::assert_snapshot!(format!("present_{w}x{h}"), screen);
    }
}

#[test]
fn presenter_mode_is_high_contrast_and_asks_questions_in_large() {
    let mut app = lesson(100, 30).presenting();
    app.update(Action::PlayRun);
    app.update(Action::PlayRun);
    let terminal = crate::tui::screen(&app);
    let screen = crate::tui::text(&terminal);
    assert!(
        screen.contains("Predict: tcp 5432 web-1 -> db-1"),
        "{screen}"
    );
    assert!(
        !screen.contains("DENY") && !screen.contains("ALLOW"),
        "{screen}"
    );
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.bg, ratatui::style::Color::Black, "white on black");
    }
    // `?` still shows the keys.
    app.update(Action::Help);
    let screen = shown(&app);
    assert!(
        screen.contains("Play mode") || screen.contains("Keys"),
        "{screen}"
    );
    insta::assert_debug_snapshot!("present_question_styles", buffer);
}

#[test]
fn a_world_with_no_vpc_says_so_and_a_bare_app_opens_the_default_one() {
    let mut app = App::sandbox();
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    app.update(Action::Topology);
    let screen = shown(&app);
    assert!(screen.contains("Topology vpc default"), "{screen}");
    let _ = NoFiles;
}

/// The foreground of the first cell of `text` on the screen.
fn fg_of(app: &App, text: &str) -> Option<ratatui::style::Color> {
    let terminal = crate::tui::screen(app);
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    for y in 0..area.height {
        let row: String = (0..area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        if let Some(at) = row.find(text) {
            let x = row[..at].chars().count() as u16;
            return Some(buffer[(x, y)].fg);
        }
    }
    None
}

#[test]
fn the_panes_mark_a_step_s_network_acl_peering_and_a_stopped_instance() {
    let mut app = at_the_expectation(160, 50);
    crate::tui::select_group(&mut app, "vpc prod");
    let yellow = Some(ratatui::style::Color::Yellow);
    assert_eq!(fg_of(&app, "network ACLs: default, strict"), yellow);
    assert_eq!(fg_of(&app, "peerings: prod-shared"), yellow);
    // A stop changes the instance, not its interface: its member row is marked all the same.
    app.update(Action::Command);
    for c in "stop db-1".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    app.update(Action::Back);
    crate::tui::select_group(&mut app, "vpc prod");
    assert!(app.model().changes.enis.is_empty());
    assert_eq!(app.model().changes.instances.len(), 1);
    assert_eq!(fg_of(&app, "db-1 "), yellow, "{}", shown(&app));
    assert_ne!(fg_of(&app, "web-1 "), yellow);
}

/// The layout with the narration's rows and the topology view: every area inside the screen,
/// above the bar, none over another; the banner never more than a third of the screen (and the
/// usual height at least).
#[test]
fn the_layout_gives_the_narration_its_rows_and_the_topology_its_place_without_overlap() {
    use ratatui::layout::Rect;
    use sgs::tui::Pane;
    use sgs::tui::ui::{Extra, Shape, layout_with};
    for w in [60u16, 80, 120, 200] {
        for h in (15u16..=60).step_by(5) {
            for banner_rows in [0u16, 1, 3, 9, 40] {
                for (grid, topology) in [(false, false), (false, true), (true, true)] {
                    let size = Rect::new(0, 0, w, h);
                    let shape = Shape {
                        banner: true,
                        grid,
                        right: Pane::Rules,
                        flows: 2,
                    };
                    let a = layout_with(
                        size,
                        shape,
                        Extra {
                            banner_rows,
                            topology,
                        },
                    );
                    let banner = a.banner.expect("a banner in play mode");
                    assert!(
                        banner.height >= 3 && banner.height <= (h / 3).max(4),
                        "{w}x{h}"
                    );
                    assert_eq!(a.topology.is_some(), topology && !grid, "{w}x{h}");
                    let areas: Vec<Rect> = [
                        a.banner,
                        Some(a.groups),
                        a.rules,
                        a.members,
                        a.trace,
                        a.grid,
                        a.topology,
                        a.flows,
                        Some(a.console),
                    ]
                    .into_iter()
                    .flatten()
                    .filter(|r| r.area() > 0)
                    .collect();
                    for (i, p) in areas.iter().enumerate() {
                        assert!(p.bottom() <= a.bar.y && p.right() <= w, "{w}x{h}: {p:?}");
                        for q in &areas[i + 1..] {
                            assert!(!p.intersects(*q), "{w}x{h}: {p:?} overlaps {q:?}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_reveal_shows_its_trace_where_the_topology_view_had_the_right_column() {
    // At 80x24 the topology view takes the whole right column; the answer to a question must
    // still be seen when the class predicts.
    let mut app = lesson(80, 24);
    app.update(Action::PlayRun);
    app.update(Action::Topology);
    assert!(shown(&app).contains("internet gateway igw-"));
    app.update(Action::PlayRun);
    assert!(app.question().is_some());
    app.update(Action::Predict(false));
    let screen = shown(&app);
    assert!(screen.contains("DENY"), "{screen}");
    assert!(screen.contains("req▸"), "the path strip: {screen}");
    // v opens the picture again.
    app.update(Action::Topology);
    assert!(shown(&app).contains("internet gateway igw-"));
}

#[test]
fn presenter_mode_shows_what_goals_said_until_the_next_narration() {
    let script = r#"create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create group web "Web" in prod
launch web-1 in prod/web-a public-ip groups web
task "HTTPS in, SSH not"
goal allow tcp 443 from internet to web-1
goal deny tcp 22 from internet to web-1
goals
pause
echo "The answer."
authorize ingress tcp 443 from 0.0.0.0/0 to web
goals
"#;
    let mut app = App::play("goals.sgs", script, Box::new(NoFiles)).presenting();
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    app.update(Action::PlayRun);
    let screen = shown(&app);
    assert!(
        screen.contains("✗ not yet: allow tcp 443 from internet to web-1"),
        "{screen}"
    );
    assert!(
        screen.contains("✓ met:     deny tcp 22 from internet to web-1"),
        "{screen}"
    );
    // The next narration clears them; the next `goals` says them again.
    app.update(Action::PlayNext);
    let screen = shown(&app);
    assert!(
        screen.contains("The answer.") && !screen.contains("not yet"),
        "{screen}"
    );
    app.update(Action::PlayRun);
    let screen = shown(&app);
    assert!(
        screen.contains("✓ met:     allow tcp 443 from internet to web-1"),
        "{screen}"
    );
    // Stepping back over it takes it back.
    app.update(Action::PlayBack);
    assert!(!shown(&app).contains("met:"), "{}", shown(&app));
}
