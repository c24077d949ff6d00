//! Creating and deleting security groups.

use super::{Outcome, here_vpc, must_be_here, validate};
use crate::lang::ast::{GroupPlace, Ref, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::group::{Group, RulePeer};
use crate::world::ids::SgId;
use crate::world::instance::Eni;
use crate::world::service::{EniOwner, SvcKey};
use crate::world::{GroupHome, World};

/// VPC security groups per account and region (AWS's default quota).
pub const VPC_GROUPS_PER_REGION: usize = 2500;
/// EC2-Classic security groups per account and region.
pub const CLASSIC_GROUPS_PER_REGION: usize = 500;

pub fn create(
    world: &mut World,
    name: &Spanned<String>,
    description: &Spanned<String>,
    place: &GroupPlace,
    pinned: Option<&Spanned<String>>,
) -> Result<Outcome, Diagnostic> {
    let scope = world.scope.clone();
    let (vpc, classic) = match place {
        GroupPlace::Classic => (None, true),
        GroupPlace::DefaultVpc => match world.default_vpc() {
            Some(v) => (Some(v.id.clone()), false),
            None => {
                return Err(Diagnostic::new(
                    "VPCIdNotSpecified",
                    "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.",
                )
                .at(name.span)
                .help("say which VPC: create group NAME \"…\" in VPC"));
            }
        },
        GroupPlace::Vpc(r) => {
            let v = here_vpc(world, r)?;
            (Some(v.id.clone()), false)
        }
    };
    let gname = validate::group_name(name, classic)?;
    let desc = validate::group_description(description, classic)?;
    let home = match &vpc {
        Some(v) => GroupHome::Vpc(v.clone()),
        None => GroupHome::Classic(scope.clone()),
    };
    let lname = gname.to_lowercase();
    let taken = world
        .index
        .group_names
        .get(&lname)
        .into_iter()
        .flatten()
        .filter_map(|id| world.groups.get(id))
        .any(|g| world.group_home(g) == home);
    if taken {
        let msg = match &vpc {
            Some(v) => format!("The security group '{gname}' already exists for VPC '{v}'"),
            None => format!("The security group '{gname}' already exists"),
        };
        return Err(Diagnostic::new("InvalidGroup.Duplicate", msg)
            .at(name.span)
            .label("name taken (names are case-insensitive)"));
    }
    let (count, quota) = if classic {
        let n = world
            .groups
            .values()
            .filter(|g| g.vpc.is_none() && g.scope == scope)
            .count();
        (n, CLASSIC_GROUPS_PER_REGION)
    } else {
        let n = world
            .index
            .vpc_groups_per_scope
            .get(&scope)
            .copied()
            .unwrap_or(0);
        (n, VPC_GROUPS_PER_REGION)
    };
    if count >= quota {
        return Err(Diagnostic::new(
            "SecurityGroupLimitExceeded",
            "The maximum number of security groups has been reached.",
        )
        .at(name.span)
        .help(format!("{quota} groups per region; delete one first")));
    }
    let id = match pinned {
        Some(p) => {
            let id = validate::pinned_group_id(p)?;
            if world.groups.contains_key(&SgId(id.clone())) {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    format!("The security group ID '{id}' is already in use"),
                )
                .at(p.span)
                .label("id taken"));
            }
            SgId(id)
        }
        None => SgId(world.mint(SgId::PREFIX)),
    };
    let ipv6 = vpc
        .as_ref()
        .and_then(|v| world.vpcs.get(v))
        .is_some_and(|v| v.ipv6.is_some());
    let egress = if classic {
        Vec::new()
    } else {
        world.default_egress(ipv6)
    };
    let seq = world.next_seq();
    let place_text = match &vpc {
        Some(v) => format!("vpc {}", world.vpc_name(v)),
        None => "EC2-Classic".to_string(),
    };
    world.add_group(Group {
        id: id.clone(),
        name: gname.clone(),
        description: desc,
        scope,
        vpc,
        is_default: false,
        ingress: Vec::new(),
        egress,
        seq,
    });
    Ok(Outcome::ok(format!(
        "ok: created group {gname} ({id}) in {place_text}"
    )))
}

