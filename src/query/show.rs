//! What `show` answers: lines and tables of cells ([`Shown`]), built from the world without
//! changing it; the render module writes them out.
//!
//! Every listing is of the current account and region. `in VPC` narrows it to one VPC, and
//! `in classic` to EC2-Classic's groups and instances.

use crate::lang::ast::{Direction, Ref, Show};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::group::{Group, RulePeer};
use crate::world::ids::VpcId;
use crate::world::instance::Instance;
use crate::world::lookup::{CLASSIC, PeerForm};
use crate::world::nacl::{AclEntry, Nacl, star};
use crate::world::peering::Stale;
use crate::world::proto::Family;
use std::fmt::Write as _;

mod clusters;
mod prefix_lists;

use super::shown::{Sheet, Shown};

/// What `in …` narrows a listing to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Filter {
    All,
    Vpc(VpcId),
    /// `in classic`: EC2-Classic.
    Classic,
}

impl Filter {
    /// Whether an object in `vpc` (`None`: EC2-Classic) is listed.
    fn keeps(&self, vpc: Option<&VpcId>) -> bool {
        match self {
            Filter::All => true,
            Filter::Vpc(v) => vpc == Some(v),
            Filter::Classic => vpc.is_none(),
        }
    }
}

fn filter(world: &World, vpc: Option<&Ref>) -> Result<Filter, Diagnostic> {
    match vpc {
        None => Ok(Filter::All),
        Some(r) if r.qualifier.is_none() && r.name.eq_ignore_ascii_case(CLASSIC) => {
            Ok(Filter::Classic)
        }
        Some(r) => Ok(Filter::Vpc(world.resolve_vpc(r)?.id.clone())),
    }
}

pub fn show(world: &World, what: &Show) -> Result<Shown, Diagnostic> {
    match what {
        Show::Vpcs => Ok(vpcs(world)),
        Show::Subnets { vpc } => Ok(subnets(world, &filter(world, vpc.as_ref())?)),
        Show::Groups { vpc } => Ok(groups(world, &filter(world, vpc.as_ref())?)),
        Show::Group(r) => Ok(group(world, world.resolve_group(r, None)?)),
        Show::Instances { vpc } => Ok(instances(world, &filter(world, vpc.as_ref())?)),
        Show::Instance(r) => Ok(instance(world, world.resolve_instance(r)?)),
        Show::Nacls { vpc } => Ok(nacls(world, &filter(world, vpc.as_ref())?)),
        Show::Peerings => Ok(peerings(world)),
        Show::PrefixLists => Ok(prefix_lists::prefix_lists(world)),
        Show::Stale { vpc } => Ok(stale(world, &filter(world, vpc.as_ref())?)),
        Show::Clusters => Ok(clusters::clusters(world)),
        // Flows are the session's, not the world's: `Session` answers `show flows` itself.
        Show::Flows => Err(Diagnostic::new(
            "UnsupportedOperation",
            "flows belong to a session: there are none in a world alone",
        )),
    }
}

fn vpcs(world: &World) -> Shown {
    let mut list: Vec<_> = world
        .vpcs
        .values()
        .filter(|v| v.scope == world.scope)
        .collect();
    list.sort_by_key(|v| v.seq);
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|v| {
            vec![
                v.name.clone(),
                v.id.to_string(),
                v.cidr.to_string(),
                v.ipv6.map_or("-".to_string(), |n| n.to_string()),
                world.subnets_of(&v.id).len().to_string(),
                world.groups_of(&v.id).len().to_string(),
                if v.is_default { "yes" } else { "" }.to_string(),
            ]
        })
        .collect();
    let classic_groups = world
        .groups
        .values()
        .filter(|g| g.is_classic() && g.scope == world.scope)
        .count();
    let classic_instances = world
        .instances
        .values()
        .filter(|i| i.scope == world.scope)
        .filter_map(|i| i.primary_eni().and_then(|e| world.enis.get(e)))
        .filter(|e| e.vpc.is_none())
        .count();
    let count = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    let mut out = Sheet::default();
    let _ = writeln!(out, "vpcs in {}", world.scope);
    out.table(
        &["NAME", "ID", "CIDR", "IPV6", "SUBNETS", "GROUPS", "DEFAULT"],
        &rows,
    );
    let _ = writeln!(
        out,
        "EC2-Classic in {}: {}, {} (show groups in classic)",
        world.scope.region,
        count(classic_groups, "group"),
        count(classic_instances, "instance"),
    );
    out.finish()
}

