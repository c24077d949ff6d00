//! Instances, RDS and ElastiCache as describe-* output. An instance's primary interface is
//! written from the instance's own values; an address the plan leaves unknown is minted (the
//! lowest free one of the subnet, as `create` gives one; a public one of 198.18.0.0/15 when the
//! instance gets one at launch). A DB instance's interface is left to the AWS import, which gives
//! it a free address of its subnet group; a cache node's interface is written here, at the
//! node's address when the state has one, else at a minted one in its subnet group.

use super::build::{Build, name_tags};
use super::network::name_of;
use super::tree::{Placed, hex17};
use super::values::{CacheCluster, DbInstance, Instance, RdsCluster, SubnetGroup, set};
use crate::lang::error::Diagnostic;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// Notes the addresses the file gives, so that minted ones avoid them.
pub fn claim(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let i: Instance = b.read(p)?;
    if let Some(a) = set(&i.private_ip).and_then(|a| a.parse::<Ipv4Addr>().ok()) {
        b.take(a);
    }
    Ok(())
}

pub fn instance(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let i: Instance = b.read(p)?;
    let id = b.tree.handle(p);
    let Some(subnet) = b.tree.one(p, "subnet_id", &i.subnet_id) else {
        b.skip(p, "it names no subnet: sgs places an instance in a subnet");
        return Ok(());
    };
    let Some(info) = b.subnets.get(&subnet).cloned() else {
        b.skip(p, format!("its subnet {subnet} is not in the file"));
        return Ok(());
    };
    let private = match set(&i.private_ip) {
        Some(a) => a.to_string(),
        None => match b.mint_private(&subnet) {
            Some(a) => {
                let why = format!("its private address is not known: sgs gave it {a} in {subnet}");
                b.note(p, format!("the interface of {}", p.res.address), why);
                a.to_string()
            }
            None => {
                b.skip(p, format!("its subnet {subnet} has no free address"));
                return Ok(());
            }
        },
    };
    let public = match set(&i.public_ip) {
        Some(a) => Some(a.to_string()),
        // A state writes "" for no public address; a plan leaves an unknown one out.
        None if p.res.values.contains_key("public_ip") => None,
        None if i.associate_public_ip_address.unwrap_or(info.map_public_ip) => {
            let a = b.mint_public();
            let why = format!("its public address is not known: sgs gave it {a}");
            b.note(p, format!("the public address of {}", p.res.address), why);
            Some(a.to_string())
        }
        None => None,
    };
    let groups: Vec<Value> = b
        .tree
        .many(p, "vpc_security_group_ids", &i.vpc_security_group_ids)
        .into_iter()
        .map(|g| json!({"GroupId": g}))
        .collect();
    let eni = set(&i.primary_network_interface_id)
        .map(str::to_string)
        .unwrap_or_else(|| format!("eni-{}", hex17(&format!("{}#eni", p.res.address))));
    let mut nic = json!({
        "NetworkInterfaceId": eni,
        "SubnetId": subnet,
        "VpcId": info.vpc,
        "PrivateIpAddress": private,
        "Groups": groups,
        "Attachment": {"InstanceId": id, "DeviceIndex": 0},
    });
    if let Some(v6) = &i.ipv6_addresses {
        nic["Ipv6Addresses"] = v6.iter().map(|a| json!({"Ipv6Address": a})).collect();
    }
    if let Some(public) = public {
        nic["Association"] = json!({"PublicIp": public});
    }
    // A plan does not know the state of an instance it creates: it will be pending, then run.
    let state = set(&i.instance_state).unwrap_or("pending");
    let name = name_of(&i.tags, None, p);
    b.origin(&id, p);
    b.origin(&eni, p);
    b.push(
        "Reservations",
        json!({"Instances": [{
            "InstanceId": id,
            "State": {"Name": state},
            "NetworkInterfaces": [nic],
            "Tags": name_tags(name),
        }]}),
    );
    Ok(())
}

/// The subnet groups of RDS and ElastiCache, by name: their subnets and VPC.
pub type SubnetGroups = HashMap<String, (Vec<String>, Option<String>)>;

