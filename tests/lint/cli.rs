//! `sgs lint WORLD` on the command line, and `lint` in `sgs run --json`: exit codes by
//! `--fail-on`, the JSON Lines form, SARIF checked against the SARIF 2.1.0 schema, a saved world,
//! and the findings on `sessions/quickstart.sgs`.

use super::{NET, SSH_OPEN, world};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sgs");

#[test]
fn lint_as_json_lines_has_the_pinned_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sgs");
    std::fs::write(
        &path,
        format!("{NET}\n{SSH_OPEN}\nlaunch web-1 in prod/web-a public-ip groups web\nlint\n"),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["run", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("\"findings\""))
        .expect("the lint line");
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["command"], "lint");
    assert_eq!(v["ok"], true);
    let f = &v["findings"][0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["code", "severity", "objects", "witness"]);
    assert_eq!(f["code"], "open-admin-port");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["objects"][0], "web-1");
    assert_eq!(f["witness"], "probe tcp 22 from internet to web-1");
}

// ----- sgs lint -----

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn sgs_lint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("lint").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sgs_lint_exits_by_the_fail_on_level() {
    let dir = tempfile::tempdir().unwrap();
    let warn = write(
        &dir,
        "warn.sgs",
        &format!("{NET}\nlaunch app-1 in prod/app-a\n"),
    );
    let info = write(
        &dir,
        "info.sgs",
        &format!("{NET}\ncreate group spare \"s\" in prod\n"),
    );
    let clean = write(&dir, "clean.sgs", &format!("{NET}\n"));
    let warn = warn.to_str().unwrap();
    let info = info.to_str().unwrap();
    let (code, out, _) = sgs_lint(&[warn]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("warning default-group-in-use: "), "{out}");
    assert_eq!(sgs_lint(&[warn, "--fail-on", "error"]).0, 0);
    assert_eq!(sgs_lint(&[info]).0, 0);
    assert_eq!(sgs_lint(&[info, "--fail-on", "info"]).0, 1);
    let (code, out, _) = sgs_lint(&[clean.to_str().unwrap(), "--fail-on", "info"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("no findings in "), "{out}");
    // A level that is not one is refused by the argument parser.
    assert_eq!(sgs_lint(&[warn, "--fail-on", "notice"]).0, 2);
    // A world that cannot be built: the error, with its line, and exit 2.
    let broken = write(
        &dir,
        "broken.sgs",
        "create vpc prod 10.0.0.0/16\nlaunch x in nowhere/a\n",
    );
    let (code, _, err) = sgs_lint(&[broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.sgs:2:"), "{err}");
}

#[test]
fn sgs_lint_json_prints_one_object_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "w.sgs",
        &format!("{NET}\nlaunch app-1 in prod/app-a\ncreate group spare \"s\" in prod\n"),
    );
    let (code, out, _) = sgs_lint(&[path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0]["file"], path.to_str().unwrap());
    assert_eq!(lines[0]["line"], 0);
    assert_eq!(lines[0]["command"], "lint");
    let codes: Vec<&str> = lines[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["unused-group", "default-group-in-use"]);
    // The summary counts the findings at or above the level as failed.
    assert_eq!(
        lines[1],
        serde_json::json!({"summary": {"passed": 1, "failed": 1}})
    );
}

#[test]
fn sgs_lint_sarif_validates_against_the_sarif_2_1_0_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "w.sgs",
        &format!(
            "{NET}\n{SSH_OPEN}\nlaunch web-1 in prod/web-a public-ip groups web\nlaunch app-1 in prod/app-a\ncreate group spare \"s\" in prod\n"
        ),
    );
    let sarif = dir.path().join("out.sarif");
    let (code, _, err) = sgs_lint(&[path.to_str().unwrap(), "--sarif", sarif.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    // The schema as OASIS published it, but for the stray `]` in the pattern of a run's (and a
    // tool component's) `language`, which the validator's meta-schema check refuses as a regex;
    // sgs writes no `language`.
    let text = include_str!("../fixtures/sarif-schema-2.1.0.json").replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // A log that breaks the schema is caught: the check can fail.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = serde_json::json!("info");
    assert!(!validator.is_valid(&bad));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "note", "warning"]);
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["open-admin-port", "unused-group", "default-group-in-use"]
    );
    // Each result points at the line that made its first object: web-1 was launched on line
    // 8, spare created on line 10, app-1 launched on line 9.
    let lines: Vec<i64> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [8, 10, 9]);
    assert_eq!(
        results[0]["properties"]["witness"],
        "probe tcp 22 from internet to web-1"
    );
}

#[test]
fn sgs_lint_reads_a_saved_world() {
    let dir = tempfile::tempdir().unwrap();
    let s = world("launch app-1 in prod/app-a");
    let path = dir.path().join("w.ron");
    std::fs::write(&path, sgs::io::to_ron(s.world()).unwrap()).unwrap();
    let sarif = dir.path().join("out.sarif");
    let (code, out, err) = sgs_lint(&[path.to_str().unwrap(), "--sarif", sarif.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("default-group-in-use"), "{out}");
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], path.to_str().unwrap());
    assert!(
        location.get("region").is_none(),
        "a saved world has no lines"
    );
}

#[test]
fn quickstart_has_only_the_findings_a_reader_would_agree_with() {
    let (code, out, err) = sgs_lint(&["sessions/quickstart.sgs"]);
    assert_eq!(code, 0, "{err}");
    // web-1 takes HTTPS from anywhere and its group keeps the default egress rule, so those
    // flows are untracked (AWS-SEMANTICS.md §9.3): the one finding, an info.
    let findings: Vec<&str> = out.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(findings.len(), 2, "{out}");
    assert!(
        findings[0].starts_with("info untracked-flows: some flows of web-1 are untracked ("),
        "{out}"
    );
    assert!(findings[1].starts_with("1 finding in "), "{out}");
    assert!(
        out.contains("  witness: trace tcp 443 from internet to web-1\n"),
        "{out}"
    );
}
