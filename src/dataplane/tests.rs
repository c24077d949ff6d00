//! Unit tests of the data plane: one behaviour per test, on small worlds built with the world's
//! primitives (the control plane is not used). Every probe is decided in both detail modes, and
//! the two must agree on the verdict, the deciding step and the summary.

use super::*;
use crate::lang::ast::{Endpoint, IcmpSpec, Perm, PortSpec, Ref, Span, Spanned};
use crate::world::group::{Group, Rule, RulePeer};
use crate::world::ids::{DEFAULT_ACCOUNT, EniId, InstanceId, RuleId, Scope, SgId, SubnetId, VpcId};
use crate::world::instance::{Eni, Instance};
use crate::world::network::Subnet;
use crate::world::proto::{IcmpRange, PortRange, Proto};
use std::net::{IpAddr, Ipv4Addr};

// ----- the builder -----

struct Lab {
    w: World,
}

fn net<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("a valid literal in a test")
}

fn cidr(s: &str) -> RulePeer {
    RulePeer::Cidr(net(s))
}

fn sg(id: &SgId) -> RulePeer {
    RulePeer::Group {
        id: id.clone(),
        owner: DEFAULT_ACCOUNT.to_string(),
    }
}

fn tcp_rule(from: u16, to: u16) -> Proto {
    Proto::Tcp(PortRange { from, to })
}

impl Lab {
    fn new() -> Self {
        Lab { w: World::new() }
    }

    fn scope(&self) -> Scope {
        self.w.scope.clone()
    }

    fn vpc(&mut self, name: &str, cidr: &str, ipv6: Option<&str>) -> VpcId {
        let scope = self.scope();
        self.w
            .create_vpc(&scope, name, net(cidr), ipv6.map(net), false)
    }

    fn subnet(&mut self, vpc: &VpcId, name: &str, cidr: &str, public: bool) -> SubnetId {
        self.subnet6(vpc, name, cidr, None, public)
    }

    fn subnet6(
        &mut self,
        vpc: &VpcId,
        name: &str,
        cidr: &str,
        ipv6: Option<&str>,
        public: bool,
    ) -> SubnetId {
        let id = SubnetId(self.w.mint(SubnetId::PREFIX));
        let seq = self.w.next_seq();
        self.w.add_subnet(Subnet {
            id: id.clone(),
            name: name.to_string(),
            vpc: vpc.clone(),
            scope: self.scope(),
            cidr: net(cidr),
            ipv6: ipv6.map(net),
            az: "us-east-1a".to_string(),
            public,
            default_for_az: false,
            seq,
        });
        id
    }

    /// A new VPC group with AWS's default egress rules and no ingress rules.
    fn group(&mut self, vpc: &VpcId, name: &str) -> SgId {
        let ipv6 = self.w.vpcs[vpc].ipv6.is_some();
        let id = SgId(self.w.mint(SgId::PREFIX));
        let egress = self.w.default_egress(ipv6);
        let seq = self.w.next_seq();
        self.w.add_group(Group {
            id: id.clone(),
            name: name.to_string(),
            description: name.to_string(),
            scope: self.scope(),
            vpc: Some(vpc.clone()),
            is_default: false,
            ingress: Vec::new(),
            egress,
            seq,
        });
        id
    }

    fn classic_group(&mut self, name: &str) -> SgId {
        let id = SgId(self.w.mint(SgId::PREFIX));
        let seq = self.w.next_seq();
        self.w.add_group(Group {
            id: id.clone(),
            name: name.to_string(),
            description: name.to_string(),
            scope: self.scope(),
            vpc: None,
            is_default: false,
            ingress: Vec::new(),
            egress: Vec::new(),
            seq,
        });
        id
    }

    fn rule(&mut self, group: &SgId, direction: Direction, proto: Proto, peer: RulePeer) -> RuleId {
        let rule: Rule = self.w.new_rule(proto, peer, None);
        let id = rule.id.clone();
        if let Some(g) = self.w.groups.get_mut(group) {
            g.rules_mut(direction).push(rule);
        }
        id
    }

    fn ingress(&mut self, group: &SgId, proto: Proto, peer: RulePeer) -> RuleId {
        self.rule(group, Direction::Ingress, proto, peer)
    }

