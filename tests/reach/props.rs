//! On random worlds (random sessions of rule, ACL, group and state changes, undone at times),
//! every cell of `show reach … everywhere`, every `who can reach` endpoint and address, and every
//! `what can … reach` endpoint equals the probe of that pair.

use proptest::prelude::*;
use sgs::dataplane::Detail;
use sgs::lang::ast::Command;
use sgs::lang::parse_command;
use sgs::session::{NoFiles, Reply, Session};

const PERMS: &[&str] = &[
    "tcp 22",
    "tcp 80",
    "tcp 1024-65535",
    "tcp all",
    "udp 53",
    "udp all",
    "icmp echo-request",
    "icmp all",
    "all",
    "47",
];
const PEERS: &[&str] = &[
    "0.0.0.0/0",
    "::/0",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "10.0.2.17/32",
    "203.0.113.0/24",
    "2600:1f18:1:100::/56",
    "a",
    "b",
    "c",
    "prefix-list pl4",
    "prefix-list pl6",
];
/// The packets every world is asked about.
const PACKETS: &[&str] = &[
    "tcp 22",
    "tcp 80",
    "tcp 8080",
    "udp 53",
    "icmp echo-request",
    "icmpv6 echo-request",
    "47",
];
/// Addresses outside every endpoint, for `who can reach`'s ranges.
const OUTSIDE: &[&str] = &[
    "203.0.113.7",
    "198.51.100.1",
    "10.0.9.9",
    "8.8.8.8",
    "2001:db8::1",
];

#[derive(Clone, Debug)]
pub enum Op {
    Rule(bool, usize, usize, usize, bool),
    Acl(bool, u16, bool, usize, usize),
    Groups(usize, usize, usize),
    Stop(usize, bool),
    Undo,
}

pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), 0..PERMS.len(), 0..PEERS.len(), 0..3usize, any::<bool>())
            .prop_map(|(i, p, q, g, add)| Op::Rule(i, p, q, g, add)),
        2 => (any::<bool>(), 1..200u16, any::<bool>(), 0..PERMS.len(), 0..PEERS.len())
            .prop_map(|(i, n, allow, p, q)| Op::Acl(i, n, allow, p, q)),
        1 => (0..6usize, 0..3usize, 0..3usize).prop_map(|(e, a, b)| Op::Groups(e, a, b)),
        1 => (0..6usize, any::<bool>()).prop_map(|(e, s)| Op::Stop(e, s)),
        1 => Just(Op::Undo),
    ]
}

const GROUPS: [&str; 3] = ["a", "b", "c"];

pub fn line(op: &Op) -> String {
    match op {
        Op::Rule(ingress, p, q, g, add) => {
            let verb = if *add { "authorize" } else { "revoke" };
            let (perm, peer, group) = (PERMS[*p], PEERS[*q], GROUPS[*g]);
            if *ingress {
                format!("{verb} ingress {perm} from {peer} to {group}")
            } else {
                format!("{verb} egress {perm} from {group} to {peer}")
            }
        }
        Op::Acl(ingress, n, allow, p, q) => {
            let (dir, word) = if *ingress {
                ("ingress", "from")
            } else {
                ("egress", "to")
            };
            let peer = match PEERS[*q] {
                "a" | "b" | "c" => "10.0.0.0/8",
                "prefix-list pl4" => "10.0.1.0/24",
                "prefix-list pl6" => "2600:1f18:1:102::/64",
                p => p,
            };
            let verdict = if *allow { "allow" } else { "deny" };
            format!(
                "create nacl-entry strict {dir} {n} {verdict} {} {word} {peer}",
                PERMS[*p]
            )
        }
        Op::Groups(e, a, b) => {
            let list = if a == b {
                GROUPS[*a].to_string()
            } else {
                format!("{}, {}", GROUPS[*a], GROUPS[*b])
            };
            format!("modify instance h{e} groups {list}")
        }
        Op::Stop(e, stop) => format!("{} h{e}", if *stop { "stop" } else { "start" }),
        Op::Undo => "undo".to_string(),
    }
}

/// Six hosts in three subnets of one VPC (one with a public address, some with IPv6), a second
/// interface on one of them, and a host in another VPC.
pub fn world() -> Session {
    let mut s = Session::new();
    let setup = [
        "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56",
        "create subnet s1 in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 public",
        "create subnet s2 in prod 10.0.2.0/24 ipv6 2600:1f18:1:102::/64",
        "create subnet s3 in prod 10.0.3.0/24",
        "create nacl strict in prod",
        "associate nacl strict with prod/s2",
        "create group a \"a\" in prod",
        "create group b \"b\" in prod",
        "create group c \"c\" in prod",
        "create prefix-list pl4 entries 10.0.1.0/24, 10.0.2.17/32, 203.0.113.0/24",
        "create prefix-list pl6 entries 2600:1f18:1:102::/64",
        "launch h0 in prod/s1 ipv6 2600:1f18:1:101::10 groups a public-ip",
        "launch h1 in prod/s1 groups b",
        "launch h2 in prod/s2 ip 10.0.2.17 ipv6 2600:1f18:1:102::17 groups a, c",
        "launch h3 in prod/s2 groups c",
        "launch h4 in prod/s3 groups b, c",
        "launch h5 in prod/s3 groups a",
        "attach eni h4-side to h4 in prod/s2 groups a",
        "create vpc dev 10.1.0.0/16",
        "create subnet d1 in dev 10.1.1.0/24 public",
        "create group d \"d\" in dev",
        "authorize ingress all from 0.0.0.0/0 to d",
        "launch h6 in dev/d1 groups d public-ip",
    ];
    for l in setup {
        let r = s.run_line(l, &mut NoFiles);
        assert!(matches!(r, Ok(Some(_))), "{l}: {r:?}");
    }
    // Undo goes no further back than the setup.
    Session::from_world(s.world().clone())
}

