//! Network ACLs: the default and custom ACLs, every error of the entry API, associations, and
//! what the data plane does with them.

use crate::common::{allowed, err_code, ok, session};
use sgs::session::Session;

const PROD: &str = "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 public
create subnet app-a in prod 10.0.2.0/24
create group web \"Web\" in prod
create group app \"App\" in prod
authorize ingress tcp 8080 from web to app
authorize ingress all from app to app
launch web-1 in prod/web-a groups web
launch app-1 in prod/app-a groups app
launch app-2 in prod/app-a groups app
create nacl strict in prod";

fn prod() -> Session {
    session(PROD)
}

fn show_nacls(s: &mut Session) -> String {
    ok(s, "show nacls in prod")
}

// ----- the default and custom ACLs -----

#[test]
fn a_vpc_has_a_default_acl_that_allows_everything_with_ipv6_entries_when_it_has_ipv6() {
    let mut s = prod();
    let text = show_nacls(&mut s);
    let default = text.split("\n\n").next().unwrap_or_default();
    assert!(default.contains("the default network ACL"), "{text}");
    assert!(
        default.contains("100   allow   all       0.0.0.0/0"),
        "{default}"
    );
    assert!(
        default.contains("101   allow   all       ::/0"),
        "{default}"
    );
    assert!(
        default.contains("*     deny    all       ::/0"),
        "{default}"
    );
    let mut s = session("create vpc v4 10.5.0.0/16");
    let text = ok(&mut s, "show nacls in v4");
    assert!(!text.contains("::/0"), "{text}");
}

#[test]
fn a_custom_acl_has_only_the_star_entries_and_denies_everything() {
    let mut s = prod();
    let text = show_nacls(&mut s);
    let strict = text.split("\n\n").nth(1).unwrap_or_default();
    assert!(strict.starts_with("network ACL strict (acl-"), "{strict}");
    assert_eq!(strict.matches("deny").count(), 4, "{strict}");
    assert!(strict.contains("subnets: none"), "{strict}");
    ok(&mut s, "associate nacl strict with prod/app-a");
    assert!(!allowed(&mut s, "tcp 8080 from web-1 to app-1"));
}

#[test]
fn new_subnets_get_the_default_acl() {
    let mut s = prod();
    ok(&mut s, "create subnet db-a in prod 10.0.3.0/24");
    let text = ok(&mut s, "show subnets in prod");
    let row = text
        .lines()
        .find(|l| l.starts_with("prod/db-a"))
        .unwrap_or_default();
    assert!(row.contains(" default "), "{text}");
}

#[test]
fn acl_names_are_unique_in_their_vpc() {
    let mut s = prod();
    err_code(
        &mut s,
        "create nacl strict in prod",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create nacl default in prod",
        "InvalidParameterValue",
    );
    ok(&mut s, "create nacl strict in default");
}

#[test]
fn two_hundred_acls_per_vpc() {
    let mut s = prod();
    for i in 0..198 {
        ok(&mut s, &format!("create nacl n{i} in prod"));
    }
    let e = err_code(
        &mut s,
        "create nacl one-more in prod",
        "NetworkAclLimitExceeded",
    );
    assert_eq!(
        e.message,
        "The maximum number of network ACLs has been reached."
    );
}

#[test]
fn an_acl_in_a_missing_vpc_is_not_found() {
    let mut s = prod();
    err_code(&mut s, "create nacl x in nowhere", "InvalidVpcID.NotFound");
    err_code(
        &mut s,
        "create nacl-entry nope ingress 100 allow all from 0.0.0.0/0",
        "InvalidNetworkAclID.NotFound",
    );
    err_code(&mut s, "delete nacl nope", "InvalidNetworkAclID.NotFound");
    err_code(
        &mut s,
        "associate nacl nope with prod/app-a",
        "InvalidNetworkAclID.NotFound",
    );
}

// ----- CreateNetworkAclEntry's errors -----

#[test]
fn a_rule_number_already_used_in_that_direction_exists() {
    let mut s = prod();
    ok(
        &mut s,
        "create nacl-entry strict ingress 100 allow all from 0.0.0.0/0",
    );
    let e = err_code(
        &mut s,
        "create nacl-entry strict ingress 100 deny tcp 22 from 10.0.0.0/8",
        "NetworkAclEntryAlreadyExists",
    );
    assert_eq!(
        e.message,
        "The network acl entry identified by 100 already exists."
    );
    // The same number once per direction.
    ok(
        &mut s,
        "create nacl-entry strict egress 100 allow all to 0.0.0.0/0",
    );
}

