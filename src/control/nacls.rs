//! Network ACLs: CreateNetworkAcl, Create/Replace/DeleteNetworkAclEntry,
//! ReplaceNetworkAclAssociation and DeleteNetworkAcl, with AWS's codes (AWS-SEMANTICS §1, §10).
//!
//! An entry is a rule number (1–32766, unique per direction), allow or deny, a protocol with its
//! ports or ICMP type, and one IPv4 or IPv6 CIDR. Protocols follow CreateNetworkAclEntry, which is
//! not AuthorizeSecurityGroupIngress: a missing port range or ICMP type is `MissingParameter`, and
//! ICMPv6 needs a type only with an IPv6 CIDR. The quota is 20 entries per direction and address
//! family, counting the `*` entry.

use super::{Outcome, here_subnet, here_vpc, must_be_here, validate};
use crate::lang::ast::{Direction, IcmpSpec, NaclEntrySpec, Perm, Ref, Span, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::AclId;
use crate::world::nacl::{AclEntry, FIRST_RULE, LAST_RULE, Nacl};
use crate::world::proto::{Family, IcmpRange, Proto};
use ipnet::IpNet;

/// Network ACLs per VPC (AWS's default quota).
pub const NACLS_PER_VPC: usize = 200;
/// Entries per direction and address family, counting the `*` entry (AWS's default quota).
pub const ENTRIES_PER_FAMILY: usize = 20;

/// A network ACL of the current account and region.
fn here<'a>(world: &'a World, r: &Ref) -> Result<&'a Nacl, Diagnostic> {
    let nacl = world.resolve_nacl(r)?;
    must_be_here(
        world,
        &nacl.scope,
        "InvalidNetworkAclID.NotFound",
        "network ACL ID",
        r,
    )?;
    Ok(nacl)
}

pub fn create(
    world: &mut World,
    name: &Spanned<String>,
    vpc_ref: &Ref,
) -> Result<Outcome, Diagnostic> {
    let vpc = here_vpc(world, vpc_ref)?;
    let nname = validate::object_name(name, "network ACL")?;
    let existing = world.nacls_of(&vpc.id);
    if existing.iter().any(|n| n.name == nname) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "A network ACL named '{nname}' already exists in vpc {}",
                vpc.name
            ),
        )
        .at(name.span)
        .label("name taken")
        .help("network ACL names are unique within their VPC; the default one is named default"));
    }
    if existing.len() >= NACLS_PER_VPC {
        return Err(Diagnostic::new(
            "NetworkAclLimitExceeded",
            "The maximum number of network ACLs has been reached.",
        )
        .at(name.span)
        .help(format!(
            "a VPC has at most {NACLS_PER_VPC} network ACLs; delete one first"
        )));
    }
    let (vpc_id, vname, scope) = (vpc.id.clone(), vpc.name.clone(), vpc.scope.clone());
    let id = AclId(world.mint(AclId::PREFIX));
    let seq = world.next_seq();
    world.add_nacl(Nacl {
        id: id.clone(),
        name: nname.clone(),
        vpc: vpc_id,
        scope,
        is_default: false,
        ingress: Vec::new(),
        egress: Vec::new(),
        seq,
    });
    Ok(Outcome::ok(format!(
        "ok: created network ACL {nname} ({id}) in vpc {vname}: it denies everything until entries are added"
    )))
}

/// A rule number a user may set: 1 to 32766.
fn rule_number(n: &Spanned<i64>) -> Result<u16, Diagnostic> {
    match u16::try_from(n.node) {
        Ok(v) if (FIRST_RULE..=LAST_RULE).contains(&v) => Ok(v),
        _ => {
            let reserved = n.node > i64::from(LAST_RULE);
            let mut d = Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "Invalid value '{}' for ruleNumber. Rule numbers are {FIRST_RULE} to {LAST_RULE}.",
                    n.node
                ),
            )
            .at(n.span);
            d = if reserved {
                d.label("32767 to 65535 are reserved for internal use")
                    .help("the final * entries cannot be changed; add entries numbered below them")
            } else {
                d.label("rule numbers start at 1")
            };
            Err(d)
        }
    }
}

fn missing(param: &str, span: Span, help: &str) -> Diagnostic {
    Diagnostic::new(
        "MissingParameter",
        format!("The request must contain the parameter {param}"),
    )
    .at(span)
    .help(help.to_string())
}

const PORTS_HELP: &str = "give a port or a range: tcp 22, tcp 1024-65535, tcp all";
const ICMP_HELP: &str = "give a type: icmp all, icmp 8, icmp echo-request, icmp 3:4";

