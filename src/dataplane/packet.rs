//! The packet a probe asks about: turning a written `Perm` into one concrete packet, and matching
//! that packet against a rule's protocol and a CIDR.
//!
//! A packet is a protocol with, where it has them, a source and destination port (TCP, UDP) or an
//! ICMP type and code. Everything that is not exactly one packet (`tcp` without a port, a port
//! range, `all`, `icmp` without a type) is refused here with AWS's `InvalidParameterValue`, so the
//! rest of the data plane never sees it. The matching helpers are shared by security groups and
//! network ACLs: both compare the same protocol, ports and addresses.

use super::trace::{Miss, RuleVerdict, Why};
use crate::vocab::protocol::{icmp_name, icmp_reply_type, protocol_name};
use crate::vocab::{Diagnostic, Family, IcmpSpec, Perm, PortSpec, Proto, Span, Spanned};
use ipnet::IpNet;
use std::fmt;
use std::net::IpAddr;

/// The source port a probe uses unless `sport` says otherwise: the start of the range Windows and
/// IANA use for ephemeral ports, so a reply comes back to it and a NACL must let it through.
pub const EPHEMERAL_PORT: u16 = 49152;

/// One concrete packet: its protocol and the ports or ICMP type/code it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packet {
    Tcp {
        sport: u16,
        dport: u16,
    },
    Udp {
        sport: u16,
        dport: u16,
    },
    /// ICMP (`family` V4, protocol 1) or ICMPv6 (`family` V6, protocol 58).
    Icmp {
        family: Family,
        icmp_type: u8,
        code: u8,
    },
    /// Any other IP protocol, by number.
    Other(u8),
}

impl Packet {
    /// The IP protocol number.
    pub fn number(self) -> u8 {
        match self {
            Packet::Tcp { .. } => 6,
            Packet::Udp { .. } => 17,
            Packet::Icmp {
                family: Family::V4, ..
            } => 1,
            Packet::Icmp {
                family: Family::V6, ..
            } => 58,
            Packet::Other(n) => n,
        }
    }

    /// The destination port of a TCP or UDP packet.
    pub fn dport(self) -> Option<u16> {
        match self {
            Packet::Tcp { dport, .. } | Packet::Udp { dport, .. } => Some(dport),
            _ => None,
        }
    }

    /// The address family the protocol itself belongs to (ICMP is IPv4's, ICMPv6 is IPv6's).
    pub fn own_family(self) -> Option<Family> {
        match self {
            Packet::Icmp { family, .. } => Some(family),
            _ => None,
        }
    }

    /// Whether connection tracking can be skipped for this protocol (AWS-SEMANTICS §9.3: only TCP
    /// and UDP flows can be untracked; ICMP is always tracked).
    pub fn may_be_untracked(self) -> bool {
        matches!(self, Packet::Tcp { .. } | Packet::Udp { .. })
    }

    /// The first reply to this packet, or `None` when it has none (an ICMP error message or an
    /// unsolicited ICMP type is a lone packet).
    pub fn reply(self) -> Option<Packet> {
        match self {
            Packet::Tcp { sport, dport } => Some(Packet::Tcp {
                sport: dport,
                dport: sport,
            }),
            Packet::Udp { sport, dport } => Some(Packet::Udp {
                sport: dport,
                dport: sport,
            }),
            Packet::Icmp {
                family, icmp_type, ..
            } => icmp_reply_type(family, icmp_type).map(|t| Packet::Icmp {
                family,
                icmp_type: t,
                code: 0,
            }),
            Packet::Other(n) => Some(Packet::Other(n)),
        }
    }

    /// Whether a rule's (or an ACL entry's) protocol covers this packet, and if not, why.
    pub fn covered_by(self, proto: Proto) -> Result<(), Miss> {
        match (proto, self) {
            (Proto::All, _) => Ok(()),
            (Proto::Tcp(r), Packet::Tcp { dport, .. })
            | (Proto::Udp(r), Packet::Udp { dport, .. }) => {
                if r.contains(dport) {
                    Ok(())
                } else {
                    Err(Miss::Port(dport))
                }
            }
            (
                Proto::Icmp(r),
                Packet::Icmp {
                    family: Family::V4,
                    icmp_type,
                    code,
                },
            )
            | (
                Proto::Icmpv6(r),
                Packet::Icmp {
                    family: Family::V6,
                    icmp_type,
                    code,
                },
            ) => {
                if r.contains(icmp_type, code) {
                    Ok(())
                } else {
                    Err(Miss::Icmp(icmp_type, code))
                }
            }
            (Proto::Other(n), p) if p.number() == n => Ok(()),
            _ => Err(Miss::Protocol),
        }
    }
}

/// An address as a rule or an ACL entry sees it: a known one, or an internet host nobody knows
/// the address of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addr {
    Ip(IpAddr),
    /// A host somewhere on the internet: only `0.0.0.0/0` and `::/0` are sure to cover it.
    Internet,
}

