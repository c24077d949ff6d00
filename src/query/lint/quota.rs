//! Quotas: `near-quota` (a group at 54 or more of its 60 rules of a direction and family; an
//! interface whose groups hold more than 1,000 rules together) and `quota-exceeded` (a group or
//! an interface past a quota, which only an imported or loaded world can hold: the control plane
//! refuses the request that would pass one).
//!
//! Rules are counted as AWS-SEMANTICS.md §2.5 counts them: per direction, IPv4 and IPv6 apart, a
//! group reference in both. An EC2-Classic group holds 100 rules in all; the same nine tenths
//! of it is near.

use super::{Code, Finding, Object};
use crate::vocab::{Direction, Family};
use crate::world::World;
use crate::world::group::Group;
use crate::world::instance::Eni;

/// Rules per VPC group, per direction and address family (AWS's default quota, §13).
const RULES_PER_DIRECTION: usize = 60;
/// Where `near-quota` starts for a VPC group.
const NEAR_RULES: usize = 54;
/// Rules per EC2-Classic group, and where `near-quota` starts for one.
const CLASSIC_RULES: usize = 100;
const CLASSIC_NEAR: usize = 90;
/// Groups per VPC interface (AWS's default quota) and per EC2-Classic instance.
const GROUPS_PER_ENI: usize = 5;
const CLASSIC_GROUPS: usize = 500;
/// The rules an interface's groups may hold together: (rules per group) x (groups per
/// interface) is at most 1,000.
const RULES_PER_ENI: usize = 1000;

pub fn quotas(world: &World, groups: &[&Group], enis: &[&Eni]) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in groups {
        if g.is_classic() {
            let n = g.ingress.len();
            if let Some(code) = judge(n, CLASSIC_NEAR, CLASSIC_RULES) {
                let message = format!(
                    "EC2-Classic group {} ({}) holds {n} rules; the quota is {CLASSIC_RULES}",
                    g.name, g.id
                );
                out.push(Finding::new(code, vec![Object::group(g)], message));
            }
            continue;
        }
        for direction in [Direction::Ingress, Direction::Egress] {
            if let Some(f) = group_direction(world, g, direction) {
                out.push(f);
            }
        }
    }
    for eni in enis {
        out.extend(interface(world, eni));
    }
    out
}

/// `near-quota` from `near` on, `quota-exceeded` past `limit`.
fn judge(n: usize, near: usize, limit: usize) -> Option<Code> {
    if n > limit {
        Some(Code::QuotaExceeded)
    } else if n >= near {
        Some(Code::NearQuota)
    } else {
        None
    }
}

/// One finding per group and direction: the fuller family decides (a group reference counts in
/// both, so both may be as full; a prefix list counts its max entries in its family).
fn group_direction(world: &World, g: &Group, direction: Direction) -> Option<Finding> {
    let rules = g.rules(direction);
    let count = |family| -> usize {
        rules
            .iter()
            .map(|r| world.rule_weight(&r.peer, family))
            .sum()
    };
    let (v4, v6) = (count(Family::V4), count(Family::V6));
    let n = v4.max(v6);
    let code = judge(n, NEAR_RULES, RULES_PER_DIRECTION)?;
    let families = match (v4 == n, v6 == n) {
        (true, true) => "IPv4 and IPv6",
        (true, false) => "IPv4",
        _ => "IPv6",
    };
    let message = format!(
        "group {} ({}) holds {n} of its {RULES_PER_DIRECTION} {} rules ({families})",
        g.name,
        g.id,
        direction.as_str()
    );
    Some(Finding::new(code, vec![Object::group(g)], message))
}

/// An interface past its groups quota, or whose groups hold more than 1,000 rules together.
fn interface(world: &World, eni: &Eni) -> Vec<Finding> {
    let mut out = Vec::new();
    let endpoint = Object::endpoint(world, eni);
    let limit = if eni.vpc.is_some() {
        GROUPS_PER_ENI
    } else {
        CLASSIC_GROUPS
    };
    let groups: Vec<&Group> = eni
        .groups
        .iter()
        .filter_map(|g| world.groups.get(g))
        .collect();
    let objects = || {
        std::iter::once(endpoint.clone())
            .chain(groups.iter().map(|g| Object::group(g)))
            .collect::<Vec<_>>()
    };
    if eni.groups.len() > limit {
        out.push(Finding::new(
            Code::QuotaExceeded,
            objects(),
            format!(
                "{} has {} groups; the quota is {limit} per interface",
                endpoint.label(),
                eni.groups.len()
            ),
        ));
    }
    let rules: usize = groups
        .iter()
        .map(|g| g.ingress.len() + g.egress.len())
        .sum();
    if rules > RULES_PER_ENI {
        out.push(Finding::new(
            Code::NearQuota,
            objects(),
            format!(
                "the groups of {} hold {rules} rules together, more than {RULES_PER_ENI}",
                endpoint.label()
            ),
        ));
    }
    out
}
