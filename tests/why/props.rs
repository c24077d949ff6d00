//! On random worlds (the reach tests' random sessions): for a denied probe, running the fix's
//! sgs lines makes it pass; `also_opens` is exactly the pairs of `show reach … everywhere` that
//! went from deny to allow, the asked pair left out; and no rule of the fix names a CIDR wider
//! than one address where a group reference or the address itself could be named.

use crate::reach::props::{line, op, world};
use proptest::prelude::*;
use sgs::lang::ast::Command;
use sgs::lang::parse_command;
use sgs::query::why::{Change, Why, also_opens_by};
use sgs::session::{NoFiles, Reply, Session};
use sgs::vocab::RulePeer;
use std::collections::BTreeSet;

const PACKETS: &[&str] = &[
    "tcp 22",
    "tcp 80",
    "udp 53",
    "icmp echo-request",
    "icmpv6 echo-request",
    "47",
];
const ENDS: &[&str] = &[
    "internet", "h0", "h1", "h2", "h3", "h4", "h5", "h4-side", "h6",
];

fn ask(s: &mut Session, text: &str) -> Result<Reply, TestCaseError> {
    match s.run_line(text, &mut NoFiles) {
        Ok(Some(reply)) => Ok(reply),
        other => Err(TestCaseError::fail(format!("{text}: {other:?}"))),
    }
}

/// The allowed pairs of `show reach <packet> everywhere`.
fn allowed(s: &mut Session, packet: &str) -> Result<BTreeSet<(String, String)>, TestCaseError> {
    let Reply::Reach(m) = ask(s, &format!("show reach {packet} everywhere"))? else {
        return Err(TestCaseError::fail("a reach answer"));
    };
    Ok(m.pairs()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect())
}

/// Every rule of the fix names a group or one address, or the whole internet for `internet`;
/// between two interfaces of one VPC, always a group.
fn narrow(w: &Why, from: &str, to: &str) -> Result<(), TestCaseError> {
    let inside = |e: &str| e != "internet" && e != "h6";
    for change in &w.fix.changes {
        let Change::Rule { peer, .. } = change else {
            continue;
        };
        let RulePeer::Cidr(net) = peer else {
            continue;
        };
        prop_assert!(
            !(inside(from) && inside(to)),
            "{}: a group reference was possible in {:?}",
            net,
            w.fix.sgs
        );
        prop_assert!(
            net.prefix_len() == net.max_prefix_len()
                || (net.prefix_len() == 0 && from == "internet"),
            "{} is wider than the source's address in {:?}",
            net,
            w.fix.sgs
        );
    }
    Ok(())
}

fn probe_of(text: &str) -> Result<sgs::vocab::Probe, TestCaseError> {
    match parse_command(text) {
        Ok(Some(cmd)) => match cmd.node {
            Command::Probe(p) => Ok(p),
            _ => Err(TestCaseError::fail("a probe")),
        },
        _ => Err(TestCaseError::fail(format!("{text} parses"))),
    }
}

fn check(s: &mut Session, packet: &str, from: &str, to: &str) -> Result<(), TestCaseError> {
    let probe = format!("{packet} from {from} to {to}");
    let Ok(Some(Reply::Verdict(t))) = s.run_line(&format!("probe {probe}"), &mut NoFiles) else {
        // A probe refused (no address of the packet's family): `why` refuses it too.
        let refused = s.run_line(&format!("why {probe}"), &mut NoFiles).is_err();
        prop_assert!(refused, "why {} is refused as its probe is", probe);
        return Ok(());
    };
    let Reply::Why(w) = ask(s, &format!("why {probe}"))? else {
        return Err(TestCaseError::fail("a why answer"));
    };
    prop_assert_eq!(w.allowed, t.allowed);
    if t.allowed {
        prop_assert!(w.blocking.is_empty() && w.fix.is_empty());
        return Ok(());
    }
    prop_assert!(!w.blocking.is_empty());
    narrow(&w, from, to)?;
    if w.fix.is_empty() {
        prop_assert!(!w.fixed);
        return Ok(());
    }
    let before = allowed(s, packet)?;
    let old_world = s.world().clone();
    let q = sgs::query::resolve(&old_world, &probe_of(&format!("probe {probe}"))?)
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    for l in &w.fix.sgs {
        let r = s.run_line(l, &mut NoFiles);
        prop_assert!(matches!(r, Ok(Some(Reply::Done { .. }))), "{}: {:?}", l, r);
    }
    let Reply::Verdict(t) = ask(s, &format!("probe {probe}"))? else {
        return Err(TestCaseError::fail("a verdict"));
    };
    prop_assert_eq!(t.allowed, w.fixed, "{}: {:?}", probe, w.fix.sgs);
    let after = allowed(s, packet)?;
    let asked = (from.to_string(), to.to_string());
    let flipped: BTreeSet<(String, String)> = after
        .difference(&before)
        .filter(|p| **p != asked)
        .cloned()
        .collect();
    let said: BTreeSet<(String, String)> = w.also_opens.iter().cloned().collect();
    prop_assert_eq!(&said, &flipped, "why {}: {:?}", probe, w.fix.sgs);
    // Pair by pair and by classes, the same pairs.
    s.catch_up();
    for way in [true, false] {
        let got = also_opens_by(&old_world, s.world(), &q, &w.fix.changes, Some(way));
        let got: BTreeSet<(String, String)> = got.into_iter().collect();
        prop_assert_eq!(&got, &flipped, "pair by pair: {}", way);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn the_fix_opens_the_probe_and_also_opens_is_what_flipped(
        ops in prop::collection::vec(op(), 0..12),
        p in 0..PACKETS.len(),
        a in 0..ENDS.len(),
        b in 1..ENDS.len(),
    ) {
        prop_assume!(a != b);
        let mut s = world();
        for op in &ops {
            let _ = s.run_line(&line(op), &mut NoFiles);
        }
        check(&mut s, PACKETS[p], ENDS[a], ENDS[b])?;
    }
}
