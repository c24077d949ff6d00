//! `shadowed-rule`: a rule that allows nothing the group's other rules of the same direction do
//! not already allow.
//!
//! Each rule is a box: protocols x ports (ICMP type and code for ICMP) x peer, the peer an
//! address range of one family or a group reference. A rule is shadowed when its box lies in
//! the union of the others': the protocol and port axes are cut where any other box starts or
//! ends, and in each cell the peers of the boxes that cover it must cover the rule's peer (the
//! addresses as sets of ranges, a `rangemap` set; a group reference by a rule naming the same
//! group, or by rules open to every address of both families). A group reference stands for
//! whoever is in the group, so a CIDR that happens to hold today's members does not shadow it
//! (and a group with no members makes no rule shadowed). Stale rules match nothing and are
//! `stale-rule` findings; they take no part here.
//!
//! Rules are judged newest first, and a rule found shadowed covers nothing for the rules judged
//! after it: of two equal rules the newer is the shadowed one, and revoking every shadowed rule
//! together leaves the group allowing exactly what it allowed.

use super::{Code, Finding, Object};
use crate::vocab::{Direction, IcmpRange, Proto, RulePeer, SgId};
use crate::world::World;
use crate::world::group::{Group, Rule};
use ipnet::IpNet;
use rangemap::RangeInclusiveSet;
use std::ops::RangeInclusive;

/// A rule's peer as a set: address ranges of each family (one for a CIDR, a prefix list's
/// entries for a list), or a group.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PeerSet {
    Nets {
        v4: Vec<RangeInclusive<u128>>,
        v6: Vec<RangeInclusive<u128>>,
    },
    Group(SgId),
}

/// A CIDR as an address range, with its family's side (`true`: IPv6).
fn range_of(net: &IpNet) -> (bool, RangeInclusive<u128>) {
    match net {
        IpNet::V4(n) => (
            false,
            u128::from(u32::from(n.network()))..=u128::from(u32::from(n.broadcast())),
        ),
        IpNet::V6(n) => (true, u128::from(n.network())..=u128::from(n.broadcast())),
    }
}

impl PeerSet {
    fn of_nets<'a>(nets: impl Iterator<Item = &'a IpNet>) -> PeerSet {
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        for net in nets {
            match range_of(net) {
                (false, r) => v4.push(r),
                (true, r) => v6.push(r),
            }
        }
        PeerSet::Nets { v4, v6 }
    }
}

/// What a rule allows.
#[derive(Clone, Debug)]
struct Space {
    protos: RangeInclusive<u32>,
    ports: RangeInclusive<u32>,
    peer: PeerSet,
}

const ALL_PORTS: RangeInclusive<u32> = 0..=65535;
const V4_ALL: RangeInclusive<u128> = 0..=(u32::MAX as u128);
const V6_ALL: RangeInclusive<u128> = 0..=u128::MAX;

/// ICMP type and code as one axis: type * 256 + code.
fn icmp_axis(r: IcmpRange) -> RangeInclusive<u32> {
    match (r.icmp_type, r.code) {
        (None, _) => ALL_PORTS,
        (Some(t), None) => u32::from(t) * 256..=u32::from(t) * 256 + 255,
        (Some(t), Some(c)) => {
            let at = u32::from(t) * 256 + u32::from(c);
            at..=at
        }
    }
}

impl Space {
    fn of(world: &World, rule: &Rule) -> Space {
        let one = |n: u32| n..=n;
        let (protos, ports) = match rule.proto {
            Proto::All => (0..=255, ALL_PORTS),
            Proto::Tcp(p) => (one(6), u32::from(p.from)..=u32::from(p.to)),
            Proto::Udp(p) => (one(17), u32::from(p.from)..=u32::from(p.to)),
            Proto::Icmp(r) => (one(1), icmp_axis(r)),
            Proto::Icmpv6(r) => (one(58), icmp_axis(r)),
            Proto::Other(n) => (one(u32::from(n)), ALL_PORTS),
        };
        let peer = match &rule.peer {
            RulePeer::Cidr(net) => PeerSet::of_nets(std::iter::once(net)),
            RulePeer::PrefixList(id) => PeerSet::of_nets(
                world
                    .prefix_lists
                    .get(id)
                    .into_iter()
                    .flat_map(|l| l.cidrs()),
            ),
            RulePeer::Group { id, .. } => PeerSet::Group(id.clone()),
        };
        Space {
            protos,
            ports,
            peer,
        }
    }

    /// Whether `other` can cover any of this box's peers.
    fn peer_meets(&self, other: &Space) -> bool {
        match (&self.peer, &other.peer) {
            (PeerSet::Nets { v4: a4, v6: a6 }, PeerSet::Nets { v4: b4, v6: b6 }) => {
                let any = |a: &[RangeInclusive<u128>], b: &[RangeInclusive<u128>]| {
                    a.iter().any(|x| b.iter().any(|y| meets(x, y)))
                };
                any(a4, b4) || any(a6, b6)
            }
            (PeerSet::Group(a), PeerSet::Group(b)) => a == b,
            (PeerSet::Group(_), _) => true,
            _ => false,
        }
    }

    fn meets(&self, other: &Space) -> bool {
        meets(&self.protos, &other.protos)
            && meets(&self.ports, &other.ports)
            && self.peer_meets(other)
    }
}

fn meets<T: Ord>(a: &RangeInclusive<T>, b: &RangeInclusive<T>) -> bool {
    a.start() <= b.end() && b.start() <= a.end()
}

