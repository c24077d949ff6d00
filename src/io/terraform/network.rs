//! VPCs, subnets, network ACLs (inline entries, `aws_network_acl_rule`, associations) and
//! peerings, as describe-* output.

use super::build::{Build, SubnetInfo, name_tags};
use super::tree::Placed;
use super::values::{self, Nacl, NaclEntry, NaclRule, Peering, Subnet, Vpc, name_tag, set};
use crate::lang::error::Diagnostic;
use serde_json::{Value, json};

/// The name an object takes: its `Name` tag, else its own name, else its address.
pub fn name_of<'x>(tags: &'x values::Tags, own: Option<&'x str>, p: &'x Placed<'_>) -> &'x str {
    name_tag(tags)
        .or(own.filter(|n| !n.is_empty()))
        .unwrap_or(p.res.address.as_str())
}

pub fn vpc(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let v: Vpc = b.read(p)?;
    let id = b.tree.handle(p);
    let Some(cidr) = set(&v.cidr_block) else {
        b.skip(p, "its CIDR block is not known until apply (an IPAM pool?)");
        return Ok(());
    };
    let mut o = json!({
        "VpcId": id,
        "CidrBlock": cidr,
        "Tags": name_tags(name_of(&v.tags, None, p)),
    });
    if let Some(owner) = set(&v.owner_id) {
        o["OwnerId"] = json!(owner);
    }
    if let Some(v6) = set(&v.ipv6_cidr_block) {
        o["Ipv6CidrBlockAssociationSet"] =
            json!([{"Ipv6CidrBlock": v6, "Ipv6CidrBlockState": {"State": "associated"}}]);
    }
    b.origin(&id, p);
    b.push("Vpcs", o);
    Ok(())
}

/// Reads a subnet's place first (interfaces need it), then writes it.
pub fn subnet(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let s: Subnet = b.read(p)?;
    let id = b.tree.handle(p);
    let Some(vpc) = b.tree.one(p, "vpc_id", &s.vpc_id) else {
        return Err(b.error(p, "vpc_id", "a subnet names its VPC"));
    };
    let Some(cidr) = set(&s.cidr_block) else {
        b.skip(p, "its CIDR block is not known until apply");
        return Ok(());
    };
    let az = set(&s.availability_zone).unwrap_or_default().to_string();
    let map_public_ip = s.map_public_ip_on_launch.unwrap_or(false);
    b.subnets.insert(
        id.clone(),
        SubnetInfo {
            vpc: vpc.clone(),
            net: cidr.parse().ok(),
            az: az.clone(),
            map_public_ip,
        },
    );
    let mut o = json!({
        "SubnetId": id,
        "VpcId": vpc,
        "CidrBlock": cidr,
        "AvailabilityZone": az,
        "MapPublicIpOnLaunch": map_public_ip,
        "Tags": name_tags(name_of(&s.tags, None, p)),
    });
    if let Some(v6) = set(&s.ipv6_cidr_block) {
        o["Ipv6CidrBlockAssociationSet"] =
            json!([{"Ipv6CidrBlock": v6, "Ipv6CidrBlockState": {"State": "associated"}}]);
    }
    b.origin(&id, p);
    b.push("Subnets", o);
    Ok(())
}

fn entry(e: &NaclEntry, egress: bool) -> Value {
    rule_entry(&NaclRule {
        network_acl_id: None,
        rule_number: e.rule_no,
        egress: Some(egress),
        rule_action: e.action.clone(),
        protocol: e.protocol.clone(),
        cidr_block: e.cidr_block.clone(),
        ipv6_cidr_block: e.ipv6_cidr_block.clone(),
        from_port: e.from_port,
        to_port: e.to_port,
        icmp_type: e.icmp_type,
        icmp_code: e.icmp_code,
    })
}

/// One entry in `describe-network-acls`' shape.
fn rule_entry(e: &NaclRule) -> Value {
    let protocol = e.protocol.clone().unwrap_or_else(|| "-1".into());
    let mut o = json!({
        "RuleNumber": e.rule_number.unwrap_or(0),
        "Egress": e.egress.unwrap_or(false),
        "RuleAction": e.rule_action.clone().unwrap_or_else(|| "deny".into()).to_ascii_lowercase(),
        "Protocol": protocol,
    });
    if let Some(c) = set(&e.cidr_block) {
        o["CidrBlock"] = json!(c);
    }
    if let Some(c) = set(&e.ipv6_cidr_block) {
        o["Ipv6CidrBlock"] = json!(c);
    }
    match protocol.to_ascii_lowercase().as_str() {
        "tcp" | "6" | "udp" | "17" => {
            o["PortRange"] = json!({"From": e.from_port, "To": e.to_port});
        }
        "icmp" | "1" | "icmpv6" | "58" => {
            o["IcmpTypeCode"] =
                json!({"Type": e.icmp_type.unwrap_or(-1), "Code": e.icmp_code.unwrap_or(-1)});
        }
        _ => {}
    }
    o
}

