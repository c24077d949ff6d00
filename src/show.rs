//! The tables `show` prints: plain text, aligned, built from the world without changing it.

use crate::lang::ast::{Direction, Ref, Show};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::group::{Group, RulePeer};
use crate::world::ids::VpcId;
use crate::world::instance::Instance;
use std::fmt::Write as _;

/// Renders rows under headers, each column as wide as its widest cell.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let _ = write!(s, "{cell:<w$}  ");
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied(), &mut out);
    for row in rows {
        line(&mut row.iter().map(String::as_str), &mut out);
    }
    out
}

fn vpc_filter(world: &World, vpc: Option<&Ref>) -> Result<Option<VpcId>, Diagnostic> {
    vpc.map(|r| world.resolve_vpc(r).map(|v| v.id.clone()))
        .transpose()
}

pub fn show(world: &World, what: &Show) -> Result<String, Diagnostic> {
    match what {
        Show::Vpcs => Ok(vpcs(world)),
        Show::Subnets { vpc } => Ok(subnets(world, vpc_filter(world, vpc.as_ref())?)),
        Show::Groups { vpc } => Ok(groups(world, vpc_filter(world, vpc.as_ref())?)),
        Show::Group(r) => Ok(group(world, world.resolve_group(r, None)?)),
        Show::Instances { vpc } => Ok(instances(world, vpc_filter(world, vpc.as_ref())?)),
        Show::Instance(r) => Ok(instance(world, world.resolve_instance(r)?)),
    }
}

fn vpcs(world: &World) -> String {
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
    format!(
        "vpcs in {}\n{}",
        world.scope,
        table(
            &["NAME", "ID", "CIDR", "IPV6", "SUBNETS", "GROUPS", "DEFAULT"],
            &rows
        )
    )
}

fn subnets(world: &World, vpc: Option<VpcId>) -> String {
    let mut list: Vec<_> = world
        .subnets
        .values()
        .filter(|s| s.scope == world.scope && vpc.as_ref().is_none_or(|v| &s.vpc == v))
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
                used.to_string(),
            ]
        })
        .collect();
    table(
        &["SUBNET", "ID", "CIDR", "IPV6", "AZ", "ROUTE", "INTERFACES"],
        &rows,
    )
}

fn groups(world: &World, vpc: Option<VpcId>) -> String {
    let mut list: Vec<&Group> = world
        .groups
        .values()
        .filter(|g| g.scope == world.scope)
        .filter(|g| vpc.is_none() || g.vpc == vpc)
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
                    .map_or("classic".to_string(), |v| world.vpc_name(v)),
                g.ingress.len().to_string(),
                g.egress.len().to_string(),
                world.members(&g.id).count().to_string(),
                g.description.clone(),
            ]
        })
        .collect();
    table(
        &["GROUP", "ID", "VPC", "IN", "OUT", "MEMBERS", "DESCRIPTION"],
        &rows,
    )
}

fn peer_text(world: &World, peer: &RulePeer) -> String {
    match peer {
        RulePeer::Cidr(n) => n.to_string(),
        RulePeer::Group { id, owner } => {
            let acct = if *owner != world.scope.account {
                format!("{owner}/")
            } else {
                String::new()
            };
            match world.groups.get(id) {
                Some(g) => format!("{acct}{id} ({})", g.name),
                None => format!("{acct}{id} (deleted)"),
            }
        }
    }
}

fn rule_rows(world: &World, g: &Group, dir: Direction) -> Vec<Vec<String>> {
    g.rules(dir)
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.proto.to_string(),
                peer_text(world, &r.peer),
                r.description.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn group(world: &World, g: &Group) -> String {
    let mut out = String::new();
    let place = match &g.vpc {
        Some(v) => format!("vpc {} ({v})", world.vpc_name(v)),
        None => "EC2-Classic".to_string(),
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
            out.push_str(&table(&["RULE", "PROTOCOL", peer, "DESCRIPTION"], &rows));
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
        out.push_str(&table(&["NAME", "INTERFACE", "PRIVATE", "PUBLIC"], &rows));
    }
    out
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

fn instances(world: &World, vpc: Option<VpcId>) -> String {
    let mut list: Vec<&Instance> = world
        .instances
        .values()
        .filter(|i| i.scope == world.scope)
        .filter(|i| {
            vpc.is_none()
                || i.primary_eni()
                    .and_then(|e| world.enis.get(e))
                    .is_some_and(|e| e.vpc == vpc)
        })
        .collect();
    list.sort_by_key(|i| i.seq);
    let rows: Vec<Vec<String>> = list.iter().map(|i| instance_row(world, i)).collect();
    table(
        &[
            "INSTANCE", "ID", "STATE", "SUBNET", "PRIVATE", "PUBLIC", "IPV6", "GROUPS",
        ],
        &rows,
    )
}

fn instance(world: &World, i: &Instance) -> String {
    let mut out = String::new();
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
    out.push_str(&table(
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
    ));
    out
}
