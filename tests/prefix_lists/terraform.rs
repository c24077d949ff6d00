//! `terraform show -json` with managed prefix lists: the data source's `entries`, the resource's
//! `entry` blocks and `aws_ec2_managed_prefix_list_entry` make lists whose rules decide packets;
//! a list whose entries the file does not hold is skipped with the reason, and so are its rules.

use serde_json::{Value, json};
use sgs::io::FileHost;
use sgs::io::terraform::{plan_worlds, state_world};
use sgs::session::Session;

const STATE: &str = "tests/data/terraform/prefix-lists.state.json";

fn ok(s: &mut Session, line: &str) -> String {
    s.run_line(line, &mut FileHost)
        .map(|r| r.map(|r| r.text()).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{}", e.render("<test>", line)))
}

fn state() -> (Session, String) {
    let mut s = Session::new();
    let report = ok(&mut s, &format!("import aws {STATE}"));
    (s, report)
}

#[test]
fn a_rule_naming_a_data_source_list_decides_by_its_entries() {
    let (mut s, report) = state();
    assert!(report.contains("(1 file)"), "{report}");
    assert!(report.contains("2 rules, 2 prefix lists"), "{report}");
    assert!(
        ok(&mut s, "expect allow tcp 22 from 198.51.100.7 to app-1").starts_with("pass"),
        "an entry of the data source"
    );
    assert!(ok(&mut s, "expect allow tcp 22 from 203.0.113.70 to app-1").starts_with("pass"));
    assert!(ok(&mut s, "expect deny tcp 22 from 203.0.113.5 to app-1").starts_with("pass"));
    let w = s.world();
    let offices = w
        .prefix_lists
        .values()
        .find(|l| l.name == "offices")
        .expect("the data source's list");
    assert_eq!(offices.id.as_str(), "pl-0a1b2c3d4e5f60789");
    assert_eq!((offices.entries.len(), offices.max_entries), (2, 5));
    assert_eq!(
        offices.entries[0].description.as_deref(),
        Some("head office")
    );
}

#[test]
fn a_resource_list_takes_its_entry_blocks_and_its_entry_resources() {
    let (mut s, _) = state();
    // 192.0.2.0/25 is an `entry` block, 192.0.2.200/29 an aws_ec2_managed_prefix_list_entry.
    assert!(ok(&mut s, "expect allow tcp 443 from 192.0.2.9 to app-1").starts_with("pass"));
    assert!(ok(&mut s, "expect allow tcp 443 from 192.0.2.201 to app-1").starts_with("pass"));
    assert!(ok(&mut s, "expect deny tcp 443 from 192.0.2.150 to app-1").starts_with("pass"));
    assert!(ok(&mut s, "expect deny tcp 22 from 192.0.2.9 to app-1").starts_with("pass"));
    let w = s.world();
    let partners = w
        .prefix_lists
        .values()
        .find(|l| l.name == "partners")
        .expect("the resource's list");
    assert_eq!(partners.max_entries, 10);
    assert_eq!(partners.owner, "123456789012");
    let rule = w
        .groups
        .values()
        .flat_map(|g| g.all_rules())
        .find(|(_, r)| r.peer.to_string() == "pl-0f9e8d7c6b5a43210")
        .map(|(_, r)| r.description.clone());
    assert_eq!(rule, Some(Some("HTTPS from partners".to_string())));
}

#[test]
fn a_list_whose_entries_are_not_known_is_skipped_with_its_rules() {
    let (s, report) = state();
    assert!(
        report.contains(
            "values.root_module.resources[1]: data.aws_ec2_managed_prefix_list.dynamodb: its entries are not known"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "sgr-03a2b3c4d5e6f7081 (pl-02cd2c6b): a rule whose peer is a managed prefix list whose entries the file does not hold"
        ),
        "{report}"
    );
    // A state is no folder: the reason names no folder and no entries file to save.
    assert!(!report.contains("not in the folder"), "{report}");
    assert!(
        !s.world()
            .prefix_lists
            .keys()
            .any(|id| id.as_str() == "pl-02cd2c6b")
    );
}

fn doc() -> Value {
    serde_json::from_str(&std::fs::read_to_string(STATE).expect("the state")).expect("JSON")
}

#[test]
fn an_entry_that_is_not_a_cidr_is_a_located_error() {
    let mut d = doc();
    d["values"]["root_module"]["resources"][2]["values"]["entry"][0]["cidr"] =
        json!("192.0.2.0/33");
    let text = serde_json::to_string_pretty(&d).expect("text");
    let err = state_world("x.json", &text).err().expect("refused");
    assert!(
        err.message
            .contains("values.root_module.resources[2].values.entry[0].cidr"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("192.0.2.0/33 is not a CIDR block"),
        "{}",
        err.message
    );
    // An entry of the other family.
    let mut d = doc();
    d["values"]["root_module"]["resources"][0]["values"]["entries"][1]["cidr"] =
        json!("2001:db8::/32");
    let text = serde_json::to_string_pretty(&d).expect("text");
    let err = state_world("x.json", &text).err().expect("refused");
    assert!(
        err.message.contains("other address family"),
        "{}",
        err.message
    );
}

/// A plan creates a list and a rule naming it, ids unknown until apply: the two meet through the
/// configuration's references, and the world after lets the list's entries in. The plan's
/// planned values leave out the data source, which its prior state holds.
#[test]
fn a_plan_that_creates_a_list_and_its_rule_changes_what_the_entries_reach() {
    let mut prior = doc();
    let resources = prior["values"]["root_module"]["resources"].clone();
    let planned: Vec<Value> = resources
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["mode"] != json!("data"))
        .cloned()
        .chain([
            json!({"address": "aws_ec2_managed_prefix_list.vendors", "mode": "managed",
                   "type": "aws_ec2_managed_prefix_list", "name": "vendors",
                   "values": {"address_family": "IPv4", "max_entries": 3, "name": "vendors",
                              "entry": [{"cidr": "203.0.113.128/26", "description": null}]}}),
            json!({"address": "aws_vpc_security_group_ingress_rule.rdp_vendors", "mode": "managed",
                   "type": "aws_vpc_security_group_ingress_rule", "name": "rdp_vendors",
                   "values": {"ip_protocol": "tcp", "from_port": 3389, "to_port": 3389,
                              "security_group_id": "sg-0c11b22c33d44e55f"}}),
        ])
        .collect();
    let config = json!({"root_module": {"resources": [
        {"address": "aws_vpc_security_group_ingress_rule.rdp_vendors",
         "expressions": {"prefix_list_id": {"references": [
             "aws_ec2_managed_prefix_list.vendors.id", "aws_ec2_managed_prefix_list.vendors"]}}}]}});
    let plan = json!({
        "format_version": "1.2",
        "prior_state": {"format_version": "1.0", "values": prior["values"].take()},
        "planned_values": {"root_module": {"resources": planned}},
        "configuration": config,
    });
    let text = serde_json::to_string(&plan).expect("text");
    let worlds = plan_worlds("p.json", &text).unwrap_or_else(|e| panic!("{}", e.message));
    let mut before = Session::from_world(worlds.before.world);
    before.catch_up();
    let mut after = Session::from_world(worlds.after.world);
    after.catch_up();
    let rdp = "tcp 3389 from 203.0.113.140 to app-1";
    assert!(ok(&mut before, &format!("expect deny {rdp}")).starts_with("pass"));
    assert!(ok(&mut after, &format!("expect allow {rdp}")).starts_with("pass"));
    assert!(
        ok(
            &mut after,
            "expect deny tcp 3389 from 203.0.113.200 to app-1"
        )
        .starts_with("pass")
    );
    // The data source's list is in both worlds, so its rule is no change.
    assert!(ok(&mut after, "expect allow tcp 22 from 198.51.100.7 to app-1").starts_with("pass"));
    let vendors = after
        .world()
        .prefix_lists
        .values()
        .find(|l| l.name == "vendors")
        .map(|l| l.id.to_string())
        .expect("the planned list");
    assert!(
        vendors.starts_with("pl-") && vendors.len() == 20,
        "{vendors}"
    );
}
