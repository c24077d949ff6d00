//! Managed services in the data plane.
//!
//! Endpoints: a cache cluster is reached at its first node (`redis-1`) or at node k
//! (`redis-1#2`), a replication group at its primary, a DB instance at its interface and a DB
//! cluster at its writer (its first member). Each is a network interface, so everything after
//! resolution is the ordinary path, with one exception: an EC2-Classic cache cluster's nodes have
//! no VPC groups. There its cache security groups decide (AWS-SEMANTICS §11): the request must be
//! TCP to the cluster's port and come from an instance of an authorized EC2-Classic group (by name
//! and owner, in the cluster's region), reached by its private address. With nothing authorized,
//! network access is off. Instances in a VPC never reach a Classic cluster: the nodes have only
//! private addresses in EC2-Classic's network.

use super::packet::Packet;
use super::route::{Far, Node, Reach};
use super::trace::{AuthCheck, CacheGroupsStep, EniLabel, Leg, Miss, RuleVerdict, StepKind, Why};
use super::{Run, mismatch};
use crate::vocab::{Diagnostic, EniId, Ref, Scope};
use crate::world::World;
use crate::world::group::Group;
use crate::world::service::{CacheCluster, Ec2GroupRef, SvcKey};

/// The interface a service name stands for, and the service's scope; `None` when no service has
/// the name. A name that is ambiguous, a node number out of range, or a DB cluster without an
/// instance is an error.
pub(super) fn endpoint(world: &World, r: &Ref) -> Option<Result<(EniId, Scope), Diagnostic>> {
    // The resolvers answer NotFound for a missing name and InvalidParameterValue when it is
    // ambiguous; only the second is an error here.
    let found = |result: Result<(EniId, Scope), Diagnostic>| match result {
        Ok(x) => Some(Ok(x)),
        Err(e) if e.code == "InvalidParameterValue" => Some(Err(e)),
        Err(_) => None,
    };
    if let Some((base, k)) = node_ref(r) {
        return match world.resolve_cache_cluster(&base) {
            Ok(c) => Some(node(c, k, r)),
            Err(e) if e.code == "InvalidParameterValue" => Some(Err(e)),
            Err(_) => None,
        };
    }
    if let Some(x) = found(world.resolve_cache_cluster(r).and_then(|c| node(c, 1, r))) {
        return Some(x);
    }
    let primary = world.resolve_replication_group(r).and_then(|g| {
        let scope = g.scope.clone();
        let cluster = g
            .primary()
            .and_then(|p| world.services.cache_clusters.get(&SvcKey::new(&scope, p)))
            .ok_or_else(|| no_instance(r, "replication group", &g.name, "no primary"))?;
        node(cluster, 1, r)
    });
    if let Some(x) = found(primary) {
        return Some(x);
    }
    let db = world
        .resolve_db_instance(r)
        .map(|d| (d.eni.clone(), d.scope.clone()));
    if let Some(x) = found(db) {
        return Some(x);
    }
    let writer = world.resolve_db_cluster(r).and_then(|c| {
        c.writer()
            .and_then(|w| world.services.db_instances.get(&SvcKey::new(&c.scope, w)))
            .map(|d| (d.eni.clone(), d.scope.clone()))
            .ok_or_else(|| {
                no_instance(r, "DB cluster", &c.name, "no DB instance").help(format!(
                    "create db-instance NAME in cluster {} subnet VPC/SUBNET",
                    c.name
                ))
            })
    });
    found(writer)
}

/// `redis-1#2`: the cluster's reference and the node number.
fn node_ref(r: &Ref) -> Option<(Ref, usize)> {
    let (base, k) = r.name.rsplit_once('#')?;
    if base.is_empty() || k.is_empty() || !k.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let base = Ref {
        qualifier: r.qualifier.clone(),
        name: base.to_string(),
        span: r.span,
    };
    Some((base, k.parse().unwrap_or(usize::MAX)))
}

/// Node `k` (from 1) of a cluster.
fn node(c: &CacheCluster, k: usize, r: &Ref) -> Result<(EniId, Scope), Diagnostic> {
    k.checked_sub(1)
        .and_then(|i| c.nodes.get(i))
        .map(|e| (e.clone(), c.scope.clone()))
        .ok_or_else(|| {
            let range = match c.nodes.len() {
                1 => format!("{} has one node: {}#1", c.name, c.name),
                n => format!("{} has nodes #1 to #{n}", c.name),
            };
            Diagnostic::new(
                "InvalidEndpoint.NotFound",
                format!("The endpoint '{r}' does not exist"),
            )
            .at(r.span)
            .label("no such node")
            .help(range)
        })
}

/// The error for a service whose endpoint nothing answers (an InvalidParameterValue, so that
/// `endpoint` reports it rather than trying other kinds).
fn no_instance(r: &Ref, kind: &str, name: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        "InvalidParameterValue",
        format!("The endpoint '{r}' is {kind} {name}, which has {what}: nothing answers there"),
    )
    .at(r.span)
    .label(format!("{what} behind it"))
}

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