/// CreateNetworkAclEntry's protocol rules (AWS-SEMANTICS §10): tcp and udp need a port range,
/// icmp a type, icmpv6 a type with an IPv6 CIDR (with an IPv4 one it means every type), and any
/// other protocol covers all its traffic.
fn entry_proto(perm: &Spanned<Perm>, family: Family) -> Result<Proto, Diagnostic> {
    let span = perm.span;
    let icmpv6 = |spec: Option<IcmpSpec>| -> Result<Proto, Diagnostic> {
        match (spec, family) {
            (_, Family::V4) => Ok(Proto::Icmpv6(IcmpRange::ALL)),
            (None, Family::V6) => Err(missing("icmpTypeCode.type", span, ICMP_HELP)),
            (Some(s), Family::V6) => Ok(Proto::Icmpv6(validate::icmp_range(Some(s), true, span)?)),
        }
    };
    match perm.node {
        Perm::All | Perm::Number(-1) => Ok(Proto::All),
        Perm::Tcp(None) | Perm::Udp(None) | Perm::Number(6 | 17) => {
            Err(missing("portRange", span, PORTS_HELP))
        }
        Perm::Tcp(p) => Ok(Proto::Tcp(validate::tcp_udp_range(p, span)?)),
        Perm::Udp(p) => Ok(Proto::Udp(validate::tcp_udp_range(p, span)?)),
        Perm::Icmp(None) | Perm::Number(1) => Err(missing("icmpTypeCode.type", span, ICMP_HELP)),
        Perm::Icmp(s) => Ok(Proto::Icmp(validate::icmp_range(s, false, span)?)),
        Perm::Icmpv6(s) => icmpv6(s),
        Perm::Number(58) => icmpv6(None),
        Perm::Number(n) => u8::try_from(n).map(Proto::Other).map_err(|_| {
            Diagnostic::new(
                "InvalidParameterValue",
                format!("Invalid value '{n}' for IP protocol. Unknown protocol."),
            )
            .at(span)
            .label("protocol numbers are 0-255, or -1 for all")
        }),
    }
}

/// A validated entry and the ACL it goes to.
struct Checked {
    nacl: AclId,
    entry: AclEntry,
}

fn check_entry(world: &World, spec: &NaclEntrySpec) -> Result<Checked, Diagnostic> {
    let nacl = here(world, &spec.nacl)?;
    let number = rule_number(&spec.number)?;
    let cidr = validate::cidr(
        &spec.cidr.node,
        spec.cidr.span,
        ("cidrBlock", "ipv6CidrBlock"),
    )?;
    let family = match cidr {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    };
    let proto = entry_proto(&spec.perm, family)?;
    Ok(Checked {
        nacl: nacl.id.clone(),
        entry: AclEntry {
            number,
            allow: spec.allow,
            proto,
            cidr,
        },
    })
}

fn quota_error(span: Span, direction: Direction, family: Family) -> Diagnostic {
    Diagnostic::new(
        "NetworkAclEntryLimitExceeded",
        "The maximum number of network acl entries has been reached.",
    )
    .at(span)
    .label(format!(
        "{ENTRIES_PER_FAMILY} {} {family} entries, counting the * entry",
        direction.as_str()
    ))
    .help("merge entries (a wider CIDR or port range), or delete one first")
}

/// `ingress 90 deny tcp 22 from 198.51.100.0/24`, for messages.
fn entry_text(direction: Direction, e: &AclEntry) -> String {
    let (dir, word) = match direction {
        Direction::Ingress => ("ingress", "from"),
        Direction::Egress => ("egress", "to"),
    };
    let action = if e.allow { "allow" } else { "deny" };
    format!("{dir} {} {action} {} {word} {}", e.number, e.proto, e.cidr)
}

pub fn create_entry(world: &mut World, spec: &NaclEntrySpec) -> Result<Outcome, Diagnostic> {
    let Checked { nacl, entry } = check_entry(world, spec)?;
    let Some(n) = world.nacls.get(&nacl) else {
        return Err(missing_acl(&spec.nacl));
    };
    if n.entry(spec.direction, entry.number).is_some() {
        return Err(Diagnostic::new(
            "NetworkAclEntryAlreadyExists",
            format!(
                "The network acl entry identified by {} already exists.",
                entry.number
            ),
        )
        .at(spec.number.span)
        .label(format!(
            "{} already has {} entry {}",
            n.name,
            spec.direction.as_str(),
            entry.number
        ))
        .help("use replace nacl-entry to change it, or pick another number"));
    }
    if n.count(spec.direction, entry.family()) >= ENTRIES_PER_FAMILY {
        return Err(quota_error(
            spec.number.span,
            spec.direction,
            entry.family(),
        ));
    }
    let name = n.name.clone();
    if let Some(n) = world.nacls.get_mut(&nacl) {
        n.put(spec.direction, entry);
    }
    Ok(Outcome::ok(format!(
        "ok: created entry {} in network ACL {name} ({nacl})",
        entry_text(spec.direction, &entry)
    )))
}

