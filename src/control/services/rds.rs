//! RDS and Aurora (AWS-SEMANTICS §12): DB instances in a subnet behind VPC security groups, and
//! Aurora DB clusters whose groups are every member's. As seed 002 says, changing the groups of a
//! member changes them for the whole cluster; a probe to the cluster goes to its writer, the
//! first member.

use super::{
    Mismatch, Place, addresses, group_names, here, identifier, name_free, new_eni, place_name,
    port, subnet_for, vpc_groups,
};
use crate::control::{Outcome, here_subnet, here_vpc};
use crate::lang::ast::{DbClusterSpec, DbInstanceSpec, Ref, ServiceKind, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::{SgId, VpcId};
use crate::world::service::{DbCluster, DbEngine, DbFamily, DbInstance, EniOwner, SvcKey};

/// The longest DB instance or DB cluster identifier.
const DB_ID_MAX: usize = 63;
/// The ports SQL Server cannot use (§12).
const SQLSERVER_RESERVED: &[i64] = &[1234, 1434, 3260, 3343, 3389, 47001];

fn engine(word: &Spanned<String>) -> Result<DbEngine, Diagnostic> {
    DbEngine::parse(&word.node).ok_or_else(|| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid DB engine: {}", word.node),
        )
        .at(word.span)
        .label("not an RDS engine")
        .help(
            "DB instances: mysql, mariadb (3306), postgres (5432), sqlserver-ee|se|ex|web \
             (1433), oracle-ee|ee-cdb|se2|se2-cdb (1521), db2-ae|se (50000); DB clusters: \
             aurora-mysql, mysql (3306), aurora-postgresql, postgres (5432)",
        )
    })
}

/// An RDS port: 1150-65535, and for SQL Server not one of its reserved ports.
fn db_port(given: Option<&Spanned<i64>>, engine: DbEngine) -> Result<u16, Diagnostic> {
    port(given, engine.default_port(), |p| {
        if !(1150..=65535).contains(&p) {
            return Err("RDS ports are 1150-65535".to_string());
        }
        let reserved = SQLSERVER_RESERVED.contains(&p) || (49152..=49156).contains(&p);
        if engine.family() == DbFamily::Sqlserver && reserved {
            return Err(
                "SQL Server cannot use 1234, 1434, 3260, 3343, 3389, 47001 or 49152-49156"
                    .to_string(),
            );
        }
        Ok(())
    })
}

fn db_instance_name(world: &World, name: &Spanned<String>) -> Result<String, Diagnostic> {
    let id = identifier(name, "DBInstanceIdentifier", DB_ID_MAX)?;
    let exists = (
        "DBInstanceAlreadyExists",
        "DB instance already exists".to_string(),
    );
    name_free(world, &id, ServiceKind::DbInstance, name.span, exists)?;
    Ok(id)
}

pub fn create_instance(world: &mut World, spec: &DbInstanceSpec) -> Result<Outcome, Diagnostic> {
    let name = db_instance_name(world, &spec.name)?;
    let engine = engine(&spec.engine)?;
    if engine.is_aurora() {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            format!(
                "{} DB instances belong to a DB cluster: DBClusterIdentifier is required",
                engine.as_str()
            ),
        )
        .at(spec.engine.span)
        .label("an Aurora engine")
        .help(format!(
            "create db-cluster C engine {} in VPC, then create db-instance {name} in cluster C \
             subnet VPC/SUBNET",
            engine.as_str()
        )));
    }
    let port = db_port(spec.port.as_ref(), engine)?;
    let subnet = subnet_for(world, spec.subnet.as_ref(), spec.name.span)?;
    let at = spec.subnet.as_ref().map_or(spec.name.span, |r| r.span);
    let groups = vpc_groups(world, &subnet.vpc, &spec.groups, at, Mismatch::Rds)?;
    let addr = addresses(world, subnet, 1, at)?
        .first()
        .copied()
        .ok_or_else(|| Diagnostic::new("InsufficientFreeAddressesInSubnet", "no free address"))?;
    let place = Place {
        subnet: Some(subnet.id.clone()),
        vpc: Some(subnet.vpc.clone()),
    };

    let seq = world.next_seq();
    let owner = EniOwner::DbInstance { name: name.clone() };
    let eni = new_eni(world, name.clone(), &place, addr, groups.clone(), owner);
    let db = DbInstance {
        name: name.clone(),
        scope: world.scope.clone(),
        engine,
        port,
        cluster: None,
        eni: eni.id.clone(),
        seq,
    };
    world.add_db_instance(db, eni);
    Ok(Outcome::ok(format!(
        "ok: created DB instance {name} ({}, port {port}) in {}: {addr}; groups {}",
        engine.as_str(),
        place_name(world, &place),
        group_names(world, &groups)
    )))
}

