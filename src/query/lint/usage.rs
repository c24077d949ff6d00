//! How groups are used: `unused-group` (a group other than a default group that no interface
//! has, no rule of another group references and no cache security group authorizes),
//! `stale-rule` (a rule whose referenced group is gone or no longer reachable by peering, as
//! `show stale` lists them) and `default-group-in-use` (an endpoint whose only group is its VPC's
//! default group).

use super::{Code, Finding, Object, members};
use crate::vocab::SgId;
use crate::world::World;
use crate::world::group::Group;
use crate::world::instance::Eni;
use crate::world::peering::Stale;
use std::collections::HashSet;

pub fn unused_groups(world: &World, groups: &[&Group]) -> Vec<Finding> {
    let members = members(world);
    // Every group some rule of another group names, in the whole world (a reference from
    // another VPC, account or region uses a group too).
    let referenced: HashSet<&SgId> = world
        .groups
        .values()
        .flat_map(|g| {
            g.all_rules()
                .filter_map(|(_, r)| r.peer.group_id())
                .filter(move |id| **id != g.id)
        })
        .collect();
    let authorized = |g: &Group| {
        world.services.cache_groups.values().any(|c| {
            c.scope.region == g.scope.region
                && c.authorized
                    .iter()
                    .any(|a| a.name == g.name && a.owner == g.scope.account)
        })
    };
    groups
        .iter()
        .filter(|g| !g.is_default)
        .filter(|g| !members.contains_key(&g.id) && !referenced.contains(&g.id) && !authorized(g))
        .map(|g| {
            Finding::new(
                Code::UnusedGroup,
                vec![Object::group(g)],
                format!(
                    "group {} ({}) has no members and no other group references it",
                    g.name, g.id
                ),
            )
        })
        .collect()
}

pub fn stale_rules(world: &World, groups: &[&Group]) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in groups {
        for (direction, r) in g.all_rules() {
            let Some(why) = world.stale(g, &r.peer) else {
                continue;
            };
            let why = match why {
                Stale::GroupDeleted => "the referenced group was deleted",
                Stale::NoPeering => "no peering joins the two VPCs",
            };
            let way = match direction {
                crate::vocab::Direction::Ingress => "from",
                crate::vocab::Direction::Egress => "to",
            };
            out.push(Finding::new(
                Code::StaleRule,
                vec![Object::group(g), Object::rule(&r.id)],
                format!(
                    "rule {} of group {} ({} {} {way} {}) is stale: {why}; it matches nothing",
                    r.id,
                    g.name,
                    direction.as_str(),
                    r.proto,
                    r.peer
                ),
            ));
        }
    }
    out
}

pub fn default_group_only(world: &World, enis: &[&Eni]) -> Vec<Finding> {
    let mut out = Vec::new();
    for eni in enis {
        let [only] = eni.groups.as_slice() else {
            continue;
        };
        let Some(group) = world.groups.get(only) else {
            continue;
        };
        if !group.is_default || eni.vpc.is_none() || group.vpc != eni.vpc {
            continue;
        }
        let endpoint = Object::endpoint(world, eni);
        let message = format!(
            "the only group of {} is its VPC's default group {} ({}); give it a group of its own",
            endpoint.label(),
            group.name,
            group.id
        );
        out.push(Finding::new(
            Code::DefaultGroupInUse,
            vec![endpoint, Object::group(group)],
            message,
        ));
    }
    out
}
