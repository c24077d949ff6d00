//! Instances and network interfaces. `describe-network-interfaces` is the authoritative list
//! (formats.md §4); an instance's own `NetworkInterfaces` fill in when that file is missing. A
//! running (or pending) instance comes with every interface attached to it, primary first; a
//! stopped or terminated one is skipped. The interfaces AWS services own (RDS, ElastiCache) are
//! handed on to the services' import; the others no instance has are skipped.

use super::shapes::{NetworkInterface, name_tag};
use super::{Ctx, Kind};
use crate::lang::error::Diagnostic;
use crate::vocab::{EniId, InstanceId, SgId, SubnetId};
use crate::world::instance::{Eni, Instance, InstanceState};
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An interface read, with where it was read.
#[derive(Clone)]
pub struct EniRecord {
    pub doc: usize,
    pub at: String,
    pub raw: NetworkInterface,
    /// The instance whose `NetworkInterfaces` listed it, if it came from there.
    pub listed_by: Option<String>,
}

impl EniRecord {
    pub fn instance(&self) -> Option<&str> {
        self.raw
            .attachment
            .as_ref()
            .and_then(|a| a.instance.as_deref())
            .or(self.listed_by.as_deref())
    }
}

/// The interfaces AWS services own, for the services' import.
pub type Pool = Vec<EniRecord>;

