//! Accounts and regions: each has its own defaults; commands change only the current one's
//! objects; others can be rule peers, peering ends and probe endpoints.

use crate::common::{allowed, err_code, ok, session};

const TWO: &str = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create group web \"Web\" in prod
launch web-1 in prod/web-a public-ip groups web
account 111122223333
create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create group web \"Web\" in prod
launch web-1 in prod/web-a public-ip groups web";

#[test]
fn each_account_and_region_has_its_own_default_vpc_and_classic_default_group() {
    let mut s = session("account 111122223333\nregion eu-west-1");
    let text = ok(&mut s, "show vpcs");
    assert!(text.starts_with("vpcs in 111122223333 eu-west-1"), "{text}");
    assert!(text.contains("default  vpc-"), "{text}");
    let groups = ok(&mut s, "show groups in classic");
    assert!(
        groups.contains("default") && groups.contains("classic"),
        "{groups}"
    );
    assert_eq!(s.world().scopes.len(), 3);
}

#[test]
fn commands_change_only_the_current_accounts_objects() {
    let mut s = session(TWO);
    ok(&mut s, "account 123456789012");
    err_code(
        &mut s,
        "authorize ingress tcp 22 from 0.0.0.0/0 to 111122223333/web",
        "InvalidGroup.NotFound",
    );
    err_code(
        &mut s,
        "delete group 111122223333/web",
        "InvalidGroup.NotFound",
    );
    err_code(
        &mut s,
        "create subnet x in 111122223333/prod 10.0.9.0/24",
        "InvalidVpcID.NotFound",
    );
    err_code(
        &mut s,
        "stop 111122223333/web-1",
        "InvalidInstanceID.NotFound",
    );
    err_code(
        &mut s,
        "create nacl n in 111122223333/prod",
        "InvalidVpcID.NotFound",
    );
    err_code(
        &mut s,
        "create nacl-entry 111122223333/default ingress 1 deny all from 0.0.0.0/0",
        "InvalidNetworkAclID.NotFound",
    );
    let e = err_code(
        &mut s,
        "terminate 111122223333/web-1",
        "InvalidInstanceID.NotFound",
    );
    assert!(
        e.help
            .as_deref()
            .is_some_and(|h| h.contains("account 111122223333")),
        "{e:?}"
    );
    // Names resolve here first: web is this account's.
    ok(&mut s, "authorize ingress tcp 22 from 0.0.0.0/0 to web");
}

#[test]
fn other_accounts_groups_are_written_account_slash_name_or_id() {
    let mut s = session(TWO);
    let theirs = s
        .world()
        .groups
        .values()
        .find(|g| g.name == "web" && g.scope.account == "111122223333")
        .map(|g| g.id.to_string())
        .unwrap_or_default();
    ok(&mut s, "account 123456789012");
    let shown = ok(&mut s, &format!("show group 111122223333/{theirs}"));
    assert!(shown.contains("owner: 111122223333 us-east-1"), "{shown}");
    let shown = ok(&mut s, "show group 111122223333/web");
    assert!(shown.contains(&theirs), "{shown}");
    err_code(
        &mut s,
        &format!("show group 999999999999/{theirs}"),
        "InvalidGroup.NotFound",
    );
}

#[test]
fn between_accounts_without_a_peering_traffic_goes_by_public_address() {
    let mut s = session(TWO);
    ok(
        &mut s,
        "authorize ingress tcp 443 from 111122223333/web to web",
    );
    ok(&mut s, "account 123456789012");
    // Without a peering the reference was refused; with a CIDR of the public address it works.
    assert!(!allowed(&mut s, "tcp 443 from 111122223333/web-1 to web-1"));
    ok(&mut s, "authorize ingress tcp 443 from 54.0.0.2/32 to web");
    assert!(allowed(&mut s, "tcp 443 from 111122223333/web-1 to web-1"));
    let trace = ok(&mut s, "trace tcp 443 from 111122223333/web-1 to web-1");
    assert!(
        trace.contains("request: tcp 10.0.1.4:49152 -> 54.0.0.1:443"),
        "{trace}"
    );
    assert!(trace.contains("internet gateway igw-"), "{trace}");
}

#[test]
fn between_regions_group_references_never_match_the_public_address() {
    let mut s = session(
        "create group a \"A\" classic
authorize ingress tcp 3306 from a to a
launch a-1 classic groups a
region eu-west-1
create group far \"Far\" classic
launch far-1 classic groups far",
    );
    ok(&mut s, "region us-east-1");
    let trace = ok(&mut s, "trace tcp 3306 from eu-west-1/far-1 to a-1");
    assert!(
        trace.contains("request: tcp 10.0.0.4:49152 -> 54.0.0.1:3306"),
        "{trace}"
    );
    assert!(
        trace.contains("a public address: group references match private addresses only"),
        "{trace}"
    );
    assert!(trace.contains("verdict: DENY"), "{trace}");
    let e = err_code(
        &mut s,
        "authorize ingress tcp 3306 from eu-west-1/far to a",
        "InvalidGroup.NotFound",
    );
    assert_eq!(
        e.message,
        "The security group 'eu-west-1/far' does not exist"
    );
}