#[test]
fn rule_numbers_are_1_to_32766() {
    let mut s = prod();
    for n in ["0", "-1", "32767", "32768", "65535", "99999"] {
        let line = format!("create nacl-entry strict ingress {n} allow all from 0.0.0.0/0");
        let e = err_code(&mut s, &line, "InvalidParameterValue");
        assert!(
            e.message.contains("Rule numbers are 1 to 32766"),
            "{}",
            e.message
        );
    }
    ok(
        &mut s,
        "create nacl-entry strict ingress 1 allow all from 0.0.0.0/0",
    );
    ok(
        &mut s,
        "create nacl-entry strict ingress 32766 allow all from 0.0.0.0/0",
    );
    err_code(
        &mut s,
        "delete nacl-entry strict ingress 32767",
        "InvalidParameterValue",
    );
}

#[test]
fn tcp_and_udp_entries_need_a_port_range() {
    let mut s = prod();
    for line in [
        "create nacl-entry strict ingress 10 allow tcp from 0.0.0.0/0",
        "create nacl-entry strict egress 10 allow udp to 0.0.0.0/0",
        "create nacl-entry strict ingress 10 allow 6 from 0.0.0.0/0",
    ] {
        let e = err_code(&mut s, line, "MissingParameter");
        assert_eq!(
            e.message,
            "The request must contain the parameter portRange"
        );
    }
    err_code(
        &mut s,
        "create nacl-entry strict ingress 10 allow tcp 70000 from 0.0.0.0/0",
        "InvalidPermission.Malformed",
    );
    err_code(
        &mut s,
        "create nacl-entry strict ingress 10 allow tcp 100-50 from 0.0.0.0/0",
        "InvalidParameterValue",
    );
}

#[test]
fn icmp_entries_need_a_type_and_icmpv6_only_with_an_ipv6_cidr() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create nacl-entry strict ingress 10 allow icmp from 0.0.0.0/0",
        "MissingParameter",
    );
    assert_eq!(
        e.message,
        "The request must contain the parameter icmpTypeCode.type"
    );
    err_code(
        &mut s,
        "create nacl-entry strict ingress 10 allow icmpv6 from ::/0",
        "MissingParameter",
    );
    err_code(
        &mut s,
        "create nacl-entry strict ingress 10 allow 58 from ::/0",
        "MissingParameter",
    );
    // With an IPv4 CIDR, protocol 58 means every type.
    let out = ok(
        &mut s,
        "create nacl-entry strict ingress 10 allow icmpv6 from 0.0.0.0/0",
    );
    assert!(out.contains("icmpv6 all"), "{out}");
    ok(
        &mut s,
        "create nacl-entry strict ingress 11 allow icmpv6 echo-request from ::/0",
    );
    ok(
        &mut s,
        "create nacl-entry strict ingress 12 allow icmp 3:4 from 0.0.0.0/0",
    );
    err_code(
        &mut s,
        "create nacl-entry strict ingress 13 allow icmp 3:300 from 0.0.0.0/0",
        "InvalidParameterValue",
    );
}

#[test]
fn other_protocols_cover_all_their_traffic_and_unknown_numbers_are_refused() {
    let mut s = prod();
    let out = ok(
        &mut s,
        "create nacl-entry strict ingress 10 allow 50 from 0.0.0.0/0",
    );
    assert!(out.contains("50 (ESP)"), "{out}");
    err_code(
        &mut s,
        "create nacl-entry strict ingress 11 allow 300 from 0.0.0.0/0",
        "InvalidParameterValue",
    );
}

#[test]
fn cidrs_are_checked_and_canonicalised() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create nacl-entry strict ingress 10 deny all from 1.2.3.4",
        "InvalidParameterValue",
    );
    assert!(e.message.contains("parameter cidrBlock"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("write 1.2.3.4/32"));
    let e = err_code(
        &mut s,
        "create nacl-entry strict ingress 10 deny all from 2001:db8::/200",
        "InvalidParameterValue",
    );
    assert!(
        e.message.contains("parameter ipv6CidrBlock"),
        "{}",
        e.message
    );
    let out = ok(
        &mut s,
        "create nacl-entry strict ingress 10 deny all from 10.1.2.3/16",
    );
    assert!(out.contains("from 10.1.0.0/16"), "{out}");
}

