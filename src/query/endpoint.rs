//! A probe's endpoints: what `internet`, a literal address or a name stands for, and which address
//! family the packet takes.
//!
//! An address that is the private address of exactly one interface in the current account and
//! region's networks (or a VPC peered with one of them), or the public, Elastic or IPv6 address
//! of an interface, is that interface (reached by that very address). Any other address is a
//! host outside AWS. Names resolve to an instance's primary interface, else to a managed
//! service's interface (a cache cluster's node, a replication group's primary, a DB instance, a DB
//! cluster's writer: see `services`), else to a named interface. Resolution happens once, when
//! the probe is asked; deciding reads the world again, so a probe can be asked of several worlds.

use crate::dataplane::{End, Packet, family_of};
use crate::vocab::{Diagnostic, Endpoint, EniId, Family, Probe, Ref, Spanned, Via, VpcId};
use crate::world::compiled::NONE;
use crate::world::instance::Eni;
use crate::world::{NetHome, World};
use std::net::IpAddr;

/// One resolved endpoint: what it is, the label traces show for it (the text as written), and
/// its handle in the compiled index (`NONE` when it has none).
pub struct Resolved {
    pub end: End,
    pub label: String,
    pub handle: u32,
}

/// Resolves one endpoint. A name that is one instance's of the current account and region is
/// found in the compiled index; everything else by the world's lookups.
pub fn resolve(world: &World, ep: &Spanned<Endpoint>) -> Result<Resolved, Diagnostic> {
    if let Endpoint::Object(r) = &ep.node
        && r.qualifier.is_none()
        // A name written as an instance id is looked up as one.
        && !r.name.starts_with("i-")
        && let Some(c) = world.compiled()
        && let Some((handle, id)) = c.instance_named(&world.scope, &r.name)
    {
        let end = End::Eni {
            id: id.clone(),
            addr: None,
        };
        let label = r.name.clone();
        return Ok(Resolved { end, label, handle });
    }
    let (end, label) = resolve_slowly(world, ep)?;
    let handle = handle(world, &end);
    Ok(Resolved { end, label, handle })
}

fn resolve_slowly(world: &World, ep: &Spanned<Endpoint>) -> Result<(End, String), Diagnostic> {
    match &ep.node {
        Endpoint::Internet => Ok((End::Internet, "internet".to_string())),
        Endpoint::Address(text) => {
            let text = text.trim();
            let addr: IpAddr = text.parse().map_err(|_| {
                Diagnostic::new(
                    "InvalidParameterValue",
                    format!("'{text}' is not an IP address"),
                )
                .at(ep.span)
                .help("write an address such as 203.0.113.7 or 2001:db8::7, or name an instance")
            })?;
            Ok((by_address(world, addr, ep)?, text.to_string()))
        }
        Endpoint::Object(r) => Ok((by_name(world, r)?, r.to_string())),
    }
}

fn by_address(world: &World, addr: IpAddr, ep: &Spanned<Endpoint>) -> Result<End, Diagnostic> {
    // The current account and region's networks, and the VPCs peered with them: a private
    // address there is reachable from here.
    let here = |v: &VpcId| world.vpcs.get(v).is_some_and(|v| v.scope == world.scope);
    let mut homes: Vec<NetHome> = world
        .vpcs
        .values()
        .filter(|v| v.scope == world.scope)
        .map(|v| NetHome::Vpc(v.id.clone()))
        .collect();
    for p in world.peerings.values() {
        for (a, b) in [(&p.requester, &p.accepter), (&p.accepter, &p.requester)] {
            let home = NetHome::Vpc(b.clone());
            if here(a) && !here(b) && !homes.contains(&home) {
                homes.push(home);
            }
        }
    }
    homes.push(NetHome::Classic(world.scope.region.clone()));
    let mut found: Vec<&Eni> = homes
        .iter()
        .filter_map(|h| world.eni_by_private(h, addr))
        .collect();
    found.sort_by_key(|e| e.seq);
    match found.as_slice() {
        [one] => Ok(End::Eni {
            id: one.id.clone(),
            addr: Some(addr),
        }),
        [] => Ok(match world.eni_by_public(addr) {
            Some(e) => End::Eni {
                id: e.id.clone(),
                addr: Some(addr),
            },
            None => End::Host(addr),
        }),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|e| format!("{} ({}, {})", e.id, e.name, network_name(world, e)))
                .collect();
            Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "{addr} is the private address of several network interfaces: {}",
                    list.join(", ")
                ),
            )
            .at(ep.span)
            .label("which one?")
            .help("name the instance or the network interface instead"))
        }
    }
}

/// `vpc prod`, or `EC2-Classic`, for messages.
fn network_name(world: &World, eni: &Eni) -> String {
    match &eni.vpc {
        Some(v) => format!("vpc {}", world.vpc_name(v)),
        None => format!("EC2-Classic ({})", eni.scope.region),
    }
}

fn not_found(code: &str) -> bool {
    code.ends_with(".NotFound")
}