fn no_entry(direction: Direction, number: u16, span: Span, acl: &Nacl) -> Diagnostic {
    Diagnostic::new(
        "InvalidNetworkAclEntry.NotFound",
        format!("no {} entry with number {number}", direction.as_str()),
    )
    .at(span)
    .label(format!("not an entry of {}", acl.name))
    .help(format!("see its entries with: show nacls in {}", acl.vpc))
}

fn missing_acl(r: &Ref) -> Diagnostic {
    Diagnostic::new(
        "InvalidNetworkAclID.NotFound",
        format!("The network ACL ID '{r}' does not exist"),
    )
    .at(r.span)
}

pub fn replace_entry(world: &mut World, spec: &NaclEntrySpec) -> Result<Outcome, Diagnostic> {
    let Checked { nacl, entry } = check_entry(world, spec)?;
    let Some(n) = world.nacls.get(&nacl) else {
        return Err(missing_acl(&spec.nacl));
    };
    let Some(old) = n.entry(spec.direction, entry.number).copied() else {
        return Err(no_entry(spec.direction, entry.number, spec.number.span, n));
    };
    if old.family() != entry.family()
        && n.count(spec.direction, entry.family()) >= ENTRIES_PER_FAMILY
    {
        return Err(quota_error(spec.cidr.span, spec.direction, entry.family()));
    }
    let name = n.name.clone();
    if let Some(n) = world.nacls.get_mut(&nacl) {
        n.put(spec.direction, entry);
    }
    Ok(Outcome::ok(format!(
        "ok: replaced entry {} of network ACL {name} ({nacl}) with {}",
        entry.number,
        entry_text(spec.direction, &entry)
    )))
}

pub fn delete_entry(
    world: &mut World,
    r: &Ref,
    direction: Direction,
    number: &Spanned<i64>,
) -> Result<Outcome, Diagnostic> {
    let n = here(world, r)?;
    let num = rule_number(number)?;
    if n.entry(direction, num).is_none() {
        return Err(no_entry(direction, num, number.span, n));
    }
    let (id, name) = (n.id.clone(), n.name.clone());
    if let Some(n) = world.nacls.get_mut(&id) {
        n.remove(direction, num);
    }
    Ok(Outcome::ok(format!(
        "ok: deleted {} entry {num} of network ACL {name} ({id})",
        direction.as_str()
    )))
}

pub fn associate(
    world: &mut World,
    nacl_ref: &Ref,
    subnet_ref: &Ref,
) -> Result<Outcome, Diagnostic> {
    let subnet = here_subnet(world, subnet_ref)?;
    // `default` names the default ACL of the subnet's own VPC.
    let n = world.resolve_nacl_in(nacl_ref, Some(&subnet.vpc))?;
    must_be_here(
        world,
        &n.scope,
        "InvalidNetworkAclID.NotFound",
        "network ACL ID",
        nacl_ref,
    )?;
    if subnet.vpc != n.vpc {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "Network ACL {} and subnet {} belong to different networks.",
                n.id, subnet.id
            ),
        )
        .at(subnet_ref.span)
        .label(format!(
            "{} is in vpc {}, the network ACL in vpc {}",
            subnet.name,
            world.vpc_name(&subnet.vpc),
            world.vpc_name(&n.vpc)
        ))
        .help("a subnet takes a network ACL of its own VPC"));
    }
    let (acl, name, sid, sname) = (
        n.id.clone(),
        n.name.clone(),
        subnet.id.clone(),
        subnet.name.clone(),
    );
    let previous = world.subnets.get(&sid).map(|s| s.nacl.clone());
    if previous.as_ref() == Some(&acl) {
        return Ok(Outcome::ok(format!(
            "ok: subnet {sname} already uses network ACL {name} ({acl})"
        )));
    }
    let was = previous
        .and_then(|p| world.nacls.get(&p))
        .map(|p| format!(" (was {})", p.name))
        .unwrap_or_default();
    if let Some(s) = world.subnets.get_mut(&sid) {
        s.nacl = acl.clone();
    }
    Ok(Outcome::ok(format!(
        "ok: subnet {sname} ({sid}) now uses network ACL {name} ({acl}){was}"
    )))
}

pub fn delete(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let n = here(world, r)?;
    let id = n.id.clone();
    if n.is_default {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("cannot delete default network ACL {id}"),
        )
        .at(r.span)
        .label("the VPC's default network ACL")
        .help("the default network ACL is deleted with its VPC; change its entries instead"));
    }
    let dependents = super::dependents::of_nacl(world, &id);
    if let Some(first) = dependents.first() {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("The networkAcl '{id}' has dependencies and cannot be deleted."),
        )
        .at(r.span)
        .label(first.what.clone())
        .help(super::dependents::help(&dependents)));
    }
    let name = n.name.clone();
    world.remove_nacl(&id);
    Ok(Outcome::ok(format!(
        "ok: deleted network ACL {name} ({id})"
    )))
}