#[test]
fn twenty_entries_per_direction_and_family_counting_the_star() {
    let mut s = prod();
    for n in 1..=19 {
        ok(
            &mut s,
            &format!("create nacl-entry strict ingress {n} allow tcp {n} from 0.0.0.0/0"),
        );
    }
    let e = err_code(
        &mut s,
        "create nacl-entry strict ingress 20 allow tcp 20 from 0.0.0.0/0",
        "NetworkAclEntryLimitExceeded",
    );
    assert_eq!(
        e.message,
        "The maximum number of network acl entries has been reached."
    );
    // IPv6 and the other direction have their own quota.
    ok(
        &mut s,
        "create nacl-entry strict ingress 20 allow tcp 20 from ::/0",
    );
    ok(
        &mut s,
        "create nacl-entry strict egress 20 allow tcp 20 to 0.0.0.0/0",
    );
    // Replacing in place keeps the count; moving an entry to a full family does not fit.
    ok(
        &mut s,
        "replace nacl-entry strict ingress 19 deny all from 10.0.0.0/8",
    );
    for n in 21..=38 {
        ok(
            &mut s,
            &format!("create nacl-entry strict ingress {n} allow all from 2001:db8:{n}::/48"),
        );
    }
    err_code(
        &mut s,
        "replace nacl-entry strict ingress 19 deny all from 2001:db8:ff::/48",
        "NetworkAclEntryLimitExceeded",
    );
}

// ----- Replace and Delete -----

#[test]
fn replace_and_delete_need_the_entry() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "replace nacl-entry strict egress 7 allow all to 0.0.0.0/0",
        "InvalidNetworkAclEntry.NotFound",
    );
    assert_eq!(e.message, "no egress entry with number 7");
    let e = err_code(
        &mut s,
        "delete nacl-entry strict ingress 120",
        "InvalidNetworkAclEntry.NotFound",
    );
    assert_eq!(e.message, "no ingress entry with number 120");
    ok(
        &mut s,
        "create nacl-entry strict ingress 120 allow all from 0.0.0.0/0",
    );
    err_code(
        &mut s,
        "delete nacl-entry strict egress 120",
        "InvalidNetworkAclEntry.NotFound",
    );
    ok(&mut s, "delete nacl-entry strict ingress 120");
}

#[test]
fn replace_changes_the_entry_in_place() {
    let mut s = prod();
    ok(&mut s, "associate nacl strict with prod/app-a");
    ok(
        &mut s,
        "create nacl-entry strict ingress 100 deny all from 0.0.0.0/0",
    );
    ok(
        &mut s,
        "create nacl-entry strict egress 100 allow all to 0.0.0.0/0",
    );
    assert!(!allowed(&mut s, "tcp 8080 from web-1 to app-1"));
    ok(
        &mut s,
        "replace nacl-entry strict ingress 100 allow tcp 8080 from 10.0.1.0/24",
    );
    assert!(allowed(&mut s, "tcp 8080 from web-1 to app-1"));
    let text = show_nacls(&mut s);
    assert!(
        text.contains("100   allow   tcp 8080  10.0.1.0/24"),
        "{text}"
    );
}

#[test]
fn the_default_acls_entries_can_change() {
    let mut s = prod();
    ok(
        &mut s,
        "replace nacl-entry prod/default ingress 100 deny all from 0.0.0.0/0",
    );
    assert!(!allowed(&mut s, "tcp 8080 from web-1 to app-1"));
    ok(&mut s, "delete nacl-entry prod/default ingress 100");
    assert!(!allowed(&mut s, "tcp 8080 from web-1 to app-1"));
}

// ----- associations and DeleteNetworkAcl -----

#[test]
fn a_subnet_takes_an_acl_of_its_own_vpc() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "associate nacl strict with default/a",
        "InvalidParameterValue",
    );
    assert!(
        e.message.ends_with("belong to different networks."),
        "{}",
        e.message
    );
    let out = ok(&mut s, "associate nacl strict with prod/app-a");
    assert!(out.contains("now uses network ACL strict"), "{out}");
    assert!(out.contains("(was default)"), "{out}");
    let out = ok(&mut s, "associate nacl strict with prod/app-a");
    assert!(out.contains("already uses"), "{out}");
    err_code(
        &mut s,
        "associate nacl strict with prod/nope",
        "InvalidSubnetID.NotFound",
    );
}