pub fn subnet_group(
    b: &Build<'_, '_>,
    p: &Placed<'_>,
    groups: &mut SubnetGroups,
) -> Result<(), Diagnostic> {
    let g: SubnetGroup = b.read(p)?;
    let name = b.tree.handle(p);
    let subnets = b.tree.many(p, "subnet_ids", &g.subnet_ids);
    let vpc = b.tree.one(p, "vpc_id", &g.vpc_id);
    groups.insert(name, (subnets, vpc));
    Ok(())
}

/// Every DB cluster and DB instance, the members of each cluster listed with its writer.
pub fn databases(
    b: &mut Build<'_, '_>,
    clusters: &[&Placed<'_>],
    instances: &[&Placed<'_>],
    subnet_groups: &SubnetGroups,
) -> Result<(), Diagnostic> {
    struct Read {
        id: String,
        groups: Vec<String>,
        subnet_group: Option<String>,
        port: Option<u16>,
        members: Vec<Value>,
    }
    let mut read: Vec<(String, Value, Read)> = Vec::new();
    for p in clusters {
        let c: RdsCluster = b.read(p)?;
        let id = b.tree.handle(p);
        let groups = b
            .tree
            .many(p, "vpc_security_group_ids", &c.vpc_security_group_ids);
        let subnet_group = b
            .tree
            .one(p, "db_subnet_group_name", &c.db_subnet_group_name);
        let engine = c.engine.clone().unwrap_or_else(|| "aurora-mysql".into());
        read.push((
            engine,
            json!(name_of(&c.tags, None, p)),
            Read {
                id,
                groups,
                subnet_group,
                port: c.port,
                members: Vec::new(),
            },
        ));
    }
    for p in instances {
        let d: DbInstance = b.read(p)?;
        let own = set(&d.identifier).map(str::to_string);
        let id = own.clone().unwrap_or_else(|| b.tree.handle(p));
        let cluster = b.tree.one(p, "cluster_identifier", &d.cluster_identifier);
        let of = cluster
            .as_ref()
            .and_then(|c| read.iter_mut().find(|(_, _, r)| r.id == *c));
        let (groups, subnet_group, port, engine) = match of {
            Some((engine, _, r)) => {
                let writer = d.writer.unwrap_or(r.members.is_empty());
                r.members
                    .push(json!({"DBInstanceIdentifier": id, "IsClusterWriter": writer}));
                (
                    r.groups.clone(),
                    b.tree
                        .one(p, "db_subnet_group_name", &d.db_subnet_group_name)
                        .or(r.subnet_group.clone()),
                    d.port.or(r.port),
                    d.engine.clone().unwrap_or(engine.clone()),
                )
            }
            None => (
                b.tree
                    .many(p, "vpc_security_group_ids", &d.vpc_security_group_ids),
                b.tree
                    .one(p, "db_subnet_group_name", &d.db_subnet_group_name),
                d.port,
                d.engine.clone().unwrap_or_else(|| "mysql".into()),
            ),
        };
        let (subnets, vpc) = subnet_group
            .as_ref()
            .and_then(|g| subnet_groups.get(g))
            .cloned()
            .unwrap_or_default();
        let subnets: Vec<Value> = subnets
            .iter()
            .map(|s| json!({"SubnetIdentifier": s}))
            .collect();
        let groups: Vec<Value> = groups
            .iter()
            .map(|g| json!({"VpcSecurityGroupId": g}))
            .collect();
        b.origin(&id, p);
        b.push(
            "DBInstances",
            json!({
                "DBInstanceIdentifier": id,
                "Engine": engine,
                "DBInstanceStatus": "available",
                "Endpoint": {"Port": port},
                "VpcSecurityGroups": groups,
                "DBSubnetGroup": {"VpcId": vpc, "Subnets": subnets},
                "DBClusterIdentifier": cluster,
                "AvailabilityZone": set(&d.availability_zone),
            }),
        );
    }
    for (p, (engine, _, r)) in clusters.iter().zip(read) {
        let groups: Vec<Value> = r
            .groups
            .iter()
            .map(|g| json!({"VpcSecurityGroupId": g}))
            .collect();
        b.origin(&r.id, p);
        b.push(
            "DBClusters",
            json!({
                "DBClusterIdentifier": r.id,
                "Engine": engine,
                "Port": r.port,
                "VpcSecurityGroups": groups,
                "DBClusterMembers": r.members,
            }),
        );
    }
    Ok(())
}

/// `aws_elasticache_cluster`: the cluster and an interface per node.
pub fn cache(
    b: &mut Build<'_, '_>,
    p: &Placed<'_>,
    subnet_groups: &SubnetGroups,
) -> Result<(), Diagnostic> {
    let c: CacheCluster = b.read(p)?;
    let id = set(&c.cluster_id)
        .map(str::to_string)
        .unwrap_or_else(|| b.tree.handle(p));
    let groups = b.tree.many(p, "security_group_ids", &c.security_group_ids);
    let subnet_group = b.tree.one(p, "subnet_group_name", &c.subnet_group_name);
    let subnets = subnet_group
        .as_ref()
        .and_then(|g| subnet_groups.get(g))
        .map(|(s, _)| s.clone())
        .unwrap_or_default();
    let count = c.num_cache_nodes.unwrap_or(1).clamp(1, 40) as usize;
    let nodes = c.cache_nodes.as_deref().unwrap_or_default();
    let mut listed = Vec::new();
    for k in 0..count {
        let node = nodes.get(k);
        let az = node
            .and_then(|n| set(&n.availability_zone))
            .or_else(|| {
                c.preferred_availability_zones
                    .as_ref()
                    .and_then(|l| l.get(k))
                    .map(String::as_str)
            })
            .or(set(&c.availability_zone))
            .map(str::to_string);
        let mut order: Vec<&String> = subnets.iter().collect();
        order.sort_by_key(|s| b.subnets.get(*s).map(|i| Some(&i.az) != az.as_ref()) != Some(false));
        let given = node
            .and_then(|n| set(&n.address))
            .and_then(|a| a.parse::<Ipv4Addr>().ok());
        let placed = match given {
            Some(a) => order
                .iter()
                .find(|s| {
                    b.subnets
                        .get(**s)
                        .and_then(|i| i.net)
                        .is_some_and(|n| n.contains(&a))
                })
                .map(|s| ((*s).clone(), a)),
            None => order
                .iter()
                .find_map(|s| b.mint_private(s).map(|a| ((*s).clone(), a))),
        };
        let Some((subnet, address)) = placed else {
            b.skip(
                p,
                format!("node {} has no address in its subnet group", k + 1),
            );
            continue;
        };
        b.take(address);
        if given.is_none() {
            let what = format!("the interface of node {} of {id}", k + 1);
            let why = format!("not in the file: sgs gave it {address} in {subnet}");
            b.note(p, what, why);
        }
        let vpc = b.subnets.get(&subnet).map(|i| i.vpc.clone());
        let eni = format!("eni-{}", hex17(&format!("{}#node{k}", p.res.address)));
        b.origin(&eni, p);
        b.push(
            "NetworkInterfaces",
            json!({
                "NetworkInterfaceId": eni,
                "SubnetId": subnet,
                "VpcId": vpc,
                "PrivateIpAddress": address.to_string(),
                "Groups": groups.iter().map(|g| json!({"GroupId": g})).collect::<Vec<_>>(),
                "RequesterId": "amazon-elasticache",
                "RequesterManaged": true,
                "Description": format!("ElastiCache {id}"),
            }),
        );
        listed.push(json!({"Endpoint": {"Port": c.port}, "CustomerAvailabilityZone": az}));
    }
    b.origin(&id, p);
    b.push(
        "CacheClusters",
        json!({
            "CacheClusterId": id,
            "Engine": c.engine.clone().unwrap_or_else(|| "redis".into()),
            "NumCacheNodes": count,
            "SecurityGroups": groups.iter().map(|g| json!({"SecurityGroupId": g})).collect::<Vec<_>>(),
            "CacheNodes": listed,
            "ReplicationGroupId": set(&c.replication_group_id),
        }),
    );
    Ok(())
}
