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
