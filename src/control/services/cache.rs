//! ElastiCache (AWS-SEMANTICS §11): cache clusters and replication groups in a VPC, behind VPC
//! security groups on their nodes' interfaces, or in EC2-Classic, behind cache security groups
//! (`cache_groups`).

use super::{
    Mismatch, Place, addresses, group_names, here, identifier, name_free, new_eni, place_name,
    port, subnet_for, vpc_groups,
};
use crate::control::Outcome;
use crate::lang::ast::{CachePlace, CacheSpec, Ref, ServiceKind, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::SgId;
use crate::world::service::{
    CacheCluster, CacheEngine, CacheNet, DEFAULT_CACHE_GROUP, EniOwner, ReplicationGroup, SvcKey,
};
use std::net::Ipv4Addr;

/// Nodes per Memcached cluster (CreateCacheCluster's NumCacheNodes: 1 to 40).
pub const NODES_PER_CLUSTER: i64 = 40;
/// Cache nodes per account and region (ElastiCache's default quota).
pub const NODES_PER_REGION: usize = 300;
/// Read replicas per replication group (0 to 5).
pub const REPLICAS_PER_GROUP: i64 = 5;
/// The longest cache cluster id, and replication group id.
const CLUSTER_ID_MAX: usize = 50;
const GROUP_ID_MAX: usize = 40;

fn engine(word: &Spanned<String>) -> Result<CacheEngine, Diagnostic> {
    CacheEngine::parse(&word.node).ok_or_else(|| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid value '{}' for parameter Engine", word.node),
        )
        .at(word.span)
        .label("not an ElastiCache engine")
        .help("the engines are redis (port 6379) and memcached (port 11211)")
    })
}

fn cache_port(given: Option<&Spanned<i64>>, engine: CacheEngine) -> Result<u16, Diagnostic> {
    port(given, engine.default_port(), |p| {
        if (1..=65535).contains(&p) {
            Ok(())
        } else {
            Err("ports are 1-65535".to_string())
        }
    })
}

/// Where a new cluster's nodes go, with their groups (VPC) or cache security groups (Classic).
struct Network {
    place: Place,
    net: CacheNet,
    groups: Vec<SgId>,
}

/// The network of a new cluster or replication group, checked: VPC groups only in a VPC, cache
/// security groups only in EC2-Classic (AWS refuses the two together).
fn network(world: &World, spec: &CacheSpec) -> Result<Network, Diagnostic> {
    let combination = |r: &Ref, help: &str| {
        Diagnostic::new(
            "InvalidParameterCombination",
            "Use of cache security groups is not permitted in along with cache subnet group \
             and/or security group Ids.",
        )
        .at(r.span)
        .help(help.to_string())
    };
    if let CachePlace::Classic(_) = spec.place {
        if let Some(r) = spec.groups.first() {
            return Err(combination(
                r,
                "an EC2-Classic cluster takes cache-groups, not groups",
            ));
        }
        let mut names: Vec<String> = Vec::new();
        for r in &spec.cache_groups {
            let g = world.resolve_cache_group(r)?;
            here(world, &g.scope, ServiceKind::CacheGroup, r)?;
            if !names.contains(&g.name) {
                names.push(g.name.clone());
            }
        }
        if names.is_empty() {
            names.push(DEFAULT_CACHE_GROUP.to_string());
        }
        return Ok(Network {
            place: Place {
                subnet: None,
                vpc: None,
            },
            net: CacheNet::Classic {
                cache_groups: names,
            },
            groups: Vec::new(),
        });
    }
    if let Some(r) = spec.cache_groups.first() {
        return Err(combination(
            r,
            "cache security groups are for EC2-Classic clusters; in a VPC, use groups",
        ));
    }
    let subnet_ref = match &spec.place {
        CachePlace::Subnet(r) => Some(r),
        _ => None,
    };
    let subnet = subnet_for(world, subnet_ref, spec.name.span)?;
    let at = subnet_ref.map_or(spec.name.span, |r| r.span);
    let groups = vpc_groups(
        world,
        &subnet.vpc,
        &spec.groups,
        at,
        Mismatch::Subnet(&subnet.id),
    )?;
    Ok(Network {
        place: Place {
            subnet: Some(subnet.id.clone()),
            vpc: Some(subnet.vpc.clone()),
        },
        net: CacheNet::Vpc {
            vpc: subnet.vpc.clone(),
            subnet: subnet.id.clone(),
        },
        groups,
    })
}

