//! ElastiCache's cache security groups (AWS-SEMANTICS §11), for clusters in EC2-Classic: named
//! (stored lowercase), a `default` one per account and region, and a list of EC2-Classic groups,
//! by name and owner account, whose instances may reach the clusters that use it. Never address
//! ranges.

use super::here;
use crate::control::Outcome;
use crate::lang::ast::{CacheIngress, Peer, Ref, ServiceKind, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::group::Group;
use crate::world::ids::{Scope, SgId};
use crate::world::lookup::is_account;
use crate::world::service::{CacheSecurityGroup, DEFAULT_CACHE_GROUP, Ec2GroupRef, SvcKey};

/// Cache security groups per account and region, the default one included.
pub const CACHE_GROUPS_PER_REGION: usize = 50;

pub fn create_cache_group(
    world: &mut World,
    name: &Spanned<String>,
    description: &Spanned<String>,
) -> Result<Outcome, Diagnostic> {
    let text = name.node.as_str();
    let invalid = |why: &str| {
        Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid value '{text}' for parameter CacheSecurityGroupName: {why}"),
        )
        .at(name.span)
    };
    if text.is_empty() || text.chars().count() > crate::control::validate::MAX_TEXT {
        return Err(invalid("it must be 1 to 255 characters").label("1 to 255 characters"));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(invalid("it holds letters, digits and hyphens only")
            .label(format!("'{bad}' is not allowed"))
            .help("use letters, digits and hyphens"));
    }
    if text.eq_ignore_ascii_case(DEFAULT_CACHE_GROUP) {
        return Err(invalid("it cannot be the word Default")
            .label("reserved")
            .help("every account and region has a default cache security group already"));
    }
    let lower = text.to_ascii_lowercase();
    let scope = world.scope.clone();
    let key = SvcKey::new(&scope, &lower);
    if world.services.cache_groups.contains_key(&key) {
        return Err(Diagnostic::new(
            "CacheSecurityGroupAlreadyExists",
            "A cache security group with the specified name already exists.",
        )
        .at(name.span)
        .label(format!("{lower} exists in {scope}")));
    }
    let count = world
        .services
        .cache_groups
        .values()
        .filter(|g| g.scope == scope)
        .count();
    if count >= CACHE_GROUPS_PER_REGION {
        return Err(Diagnostic::new(
            "QuotaExceeded.CacheSecurityGroup",
            "The request cannot be processed because it would exceed the allowed number of \
             cache security groups.",
        )
        .at(name.span)
        .label(format!(
            "at most {CACHE_GROUPS_PER_REGION} per account and region"
        )));
    }
    crate::control::validate::text_length(description, "Description")?;
    let desc = description.node.trim();
    if desc.is_empty() {
        return Err(Diagnostic::new(
            "MissingParameter",
            "The request must contain the parameter Description",
        )
        .at(description.span));
    }
    world.services_mut().cache_groups.insert(
        key,
        CacheSecurityGroup {
            name: lower.clone(),
            scope,
            description: desc.to_string(),
            authorized: Vec::new(),
            is_default: false,
        },
    );
    Ok(Outcome::ok(format!(
        "ok: created cache security group {lower}: no EC2 group is authorized yet"
    )))
}

pub fn delete_cache_group(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let g = world.resolve_cache_group(r)?;
    here(world, &g.scope, ServiceKind::CacheGroup, r)?;
    let state = || {
        Diagnostic::new(
            "InvalidCacheSecurityGroupState",
            "The current state of the cache security group does not allow deletion.",
        )
        .at(r.span)
    };
    if g.is_default {
        return Err(state()
            .label("the default cache security group")
            .help("the default cache security group cannot be deleted"));
    }
    let user = world
        .services
        .cache_clusters
        .values()
        .find(|c| c.scope == g.scope && c.cache_groups().contains(&g.name));
    if let Some(c) = user {
        return Err(state()
            .label(format!("cache cluster {} uses it", c.name))
            .help(format!("delete cache-cluster {} first", c.name)));
    }
    let key = SvcKey::new(&g.scope, &g.name);
    let name = g.name.clone();
    world.services_mut().cache_groups.remove(&key);
    Ok(Outcome::ok(format!(
        "ok: deleted cache security group {name}"
    )))
}

