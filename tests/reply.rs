//! Answers as data: the shells ask the session (never the query layer, the data plane or the
//! control plane), the session's questions go through the query layer, and every reply is a value
//! that the renderers read.

use super::common::session;
use super::floors::{crate_modules, sources};
use sgs::lang::parse_packet;
use sgs::render::{Tone, styled};
use sgs::session::{Detail, Judged, LineKind, NoFiles, Outcome, Reply, Session};
use std::fs;
use std::path::Path;

/// Every import of `never` from the shells (cli.rs, main.rs, repl/, tui/), as `file -> module`.
fn shell_crossings(never: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("cli.rs"), src.join("main.rs")];
    files.extend(sources(&src.join("repl")));
    files.extend(sources(&src.join("tui")));
    let mut out = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        assert!(!text.is_empty(), "{} is empty or missing", file.display());
        for m in crate_modules(&text) {
            if never.contains(&m.as_str()) {
                out.push(format!("{} -> {m}", file.display()));
            }
        }
    }
    out
}

#[test]
fn the_shells_ask_the_session_and_never_decide_packets() {
    let never = ["dataplane", "control", "query", "show"];
    assert_eq!(shell_crossings(&never), Vec::<String>::new());
}

#[test]
fn a_question_changes_nothing_and_prints_nothing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/query");
    let files = sources(&dir);
    assert!(!files.is_empty(), "src/query/ has no sources");
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for m in crate_modules(&text) {
            // (`show` reads its question, the `Show` AST, from lang, as control reads commands.)
            let bad = ["control", "session", "render", "cli", "repl", "tui"];
            assert!(!bad.contains(&m.as_str()), "{} imports {m}", file.display());
        }
    }
}

const TIERS: &str = r#"
create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24
create group web "web tier" in prod
create group app "app tier" in prod
authorize ingress tcp 8080 from web to app
launch web-1 in prod/web-a groups web
launch web-2 in prod/web-a groups web
launch app-1 in prod/web-a groups app"#;

#[test]
fn the_reach_grid_is_asked_of_the_session() {
    let s = session(TIERS);
    let vpc = s.world().vpcs.keys().next().cloned().expect("a vpc");
    let grid = s.reach_grid(&vpc, parse_packet("tcp 8080"));
    assert_eq!(grid.error, None);
    let names: Vec<&str> = grid.hosts.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["web-1", "web-2", "app-1"]);
    assert_eq!(s.reach_cell(&grid, 0, 2), Some(true));
    assert_eq!(s.reach_cell(&grid, 2, 0), Some(false));
    assert_eq!(s.reach_cell(&grid, 0, 3), None);
    let trace = s.reach_trace(&grid, 1, 2).expect("a trace");
    assert!(trace.allowed);
    assert_eq!(
        (trace.asked.from.as_str(), trace.asked.to.as_str()),
        ("web-2", "app-1")
    );
    // A cell's verdict is the probe's.
    let probe = match sgs::lang::parse_command("probe tcp 8080 from web-2 to app-1") {
        Ok(Some(cmd)) => match cmd.node {
            sgs::lang::ast::Command::Probe(p) => p,
            other => panic!("not a probe: {other:?}"),
        },
        other => panic!("{other:?}"),
    };
    let direct = s.probe(&probe, Detail::Full).expect("the probe resolves");
    assert_eq!(direct.to_string(), trace.to_string());
}

#[test]
fn a_reach_grid_packet_that_is_not_one_says_why() {
    let s = session(TIERS);
    let vpc = s.world().vpcs.keys().next().cloned().expect("a vpc");
    let grid = s.reach_grid(&vpc, parse_packet("tcp 99999"));
    let e = grid.error.clone().expect("an error");
    assert!(e.contains("99999"), "{e}");
    assert_eq!(s.reach_cell(&grid, 0, 1), None);
    let e = parse_packet("tcp 22 from web").expect_err("trailing words");
    assert_eq!(e.code, "Syntax");
    assert!(parse_packet("nope").is_err());
}

