//! The control plane, through the language: every error and quota of AWS-SEMANTICS §1–§4, §6
//! and §13 in scope, with AWS's codes and messages.

use crate::common::{err, err_code, ok, session};
use sgs::session::Session;

const PROD: &str = "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 public
create subnet db-a in prod 10.0.2.0/24
create group web \"Web servers\" in prod";

fn prod() -> Session {
    session(PROD)
}

// ----- creating groups -----

#[test]
fn empty_description_is_missing_parameter() {
    let mut s = prod();
    let e = err_code(&mut s, "create group x \"\" in prod", "MissingParameter");
    assert_eq!(
        e.message,
        "The request must contain the parameter GroupDescription"
    );
}

#[test]
fn duplicate_names_are_case_insensitive() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create group WEB \"again\" in prod",
        "InvalidGroup.Duplicate",
    );
    assert!(
        e.message
            .starts_with("The security group 'WEB' already exists for VPC 'vpc-"),
        "{}",
        e.message
    );
}

#[test]
fn the_same_name_in_another_vpc_is_fine() {
    let mut s = prod();
    ok(&mut s, "create group web \"Web servers\"");
}

#[test]
fn sg_prefix_is_refused() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create group sg-017c251 \"x\" in prod",
        "InvalidParameterValue",
    );
    assert_eq!(
        e.message,
        "Value (sg-017c251) for parameter GroupName is invalid. Group names may not be in the format sg-*."
    );
}

#[test]
fn names_past_255_characters_are_refused() {
    let mut s = prod();
    let long = "n".repeat(256);
    err_code(
        &mut s,
        &format!("create group {long} \"x\" in prod"),
        "InvalidParameterValue",
    );
    ok(
        &mut s,
        &format!("create group {} \"x\" in prod", "n".repeat(255)),
    );
}

#[test]
fn characters_outside_aws_set_are_refused() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create group \"a|b\" \"x\" in prod",
        "InvalidParameterValue",
    );
    assert!(
        e.message.contains("Character sets beyond a-z"),
        "{}",
        e.message
    );
    err_code(
        &mut s,
        "create group ok \"caf\u{e9}\" in prod",
        "InvalidParameterValue",
    );
}

#[test]
fn trailing_spaces_are_trimmed() {
    let mut s = prod();
    ok(
        &mut s,
        "create group \"Test Security Group \" \"x\" in prod",
    );
    err_code(
        &mut s,
        "create group \"Test Security Group\" \"y\" in prod",
        "InvalidGroup.Duplicate",
    );
}

#[test]
fn without_a_default_vpc_a_group_needs_a_vpc() {
    let mut s = Session::new();
    ok(&mut s, "delete subnet default/a");
    ok(&mut s, "delete subnet default/b");
    ok(&mut s, "delete vpc default");
    let e = err_code(&mut s, "create group x \"y\"", "VPCIdNotSpecified");
    assert_eq!(
        e.message,
        "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC."
    );
}

#[test]
fn pinned_ids_are_used_and_checked() {
    let mut s = prod();
    ok(&mut s, "create group app \"App\" in prod id sg-app");
    assert!(ok(&mut s, "show group sg-app").contains("group app (sg-app)"));
    err_code(
        &mut s,
        "create group app2 \"App\" in prod id sg-app",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create group app3 \"App\" in prod id sg-App",
        "InvalidGroupId.Malformed",
    );
}

#[test]
fn the_cards_line_works_with_pinned_ids() {
    let mut s = session(
        "create group app \"App servers\" id sg-app
create group cache \"Cache nodes\" id sg-cache",
    );
    let out = ok(&mut s, "authorize ingress tcp 6379 from sg-app to sg-cache");
    assert!(
        out.starts_with("ok: authorized 1 ingress rule on cache (sg-cache)"),
        "{out}"
    );
}

#[test]
fn group_quota_is_2500_per_region() {
    let mut s = Session::new();
    // The default VPC's default group is one of the 2,500.
    for i in 0..2499 {
        ok(&mut s, &format!("create group g{i} \"g\""));
    }
    let e = err_code(
        &mut s,
        "create group one-more \"g\"",
        "SecurityGroupLimitExceeded",
    );
    assert_eq!(
        e.message,
        "The maximum number of security groups has been reached."
    );
}

// ----- deleting groups -----