#[test]
fn the_default_acl_cannot_be_deleted() {
    let mut s = prod();
    let e = err_code(&mut s, "delete nacl prod/default", "InvalidParameterValue");
    assert!(
        e.message
            .starts_with("cannot delete default network ACL acl-"),
        "{}",
        e.message
    );
}

#[test]
fn an_acl_a_subnet_uses_cannot_be_deleted() {
    let mut s = prod();
    ok(&mut s, "associate nacl strict with prod/app-a");
    let e = err_code(&mut s, "delete nacl strict", "DependencyViolation");
    assert!(
        e.message
            .contains("has dependencies and cannot be deleted."),
        "{}",
        e.message
    );
    ok(&mut s, "associate nacl default with prod/app-a");
    ok(&mut s, "delete nacl strict");
    err_code(&mut s, "delete nacl strict", "InvalidNetworkAclID.NotFound");
}

#[test]
fn a_vpc_with_a_custom_acl_cannot_be_deleted_and_its_default_goes_with_it() {
    let mut s = session("create vpc staging 10.9.0.0/16\ncreate nacl x in staging");
    let e = err_code(&mut s, "delete vpc staging", "DependencyViolation");
    assert!(
        e.label
            .as_deref()
            .is_some_and(|l| l.contains("network ACL x")),
        "{e:?}"
    );
    ok(&mut s, "delete nacl x");
    ok(&mut s, "delete vpc staging");
    err_code(
        &mut s,
        "delete nacl staging/default",
        "InvalidNetworkAclID.NotFound",
    );
}

// ----- the data plane -----

#[test]
fn traffic_inside_a_subnet_skips_the_acl() {
    let mut s = prod();
    ok(&mut s, "associate nacl strict with prod/app-a");
    assert!(allowed(&mut s, "tcp 5432 from app-1 to app-2"));
    let trace = ok(&mut s, "trace tcp 5432 from app-1 to app-2");
    assert!(!trace.contains("network ACL"), "{trace}");
}

#[test]
fn the_reply_needs_the_ephemeral_port_out() {
    let mut s = prod();
    ok(&mut s, "associate nacl strict with prod/app-a");
    ok(
        &mut s,
        "create nacl-entry strict ingress 100 allow tcp 8080 from 10.0.1.0/24",
    );
    let probe = ok(&mut s, "probe tcp 8080 from web-1 to app-1");
    assert!(probe.contains("reply: network ACL"), "{probe}");
    assert!(probe.ends_with("[SUBNET_ACL_RESTRICTION]"), "{probe}");
    ok(
        &mut s,
        "create nacl-entry strict egress 100 allow tcp 1024-65535 to 10.0.1.0/24",
    );
    assert!(allowed(&mut s, "tcp 8080 from web-1 to app-1"));
    assert!(!allowed(&mut s, "tcp 8080 from web-1 to app-1 sport 1000"));
}

#[test]
fn a_deny_entry_lists_every_entry_looked_at() {
    let mut s = prod();
    ok(&mut s, "associate nacl strict with prod/app-a");
    ok(
        &mut s,
        "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
    );
    ok(
        &mut s,
        "create nacl-entry strict ingress 100 deny tcp 8080 from 10.0.1.0/24",
    );
    ok(
        &mut s,
        "create nacl-entry strict ingress 200 allow all from 0.0.0.0/0",
    );
    let trace = ok(&mut s, "trace tcp 8080 from web-1 to app-1");
    assert!(
        trace.contains("90   deny  tcp 22 from 198.51.100.0/24  no: port 8080 is outside"),
        "{trace}"
    );
    assert!(
        trace.contains("100  deny  tcp 8080 from 10.0.1.0/24    match: 10.0.1.4 is in 10.0.1.0/24"),
        "{trace}"
    );
    assert!(
        !trace.contains("200  allow"),
        "entries after the deciding one are not looked at:\n{trace}"
    );
    assert!(
        trace.contains("verdict: DENY (deciding step 4) [SUBNET_ACL_RESTRICTION]"),
        "{trace}"
    );
}
