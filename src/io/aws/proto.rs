//! AWS's protocol, port and CIDR values as the world stores them: a rule's `IpProtocol` with its
//! `FromPort`/`ToPort` (names or numbers; `-1` all), a network ACL entry's protocol number with
//! its `PortRange`/`IcmpTypeCode`, and CIDRs canonicalised as AWS stores them.

use crate::vocab::{IcmpRange, PortRange, Proto};
use ipnet::IpNet;

/// A security group rule's protocol (formats.md §1): names and numbers alike.
pub fn rule_proto(protocol: &str, from: Option<i32>, to: Option<i32>) -> Result<Proto, String> {
    let p = protocol.trim().to_ascii_lowercase();
    match p.as_str() {
        "-1" | "all" => Ok(Proto::All),
        "tcp" | "6" => ports(from, to).map(Proto::Tcp),
        "udp" | "17" => ports(from, to).map(Proto::Udp),
        "icmp" | "1" => icmp(from, to).map(Proto::Icmp),
        "icmpv6" | "58" => icmp(from, to).map(Proto::Icmpv6),
        other => match other.parse::<u8>() {
            Ok(n) => Ok(Proto::Other(n)),
            Err(_) => Err(format!(
                "unknown IpProtocol '{protocol}' (tcp, udp, icmp, icmpv6, -1 or a number 0-255)"
            )),
        },
    }
}

/// A network ACL entry's protocol (a number as a string; names accepted too).
pub fn acl_proto(
    protocol: &str,
    ports: Option<(Option<i32>, Option<i32>)>,
    icmp_tc: Option<(Option<i32>, Option<i32>)>,
) -> Result<Proto, String> {
    match protocol.trim().to_ascii_lowercase().as_str() {
        "-1" | "all" => Ok(Proto::All),
        p @ ("6" | "tcp" | "17" | "udp") => {
            let range = match ports {
                Some((from, to)) => self::ports(from, to)?,
                None => PortRange::ALL,
            };
            Ok(if p == "6" || p == "tcp" {
                Proto::Tcp(range)
            } else {
                Proto::Udp(range)
            })
        }
        p @ ("1" | "icmp" | "58" | "icmpv6") => {
            let range = match icmp_tc {
                Some((t, c)) => icmp(t, c)?,
                None => IcmpRange::ALL,
            };
            Ok(if p == "1" || p == "icmp" {
                Proto::Icmp(range)
            } else {
                Proto::Icmpv6(range)
            })
        }
        other => other
            .parse::<u8>()
            .map(Proto::Other)
            .map_err(|_| format!("unknown Protocol '{protocol}' (a protocol number, or -1)")),
    }
}

/// A tcp/udp port range; absent or `-1` ports mean all.
fn ports(from: Option<i32>, to: Option<i32>) -> Result<PortRange, String> {
    match (from, to) {
        (None | Some(-1), None | Some(-1)) => Ok(PortRange::ALL),
        (Some(f), Some(t)) => {
            let f = u16::try_from(f).map_err(|_| format!("port {f} is out of range 0-65535"))?;
            let t = u16::try_from(t).map_err(|_| format!("port {t} is out of range 0-65535"))?;
            if f > t {
                return Err(format!("FromPort {f} is above ToPort {t}"));
            }
            Ok(PortRange { from: f, to: t })
        }
        (Some(p), None) | (None, Some(p)) => Err(format!(
            "only one of FromPort and ToPort is given ({p}); give both"
        )),
    }
}

/// An ICMP type and code; `-1` or absent is any.
fn icmp(icmp_type: Option<i32>, code: Option<i32>) -> Result<IcmpRange, String> {
    let one = |v: Option<i32>, what: &str| match v {
        None | Some(-1) => Ok(None),
        Some(n) => u8::try_from(n)
            .map(Some)
            .map_err(|_| format!("ICMP {what} {n} is out of range (0-255, or -1 for any)")),
    };
    let icmp_type = one(icmp_type, "type")?;
    let code = one(code, "code")?;
    if icmp_type.is_none() && code.is_some() {
        return Err("an ICMP code is given with any type (-1); AWS refuses it".into());
    }
    Ok(IcmpRange { icmp_type, code })
}

/// A CIDR, canonicalised (`10.0.0.18/16` is `10.0.0.0/16`, as AWS stores it).
pub fn cidr(text: &str) -> Result<IpNet, String> {
    text.trim()
        .parse::<IpNet>()
        .map(|n| n.trunc())
        .map_err(|_| format!("'{text}' is not a CIDR block"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_are_the_same_protocol() {
        let tcp = rule_proto("tcp", Some(22), Some(22)).unwrap();
        assert_eq!(rule_proto("6", Some(22), Some(22)).unwrap(), tcp);
        assert_eq!(rule_proto("-1", None, None).unwrap(), Proto::All);
        assert_eq!(
            rule_proto("icmp", Some(8), Some(-1)).unwrap(),
            Proto::Icmp(IcmpRange {
                icmp_type: Some(8),
                code: None
            })
        );
        assert_eq!(rule_proto("50", None, None).unwrap(), Proto::Other(50));
        assert!(rule_proto("bogus", None, None).is_err());
        assert!(rule_proto("tcp", Some(90), Some(80)).is_err());
        assert_eq!(
            acl_proto("17", Some((Some(53), Some(53))), None).unwrap(),
            Proto::Udp(PortRange { from: 53, to: 53 })
        );
        assert_eq!(
            acl_proto("6", None, None).unwrap(),
            Proto::Tcp(PortRange::ALL)
        );
        assert_eq!(cidr("10.0.0.18/16").unwrap().to_string(), "10.0.0.0/16");
    }
}
