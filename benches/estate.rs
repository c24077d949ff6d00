//! `import aws` of a quota-sized estate (issue 14: 2,500 groups and 10,000 instances, <= 2 s):
//! `sgs gen --groups 2499 --rules 60 --instances 10000 --aws DIR` writes it (2,499 groups and
//! the VPC's default group, 152,441 rules with their `sgr-` rows, 10,000 instances), and each
//! iteration imports the folder into a world, reading and checking every file.

use criterion::{Criterion, criterion_group, criterion_main};
use sgs::io::aws::import_dir;
use sgs::io::synth::{GenSpec, write_estate};
use std::hint::black_box;

const SPEC: GenSpec = GenSpec {
    groups: 2499,
    rules: 60,
    instances: 10_000,
    probes: 0,
    seed: 1,
};

/// The allocator the `sgs` binary runs on (src/main.rs), so that the figures are the shipped
/// engine's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_estate(&SPEC, dir.path()).expect("the estate is written");
    let mut g = c.benchmark_group("estate");
    g.sample_size(10);
    g.bench_function("import aws: 2,500 groups, 152k rules, 10k instances", |b| {
        b.iter(|| match import_dir(dir.path(), "estate") {
            Ok(imported) => black_box(imported.report),
            Err(e) => panic!("{}", e.message),
        })
    });
    g.finish();
}

criterion_group!(estate, benches);
criterion_main!(estate);
