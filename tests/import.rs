//! `import aws DIR` (issue 14, point 1): the example account of interop/ (copied into
//! sessions/estates/account-a/), Batfish's folder layout, account and region sub-folders, what is
//! skipped and why, located errors that keep the world, undo, and `sgs run DIR`.

use sgs::io::FileHost;
use sgs::lang::error::Diagnostic;
use sgs::session::{Reply, Session};
use sgs::world::ids::{SgId, VpcId};
use std::path::{Path, PathBuf};
use std::process::Command;

mod errors;
mod estate;

const FIXTURE: &str = "sessions/estates/account-a";
const BIN: &str = env!("CARGO_BIN_EXE_sgs");

fn run(s: &mut Session, line: &str) -> Result<Reply, Diagnostic> {
    match s.run_line(line, &mut FileHost) {
        Ok(Some(reply)) => Ok(reply),
        Ok(None) => panic!("`{line}` is no command"),
        Err(e) => Err(e),
    }
}

fn ok(s: &mut Session, line: &str) -> String {
    match run(s, line) {
        Ok(reply) => reply.text(),
        Err(e) => panic!("{}", e.render("<test>", line)),
    }
}

fn imported() -> (Session, String) {
    let mut s = Session::new();
    let report = ok(&mut s, &format!("import aws {FIXTURE}"));
    (s, report)
}

/// A copy of the fixture in a temporary folder, under `sub`, with `edit` applied to the named
/// files' text.
fn copy_fixture(
    sub: &str,
    edit: &[(&str, &dyn Fn(String) -> String)],
) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join(sub);
    std::fs::create_dir_all(&dir).expect("a folder");
    for entry in std::fs::read_dir(FIXTURE).expect("the fixture") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let mut text = std::fs::read_to_string(&path).expect("a file");
        for (file, f) in edit {
            if *file == name {
                text = f(text);
            }
        }
        std::fs::write(dir.join(&name), text).expect("written");
    }
    (tmp, dir)
}

/// A failing import: the error, and the session unchanged.
fn refused(dir: &Path) -> Diagnostic {
    let mut s = Session::new();
    ok(&mut s, "create group keep \"kept\"");
    let before = s.state().clone();
    let line = format!("import aws \"{}\"", dir.display());
    let e = run(&mut s, &line).expect_err("the import fails");
    assert!(
        *s.state() == before,
        "a failed import changed the world: {}",
        e.message
    );
    ok(&mut s, "undo");
    assert!(
        !ok(&mut s, "show groups").contains("keep"),
        "the history is the one before"
    );
    e
}

fn ids() -> serde_json::Value {
    let text = std::fs::read_to_string("tests/data/aws-account-a-ids.json").expect("ids.json");
    serde_json::from_str(&text).expect("ids.json is JSON")
}

