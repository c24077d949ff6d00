//! Routes: local, internet gateways and their translation, and what stops a packet.

use super::*;

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
    let (a, b) = (p.lab.w.vpcs[&p.vpc].igw_id(), p.lab.w.vpcs[&other].igw_id());
    assert_eq!(
        hop,
        format!(
            "internet gateway {a} of vpc prod (10.0.1.10 leaves as 54.0.0.10) -> internet -> \
             internet gateway {b} of vpc staging (54.0.0.40 arrives as 10.1.0.5)"
        )
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

#[test]
fn classic_instances_reach_each_other_on_the_classic_network() {
    let mut lab = Lab::new();
    let default = lab
        .w
        .groups
        .values()
        .find(|g| g.is_classic() && g.is_default)
        .map(|g| g.id.clone())
        .expect("every scope has a Classic default group");
    lab.eni("c1", None, "10.200.0.5", &[&default]);
    lab.eni("c2", None, "10.200.0.6", &[&default]);
    let t = lab.ask(probe(tcp(22), obj("c1"), obj("c2")));
    assert!(t.allowed, "{t}");
    assert_eq!(route_step(&t).hop, Hop::Classic);
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
}
