//! `lint` (LANGUAGE.md "Whole-world questions"): a session per code of the table that contains
//! exactly that finding, the witnesses shown by the lines they name, the set algebra of shadowed
//! rules, and quotas past the limit in a loaded world. `cli` runs `sgs lint` and `sgs run --json`
//! (exit codes, JSON Lines, SARIF checked against the SARIF 2.1.0 schema).

use crate::common::{ok, session};
use sgs::session::{Lint, NoFiles, Reply, Session};
use sgs::world::World;

mod cli;

/// The lint of the session's current account and region.
fn lint(s: &mut Session) -> Lint {
    match s.run_line("lint", &mut NoFiles) {
        Ok(Some(Reply::Lint(l))) => l,
        other => panic!("lint: {other:?}"),
    }
}

/// The codes found, in order.
fn codes(s: &mut Session) -> Vec<&'static str> {
    lint(s).findings.iter().map(|f| f.code.as_str()).collect()
}

/// A VPC with a public and a private subnet.
pub(crate) const NET: &str = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create subnet app-a in prod 10.0.2.0/24";

pub(crate) fn world(lines: &str) -> Session {
    session(&format!("{NET}\n{lines}"))
}

#[test]
fn a_fresh_world_has_no_findings() {
    let mut s = session("");
    assert_eq!(codes(&mut s), Vec::<&str>::new());
    assert!(ok(&mut s, "lint").starts_with("no findings in "));
}

// ----- open-admin-port -----

/// SSH open to the world on a group whose egress is narrowed (so its flows are tracked).
pub(crate) const SSH_OPEN: &str = "create group web \"w\" in prod
authorize ingress tcp 22 from 0.0.0.0/0 to web
revoke egress all from web to 0.0.0.0/0
authorize egress tcp 443 from web to 0.0.0.0/0";

#[test]
fn open_admin_port_is_found_on_an_endpoint_the_internet_reaches() {
    let mut s = world(&format!(
        "{SSH_OPEN}\nlaunch web-1 in prod/web-a public-ip groups web"
    ));
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["open-admin-port"]);
    let f = &l.findings[0];
    assert_eq!(f.severity.as_str(), "error");
    let labels: Vec<&str> = f.objects.iter().map(|o| o.label()).collect();
    assert_eq!(labels[..2], ["web-1", "web"], "{labels:?}");
    assert!(
        labels[2].starts_with("sgr-"),
        "the rule that lets it in: {labels:?}"
    );
    let witness = f.witness.clone().expect("a witness");
    assert_eq!(witness, "probe tcp 22 from internet to web-1");
    // The witness shows it: the probe is allowed.
    assert!(ok(&mut s, &witness).starts_with("allow"), "{witness}");
}

#[test]
fn open_admin_port_is_judged_by_the_data_plane_not_the_rule_text() {
    // The same group on an instance with no public address, and on one behind a network ACL
    // that denies SSH: the rule text is as open, but the internet reaches neither.
    let mut s = world(&format!(
        "{SSH_OPEN}
launch app-1 in prod/app-a groups web
create subnet locked in prod 10.0.3.0/24 public
create nacl strict in prod
create nacl-entry strict ingress 100 allow tcp 443 from 0.0.0.0/0
create nacl-entry strict egress 100 allow tcp 1024-65535 to 0.0.0.0/0
associate nacl strict with prod/locked
launch web-2 in prod/locked public-ip groups web"
    ));
    assert_eq!(codes(&mut s), Vec::<&str>::new());
    // Open the ACL to SSH: now web-2 is found, app-1 still not.
    ok(
        &mut s,
        "create nacl-entry strict ingress 110 allow tcp 22 from 0.0.0.0/0",
    );
    let l = lint(&mut s);
    let found: Vec<&str> = l.findings.iter().map(|f| f.objects[0].label()).collect();
    assert_eq!(found, ["web-2"]);
}

#[test]
fn open_admin_port_is_one_finding_per_endpoint_and_port() {
    let mut s = world(&format!(
        "{SSH_OPEN}
authorize ingress tcp 3300-3400 from 0.0.0.0/0 to web
authorize ingress tcp 5432 from 0.0.0.0/0 to web
launch web-1 in prod/web-a public-ip groups web
launch web-2 in prod/web-a public-ip groups web"
    ));
    let l = lint(&mut s);
    let found: Vec<String> = l
        .findings
        .iter()
        .map(|f| f.witness.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        found,
        [
            "probe tcp 22 from internet to web-1",
            "probe tcp 3389 from internet to web-1",
            "probe tcp 3306 from internet to web-1",
            "probe tcp 5432 from internet to web-1",
            "probe tcp 22 from internet to web-2",
            "probe tcp 3389 from internet to web-2",
            "probe tcp 3306 from internet to web-2",
            "probe tcp 5432 from internet to web-2",
        ]
    );
}

