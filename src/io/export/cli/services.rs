//! ElastiCache and RDS in a VPC: subnet groups, then cache clusters, replication groups, DB
//! clusters and DB instances with the world's engines, ports and groups.
//!
//! AWS chooses the addresses of their interfaces, and a DB subnet group must span two
//! availability zones, so the script puts each DB instance in its subnet's zone and lets AWS
//! pick the subnet there. Node and instance sizes are the smallest that run every engine. A
//! cluster in EC2-Classic cannot be built in any account today: it is left out.

use super::Script;
use super::shell::{Arg, bare, lit, text, var};
use crate::io::export::Kind;
use crate::world::World;
use crate::world::instance::Eni;
use crate::world::service::{CacheCluster, CacheNet, DbInstance};

const CACHE_NODE: &str = "cache.t3.micro";
const DB_CLASS: &str = "db.t3.micro";
const AURORA_CLASS: &str = "db.r6g.large";

fn words(w: &[&str]) -> Vec<Arg> {
    w.iter().map(|x| bare(*x)).collect()
}

fn name_tags(name: &str) -> Vec<Arg> {
    vec![
        bare("--tags"),
        lit(format!("Key=Name,Value={}", text(name))),
    ]
}

/// The security-group arguments of a service object: each group's variable.
fn group_args(
    s: &mut Script<'_>,
    flag: &str,
    groups: &[crate::vocab::SgId],
    what: &str,
) -> Vec<Arg> {
    let mut a = Vec::new();
    for g in groups {
        match s.var(g.as_str()) {
            Some(v) => a.push(var(v)),
            None => s.tally.leave_out(
                format!("group {g} of {what}"),
                "the script does not build that group",
            ),
        }
    }
    if !a.is_empty() {
        a.insert(0, bare(flag));
    }
    a
}

pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    let services = w.services.clone();
    let order = super::accounts::scopes(w);
    let mut started = false;
    let mut start = |s: &mut Script<'_>| {
        if !started {
            s.section("ElastiCache and RDS");
            started = true;
        }
    };
    let mut clusters: Vec<&CacheCluster> = services.cache_clusters.values().collect();
    clusters.sort_by_key(|c| (order.iter().position(|o| *o == c.scope), c.seq));
    for c in clusters {
        if c.replication_group.is_some() {
            continue;
        }
        let CacheNet::Vpc { subnet, .. } = &c.net else {
            s.tally.leave_out(
                format!("cache cluster {}", c.name),
                "it is in EC2-Classic, which AWS retired: no account can create it",
            );
            continue;
        };
        start(s);
        s.enter(&c.scope);
        let Some(sg) = subnet_group(s, "elasticache", &c.name, subnet.as_str(), w) else {
            continue;
        };
        let groups = w.cache_cluster_groups(c).to_vec();
        let mut a = words(&[
            "aws",
            "elasticache",
            "create-cache-cluster",
            "--cache-cluster-id",
        ]);
        a.push(lit(text(&c.name)));
        a.extend([
            bare("--engine"),
            bare(c.engine.as_str()),
            bare("--cache-node-type"),
            bare(CACHE_NODE),
        ]);
        a.extend([bare("--num-cache-nodes"), bare(c.nodes.len().to_string())]);
        a.extend([
            bare("--port"),
            bare(c.port.to_string()),
            bare("--cache-subnet-group-name"),
            lit(sg),
        ]);
        a.extend(group_args(
            s,
            "--security-group-ids",
            &groups,
            &format!("cache cluster {}", c.name),
        ));
        a.extend(name_tags(&c.name));
        s.run(a);
        s.tally.count(Kind::CacheCluster);
    }
    let mut groups: Vec<_> = services.replication_groups.values().collect();
    groups.sort_by_key(|r| (order.iter().position(|o| *o == r.scope), r.seq));
    for r in groups {
        let Some(first) = r.primary().and_then(|m| {
            services
                .cache_clusters
                .values()
                .find(|c| c.name == m && c.scope == r.scope)
        }) else {
            continue;
        };
        let CacheNet::Vpc { subnet, .. } = &first.net else {
            s.tally.leave_out(
                format!("replication group {}", r.name),
                "it is in EC2-Classic",
            );
            continue;
        };
        start(s);
        s.enter(&r.scope);
        let Some(sg) = subnet_group(s, "elasticache", &r.name, subnet.as_str(), w) else {
            continue;
        };
        let gs = w.cache_cluster_groups(first).to_vec();
        let mut a = words(&[
            "aws",
            "elasticache",
            "create-replication-group",
            "--replication-group-id",
        ]);
        a.push(lit(text(&r.name)));
        a.extend([bare("--replication-group-description"), lit(text(&r.name))]);
        a.extend([
            bare("--engine"),
            bare(r.engine.as_str()),
            bare("--cache-node-type"),
            bare(CACHE_NODE),
        ]);
        a.extend([
            bare("--num-cache-clusters"),
            bare(r.members.len().to_string()),
        ]);
        a.extend([
            bare("--port"),
            bare(r.port.to_string()),
            bare("--cache-subnet-group-name"),
            lit(sg),
        ]);
        a.extend(group_args(
            s,
            "--security-group-ids",
            &gs,
            &format!("replication group {}", r.name),
        ));
        a.extend(name_tags(&r.name));
        s.run(a);
        s.tally.count(Kind::ReplicationGroup);
        for _ in &r.members {
            s.tally.count(Kind::CacheCluster);
        }
    }
    let mut dbc: Vec<_> = services.db_clusters.values().collect();
    dbc.sort_by_key(|c| (order.iter().position(|o| *o == c.scope), c.seq));
    for c in dbc {
        let Some(writer) = c.writer().and_then(|m| {
            services
                .db_instances
                .values()
                .find(|d| d.name == m && d.scope == c.scope)
        }) else {
            continue;
        };
        let Some(subnet) = w.enis.get(&writer.eni).and_then(|e| e.subnet.clone()) else {
            continue;
        };
        start(s);
        s.enter(&c.scope);
        let Some(sg) = subnet_group(s, "rds", &c.name, subnet.as_str(), w) else {
            continue;
        };
        let mut a = words(&["aws", "rds", "create-db-cluster", "--db-cluster-identifier"]);
        a.push(lit(text(&c.name)));
        a.extend([
            bare("--engine"),
            bare(c.engine.as_str()),
            bare("--port"),
            bare(c.port.to_string()),
        ]);
        a.extend(words(&[
            "--master-username",
            "sgsadmin",
            "--manage-master-user-password",
        ]));
        a.extend([bare("--db-subnet-group-name"), lit(sg)]);
        a.extend(group_args(
            s,
            "--vpc-security-group-ids",
            &c.groups,
            &format!("DB cluster {}", c.name),
        ));
        a.extend(name_tags(&c.name));
        s.run(a);
        s.tally.count(Kind::DbCluster);
        for m in &c.members {
            if let Some(d) = services
                .db_instances
                .values()
                .find(|d| &d.name == m && d.scope == c.scope)
            {
                db_instance(s, d, Some(&c.name), None, w);
            }
        }
    }
    let mut dbs: Vec<&DbInstance> = services
        .db_instances
        .values()
        .filter(|d| d.cluster.is_none())
        .collect();
    dbs.sort_by_key(|d| (order.iter().position(|o| *o == d.scope), d.seq));
    for d in dbs {
        let Some(eni) = w.enis.get(&d.eni) else {
            continue;
        };
        let Some(subnet) = eni.subnet.clone() else {
            continue;
        };
        start(s);
        s.enter(&d.scope);
        let Some(sg) = subnet_group(s, "rds", &d.name, subnet.as_str(), w) else {
            continue;
        };
        db_instance(s, d, None, Some((sg, eni)), w);
    }
}