#[test]
fn the_example_account_imports_with_its_aws_ids_and_names() {
    let (mut s, report) = imported();
    assert!(report.starts_with("ok: imported sessions/estates/account-a (12 files): 2 VPCs, 3 subnets, 7 groups, 24 rules, 2 network ACLs, 1 peering, 3 instances, 6 interfaces, 1 cache cluster, 1 DB cluster, 2 DB instances; now in 123456789012 us-east-1"), "{report}");
    let ids = ids();
    let groups = ok(&mut s, "show groups");
    for key in [
        "web",
        "app",
        "db",
        "cache",
        "reporting",
        "default_a",
        "default_b",
    ] {
        let id = ids[key].as_str().expect("an id");
        assert!(
            groups.contains(id),
            "show groups lacks {key} {id}:\n{groups}"
        );
    }
    for name in [
        "web-sg",
        "app-sg",
        "db-sg",
        "cache-sg",
        "reporting-sg",
        "default",
    ] {
        assert!(groups.contains(name), "{name}:\n{groups}");
    }
    let instances = ok(&mut s, "show instances");
    for (id, name) in
        ids["instances"]
            .as_array()
            .expect("a list")
            .iter()
            .zip(["web-1", "app-1", "reporting-1"])
    {
        let id = id.as_str().expect("an id");
        let row = instances
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id}:\n{instances}"));
        assert!(row.starts_with(name), "{row}");
    }
    // Every other object, with its id: VPCs, subnets, network ACLs, the peering, the interfaces of
    // the Aurora instances and of the Redis node.
    let mut all = String::new();
    for line in [
        "show vpcs",
        "show subnets",
        "show nacls",
        "show peerings",
        "show group db-sg",
        "show group cache-sg",
    ] {
        all.push_str(&ok(&mut s, line));
    }
    for key in [
        "vpc_a",
        "vpc_b",
        "pcx",
        "sub_pub",
        "sub_priv",
        "sub_b",
        "acl",
        "default_acl",
    ] {
        let id = ids[key].as_str().expect("an id");
        assert!(all.contains(id), "{key} {id} is not shown");
    }
    for (key, owner) in [
        ("rds1", "prod-aurora-1"),
        ("rds2", "prod-aurora-2"),
        ("redis", "prod-redis#1"),
    ] {
        let id = ids["svc_enis"][key].as_str().expect("an id");
        let row = all
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id}:\n{all}"));
        assert!(row.starts_with(owner), "{row}");
    }
    // Named as the data names them: the Name tag, else the group name.
    let w = s.world();
    let prod = &w.vpcs[&VpcId(ids["vpc_a"].as_str().unwrap_or_default().into())];
    assert_eq!(prod.name, "prod-vpc");
    assert_eq!(
        prod.default_group,
        SgId(ids["default_a"].as_str().unwrap_or_default().into())
    );
    let clusters = ok(&mut s, "show clusters");
    assert!(
        clusters.contains("prod-redis") && clusters.contains("10.0.2.61"),
        "{clusters}"
    );
    assert!(
        clusters.contains("prod-aurora-1, prod-aurora-2"),
        "{clusters}"
    );
}

#[test]
fn rules_keep_their_sgr_ids_from_describe_security_group_rules() {
    let (mut s, _) = imported();
    let text = std::fs::read_to_string(format!("{FIXTURE}/describe-security-group-rules.json"))
        .expect("the rules");
    let rules: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut shown = String::new();
    for g in ["web-sg", "app-sg", "db-sg", "cache-sg", "reporting-sg"] {
        shown.push_str(&ok(&mut s, &format!("show group {g}")));
    }
    shown.push_str(&ok(&mut s, "show group sg-829d7b6c801d35fff"));
    shown.push_str(&ok(&mut s, "show group sg-8e8a88a5796afd7c7"));
    let mut kept = 0;
    for r in rules["SecurityGroupRules"].as_array().expect("rules") {
        let id = r["SecurityGroupRuleId"].as_str().expect("an id");
        if r.get("PrefixListId").is_some() {
            assert!(!shown.contains(id), "the prefix-list rule {id} is skipped");
        } else {
            assert!(shown.contains(id), "{id} is not kept:\n{shown}");
            kept += 1;
        }
    }
    assert_eq!(kept, 24);
    // The peered reference keeps the other VPC's group, and is not stale.
    assert!(ok(&mut s, "show stale").contains("no stale rules"));
}

#[test]
fn what_is_skipped_is_reported_with_the_reason_in_text_and_json() {
    let (_, report) = imported();
    assert!(report.contains("skipped describe-security-groups.json SecurityGroups[2].IpPermissionsEgress[2].PrefixListIds[0]: sgr-c4d7e0d98fd9716ff (pl-fe3412b19a3ad554a): a rule whose peer is a managed prefix list"), "{report}");
    assert!(report.contains("the default network ACL of vpc-b4915ce4ffe7b25c3: no describe-network-acls output names it"), "{report}");
    let out = Command::new(BIN)
        .args(["run", "--json", FIXTURE])
        .output()
        .expect("sgs runs");
    assert_eq!(out.status.code(), Some(0));
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&first).expect("a JSON line");
    assert_eq!(v["ok"], true);
    assert_eq!(v["read"]["rules"], 24);
    assert_eq!(v["read"]["DB instances"], 2);
    assert_eq!(
        v["skipped"][1]["at"],
        "SecurityGroups[2].IpPermissionsEgress[2].PrefixListIds[0]"
    );
    assert_eq!(v["scopes"][0], "123456789012 us-east-1");
}