    fn egress(&mut self, group: &SgId, proto: Proto, peer: RulePeer) -> RuleId {
        self.rule(group, Direction::Egress, proto, peer)
    }

    fn clear_egress(&mut self, group: &SgId) {
        if let Some(g) = self.w.groups.get_mut(group) {
            g.egress.clear();
        }
    }

    fn eni(&mut self, name: &str, place: Option<&SubnetId>, ip: &str, groups: &[&SgId]) -> EniId {
        let instance = InstanceId(self.w.mint(InstanceId::PREFIX));
        let eni = EniId(self.w.mint(EniId::PREFIX));
        let subnet = place.map(|s| self.w.subnets[s].clone());
        let seq = self.w.next_seq();
        self.w.add_eni(Eni {
            id: eni.clone(),
            name: name.to_string(),
            scope: self.scope(),
            instance: Some(instance.clone()),
            subnet: subnet.as_ref().map(|s| s.id.clone()),
            vpc: subnet.as_ref().map(|s| s.vpc.clone()),
            private_ip: net(ip),
            ipv6: None,
            public_ip: None,
            elastic_ip: None,
            groups: groups.iter().map(|g| (*g).clone()).collect(),
            device_index: 0,
            seq,
        });
        let seq = self.w.next_seq();
        self.w.add_instance(Instance {
            id: instance,
            name: name.to_string(),
            scope: self.scope(),
            state: InstanceState::Running,
            enis: vec![eni.clone()],
            seq,
        });
        eni
    }

    /// An instance in a subnet; its interface is returned.
    fn launch(&mut self, name: &str, subnet: &SubnetId, ip: &str, groups: &[&SgId]) -> EniId {
        self.eni(name, Some(subnet), ip, groups)
    }

    fn public_ip(&mut self, eni: &EniId, ip: &str) {
        self.w.set_public_ip(eni, Some(net(ip)));
    }

    fn ipv6(&mut self, eni: &EniId, ip: &str) {
        if let Some(mut e) = self.w.remove_eni(eni) {
            e.ipv6 = Some(net(ip));
            self.w.add_eni(e);
        }
    }

    fn stop(&mut self, eni: &EniId) {
        let instance = self.w.enis[eni].instance.clone();
        if let Some(i) = instance.and_then(|i| self.w.instances.get_mut(&i)) {
            i.state = InstanceState::Stopped;
        }
    }

    /// Asks in both detail modes, checks they agree, and returns the full trace.
    fn ask(&self, probe: Probe) -> Trace {
        let q = resolve(&self.w, &probe).expect("the probe resolves");
        let full = decide(&self.w, &q, Detail::Full);
        let quick = decide(&self.w, &q, Detail::Verdict);
        assert_eq!(full.allowed, quick.allowed, "verdicts differ:\n{full}");
        assert_eq!(
            full.deciding, quick.deciding,
            "deciding steps differ:\n{full}"
        );
        assert_eq!(full.summary(), quick.summary());
        assert!(quick.steps.len() <= 1);
        full
    }

    fn error(&self, probe: Probe) -> Diagnostic {
        match resolve(&self.w, &probe) {
            Ok(q) => panic!("expected an error, got {q:?}"),
            Err(e) => e,
        }
    }
}

/// The prod lab: vpc prod 10.0.0.0/16 with a public subnet web-a and a private subnet cache-a;
/// web-1 (group app, public 54.0.0.10) and redis-1 (group cache, which admits tcp 6379 from app).
struct Prod {
    lab: Lab,
    vpc: VpcId,
    web_a: SubnetId,
    cache_a: SubnetId,
    app: SgId,
    cache: SgId,
    web: EniId,
    redis: EniId,
}

fn prod() -> Prod {
    let mut lab = Lab::new();
    let vpc = lab.vpc("prod", "10.0.0.0/16", None);
    let web_a = lab.subnet(&vpc, "web-a", "10.0.1.0/24", true);
    let cache_a = lab.subnet(&vpc, "cache-a", "10.0.2.0/24", false);
    let app = lab.group(&vpc, "app");
    let cache = lab.group(&vpc, "cache");
    lab.ingress(&cache, tcp_rule(6379, 6379), sg(&app));
    let web = lab.launch("web-1", &web_a, "10.0.1.10", &[&app]);
    lab.public_ip(&web, "54.0.0.10");
    let redis = lab.launch("redis-1", &cache_a, "10.0.2.5", &[&cache]);
    Prod {
        lab,
        vpc,
        web_a,
        cache_a,
        app,
        cache,
        web,
        redis,
    }
}