#[test]
fn the_default_group_cannot_be_deleted() {
    let mut s = prod();
    let e = err_code(&mut s, "delete group prod/default", "CannotDelete");
    assert!(
        e.message.starts_with("the specified group: \"sg-"),
        "{}",
        e.message
    );
    assert!(
        e.message
            .ends_with("name: \"default\" cannot be deleted by a user"),
        "{}",
        e.message
    );
}

#[test]
fn a_group_in_use_cannot_be_deleted() {
    let mut s = prod();
    ok(&mut s, "launch web-1 in prod/web-a groups web");
    let e = err_code(&mut s, "delete group web", "DependencyViolation");
    assert!(e.message.starts_with("resource sg-") && e.message.ends_with("has a dependent object"));
    ok(&mut s, "terminate web-1");
    ok(&mut s, "delete group web");
}

#[test]
fn a_group_referenced_in_its_vpc_cannot_be_deleted() {
    let mut s = prod();
    ok(&mut s, "create group db \"DB\" in prod");
    ok(&mut s, "authorize ingress tcp 5432 from web to db");
    let e = err_code(&mut s, "delete group web", "DependencyViolation");
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .starts_with("revoke rule sgr-")
    );
    ok(&mut s, "revoke ingress tcp 5432 from web to db");
    ok(&mut s, "delete group web");
}

#[test]
fn a_self_reference_does_not_block_deletion() {
    let mut s = prod();
    ok(&mut s, "authorize ingress all from web to web");
    ok(&mut s, "delete group web");
}

#[test]
fn deleting_a_missing_group_is_not_found() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "delete group sg-0123456789abcdef0",
        "InvalidGroup.NotFound",
    );
    assert_eq!(
        e.message,
        "The security group 'sg-0123456789abcdef0' does not exist"
    );
}

// ----- authorize -----

#[test]
fn authorize_on_a_missing_group_is_not_found() {
    let mut s = prod();
    err_code(
        &mut s,
        "authorize ingress tcp 22 from 0.0.0.0/0 to nope",
        "InvalidGroup.NotFound",
    );
}

#[test]
fn a_duplicate_rule_ignores_the_description() {
    let mut s = prod();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 0.0.0.0/0 to web description \"one\"",
    );
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from 0.0.0.0/0 to web description \"two\"",
        "InvalidPermission.Duplicate",
    );
    assert_eq!(
        e.message,
        "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists"
    );
}

#[test]
fn duplicate_messages_follow_aws_variants() {
    let mut s = prod();
    ok(&mut s, "authorize ingress all from 0.0.0.0/0 to web");
    let e = err_code(
        &mut s,
        "authorize ingress -1 from 0.0.0.0/0 to web",
        "InvalidPermission.Duplicate",
    );
    assert!(
        e.message.contains("\"peer: 0.0.0.0/0, ALL, ALLOW\""),
        "{}",
        e.message
    );
    ok(&mut s, "authorize ingress 50 from 0.0.0.0/0 to web");
    let e = err_code(
        &mut s,
        "authorize ingress 50 from 0.0.0.0/0 to web",
        "InvalidPermission.Duplicate",
    );
    assert!(
        e.message
            .contains("\"peer: 0.0.0.0/0, protocol: 50, ALLOW\""),
        "{}",
        e.message
    );
}

#[test]
fn cidrs_are_canonicalised_and_compared_canonically() {
    let mut s = prod();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 100.68.0.18/18 to web",
    );
    assert!(ok(&mut s, "show group web").contains("100.68.0.0/18"));
    err_code(
        &mut s,
        "authorize ingress tcp 22 from 100.68.0.0/18 to web",
        "InvalidPermission.Duplicate",
    );
}

#[test]
fn overlapping_rules_are_distinct() {
    let mut s = prod();
    ok(&mut s, "authorize ingress tcp 20-30 from 10.0.0.0/8 to web");
    ok(&mut s, "authorize ingress tcp 22 from 10.0.0.0/8 to web");
    ok(&mut s, "authorize ingress tcp 22 from 10.1.0.0/16 to web");
}

#[test]
fn the_same_permission_twice_in_a_request_is_refused_and_nothing_is_added() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from 10.0.0.0/8, 10.0.0.0/8 to web",
        "InvalidParameterValue",
    );
    assert_eq!(
        e.message,
        "The same permission must not appear multiple times"
    );
    // Atomic: the first copy was not added either.
    ok(&mut s, "authorize ingress tcp 22 from 10.0.0.0/8 to web");
}

