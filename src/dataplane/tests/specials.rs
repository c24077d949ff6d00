//! Questions answered before any packet moves: stopped instances, missing addresses, unfiltered service addresses, the host's own address.

use super::*;

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

#[test]
fn ipv6_packet_needs_ipv6_addresses_at_both_ends() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("v6", "10.1.0.0/16", Some("2600:1f18::/56"));
    let sub = lab.subnet6(&vpc, "a", "10.1.0.0/24", Some("2600:1f18::/64"), true);
    let g = lab.group(&vpc, "g");
    let with = lab.launch("with-v6", &sub, "10.1.0.10", &[&g]);
    lab.ipv6(&with, "2600:1f18::10");
    lab.launch("without-v6", &sub, "10.1.0.11", &[&g]);
    let echo6 = || Perm::Icmpv6(Some(IcmpSpec::Type(128)));
    let t = lab.ask(probe(echo6(), obj("with-v6"), obj("without-v6")));
    assert!(!t.allowed);
    assert_eq!(
        deciding(&t).kind,
        StepKind::NoAddress {
            role: Role::Destination,
            eni: EniLabel {
                id: lab
                    .w
                    .enis
                    .values()
                    .find(|e| e.name == "without-v6")
                    .map(|e| e.id.clone())
                    .expect("launched"),
                name: "without-v6".to_string()
            },
            wanted: Wanted::Ipv6
        }
    );
    let t = lab.ask(probe(echo6(), obj("without-v6"), internet()));
    assert!(!t.allowed);
    assert!(matches!(
        deciding(&t).kind,
        StepKind::NoAddress {
            role: Role::Source,
            wanted: Wanted::Ipv6,
            ..
        }
    ));
}