/// `count` addresses for new nodes in the network.
fn node_addresses(
    world: &World,
    network: &Network,
    count: usize,
    at: &Spanned<String>,
) -> Result<Vec<Ipv4Addr>, Diagnostic> {
    match network
        .place
        .subnet
        .as_ref()
        .and_then(|s| world.subnets.get(s))
    {
        Some(subnet) => addresses(world, subnet, count, at.span),
        None => {
            let found = world.free_classic_addresses(&world.scope.region, count);
            if found.len() < count {
                return Err(Diagnostic::new(
                    "InsufficientCacheClusterCapacity",
                    "The EC2-Classic network has no free address",
                )
                .at(at.span));
            }
            Ok(found)
        }
    }
}

/// The region's node quota, counting the nodes asked for.
fn node_quota(world: &World, adding: usize, at: &Spanned<String>) -> Result<(), Diagnostic> {
    let scope = &world.scope;
    let existing: usize = world
        .services
        .cache_clusters
        .values()
        .filter(|c| &c.scope == scope)
        .map(|c| c.nodes.len())
        .sum();
    if existing + adding > NODES_PER_REGION {
        return Err(Diagnostic::new(
            "NodeQuotaForCustomerExceeded",
            "The request cannot be processed because it would exceed the allowed number of \
             cache nodes per customer.",
        )
        .at(at.span)
        .label(format!(
            "{existing} nodes exist; the quota is {NODES_PER_REGION} per account and region"
        )));
    }
    Ok(())
}

/// Builds one cluster's nodes and adds it.
fn add_cluster(
    world: &mut World,
    name: &str,
    engine: CacheEngine,
    port: u16,
    network: &Network,
    addrs: &[Ipv4Addr],
    replication_group: Option<String>,
) -> Vec<(u32, Ipv4Addr)> {
    let seq = world.next_seq();
    let mut nodes = Vec::with_capacity(addrs.len());
    let mut enis = Vec::with_capacity(addrs.len());
    let mut shown = Vec::with_capacity(addrs.len());
    for (k, addr) in (1u32..).zip(addrs) {
        let owner = EniOwner::CacheNode {
            cluster: name.to_string(),
            node: k,
        };
        let eni = new_eni(
            world,
            format!("{name}#{k}"),
            &network.place,
            *addr,
            network.groups.clone(),
            owner,
        );
        nodes.push(eni.id.clone());
        enis.push(eni);
        shown.push((k, *addr));
    }
    let cluster = CacheCluster {
        name: name.to_string(),
        scope: world.scope.clone(),
        engine,
        port,
        net: network.net.clone(),
        nodes,
        replication_group,
        seq,
    };
    world.add_cache_cluster(cluster, enis);
    shown
}

/// What a new cluster's access is, for the `ok:` line.
fn access_text(world: &World, network: &Network) -> String {
    match &network.net {
        CacheNet::Vpc { .. } => format!("groups {}", group_names(world, &network.groups)),
        CacheNet::Classic { cache_groups } => format!("cache groups {}", cache_groups.join(", ")),
    }
}

pub fn create_cluster(world: &mut World, spec: &CacheSpec) -> Result<Outcome, Diagnostic> {
    let name = identifier(&spec.name, "CacheClusterId", CLUSTER_ID_MAX)?;
    let exists = (
        "CacheClusterAlreadyExists",
        format!("Cache cluster {name} already exists."),
    );
    name_free(
        world,
        &name,
        ServiceKind::CacheCluster,
        spec.name.span,
        exists,
    )?;
    let engine = engine(&spec.engine)?;
    let port = cache_port(spec.port.as_ref(), engine)?;
    let nodes = match &spec.count {
        None => 1,
        Some(n) if engine == CacheEngine::Redis && n.node != 1 => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                "Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1.",
            )
            .at(n.span)
            .label("a redis cluster has one node")
            .help("for a primary and read replicas, create a replication-group with replicas N"));
        }
        Some(n) if n.node < 1 => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!("Invalid value {} for parameter NumCacheNodes", n.node),
            )
            .at(n.span)
            .label(format!("a cluster has 1 to {NODES_PER_CLUSTER} nodes")));
        }
        Some(n) if n.node > NODES_PER_CLUSTER => {
            return Err(Diagnostic::new(
                "NodeQuotaForClusterExceeded",
                "The request cannot be processed because it would exceed the allowed number of \
                 cache nodes in a single cluster.",
            )
            .at(n.span)
            .label(format!("at most {NODES_PER_CLUSTER} nodes per cluster")));
        }
        Some(n) => usize::try_from(n.node).unwrap_or(1),
    };
    node_quota(world, nodes, &spec.name)?;
    let network = network(world, spec)?;
    let addrs = node_addresses(world, &network, nodes, &spec.name)?;

    let shown = add_cluster(world, &name, engine, port, &network, &addrs, None);
    let nodes_text: Vec<String> = shown.iter().map(|(k, a)| format!("#{k} {a}")).collect();
    Ok(Outcome::ok(format!(
        "ok: created cache cluster {name} ({}, port {port}) in {}: {} {}; {}",
        engine.as_str(),
        place_name(world, &network.place),
        if shown.len() == 1 { "node" } else { "nodes" },
        nodes_text.join(", "),
        access_text(world, &network)
    )))
}