#[test]
fn a_request_with_one_bad_peer_adds_nothing() {
    let mut s = prod();
    err(
        &mut s,
        "authorize ingress tcp 22 from 10.0.0.0/8, 1.2.3.4 to web",
    );
    ok(&mut s, "authorize ingress tcp 22 from 10.0.0.0/8 to web");
}

#[test]
fn tcp_without_ports_is_refused() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress tcp from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
    assert_eq!(
        e.message,
        "Invalid value for portRange. Must specify both from and to ports with TCP/UDP."
    );
    err_code(
        &mut s,
        "authorize ingress 6 from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
}

#[test]
fn icmp_without_ports_is_refused_but_icmpv6_is_all() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress icmp from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
    assert_eq!(
        e.message,
        "Invalid value 'Must specify both from and to ports with ICMP.' for portRange."
    );
    ok(&mut s, "authorize ingress icmpv6 from ::/0 to web");
}

#[test]
fn ports_out_of_range_are_malformed() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress tcp 70000 from 0.0.0.0/0 to web",
        "InvalidPermission.Malformed",
    );
    assert_eq!(e.message, "TCP/UDP port (70000) out of range");
    let e = err_code(
        &mut s,
        "authorize ingress udp -1 from 0.0.0.0/0 to web",
        "InvalidPermission.Malformed",
    );
    assert_eq!(e.message, "TCP/UDP port (-1) out of range");
    err_code(
        &mut s,
        "authorize ingress tcp 100-50 from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
}

#[test]
fn icmp_codes_are_checked() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress icmp 3:300 from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
    assert_eq!(e.message, "ICMP code (300) out of range");
    err_code(
        &mut s,
        "authorize ingress icmp -1:4 from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
    ok(&mut s, "authorize ingress icmp 3:4 from 0.0.0.0/0 to web");
    ok(
        &mut s,
        "authorize ingress icmp echo-request from 10.0.0.0/8 to web",
    );
}

#[test]
fn protocol_numbers_are_checked_and_normalised() {
    let mut s = prod();
    err_code(
        &mut s,
        "authorize ingress 300 from 0.0.0.0/0 to web",
        "InvalidParameterValue",
    );
    ok(&mut s, "authorize ingress 58 from ::/0 to web");
    err_code(
        &mut s,
        "authorize ingress icmpv6 all from ::/0 to web",
        "InvalidPermission.Duplicate",
    );
}

#[test]
fn malformed_cidrs_get_a_fix() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from 1.2.3.4 to web",
        "InvalidParameterValue",
    );
    assert_eq!(e.help.as_deref(), Some("write 1.2.3.4/32"));
    err_code(
        &mut s,
        "authorize ingress tcp 22 from 10.0.0.0/33 to web",
        "InvalidParameterValue",
    );
}

#[test]
fn a_group_of_another_vpc_cannot_be_referenced() {
    let mut s = prod();
    ok(&mut s, "create group other \"x\"");
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from other to web",
        "InvalidGroup.NotFound",
    );
    assert_eq!(
        e.message,
        "You have specified two resources that belong to different networks."
    );
}

#[test]
fn a_missing_referenced_group_is_not_found() {
    let mut s = prod();
    err_code(
        &mut s,
        "authorize ingress tcp 22 from sg-0000000000000dead to web",
        "InvalidGroup.NotFound",
    );
}

#[test]
fn invalid_rule_descriptions_are_refused() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from 10.0.0.0/8 to web description \"a|b\"",
        "InvalidParameterValue",
    );
    assert!(e.message.starts_with("Invalid rule description."));
}

// ----- quotas -----

#[test]
fn sixty_rules_per_family_and_direction() {
    let mut s = prod();
    for i in 0..60 {
        ok(
            &mut s,
            &format!("authorize ingress tcp {} from 10.0.0.0/8 to web", 1000 + i),
        );
    }
    let e = err_code(
        &mut s,
        "authorize ingress tcp 2000 from 10.0.0.0/8 to web",
        "RulesPerSecurityGroupLimitExceeded",
    );
    assert_eq!(
        e.message,
        "The maximum number of rules per security group has been reached."
    );
    // IPv6 rules are counted apart...
    for i in 0..60 {
        ok(
            &mut s,
            &format!("authorize ingress tcp {} from ::/0 to web", 1000 + i),
        );
    }
    // ...and a group reference counts in both.
    err_code(
        &mut s,
        "authorize ingress tcp 9 from web to web",
        "RulesPerSecurityGroupLimitExceeded",
    );
    // Egress is counted apart too, including the default rule.
    for i in 0..59 {
        ok(
            &mut s,
            &format!("authorize egress tcp {} from web to 10.0.0.0/8", 1000 + i),
        );
    }
    err_code(
        &mut s,
        "authorize egress tcp 9 from web to 10.0.0.0/8",
        "RulesPerSecurityGroupLimitExceeded",
    );
}