fn here_cluster<'w>(world: &'w World, r: &Ref) -> Result<&'w DbCluster, Diagnostic> {
    let c = world.resolve_db_cluster(r)?;
    here(world, &c.scope, ServiceKind::DbCluster, r)?;
    Ok(c)
}

fn here_instance<'w>(world: &'w World, r: &Ref) -> Result<&'w DbInstance, Diagnostic> {
    let d = world.resolve_db_instance(r)?;
    here(world, &d.scope, ServiceKind::DbInstance, r)?;
    Ok(d)
}

/// `create db-instance NAME in cluster C subnet SUBNET`: an Aurora member with the cluster's
/// engine, port and groups.
pub fn create_member(
    world: &mut World,
    name: &Spanned<String>,
    cluster: &Ref,
    subnet: &Ref,
) -> Result<Outcome, Diagnostic> {
    let db_name = db_instance_name(world, name)?;
    let c = here_cluster(world, cluster)?;
    let s = here_subnet(world, subnet)?;
    if s.vpc != c.vpc {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            format!(
                "The subnet {} is not in the DB cluster's VPC {}",
                s.id, c.vpc
            ),
        )
        .at(subnet.span)
        .label(format!("in vpc {}", world.vpc_name(&s.vpc)))
        .help(format!(
            "choose a subnet of vpc {}, the DB cluster's",
            world.vpc_name(&c.vpc)
        )));
    }
    let addr = addresses(world, s, 1, subnet.span)?
        .first()
        .copied()
        .ok_or_else(|| Diagnostic::new("InsufficientFreeAddressesInSubnet", "no free address"))?;
    let key = SvcKey::new(&c.scope, &c.name);
    let (engine, port, groups, cname) = (c.engine, c.port, c.groups.clone(), c.name.clone());
    let writer = c.members.is_empty();
    let place = Place {
        subnet: Some(s.id.clone()),
        vpc: Some(s.vpc.clone()),
    };

    let seq = world.next_seq();
    let owner = EniOwner::DbInstance {
        name: db_name.clone(),
    };
    let eni = new_eni(world, db_name.clone(), &place, addr, groups.clone(), owner);
    let db = DbInstance {
        name: db_name.clone(),
        scope: world.scope.clone(),
        engine,
        port,
        cluster: Some(cname.clone()),
        eni: eni.id.clone(),
        seq,
    };
    world.add_db_instance(db, eni);
    if let Some(c) = world.services_mut().db_clusters.get_mut(&key) {
        c.members.push(db_name.clone());
    }
    Ok(Outcome::ok(format!(
        "ok: created DB instance {db_name} in DB cluster {cname} ({}, {}) in {}: {addr}; groups {}",
        engine.as_str(),
        if writer { "the writer" } else { "a reader" },
        place_name(world, &place),
        group_names(world, &groups)
    )))
}

pub fn create_cluster(world: &mut World, spec: &DbClusterSpec) -> Result<Outcome, Diagnostic> {
    let name = identifier(&spec.name, "DBClusterIdentifier", DB_ID_MAX)?;
    let exists = (
        "DBClusterAlreadyExistsFault",
        "DB Cluster already exists".to_string(),
    );
    name_free(world, &name, ServiceKind::DbCluster, spec.name.span, exists)?;
    let engine = engine(&spec.engine)?;
    if !engine.runs_clusters() {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "Invalid value '{}' for parameter Engine: a DB cluster is aurora-mysql, \
                 aurora-postgresql, mysql or postgres",
                spec.engine.node
            ),
        )
        .at(spec.engine.span)
        .label("not a DB cluster engine")
        .help(format!(
            "for a single {} database, create db-instance NAME engine {}",
            engine.as_str(),
            engine.as_str()
        )));
    }
    let port = db_port(spec.port.as_ref(), engine)?;
    let vpc: VpcId = match &spec.vpc {
        Some(r) => {
            let v = here_vpc(world, r)?;
            v.id.clone()
        }
        None => world.default_vpc().map(|v| v.id.clone()).ok_or_else(|| {
            Diagnostic::new(
                "VPCIdNotSpecified",
                "No default VPC for this user: name one with `in VPC`.",
            )
            .at(spec.name.span)
        })?,
    };
    let at = spec.vpc.as_ref().map_or(spec.name.span, |r| r.span);
    let groups = vpc_groups(world, &vpc, &spec.groups, at, Mismatch::Rds)?;

    let seq = world.next_seq();
    let scope = world.scope.clone();
    world.services_mut().db_clusters.insert(
        SvcKey::new(&scope, &name),
        DbCluster {
            name: name.clone(),
            scope,
            engine,
            port,
            vpc: vpc.clone(),
            groups: groups.clone(),
            members: Vec::new(),
            seq,
        },
    );
    Ok(Outcome::ok(format!(
        "ok: created DB cluster {name} ({}, port {port}) in vpc {}: no DB instance yet; groups {}",
        engine.as_str(),
        world.vpc_name(&vpc),
        group_names(world, &groups)
    )))
}

