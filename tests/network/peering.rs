//! VPC peering: creating and deleting peerings, group references across them, and stale rules.

use crate::common::{allowed, err_code, ok, session};
use sgs::session::Session;

/// prod (10.0.0.0/16) in the first account, shared (10.1.0.0/16) in account 111122223333, same
/// region; the session is back in the first account.
const TWO_ACCOUNTS: &str = "create vpc prod 10.0.0.0/16
create subnet app-a in prod 10.0.2.0/24
create group app \"App\" in prod
launch app-1 in prod/app-a groups app
account 111122223333
create vpc shared 10.1.0.0/16
create subnet tools-a in shared 10.1.1.0/24
create group tools \"Tools\" in shared
create group spare \"Spare\" in shared
launch tools-1 in shared/tools-a groups tools
account 123456789012";

fn two_accounts() -> Session {
    session(TWO_ACCOUNTS)
}

fn peered() -> Session {
    let mut s = two_accounts();
    ok(
        &mut s,
        "create peering prod-shared between prod and 111122223333/shared",
    );
    s
}

#[test]
fn a_peering_is_active_at_once_and_listed() {
    let mut s = two_accounts();
    let out = ok(
        &mut s,
        "create peering prod-shared between prod and 111122223333/shared",
    );
    assert!(
        out.starts_with("ok: created peering prod-shared (pcx-"),
        "{out}"
    );
    assert!(out.contains("active"), "{out}");
    let text = ok(&mut s, "show peerings");
    assert!(text.contains("prod-shared"), "{text}");
    assert!(text.contains("111122223333/shared"), "{text}");
    assert!(text.contains("same region  active"), "{text}");
    // The accepter's account sees it too.
    ok(&mut s, "account 111122223333");
    assert!(ok(&mut s, "show peerings").contains("prod-shared"));
}

#[test]
fn overlapping_cidrs_are_refused() {
    let mut s = two_accounts();
    ok(&mut s, "create vpc clash 10.0.128.0/17");
    let e = err_code(
        &mut s,
        "create peering bad between prod and clash",
        "InvalidParameterValue",
    );
    assert!(e.message.contains("overlap"), "{}", e.message);
    assert!(
        e.message.contains("10.0.0.0/16 and 10.0.128.0/17"),
        "{}",
        e.message
    );
    ok(
        &mut s,
        "create vpc v6a 10.20.0.0/16 ipv6 2600:1f18:1:100::/56",
    );
    ok(
        &mut s,
        "create vpc v6b 10.21.0.0/16 ipv6 2600:1f18:1:100::/56",
    );
    err_code(
        &mut s,
        "create peering six between v6a and v6b",
        "InvalidParameterValue",
    );
}

#[test]
fn a_peering_joins_two_different_vpcs_once() {
    let mut s = peered();
    err_code(
        &mut s,
        "create peering self between prod and prod",
        "InvalidParameterValue",
    );
    let e = err_code(
        &mut s,
        "create peering again between prod and 111122223333/shared",
        "VpcPeeringConnectionAlreadyExists",
    );
    assert!(
        e.message
            .starts_with("A VPC peering connection already exists between vpc-")
    );
    ok(&mut s, "create vpc third 10.3.0.0/16");
    err_code(
        &mut s,
        "create peering prod-shared between prod and third",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create peering p between prod and nowhere",
        "InvalidVpcID.NotFound",
    );
}

#[test]
fn a_peering_belongs_to_its_first_vpcs_account_and_is_deleted_from_there() {
    let mut s = peered();
    // The first VPC must be here.
    err_code(
        &mut s,
        "create peering back between 111122223333/shared and prod",
        "InvalidVpcID.NotFound",
    );
    ok(&mut s, "account 111122223333");
    err_code(
        &mut s,
        "delete peering prod-shared",
        "InvalidVpcPeeringConnectionID.NotFound",
    );
    ok(&mut s, "account 123456789012");
    ok(&mut s, "delete peering prod-shared");
    err_code(
        &mut s,
        "delete peering prod-shared",
        "InvalidVpcPeeringConnectionID.NotFound",
    );
}

#[test]
fn a_vpc_with_a_peering_cannot_be_deleted() {
    let mut s = session(
        "create vpc a 10.0.0.0/16\ncreate vpc b 10.1.0.0/16\ncreate peering ab between a and b",
    );
    let e = err_code(&mut s, "delete vpc b", "DependencyViolation");
    assert!(
        e.label.as_deref().is_some_and(|l| l.contains("peering ab")),
        "{e:?}"
    );
    ok(&mut s, "delete peering ab");
    ok(&mut s, "delete vpc b");
}

#[test]
fn a_peering_routes_private_addresses_between_the_vpcs() {
    let mut s = two_accounts();
    ok(&mut s, "authorize ingress tcp 22 from 10.1.0.0/16 to app");
    assert!(!allowed(&mut s, "tcp 22 from tools-1 to app-1 via private"));
    ok(
        &mut s,
        "create peering prod-shared between prod and 111122223333/shared",
    );
    assert!(allowed(&mut s, "tcp 22 from tools-1 to app-1"));
    let trace = ok(&mut s, "trace tcp 22 from tools-1 to app-1");
    assert!(trace.contains("route: VPC peering pcx-"), "{trace}");
    assert!(
        trace.contains("(prod-shared), vpc shared -> vpc prod: allow"),
        "{trace}"
    );
    // A literal private address of the peered VPC is that instance.
    assert!(allowed(&mut s, "tcp 22 from 10.1.1.4 to app-1"));
}

// ----- group references -----

