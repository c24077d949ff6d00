//! Managed prefix lists as rule peers (LANGUAGE.md "Estates", AWS-SEMANTICS §2.1 and §2.5):
//! creating, listing and deleting lists, rules that name a list by id or by name, the rule quota
//! weighed by max entries, undo, save and load.

use crate::common::{allowed, err_code, ok, session};
use sgs::session::Session;

const WORLD: &str = "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 public
create group web \"Web servers\" in prod
create prefix-list office entries 198.51.100.0/24, 203.0.113.0/25
launch web-1 in prod/web-a ip 10.0.1.10 public-ip groups web";

fn world() -> Session {
    session(WORLD)
}

fn list_id(s: &Session, name: &str) -> String {
    let w = s.world();
    w.prefix_lists
        .values()
        .find(|l| l.name == name)
        .map(|l| l.id.to_string())
        .expect("the list exists")
}

#[test]
fn a_rule_from_a_prefix_list_matches_its_entries_only() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to web",
    );
    assert!(allowed(&mut s, "tcp 22 from 198.51.100.7 to web-1"));
    assert!(allowed(&mut s, "tcp 22 from 203.0.113.100 to web-1"));
    assert!(!allowed(&mut s, "tcp 22 from 203.0.113.200 to web-1"));
    assert!(!allowed(&mut s, "tcp 80 from 198.51.100.7 to web-1"));
}

#[test]
fn a_list_is_named_by_its_id_as_well() {
    let mut s = world();
    let id = list_id(&s, "office");
    assert!(
        id.starts_with("pl-") && id.len() == "pl-".len() + 17,
        "{id}"
    );
    ok(
        &mut s,
        &format!("authorize ingress tcp 443 from {id} to web"),
    );
    assert!(allowed(&mut s, "tcp 443 from 198.51.100.7 to web-1"));
    // The same list by name is the same rule.
    err_code(
        &mut s,
        "authorize ingress tcp 443 from prefix-list office to web",
        "InvalidPermission.Duplicate",
    );
    ok(&mut s, &format!("revoke ingress tcp 443 from {id} to web"));
    assert!(!allowed(&mut s, "tcp 443 from 198.51.100.7 to web-1"));
}

#[test]
fn an_egress_rule_to_a_list_lets_the_instance_reach_its_entries() {
    let mut s = world();
    ok(&mut s, "revoke egress all from web to 0.0.0.0/0");
    assert!(!allowed(&mut s, "tcp 443 from web-1 to 198.51.100.9"));
    ok(
        &mut s,
        "authorize egress tcp 443 from web to prefix-list office",
    );
    assert!(allowed(&mut s, "tcp 443 from web-1 to 198.51.100.9"));
    assert!(!allowed(&mut s, "tcp 443 from web-1 to 192.0.2.9"));
}

#[test]
fn an_unknown_list_is_not_found() {
    let mut s = world();
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from pl-63a5400a to web",
        "InvalidPrefixListID.NotFound",
    );
    assert_eq!(e.message, "The prefix list ID 'pl-63a5400a' does not exist");
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from prefix-list ofice to web",
        "InvalidPrefixListID.NotFound",
    );
    assert_eq!(e.help.as_deref(), Some("did you mean 'office'?"));
}

#[test]
fn a_list_holds_cidrs_of_one_family_within_its_max_entries() {
    let mut s = world();
    err_code(
        &mut s,
        "create prefix-list mixed entries 10.0.0.0/8, 2001:db8::/32",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create prefix-list small entries 10.0.0.0/8, 10.1.0.0/16 max-entries 1",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create prefix-list huge entries 10.0.0.0/8 max-entries 1001",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create prefix-list bad entries 10.0.0.0/33",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create prefix-list twice entries 10.0.0.0/8, 10.0.0.0/8",
        "InvalidRequest",
    );
    err_code(
        &mut s,
        "create prefix-list office entries 10.0.0.0/8",
        "InvalidParameterValue",
    );
    // Entries are canonicalised like rule CIDRs.
    ok(&mut s, "create prefix-list lab entries 10.9.8.7/16");
    let w = s.world();
    let lab = w
        .prefix_lists
        .values()
        .find(|l| l.name == "lab")
        .expect("lab");
    assert_eq!(lab.entries[0].cidr.to_string(), "10.9.0.0/16");
    assert_eq!(lab.max_entries, 1);
}

