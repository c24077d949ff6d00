//! LANGUAGE.md's example lines of "Whole-world questions" (the ones of `show reach`, `who can
//! reach`, `what can … reach`, `show exposure`, `mark` and `diff since`), each run on a world they
//! make sense in, each answer held against the probes it summarises.

use sgs::lang::ast::Command;
use sgs::lang::parse_command;
use sgs::session::{NoFiles, Reply, Session};

/// The section's lines, as LANGUAGE.md writes them.
const LINES: &[&str] = &[
    "show reach tcp 22 in prod                             # every endpoint to every endpoint of prod",
    "show reach tcp 5432 from group app to group db        # rows and columns narrowed: group, subnet, vpc or an endpoint",
    "show reach tcp 443 everywhere                         # every VPC of every account and region",
    "who can reach orders-db on tcp 3306                   # named sources, and address ranges (internet included)",
    "what can web-1 reach                                  # destinations, and the packets that pass to each",
    "show exposure tcp 22                                  # what the internet can open on tcp 22, everywhere",
    "show exposure                                         # every port and protocol the internet can open",
    "mark before-change                                    # a named point in this session's history",
    "diff since before-change                              # rules and reachability that changed since the mark",
];

pub const SETUP: &[&str] = &[
    "create vpc prod 10.0.0.0/16",
    "create subnet web-a in prod 10.0.1.0/24 public",
    "create subnet db-a in prod 10.0.2.0/24",
    "create subnet db-b in prod 10.0.3.0/24 az us-east-1b",
    "create group web \"web servers\" in prod",
    "create group app \"app servers\" in prod",
    "create group db \"databases\" in prod",
    "authorize ingress tcp 443 from 0.0.0.0/0 to web",
    "authorize ingress tcp 22 from 203.0.113.0/24 to web",
    "authorize ingress tcp 22 from app to app",
    "authorize ingress tcp 3306 from app to db",
    "authorize ingress tcp 5432 from app to db",
    "launch web-1 in prod/web-a groups web, app public-ip",
    "launch app-1 in prod/web-a groups app",
    "launch tools-1 in prod/web-a groups web",
    "create db-cluster orders-db engine aurora-mysql in prod groups db",
    "create db-instance orders-db-1 in cluster orders-db subnet prod/db-a",
    "create db-instance orders-db-2 in cluster orders-db subnet prod/db-b",
];

pub fn world() -> Session {
    let mut s = Session::new();
    for l in SETUP {
        let r = s.run_line(l, &mut NoFiles);
        assert!(matches!(r, Ok(Some(Reply::Done { .. }))), "{l}: {r:?}");
    }
    s
}

fn run(s: &mut Session, line: &str) -> Reply {
    match s.run_line(line, &mut NoFiles) {
        Ok(Some(reply)) => reply,
        other => panic!("{line}: {other:?}"),
    }
}

