//! The TUI's frame time on the world: `sgs gen --groups 500 --rules 60 --instances 10000`.
//!
//! - `frame/vpc`: one frame with the VPC selected, so the members pane lists all 10,000
//!   interfaces (virtualised: only the visible rows are drawn).
//! - `frame/group`: one frame with a group selected and a full trace in the trace pane.
//! - `frame/grid`: one frame with the reach grid open (cells already decided).
//! - `update/move`: one cursor move in the tree onto the VPC (rebuilds the members view).
//!
//! Frames are drawn on ratatui's TestBackend at 120×40; the budget is 16 ms a frame.

use criterion::{Criterion, criterion_group, criterion_main};
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

/// Moves the tree's cursor to the row labelled `label`.
fn select(app: &mut App, label: &str) {
    app.update(Action::Top);
    for _ in 0..app.tree_view.len() {
        let here = app
            .tree_view
            .get(app.tree_cursor.selected)
            .and_then(|i| app.tree.get(*i))
            .is_some_and(|r| r.label == label);
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
        app.members.len(),
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
}

criterion_group!(tui, benches);
criterion_main!(tui);