pub fn delete(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let g = world.resolve_group(r, None)?;
    must_be_here(
        world,
        &g.scope,
        "InvalidGroup.NotFound",
        "security group",
        r,
    )?;
    let id = g.id.clone();
    if g.is_default {
        return Err(if g.is_classic() {
            Diagnostic::new(
                "InvalidGroup.Reserved",
                "The security group 'default' is reserved",
            )
            .at(r.span)
        } else {
            Diagnostic::new(
                "CannotDelete",
                format!(
                    "the specified group: \"{id}\" name: \"default\" cannot be deleted by a user"
                ),
            )
            .at(r.span)
            .help("a VPC's default group is deleted with its VPC")
        });
    }
    if let Some(db) = world.db_cluster_using(&id) {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("resource {id} has a dependent object"),
        )
        .at(r.span)
        .label(format!("DB cluster {} uses it", db.name))
        .help(format!(
            "modify db-cluster {} groups … to other groups, or delete it",
            db.name
        )));
    }
    if let Some(eni) = world.members(&id).find(|e| e.owner.is_some()) {
        let (user, modify) = service_user(world, eni);
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("resource {id} has a dependent object"),
        )
        .at(r.span)
        .label(format!("{user} uses it ({}, {})", eni.name, eni.id))
        .help(format!("{modify} groups … to other groups, or delete it")));
    }
    if let Some(eni) = world.members(&id).next() {
        let (code, msg) = if g.is_classic() {
            (
                "InvalidGroup.InUse",
                format!(
                    "There are active instances using security group '{}'",
                    g.name
                ),
            )
        } else {
            (
                "DependencyViolation",
                format!("resource {id} has a dependent object"),
            )
        };
        return Err(Diagnostic::new(code, msg)
            .at(r.span)
            .label(format!("attached to {} ({})", eni.name, eni.id))
            .help(
                "move its instances to other groups (modify instance … groups …) or terminate them",
            ));
    }
    // EC2-Classic: a group referenced by any Classic group of the region, of any account, cannot
    // be deleted (AWS-SEMANTICS §4.6, §8).
    if g.is_classic() {
        let region = &g.scope.region;
        let referrer = world
            .groups
            .values()
            .filter(|other| {
                other.id != id
                    && other.is_classic()
                    && &other.scope.region == region
                    && other
                        .ingress
                        .iter()
                        .any(|rule| rule.peer.group_id() == Some(&id))
            })
            .min_by_key(|other| other.seq);
        if let Some(other) = referrer {
            return Err(Diagnostic::new(
                "InvalidGroup.InUse",
                format!(
                    "Group {}:{} is used by groups: {}:{}",
                    g.scope.account, g.name, other.scope.account, other.name
                ),
            )
            .at(r.span)
            .label(format!(
                "referenced by {} ({}) of account {}",
                other.name, other.id, other.scope.account
            ))
            .help("EC2-Classic groups that other groups reference cannot be deleted: revoke those rules first"));
        }
    }
    // A reference from another group in the same VPC blocks the delete; a reference from
    // another VPC does not (the rule becomes stale).
    let home = world.group_home(g);
    // The oldest referrer is named, so the message does not depend on the map's order.
    let referrer = world
        .groups
        .values()
        .filter_map(|other| {
            if other.id == id || world.group_home(other) != home {
                return None;
            }
            other
                .all_rules()
                .find(
                    |(_, rule)| matches!(&rule.peer, RulePeer::Group { id: gid, .. } if *gid == id),
                )
                .map(|(dir, rule)| (other, dir, rule))
        })
        .min_by_key(|(other, _, _)| other.seq);
    if let Some((other, dir, rule)) = referrer {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("resource {id} has a dependent object"),
        )
        .at(r.span)
        .label(format!(
            "referenced by {} rule {} of {}",
            dir.as_str(),
            rule.id,
            other.name
        ))
        .help(format!("revoke rule {} first", rule.id)));
    }
    let name = g.name.clone();
    world.remove_group(&id);
    Ok(Outcome::ok(format!("ok: deleted group {name} ({id})")))
}

/// What a service's interface belongs to, and the command that changes its groups.
fn service_user(world: &World, eni: &Eni) -> (String, String) {
    match &eni.owner {
        Some(EniOwner::CacheNode { cluster, .. }) => {
            let rg = world
                .services
                .cache_clusters
                .get(&SvcKey::new(&eni.scope, cluster))
                .and_then(|c| c.replication_group.clone());
            let modify = match rg {
                Some(rg) => format!("modify replication-group {rg}"),
                None => format!("modify cache-cluster {cluster}"),
            };
            (format!("cache cluster {cluster}"), modify)
        }
        Some(EniOwner::DbInstance { name }) => (
            format!("DB instance {name}"),
            format!("modify db-instance {name}"),
        ),
        None => (eni.name.clone(), format!("modify eni {}", eni.id)),
    }
}
