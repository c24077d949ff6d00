//! Network ACLs: the default one of each VPC brought to the world's entries, custom ones created
//! with theirs, and each subnet associated with its ACL.
//!
//! AWS gives a VPC's default ACL one entry each way (100: allow all from 0.0.0.0/0; with an IPv6
//! block also 101, allow all from ::/0); the script replaces or deletes them when the world's
//! differ, and creates the rest. The final `*` entries
//! are AWS's own and are never written.

use super::Script;
use super::shell::{Arg, bare, lit, var};
use super::topology::{name_tag, query};
use crate::io::export::Kind;
use crate::vocab::{Direction, Proto};
use crate::world::nacl::{ANY_V4, ANY_V6, AclEntry, Nacl};
use ipnet::IpNet;

/// The entries AWS gives a default ACL each way: 100 allows all IPv4, and in a VPC with an IPv6
/// block 101 allows all IPv6.
fn aws_first(ipv6: bool) -> Vec<AclEntry> {
    let mut first = vec![AclEntry {
        number: 100,
        allow: true,
        proto: Proto::All,
        cidr: ANY_V4,
    }];
    if ipv6 {
        first.push(AclEntry {
            number: 101,
            allow: true,
            proto: Proto::All,
            cidr: ANY_V6,
        });
    }
    first
}

fn flag(direction: Direction) -> &'static str {
    match direction {
        Direction::Ingress => "--ingress",
        Direction::Egress => "--egress",
    }
}

/// The arguments that say what an entry matches and does.
pub(crate) fn entry_args(e: &AclEntry) -> Vec<Arg> {
    let mut a = vec![bare("--rule-number"), bare(e.number.to_string())];
    let number = match e.proto {
        Proto::All => "-1".to_string(),
        p => p.number().map_or("-1".to_string(), |n| n.to_string()),
    };
    a.extend([bare("--protocol"), bare(number)]);
    match e.proto {
        Proto::Tcp(r) | Proto::Udp(r) => {
            a.extend([
                bare("--port-range"),
                bare(format!("From={},To={}", r.from, r.to)),
            ]);
        }
        Proto::Icmp(r) | Proto::Icmpv6(r) => {
            let t = r.icmp_type.map_or(-1, i32::from);
            let c = r.code.map_or(-1, i32::from);
            a.extend([bare("--icmp-type-code"), bare(format!("Type={t},Code={c}"))]);
        }
        Proto::All | Proto::Other(_) => {}
    }
    match e.cidr {
        IpNet::V4(n) => a.extend([bare("--cidr-block"), bare(n.to_string())]),
        IpNet::V6(n) => a.extend([bare("--ipv6-cidr-block"), bare(n.to_string())]),
    }
    let action = if e.allow { "allow" } else { "deny" };
    a.extend([bare("--rule-action"), bare(action)]);
    a
}

pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    let mut vpcs: Vec<_> = w.vpcs.values().collect();
    let order = super::accounts::scopes(w);
    vpcs.sort_by_key(|v| (order.iter().position(|o| *o == v.scope), v.seq));
    let mut started = false;
    for vpc in vpcs {
        let Some(v) = s.var(vpc.id.as_str()).map(str::to_string) else {
            continue;
        };
        for nacl in w.nacls_of(&vpc.id) {
            let untouched = nacl.is_default
                && [Direction::Ingress, Direction::Egress]
                    .iter()
                    .all(|d| nacl.entries(*d) == aws_first(vpc.ipv6.is_some()).as_slice());
            s.tally.count(Kind::Nacl);
            if untouched {
                continue;
            }
            if !started {
                s.section("network ACLs");
                started = true;
            }
            s.enter(&vpc.scope);
            one(s, nacl, &v);
        }
        for sub in w.subnets_of(&vpc.id) {
            let Some(nacl) = w.nacls.get(&sub.nacl) else {
                continue;
            };
            if nacl.is_default {
                continue;
            }
            let (Some(n), Some(sv)) = (
                s.var(nacl.id.as_str()).map(str::to_string),
                s.var(sub.id.as_str()).map(str::to_string),
            ) else {
                continue;
            };
            s.enter(&vpc.scope);
            let assoc = s.fresh("ASSOC", &sub.name);
            s.run_plain(vec![bare(format!(
                "{assoc}=$(aws ec2 describe-network-acls --filters \"Name=association.subnet-id,Values=${sv}\" --query \"NetworkAcls[0].Associations[?SubnetId=='${sv}'].NetworkAclAssociationId\" --output text)"
            ))]);
            s.run(vec![
                bare("aws"),
                bare("ec2"),
                bare("replace-network-acl-association"),
                bare("--association-id"),
                var(&assoc),
                bare("--network-acl-id"),
                var(&n),
            ]);
        }
    }
}

fn one(s: &mut Script<'_>, nacl: &Nacl, v: &str) {
    let n = if nacl.is_default {
        let mut a: Vec<Arg> = ["aws", "ec2", "describe-network-acls", "--filters"]
            .map(bare)
            .into();
        a.push(Arg::Joined(vec![lit("Name=vpc-id,Values="), var(v)]));
        a.push(bare("Name=default,Values=true"));
        a.extend(query("NetworkAcls[0].NetworkAclId"));
        let vpc =
            s.w.vpcs
                .get(&nacl.vpc)
                .map(|v| v.name.clone())
                .unwrap_or_default();
        let n = s.capture(nacl.id.as_str(), "ACL", &format!("{vpc} default"), a);
        s.run_plain(vec![bare("found"), lit("a default network ACL"), var(&n)]);
        n
    } else {
        let mut a: Vec<Arg> = ["aws", "ec2", "create-network-acl", "--vpc-id"]
            .map(bare)
            .into();
        a.push(var(v));
        a.extend(name_tag("network-acl", &nacl.name));
        a.extend(query("NetworkAcl.NetworkAclId"));
        s.capture(nacl.id.as_str(), "ACL", &nacl.name, a)
    };
    let ipv6 = s.w.vpcs.get(&nacl.vpc).is_some_and(|v| v.ipv6.is_some());
    for direction in [Direction::Ingress, Direction::Egress] {
        let first = if nacl.is_default {
            aws_first(ipv6)
        } else {
            Vec::new()
        };
        for e in nacl.entries(direction) {
            let verb = match first.iter().find(|f| f.number == e.number) {
                Some(f) if f == e => {
                    s.tally.count(Kind::NaclEntry);
                    continue;
                }
                Some(_) => "replace-network-acl-entry",
                None => "create-network-acl-entry",
            };
            let mut a = vec![
                bare("aws"),
                bare("ec2"),
                bare(verb),
                bare("--network-acl-id"),
                var(&n),
                bare(flag(direction)),
            ];
            a.extend(entry_args(e));
            s.run(a);
            s.tally.count(Kind::NaclEntry);
        }
        for f in &first {
            if nacl.entry(direction, f.number).is_none() {
                s.run(vec![
                    bare("aws"),
                    bare("ec2"),
                    bare("delete-network-acl-entry"),
                    bare("--network-acl-id"),
                    var(&n),
                    bare(flag(direction)),
                    bare("--rule-number"),
                    bare(f.number.to_string()),
                ]);
            }
        }
    }
}
