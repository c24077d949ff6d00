//! VPCs, network ACLs, subnets and peerings, and what decides that a subnet is public: its route
//! table's route to an internet gateway, else `MapPublicIpOnLaunch` or a public address in it.

use super::proto::{acl_proto, cidr};
use super::shapes::{BlockState, name_tag};
use super::{Ctx, Kind, region_of_az};
use crate::lang::error::Diagnostic;
use crate::vocab::{AclId, Direction, PcxId, Scope, SgId, SubnetId, VpcId};
use crate::world::nacl::{AclEntry, FIRST_RULE, LAST_RULE, Nacl};
use crate::world::network::{Subnet, Vpc};
use crate::world::peering::Peering;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::collections::{HashMap, HashSet};

/// A VPC read, not yet added (its default group and ACL come first).
pub struct VpcPlan {
    pub id: String,
    pub name: String,
    pub scope: Scope,
    pub cidr: Ipv4Net,
    pub ipv6: Option<Ipv6Net>,
    pub is_default: bool,
}

/// The network ACLs: each VPC's default one and each subnet's own.
#[derive(Default)]
pub struct Acls {
    pub default: HashMap<String, AclId>,
    pub subnet: HashMap<String, AclId>,
}

pub fn read_vpcs(ctx: &mut Ctx) -> Result<Vec<VpcPlan>, Diagnostic> {
    // The region of a VPC whose folder names none: its subnets' availability zone's.
    let mut az_region: HashMap<String, String> = HashMap::new();
    for d in &ctx.docs {
        for s in d.d.subnets.iter().flatten() {
            if let Some(r) = region_of_az(&s.az) {
                az_region.entry(s.vpc.clone()).or_insert(r);
            }
        }
    }
    let mut plans: Vec<VpcPlan> = Vec::new();
    let mut seen = HashSet::new();
    for di in 0..ctx.docs.len() {
        let doc = &ctx.docs[di];
        let hint = doc.hint.clone();
        let mut skips = Vec::new();
        for (i, v) in doc.d.vpcs.iter().flatten().enumerate() {
            let at = format!("Vpcs[{i}]");
            if !seen.insert(v.id.clone()) {
                skips.push((
                    at,
                    v.id.clone(),
                    "read already from another file".to_string(),
                ));
                continue;
            }
            let net = match cidr(&v.cidr) {
                Ok(IpNet::V4(n)) => n,
                Ok(IpNet::V6(_)) => {
                    return Err(ctx.error(
                        di,
                        &format!("{at}.CidrBlock"),
                        "expected an IPv4 CIDR block",
                    ));
                }
                Err(e) => return Err(ctx.error(di, &format!("{at}.CidrBlock"), &e)),
            };
            for (j, c) in v.cidrs.iter().enumerate() {
                if BlockState::associated(&c.state) && cidr(&c.cidr).ok() != Some(IpNet::V4(net)) {
                    skips.push((
                        format!("{at}.CidrBlockAssociationSet[{j}]"),
                        format!("{} of {}", c.cidr, v.id),
                        "a secondary CIDR block: sgs simulates a VPC's primary block only".into(),
                    ));
                }
            }
            let mut ipv6 = None;
            for (j, a) in v.ipv6.iter().enumerate() {
                let (Some(text), true) = (&a.cidr, BlockState::associated(&a.state)) else {
                    continue;
                };
                match cidr(text) {
                    Ok(IpNet::V6(n)) if ipv6.is_none() => ipv6 = Some(n),
                    Ok(IpNet::V6(_)) => skips.push((
                        format!("{at}.Ipv6CidrBlockAssociationSet[{j}]"),
                        format!("{text} of {}", v.id),
                        "a second IPv6 block: sgs simulates one".into(),
                    )),
                    _ => {
                        let path = format!("{at}.Ipv6CidrBlockAssociationSet[{j}].Ipv6CidrBlock");
                        return Err(ctx.error(di, &path, "expected an IPv6 CIDR block"));
                    }
                }
            }
            let account = hint.account.clone().or_else(|| v.owner.clone());
            let region = hint
                .region
                .clone()
                .or_else(|| az_region.get(&v.id).cloned());
            let scope = Scope::new(
                account.unwrap_or_else(|| ctx.default_account.clone()),
                region.unwrap_or_else(|| ctx.default_region.clone()),
            );
            let name = name_tag(&v.tags).unwrap_or(&v.id).to_string();
            plans.push(VpcPlan {
                id: v.id.clone(),
                name,
                scope,
                cidr: net,
                ipv6,
                is_default: v.is_default,
            });
        }
        for (at, what, why) in skips {
            ctx.skip(di, at, what, why);
        }
    }
    for p in &plans {
        ctx.vpc_scope.insert(p.id.clone(), p.scope.clone());
    }
    Ok(plans)
}