/// What a line answers, as data.
fn answer(s: &mut Session, line: &str) -> (Reply, Outcome) {
    match sgs::lang::parse_command(line) {
        Ok(Some(cmd)) => s.answer(&cmd.node, &mut NoFiles),
        other => panic!("`{line}`: {other:?}"),
    }
}

#[test]
fn a_change_a_verdict_a_trace_and_a_table_are_data() {
    let mut s = session(TIERS);
    let (reply, outcome) = answer(
        &mut s,
        "authorize ingress tcp 22 from 192.168.0.0/16 to web",
    );
    let Reply::Done { summary } = &reply else {
        panic!("{reply:?}")
    };
    assert!(summary.starts_with("authorized"), "{summary}");
    assert_eq!(reply.to_string(), format!("ok: {summary}"));
    assert!(outcome.changed);

    let (reply, outcome) = answer(&mut s, "probe tcp 8080 from web-1 to app-1");
    let Reply::Verdict(trace) = &reply else {
        panic!("{reply:?}")
    };
    assert!(trace.allowed);
    assert!(!outcome.changed);
    assert_eq!(styled(&reply), [(trace.summary(), Tone::Good)]);

    let (reply, _) = answer(&mut s, "trace tcp 22 from app-1 to web-1");
    let Reply::Trace(trace) = &reply else {
        panic!("{reply:?}")
    };
    assert!(!trace.allowed);
    // The lines carry what they are: each step's outcome, each rule's match, the verdict.
    let lines = trace.lines();
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(text.join("\n"), trace.to_string());
    assert_eq!(lines[0].kind, LineKind::Title);
    assert_eq!(lines.last().map(|l| l.kind), Some(LineKind::Verdict));
    for step in &trace.steps {
        let title = lines
            .iter()
            .find(|l| l.step == Some(step.number) && matches!(l.kind, LineKind::Step { .. }))
            .expect("a title line per step");
        assert_eq!(
            title.kind,
            LineKind::Step {
                allowed: step.allowed
            }
        );
    }
    let misses = lines.iter().filter(|l| l.kind == LineKind::Miss).count();
    assert!(misses >= 1, "{trace}");
    let tones = styled(&reply);
    assert_eq!(tones.last().map(|t| t.1), Some(Tone::Bad));

    let (reply, _) = answer(&mut s, "show groups in prod");
    let Reply::Table(shown) = &reply else {
        panic!("{reply:?}")
    };
    let table = shown.tables().next().expect("a table");
    assert_eq!(table.columns[0], "GROUP");
    let names: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["default", "web", "app"]);
    assert!(reply.to_string().starts_with("GROUP  "));
}

#[test]
fn an_expectation_carries_what_it_wanted_and_what_came() {
    let mut s = session(TIERS);
    let (reply, outcome) = answer(&mut s, "expect deny tcp 8080 from web-1 to app-1");
    let Reply::Expect { passed, judged } = &reply else {
        panic!("{reply:?}")
    };
    assert!(!passed);
    assert!(!outcome.changed);
    let Judged::Verdict { allow, trace } = judged else {
        panic!("{judged:?}")
    };
    assert!(!allow && trace.allowed);
    assert!(reply.to_string().starts_with("expected deny, got allow"));

    let (reply, _) = answer(&mut s, "expect error: launch x in prod/nope");
    let Reply::Expect {
        passed: true,
        judged: Judged::Error {
            code: None,
            got: Err(e),
        },
    } = &reply
    else {
        panic!("{reply:?}")
    };
    assert_eq!(reply.to_string(), format!("pass: {}", e.headline()));

    let (reply, outcome) = answer(&mut s, "launch web-1 in prod/web-a");
    let Reply::Error(e) = &reply else {
        panic!("{reply:?}")
    };
    assert!(!e.code.is_empty());
    assert!(!outcome.changed);
}
