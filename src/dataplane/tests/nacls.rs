//! Network ACLs: when they are crossed and which default entries decide.

use super::*;

#[test]
fn same_subnet_skips_the_nacl() {
    let mut p = prod();
    p.lab.ingress(&p.app, Proto::All, sg(&p.app));
    p.lab.launch("web-2", &p.web_a, "10.0.1.11", &[&p.app]);
    let t = p.lab.ask(probe(tcp(80), obj("web-1"), obj("web-2")));
    assert!(t.allowed, "{t}");
    assert_eq!(
        kinds(&t),
        [
            "req sg-egress",
            "req route",
            "req sg-ingress",
            "rep sg-egress",
            "rep route",
            "rep sg-ingress"
        ]
    );
    assert_eq!(
        route_step(&t).hop,
        Hop::SameSubnet {
            subnet: "web-a".to_string()
        }
    );
}

#[test]
fn crossing_subnets_passes_both_default_acls_both_ways() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert_eq!(
        kinds(&t),
        [
            "req sg-egress",
            "req acl-outbound",
            "req route",
            "req acl-inbound",
            "req sg-ingress",
            "rep sg-egress",
            "rep acl-outbound",
            "rep route",
            "rep acl-inbound",
            "rep sg-ingress"
        ]
    );
    let acl = match &step(&t, 2).kind {
        StepKind::Nacl(n) => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(acl.acl, p.lab.w.vpcs[&p.vpc].default_nacl);
    assert_eq!(acl.entries.len(), 1);
    assert_eq!(acl.decided_by.map(|e| e.number), Some(Some(100)));
}

#[test]
fn default_acl_has_ipv6_entries_only_with_an_ipv6_block() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("v6", "10.1.0.0/16", Some("2600:1f18::/56"));
    let a = lab.subnet6(&vpc, "a", "10.1.0.0/24", Some("2600:1f18::/64"), true);
    let b = lab.subnet6(&vpc, "b", "10.1.1.0/24", Some("2600:1f18:0:1::/64"), true);
    let g = lab.group(&vpc, "g");
    lab.ingress(&g, Proto::All, sg(&g));
    let one = lab.launch("one", &a, "10.1.0.10", &[&g]);
    lab.ipv6(&one, "2600:1f18::10");
    let two = lab.launch("two", &b, "10.1.1.10", &[&g]);
    lab.ipv6(&two, "2600:1f18:0:1::10");
    let t = lab.ask(probe(tcp(22), at("2600:1f18::10"), obj("two")));
    assert!(t.allowed, "{t}");
    let acl = match &step(&t, 2).kind {
        StepKind::Nacl(n) => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        acl.entries.len(),
        2,
        "100 (IPv4) is looked at and passed over"
    );
    assert_eq!(acl.entries[0].verdict, RuleVerdict::Miss(Miss::Family));
    assert_eq!(acl.decided_by.map(|e| e.number), Some(Some(101)));
    // The group reference matches the IPv6 address of a member in the same VPC.
    assert!(matches!(
        groups_step(deciding(&t))
            .allowed_by
            .as_ref()
            .map(|r| r.verdict),
        Some(RuleVerdict::Match(Why::Member(_)))
    ));
}

#[test]
fn reply_acl_inbound_sees_the_ephemeral_port() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    let reply = t.reply.expect("a reply leg");
    assert_eq!(
        reply.packet,
        Packet::Tcp {
            sport: 6379,
            dport: 49152
        }
    );
    assert_eq!(reply.to_string(), "tcp 10.0.2.5:6379 -> 10.0.1.10:49152");
}

