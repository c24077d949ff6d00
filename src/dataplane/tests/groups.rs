//! Security-group rules: protocols, CIDRs, group references, the union of groups.

use super::*;

#[test]
fn group_reference_matches_a_member_by_its_private_address() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    let g = groups_step(deciding(&t));
    assert_eq!(g.direction, Direction::Ingress);
    let by = g.allowed_by.as_ref().expect("a rule allowed it");
    assert_eq!(by.peer, sg(&p.app));
    assert_eq!(
        by.verdict,
        RuleVerdict::Match(Why::Member(Addr::Ip(net("10.0.1.10"))))
    );
}

#[test]
fn group_reference_does_not_match_a_public_address() {
    let mut p = prod();
    if let Some(s) = p.lab.w.subnets.get_mut(&p.cache_a) {
        s.public = true;
    }
    p.lab.public_ip(&p.redis, "54.0.0.20");
    let t = p.lab.ask(via(
        probe(tcp(6379), obj("web-1"), obj("redis-1")),
        Via::Public,
    ));
    assert!(!t.allowed, "{t}");
    let s = deciding(&t);
    assert_eq!(s.code, Some(Code::EniSgRulesMismatch));
    let g = groups_step(s);
    assert_eq!(
        misses(g),
        vec![Miss::PublicAddress(Addr::Ip(net("54.0.0.10")))]
    );
    assert!(
        t.to_string()
            .contains("group references match private addresses only"),
        "{t}"
    );
}

#[test]
fn group_reference_does_not_match_a_non_member() {
    let mut p = prod();
    let other = p.lab.group(&p.vpc, "other");
    p.lab.launch("batch-1", &p.web_a, "10.0.1.20", &[&other]);
    let t = p.lab.ask(probe(tcp(6379), obj("batch-1"), obj("redis-1")));
    assert!(!t.allowed);
    let g = groups_step(deciding(&t));
    assert_eq!(misses(g), vec![Miss::NotMember(Addr::Ip(net("10.0.1.20")))]);
    assert_eq!(
        t.summary(),
        "deny tcp 6379 batch-1 -> redis-1: no ingress rule of cache allows it [ENI_SG_RULES_MISMATCH]"
    );
}

#[test]
fn any_matching_rule_of_any_group_allows() {
    let mut p = prod();
    let extra = p.lab.group(&p.vpc, "extra");
    p.lab.ingress(&extra, tcp_rule(20, 30), cidr("10.0.0.0/8"));
    if let Some(e) = p.lab.w.enis.get_mut(&p.redis) {
        e.groups.push(extra.clone());
    }
    let t = p.lab.ask(probe(tcp(22), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    let g = groups_step(deciding(&t));
    assert_eq!(g.rules.len(), 2);
    assert_eq!(g.rules[0].verdict, RuleVerdict::Miss(Miss::Port(22)));
    assert_eq!(
        g.allowed_by.as_ref().map(|r| r.group.id.clone()),
        Some(extra)
    );
}

#[test]
fn no_ingress_rule_denies() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(22), internet(), obj("web-1")));
    assert!(!t.allowed);
    assert_eq!(deciding(&t).code, Some(Code::EniSgRulesMismatch));
    assert_eq!(
        t.summary(),
        "deny tcp 22 internet -> web-1: no ingress rule of app allows it [ENI_SG_RULES_MISMATCH]"
    );
}

#[test]
fn internet_host_is_covered_only_by_slash_zero() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, tcp_rule(443, 443), cidr("203.0.113.0/24"));
    let t = p.lab.ask(probe(tcp(443), internet(), obj("web-1")));
    assert!(!t.allowed);
    assert_eq!(misses(groups_step(deciding(&t))), vec![Miss::UnknownHost]);
    p.lab.ingress(&p.app, tcp_rule(443, 443), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(tcp(443), internet(), obj("web-1")));
    assert!(t.allowed, "{t}");
    let by = groups_step(deciding(&t))
        .allowed_by
        .clone()
        .expect("allowed");
    assert_eq!(by.verdict, RuleVerdict::Match(Why::AnyHost));
}

#[test]
fn outside_host_with_an_address_matches_its_cidr() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, tcp_rule(22, 22), cidr("203.0.113.0/24"));
    let t = p.lab.ask(probe(tcp(22), at("203.0.113.7"), obj("web-1")));
    assert!(t.allowed, "{t}");
    let t = p.lab.ask(probe(tcp(22), at("198.51.100.7"), obj("web-1")));
    assert!(!t.allowed);
    assert_eq!(
        misses(groups_step(deciding(&t))),
        vec![Miss::NotInCidr(net("198.51.100.7"))]
    );
}

#[test]
fn revoked_egress_denies_at_the_source() {
    let mut p = prod();
    p.lab.clear_egress(&p.app);
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(!t.allowed);
    assert_eq!(t.deciding, 1);
    assert_eq!(groups_step(deciding(&t)).direction, Direction::Egress);
}

#[test]
fn classic_groups_allow_all_outbound() {
    let mut lab = Lab::new();
    let g = lab.classic_group("old");
    let e = lab.eni("old-1", None, "10.200.0.5", &[&g]);
    lab.public_ip(&e, "54.0.0.30");
    let t = lab.ask(probe(tcp(443), obj("old-1"), internet()));
    assert!(t.allowed, "{t}");
    let s = groups_step(deciding(&t));
    assert_eq!(s.how, GroupsHow::ClassicEgress);
    assert!(
        t.summary()
            .ends_with("(EC2-Classic groups allow all outbound)"),
        "{}",
        t.summary()
    );
}

#[test]
fn ipv4_rule_never_matches_ipv6() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("v6", "10.1.0.0/16", Some("2600:1f18::/56"));
    let sub = lab.subnet6(&vpc, "a", "10.1.0.0/24", Some("2600:1f18::/64"), true);
    let g = lab.group(&vpc, "web");
    lab.ingress(&g, tcp_rule(443, 443), cidr("0.0.0.0/0"));
    let web = lab.launch("web-1", &sub, "10.1.0.10", &[&g]);
    lab.ipv6(&web, "2600:1f18::10");
    let t = lab.ask(probe(tcp(443), at("2001:db8::7"), obj("web-1")));
    assert!(!t.allowed, "{t}");
    assert_eq!(misses(groups_step(deciding(&t))), vec![Miss::Family]);
    lab.ingress(&g, tcp_rule(443, 443), cidr("::/0"));
    let t = lab.ask(probe(tcp(443), at("2001:db8::7"), obj("web-1")));
    assert!(t.allowed, "{t}");
}

#[test]
fn egress_group_reference_matches_the_destination_member() {
    let mut p = prod();
    p.lab.clear_egress(&p.app);
    p.lab.egress(&p.app, tcp_rule(6379, 6379), sg(&p.cache));
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    let egress = groups_step(step(&t, 1));
    assert_eq!(
        egress.allowed_by.as_ref().map(|r| r.verdict),
        Some(RuleVerdict::Match(Why::Member(Addr::Ip(net("10.0.2.5")))))
    );
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), internet()));
    assert!(!t.allowed);
    assert_eq!(
        misses(groups_step(deciding(&t))),
        vec![Miss::NotAnInterface(Addr::Internet)]
    );
}