fn subnets(world: &World, filter: &Filter) -> Shown {
    let mut list: Vec<_> = world
        .subnets
        .values()
        .filter(|s| s.scope == world.scope && filter.keeps(Some(&s.vpc)))
        .collect();
    list.sort_by_key(|s| s.seq);
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            let used = world
                .enis
                .values()
                .filter(|e| e.subnet.as_ref() == Some(&s.id))
                .count();
            vec![
                format!("{}/{}", world.vpc_name(&s.vpc), s.name),
                s.id.to_string(),
                s.cidr.to_string(),
                s.ipv6.map_or("-".to_string(), |n| n.to_string()),
                s.az.clone(),
                if s.public { "public" } else { "private" }.to_string(),
                world
                    .nacls
                    .get(&s.nacl)
                    .map_or_else(|| s.nacl.to_string(), |n| n.name.clone()),
                used.to_string(),
            ]
        })
        .collect();
    Shown::table(
        &[
            "SUBNET",
            "ID",
            "CIDR",
            "IPV6",
            "AZ",
            "ROUTE",
            "NACL",
            "INTERFACES",
        ],
        rows,
    )
}

fn groups(world: &World, filter: &Filter) -> Shown {
    let mut list: Vec<&Group> = world
        .groups
        .values()
        .filter(|g| g.scope == world.scope)
        .filter(|g| filter.keeps(g.vpc.as_ref()))
        .collect();
    list.sort_by_key(|g| g.seq);
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.id.to_string(),
                g.vpc
                    .as_ref()
                    .map_or("classic", |v| world.vpc_name(v))
                    .to_string(),
                g.ingress.len().to_string(),
                g.egress.len().to_string(),
                world.members(&g.id).count().to_string(),
                g.description.clone(),
            ]
        })
        .collect();
    Shown::table(
        &["GROUP", "ID", "VPC", "IN", "OUT", "MEMBERS", "DESCRIPTION"],
        rows,
    )
}

