//! VPCs, subnets, the routes that make a subnet public, and peerings.
//!
//! Each VPC is built in its account and region. A default VPC is the account's own, looked up,
//! with its default subnets found by their CIDR blocks (AWS gives every default VPC the same
//! 172.31.0.0/16 layout). A subnet sgs calls public routes 0.0.0.0/0 to an internet gateway: the
//! script attaches one to each other VPC with a public subnet and gives those subnets a route
//! table that uses it (the default VPC already has both, so its private subnets get a table
//! without that route). A peering is requested, accepted, and routed both ways in every route
//! table of the two VPCs (across accounts with `--peer-owner-id`, accepted in the accepter's
//! account; across regions with `--peer-region`, accepted in the accepter's region once the
//! request arrives). A VPC with an IPv6 block asks AWS for one, and its subnets' /64 blocks are
//! taken from it at the world's offsets.

use super::Script;
use super::shell::{Arg, bare, json, lit, var};
use crate::io::export::Kind;
use crate::world::network::{Subnet, Vpc};
use serde_json::json;
use std::collections::HashMap;

/// `--tag-specifications` giving one resource its `Name` tag.
pub(super) fn name_tag(resource: &str, name: &str) -> Vec<Arg> {
    let spec = json!([{
        "ResourceType": resource,
        "Tags": [{"Key": "Name", "Value": super::shell::text(name)}],
    }]);
    vec![bare("--tag-specifications"), json(&spec)]
}

/// `--query Q --output text`.
pub(super) fn query(q: &str) -> Vec<Arg> {
    vec![bare("--query"), lit(q), bare("--output"), bare("text")]
}

fn args(words: &[&str]) -> Vec<Arg> {
    words.iter().map(|w| bare(*w)).collect()
}

/// Stops the script when a lookup found nothing.
fn found(s: &mut Script<'_>, v: &str, what: &str) {
    s.run_plain(vec![bare("found"), lit(what), var(v)]);
}

pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    let mut vpcs: Vec<&Vpc> = w.vpcs.values().collect();
    let order = super::accounts::scopes(w);
    vpcs.sort_by_key(|v| (order.iter().position(|o| *o == v.scope), v.seq));
    s.section("VPCs and subnets");
    // Each VPC's route tables, for the peerings' routes.
    let mut tables: HashMap<String, Vec<String>> = HashMap::new();
    for vpc in &vpcs {
        s.enter(&vpc.scope);
        let v = if vpc.is_default {
            let mut a = args(&["aws", "ec2", "describe-vpcs", "--filters"]);
            a.push(bare("Name=is-default,Values=true"));
            a.extend(query("Vpcs[0].VpcId"));
            let v = s.capture(vpc.id.as_str(), "VPC", &vpc.name, a);
            found(s, &v, "the account's default VPC");
            let mut t = args(&["aws", "ec2", "create-tags", "--resources"]);
            t.push(var(&v));
            t.push(bare("--tags"));
            t.push(json(
                &json!([{"Key": "Name", "Value": super::shell::text(&vpc.name)}]),
            ));
            s.run(t);
            v
        } else {
            let mut a = args(&["aws", "ec2", "create-vpc", "--cidr-block"]);
            a.push(bare(vpc.cidr.to_string()));
            if vpc.ipv6.is_some() {
                a.push(bare("--amazon-provided-ipv6-cidr-block"));
            }
            a.extend(name_tag("vpc", &vpc.name));
            a.extend(query("Vpc.VpcId"));
            let v = s.capture(vpc.id.as_str(), "VPC", &vpc.name, a);
            if vpc.ipv6.is_some() {
                // AWS chooses the block; the subnets' blocks are taken from it at the world's
                // offsets.
                let mut a = args(&["aws", "ec2", "describe-vpcs", "--vpc-ids"]);
                a.push(var(&v));
                a.extend(query(
                    "Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock",
                ));
                let key = format!("{}#v6", vpc.id.as_str());
                let b = s.capture(&key, "V6", &vpc.name, a);
                found(s, &b, &format!("the IPv6 block of VPC {}", vpc.name));
            }
            v
        };
        s.tally.count(Kind::Vpc);
        if let (Some(block), true) = (vpc.ipv6, vpc.is_default) {
            s.tally.leave_out(
                format!("the IPv6 block {block} of VPC {}", vpc.name),
                "the account's default VPC has the IPv6 block AWS gave it, if any",
            );
        }
        let subnets = w.subnets_of(&vpc.id);
        for sub in &subnets {
            subnet(s, vpc, &v, sub);
        }
        let mut t = Vec::new();
        routes(s, vpc, &v, &subnets, &mut t);
        tables.insert(vpc.id.as_str().to_string(), t);
    }
    peerings(s, &mut tables);
}

