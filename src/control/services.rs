//! Managed services: ElastiCache (`cache`) and RDS and Aurora (`rds`), and what they share:
//! AWS's identifier rules, the namespace that instances, cache clusters, replication groups, DB
//! instances and DB clusters share within an account and region, where a service's interfaces go,
//! and the VPC security groups they take (the VPC's default group when none is given).
//!
//! Like every command, each one validates completely and only then mutates. A cache node or a
//! DB instance is a network interface with an owner, so the data plane, group membership and the
//! `DependencyViolation` on group delete need nothing else.

mod cache;
mod cache_groups;
mod rds;

use super::{Outcome, here_subnet};
use crate::lang::ast::{Ref, ServiceCommand, ServiceKind, Span, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::ids::{EniId, Scope, SgId, SubnetId, VpcId};
use crate::world::instance::Eni;
use crate::world::network::Subnet;
use crate::world::service::EniOwner;
use crate::world::{GroupHome, World};
use std::net::Ipv4Addr;

/// Security groups per interface: a cache node's and a DB instance's interfaces too.
const GROUPS_PER_ENI: usize = super::instances::GROUPS_PER_ENI;

pub fn apply(world: &mut World, cmd: &ServiceCommand) -> Result<Outcome, Diagnostic> {
    match cmd {
        ServiceCommand::CreateCacheCluster(spec) => cache::create_cluster(world, spec),
        ServiceCommand::CreateReplicationGroup(spec) => {
            cache::create_replication_group(world, spec)
        }
        ServiceCommand::CreateCacheGroup { name, description } => {
            cache_groups::create_cache_group(world, name, description)
        }
        ServiceCommand::AuthorizeCacheIngress(ingress) => cache_groups::authorize(world, ingress),
        ServiceCommand::RevokeCacheIngress(ingress) => cache_groups::revoke(world, ingress),
        ServiceCommand::CreateDbInstance(spec) => rds::create_instance(world, spec),
        ServiceCommand::CreateDbMember {
            name,
            cluster,
            subnet,
        } => rds::create_member(world, name, cluster, subnet),
        ServiceCommand::CreateDbCluster(spec) => rds::create_cluster(world, spec),
        ServiceCommand::ModifyGroups {
            kind,
            target,
            groups,
        } => match kind {
            ServiceKind::CacheCluster => cache::modify_cluster(world, target, groups),
            ServiceKind::ReplicationGroup => cache::modify_replication_group(world, target, groups),
            ServiceKind::DbInstance => rds::modify_instance(world, target, groups),
            ServiceKind::DbCluster => rds::modify_cluster(world, target, groups),
            ServiceKind::CacheGroup => Err(Diagnostic::new(
                "InvalidParameterCombination",
                "cache security groups have no groups: authorize cache-ingress instead",
            )
            .at(target.span)),
        },
        ServiceCommand::ModifyCacheGroups {
            cluster,
            cache_groups,
        } => cache_groups::modify_cluster_cache_groups(world, cluster, cache_groups),
        ServiceCommand::Delete { kind, target } => match kind {
            ServiceKind::CacheCluster => cache::delete_cluster(world, target),
            ServiceKind::ReplicationGroup => cache::delete_replication_group(world, target),
            ServiceKind::CacheGroup => cache_groups::delete_cache_group(world, target),
            ServiceKind::DbInstance => rds::delete_instance(world, target),
            ServiceKind::DbCluster => rds::delete_cluster(world, target),
        },
    }
}

/// An identifier as ElastiCache and RDS take them: `max` letters, digits or hyphens at most,
/// starting with a letter, never ending with a hyphen or holding two in a row. Stored lowercase.
fn identifier(name: &Spanned<String>, parameter: &str, max: usize) -> Result<String, Diagnostic> {
    let text = name.node.as_str();
    let why = if text.is_empty() || text.chars().count() > max {
        Some(format!("it must be 1 to {max} characters"))
    } else if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("the first character must be a letter".to_string())
    } else if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        Some(format!("'{bad}' is not a letter, digit or hyphen"))
    } else if text.ends_with('-') || text.contains("--") {
        Some("it cannot end with a hyphen or contain two consecutive hyphens".to_string())
    } else {
        None
    };
    match why {
        Some(why) => Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid value '{text}' for parameter {parameter}: {why}"),
        )
        .at(name.span)
        .label(why)
        .help(format!(
            "use 1 to {max} letters, digits and single hyphens, starting with a letter"
        ))),
        None => Ok(text.to_ascii_lowercase()),
    }
}

