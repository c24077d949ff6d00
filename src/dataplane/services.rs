//! Managed services in the data plane.
//!
//! A service endpoint is a network interface (the query layer resolves its name: see
//! `query::services`), so everything after resolution is the ordinary path, with one exception:
//! an EC2-Classic cache cluster's nodes have no VPC groups. There its cache security groups decide (AWS-SEMANTICS §11): the request must be
//! TCP to the cluster's port and come from an instance of an authorized EC2-Classic group (by name
//! and owner, in the cluster's region), reached by its private address. With nothing authorized,
//! network access is off. Instances in a VPC never reach a Classic cluster: the nodes have only
//! private addresses in EC2-Classic's network.

use super::packet::Packet;
use super::route::{Far, Node, Reach};
use super::trace::{AuthCheck, CacheGroupsStep, EniLabel, Leg, Miss, RuleVerdict, StepKind, Why};
use super::{Run, mismatch};
use crate::world::World;
use crate::world::group::Group;
use crate::world::service::{CacheCluster, Ec2GroupRef, SvcKey};

/// The EC2-Classic group an authorization names, in the cluster's region.
fn authorized_group<'w>(world: &'w World, a: &Ec2GroupRef, region: &str) -> Option<&'w Group> {
    world
        .index
        .group_names
        .get(&a.name.to_lowercase())
        .into_iter()
        .flatten()
        .filter_map(|id| world.groups.get(id))
        .find(|g| g.is_classic() && g.scope.account == a.owner && g.scope.region == region)
}

/// Whether the far end is in the group, as a group reference would say it.
fn membership(group: &Group, far: &Far) -> RuleVerdict {
    match (far.eni, far.reach) {
        (Some(eni), Reach::SameNetwork) if eni.groups.contains(&group.id) => {
            RuleVerdict::Match(Why::Member(far.addr))
        }
        (Some(_), Reach::SameNetwork) => RuleVerdict::Miss(Miss::NotMember(far.addr)),
        (Some(_), Reach::Public) => RuleVerdict::Miss(Miss::PublicAddress(far.addr)),
        (Some(_), _) => RuleVerdict::Miss(Miss::OtherNetwork(far.addr)),
        (None, _) => RuleVerdict::Miss(Miss::NotAnInterface(far.addr)),
    }
}

/// One authorization looked at, by reference until the step is recorded.
type Looked<'w> = (&'w str, &'w Ec2GroupRef, Option<&'w Group>, RuleVerdict);

/// What a Classic cluster's cache security groups did with the request.
struct CacheEval<'w> {
    on_port: bool,
    authorized: usize,
    checks: Vec<Looked<'w>>,
    allowed_by: Option<Looked<'w>>,
}

fn evaluate<'w>(
    world: &'w World,
    cluster: &'w CacheCluster,
    packet: Packet,
    far: &Far,
    full: bool,
) -> CacheEval<'w> {
    let on_port = packet.number() == 6 && packet.dport() == Some(cluster.port);
    let cache_groups: Vec<_> = cluster
        .cache_groups()
        .iter()
        .filter_map(|name| {
            world
                .services
                .cache_groups
                .get(&SvcKey::new(&cluster.scope, name))
        })
        .collect();
    let mut eval = CacheEval {
        on_port,
        authorized: cache_groups.iter().map(|g| g.authorized.len()).sum(),
        checks: Vec::new(),
        allowed_by: None,
    };
    if !on_port && !full {
        return eval;
    }
    let region = cluster.scope.region.as_str();
    for cg in cache_groups {
        for a in &cg.authorized {
            let group = authorized_group(world, a, region);
            let verdict = match group {
                Some(g) => membership(g, far),
                None => RuleVerdict::Miss(Miss::NotAnInterface(far.addr)),
            };
            let looked = (cg.name.as_str(), a, group, verdict);
            if full {
                eval.checks.push(looked);
            }
            if on_port && verdict.matched() && eval.allowed_by.is_none() {
                eval.allowed_by = Some(looked);
                if !full {
                    return eval;
                }
            }
        }
    }
    eval
}

fn check((cache_group, a, group, verdict): Looked) -> AuthCheck {
    AuthCheck {
        cache_group: cache_group.to_string(),
        ec2_group: a.name.clone(),
        owner: a.owner.clone(),
        group: group.map(|g| g.id.clone()),
        verdict,
    }
}

impl<'w> Run<'w, '_> {
    /// A packet entering a node of an EC2-Classic cache cluster: its cache security groups decide.
    /// Returns, when they admit it, the number of the step (where the connection-tracking entry
    /// for the reply opens).
    pub(super) fn cache_groups(
        &mut self,
        d: &Node<'w>,
        cluster: &'w CacheCluster,
        packet: Packet,
        far: &Far<'w>,
        leg: Leg,
        deciding: bool,
    ) -> Option<usize> {
        let world = self.world;
        let eval = evaluate(world, cluster, packet, far, self.full);
        let ok = eval.allowed_by.is_some();
        let number = self.rec.record(leg, ok, mismatch(ok), deciding, || {
            StepKind::CacheGroups(Box::new(CacheGroupsStep {
                eni: EniLabel {
                    id: d.eni.id.clone(),
                    name: d.eni.name.clone(),
                },
                cluster: cluster.name.clone(),
                port: cluster.port,
                cache_groups: cluster.cache_groups().to_vec(),
                on_port: eval.on_port,
                authorized: eval.authorized,
                checks: eval.checks.iter().map(|l| check(*l)).collect(),
                allowed_by: eval.allowed_by.map(check),
            }))
        });
        ok.then_some(number)
    }
}
