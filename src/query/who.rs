//! `who can reach X on <packet>`, `what can X reach [<packet>]` and `show exposure [<packet>]`:
//! the endpoints a packet passes between, from the reach matrix (`reach`), and the address ranges
//! outside every endpoint, by classes: the address space is cut at every CIDR the target's
//! groups, its subnet's network ACL and the networks draw, each piece asked once, and the pieces
//! that pass merged into the fewest CIDRs (`internet` for a family's whole space). Without a
//! packet, the ports are cut the same way at every rule's and entry's port boundary. Each answer
//! names the rules that let it through, read from the full trace of one probe of its class.

use super::reach::{self, Bits, ends};
use crate::dataplane::{self, Detail, End, Packet, Question, StepKind, Trace};
use crate::vocab::{
    Diagnostic, Direction, Endpoint, EniId, Family, Perm, Proto, RulePeer, Spanned,
};
use crate::world::World;
use ipnet::{IpNet, Ipv4Subnets, Ipv6Subnets};
use rangemap::RangeInclusiveSet;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An endpoint or an address range the packet passes from, with the rules that let it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Granted {
    /// An endpoint's name, a CIDR, or `internet`.
    pub name: String,
    /// The packet's address family (`internet` stands for that family's whole internet).
    pub family: Family,
    pub rules: Vec<String>,
}

/// The answer of `who can reach`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reachers {
    pub target: String,
    pub packet: String,
    pub endpoints: Vec<Granted>,
    pub ranges: Vec<Granted>,
}

/// An endpoint a source can open connections to: the packets that pass and the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub name: String,
    pub packets: Vec<String>,
    pub rules: Vec<String>,
}

/// The answer of `what can X reach` and `show exposure` (`from` is `internet`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reachable {
    pub from: String,
    /// The packet asked about, if one was.
    pub packet: Option<String>,
    pub endpoints: Vec<Opened>,
}

/// A rule as `authorize` writes it, with the group's name.
pub fn rule_line(group: &str, direction: Direction, proto: &Proto, peer: &str) -> String {
    let proto = match proto {
        Proto::Other(n) => n.to_string(),
        p => p.to_string(),
    };
    match direction {
        Direction::Ingress => format!("authorize ingress {proto} from {peer} to {group}"),
        Direction::Egress => format!("authorize egress {proto} from {group} to {peer}"),
    }
}

