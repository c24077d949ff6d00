//! Resolving endpoints and choosing the address family.

use super::*;

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

#[test]
fn icmpv6_makes_an_ipv6_packet() {
    let p = prod();
    let echo6 = Perm::Icmpv6(Some(IcmpSpec::Type(128)));
    let q = resolve(&p.lab.w, &probe(echo6, obj("web-1"), internet())).unwrap();
    assert_eq!(q.family, Family::V6);
    assert_eq!(
        q.packet.reply().map(|r| r.to_string()),
        Some("icmpv6 echo-reply".to_string())
    );
}
