//! A generated world written as an AWS estate: the describe-* JSON that `import aws` reads, as
//! the AWS CLI prints it for an account holding that world (interop/formats.md). The same spec
//! and seed describe the same world as the session `generate` writes, less the default VPC an
//! import does not invent: the groups, rules, instances and addresses are the same, so the
//! session's probes answer the same on both.

use super::plan::{Plan, Source};
use super::{ESTATE_DEFAULT_GROUPS, GenSpec, PER_SUBNET, check, plan};
use crate::io::files::write_atomic;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

const OWNER: &str = "123456789012";
const ZONE: &str = "us-east-1a";

/// Writes the estate of `spec` into the folder `dir` (created if missing), one file per
/// describe call, each saved atomically; returns the files written. Probes are session lines,
/// not AWS objects: an estate has none.
pub fn write_estate(spec: &GenSpec, dir: &Path) -> Result<Vec<String>, String> {
    if spec.probes > 0 {
        return Err(
            "--probes is for sessions: an AWS estate holds no probes (write them with \
                    `sgs gen` without --aws, or probe the imported world)"
                .into(),
        );
    }
    check(spec, ESTATE_DEFAULT_GROUPS)?;
    let plan = plan::draw(spec);
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    let files = [
        ("describe-vpcs.json", vpcs()),
        ("describe-subnets.json", subnets(&plan)),
        ("describe-network-acls.json", network_acls(&plan)),
        ("describe-security-groups.json", groups(&plan)),
        ("describe-security-group-rules.json", rules(&plan)),
        ("describe-instances.json", instances(&plan)),
    ];
    let mut written = Vec::new();
    for (name, value) in files {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        write_atomic(&path, &(text + "\n")).map_err(|d| d.message)?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

fn vpc_id() -> String {
    "vpc-0e5700000000000a1".into()
}

fn subnet_id(s: usize) -> String {
    format!("subnet-0e57{s:013x}")
}

fn group_id(g: usize) -> String {
    format!("sg-0e57{g:013x}")
}

fn default_group_id() -> String {
    "sg-0e57d00000000defa".into()
}

fn name(tag: &str) -> Value {
    json!([{ "Key": "Name", "Value": tag }])
}

/// The address of instance `i`: the subnet's fifth address on (AWS keeps the first four).
fn address(i: usize) -> String {
    let s = i / PER_SUBNET;
    let offset = 4 + i % PER_SUBNET;
    format!("10.0.{}.{}", s * 16 + offset / 256, offset % 256)
}

fn vpcs() -> Value {
    json!({ "Vpcs": [{
        "CidrBlock": "10.0.0.0/16",
        "State": "available",
        "VpcId": vpc_id(),
        "OwnerId": OWNER,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [{
            "AssociationId": "vpc-cidr-assoc-0e570000000000001",
            "CidrBlock": "10.0.0.0/16",
            "CidrBlockState": { "State": "associated" }
        }],
        "IsDefault": false,
        "Tags": name("gen")
    }]})
}

fn subnets(plan: &Plan) -> Value {
    let list: Vec<Value> = (0..plan.subnets)
        .map(|s| {
            json!({
                "AvailabilityZone": ZONE,
                "AvailableIpAddressCount": PER_SUBNET,
                "CidrBlock": format!("10.0.{}.0/20", s * 16),
                "DefaultForAz": false,
                "MapPublicIpOnLaunch": true,
                "State": "available",
                "SubnetId": subnet_id(s),
                "VpcId": vpc_id(),
                "OwnerId": OWNER,
                "Tags": name(&format!("s{s}"))
            })
        })
        .collect();
    json!({ "Subnets": list })
}

/// The VPC's default network ACL, on every subnet: allow all (100), then the `*` deny.
fn network_acls(plan: &Plan) -> Value {
    let entry = |number: u32, egress: bool, action: &str| {
        json!({
            "CidrBlock": "0.0.0.0/0",
            "Egress": egress,
            "Protocol": "-1",
            "RuleAction": action,
            "RuleNumber": number
        })
    };
    let associations: Vec<Value> = (0..plan.subnets)
        .map(|s| {
            json!({
                "NetworkAclAssociationId": format!("aclassoc-0e57{s:013x}"),
                "NetworkAclId": "acl-0e5700000000000a1",
                "SubnetId": subnet_id(s)
            })
        })
        .collect();
    json!({ "NetworkAcls": [{
        "Associations": associations,
        "Entries": [
            entry(100, true, "allow"),
            entry(32767, true, "deny"),
            entry(100, false, "allow"),
            entry(32767, false, "deny")
        ],
        "IsDefault": true,
        "NetworkAclId": "acl-0e5700000000000a1",
        "Tags": [],
        "VpcId": vpc_id(),
        "OwnerId": OWNER
    }]})
}

fn all_traffic_out() -> Value {
    json!([{
        "IpProtocol": "-1",
        "IpRanges": [{ "CidrIp": "0.0.0.0/0" }],
        "Ipv6Ranges": [],
        "PrefixListIds": [],
        "UserIdGroupPairs": []
    }])
}

/// A group's ingress rules as AWS prints them: one permission per port, its sources listed in
/// it.
fn permissions(rules: &[(u16, Source)]) -> Value {
    let mut by_port: BTreeMap<u16, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
    for &(port, source) in rules {
        let (ranges, pairs) = by_port.entry(port).or_default();
        match source.group() {
            Some(g) => pairs.push(json!({ "GroupId": group_id(g), "UserId": OWNER })),
            None => ranges.push(json!({ "CidrIp": source.cidr() })),
        }
    }
    let list: Vec<Value> = by_port
        .into_iter()
        .map(|(port, (ranges, pairs))| {
            json!({
                "FromPort": port,
                "IpProtocol": "tcp",
                "IpRanges": ranges,
                "Ipv6Ranges": [],
                "PrefixListIds": [],
                "ToPort": port,
                "UserIdGroupPairs": pairs
            })
        })
        .collect();
    Value::Array(list)
}

fn groups(plan: &Plan) -> Value {
    let mut list = vec![json!({
        "Description": "default VPC security group",
        "GroupName": "default",
        "IpPermissions": [{
            "IpProtocol": "-1",
            "IpRanges": [],
            "Ipv6Ranges": [],
            "PrefixListIds": [],
            "UserIdGroupPairs": [{ "GroupId": default_group_id(), "UserId": OWNER }]
        }],
        "OwnerId": OWNER,
        "GroupId": default_group_id(),
        "IpPermissionsEgress": all_traffic_out(),
        "VpcId": vpc_id()
    })];
    for (g, rules) in plan.rules.iter().enumerate() {
        list.push(json!({
            "Description": format!("generated group {g}"),
            "GroupName": format!("g{g}"),
            "IpPermissions": permissions(rules),
            "OwnerId": OWNER,
            "GroupId": group_id(g),
            "IpPermissionsEgress": all_traffic_out(),
            "VpcId": vpc_id()
        }));
    }
    json!({ "SecurityGroups": list })
}

/// One row of describe-security-group-rules.
fn rule_row(n: &mut usize, group: &str, egress: bool, port: Option<u16>, peer: Value) -> Value {
    *n += 1;
    let mut row = json!({
        "SecurityGroupRuleId": format!("sgr-0e57{:013x}", *n),
        "GroupId": group,
        "GroupOwnerId": OWNER,
        "IsEgress": egress,
        "IpProtocol": if port.is_some() { "tcp" } else { "-1" },
        "FromPort": port.map_or(-1, i32::from),
        "ToPort": port.map_or(-1, i32::from)
    });
    if let (Value::Object(row), Value::Object(peer)) = (&mut row, peer) {
        row.extend(peer);
    }
    row
}

fn rules(plan: &Plan) -> Value {
    let mut n = 0;
    let all_out = || json!({ "CidrIpv4": "0.0.0.0/0" });
    let mut list = Vec::new();
    let default = default_group_id();
    let self_ref = json!({ "ReferencedGroupInfo": { "GroupId": default, "UserId": OWNER } });
    list.push(rule_row(&mut n, &default, false, None, self_ref));
    list.push(rule_row(&mut n, &default, true, None, all_out()));
    for (g, rules) in plan.rules.iter().enumerate() {
        let id = group_id(g);
        for &(port, source) in rules {
            let peer = match source.group() {
                Some(p) => {
                    json!({ "ReferencedGroupInfo": { "GroupId": group_id(p), "UserId": OWNER } })
                }
                None => json!({ "CidrIpv4": source.cidr() }),
            };
            list.push(rule_row(&mut n, &id, false, Some(port), peer));
        }
        list.push(rule_row(&mut n, &id, true, None, all_out()));
    }
    json!({ "SecurityGroupRules": list })
}

fn instances(plan: &Plan) -> Value {
    let list: Vec<Value> = plan
        .instances
        .iter()
        .enumerate()
        .map(|(i, groups)| {
            let id = format!("i-0e57{i:013x}");
            let subnet = subnet_id(i / PER_SUBNET);
            let ip = address(i);
            let sgs: Vec<Value> = groups
                .iter()
                .map(|&g| json!({ "GroupId": group_id(g), "GroupName": format!("g{g}") }))
                .collect();
            json!({ "Instances": [{
                "ImageId": "ami-0e570000000000001",
                "InstanceId": id,
                "InstanceType": "t3.micro",
                "Placement": { "AvailabilityZone": ZONE },
                "PrivateIpAddress": ip,
                "State": { "Code": 16, "Name": "running" },
                "SubnetId": subnet,
                "VpcId": vpc_id(),
                "SecurityGroups": sgs,
                "NetworkInterfaces": [{
                    "Attachment": { "DeviceIndex": 0, "Status": "attached" },
                    "Groups": sgs,
                    "NetworkInterfaceId": format!("eni-0e57{i:013x}"),
                    "OwnerId": OWNER,
                    "PrivateIpAddress": ip,
                    "PrivateIpAddresses": [{ "Primary": true, "PrivateIpAddress": ip }],
                    "SubnetId": subnet,
                    "VpcId": vpc_id(),
                    "InterfaceType": "interface"
                }],
                "Tags": name(&format!("i{i}"))
            }]})
        })
        .collect();
    json!({ "Reservations": list })
}