/// Every interface of the data, by id, in the order read (`describe-network-interfaces` first).
fn records(ctx: &Ctx) -> Vec<EniRecord> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (di, d) in ctx.docs.iter().enumerate() {
        for (i, e) in d.d.enis.iter().flatten().enumerate() {
            if seen.insert(e.id.clone()) {
                out.push(EniRecord {
                    doc: di,
                    at: format!("NetworkInterfaces[{i}]"),
                    raw: e.clone(),
                    listed_by: None,
                });
            }
        }
    }
    for (di, d) in ctx.docs.iter().enumerate() {
        for (r, res) in d.d.reservations.iter().flatten().enumerate() {
            for (k, inst) in res.instances.iter().enumerate() {
                for (n, e) in inst.enis.iter().enumerate() {
                    if seen.insert(e.id.clone()) {
                        let at = format!("Reservations[{r}].Instances[{k}].NetworkInterfaces[{n}]");
                        out.push(EniRecord {
                            doc: di,
                            at,
                            raw: e.clone(),
                            listed_by: Some(inst.id.clone()),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Builds an interface (not yet added): `None` when its subnet was skipped (then it is skipped
/// too, with the reason).
pub fn build_eni(ctx: &mut Ctx, rec: &EniRecord, name: String) -> Result<Option<Eni>, Diagnostic> {
    let (di, at, e) = (rec.doc, rec.at.as_str(), &rec.raw);
    let Some(subnet_id) = &e.subnet else {
        return Err(ctx.error(
            di,
            at,
            "an interface has a SubnetId (EC2-Classic interfaces are not imported)",
        ));
    };
    if let Some(why) = ctx.skipped_subnets.get(subnet_id).cloned() {
        ctx.skip(
            di,
            at.to_string(),
            e.id.clone(),
            format!("its subnet {subnet_id} is skipped: {why}"),
        );
        return Ok(None);
    }
    let Some(subnet) = ctx.world.subnets.get(&SubnetId(subnet_id.clone())) else {
        return Err(ctx.error(
            di,
            &format!("{at}.SubnetId"),
            &format!("{subnet_id} is in no describe-subnets output"),
        ));
    };
    let (vpc, scope, net) = (subnet.vpc.clone(), subnet.scope.clone(), subnet.cidr);
    if let Some(v) = &e.vpc
        && v != vpc.as_str()
    {
        return Err(ctx.error(
            di,
            &format!("{at}.VpcId"),
            &format!("{v} is not the VPC of subnet {subnet_id} ({vpc})"),
        ));
    }
    let primary = e.private_ip.clone().or_else(|| {
        e.private_ips
            .iter()
            .find(|p| p.primary)
            .map(|p| p.address.clone())
    });
    let Some(primary) = primary else {
        return Err(ctx.error(di, at, "an interface has a PrivateIpAddress"));
    };
    let private_ip: Ipv4Addr = primary.parse().map_err(|_| {
        ctx.error(
            di,
            &format!("{at}.PrivateIpAddress"),
            &format!("'{primary}' is not an IPv4 address"),
        )
    })?;
    if !net.contains(&private_ip) {
        return Err(ctx.error(
            di,
            &format!("{at}.PrivateIpAddress"),
            &format!("{private_ip} is outside its subnet {subnet_id} ({net})"),
        ));
    }
    if ctx.world.address_in_use(&vpc, private_ip) {
        return Err(ctx.error(
            di,
            &format!("{at}.PrivateIpAddress"),
            &format!("{private_ip} is the address of another interface of {vpc}"),
        ));
    }
    let mut skips = Vec::new();
    for (j, p) in e.private_ips.iter().enumerate() {
        if p.address != primary {
            skips.push((
                format!("{at}.PrivateIpAddresses[{j}]"),
                format!("{} of {}", p.address, e.id),
                "a secondary private address: sgs gives an interface one IPv4 address".to_string(),
            ));
        }
    }
    let mut ipv6 = None;
    for (j, a) in e.ipv6.iter().enumerate() {
        let path = format!("{at}.Ipv6Addresses[{j}].Ipv6Address");
        let addr: Ipv6Addr = a.address.parse().map_err(|_| {
            ctx.error(
                di,
                &path,
                &format!("'{}' is not an IPv6 address", a.address),
            )
        })?;
        if ipv6.is_none() {
            ipv6 = Some(addr);
        } else {
            skips.push((
                path,
                format!("{addr} of {}", e.id),
                "a second IPv6 address: sgs gives an interface one".into(),
            ));
        }
    }
    let (mut public_ip, mut elastic_ip) = (None, None);
    if let Some(a) = &e.association
        && let Some(p) = &a.public_ip
    {
        let path = format!("{at}.Association.PublicIp");
        let addr: Ipv4Addr = p
            .parse()
            .map_err(|_| ctx.error(di, &path, &format!("'{p}' is not an IPv4 address")))?;
        if ctx.world.index.public.contains_key(&IpAddr::V4(addr)) {
            return Err(ctx.error(
                di,
                &path,
                &format!("{addr} is the public address of another interface"),
            ));
        }
        if a.allocation.is_some() {
            elastic_ip = Some(addr);
        } else {
            public_ip = Some(addr);
        }
    }
    let mut groups = Vec::new();
    for (g, gi) in e.groups.iter().enumerate() {
        let id = SgId(gi.id.clone());
        if !ctx.world.groups.contains_key(&id) {
            let path = format!("{at}.Groups[{g}].GroupId");
            return Err(ctx.error(
                di,
                &path,
                &format!("{} is in no describe-security-groups output", gi.id),
            ));
        }
        if !groups.contains(&id) {
            groups.push(id);
        }
    }
    for (p, what, why) in skips {
        ctx.skip(di, p, what, why);
    }
    let device_index = e
        .attachment
        .as_ref()
        .and_then(|a| a.device_index)
        .unwrap_or(0);
    Ok(Some(Eni {
        id: EniId(e.id.clone()),
        name,
        scope,
        instance: None,
        subnet: Some(SubnetId(subnet_id.clone())),
        vpc: Some(vpc),
        private_ip,
        ipv6,
        public_ip,
        elastic_ip,
        groups,
        device_index,
        seq: 0,
        owner: None,
    }))
}

/// Adds an interface built by [`build_eni`].
pub fn add_eni(ctx: &mut Ctx, mut eni: Eni) {
    eni.seq = ctx.world.next_seq();
    ctx.world.add_eni(eni);
    ctx.count(Kind::Eni);
}

/// The instances and their interfaces; returns the service interfaces for the services.
pub fn instances(ctx: &mut Ctx) -> Result<Pool, Diagnostic> {
    let recs = records(ctx);
    let mut by_instance: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, r) in recs.iter().enumerate() {
        if let Some(i) = r.instance() {
            by_instance.entry(i.to_string()).or_default().push(n);
        }
    }
    let mut claimed: HashSet<usize> = HashSet::new();
    let mut seen = HashSet::new();
    for di in 0..ctx.docs.len() {
        let list: Vec<(String, super::shapes::Instance)> = ctx.docs[di]
            .d
            .reservations
            .iter()
            .flatten()
            .enumerate()
            .flat_map(|(r, res)| {
                res.instances
                    .iter()
                    .enumerate()
                    .map(move |(k, i)| (format!("Reservations[{r}].Instances[{k}]"), i.clone()))
            })
            .collect();
        for (at, inst) in list {
            if !seen.insert(inst.id.clone()) {
                continue;
            }
            let state = inst.state.name.as_str();
            if !matches!(state, "running" | "pending") {
                ctx.skip(
                    di,
                    at,
                    inst.id.clone(),
                    format!("it is {state}: only running instances send and receive"),
                );
                continue;
            }
            let mut mine: Vec<usize> = by_instance.get(&inst.id).cloned().unwrap_or_default();
            mine.sort_by_key(|n| {
                recs[*n]
                    .raw
                    .attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(0)
            });
            if mine.is_empty() {
                ctx.skip(
                    di,
                    at,
                    inst.id.clone(),
                    "no network interface of it is in the data",
                );
                continue;
            }
            let name = name_tag(&inst.tags).unwrap_or(&inst.id).to_string();
            let mut enis = Vec::new();
            for n in &mine {
                claimed.insert(*n);
                let rec = &recs[*n];
                let primary = enis.is_empty();
                let eni_name = if primary {
                    name.clone()
                } else {
                    name_tag(&rec.raw.tags).unwrap_or(&rec.raw.id).to_string()
                };
                if let Some(mut eni) = build_eni(ctx, rec, eni_name)? {
                    eni.instance = Some(InstanceId(inst.id.clone()));
                    enis.push(eni);
                }
            }
            if enis.is_empty() {
                ctx.skip(di, at, inst.id.clone(), "its interfaces are skipped");
                continue;
            }
            let ids: Vec<EniId> = enis.iter().map(|e| e.id.clone()).collect();
            let scope = enis[0].scope.clone();
            let auto_public_ip = enis[0].public_ip.is_some();
            for eni in enis {
                add_eni(ctx, eni);
            }
            let seq = ctx.world.next_seq();
            ctx.world.add_instance(Instance {
                id: InstanceId(inst.id.clone()),
                name,
                scope,
                state: InstanceState::Running,
                enis: ids,
                auto_public_ip,
                seq,
            });
            ctx.count(Kind::Instance);
        }
    }
    let mut pool = Vec::new();
    for (n, rec) in recs.into_iter().enumerate() {
        if claimed.contains(&n) {
            continue;
        }
        let e = &rec.raw;
        let service = matches!(
            e.requester.as_deref(),
            Some("amazon-rds" | "amazon-elasticache")
        ) || e.description == "RDSNetworkInterface"
            || e.description.starts_with("ElastiCache ");
        if let Some(i) = rec.instance() {
            let why = format!(
                "its instance {i} is not imported (stopped, terminated, or not in describe-instances)"
            );
            ctx.skip(rec.doc, rec.at.clone(), e.id.clone(), why);
        } else if service {
            pool.push(rec);
        } else {
            let kind = e.interface_type.as_deref().unwrap_or("interface");
            let why = if e.requester_managed {
                format!(
                    "an interface ({kind}, \"{}\") of a service sgs does not simulate",
                    e.description
                )
            } else {
                format!("an interface ({kind}) attached to no instance")
            };
            ctx.skip(rec.doc, rec.at.clone(), e.id.clone(), why);
        }
    }
    Ok(pool)
}
