//! ElastiCache and RDS. Nothing in AWS's output links a service's interface to its cache node or
//! DB instance (formats.md §4), so each node and instance takes an interface of the service
//! (`RequesterId` `amazon-elasticache` / `amazon-rds`, or their descriptions) in its VPC with its
//! groups: for a cache cluster the one described `ElastiCache <id>` first, in the node's zone
//! first. A DB instance whose interface the data lacks gets a free address of a subnet of its
//! subnet group, as `create db-instance` gives one. EC2-Classic clusters and cache security groups
//! are skipped.

use super::instances::{EniRecord, Pool, build_eni};
use super::{Ctx, Kind};
use crate::lang::error::Diagnostic;
use crate::vocab::{EniId, SgId, SubnetId, VpcId};
use crate::world::instance::Eni;
use crate::world::service::{
    CacheCluster, CacheEngine, CacheNet, DbCluster, DbEngine, DbInstance, EniOwner,
    ReplicationGroup, SvcKey,
};
use std::collections::{HashMap, HashSet};

pub fn services(ctx: &mut Ctx, mut pool: Pool) -> Result<(), Diagnostic> {
    caches(ctx, &mut pool)?;
    databases(ctx, &mut pool)?;
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
fn known_groups(
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

fn same_groups(rec: &EniRecord, groups: &[SgId]) -> bool {
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
fn take(
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

/// A DB cluster read: its members (writer first), groups and VPC.
struct ClusterPlan {
    doc: usize,
    at: String,
    name: String,
    engine: DbEngine,
    port: u16,
    groups: Vec<SgId>,
    vpc: Option<VpcId>,
}

fn engine(ctx: &Ctx, di: usize, at: &str, text: &str) -> Result<DbEngine, Diagnostic> {
    DbEngine::parse(text).ok_or_else(|| {
        ctx.error(
            di,
            &format!("{at}.Engine"),
            &format!("unknown engine '{text}'"),
        )
    })
}

fn databases(ctx: &mut Ctx, pool: &mut Pool) -> Result<(), Diagnostic> {
    let mut plans: Vec<ClusterPlan> = Vec::new();
    let mut member_of: HashMap<String, String> = HashMap::new();
    for di in 0..ctx.docs.len() {
        let list = ctx.docs[di].d.db_clusters.clone().unwrap_or_default();
        for (i, c) in list.iter().enumerate() {
            let at = format!("DBClusters[{i}]");
            let engine = engine(ctx, di, &at, &c.engine)?;
            let paths: Vec<(String, String)> = c
                .groups
                .iter()
                .enumerate()
                .map(|(g, m)| {
                    (
                        format!("{at}.VpcSecurityGroups[{g}].VpcSecurityGroupId"),
                        m.id.clone(),
                    )
                })
                .collect();
            let groups = known_groups(ctx, di, &paths)?;
            let vpc = groups
                .first()
                .and_then(|g| ctx.world.groups.get(g))
                .and_then(|g| g.vpc.clone());
            let name = c.id.to_lowercase();
            let mut members: Vec<&super::shapes_svc::DbClusterMember> = c.members.iter().collect();
            members.sort_by_key(|m| !m.writer);
            for m in members {
                member_of.insert(m.id.to_lowercase(), name.clone());
            }
            let port = c.port.unwrap_or_else(|| engine.default_port());
            plans.push(ClusterPlan {
                doc: di,
                at,
                name,
                engine,
                port,
                groups,
                vpc,
            });
        }
    }
    // Members in the clusters' order, writer first.
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    for di in 0..ctx.docs.len() {
        let list = ctx.docs[di].d.db_instances.clone().unwrap_or_default();
        for (i, d) in list.iter().enumerate() {
            let at = format!("DBInstances[{i}]");
            let engine = engine(ctx, di, &at, &d.engine)?;
            let name = d.id.to_lowercase();
            if d.endpoint.is_none() {
                ctx.skip(
                    di,
                    at,
                    d.id.clone(),
                    format!("it has no endpoint yet (status {})", d.status),
                );
                continue;
            }
            let paths: Vec<(String, String)> = d
                .groups
                .iter()
                .enumerate()
                .map(|(g, m)| {
                    (
                        format!("{at}.VpcSecurityGroups[{g}].VpcSecurityGroupId"),
                        m.id.clone(),
                    )
                })
                .collect();
            let groups = known_groups(ctx, di, &paths)?;
            let vpc = d
                .subnet_group
                .as_ref()
                .and_then(|s| s.vpc.clone())
                .map(VpcId)
                .or_else(|| {
                    groups
                        .first()
                        .and_then(|g| ctx.world.groups.get(g))
                        .and_then(|g| g.vpc.clone())
                });
            let Some(vpc) = vpc.filter(|v| ctx.world.vpcs.contains_key(v)) else {
                ctx.skip(di, at, d.id.clone(), "its VPC is not in the data");
                continue;
            };
            let subnets: Vec<String> = d
                .subnet_group
                .iter()
                .flat_map(|s| &s.subnets)
                .map(|s| s.id.clone())
                .collect();
            let fits = |r: &EniRecord| {
                r.raw.vpc.as_deref().is_none_or(|v| v == vpc.as_str())
                    && (r.raw.requester.as_deref() == Some("amazon-rds")
                        || r.raw.description == "RDSNetworkInterface")
                    && same_groups(r, &groups)
                    && (subnets.is_empty()
                        || r.raw.subnet.as_ref().is_some_and(|s| subnets.contains(s)))
            };
            let eni = match take(ctx, pool, fits, |_| false, d.az.as_deref()) {
                Some(rec) => match build_eni(ctx, &rec, name.clone())? {
                    Some(eni) => eni,
                    None => continue,
                },
                None => {
                    match minted_eni(ctx, &name, &vpc, &subnets, d.az.as_deref(), &groups) {
                        Some(eni) => {
                            let why = format!(
                                "not in describe-network-interfaces: sgs gave it {} in {}",
                                eni.private_ip,
                                eni.subnet.as_ref().map(|s| s.as_str()).unwrap_or("")
                            );
                            ctx.skip(di, at.clone(), format!("the interface of {}", d.id), why);
                            eni
                        }
                        None => {
                            ctx.skip(di, at, d.id.clone(), "its interface is not in the data and its subnets have no free address");
                            continue;
                        }
                    }
                }
            };
            let cluster = member_of
                .get(&name)
                .cloned()
                .or_else(|| d.cluster.as_ref().map(|c| c.to_lowercase()))
                .filter(|c| plans.iter().any(|p| p.name == *c));
            let cluster_port = cluster
                .as_ref()
                .and_then(|c| plans.iter().find(|p| p.name == *c))
                .map(|p| p.port);
            let port = d
                .endpoint
                .as_ref()
                .and_then(|e| e.port)
                .or(d.port)
                .or(cluster_port)
                .unwrap_or_else(|| engine.default_port());
            let mut eni = eni;
            eni.owner = Some(EniOwner::DbInstance { name: name.clone() });
            eni.seq = ctx.world.next_seq();
            let scope = eni.scope.clone();
            let seq = ctx.world.next_seq();
            if let Some(c) = &cluster {
                members.entry(c.clone()).or_default().push(name.clone());
            }
            let db = DbInstance {
                name,
                scope,
                engine,
                port,
                cluster,
                eni: eni.id.clone(),
                seq,
            };
            ctx.world.add_db_instance(db, eni);
            ctx.count(Kind::Eni);
            ctx.count(Kind::DbInstance);
        }
    }
    for p in plans {
        let mine = members.remove(&p.name).unwrap_or_default();
        let vpc = p.vpc.or_else(|| {
            mine.first().and_then(|m| {
                ctx.world
                    .services
                    .db_instances
                    .values()
                    .find(|d| d.name == *m)
                    .and_then(|d| ctx.world.enis.get(&d.eni))
                    .and_then(|e| e.vpc.clone())
            })
        });
        let Some(vpc) = vpc else {
            ctx.skip(p.doc, p.at, p.name, "its VPC is not in the data");
            continue;
        };
        // The writer first, as the cluster lists its members.
        let mut ordered = mine;
        ordered.sort_by_key(|m| {
            ctx.docs[p.doc]
                .d
                .db_clusters
                .iter()
                .flatten()
                .flat_map(|c| &c.members)
                .position(|x| x.id.to_lowercase() == *m && x.writer)
                .is_none()
        });
        let scope = ctx
            .world
            .vpcs
            .get(&vpc)
            .map(|v| v.scope.clone())
            .unwrap_or_else(|| ctx.world.scope.clone());
        let seq = ctx.world.next_seq();
        let key = SvcKey::new(&scope, &p.name);
        let cluster = DbCluster {
            name: p.name,
            scope,
            engine: p.engine,
            port: p.port,
            vpc,
            groups: p.groups,
            members: ordered,
            seq,
        };
        ctx.world.services_mut().db_clusters.insert(key, cluster);
        ctx.count(Kind::DbCluster);
    }
    Ok(())
}

/// An interface for a DB instance the data has none for: a free address of a subnet of its
/// subnet group (in its zone first), as `create db-instance` gives one.
fn minted_eni(
    ctx: &mut Ctx,
    name: &str,
    vpc: &VpcId,
    subnets: &[String],
    az: Option<&str>,
    groups: &[SgId],
) -> Option<Eni> {
    let mut candidates: Vec<&crate::world::network::Subnet> = subnets
        .iter()
        .filter_map(|s| ctx.world.subnets.get(&SubnetId(s.clone())))
        .filter(|s| &s.vpc == vpc)
        .collect();
    candidates.sort_by_key(|s| Some(s.az.as_str()) != az);
    let (subnet, addr) = candidates.iter().find_map(|s| {
        ctx.world
            .free_addresses(&s.id, 1)
            .first()
            .map(|a| (s.id.clone(), *a))
    })?;
    let scope = ctx.world.subnets.get(&subnet)?.scope.clone();
    let id = EniId(ctx.world.mint(EniId::PREFIX));
    Some(Eni {
        id,
        name: name.to_string(),
        scope,
        instance: None,
        subnet: Some(subnet),
        vpc: Some(vpc.clone()),
        private_ip: addr,
        ipv6: None,
        public_ip: None,
        elastic_ip: None,
        groups: groups.to_vec(),
        device_index: 0,
        seq: 0,
        owner: None,
    })
}
