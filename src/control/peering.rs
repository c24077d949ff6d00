//! VPC peering connections: `create peering` (CreateVpcPeeringConnection, accepted at once) and
//! `delete peering` (DeleteVpcPeeringConnection), AWS-SEMANTICS §4 and §5.
//!
//! A peering joins a VPC of the current account and region (it owns the peering) with any other
//! VPC, of any account or region, whose CIDR blocks do not overlap its own. Creating or deleting
//! one changes which cross-VPC group references are stale; the reply says how many.

use super::{Outcome, here_vpc, must_be_here, validate};
use crate::lang::ast::{Ref, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::{PcxId, VpcId};
use crate::world::network::Vpc;
use crate::world::peering::Peering;

fn overlap(a: &Vpc, b: &Vpc) -> Option<String> {
    if a.cidr.contains(&b.cidr) || b.cidr.contains(&a.cidr) {
        return Some(format!("{} and {}", a.cidr, b.cidr));
    }
    match (a.ipv6, b.ipv6) {
        (Some(x), Some(y)) if x.contains(&y) || y.contains(&x) => Some(format!("{x} and {y}")),
        _ => None,
    }
}

/// The rules of one VPC's groups that reference a group of the other VPC, counted both ways.
fn references_between(world: &World, a: &VpcId, b: &VpcId) -> usize {
    let count = |from: &VpcId, to: &VpcId| -> usize {
        world
            .groups_of(from)
            .iter()
            .flat_map(|g| g.all_rules())
            .filter(|(_, r)| {
                r.peer
                    .group_id()
                    .and_then(|id| world.groups.get(id))
                    .is_some_and(|g| g.vpc.as_ref() == Some(to))
            })
            .count()
    };
    count(a, b) + count(b, a)
}

fn rules(n: usize) -> String {
    if n == 1 {
        "1 rule that references a group across it is".to_string()
    } else {
        format!("{n} rules that reference groups across it are")
    }
}

/// `vpc prod (10.0.0.0/16)`, with the account and region when they are not the current ones.
fn vpc_label(world: &World, v: &Vpc) -> String {
    let mut out = format!("vpc {} ({})", v.name, v.cidr);
    if v.scope != world.scope {
        out.push_str(&format!(" of {}", v.scope));
    }
    out
}

pub fn create(
    world: &mut World,
    name: &Spanned<String>,
    requester: &Ref,
    accepter: &Ref,
) -> Result<Outcome, Diagnostic> {
    let pname = validate::object_name(name, "peering")?;
    let a = here_vpc(world, requester)?;
    let b = world.resolve_vpc(accepter)?;
    let scope = world.scope.clone();
    let taken = world
        .index
        .peering_names
        .get(&pname)
        .into_iter()
        .flatten()
        .filter_map(|id| world.peerings.get(id))
        .any(|p| p.scope == scope);
    if taken {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("A peering named '{pname}' already exists in {scope}"),
        )
        .at(name.span)
        .label("name taken"));
    }
    if a.id == b.id {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "A VPC peering connection cannot join vpc {} ({}) with itself",
                a.name, a.id
            ),
        )
        .at(accepter.span)
        .label("the same VPC")
        .help("peer two different VPCs"));
    }
    if let Some(p) = world.peering_between(&a.id, &b.id) {
        return Err(Diagnostic::new(
            "VpcPeeringConnectionAlreadyExists",
            format!(
                "A VPC peering connection already exists between {} and {}",
                a.id, b.id
            ),
        )
        .at(accepter.span)
        .label(format!("peering {} ({})", p.name, p.id)));
    }
    if let Some(both) = overlap(a, b) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "The CIDR blocks of {} and {} overlap ({both}): peered VPCs cannot have \
                 overlapping CIDR blocks",
                a.id, b.id
            ),
        )
        .at(accepter.span)
        .label("overlaps the first VPC")
        .help("peer VPCs whose address ranges are apart"));
    }
    let same_region = a.scope.region == b.scope.region;
    let (aid, bid) = (a.id.clone(), b.id.clone());
    let (alabel, blabel) = (vpc_label(world, a), vpc_label(world, b));
    let revived = references_between(world, &aid, &bid);
    let id = PcxId(world.mint(PcxId::PREFIX));
    let seq = world.next_seq();
    world.add_peering(Peering {
        id: id.clone(),
        name: pname.clone(),
        scope,
        requester: aid,
        accepter: bid,
        seq,
    });
    let mut msg =
        format!("ok: created peering {pname} ({id}), active, between {alabel} and {blabel}");
    if same_region {
        msg.push_str("; groups may reference each other's groups across it");
    } else {
        msg.push_str("; inter-region: rules must use the other VPC's CIDR, not its groups");
    }
    if revived > 0 {
        msg.push_str(&format!("; {} no longer stale", rules(revived)));
    }
    Ok(Outcome::ok(msg))
}

pub fn delete(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let p = world.resolve_peering(r)?;
    must_be_here(
        world,
        &p.scope,
        "InvalidVpcPeeringConnectionID.NotFound",
        "vpc peering connection ID",
        r,
    )?;
    let (id, name) = (p.id.clone(), p.name.clone());
    let stale = references_between(world, &p.requester, &p.accepter);
    world.remove_peering(&id);
    let mut msg = format!("ok: deleted peering {name} ({id})");
    if stale > 0 {
        msg.push_str(&format!("; {} now stale (show stale)", rules(stale)));
    }
    Ok(Outcome::ok(msg))
}
