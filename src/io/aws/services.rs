//! ElastiCache and RDS (RDS in `rds.rs`). Nothing in AWS's output links a service's interface to its cache node or
//! DB instance (formats.md §4), so each node and instance takes an interface of the service
//! (`RequesterId` `amazon-elasticache` / `amazon-rds`, or their descriptions) in its VPC with its
//! groups: for a cache cluster the one described `ElastiCache <id>` first, in the node's zone
//! first. A DB instance whose interface the data lacks gets a free address of a subnet of its
//! subnet group, as `create db-instance` gives one. EC2-Classic clusters and cache security groups
//! are skipped.

use super::instances::{EniRecord, Pool, build_eni};
use super::{Ctx, Kind};
use crate::lang::error::Diagnostic;
use crate::vocab::{SgId, SubnetId};
use crate::world::instance::Eni;
use crate::world::service::{
    CacheCluster, CacheEngine, CacheNet, EniOwner, ReplicationGroup, SvcKey,
};
use std::collections::{HashMap, HashSet};

pub fn services(ctx: &mut Ctx, mut pool: Pool) -> Result<(), Diagnostic> {
    caches(ctx, &mut pool)?;
    super::rds::databases(ctx, &mut pool)?;
    for rec in pool {
        let e = &rec.raw;
        let why = format!(
            "an interface of {} (\"{}\") that no imported cache node or DB instance takes",
            e.requester.as_deref().unwrap_or("a service"),
            e.description
        );
        ctx.skip(rec.doc, rec.at.clone(), e.id.clone(), why);
    }
    Ok(())
}

/// The groups of a service object, each known: `(path, id)` pairs in, ids out.
pub(super) fn known_groups(
    ctx: &Ctx,
    di: usize,
    groups: &[(String, String)],
) -> Result<Vec<SgId>, Diagnostic> {
    let mut out = Vec::new();
    for (path, id) in groups {
        let sg = SgId(id.clone());
        if !ctx.world.groups.contains_key(&sg) {
            return Err(ctx.error(
                di,
                path,
                &format!("{id} is in no describe-security-groups output"),
            ));
        }
        if !out.contains(&sg) {
            out.push(sg);
        }
    }
    Ok(out)
}

pub(super) fn same_groups(rec: &EniRecord, groups: &[SgId]) -> bool {
    let mine: HashSet<&str> = rec.raw.groups.iter().map(|g| g.id.as_str()).collect();
    let theirs: HashSet<&str> = groups.iter().map(|g| g.as_str()).collect();
    mine == theirs
}

fn subnet_az(ctx: &Ctx, rec: &EniRecord) -> Option<String> {
    let s = rec.raw.subnet.as_ref()?;
    ctx.world
        .subnets
        .get(&SubnetId(s.clone()))
        .map(|s| s.az.clone())
}

/// Takes the best interface of `pool` for which `fits` holds: `preferred` first, then one in
/// `az`.
pub(super) fn take(
    ctx: &Ctx,
    pool: &mut Pool,
    fits: impl Fn(&EniRecord) -> bool,
    preferred: impl Fn(&EniRecord) -> bool,
    az: Option<&str>,
) -> Option<EniRecord> {
    let score = |r: &EniRecord| {
        let in_az = az.is_some() && subnet_az(ctx, r).as_deref() == az;
        (preferred(r), in_az)
    };
    let best = pool
        .iter()
        .enumerate()
        .filter(|(_, r)| fits(r))
        .max_by_key(|(n, r)| (score(r), std::cmp::Reverse(*n)))
        .map(|(n, _)| n)?;
    Some(pool.remove(best))
}