#[test]
fn groups_of_a_peered_vpc_in_the_same_region_can_be_referenced() {
    let mut s = two_accounts();
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/tools to app",
        "InvalidGroup.NotFound",
    );
    assert_eq!(
        e.message,
        "You have specified two resources that belong to different networks."
    );
    ok(
        &mut s,
        "create peering prod-shared between prod and 111122223333/shared",
    );
    ok(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/tools to app",
    );
    assert!(allowed(&mut s, "tcp 22 from tools-1 to app-1"));
    // By id as well.
    let id = s
        .world()
        .groups
        .values()
        .find(|g| g.name == "spare")
        .map(|g| g.id.to_string())
        .unwrap_or_default();
    ok(
        &mut s,
        &format!("authorize ingress tcp 23 from 111122223333/{id} to app"),
    );
}

#[test]
fn groups_across_an_inter_region_peering_cannot_be_referenced() {
    let mut s = session(
        "create vpc prod 10.0.0.0/16
create group app \"App\" in prod
region eu-west-1
create vpc eu 10.5.0.0/16
create group eu-g \"EU\" in eu
region us-east-1
create peering cross between prod and eu-west-1/eu",
    );
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from eu/eu-g to app",
        "InvalidGroup.NotFound",
    );
    assert!(
        e.label
            .as_deref()
            .is_some_and(|l| l.contains("inter-region")),
        "{e:?}"
    );
    assert!(
        e.help.as_deref().is_some_and(|h| h.contains("CIDR")),
        "{e:?}"
    );
    ok(&mut s, "authorize ingress tcp 22 from 10.5.0.0/16 to app");
    assert!(ok(&mut s, "show peerings").contains("inter-region"));
}

// ----- stale rules -----

#[test]
fn deleting_a_referenced_peer_group_leaves_the_rule_stale() {
    let mut s = peered();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/spare to app",
    );
    assert_eq!(ok(&mut s, "show stale"), "no stale rules\n");
    ok(&mut s, "account 111122223333");
    ok(&mut s, "delete group spare");
    ok(&mut s, "account 123456789012");
    let text = ok(&mut s, "show stale in prod");
    let spare = text
        .lines()
        .find(|l| l.contains("sgr-"))
        .unwrap_or_default();
    assert!(spare.starts_with("app (sg-"), "{text}");
    assert!(
        spare.contains("111122223333/sg-"),
        "the referenced group's id: {text}"
    );
    assert!(spare.contains("the referenced group was deleted"), "{text}");
    assert!(ok(&mut s, "show group app").contains("[stale: the referenced group was deleted]"));
}

#[test]
fn deleting_the_peering_leaves_the_rule_stale_and_a_new_one_revives_it() {
    let mut s = peered();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/tools to app",
    );
    let out = ok(&mut s, "delete peering prod-shared");
    assert!(
        out.contains("1 rule that references a group across it is now stale"),
        "{out}"
    );
    let text = ok(&mut s, "show stale");
    assert!(text.contains("no peering joins the two VPCs"), "{text}");
    let trace = ok(&mut s, "trace tcp 22 from tools-1 to app-1 via private");
    assert!(trace.contains("[NO_ROUTE_TO_DESTINATION]"), "{trace}");
    let out = ok(
        &mut s,
        "create peering again between prod and 111122223333/shared",
    );
    assert!(out.contains("no longer stale"), "{out}");
    assert_eq!(ok(&mut s, "show stale"), "no stale rules\n");
    assert!(allowed(&mut s, "tcp 22 from tools-1 to app-1"));
}

#[test]
fn a_stale_rule_in_a_trace_matches_nothing_and_says_why() {
    let mut s = peered();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/tools to app",
    );
    ok(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/spare to app",
    );
    ok(&mut s, "account 111122223333");
    ok(&mut s, "delete group spare");
    ok(&mut s, "account 123456789012");
    let trace = ok(&mut s, "trace tcp 22 from tools-1 to app-1");
    assert!(
        trace.contains(
            "(deleted)  no: stale rule: the referenced group was deleted, so it matches nothing"
        ),
        "{trace}"
    );
    assert!(
        trace.contains("verdict: ALLOW"),
        "the live rule still allows:\n{trace}"
    );
}

#[test]
fn stale_rules_can_be_revoked() {
    let mut s = peered();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 111122223333/tools to app",
    );
    ok(
        &mut s,
        "authorize ingress tcp 23 from 111122223333/spare to app",
    );
    let spare = s
        .world()
        .groups
        .values()
        .find(|g| g.name == "spare")
        .map(|g| g.id.to_string())
        .unwrap_or_default();
    ok(&mut s, "account 111122223333");
    ok(&mut s, "delete group spare");
    ok(&mut s, "account 123456789012");
    ok(&mut s, "delete peering prod-shared");
    // Across the deleted peering, by name; the deleted group, by its id.
    ok(
        &mut s,
        "revoke ingress tcp 22 from 111122223333/tools to app",
    );
    ok(
        &mut s,
        &format!("revoke ingress tcp 23 from 111122223333/{spare} to app"),
    );
    assert_eq!(ok(&mut s, "show stale"), "no stale rules\n");
}

#[test]
fn a_group_referenced_only_from_a_peer_vpc_can_be_deleted() {
    let mut s = peered();
    ok(&mut s, "account 111122223333");
    ok(
        &mut s,
        "authorize ingress tcp 22 from 123456789012/app to spare",
    );
    ok(&mut s, "account 123456789012");
    ok(&mut s, "create group other \"Other\" in prod");
    ok(&mut s, "modify instance app-1 groups other");
    // Referenced from shared (a peer VPC) only: deleting it leaves that rule stale.
    ok(&mut s, "delete group app");
    ok(&mut s, "account 111122223333");
    assert!(ok(&mut s, "show stale").contains("spare (sg-"));
}