fn rule_rows(world: &World, g: &Group, dir: Direction) -> Vec<Vec<String>> {
    g.rules(dir)
        .iter()
        .map(|r| {
            let form = PeerForm::Listed {
                account: &world.scope.account,
                gone: " (deleted)",
            };
            let mut peer = world.peer_text(&r.peer, form);
            if let Some(why) = world.stale(g, &r.peer) {
                let _ = write!(peer, " [stale: {}]", stale_text(why));
            }
            vec![
                r.id.to_string(),
                r.proto.to_string(),
                peer,
                r.description.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn group(world: &World, g: &Group) -> Shown {
    let mut out = Sheet::default();
    let place = match &g.vpc {
        Some(v) => format!("vpc {} ({v})", world.vpc_name(v)),
        None => format!("EC2-Classic ({})", g.scope.region),
    };
    let _ = writeln!(
        out,
        "group {} ({}) in {place}{}",
        g.name,
        g.id,
        if g.is_default {
            ", the default group"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "description: {}", g.description);
    let _ = writeln!(out, "owner: {} {}", g.scope.account, g.scope.region);
    for (dir, title, peer) in [
        (Direction::Ingress, "inbound", "SOURCE"),
        (Direction::Egress, "outbound", "DESTINATION"),
    ] {
        let rows = rule_rows(world, g, dir);
        out.push('\n');
        if rows.is_empty() {
            let note = if g.is_classic() && dir == Direction::Egress {
                " (EC2-Classic: all outbound traffic is allowed)"
            } else {
                ""
            };
            let _ = writeln!(out, "{title} rules: none{note}");
        } else {
            let _ = writeln!(out, "{title} rules:");
            out.table(&["RULE", "PROTOCOL", peer, "DESCRIPTION"], &rows);
        }
    }
    let mut members: Vec<_> = world.members(&g.id).collect();
    members.sort_by_key(|e| e.seq);
    out.push('\n');
    if members.is_empty() {
        out.push_str("members: none\n");
    } else {
        out.push_str("members:\n");
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|e| {
                vec![
                    e.name.clone(),
                    e.id.to_string(),
                    e.private_ip.to_string(),
                    e.public_address()
                        .map_or("-".to_string(), |a| a.to_string()),
                ]
            })
            .collect();
        out.table(&["NAME", "INTERFACE", "PRIVATE", "PUBLIC"], &rows);
    }
    out.finish()
}

fn instance_row(world: &World, i: &Instance) -> Vec<String> {
    let eni = i.primary_eni().and_then(|e| world.enis.get(e));
    let subnet = eni
        .and_then(|e| e.subnet.as_ref())
        .and_then(|s| world.subnets.get(s))
        .map_or("classic".to_string(), |s| {
            format!("{}/{}", world.vpc_name(&s.vpc), s.name)
        });
    vec![
        i.name.clone(),
        i.id.to_string(),
        i.state.as_str().to_string(),
        subnet,
        eni.map_or("-".to_string(), |e| e.private_ip.to_string()),
        eni.and_then(|e| e.public_address())
            .map_or("-".to_string(), |a| a.to_string()),
        eni.and_then(|e| e.ipv6)
            .map_or("-".to_string(), |a| a.to_string()),
        eni.map_or(String::new(), |e| {
            e.groups
                .iter()
                .map(|g| world.group_name(g))
                .collect::<Vec<_>>()
                .join(", ")
        }),
    ]
}

fn instances(world: &World, filter: &Filter) -> Shown {
    let mut list: Vec<&Instance> = world
        .instances
        .values()
        .filter(|i| i.scope == world.scope)
        .filter(|i| {
            *filter == Filter::All
                || i.primary_eni()
                    .and_then(|e| world.enis.get(e))
                    .is_some_and(|e| filter.keeps(e.vpc.as_ref()))
        })
        .collect();
    list.sort_by_key(|i| i.seq);
    let rows: Vec<Vec<String>> = list.iter().map(|i| instance_row(world, i)).collect();
    Shown::table(
        &[
            "INSTANCE", "ID", "STATE", "SUBNET", "PRIVATE", "PUBLIC", "IPV6", "GROUPS",
        ],
        rows,
    )
}

fn instance(world: &World, i: &Instance) -> Shown {
    let mut out = Sheet::default();
    let _ = writeln!(out, "instance {} ({}) {}", i.name, i.id, i.state.as_str());
    out.push_str("network interfaces:\n");
    let rows: Vec<Vec<String>> = world
        .enis_of(i)
        .iter()
        .map(|e| {
            let subnet = e
                .subnet
                .as_ref()
                .and_then(|s| world.subnets.get(s))
                .map_or("classic".to_string(), |s| {
                    format!("{}/{}", world.vpc_name(&s.vpc), s.name)
                });
            vec![
                e.device_index.to_string(),
                e.id.to_string(),
                e.name.clone(),
                subnet,
                e.private_ip.to_string(),
                e.public_ip.map_or("-".to_string(), |a| a.to_string()),
                e.elastic_ip.map_or("-".to_string(), |a| a.to_string()),
                e.ipv6.map_or("-".to_string(), |a| a.to_string()),
                e.groups
                    .iter()
                    .map(|g| format!("{} ({g})", world.group_name(g)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    out.table(
        &[
            "DEV",
            "INTERFACE",
            "NAME",
            "SUBNET",
            "PRIVATE",
            "PUBLIC",
            "ELASTIC IP",
            "IPV6",
            "GROUPS",
        ],
        &rows,
    );
    out.finish()
}

fn stale_text(why: Stale) -> &'static str {
    match why {
        Stale::GroupDeleted => "the referenced group was deleted",
        Stale::NoPeering => "no peering joins the two VPCs",
    }
}

fn entry_rows(entries: &[AclEntry]) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|e| {
            vec![
                if crate::world::nacl::is_star(e) {
                    "*".to_string()
                } else {
                    e.number.to_string()
                },
                if e.allow { "allow" } else { "deny" }.to_string(),
                e.proto.to_string(),
                e.cidr.to_string(),
            ]
        })
        .collect()
}

fn nacl(world: &World, n: &Nacl, out: &mut Sheet) {
    let ipv6 = world.vpcs.get(&n.vpc).is_some_and(|v| v.ipv6.is_some());
    let _ = writeln!(
        out,
        "network ACL {} ({}) in vpc {}{}",
        n.name,
        n.id,
        world.vpc_name(&n.vpc),
        if n.is_default {
            ", the default network ACL"
        } else {
            ""
        }
    );
    let mut subnets: Vec<_> = world.subnets.values().filter(|s| s.nacl == n.id).collect();
    subnets.sort_by_key(|s| s.seq);
    let names: Vec<String> = subnets
        .iter()
        .map(|s| format!("{} ({})", s.name, s.id))
        .collect();
    let _ = writeln!(
        out,
        "subnets: {}",
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    );
    for (dir, title, peer) in [
        (Direction::Ingress, "inbound", "SOURCE"),
        (Direction::Egress, "outbound", "DESTINATION"),
    ] {
        let mut entries = n.entries(dir).to_vec();
        entries.push(star(Family::V4));
        if ipv6 {
            entries.push(star(Family::V6));
        }
        let _ = writeln!(out, "{title} entries:");
        out.table(&["RULE", "ACTION", "PROTOCOL", peer], &entry_rows(&entries));
    }
}

fn nacls(world: &World, filter: &Filter) -> Shown {
    let mut vpcs: Vec<_> = world
        .vpcs
        .values()
        .filter(|v| v.scope == world.scope && filter.keeps(Some(&v.id)))
        .collect();
    vpcs.sort_by_key(|v| v.seq);
    let mut out = Sheet::default();
    for v in vpcs {
        for n in world.nacls_of(&v.id) {
            if !out.is_empty() {
                out.push('\n');
            }
            nacl(world, n, &mut out);
        }
    }
    if out.is_empty() {
        out.push_str("no network ACLs (EC2-Classic has none)\n");
    }
    out.finish()
}

fn peerings(world: &World) -> Shown {
    let here = |v: &VpcId| world.vpcs.get(v).is_some_and(|v| v.scope == world.scope);
    let mut list: Vec<_> = world
        .peerings
        .values()
        .filter(|p| p.scope == world.scope || here(&p.accepter))
        .collect();
    list.sort_by_key(|p| p.seq);
    let vpc = |id: &VpcId| match world.vpcs.get(id) {
        Some(v) if v.scope == world.scope => format!("{} ({}, {})", v.name, v.id, v.cidr),
        Some(v) => format!(
            "{}/{} ({}, {}, {})",
            v.scope.account, v.name, v.id, v.cidr, v.scope.region
        ),
        None => id.to_string(),
    };
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.id.to_string(),
                vpc(&p.requester),
                vpc(&p.accepter),
                if world.same_region(&p.requester, &p.accepter) {
                    "same region"
                } else {
                    "inter-region"
                }
                .to_string(),
                "active".to_string(),
            ]
        })
        .collect();
    let mut out = Sheet::default();
    let _ = writeln!(out, "peerings of {}", world.scope);
    out.table(
        &[
            "PEERING",
            "ID",
            "REQUESTER",
            "ACCEPTER",
            "REGIONS",
            "STATUS",
        ],
        &rows,
    );
    out.finish()
}

fn stale(world: &World, filter: &Filter) -> Shown {
    let mut list: Vec<&Group> = world
        .groups
        .values()
        .filter(|g| g.scope == world.scope && filter.keeps(g.vpc.as_ref()))
        .collect();
    list.sort_by_key(|g| g.seq);
    let mut rows = Vec::new();
    for g in list {
        for (dir, r) in g.all_rules() {
            let Some(why) = world.stale(g, &r.peer) else {
                continue;
            };
            let referenced = match &r.peer {
                RulePeer::Group { id, owner } if *owner != world.scope.account => {
                    format!("{owner}/{id}")
                }
                peer => peer.to_string(),
            };
            rows.push(vec![
                format!("{} ({})", g.name, g.id),
                g.vpc
                    .as_ref()
                    .map_or(CLASSIC, |v| world.vpc_name(v))
                    .to_string(),
                r.id.to_string(),
                dir.as_str().to_string(),
                r.proto.to_string(),
                referenced,
                stale_text(why).to_string(),
            ]);
        }
    }
    let mut out = Sheet::default();
    if rows.is_empty() {
        out.push_str("no stale rules\n");
        return out.finish();
    }
    out.push_str("stale rules (they match nothing; revoke them, or peer the VPCs again)\n");
    out.table(
        &[
            "GROUP",
            "VPC",
            "RULE",
            "DIRECTION",
            "PROTOCOL",
            "REFERENCED GROUP",
            "WHY",
        ],
        &rows,
    );
    out.finish()
}
