//! Security-group evaluation at one interface in one direction: the union of its groups' rules,
//! with no order and no deny (AWS-SEMANTICS §6). A rule matches when its protocol covers the
//! packet and its peer covers the far end: a CIDR of the packet's family containing the far
//! address as this end sees it, or a group reference whose group the far end's interface is in,
//! reached by its private address in the same network or across a same-region peering (§5: never
//! through a public address). A stale rule (§4) matches nothing.
//!
//! Evaluation borrows the world and records rules only when asked to (`Detail::Full`); with
//! `Detail::Verdict` it stops as soon as the outcome, and whether the flow can be untracked, are
//! known. `step` copies the names out when the step is recorded.

use super::packet::{Packet, family_of_net};
use super::route::{Far, Reach};
use super::trace::{EniLabel, Miss};
use super::trace::{GroupLabel, GroupsHow, GroupsStep, RuleCheck, RuleVerdict, StepKind, Why};
use crate::vocab::{Direction, Family, RulePeer};
use crate::world::World;
use crate::world::group::{Group, Rule};
use crate::world::instance::Eni;

/// The outcome of one interface's groups in one direction.
#[derive(Default)]
pub(super) struct Eval<'w> {
    /// The first rule that matched.
    pub allowed_by: Option<(&'w Group, &'w Rule, RuleVerdict)>,
    /// A matching rule whose peer is `0.0.0.0/0` or `::/0` of the packet's family: such a rule
    /// can leave a TCP or UDP flow untracked (see `conntrack`).
    pub open: Option<&'w Rule>,
    /// Every rule looked at (`Detail::Full` only).
    pub checks: Vec<(&'w Group, &'w Rule, RuleVerdict)>,
}

impl Eval<'_> {
    pub fn allowed(&self) -> bool {
        self.allowed_by.is_some()
    }
}

/// The interface's groups that exist, in the interface's order.
pub(super) fn groups_of<'w>(world: &'w World, eni: &'w Eni) -> impl Iterator<Item = &'w Group> {
    eni.groups.iter().filter_map(|id| world.groups.get(id))
}

/// Whether a rule's peer is the whole address space of the packet's family.
pub(super) fn is_open(rule: &Rule, family: Family) -> bool {
    matches!(&rule.peer, RulePeer::Cidr(net) if net.prefix_len() == 0 && family_of_net(net) == family)
}

/// Evaluates the interface's rules in `direction` against a packet whose far end is `far`.
pub(super) fn evaluate<'w>(
    world: &'w World,
    eni: &'w Eni,
    direction: Direction,
    packet: Packet,
    family: Family,
    far: &Far<'w>,
    full: bool,
) -> Eval<'w> {
    let mut eval = Eval::default();
    for group in groups_of(world, eni) {
        for rule in group.rules(direction) {
            // A stale reference (§4) matches nothing: its group is gone, or out of reach. It could
            // not match anyway (no interface is a member of a deleted group, and an unpeered VPC
            // is reached only by public address), so only the full trace looks, to say why.
            let stale = if full {
                world.stale(group, &rule.peer)
            } else {
                None
            };
            let verdict = match stale {
                Some(why) => RuleVerdict::Miss(Miss::Stale(why)),
                None => rule_verdict(world, rule, packet, family, far),
            };
            if full {
                eval.checks.push((group, rule, verdict));
            }
            if !verdict.matched() {
                continue;
            }
            if eval.allowed_by.is_none() {
                eval.allowed_by = Some((group, rule, verdict));
            }
            if eval.open.is_none() && is_open(rule, family) {
                eval.open = Some(rule);
            }
            if !full && (eval.open.is_some() || !packet.may_be_untracked()) {
                return eval;
            }
        }
    }
    eval
}

/// Whether one rule covers the packet and its far end, and why (not).
pub(super) fn rule_verdict(
    world: &World,
    rule: &Rule,
    packet: Packet,
    family: Family,
    far: &Far,
) -> RuleVerdict {
    if let Err(miss) = packet.covered_by(rule.proto) {
        return RuleVerdict::Miss(miss);
    }
    match &rule.peer {
        RulePeer::Cidr(net) => far.addr.covered_by(net, family),
        RulePeer::PrefixList(id) => match world.prefix_lists.get(id) {
            Some(list) => far.addr.covered_by_list(list.cidrs(), list.family, family),
            None => RuleVerdict::Miss(Miss::ListGone),
        },
        RulePeer::Group { id, .. } => match (far.eni, far.reach) {
            (Some(eni), Reach::SameNetwork | Reach::Peered { same_region: true })
                if eni.groups.contains(id) =>
            {
                RuleVerdict::Match(Why::Member(far.addr))
            }
            (Some(_), Reach::SameNetwork | Reach::Peered { same_region: true }) => {
                RuleVerdict::Miss(Miss::NotMember(far.addr))
            }
            (Some(_), Reach::Peered { same_region: false }) => {
                RuleVerdict::Miss(Miss::InterRegion(far.addr))
            }
            (Some(_), Reach::Public) => RuleVerdict::Miss(Miss::PublicAddress(far.addr)),
            (Some(_), Reach::OtherNetwork) => RuleVerdict::Miss(Miss::OtherNetwork(far.addr)),
            _ => RuleVerdict::Miss(Miss::NotAnInterface(far.addr)),
        },
    }
}

/// The step as the trace shows it.
pub(super) fn step(
    world: &World,
    eni: &Eni,
    direction: Direction,
    how: GroupsHow,
    eval: &Eval,
) -> StepKind {
    let check = |group: &Group, rule: &Rule, verdict: RuleVerdict| RuleCheck {
        group: GroupLabel {
            id: group.id.clone(),
            name: group.name.clone(),
        },
        rule: rule.id.clone(),
        direction,
        proto: rule.proto,
        peer: rule.peer.clone(),
        peer_name: match &rule.peer {
            RulePeer::Group { id, .. } => Some(
                world
                    .groups
                    .get(id)
                    .map_or_else(|| "deleted".to_string(), |g| g.name.clone()),
            ),
            RulePeer::PrefixList(id) => Some(world.prefix_list_name(id)),
            RulePeer::Cidr(_) => None,
        },
        verdict,
    };
    StepKind::Groups(Box::new(GroupsStep {
        eni: EniLabel {
            id: eni.id.clone(),
            name: eni.name.clone(),
        },
        direction,
        groups: eni
            .groups
            .iter()
            .map(|id| GroupLabel {
                id: id.clone(),
                name: world.group_name(id),
            })
            .collect(),
        how,
        rules: eval
            .checks
            .iter()
            .map(|(g, r, v)| check(g, r, *v))
            .collect(),
        allowed_by: eval.allowed_by.map(|(g, r, v)| check(g, r, v)),
    }))
}
