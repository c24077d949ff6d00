//! What a change to the world does to open flows: which flows it breaks, and why.
//!
//! Every check reads the world after the change and the flow's own record, so replaying the
//! same commands cuts the same flows (undo replays). Only an Elastic IP association needs the
//! route of a flow to be planned again; the other checks are a lookup or two per flow end. A
//! network ACL change cuts nothing: NACLs keep no state, so the entries of the moment judge each
//! packet (AWS-SEMANTICS §10).

use super::Flow;
use crate::dataplane::{self, CutWhy, Track};
use crate::lang::ast::Command;
use crate::world::World;
use crate::world::ids::{EniId, RuleId};
use crate::world::instance::{Eni, InstanceState};

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
pub(super) fn cut_by(flow: &Flow, world: &World, moved: &[EniId]) -> Option<CutWhy> {
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
    if !flow.ends().any(|e| moved.contains(&e.eni.id)) {
        return None;
    }
    let route = dataplane::crossing(world, &flow.q);
    for end in flow.ends().filter(|e| moved.contains(&e.eni.id)) {
        if route != flow.route {
            return Some(CutWhy::Address {
                eni: end.eni.clone(),
            });
        }
    }
    None
}
