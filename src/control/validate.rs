//! AWS's validation of request parameters, in one place: names, descriptions, CIDRs, addresses,
//! protocols, ports and ICMP types. Each check answers with AWS's code and message and points at
//! the word it is about.

use crate::lang::ast::{Command, IcmpSpec, Perm, PortSpec, ServiceCommand, Span, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::proto::{IcmpRange, PortRange, Proto};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The characters AWS allows in VPC group names, group descriptions and rule descriptions,
/// besides letters and digits.
const EXTRA_CHARS: &str = " ._-:/()#,@[]+=&;{}!$*";
/// The longest name or description AWS accepts.
pub const MAX_TEXT: usize = 255;

fn aws_charset(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || EXTRA_CHARS.contains(c))
}

/// A VPC (or, with `classic`, EC2-Classic) group name: trimmed, then checked. Returns the stored
/// form.
pub fn group_name(name: &Spanned<String>, classic: bool) -> Result<String, Diagnostic> {
    let trimmed = name.node.trim();
    let err = |why: &str| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "Value ({}) for parameter GroupName is invalid. {why}",
                name.node
            ),
        )
        .at(name.span)
    };
    if trimmed.is_empty() {
        return Err(Diagnostic::new(
            "MissingParameter",
            "The request must contain the parameter GroupName",
        )
        .at(name.span));
    }
    if trimmed.chars().count() > MAX_TEXT {
        return Err(err("Length exceeds maximum of 255 characters.").label("too long"));
    }
    if classic {
        if !trimmed.is_ascii() {
            return Err(err("Character sets beyond ASCII are not supported.")
                .label("not ASCII")
                .help("EC2-Classic group names are ASCII"));
        }
    } else if !aws_charset(trimmed) {
        let bad: String = trimmed
            .chars()
            .filter(|c| !(c.is_ascii_alphanumeric() || EXTRA_CHARS.contains(*c)))
            .collect();
        return Err(err(
            "Character sets beyond a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$* are not allowed.",
        )
        .label(format!("'{bad}' is not allowed"))
        .help("use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*"));
    }
    if trimmed.len() >= 3 && trimmed[..3].eq_ignore_ascii_case("sg-") {
        return Err(err("Group names may not be in the format sg-*.")
            .label("starts with sg-")
            .help("choose a name without the sg- prefix; to pin a readable id, add `id sg-…`"));
    }
    Ok(trimmed.to_string())
}

/// A group description: required, at most 255 characters of AWS's set (ASCII for Classic).
pub fn group_description(desc: &Spanned<String>, classic: bool) -> Result<String, Diagnostic> {
    let text = desc.node.as_str();
    let err = |why: &str| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Value ({text}) for parameter GroupDescription is invalid. {why}"),
        )
        .at(desc.span)
    };
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            "MissingParameter",
            "The request must contain the parameter GroupDescription",
        )
        .at(desc.span)
        .help("give the group a description: create group web \"Web servers\""));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(err("Length exceeds maximum of 255 characters.").label("too long"));
    }
    let ok = if classic {
        text.is_ascii()
    } else {
        aws_charset(text)
    };
    if !ok {
        return Err(err(
            "Character sets beyond a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$* are not allowed.",
        )
        .label("has a character AWS does not allow"));
    }
    Ok(text.to_string())
}

/// A rule description: at most 255 characters of AWS's set.
pub fn rule_description(desc: &Spanned<String>) -> Result<String, Diagnostic> {
    let text = desc.node.as_str();
    if text.chars().count() > MAX_TEXT || !aws_charset(text) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            "Invalid rule description. Valid descriptions are strings less than 256 characters \
             from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*",
        )
        .at(desc.span)
        .label(if text.chars().count() > MAX_TEXT {
            "too long"
        } else {
            "has a character AWS does not allow"
        }));
    }
    Ok(text.to_string())
}

/// A pinned group id: `sg-` then lowercase letters, digits and `-`.
pub fn pinned_group_id(id: &Spanned<String>) -> Result<String, Diagnostic> {
    let s = id.node.as_str();
    let ok = s.len() > 3
        && s.len() <= 64
        && s.starts_with("sg-")
        && s[3..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(s.to_string())
    } else {
        Err(Diagnostic::new(
            "InvalidGroupId.Malformed",
            format!("The security group ID '{s}' is malformed"),
        )
        .at(id.span)
        .label("not a pinnable id")
        .help("a pinned id is sg- followed by lowercase letters, digits and -, e.g. sg-app"))
    }
}

