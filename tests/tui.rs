//! The TUI: snapshots of every pane, the help overlay, play mode, the reach grid and a terminal
//! too small (TestBackend at fixed sizes; the buffer's Debug where colour carries meaning), keys
//! and mouse events that must never panic, and an end-to-end run of the real binary in tmux.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use sgs::session::NoFiles;
use sgs::tui::{Action, App, Mode, Pane, ui};

/// The tour's world, as `sgs` opens on it, in a terminal of `w`×`h`.
pub(crate) fn tour(w: u16, h: u16) -> App {
    let mut app = App::with_script(sgs::cli::TOUR, Box::new(NoFiles));
    app.update(Action::Resize {
        width: w,
        height: h,
    });
    app
}

pub(crate) fn screen(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size().width, app.size().height))
        .expect("a test terminal");
    terminal
        .draw(|f| ui::draw(app, f))
        .expect("drawing never fails");
    terminal
}

pub(crate) fn pane(app: &App, which: Pane, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| ui::draw_pane(app, which, f, Rect::new(0, 0, w, h)))
        .expect("drawing never fails");
    terminal
}

pub(crate) fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

pub(crate) fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(*a);
    }
}

pub(crate) fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Input(c));
    }
}

/// Selects the tree row whose label is `label`.
pub(crate) fn select_group(app: &mut App, label: &str) {
    app.update(Action::Top);
    for _ in 0..app.tree().view.len() {
        if app.tree_row_label().as_deref() == Some(label) {
            return;
        }
        app.update(Action::Down);
    }
    panic!("no tree row {label}");
}

pub(crate) trait Rows {
    fn tree_row_label(&self) -> Option<String>;
}

impl Rows for App {
    fn tree_row_label(&self) -> Option<String> {
        self.tree().current().map(|r| r.label.clone())
    }
}

