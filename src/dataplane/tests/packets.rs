//! Turning what a probe writes into one packet.

use super::*;

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
