//! `show clusters`: the managed services of the current account and region, each with its
//! engine, endpoints (the private addresses a probe reaches), port and access: cache clusters
//! (every node), replication groups (their primary), DB clusters (their writer) and DB instances;
//! and, when EC2-Classic's cache security groups are in use, which EC2 groups each authorizes.

use crate::query::shown::{Sheet, Shown};
use crate::world::World;
use crate::world::ids::{EniId, SgId};
use crate::world::service::{CacheNet, SvcKey};
use std::fmt::Write as _;

/// An interface's private address, or `-` when it is gone.
fn address(world: &World, eni: &EniId) -> String {
    world
        .enis
        .get(eni)
        .map_or_else(|| "-".to_string(), |e| e.private_ip.to_string())
}

fn names(world: &World, groups: &[SgId]) -> String {
    let list: Vec<String> = groups.iter().map(|g| world.group_name(g)).collect();
    list.join(", ")
}

fn sorted<'a, T>(items: impl Iterator<Item = &'a T>, seq: impl Fn(&T) -> u64) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.collect();
    list.sort_by_key(|x| seq(x));
    list
}

pub fn clusters(world: &World) -> Shown {
    let scope = &world.scope;
    let services = &world.services;
    let mut out = Sheet::default();
    let mut sections = 0;

    let caches = sorted(
        services
            .cache_clusters
            .values()
            .filter(|c| &c.scope == scope),
        |c| c.seq,
    );
    if !caches.is_empty() {
        sections += 1;
        let rows: Vec<Vec<String>> = caches
            .iter()
            .map(|c| {
                let endpoints: Vec<String> = if c.nodes.len() == 1 {
                    c.nodes.iter().map(|e| address(world, e)).collect()
                } else {
                    (1..)
                        .zip(&c.nodes)
                        .map(|(k, e)| format!("#{k} {}", address(world, e)))
                        .collect()
                };
                let (place, access) = match &c.net {
                    CacheNet::Vpc { subnet, .. } => (
                        world.subnets.get(subnet).map_or_else(
                            || subnet.to_string(),
                            |s| format!("{}/{}", world.vpc_name(&s.vpc), s.name),
                        ),
                        names(world, world.cache_cluster_groups(c)),
                    ),
                    CacheNet::Classic { cache_groups } => (
                        "EC2-Classic".to_string(),
                        format!("cache groups {}", cache_groups.join(", ")),
                    ),
                };
                let role = match &c.replication_group {
                    Some(rg) => {
                        let primary = services
                            .replication_groups
                            .get(&SvcKey::new(&c.scope, rg))
                            .and_then(|g| g.primary())
                            == Some(c.name.as_str());
                        format!("{rg} ({})", if primary { "primary" } else { "replica" })
                    }
                    None => "-".to_string(),
                };
                vec![
                    c.name.clone(),
                    c.engine.as_str().to_string(),
                    endpoints.join(", "),
                    c.port.to_string(),
                    place,
                    role,
                    access,
                ]
            })
            .collect();
        out.table(
            &[
                "CACHE CLUSTER",
                "ENGINE",
                "ENDPOINTS",
                "PORT",
                "WHERE",
                "REPLICATION GROUP",
                "ACCESS",
            ],
            &rows,
        );
    }

    let groups = sorted(
        services
            .replication_groups
            .values()
            .filter(|g| &g.scope == scope),
        |g| g.seq,
    );
    if !groups.is_empty() {
        if sections > 0 {
            out.push('\n');
        }
        sections += 1;
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                let primary = g
                    .primary()
                    .and_then(|p| services.cache_clusters.get(&SvcKey::new(&g.scope, p)));
                vec![
                    g.name.clone(),
                    g.engine.as_str().to_string(),
                    primary.map_or_else(|| "-".to_string(), |c| c.name.clone()),
                    primary
                        .and_then(|c| c.nodes.first())
                        .map_or_else(|| "-".to_string(), |e| address(world, e)),
                    g.port.to_string(),
                    g.members.join(", "),
                ]
            })
            .collect();
        out.table(
            &[
                "REPLICATION GROUP",
                "ENGINE",
                "PRIMARY",
                "ENDPOINT",
                "PORT",
                "CLUSTERS",
            ],
            &rows,
        );
    }

    let dbcs = sorted(
        services.db_clusters.values().filter(|c| &c.scope == scope),
        |c| c.seq,
    );
    if !dbcs.is_empty() {
        if sections > 0 {
            out.push('\n');
        }
        sections += 1;
        let rows: Vec<Vec<String>> = dbcs
            .iter()
            .map(|c| {
                let writer = c
                    .writer()
                    .and_then(|w| services.db_instances.get(&SvcKey::new(&c.scope, w)));
                vec![
                    c.name.clone(),
                    c.engine.as_str().to_string(),
                    writer.map_or_else(|| "-".to_string(), |d| d.name.clone()),
                    writer.map_or_else(|| "-".to_string(), |d| address(world, &d.eni)),
                    c.port.to_string(),
                    world.vpc_name(&c.vpc).to_string(),
                    if c.members.is_empty() {
                        "-".to_string()
                    } else {
                        c.members.join(", ")
                    },
                    names(world, &c.groups),
                ]
            })
            .collect();
        out.table(
            &[
                "DB CLUSTER",
                "ENGINE",
                "WRITER",
                "ENDPOINT",
                "PORT",
                "VPC",
                "INSTANCES",
                "GROUPS",
            ],
            &rows,
        );
    }

    let dbs = sorted(
        services.db_instances.values().filter(|d| &d.scope == scope),
        |d| d.seq,
    );
    if !dbs.is_empty() {
        if sections > 0 {
            out.push('\n');
        }
        sections += 1;
        let rows: Vec<Vec<String>> = dbs
            .iter()
            .map(|d| {
                let eni = world.enis.get(&d.eni);
                let subnet = eni
                    .and_then(|e| e.subnet.as_ref())
                    .and_then(|s| world.subnets.get(s))
                    .map_or_else(
                        || "-".to_string(),
                        |s| format!("{}/{}", world.vpc_name(&s.vpc), s.name),
                    );
                vec![
                    d.name.clone(),
                    d.engine.as_str().to_string(),
                    d.cluster.clone().unwrap_or_else(|| "-".to_string()),
                    address(world, &d.eni),
                    d.port.to_string(),
                    subnet,
                    eni.map_or_else(String::new, |e| names(world, &e.groups)),
                ]
            })
            .collect();
        out.table(
            &[
                "DB INSTANCE",
                "ENGINE",
                "CLUSTER",
                "ENDPOINT",
                "PORT",
                "SUBNET",
                "GROUPS",
            ],
            &rows,
        );
    }

    // Cache security groups matter only in EC2-Classic: list them when any is in use or made.
    let cache_groups: Vec<_> = services
        .cache_groups
        .values()
        .filter(|g| &g.scope == scope)
        .collect();
    let classic_in_use = caches.iter().any(|c| c.is_classic())
        || cache_groups
            .iter()
            .any(|g| !g.is_default || !g.authorized.is_empty());
    if classic_in_use {
        if sections > 0 {
            out.push('\n');
        }
        sections += 1;
        let rows: Vec<Vec<String>> = cache_groups
            .iter()
            .map(|g| {
                let users: Vec<&str> = caches
                    .iter()
                    .filter(|c| c.cache_groups().contains(&g.name))
                    .map(|c| c.name.as_str())
                    .collect();
                let authorized: Vec<String> = g
                    .authorized
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.owner))
                    .collect();
                vec![
                    g.name.clone(),
                    if authorized.is_empty() {
                        "none: network access is off".to_string()
                    } else {
                        authorized.join(", ")
                    },
                    if users.is_empty() {
                        "-".to_string()
                    } else {
                        users.join(", ")
                    },
                    g.description.clone(),
                ]
            })
            .collect();
        out.table(
            &[
                "CACHE SECURITY GROUP",
                "AUTHORIZED EC2 GROUPS",
                "CLUSTERS",
                "DESCRIPTION",
            ],
            &rows,
        );
    }

    if sections == 0 {
        let _ = writeln!(
            out,
            "no cache clusters, replication groups, DB clusters or DB instances in {scope}"
        );
    }
    out.finish()
}