#[test]
fn open_admin_port_over_ipv6_has_an_ipv6_witness() {
    // No public IPv4 address: only IPv6 comes in, from ::/0.
    let mut s = session(
        "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:aa00::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:aa00:1::/64 public
create group web \"w\" in prod
authorize ingress tcp 22 from ::/0 to web
revoke egress all from web to 0.0.0.0/0
revoke egress all from web to ::/0
authorize egress tcp 443 from web to ::/0
launch web-1 in prod/web-a ipv6 2600:1f18:aa00:1::20 groups web",
    );
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["open-admin-port"]);
    assert!(l.findings[0].message.contains("tcp 22 on web-1 over IPv6"));
    let witness = l.findings[0].witness.clone().unwrap();
    assert_eq!(witness, "probe tcp 22 from 2001:db8::7 to web-1");
    assert!(ok(&mut s, &witness).starts_with("allow"));
    assert!(ok(&mut s, "probe tcp 22 from internet to web-1").starts_with("deny"));
}

// ----- unused-group -----

#[test]
fn unused_group_is_a_group_without_members_or_references() {
    let mut s = world(
        "create group spare \"nobody uses it\" in prod
create group db \"referenced only\" in prod
create group app \"has a member\" in prod
authorize ingress tcp 5432 from db to app
launch app-1 in prod/app-a groups app",
    );
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["unused-group"]);
    assert_eq!(l.findings[0].objects[0].label(), "spare");
    assert_eq!(l.findings[0].severity.as_str(), "info");
    assert_eq!(l.findings[0].witness, None);
    // A group that references only itself is still unused.
    ok(&mut s, "authorize ingress tcp 22 from spare to spare");
    assert_eq!(codes(&mut s), ["unused-group"]);
}

// ----- stale-rule -----

#[test]
fn stale_rule_is_a_reference_across_a_peering_that_is_gone() {
    let mut s = world(
        "create vpc shared 10.1.0.0/16
create subnet tools-a in shared 10.1.1.0/24
create group tools \"tools\" in shared
create group app \"app\" in prod
launch tools-1 in shared/tools-a groups tools
launch app-1 in prod/app-a groups app
create peering p between prod and shared
authorize ingress tcp 8080 from shared/tools to app",
    );
    assert_eq!(codes(&mut s), Vec::<&str>::new());
    ok(&mut s, "delete peering p");
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["stale-rule"]);
    let f = &l.findings[0];
    assert_eq!(f.severity.as_str(), "error");
    assert_eq!(f.objects[0].label(), "app");
    assert!(f.objects[1].label().starts_with("sgr-"));
    assert!(
        f.message.contains("no peering joins the two VPCs"),
        "{}",
        f.message
    );
    // `show stale` lists the same rule.
    let stale = ok(&mut s, "show stale");
    assert!(stale.contains(f.objects[1].label()), "{stale}");
}

// ----- shadowed-rule -----

fn shadowed(s: &mut Session) -> Vec<String> {
    lint(s)
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "shadowed-rule")
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn shadowed_rule_allows_nothing_the_other_rules_do_not() {
    let mut s = world(
        "create group app \"app\" in prod
authorize ingress tcp 20-30 from 10.0.0.0/8 to app
authorize ingress tcp 22 from 10.1.0.0/16 to app
launch app-1 in prod/app-a groups app",
    );
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["shadowed-rule"]);
    assert_eq!(l.findings[0].severity.as_str(), "warning");
    assert!(
        l.findings[0].message.contains("tcp 22 from 10.1.0.0/16"),
        "{}",
        l.findings[0].message
    );
}

#[test]
fn shadowing_needs_the_union_of_the_other_rules() {
    // tcp 22 from 10.0.0.0/16 is covered by two halves together, not by either alone.
    let mut s = world(
        "create group app \"app\" in prod
authorize ingress tcp 22 from 10.0.0.0/16 to app
authorize ingress tcp 0-1000 from 10.0.0.0/17 to app
authorize ingress tcp 22-23 from 10.0.128.0/17 to app
launch app-1 in prod/app-a groups app",
    );
    let found = shadowed(&mut s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("tcp 22 from 10.0.0.0/16"), "{found:?}");
    // Narrow one half: the older rule now allows something of its own.
    let mut s = world(
        "create group app \"app\" in prod
authorize ingress tcp 22 from 10.0.0.0/16 to app
authorize ingress tcp 0-1000 from 10.0.0.0/17 to app
authorize ingress tcp 22-23 from 10.0.128.0/18 to app
launch app-1 in prod/app-a groups app",
    );
    assert_eq!(shadowed(&mut s), Vec::<String>::new());
}