#[test]
fn the_tour_screen() {
    let app = tour(120, 40);
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn groups_pane_shows_the_tree_with_rule_and_member_counts() {
    let app = tour(120, 40);
    insta::assert_snapshot!(pane(&app, Pane::Groups, 40, 14).backend());
}

#[test]
fn rules_pane_names_group_peers_and_marks_stale_rules() {
    // A world where the group a rule references is gone (as a deleted peering or a saved world
    // can leave it): the rule is stale.
    let mut world = tour(120, 40).model().session.world().clone();
    let web = world
        .groups
        .values()
        .find(|g| g.name == "web")
        .map(|g| g.id.clone())
        .expect("the tour's web group");
    world.remove_group(&web);
    let mut app = App::new(sgs::session::Session::from_world(world), Box::new(NoFiles));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    select_group(&mut app, "app");
    let t = pane(&app, Pane::Rules, 100, 8);
    assert!(text(&t).contains("STALE"), "{}", text(&t));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn members_pane_lists_addresses() {
    let mut app = tour(120, 40);
    select_group(&mut app, "web");
    insta::assert_snapshot!(pane(&app, Pane::Members, 100, 6).backend());
}

#[test]
fn members_of_a_vpc_are_all_its_interfaces() {
    let mut app = tour(120, 40);
    select_group(&mut app, "vpc prod");
    let t = text(&pane(&app, Pane::Members, 100, 7));
    for name in ["web-1", "web-2", "app-1"] {
        assert!(t.contains(name), "{t}");
    }
}

/// A world with a VPC cache cluster, an Aurora cluster and an EC2-Classic cache cluster.
const SERVICES: &str = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create subnet data-a in prod 10.0.2.0/24
create group web \"Web\" in prod
create group cache \"Cache\" in prod
create group db \"DB\" in prod
authorize ingress tcp 6379 from web to cache
launch web-1 in prod/web-a groups web
create cache-cluster memc-1 engine memcached in prod/data-a nodes 2 groups cache
create db-cluster orders-db engine aurora-mysql in prod groups db
create db-instance orders-db-1 in cluster orders-db subnet prod/data-a
create group legacy \"Old fleet\" classic
create cache-group sessions \"Session clients\"
authorize cache-ingress sessions from legacy
create cache-cluster sess-1 engine memcached classic cache-groups sessions";

fn services(w: u16, h: u16) -> App {
    let mut app = App::with_script(SERVICES, Box::new(NoFiles));
    app.update(Action::Resize {
        width: w,
        height: h,
    });
    app
}

#[test]
fn members_pane_lists_cache_nodes_and_db_instances_under_their_groups() {
    let mut app = services(120, 40);
    select_group(&mut app, "cache");
    let t = pane(&app, Pane::Members, 100, 6);
    let shown = text(&t);
    assert!(
        shown.contains("memc-1#1") && shown.contains("memc-1#2"),
        "{shown}"
    );
    assert!(shown.contains("cache"), "{shown}");
    insta::assert_snapshot!(t.backend());
    select_group(&mut app, "db");
    let shown = text(&pane(&app, Pane::Members, 100, 6));
    assert!(
        shown.contains("orders-db-1") && shown.contains("db "),
        "{shown}"
    );
}

#[test]
fn a_vpc_and_ec2_classic_say_what_services_they_hold() {
    let mut app = services(120, 40);
    select_group(&mut app, "vpc prod");
    let shown = text(&pane(&app, Pane::Rules, 110, 10));
    assert!(
        shown.contains("cache clusters: memc-1; DB clusters: orders-db; DB instances: orders-db-1"),
        "{shown}"
    );
    select_group(&mut app, "EC2-Classic");
    let shown = text(&pane(&app, Pane::Rules, 110, 10));
    assert!(
        shown.contains("cache group sessions: authorizes legacy (123456789012); clusters: sess-1"),
        "{shown}"
    );
    let shown = text(&pane(&app, Pane::Members, 100, 8));
    assert!(shown.contains("sess-1#1"), "{shown}");
}

#[test]
fn enter_on_a_service_member_shows_clusters_and_t_traces_to_it() {
    let mut app = services(120, 40);
    select_group(&mut app, "cache");
    run(&mut app, &[Action::NextPane, Action::NextPane]);
    assert_eq!(app.focus(), Pane::Members);
    app.update(Action::Enter);
    assert!(
        app.log()
            .lines
            .iter()
            .any(|l| l.text.starts_with("CACHE CLUSTER")),
        "show clusters ran"
    );
    // t on web-1, then on the cluster's second node: the trace names the node as a probe does.
    select_group_members(&mut app, "web");
    app.update(Action::Pick);
    select_group_members(&mut app, "cache");
    run(&mut app, &[Action::Down, Action::Pick]);
    assert!(matches!(app.mode(), Mode::Prompt(_)));
    app.update(Action::ClearLine);
    typed(&mut app, "tcp 6379");
    app.update(Action::Submit);
    let trace = app.trace().expect("a trace");
    assert_eq!(trace.trace.asked.to, "memc-1#2");
    assert!(trace.trace.allowed);
}

#[test]
fn trace_pane_colours_the_verdict_and_highlights_the_deciding_step() {
    let mut app = tour(120, 40);
    app.execute("trace tcp 22 from app-1 to web-1");
    let t = pane(&app, Pane::Trace, 100, 16);
    let shown = text(&t);
    assert!(shown.contains("DENY"), "{shown}");
    assert!(shown.contains(">>  5."), "{shown}");
    insta::assert_debug_snapshot!(t.backend().buffer());
}

#[test]
fn console_pane_shows_the_log_and_the_command_line() {
    let mut app = tour(120, 40);
    run(&mut app, &[Action::Command]);
    typed(&mut app, "show vpcs");
    run(&mut app, &[Action::Submit]);
    typed(&mut app, "probe tcp 4");
    insta::assert_snapshot!(pane(&app, Pane::Console, 100, 10).backend());
}

#[test]
fn help_overlay_lists_the_keys_from_the_bindings() {
    let mut app = tour(100, 40);
    app.update(Action::Help);
    let t = screen(&app);
    let shown = text(&t);
    assert!(shown.contains("reach grid") && shown.contains("trace from/to"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn a_terminal_too_small_asks_for_room() {
    let app = tour(50, 12);
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn the_smallest_terminal_shows_one_right_pane() {
    let mut app = tour(60, 15);
    insta::assert_snapshot!("smallest", screen(&app).backend());
    run(&mut app, &[Action::NextPane, Action::NextPane]);
    assert_eq!(app.focus(), Pane::Members);
    assert!(text(&screen(&app)).contains("Members"));
}

#[test]
fn reach_grid_shows_verdicts_and_traces_a_cell() {
    let mut app = tour(120, 40);
    select_group(&mut app, "web");
    app.update(Action::Grid);
    assert_eq!(app.mode(), &Mode::Grid);
    let t = screen(&app);
    insta::assert_snapshot!("grid", t.backend());
    // web-1 → app-1 on tcp 22: denied; Enter traces it.
    run(&mut app, &[Action::Right, Action::Right, Action::Enter]);
    let trace = app.trace().expect("a trace");
    assert_eq!(trace.trace.asked.to, "app-1");
    assert!(!trace.trace.allowed);
    // Another packet: tcp 8080 from the web tier to the app tier passes.
    app.update(Action::GridPacket);
    app.update(Action::ClearLine);
    typed(&mut app, "tcp 8080");
    app.update(Action::Submit);
    let grid = app.grid().expect("the grid");
    assert_eq!(grid.cells.get(&(0, 2)), Some(&true));
    assert_eq!(grid.cells.get(&(2, 0)), Some(&false));
    // `/` narrows the endpoints by name; the cells keep their verdicts.
    app.update(Action::Filter);
    typed(&mut app, "app");
    app.update(Action::Submit);
    let grid = app.grid().expect("the grid");
    let names: Vec<&str> = grid.reach.hosts.iter().map(|h| h.name.as_str()).collect();
    assert!(
        !names.is_empty() && names.iter().all(|n| n.contains("app")),
        "{names:?}"
    );
    app.update(Action::Filter);
    app.update(Action::ClearLine);
    app.update(Action::Submit);
    let grid = app.grid().expect("the grid");
    assert_eq!(grid.cells.get(&(0, 2)), Some(&true), "the filter cleared");
    app.update(Action::Back);
    assert!(app.grid().is_none());
}

#[test]
fn play_mode_steps_forward_and_back() {
    let src = "echo \"Make a group\"\ncreate group web \"Web\"\npause\nauthorize ingress tcp 22 from 10.0.0.0/8 to web\n";
    let mut app = App::play("lesson.sgs", src, Box::new(NoFiles));
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    run(&mut app, &[Action::PlayNext, Action::PlayNext]);
    insta::assert_snapshot!("play", screen(&app).backend());
    let play = app.playing().expect("play mode");
    assert_eq!(play.progress(), "step 2/4");
    assert_eq!(play.banner.as_deref(), Some("Make a group"));
    let world = app.model().session.world();
    assert!(world.groups.values().any(|g| g.name == "web"));
    // Run on past the pause, then all the way back.
    run(&mut app, &[Action::PlayRun]);
    assert_eq!(app.playing().map(|p| p.done), Some(3));
    run(&mut app, &[Action::PlayRun]);
    assert_eq!(app.playing().map(|p| p.done), Some(4));
    for _ in 0..6 {
        app.update(Action::PlayBack);
    }
    assert_eq!(app.playing().map(|p| p.done), Some(0));
    assert!(
        !app.model()
            .session
            .world()
            .groups
            .values()
            .any(|g| g.name == "web")
    );
}

#[test]
fn a_group_created_from_the_command_line_appears_selected() {
    let mut app = tour(120, 40);
    app.update(Action::Command);
    typed(&mut app, r#"create group cache "Cache" in prod"#);
    app.update(Action::Submit);
    assert_eq!(app.tree_row_label().as_deref(), Some("cache"));
    assert!(text(&screen(&app)).contains("cache"));
    // History brings it back.
    app.update(Action::HistoryPrev);
    assert!(app.line().text.starts_with("create group cache"));
}

#[test]
fn t_on_two_members_asks_for_a_packet_and_traces() {
    let mut app = tour(120, 40);
    select_group(&mut app, "web");
    app.update(Action::NextPane);
    app.update(Action::NextPane);
    assert_eq!(app.focus(), Pane::Members);
    app.update(Action::Pick);
    select_group_members(&mut app, "app");
    app.update(Action::Pick);
    assert!(matches!(app.mode(), Mode::Prompt(_)));
    app.update(Action::Submit);
    let trace = app.trace().expect("a trace");
    assert_eq!(
        (
            trace.trace.asked.from.as_str(),
            trace.trace.asked.to.as_str()
        ),
        ("web-1", "app-1")
    );
}

fn select_group_members(app: &mut App, group: &str) {
    app.update(Action::PrevPane);
    app.update(Action::PrevPane);
    select_group(app, group);
    app.update(Action::NextPane);
    app.update(Action::NextPane);
}

#[test]
fn filter_narrows_the_tree_and_esc_clears_it() {
    let mut app = tour(120, 40);
    app.update(Action::Filter);
    typed(&mut app, "ap");
    app.update(Action::Submit);
    let labels: Vec<&str> = app
        .tree()
        .view
        .iter()
        .map(|i| app.tree().rows[*i].label.as_str())
        .collect();
    assert!(
        labels.contains(&"app") && !labels.contains(&"web"),
        "{labels:?}"
    );
    app.update(Action::Back);
    assert!(app.tree().filter.is_empty());
}

#[test]
fn rules_enter_follows_a_group_peer() {
    let mut app = tour(120, 40);
    select_group(&mut app, "app");
    app.update(Action::NextPane);
    app.update(Action::Enter);
    assert_eq!(app.focus(), Pane::Groups);
    assert_eq!(app.tree_row_label().as_deref(), Some("web"));
}

/// Every action, in every mode, at every size: nothing panics.
#[test]
fn no_action_mouse_event_or_size_panics() {
    let all = [
        Action::NextPane,
        Action::PrevPane,
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Enter,
        Action::Back,
        Action::Command,
        Action::Filter,
        Action::Pick,
        Action::Help,
        Action::Fold,
        Action::Unfold,
        Action::Grid,
        Action::GridPacket,
        Action::PlayNext,
        Action::PlayBack,
        Action::PlayRun,
        Action::Input('x'),
        Action::Input('é'),
        Action::Backspace,
        Action::Delete,
        Action::CursorLeft,
        Action::CursorRight,
        Action::LineStart,
        Action::LineEnd,
        Action::ClearLine,
        Action::HistoryPrev,
        Action::HistoryNext,
        Action::Complete,
        Action::Submit,
        Action::Click { x: 5, y: 3 },
        Action::Click { x: 70, y: 30 },
        Action::Click { x: 119, y: 39 },
        Action::Click { x: 500, y: 500 },
        Action::Scroll {
            x: 50,
            y: 20,
            down: true,
        },
        Action::Scroll {
            x: 5,
            y: 5,
            down: false,
        },
    ];
    let sizes = [(120, 40), (60, 15), (59, 14), (0, 0), (1, 1), (200, 60)];
    for start in [
        tour(120, 40),
        App::sandbox(),
        App::play("t.sgs", sgs::cli::TOUR, Box::new(NoFiles)),
    ] {
        let mut app = start;
        for (i, a) in all.iter().cycle().take(all.len() * 7).enumerate() {
            if i % 13 == 0 {
                let (width, height) = sizes[(i / 13) % sizes.len()];
                app.update(Action::Resize { width, height });
            }
            // Quitting is the one action we leave out: it would end the walk early.
            app.update(*a);
            if i % 5 == 0 {
                let _ = screen(&app);
            }
        }
        let _ = screen(&app);
    }
}

/// Every key the bindings list maps to its action in the context that lists it.
#[test]
fn keys_map_through_the_binding_tables() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let app = tour(120, 40);
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    assert_eq!(
        sgs::tui::keys::action(&app, &key(KeyCode::Char('j'))),
        Some(Action::Down)
    );
    assert_eq!(
        sgs::tui::keys::action(&app, &key(KeyCode::Char('q'))),
        Some(Action::Quit)
    );
    assert_eq!(
        sgs::tui::keys::action(
            &app,
            &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ),
        Some(Action::Quit)
    );
    let mut typing = tour(120, 40);
    typing.update(Action::Command);
    assert_eq!(
        sgs::tui::keys::action(&typing, &key(KeyCode::Char('q'))),
        Some(Action::Input('q'))
    );
}

mod e2e {
    //! The real binary in tmux, as a person would use it.

    use std::path::PathBuf;
    use std::process::Command;
    use std::time::{Duration, Instant};

    struct Tmux {
        socket: String,
    }

    impl Tmux {
        fn cmd(&self, args: &[&str]) -> std::process::Output {
            Command::new("tmux")
                .arg("-L")
                .arg(&self.socket)
                .args(args)
                .stdin(std::process::Stdio::null())
                .output()
                .expect("tmux runs")
        }

        fn keys(&self, keys: &[&str]) {
            let mut args = vec!["send-keys", "-t", "sgs"];
            args.extend_from_slice(keys);
            self.cmd(&args);
            std::thread::sleep(Duration::from_millis(150));
        }

        fn screen(&self) -> String {
            String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "sgs"]).stdout)
                .into_owned()
        }

        /// Waits until the screen shows `what`.
        fn wait_for(&self, what: &str) -> String {
            let start = Instant::now();
            loop {
                let s = self.screen();
                if s.contains(what) {
                    return s;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(15),
                    "timed out waiting for {what:?}; the screen:\n{s}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }

    impl Drop for Tmux {
        fn drop(&mut self) {
            let path = self.cmd(&["display-message", "-p", "#{socket_path}"]);
            let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
            let _ = self.cmd(&["kill-server"]);
            if !path.is_empty() {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    fn have_tmux() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    #[test]
    fn the_binary_in_tmux_shows_panes_runs_commands_and_restores_the_terminal() {
        if !have_tmux() {
            eprintln!("SKIPPED: tmux is not installed; the TUI end-to-end test needs it");
            return;
        }
        let dir = std::env::temp_dir().join(format!("sgs-tui-e2e-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let stty: PathBuf = dir.join("stty.txt");
        let _ = std::fs::remove_file(&stty);
        let bin = env!("CARGO_BIN_EXE_sgs");
        let script = format!("'{bin}'; stty -a > '{}'", stty.display());
        let tmux = Tmux {
            socket: format!("sgs-e2e-{}", std::process::id()),
        };
        let out = tmux.cmd(&[
            "new-session",
            "-d",
            "-s",
            "sgs",
            "-x",
            "120",
            "-y",
            "40",
            "sh",
            "-c",
            &script,
        ]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        // The panes, on the tour's world.
        let s = tmux.wait_for("Console");
        for title in ["Groups", "Rules", "Members", "Trace"] {
            assert!(s.contains(title), "no {title} pane:\n{s}");
        }
        // A group created from the command line appears in the tree.
        tmux.keys(&[":"]);
        tmux.keys(&["-l", r#"create group e2e-db "Databases" in prod"#]);
        tmux.keys(&["Enter"]);
        tmux.wait_for("e2e-db");
        // A trace shows its verdict.
        tmux.keys(&["-l", "trace tcp 22 from app-1 to web-1"]);
        tmux.keys(&["Enter"]);
        tmux.wait_for("DENY");
        tmux.keys(&["-l", "trace tcp 8080 from web-1 to app-1"]);
        tmux.keys(&["Enter"]);
        tmux.wait_for("ALLOW");
        // Esc leaves the command line; ? shows the help.
        tmux.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(600));
        tmux.keys(&["?"]);
        tmux.wait_for("Esc closes");
        tmux.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(600));
        // q quits, and the shell's stty shows a terminal back in cooked mode.
        tmux.keys(&["q"]);
        let start = Instant::now();
        let modes = loop {
            if let Ok(s) = std::fs::read_to_string(&stty)
                && !s.is_empty()
            {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "sgs did not quit on q; the screen:\n{}",
                tmux.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let words: Vec<&str> = modes.split_whitespace().collect();
        assert!(words.contains(&"icanon"), "raw mode left on: {modes}");
        assert!(words.contains(&"echo"), "echo left off: {modes}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_command_line_completes_and_hints_like_the_repl() {
    let mut app = tour(120, 40);
    app.update(Action::Command);
    typed(&mut app, "create gr");
    app.update(Action::Complete);
    assert_eq!(app.line().text, "create group ");
    app.update(Action::ClearLine);
    typed(&mut app, "show group w");
    app.update(Action::Complete);
    assert_eq!(app.line().text, "show group web ");
    app.update(Action::ClearLine);
    typed(&mut app, "authorize ingress tcp 22");
    let hint = app.hint().expect("a hint");
    assert!(hint.contains("from"), "{hint}");
    app.update(Action::CursorRight);
    assert!(
        app.line().text.starts_with("authorize ingress tcp 22 from"),
        "{}",
        app.line().text
    );
    // Several candidates are listed under the line.
    app.update(Action::ClearLine);
    typed(&mut app, "show ");
    app.update(Action::Complete);
    assert!(app.line().candidates.len() > 1);
    assert!(text(&pane(&app, Pane::Console, 100, 6)).contains("groups"));
}

/// Runs `lines` as the console does.
fn commands(app: &mut App, lines: &[&str]) {
    for line in lines {
        app.execute(line);
    }
}

#[test]
fn a_vpc_shows_its_network_acls_and_peerings() {
    let mut app = tour(120, 40);
    commands(
        &mut app,
        &[
            "create nacl strict in prod",
            "associate nacl strict with prod/app-a",
            "create vpc shared 10.1.0.0/16",
            "create peering prod-shared between prod and shared",
        ],
    );
    select_group(&mut app, "vpc prod");
    let shown = text(&pane(&app, Pane::Rules, 100, 10));
    assert!(
        shown.contains("app-a 10.0.2.0/24 private nacl strict"),
        "{shown}"
    );
    assert!(shown.contains("network ACLs: default, strict"), "{shown}");
    assert!(
        shown.contains("peerings: prod-shared to vpc shared"),
        "{shown}"
    );
}

#[test]
fn a_rule_across_a_deleted_peering_is_marked_stale() {
    let mut app = tour(120, 40);
    commands(
        &mut app,
        &[
            "create vpc shared 10.1.0.0/16",
            "create group tools \"Tools\" in shared",
            "create peering prod-shared between prod and shared",
            "authorize ingress tcp 22 from tools to app",
            "delete peering prod-shared",
        ],
    );
    select_group(&mut app, "app");
    let shown = text(&pane(&app, Pane::Rules, 120, 8));
    assert!(shown.contains("STALE"), "{shown}");
    assert!(shown.contains("no peering joins the two VPCs"), "{shown}");
}

#[test]
fn why_in_the_trace_pane_selects_and_runs_the_fix_lines() {
    let mut app = tour(120, 40);
    app.execute("why tcp 22 from app-1 to web-1");
    let t = pane(&app, Pane::Trace, 110, 24);
    let shown = text(&t);
    assert!(shown.contains("the smallest fix:"), "{shown}");
    assert!(shown.contains("authorize ingress tcp 22"), "{shown}");
    insta::assert_snapshot!("why", t.backend());
    for _ in 0..8 {
        if app.focus() == Pane::Trace {
            break;
        }
        app.update(Action::NextPane);
    }
    assert_eq!(app.focus(), Pane::Trace);
    // Enter runs each fix line in turn, as if typed; then the probe passes.
    let fixes = app.trace().map_or(0, |v| {
        v.lines
            .iter()
            .filter(|l| l.text.starts_with("  authorize"))
            .count()
    });
    assert!(fixes >= 1);
    for _ in 0..fixes {
        app.update(Action::Enter);
    }
    app.execute("probe tcp 22 from app-1 to web-1");
    assert_eq!(app.trace().map(|v| v.trace.allowed), Some(true));
}

#[test]
fn the_trace_opens_on_its_deciding_step_not_on_an_earlier_steps_entry() {
    // web-a's network ACL looks at four entries before the security groups deny: the context
    // above the deciding step must not start on one of them (it would read as step 5's).
    let mut app = tour(120, 40);
    commands(
        &mut app,
        &[
            "create nacl strict in prod",
            "create nacl-entry strict ingress 70 deny tcp 22 from 198.51.100.0/24",
            "create nacl-entry strict ingress 80 deny tcp 22 from 198.51.101.0/24",
            "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.102.0/24",
            "create nacl-entry strict ingress 100 allow all from 0.0.0.0/0",
            "create nacl-entry strict egress 100 allow all to 0.0.0.0/0",
            "associate nacl strict with prod/web-a",
            "trace tcp 22 from app-1 to web-1",
        ],
    );
    let shown = text(&screen(&app));
    let rows: Vec<&str> = shown.lines().collect();
    let (at, col) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.find(">>  5.").map(|c| (i, c)))
        .unwrap_or_else(|| panic!("the deciding step is on screen:\n{shown}"));
    let prefix = rows[at][..col].chars().count();
    let above: String = rows[at - 1].chars().skip(prefix).collect();
    assert!(
        !above.starts_with("         "),
        "the line over the deciding step is an earlier step's entry:\n{shown}"
    );
    assert!(
        !rows[..at].iter().any(|r| r.contains("198.51.102.0/24")),
        "{shown}"
    );
}