fn holds<T: Ord>(outer: &RangeInclusive<T>, inner: &RangeInclusive<T>) -> bool {
    outer.start() <= inner.start() && inner.end() <= outer.end()
}

/// Whether the union of `ranges` covers `within` (a `rangemap` set's gaps).
fn union_covers<T>(
    ranges: impl Iterator<Item = RangeInclusive<T>>,
    within: &RangeInclusive<T>,
) -> bool
where
    T: Ord + Clone + rangemap::StepLite + rangemap::StepFns<T>,
{
    let set: RangeInclusiveSet<T> = ranges.collect();
    set.gaps(within).next().is_none()
}

/// The cells of `within` along one axis: cut where any of `ranges` starts or ends, so that each
/// cell lies wholly inside or wholly outside each range.
fn cells(
    within: &RangeInclusive<u32>,
    ranges: impl Iterator<Item = RangeInclusive<u32>>,
) -> Vec<RangeInclusive<u32>> {
    let (lo, hi) = (*within.start(), *within.end());
    let mut cuts: Vec<u32> = vec![lo];
    for r in ranges {
        if *r.start() > lo && *r.start() <= hi {
            cuts.push(*r.start());
        }
        if *r.end() >= lo && *r.end() < hi {
            cuts.push(r.end() + 1);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len());
    for (i, start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map_or(hi, |next| next - 1);
        out.push(*start..=end);
    }
    out
}

/// Whether the peers of the boxes covering one cell cover `peer`.
fn peers_cover(peer: &PeerSet, boxes: &[&Space]) -> bool {
    let v4 = || {
        boxes.iter().flat_map(|b| match &b.peer {
            PeerSet::Nets { v4, .. } => v4.as_slice(),
            PeerSet::Group(_) => &[],
        })
    };
    let v6 = || {
        boxes.iter().flat_map(|b| match &b.peer {
            PeerSet::Nets { v6, .. } => v6.as_slice(),
            PeerSet::Group(_) => &[],
        })
    };
    match peer {
        PeerSet::Nets { v4: r4, v6: r6 } => {
            r4.iter().all(|r| union_covers(v4().cloned(), r))
                && r6.iter().all(|r| union_covers(v6().cloned(), r))
        }
        PeerSet::Group(id) => {
            boxes.iter().any(|b| b.peer == PeerSet::Group(id.clone()))
                || (union_covers(v4().cloned(), &V4_ALL) && union_covers(v6().cloned(), &V6_ALL))
        }
    }
}

/// Whether `rule` lies in the union of `others`.
fn covered(rule: &Space, others: &[&Space]) -> bool {
    let near: Vec<&Space> = others.iter().copied().filter(|o| rule.meets(o)).collect();
    if near.is_empty()
        || !union_covers(near.iter().map(|o| o.protos.clone()), &rule.protos)
        || !union_covers(near.iter().map(|o| o.ports.clone()), &rule.ports)
    {
        return false;
    }
    for protos in cells(&rule.protos, near.iter().map(|o| o.protos.clone())) {
        let by_proto: Vec<&Space> = near
            .iter()
            .copied()
            .filter(|o| holds(&o.protos, &protos))
            .collect();
        for ports in cells(&rule.ports, by_proto.iter().map(|o| o.ports.clone())) {
            let by_port: Vec<&Space> = by_proto
                .iter()
                .copied()
                .filter(|o| holds(&o.ports, &ports))
                .collect();
            if !peers_cover(&rule.peer, &by_port) {
                return false;
            }
        }
    }
    true
}

pub fn shadowed_rules(world: &World, groups: &[&Group]) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in groups {
        for direction in [Direction::Ingress, Direction::Egress] {
            out.extend(direction_findings(world, g, direction));
        }
    }
    out
}

/// The shadowed rules of one group and direction, oldest first.
fn direction_findings(world: &World, g: &Group, direction: Direction) -> Vec<Finding> {
    let rules: Vec<&Rule> = g
        .rules(direction)
        .iter()
        .filter(|r| world.stale(g, &r.peer).is_none())
        .collect();
    let spaces: Vec<Space> = rules.iter().map(|r| Space::of(world, r)).collect();
    let mut shadowed = vec![false; rules.len()];
    for i in (0..rules.len()).rev() {
        let others: Vec<&Space> = spaces
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i && !shadowed.get(*j).copied().unwrap_or(false))
            .map(|(_, s)| s)
            .collect();
        if let Some(space) = spaces.get(i)
            && covered(space, &others)
            && let Some(flag) = shadowed.get_mut(i)
        {
            *flag = true;
        }
    }
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if !shadowed.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(space) = spaces.get(i) else { continue };
        // The rules that cover it: the unshadowed ones whose boxes meet its box.
        let by: Vec<String> = rules
            .iter()
            .zip(&spaces)
            .enumerate()
            .filter(|(j, (_, s))| {
                *j != i && !shadowed.get(*j).copied().unwrap_or(false) && space.meets(s)
            })
            .map(|(_, (r, _))| r.id.to_string())
            .collect();
        let way = match direction {
            Direction::Ingress => "from",
            Direction::Egress => "to",
        };
        let message = format!(
            "rule {} of group {} ({} {} {way} {}) allows nothing its other {} rules do not \
             (covered by {})",
            rule.id,
            g.name,
            direction.as_str(),
            rule.proto,
            rule.peer,
            direction.as_str(),
            by.join(", ")
        );
        out.push(Finding::new(
            Code::ShadowedRule,
            vec![Object::group(g), Object::rule(&rule.id)],
            message,
        ));
    }
    out
}