fn acl_step(t: &Trace, leg: Leg, direction: AclDirection) -> &NaclStep {
    t.steps
        .iter()
        .filter(|s| s.leg == leg)
        .find_map(|s| match &s.kind {
            StepKind::Nacl(n) if n.direction == direction => Some(n),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {direction} ACL step in\n{t}"))
}

/// prod with a custom ACL `strict` on cache-a; returns it.
fn strict(p: &mut Prod) -> AclId {
    let acl = p.lab.nacl(&p.vpc, "strict");
    p.lab.associate(&p.cache_a, &acl);
    acl
}

#[test]
fn a_custom_acl_denies_everything_by_its_star_entry() {
    let mut p = prod();
    strict(&mut p);
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(!t.allowed, "{t}");
    let d = deciding(&t);
    assert_eq!(d.code, Some(Code::SubnetAclRestriction));
    let acl = acl_step(&t, Leg::Request, AclDirection::Inbound);
    assert_eq!(acl.name, "strict");
    assert_eq!(acl.entries.len(), 1, "only the * entry is looked at");
    assert_eq!(acl.decided_by.map(|e| e.number), Some(None));
    assert!(
        t.summary().ends_with("[SUBNET_ACL_RESTRICTION]"),
        "{}",
        t.summary()
    );
}

#[test]
fn the_lowest_numbered_matching_entry_decides() {
    let mut p = prod();
    let acl = strict(&mut p);
    let any = Proto::All;
    p.lab
        .entry(&acl, Direction::Ingress, 200, true, any, "0.0.0.0/0");
    p.lab.entry(
        &acl,
        Direction::Ingress,
        100,
        false,
        tcp_rule(6379, 6379),
        "10.0.1.0/24",
    );
    p.lab
        .entry(&acl, Direction::Egress, 100, true, any, "0.0.0.0/0");
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(!t.allowed, "{t}");
    let acl_in = acl_step(&t, Leg::Request, AclDirection::Inbound);
    assert_eq!(
        acl_in.entries.len(),
        1,
        "100 matches first: 200 is never looked at"
    );
    assert_eq!(
        acl_in.decided_by.map(|e| (e.number, e.allow)),
        Some((Some(100), false))
    );
    // A port the deny does not cover falls through to the allow.
    p.lab.ingress(&p.cache, tcp_rule(6380, 6380), sg(&p.app));
    let t = p.lab.ask(probe(tcp(6380), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    let acl_in = acl_step(&t, Leg::Request, AclDirection::Inbound);
    assert_eq!(acl_in.entries.len(), 2);
    assert_eq!(
        acl_in.entries[0].verdict,
        RuleVerdict::Miss(Miss::Port(6380))
    );
    assert_eq!(acl_in.decided_by.map(|e| e.number), Some(Some(200)));
}

#[test]
fn the_reply_meets_the_acls_again_at_its_ephemeral_port() {
    let mut p = prod();
    let acl = strict(&mut p);
    p.lab.entry(
        &acl,
        Direction::Ingress,
        100,
        true,
        tcp_rule(6379, 6379),
        "10.0.1.0/24",
    );
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(
        !t.allowed,
        "stateless: no outbound entry lets the reply out\n{t}"
    );
    let d = deciding(&t);
    assert_eq!(d.leg, Leg::Reply);
    assert_eq!(d.code, Some(Code::SubnetAclRestriction));
    // Outbound to the ephemeral range: the default source port 49152 is in it.
    p.lab.entry(
        &acl,
        Direction::Egress,
        100,
        true,
        tcp_rule(32768, 65535),
        "10.0.1.0/24",
    );
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    let out = acl_step(&t, Leg::Reply, AclDirection::Outbound);
    assert_eq!(out.decided_by.map(|e| e.number), Some(Some(100)));
    // A client that picks a port below the range is answered into the * entry.
    let mut q = probe(tcp(6379), obj("web-1"), obj("redis-1"));
    q.sport = Some(sp(1025));
    let t = p.lab.ask(q);
    assert!(!t.allowed, "{t}");
    let out = acl_step(&t, Leg::Reply, AclDirection::Outbound);
    assert_eq!(out.entries[0].verdict, RuleVerdict::Miss(Miss::Port(1025)));
}

#[test]
fn a_deny_entry_cuts_what_the_groups_allow() {
    let mut p = prod();
    let acl = p.lab.w.vpcs[&p.vpc].default_nacl.clone();
    p.lab.entry(
        &acl,
        Direction::Egress,
        50,
        false,
        Proto::All,
        "10.0.2.0/24",
    );
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(!t.allowed, "{t}");
    assert_eq!(
        kinds(&t),
        ["req sg-egress", "req acl-outbound"],
        "the source subnet's ACL stops it on the way out"
    );
}

#[test]
fn ipv4_entries_never_match_ipv6_packets() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("v6", "10.1.0.0/16", Some("2600:1f18::/56"));
    let a = lab.subnet6(&vpc, "a", "10.1.0.0/24", Some("2600:1f18::/64"), true);
    let b = lab.subnet6(&vpc, "b", "10.1.1.0/24", Some("2600:1f18:0:1::/64"), true);
    let g = lab.group(&vpc, "g");
    lab.ingress(&g, Proto::All, sg(&g));
    let one = lab.launch("one", &a, "10.1.0.10", &[&g]);
    lab.ipv6(&one, "2600:1f18::10");
    let two = lab.launch("two", &b, "10.1.1.10", &[&g]);
    lab.ipv6(&two, "2600:1f18:0:1::10");
    let acl = lab.nacl(&vpc, "v4-only");
    lab.entry(&acl, Direction::Ingress, 100, true, Proto::All, "0.0.0.0/0");
    lab.entry(&acl, Direction::Egress, 100, true, Proto::All, "0.0.0.0/0");
    lab.associate(&b, &acl);
    assert!(lab.ask(probe(tcp(22), obj("one"), obj("two"))).allowed);
    let t = lab.ask(probe(tcp(22), at("2600:1f18::10"), obj("two")));
    assert!(!t.allowed, "{t}");
    let acl_in = acl_step(&t, Leg::Request, AclDirection::Inbound);
    assert_eq!(acl_in.entries[0].verdict, RuleVerdict::Miss(Miss::Family));
    assert_eq!(
        acl_in.decided_by.map(|e| e.cidr.to_string()),
        Some("::/0".to_string())
    );
}

#[test]
fn the_internet_is_covered_only_by_slash_zero_entries() {
    let mut p = prod();
    let acl = p.lab.nacl(&p.vpc, "web");
    p.lab.associate(&p.web_a, &acl);
    p.lab.ingress(&p.app, tcp_rule(443, 443), cidr("0.0.0.0/0"));
    p.lab.entry(
        &acl,
        Direction::Ingress,
        100,
        true,
        tcp_rule(443, 443),
        "203.0.113.0/24",
    );
    p.lab
        .entry(&acl, Direction::Egress, 100, true, Proto::All, "0.0.0.0/0");
    let t = p.lab.ask(probe(tcp(443), internet(), obj("web-1")));
    assert!(!t.allowed, "{t}");
    let acl_in = acl_step(&t, Leg::Request, AclDirection::Inbound);
    assert_eq!(
        acl_in.entries[0].verdict,
        RuleVerdict::Miss(Miss::UnknownHost)
    );
    assert!(
        p.lab
            .ask(probe(tcp(443), at("203.0.113.7"), obj("web-1")))
            .allowed
    );
}