fn subnet(s: &mut Script<'_>, vpc: &Vpc, v: &str, sub: &Subnet) {
    if vpc.is_default && sub.default_for_az {
        let mut a = args(&["aws", "ec2", "describe-subnets", "--filters"]);
        a.push(Arg::Joined(vec![lit("Name=vpc-id,Values="), var(v)]));
        a.push(bare(format!("Name=cidr-block,Values={}", sub.cidr)));
        a.extend(query("Subnets[0].SubnetId"));
        let sv = s.capture(sub.id.as_str(), "SUBNET", &sub.name, a);
        found(s, &sv, &format!("the default subnet {}", sub.cidr));
        let mut t = args(&["aws", "ec2", "create-tags", "--resources"]);
        t.push(var(&sv));
        t.push(bare("--tags"));
        t.push(json(
            &json!([{"Key": "Name", "Value": super::shell::text(&sub.name)}]),
        ));
        s.run(t);
    } else {
        let mut a = args(&["aws", "ec2", "create-subnet", "--vpc-id"]);
        a.push(var(v));
        a.push(bare("--cidr-block"));
        a.push(bare(sub.cidr.to_string()));
        a.push(bare("--availability-zone"));
        a.push(lit(sub.az.clone()));
        if let Some(b6) = ipv6_block(s, vpc, sub) {
            a.extend([bare("--ipv6-cidr-block"), var(&b6)]);
        }
        a.extend(name_tag("subnet", &sub.name));
        a.extend(query("Subnet.SubnetId"));
        s.capture(sub.id.as_str(), "SUBNET", &sub.name, a);
    }
    s.tally.count(Kind::Subnet);
}

/// The variable holding a subnet's IPv6 block, computed from its VPC's at the world's offset
/// (`v6_subnet`), or `None` when the subnet has none.
fn ipv6_block(s: &mut Script<'_>, vpc: &Vpc, sub: &Subnet) -> Option<String> {
    let (v6, s6) = (vpc.ipv6?, sub.ipv6?);
    let vv = s.var(&format!("{}#v6", vpc.id.as_str()))?.to_string();
    match crate::io::export::subnet_offset(v6, s6) {
        Some((8, k)) if v6.prefix_len() == 56 => {
            let key = format!("{}#v6", sub.id.as_str());
            let var_name = s.fresh("V6", &sub.name);
            s.run_plain(vec![bare(format!("{var_name}=$(v6_subnet \"${vv}\" {k})"))]);
            s.bind(&key, &var_name);
            Some(var_name)
        }
        _ => {
            s.tally.leave_out(
                format!("the IPv6 block {s6} of subnet {}", sub.name),
                "the script writes /64 blocks of a VPC's /56 only",
            );
            None
        }
    }
}

