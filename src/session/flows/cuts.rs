//! What a change to the world does to open flows: which flows it breaks, and why.
//!
//! Every check reads the world after the change and the flow's own record, so replaying the
//! same commands cuts the same flows (undo replays). Only a network ACL command or an Elastic IP
//! association needs the route of a flow to be planned again; the other checks are a lookup or
//! two per flow end.

use super::Flow;
use crate::dataplane::{self, CutWhy, NaclChange, Track};
use crate::lang::ast::Command;
use crate::world::World;
use crate::world::ids::{AclId, EniId, RuleId, SubnetId};
use crate::world::instance::{Eni, InstanceState};

/// A network ACL change: the ACL, the subnets whose flows it breaks, and what changed.
pub(super) struct AclChange {
    acl: AclId,
    name: String,
    subnets: Vec<(SubnetId, String)>,
    change: NaclChange,
}

/// The network ACL change `cmd` made, if it made one.
pub(super) fn acl_change(world: &World, cmd: &Command) -> Option<AclChange> {
    let entry = |n: i64| u16::try_from(n).ok();
    let (acl, change, only) = match cmd {
        Command::CreateNaclEntry(spec) => (
            world.resolve_nacl(&spec.nacl).ok()?,
            NaclChange::Created {
                direction: spec.direction,
                number: entry(spec.number.node)?,
            },
            None,
        ),
        Command::ReplaceNaclEntry(spec) => (
            world.resolve_nacl(&spec.nacl).ok()?,
            NaclChange::Replaced {
                direction: spec.direction,
                number: entry(spec.number.node)?,
            },
            None,
        ),
        Command::DeleteNaclEntry {
            nacl,
            direction,
            number,
        } => (
            world.resolve_nacl(nacl).ok()?,
            NaclChange::Deleted {
                direction: *direction,
                number: entry(number.node)?,
            },
            None,
        ),
        Command::AssociateNacl { subnet, .. } => {
            let s = world.resolve_subnet(subnet).ok()?;
            (
                world.nacls.get(&s.nacl)?,
                NaclChange::Associated,
                Some(s.id.clone()),
            )
        }
        _ => return None,
    };
    let subnets = world
        .subnets
        .values()
        .filter(|s| s.nacl == acl.id && only.as_ref().is_none_or(|o| *o == s.id))
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    Some(AclChange {
        acl: acl.id.clone(),
        name: acl.name.clone(),
        subnets,
        change,
    })
}

/// The interfaces whose public address `cmd` changed.
pub(super) fn moved_address(world: &World, cmd: &Command) -> Vec<EniId> {
    match cmd {
        Command::AssociateAddress { instance, .. } => world
            .resolve_instance(instance)
            .map(|i| i.enis.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Whether the interface still has the rule among its groups' rules.
fn has_rule(world: &World, eni: &Eni, rule: &RuleId) -> bool {
    eni.groups
        .iter()
        .filter_map(|g| world.groups.get(g))
        .any(|g| g.all_rules().any(|(_, r)| r.id == *rule))
}

/// Why the world as it is now breaks the flow, if it does.
pub(super) fn cut_by(
    flow: &Flow,
    world: &World,
    acl: Option<&AclChange>,
    moved: &[EniId],
) -> Option<CutWhy> {
    for end in flow.ends() {
        let Some(eni) = world.enis.get(&end.eni.id) else {
            return Some(CutWhy::Deleted {
                eni: end.eni.clone(),
            });
        };
        let instance = eni.instance.as_ref().and_then(|i| world.instances.get(i));
        if let Some(i) = instance.filter(|i| i.state == InstanceState::Stopped) {
            return Some(CutWhy::Stopped {
                name: i.name.clone(),
            });
        }
        if let Track::Untracked(u) = &end.track {
            for rule in [&u.request_rule, &u.other_rule] {
                if !has_rule(world, eni, rule) {
                    return Some(CutWhy::Rule {
                        rule: rule.clone(),
                        eni: end.eni.clone(),
                    });
                }
            }
        }
    }
    if acl.is_none() && !flow.ends().any(|e| moved.contains(&e.eni.id)) {
        return None;
    }
    let route = dataplane::crossing(world, &flow.q);
    // The first subnet the flow crosses (its source's, then its destination's) names the cut.
    if let (Some(change), Some(route)) = (acl, &route)
        && let Some((_, subnet)) = route
            .subnets
            .iter()
            .find_map(|id| change.subnets.iter().find(|(s, _)| s == id))
    {
        return Some(CutWhy::Nacl {
            acl: change.acl.clone(),
            name: change.name.clone(),
            subnet: subnet.clone(),
            change: change.change,
        });
    }
    for end in flow.ends().filter(|e| moved.contains(&e.eni.id)) {
        if route != flow.route {
            return Some(CutWhy::Address {
                eni: end.eni.clone(),
            });
        }
    }
    None
}