/// An object name (VPC, subnet, instance, interface): non-empty, at most 255 characters.
pub fn object_name(name: &Spanned<String>, what: &str) -> Result<String, Diagnostic> {
    let trimmed = name.node.trim();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_TEXT {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Value ({}) for parameter {what} name is invalid", name.node),
        )
        .at(name.span)
        .label("names are 1 to 255 characters"));
    }
    Ok(trimmed.to_string())
}

/// Any other name or description a user writes (a flow's name, a cache security group's
/// description): at most 255 characters, as AWS's names and descriptions, so no listing or message
/// grows without bound. `param` names it in the message.
pub fn text_length(text: &Spanned<String>, param: &str) -> Result<(), Diagnostic> {
    let n = text.node.chars().count();
    if n <= MAX_TEXT {
        return Ok(());
    }
    Err(Diagnostic::new(
        "InvalidParameterValue",
        format!(
            "Value for parameter {param} is invalid. Length exceeds maximum of {MAX_TEXT} \
             characters ({n} given)."
        ),
    )
    .at(text.span)
    .label("too long")
    .help(format!("shorten it to at most {MAX_TEXT} characters")))
}

fn cidr_error(text: &str, param: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "InvalidParameterValue",
        format!("Value ({text}) for parameter {param} is invalid. This is not a valid CIDR block."),
    )
    .at(span)
}

/// A rule peer's CIDR, canonicalised as AWS stores it (`100.68.0.18/18` → `100.68.0.0/18`).
pub fn rule_cidr(text: &str, span: Span) -> Result<IpNet, Diagnostic> {
    cidr(text, span, ("cidrIp", "cidrIpv6"))
}

/// A CIDR, canonicalised; `params` names AWS's IPv4 and IPv6 parameters for the message.
pub fn cidr(text: &str, span: Span, params: (&str, &str)) -> Result<IpNet, Diagnostic> {
    match text.parse::<IpNet>() {
        Ok(net) => Ok(net.trunc()),
        Err(_) => {
            let param = if text.contains(':') {
                params.1
            } else {
                params.0
            };
            let mut err = cidr_error(text, param, span).label("not a CIDR block");
            if let Ok(addr) = text.parse::<IpAddr>() {
                let len = if addr.is_ipv4() { 32 } else { 128 };
                err = err
                    .label("an address needs a prefix length")
                    .help(format!("write {addr}/{len}"));
            } else if let Some((addr, len)) = text.split_once('/') {
                let max = if addr.contains(':') { 128 } else { 32 };
                if addr.parse::<IpAddr>().is_ok() && len.parse::<u32>().is_ok_and(|l| l > max) {
                    err = err
                        .label(format!("the prefix length is at most {max}"))
                        .help(format!("write {addr}/{max} for one address"));
                }
            }
            Err(err)
        }
    }
}

/// A VPC's or subnet's IPv4 CIDR: canonical, prefix between `min` and 28.
pub fn block_v4(text: &Spanned<String>, min: u8, code: &str) -> Result<Ipv4Net, Diagnostic> {
    let net: Ipv4Net = text.node.parse().map_err(|_| {
        cidr_error(&text.node, "cidrBlock", text.span).label("not an IPv4 CIDR block")
    })?;
    if net != net.trunc() {
        return Err(cidr_error(&text.node, "cidrBlock", text.span)
            .label("host bits are set")
            .help(format!("write {}", net.trunc())));
    }
    if net.prefix_len() < min || net.prefix_len() > 28 {
        return Err(
            Diagnostic::new(code, format!("The CIDR '{}' is invalid.", text.node))
                .at(text.span)
                .label(format!("the prefix length must be between /{min} and /28")),
        );
    }
    Ok(net)
}

/// A VPC's or subnet's IPv6 CIDR: canonical, with exactly the prefix length AWS assigns.
pub fn block_v6(text: &Spanned<String>, len: u8, code: &str) -> Result<Ipv6Net, Diagnostic> {
    let net: Ipv6Net = text.node.parse().map_err(|_| {
        cidr_error(&text.node, "ipv6CidrBlock", text.span).label("not an IPv6 CIDR block")
    })?;
    if net != net.trunc() {
        return Err(cidr_error(&text.node, "ipv6CidrBlock", text.span)
            .label("host bits are set")
            .help(format!("write {}", net.trunc())));
    }
    if net.prefix_len() != len {
        return Err(
            Diagnostic::new(code, format!("The CIDR '{}' is invalid.", text.node))
                .at(text.span)
                .label(format!("must be a /{len}")),
        );
    }
    Ok(net)
}