pub fn nacls(ctx: &mut Ctx, vpcs: &[VpcPlan]) -> Result<Acls, Diagnostic> {
    let mut acls = Acls::default();
    let mut out = Vec::new();
    for di in 0..ctx.docs.len() {
        for (i, a) in ctx.docs[di].d.nacls.iter().flatten().enumerate() {
            let at = format!("NetworkAcls[{i}]");
            let Some(scope) = ctx.scope_of_vpc(&a.vpc) else {
                return Err(ctx.error(
                    di,
                    &format!("{at}.VpcId"),
                    &format!("{} is in no describe-vpcs output", a.vpc),
                ));
            };
            let name = match name_tag(&a.tags) {
                Some(n) => n.to_string(),
                None if a.is_default => "default".to_string(),
                None => a.id.clone(),
            };
            let mut nacl = Nacl {
                id: AclId(a.id.clone()),
                name,
                vpc: VpcId(a.vpc.clone()),
                scope,
                is_default: a.is_default,
                ingress: Vec::new(),
                egress: Vec::new(),
                seq: 0,
            };
            for (j, e) in a.entries.iter().enumerate() {
                let eat = format!("{at}.Entries[{j}]");
                // 32767 and 32768 are the final deny entries, which every list has anyway.
                if e.number > i64::from(LAST_RULE) {
                    continue;
                }
                let number = u16::try_from(e.number)
                    .ok()
                    .filter(|n| *n >= FIRST_RULE)
                    .ok_or_else(|| {
                        ctx.error(di, &format!("{eat}.RuleNumber"), "a rule number is 1-32766")
                    })?;
                let net = match (&e.v4, &e.v6) {
                    (Some(c), None) | (None, Some(c)) => {
                        cidr(c).map_err(|m| ctx.error(di, &eat, &m))?
                    }
                    _ => {
                        return Err(ctx.error(
                            di,
                            &eat,
                            "an entry has exactly one of CidrBlock and Ipv6CidrBlock",
                        ));
                    }
                };
                let ports = e.ports.as_ref().map(|p| (p.from, p.to));
                let icmp = e.icmp.as_ref().map(|c| (c.icmp_type, c.code));
                let proto = acl_proto(&e.protocol, ports, icmp)
                    .map_err(|m| ctx.error(di, &format!("{eat}.Protocol"), &m))?;
                let direction = if e.egress {
                    Direction::Egress
                } else {
                    Direction::Ingress
                };
                let allow = e.action == super::shapes::RuleAction::Allow;
                nacl.put(
                    direction,
                    AclEntry {
                        number,
                        allow,
                        proto,
                        cidr: net,
                    },
                );
            }
            if a.is_default {
                acls.default.insert(a.vpc.clone(), nacl.id.clone());
            }
            for s in &a.associations {
                acls.subnet.insert(s.subnet.clone(), nacl.id.clone());
            }
            out.push(nacl);
        }
    }
    for mut nacl in out {
        nacl.seq = ctx.world.next_seq();
        ctx.world.add_nacl(nacl);
        ctx.count(Kind::Nacl);
    }
    // A VPC the data gives no default ACL for gets AWS's default one.
    for v in vpcs {
        if !acls.default.contains_key(&v.id) {
            let id = AclId(ctx.world.mint(AclId::PREFIX));
            let seq = ctx.world.next_seq();
            let nacl = Nacl::default_for(
                id.clone(),
                VpcId(v.id.clone()),
                v.scope.clone(),
                v.ipv6.is_some(),
                seq,
            );
            ctx.world.add_nacl(nacl);
            acls.default.insert(v.id.clone(), id);
            ctx.skipped.push(super::Skipped {
                file: String::new(),
                at: String::new(),
                what: format!("the default network ACL of {}", v.id),
                why: "no describe-network-acls output names it: the VPC gets AWS's default one (allow all)".into(),
            });
        }
    }
    Ok(acls)
}