// ----- probes -----

fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::new(0, 1))
}

fn tcp(port: i64) -> Perm {
    Perm::Tcp(Some(PortSpec::Single(port)))
}

fn udp(port: i64) -> Perm {
    Perm::Udp(Some(PortSpec::Single(port)))
}

fn icmp(t: i64, c: i64) -> Perm {
    Perm::Icmp(Some(IcmpSpec::TypeCode(t, c)))
}

fn obj(name: &str) -> Endpoint {
    Endpoint::Object(Ref {
        qualifier: None,
        name: name.to_string(),
        span: Span::new(10, 10 + name.len()),
    })
}

fn at(addr: &str) -> Endpoint {
    Endpoint::Address(addr.to_string())
}

fn internet() -> Endpoint {
    Endpoint::Internet
}

fn probe(packet: Perm, from: Endpoint, to: Endpoint) -> Probe {
    Probe {
        packet: sp(packet),
        from: sp(from),
        to: sp(to),
        via: None,
        sport: None,
    }
}

fn via(mut p: Probe, v: Via) -> Probe {
    p.via = Some(sp(v));
    p
}

// ----- reading traces -----

fn step(t: &Trace, n: usize) -> &Step {
    t.steps
        .iter()
        .find(|s| s.number == n)
        .unwrap_or_else(|| panic!("no step {n} in\n{t}"))
}

fn deciding(t: &Trace) -> &Step {
    step(t, t.deciding)
}

fn groups_step(s: &Step) -> &GroupsStep {
    match &s.kind {
        StepKind::Groups(g) => g,
        other => panic!("not a groups step: {other:?}"),
    }
}

