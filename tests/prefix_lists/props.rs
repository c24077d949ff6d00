//! A rule naming a prefix list decides as the same rules with one CIDR rule per entry, on random
//! lists and rules, for every probe of a spread.

use proptest::prelude::*;
use sgs::session::{NoFiles, Reply, Session};
use std::collections::BTreeMap;

const ENTRIES: &[&str] = &[
    "10.0.1.0/24",
    "10.0.2.17/32",
    "10.0.2.0/25",
    "198.51.100.0/24",
    "203.0.113.0/25",
    "192.0.2.128/26",
    "64.0.0.0/2",
];
const PERMS: &[&str] = &["tcp 22", "tcp 80-443", "udp 53", "icmp all", "all"];
const GROUPS: &[&str] = &["a", "b", "c"];
const PROBES: &[&str] = &[
    "tcp 22 from {h} to {k}",
    "tcp 443 from {h} to {k}",
    "udp 53 from {h} to {k}",
    "icmp echo-request from {h} to {k}",
    "tcp 22 from 198.51.100.7 to {k}",
    "tcp 80 from 203.0.113.100 to {k}",
    "tcp 80 from 203.0.113.200 to {k}",
    "udp 53 from 192.0.2.150 to {k}",
    "tcp 443 from {h} to 198.51.100.9",
    "tcp 443 from {h} to 100.1.2.3",
    "icmp echo-request from 64.1.1.1 to {k}",
];

fn setup() -> Session {
    let mut s = Session::new();
    let lines = [
        "create vpc prod 10.0.0.0/16",
        "create subnet s1 in prod 10.0.1.0/24 public",
        "create subnet s2 in prod 10.0.2.0/24 public",
        "create group a \"a\" in prod",
        "create group b \"b\" in prod",
        "create group c \"c\" in prod",
        "revoke egress all from b to 0.0.0.0/0",
        "revoke egress all from c to 0.0.0.0/0",
        "launch h0 in prod/s1 public-ip groups a",
        "launch h1 in prod/s1 public-ip groups b",
        "launch h2 in prod/s2 ip 10.0.2.17 public-ip groups c",
        "launch h3 in prod/s2 public-ip groups b, c",
    ];
    for l in lines {
        let r = s.run_line(l, &mut NoFiles);
        assert!(matches!(r, Ok(Some(_))), "{l}: {r:?}");
    }
    s
}

/// One rule: ingress or egress, a perm, a group, and a list's entries (by position).
type Key = (bool, usize, usize);

fn rules() -> impl Strategy<Value = BTreeMap<Key, Vec<usize>>> {
    let key = (any::<bool>(), 0..PERMS.len(), 0..GROUPS.len());
    let entries = prop::collection::btree_set(0..ENTRIES.len(), 1..4)
        .prop_map(|set| set.into_iter().collect::<Vec<_>>());
    prop::collection::btree_map(key, entries, 1..6)
}

fn rule(key: &Key, peer: &str) -> String {
    let (ingress, p, g) = *key;
    let (perm, group) = (PERMS[p], GROUPS[g]);
    if ingress {
        format!("authorize ingress {perm} from {peer} to {group}")
    } else {
        format!("authorize egress {perm} from {group} to {peer}")
    }
}

fn run(s: &mut Session, line: &str) -> Result<(), TestCaseError> {
    match s.run_line(line, &mut NoFiles) {
        Ok(_) => Ok(()),
        Err(e) => Err(TestCaseError::fail(e.render("<prop>", line))),
    }
}

fn verdict(s: &mut Session, probe: &str) -> Result<String, TestCaseError> {
    match s.run_line(&format!("probe {probe}"), &mut NoFiles) {
        Ok(Some(Reply::Verdict(t))) => Ok(format!("{}", t.allowed)),
        Ok(other) => Err(TestCaseError::fail(format!("{probe}: {other:?}"))),
        // An endpoint the probe cannot resolve answers the same in both worlds.
        Err(e) => Ok(e.code),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_list_rule_decides_as_one_cidr_rule_per_entry(rules in rules()) {
        let mut listed = setup();
        let mut expanded = setup();
        for (n, (key, entries)) in rules.iter().enumerate() {
            let cidrs: Vec<&str> = entries.iter().map(|&e| ENTRIES[e]).collect();
            run(&mut listed, &format!("create prefix-list l{n} entries {}", cidrs.join(", ")))?;
            run(&mut listed, &rule(key, &format!("prefix-list l{n}")))?;
            run(&mut expanded, &rule(key, &cidrs.join(", ")))?;
        }
        for probe in PROBES {
            for h in 0..4 {
                for k in 0..4 {
                    if h == k {
                        continue;
                    }
                    let p = probe.replace("{h}", &format!("h{h}")).replace("{k}", &format!("h{k}"));
                    let (a, b) = (verdict(&mut listed, &p)?, verdict(&mut expanded, &p)?);
                    prop_assert_eq!(a, b, "{}", p);
                }
            }
        }
    }
}
