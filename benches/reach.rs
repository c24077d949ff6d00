//! The whole-world questions on the world (`sgs gen --groups 500 --rules 60 --instances
//! 10000`): `show reach tcp 22 everywhere` (the 10,001 x 10,000 matrix, by classes and bitsets),
//! `why` with its fix and what else it opens, and `diff since` a mark after two rule changes,
//! then after a group's whole egress is revoked as well (every packet class moves).

use criterion::{Criterion, criterion_group, criterion_main};
use sgs::io::synth::{GenSpec, generate};
use sgs::session::{NoFiles, Reply, Session, Verbosity};
use std::hint::black_box;

/// The allocator the `sgs` binary runs on (src/main.rs), so that the figures are the shipped
/// engine's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SPEC: GenSpec = GenSpec {
    groups: 500,
    rules: 60,
    instances: 10_000,
    probes: 0,
    seed: 1,
};

fn world() -> Session {
    let script = generate(&SPEC).expect("a valid spec");
    let mut session = Session::new();
    let report = session.run_script("gen.sgs", &script, &mut NoFiles, Verbosity::Quiet);
    assert!(!report.stopped, "the world builds: {}", report.output);
    session.catch_up();
    session
}

fn ask(session: &mut Session, line: &str) -> Reply {
    match session.run_line(line, &mut NoFiles) {
        Ok(Some(reply)) => reply,
        other => panic!("{line}: {other:?}"),
    }
}

fn benches(c: &mut Criterion) {
    let mut session = world();
    let mut g = c.benchmark_group("reach");
    g.sample_size(10);
    g.bench_function("show reach tcp 22 everywhere, 10k endpoints", |b| {
        b.iter(|| match ask(&mut session, "show reach tcp 22 everywhere") {
            Reply::Reach(r) => black_box(r.count()),
            other => panic!("{other:?}"),
        })
    });
    g.bench_function(
        "why tcp 5432 from i0 to i1 (a new group, also_opens), 10k endpoints",
        |b| {
            b.iter(|| match ask(&mut session, "why tcp 5432 from i0 to i1") {
                Reply::Why(w) => black_box(w.also_opens.len()),
                other => panic!("{other:?}"),
            })
        },
    );
    ask(&mut session, "mark before");
    ask(&mut session, "revoke ingress tcp 22 from 0.0.0.0/0 to g7");
    ask(
        &mut session,
        "authorize ingress tcp 2222 from 10.0.5.0/24 to g7",
    );
    g.bench_function("diff since a mark, two rules changed", |b| {
        b.iter(|| match ask(&mut session, "diff since before") {
            Reply::Diff(d) => black_box(d.reach.len()),
            other => panic!("{other:?}"),
        })
    });
    ask(&mut session, "revoke egress all from g1 to 0.0.0.0/0");
    g.bench_function(
        "diff since a mark, a group's whole egress revoked too (every class moves)",
        |b| {
            b.iter(|| match ask(&mut session, "diff since before") {
                Reply::Diff(d) => black_box(d.reach.len()),
                other => panic!("{other:?}"),
            })
        },
    );
    g.finish();
}

criterion_group!(reach, benches);
criterion_main!(reach);