/// The reply leg's security-group step at the interface that sends (`Egress`) or receives
/// (`Ingress`) the reply.
fn reply_groups(t: &Trace, direction: Direction) -> &GroupsStep {
    t.steps
        .iter()
        .filter(|s| s.leg == Leg::Reply)
        .find_map(|s| match &s.kind {
            StepKind::Groups(g) if g.direction == direction => Some(g),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no reply {} step in\n{t}", direction.as_str()))
}

fn route_step(t: &Trace) -> &RouteStep {
    t.steps
        .iter()
        .find_map(|s| match &s.kind {
            StepKind::Route(r) => Some(r),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no route step in\n{t}"))
}

/// A short name per step, to check the order.
fn kinds(t: &Trace) -> Vec<String> {
    t.steps
        .iter()
        .map(|s| {
            let leg = match s.leg {
                Leg::Request => "req",
                Leg::Reply => "rep",
            };
            let what = match &s.kind {
                StepKind::Groups(g) => format!("sg-{}", g.direction.as_str()),
                StepKind::Nacl(n) => format!("acl-{}", n.direction),
                StepKind::Route(_) => "route".to_string(),
                StepKind::Missing { .. } => "missing".to_string(),
                StepKind::Stopped { .. } => "stopped".to_string(),
                StepKind::NoAddress { .. } => "no-address".to_string(),
                StepKind::NotFiltered { .. } => "not-filtered".to_string(),
                StepKind::SameHost { .. } => "same-host".to_string(),
            };
            format!("{leg} {what}")
        })
        .collect()
}

fn misses(g: &GroupsStep) -> Vec<Miss> {
    g.rules
        .iter()
        .filter_map(|r| match r.verdict {
            RuleVerdict::Miss(m) => Some(m),
            RuleVerdict::Match(_) => None,
        })
        .collect()
}

// ----- packets -----

fn packet_error(perm: Perm) -> Diagnostic {
    match packet::from_perm(&sp(perm), None) {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn tcp_without_port_is_not_a_packet() {
    let e = packet_error(Perm::Tcp(None));
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(e.help.as_deref(), Some("write tcp 22"));
    assert_eq!(e.span, Some(Span::new(0, 1)));
}

#[test]
fn port_range_is_not_a_packet() {
    let e = packet_error(Perm::Tcp(Some(PortSpec::Range(1, 5))));
    assert!(e.message.contains("tcp 1-5"), "{e}");
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn tcp_all_is_not_a_packet() {
    let e = packet_error(Perm::Udp(Some(PortSpec::All)));
    assert!(e.message.contains("udp all"), "{e}");
}

#[test]
fn port_above_65535_is_out_of_range() {
    let e = packet_error(tcp(70000));
    assert_eq!(e.message, "TCP/UDP port (70000) out of range");
}

#[test]
fn all_is_not_a_packet() {
    let e = packet_error(Perm::All);
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn icmp_without_type_is_not_a_packet() {
    assert!(
        packet_error(Perm::Icmp(None))
            .message
            .contains("needs a type")
    );
    assert!(
        packet_error(Perm::Icmpv6(Some(IcmpSpec::All)))
            .message
            .contains("icmpv6 all")
    );
}

#[test]
fn icmp_type_or_code_above_255_is_out_of_range() {
    assert_eq!(
        packet_error(icmp(300, 0)).message,
        "ICMP type (300) out of range"
    );
    assert_eq!(
        packet_error(icmp(3, 256)).message,
        "ICMP code (256) out of range"
    );
}

#[test]
fn protocol_number_above_255_is_out_of_range() {
    let e = packet_error(Perm::Number(300));
    assert_eq!(e.message, "protocol number (300) out of range");
    assert!(packet_error(Perm::Number(6)).message.contains("tcp"));
}

#[test]
fn icmp_type_alone_means_code_zero() {
    let p = packet::from_perm(&sp(Perm::Icmp(Some(IcmpSpec::Type(3)))), None);
    assert_eq!(
        p,
        Ok(Packet::Icmp {
            family: Family::V4,
            icmp_type: 3,
            code: 0
        })
    );
}

#[test]
fn source_port_is_49152_unless_sport_says_otherwise() {
    let p = packet::from_perm(&sp(tcp(22)), None);
    assert_eq!(
        p,
        Ok(Packet::Tcp {
            sport: 49152,
            dport: 22
        })
    );
    let p = packet::from_perm(&sp(tcp(22)), Some(&sp(1024)));
    assert_eq!(
        p,
        Ok(Packet::Tcp {
            sport: 1024,
            dport: 22
        })
    );
    assert!(packet::from_perm(&sp(Perm::Number(50)), Some(&sp(1024))).is_err());
}

// ----- endpoints -----

#[test]
fn unknown_endpoint_is_not_found() {
    let p = prod();
    let e = p.lab.error(probe(tcp(22), obj("nope"), obj("web-1")));
    assert_eq!(e.code, "InvalidEndpoint.NotFound");
    assert_eq!(e.message, "The endpoint 'nope' does not exist");
    assert_eq!(e.span, Some(Span::new(10, 14)));
}

#[test]
fn text_that_is_not_an_address_is_refused() {
    let p = prod();
    let e = p.lab.error(probe(tcp(22), at("10.0.0.300"), obj("web-1")));
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn private_address_is_that_interface() {
    let p = prod();
    let q = resolve(&p.lab.w, &probe(tcp(6379), at("10.0.1.10"), obj("redis-1"))).unwrap();
    assert_eq!(
        q.from,
        End::Eni {
            id: p.web.clone(),
            addr: Some(net("10.0.1.10"))
        }
    );
}

#[test]
fn public_address_is_that_interface_reached_by_it() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(443), internet(), at("54.0.0.10")));
    assert_eq!(t.request.map(|w| w.dst), Some(Addr::Ip(net("54.0.0.10"))));
    assert_eq!(groups_step(deciding(&t)).eni.id, p.web);
}

#[test]
fn private_address_shared_by_two_vpcs_is_ambiguous() {
    let mut p = prod();
    let other = p.lab.vpc("staging", "10.0.0.0/16", None);
    let sub = p.lab.subnet(&other, "s", "10.0.1.0/24", false);
    let g = p.lab.group(&other, "g");
    p.lab.launch("twin", &sub, "10.0.1.10", &[&g]);
    let e = p.lab.error(probe(tcp(22), obj("redis-1"), at("10.0.1.10")));
    assert!(
        e.message.contains("web-1") && e.message.contains("twin"),
        "{e}"
    );
}

#[test]
fn unknown_address_is_an_outside_host() {
    let p = prod();
    let q = resolve(&p.lab.w, &probe(tcp(443), obj("web-1"), at("203.0.113.7"))).unwrap();
    assert_eq!(q.to, End::Host(net("203.0.113.7")));
}

#[test]
fn secondary_interface_is_found_by_name() {
    let mut p = prod();
    let extra = p.lab.eni("web-1-db", None, "10.0.1.11", &[&p.app]);
    if let Some(e) = p.lab.w.enis.get_mut(&extra) {
        e.device_index = 1;
    }
    let q = resolve(&p.lab.w, &probe(tcp(22), obj("web-1-db"), obj("redis-1"))).unwrap();
    assert_eq!(
        q.from,
        End::Eni {
            id: extra,
            addr: None
        }
    );
}

#[test]
fn a_packet_takes_the_family_of_its_source_address() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("v6", "10.1.0.0/16", Some("2600:1f18::/56"));
    let sub = lab.subnet6(&vpc, "a", "10.1.0.0/24", Some("2600:1f18::/64"), true);
    let g = lab.group(&vpc, "g");
    let web = lab.launch("web-1", &sub, "10.1.0.10", &[&g]);
    lab.ipv6(&web, "2600:1f18::10");
    let q = resolve(&lab.w, &probe(tcp(443), at("2600:1f18::10"), internet())).unwrap();
    assert_eq!(q.family, Family::V6);
    let q = resolve(&lab.w, &probe(tcp(443), obj("web-1"), internet())).unwrap();
    assert_eq!(q.family, Family::V4);
    let e = lab.error(probe(icmp(8, 0), at("2600:1f18::10"), internet()));
    assert_eq!(e.help.as_deref(), Some("write icmpv6 for an IPv6 packet"));
}

#[test]
fn neither_end_in_aws_is_refused() {
    let p = prod();
    let e = p.lab.error(probe(tcp(22), internet(), at("203.0.113.7")));
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn via_that_contradicts_the_written_address_is_refused() {
    let p = prod();
    let e = p.lab.error(via(
        probe(tcp(22), obj("redis-1"), at("10.0.1.10")),
        Via::Public,
    ));
    assert!(e.message.contains("private address of web-1"), "{e}");
}

// ----- security groups -----

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

// ----- special steps -----

#[test]
fn stopped_instance_denies() {
    let mut p = prod();
    p.lab.stop(&p.redis);
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    assert!(!t.allowed);
    assert_eq!(kinds(&t), ["req stopped"]);
    assert_eq!(deciding(&t).code, Some(Code::BadState));
    assert_eq!(
        t.summary(),
        "deny tcp 6379 web-1 -> redis-1: redis-1 is stopped [BAD_STATE]"
    );
}

#[test]
fn metadata_address_is_not_filtered() {
    let mut p = prod();
    p.lab.clear_egress(&p.app);
    let t = p
        .lab
        .ask(probe(tcp(80), obj("web-1"), at("169.254.169.254")));
    assert!(t.allowed, "{t}");
    assert_eq!(
        deciding(&t).kind,
        StepKind::NotFiltered {
            addr: net("169.254.169.254"),
            service: Service::InstanceMetadata
        }
    );
}

#[test]
fn amazon_dns_at_the_vpc_base_plus_two_is_not_filtered() {
    let mut p = prod();
    p.lab.clear_egress(&p.app);
    let t = p.lab.ask(probe(udp(53), obj("redis-1"), at("10.0.0.2")));
    assert!(t.allowed, "{t}");
    assert_eq!(kinds(&t), ["req not-filtered"]);
    assert_eq!(
        t.summary(),
        "allow udp 53 redis-1 -> 10.0.0.2 (Amazon DNS at 10.0.0.2 is not filtered)"
    );
}

#[test]
fn packet_to_its_own_address_never_leaves_the_host() {
    let mut p = prod();
    p.lab.clear_egress(&p.app);
    let t = p.lab.ask(probe(tcp(22), obj("web-1"), obj("web-1")));
    assert!(t.allowed, "{t}");
    assert_eq!(kinds(&t), ["req same-host"]);
}

#[test]
fn destination_without_a_public_address_is_unreachable() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(6379), internet(), obj("redis-1")));
    assert!(!t.allowed);
    assert_eq!(kinds(&t), ["req no-address"]);
    assert_eq!(
        t.summary(),
        "deny tcp 6379 internet -> redis-1: redis-1 has no public IPv4 address \
         [IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS]"
    );
}

// ----- network ACLs -----

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

// ----- routes -----

#[test]
fn private_subnet_has_no_route_to_the_internet() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(443), obj("redis-1"), internet()));
    assert!(!t.allowed);
    let s = deciding(&t);
    assert_eq!(s.code, Some(Code::NoRouteToDestination));
    assert_eq!(
        route_step(&t).problem,
        Some(RouteProblem::SubnetNotPublic {
            subnet: "cache-a".to_string()
        })
    );
}