pub fn ipv4(text: &Spanned<String>) -> Result<Ipv4Addr, Diagnostic> {
    text.node.parse().map_err(|_| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid IPv4 address: {}", text.node),
        )
        .at(text.span)
        .label("not an IPv4 address")
    })
}

pub fn ipv6(text: &Spanned<String>) -> Result<Ipv6Addr, Diagnostic> {
    text.node.parse().map_err(|_| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid IPv6 address: {}", text.node),
        )
        .at(text.span)
        .label("not an IPv6 address")
    })
}

/// Whether an IPv4 address may be a public address (not private, shared, loopback, link-local,
/// multicast or reserved).
pub fn is_public_v4(a: Ipv4Addr) -> bool {
    let o = a.octets();
    !(a.is_private()
        || a.is_loopback()
        || a.is_link_local()
        || a.is_multicast()
        || a.is_broadcast()
        || a.is_unspecified()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 100 && (64..128).contains(&o[1])))
}

pub fn tcp_udp_range(spec: Option<PortSpec>, span: Span) -> Result<PortRange, Diagnostic> {
    let spec = spec.ok_or_else(|| {
        Diagnostic::new(
            "InvalidParameterValue",
            "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.",
        )
        .at(span)
        .label("no port")
        .help("write a port, a range or all: tcp 22, tcp 1024-65535, tcp all")
    })?;
    let (from, to) = match spec {
        PortSpec::All => (0, 65535),
        PortSpec::Single(p) => (p, p),
        PortSpec::Range(a, b) => (a, b),
    };
    for p in [from, to] {
        if !(0..=65535).contains(&p) {
            return Err(Diagnostic::new(
                "InvalidPermission.Malformed",
                format!("TCP/UDP port ({p}) out of range"),
            )
            .at(span)
            .label("ports are 0-65535"));
        }
    }
    if from > to {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid TCP/UDP port range ({from}-{to}): the from port is greater than the to port"),
        )
        .at(span)
        .label("from > to")
        .help(format!("write {to}-{from}")));
    }
    Ok(PortRange {
        from: from as u16,
        to: to as u16,
    })
}

pub fn icmp_range(spec: Option<IcmpSpec>, v6: bool, span: Span) -> Result<IcmpRange, Diagnostic> {
    let spec = match spec {
        Some(s) => s,
        None if v6 => return Ok(IcmpRange::ALL),
        None => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                "Invalid value 'Must specify both from and to ports with ICMP.' for portRange.",
            )
            .at(span)
            .label("no ICMP type")
            .help("write icmp all, a type (icmp 8, icmp echo-request) or type:code (icmp 3:4)"));
        }
    };
    let (t, c) = match spec {
        IcmpSpec::All => (-1, -1),
        IcmpSpec::Type(t) => (t, -1),
        IcmpSpec::TypeCode(t, c) => (t, c),
    };
    let byte = |v: i64| -> Option<Option<u8>> {
        if v == -1 {
            Some(None)
        } else {
            u8::try_from(v).ok().map(Some)
        }
    };
    let icmp_type = byte(t).ok_or_else(|| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("ICMP type ({t}) out of range"),
        )
        .at(span)
        .label("types are 0-255, or -1 for all")
    })?;
    let code = byte(c).ok_or_else(|| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("ICMP code ({c}) out of range"),
        )
        .at(span)
        .label("codes are 0-255, or -1 for all")
    })?;
    if icmp_type.is_none() && code.is_some() {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "Invalid ICMP code ({c}) for ICMP type -1: with every type, the code must be -1"
            ),
        )
        .at(span)
        .help("write icmp all"));
    }
    Ok(IcmpRange { icmp_type, code })
}

/// Turns the written protocol and ports into AWS's stored form: protocol numbers 6/17/1/58 become
/// their names, `-1` and `all` become all, other protocols drop their ports.
pub fn perm(perm: &Spanned<Perm>) -> Result<Proto, Diagnostic> {
    let span = perm.span;
    match perm.node {
        Perm::All => Ok(Proto::All),
        Perm::Tcp(p) => Ok(Proto::Tcp(tcp_udp_range(p, span)?)),
        Perm::Udp(p) => Ok(Proto::Udp(tcp_udp_range(p, span)?)),
        Perm::Icmp(s) => Ok(Proto::Icmp(icmp_range(s, false, span)?)),
        Perm::Icmpv6(s) => Ok(Proto::Icmpv6(icmp_range(s, true, span)?)),
        Perm::Number(-1) => Ok(Proto::All),
        Perm::Number(6) => Ok(Proto::Tcp(tcp_udp_range(None, span)?)),
        Perm::Number(17) => Ok(Proto::Udp(tcp_udp_range(None, span)?)),
        Perm::Number(1) => Ok(Proto::Icmp(icmp_range(None, false, span)?)),
        Perm::Number(58) => Ok(Proto::Icmpv6(IcmpRange::ALL)),
        Perm::Number(n) => match u8::try_from(n) {
            Ok(n) => Ok(Proto::Other(n)),
            Err(_) => Err(Diagnostic::new(
                "InvalidParameterValue",
                format!("Invalid value '{n}' for IP protocol. Unknown protocol."),
            )
            .at(span)
            .label("protocol numbers are 0-255")),
        },
    }
}

