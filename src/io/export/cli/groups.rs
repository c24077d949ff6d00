//! Security groups and their rules, in the `--ip-permissions` JSON form.
//!
//! Every group is created (or, for a VPC's default group, looked up) before any rule is written,
//! so a rule may reference any group. AWS gives a new group one rule (all traffic out to
//! 0.0.0.0/0, and a second to ::/0 in a VPC with an IPv6 block): kept when the world has it,
//! revoked when not. A default group's rules are whatever
//! the account has now, so they are read and revoked (`clear_rules`), and the world's written
//! again. The world's rules are authorized in one call per group and direction.

use super::Script;
use super::shell::{Arg, bare, json, json_var, lit, text, var};
use super::topology::{name_tag, query};
use crate::io::export::{Kind, description};
use crate::vocab::{Direction, Proto};
use crate::world::group::{Group, Rule, RulePeer};
use crate::world::nacl::{ANY_V4, ANY_V6};
use ipnet::IpNet;
use serde_json::{Map, Value, json};

pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    let order = super::accounts::scopes(w);
    let mut groups: Vec<&Group> = w.groups.values().collect();
    groups.sort_by_key(|g| (order.iter().position(|o| *o == g.scope), g.seq));
    let mut written = Vec::new();
    s.section("security groups");
    for g in groups {
        let what = format!("group {} ({})", g.name, g.id);
        s.enter(&g.scope);
        let Some(vpc) = g
            .vpc
            .as_ref()
            .and_then(|v| s.var(v.as_str()))
            .map(str::to_string)
        else {
            // Every region has an EC2-Classic default group in sgs; one nothing uses is no loss.
            if g.is_classic() && g.is_default && !w.group_in_use(&g.id) {
                continue;
            }
            s.tally.leave_out(
                what,
                "an EC2-Classic group: AWS retired EC2-Classic, so no account can create one",
            );
            continue;
        };
        if g.is_default {
            let mut a: Vec<Arg> = ["aws", "ec2", "describe-security-groups", "--filters"]
                .map(bare)
                .into();
            a.push(Arg::Joined(vec![lit("Name=vpc-id,Values="), var(&vpc)]));
            a.push(bare("Name=group-name,Values=default"));
            a.extend(query("SecurityGroups[0].GroupId"));
            let v = s.capture(
                g.id.as_str(),
                "SG",
                &format!("{} default", vpc_name(s, g)),
                a,
            );
            s.run_plain(vec![
                bare("found"),
                lit("a default security group"),
                var(&v),
            ]);
        } else {
            let mut a: Vec<Arg> = ["aws", "ec2", "create-security-group", "--group-name"]
                .map(bare)
                .into();
            a.push(lit(text(&g.name)));
            a.push(bare("--description"));
            a.push(lit(text(&g.description)));
            a.push(bare("--vpc-id"));
            a.push(var(&vpc));
            a.extend(name_tag("security-group", &g.name));
            a.extend(query("GroupId"));
            s.capture(g.id.as_str(), "SG", &g.name, a);
        }
        s.tally.count(Kind::Group);
        written.push(g);
    }
    if written.is_empty() {
        return;
    }
    s.section("rules");
    for g in written {
        s.enter(&g.scope);
        if let Some(v) = s
            .var(g.id.as_str())
            .map(str::to_string)
            .filter(|_| g.is_default)
        {
            s.run_plain(vec![bare("clear_rules"), var(&v)]);
        }
        for direction in [Direction::Ingress, Direction::Egress] {
            rules(s, g, direction);
        }
    }
}

fn vpc_name(s: &Script<'_>, g: &Group) -> String {
    g.vpc
        .as_ref()
        .and_then(|v| s.w.vpcs.get(v))
        .map(|v| v.name.clone())
        .unwrap_or_default()
}

/// The rules AWS gives a new group in this direction: all traffic out to 0.0.0.0/0, and to ::/0
/// in a VPC with an IPv6 block. (A default group's rules are cleared first instead: an
/// account's default group may have been changed since AWS made it.)
fn aws_first_rules(s: &Script<'_>, g: &Group, direction: Direction) -> Vec<(Proto, RulePeer)> {
    match direction {
        Direction::Egress if !g.is_default => {
            let mut first = vec![(Proto::All, RulePeer::Cidr(ANY_V4))];
            let v6 = g
                .vpc
                .as_ref()
                .and_then(|v| s.w.vpcs.get(v))
                .is_some_and(|v| v.ipv6.is_some());
            if v6 {
                first.push((Proto::All, RulePeer::Cidr(ANY_V6)));
            }
            first
        }
        _ => Vec::new(),
    }
}