/// The rules that let the request through, in `directions`, read from a full trace.
fn letting(trace: &Trace, directions: &[Direction]) -> Vec<String> {
    let mut out = Vec::new();
    for step in &trace.steps {
        let StepKind::Groups(g) = &step.kind else {
            continue;
        };
        if step.leg != dataplane::Leg::Request || !directions.contains(&g.direction) {
            continue;
        }
        if let Some(r) = &g.allowed_by {
            let peer = match (&r.peer, &r.peer_name) {
                (RulePeer::Group { .. }, Some(name)) => name.clone(),
                (RulePeer::Group { id, .. }, None) => id.to_string(),
                (RulePeer::Cidr(net), _) => net.to_string(),
                (RulePeer::PrefixList(_), Some(name)) => format!("prefix-list {name}"),
                (RulePeer::PrefixList(id), None) => id.to_string(),
            };
            let line = rule_line(&r.group.name, r.direction, &r.proto, &peer);
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

fn eni(id: &EniId) -> End {
    End::Eni {
        id: id.clone(),
        addr: None,
    }
}

fn full(world: &World, q: &Question) -> Trace {
    dataplane::decide(world, q, Detail::Full)
}

/// Answers `who can reach X on <packet>`.
pub fn who(
    world: &World,
    target: &Spanned<Endpoint>,
    perm: &Spanned<Perm>,
) -> Result<Reachers, Diagnostic> {
    let (packet, family) = reach::packet_of(perm)?;
    let x = ends::one(world, target)?;
    let all = ends::listed(world, &crate::lang::ast::ReachScope::Everywhere)?;
    let t = all.ids.iter().position(|id| *id == x);
    let mut endpoints = Vec::new();
    if let Some(t) = t {
        let rows: Vec<usize> = (0..all.ids.len()).collect();
        let m = reach::matrix(world, &all, &rows, &[t], false, packet, family);
        for (r, name) in m.rows.iter().enumerate() {
            if m.get(r, 0) {
                let q = reach::question(world, packet, family, eni(&all.ids[r]), eni(&x));
                let rules = letting(&full(world, &q), &[Direction::Ingress]);
                endpoints.push(Granted {
                    name: name.clone(),
                    family,
                    rules,
                });
            }
        }
    }
    let mut ranges = Vec::new();
    for f in [Family::V4, Family::V6] {
        if packet.own_family().is_some_and(|own| own != f) {
            continue;
        }
        ranges.extend(outside(world, &x, packet, f));
    }
    Ok(Reachers {
        target: all
            .names
            .get(t.unwrap_or(usize::MAX))
            .cloned()
            .unwrap_or_else(|| x.to_string()),
        packet: packet.to_string(),
        endpoints,
        ranges,
    })
}

/// The cuts of one family's address space that matter to packets from outside to `x`: every
/// CIDR of its groups' rules, of its subnet's network ACL, and of the networks.
fn cuts(world: &World, x: &EniId, family: Family) -> BTreeSet<u128> {
    let top = space(family);
    let mut cuts = BTreeSet::from([0u128]);
    let mut add = |net: &IpNet| {
        let (lo, hi) = bounds(net);
        if family_of(net) == family {
            cuts.insert(lo);
            if hi < top {
                cuts.insert(hi + 1);
            }
        }
    };
    let Some(e) = world.enis.get(x) else {
        return cuts;
    };
    for g in e.groups.iter().filter_map(|g| world.groups.get(g)) {
        for r in g.ingress.iter().chain(&g.egress) {
            match &r.peer {
                RulePeer::Cidr(net) => add(net),
                RulePeer::PrefixList(id) => {
                    for net in world
                        .prefix_lists
                        .get(id)
                        .into_iter()
                        .flat_map(|l| l.cidrs())
                    {
                        add(net);
                    }
                }
                RulePeer::Group { .. } => {}
            }
        }
    }
    let acl = e
        .subnet
        .as_ref()
        .and_then(|s| world.subnets.get(s))
        .and_then(|s| world.nacls.get(&s.nacl));
    for d in [Direction::Ingress, Direction::Egress] {
        for entry in acl.iter().flat_map(|a| a.entries(d)) {
            add(&entry.cidr);
        }
    }
    for v in world.vpcs.values() {
        add(&IpNet::V4(v.cidr));
        if let Some(v6) = v.ipv6 {
            add(&IpNet::V6(v6));
        }
    }
    for s in world.subnets.values() {
        add(&IpNet::V4(s.cidr));
    }
    for net in NOT_ON_INTERNET
        .iter()
        .filter_map(|n| n.parse::<IpNet>().ok())
    {
        add(&net);
    }
    cuts
}

/// The addresses an internet gateway does not carry (as the data plane refuses them: private,
/// shared, loopback, link-local, unspecified, broadcast, multicast, unique local); EC2-Classic's
/// private space is among them.
const NOT_ON_INTERNET: &[&str] = &[
    "0.0.0.0/32",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/4",
    "255.255.255.255/32",
    "::/128",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
];

/// Whether an address is one the internet can have.
fn on_internet(a: IpAddr) -> bool {
    !NOT_ON_INTERNET
        .iter()
        .filter_map(|n| n.parse::<IpNet>().ok())
        .any(|n| n.contains(&a))
}

fn family_of(net: &IpNet) -> Family {
    match net {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    }
}

fn space(family: Family) -> u128 {
    match family {
        Family::V4 => u128::from(u32::MAX),
        Family::V6 => u128::MAX,
    }
}

fn bounds(net: &IpNet) -> (u128, u128) {
    match net {
        IpNet::V4(n) => (
            u128::from(u32::from(n.network())),
            u128::from(u32::from(n.broadcast())),
        ),
        IpNet::V6(n) => (u128::from(n.network()), u128::from(n.broadcast())),
    }
}

fn addr(family: Family, a: u128) -> IpAddr {
    match family {
        Family::V4 => IpAddr::V4(Ipv4Addr::from(a as u32)),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(a)),
    }
}

/// The fewest CIDRs covering exactly `lo..=hi`.
fn cidrs(family: Family, lo: u128, hi: u128) -> Vec<IpNet> {
    match family {
        Family::V4 => Ipv4Subnets::new(Ipv4Addr::from(lo as u32), Ipv4Addr::from(hi as u32), 0)
            .map(IpNet::V4)
            .collect(),
        Family::V6 => Ipv6Subnets::new(Ipv6Addr::from(lo), Ipv6Addr::from(hi), 0)
            .map(IpNet::V6)
            .collect(),
    }
}

/// The address ranges of `family` outside every endpoint from which the packet passes to `x`,
/// as the fewest CIDRs, each with the rules that let it in.
fn outside(world: &World, x: &EniId, packet: Packet, family: Family) -> Vec<Granted> {
    let cuts: Vec<u128> = cuts(world, x, family).into_iter().collect();
    let top = space(family);
    let mut passed: RangeInclusiveSet<u128> = RangeInclusiveSet::new();
    let mut classes: Vec<(u128, u128, Vec<String>)> = Vec::new();
    let mut internet: Vec<(u128, u128, bool)> = Vec::new();
    for (k, &lo) in cuts.iter().enumerate() {
        let hi = cuts.get(k + 1).map_or(top, |next| next - 1);
        let q = reach::question(world, packet, family, End::Host(addr(family, lo)), eni(x));
        let ok = dataplane::verdict(world, &q);
        if on_internet(addr(family, lo)) {
            internet.push((lo, hi, ok));
        }
        if ok {
            passed.insert(lo..=hi);
            classes.push((lo, hi, letting(&full(world, &q), &[Direction::Ingress])));
        }
    }
    let rules = |a: u128, b: u128| {
        let mut rules: Vec<String> = Vec::new();
        for (_, _, r) in classes.iter().filter(|(l, h, _)| *l <= b && *h >= a) {
            for line in r {
                if !rules.contains(line) {
                    rules.push(line.clone());
                }
            }
        }
        rules
    };
    let mut out = Vec::new();
    // Every address the internet can have passes: that is `internet`, and the rest is listed.
    if !internet.is_empty() && internet.iter().all(|(_, _, ok)| *ok) {
        out.push(Granted {
            name: "internet".into(),
            family,
            rules: rules(0, top),
        });
        for (lo, hi, _) in &internet {
            passed.remove(*lo..=*hi);
        }
    }
    for range in passed.iter() {
        let (lo, hi) = (*range.start(), *range.end());
        for net in cidrs(family, lo, hi) {
            let (a, b) = bounds(&net);
            out.push(Granted {
                name: net.to_string(),
                family,
                rules: rules(a, b),
            });
        }
    }
    out
}

/// Answers `what can X reach [<packet>]`.
pub fn what(
    world: &World,
    from: &Spanned<Endpoint>,
    perm: Option<&Spanned<Perm>>,
) -> Result<Reachable, Diagnostic> {
    let x = ends::one(world, from)?;
    let all = ends::listed(world, &crate::lang::ast::ReachScope::Everywhere)?;
    let s = all.ids.iter().position(|id| *id == x);
    let name = all
        .names
        .get(s.unwrap_or(usize::MAX))
        .cloned()
        .unwrap_or_else(|| x.to_string());
    let source = eni(&x);
    let directions = [Direction::Egress, Direction::Ingress];
    reachable(world, &all, source, s, name, perm, &directions)
}

/// Answers `show exposure [<packet>]`: what `internet` can open, everywhere.
pub fn exposure(world: &World, perm: Option<&Spanned<Perm>>) -> Result<Reachable, Diagnostic> {
    let all = ends::listed(world, &crate::lang::ast::ReachScope::Everywhere)?;
    let name = "internet".to_string();
    reachable(
        world,
        &all,
        End::Internet,
        None,
        name,
        perm,
        &[Direction::Ingress],
    )
}

/// The endpoints `source` (at position `s` of `all`, when an endpoint) can open connections to.
fn reachable(
    world: &World,
    all: &ends::Ends,
    source: End,
    s: Option<usize>,
    name: String,
    perm: Option<&Spanned<Perm>>,
    directions: &[Direction],
) -> Result<Reachable, Diagnostic> {
    let n = all.ids.len();
    let mut endpoints = Vec::new();
    let cols: Vec<usize> = (0..n).filter(|&c| Some(c) != s).collect();
    let Some(perm) = perm else {
        for &c in &cols {
            let opened = by_ports(world, &source, &all.ids[c], directions);
            if !opened.0.is_empty() {
                endpoints.push(Opened {
                    name: all.names[c].clone(),
                    packets: opened.0,
                    rules: opened.1,
                });
            }
        }
        return Ok(Reachable {
            from: name,
            packet: None,
            endpoints,
        });
    };
    let (packet, family) = reach::packet_of(perm)?;
    let row: Bits = match s {
        Some(s) => {
            let m = reach::matrix(world, all, &[s], &cols, false, packet, family);
            let mut b = Bits::empty(n);
            for (j, &c) in cols.iter().enumerate() {
                if m.get(0, j) {
                    b.set(c);
                }
            }
            b
        }
        None => {
            let m = reach::matrix(world, all, &[], &cols, true, packet, family);
            let mut b = Bits::empty(n);
            for (j, &c) in cols.iter().enumerate() {
                if m.get(0, j) {
                    b.set(c);
                }
            }
            b
        }
    };
    for c in row.ones() {
        let q = reach::question(world, packet, family, source.clone(), eni(&all.ids[c]));
        endpoints.push(Opened {
            name: all.names[c].clone(),
            packets: vec![packet.to_string()],
            rules: letting(&full(world, &q), directions),
        });
    }
    Ok(Reachable {
        from: name,
        packet: Some(packet.to_string()),
        endpoints,
    })
}

/// The port cuts of one protocol among the rules and entries two interfaces meet.
fn port_cuts(world: &World, ids: &[&EniId], tcp: bool) -> BTreeSet<u32> {
    let mut cuts = BTreeSet::from([0u32]);
    let mut add = |proto: &Proto| match (proto, tcp) {
        (Proto::Tcp(r), true) | (Proto::Udp(r), false) => {
            cuts.insert(u32::from(r.from));
            cuts.insert(u32::from(r.to) + 1);
        }
        _ => {}
    };
    for e in ids.iter().filter_map(|id| world.enis.get(*id)) {
        for g in e.groups.iter().filter_map(|g| world.groups.get(g)) {
            g.ingress
                .iter()
                .chain(&g.egress)
                .for_each(|r| add(&r.proto));
        }
        let acl = e
            .subnet
            .as_ref()
            .and_then(|s| world.subnets.get(s))
            .and_then(|s| world.nacls.get(&s.nacl));
        for d in [Direction::Ingress, Direction::Egress] {
            acl.iter()
                .flat_map(|a| a.entries(d))
                .for_each(|x| add(&x.proto));
        }
    }
    cuts.retain(|&c| c <= u32::from(u16::MAX));
    cuts
}

/// The packets that pass from `source` to `d`, by port classes: TCP and UDP ports merged into
/// ranges, ICMP echo, and the other protocols the rules name; `all` when every protocol and
/// port passes. With the rules that let them through.
fn by_ports(
    world: &World,
    source: &End,
    d: &EniId,
    directions: &[Direction],
) -> (Vec<String>, Vec<String>) {
    let mut ids = vec![d];
    if let End::Eni { id, .. } = source {
        ids.push(id);
    }
    let mut packets = Vec::new();
    let mut rules: Vec<String> = Vec::new();
    let mut every = true;
    let ask = |packet: Packet, rules: &mut Vec<String>| {
        let family = packet.own_family().unwrap_or(Family::V4);
        let q = reach::question(world, packet, family, source.clone(), eni(d));
        let ok = dataplane::verdict(world, &q);
        if ok {
            for line in letting(&full(world, &q), directions) {
                if !rules.contains(&line) {
                    rules.push(line);
                }
            }
        }
        ok
    };
    for tcp in [true, false] {
        let cuts: Vec<u32> = port_cuts(world, &ids, tcp).into_iter().collect();
        let mut passed: RangeInclusiveSet<u16> = RangeInclusiveSet::new();
        for (k, &lo) in cuts.iter().enumerate() {
            let hi = cuts.get(k + 1).map_or(u32::from(u16::MAX), |n| n - 1);
            let port = lo as u16;
            let sport = dataplane::EPHEMERAL_PORT;
            let packet = if tcp {
                Packet::Tcp { sport, dport: port }
            } else {
                Packet::Udp { sport, dport: port }
            };
            if ask(packet, &mut rules) {
                passed.insert(port..=hi as u16);
            } else {
                every = false;
            }
        }
        let word = if tcp { "tcp" } else { "udp" };
        for r in passed.iter() {
            let proto = crate::vocab::PortRange {
                from: *r.start(),
                to: *r.end(),
            };
            packets.push(format!("{word} {proto}"));
        }
    }
    let echo = Packet::Icmp {
        family: Family::V4,
        icmp_type: 8,
        code: 0,
    };
    if ask(echo, &mut rules) {
        packets.push(echo.to_string());
    } else {
        every = false;
    }
    let mut others: BTreeSet<u8> = BTreeSet::new();
    for e in ids.iter().filter_map(|id| world.enis.get(*id)) {
        for g in e.groups.iter().filter_map(|g| world.groups.get(g)) {
            for r in g.ingress.iter().chain(&g.egress) {
                if let Proto::Other(n) = r.proto {
                    others.insert(n);
                }
            }
        }
    }
    // GRE (47) stands for the protocols no rule names.
    others.insert(47);
    for n in others {
        if ask(Packet::Other(n), &mut rules) {
            packets.push(n.to_string());
        } else {
            every = false;
        }
    }
    if every {
        packets = vec!["all".to_string()];
    }
    (packets, rules)
}