/// The EC2 group of a `cache-ingress` command: its name and owner account. The group must be an
/// EC2-Classic group of that account in this region when it is authorized; a revoke goes by the
/// name alone, so an authorization outlives its group.
fn ec2_group(
    world: &World,
    ingress: &CacheIngress,
    must_exist: bool,
) -> Result<Ec2GroupRef, Diagnostic> {
    let r = match &ingress.ec2_group.node {
        Peer::Cidr(text) => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "{text} is an address range: access control based on IP range is not \
                     enabled at the cluster level"
                ),
            )
            .at(ingress.ec2_group.span)
            .label("cache security groups authorize EC2 security groups, never CIDRs")
            .help("authorize the EC2 security group of the instances: from GROUP owner ACCOUNT"));
        }
        Peer::Group(r) => r,
        Peer::PrefixList(r) => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "{r} is a prefix list: cache security groups authorize EC2 security groups"
                ),
            )
            .at(ingress.ec2_group.span)
            .label("cache security groups authorize EC2 security groups, never prefix lists")
            .help("authorize the EC2 security group of the instances: from GROUP owner ACCOUNT"));
        }
    };
    let owner = match (&ingress.owner, r.qualifier.as_deref()) {
        (Some(o), _) => {
            if !is_account(&o.node) {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    format!(
                        "Invalid value '{}' for parameter EC2SecurityGroupOwnerId: an account \
                         number is 12 digits",
                        o.node
                    ),
                )
                .at(o.span)
                .label("not an account number")
                .help("the owner is the AWS account number (123456789012), not an access key"));
            }
            o.node.clone()
        }
        (None, Some(q)) if is_account(q) => q.to_string(),
        (None, _) => world.scope.account.clone(),
    };
    let scope = Scope::new(owner.clone(), world.scope.region.clone());
    let found = classic_group(world, &scope, &r.name);
    match found {
        Some(g) => Ok(Ec2GroupRef {
            name: g.name.clone(),
            owner,
        }),
        None if !must_exist && !r.name.starts_with("sg-") => Ok(Ec2GroupRef {
            name: r.name.clone(),
            owner,
        }),
        None => Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "EC2 security group {} of account {owner} does not exist in EC2-Classic ({})",
                r.name, scope.region
            ),
        )
        .at(r.span)
        .label("no such EC2-Classic group")
        .help(
            "cache security groups authorize EC2-Classic groups (create group NAME \"…\" classic); \
             instances in a VPC cannot reach a Classic cluster",
        )),
    }
}

/// The EC2-Classic group `name` (or id) of an account and region.
fn classic_group<'w>(world: &'w World, scope: &Scope, name: &str) -> Option<&'w Group> {
    if name.starts_with("sg-")
        && let Some(g) = world.groups.get(&SgId(name.to_string()))
    {
        return (g.is_classic() && &g.scope == scope).then_some(g);
    }
    world
        .index
        .group_names
        .get(&name.trim().to_lowercase())
        .into_iter()
        .flatten()
        .filter_map(|id| world.groups.get(id))
        .find(|g| g.is_classic() && &g.scope == scope)
}

fn here_cache_group(world: &World, r: &Ref) -> Result<SvcKey, Diagnostic> {
    let g = world.resolve_cache_group(r)?;
    here(world, &g.scope, ServiceKind::CacheGroup, r)?;
    Ok(SvcKey::new(&g.scope, &g.name))
}

fn same(a: &Ec2GroupRef, b: &Ec2GroupRef) -> bool {
    a.owner == b.owner && a.name.eq_ignore_ascii_case(&b.name)
}

