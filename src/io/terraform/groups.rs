//! Security groups and their rules in the three styles Terraform writes them: inline
//! `ingress`/`egress` blocks of `aws_security_group` (and `aws_default_security_group`),
//! `aws_security_group_rule`, and `aws_vpc_security_group_ingress_rule` / `_egress_rule`. Each
//! source of a block or a legacy resource is one AWS rule; every rule is written as a
//! permission of its group and as a row of `describe-security-group-rules`, with its `sgr-` id
//! when the file has it, else one minted from its address, the same in both worlds of a plan.

use super::build::{Build, name_tags};
use super::network::name_of;
use super::tree::{Placed, hex17};
use super::values::{Group, Inline, LegacyRule, VpcRule, set};
use crate::lang::error::Diagnostic;
use serde_json::{Value, json};

/// A group being built: its document, and its rules to add.
pub fn group(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let g: Group = b.read(p)?;
    let id = b.tree.handle(p);
    let Some(vpc) = b.tree.one(p, "vpc_id", &g.vpc_id) else {
        b.skip(p, "it names no VPC: an EC2-Classic group is not imported");
        return Ok(());
    };
    let own = set(&g.name).unwrap_or(p.res.address.as_str()).to_string();
    let name = name_of(&g.tags, Some(&own), p).to_string();
    b.origin(&id, p);
    b.push(
        "SecurityGroups",
        json!({
            "GroupId": id,
            "GroupName": own,
            "Description": g.description.clone().unwrap_or_default(),
            "VpcId": vpc,
            "IpPermissions": [],
            "IpPermissionsEgress": [],
            "Tags": name_tags(&name),
        }),
    );
    for (egress, blocks, field) in [(false, &g.ingress, "ingress"), (true, &g.egress, "egress")] {
        for (i, block) in blocks.iter().flatten().enumerate() {
            let at = format!("{}#{field}[{i}]", p.res.address);
            let groups = inline_groups(b, p, block, field, &id);
            let sources = Sources {
                v4: block.cidr_blocks.clone().unwrap_or_default(),
                v6: block.ipv6_cidr_blocks.clone().unwrap_or_default(),
                lists: block.prefix_list_ids.clone().unwrap_or_default(),
                groups,
            };
            let proto = Proto::of(&block.protocol, block.from_port, block.to_port);
            add_rules(
                b,
                p,
                &id,
                egress,
                &proto,
                &sources,
                &block.description,
                &at,
                None,
            );
        }
    }
    Ok(())
}

fn inline_groups(
    b: &Build<'_, '_>,
    p: &Placed<'_>,
    block: &Inline,
    field: &str,
    own: &str,
) -> Vec<String> {
    let mut out = match &block.security_groups {
        Some(list) => list.clone(),
        None => b.tree.many(p, field, &None),
    };
    if block.self_ == Some(true) {
        out.push(own.to_string());
    }
    out
}

/// A rule's protocol and ports as written.
struct Proto {
    protocol: String,
    from: Option<i32>,
    to: Option<i32>,
}

impl Proto {
    fn of(protocol: &Option<String>, from: Option<i32>, to: Option<i32>) -> Proto {
        let protocol = protocol.clone().unwrap_or_else(|| "-1".into());
        // `-1` and `all` mean every port, whatever the ports say (0/0 in Terraform).
        let all = matches!(protocol.as_str(), "-1" | "all");
        Proto {
            protocol: if all { "-1".into() } else { protocol },
            from: if all { None } else { from },
            to: if all { None } else { to },
        }
    }
}

/// The sources of one block or resource.
#[derive(Default)]
struct Sources {
    v4: Vec<String>,
    v6: Vec<String>,
    lists: Vec<String>,
    groups: Vec<String>,
}

