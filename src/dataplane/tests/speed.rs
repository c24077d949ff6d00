//! The cost of a verdict in a large world (run with `--ignored --nocapture`, ideally in release).

use super::*;
use std::time::Instant;

/// 500 groups of 60 ingress rules, 10,000 instances with 5 groups each, in subnets whose network
/// ACL holds the most entries the quota allows (18 denies before an allow, per direction).
fn large() -> Lab {
    let mut lab = Lab::new();
    let vpc = lab.vpc("big", "10.0.0.0/16", None);
    let acl = lab.nacl(&vpc, "full");
    for dir in [Direction::Ingress, Direction::Egress] {
        for n in 1..=18u16 {
            let cidr = format!("198.51.100.{}/32", n);
            lab.entry(&acl, dir, n * 10, false, Proto::All, &cidr);
        }
        lab.entry(&acl, dir, 1000, true, Proto::All, "0.0.0.0/0");
    }
    let subnets: Vec<SubnetId> = (0..4)
        .map(|i| {
            lab.subnet(
                &vpc,
                &format!("s{i}"),
                &format!("10.0.{}.0/18", i * 64),
                true,
            )
        })
        .collect();
    for s in &subnets {
        lab.associate(s, &acl);
    }
    let groups: Vec<SgId> = (0..500)
        .map(|i| lab.group(&vpc, &format!("g{i}")))
        .collect();
    for (i, g) in groups.iter().enumerate() {
        for j in 0..59u16 {
            let peer = if j % 3 == 0 {
                sg(&groups[(i + j as usize) % groups.len()])
            } else {
                cidr(&format!("192.0.2.{}/32", j))
            };
            lab.ingress(g, tcp_rule(10000 + j, 10000 + j), peer);
        }
        lab.ingress(g, tcp_rule(443, 443), cidr("10.0.0.0/16"));
    }
    for k in 0..10_000u32 {
        let subnet = &subnets[(k % 4) as usize];
        let base = u32::from(Ipv4Addr::new(10, 0, 0, 0)) + (k % 4) * 64 * 256 + 10 + k / 4;
        let ip = Ipv4Addr::from(base).to_string();
        let mine: Vec<&SgId> = (0..5)
            .map(|m| &groups[((k * 7 + m * 13) % 500) as usize])
            .collect();
        lab.launch(&format!("i{k}"), subnet, &ip, &mine);
    }
    lab
}

fn per_probe(lab: &Lab, p: Probe, rounds: u32) -> (bool, f64) {
    let q = resolve(&lab.w, &p).expect("resolves");
    let mut allowed = false;
    let start = Instant::now();
    for _ in 0..rounds {
        allowed = decide(&lab.w, &q, Detail::Verdict).allowed;
    }
    (
        allowed,
        start.elapsed().as_nanos() as f64 / f64::from(rounds),
    )
}

#[test]
#[ignore = "a timing, not a check: run it in release with --ignored --nocapture"]
fn verdict_in_a_large_world_costs_microseconds() {
    let lab = large();
    let (denied, deny_ns) = per_probe(&lab, probe(tcp(22), obj("i1"), obj("i9998")), 20_000);
    let (allowed, allow_ns) = per_probe(&lab, probe(tcp(443), obj("i1"), obj("i9998")), 20_000);
    println!("deny (every rule looked at): {deny_ns:.0} ns; allow with reply: {allow_ns:.0} ns");
    assert!(!denied && allowed);
}