#[test]
fn the_quota_check_is_atomic() {
    let mut s = prod();
    for i in 0..59 {
        ok(
            &mut s,
            &format!("authorize ingress tcp {} from 10.0.0.0/8 to web", 1000 + i),
        );
    }
    err_code(
        &mut s,
        "authorize ingress tcp 1 from 10.0.0.0/8, 10.1.0.0/16 to web",
        "RulesPerSecurityGroupLimitExceeded",
    );
    ok(&mut s, "authorize ingress tcp 1 from 10.0.0.0/8 to web");
}

// ----- revoke and update -----

#[test]
fn revoking_a_missing_rule_is_not_found() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "revoke ingress tcp 22 from 0.0.0.0/0 to web",
        "InvalidPermission.NotFound",
    );
    assert_eq!(
        e.message,
        "The specified rule does not exist in this security group."
    );
}

#[test]
fn revoke_of_missing_rule_in_default_vpc_is_not_an_error() {
    let mut s = session("create group web \"Web\"");
    let out = ok(&mut s, "revoke ingress tcp 22 from 0.0.0.0/0 to web");
    assert!(out.contains("unknown permissions"), "{out}");
}

#[test]
fn revoke_matches_without_the_description() {
    let mut s = prod();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 0.0.0.0/0 to web description \"ssh\"",
    );
    ok(&mut s, "revoke ingress tcp 22 from 0.0.0.0/0 to web");
    err_code(
        &mut s,
        "revoke ingress tcp 22 from 0.0.0.0/0 to web",
        "InvalidPermission.NotFound",
    );
}

#[test]
fn revoke_by_rule_id() {
    let mut s = prod();
    let out = ok(&mut s, "authorize ingress tcp 22 from 0.0.0.0/0 to web");
    let id = out.rsplit(' ').next().unwrap().to_string();
    ok(&mut s, &format!("revoke rule {id}"));
    let e = err_code(
        &mut s,
        &format!("revoke rule {id}"),
        "InvalidSecurityGroupRuleId.NotFound",
    );
    assert_eq!(
        e.message,
        format!("The security group rule ID '{id}' does not exist")
    );
}

#[test]
fn update_sets_and_removes_the_description() {
    let mut s = prod();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 203.0.113.0/24 to web",
    );
    ok(
        &mut s,
        "update ingress tcp 22 from 203.0.113.0/24 to web description \"SSH from the office\"",
    );
    assert!(ok(&mut s, "show group web").contains("SSH from the office"));
    ok(&mut s, "update ingress tcp 22 from 203.0.113.0/24 to web");
    assert!(!ok(&mut s, "show group web").contains("SSH from the office"));
    err_code(
        &mut s,
        "update ingress tcp 23 from 203.0.113.0/24 to web",
        "InvalidPermission.NotFound",
    );
}

// ----- VPCs and subnets -----

#[test]
fn a_vpc_with_groups_or_subnets_cannot_be_deleted() {
    let mut s = prod();
    let e = err_code(&mut s, "delete vpc prod", "DependencyViolation");
    assert!(
        e.message
            .ends_with("has dependencies and cannot be deleted.")
    );
    ok(&mut s, "delete subnet web-a");
    ok(&mut s, "delete subnet db-a");
    err_code(&mut s, "delete vpc prod", "DependencyViolation");
    ok(&mut s, "delete group web");
    ok(&mut s, "delete vpc prod");
}

#[test]
fn subnets_stay_inside_their_vpc_and_apart() {
    let mut s = prod();
    err_code(
        &mut s,
        "create subnet x in prod 10.1.0.0/24",
        "InvalidSubnet.Range",
    );
    err_code(
        &mut s,
        "create subnet x in prod 10.0.1.128/25",
        "InvalidSubnet.Conflict",
    );
    err_code(
        &mut s,
        "create subnet x in prod 10.0.3.0/24 az eu-west-1a",
        "InvalidParameterValue",
    );
}