#[test]
fn a_referenced_list_cannot_be_deleted_until_its_rules_are_revoked() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to web",
    );
    let e = err_code(&mut s, "delete prefix-list office", "DependencyViolation");
    assert!(
        e.help
            .as_deref()
            .is_some_and(|h| h.starts_with("revoke rule sgr-")),
        "{:?}",
        e.help
    );
    ok(
        &mut s,
        "revoke ingress tcp 22 from prefix-list office to web",
    );
    ok(&mut s, "delete prefix-list office");
    err_code(
        &mut s,
        "delete prefix-list office",
        "InvalidPrefixListID.NotFound",
    );
}

#[test]
fn show_prefix_lists_lists_entries_weight_and_rules() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to web",
    );
    let text = ok(&mut s, "show prefix-lists");
    assert!(text.contains("198.51.100.0/24, 203.0.113.0/25"), "{text}");
    assert!(text.contains("1 (web)"), "{text}");
    let group = ok(&mut s, "show group web");
    assert!(group.contains("(office)"), "{group}");
}

#[test]
fn a_list_weighs_its_max_entries_in_its_own_family() {
    let mut s = world();
    // The group has no ingress rule yet: a list of 60 max entries fills the IPv4 quota.
    ok(
        &mut s,
        "create prefix-list wide entries 192.0.2.0/24 max-entries 60",
    );
    ok(
        &mut s,
        "authorize ingress tcp 443 from prefix-list wide to web",
    );
    err_code(
        &mut s,
        "authorize ingress tcp 80 from 192.0.2.1/32 to web",
        "RulesPerSecurityGroupLimitExceeded",
    );
    // IPv6 rules are counted apart.
    ok(&mut s, "authorize ingress tcp 80 from 2001:db8::/32 to web");
    // The default weight is the number of entries: two.
    ok(&mut s, "create group db \"Databases\" in prod");
    ok(
        &mut s,
        "create prefix-list big entries 198.18.0.0/24 max-entries 59",
    );
    ok(
        &mut s,
        "authorize ingress tcp 5432 from prefix-list big to db",
    );
    err_code(
        &mut s,
        "authorize ingress tcp 5432 from prefix-list office to db",
        "RulesPerSecurityGroupLimitExceeded",
    );
    ok(&mut s, "authorize ingress tcp 5432 from 10.0.0.0/8 to db");
}

#[test]
fn an_ipv6_list_matches_ipv6_packets_only() {
    let mut s = world();
    ok(&mut s, "create prefix-list v6 entries 2001:db8::/32");
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list v6 to web",
    );
    let trace = ok(&mut s, "trace tcp 22 from 198.51.100.7 to web-1");
    assert!(
        trace.contains("an IPv6 prefix list never matches an IPv4 packet"),
        "{trace}"
    );
}

#[test]
fn the_trace_names_the_list_and_the_entry_that_matched() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to web",
    );
    let trace = ok(&mut s, "trace tcp 22 from 203.0.113.9 to web-1");
    assert!(
        trace.contains("203.0.113.9 is in 203.0.113.0/25, an entry of pl-"),
        "{trace}"
    );
    assert!(trace.contains("(office)"), "{trace}");
}

#[test]
fn undo_and_redo_take_lists_and_their_rules_back() {
    let mut s = world();
    let before = s.world().clone();
    ok(&mut s, "create prefix-list lab entries 192.0.2.0/24");
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list lab to web",
    );
    let after = s.world().clone();
    assert!(s.undo().is_ok());
    assert!(s.undo().is_ok());
    assert!(*s.world() == before, "undo gives back the world before");
    assert!(s.redo().is_ok());
    assert!(s.redo().is_ok());
    assert!(*s.world() == after, "redo gives back the world after");
    assert!(allowed(&mut s, "tcp 22 from 192.0.2.1 to web-1"));
}

