//! EC2-Classic (AWS-SEMANTICS §8), every row of the table: what the control plane allows and how
//! Classic instances reach each other.

use crate::common::{allowed, err_code, ok, session};

const CLASSIC: &str = "create group a \"A\" classic
create group b \"B\" classic
launch a-1 classic groups a
launch a-2 classic groups a
launch b-1 classic groups b";

#[test]
fn names_are_unique_per_account_and_region() {
    let mut s = session(CLASSIC);
    err_code(
        &mut s,
        "create group A \"again\" classic",
        "InvalidGroup.Duplicate",
    );
    ok(&mut s, "account 111122223333");
    ok(&mut s, "create group a \"theirs\" classic");
    ok(&mut s, "region eu-west-1");
    ok(&mut s, "create group a \"far\" classic");
}

#[test]
fn only_inbound_tcp_udp_icmp_rules_with_ports_and_no_ipv6() {
    let mut s = session(CLASSIC);
    err_code(
        &mut s,
        "authorize egress tcp 22 from a to 0.0.0.0/0",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize ingress all from b to a",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize ingress 50 from 10.0.0.0/8 to a",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize ingress tcp from b to a",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize ingress tcp 22 from ::/0 to a",
        "InvalidParameterValue",
    );
    ok(&mut s, "authorize ingress tcp all from b to a");
    ok(&mut s, "authorize ingress udp all from b to a");
    ok(&mut s, "authorize ingress icmp all from b to a");
}

#[test]
fn a_hundred_rules_per_group() {
    let mut s = session(CLASSIC);
    for p in 1..=100 {
        ok(
            &mut s,
            &format!("authorize ingress tcp {p} from 10.0.0.0/8 to a"),
        );
    }
    err_code(
        &mut s,
        "authorize ingress tcp 101 from 10.0.0.0/8 to a",
        "RulesPerSecurityGroupLimitExceeded",
    );
}

#[test]
fn groups_of_other_accounts_in_the_region_can_be_referenced() {
    let mut s = session(CLASSIC);
    ok(&mut s, "account 111122223333");
    ok(&mut s, "create group c \"C\" classic");
    ok(&mut s, "launch c-1 classic groups c");
    ok(&mut s, "authorize ingress tcp 22 from 123456789012/b to c");
    // Another region's Classic group, or a VPC group, cannot be.
    err_code(
        &mut s,
        "authorize ingress tcp 23 from default/default to c",
        "InvalidGroup.NotFound",
    );
    ok(&mut s, "account 123456789012");
    assert!(allowed(&mut s, "tcp 22 from b-1 to 111122223333/c-1"));
}

#[test]
fn a_referenced_classic_group_cannot_be_deleted_even_from_another_account() {
    let mut s = session("create group x \"X\" classic\ncreate group y \"Y\" classic");
    ok(&mut s, "authorize ingress tcp 22 from x to y");
    let e = err_code(&mut s, "delete group x", "InvalidGroup.InUse");
    assert!(
        e.message
            .contains("123456789012:x is used by groups: 123456789012:y"),
        "{}",
        e.message
    );
    ok(&mut s, "revoke ingress tcp 22 from x to y");
    ok(&mut s, "account 111122223333");
    ok(&mut s, "create group z \"Z\" classic");
    ok(&mut s, "authorize ingress tcp 22 from 123456789012/x to z");
    ok(&mut s, "account 123456789012");
    let e = err_code(&mut s, "delete group x", "InvalidGroup.InUse");
    assert!(e.message.ends_with("111122223333:z"), "{}", e.message);
    // A self-reference does not count.
    ok(&mut s, "authorize ingress tcp 22 from y to y");
    ok(&mut s, "delete group y");
}

#[test]
fn the_default_group_is_reserved_and_groups_in_use_cannot_go() {
    let mut s = session(CLASSIC);
    let e = err_code(
        &mut s,
        "delete group classic/default",
        "InvalidGroup.Reserved",
    );
    assert_eq!(e.message, "The security group 'default' is reserved");
    err_code(&mut s, "delete group a", "InvalidGroup.InUse");
}

#[test]
fn groups_are_fixed_at_launch() {
    let mut s = session(CLASSIC);
    err_code(
        &mut s,
        "modify instance a-1 groups b",
        "InvalidParameterCombination",
    );
}

#[test]
fn instances_have_a_private_10_address_and_a_public_one_unique_in_the_region() {
    let mut s = session(CLASSIC);
    ok(&mut s, "account 111122223333");
    let out = ok(&mut s, "launch c-1 classic");
    assert!(
        out.contains(": 10.0.0.7, public 54.0.0.4;"),
        "the region's Classic network is shared: {out}"
    );
    ok(&mut s, "region eu-west-1");
    let out = ok(&mut s, "launch d-1 classic");
    assert!(out.contains(": 10.0.0.4, public"), "{out}");
}

#[test]
fn classic_instances_reach_each_other_privately_in_the_region() {
    let mut s = session(CLASSIC);
    ok(&mut s, "authorize ingress tcp 3306 from 10.0.0.0/8 to a");
    assert!(allowed(&mut s, "tcp 3306 from b-1 to a-1"));
    let trace = ok(&mut s, "trace tcp 3306 from b-1 to a-1");
    assert!(
        trace.contains("route: EC2-Classic network: allow"),
        "{trace}"
    );
    assert!(
        trace.contains("EC2-Classic groups have no egress rules"),
        "{trace}"
    );
    // By the public address the source is public too: 10.0.0.0/8 does not cover it.
    assert!(!allowed(&mut s, "tcp 3306 from b-1 to a-1 via public"));
}

#[test]
fn classic_and_vpc_never_reach_each_other_privately() {
    let mut s = session(CLASSIC);
    ok(&mut s, "authorize ingress tcp 22 from 0.0.0.0/0 to a");
    ok(&mut s, "launch v-1");
    let trace = ok(&mut s, "trace tcp 22 from v-1 to a-1");
    assert!(trace.contains("-> 54.0.0."), "by public address: {trace}");
    assert!(allowed(&mut s, "tcp 22 from v-1 to a-1"));
    let out = ok(&mut s, "probe tcp 22 from v-1 to a-1 via private");
    assert!(out.contains("no route leads there"), "{out}");
    assert!(out.ends_with("[NO_ROUTE_TO_DESTINATION]"), "{out}");
}

#[test]
fn show_covers_classic() {
    let mut s = session(CLASSIC);
    let vpcs = ok(&mut s, "show vpcs");
    assert!(
        vpcs.contains("EC2-Classic in us-east-1: 3 groups, 3 instances"),
        "{vpcs}"
    );
    let groups = ok(&mut s, "show groups in classic");
    assert!(
        !groups.contains(" default  vpc") && groups.contains("a "),
        "{groups}"
    );
    let instances = ok(&mut s, "show instances in classic");
    assert_eq!(instances.lines().count(), 4, "{instances}");
    let group = ok(&mut s, "show group a");
    assert!(group.contains("in EC2-Classic (us-east-1)"), "{group}");
    assert!(
        group.contains("(EC2-Classic: all outbound traffic is allowed)"),
        "{group}"
    );
}
