//! Benchmarks on the world: `sgs gen --groups 500 --rules 60 --instances 10000`.
//!
//! - `setup`: running the generated session (parse + control plane), reported per command.
//! - `decide/verdict`: one data-plane decision, the verdict alone (`dataplane::verdict`: the
//!   compiled index);
//! - `decide/deciding step` and `decide/trace`: the decision as a trace, with its deciding step
//!   only (what `probe` prints) and with every step and rule.
//! - `decide_flow`: one packet of an open flow each way, by its tracking entries.
//! - `probe_line`: a whole `probe` line as a user types it: parse, resolve, decide (the verdict
//!   alone, as a quiet run asks it), and with the deciding step explained and printed.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sgs::dataplane::{self, Detail};
use sgs::io::synth::{GenSpec, generate};
use sgs::lang::ast::Command;
use sgs::lang::{parse_command, split_script};
use sgs::session::{NoFiles, Session, Verbosity};
use std::hint::black_box;

/// The allocator the `sgs` binary runs on (src/main.rs), so that the figures are the shipped
/// engine's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SPEC: GenSpec = GenSpec {
    groups: 500,
    rules: 60,
    instances: 10_000,
    probes: 1_000,
    seed: 1,
};

fn world_and_probes() -> (Session, Vec<String>, String) {
    let script = generate(&GenSpec { probes: 0, ..SPEC }).expect("a valid spec");
    let probes: Vec<String> = generate(&SPEC)
        .expect("a valid spec")
        .lines()
        .filter(|l| l.starts_with("probe "))
        .map(str::to_string)
        .collect();
    let mut session = Session::new();
    let report = session.run_script("gen.sgs", &script, &mut NoFiles, Verbosity::Quiet);
    assert!(
        !report.stopped,
        "the generated world builds: {}",
        report.output
    );
    session.catch_up();
    (session, probes, script)
}

fn benches(c: &mut Criterion) {
    let (session, probes, script) = world_and_probes();
    let commands = split_script(&script).len() as u64;

    let mut g = c.benchmark_group("setup");
    g.sample_size(10);
    g.throughput(Throughput::Elements(commands));
    g.bench_function("500x60 groups, 10k instances", |b| {
        b.iter(|| {
            let mut s = Session::new();
            let r = s.run_script("gen.sgs", &script, &mut NoFiles, Verbosity::Quiet);
            black_box(r.passed)
        })
    });
    g.finish();

    let questions: Vec<dataplane::Question> = probes
        .iter()
        .filter_map(|l| match parse_command(l) {
            Ok(Some(cmd)) => match cmd.node {
                Command::Probe(p) => sgs::query::resolve(session.world(), &p).ok(),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(questions.len(), probes.len());
    let world = session.world();
    let compiled = questions
        .iter()
        .filter(|q| dataplane::compiled_verdict(world, q).is_some())
        .count();
    eprintln!(
        "the compiled index answers {compiled} of {} questions",
        questions.len()
    );

    let mut g = c.benchmark_group("decide");
    g.throughput(Throughput::Elements(questions.len() as u64));
    g.bench_function("verdict", |b| {
        b.iter(|| {
            for q in &questions {
                black_box(dataplane::verdict(world, q));
            }
        })
    });
    g.bench_function("deciding step", |b| {
        b.iter(|| {
            for q in &questions {
                black_box(dataplane::decide(world, q, Detail::Verdict).allowed);
            }
        })
    });
    g.bench_function("trace", |b| {
        b.iter(|| {
            for q in &questions {
                black_box(dataplane::decide(world, q, Detail::Full).allowed);
            }
        })
    });
    g.finish();

    // The allowed questions as open flows, judged one packet each way by their entries.
    let flows: Vec<(&dataplane::Question, dataplane::Conn, dataplane::Conn)> = questions
        .iter()
        .filter_map(|q| {
            let (trace, tracks) = dataplane::open(world, q);
            let track = |role| {
                tracks
                    .iter()
                    .find(|t| t.role == role)
                    .map(|t| t.track.clone())
            };
            trace.allowed.then(|| {
                let conn = dataplane::Conn {
                    name: "flow".to_string(),
                    leg: dataplane::Leg::Request,
                    src: track(dataplane::Role::Source),
                    dst: track(dataplane::Role::Destination),
                    now: 600,
                    idle: 600,
                    timeout: dataplane::idle_timeout(q.packet, false),
                    cut: None,
                };
                let reply = dataplane::Conn {
                    leg: dataplane::Leg::Reply,
                    ..conn.clone()
                };
                (q, conn, reply)
            })
        })
        .collect();
    let mut g = c.benchmark_group("decide_flow");
    g.throughput(Throughput::Elements(2 * flows.len() as u64));
    g.bench_function("verdict, request and reply", |b| {
        b.iter(|| {
            for (q, request, reply) in &flows {
                black_box(dataplane::decide_flow(world, q, request, Detail::Verdict).allowed);
                black_box(dataplane::decide_flow(world, q, reply, Detail::Verdict).allowed);
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("probe_line");
    g.throughput(Throughput::Elements(probes.len() as u64));
    let mut quiet = session.clone();
    quiet.set_bare(true);
    g.bench_function("parse+resolve+decide", |b| {
        b.iter(|| {
            for l in &probes {
                black_box(quiet.run_line(l, &mut NoFiles).ok());
            }
        })
    });
    let mut s = session.clone();
    g.bench_function("parse+decide+print", |b| {
        b.iter(|| {
            for l in &probes {
                black_box(
                    s.run_line(l, &mut NoFiles)
                        .map(|r| r.map(|r| r.text().len()))
                        .ok(),
                );
            }
        })
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
