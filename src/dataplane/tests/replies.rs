//! Reply legs and connection tracking: tracked and untracked flows, ICMP, other protocols.

use super::*;

#[test]
fn tracked_reply_passes_without_a_rule() {
    let mut p = prod();
    p.lab.clear_egress(&p.cache);
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    let reply = reply_groups(&t, Direction::Egress);
    match &reply.how {
        GroupsHow::Tracked(entry) => {
            assert_eq!(entry.eni, p.redis);
            assert_eq!(entry.opened_at, 5);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn untracked_reply_needs_the_other_direction_rule() {
    let mut p = prod();
    let open = p.lab.ingress(&p.app, tcp_rule(80, 80), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(tcp(80), internet(), obj("web-1")));
    assert!(t.allowed, "{t}");
    let reply = reply_groups(&t, Direction::Egress);
    match &reply.how {
        GroupsHow::Untracked(u) => assert_eq!(u.request_rule, open),
        other => panic!("expected an untracked flow, got {other:?}"),
    }
    // The reply was judged by the egress rules: the default all-traffic rule allowed it.
    let by = reply
        .allowed_by
        .as_ref()
        .expect("an egress rule allowed the reply");
    assert_eq!(by.proto, Proto::All);
    assert_eq!(reply.rules.len(), 1);
}

#[test]
fn narrow_source_keeps_the_flow_tracked() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, tcp_rule(22, 22), cidr("203.0.113.0/24"));
    let t = p.lab.ask(probe(tcp(22), at("203.0.113.7"), obj("web-1")));
    assert!(
        matches!(
            reply_groups(&t, Direction::Egress).how,
            GroupsHow::Tracked(_)
        ),
        "{t}"
    );
}

#[test]
fn icmp_is_always_tracked() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, Proto::Icmp(IcmpRange::ALL), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(icmp(8, 0), internet(), obj("web-1")));
    assert!(t.allowed, "{t}");
    assert!(
        matches!(
            reply_groups(&t, Direction::Egress).how,
            GroupsHow::Tracked(_)
        ),
        "{t}"
    );
    let reply = t.reply.expect("echo has a reply");
    assert_eq!(reply.packet.to_string(), "icmp echo-reply");
}

#[test]
fn icmp_error_has_no_reply_leg() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, Proto::Icmp(IcmpRange::ALL), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(icmp(3, 4), internet(), obj("web-1")));
    assert!(t.allowed, "{t}");
    assert!(t.reply.is_none());
    assert!(t.steps.iter().all(|s| s.leg == Leg::Request));
    assert!(t.to_string().contains("reply: none"), "{t}");
}

#[test]
fn other_protocols_reply_with_the_same_protocol() {
    let mut p = prod();
    p.lab.ingress(&p.cache, Proto::Other(50), sg(&p.app));
    let t = p
        .lab
        .ask(probe(Perm::Number(50), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    assert_eq!(t.reply.map(|w| w.packet), Some(Packet::Other(50)));
}

#[test]
fn flow_is_untracked_when_any_admitting_rule_is_open() {
    let mut p = prod();
    // The group reference matches first; the open rule matches too, so the flow is untracked.
    let open = p
        .lab
        .ingress(&p.cache, tcp_rule(6379, 6379), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    match &reply_groups(&t, Direction::Egress).how {
        GroupsHow::Untracked(u) => assert_eq!(u.request_rule, open),
        other => panic!("expected an untracked flow, got {other:?}"),
    }
    // At web-1 the open egress rule has no open ingress rule to pair with: tracked.
    assert!(matches!(
        reply_groups(&t, Direction::Ingress).how,
        GroupsHow::Tracked(_)
    ));
}

#[test]
fn udp_flow_needs_an_every_port_rule_of_its_own_protocol_to_be_untracked() {
    let mut p = prod();
    p.lab.clear_egress(&p.cache);
    p.lab
        .ingress(&p.cache, Proto::Udp(PortRange::ALL), cidr("0.0.0.0/0"));
    p.lab
        .egress(&p.cache, Proto::Tcp(PortRange::ALL), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(udp(53), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    assert!(matches!(
        reply_groups(&t, Direction::Egress).how,
        GroupsHow::Tracked(_)
    ));
    p.lab
        .egress(&p.cache, Proto::Udp(PortRange::ALL), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(udp(53), obj("web-1"), obj("redis-1")));
    assert!(matches!(
        reply_groups(&t, Direction::Egress).how,
        GroupsHow::Untracked(_)
    ));
}