// ----- instances -----

#[test]
fn addresses_count_up_from_the_first_usable_one() {
    let mut s = prod();
    assert!(ok(&mut s, "launch a in prod/db-a").contains("10.0.2.4"));
    assert!(ok(&mut s, "launch b in prod/db-a").contains("10.0.2.5"));
    ok(&mut s, "terminate a");
    assert!(ok(&mut s, "launch c in prod/db-a").contains("10.0.2.4"));
}

#[test]
fn reserved_and_used_addresses_are_refused() {
    let mut s = prod();
    err_code(
        &mut s,
        "launch a in prod/db-a ip 10.0.2.1",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "launch a in prod/db-a ip 10.0.2.255",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "launch a in prod/db-a ip 10.0.1.10",
        "InvalidParameterValue",
    );
    ok(&mut s, "launch a in prod/db-a ip 10.0.2.10");
    err_code(
        &mut s,
        "launch b in prod/db-a ip 10.0.2.10",
        "InvalidIPAddress.InUse",
    );
}

#[test]
fn a_full_subnet_has_no_free_address() {
    let mut s = session("create vpc tiny 10.9.0.0/16\ncreate subnet t in tiny 10.9.0.0/28");
    for i in 0..11 {
        ok(&mut s, &format!("launch i{i} in tiny/t"));
    }
    err_code(
        &mut s,
        "launch one-more in tiny/t",
        "InsufficientFreeAddressesInSubnet",
    );
}

#[test]
fn public_ips_only_in_public_subnets() {
    let mut s = prod();
    err_code(
        &mut s,
        "launch a in prod/db-a public-ip",
        "InvalidParameterCombination",
    );
    assert!(ok(&mut s, "launch b in prod/web-a public-ip").contains("public 54.0.0.1"));
    assert!(ok(&mut s, "launch c in prod/web-a public-ip 54.1.2.3").contains("public 54.1.2.3"));
    assert!(!ok(&mut s, "launch d in prod/web-a").contains("public"));
}

#[test]
fn default_subnets_give_public_addresses() {
    let mut s = Session::new();
    let out = ok(&mut s, "launch a");
    assert!(
        out.contains("in default/a: 172.31.0.4, public 54.0.0.1"),
        "{out}"
    );
}

#[test]
fn groups_per_interface_are_at_most_five() {
    let mut s = prod();
    for g in ["a", "b", "c", "d", "e"] {
        ok(&mut s, &format!("create group {g} \"x\" in prod"));
    }
    let e = err_code(
        &mut s,
        "launch x in prod/db-a groups web, a, b, c, d, e",
        "SecurityGroupsPerInterfaceLimitExceeded",
    );
    assert_eq!(
        e.message,
        "The maximum number of security groups per interface has been reached."
    );
    ok(&mut s, "launch x in prod/db-a groups a, b, c, d, e");
    err_code(
        &mut s,
        "modify instance x groups web, a, b, c, d, e",
        "SecurityGroupsPerInterfaceLimitExceeded",
    );
}

#[test]
fn groups_of_another_vpc_are_refused_at_launch() {
    let mut s = prod();
    ok(&mut s, "create group other \"x\"");
    let e = err_code(
        &mut s,
        "launch x in prod/db-a groups other",
        "InvalidParameter",
    );
    assert!(
        e.message.ends_with("belong to different networks."),
        "{}",
        e.message
    );
}

#[test]
fn modify_replaces_the_primary_interface_groups() {
    let mut s = prod();
    ok(&mut s, "create group ssh \"x\" in prod");
    ok(&mut s, "launch web-1 in prod/web-a groups web");
    ok(&mut s, "modify instance web-1 groups ssh");
    let out = ok(&mut s, "show instance web-1");
    assert!(
        out.contains("ssh (sg-") && !out.contains("web (sg-"),
        "{out}"
    );
}

#[test]
fn secondary_interfaces_have_their_own_groups() {
    let mut s = prod();
    ok(&mut s, "create group db \"x\" in prod");
    ok(&mut s, "launch web-1 in prod/web-a groups web");
    ok(
        &mut s,
        "attach eni web-1-db to web-1 in prod/db-a groups db",
    );
    ok(&mut s, "modify eni web-1-db groups web");
    assert!(ok(&mut s, "show instance web-1").contains("web-1-db"));
}

