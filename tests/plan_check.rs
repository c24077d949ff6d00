//! `sgs plan-check` and `terraform show -json` worlds (issue 14, point 3): interop/terraform's
//! plan (copied into sessions/estates/terraform/) read as the world before and the world after,
//! the diff between them as the README's table of changes has it, the findings a plan brings, the
//! expectations run on the world after, located errors, and a state opened as a world by every
//! subcommand that takes one.

use serde_json::{Value, json};
use sgs::io::FileHost;
use sgs::io::terraform::plan_worlds;
use sgs::session::{Reply, Session, plan_check};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

const PLAN: &str = "sessions/estates/terraform/plan-open-ssh.json";
const STATE: &str = "sessions/estates/terraform/state.json";
const EXPECT: &str = "sessions/estates/terraform/open-ssh.expect.sgs";
const BIN: &str = env!("CARGO_BIN_EXE_sgs");

fn sgs(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("sgs runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn sessions(file: &str, text: &str) -> (Session, Session) {
    let worlds = plan_worlds(file, text).unwrap_or_else(|e| panic!("{}", e.message));
    let mut before = Session::from_world(worlds.before.world);
    before.catch_up();
    let mut after = Session::from_world(worlds.after.world);
    after.catch_up();
    (before, after)
}

/// The diff's reach changes as (from, to, +packet or -packet).
fn changes(before: &Session, after: &Session) -> BTreeSet<(String, String, String)> {
    let check = plan_check(before, after).expect("checked");
    let mut out = BTreeSet::new();
    for pair in &check.diff.reach {
        for p in &pair.gained {
            out.insert((pair.from.clone(), pair.to.clone(), format!("+{p}")));
        }
        for p in &pair.lost {
            out.insert((pair.from.clone(), pair.to.clone(), format!("-{p}")));
        }
    }
    out
}

#[test]
fn the_open_ssh_plan_changes_exactly_what_its_rules_imply() {
    let plan = std::fs::read_to_string(PLAN).expect("the plan");
    let (before, after) = sessions(PLAN, &plan);
    let got = changes(&before, &after);
    let aurora = ["prod-aurora-1", "prod-aurora-2"];
    let mut want: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut add = |from: &str, to: &str, p: &str| {
        want.insert((from.to_string(), to.to_string(), format!("+{p}")));
    };
    // README rows 1, 4 and 7: the new SSH rule, the widened database rule, the new host.
    add("internet", "web-1", "tcp 22");
    for db in aurora {
        add("web-1", db, "tcp 3306");
        add("batch-1", db, "tcp 3306");
    }
    // What the same rules imply for the other endpoints: every address of the prod VPC now
    // reaches Aurora (cache node, the other Aurora member), and every IPv4 address web-1's SSH
    // (reporting-1 over the peering; the hosts of the private subnet, whose groups let all out).
    add("reporting-1", "web-1", "tcp 22");
    add("prod-redis#1", "web-1", "tcp 22");
    for db in aurora {
        add("prod-redis#1", db, "tcp 3306");
        add(db, "web-1", "tcp 22");
    }
    add("prod-aurora-1", "prod-aurora-2", "tcp 3306");
    add("prod-aurora-2", "prod-aurora-1", "tcp 3306");
    // batch-1 is new: what batch-sg's egress and the others' ingress let it reach (rows 8-10
    // are not there: app-1 only on ping from the VPC, web-1 on its public ports).
    add("batch-1", "app-1", "icmp echo-request");
    for p in ["tcp 22", "tcp 80", "tcp 443"] {
        add("batch-1", "web-1", p);
    }
    assert_eq!(got, want, "the diff's reach changes");
    // Nobody loses anything: app-1 keeps Aurora (10.0.0.0/16 covers it).
    assert!(got.iter().all(|(_, _, p)| p.starts_with('+')));

    // The rules: the unknown batch-sg id is resolved through the configuration's references.
    let check = plan_check(&before, &after).expect("checked");
    let added: BTreeSet<&str> = check.diff.added.iter().map(String::as_str).collect();
    for line in [
        "authorize egress all from batch-sg to 0.0.0.0/0",
        "authorize ingress tcp 3306 from batch-sg to db-sg description \"from batch workers\"",
        "authorize ingress tcp 22 from 0.0.0.0/0 to web-sg description \"SSH from anywhere (temporary)\"",
        "authorize ingress tcp 3306 from 10.0.0.0/16 to db-sg description \"from prod VPC\"",
    ] {
        assert!(added.contains(line), "{line} in {added:?}");
    }
    assert_eq!(
        check.diff.removed,
        vec!["authorize ingress tcp 3306 from app-sg to db-sg description \"from app tier\""]
    );
    // batch-1 is in batch-sg, whose id the plan does not know: a placeholder, the same each time.
    let w = after.world();
    let batch = w
        .groups
        .values()
        .find(|g| g.name == "batch-sg")
        .expect("batch-sg");
    assert!(
        batch.id.0.starts_with("sg-") && batch.id.0.len() == 20,
        "{}",
        batch.id
    );
    let (_, again) = sessions(PLAN, &plan);
    assert!(again.world().groups.contains_key(&batch.id));
    let nic = w
        .enis
        .values()
        .find(|e| e.name == "batch-1")
        .expect("batch-1's interface");
    assert_eq!(nic.groups, vec![batch.id.clone()]);
    assert_eq!(nic.private_ip.to_string(), "10.0.2.30");
    // The new findings: the internet reaches web-1's SSH.
    let codes: Vec<&str> = check
        .introduced
        .findings
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert!(codes.contains(&"open-admin-port"), "{codes:?}");
}

#[test]
fn the_expect_file_checks_the_rows_about_ranges_on_the_world_after() {
    let out = sgs(&["plan-check", PLAN, "--expect", EXPECT, "--json"]);
    let lines = json_lines(&out);
    let expectations: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["command"]
                .as_str()
                .is_some_and(|c| c.starts_with("expect "))
        })
        .collect();
    assert_eq!(expectations.len(), 17, "{}", text(&out));
    for e in &expectations {
        assert!(e["expect"] != json!("fail"), "{e}");
    }
    // The run fails all the same: the plan opens SSH to the internet (an error finding).
    let lint = lines
        .iter()
        .find(|l| l["command"] == json!("plan-check lint"))
        .expect("the findings");
    assert_eq!(lint["findings"][0]["code"], json!("open-admin-port"));
    assert_eq!(
        lines.last(),
        Some(&json!({"summary": {"passed": 17, "failed": 1}}))
    );
    assert_eq!(out.status.code(), Some(1));
    // In text, the diff comes first, then the findings, then the lines.
    let out = sgs(&["plan-check", PLAN, "--expect", EXPECT]);
    let t = text(&out);
    let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} in {t}"));
    assert!(at("+ authorize ingress tcp 22 from 0.0.0.0/0 to web-sg") < at("new findings:"));
    assert!(at("new findings:") < at("pass: allow tcp 22 198.51.100.9 -> web-1"));
    assert!(t.ends_with("17 passed, 1 failed\n"), "{t}");
}