#[test]
fn internet_to_an_instance_in_a_private_subnet_has_no_route() {
    let mut p = prod();
    p.lab.public_ip(&p.redis, "54.0.0.20");
    p.lab
        .ingress(&p.cache, tcp_rule(6379, 6379), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(tcp(6379), internet(), obj("redis-1")));
    assert!(!t.allowed);
    assert_eq!(deciding(&t).code, Some(Code::NoRouteToDestination));
}

#[test]
fn source_without_a_public_address_cannot_reach_the_internet() {
    let mut p = prod();
    p.lab.launch("worker-1", &p.web_a, "10.0.1.30", &[&p.app]);
    let t = p.lab.ask(probe(tcp(443), obj("worker-1"), internet()));
    assert!(!t.allowed);
    assert_eq!(
        deciding(&t).code,
        Some(Code::IgwPublicIpAssociationForEgress)
    );
}

#[test]
fn private_address_of_another_vpc_has_no_route() {
    let mut p = prod();
    let other = p.lab.vpc("staging", "10.1.0.0/16", None);
    let sub = p.lab.subnet(&other, "s", "10.1.0.0/24", true);
    let g = p.lab.group(&other, "g");
    p.lab.ingress(&g, Proto::All, cidr("0.0.0.0/0"));
    p.lab.launch("stage-1", &sub, "10.1.0.5", &[&g]);
    let t = p.lab.ask(probe(tcp(22), obj("web-1"), at("10.1.0.5")));
    assert!(!t.allowed);
    assert_eq!(deciding(&t).code, Some(Code::NoRouteToDestination));
    assert!(
        t.summary().contains("private address in vpc staging"),
        "{}",
        t.summary()
    );
}

