//! Protocols as the world stores them: validated, normalised rule protocols (`Proto`) with their
//! port and ICMP type/code ranges, the address family, and the ICMP and ICMPv6 type names the
//! language accepts and prints (the parser reads the names, the model and the trace print them).

use serde::{Deserialize, Serialize};
use std::fmt;

/// An inclusive TCP/UDP port range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }

    pub fn is_all(self) -> bool {
        self == PortRange::ALL
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_all() {
            f.write_str("all")
        } else if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// An ICMP type/code selection; `None` is AWS's `-1` (every type, or every code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IcmpRange {
    pub icmp_type: Option<u8>,
    pub code: Option<u8>,
}

impl IcmpRange {
    pub const ALL: IcmpRange = IcmpRange {
        icmp_type: None,
        code: None,
    };

    pub fn contains(self, icmp_type: u8, code: u8) -> bool {
        self.icmp_type.is_none_or(|t| t == icmp_type) && self.code.is_none_or(|c| c == code)
    }
}

/// A rule's protocol and ports, normalised: protocol numbers 6/17/1/58 become their names, and
/// other protocols carry no ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Proto {
    /// AWS's `-1`: every protocol.
    All,
    Tcp(PortRange),
    Udp(PortRange),
    Icmp(IcmpRange),
    Icmpv6(IcmpRange),
    /// Any other protocol number: all traffic of that protocol.
    Other(u8),
}

impl Proto {
    /// The IP protocol number (`None` for all).
    pub fn number(self) -> Option<u8> {
        match self {
            Proto::All => None,
            Proto::Tcp(_) => Some(6),
            Proto::Udp(_) => Some(17),
            Proto::Icmp(_) => Some(1),
            Proto::Icmpv6(_) => Some(58),
            Proto::Other(n) => Some(n),
        }
    }

    /// Whether this rule allows every port (or type) of its protocol.
    pub fn covers_all_ports(self) -> bool {
        match self {
            Proto::All | Proto::Other(_) => true,
            Proto::Tcp(p) | Proto::Udp(p) => p.is_all(),
            Proto::Icmp(r) | Proto::Icmpv6(r) => r == IcmpRange::ALL,
        }
    }
}

impl fmt::Display for Proto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proto::All => f.write_str("all"),
            Proto::Tcp(p) => write!(f, "tcp {p}"),
            Proto::Udp(p) => write!(f, "udp {p}"),
            Proto::Icmp(r) => write!(f, "icmp {}", IcmpDisplay(*r, Family::V4)),
            Proto::Icmpv6(r) => write!(f, "icmpv6 {}", IcmpDisplay(*r, Family::V6)),
            Proto::Other(n) => write!(f, "{n} ({})", protocol_name(*n)),
        }
    }
}

/// IPv4 or IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    /// The family of a CIDR.
    pub fn of_net(net: &ipnet::IpNet) -> Family {
        match net {
            ipnet::IpNet::V4(_) => Family::V4,
            ipnet::IpNet::V6(_) => Family::V6,
        }
    }

    /// The other family.
    pub fn other(self) -> Family {
        match self {
            Family::V4 => Family::V6,
            Family::V6 => Family::V4,
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        })
    }
}

struct IcmpDisplay(IcmpRange, Family);

impl fmt::Display for IcmpDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let IcmpDisplay(r, fam) = *self;
        match (r.icmp_type, r.code) {
            (None, _) => f.write_str("all"),
            (Some(t), None) => match icmp_name(fam, t, None) {
                Some(n) => f.write_str(n),
                None => write!(f, "{t}"),
            },
            (Some(t), Some(c)) => match icmp_name(fam, t, Some(c)) {
                Some(n) => f.write_str(n),
                None => write!(f, "{t}:{c}"),
            },
        }
    }
}

/// An ICMP name: a type, or a type and code.
#[derive(Clone, Copy, Debug)]
pub struct IcmpName {
    pub name: &'static str,
    pub icmp_type: u8,
    pub code: Option<u8>,
}

const fn n(name: &'static str, icmp_type: u8, code: Option<u8>) -> IcmpName {
    IcmpName {
        name,
        icmp_type,
        code,
    }
}