/// A plan that changes nothing: the state as both its prior state and its planned values.
fn unchanged_plan(dir: &Path) -> String {
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(STATE).expect("the state")).expect("JSON");
    let plan = json!({
        "format_version": "1.2",
        "prior_state": {"format_version": "1.0", "values": state["values"]},
        "planned_values": state["values"],
    });
    let path = dir.join("unchanged.json");
    std::fs::write(&path, plan.to_string()).expect("written");
    path.display().to_string()
}

#[test]
fn an_expectation_that_the_plan_turns_from_deny_to_allow_fails_the_check() {
    let tmp = tempfile::tempdir().expect("a folder");
    let holds = tmp.path().join("holds.sgs");
    std::fs::write(&holds, "expect deny tcp 22 from 198.51.100.9 to web-1\n").expect("written");
    let holds = holds.display().to_string();
    // Before the plan, the deny holds and nothing is new: exit 0.
    let out = sgs(&[
        "plan-check",
        &unchanged_plan(tmp.path()),
        "--expect",
        &holds,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("no change"), "{}", text(&out));
    // The plan turns it to allow: the expectation fails, exit 1, whatever --fail-on says.
    let junit = tmp.path().join("junit.xml");
    let out = sgs(&[
        "plan-check",
        PLAN,
        "--expect",
        &holds,
        "--junit",
        &junit.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains(":1: expect deny tcp 22 from 198.51.100.9 to web-1"),
        "{t}"
    );
    assert!(t.contains("expected deny, got allow"), "{t}");
    let xml = std::fs::read_to_string(&junit).expect("JUnit written");
    assert!(xml.contains("<failure"), "{xml}");
    // A missing expect file is bad input: exit 2, nothing checked.
    let out = sgs(&["plan-check", PLAN, "--expect", "no-such.sgs"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_plan_past_the_rule_quota_gets_a_quota_exceeded_finding() {
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(STATE).expect("the state")).expect("JSON");
    let mut planned = state["values"].clone();
    let resources = planned["root_module"]["resources"]
        .as_array_mut()
        .expect("resources");
    // 61 more IPv4 ingress rules on web-sg (it has 3): past AWS's 60 per direction and family.
    for i in 0..61 {
        resources.push(json!({
            "address": format!("aws_vpc_security_group_ingress_rule.many[{i}]"),
            "mode": "managed",
            "type": "aws_vpc_security_group_ingress_rule",
            "name": "many",
            "index": i,
            "values": {
                "security_group_id": "sg-2d34055efdf96e3d7",
                "ip_protocol": "tcp",
                "from_port": 9000 + i,
                "to_port": 9000 + i,
                "cidr_ipv4": format!("10.9.{i}.0/24"),
            },
        }));
    }
    let plan = json!({
        "format_version": "1.2",
        "prior_state": {"values": state["values"]},
        "planned_values": planned,
    });
    let tmp = tempfile::tempdir().expect("a folder");
    let path = tmp.path().join("quota.json");
    std::fs::write(&path, plan.to_string()).expect("written");
    let sarif = tmp.path().join("findings.sarif");
    let out = sgs(&[
        "plan-check",
        &path.display().to_string(),
        "--json",
        "--sarif",
        &sarif.display().to_string(),
    ]);
    let lines = json_lines(&out);
    let lint = lines
        .iter()
        .find(|l| l["command"] == json!("plan-check lint"))
        .expect("the findings");
    let found = lint["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == json!("quota-exceeded"))
        .unwrap_or_else(|| panic!("no quota-exceeded in {lint}"));
    assert_eq!(found["severity"], json!("error"));
    assert!(found.to_string().contains("web-sg"), "{found}");
    assert_eq!(out.status.code(), Some(1));
    let sarif = std::fs::read_to_string(&sarif).expect("SARIF written");
    assert!(sarif.contains("\"ruleId\": \"quota-exceeded\""), "{sarif}");
    // The same plan's rules stay under the quota with --fail-on error counting only errors:
    // the findings it brings are the only failures (no expectations here).
    assert_eq!(
        lines.last(),
        Some(&json!({"summary": {"passed": 0, "failed": 1}}))
    );
}

#[test]
fn a_malformed_plan_is_refused_with_the_file_the_json_path_and_the_place() {
    let plan = std::fs::read_to_string(PLAN).expect("the plan");
    let tmp = tempfile::tempdir().expect("a folder");
    // A port as a string, in the new rule of the planned values.
    let needle = "\"description\":\"SSH from anywhere (temporary)\",\"from_port\":22";
    assert!(plan.contains(needle));
    let bad = plan.replacen(
        needle,
        "\"description\":\"SSH from anywhere (temporary)\",\"from_port\":\"22\"",
        1,
    );
    let path = tmp.path().join("bad.json");
    std::fs::write(&path, &bad).expect("written");
    let shown = path.display().to_string();
    let out = sgs(&["plan-check", &shown]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    let at = bad.find("\"22\"").expect("the bad value") + 1;
    assert!(
        t.contains(&format!(
            "{shown}:1:{at}: planned_values.root_module.resources["
        )),
        "{t}"
    );
    assert!(
        t.contains("].values.from_port: invalid type: string \"22\""),
        "{t}"
    );
    // Cut off: the end of the file is named.
    let path = tmp.path().join("cut.json");
    std::fs::write(&path, &plan[..plan.len() / 2]).expect("written");
    let err = plan_worlds("cut.json", &plan[..plan.len() / 2])
        .err()
        .expect("refused");
    assert!(err.message.starts_with("cut.json:1:"), "{}", err.message);
    // A list where an object goes.
    let err = plan_worlds(
        "x.json",
        "{\"planned_values\": {\"root_module\": {\"resources\": 5}}}",
    )
    .err()
    .expect("refused");
    assert!(
        err.message
            .contains("x.json:1:50: planned_values.root_module.resources: invalid type"),
        "{}",
        err.message
    );
    // Not a plan.
    let err = plan_worlds("s.json", &std::fs::read_to_string(STATE).expect("state"))
        .err()
        .expect("refused");
    assert!(err.message.contains("not a plan"), "{}", err.message);
}

#[test]
fn a_terraform_state_opens_as_a_world_in_every_subcommand_that_takes_one() {
    // sgs run: imports it and prints the report.
    let out = sgs(&["run", STATE]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).starts_with(&format!(
            "ok: imported {STATE} (1 file): 2 VPCs, 3 subnets, 7 groups"
        )),
        "{}",
        text(&out)
    );
    // sgs lint, sgs reach, sgs diff.
    let out = sgs(&["lint", STATE, "--json", "--fail-on", "error"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(json_lines(&out)[0]["findings"].is_array());
    let out = sgs(&["reach", STATE, "tcp", "22", "in", "prod-vpc"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("web-1"), "{}", text(&out));
    // A plan as a world is its planned values: the diff from the state is the plan's.
    let out = sgs(&["diff", STATE, PLAN]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("+ authorize ingress tcp 22 from 0.0.0.0/0 to web-sg"),
        "{}",
        text(&out)
    );
    // The REPL (the TUI reads its file the same way).
    let out = crate::common::sgs_with_stdin(
        &["repl", STATE],
        "expect allow tcp 6379 from app-1 to prod-redis\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("pass: allow tcp 6379 app-1 -> prod-redis"),
        "{stdout}"
    );
    // And `import aws FILE` in a session.
    let mut s = Session::new();
    let reply = s
        .run_line(&format!("import aws {STATE}"), &mut FileHost)
        .expect("imported");
    assert!(matches!(reply, Some(Reply::Imported(_))));
    assert!(s.world().groups.values().any(|g| g.name == "web-sg"));
}

/// A small plan in all three rule styles, with ids unknown until apply.
#[test]
fn the_three_rule_styles_and_unknown_ids_read_as_rules() {
    let resource = |address: &str, kind: &str, values: Value| json!({"address": address, "mode": "managed", "type": kind, "name": "x", "values": values});
    let planned = json!({"root_module": {"resources": [
        resource("aws_vpc.v", "aws_vpc", json!({"id": "vpc-0000000000000000a", "cidr_block": "10.0.0.0/16", "tags": {"Name": "v"}})),
        resource("aws_subnet.s", "aws_subnet", json!({"id": "subnet-0000000000000000c", "cidr_block": "10.0.1.0/24", "vpc_id": "vpc-0000000000000000a", "availability_zone": "us-east-1a"})),
        resource("aws_security_group.a", "aws_security_group", json!({
            "name": "a", "vpc_id": "vpc-0000000000000000a",
            "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22,
                          "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"], "self": true}],
            "egress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]})),
        resource("aws_security_group.b", "aws_security_group", json!({"name": "b"})),
        resource("aws_security_group_rule.legacy", "aws_security_group_rule", json!({
            "type": "ingress", "protocol": "udp", "from_port": 53, "to_port": 53})),
        resource("aws_vpc_security_group_ingress_rule.new", "aws_vpc_security_group_ingress_rule", json!({
            "ip_protocol": "tcp", "from_port": 443, "to_port": 443})),
        resource("aws_instance.i", "aws_instance", json!({"tags": {}})),
        resource("aws_route_table.public", "aws_route_table", json!({
            "vpc_id": "vpc-0000000000000000a", "route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-0000000000000000b"}]})),
        resource("aws_route_table_association.s", "aws_route_table_association", json!({})),
        resource("aws_lb.front", "aws_lb", json!({"name": "front"})),
        resource("aws_instance.j", "aws_instance", json!({
            "tags": {"Name": "j"}, "associate_public_ip_address": true,
            "subnet_id": "subnet-0000000000000000c", "private_ip": "10.0.1.4"})),
        // The same rule as a's first inline source: a refreshed state lists both.
        resource("aws_vpc_security_group_ingress_rule.twin", "aws_vpc_security_group_ingress_rule", json!({
            "ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "10.0.0.0/8",
            "security_group_rule_id": "sgr-0000000000000000f"})),
    ]}});
    let refs = |list: &[&str]| json!({"references": list});
    let config = json!({"root_module": {"resources": [
        {"address": "aws_subnet.s", "expressions": {"vpc_id": refs(&["aws_vpc.v.id", "aws_vpc.v"])}},
        {"address": "aws_security_group.b", "expressions": {"vpc_id": refs(&["aws_vpc.v.id"])}},
        {"address": "aws_security_group_rule.legacy", "expressions": {
            "security_group_id": refs(&["aws_security_group.b.id", "aws_security_group.b"]),
            "source_security_group_id": refs(&["aws_security_group.a.id"])}},
        {"address": "aws_vpc_security_group_ingress_rule.new", "expressions": {
            "security_group_id": refs(&["aws_security_group.b.id"]),
            "referenced_security_group_id": refs(&["aws_security_group.b.id"])}},
        {"address": "aws_route_table_association.s", "expressions": {
            "subnet_id": refs(&["aws_subnet.s.id"]),
            "route_table_id": refs(&["aws_route_table.public.id"])}},
        {"address": "aws_vpc_security_group_ingress_rule.twin", "expressions": {
            "security_group_id": refs(&["aws_security_group.a.id"])}},
        {"address": "aws_instance.i", "expressions": {
            "subnet_id": refs(&["aws_subnet.s.id"]),
            "vpc_security_group_ids": refs(&["aws_security_group.a.id", "aws_security_group.b.id"])}},
    ]}});
    let plan = json!({"format_version": "1.2", "planned_values": planned, "configuration": config});
    let worlds = plan_worlds("small.json", &plan.to_string()).expect("read");
    // What sgs does not simulate is reported, with the resource's place.
    assert!(
        worlds
            .after
            .report
            .skipped
            .iter()
            .any(|s| s.what == "aws_lb.front"
                && s.why == "sgs does not simulate aws_lb"
                && s.at.starts_with("planned_values.root_module.resources[")),
        "{:?}",
        worlds.after.report.skipped
    );
    let (before, after) = sessions("small.json", &plan.to_string());
    // The subnet's table sends 0.0.0.0/0 to an internet gateway: it is public.
    assert!(after.world().subnets.values().all(|s| s.public));
    assert!(before.world().groups.is_empty());
    let w = after.world();
    let group = |name: &str| w.groups.values().find(|g| g.name == name).expect(name);
    let (a, b) = (group("a"), group("b"));
    // Inline: one rule per source, `self` the group itself; egress all. The rule resource that
    // repeats an inline source is the same rule, with the resource's id.
    assert_eq!(a.ingress.len(), 3);
    assert!(a.ingress.iter().any(|r| r.id.0 == "sgr-0000000000000000f"));
    assert_eq!(a.egress.len(), 1);
    // The legacy rule and the new-style one land on b, whose id nobody knew.
    assert_eq!(b.ingress.len(), 2);
    // The instance, named by its address (no Name tag), took the subnet's first free address.
    let nic = w
        .enis
        .values()
        .find(|e| e.name == "aws_instance.i")
        .expect("i's interface");
    // j holds 10.0.1.4: i takes the next free address.
    assert_eq!(nic.private_ip.to_string(), "10.0.1.5");
    let j = w
        .enis
        .values()
        .find(|e| e.name == "j")
        .expect("j's interface");
    assert_eq!(
        j.public_ip.map(|a| a.to_string()).as_deref(),
        Some("198.18.0.1")
    );
    assert_eq!(nic.groups.len(), 2);
}

#[test]
fn a_plan_that_deletes_a_referenced_group_brings_a_stale_rule() {
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(STATE).expect("the state")).expect("JSON");
    let mut planned = state["values"].clone();
    // reporting-sg and its only member go; db-sg's rule from reporting-sg stays behind.
    let resources = planned["root_module"]["resources"]
        .as_array_mut()
        .expect("resources");
    resources.retain(|r| {
        let a = r["address"].as_str().unwrap_or_default();
        !a.starts_with("aws_security_group.reporting")
            && a != "aws_instance.reporting_1"
            && !a.contains("reporting_all_v4")
            && !a.contains("reporting_from_app")
    });
    let plan = json!({"prior_state": {"values": state["values"]}, "planned_values": planned});
    let (before, after) = sessions("stale.json", &plan.to_string());
    let check = plan_check(&before, &after).expect("checked");
    let stale: Vec<_> = check
        .introduced
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "stale-rule")
        .collect();
    // db-sg's ingress from it, and app-sg's egress to it.
    let ids: BTreeSet<&str> = stale
        .iter()
        .flat_map(|f| f.objects.iter().map(|o| o.id.as_str()))
        .filter(|id| id.starts_with("sgr-"))
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from(["sgr-dc2c1d93a7db82138", "sgr-c6118aa139cb24470"]),
        "{:?}",
        check.introduced.findings
    );
    // And the diff says reporting-1 is gone with what it reached.
    assert!(
        check
            .diff
            .reach
            .iter()
            .any(|p| p.from == "reporting-1" && p.lost.contains(&"tcp 3306".to_string()))
    );
}

#[test]
fn the_plan_check_output_in_docs_estates_is_what_sgs_prints() {
    let md = std::fs::read_to_string("docs/estates.md").expect("docs/estates.md");
    let start = md.find("<!-- plan-check output -->").expect("the marker");
    let block = &md[start..];
    let body = block
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("the output block");
    let (command, shown) = body
        .split_once('\n')
        .expect("a command line and its output");
    let args: Vec<&str> = command
        .strip_prefix("$ sgs ")
        .expect("`$ sgs …`")
        .split(' ')
        .collect();
    let out = sgs(&args);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        shown.trim_end(),
        "docs/estates.md: paste the left side"
    );
    assert_eq!(out.status.code(), Some(1));
}