fn rules(s: &mut Script<'_>, g: &Group, direction: Direction) {
    let Some(gv) = s.var(g.id.as_str()).map(str::to_string) else {
        return;
    };
    let first = aws_first_rules(s, g, direction);
    let mut kept = vec![false; first.len()];
    let mut perms = Vec::new();
    for rule in g.rules(direction) {
        if let Some(i) = first
            .iter()
            .position(|(p, q)| description(rule).is_none() && rule.same_permission(p, q))
        {
            kept[i] = true;
            s.tally.count(Kind::Rule);
            continue;
        }
        match permission(s, g, rule) {
            Ok(p) => {
                perms.push(p);
                s.tally.count(Kind::Rule);
            }
            Err(why) => s.tally.leave_out_rule(direction, rule, g, why),
        }
    }
    let verb = match direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    };
    if !perms.is_empty() {
        s.run(vec![
            bare("aws"),
            bare("ec2"),
            bare(format!("authorize-security-group-{verb}")),
            bare("--group-id"),
            var(&gv),
            bare("--ip-permissions"),
            json(&Value::Array(perms)),
        ]);
    }
    let gone: Vec<Value> = first
        .iter()
        .zip(&kept)
        .filter(|(_, k)| !**k)
        .filter_map(|((proto, peer), _)| {
            let rule = Rule {
                id: crate::vocab::RuleId(String::new()),
                proto: *proto,
                peer: peer.clone(),
                description: None,
            };
            permission(s, g, &rule).ok()
        })
        .collect();
    if !gone.is_empty() {
        s.run(vec![
            bare("aws"),
            bare("ec2"),
            bare(format!("revoke-security-group-{verb}")),
            bare("--group-id"),
            var(&gv),
            bare("--ip-permissions"),
            json(&Value::Array(gone)),
        ]);
    }
}

/// The protocol and ports of an `IpPermission`.
pub(crate) fn proto_fields(proto: Proto) -> Map<String, Value> {
    let mut m = Map::new();
    let (name, ports): (String, Option<(i32, i32)>) = match proto {
        Proto::All => ("-1".into(), None),
        Proto::Tcp(r) => ("tcp".into(), Some((r.from.into(), r.to.into()))),
        Proto::Udp(r) => ("udp".into(), Some((r.from.into(), r.to.into()))),
        Proto::Icmp(r) | Proto::Icmpv6(r) => {
            let t = r.icmp_type.map_or(-1, i32::from);
            let c = r.code.map_or(-1, i32::from);
            let n = if matches!(proto, Proto::Icmp(_)) {
                "icmp"
            } else {
                "icmpv6"
            };
            (n.into(), Some((t, c)))
        }
        Proto::Other(n) => (n.to_string(), None),
    };
    m.insert("IpProtocol".into(), json!(name));
    if let Some((from, to)) = ports {
        m.insert("FromPort".into(), json!(from));
        m.insert("ToPort".into(), json!(to));
    }
    m
}

/// One rule as an `IpPermission`, or why it cannot be written.
fn permission(s: &Script<'_>, g: &Group, rule: &Rule) -> Result<Value, String> {
    let mut m = proto_fields(rule.proto);
    let mut peer = Map::new();
    let key = match &rule.peer {
        RulePeer::Cidr(IpNet::V4(net)) => {
            peer.insert("CidrIp".into(), json!(net.to_string()));
            "IpRanges"
        }
        RulePeer::Cidr(IpNet::V6(net)) => {
            peer.insert("CidrIpv6".into(), json!(net.to_string()));
            "Ipv6Ranges"
        }
        RulePeer::Group { id, .. } => {
            if let Some(stale) = s.w.stale(g, &rule.peer) {
                return Err(format!(
                    "it references group {id}, which is stale ({}): AWS would refuse it",
                    match stale {
                        crate::world::peering::Stale::GroupDeleted => "deleted",
                        crate::world::peering::Stale::NoPeering => "no peering joins the VPCs",
                    }
                ));
            }
            let Some(v) = s.var(id.as_str()) else {
                return Err(format!(
                    "it references group {id}, which the script does not build"
                ));
            };
            if let Some(other) = s.w.groups.get(id).filter(|o| o.scope != g.scope) {
                if other.scope.region != g.scope.region {
                    return Err(format!(
                        "it references group {id} of {}: AWS lets a rule reference groups of its \
                         own region only",
                        other.scope
                    ));
                }
                // A group of another account (over a peering) is named with its owner.
                if let Some(owner) = super::accounts::account_var(s, &other.scope.account) {
                    peer.insert("UserId".into(), json_var(&owner));
                }
            }
            peer.insert("GroupId".into(), json_var(v));
            "UserIdGroupPairs"
        }
        RulePeer::PrefixList(id) => {
            // The list's id in the target account: created or looked up (`prefix_lists`).
            let Some(v) = s.var(id.as_str()) else {
                return Err(format!(
                    "it names prefix list {id}, which the script does not build (another account or region)"
                ));
            };
            peer.insert("PrefixListId".into(), json_var(v));
            "PrefixListIds"
        }
    };
    if let Some(d) = description(rule) {
        peer.insert("Description".into(), json!(text(d)));
    }
    m.insert(key.into(), json!([Value::Object(peer)]));
    Ok(Value::Object(m))
}