#[test]
fn of_rules_that_cover_each_other_the_newer_are_shadowed_and_the_rest_keep_what_was_allowed() {
    // tcp 22-23 is covered by tcp 22 and tcp 23 together, and each of those by tcp 22-23: the
    // two newer rules are the shadowed ones; revoking both leaves the same traffic allowed.
    let mut s = world(
        "create group app \"app\" in prod
authorize ingress tcp 22-23 from 10.0.0.0/8 to app
authorize ingress tcp 22 from 10.0.0.0/8 to app
authorize ingress tcp 23 from 10.0.0.0/8 to app
authorize ingress all from 10.0.0.0/8 to app
launch app-1 in prod/app-a groups app",
    );
    // `all` covers every other rule, and nothing covers it: the three tcp rules are shadowed.
    let found = shadowed(&mut s);
    assert_eq!(found.len(), 3, "{found:?}");
    let mut s = world(
        "create group app \"app\" in prod
authorize ingress tcp 22-23 from 10.0.0.0/8 to app
authorize ingress tcp 22 from 10.0.0.0/8 to app
authorize ingress tcp 23 from 10.0.0.0/8 to app
launch app-1 in prod/app-a groups app",
    );
    let found = shadowed(&mut s);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("(ingress tcp 22 from"), "{found:?}");
    assert!(found[1].contains("(ingress tcp 23 from"), "{found:?}");
}

#[test]
fn equal_rules_shadow_the_newer_one() {
    // Two rules of equal permission cannot be authorized (a duplicate), but a loaded world can
    // hold them: the newer one is the shadowed one.
    let s = world(
        "create group app \"app\" in prod
authorize ingress tcp 22 from 10.0.0.0/8 to app
launch app-1 in prod/app-a groups app",
    );
    let mut w: World = s.world().clone();
    let id = w
        .groups
        .values()
        .find(|g| g.name == "app")
        .map(|g| g.id.clone())
        .unwrap();
    let old = w.groups.get(&id).unwrap().ingress[0].clone();
    let mut newer = old.clone();
    newer.id = sgs::vocab::RuleId("sgr-0000000000000beef".into());
    w.groups.get_mut(&id).unwrap().ingress.push(newer);
    let mut s = Session::from_world(w);
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["shadowed-rule"]);
    assert_eq!(l.findings[0].objects[1].label(), "sgr-0000000000000beef");
}

#[test]
fn group_references_are_not_shadowed_by_addresses_that_hold_todays_members() {
    let mut s = world(
        "create group app \"app\" in prod
create group web \"web\" in prod
create group empty \"no members\" in prod
authorize ingress tcp 8080 from 10.0.0.0/16 to app
authorize ingress tcp 8080 from web to app
authorize ingress tcp 9090 from empty to app
launch web-1 in prod/web-a groups web
launch app-1 in prod/app-a groups app",
    );
    // web-1's address is in 10.0.0.0/16, but the reference stands for whoever joins web; and a
    // reference to a group with no members is no finding.
    assert_eq!(codes(&mut s), Vec::<&str>::new());
    // Rules open to every address of both families do cover a reference.
    ok(&mut s, "authorize ingress tcp 8080 from 0.0.0.0/0 to app");
    ok(&mut s, "authorize ingress tcp 8080 from ::/0 to app");
    let found = shadowed(&mut s);
    assert_eq!(found.len(), 2, "{found:?}");
}

// ----- near-quota and quota-exceeded -----

fn many_rules(group: &str, n: u16) -> String {
    (0..n)
        .map(|i| {
            format!(
                "authorize ingress tcp {} from 10.0.0.0/8 to {group}\n",
                1000 + 2 * i
            )
        })
        .collect()
}

#[test]
fn near_quota_is_54_of_60_rules_of_a_direction_and_family() {
    let mut s = world(&format!(
        "create group app \"app\" in prod\n{}launch app-1 in prod/app-a groups app",
        many_rules("app", 53)
    ));
    assert_eq!(codes(&mut s), Vec::<&str>::new());
    ok(&mut s, "authorize ingress tcp 2000 from 10.0.0.0/8 to app");
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["near-quota"]);
    assert!(
        l.findings[0]
            .message
            .contains("54 of its 60 ingress rules (IPv4)"),
        "{}",
        l.findings[0].message
    );
    // A group reference counts in both families.
    ok(&mut s, "authorize ingress tcp 2002 from app to app");
    let l = lint(&mut s);
    assert!(
        l.findings[0]
            .message
            .contains("55 of its 60 ingress rules (IPv4)"),
        "{}",
        l.findings[0].message
    );
}

