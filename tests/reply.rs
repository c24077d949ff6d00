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

#[test]
fn the_session_returns_replies_and_never_writes_text() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("session.rs")];
    files.extend(sources(&src.join("session")));
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for m in crate_modules(&text) {
            let bad = ["render", "cli", "repl", "tui"];
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

/// The shipped sessions.
fn shipped() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("sessions/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sgs"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// Runs `sgs run` with `args`; its status and standard output.
fn sgs_run(args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sgs"))
        .arg("run")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sgs runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const STEPS: [&str; 7] = [
    "egress-groups",
    "nacl-out",
    "route",
    "nacl-in",
    "ingress-groups",
    "conntrack",
    "address",
];

/// Checks `deciding`: null when allowed, else `{leg, step, code}`.
fn check_deciding(o: &serde_json::Value, what: &str) {
    let verdict = o["verdict"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: verdict"));
    assert!(verdict == "allow" || verdict == "deny", "{what}");
    let d = &o["deciding"];
    if verdict == "allow" {
        assert!(d.is_null(), "{what}: deciding of an allow");
    } else {
        assert!(
            ["request", "reply"].contains(&d["leg"].as_str().unwrap_or("")),
            "{what}"
        );
        assert!(STEPS.contains(&d["step"].as_str().unwrap_or("")), "{what}");
        assert!(d["code"].is_string() || d["code"].is_null(), "{what}");
    }
}

#[test]
fn json_lines_of_every_shipped_session_parse_with_the_pinned_fields() {
    use serde_json::Value;
    for file in shipped() {
        let name = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&file);
        let name = name.to_string_lossy().trim_start_matches('/').to_string();
        let (code, text) = sgs_run(&["--json", &name]);
        let (text_code, plain) = sgs_run(&[&name]);
        assert_eq!(code, text_code, "{name}: the same exit status");
        let lines: Vec<&str> = text.lines().collect();
        let (last, objects) = lines.split_last().expect("output");
        let mut kinds = 0;
        for (i, line) in objects.iter().enumerate() {
            let what = format!("{name} object {i}: {line}");
            let o: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(o["file"], Value::from(name.as_str()), "{what}");
            assert!(o["line"].as_u64().is_some_and(|n| n >= 1), "{what}");
            assert!(o["command"].is_string(), "{what}");
            let ok = o["ok"].as_bool().unwrap_or_else(|| panic!("{what}: ok"));
            assert!(o.get("kind").is_none(), "{what}");
            if !ok {
                let e = &o["error"];
                assert!(e["code"].is_string() && e["message"].is_string(), "{what}");
                assert!(e["column"].is_u64() || e["column"].is_null(), "{what}");
                assert!(e.get("help").is_none_or(Value::is_string), "{what}");
                kinds += 1;
                continue;
            }
            if let Some(expect) = o.get("expect") {
                assert!(expect == "pass" || expect == "fail", "{what}");
                if o.get("verdict").is_some() {
                    check_deciding(&o, &what);
                }
            } else if let Some(steps) = o.get("steps") {
                check_deciding(&o, &what);
                for s in steps.as_array().expect("steps") {
                    assert!(["request", "reply"].contains(&s["leg"].as_str().unwrap_or("")));
                    assert!(STEPS.contains(&s["step"].as_str().unwrap_or("")), "{what}");
                    for r in s["rules"].as_array().expect("rules") {
                        assert!(r["id"].is_string() && r["peer"].is_string(), "{what}");
                        assert!(r["matched"].is_boolean() && r["reason"].is_string());
                    }
                }
            } else if let Some(blocking) = o.get("blocking") {
                // why: the gates, the fix in three renderings, the pairs it also opens.
                for g in blocking.as_array().expect("blocking") {
                    assert!(["request", "reply"].contains(&g["leg"].as_str().unwrap_or("")));
                    assert!(STEPS.contains(&g["step"].as_str().unwrap_or("")), "{what}");
                    for r in g["rules"].as_array().expect("rules") {
                        assert!(r["id"].is_string() && r["peer"].is_string(), "{what}");
                        assert!(r["matched"].is_boolean() && r["reason"].is_string());
                    }
                }
                let fix = &o["fix"];
                assert!(fix["sgs"].is_array() && fix["cli"].is_array(), "{what}");
                assert!(fix["terraform"].is_string(), "{what}");
                for pair in o["also_opens"].as_array().expect("also_opens") {
                    assert_eq!(pair.as_array().map(Vec::len), Some(2), "{what}");
                }
            } else if o.get("verdict").is_some() {
                check_deciding(&o, &what);
            } else if let Some(columns) = o.get("columns") {
                let n = columns.as_array().expect("columns").len();
                for row in o["rows"].as_array().expect("rows") {
                    assert_eq!(row.as_array().map(Vec::len), Some(n), "{what}");
                }
            } else if let Some(summary) = o.get("summary") {
                assert!(summary.is_string(), "{what}");
            } else if let Some(allowed) = o.get("allowed") {
                // show reach: the packet, the columns, the allowed pairs.
                assert!(
                    o["packet"].is_string() && o["endpoints"].is_array(),
                    "{what}"
                );
                for pair in allowed.as_array().expect("pairs") {
                    assert_eq!(pair.as_array().map(Vec::len), Some(2), "{what}");
                }
            } else if let Some(ranges) = o.get("ranges") {
                // who can reach: endpoints and ranges, each with its rules.
                for r in ranges.as_array().expect("ranges") {
                    assert!(r["cidr"].is_string() && r["rules"].is_array(), "{what}");
                }
                for e in o["endpoints"].as_array().expect("endpoints") {
                    assert!(e["name"].is_string() && e["rules"].is_array(), "{what}");
                }
            } else if let Some(endpoints) = o.get("endpoints") {
                // what can … reach, show exposure: endpoints, packets, rules.
                for e in endpoints.as_array().expect("endpoints") {
                    assert!(e["name"].is_string() && e["packets"].is_array(), "{what}");
                    assert!(e["rules"].is_array(), "{what}");
                }
            } else if let Some(rules) = o.get("rules") {
                // a diff: rules added and removed, the pairs, the flows.
                assert!(
                    rules["added"].is_array() && rules["removed"].is_array(),
                    "{what}"
                );
                for p in o["reach"].as_array().expect("reach") {
                    assert!(p["from"].is_string() && p["to"].is_string(), "{what}");
                    assert!(p["gained"].is_array() && p["lost"].is_array(), "{what}");
                }
                assert!(o["flows"]["cut"].is_array() && o["flows"]["kept"].is_array());
            } else {
                assert!(
                    ["echo", "pause", "text", "message"]
                        .iter()
                        .any(|k| o.get(k).is_some()),
                    "{what}: answers nothing known"
                );
            }
            kinds += 1;
        }
        assert!(kinds > 0, "{name}");
        let summary: Value = serde_json::from_str(last).expect("the summary parses");
        let counts = summary.as_object().expect("an object");
        assert_eq!(counts.len(), 1, "{name}: the summary has no common fields");
        let tally = format!(
            "{} passed, {} failed",
            summary["summary"]["passed"], summary["summary"]["failed"]
        );
        assert_eq!(plain.lines().last(), Some(tally.as_str()), "{name}");
    }
}

#[test]
fn a_failed_command_and_a_failed_expectation_in_json() {
    use serde_json::Value;
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("lab.sgs");
    let src = format!(
        "{TIERS}\nexpect deny tcp 8080 from web-1 to app-1\nprobe tcp 22 from web-1 to app-1\nshw vpcs\n"
    );
    fs::write(&path, src).expect("written");
    let path = path.to_string_lossy().into_owned();
    let (code, text) = sgs_run(&["--json", &path]);
    assert_eq!(code, Some(2));
    let objects: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let n = objects.len();
    let expect = &objects[n - 4];
    assert_eq!(expect["ok"], true);
    assert_eq!(expect["expect"], "fail");
    assert_eq!(expect["verdict"], "allow");
    let probe = &objects[n - 3];
    assert_eq!(probe["verdict"], "deny");
    assert_eq!(probe["deciding"]["step"], "ingress-groups");
    assert_eq!(probe["deciding"]["code"], "ENI_SG_RULES_MISMATCH");
    let error = &objects[n - 2];
    assert_eq!(error["ok"], false);
    assert_eq!(error["line"], 12);
    assert_eq!(error["error"]["code"], "SyntaxError");
    assert_eq!(error["error"]["column"], 1);
    assert_eq!(
        objects[n - 1],
        serde_json::json!({"summary": {"passed": 0, "failed": 1}})
    );
}

#[test]
fn junit_lists_each_expectation_of_a_run() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let xml = dir.path().join("report.xml");
    let xml_arg = xml.to_string_lossy().into_owned();
    let files: Vec<String> = shipped()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["--quiet", "--junit", xml_arg.as_str()];
    args.extend(files.iter().map(String::as_str));
    let (_, text) = sgs_run(&args);
    let tally = text.lines().last().expect("the tally").to_string();
    let doc = fs::read_to_string(&xml).expect("the JUnit file");
    let report = quick_junit::Report::deserialize_from_str(&doc).expect("valid JUnit XML");
    assert_eq!(report.test_suites.len(), files.len());
    let failures: usize = report.test_suites.iter().map(|s| s.failures).sum();
    let tests: usize = report.test_suites.iter().map(|s| s.tests).sum();
    let errors: usize = report.test_suites.iter().map(|s| s.errors).sum();
    assert_eq!(errors, 0);
    assert_eq!(
        format!("{} passed, {failures} failed", tests - failures),
        tally
    );
    assert!(tests > 10, "{tests}");
}
