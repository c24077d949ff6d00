//! RDS and Aurora: DB clusters and DB instances. Each DB instance takes an interface of RDS
//! (`RequesterId` `amazon-rds` or the description `RDSNetworkInterface`) in its VPC with its
//! groups and in its subnet group, in its zone first; one whose interface the data lacks gets a
//! free address of a subnet of its subnet group, as `create db-instance` gives one. A cluster's
//! members are listed writer first.

use super::instances::{EniRecord, Pool, build_eni};
use super::services::{known_groups, same_groups, take};
use super::{Ctx, Kind};
use crate::lang::error::Diagnostic;
use crate::vocab::{EniId, SgId, SubnetId, VpcId};
use crate::world::instance::Eni;
use crate::world::service::{DbCluster, DbEngine, DbInstance, EniOwner, SvcKey};
use std::collections::HashMap;

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

pub(super) fn databases(ctx: &mut Ctx, pool: &mut Pool) -> Result<(), Diagnostic> {
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