/// Adds one rule per source to group `group` (found among the groups read), each with an id:
/// `known` for a one-source resource that has its own, else one minted from `at` and the source.
#[allow(clippy::too_many_arguments)]
fn add_rules(
    b: &mut Build<'_, '_>,
    p: &Placed<'_>,
    group: &str,
    egress: bool,
    proto: &Proto,
    sources: &Sources,
    description: &Option<String>,
    at: &str,
    known: Option<String>,
) {
    let description = description.clone().filter(|d| !d.is_empty());
    let mut rules: Vec<(Value, Value)> = Vec::new();
    let base = || json!({"IpProtocol": proto.protocol, "FromPort": proto.from, "ToPort": proto.to});
    for c in &sources.v4 {
        let mut perm = base();
        perm["IpRanges"] = json!([{"CidrIp": c, "Description": description}]);
        rules.push((perm, json!({"CidrIpv4": c})));
    }
    for c in &sources.v6 {
        let mut perm = base();
        perm["Ipv6Ranges"] = json!([{"CidrIpv6": c, "Description": description}]);
        rules.push((perm, json!({"CidrIpv6": c})));
    }
    for l in &sources.lists {
        let mut perm = base();
        perm["PrefixListIds"] = json!([{"PrefixListId": l, "Description": description}]);
        rules.push((perm, json!({"PrefixListId": l})));
    }
    for g in &sources.groups {
        let mut perm = base();
        perm["UserIdGroupPairs"] = json!([{"GroupId": g, "Description": description}]);
        rules.push((perm, json!({"ReferencedGroupInfo": {"GroupId": g}})));
    }
    if rules.is_empty() {
        b.skip(p, "a rule with no source or destination known before apply");
        return;
    }
    let one = rules.len() == 1;
    let key = if egress {
        "IpPermissionsEgress"
    } else {
        "IpPermissions"
    };
    let has_group = b
        .doc
        .get("SecurityGroups")
        .and_then(Value::as_array)
        .is_some_and(|l| l.iter().any(|g| g["GroupId"] == json!(group)));
    if !has_group {
        b.skip(
            p,
            format!("its group {group} is not in the file: sgs imports a group with its rules"),
        );
        return;
    }
    for (perm, peer) in rules {
        let id = match (&known, one) {
            (Some(k), true) => k.clone(),
            _ => format!("sgr-{}", hex17(&format!("{at}/{peer}"))),
        };
        let mut row = json!({
            "GroupId": group,
            "IsEgress": egress,
            "IpProtocol": proto.protocol,
            "FromPort": proto.from,
            "ToPort": proto.to,
        });
        if let (Some(row), Some(peer)) = (row.as_object_mut(), peer.as_object()) {
            for (k, v) in peer {
                row.insert(k.clone(), v.clone());
            }
        }
        // A refreshed state lists every rule of a group in its `ingress`/`egress` too, also
        // those a rule resource manages: one AWS rule, kept once, with the resource's id.
        let same = |r: &Value| {
            let mut r = r.clone();
            if let Some(o) = r.as_object_mut() {
                o.remove("SecurityGroupRuleId");
            }
            r == row
        };
        let rows = b
            .doc
            .get_mut("SecurityGroupRules")
            .and_then(Value::as_array_mut);
        if let Some(twin) = rows.and_then(|l| l.iter_mut().find(|r| same(r))) {
            if known.is_some() && one {
                twin["SecurityGroupRuleId"] = json!(id);
                b.origin(&id, p);
            }
            continue;
        }
        if let Some(list) = b
            .doc
            .get_mut("SecurityGroups")
            .and_then(Value::as_array_mut)
            .and_then(|l| l.iter_mut().find(|g| g["GroupId"] == json!(group)))
            .and_then(|g| g[key].as_array_mut())
        {
            list.push(perm);
        }
        row["SecurityGroupRuleId"] = json!(id);
        b.origin(&id, p);
        b.push("SecurityGroupRules", row);
    }
}

/// `aws_security_group_rule`.
pub fn legacy_rule(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let r: LegacyRule = b.read(p)?;
    let Some(group) = b.tree.one(p, "security_group_id", &r.security_group_id) else {
        return Err(b.error(p, "security_group_id", "a rule names its group"));
    };
    let egress = match r.kind.as_deref() {
        Some("ingress") => false,
        Some("egress") => true,
        other => {
            let what = format!(
                "type is {}: a rule is of type \"ingress\" or \"egress\"",
                other.unwrap_or("missing")
            );
            return Err(b.error(p, "type", &what));
        }
    };
    let mut groups = Vec::new();
    if let Some(s) = b
        .tree
        .one(p, "source_security_group_id", &r.source_security_group_id)
    {
        groups.push(s);
    }
    if r.self_ == Some(true) {
        groups.push(group.clone());
    }
    let sources = Sources {
        v4: r.cidr_blocks.clone().unwrap_or_default(),
        v6: r.ipv6_cidr_blocks.clone().unwrap_or_default(),
        lists: r.prefix_list_ids.clone().unwrap_or_default(),
        groups,
    };
    let proto = Proto::of(&r.protocol, r.from_port, r.to_port);
    let at = p.res.address.clone();
    add_rules(
        b,
        p,
        &group,
        egress,
        &proto,
        &sources,
        &r.description,
        &at,
        None,
    );
    Ok(())
}

/// `aws_vpc_security_group_ingress_rule` / `_egress_rule`.
pub fn vpc_rule(b: &mut Build<'_, '_>, p: &Placed<'_>, egress: bool) -> Result<(), Diagnostic> {
    let r: VpcRule = b.read(p)?;
    let Some(group) = b.tree.one(p, "security_group_id", &r.security_group_id) else {
        return Err(b.error(p, "security_group_id", "a rule names its group"));
    };
    let mut sources = Sources::default();
    if let Some(c) = set(&r.cidr_ipv4) {
        sources.v4.push(c.to_string());
    } else if let Some(c) = set(&r.cidr_ipv6) {
        sources.v6.push(c.to_string());
    } else if let Some(l) = b.tree.one(p, "prefix_list_id", &r.prefix_list_id) {
        sources.lists.push(l);
    } else if let Some(g) = b.tree.one(
        p,
        "referenced_security_group_id",
        &r.referenced_security_group_id,
    ) {
        sources.groups.push(g);
    }
    let proto = Proto::of(&r.ip_protocol, r.from_port, r.to_port);
    let known = set(&r.security_group_rule_id)
        .map(str::to_string)
        .unwrap_or_else(|| super::tree::placeholder(&p.res.kind, &p.res.address));
    let at = p.res.address.clone();
    add_rules(
        b,
        p,
        &group,
        egress,
        &proto,
        &sources,
        &r.description,
        &at,
        Some(known),
    );
    Ok(())
}