#[test]
fn near_quota_is_an_interface_whose_groups_hold_more_than_1000_rules() {
    // Five groups of 204 rules each: 51 IPv4 and 51 IPv6 rules each way, short of a group's
    // quota (and of near it), 1,020 together.
    let mut lines = String::new();
    let mut groups = Vec::new();
    for g in 0..5 {
        let name = format!("g{g}");
        lines.push_str(&format!("create group {name} \"g\" in prod\n"));
        lines.push_str(&format!("revoke egress all from {name} to 0.0.0.0/0\n"));
        for i in 0..51u16 {
            let port = 1000 + i;
            for (way, peer) in [("ingress", "from"), ("egress", "to")] {
                for cidr in ["10.0.0.0/8", "2001:db8::/32"] {
                    let rule = match way {
                        "ingress" => format!("authorize ingress tcp {port} from {cidr} to {name}"),
                        _ => format!("authorize egress tcp {port} from {name} to {cidr}"),
                    };
                    let _ = peer;
                    lines.push_str(&rule);
                    lines.push('\n');
                }
            }
        }
        groups.push(name);
    }
    lines.push_str(&format!(
        "launch app-1 in prod/app-a groups {}",
        groups.join(", ")
    ));
    let mut s = world(&lines);
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["near-quota"], "{l:?}");
    assert!(
        l.findings[0].message.contains("hold 1020 rules together"),
        "{}",
        l.findings[0].message
    );
    assert_eq!(l.findings[0].objects[0].label(), "app-1");
    // Four of the groups (816 rules): only the fifth, now unused, is found.
    ok(&mut s, "modify instance app-1 groups g0, g1, g2, g3");
    assert_eq!(codes(&mut s), ["unused-group"]);
}

#[test]
fn quota_exceeded_is_found_in_a_loaded_world_past_a_quota() {
    // The control plane refuses the 61st rule and the sixth group, so the world is edited and
    // saved, as an import would bring it, then loaded.
    let mut s = world(&format!(
        "create group app \"app\" in prod\n{}launch app-1 in prod/app-a groups app",
        many_rules("app", 60)
    ));
    let code = ok(
        &mut s,
        "expect error RulesPerSecurityGroupLimitExceeded: authorize ingress tcp 9 from 10.0.0.0/8 to app",
    );
    assert!(code.starts_with("pass"), "{code}");
    let mut w: World = s.world().clone();
    let id = w
        .groups
        .values()
        .find(|g| g.name == "app")
        .map(|g| g.id.clone())
        .unwrap();
    let mut extra = w.groups.get(&id).unwrap().ingress[0].clone();
    extra.id = sgs::vocab::RuleId("sgr-00000000000000061".into());
    extra.proto = sgs::vocab::Proto::Tcp(sgs::vocab::PortRange { from: 9, to: 9 });
    w.groups.get_mut(&id).unwrap().ingress.push(extra);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("past.ron");
    std::fs::write(&path, sgs::io::to_ron(&w).unwrap()).unwrap();
    let loaded = sgs::io::load(&path).unwrap();
    let mut s = Session::from_world(loaded);
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["quota-exceeded"], "{l:?}");
    assert!(l.findings[0].message.contains("61 of its 60 ingress rules"));
    assert_eq!(l.findings[0].severity.as_str(), "error");
}

#[test]
fn quota_exceeded_is_an_interface_with_more_groups_than_the_quota() {
    let mut lines = String::new();
    for g in 0..6 {
        lines.push_str(&format!("create group g{g} \"g\" in prod\n"));
    }
    lines.push_str("launch app-1 in prod/app-a groups g0, g1, g2, g3, g4");
    let s = world(&lines);
    let mut w: World = s.world().clone();
    let g5 = w
        .groups
        .values()
        .find(|g| g.name == "g5")
        .map(|g| g.id.clone())
        .unwrap();
    let eni = w
        .enis
        .values()
        .find(|e| e.name == "app-1")
        .map(|e| e.id.clone())
        .unwrap();
    w.enis.get_mut(&eni).unwrap().groups.push(g5);
    let text = sgs::io::to_ron(&w).unwrap();
    let mut s = Session::from_world(sgs::io::from_ron("past.ron", &text).unwrap());
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["quota-exceeded"], "{l:?}");
    assert!(
        l.findings[0]
            .message
            .contains("has 6 groups; the quota is 5")
    );
}