pub fn add_vpcs(ctx: &mut Ctx, vpcs: &[VpcPlan], groups: &HashMap<String, SgId>, acls: &Acls) {
    for v in vpcs {
        let seq = ctx.world.next_seq();
        ctx.world.add_vpc(Vpc {
            id: VpcId(v.id.clone()),
            name: v.name.clone(),
            scope: v.scope.clone(),
            cidr: v.cidr,
            ipv6: v.ipv6,
            is_default: v.is_default,
            default_group: groups.get(&v.id).cloned().unwrap_or_default(),
            default_nacl: acls.default.get(&v.id).cloned().unwrap_or_default(),
            seq,
        });
        ctx.count(Kind::Vpc);
    }
}

/// What the route tables say: per subnet with a table of its own, and per VPC for its main
/// table, whether the table sends 0.0.0.0/0 to an internet gateway.
#[derive(Default)]
struct Routes {
    explicit: HashMap<String, bool>,
    main: HashMap<String, bool>,
}

fn routes(ctx: &Ctx) -> Routes {
    let mut r = Routes::default();
    for d in &ctx.docs {
        for t in d.d.route_tables.iter().flatten() {
            let public = t.routes.iter().any(|r| {
                r.destination.as_deref() == Some("0.0.0.0/0")
                    && r.gateway.as_deref().is_some_and(|g| g.starts_with("igw-"))
            });
            for a in &t.associations {
                if a.main {
                    *r.main.entry(t.vpc.clone()).or_default() |= public;
                }
                if let Some(s) = &a.subnet {
                    *r.explicit.entry(s.clone()).or_default() |= public;
                }
            }
        }
    }
    r
}

pub fn subnets(ctx: &mut Ctx, acls: &Acls) -> Result<(), Diagnostic> {
    let routes = routes(ctx);
    // Subnets with an interface that has a public address.
    let mut with_public: HashSet<String> = HashSet::new();
    for d in &ctx.docs {
        let enis = d.d.enis.iter().flatten().chain(
            d.d.reservations
                .iter()
                .flatten()
                .flat_map(|r| &r.instances)
                .flat_map(|i| &i.enis),
        );
        for e in enis {
            if let (Some(s), Some(_)) = (
                &e.subnet,
                e.association.as_ref().and_then(|a| a.public_ip.as_ref()),
            ) {
                with_public.insert(s.clone());
            }
        }
    }
    let mut subnets = Vec::new();
    let mut skips = Vec::new();
    for di in 0..ctx.docs.len() {
        for (i, s) in ctx.docs[di].d.subnets.iter().flatten().enumerate() {
            let at = format!("Subnets[{i}]");
            let Some(vpc) = ctx.world.vpcs.get(&VpcId(s.vpc.clone())) else {
                return Err(ctx.error(
                    di,
                    &format!("{at}.VpcId"),
                    &format!("{} is in no describe-vpcs output", s.vpc),
                ));
            };
            let net = match cidr(&s.cidr) {
                Ok(IpNet::V4(n)) => n,
                _ => {
                    return Err(ctx.error(
                        di,
                        &format!("{at}.CidrBlock"),
                        "expected an IPv4 CIDR block",
                    ));
                }
            };
            if !vpc.cidr.contains(&net) || net.prefix_len() > 28 {
                skips.push((di, at, s.id.clone(), format!("{net} is outside the VPC's primary block {}: sgs simulates a VPC's primary block only", vpc.cidr)));
                continue;
            }
            let ipv6 = s
                .ipv6
                .iter()
                .filter(|a| BlockState::associated(&a.state))
                .find_map(|a| {
                    a.cidr.as_deref().and_then(|c| match cidr(c) {
                        Ok(IpNet::V6(n)) => Some(n),
                        _ => None,
                    })
                });
            // Without route tables, a public address on launch or on an interface tells.
            let public = match (routes.explicit.get(&s.id), routes.main.get(&s.vpc)) {
                (Some(own), _) => *own,
                (None, Some(main)) => *main,
                (None, None) => s.map_public_ip || with_public.contains(&s.id),
            };
            let nacl = acls
                .subnet
                .get(&s.id)
                .cloned()
                .unwrap_or_else(|| vpc.default_nacl.clone());
            subnets.push(Subnet {
                id: SubnetId(s.id.clone()),
                name: name_tag(&s.tags).unwrap_or(&s.id).to_string(),
                vpc: vpc.id.clone(),
                nacl,
                scope: vpc.scope.clone(),
                cidr: net,
                ipv6,
                az: s.az.clone(),
                public,
                default_for_az: s.default_for_az,
                seq: 0,
            });
        }
    }
    for (di, at, id, why) in skips {
        ctx.skipped_subnets.insert(id.clone(), why.clone());
        ctx.skip(di, at, id, why);
    }
    for mut s in subnets {
        if ctx.world.subnets.contains_key(&s.id) {
            continue;
        }
        s.seq = ctx.world.next_seq();
        ctx.world.add_subnet(s);
        ctx.count(Kind::Subnet);
    }
    Ok(())
}

