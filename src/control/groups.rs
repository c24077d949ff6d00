//! Creating and deleting security groups.

use super::{Outcome, here_vpc, must_be_here, validate};
use crate::lang::ast::{GroupPlace, Ref, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::group::Group;
use crate::world::ids::SgId;
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
    let lname = crate::world::lookup::name_key(&gname);
    let taken = world
        .index
        .group_names
        .get(lname.as_ref())
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
    // The message, written out: a world is made of thousands of these.
    let mut message = String::with_capacity(64 + gname.len());
    for part in ["ok: created group ", &gname, " (", id.as_str(), ") in "] {
        message.push_str(part);
    }
    match &vpc {
        Some(v) => {
            message.push_str("vpc ");
            message.push_str(world.vpc_name(v));
        }
        None => message.push_str("EC2-Classic"),
    }
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
    Ok(Outcome::ok(message))
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
    if g.is_classic()
        && let Some(eni) = world.members(&id).next()
    {
        return Err(Diagnostic::new(
            "InvalidGroup.InUse",
            format!(
                "There are active instances using security group '{}'",
                g.name
            ),
        )
        .at(r.span)
        .label(format!("attached to {} ({})", eni.name, eni.id))
        .help("move its instances to other groups or terminate them"));
    }
    // EC2-Classic: a group referenced by any Classic group of the region, of any account, cannot
    // be deleted (AWS-SEMANTICS §4.6, §8).
    if g.is_classic() {
        let region = &g.scope.region;
        let referrer = world
            .referrers(&id)
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
    let dependents = super::dependents::of(world, g);
    if let Some(first) = dependents.first() {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("resource {id} has a dependent object"),
        )
        .at(r.span)
        .label(first.what.clone())
        .help(super::dependents::help(&dependents)));
    }
    let name = g.name.clone();
    world.remove_group(&id);
    Ok(Outcome::ok(format!("ok: deleted group {name} ({id})")))
}