/// The name must be free in the namespace instances, cache clusters, replication groups, DB
/// instances and DB clusters share: AWS's AlreadyExists code for the same kind, else
/// `InvalidParameterValue`.
fn name_free(
    world: &World,
    name: &str,
    kind: ServiceKind,
    span: Span,
    exists: (&str, String),
) -> Result<(), Diagnostic> {
    let scope = &world.scope;
    let Some(taken_by) = world.namespace_user(scope, name) else {
        return Ok(());
    };
    let same = taken_by == crate::world::service::lookup::noun(kind);
    let article = if taken_by.starts_with('i') { "an" } else { "a" };
    let (code, message) = if same {
        exists
    } else {
        (
            "InvalidParameterValue",
            format!("The name '{name}' is already used by {article} {taken_by} in {scope}"),
        )
    };
    Err(Diagnostic::new(code, message)
        .at(span)
        .label(format!("{article} {taken_by} has this name"))
        .help(
            "instances, cache clusters, replication groups, DB instances and DB clusters share \
             one namespace per account and region",
        ))
}

/// A port given with `port`, else the engine's; `valid` checks it.
fn port(
    given: Option<&Spanned<i64>>,
    default: u16,
    valid: impl Fn(i64) -> Result<(), String>,
) -> Result<u16, Diagnostic> {
    let Some(p) = given else {
        return Ok(default);
    };
    if let Err(why) = valid(p.node) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid value {} for parameter Port: {why}", p.node),
        )
        .at(p.span)
        .label(why)
        .help(format!("leave port out for the engine's port, {default}")));
    }
    u16::try_from(p.node).map_err(|_| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid value {} for parameter Port", p.node),
        )
        .at(p.span)
    })
}

/// The subnet a service goes in: the one named (of the current account and region), or the
/// default VPC's first default subnet, as the default subnet groups of ElastiCache and RDS.
fn subnet_for<'w>(world: &'w World, r: Option<&Ref>, at: Span) -> Result<&'w Subnet, Diagnostic> {
    match r {
        Some(r) => {
            let s = here_subnet(world, r)?;
            Ok(s)
        }
        None => {
            let vpc = world.default_vpc().ok_or_else(|| {
                Diagnostic::new(
                    "VPCIdNotSpecified",
                    "No default VPC for this user: name a subnet with `in VPC/SUBNET`.",
                )
                .at(at)
            })?;
            world
                .subnets_of(&vpc.id)
                .into_iter()
                .find(|s| s.default_for_az)
                .ok_or_else(|| {
                    Diagnostic::new("MissingInput", "No default subnet: name one with `in`.").at(at)
                })
        }
    }
}

/// What a group of another network gets: EC2's words for ElastiCache (the nodes' interfaces),
/// RDS's own for RDS.
#[derive(Clone, Copy)]
enum Mismatch<'a> {
    Subnet(&'a SubnetId),
    Rds,
}