/// Sets a DB cluster's groups and every member's.
fn set_cluster_groups(world: &mut World, key: &SvcKey, groups: Vec<SgId>) -> usize {
    let members = match world.services_mut().db_clusters.get_mut(key) {
        Some(c) => {
            c.groups = groups.clone();
            c.members.clone()
        }
        None => return 0,
    };
    for m in &members {
        let eni = world
            .services
            .db_instances
            .get(&SvcKey::new(&key.scope, m))
            .map(|d| d.eni.clone());
        if let Some(eni) = eni {
            world.set_eni_groups(&eni, groups.clone());
        }
    }
    members.len()
}

fn modify_cluster_groups(
    world: &mut World,
    cluster: &DbCluster,
    groups: &[Ref],
    at: &Ref,
    via: Option<&str>,
) -> Result<Outcome, Diagnostic> {
    let gids = vpc_groups(world, &cluster.vpc, groups, at.span, Mismatch::Rds)?;
    let key = SvcKey::new(&cluster.scope, &cluster.name);
    let name = cluster.name.clone();
    let n = set_cluster_groups(world, &key, gids.clone());
    let through = via.map_or_else(String::new, |m| format!(" (through its member {m})"));
    Ok(Outcome::ok(format!(
        "ok: DB cluster {name}{through} and its {n} DB {} now have groups {}",
        if n == 1 { "instance" } else { "instances" },
        group_names(world, &gids)
    )))
}

pub fn modify_cluster(world: &mut World, r: &Ref, groups: &[Ref]) -> Result<Outcome, Diagnostic> {
    let c = here_cluster(world, r)?.clone();
    modify_cluster_groups(world, &c, groups, r, None)
}

pub fn modify_instance(world: &mut World, r: &Ref, groups: &[Ref]) -> Result<Outcome, Diagnostic> {
    let db = here_instance(world, r)?;
    if let Some(cname) = &db.cluster {
        let key = SvcKey::new(&db.scope, cname);
        let Some(c) = world.services.db_clusters.get(&key).cloned() else {
            return Err(crate::world::service::lookup::not_found(
                ServiceKind::DbCluster,
                cname,
            ));
        };
        let member = db.name.clone();
        return modify_cluster_groups(world, &c, groups, r, Some(&member));
    }
    let Some(eni) = world.enis.get(&db.eni) else {
        return Err(
            crate::world::service::lookup::not_found(ServiceKind::DbInstance, &db.name).at(r.span),
        );
    };
    let Some(vpc) = eni.vpc.clone() else {
        return Err(
            crate::world::service::lookup::not_found(ServiceKind::DbInstance, &db.name).at(r.span),
        );
    };
    let gids = vpc_groups(world, &vpc, groups, r.span, Mismatch::Rds)?;
    let (id, name) = (eni.id.clone(), db.name.clone());
    world.set_eni_groups(&id, gids.clone());
    Ok(Outcome::ok(format!(
        "ok: DB instance {name} now has groups {}",
        group_names(world, &gids)
    )))
}

pub fn delete_instance(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let db = here_instance(world, r)?;
    let key = SvcKey::new(&db.scope, &db.name);
    let (name, cluster) = (db.name.clone(), db.cluster.clone());
    world.remove_db_instance(&key);
    let mut note = String::new();
    if let Some(cname) = cluster
        && let Some(c) = world
            .services_mut()
            .db_clusters
            .get_mut(&SvcKey::new(&key.scope, &cname))
    {
        let was_writer = c.writer() == Some(name.as_str());
        c.members.retain(|m| m != &name);
        note = match (was_writer, c.writer()) {
            (true, Some(w)) => format!("; {w} is DB cluster {cname}'s writer now"),
            (true, None) => format!("; DB cluster {cname} has no DB instance left"),
            _ => String::new(),
        };
    }
    Ok(Outcome::ok(format!("ok: deleted DB instance {name}{note}")))
}

pub fn delete_cluster(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let c = here_cluster(world, r)?;
    if let Some(first) = c.members.first() {
        return Err(Diagnostic::new(
            "InvalidDBClusterStateFault",
            "Cluster cannot be deleted, it still contains DB instances in non-deleting state.",
        )
        .at(r.span)
        .label(format!("{} DB instances, {first} first", c.members.len()))
        .help(format!("delete db-instance {first} (and the others) first")));
    }
    let key = SvcKey::new(&c.scope, &c.name);
    let name = c.name.clone();
    world.services_mut().db_clusters.remove(&key);
    Ok(Outcome::ok(format!("ok: deleted DB cluster {name}")))
}