/// ICMP (IPv4) names, as iptables and the AWS console name them, then the short aliases
/// LANGUAGE.md lists.
pub const ICMP_NAMES: &[IcmpName] = &[
    n("echo-reply", 0, None),
    n("destination-unreachable", 3, None),
    n("network-unreachable", 3, Some(0)),
    n("host-unreachable", 3, Some(1)),
    n("protocol-unreachable", 3, Some(2)),
    n("port-unreachable", 3, Some(3)),
    n("fragmentation-needed", 3, Some(4)),
    n("source-quench", 4, None),
    n("redirect", 5, None),
    n("echo-request", 8, None),
    n("router-advertisement", 9, None),
    n("router-solicitation", 10, None),
    n("time-exceeded", 11, None),
    n("parameter-problem", 12, None),
    n("timestamp-request", 13, None),
    n("timestamp-reply", 14, None),
    n("information-request", 15, None),
    n("information-reply", 16, None),
    n("address-mask-request", 17, None),
    n("address-mask-reply", 18, None),
    // Aliases come after the names they stand for, so printing finds the full name first.
    n("echo", 8, None),
    n("timestamp", 13, None),
    n("info-request", 15, None),
    n("info-reply", 16, None),
    n("mask-request", 17, None),
    n("mask-reply", 18, None),
];

/// ICMPv6 names.
pub const ICMPV6_NAMES: &[IcmpName] = &[
    n("destination-unreachable", 1, None),
    n("packet-too-big", 2, None),
    n("time-exceeded", 3, None),
    n("parameter-problem", 4, None),
    n("echo-request", 128, None),
    n("echo-reply", 129, None),
    n("router-solicitation", 133, None),
    n("router-advertisement", 134, None),
    n("neighbor-solicitation", 135, None),
    n("neighbor-advertisement", 136, None),
    // An alias, after the name it stands for.
    n("echo", 128, None),
];

/// The names table of a family.
pub fn icmp_names(family: Family) -> &'static [IcmpName] {
    match family {
        Family::V4 => ICMP_NAMES,
        Family::V6 => ICMPV6_NAMES,
    }
}

/// Looks an ICMP name up (case-insensitively).
pub fn icmp_by_name(family: Family, name: &str) -> Option<IcmpName> {
    icmp_names(family)
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(name))
        .copied()
}

/// The name of a type (code `None`) or a type and code, when there is one.
pub fn icmp_name(family: Family, icmp_type: u8, code: Option<u8>) -> Option<&'static str> {
    icmp_names(family)
        .iter()
        .find(|e| e.icmp_type == icmp_type && e.code == code)
        .map(|e| e.name)
}

/// The reply type of an ICMP query (echo, timestamp, …), or `None` for an error message or an
/// unsolicited type, which has no reply leg.
pub fn icmp_reply_type(family: Family, icmp_type: u8) -> Option<u8> {
    match family {
        Family::V4 => match icmp_type {
            8 => Some(0),
            13 => Some(14),
            15 => Some(16),
            17 => Some(18),
            10 => Some(9),
            _ => None,
        },
        Family::V6 => match icmp_type {
            128 => Some(129),
            133 => Some(134),
            135 => Some(136),
            _ => None,
        },
    }
}

/// A short name for well-known protocol numbers.
pub fn protocol_name(n: u8) -> &'static str {
    match n {
        1 => "ICMP",
        2 => "IGMP",
        4 => "IP-in-IP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "ICMPv6",
        89 => "OSPF",
        103 => "PIM",
        112 => "VRRP",
        132 => "SCTP",
        _ => "protocol",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protos_display_as_written() {
        assert_eq!(
            Proto::Tcp(PortRange { from: 22, to: 22 }).to_string(),
            "tcp 22"
        );
        assert_eq!(Proto::Udp(PortRange::ALL).to_string(), "udp all");
        let echo = IcmpRange {
            icmp_type: Some(8),
            code: None,
        };
        assert_eq!(Proto::Icmp(echo).to_string(), "icmp echo-request");
        let frag = IcmpRange {
            icmp_type: Some(3),
            code: Some(4),
        };
        assert_eq!(Proto::Icmp(frag).to_string(), "icmp fragmentation-needed");
        assert_eq!(Proto::Other(50).to_string(), "50 (ESP)");
    }

    #[test]
    fn echo_request_is_answered_by_echo_reply() {
        assert_eq!(icmp_reply_type(Family::V4, 8), Some(0));
        assert_eq!(icmp_reply_type(Family::V6, 128), Some(129));
        assert_eq!(icmp_reply_type(Family::V4, 3), None);
    }
}
