//! The smallest fix as one value, [`Fix`]: the changes that make a probe pass, in the order the
//! gates block it (request leg first, source side first), and its three renderings read off the
//! same changes: sgs lines (what the session runs on a copy of the world to check the fix), AWS
//! CLI commands and Terraform blocks. Each change is as narrow as the packet allows: its protocol
//! and port (an ICMP type and code), a group reference or one address as the peer, one NACL entry.

use crate::vocab::{AclId, Direction, EniId, Family, InstanceId, Proto, RulePeer, SgId, VpcId};
use ipnet::IpNet;
use std::fmt::Write as _;

/// One change the fix makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A security-group rule: `group` is the group changed, `peer` the far end it must match.
    Rule {
        direction: Direction,
        group: SgId,
        /// The group as an sgs line names it (its name where that resolves to it, else its id).
        group_ref: String,
        proto: Proto,
        peer: RulePeer,
        /// The peer as an sgs line writes it.
        peer_ref: String,
    },
    /// An allow entry of a network ACL (`Ingress` is inbound).
    Entry {
        direction: Direction,
        acl: AclId,
        acl_ref: String,
        number: u16,
        proto: Proto,
        cidr: IpNet,
    },
    /// A VPC peering connection between two VPCs no peering joins.
    Peering {
        name: String,
        requester: VpcId,
        requester_ref: String,
        accepter: VpcId,
        accepter_ref: String,
        /// The accepter's account and region where they differ from the requester's.
        peer_owner: Option<String>,
        peer_region: Option<String>,
    },
    /// A new security group, for a rule no group of the interface has room for.
    NewGroup {
        name: String,
        description: String,
        vpc: VpcId,
        vpc_ref: String,
    },
    /// An interface's groups replaced (a new group added to them): `target` is `instance NAME`
    /// or `eni ID`.
    Groups {
        eni: EniId,
        target: String,
        groups: Vec<SgId>,
        group_refs: Vec<String>,
    },
    /// A stopped instance started.
    Start {
        instance: InstanceId,
        instance_ref: String,
    },
}

/// The fix: its changes and their three renderings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fix {
    pub changes: Vec<Change>,
    /// One sgs command per change.
    pub sgs: Vec<String>,
    /// AWS CLI commands.
    pub cli: Vec<String>,
    /// Terraform resources, one block per change.
    pub terraform: String,
}

