//! The data plane through the language: AWS-SEMANTICS §5 and §9.1–9.3, 9.8–9.9, as a user asks.

use crate::common::{allowed, ok, session};
use sgs::session::Session;

const WORLD: &str = "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 public
create subnet web-b in prod 10.0.3.0/24 public
create subnet db-a in prod 10.0.2.0/24
create group web \"Web\" in prod
create group db \"DB\" in prod
authorize ingress tcp 5432 from web to db
launch web-1 in prod/web-a ipv6 2600:1f18:1:101::10 public-ip groups web
launch web-2 in prod/web-b public-ip groups web
launch db-1 in prod/db-a groups db";

fn world() -> Session {
    session(WORLD)
}

#[test]
fn a_group_reference_matches_private_addresses() {
    let mut s = world();
    assert!(allowed(&mut s, "tcp 5432 from web-1 to db-1"));
    assert!(!allowed(&mut s, "tcp 5432 from web-1 to db-1 via public"));
}

#[test]
fn a_group_reference_does_not_match_a_public_address() {
    let mut s = world();
    ok(&mut s, "authorize ingress tcp 80 from web to web");
    assert!(allowed(&mut s, "tcp 80 from web-1 to web-2"));
    assert!(!allowed(&mut s, "tcp 80 from web-1 to web-2 via public"));
    // Only a CIDR covering the sender's public address lets it in that way.
    ok(&mut s, "authorize ingress tcp 80 from 54.0.0.1/32 to web");
    assert!(allowed(&mut s, "tcp 80 from web-1 to web-2 via public"));
}

#[test]
fn members_of_a_group_do_not_reach_each_other_without_a_rule() {
    let mut s = world();
    assert!(!allowed(&mut s, "tcp 22 from web-1 to web-2"));
    ok(&mut s, "authorize ingress all from web to web");
    assert!(allowed(&mut s, "tcp 22 from web-1 to web-2"));
}

#[test]
fn the_union_of_groups_allows() {
    let mut s = world();
    ok(&mut s, "create group ssh \"SSH\" in prod");
    ok(&mut s, "authorize ingress tcp 22 from 0.0.0.0/0 to ssh");
    assert!(!allowed(&mut s, "tcp 22 from internet to web-1"));
    ok(&mut s, "modify instance web-1 groups web, ssh");
    assert!(allowed(&mut s, "tcp 22 from internet to web-1"));
}

#[test]
fn ipv4_rules_never_match_ipv6_packets() {
    let mut s = world();
    ok(&mut s, "authorize ingress tcp 443 from 0.0.0.0/0 to web");
    assert!(allowed(&mut s, "tcp 443 from 198.51.100.1 to web-1"));
    assert!(!allowed(&mut s, "tcp 443 from 2001:db8::1 to web-1"));
    ok(&mut s, "authorize ingress tcp 443 from ::/0 to web");
    assert!(allowed(&mut s, "tcp 443 from 2001:db8::1 to web-1"));
}

#[test]
fn the_internet_is_covered_only_by_slash_zero() {
    let mut s = world();
    ok(
        &mut s,
        "authorize ingress tcp 22 from 203.0.113.0/24 to web",
    );
    assert!(allowed(&mut s, "tcp 22 from 203.0.113.7 to web-1"));
    assert!(!allowed(&mut s, "tcp 22 from internet to web-1"));
}

#[test]
fn egress_rules_are_looked_at() {
    let mut s = world();
    ok(&mut s, "revoke egress all from web to 0.0.0.0/0, ::/0");
    assert!(!allowed(&mut s, "tcp 5432 from web-1 to db-1"));
    ok(&mut s, "authorize egress tcp 5432 from web to db");
    assert!(allowed(&mut s, "tcp 5432 from web-1 to db-1"));
}

#[test]
fn replies_of_tracked_flows_pass_the_groups() {
    let mut s = world();
    // db has no egress rule for the reply, and web no ingress rule: tracking lets it back.
    ok(&mut s, "revoke egress all from db to 0.0.0.0/0");
    assert!(allowed(&mut s, "tcp 5432 from web-1 to db-1"));
}

#[test]
fn untracked_reply_needs_the_other_direction_rule() {
    let mut s = world();
    ok(&mut s, "authorize ingress tcp 80 from 0.0.0.0/0 to web");
    // web egresses all to 0.0.0.0/0: HTTP from anywhere is untracked, and its reply is allowed
    // by that egress rule, as the trace says.
    let t = ok(&mut s, "trace tcp 80 from 198.51.100.1 to web-1");
    assert!(t.contains("untracked"), "{t}");
    assert!(allowed(&mut s, "tcp 80 from 198.51.100.1 to web-1"));
}