pub fn peerings(ctx: &mut Ctx) -> Result<(), Diagnostic> {
    let mut add = Vec::new();
    let mut skips = Vec::new();
    let mut pairs = HashSet::new();
    // A peering across accounts or regions is listed by both sides: read once.
    let mut seen = HashSet::new();
    for di in 0..ctx.docs.len() {
        for (i, p) in ctx.docs[di].d.peerings.iter().flatten().enumerate() {
            let at = format!("VpcPeeringConnections[{i}]");
            if !seen.insert(p.id.clone()) {
                continue;
            }
            if p.status.code != "active" {
                skips.push((
                    di,
                    at,
                    p.id.clone(),
                    format!(
                        "its status is {}: only an active peering carries traffic",
                        p.status.code
                    ),
                ));
                continue;
            }
            let (Some(a), Some(b)) = (&p.requester.vpc, &p.accepter.vpc) else {
                return Err(ctx.error(
                    di,
                    &at,
                    "a peering names both its VPCs (RequesterVpcInfo.VpcId, AccepterVpcInfo.VpcId)",
                ));
            };
            let missing = [a, b]
                .into_iter()
                .find(|v| !ctx.world.vpcs.contains_key(&VpcId((*v).clone())));
            if let Some(v) = missing {
                skips.push((
                    di,
                    at,
                    p.id.clone(),
                    format!("its VPC {v} is not in the data (another account or region?)"),
                ));
                continue;
            }
            if !pairs.insert(crate::world::peering::pair(
                &VpcId(a.clone()),
                &VpcId(b.clone()),
            )) {
                skips.push((
                    di,
                    at,
                    p.id.clone(),
                    "a second active peering of the same two VPCs".into(),
                ));
                continue;
            }
            let scope = ctx
                .scope_of_vpc(a)
                .unwrap_or_else(|| Scope::new(&ctx.default_account, &ctx.default_region));
            add.push(Peering {
                id: PcxId(p.id.clone()),
                name: name_tag(&p.tags).unwrap_or(&p.id).to_string(),
                scope,
                requester: VpcId(a.clone()),
                accepter: VpcId(b.clone()),
                seq: 0,
            });
        }
    }
    for (di, at, what, why) in skips {
        ctx.skip(di, at, what, why);
    }
    for mut p in add {
        p.seq = ctx.world.next_seq();
        ctx.world.add_peering(p);
        ctx.count(Kind::Peering);
    }
    Ok(())
}

/// What is read but not simulated: routes to other targets than an internet gateway (NAT
/// gateways, transit gateways, endpoints).
pub fn unsimulated(ctx: &mut Ctx) {
    let mut skips: Vec<(usize, String, String, String)> = Vec::new();
    for (di, d) in ctx.docs.iter().enumerate() {
        for (i, t) in d.d.route_tables.iter().flatten().enumerate() {
            for (j, r) in t.routes.iter().enumerate() {
                let simulated = r
                    .gateway
                    .as_deref()
                    .is_some_and(|g| g == "local" || g.starts_with("igw-"));
                if !simulated && r.destination.is_some() {
                    let what = format!(
                        "route {} of {}",
                        r.destination.as_deref().unwrap_or(""),
                        t.id
                    );
                    skips.push((
                        di,
                        format!("RouteTables[{i}].Routes[{j}]"),
                        what,
                        "sgs routes within a VPC, to the internet gateway and over peerings only"
                            .into(),
                    ));
                }
            }
        }
    }
    for (di, at, what, why) in skips {
        ctx.skip(di, at, what, why);
    }
}