#[test]
fn stopped_instances_inactive_peerings_and_unknown_files_are_skipped_with_the_reason() {
    let stop = |t: String| {
        t.replacen(
            "\"Code\": 16,\n                        \"Name\": \"running\"",
            "\"Code\": 80,\n                        \"Name\": \"stopped\"",
            1,
        )
    };
    let deleted = |t: String| t.replace("\"Code\": \"active\"", "\"Code\": \"deleted\"");
    let (tmp, dir) = copy_fixture(
        "acct",
        &[
            ("describe-instances.json", &stop),
            ("describe-vpc-peering-connections.json", &deleted),
        ],
    );
    std::fs::write(dir.join("notes.json"), "{\"owner\": \"ops\"}").expect("written");
    std::fs::write(dir.join("list.json"), "[1, 2]").expect("written");
    let mut s = Session::new();
    let report = ok(&mut s, &format!("import aws \"{}\"", dir.display()));
    assert!(
        report.contains(
            "i-a941ce1066380b7cb: it is stopped: only running instances send and receive"
        ),
        "{report}"
    );
    assert!(
        report.contains("eni-cb792fd5211294937: its instance i-a941ce1066380b7cb is not imported"),
        "{report}"
    );
    assert!(
        report.contains(
            "pcx-547e08392ec7c112c: its status is deleted: only an active peering carries traffic"
        ),
        "{report}"
    );
    assert!(
        report.contains("notes.json: the file: it has none of the top-level keys sgs reads"),
        "{report}"
    );
    assert!(
        report.contains("list.json: the file: its top level is not a JSON object"),
        "{report}"
    );
    assert!(report.contains("2 instances"), "{report}");
    // Without the peering, the peered references are stale.
    assert!(ok(&mut s, "show stale").contains("sg-d68b3fb29a8b8ed09"));
    drop(tmp);
}

