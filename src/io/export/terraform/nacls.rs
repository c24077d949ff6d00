//! Network ACLs: a VPC's default ACL adopted with `aws_default_network_acl` and its entries
//! inline (that resource manages them all), custom ACLs as `aws_network_acl` with one
//! `aws_network_acl_rule` per entry, and each subnet's association.

use super::Config;
use super::hcl::{Block, list};
use crate::io::export::Kind;
use crate::vocab::{Direction, Proto};
use crate::world::nacl::AclEntry;
use ipnet::IpNet;

/// The protocol number AWS stores for an entry (`-1` for all).
fn protocol(p: Proto) -> String {
    p.number().map_or("-1".to_string(), |n| n.to_string())
}

/// What an entry matches and does, as attributes; `inline` writes the default ACL's block form.
fn entry_attrs(b: &mut Block, e: &AclEntry, inline: bool) {
    let (num, action) = if inline {
        ("rule_no", "action")
    } else {
        ("rule_number", "rule_action")
    };
    b.num(num, e.number);
    b.str("protocol", &protocol(e.proto));
    b.str(action, if e.allow { "allow" } else { "deny" });
    match e.cidr {
        IpNet::V4(n) => b.str("cidr_block", &n.to_string()),
        IpNet::V6(n) => b.str("ipv6_cidr_block", &n.to_string()),
    };
    match e.proto {
        Proto::Tcp(r) | Proto::Udp(r) => {
            b.num("from_port", r.from);
            b.num("to_port", r.to);
        }
        Proto::Icmp(r) | Proto::Icmpv6(r) => {
            if inline {
                b.num("from_port", 0);
                b.num("to_port", 0);
            }
            b.num("icmp_type", r.icmp_type.map_or(-1, i32::from));
            b.num("icmp_code", r.code.map_or(-1, i32::from));
        }
        Proto::All | Proto::Other(_) => {
            if inline {
                b.num("from_port", 0);
                b.num("to_port", 0);
            }
        }
    }
}

pub(super) fn write(c: &mut Config<'_>) {
    let w = c.w;
    let mut vpcs: Vec<_> = w.vpcs.values().collect();
    vpcs.sort_by_key(|v| (c.order(&v.scope), v.seq));
    c.comment("network ACLs");
    for vpc in vpcs {
        let Some(vaddr) = c.addr(vpc.id.as_str()).map(str::to_string) else {
            continue;
        };
        c.enter(&vpc.scope);
        for nacl in w.nacls_of(&vpc.id) {
            let mut b = Block::new();
            let subnets: Vec<String> = w
                .subnets_of(&vpc.id)
                .iter()
                .filter(|s| s.nacl == nacl.id)
                .filter_map(|s| c.addr(s.id.as_str()).map(|a| format!("{a}.id")))
                .collect();
            let name = format!("{}_{}", vpc.name, nacl.name);
            if nacl.is_default {
                b.raw(
                    "default_network_acl_id",
                    &format!("{vaddr}.default_network_acl_id"),
                );
                b.raw("subnet_ids", &list(&subnets));
                for (direction, key) in [
                    (Direction::Ingress, "ingress"),
                    (Direction::Egress, "egress"),
                ] {
                    for e in nacl.entries(direction) {
                        let mut blk = Block::new();
                        entry_attrs(&mut blk, e, true);
                        b.block(key, blk);
                        c.tally.count(Kind::NaclEntry);
                    }
                }
                b.name_tag(&nacl.name);
                let addr = c.address("aws_default_network_acl", &name);
                let import = c.imported(nacl.id.as_str());
                c.resource(nacl.id.as_str(), &addr, b, import);
                c.tally.count(Kind::Nacl);
                continue;
            }
            b.raw("vpc_id", &format!("{vaddr}.id"));
            b.name_tag(&nacl.name);
            let addr = c.address("aws_network_acl", &name);
            let import = c.imported(nacl.id.as_str());
            let adopted = import.clone();
            c.resource(nacl.id.as_str(), &addr, b, import);
            c.tally.count(Kind::Nacl);
            for (direction, egress) in [(Direction::Ingress, false), (Direction::Egress, true)] {
                for e in nacl.entries(direction) {
                    let mut r = Block::new();
                    r.raw("network_acl_id", &format!("{addr}.id"));
                    r.raw("egress", if egress { "true" } else { "false" });
                    entry_attrs(&mut r, e, false);
                    let word = if egress { "out" } else { "in" };
                    let raddr = c.address(
                        "aws_network_acl_rule",
                        &format!("{name}_{word}_{}", e.number),
                    );
                    let import = adopted
                        .as_ref()
                        .map(|id| format!("{id}:{}:{}:{egress}", e.number, protocol(e.proto)));
                    c.resource("", &raddr, r, import);
                    c.tally.count(Kind::NaclEntry);
                }
            }
            for sub in w.subnets_of(&vpc.id).iter().filter(|s| s.nacl == nacl.id) {
                let Some(saddr) = c.addr(sub.id.as_str()).map(str::to_string) else {
                    continue;
                };
                let mut a = Block::new();
                a.raw("network_acl_id", &format!("{addr}.id"));
                a.raw("subnet_id", &format!("{saddr}.id"));
                let aaddr = c.address("aws_network_acl_association", &sub.name);
                c.resource("", &aaddr, a, None);
            }
        }
    }
}