/// The verdict `probe` gives (`None`: the probe is refused, as for a packet of a family the
/// source has no address of, by name).
fn probe(s: &Session, p: &str, from: &str, to: &str) -> Result<Option<bool>, TestCaseError> {
    let text = format!("probe {p} from {from} to {to}");
    let Ok(Some(cmd)) = parse_command(&text) else {
        return Err(TestCaseError::fail(format!("{text} parses")));
    };
    let Command::Probe(probe) = cmd.node else {
        return Err(TestCaseError::fail("a probe"));
    };
    Ok(s.probe(&probe, Detail::Verdict).ok().map(|t| t.allowed))
}

fn ask(s: &mut Session, text: &str) -> Result<Reply, TestCaseError> {
    match s.run_line(text, &mut NoFiles) {
        Ok(Some(reply)) => Ok(reply),
        other => Err(TestCaseError::fail(format!("{text}: {other:?}"))),
    }
}

/// Every answer against the probes.
fn check(s: &mut Session) -> Result<(), TestCaseError> {
    for p in PACKETS {
        let Reply::Reach(m) = ask(s, &format!("show reach {p} everywhere"))? else {
            return Err(TestCaseError::fail("a reach answer"));
        };
        prop_assert_eq!(m.rows.first().map(String::as_str), Some("internet"));
        for (r, from) in m.rows.iter().enumerate() {
            for (c, to) in m.cols.iter().enumerate() {
                if from == to {
                    prop_assert!(!m.get(r, c), "a self pair is no cell");
                    continue;
                }
                let want = probe(s, p, from, to)?.unwrap_or(false);
                prop_assert_eq!(m.get(r, c), want, "show reach {} : {} -> {}", p, from, to);
            }
        }
        for target in ["h0", "h2", "h4-side", "h6"] {
            let Reply::Reachers(w) = ask(s, &format!("who can reach {target} on {p}"))? else {
                return Err(TestCaseError::fail("a who answer"));
            };
            for from in m.rows.iter().skip(1).filter(|f| *f != target) {
                let listed = w.endpoints.iter().any(|g| g.name == *from);
                let want = probe(s, p, from, target)?.unwrap_or(false);
                prop_assert_eq!(listed, want, "who can reach {} on {}: {}", target, p, from);
            }
            for addr in OUTSIDE {
                let a: std::net::IpAddr = addr.parse().map_err(|_| TestCaseError::fail("ip"))?;
                let covered = w.ranges.iter().any(|g| {
                    g.name == "internet" && sgs_public(a) && g.family == family(a)
                        || g.name.parse::<ipnet::IpNet>().is_ok_and(|n| n.contains(&a))
                });
                let want = probe(s, p, addr, target)?.unwrap_or(false);
                prop_assert_eq!(covered, want, "who can reach {} on {}: {}", target, p, addr);
            }
        }
        for from in ["h0", "h3", "h6"] {
            let Reply::Reachable(w) = ask(s, &format!("what can {from} reach {p}"))? else {
                return Err(TestCaseError::fail("a what answer"));
            };
            for to in m.cols.iter().filter(|t| *t != from) {
                let listed = w.endpoints.iter().any(|e| e.name == *to);
                let want = probe(s, p, from, to)?.unwrap_or(false);
                prop_assert_eq!(listed, want, "what can {} reach {}: {}", from, p, to);
            }
        }
    }
    Ok(())
}

fn family(a: std::net::IpAddr) -> sgs::vocab::Family {
    if a.is_ipv4() {
        sgs::vocab::Family::V4
    } else {
        sgs::vocab::Family::V6
    }
}

/// Whether `internet` stands for the address: every address the internet can have (the test's
/// outside addresses: all but 10.0.9.9).
fn sgs_public(a: std::net::IpAddr) -> bool {
    a.to_string() != "10.0.9.9"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_answer_is_the_probe_of_its_pair(ops in prop::collection::vec(op(), 1..16)) {
        let mut s = world();
        for op in &ops {
            let _ = s.run_line(&line(op), &mut NoFiles);
        }
        check(&mut s)?;
    }
}

#[test]
fn the_fixed_world_answers_as_its_probes() {
    let mut s = world();
    for l in [
        "authorize ingress tcp 22 from 0.0.0.0/0 to a",
        "authorize ingress tcp 80 from b to c",
        "authorize ingress udp 53 from 10.0.0.0/16 to b",
        "authorize ingress tcp 8080 from prefix-list pl4 to c",
        "authorize ingress icmpv6 all from prefix-list pl6 to a",
        "revoke egress all from b to 0.0.0.0/0",
        "authorize egress all from b to prefix-list pl4",
        "create nacl-entry strict ingress 10 deny tcp 80 from 10.0.3.0/24",
        "create nacl-entry strict ingress 20 allow all from 0.0.0.0/0",
        "create nacl-entry strict egress 20 allow all to 0.0.0.0/0",
    ] {
        assert!(matches!(s.run_line(l, &mut NoFiles), Ok(Some(_))), "{l}");
    }
    check(&mut s).unwrap_or_else(|e| panic!("{e}"));
}