fn caches(ctx: &mut Ctx, pool: &mut Pool) -> Result<(), Diagnostic> {
    let rg_ids: HashSet<String> = ctx
        .docs
        .iter()
        .flat_map(|d| d.d.replication_groups.iter().flatten())
        .map(|g| g.id.to_lowercase())
        .collect();
    let mut imported: HashMap<String, (CacheEngine, u16)> = HashMap::new();
    for di in 0..ctx.docs.len() {
        let list = ctx.docs[di].d.cache_clusters.clone().unwrap_or_default();
        for (i, c) in list.iter().enumerate() {
            let at = format!("CacheClusters[{i}]");
            let engine = match c.engine.to_ascii_lowercase().as_str() {
                "redis" | "valkey" => CacheEngine::Redis,
                "memcached" => CacheEngine::Memcached,
                other => {
                    return Err(ctx.error(
                        di,
                        &format!("{at}.Engine"),
                        &format!("unknown engine '{other}' (redis, valkey or memcached)"),
                    ));
                }
            };
            let name = c.id.to_lowercase();
            if c.groups.is_empty() {
                let why = if c.cache_groups.is_empty() {
                    "it has no VPC security group"
                } else {
                    "an EC2-Classic cluster (cache security groups): import reads VPC clusters"
                };
                ctx.skip(di, at, c.id.clone(), why);
                continue;
            }
            if imported.contains_key(&name) {
                ctx.skip(di, at, c.id.clone(), "read already from another file");
                continue;
            }
            let paths: Vec<(String, String)> = c
                .groups
                .iter()
                .enumerate()
                .map(|(g, m)| {
                    (
                        format!("{at}.SecurityGroups[{g}].SecurityGroupId"),
                        m.id.clone(),
                    )
                })
                .collect();
            let groups = known_groups(ctx, di, &paths)?;
            let Some(vpc) = groups
                .first()
                .and_then(|g| ctx.world.groups.get(g))
                .and_then(|g| g.vpc.clone())
            else {
                ctx.skip(di, at, c.id.clone(), "its groups are in no VPC");
                continue;
            };
            let count = if c.nodes.is_empty() {
                c.num_nodes.unwrap_or(1).max(1) as usize
            } else {
                c.nodes.len()
            };
            let described = format!("elasticache {}", c.id.to_lowercase());
            let mut enis: Vec<Eni> = Vec::new();
            for k in 0..count {
                let az = c.nodes.get(k).and_then(|n| n.az.clone());
                let fits = |r: &EniRecord| {
                    r.raw.vpc.as_deref().is_none_or(|v| v == vpc.as_str())
                        && (r.raw.description.to_lowercase() == described
                            || (r.raw.requester.as_deref() == Some("amazon-elasticache")
                                && same_groups(r, &groups)))
                };
                let preferred = |r: &EniRecord| r.raw.description.to_lowercase() == described;
                let Some(rec) = take(ctx, pool, fits, preferred, az.as_deref()) else {
                    continue;
                };
                let node = (enis.len() + 1) as u32;
                if let Some(mut eni) = build_eni(ctx, &rec, format!("{name}#{node}"))? {
                    eni.owner = Some(EniOwner::CacheNode {
                        cluster: name.clone(),
                        node,
                    });
                    enis.push(eni);
                }
            }
            if enis.is_empty() {
                ctx.skip(
                    di,
                    at,
                    c.id.clone(),
                    "no interface of its nodes is in describe-network-interfaces",
                );
                continue;
            }
            if enis.len() < count {
                let what = format!("{} of {count} nodes of {}", count - enis.len(), c.id);
                ctx.skip(
                    di,
                    format!("{at}.CacheNodes"),
                    what,
                    "no interface of theirs is in describe-network-interfaces",
                );
            }
            let port = c
                .nodes
                .iter()
                .find_map(|n| n.endpoint.as_ref().and_then(|e| e.port))
                .or_else(|| c.configuration_endpoint.as_ref().and_then(|e| e.port))
                .unwrap_or_else(|| engine.default_port());
            let subnet = enis[0].subnet.clone().unwrap_or_default();
            let replication_group = c
                .replication_group
                .as_ref()
                .map(|r| r.to_lowercase())
                .filter(|r| rg_ids.contains(r));
            let mut nodes = Vec::new();
            for eni in &mut enis {
                eni.seq = ctx.world.next_seq();
                nodes.push(eni.id.clone());
                ctx.count(Kind::Eni);
            }
            let scope = enis[0].scope.clone();
            let seq = ctx.world.next_seq();
            let cluster = CacheCluster {
                name: name.clone(),
                scope,
                engine,
                port,
                net: CacheNet::Vpc { vpc, subnet },
                nodes,
                replication_group,
                seq,
            };
            ctx.world.add_cache_cluster(cluster, enis);
            ctx.count(Kind::CacheCluster);
            imported.insert(name, (engine, port));
        }
    }
    replication_groups(ctx, &imported);
    for di in 0..ctx.docs.len() {
        let names: Vec<String> = ctx.docs[di]
            .d
            .cache_groups
            .iter()
            .flatten()
            .map(|g| g.name.clone())
            .collect();
        for (i, name) in names.into_iter().enumerate() {
            if !name.eq_ignore_ascii_case("default") {
                ctx.skip(
                    di,
                    format!("CacheSecurityGroups[{i}]"),
                    name,
                    "an EC2-Classic cache security group: VPC clusters use VPC security groups",
                );
            }
        }
    }
    Ok(())
}

fn replication_groups(ctx: &mut Ctx, clusters: &HashMap<String, (CacheEngine, u16)>) {
    let mut kept: HashMap<SvcKey, Vec<String>> = HashMap::new();
    for di in 0..ctx.docs.len() {
        let list = ctx.docs[di]
            .d
            .replication_groups
            .clone()
            .unwrap_or_default();
        for (i, g) in list.iter().enumerate() {
            let at = format!("ReplicationGroups[{i}]");
            let name = g.id.to_lowercase();
            let primary: Option<String> = g
                .node_groups
                .iter()
                .flat_map(|n| &n.members)
                .find(|m| m.role.as_deref() == Some("primary"))
                .and_then(|m| m.cluster.as_ref().map(|c| c.to_lowercase()));
            let mut members: Vec<String> = g
                .members
                .iter()
                .map(|m| m.to_lowercase())
                .filter(|m| clusters.contains_key(m))
                .collect();
            if let Some(p) = primary
                && let Some(pos) = members.iter().position(|m| *m == p)
            {
                let p = members.remove(pos);
                members.insert(0, p);
            }
            let Some((engine, port)) = members.first().and_then(|m| clusters.get(m)).copied()
            else {
                ctx.skip(
                    di,
                    at,
                    g.id.clone(),
                    "none of its member clusters is imported",
                );
                continue;
            };
            let scope = ctx
                .world
                .services
                .cache_clusters
                .values()
                .find(|c| c.name == members[0])
                .map(|c| c.scope.clone())
                .unwrap_or_else(|| ctx.world.scope.clone());
            let key = SvcKey::new(&scope, &name);
            if kept.contains_key(&key) {
                continue;
            }
            kept.insert(key.clone(), members.clone());
            let seq = ctx.world.next_seq();
            ctx.world.services_mut().replication_groups.insert(
                key,
                ReplicationGroup {
                    name,
                    scope,
                    engine,
                    port,
                    members,
                    seq,
                },
            );
            ctx.count(Kind::ReplicationGroup);
        }
    }
    // A cluster names its group only if the group lists it.
    let services = ctx.world.services_mut();
    for c in services.cache_clusters.values_mut() {
        let listed = c.replication_group.as_ref().is_some_and(|r| {
            kept.get(&SvcKey::new(&c.scope, r))
                .is_some_and(|m| m.contains(&c.name))
        });
        if !listed {
            c.replication_group = None;
        }
    }
}