/// The text AWS uses for a rule in `InvalidPermission.Duplicate`:
/// `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`.
pub fn aws_rule_text(proto: &Proto, peer: &str) -> String {
    match proto {
        Proto::All => format!("peer: {peer}, ALL, ALLOW"),
        Proto::Tcp(p) => format!(
            "peer: {peer}, TCP, from port: {}, to port: {}, ALLOW",
            p.from, p.to
        ),
        Proto::Udp(p) => format!(
            "peer: {peer}, UDP, from port: {}, to port: {}, ALLOW",
            p.from, p.to
        ),
        Proto::Icmp(r) | Proto::Icmpv6(r) => {
            let name = if matches!(proto, Proto::Icmp(_)) {
                "ICMP"
            } else {
                "ICMPV6"
            };
            let t = r.icmp_type.map_or(-1, i64::from);
            let c = r.code.map_or(-1, i64::from);
            format!("peer: {peer}, {name}, type: {t}, code: {c}, ALLOW")
        }
        Proto::Other(n) => format!("peer: {peer}, protocol: {n}, ALLOW"),
    }
}

/// A `modify … groups` with an empty list: AWS's API answers it with `MissingParameter`, before
/// it looks the target up.
pub fn group_list_given(cmd: &Command) -> Result<(), Diagnostic> {
    let (target, empty) = match cmd {
        Command::ModifyInstance { instance, groups } => (instance, groups.is_empty()),
        Command::ModifyEni { eni, groups } => (eni, groups.is_empty()),
        Command::Service(ServiceCommand::ModifyGroups { target, groups, .. }) => {
            (target, groups.is_empty())
        }
        Command::Service(ServiceCommand::ModifyCacheGroups {
            cluster,
            cache_groups,
        }) => (cluster, cache_groups.is_empty()),
        _ => return Ok(()),
    };
    if !empty {
        return Ok(());
    }
    let what = match cmd {
        Command::Service(ServiceCommand::ModifyCacheGroups { .. }) => "cache-groups",
        _ => "groups",
    };
    Err(
        Diagnostic::new("MissingParameter", "You must specify at least one group")
            .at(target.span)
            .label(format!("{what} lists none"))
            .help(format!(
                "name the {what} that replace the current ones: {} {target} {what} NAME, …",
                crate::control::command_name(cmd)
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Spanned<String> {
        Spanned::new(text.to_string(), Span::new(0, text.len()))
    }

    #[test]
    fn group_names_are_trimmed() {
        assert_eq!(
            group_name(&s("Test Security Group "), false).unwrap(),
            "Test Security Group"
        );
    }

    #[test]
    fn sg_prefix_is_refused_with_aws_message() {
        let e = group_name(&s("sg-017c251"), false).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        assert_eq!(
            e.message,
            "Value (sg-017c251) for parameter GroupName is invalid. Group names may not be in the format sg-*."
        );
    }

    #[test]
    fn cidrs_are_canonicalised() {
        let net = rule_cidr("100.68.0.18/18", Span::default()).unwrap();
        assert_eq!(net.to_string(), "100.68.0.0/18");
    }

    #[test]
    fn bare_address_suggests_the_prefix() {
        let e = rule_cidr("1.2.3.4", Span::default()).unwrap_err();
        assert_eq!(e.help.as_deref(), Some("write 1.2.3.4/32"));
    }

    #[test]
    fn protocol_numbers_normalise_to_names() {
        let p = Spanned::new(Perm::Number(58), Span::default());
        assert_eq!(perm(&p).unwrap(), Proto::Icmpv6(IcmpRange::ALL));
        let p = Spanned::new(Perm::Number(50), Span::default());
        assert_eq!(perm(&p).unwrap(), Proto::Other(50));
    }

    #[test]
    fn public_addresses_exclude_private_ranges() {
        assert!(is_public_v4("54.0.0.1".parse().unwrap()));
        assert!(!is_public_v4("10.1.2.3".parse().unwrap()));
        assert!(!is_public_v4("100.64.0.1".parse().unwrap()));
    }
}
