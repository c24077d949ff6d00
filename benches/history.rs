//! Benchmarks of the history and of deletes on the world:
//! `sgs gen --groups 500 --rules 60 --instances 10000` (40,505 commands).
//!
//! - `undo/after 40k commands`: one `undo` at the end of that session (each undone step is
//!   redone outside the timing, so every iteration undoes the same step).
//! - `delete/all 500 groups`: with the instances terminated and the rules that reference other
//!   groups revoked, deleting every group (30,000 rules removed with them).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sgs::io::synth::{GenSpec, generate};
use sgs::session::{NoFiles, Session, Verbosity};
use std::hint::black_box;
use std::time::{Duration, Instant};

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

fn run(session: &mut Session, script: &str) {
    let report = session.run_script("bench.sgs", script, &mut NoFiles, Verbosity::Quiet);
    assert!(!report.stopped, "the script runs: {}", report.output);
}

fn benches(c: &mut Criterion) {
    let script = generate(&SPEC).expect("a valid spec");
    let mut session = Session::new();
    run(&mut session, &script);

    let mut g = c.benchmark_group("undo");
    g.bench_function("after 40k commands", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                black_box(session.undo().expect("a step to undo"));
                total += start.elapsed();
                session.redo().expect("a step to redo");
            }
            total
        })
    });
    g.finish();

    // Free the groups: no instance uses them and no rule of another group names them.
    let mut teardown: Vec<String> = (0..SPEC.instances)
        .map(|i| format!("terminate i{i}"))
        .collect();
    teardown.extend(
        script
            .lines()
            .filter(|l| l.starts_with("authorize ") && l.contains(" from g"))
            .map(|l| l.replacen("authorize", "revoke", 1)),
    );
    run(&mut session, &teardown.join("\n"));
    let deletes: String = (0..SPEC.groups)
        .map(|i| format!("delete group g{i}\n"))
        .collect();

    let mut g = c.benchmark_group("delete");
    g.sample_size(10);
    g.throughput(Throughput::Elements(SPEC.groups as u64));
    g.bench_function("all 500 groups", |b| {
        b.iter_batched(
            || session.clone(),
            |mut s| {
                run(&mut s, &deletes);
                s
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(history, benches);
criterion_main!(history);
