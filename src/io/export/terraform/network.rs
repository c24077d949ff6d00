//! VPCs, subnets, the gateway and route tables of public subnets, and peerings.
//!
//! Each object is declared with its account and region's provider. A peering across accounts or
//! regions is requested with `peer_owner_id` / `peer_region` and accepted by an
//! `aws_vpc_peering_connection_accepter` of the accepter's provider, and its routes wait for it.
//!
//! The default VPC and its default subnets are adopted (`aws_default_vpc`, `aws_default_subnet`).
//! A subnet's IPv6 block is written as `cidrsubnet` of its VPC's, at the world's offset, since
//! AWS chooses the VPC's. Routes are written only for VPCs sgs builds: an imported VPC's gateway
//! and route tables exist already, and sgs keeps no ids for them.

use super::Config;
use super::hcl::{Block, string};
use crate::io::export::Kind;
use crate::world::network::{Subnet, Vpc};
use ipnet::IpNet;
use std::collections::HashMap;

pub(super) fn write(c: &mut Config<'_>) {
    let w = c.w;
    let mut vpcs: Vec<&Vpc> = w.vpcs.values().collect();
    vpcs.sort_by_key(|v| (c.order(&v.scope), v.seq));
    c.comment("VPCs and subnets");
    let mut tables: HashMap<String, Vec<String>> = HashMap::new();
    for vpc in &vpcs {
        c.enter(&vpc.scope);
        let mut b = Block::new();
        let kind = if vpc.is_default {
            "aws_default_vpc"
        } else {
            b.str("cidr_block", &vpc.cidr.to_string());
            if vpc.ipv6.is_some() {
                b.raw("assign_generated_ipv6_cidr_block", "true");
            }
            "aws_vpc"
        };
        b.name_tag(&vpc.name);
        let addr = c.address(kind, &vpc.name);
        let import = c.imported(vpc.id.as_str());
        c.resource(vpc.id.as_str(), &addr, b, import);
        c.tally.count(Kind::Vpc);
        let mut t = vec![format!("{addr}.main_route_table_id")];
        for sub in w.subnets_of(&vpc.id) {
            subnet(c, vpc, &addr, sub);
        }
        routes(c, vpc, &addr, &mut t);
        tables.insert(vpc.id.as_str().to_string(), t);
    }
    peerings(c, &tables);
}

fn subnet(c: &mut Config<'_>, vpc: &Vpc, vaddr: &str, sub: &Subnet) {
    let mut b = Block::new();
    let kind = if vpc.is_default && sub.default_for_az {
        b.str("availability_zone", &sub.az);
        "aws_default_subnet"
    } else {
        b.raw("vpc_id", &format!("{vaddr}.id"));
        b.str("cidr_block", &sub.cidr.to_string());
        b.str("availability_zone", &sub.az);
        if let (Some(v6), Some(s6)) = (vpc.ipv6, sub.ipv6) {
            match crate::io::export::subnet_offset(v6, s6) {
                Some((bits, k)) => {
                    b.raw(
                        "ipv6_cidr_block",
                        &format!("cidrsubnet({vaddr}.ipv6_cidr_block, {bits}, {k})"),
                    );
                }
                None => c.tally.leave_out(
                    format!("the IPv6 block {s6} of subnet {}", sub.name),
                    "it is not inside its VPC's IPv6 block",
                ),
            }
        }
        "aws_subnet"
    };
    b.name_tag(&sub.name);
    let addr = c.address(kind, &sub.name);
    let import = c.imported(sub.id.as_str());
    c.resource(sub.id.as_str(), &addr, b, import);
    c.tally.count(Kind::Subnet);
}