pub fn create_replication_group(
    world: &mut World,
    spec: &CacheSpec,
) -> Result<Outcome, Diagnostic> {
    let name = identifier(&spec.name, "ReplicationGroupId", GROUP_ID_MAX)?;
    let exists = (
        "ReplicationGroupAlreadyExists",
        format!("Replication group {name} already exists."),
    );
    name_free(
        world,
        &name,
        ServiceKind::ReplicationGroup,
        spec.name.span,
        exists,
    )?;
    let engine = engine(&spec.engine)?;
    if engine != CacheEngine::Redis {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "Invalid value '{}' for parameter Engine: replication groups are redis",
                spec.engine.node
            ),
        )
        .at(spec.engine.span)
        .label("memcached has no replicas")
        .help("create a memcached cache-cluster with nodes N instead"));
    }
    let port = cache_port(spec.port.as_ref(), engine)?;
    let replicas = match &spec.count {
        None => 0,
        Some(n) if !(0..=REPLICAS_PER_GROUP).contains(&n.node) => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "Invalid value {} for parameter ReplicasPerNodeGroup",
                    n.node
                ),
            )
            .at(n.span)
            .label(format!("0 to {REPLICAS_PER_GROUP} replicas")));
        }
        Some(n) => usize::try_from(n.node).unwrap_or(0),
    };
    let members: Vec<String> = (1..=replicas + 1)
        .map(|k| format!("{name}-{k:03}"))
        .collect();
    for member in &members {
        let exists = (
            "CacheClusterAlreadyExists",
            format!("Cache cluster {member} already exists."),
        );
        name_free(
            world,
            member,
            ServiceKind::CacheCluster,
            spec.name.span,
            exists,
        )?;
    }
    node_quota(world, members.len(), &spec.name)?;
    let network = network(world, spec)?;
    let addrs = node_addresses(world, &network, members.len(), &spec.name)?;

    let seq = world.next_seq();
    let mut shown = Vec::with_capacity(members.len());
    for (member, addr) in members.iter().zip(&addrs) {
        let rg = Some(name.clone());
        add_cluster(world, member, engine, port, &network, &[*addr], rg);
        shown.push(format!("{member} {addr}"));
    }
    let scope = world.scope.clone();
    world.services_mut().replication_groups.insert(
        SvcKey::new(&scope, &name),
        ReplicationGroup {
            name: name.clone(),
            scope,
            engine,
            port,
            members,
            seq,
        },
    );
    Ok(Outcome::ok(format!(
        "ok: created replication group {name} (redis, port {port}) in {}: primary {}; {}",
        place_name(world, &network.place),
        shown.join(", replica "),
        access_text(world, &network)
    )))
}

/// A cache cluster of the current account and region.
fn here_cluster<'w>(world: &'w World, r: &Ref) -> Result<&'w CacheCluster, Diagnostic> {
    let c = world.resolve_cache_cluster(r)?;
    here(world, &c.scope, ServiceKind::CacheCluster, r)?;
    Ok(c)
}

fn here_replication_group<'w>(
    world: &'w World,
    r: &Ref,
) -> Result<&'w ReplicationGroup, Diagnostic> {
    let g = world.resolve_replication_group(r)?;
    here(world, &g.scope, ServiceKind::ReplicationGroup, r)?;
    Ok(g)
}