impl Fix {
    /// The fix of these changes, rendered.
    pub fn of(changes: Vec<Change>) -> Fix {
        let sgs = changes.iter().map(Change::sgs).collect();
        let cli = changes.iter().flat_map(Change::cli).collect();
        let terraform = changes
            .iter()
            .enumerate()
            .map(|(k, c)| c.terraform(k + 1))
            .collect::<Vec<_>>()
            .join("\n");
        Fix {
            changes,
            sgs,
            cli,
            terraform,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// A rule's protocol as an sgs line writes it: `tcp 3306`, `icmp 8:0`, `all`, `50`.
pub fn proto_sgs(p: Proto) -> String {
    let icmp = |r: crate::vocab::IcmpRange| match (r.icmp_type, r.code) {
        (None, _) => "all".to_string(),
        (Some(t), None) => t.to_string(),
        (Some(t), Some(c)) => format!("{t}:{c}"),
    };
    match p {
        Proto::All => "all".into(),
        Proto::Tcp(r) => format!("tcp {r}"),
        Proto::Udp(r) => format!("udp {r}"),
        Proto::Icmp(r) => format!("icmp {}", icmp(r)),
        Proto::Icmpv6(r) => format!("icmpv6 {}", icmp(r)),
        Proto::Other(n) => n.to_string(),
    }
}

/// The protocol's number as AWS writes it (`-1` for all).
fn proto_number(p: Proto) -> String {
    p.number().map_or("-1".to_string(), |n| n.to_string())
}

/// The protocol's name as the security-group APIs take it.
fn proto_name(p: Proto) -> String {
    match p {
        Proto::All => "-1".into(),
        Proto::Tcp(_) => "tcp".into(),
        Proto::Udp(_) => "udp".into(),
        Proto::Icmp(_) => "icmp".into(),
        Proto::Icmpv6(_) => "icmpv6".into(),
        Proto::Other(n) => n.to_string(),
    }
}

/// From and to as AWS's APIs carry them: ports, or an ICMP type and code (`-1` for any).
fn range(p: Proto) -> Option<(i32, i32)> {
    let icmp = |r: crate::vocab::IcmpRange| {
        (
            r.icmp_type.map_or(-1, i32::from),
            r.code.map_or(-1, i32::from),
        )
    };
    match p {
        Proto::Tcp(r) | Proto::Udp(r) => Some((i32::from(r.from), i32::from(r.to))),
        Proto::Icmp(r) | Proto::Icmpv6(r) => Some(icmp(r)),
        Proto::All | Proto::Other(_) => None,
    }
}

fn family(net: &IpNet) -> Family {
    match net {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    }
}

/// Terraform's `key = value` lines, aligned.
fn block(kind: &str, name: &str, fields: &[(&str, String)]) -> String {
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = format!("resource \"{kind}\" \"{name}\" {{\n");
    for (k, v) in fields {
        let _ = writeln!(out, "  {k:width$} = {v}");
    }
    out.push_str("}\n");
    out
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

impl Change {
    /// The sgs command.
    pub fn sgs(&self) -> String {
        match self {
            Change::Rule {
                direction,
                group_ref,
                proto,
                peer_ref,
                ..
            } => {
                let p = proto_sgs(*proto);
                match direction {
                    Direction::Ingress => {
                        format!("authorize ingress {p} from {peer_ref} to {group_ref}")
                    }
                    Direction::Egress => {
                        format!("authorize egress {p} from {group_ref} to {peer_ref}")
                    }
                }
            }
            Change::Entry {
                direction,
                acl_ref,
                number,
                proto,
                cidr,
                ..
            } => {
                let (way, word) = match direction {
                    Direction::Ingress => ("ingress", "from"),
                    Direction::Egress => ("egress", "to"),
                };
                let p = proto_sgs(*proto);
                format!("create nacl-entry {acl_ref} {way} {number} allow {p} {word} {cidr}")
            }
            Change::Peering {
                name,
                requester_ref,
                accepter_ref,
                ..
            } => format!("create peering {name} between {requester_ref} and {accepter_ref}"),
            Change::Start { instance_ref, .. } => format!("start {instance_ref}"),
            Change::NewGroup {
                name,
                description,
                vpc_ref,
                ..
            } => format!("create group {name} \"{description}\" in {vpc_ref}"),
            Change::Groups {
                target, group_refs, ..
            } => format!("modify {target} groups {}", group_refs.join(", ")),
        }
    }

    /// The AWS CLI commands.
    pub fn cli(&self) -> Vec<String> {
        match self {
            Change::Rule {
                direction,
                group,
                proto,
                peer,
                ..
            } => {
                let mut perm = format!("IpProtocol={}", proto_name(*proto));
                if let Some((from, to)) = range(*proto) {
                    let _ = write!(perm, ",FromPort={from},ToPort={to}");
                }
                match peer {
                    RulePeer::Cidr(net) if family(net) == Family::V4 => {
                        let _ = write!(perm, ",IpRanges=[{{CidrIp={net}}}]");
                    }
                    RulePeer::Cidr(net) => {
                        let _ = write!(perm, ",Ipv6Ranges=[{{CidrIpv6={net}}}]");
                    }
                    RulePeer::Group { id, owner } => {
                        let _ = write!(perm, ",UserIdGroupPairs=[{{GroupId={id},UserId={owner}}}]");
                    }
                    RulePeer::PrefixList(id) => {
                        let _ = write!(perm, ",PrefixListIds=[{{PrefixListId={id}}}]");
                    }
                }
                vec![format!(
                    "aws ec2 authorize-security-group-{} --group-id {group} --ip-permissions '{perm}'",
                    direction.as_str()
                )]
            }
            Change::Entry {
                direction,
                acl,
                number,
                proto,
                cidr,
                ..
            } => {
                let mut line = format!(
                    "aws ec2 create-network-acl-entry --network-acl-id {acl} --{} --rule-number \
                     {number} --protocol {}",
                    direction.as_str(),
                    proto_number(*proto)
                );
                match (*proto, range(*proto)) {
                    (Proto::Tcp(_) | Proto::Udp(_), Some((from, to))) => {
                        let _ = write!(line, " --port-range From={from},To={to}");
                    }
                    (Proto::Icmp(_) | Proto::Icmpv6(_), Some((t, c))) => {
                        let _ = write!(line, " --icmp-type-code Type={t},Code={c}");
                    }
                    _ => {}
                }
                let block = match family(cidr) {
                    Family::V4 => "--cidr-block",
                    Family::V6 => "--ipv6-cidr-block",
                };
                let _ = write!(line, " {block} {cidr} --rule-action allow");
                vec![line]
            }
            Change::Peering {
                requester,
                accepter,
                peer_owner,
                peer_region,
                ..
            } => {
                let mut line = format!(
                    "aws ec2 create-vpc-peering-connection --vpc-id {requester} --peer-vpc-id \
                     {accepter}"
                );
                if let Some(owner) = peer_owner {
                    let _ = write!(line, " --peer-owner-id {owner}");
                }
                if let Some(region) = peer_region {
                    let _ = write!(line, " --peer-region {region}");
                }
                vec![
                    line,
                    "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id PCX_ID"
                        .to_string(),
                ]
            }
            Change::Start { instance, .. } => {
                vec![format!("aws ec2 start-instances --instance-ids {instance}")]
            }
            Change::NewGroup {
                name,
                description,
                vpc,
                ..
            } => vec![format!(
                "aws ec2 create-security-group --group-name {name} --description \"{description}\" \
                 --vpc-id {vpc}"
            )],
            Change::Groups { eni, groups, .. } => {
                let ids: Vec<&str> = groups.iter().map(SgId::as_str).collect();
                vec![format!(
                    "aws ec2 modify-network-interface-attribute --network-interface-id {eni} \
                     --groups {}",
                    ids.join(" ")
                )]
            }
        }
    }

    /// The Terraform resource, named `fix_N`.
    pub fn terraform(&self, n: usize) -> String {
        let name = format!("fix_{n}");
        match self {
            Change::Rule {
                direction,
                group,
                proto,
                peer,
                ..
            } => {
                let kind = match direction {
                    Direction::Ingress => "aws_vpc_security_group_ingress_rule",
                    Direction::Egress => "aws_vpc_security_group_egress_rule",
                };
                let mut fields = vec![
                    ("security_group_id", quoted(group.as_str())),
                    ("ip_protocol", quoted(&proto_name(*proto))),
                ];
                if let Some((from, to)) = range(*proto) {
                    fields.push(("from_port", from.to_string()));
                    fields.push(("to_port", to.to_string()));
                }
                fields.push(match peer {
                    RulePeer::Cidr(net) if family(net) == Family::V4 => {
                        ("cidr_ipv4", quoted(&net.to_string()))
                    }
                    RulePeer::Cidr(net) => ("cidr_ipv6", quoted(&net.to_string())),
                    RulePeer::Group { id, .. } => {
                        ("referenced_security_group_id", quoted(id.as_str()))
                    }
                    RulePeer::PrefixList(id) => ("prefix_list_id", quoted(id.as_str())),
                });
                block(kind, &name, &fields)
            }
            Change::Entry {
                direction,
                acl,
                number,
                proto,
                cidr,
                ..
            } => {
                let mut fields = vec![
                    ("network_acl_id", quoted(acl.as_str())),
                    ("rule_number", number.to_string()),
                    ("egress", (*direction == Direction::Egress).to_string()),
                    ("protocol", quoted(&proto_number(*proto))),
                    ("rule_action", quoted("allow")),
                ];
                fields.push(match family(cidr) {
                    Family::V4 => ("cidr_block", quoted(&cidr.to_string())),
                    Family::V6 => ("ipv6_cidr_block", quoted(&cidr.to_string())),
                });
                match (*proto, range(*proto)) {
                    (Proto::Tcp(_) | Proto::Udp(_), Some((from, to))) => {
                        fields.push(("from_port", from.to_string()));
                        fields.push(("to_port", to.to_string()));
                    }
                    (Proto::Icmp(_) | Proto::Icmpv6(_), Some((t, c))) => {
                        fields.push(("icmp_type", t.to_string()));
                        fields.push(("icmp_code", c.to_string()));
                    }
                    _ => {}
                }
                block("aws_network_acl_rule", &name, &fields)
            }
            Change::Peering {
                requester,
                accepter,
                peer_owner,
                peer_region,
                ..
            } => {
                let mut fields = vec![
                    ("vpc_id", quoted(requester.as_str())),
                    ("peer_vpc_id", quoted(accepter.as_str())),
                ];
                if let Some(owner) = peer_owner {
                    fields.push(("peer_owner_id", quoted(owner)));
                }
                match peer_region {
                    Some(region) => fields.push(("peer_region", quoted(region))),
                    None if peer_owner.is_none() => fields.push(("auto_accept", "true".into())),
                    None => {}
                }
                block("aws_vpc_peering_connection", &name, &fields)
            }
            Change::Start { instance, .. } => block(
                "aws_ec2_instance_state",
                &name,
                &[
                    ("instance_id", quoted(instance.as_str())),
                    ("state", quoted("running")),
                ],
            ),
            Change::NewGroup {
                name: group,
                description,
                vpc,
                ..
            } => block(
                "aws_security_group",
                &name,
                &[
                    ("name", quoted(group)),
                    ("description", quoted(description)),
                    ("vpc_id", quoted(vpc.as_str())),
                ],
            ),
            Change::Groups { eni, groups, .. } => block(
                "aws_network_interface_sg_attachment",
                &name,
                &[
                    (
                        "security_group_id",
                        quoted(groups.last().map_or("", SgId::as_str)),
                    ),
                    ("network_interface_id", quoted(eni.as_str())),
                ],
            ),
        }
    }
}