#[test]
fn another_vpc_is_reached_by_its_public_address() {
    let mut p = prod();
    let other = p.lab.vpc("staging", "10.1.0.0/16", None);
    let sub = p.lab.subnet(&other, "s", "10.1.0.0/24", true);
    let g = p.lab.group(&other, "g");
    p.lab.ingress(&g, tcp_rule(22, 22), cidr("54.0.0.10/32"));
    let stage = p.lab.launch("stage-1", &sub, "10.1.0.5", &[&g]);
    p.lab.public_ip(&stage, "54.0.0.40");
    let t = p.lab.ask(probe(tcp(22), obj("web-1"), obj("stage-1")));
    assert!(t.allowed, "{t}");
    assert_eq!(t.request.map(|w| w.dst), Some(Addr::Ip(net("54.0.0.40"))));
    let hop = route_step(&t).hop.to_string();
    assert_eq!(
        hop,
        "internet gateway of vpc prod (10.0.1.10 leaves as 54.0.0.10) -> internet -> \
         internet gateway of vpc staging (54.0.0.40 arrives as 10.1.0.5)"
    );
}

#[test]
fn private_address_from_the_internet_is_refused_by_the_gateway() {
    let p = prod();
    let t = p
        .lab
        .ask(via(probe(tcp(443), internet(), obj("web-1")), Via::Private));
    assert!(!t.allowed);
    assert_eq!(
        deciding(&t).code,
        Some(Code::IgwPrivateIpAssociationForIngress)
    );
}