/// The VPC groups for clusters in the VPC of `cluster`; Classic clusters have none to modify.
fn new_groups(
    world: &World,
    cluster: &CacheCluster,
    groups: &[Ref],
    at: &Ref,
) -> Result<Vec<SgId>, Diagnostic> {
    match &cluster.net {
        CacheNet::Vpc { vpc, subnet } => {
            vpc_groups(world, vpc, groups, at.span, Mismatch::Subnet(subnet))
        }
        CacheNet::Classic { .. } => Err(Diagnostic::new(
            "InvalidParameterCombination",
            format!(
                "Cache cluster {} is in EC2-Classic: cache security groups control its access",
                cluster.name
            ),
        )
        .at(at.span)
        .help("authorize cache-ingress CACHEGROUP from EC2GROUP to let instances in")),
    }
}

/// Replaces the groups of every node of these clusters.
fn set_groups(world: &mut World, clusters: &[SvcKey], groups: &[SgId]) {
    for key in clusters {
        let nodes = world
            .services
            .cache_clusters
            .get(key)
            .map(|c| c.nodes.clone())
            .unwrap_or_default();
        for eni in nodes {
            world.set_eni_groups(&eni, groups.to_vec());
        }
    }
}

pub fn modify_cluster(world: &mut World, r: &Ref, groups: &[Ref]) -> Result<Outcome, Diagnostic> {
    let cluster = here_cluster(world, r)?;
    if let Some(rg) = &cluster.replication_group {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            format!(
                "Cache cluster {} is a member of replication group {rg}: its groups are the \
                 replication group's",
                cluster.name
            ),
        )
        .at(r.span)
        .help(format!("modify replication-group {rg} groups …")));
    }
    let gids = new_groups(world, cluster, groups, r)?;
    let (key, name) = (cluster.key(), cluster.name.clone());
    set_groups(world, std::slice::from_ref(&key), &gids);
    Ok(Outcome::ok(format!(
        "ok: cache cluster {name} now has groups {}",
        group_names(world, &gids)
    )))
}

pub fn modify_replication_group(
    world: &mut World,
    r: &Ref,
    groups: &[Ref],
) -> Result<Outcome, Diagnostic> {
    let rg = here_replication_group(world, r)?;
    let scope = rg.scope.clone();
    let keys: Vec<SvcKey> = rg.members.iter().map(|m| SvcKey::new(&scope, m)).collect();
    let Some(first) = keys
        .first()
        .and_then(|k| world.services.cache_clusters.get(k))
    else {
        return Err(crate::world::service::lookup::not_found(
            ServiceKind::CacheCluster,
            &format!("{}-001", rg.name),
        ));
    };
    let gids = new_groups(world, first, groups, r)?;
    let name = rg.name.clone();
    set_groups(world, &keys, &gids);
    Ok(Outcome::ok(format!(
        "ok: replication group {name} ({} clusters) now has groups {}",
        keys.len(),
        group_names(world, &gids)
    )))
}

pub fn delete_cluster(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let cluster = here_cluster(world, r)?;
    if let Some(rg) = &cluster.replication_group {
        return Err(Diagnostic::new(
            "InvalidCacheClusterState",
            format!(
                "Cache cluster {} is a member of replication group {rg}: it cannot be deleted \
                 on its own",
                cluster.name
            ),
        )
        .at(r.span)
        .help(format!("delete replication-group {rg}")));
    }
    let (key, name, nodes) = (cluster.key(), cluster.name.clone(), cluster.nodes.len());
    world.remove_cache_cluster(&key);
    Ok(Outcome::ok(format!(
        "ok: deleted cache cluster {name} and its {nodes} {}",
        if nodes == 1 { "node" } else { "nodes" }
    )))
}

pub fn delete_replication_group(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let rg = here_replication_group(world, r)?;
    let key = SvcKey::new(&rg.scope, &rg.name);
    let (name, members) = (rg.name.clone(), rg.members.clone());
    for m in &members {
        world.remove_cache_cluster(&SvcKey::new(&key.scope, m));
    }
    world.services_mut().replication_groups.remove(&key);
    Ok(Outcome::ok(format!(
        "ok: deleted replication group {name} and its clusters {}",
        members.join(", ")
    )))
}
