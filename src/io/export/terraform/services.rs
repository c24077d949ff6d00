//! ElastiCache and RDS in a VPC: a subnet group each, then cache clusters, replication groups,
//! Aurora clusters with their instances, and DB instances. An object whose interface came from
//! AWS is imported by its identifier.

use super::Config;
use super::hcl::{Block, list, string};
use crate::io::export::Kind;
use crate::world::service::CacheNet;

const CACHE_NODE: &str = "cache.t3.micro";
const DB_CLASS: &str = "db.t3.micro";
const AURORA_CLASS: &str = "db.r6g.large";

fn refs(c: &mut Config<'_>, groups: &[crate::vocab::SgId], what: &str) -> String {
    let mut out = Vec::new();
    for g in groups {
        match c.addr(g.as_str()) {
            Some(a) => out.push(format!("{a}.id")),
            None => c.tally.leave_out(
                format!("group {g} of {what}"),
                "the configuration does not declare that group",
            ),
        }
    }
    list(&out)
}

/// A subnet group holding `subnet` (and for RDS, which needs two zones, its VPC's others).
fn subnet_group(c: &mut Config<'_>, rds: bool, name: &str, subnet: &str) -> Option<String> {
    let w = c.w;
    let sub = w.subnets.values().find(|s| s.id.as_str() == subnet)?;
    let mut ids = vec![format!("{}.id", c.addr(subnet)?)];
    if rds {
        for other in w.subnets_of(&sub.vpc) {
            if let Some(a) = c.addr(other.id.as_str()).filter(|_| other.id != sub.id) {
                ids.push(format!("{a}.id"));
            }
        }
    }
    let mut b = Block::new();
    b.str("name", &format!("sgs-{name}"));
    b.raw("subnet_ids", &list(&ids));
    let kind = if rds {
        "aws_db_subnet_group"
    } else {
        "aws_elasticache_subnet_group"
    };
    let addr = c.address(kind, name);
    c.resource("", &addr, b, None);
    Some(format!("{addr}.name"))
}

fn imported(c: &Config<'_>, eni: Option<&crate::vocab::EniId>, name: &str) -> Option<String> {
    eni.and_then(|e| c.imported(e.as_str()))
        .map(|_| name.to_string())
}