fn by_name(world: &World, r: &Ref) -> Result<End, Diagnostic> {
    let missing = || {
        Diagnostic::new(
            "InvalidEndpoint.NotFound",
            format!("The endpoint '{r}' does not exist"),
        )
        .at(r.span)
        .help(
            "name an instance, a network interface, a cache cluster (or node: redis-1#2), a \
             replication group, a DB instance or a DB cluster, write an address, or internet",
        )
    };
    let eni = |id: &EniId| End::Eni {
        id: id.clone(),
        addr: None,
    };
    let instance = match world.resolve_instance(r) {
        Ok(instance) => Some(instance),
        Err(e) if not_found(&e.code) => None,
        Err(e) => return Err(e),
    };
    // An instance of the current account and region wins; else a service object (of the current
    // account and region before one elsewhere); else a network interface.
    let here = |scope: &crate::world::ids::Scope| *scope == world.scope;
    if let Some(i) = instance.filter(|i| here(&i.scope)) {
        return i.primary_eni().map(eni).ok_or_else(missing);
    }
    let service = super::services::endpoint(world, r).transpose()?;
    match (instance, service) {
        (Some(i), Some((_, scope))) if !here(&scope) => {
            i.primary_eni().map(eni).ok_or_else(missing)
        }
        (_, Some((id, _))) => Ok(eni(&id)),
        (Some(i), None) => i.primary_eni().map(eni).ok_or_else(missing),
        (None, None) => match world.resolve_eni(r) {
            Ok(found) => Ok(eni(&found.id)),
            Err(e) if not_found(&e.code) => Err(match nearest_endpoint(world, &r.name) {
                Some(name) => missing().help(format!("did you mean '{name}'?")),
                None => missing(),
            }),
            Err(e) => Err(e),
        },
    }
}

/// The endpoint name of the current account and region nearest to a misspelt one: instances,
/// named interfaces, cache clusters, replication groups, DB instances and DB clusters.
fn nearest_endpoint<'w>(world: &'w World, name: &str) -> Option<&'w str> {
    let here = |scope: &crate::world::ids::Scope| *scope == world.scope;
    let services = &world.services;
    let keys = services
        .cache_clusters
        .keys()
        .chain(services.replication_groups.keys())
        .chain(services.db_instances.keys())
        .chain(services.db_clusters.keys())
        .filter(|k| here(&k.scope))
        .map(|k| k.name.as_str());
    let instances = world
        .instances
        .values()
        .filter(|i| here(&i.scope))
        .map(|i| i.name.as_str());
    let enis = world
        .enis
        .values()
        .filter(|e| here(&e.scope) && e.device_index > 0 && e.owner.is_none())
        .map(|e| e.name.as_str());
    crate::vocab::suggest::did_you_mean(name, instances.chain(enis).chain(keys))
        .filter(|best| *best != name)
}

/// The packet's address family. A literal source address decides; else a literal destination
/// address; else the protocol (ICMPv6 is IPv6); else IPv4.
pub fn family(from: &End, to: &End, packet: Packet, probe: &Probe) -> Result<Family, Diagnostic> {
    let family = match (from.literal().map(family_of), to.literal().map(family_of)) {
        (Some(a), Some(b)) if a != b => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!("the source is an {a} address and the destination an {b} one"),
            )
            .at(probe.to.span)
            .label("a packet has one address family")
            .help("use two addresses of the same family"));
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => packet.own_family().unwrap_or(Family::V4),
    };
    match packet.own_family() {
        Some(own) if own != family => {
            let (write, other) = match own {
                Family::V4 => ("icmpv6", "icmp"),
                Family::V6 => ("icmp", "icmpv6"),
            };
            Err(Diagnostic::new(
                "InvalidParameterValue",
                format!("{other} is an {own} protocol, and this packet is {family}"),
            )
            .at(probe.packet.span)
            .help(format!("write {write} for an {family} packet")))
        }
        _ => Ok(family),
    }
}

/// Checks `via` against the destination: it chooses among an interface's addresses, and must not
/// contradict an address the destination was written as.
pub fn check_via(world: &World, to: &End, via: Option<&Spanned<Via>>) -> Result<(), Diagnostic> {
    let Some(via) = via else { return Ok(()) };
    let word = match via.node {
        Via::Public => "public",
        Via::Private => "private",
    };
    match to {
        End::Eni { id, addr } => {
            let Some(eni) = world.enis.get(id) else {
                return Ok(());
            };
            let Some(IpAddr::V4(a)) = addr else {
                return Ok(());
            };
            let private = *a == eni.private_ip;
            if private == (via.node == Via::Private) {
                return Ok(());
            }
            let kind = if private { "private" } else { "public" };
            Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "{a} is the {kind} address of {}: via {word} contradicts it",
                    eni.name
                ),
            )
            .at(via.span)
            .help(format!("leave via out, or name {} instead", eni.name)))
        }
        _ => Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("via {word} chooses among an interface's addresses, and the destination is not an interface"),
        )
        .at(via.span)
        .help("leave via out")),
    }
}

/// The endpoint's handle in the world's compiled index (`NONE` when it has none), for the data
/// plane to find it without a lookup by id.
fn handle(world: &World, end: &End) -> u32 {
    match (end, world.compiled()) {
        (End::Eni { id, .. }, Some(c)) => c.eni_handle(id).unwrap_or(NONE),
        _ => NONE,
    }
}
