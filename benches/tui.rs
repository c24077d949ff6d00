//! The TUI's frame time on the world: `sgs gen --groups 500 --rules 60 --instances 10000`.
//!
//! - `frame/vpc`: one frame with the VPC selected, so the members pane lists all 10,000
//!   interfaces (virtualised: only the visible rows are drawn).
//! - `frame/group`: one frame with a group selected and a full trace in the trace pane.
//! - `frame/grid`: one frame with the reach grid open (cells already decided).
//! - `update/move`: one cursor move in the tree off the VPC and back (the members view of both
//!   rows is kept until the world changes, so neither is built again).
//! - `key/*`: one key press handled and the frame drawn after it, with the VPC's 10,000
//!   interfaces in the members pane: `move` (↓ or ↑ in the tree), `filter` (a character typed
//!   into, or erased from, the members' filter), `probe` (a probe typed on the command line and
//!   submitted with Enter), `authorize` (an egress rule of g7 added, then revoked, the next time;
//!   g7 is at its quota of 60 ingress rules: the world changes, so every view is rebuilt).
//!
//! Frames are drawn on ratatui's TestBackend at 120×40; the budget is 16 ms a frame, and 5 ms for
//! a key press handled and drawn.

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sgs::io::synth::{GenSpec, generate};
use sgs::session::{NoFiles, Session, Verbosity};
use sgs::tui::{Action, App, ui};
use std::hint::black_box;

const SPEC: GenSpec = GenSpec {
    groups: 500,
    rules: 60,
    instances: 10_000,
    probes: 0,
    seed: 1,
};

/// The allocator the `sgs` binary runs on (src/main.rs), so that the figures are the shipped
/// engine's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn app() -> App {
    let script = generate(&SPEC).expect("a valid spec");
    let mut session = Session::new();
    let report = session.run_script("gen.sgs", &script, &mut NoFiles, Verbosity::Quiet);
    assert!(!report.stopped, "the world builds: {}", report.output);
    let mut app = App::new(session, Box::new(NoFiles));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

/// Moves the tree's cursor to the row labelled `label` (giving the tree the focus first).
fn select(app: &mut App, label: &str) {
    app.update(Action::Back);
    for _ in 0..5 {
        if app.focus() == sgs::tui::Pane::Groups {
            break;
        }
        app.update(Action::NextPane);
    }
    app.update(Action::Top);
    for _ in 0..app.tree().view.len() {
        let here = app.tree().current().is_some_and(|r| r.label == label);
        if here {
            return;
        }
        app.update(Action::Down);
    }
    panic!("no row {label}");
}

fn benches(c: &mut Criterion) {
    let mut app = app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut g = c.benchmark_group("frame");

    select(&mut app, "vpc gen");
    assert_eq!(
        app.members().rows.len(),
        10_000,
        "the VPC's members are all listed"
    );
    g.bench_function("vpc", |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::draw(black_box(&app), f))
                .map(|_| ())
                .expect("draws")
        })
    });

    select(&mut app, "g7");
    app.execute("trace tcp 22 from i1 to i2");
    g.bench_function("group", |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::draw(black_box(&app), f))
                .map(|_| ())
                .expect("draws")
        })
    });

    app.update(Action::Grid);
    g.bench_function("grid", |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::draw(black_box(&app), f))
                .map(|_| ())
                .expect("draws")
        })
    });
    app.update(Action::Back);
    g.finish();

    let mut g = c.benchmark_group("update");
    select(&mut app, "vpc gen");
    g.bench_function("move", |b| {
        b.iter(|| {
            app.update(Action::Down);
            app.update(Action::Up);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("key");
    keys(&mut g, &mut app, &mut terminal);
    g.finish();
}

/// One key press handled and drawn, for each kind of key the issue names.
fn keys(g: &mut BenchmarkGroup<'_, WallTime>, app: &mut App, terminal: &mut Terminal<TestBackend>) {
    let mut draw = |app: &App| {
        terminal
            .draw(|f| ui::draw(black_box(app), f))
            .map(|_| ())
            .expect("draws")
    };
    select(app, "vpc gen");
    let mut down = true;
    g.bench_function("move", |b| {
        b.iter(|| {
            app.update(if down { Action::Down } else { Action::Up });
            down = !down;
            draw(app);
        })
    });
    if !down {
        app.update(Action::Up);
    }

    // The members' filter: `1` typed, then erased, the next time (each narrows or widens the
    // 10,000 rows).
    app.update(Action::NextPane);
    app.update(Action::NextPane);
    assert_eq!(
        app.focus(),
        sgs::tui::Pane::Members,
        "the members pane has the focus"
    );
    app.update(Action::Filter);
    let mut typed = false;
    g.bench_function("filter", |b| {
        b.iter(|| {
            app.update(if typed {
                Action::Backspace
            } else {
                Action::Input('1')
            });
            typed = !typed;
            draw(app);
        })
    });
    app.update(Action::Back);
    app.update(Action::Back);

    select(app, "vpc gen");
    g.bench_function("probe", |b| {
        b.iter(|| {
            app.update(Action::Command);
            app.paste("probe tcp 22 from i1 to i2");
            app.update(Action::Submit);
            draw(app);
        })
    });
    app.update(Action::Back);

    for verb in ["authorize", "revoke"] {
        let ran = app.execute(&format!("{verb} egress tcp 9999 from g7 to 10.9.9.9/32"));
        assert!(ran.ok, "{verb} runs");
    }
    assert!(
        app.execute("probe tcp 22 from i1 to i2").ok,
        "the probe runs"
    );
    select(app, "vpc gen");
    let mut added = false;
    g.bench_function("authorize", |b| {
        b.iter(|| {
            app.update(Action::Command);
            let verb = if added { "revoke" } else { "authorize" };
            app.paste(&format!("{verb} egress tcp 9999 from g7 to 10.9.9.9/32"));
            app.update(Action::Submit);
            added = !added;
            draw(app);
        })
    });
}

criterion_group!(tui, benches);
criterion_main!(tui);