fn probe(s: &mut Session, p: &str, from: &str, to: &str) -> bool {
    match run(s, &format!("probe {p} from {from} to {to}")) {
        Reply::Verdict(t) => t.allowed,
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_line_of_the_section_parses_as_a_whole_world_question_or_a_mark() {
    for line in LINES {
        let cmd = parse_command(line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        let cmd = cmd.map(|c| c.node);
        assert!(
            matches!(cmd, Some(Command::Whole(_) | Command::Mark(_))),
            "{line}: {cmd:?}"
        );
    }
}

#[test]
fn every_line_of_the_section_works_and_agrees_with_the_probes() {
    let mut s = world();
    for line in LINES {
        let reply = run(&mut s, line);
        let text = reply.to_string();
        match &reply {
            Reply::Reach(m) => {
                let packet = line.split_whitespace().skip(2).take(2).collect::<Vec<_>>();
                let packet = packet.join(" ");
                for (r, from) in m.rows.iter().enumerate() {
                    for (c, to) in m.cols.iter().enumerate() {
                        if from != to {
                            let want = probe(&mut s, &packet, from, to);
                            assert_eq!(m.get(r, c), want, "{line}: {from} -> {to}\n{text}");
                        }
                    }
                }
                assert!(text.ends_with(&format!("{} of {} pairs allowed", m.count(), m.pairs)));
            }
            Reply::Reachers(w) => {
                let names: Vec<&str> = w.endpoints.iter().map(|g| g.name.as_str()).collect();
                assert_eq!(names, ["web-1", "app-1"], "{text}");
                assert!(w.ranges.is_empty(), "{text}");
                assert!(
                    w.endpoints[0]
                        .rules
                        .contains(&"authorize ingress tcp 3306 from app to db".to_string()),
                    "{text}"
                );
            }
            Reply::Reachable(w) if line.starts_with("what") => {
                let names: Vec<&str> = w.endpoints.iter().map(|e| e.name.as_str()).collect();
                assert_eq!(
                    names,
                    ["app-1", "tools-1", "orders-db-1", "orders-db-2"],
                    "{text}"
                );
                let db = &w.endpoints[2];
                assert_eq!(db.packets, ["tcp 3306", "tcp 5432"], "{text}");
                assert!(probe(&mut s, "tcp 5432", "web-1", "orders-db-1"));
                assert!(!probe(&mut s, "tcp 5433", "web-1", "orders-db-1"));
            }
            Reply::Reachable(w) => {
                // Only web-1 has a public address: tcp 443 from anywhere, tcp 22 from the
                // documentation range only, which `internet` does not stand for.
                let names: Vec<&str> = w.endpoints.iter().map(|e| e.name.as_str()).collect();
                if line.contains("tcp 22") {
                    assert!(names.is_empty(), "{text}");
                    assert!(!probe(&mut s, "tcp 22", "internet", "web-1"));
                } else {
                    assert_eq!(names, ["web-1"], "{text}");
                    assert_eq!(w.endpoints[0].packets, ["tcp 443"], "{text}");
                }
            }
            Reply::Done { summary } => assert_eq!(summary, "marked before-change"),
            Reply::Diff(d) => {
                assert!(d.added.is_empty() && d.removed.is_empty() && d.reach.is_empty());
                assert_eq!(text, "rules: no change\nreach: no change");
            }
            other => panic!("{line}: {other:?}"),
        }
    }
}

#[test]
fn a_diff_since_a_mark_lists_the_rules_and_the_pairs_that_gained_and_lost() {
    let mut s = world();
    run(&mut s, "mark before-change");
    run(&mut s, "revoke ingress tcp 443 from 0.0.0.0/0 to web");
    run(&mut s, "authorize ingress tcp 3300-3310 from web to db");
    let Reply::Diff(d) = run(&mut s, "diff since before-change") else {
        panic!("a diff");
    };
    assert_eq!(d.added, ["authorize ingress tcp 3300-3310 from web to db"]);
    assert_eq!(
        d.removed,
        ["authorize ingress tcp 443 from 0.0.0.0/0 to web"]
    );
    let pairs: Vec<String> = d
        .reach
        .iter()
        .map(|p| format!("{} -> {}: +{:?} -{:?}", p.from, p.to, p.gained, p.lost))
        .collect();
    assert_eq!(
        pairs,
        [
            "internet -> web-1: +[] -[\"tcp 443\"]",
            "web-1 -> tools-1: +[] -[\"tcp 443\"]",
            "web-1 -> orders-db-1: +[\"tcp 3300-3305\", \"tcp 3307-3310\"] -[]",
            "web-1 -> orders-db-2: +[\"tcp 3300-3305\", \"tcp 3307-3310\"] -[]",
            "app-1 -> web-1: +[] -[\"tcp 443\"]",
            "app-1 -> tools-1: +[] -[\"tcp 443\"]",
            "tools-1 -> web-1: +[] -[\"tcp 443\"]",
            "tools-1 -> orders-db-1: +[\"tcp 3300-3310\"] -[]",
            "tools-1 -> orders-db-2: +[\"tcp 3300-3310\"] -[]",
            "orders-db-1 -> web-1: +[] -[\"tcp 443\"]",
            "orders-db-1 -> tools-1: +[] -[\"tcp 443\"]",
            "orders-db-2 -> web-1: +[] -[\"tcp 443\"]",
            "orders-db-2 -> tools-1: +[] -[\"tcp 443\"]",
        ]
    );
    // web-1 (web and app) already reached 3306 through app: it gains the rest; the databases'
    // groups let everything out, so they lose tcp 443 to the web group.
    assert!(probe(&mut s, "tcp 3300", "tools-1", "orders-db-1"));
    assert!(probe(&mut s, "tcp 3306", "web-1", "orders-db-1"));
    assert!(!probe(&mut s, "tcp 443", "orders-db-1", "web-1"));
    // Undo back past the mark: the mark is gone.
    run(&mut s, "undo");
    run(&mut s, "undo");
    run(&mut s, "undo");
    match s.run_line("diff since before-change", &mut NoFiles) {
        Err(e) => assert_eq!(e.code, "UnknownMark"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_tui_grid_shows_the_answer_of_show_reach_in_its_vpc() {
    let mut s = world();
    let Reply::Reach(m) = run(&mut s, "show reach tcp 22 in prod") else {
        panic!("a reach answer");
    };
    let vpc = s
        .world()
        .vpcs
        .values()
        .find(|v| v.name == "prod")
        .map(|v| v.id.clone())
        .expect("prod");
    let grid = s.reach_grid(&vpc, sgs::lang::parse_packet("tcp 22"));
    let hosts: Vec<&str> = grid.hosts.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(hosts, m.cols.iter().map(String::as_str).collect::<Vec<_>>());
    for r in 0..hosts.len() {
        for c in 0..hosts.len() {
            // The matrix's row r + 1: its first row is internet.
            let want = (r != c).then(|| m.get(r + 1, c));
            let got = s.reach_cell(&grid, r, c).filter(|_| r != c);
            assert_eq!(got, want, "{} -> {}", hosts[r], hosts[c]);
        }
    }
    let trace = s.reach_trace(&grid, 1, 0).expect("a trace");
    assert_eq!(trace.allowed, m.get(2, 0));

    // After a change, before any question brings the index up to date, the grid is the same
    // answer as show reach gives next.
    run(&mut s, "authorize ingress tcp 22 from web to db");
    assert!(s.world().compiled().is_none(), "the index is behind");
    let grid = s.reach_grid(&vpc, sgs::lang::parse_packet("tcp 22"));
    let Reply::Reach(m) = run(&mut s, "show reach tcp 22 in prod") else {
        panic!("a reach answer");
    };
    assert!(m.count() > 2, "tools-1 and web-1 now reach the databases");
    for r in 0..hosts.len() {
        for c in (0..hosts.len()).filter(|&c| c != r) {
            assert_eq!(s.reach_cell(&grid, r, c), Some(m.get(r + 1, c)));
        }
    }
}
