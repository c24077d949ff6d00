//! Properties: no input panics, and a failed command leaves the world, the flows and the clock
//! exactly as they were.

use proptest::prelude::*;
use sgs::session::{NoFiles, Session};

/// Words that make plausible commands when strung together.
const WORDS: &[&str] = &[
    "create",
    "delete",
    "group",
    "vpc",
    "subnet",
    "authorize",
    "revoke",
    "update",
    "ingress",
    "egress",
    "tcp",
    "udp",
    "icmp",
    "icmpv6",
    "all",
    "from",
    "to",
    "in",
    "launch",
    "terminate",
    "stop",
    "start",
    "modify",
    "instance",
    "eni",
    "groups",
    "probe",
    "trace",
    "expect",
    "allow",
    "deny",
    "error:",
    "show",
    "undo",
    "redo",
    "reset",
    "web",
    "app",
    "prod",
    "prod/web",
    "default",
    "sg-app",
    "0.0.0.0/0",
    "::/0",
    "10.0.0.0/8",
    "1.2.3.4",
    "10.0.0.0/33",
    "22",
    "70000",
    "-1",
    "3:4",
    "echo-request",
    "\"Web\"",
    "\"\"",
    "\"a|b\"",
    ",",
    "#",
    "\\",
    "public-ip",
    "ip",
    "10.0.1.10",
    "internet",
    "via",
    "public",
    "id",
    "description",
    "rule",
    "sgr-0",
    "web-1",
    "associate",
    "address",
    "54.1.2.3",
    "with",
    "attach",
    "classic",
    "account",
    "region",
    "111122223333",
    "eu-west-1",
    "help",
    "nacl",
    "nacl-entry",
    "replace",
    "strict",
    "default",
    "90",
    "32767",
    "deny",
    "peering",
    "between",
    "and",
    "shared",
    "nacls",
    "peerings",
    "stale",
    "\u{e9}",
    "\"unterminated",
    "cache-cluster",
    "replication-group",
    "cache-group",
    "cache-ingress",
    "cache-groups",
    "db-instance",
    "db-cluster",
    "cluster",
    "clusters",
    "engine",
    "redis",
    "memcached",
    "postgres",
    "sqlserver",
    "aurora-mysql",
    "nodes",
    "replicas",
    "port",
    "owner",
    "redis-1",
    "redis-1#2",
    "redis-1#0",
    "orders",
    "orders-db",
    "sessions",
    "prod/cache-a",
    "3",
    "0",
    "connect",
    "send",
    "wait",
    "close",
    "flow",
    "flows",
    "request",
    "reply",
    "as",
    "ssh",
    "http",
    "10m",
    "30s",
    "5d",
    "0s",
    "99999999999999999999d",
    "web-1",
    "app-1",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        // Word salad from the language's own vocabulary.
        prop::collection::vec(prop::sample::select(WORDS), 0..12).prop_map(|w| w.join(" ")),
        // Arbitrary text.
        ".{0,80}",
    ]
}

/// Lines that succeed, to build up worlds the random lines then poke at.
const SETUP: &[&str] = &[
    "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56",
    "create subnet web-a in prod 10.0.1.0/24 public",
    "create group web \"Web\" in prod",
    "create group app \"App\" in prod id sg-app",
    "authorize ingress tcp 22 from 0.0.0.0/0 to web",
    "authorize ingress all from web to sg-app",
    "launch web-1 in prod/web-a public-ip groups web",
    "launch app-1 in prod/web-a groups sg-app",
    "connect tcp 22 from 203.0.113.7 to web-1 as ssh",
    "connect tcp 22 from app-1 to web-1 as inside",
    "wait 10m",
    "send ssh reply",
    "create nacl strict in prod",
    "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
    "associate nacl strict with prod/web-a",
    "create vpc shared 10.1.0.0/16",
    "create peering p between prod and shared",
    "create group classic \"Classic\" classic",
    "create subnet cache-a in prod 10.0.3.0/24",
    "create cache-cluster redis-1 engine memcached in prod/cache-a nodes 3 groups web",
    "create replication-group orders engine redis in prod/cache-a replicas 1",
    "create cache-group sessions \"Sessions\"",
    "authorize cache-ingress sessions from classic",
    "create cache-cluster sess-1 engine memcached classic cache-groups sessions",
    "create db-cluster orders-db engine aurora-mysql in prod groups sg-app",
    "create db-instance orders-db-1 in cluster orders-db subnet prod/cache-a",
    "create db-instance reports engine postgres in prod/web-a",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_line_panics_and_failures_change_nothing(
        setup in 0..=SETUP.len(),
        lines in prop::collection::vec(line(), 1..12),
    ) {
        let mut s = Session::new();
        for l in &SETUP[..setup] {
            s.run_line(l, &mut NoFiles).expect("setup lines succeed");
        }
        for l in &lines {
            let before = s.state().clone();
            if s.run_line(l, &mut NoFiles).is_err() {
                prop_assert!(
                    *s.state() == before,
                    "`{}` failed but changed the world, the flows or the clock",
                    l
                );
            }
        }
    }
}

/// A saved world with some lines changed: loading it never panics, and a world that loads
/// answers commands without panicking.
fn damaged_world() -> impl Strategy<Value = String> {
    let mut s = Session::new();
    for l in SETUP {
        s.run_line(l, &mut NoFiles).expect("setup lines succeed");
    }
    let text = sgs::io::to_ron(s.world()).expect("a world saves");
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    prop::collection::vec((0..n, 0..4u8, "[0-9a-z\"(),:/. -]{0,12}"), 1..6).prop_map(move |edits| {
        let mut lines = lines.clone();
        for (at, how, junk) in edits {
            let at = at.min(lines.len().saturating_sub(1));
            match how {
                0 => {
                    lines.remove(at);
                }
                1 => lines[at] = junk,
                2 => lines.insert(at, junk),
                _ => {
                    // Change the digits of the line: ids, counters, addresses, ports.
                    let d = junk.len() as u8 % 10;
                    lines[at] = lines[at]
                        .chars()
                        .map(|c| {
                            if c.is_ascii_digit() {
                                char::from(b'0' + d)
                            } else {
                                c
                            }
                        })
                        .collect();
                }
            }
            if lines.is_empty() {
                break;
            }
        }
        lines.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn damaged_world_files_never_panic(text in damaged_world()) {
        if let Ok(world) = sgs::io::from_ron("damaged.ron", &text) {
            let mut s = Session::from_world(world);
            for l in [
                "show groups", "show instances", "show vpcs", "show subnets",
                "probe tcp 22 from internet to web-1", "trace tcp 22 from web-1 to app-1",
                "launch x in prod/web-a groups web", "authorize ingress tcp 1 from web to app",
                "delete group web", "terminate web-1", "undo", "show clusters",
                "probe tcp 6379 from web-1 to orders", "trace tcp 3306 from app-1 to orders-db",
                "probe tcp 11211 from web-1 to redis-1#3", "delete db-instance orders-db-1",
                "modify db-cluster orders-db groups web", "delete cache-cluster sess-1",
                "delete group web", "terminate web-1", "undo",
                "connect tcp 22 from internet to web-1 as x", "send x reply", "wait 5m",
                "show flows", "trace flow x request", "undo",
            ] {
                let _ = s.run_line(l, &mut NoFiles);
            }
        }
    }
}