pub fn authorize(world: &mut World, ingress: &CacheIngress) -> Result<Outcome, Diagnostic> {
    let key = here_cache_group(world, &ingress.cache_group)?;
    let ec2 = ec2_group(world, ingress, true)?;
    let Some(group) = world.services_mut().cache_groups.get_mut(&key) else {
        return Err(
            crate::world::service::lookup::not_found(ServiceKind::CacheGroup, &key.name)
                .at(ingress.cache_group.span),
        );
    };
    if group.authorized.iter().any(|a| same(a, &ec2)) {
        return Err(Diagnostic::new(
            "AuthorizationAlreadyExists",
            "The specified Amazon EC2 security group is already authorized for the specified \
             cache security group.",
        )
        .at(ingress.ec2_group.span)
        .label(format!(
            "{} ({}) is authorized already",
            ec2.name, ec2.owner
        )));
    }
    let text = format!(
        "ok: authorized EC2 group {} of {} in cache security group {}",
        ec2.name, ec2.owner, group.name
    );
    group.authorized.push(ec2);
    Ok(Outcome::ok(text))
}

pub fn revoke(world: &mut World, ingress: &CacheIngress) -> Result<Outcome, Diagnostic> {
    let key = here_cache_group(world, &ingress.cache_group)?;
    let ec2 = ec2_group(world, ingress, false)?;
    let Some(group) = world.services_mut().cache_groups.get_mut(&key) else {
        return Err(
            crate::world::service::lookup::not_found(ServiceKind::CacheGroup, &key.name)
                .at(ingress.cache_group.span),
        );
    };
    let Some(pos) = group.authorized.iter().position(|a| same(a, &ec2)) else {
        return Err(Diagnostic::new(
            "AuthorizationNotFound",
            "The specified Amazon EC2 security group is not authorized for the specified cache \
             security group.",
        )
        .at(ingress.ec2_group.span)
        .label(format!("{} ({}) is not authorized", ec2.name, ec2.owner)));
    };
    group.authorized.remove(pos);
    Ok(Outcome::ok(format!(
        "ok: revoked EC2 group {} of {} from cache security group {}",
        ec2.name, ec2.owner, group.name
    )))
}

/// `modify cache-cluster NAME cache-groups …`: replaces the cache security groups of an
/// EC2-Classic cluster (ModifyCacheCluster's CacheSecurityGroupNames). A VPC cluster has none.
pub fn modify_cluster_cache_groups(
    world: &mut World,
    r: &Ref,
    refs: &[Ref],
) -> Result<Outcome, Diagnostic> {
    let cluster = world.resolve_cache_cluster(r)?;
    here(world, &cluster.scope, ServiceKind::CacheCluster, r)?;
    if !cluster.is_classic() {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            "Use of cache security groups is not permitted in along with cache subnet group \
             and/or security group Ids.",
        )
        .at(r.span)
        .label(format!("cache cluster {} is in a VPC", cluster.name))
        .help(format!(
            "a VPC cluster's access is its VPC groups: modify cache-cluster {} groups …",
            cluster.name
        )));
    }
    if let Some(rg) = &cluster.replication_group {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            format!(
                "Cache cluster {} is a member of replication group {rg}: its cache security \
                 groups are the replication group's",
                cluster.name
            ),
        )
        .at(r.span));
    }
    let key = cluster.key();
    let mut names: Vec<String> = Vec::with_capacity(refs.len());
    for g in refs {
        let group = world.resolve_cache_group(g)?;
        here(world, &group.scope, ServiceKind::CacheGroup, g)?;
        if !names.contains(&group.name) {
            names.push(group.name.clone());
        }
    }
    let text = names.join(", ");
    world.set_cache_groups(&key, names);
    Ok(Outcome::ok(format!(
        "ok: cache cluster {} now has cache groups {text}",
        key.name
    )))
}