/// The internet gateway and route table of a VPC's public subnets (or, in the default VPC, the
/// route table of its private ones).
fn routes(s: &mut Script<'_>, vpc: &Vpc, v: &str, subnets: &[&Subnet], tables: &mut Vec<String>) {
    // The main table, looked up when a peering will need it.
    let peered =
        s.w.peerings
            .values()
            .any(|p| p.requester == vpc.id || p.accepter == vpc.id);
    if peered {
        let mut a = args(&["aws", "ec2", "describe-route-tables", "--filters"]);
        a.push(Arg::Joined(vec![lit("Name=vpc-id,Values="), var(v)]));
        a.push(bare("Name=association.main,Values=true"));
        a.extend(query("RouteTables[0].RouteTableId"));
        let key = format!("{}#main", vpc.id.as_str());
        let t = s.capture(&key, "RTB", &format!("{} main", vpc.name), a);
        found(s, &t, &format!("the main route table of VPC {}", vpc.name));
        tables.push(t);
    }
    let odd: Vec<&&Subnet> = subnets
        .iter()
        .filter(|sub| sub.public != vpc.is_default)
        .collect();
    if odd.is_empty() {
        return;
    }
    let kind = if vpc.is_default { "private" } else { "public" };
    let mut a = args(&["aws", "ec2", "create-route-table", "--vpc-id"]);
    a.push(var(v));
    a.extend(name_tag("route-table", &format!("{} {kind}", vpc.name)));
    a.extend(query("RouteTable.RouteTableId"));
    let key = format!("{}#{kind}", vpc.id.as_str());
    let t = s.capture(&key, "RTB", &format!("{} {kind}", vpc.name), a);
    tables.push(t.clone());
    if !vpc.is_default {
        let mut a = args(&["aws", "ec2", "create-internet-gateway"]);
        a.extend(name_tag("internet-gateway", &vpc.name));
        a.extend(query("InternetGateway.InternetGatewayId"));
        let key = format!("{}#igw", vpc.id.as_str());
        let g = s.capture(&key, "IGW", &vpc.name, a);
        let mut a = args(&[
            "aws",
            "ec2",
            "attach-internet-gateway",
            "--internet-gateway-id",
        ]);
        a.extend([var(&g), bare("--vpc-id"), var(v)]);
        s.run(a);
        let mut a = args(&["aws", "ec2", "create-route", "--route-table-id"]);
        a.extend([var(&t), bare("--destination-cidr-block"), bare("0.0.0.0/0")]);
        a.extend([bare("--gateway-id"), var(&g)]);
        s.run(a);
    }
    for sub in odd {
        let Some(sv) = s.var(sub.id.as_str()).map(str::to_string) else {
            continue;
        };
        let mut a = args(&["aws", "ec2", "associate-route-table", "--route-table-id"]);
        a.extend([var(&t), bare("--subnet-id"), var(&sv)]);
        s.run(a);
    }
}

fn peerings(s: &mut Script<'_>, tables: &mut HashMap<String, Vec<String>>) {
    let w = s.w;
    let mut list: Vec<_> = w.peerings.values().collect();
    list.sort_by_key(|p| p.seq);
    if list.is_empty() {
        return;
    }
    s.section("peerings (requested, accepted, and routed both ways)");
    for p in list {
        let (Some(a), Some(b), Some(va), Some(vb)) = (
            s.var(p.requester.as_str()).map(str::to_string),
            s.var(p.accepter.as_str()).map(str::to_string),
            w.vpcs.get(&p.requester),
            w.vpcs.get(&p.accepter),
        ) else {
            s.tally.leave_out(
                format!("peering {} ({})", p.name, p.id),
                "one of its VPCs is not in the world",
            );
            continue;
        };
        s.enter(&va.scope);
        let mut c = args(&["aws", "ec2", "create-vpc-peering-connection", "--vpc-id"]);
        c.extend([var(&a), bare("--peer-vpc-id"), var(&b)]);
        if let Some(owner) = super::accounts::account_var(s, &vb.scope.account)
            .filter(|_| va.scope.account != vb.scope.account)
        {
            c.extend([bare("--peer-owner-id"), var(&owner)]);
        }
        if va.scope.region != vb.scope.region {
            c.extend([
                bare("--peer-region"),
                super::accounts::region_word(w, &vb.scope.region),
            ]);
        }
        c.extend(name_tag("vpc-peering-connection", &p.name));
        c.extend(query("VpcPeeringConnection.VpcPeeringConnectionId"));
        let pv = s.capture(p.id.as_str(), "PCX", &p.name, c);
        s.enter(&vb.scope);
        if va.scope != vb.scope {
            // The request reaches the accepter's account and region a moment later.
            let mut c = args(&["aws", "ec2", "wait", "vpc-peering-connection-exists"]);
            c.extend([bare("--vpc-peering-connection-ids"), var(&pv)]);
            s.run(c);
        }
        let mut c = args(&["aws", "ec2", "accept-vpc-peering-connection"]);
        c.extend([bare("--vpc-peering-connection-id"), var(&pv)]);
        s.run(c);
        s.tally.count(Kind::Peering);
        for (side, other) in [(vb, va), (va, vb)] {
            s.enter(&side.scope);
            for t in tables.get(side.id.as_str()).cloned().unwrap_or_default() {
                let mut c = args(&["aws", "ec2", "create-route", "--route-table-id"]);
                c.extend([
                    var(&t),
                    bare("--destination-cidr-block"),
                    bare(other.cidr.to_string()),
                ]);
                c.extend([bare("--vpc-peering-connection-id"), var(&pv)]);
                s.run(c);
            }
        }
    }
}