impl Addr {
    pub fn ip(self) -> Option<IpAddr> {
        match self {
            Addr::Ip(a) => Some(a),
            Addr::Internet => None,
        }
    }

    /// Whether a CIDR covers this address in a packet of `family`.
    pub fn covered_by(self, net: &IpNet, family: Family) -> RuleVerdict {
        if family_of_net(net) != family {
            return RuleVerdict::Miss(Miss::Family);
        }
        match self {
            Addr::Ip(a) if net.contains(&a) => RuleVerdict::Match(Why::InCidr(a)),
            Addr::Ip(a) => RuleVerdict::Miss(Miss::NotInCidr(a)),
            Addr::Internet if net.prefix_len() == 0 => RuleVerdict::Match(Why::AnyHost),
            Addr::Internet => RuleVerdict::Miss(Miss::UnknownHost),
        }
    }

    /// Whether a prefix list of `list_family` with the entries `nets` covers this address of a
    /// `family` packet, and by which entry: the first that holds it.
    pub fn covered_by_list<'a>(
        self,
        mut nets: impl Iterator<Item = &'a IpNet>,
        list_family: Family,
        family: Family,
    ) -> RuleVerdict {
        if list_family != family {
            return RuleVerdict::Miss(Miss::ListFamily(list_family));
        }
        let hit = match self {
            Addr::Ip(a) => nets.find(|n| n.contains(&a)),
            Addr::Internet => nets.find(|n| n.prefix_len() == 0),
        };
        match (self, hit) {
            (Addr::Ip(a), Some(net)) => RuleVerdict::Match(Why::InEntry(a, *net)),
            (Addr::Internet, Some(_)) => RuleVerdict::Match(Why::AnyHost),
            (Addr::Ip(a), None) => RuleVerdict::Miss(Miss::NotInList(a)),
            (Addr::Internet, None) => RuleVerdict::Miss(Miss::UnknownHost),
        }
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Addr::Ip(a) => write!(f, "{a}"),
            Addr::Internet => f.write_str("internet"),
        }
    }
}

/// The family of a CIDR.
pub fn family_of_net(net: &IpNet) -> Family {
    match net {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    }
}

/// The family of an address.
pub fn family_of(addr: IpAddr) -> Family {
    match addr {
        IpAddr::V4(_) => Family::V4,
        IpAddr::V6(_) => Family::V6,
    }
}

/// A packet on the wire: its protocol and ports, and its source and destination addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wire {
    pub packet: Packet,
    pub src: Addr,
    pub dst: Addr,
}

impl Wire {
    /// The reply to this packet as the far end sends it back (`reply` is the reply's protocol).
    pub fn answered_by(self, reply: Packet) -> Wire {
        Wire {
            packet: reply,
            src: self.dst,
            dst: self.src,
        }
    }
}

/// An address with a port, bracketing IPv6 (`[2600::1]:443`).
struct AddrPort(Addr, u16);

impl fmt::Display for AddrPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Addr::Ip(IpAddr::V6(a)) => write!(f, "[{a}]:{}", self.1),
            a => write!(f, "{a}:{}", self.1),
        }
    }
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.packet {
            Packet::Tcp { sport, dport } | Packet::Udp { sport, dport } => {
                let name = if matches!(self.packet, Packet::Tcp { .. }) {
                    "tcp"
                } else {
                    "udp"
                };
                write!(
                    f,
                    "{name} {} -> {}",
                    AddrPort(self.src, sport),
                    AddrPort(self.dst, dport)
                )
            }
            p => write!(f, "{p} {} -> {}", self.src, self.dst),
        }
    }
}

impl fmt::Display for Packet {
    /// As a probe writes it: `tcp 22`, `icmp echo-request`, `icmp 3:4`, `50 (ESP)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Packet::Tcp { dport, .. } => write!(f, "tcp {dport}"),
            Packet::Udp { dport, .. } => write!(f, "udp {dport}"),
            Packet::Icmp {
                family,
                icmp_type,
                code,
            } => {
                let proto = match family {
                    Family::V4 => "icmp",
                    Family::V6 => "icmpv6",
                };
                let name = icmp_name(family, icmp_type, Some(code)).or_else(|| {
                    (code == 0)
                        .then(|| icmp_name(family, icmp_type, None))
                        .flatten()
                });
                match name {
                    Some(n) => write!(f, "{proto} {n}"),
                    None => write!(f, "{proto} {icmp_type}:{code}"),
                }
            }
            Packet::Other(n) => write!(f, "{n} ({})", protocol_name(n)),
        }
    }
}

// ----- from the language -----

fn invalid(message: impl Into<String>, span: Span, help: &str) -> Diagnostic {
    Diagnostic::new("InvalidParameterValue", message)
        .at(span)
        .help(help)
}

