//! The verdict alone, from the compiled index (`world::compiled`): the common question, between
//! two interfaces of one VPC by their own addresses, answered with a handful of lookups and bit
//! operations, no allocation and no names.
//!
//! It walks the same gates as [`super::decide`] in the same order (source groups egress, the
//! source subnet's ACL out and the destination subnet's ACL in when the packet crosses subnets,
//! destination groups ingress; then the reply leg: connection tracking or the rules where the
//! flow is untracked, and the ACLs back), and gives up (`None`) on everything else: other
//! networks, public addresses, outside hosts, EC2-Classic, managed-service interfaces, a packet
//! to its own host, a direction too large to compile, or an index that is not
//! current. The caller then asks `decide`. Debug builds check every verdict given here against
//! `decide`'s.

use super::packet::Packet;
use super::{End, Question};
use crate::vocab::{Direction, Family, Via};
use crate::world::World;
use crate::world::compiled::{Compiled, DirRules, Endpoint, NONE, Peer, RuleSet, family_index};
use std::net::IpAddr;

/// Whether the question's packet passes, when the compiled index can tell.
pub fn verdict(world: &World, q: &Question) -> Option<bool> {
    let c = world.compiled()?;
    let (End::Eni { id: from, .. }, End::Eni { id: to, addr }) = (&q.from, &q.to) else {
        return None;
    };
    let (sh, s) = c.eni_at(q.handles[0], from)?;
    let (dh, d) = c.eni_at(q.handles[1], to)?;
    if s.stopped || d.stopped {
        // A stopped end denies before anything else is looked at.
        return Some(false);
    }
    let plain = |e: &Endpoint| e.vpc != NONE && !e.managed;
    if !plain(s) || !plain(d) || s.vpc != d.vpc || q.via == Some(Via::Public) {
        return None;
    }
    if sh == dh || (s.instance != NONE && s.instance == d.instance) {
        return None;
    }
    let (src, dst) = match q.family {
        Family::V4 => {
            if matches!(addr, Some(IpAddr::V4(a)) if *a != d.private_ip) {
                return None;
            }
            (IpAddr::V4(s.private_ip), IpAddr::V4(d.private_ip))
        }
        Family::V6 => (IpAddr::V6(s.ipv6?), IpAddr::V6(d.ipv6?)),
    };
    let crosses = s.subnet != d.subnet;
    let packet = q.packet;
    let family = q.family;

    // The request.
    let out = groups(c, s, Direction::Egress, packet, family, dst, d)?;
    if !out.matched {
        return Some(false);
    }
    if crosses
        && !(acl(c, s.subnet, Direction::Egress, packet, dst)
            && acl(c, d.subnet, Direction::Ingress, packet, src))
    {
        return Some(false);
    }
    let inn = groups(c, d, Direction::Ingress, packet, family, src, s)?;
    if !inn.matched {
        return Some(false);
    }

    // The reply.
    let Some(reply) = packet.reply() else {
        return Some(true);
    };
    if untracked(c, d, Direction::Egress, packet, family, inn.open)?
        && !groups(c, d, Direction::Egress, reply, family, src, s)?.matched
    {
        return Some(false);
    }
    if crosses
        && !(acl(c, d.subnet, Direction::Egress, reply, src)
            && acl(c, s.subnet, Direction::Ingress, reply, dst))
    {
        return Some(false);
    }
    if untracked(c, s, Direction::Ingress, packet, family, out.open)?
        && !groups(c, s, Direction::Ingress, reply, family, dst, d)?.matched
    {
        return Some(false);
    }
    Some(true)
}

/// What an interface's groups did with a packet in one direction.
#[derive(Clone, Copy, Default)]
struct Hit {
    matched: bool,
    /// A rule with the family's whole space as its peer matched.
    open: bool,
}

/// The rules of a compiled direction that cover the packet's protocol and port.
fn candidates(rules: &DirRules, packet: Packet) -> RuleSet {
    match packet {
        Packet::Tcp { dport, .. } => rules.tcp.at(dport),
        Packet::Udp { dport, .. } => rules.udp.at(dport),
        _ => rules
            .other
            .iter()
            .filter(|(proto, _)| packet.covered_by(*proto).is_ok())
            .fold(rules.every_protocol, |set, (_, i)| set | (1 << i)),
    }
}

/// The interface `at`'s groups in `direction`, for a packet whose far end is the interface `far`
/// at `far_addr` (in the same network, so group references see it).
fn groups(
    c: &Compiled,
    at: &Endpoint,
    direction: Direction,
    packet: Packet,
    family: Family,
    far_addr: IpAddr,
    far: &Endpoint,
) -> Option<Hit> {
    let mut hit = Hit::default();
    let f = family_index(family);
    for &g in at.groups().iter() {
        let Some(group) = c.group(g) else {
            continue;
        };
        let rules = group.of(direction)?;
        if rules.every_protocol & rules.open[f] != 0 {
            return Some(Hit {
                matched: true,
                open: true,
            });
        }
        let set = candidates(rules, packet);
        if set & rules.open[f] != 0 {
            return Some(Hit {
                matched: true,
                open: true,
            });
        }
        if !hit.matched {
            hit.matched = bits(set).any(|i| match rules.peers.get(i) {
                Some(Peer::Group(h)) => far.groups().contains(h),
                Some(&p) => rules.holds(p, far_addr),
                None => false,
            });
        }
        if hit.matched && !packet.may_be_untracked() {
            return Some(hit);
        }
    }
    Some(hit)
}

/// The positions in a rule set, lowest first.
fn bits(mut set: RuleSet) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let i = set.trailing_zeros() as usize;
            set &= set - 1;
            i
        })
    })
}

/// Whether the flow is untracked at interface `at`, whose groups admitted the request in the
/// direction opposite to `reply_direction` (`open`: by an open rule): only a TCP or UDP flow, and
/// only when an open rule covering every port of its protocol answers in `reply_direction`.
fn untracked(
    c: &Compiled,
    at: &Endpoint,
    reply_direction: Direction,
    packet: Packet,
    family: Family,
    open: bool,
) -> Option<bool> {
    if !open || !packet.may_be_untracked() {
        return Some(false);
    }
    let f = family_index(family);
    for &g in at.groups().iter() {
        let Some(group) = c.group(g) else {
            continue;
        };
        let (tcp, udp) = group.of(reply_direction)?.open_every_port[f];
        let every = match packet {
            Packet::Tcp { .. } => tcp,
            _ => udp,
        };
        if every {
            return Some(true);
        }
    }
    Some(false)
}

/// Whether the subnet's network ACL lets the packet through in `direction` (ingress: inbound),
/// its far address being `far`. A subnet or ACL that does not exist filters nothing.
fn acl(c: &Compiled, subnet: u32, direction: Direction, packet: Packet, far: IpAddr) -> bool {
    let Some(acl) = c.subnet_acl(subnet) else {
        return true;
    };
    let entries = match direction {
        Direction::Ingress => &acl.inbound,
        Direction::Egress => &acl.outbound,
    };
    entries
        .iter()
        .find(|e| packet.covered_by(e.proto).is_ok() && e.peer.contains(far))
        .is_some_and(|e| e.allow)
}