/// `aws_network_acl` and `aws_default_network_acl`.
pub fn nacl(b: &mut Build<'_, '_>, p: &Placed<'_>, is_default: bool) -> Result<(), Diagnostic> {
    let a: Nacl = b.read(p)?;
    let id = match set(&a.default_network_acl_id) {
        Some(d) if is_default => d.to_string(),
        _ => b.tree.handle(p),
    };
    let Some(vpc) = b.tree.one(p, "vpc_id", &a.vpc_id) else {
        return Err(b.error(p, "vpc_id", "a network ACL names its VPC"));
    };
    let mut entries: Vec<Value> = Vec::new();
    for e in a.ingress.iter().flatten() {
        entries.push(entry(e, false));
    }
    for e in a.egress.iter().flatten() {
        entries.push(entry(e, true));
    }
    let subnets = b.tree.many(p, "subnet_ids", &a.subnet_ids);
    let associations: Vec<Value> = subnets.iter().map(|s| json!({"SubnetId": s})).collect();
    let name = name_tag(&a.tags).map(str::to_string).unwrap_or_else(|| {
        if is_default {
            "default".into()
        } else {
            p.res.address.clone()
        }
    });
    b.origin(&id, p);
    b.push(
        "NetworkAcls",
        json!({
            "NetworkAclId": id,
            "VpcId": vpc,
            "IsDefault": is_default,
            "Associations": associations,
            "Entries": entries,
            "Tags": name_tags(&name),
        }),
    );
    Ok(())
}

/// `aws_network_acl_rule`: an entry added to its ACL (read before).
pub fn nacl_rule(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let r: NaclRule = b.read(p)?;
    let Some(acl) = b.tree.one(p, "network_acl_id", &r.network_acl_id) else {
        return Err(b.error(p, "network_acl_id", "a network ACL rule names its ACL"));
    };
    let e = rule_entry(&r);
    let found = b
        .doc
        .get_mut("NetworkAcls")
        .and_then(Value::as_array_mut)
        .and_then(|l| l.iter_mut().find(|a| a["NetworkAclId"] == json!(acl)))
        .and_then(|a| a["Entries"].as_array_mut());
    match found {
        Some(entries) => entries.push(e),
        None => b.skip(p, format!("its network ACL {acl} is not in the file")),
    }
    Ok(())
}

/// `aws_network_acl_association`: a subnet moved to an ACL (read before).
pub fn nacl_association(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Assoc {
        network_acl_id: Option<String>,
        subnet_id: Option<String>,
    }
    let r: Assoc = b.read(p)?;
    let acl = b.tree.one(p, "network_acl_id", &r.network_acl_id);
    let subnet = b.tree.one(p, "subnet_id", &r.subnet_id);
    let (Some(acl), Some(subnet)) = (acl, subnet) else {
        return Err(b.error(
            p,
            "network_acl_id",
            "an association names its ACL and subnet",
        ));
    };
    // A subnet has one ACL: it leaves the one it had.
    let lists = b.doc.get_mut("NetworkAcls").and_then(Value::as_array_mut);
    let found = lists.and_then(|l| {
        for a in l.iter_mut() {
            if let Some(list) = a["Associations"].as_array_mut() {
                list.retain(|x| x["SubnetId"] != json!(subnet));
            }
        }
        l.iter_mut()
            .find(|a| a["NetworkAclId"] == json!(acl))
            .and_then(|a| a["Associations"].as_array_mut())
    });
    match found {
        Some(list) => list.push(json!({"SubnetId": subnet})),
        None => b.skip(p, format!("its network ACL {acl} is not in the file")),
    }
    Ok(())
}

pub fn peering(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let v: Peering = b.read(p)?;
    let id = b.tree.handle(p);
    let requester = b.tree.one(p, "vpc_id", &v.vpc_id);
    let accepter = b.tree.one(p, "peer_vpc_id", &v.peer_vpc_id);
    // A plan does not know the status of a peering it creates: auto_accept makes it active.
    let status = match set(&v.accept_status) {
        Some(s) => s.to_string(),
        None if v.auto_accept == Some(true) => "active".into(),
        None => "pending-acceptance".into(),
    };
    b.origin(&id, p);
    b.push(
        "VpcPeeringConnections",
        json!({
            "VpcPeeringConnectionId": id,
            "Status": {"Code": status},
            "RequesterVpcInfo": {"VpcId": requester},
            "AccepterVpcInfo": {"VpcId": accepter},
            "Tags": name_tags(name_of(&v.tags, None, p)),
        }),
    );
    Ok(())
}