pub(super) fn write(c: &mut Config<'_>) {
    let w = c.w;
    let sv = w.services.clone();
    let mut clusters: Vec<_> = sv.cache_clusters.values().collect();
    clusters.sort_by_key(|x| (c.order(&x.scope), x.seq));
    for k in clusters {
        if k.replication_group.is_some() {
            continue;
        }
        c.enter(&k.scope);
        let CacheNet::Vpc { subnet, .. } = &k.net else {
            c.tally
                .leave_out(format!("cache cluster {}", k.name), "it is in EC2-Classic");
            continue;
        };
        let Some(sg) = subnet_group(c, false, &k.name, subnet.as_str()) else {
            continue;
        };
        let gs = refs(
            c,
            w.cache_cluster_groups(k),
            &format!("cache cluster {}", k.name),
        );
        let mut b = Block::new();
        b.str("cluster_id", &k.name);
        b.str("engine", k.engine.as_str());
        b.str("node_type", CACHE_NODE);
        b.num("num_cache_nodes", k.nodes.len());
        b.num("port", k.port);
        b.raw("subnet_group_name", &sg);
        b.raw("security_group_ids", &gs);
        b.name_tag(&k.name);
        let addr = c.address("aws_elasticache_cluster", &k.name);
        let import = imported(c, k.nodes.first(), &k.name);
        c.resource("", &addr, b, import);
        c.tally.count(Kind::CacheCluster);
    }
    let mut groups: Vec<_> = sv.replication_groups.values().collect();
    groups.sort_by_key(|r| (c.order(&r.scope), r.seq));
    for r in groups {
        c.enter(&r.scope);
        let Some(first) = r.primary().and_then(|m| {
            sv.cache_clusters
                .values()
                .find(|k| k.name == m && k.scope == r.scope)
        }) else {
            continue;
        };
        let CacheNet::Vpc { subnet, .. } = &first.net else {
            continue;
        };
        let Some(sg) = subnet_group(c, false, &r.name, subnet.as_str()) else {
            continue;
        };
        let gs = refs(
            c,
            w.cache_cluster_groups(first),
            &format!("replication group {}", r.name),
        );
        let mut b = Block::new();
        b.str("replication_group_id", &r.name);
        b.str("description", &r.name);
        b.str("engine", r.engine.as_str());
        b.str("node_type", CACHE_NODE);
        b.num("num_cache_clusters", r.members.len());
        b.num("port", r.port);
        b.raw("subnet_group_name", &sg);
        b.raw("security_group_ids", &gs);
        b.name_tag(&r.name);
        let addr = c.address("aws_elasticache_replication_group", &r.name);
        let import = imported(c, first.nodes.first(), &r.name);
        c.resource("", &addr, b, import);
        c.tally.count(Kind::ReplicationGroup);
    }
    let mut dbc: Vec<_> = sv.db_clusters.values().collect();
    dbc.sort_by_key(|x| (c.order(&x.scope), x.seq));
    for k in dbc {
        c.enter(&k.scope);
        let members: Vec<_> = k
            .members
            .iter()
            .filter_map(|m| {
                sv.db_instances
                    .values()
                    .find(|d| &d.name == m && d.scope == k.scope)
            })
            .collect();
        let Some(subnet) = members
            .first()
            .and_then(|d| w.enis.get(&d.eni))
            .and_then(|e| e.subnet.clone())
        else {
            continue;
        };
        let Some(sg) = subnet_group(c, true, &k.name, subnet.as_str()) else {
            continue;
        };
        let gs = refs(c, &k.groups, &format!("DB cluster {}", k.name));
        let mut b = Block::new();
        b.str("cluster_identifier", &k.name);
        b.str("engine", k.engine.as_str());
        b.num("port", k.port);
        b.str("master_username", "sgsadmin");
        b.raw("manage_master_user_password", "true");
        b.raw("db_subnet_group_name", &sg);
        b.raw("vpc_security_group_ids", &gs);
        b.raw("skip_final_snapshot", "true");
        b.name_tag(&k.name);
        let addr = c.address("aws_rds_cluster", &k.name);
        let import = imported(c, members.first().map(|d| &d.eni), &k.name);
        c.resource("", &addr, b, import);
        c.tally.count(Kind::DbCluster);
        for d in members {
            let mut i = Block::new();
            i.str("identifier", &d.name);
            i.raw("cluster_identifier", &format!("{addr}.id"));
            i.raw("engine", &format!("{addr}.engine"));
            i.str("instance_class", AURORA_CLASS);
            i.name_tag(&d.name);
            let iaddr = c.address("aws_rds_cluster_instance", &d.name);
            let import = imported(c, Some(&d.eni), &d.name);
            c.resource("", &iaddr, i, import);
            c.tally.count(Kind::DbInstance);
        }
    }
    let mut dbs: Vec<_> = sv
        .db_instances
        .values()
        .filter(|d| d.cluster.is_none())
        .collect();
    dbs.sort_by_key(|d| (c.order(&d.scope), d.seq));
    for d in dbs {
        c.enter(&d.scope);
        let Some(eni) = w.enis.get(&d.eni) else {
            continue;
        };
        let Some(subnet) = eni.subnet.clone() else {
            continue;
        };
        let Some(sg) = subnet_group(c, true, &d.name, subnet.as_str()) else {
            continue;
        };
        let az = w
            .subnets
            .get(&subnet)
            .map(|s| s.az.clone())
            .unwrap_or_default();
        let gs = refs(c, &eni.groups, &format!("DB instance {}", d.name));
        let mut b = Block::new();
        b.str("identifier", &d.name);
        b.str("engine", d.engine.as_str());
        b.str("instance_class", DB_CLASS);
        b.num("allocated_storage", 20);
        b.str("username", "sgsadmin");
        b.raw("manage_master_user_password", "true");
        b.num("port", d.port);
        b.raw("db_subnet_group_name", &sg);
        b.raw("vpc_security_group_ids", &gs);
        b.raw("availability_zone", &string(&az));
        b.raw("publicly_accessible", "false");
        b.raw("skip_final_snapshot", "true");
        b.name_tag(&d.name);
        let addr = c.address("aws_db_instance", &d.name);
        let import = imported(c, Some(&d.eni), &d.name);
        c.resource("", &addr, b, import);
        c.tally.count(Kind::DbInstance);
    }
}
