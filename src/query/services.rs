//! Managed services as endpoints: a cache cluster is reached at its first node (`redis-1`) or at
//! node k (`redis-1#2`), a replication group at its primary, a DB instance at its interface and a
//! DB cluster at its writer (its first member). Each is a network interface; deciding a packet to
//! it is the data plane's ordinary path.

use crate::vocab::{Diagnostic, EniId, Ref, Scope};
use crate::world::World;
use crate::world::service::{CacheCluster, SvcKey};

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