#[test]
fn private_destination_outside_the_vpc_is_not_routed() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(443), obj("web-1"), at("192.168.5.5")));
    assert!(!t.allowed);
    assert_eq!(
        deciding(&t).code,
        Some(Code::IgwDestinationAddressNotInRfc1918Egress)
    );
}

#[test]
fn address_of_the_vpc_that_no_interface_has_goes_nowhere() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(443), obj("web-1"), at("10.0.9.9")));
    assert!(!t.allowed);
    assert_eq!(deciding(&t).code, Some(Code::NoPossibleDestination));
}

#[test]
fn outbound_smtp_to_internet_is_held_by_ec2() {
    let mut p = prod();
    let t = p.lab.ask(probe(tcp(25), obj("web-1"), internet()));
    assert!(!t.allowed);
    assert_eq!(route_step(&t).problem, Some(RouteProblem::SmtpHeld));
    assert_eq!(deciding(&t).code, None);
    // Inside the VPC port 25 is an ordinary port.
    p.lab.ingress(&p.cache, tcp_rule(25, 25), sg(&p.app));
    assert!(
        p.lab
            .ask(probe(tcp(25), obj("web-1"), obj("redis-1")))
            .allowed
    );
}

#[test]
fn internet_gateway_shows_the_source_as_its_public_address() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, tcp_rule(22, 22), cidr("54.0.0.50/32"));
    let bastion = p.lab.launch("bastion", &p.web_a, "10.0.1.50", &[&p.app]);
    p.lab.public_ip(&bastion, "54.0.0.50");
    let t = p.lab.ask(via(
        probe(tcp(22), obj("bastion"), obj("web-1")),
        Via::Public,
    ));
    assert!(t.allowed, "{t}");
    let by = groups_step(deciding(&t))
        .allowed_by
        .clone()
        .expect("allowed");
    assert_eq!(
        by.verdict,
        RuleVerdict::Match(Why::InCidr(net("54.0.0.50")))
    );
}

#[test]
fn elastic_ip_is_the_public_address() {
    let mut p = prod();
    p.lab.ingress(&p.app, tcp_rule(443, 443), cidr("0.0.0.0/0"));
    p.lab.w.set_elastic_ip(&p.web, Ipv4Addr::new(3, 3, 3, 3));
    let t = p.lab.ask(probe(tcp(443), internet(), obj("web-1")));
    assert!(t.allowed, "{t}");
    assert_eq!(
        t.request.map(|w| w.dst),
        Some(Addr::Ip(IpAddr::V4(Ipv4Addr::new(3, 3, 3, 3))))
    );
}

// ----- replies and connection tracking -----

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

// ----- rendering -----

#[test]
fn verdict_mode_records_only_the_deciding_step() {
    let p = prod();
    let q = resolve(&p.lab.w, &probe(tcp(6379), obj("web-1"), obj("redis-1"))).unwrap();
    let t = decide(&p.lab.w, &q, Detail::Verdict);
    assert!(t.allowed);
    assert_eq!(t.steps.len(), 1);
    assert_eq!(t.steps[0].number, 5);
    let by = groups_step(&t.steps[0])
        .allowed_by
        .clone()
        .expect("allowed");
    assert_eq!(
        t.summary(),
        format!(
            "allow tcp 6379 web-1 -> redis-1 (ingress {} of cache from {})",
            by.rule, p.app
        )
    );
}

#[test]
fn full_allow_trace() {
    let p = prod();
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("redis-1")));
    insta::assert_snapshot!(t.to_string());
}

#[test]
fn full_deny_trace() {
    let mut p = prod();
    p.lab
        .ingress(&p.app, tcp_rule(22, 22), cidr("203.0.113.0/24"));
    let t = p.lab.ask(probe(tcp(22), internet(), obj("web-1")));
    insta::assert_snapshot!(t.to_string());
}

#[test]
fn untracked_trace() {
    let mut p = prod();
    p.lab.ingress(&p.app, tcp_rule(80, 80), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(tcp(80), internet(), obj("web-1")));
    insta::assert_snapshot!(t.to_string());
}
