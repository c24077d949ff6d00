//! Connection tracking (AWS-SEMANTICS §9.1–9.3): why a reply passes an interface's security
//! groups without a rule, or why it does not get that favour.
//!
//! Security groups are stateful: the request that a rule admitted at an interface opens a
//! tracking entry there, and its reply passes that interface's groups by the entry. The exception
//! is an untracked flow: at an interface, a TCP or UDP flow is untracked when the rule that
//! admitted the request has the `/0` peer of the packet's family (`0.0.0.0/0` or `::/0`) and the
//! interface's groups have a rule in the other direction with a `/0` peer of that family covering
//! every port of the protocol (or all protocols). The reply of an untracked flow must then be
//! allowed by the rules in its own direction. ICMP is always tracked; other protocols are tracked
//! by address and protocol number. EC2-Classic allows all outbound traffic and tracks the rest.
//!
//! A probe's entry is simply the request that opened it. A flow's entries live on after their
//! request while they are used; `flow` holds how a flow's later packets are judged, and the idle
//! timeouts.

use super::flow::{Track, TrackedWhy};
use super::groups::{Eval, groups_of, is_open};
use super::packet::{Packet, Wire};
use super::trace::{ConnEntry, GroupsHow, Untracked};
use crate::vocab::{Direction, Family, Proto};
use crate::world::World;
use crate::world::group::{Group, Rule};
use crate::world::instance::Eni;

/// Whether a flow is tracked at one interface.
pub(super) enum Tracking<'w> {
    Tracked(Why<'w>),
    Untracked {
        /// The open rule that admitted the request.
        request: &'w Rule,
        /// The open, every-port rule in the other direction.
        other: (&'w Group, &'w Rule),
    },
}

/// Why an interface tracks a flow, borrowing the rules (see [`TrackedWhy`]).
pub(super) enum Why<'w> {
    Icmp,
    ByAddress(u8),
    Classic,
    NotOpen(Option<&'w Rule>),
    NoOpenReturn(&'w Rule),
}

/// Decides tracking at `eni`, whose groups admitted the request in `request_dir` as `eval`
/// records. When several rules admitted it, the flow is untracked as soon as any of them is
/// open: AWS documents the single-rule case only, and an open rule that admits the request is
/// what makes AWS skip the tracking table, whatever narrower rules also match.
pub(super) fn tracking<'w>(
    world: &'w World,
    eni: &'w Eni,
    request_dir: Direction,
    packet: Packet,
    family: Family,
    eval: &Eval<'w>,
) -> Tracking<'w> {
    if eni.vpc.is_none() {
        return Tracking::Tracked(Why::Classic);
    }
    match packet {
        Packet::Icmp { .. } => return Tracking::Tracked(Why::Icmp),
        Packet::Other(n) => return Tracking::Tracked(Why::ByAddress(n)),
        Packet::Tcp { .. } | Packet::Udp { .. } => {}
    }
    let Some(request) = eval.open else {
        return Tracking::Tracked(Why::NotOpen(eval.allowed_by.map(|(_, rule, _)| rule)));
    };
    let other_dir = match request_dir {
        Direction::Ingress => Direction::Egress,
        Direction::Egress => Direction::Ingress,
    };
    for group in groups_of(world, eni) {
        for rule in group.rules(other_dir) {
            if is_open(rule, family) && every_port(rule.proto, packet) {
                return Tracking::Untracked {
                    request,
                    other: (group, rule),
                };
            }
        }
    }
    Tracking::Tracked(Why::NoOpenReturn(request))
}

impl Tracking<'_> {
    /// The tracking as owned data, for a flow to keep.
    pub(super) fn owned(&self) -> Track {
        match self {
            Tracking::Tracked(why) => Track::Tracked(match why {
                Why::Icmp => TrackedWhy::Icmp,
                Why::ByAddress(n) => TrackedWhy::ByAddress(*n),
                Why::Classic => TrackedWhy::Classic,
                Why::NotOpen(rule) => {
                    TrackedWhy::NotOpen(rule.map(|r| (r.id.clone(), r.peer.clone())))
                }
                Why::NoOpenReturn(rule) => TrackedWhy::NoOpenReturn(rule.id.clone()),
            }),
            Tracking::Untracked { request, other } => {
                Track::Untracked(why_untracked(request, *other))
            }
        }
    }
}

/// Whether a rule covers every port of the packet's protocol.
fn every_port(proto: Proto, packet: Packet) -> bool {
    match (proto, packet) {
        (Proto::All, _) => true,
        (Proto::Tcp(p), Packet::Tcp { .. }) | (Proto::Udp(p), Packet::Udp { .. }) => p.is_all(),
        _ => false,
    }
}

/// How the trace shows a tracked reply: the entry the request opened at this interface.
pub(super) fn tracked(eni: &Eni, request: Wire, opened_at: usize) -> GroupsHow {
    GroupsHow::Tracked(ConnEntry {
        eni: eni.id.clone(),
        request,
        opened_at,
    })
}

/// How the trace shows an untracked reply: the two open rules that skip tracking.
pub(super) fn untracked(request: &Rule, other: (&Group, &Rule)) -> GroupsHow {
    GroupsHow::Untracked(why_untracked(request, other))
}

fn why_untracked(request: &Rule, other: (&Group, &Rule)) -> Untracked {
    Untracked {
        request_rule: request.id.clone(),
        request_peer: request.peer.clone(),
        other_rule: other.1.id.clone(),
        other_group: other.0.name.clone(),
    }
}
