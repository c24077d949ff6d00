//! Unit tests of the data plane: one behaviour per test, on small worlds built with the world's
//! primitives (the control plane is not used). Every probe is decided in both detail modes, and
//! the two must agree on the verdict, the deciding step and the summary.

mod endpoints;
mod groups;
mod nacls;
mod packets;
mod peering;
mod replies;
mod routes;
mod services;
mod specials;

use super::*;
use crate::query::resolve;
use crate::vocab::ids::DEFAULT_ACCOUNT;
use crate::vocab::{
    AclId, Endpoint, EniId, IcmpRange, IcmpSpec, InstanceId, PcxId, Perm, PortRange, PortSpec,
    Proto, Ref, RuleId, RulePeer, Scope, SgId, Span, Spanned, SubnetId, VpcId,
};
use crate::vocab::{Diagnostic, Probe};
use crate::world::group::{Group, Rule};
use crate::world::instance::{Eni, Instance};
use crate::world::nacl::{AclEntry, Nacl};
use crate::world::network::Subnet;
use crate::world::peering::Peering;
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
        let nacl = self.w.vpcs[vpc].default_nacl.clone();
        self.w.add_subnet(Subnet {
            id: id.clone(),
            name: name.to_string(),
            vpc: vpc.clone(),
            nacl,
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
            owner: None,
        });
        let seq = self.w.next_seq();
        self.w.add_instance(Instance {
            id: instance,
            name: name.to_string(),
            scope: self.scope(),
            state: InstanceState::Running,
            enis: vec![eni.clone()],
            auto_public_ip: false,
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

    /// A custom network ACL of a VPC: only the `*` entries.
    fn nacl(&mut self, vpc: &VpcId, name: &str) -> AclId {
        let id = AclId(self.w.mint(AclId::PREFIX));
        let seq = self.w.next_seq();
        self.w.add_nacl(Nacl {
            id: id.clone(),
            name: name.to_string(),
            vpc: vpc.clone(),
            scope: self.scope(),
            is_default: false,
            ingress: Vec::new(),
            egress: Vec::new(),
            seq,
        });
        id
    }

    fn entry(
        &mut self,
        acl: &AclId,
        direction: Direction,
        number: u16,
        allow: bool,
        proto: Proto,
        cidr: &str,
    ) {
        let entry = AclEntry {
            number,
            allow,
            proto,
            cidr: net(cidr),
        };
        if let Some(n) = self.w.nacls.get_mut(acl) {
            n.put(direction, entry);
        }
    }

    fn associate(&mut self, subnet: &SubnetId, acl: &AclId) {
        if let Some(s) = self.w.subnets.get_mut(subnet) {
            s.nacl = acl.clone();
        }
    }

    fn peer(&mut self, a: &VpcId, b: &VpcId) -> PcxId {
        let id = PcxId(self.w.mint(PcxId::PREFIX));
        let seq = self.w.next_seq();
        self.w.add_peering(Peering {
            id: id.clone(),
            name: "p".to_string(),
            scope: self.scope(),
            requester: a.clone(),
            accepter: b.clone(),
            seq,
        });
        id
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
                StepKind::Flow(_) => "flow".to_string(),
                StepKind::CacheGroups(_) => "cache-groups".to_string(),
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
            "allow tcp 6379 web-1 -> redis-1 (ingress {} of cache from app ({}))",
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
