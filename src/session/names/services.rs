//! The world's managed-service names, for completion: cache clusters (and `name#k` for each node
//! of a multi-node cluster), replication groups, cache security groups, DB instances and DB
//! clusters. Those of the current account and region come first, each kind in creation order;
//! one elsewhere is offered as `account/name`.

use crate::world::World;
use crate::world::service::{CacheEngine, DbEngine, SvcKey};
use std::collections::BTreeMap;

pub(super) fn cache_engines() -> Vec<String> {
    CacheEngine::ALL
        .iter()
        .map(|e| e.as_str().to_string())
        .collect()
}

pub(super) fn db_engines() -> Vec<String> {
    DbEngine::ALL
        .iter()
        .map(|e| e.as_str().to_string())
        .collect()
}

/// The names of a map's objects as they resolve from here: the bare name in the current scope,
/// `account/name` elsewhere.
fn names<T>(world: &World, map: &BTreeMap<SvcKey, T>, seq: impl Fn(&T) -> u64) -> Vec<String> {
    let mut list: Vec<(&SvcKey, &T)> = map.iter().collect();
    list.sort_by_key(|(k, x)| (k.scope != world.scope, seq(x)));
    list.into_iter()
        .map(|(k, _)| {
            if k.scope == world.scope {
                k.name.clone()
            } else {
                format!("{}/{}", k.scope.account, k.name)
            }
        })
        .collect()
}

pub(super) fn cache_clusters(world: &World) -> Vec<String> {
    names(world, &world.services.cache_clusters, |c| c.seq)
}

pub(super) fn replication_groups(world: &World) -> Vec<String> {
    names(world, &world.services.replication_groups, |g| g.seq)
}

/// Cache security groups: the current account and region's only (only there are they used).
pub(super) fn cache_groups(world: &World) -> Vec<String> {
    world
        .services
        .cache_groups
        .values()
        .filter(|g| g.scope == world.scope)
        .map(|g| g.name.clone())
        .collect()
}

pub(super) fn db_instances(world: &World) -> Vec<String> {
    names(world, &world.services.db_instances, |d| d.seq)
}

pub(super) fn db_clusters(world: &World) -> Vec<String> {
    names(world, &world.services.db_clusters, |c| c.seq)
}

/// Every service a probe can name: cache clusters and the nodes of multi-node ones, replication
/// groups, DB clusters and DB instances.
pub(super) fn endpoints(world: &World) -> Vec<String> {
    let mut out = Vec::new();
    let mut clusters: Vec<_> = world.services.cache_clusters.values().collect();
    clusters.sort_by_key(|c| (c.scope != world.scope, c.seq));
    for c in clusters {
        let name = if c.scope == world.scope {
            c.name.clone()
        } else {
            format!("{}/{}", c.scope.account, c.name)
        };
        if c.nodes.len() > 1 {
            out.extend((1..=c.nodes.len()).map(|k| format!("{name}#{k}")));
        }
        out.push(name);
    }
    out.extend(replication_groups(world));
    out.extend(db_clusters(world));
    out.extend(db_instances(world));
    out
}