// ----- default-group-in-use -----

#[test]
fn default_group_in_use_is_an_endpoint_with_only_its_vpcs_default_group() {
    let mut s = world("launch app-1 in prod/app-a");
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["default-group-in-use"]);
    assert_eq!(l.findings[0].objects[0].label(), "app-1");
    assert_eq!(l.findings[0].objects[1].label(), "default");
    assert_eq!(l.findings[0].severity.as_str(), "warning");
    // With a group of its own beside the default one, it is no finding.
    ok(&mut s, "create group app \"app\" in prod");
    ok(&mut s, "modify instance app-1 groups default, app");
    assert_eq!(codes(&mut s), Vec::<&str>::new());
}

// ----- untracked-flows -----

#[test]
fn untracked_flows_are_found_and_the_trace_shows_them() {
    let mut s = world(
        "create group web \"web\" in prod
authorize ingress tcp 443 from 0.0.0.0/0 to web
launch web-1 in prod/web-a public-ip groups web",
    );
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["untracked-flows"]);
    let f = &l.findings[0];
    assert_eq!(f.severity.as_str(), "info");
    let witness = f.witness.clone().unwrap();
    assert_eq!(witness, "trace tcp 443 from internet to web-1");
    assert!(ok(&mut s, &witness).contains("untracked"));
    // Narrow the egress rules: every flow is tracked.
    ok(&mut s, "revoke egress all from web to 0.0.0.0/0");
    ok(&mut s, "authorize egress tcp 443 from web to 0.0.0.0/0");
    assert_eq!(codes(&mut s), Vec::<&str>::new());
}

#[test]
fn untracked_flows_of_an_endpoint_the_internet_cannot_reach_are_shown_from_a_neighbour() {
    let mut s = world(
        "create group web \"web\" in prod
authorize ingress udp 5000 from 0.0.0.0/0 to web
launch app-1 in prod/app-a groups web
launch app-2 in prod/app-a groups web",
    );
    let l = lint(&mut s);
    assert_eq!(codes(&mut s), ["untracked-flows", "untracked-flows"]);
    let w: Vec<String> = l
        .findings
        .iter()
        .map(|f| f.witness.clone().unwrap())
        .collect();
    assert_eq!(
        w,
        [
            "trace udp 5000 from app-2 to app-1",
            "trace udp 5000 from app-1 to app-2"
        ]
    );
    assert!(ok(&mut s, &w[0]).contains("untracked"));
}

#[test]
fn untracked_flows_of_interfaces_of_the_same_groups_are_each_decided_to_reach() {
    // web-1 is found from the internet; app-1 has the same group but no public address, so the
    // same connection does not reach it, and a neighbour's does.
    let mut s = world(
        "create group web \"web\" in prod
authorize ingress tcp 443 from 0.0.0.0/0 to web
launch web-1 in prod/web-a public-ip groups web
launch app-1 in prod/app-a groups web",
    );
    let l = lint(&mut s);
    let w: Vec<String> = l
        .findings
        .iter()
        .map(|f| f.witness.clone().unwrap())
        .collect();
    assert_eq!(
        w,
        [
            "trace tcp 443 from internet to web-1",
            "trace tcp 443 from web-1 to app-1"
        ]
    );
    for line in &w {
        assert!(ok(&mut s, line).contains("untracked"), "{line}");
    }
}

// ----- the language -----

#[test]
fn the_sections_lint_lines_parse_and_work() {
    // LANGUAGE.md "Whole-world questions":
    //   lint                                                  # findings about the whole world, each with its evidence
    //   lint in prod
    let mut s = world("launch app-1 in prod/app-a\nlaunch web-9 in default/a");
    let all = lint(&mut s);
    assert_eq!(all.findings.len(), 2, "{all:?}");
    let prod = match s.run_line("lint in prod", &mut NoFiles) {
        Ok(Some(Reply::Lint(l))) => l,
        other => panic!("{other:?}"),
    };
    assert_eq!(prod.scope, "vpc prod");
    assert_eq!(prod.findings.len(), 1);
    assert_eq!(prod.findings[0].objects[0].label(), "app-1");
    let e = crate::common::err_code(&mut s, "lint in nowhere", "InvalidVpcID.NotFound");
    assert!(e.span.is_some());
    assert!(ok(&mut s, "help lint").contains("lint [in <vpc>]"));
}