fn db_instance(
    s: &mut Script<'_>,
    d: &DbInstance,
    cluster: Option<&str>,
    alone: Option<(String, &Eni)>,
    w: &World,
) {
    let az = w
        .enis
        .get(&d.eni)
        .and_then(|e| e.subnet.as_ref())
        .and_then(|x| w.subnets.get(x))
        .map(|x| x.az.clone());
    let mut a = words(&[
        "aws",
        "rds",
        "create-db-instance",
        "--db-instance-identifier",
    ]);
    a.push(lit(text(&d.name)));
    a.extend([bare("--engine"), bare(d.engine.as_str())]);
    if let Some(az) = az {
        a.extend([bare("--availability-zone"), lit(az)]);
    }
    match (cluster, alone) {
        (Some(c), _) => {
            a.extend([
                bare("--db-cluster-identifier"),
                lit(text(c)),
                bare("--db-instance-class"),
                bare(AURORA_CLASS),
            ]);
        }
        (None, Some((sg, eni))) => {
            a.extend([
                bare("--db-instance-class"),
                bare(DB_CLASS),
                bare("--allocated-storage"),
                bare("20"),
            ]);
            a.extend(words(&[
                "--master-username",
                "sgsadmin",
                "--manage-master-user-password",
            ]));
            a.extend([
                bare("--port"),
                bare(d.port.to_string()),
                bare("--db-subnet-group-name"),
                lit(sg),
            ]);
            a.push(bare("--no-publicly-accessible"));
            let groups = eni.groups.clone();
            a.extend(group_args(
                s,
                "--vpc-security-group-ids",
                &groups,
                &format!("DB instance {}", d.name),
            ));
        }
        (None, None) => return,
    }
    a.extend(name_tags(&d.name));
    s.run(a);
    s.tally.count(Kind::DbInstance);
}

/// A subnet group named `sgs-NAME` holding the object's subnet (and, for RDS, which needs two
/// zones, the VPC's other subnets); its name, or `None` when the subnet is not built.
fn subnet_group(
    s: &mut Script<'_>,
    service: &str,
    name: &str,
    subnet: &str,
    w: &World,
) -> Option<String> {
    let Some(v) = s.var(subnet).map(str::to_string) else {
        s.tally
            .leave_out(name.to_string(), "its subnet is not built by the script");
        return None;
    };
    let group = format!("sgs-{}", text(name));
    let mut ids = vec![var(&v)];
    let vpc = w
        .subnets
        .values()
        .find(|x| x.id.as_str() == subnet)
        .map(|x| x.vpc.clone());
    if let Some(vpc) = vpc.filter(|_| service == "rds") {
        for other in w.subnets_of(&vpc) {
            if let Some(o) = s
                .var(other.id.as_str())
                .filter(|_| other.id.as_str() != subnet)
            {
                ids.push(var(o));
            }
        }
    }
    let mut a = if service == "rds" {
        let mut a = words(&[
            "aws",
            "rds",
            "create-db-subnet-group",
            "--db-subnet-group-name",
        ]);
        a.extend([
            lit(group.clone()),
            bare("--db-subnet-group-description"),
            lit(text(name)),
        ]);
        a
    } else {
        let mut a = words(&[
            "aws",
            "elasticache",
            "create-cache-subnet-group",
            "--cache-subnet-group-name",
        ]);
        a.extend([
            lit(group.clone()),
            bare("--cache-subnet-group-description"),
            lit(text(name)),
        ]);
        a
    };
    a.push(bare("--subnet-ids"));
    a.extend(ids);
    s.run(a);
    Some(group)
}