/// One port of a TCP or UDP packet.
fn one_port(name: &str, spec: Option<PortSpec>, span: Span) -> Result<u16, Diagnostic> {
    let help = || format!("write {name} 22");
    let n = match spec {
        None => {
            return Err(invalid(
                format!("a {name} packet needs a destination port"),
                span,
                &help(),
            ));
        }
        Some(PortSpec::All) => {
            return Err(invalid(
                format!("{name} all is every port, not one packet"),
                span,
                &help(),
            ));
        }
        Some(PortSpec::Range(a, b)) if a != b => {
            return Err(invalid(
                format!("{name} {a}-{b} is a port range, not one packet"),
                span,
                &format!("write {name} {a}"),
            ));
        }
        Some(PortSpec::Range(a, _)) | Some(PortSpec::Single(a)) => a,
    };
    u16::try_from(n).map_err(|_| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("TCP/UDP port ({n}) out of range"),
        )
        .at(span)
        .label("ports are 0-65535")
        .help(help())
    })
}

/// The type and code of an ICMP or ICMPv6 packet; a type alone means code 0.
fn one_icmp(name: &str, spec: Option<IcmpSpec>, span: Span) -> Result<(u8, u8), Diagnostic> {
    let help = match name {
        "icmpv6" => "write icmpv6 echo-request or icmpv6 128",
        _ => "write icmp echo-request or icmp 8",
    };
    let (t, c) = match spec {
        None => {
            return Err(invalid(
                format!("an {name} packet needs a type"),
                span,
                help,
            ));
        }
        Some(IcmpSpec::All) => {
            return Err(invalid(
                format!("{name} all is every type, not one packet"),
                span,
                help,
            ));
        }
        Some(IcmpSpec::Type(t)) => (t, 0),
        Some(IcmpSpec::TypeCode(t, c)) => (t, c),
    };
    let range = |what: &str, v: i64| {
        u8::try_from(v).map_err(|_| {
            Diagnostic::new(
                "InvalidParameterValue",
                format!("ICMP {what} ({v}) out of range"),
            )
            .at(span)
            .label("ICMP types and codes are 0-255")
            .help(help)
        })
    };
    Ok((range("type", t)?, range("code", c)?))
}

/// Turns a written protocol (and the optional `sport`) into one packet.
pub fn from_perm(perm: &Spanned<Perm>, sport: Option<&Spanned<i64>>) -> Result<Packet, Diagnostic> {
    let span = perm.span;
    let packet = match perm.node {
        Perm::Tcp(spec) => Packet::Tcp {
            sport: EPHEMERAL_PORT,
            dport: one_port("tcp", spec, span)?,
        },
        Perm::Udp(spec) => Packet::Udp {
            sport: EPHEMERAL_PORT,
            dport: one_port("udp", spec, span)?,
        },
        Perm::Icmp(spec) => {
            let (icmp_type, code) = one_icmp("icmp", spec, span)?;
            Packet::Icmp {
                family: Family::V4,
                icmp_type,
                code,
            }
        }
        Perm::Icmpv6(spec) => {
            let (icmp_type, code) = one_icmp("icmpv6", spec, span)?;
            Packet::Icmp {
                family: Family::V6,
                icmp_type,
                code,
            }
        }
        Perm::All => {
            return Err(invalid(
                "all is every protocol, not one packet",
                span,
                "write a protocol and port, e.g. tcp 22",
            ));
        }
        Perm::Number(n) => match u8::try_from(n) {
            Err(_) => {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    format!("protocol number ({n}) out of range"),
                )
                .at(span)
                .label("protocol numbers are 0-255")
                .help("write a protocol number such as 50, or tcp 22"));
            }
            Ok(6) => {
                return Err(invalid(
                    "protocol 6 is tcp: a packet needs a port",
                    span,
                    "write tcp 22",
                ));
            }
            Ok(17) => {
                return Err(invalid(
                    "protocol 17 is udp: a packet needs a port",
                    span,
                    "write udp 53",
                ));
            }
            Ok(1) => {
                return Err(invalid(
                    "protocol 1 is icmp: a packet needs a type",
                    span,
                    "write icmp echo-request or icmp 8",
                ));
            }
            Ok(58) => {
                return Err(invalid(
                    "protocol 58 is icmpv6: a packet needs a type",
                    span,
                    "write icmpv6 echo-request or icmpv6 128",
                ));
            }
            Ok(n) => Packet::Other(n),
        },
    };
    match (packet, sport) {
        (_, None) => Ok(packet),
        (Packet::Tcp { dport, .. }, Some(s)) => Ok(Packet::Tcp {
            sport: source_port(s)?,
            dport,
        }),
        (Packet::Udp { dport, .. }, Some(s)) => Ok(Packet::Udp {
            sport: source_port(s)?,
            dport,
        }),
        (_, Some(s)) => Err(invalid(
            format!("{packet} has no ports: sport applies to tcp and udp only"),
            s.span,
            "leave sport out",
        )),
    }
}

fn source_port(s: &Spanned<i64>) -> Result<u16, Diagnostic> {
    u16::try_from(s.node).map_err(|_| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("TCP/UDP port ({}) out of range", s.node),
        )
        .at(s.span)
        .label("ports are 0-65535")
        .help(format!("write sport {EPHEMERAL_PORT}"))
    })
}