fn routes(c: &mut Config<'_>, vpc: &Vpc, vaddr: &str, tables: &mut Vec<String>) {
    let w = c.w;
    let subnets = w.subnets_of(&vpc.id);
    let odd: Vec<&&Subnet> = subnets
        .iter()
        .filter(|s| s.public != vpc.is_default)
        .collect();
    if odd.is_empty() {
        return;
    }
    if c.imported(vpc.id.as_str()).is_some() {
        c.tally.leave_out(
            format!("the routes of VPC {}", vpc.name),
            "its internet gateway and route tables are AWS's already, and sgs keeps no ids for them",
        );
        return;
    }
    let kind = if vpc.is_default { "private" } else { "public" };
    let mut rt = Block::new();
    rt.raw("vpc_id", &format!("{vaddr}.id"));
    if !vpc.is_default {
        let mut g = Block::new();
        g.raw("vpc_id", &format!("{vaddr}.id"));
        g.name_tag(&vpc.name);
        let gaddr = c.address("aws_internet_gateway", &vpc.name);
        c.resource("", &gaddr, g, None);
        let mut r = Block::new();
        r.str("cidr_block", "0.0.0.0/0");
        r.raw("gateway_id", &format!("{gaddr}.id"));
        rt.block("route", r);
    }
    rt.name_tag(&format!("{} {kind}", vpc.name));
    let taddr = c.address("aws_route_table", &format!("{}_{kind}", vpc.name));
    c.resource("", &taddr, rt, None);
    tables.push(format!("{taddr}.id"));
    for sub in odd {
        let Some(saddr) = c.addr(sub.id.as_str()).map(str::to_string) else {
            continue;
        };
        let mut a = Block::new();
        a.raw("subnet_id", &format!("{saddr}.id"));
        a.raw("route_table_id", &format!("{taddr}.id"));
        let aaddr = c.address("aws_route_table_association", &sub.name);
        c.resource("", &aaddr, a, None);
    }
}

fn peerings(c: &mut Config<'_>, tables: &HashMap<String, Vec<String>>) {
    let w = c.w;
    let mut list: Vec<_> = w.peerings.values().collect();
    list.sort_by_key(|p| p.seq);
    for p in list {
        let (Some(a), Some(b), Some(va), Some(vb)) = (
            c.addr(p.requester.as_str()).map(str::to_string),
            c.addr(p.accepter.as_str()).map(str::to_string),
            w.vpcs.get(&p.requester),
            w.vpcs.get(&p.accepter),
        ) else {
            c.tally.leave_out(
                format!("peering {} ({})", p.name, p.id),
                "one of its VPCs is not in the world",
            );
            continue;
        };
        c.enter(&va.scope);
        let across = va.scope != vb.scope;
        let mut blk = Block::new();
        blk.raw("vpc_id", &format!("{a}.id"));
        blk.raw("peer_vpc_id", &format!("{b}.id"));
        if va.scope.account != vb.scope.account {
            blk.raw("peer_owner_id", &format!("{b}.owner_id"));
        }
        if va.scope.region != vb.scope.region {
            blk.str("peer_region", &vb.scope.region);
        }
        // Across accounts or regions the accepter accepts; AWS refuses `auto_accept` there.
        blk.raw("auto_accept", if across { "false" } else { "true" });
        blk.name_tag(&p.name);
        let addr = c.address("aws_vpc_peering_connection", &p.name);
        let import = c.imported(p.id.as_str());
        let adopted = import.is_some();
        c.resource(p.id.as_str(), &addr, blk, import);
        c.tally.count(Kind::Peering);
        // The id routes use: the accepter's, once it accepted, when it has to.
        let mut pcx = format!("{addr}.id");
        if across {
            c.enter(&vb.scope);
            let mut acc = Block::new();
            acc.raw("vpc_peering_connection_id", &format!("{addr}.id"));
            acc.raw("auto_accept", "true");
            acc.name_tag(&p.name);
            let aaddr = c.address("aws_vpc_peering_connection_accepter", &p.name);
            let import = c.imported(p.id.as_str());
            c.resource("", &aaddr, acc, import);
            pcx = format!("{aaddr}.vpc_peering_connection_id");
        }
        if adopted {
            continue;
        }
        for (side, other) in [(va, vb), (vb, va)] {
            c.enter(&side.scope);
            let cidr = IpNet::V4(other.cidr);
            for (i, t) in tables
                .get(side.id.as_str())
                .into_iter()
                .flatten()
                .enumerate()
            {
                let mut r = Block::new();
                r.raw("route_table_id", t);
                r.raw("destination_cidr_block", &string(&cidr.to_string()));
                r.raw("vpc_peering_connection_id", &pcx);
                let raddr = c.address("aws_route", &format!("{}_{}_{i}", p.name, side.name));
                c.resource("", &raddr, r, None);
            }
        }
    }
}
