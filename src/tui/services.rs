//! What the TUI says about managed services: the cache security groups of EC2-Classic (shown
//! when EC2-Classic is selected) and the clusters and databases of a VPC (shown when the VPC is).
//! Cache nodes and DB instances themselves are interfaces, listed by the members pane under
//! their groups.

use crate::world::World;
use crate::world::ids::{Scope, VpcId};
use crate::world::service::CacheNet;

/// One line per cache security group of an account and region's EC2-Classic: the EC2 groups it
/// authorizes and the clusters that use it. Nothing when EC2-Classic has no cache clusters and
/// only an untouched default group.
pub fn cache_groups(world: &World, scope: &Scope) -> Vec<String> {
    let services = &world.services;
    let clusters: Vec<_> = services
        .cache_clusters
        .values()
        .filter(|c| &c.scope == scope && c.is_classic())
        .collect();
    let groups: Vec<_> = services
        .cache_groups
        .values()
        .filter(|g| &g.scope == scope)
        .collect();
    let in_use = !clusters.is_empty()
        || groups
            .iter()
            .any(|g| !g.is_default || !g.authorized.is_empty());
    if !in_use {
        return Vec::new();
    }
    groups
        .iter()
        .map(|g| {
            let authorized: Vec<String> = g
                .authorized
                .iter()
                .map(|a| format!("{} ({})", a.name, a.owner))
                .collect();
            let users: Vec<&str> = clusters
                .iter()
                .filter(|c| c.cache_groups().contains(&g.name))
                .map(|c| c.name.as_str())
                .collect();
            format!(
                "cache group {}: {}; clusters: {}",
                g.name,
                if authorized.is_empty() {
                    "nothing authorized (access off)".to_string()
                } else {
                    format!("authorizes {}", authorized.join(", "))
                },
                if users.is_empty() {
                    "none".to_string()
                } else {
                    users.join(", ")
                }
            )
        })
        .collect()
}

/// The cache clusters, DB clusters and DB instances of a VPC, in one line; `None` when it has
/// none.
pub fn in_vpc(world: &World, vpc: &VpcId) -> Option<String> {
    let services = &world.services;
    let mut caches: Vec<_> = services
        .cache_clusters
        .values()
        .filter(|c| matches!(&c.net, CacheNet::Vpc { vpc: v, .. } if v == vpc))
        .collect();
    caches.sort_by_key(|c| c.seq);
    let mut dbs: Vec<_> = services
        .db_instances
        .values()
        .filter(|d| {
            world
                .enis
                .get(&d.eni)
                .is_some_and(|e| e.vpc.as_ref() == Some(vpc))
        })
        .collect();
    dbs.sort_by_key(|d| d.seq);
    let mut clusters: Vec<_> = services
        .db_clusters
        .values()
        .filter(|c| &c.vpc == vpc)
        .collect();
    clusters.sort_by_key(|c| c.seq);
    let mut parts = Vec::new();
    if !caches.is_empty() {
        let names: Vec<&str> = caches.iter().map(|c| c.name.as_str()).collect();
        parts.push(format!("cache clusters: {}", names.join(", ")));
    }
    if !clusters.is_empty() {
        let names: Vec<&str> = clusters.iter().map(|c| c.name.as_str()).collect();
        parts.push(format!("DB clusters: {}", names.join(", ")));
    }
    if !dbs.is_empty() {
        let names: Vec<&str> = dbs.iter().map(|d| d.name.as_str()).collect();
        parts.push(format!("DB instances: {}", names.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