#[test]
fn icmp_is_always_tracked_and_errors_have_no_reply() {
    let mut s = world();
    ok(&mut s, "authorize ingress icmp all from 0.0.0.0/0 to web");
    let t = ok(&mut s, "trace icmp echo-request from 198.51.100.1 to web-1");
    assert!(t.contains("reply:") && !t.contains("untracked"), "{t}");
    let t = ok(&mut s, "trace icmp 3:4 from 198.51.100.1 to web-1");
    assert!(t.contains("reply: none"), "{t}");
}

#[test]
fn protocols_without_ports_match_by_number() {
    let mut s = world();
    ok(&mut s, "authorize ingress 50 from 198.51.100.0/24 to web");
    assert!(allowed(&mut s, "50 from 198.51.100.1 to web-1"));
    assert!(!allowed(&mut s, "51 from 198.51.100.1 to web-1"));
}

#[test]
fn outbound_smtp_to_the_internet_is_held_by_ec2() {
    let mut s = world();
    assert!(allowed(&mut s, "tcp 587 from web-1 to internet"));
    assert!(!allowed(&mut s, "tcp 25 from web-1 to internet"));
    ok(&mut s, "authorize ingress tcp 25 from web to web");
    assert!(allowed(&mut s, "tcp 25 from web-1 to web-2"));
}

#[test]
fn amazon_services_are_not_filtered() {
    let mut s = world();
    ok(&mut s, "revoke egress all from db to 0.0.0.0/0");
    assert!(allowed(&mut s, "udp 53 from db-1 to 10.0.0.2"));
    assert!(allowed(&mut s, "tcp 80 from db-1 to 169.254.169.254"));
    assert!(allowed(&mut s, "udp 123 from db-1 to 169.254.169.123"));
}

#[test]
fn private_subnets_have_no_route_to_the_internet() {
    let mut s = world();
    assert!(!allowed(&mut s, "tcp 443 from db-1 to internet"));
    assert!(allowed(&mut s, "tcp 443 from web-1 to internet"));
}

#[test]
fn stopped_instances_deny() {
    let mut s = world();
    ok(&mut s, "stop db-1");
    assert!(!allowed(&mut s, "tcp 5432 from web-1 to db-1"));
    ok(&mut s, "start db-1");
    assert!(allowed(&mut s, "tcp 5432 from web-1 to db-1"));
}

#[test]
fn a_packet_to_its_own_address_is_not_filtered() {
    let mut s = world();
    assert!(allowed(&mut s, "tcp 9999 from web-1 to 10.0.1.4"));
}

#[test]
fn elastic_ips_are_reached_from_the_internet() {
    let mut s = world();
    ok(&mut s, "authorize ingress tcp 443 from 0.0.0.0/0 to web");
    ok(&mut s, "associate address 54.210.0.10 with web-1");
    assert!(allowed(&mut s, "tcp 443 from internet to 54.210.0.10"));
    // The launch address is released: it belongs to nobody now.
    let e = crate::common::err(&mut s, "probe tcp 443 from internet to 54.0.0.1");
    assert!(
        e.message
            .contains("neither endpoint is a network interface"),
        "{e:?}"
    );
}

#[test]
fn bad_packets_are_errors_not_verdicts() {
    let mut s = world();
    for line in [
        "probe tcp from web-1 to db-1",
        "probe tcp 1-5 from web-1 to db-1",
        "probe all from web-1 to db-1",
        "probe tcp 22 from nobody to db-1",
    ] {
        let e = crate::common::err(&mut s, line);
        assert!(e.span.is_some(), "{line}: {e:?}");
    }
    let e = crate::common::err(&mut s, "probe tcp 22 from nobody to db-1");
    assert_eq!(e.code, "InvalidEndpoint.NotFound");
}

#[test]
fn decisions_are_deterministic() {
    let mut a = world();
    let mut b = world();
    let line = "trace tcp 5432 from web-1 to db-1";
    assert_eq!(ok(&mut a, line), ok(&mut b, line));
}

#[test]
fn a_fresh_world_answers_in_the_default_vpc() {
    let mut s = Session::new();
    ok(&mut s, "launch a");
    ok(&mut s, "launch b");
    // Two instances in the default group reach each other on every protocol.
    assert!(allowed(&mut s, "udp 5000 from a to b"));
    assert!(!allowed(&mut s, "tcp 22 from internet to a"));
}