#[test]
fn a_batfish_snapshot_with_account_and_region_folders_opens() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let here = tmp
        .path()
        .join("snapshot/aws_configs/123456789012/us-east-1");
    std::fs::create_dir_all(&here).expect("a folder");
    // Batfish's own file names: one file per key.
    for entry in std::fs::read_dir(FIXTURE).expect("the fixture") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a file");
        let key = text.split('"').nth(1).unwrap_or("x").to_string();
        std::fs::write(here.join(format!("{key}.json")), text).expect("written");
    }
    // A second account and region whose objects carry no owner id: the folders place them.
    let there = tmp
        .path()
        .join("snapshot/aws_configs/111122223333/eu-west-1");
    std::fs::create_dir_all(&there).expect("a folder");
    std::fs::write(there.join("Vpcs.json"), r#"{"Vpcs": [{"VpcId": "vpc-0eu0000000000000a", "CidrBlock": "10.9.0.0/16", "IsDefault": false}]}"#).expect("written");
    std::fs::write(there.join("Subnets.json"), r#"{"Subnets": [{"SubnetId": "subnet-0eu000000000000a", "VpcId": "vpc-0eu0000000000000a", "CidrBlock": "10.9.1.0/24", "AvailabilityZone": "eu-west-1a", "MapPublicIpOnLaunch": true}]}"#).expect("written");
    let mut s = Session::new();
    let report = ok(
        &mut s,
        &format!("import aws \"{}\"", tmp.path().join("snapshot").display()),
    );
    assert!(report.contains("3 VPCs, 4 subnets"), "{report}");
    let w = s.world();
    let eu = &w.vpcs[&VpcId("vpc-0eu0000000000000a".into())];
    assert_eq!(
        (eu.scope.account.as_str(), eu.scope.region.as_str()),
        ("111122223333", "eu-west-1")
    );
    assert!(
        w.groups
            .values()
            .any(|g| g.vpc.as_ref() == Some(&eu.id) && g.is_default),
        "its default group is made"
    );
    let prod = &w.vpcs[&VpcId("vpc-3d43ecced0dd7e494".into())];
    assert_eq!(prod.scope.account, "123456789012");
    assert_eq!(w.scopes.len(), 2);
    // The first account and region (in the folders' order) is the context.
    assert_eq!(w.scope, eu.scope);
    // No default VPC is invented in either.
    assert!(w.vpcs.values().all(|v| !v.is_default));
    assert!(ok(&mut s, "show subnets").contains("subnet-0eu000000000000a"));
}

#[test]
fn an_import_is_one_undo_step() {
    let mut s = Session::new();
    ok(&mut s, "create group before \"the world before\"");
    let before = s.world().clone();
    ok(&mut s, &format!("import aws {FIXTURE}"));
    let after = s.world().clone();
    assert!(!ok(&mut s, "show groups").contains("before"));
    ok(&mut s, "undo");
    assert!(
        *s.world() == before,
        "undo gives back the world before the import"
    );
    ok(&mut s, "redo");
    assert!(*s.world() == after, "redo imports again");
    // `expect error` of an import that works undoes it.
    ok(&mut s, "undo");
    assert!(
        ok(&mut s, &format!("expect error: import aws {FIXTURE}")).contains("its effect is undone")
    );
    assert!(*s.world() == before);
}

#[test]
fn sgs_run_on_a_folder_imports_it_and_a_bad_folder_exits_2_with_the_place() {
    let out = Command::new(BIN)
        .args(["run", FIXTURE])
        .output()
        .expect("sgs runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("ok: imported sessions/estates/account-a (12 files)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  skipped describe-security-groups.json"),
        "{stdout}"
    );
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        tmp.path().join("describe-vpcs.json"),
        "{\"Vpcs\": [{\"VpcId\": 5}]}",
    )
    .expect("written");
    let out = Command::new(BIN)
        .arg("run")
        .arg(tmp.path())
        .output()
        .expect("sgs runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("error[InvalidAwsJson]: describe-vpcs.json:1:21: Vpcs[0].VpcId: invalid type: integer `5`, expected a string"), "{stdout}");
    assert!(
        stdout.contains("1 | {\"Vpcs\": [{\"VpcId\": 5}]}\n  |                     ^"),
        "{stdout}"
    );
}

#[test]
fn the_language_section_lines_parse_and_work() {
    // LANGUAGE.md, "Estates: import, export, plans": `import aws fixtures/account-a/`, run where
    // that folder is.
    let (tmp, _) = copy_fixture("fixtures/account-a", &[]);
    let session = tmp.path().join("lab.sgs");
    std::fs::write(&session, "import aws fixtures/account-a/        # the JSON that the AWS CLI's describe-* commands print\nexpect allow tcp 22 from 203.0.113.5 to web-1\nhelp import aws\n").expect("written");
    let out = Command::new(BIN)
        .arg("run")
        .arg(&session)
        .current_dir(tmp.path())
        .output()
        .expect("sgs runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("ok: imported fixtures/account-a/ (12 files)"),
        "{stdout}"
    );
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");
    assert!(stdout.contains("import aws"), "{stdout}");
}

#[test]
fn sgs_repl_on_a_folder_imports_it_before_the_prompt() {
    let out = crate::common::sgs_with_stdin(
        &["repl", FIXTURE],
        "expect allow tcp 6379 from app-1 to prod-redis\nundo\nshow vpcs\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("ok: imported sessions/estates/account-a"),
        "{stdout}"
    );
    assert!(
        stdout.contains("pass: allow tcp 6379 app-1 -> prod-redis"),
        "{stdout}"
    );
    // Undo takes the import back: the fresh world's default VPC is there again.
    assert!(
        stdout.contains("172.31.0.0/16") && !stdout.contains("prod-vpc  "),
        "{stdout}"
    );
}