/// The VPC groups for a service in `vpc`: the default group when none is given, each of that VPC,
/// no duplicates, at most five.
fn vpc_groups(
    world: &World,
    vpc: &VpcId,
    refs: &[Ref],
    at: Span,
    mismatch: Mismatch,
) -> Result<Vec<SgId>, Diagnostic> {
    if refs.is_empty() {
        return world
            .vpcs
            .get(vpc)
            .map(|v| vec![v.default_group.clone()])
            .ok_or_else(|| {
                Diagnostic::new(
                    "InvalidGroup.NotFound",
                    "The default security group does not exist",
                )
                .at(at)
            });
    }
    let home = GroupHome::Vpc(vpc.clone());
    let mut out: Vec<SgId> = Vec::with_capacity(refs.len());
    for r in refs {
        let g = super::interface_group(world, r, &home)?;
        if world.group_home(g) != home {
            let (code, message) = match mismatch {
                Mismatch::Subnet(subnet) => (
                    "InvalidParameter",
                    format!(
                        "Security group {} and subnet {subnet} belong to different networks.",
                        g.id
                    ),
                ),
                Mismatch::Rds => (
                    "InvalidParameterCombination",
                    format!(
                        "The DB instance and EC2 security group are in different VPCs. The DB \
                         instance is in {vpc} and the EC2 security group is in {}",
                        g.vpc
                            .as_ref()
                            .map_or_else(|| "EC2-Classic".to_string(), |v| v.to_string())
                    ),
                ),
            };
            return Err(Diagnostic::new(code, message)
                .at(r.span)
                .label(format!("{} is in another network", world.group_label(g)))
                .help(format!("use groups of vpc {}", world.vpc_name(vpc))));
        }
        if !out.contains(&g.id) {
            out.push(g.id.clone());
        }
    }
    if out.len() > GROUPS_PER_ENI {
        let extra = refs.get(GROUPS_PER_ENI).map_or(at, |r| r.span);
        return Err(Diagnostic::new(
            "SecurityGroupsPerInterfaceLimitExceeded",
            "The maximum number of security groups per interface has been reached.",
        )
        .at(extra)
        .label(format!("more than {GROUPS_PER_ENI} groups"))
        .help("merge groups, or put the rules of several groups into one"));
    }
    Ok(out)
}

/// `count` free addresses of a subnet, or AWS's error when it has fewer.
fn addresses(
    world: &World,
    subnet: &Subnet,
    count: usize,
    at: Span,
) -> Result<Vec<Ipv4Addr>, Diagnostic> {
    let found = world.free_addresses(&subnet.id, count);
    if found.len() < count {
        return Err(Diagnostic::new(
            "InsufficientFreeAddressesInSubnet",
            format!(
                "There are not enough free addresses in subnet '{}' to satisfy the request.",
                subnet.id
            ),
        )
        .at(at)
        .label(format!("{count} addresses needed, {} free", found.len()))
        .help("use a larger subnet, or fewer nodes"));
    }
    Ok(found)
}

/// Where a service's interface goes: a subnet of a VPC, or EC2-Classic (both `None`).
#[derive(Clone)]
struct Place {
    subnet: Option<SubnetId>,
    vpc: Option<VpcId>,
}

/// A new interface for a cache node or a DB instance (only a private address: AWS gives them no
/// public one here).
fn new_eni(
    world: &mut World,
    name: String,
    place: &Place,
    private_ip: Ipv4Addr,
    groups: Vec<SgId>,
    owner: EniOwner,
) -> Eni {
    let id = EniId(world.mint(EniId::PREFIX));
    let seq = world.next_seq();
    Eni {
        id,
        name,
        scope: world.scope.clone(),
        instance: None,
        subnet: place.subnet.clone(),
        vpc: place.vpc.clone(),
        private_ip,
        ipv6: None,
        public_ip: None,
        elastic_ip: None,
        groups,
        device_index: 0,
        seq,
        owner: Some(owner),
    }
}

/// `prod/cache-a`, or `EC2-Classic`, for messages.
fn place_name(world: &World, place: &Place) -> String {
    match place.subnet.as_ref().and_then(|s| world.subnets.get(s)) {
        Some(s) => format!("{}/{}", world.vpc_name(&s.vpc), s.name),
        None => "EC2-Classic".to_string(),
    }
}

/// The groups' names, for messages.
fn group_names(world: &World, groups: &[SgId]) -> String {
    let names: Vec<String> = groups.iter().map(|g| world.group_name(g)).collect();
    names.join(", ")
}

/// The object must be of the current account and region.
fn here(world: &World, scope: &Scope, kind: ServiceKind, r: &Ref) -> Result<(), Diagnostic> {
    if *scope == world.scope {
        return Ok(());
    }
    let nf = crate::world::service::lookup::not_found(kind, &r.to_string());
    Err(Diagnostic::new(nf.code, nf.message)
        .at(r.span)
        .label(format!("it is in {scope}"))
        .help(format!(
            "switch there first: account {} / region {}",
            scope.account, scope.region
        )))
}
