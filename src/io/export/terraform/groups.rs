//! Security groups, and one `aws_vpc_security_group_ingress_rule` / `_egress_rule` per rule.
//!
//! A group is an `aws_security_group` with no inline rules (Terraform removes the allow-all
//! egress rule AWS gives a new group, so the group holds exactly the resources below); a VPC's
//! default group is adopted with `aws_default_security_group`, which clears its rules first.
//! A rule's `sgr-` id from AWS gives it an `import` block.

use super::Config;
use super::hcl::Block;
use crate::io::export::{Kind, description};
use crate::vocab::{Direction, Proto};
use crate::world::group::{Group, Rule, RulePeer};
use ipnet::IpNet;

pub(super) fn write(c: &mut Config<'_>) {
    let w = c.w;
    let mut groups: Vec<&Group> = w.groups.values().collect();
    groups.sort_by_key(|g| (c.order(&g.scope), g.seq));
    c.comment("security groups");
    let mut written = Vec::new();
    for g in groups {
        let what = format!("group {} ({})", g.name, g.id);
        c.enter(&g.scope);
        let Some(vaddr) = g
            .vpc
            .as_ref()
            .and_then(|v| c.addr(v.as_str()))
            .map(str::to_string)
        else {
            if g.is_classic() && g.is_default && !w.group_in_use(&g.id) {
                continue;
            }
            c.tally.leave_out(
                what,
                "an EC2-Classic group: AWS retired EC2-Classic, so no account can create one",
            );
            continue;
        };
        let mut b = Block::new();
        let vpc_name = g
            .vpc
            .as_ref()
            .and_then(|v| w.vpcs.get(v))
            .map(|v| v.name.clone())
            .unwrap_or_default();
        let (kind, name) = if g.is_default {
            b.raw("vpc_id", &format!("{vaddr}.id"));
            ("aws_default_security_group", format!("{vpc_name}_default"))
        } else {
            b.str("name", &g.name);
            b.str("description", &g.description);
            b.raw("vpc_id", &format!("{vaddr}.id"));
            b.name_tag(&g.name);
            ("aws_security_group", g.name.clone())
        };
        let addr = c.address(kind, &name);
        let import = c.imported(g.id.as_str());
        c.resource(g.id.as_str(), &addr, b, import);
        c.tally.count(Kind::Group);
        written.push((g, addr));
    }
    for (g, addr) in written {
        c.comment(&format!("rules of {}", g.name));
        c.enter(&g.scope);
        for (direction, rule) in g.all_rules() {
            one(c, g, &addr, direction, rule);
        }
    }
}

/// The protocol and port attributes of a rule (ports left out where the provider wants none).
pub(super) fn proto_attrs(b: &mut Block, proto: Proto) {
    match proto {
        Proto::All => {
            b.str("ip_protocol", "-1");
        }
        Proto::Tcp(r) | Proto::Udp(r) => {
            let name = if matches!(proto, Proto::Tcp(_)) {
                "tcp"
            } else {
                "udp"
            };
            b.str("ip_protocol", name);
            b.num("from_port", r.from);
            b.num("to_port", r.to);
        }
        Proto::Icmp(r) | Proto::Icmpv6(r) => {
            let name = if matches!(proto, Proto::Icmp(_)) {
                "icmp"
            } else {
                "icmpv6"
            };
            b.str("ip_protocol", name);
            b.num("from_port", r.icmp_type.map_or(-1, i32::from));
            b.num("to_port", r.code.map_or(-1, i32::from));
        }
        Proto::Other(n) => {
            b.str("ip_protocol", &n.to_string());
        }
    }
}

fn one(c: &mut Config<'_>, g: &Group, gaddr: &str, direction: Direction, rule: &Rule) {
    let mut b = Block::new();
    b.raw("security_group_id", &format!("{gaddr}.id"));
    if let Some(d) = description(rule) {
        b.str("description", d);
    }
    proto_attrs(&mut b, rule.proto);
    let peer_name = match &rule.peer {
        RulePeer::Cidr(IpNet::V4(n)) => {
            b.str("cidr_ipv4", &n.to_string());
            if n.prefix_len() == 0 {
                "all_v4".to_string()
            } else {
                n.to_string()
            }
        }
        RulePeer::Cidr(IpNet::V6(n)) => {
            b.str("cidr_ipv6", &n.to_string());
            if n.prefix_len() == 0 {
                "all_v6".to_string()
            } else {
                n.to_string()
            }
        }
        RulePeer::Group { id, .. } => {
            let stale = c.w.stale(g, &rule.peer).is_some();
            let other = c.w.groups.get(id).map(|o| &o.scope);
            match c.addr(id.as_str()).map(str::to_string) {
                Some(_) if other.is_some_and(|o| o.region != g.scope.region) => {
                    c.tally.leave_out_rule(
                        direction,
                        rule,
                        g,
                        format!(
                            "it references group {id} of another region: AWS lets a rule \
                             reference groups of its own region only"
                        ),
                    );
                    return;
                }
                Some(r) if !stale && other.is_some_and(|o| o.account != g.scope.account) => {
                    // `[UserID/]GroupID`: a group of another account is named with its owner.
                    b.raw(
                        "referenced_security_group_id",
                        &format!("\"${{{r}.owner_id}}/${{{r}.id}}\""),
                    );
                    c.w.groups
                        .get(id)
                        .map(|x| x.name.clone())
                        .unwrap_or_default()
                }
                Some(r) if !stale => {
                    b.raw("referenced_security_group_id", &format!("{r}.id"));
                    c.w.groups
                        .get(id)
                        .map(|x| x.name.clone())
                        .unwrap_or_default()
                }
                _ => {
                    c.tally.leave_out_rule(
                        direction,
                        rule,
                        g,
                        format!("it references group {id}, which is stale or not declared here"),
                    );
                    return;
                }
            }
        }
        RulePeer::PrefixList(id) => match c.addr(id.as_str()).map(str::to_string) {
            // The list's resource, or the data source of an AWS-managed one (`prefix_lists`).
            Some(r) => {
                b.raw("prefix_list_id", &format!("{r}.id"));
                c.w.prefix_list_name(id)
            }
            None => {
                c.tally.leave_out_rule(direction, rule, g, format!(
                        "it names prefix list {id}, which is not declared here (another account or region)"
                    ),
                );
                return;
            }
        },
    };
    let (kind, word) = match direction {
        Direction::Ingress => ("aws_vpc_security_group_ingress_rule", "in"),
        Direction::Egress => ("aws_vpc_security_group_egress_rule", "out"),
    };
    let what = match rule.proto {
        Proto::All => "all".to_string(),
        Proto::Tcp(r) | Proto::Udp(r) => format!(
            "{}_{}",
            if matches!(rule.proto, Proto::Tcp(_)) {
                "tcp"
            } else {
                "udp"
            },
            r
        ),
        Proto::Icmp(_) => "icmp".to_string(),
        Proto::Icmpv6(_) => "icmpv6".to_string(),
        Proto::Other(n) => format!("proto_{n}"),
    };
    let addr = c.address(kind, &format!("{}_{word}_{what}_{peer_name}", g.name));
    let import = c
        .imported(rule.id.as_str())
        .filter(|id| id.starts_with("sgr-"));
    c.resource(rule.id.as_str(), &addr, b, import);
    c.tally.count(Kind::Rule);
}
