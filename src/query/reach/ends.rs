//! The endpoints of the whole-world questions: instances (EC2-Classic ones too), interfaces that
//! are not an instance's primary, cache nodes (`cluster#k`) and DB instances, in creation order,
//! kept to a scope (the current account and region, one VPC, or everywhere) and narrowed by sets
//! (`group NAME`, `subnet NAME`, `vpc NAME` or one endpoint).

use super::super::endpoint;
use crate::dataplane::End;
use crate::lang::ast::{EndSet, ReachScope};
use crate::vocab::{Diagnostic, EniId, Spanned};
use crate::world::World;
use crate::world::hash::FastMap;
use crate::world::instance::Eni;
use crate::world::service::EniOwner;

/// One endpoint: its interface and the name the answers show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ends {
    pub ids: Vec<EniId>,
    pub names: Vec<String>,
}

/// The name an interface goes by as an endpoint.
fn name_of(world: &World, eni: &Eni) -> String {
    match (&eni.owner, &eni.instance) {
        (Some(EniOwner::CacheNode { cluster, node }), _) => format!("{cluster}#{node}"),
        (Some(EniOwner::DbInstance { name }), _) => name.clone(),
        (None, Some(i)) if eni.device_index == 0 => world
            .instances
            .get(i)
            .map_or_else(|| eni.name.clone(), |i| i.name.clone()),
        _ if eni.name.is_empty() => eni.id.to_string(),
        _ => eni.name.clone(),
    }
}

/// Every endpoint of the scope, in creation order.
pub fn listed(world: &World, scope: &ReachScope) -> Result<Ends, Diagnostic> {
    let vpc = match scope {
        ReachScope::Vpc(r) => Some(world.resolve_vpc(r)?.id.clone()),
        _ => None,
    };
    let mut enis: Vec<&Eni> = world
        .enis
        .values()
        .filter(|e| match scope {
            ReachScope::Here => e.scope == world.scope,
            ReachScope::Vpc(_) => e.vpc == vpc,
            ReachScope::Everywhere => true,
        })
        .collect();
    enis.sort_by_key(|e| e.seq);
    Ok(Ends {
        ids: enis.iter().map(|e| e.id.clone()).collect(),
        names: enis.iter().map(|e| name_of(world, e)).collect(),
    })
}

/// The endpoints of `ends` that belong to `set`.
pub fn narrowed(world: &World, ends: &Ends, set: &EndSet) -> Result<Vec<usize>, Diagnostic> {
    let keep: Box<dyn Fn(&Eni) -> bool> = match set {
        EndSet::Group(r) => {
            let g = world.resolve_group(r, None)?.id.clone();
            Box::new(move |e: &Eni| e.groups.contains(&g))
        }
        EndSet::Subnet(r) => {
            let s = world.resolve_subnet(r)?.id.clone();
            Box::new(move |e: &Eni| e.subnet.as_ref() == Some(&s))
        }
        EndSet::Vpc(r) => {
            let v = world.resolve_vpc(r)?.id.clone();
            Box::new(move |e: &Eni| e.vpc.as_ref() == Some(&v))
        }
        EndSet::Endpoint(ep) => {
            let id = one(world, ep)?;
            Box::new(move |e: &Eni| e.id == id)
        }
    };
    Ok(ends
        .ids
        .iter()
        .enumerate()
        .filter(|(_, id)| world.enis.get(id).is_some_and(&keep))
        .map(|(k, _)| k)
        .collect())
}

/// The interface an endpoint written by name stands for, as a probe reads it.
pub fn one(world: &World, ep: &Spanned<crate::vocab::Endpoint>) -> Result<EniId, Diagnostic> {
    match endpoint::resolve(world, ep)?.end {
        End::Eni { id, .. } => Ok(id),
        _ => Err(Diagnostic::new(
            "InvalidParameterValue",
            "this endpoint is no network interface: name an instance, an interface, a cache node \
             or a DB instance",
        )
        .at(ep.span)),
    }
}

/// Each interface's position among `ends`.
pub fn positions(ends: &Ends) -> FastMap<EniId, usize> {
    ends.ids
        .iter()
        .enumerate()
        .map(|(k, id)| (id.clone(), k))
        .collect()
}