#[test]
fn a_saved_world_keeps_its_lists_and_their_rules() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to web",
    );
    let text = sgs::io::to_ron(s.world()).expect("saves");
    let loaded = sgs::io::from_ron("lab.ron", &text).expect("loads");
    assert!(loaded == *s.world(), "the same world comes back");
    assert_eq!(loaded.prefix_lists.len(), 1);
}

#[test]
fn a_classic_group_takes_no_prefix_list() {
    let mut s = world();
    ok(&mut s, "create group legacy \"Old\" classic");
    err_code(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to legacy",
        "InvalidParameterValue",
    );
}

#[test]
fn completion_offers_prefix_lists_where_a_peer_or_a_list_goes() {
    let s = world();
    let w = s.world();
    let at_end = |line: &str| sgs::lang::complete(line, line.len(), w).candidates;
    assert_eq!(at_end("delete prefix-list "), ["office"]);
    assert_eq!(
        at_end("authorize ingress tcp 22 from prefix-list "),
        ["office"]
    );
    assert!(at_end("authorize ingress tcp 22 from ").contains(&"prefix-list".to_string()));
    let id = list_id(&s, "office");
    assert_eq!(at_end("authorize ingress tcp 22 from pl-"), [id]);
    assert_eq!(at_end("show prefix-l"), ["prefix-lists"]);
    assert_eq!(
        sgs::lang::hint("authorize ingress tcp 22 from prefix-list office ", w).as_deref(),
        Some("to <group>")
    );
}

// ----- a rule naming a list decides as one CIDR rule per entry -----

mod props;

// ----- what lint and the whole-world questions see of a list -----

#[test]
fn lint_sees_a_lists_entries_when_it_looks_for_shadowed_rules() {
    let mut s = world();
    ok(
        &mut s,
        "create prefix-list wide entries 10.0.0.0/16, 198.51.100.0/24",
    );
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list wide to web",
    );
    // Every address of this rule is an entry of the list: it is shadowed.
    ok(&mut s, "authorize ingress tcp 22 from 10.0.1.0/24 to web");
    let text = ok(&mut s, "lint");
    assert!(text.contains("shadowed-rule"), "{text}");
    assert!(text.contains("10.0.1.0/24) allows nothing"), "{text}");
    // A list rule whose entries the other rules cover is shadowed too.
    ok(
        &mut s,
        "authorize ingress tcp 22 from 203.0.113.0/24 to web",
    );
    ok(
        &mut s,
        "create prefix-list inner entries 203.0.113.0/25, 10.0.2.0/24",
    );
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list inner to web",
    );
    let text = ok(&mut s, "lint");
    assert!(text.contains("from pl-"), "{text}");
}

#[test]
fn lint_weighs_a_list_by_its_max_entries_in_the_quota() {
    let mut s = world();
    ok(
        &mut s,
        "create prefix-list heavy entries 192.0.2.0/24 max-entries 58",
    );
    ok(
        &mut s,
        "authorize ingress tcp 443 from prefix-list heavy to web",
    );
    let text = ok(&mut s, "lint");
    assert!(
        text.contains("holds 58 of its 60 ingress rules (IPv4)"),
        "{text}"
    );
}

#[test]
fn who_can_reach_lists_the_entries_as_ranges() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from prefix-list office to web",
    );
    let text = ok(&mut s, "who can reach web-1 on tcp 22");
    assert!(text.contains("198.51.100.0/24"), "{text}");
    assert!(text.contains("203.0.113.0/25"), "{text}");
    assert!(!text.contains("203.0.113.128"), "{text}");
    assert!(text.contains("prefix-list office"), "{text}");
    // A list is no open rule: a host of unknown address is not sure to be in it.
    let text = ok(&mut s, "show exposure tcp 22");
    assert!(
        text.contains("internet can open nothing on tcp 22"),
        "{text}"
    );
}

// ----- import aws: describe-managed-prefix-lists and the entries files -----

mod import;

// ----- terraform show -json: the data source and the resource, with their entries -----

mod terraform;