#[test]
fn elastic_ips_replace_the_public_address() {
    let mut s = prod();
    ok(&mut s, "launch web-1 in prod/web-a public-ip groups web");
    ok(&mut s, "associate address 54.210.0.10 with web-1");
    let out = ok(&mut s, "show instance web-1");
    assert!(out.contains("54.210.0.10"), "{out}");
    ok(&mut s, "launch web-2 in prod/web-a groups web");
    err_code(
        &mut s,
        "associate address 54.210.0.10 with web-2",
        "Resource.AlreadyAssociated",
    );
    err_code(
        &mut s,
        "associate address 10.0.0.1 with web-2",
        "InvalidParameterValue",
    );
}

#[test]
fn stop_releases_the_public_address_and_start_gets_a_new_one() {
    let mut s = prod();
    ok(&mut s, "launch web-1 in prod/web-a public-ip groups web");
    ok(&mut s, "stop web-1");
    assert!(ok(&mut s, "show instance web-1").contains("stopped"));
    assert!(ok(&mut s, "start web-1").contains("new public address 54.0.0.2"));
}

#[test]
fn ids_are_deterministic() {
    let a = ok(&mut prod(), "launch web-1 in prod/web-a groups web");
    let b = ok(&mut prod(), "launch web-1 in prod/web-a groups web");
    assert_eq!(a, b);
}

#[test]
fn names_resolve_in_their_vpc_and_ambiguity_lists_candidates() {
    let mut s = prod();
    ok(&mut s, "create group web \"Web in the default VPC\"");
    let e = err_code(&mut s, "show group web", "InvalidParameterValue");
    assert!(
        e.message.contains("prod/web") && e.message.contains("default/web"),
        "{}",
        e.message
    );
    ok(&mut s, "show group prod/web");
    // As a rule peer, the target group's VPC wins.
    ok(&mut s, "authorize ingress tcp 80 from web to prod/web");
}

#[test]
fn objects_of_another_account_cannot_be_changed_from_here() {
    let mut s = prod();
    ok(&mut s, "account 111122223333");
    err_code(&mut s, "delete group prod/web", "InvalidGroup.NotFound");
    ok(&mut s, "account 123456789012");
    ok(&mut s, "delete group prod/web");
}

#[test]
fn undo_and_redo_restore_the_exact_world() {
    let mut s = prod();
    let before = s.world().clone();
    ok(&mut s, "launch web-1 in prod/web-a groups web");
    let after = s.world().clone();
    ok(&mut s, "undo");
    assert!(*s.world() == before);
    ok(&mut s, "redo");
    assert!(*s.world() == after);
    ok(&mut s, "reset");
    ok(&mut s, "undo");
    assert!(*s.world() == after);
}

#[test]
fn the_classic_default_group_is_reserved() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "delete group classic/default",
        "InvalidGroup.Reserved",
    );
    assert_eq!(e.message, "The security group 'default' is reserved");
}

#[test]
fn a_classic_group_in_use_cannot_be_deleted() {
    let mut s = prod();
    ok(&mut s, "create group legacy \"Old fleet\" classic");
    ok(&mut s, "launch old-1 classic groups legacy");
    let e = err_code(&mut s, "delete group legacy", "InvalidGroup.InUse");
    assert_eq!(
        e.message,
        "There are active instances using security group 'legacy'"
    );
}

#[test]
fn groups_of_another_vpc_are_refused_at_modify() {
    let mut s = prod();
    ok(&mut s, "create group other \"x\"");
    ok(&mut s, "launch web-1 in prod/web-a groups web");
    let e = err_code(
        &mut s,
        "modify instance web-1 groups other",
        "InvalidParameter",
    );
    assert!(
        e.message.ends_with("belong to different networks."),
        "{}",
        e.message
    );
}

#[test]
fn classic_groups_take_inbound_tcp_udp_icmp_only() {
    let mut s = prod();
    ok(&mut s, "create group legacy \"Old fleet\" classic");
    ok(&mut s, "authorize ingress tcp 22 from 0.0.0.0/0 to legacy");
    err_code(
        &mut s,
        "authorize egress tcp 22 from legacy to 0.0.0.0/0",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize ingress all from 0.0.0.0/0 to legacy",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize ingress tcp 22 from ::/0 to legacy",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "modify instance nothing groups legacy",
        "InvalidInstanceID.NotFound",
    );
}
