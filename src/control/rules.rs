//! Authorizing, revoking and describing security group rules.
//!
//! A request names one protocol and port range and a list of peers; each peer is one rule. The
//! whole request is validated first (every peer, the quota, duplicates within the request and
//! against the group), then applied at once: all or nothing, as AWS does it.

use super::{Outcome, must_be_here, validate};
use crate::lang::ast::{Direction, Peer, Ref, RuleSpec, Span, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::group::{Group, Rule, RulePeer};
use crate::world::ids::{PlId, RuleId, SgId};
use crate::world::lookup::PeerForm;
use crate::world::proto::{Family, Proto};
use crate::world::{GroupHome, World};
use ipnet::IpNet;

/// Rules per VPC group, per direction and address family (AWS's default quota).
pub const RULES_PER_DIRECTION: usize = 60;
/// Rules per EC2-Classic group, in all.
pub const CLASSIC_RULES: usize = 100;

/// A validated request: the group, the protocol and one peer per rule, with where each peer was
/// written.
struct Request {
    group: SgId,
    proto: Proto,
    peers: Vec<(RulePeer, Span)>,
}

/// A peer as AWS's rule identity sees it: a CIDR, or a group by its id alone.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum PeerKey<'a> {
    Cidr(&'a IpNet),
    Group(&'a SgId),
    PrefixList(&'a PlId),
}

impl<'a> PeerKey<'a> {
    fn of(peer: &'a RulePeer) -> Self {
        match peer {
            RulePeer::Cidr(n) => PeerKey::Cidr(n),
            RulePeer::Group { id, .. } => PeerKey::Group(id),
            RulePeer::PrefixList(id) => PeerKey::PrefixList(id),
        }
    }
}

/// Whether two peers are the same for AWS's rule identity (a group by its id alone).
fn same_peer(a: &RulePeer, b: &RulePeer) -> bool {
    match (a, b) {
        (RulePeer::Group { id: x, .. }, RulePeer::Group { id: y, .. }) => x == y,
        _ => a == b,
    }
}

/// Validates the group, protocol and peers of a rule request. `lenient_peers` lets a revoke name
/// a group by an id that no longer exists (a stale reference).
fn request(world: &World, spec: &RuleSpec, lenient_peers: bool) -> Result<Request, Diagnostic> {
    let group = world.resolve_group(&spec.group, None)?;
    must_be_here(
        world,
        &group.scope,
        "InvalidGroup.NotFound",
        "security group",
        &spec.group,
    )?;
    let classic = group.is_classic();
    if classic && spec.direction == Direction::Egress {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            "Only Amazon VPC security groups may be used with this operation.",
        )
        .at(spec.group.span)
        .label("an EC2-Classic group")
        .help("EC2-Classic groups have no egress rules: all outbound traffic is allowed"));
    }
    let proto = validate::perm(&spec.perm)?;
    if classic && !matches!(proto, Proto::Tcp(_) | Proto::Udp(_) | Proto::Icmp(_)) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid IP protocol '{proto}' for an EC2-Classic security group"),
        )
        .at(spec.perm.span)
        .help("EC2-Classic rules are tcp, udp or icmp"));
    }
    let home = world.group_home(group);
    let mut peers = Vec::with_capacity(spec.peers.len());
    for p in &spec.peers {
        peers.push((peer(world, group, &home, p, lenient_peers)?, p.span));
    }
    Ok(Request {
        group: group.id.clone(),
        proto,
        peers,
    })
}

fn peer(
    world: &World,
    group: &Group,
    home: &GroupHome,
    p: &Spanned<Peer>,
    lenient: bool,
) -> Result<RulePeer, Diagnostic> {
    match &p.node {
        Peer::Cidr(text) => {
            let net = validate::rule_cidr(text, p.span)?;
            if group.is_classic() && matches!(net, IpNet::V6(_)) {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    "EC2-Classic security groups do not support IPv6 rules",
                )
                .at(p.span));
            }
            Ok(RulePeer::Cidr(net))
        }
        Peer::Group(r) => {
            let other = match world.resolve_group(r, Some(home)) {
                Ok(g) => g,
                Err(_) if lenient && r.name.starts_with("sg-") => {
                    return Ok(RulePeer::Group {
                        id: SgId(r.name.clone()),
                        owner: r
                            .qualifier
                            .clone()
                            .unwrap_or_else(|| world.scope.account.clone()),
                    });
                }
                Err(e) if r.qualifier.is_none() && r.name.eq_ignore_ascii_case("internet") => {
                    return Err(e.help(
                        "`internet` is a probe endpoint, not a group: for every address, write \
                         the peers 0.0.0.0/0, ::/0",
                    ));
                }
                Err(e) => return Err(e),
            };
            // A revoke or update names a rule that exists, wherever its peer now is (a rule
            // across a deleted peering is stale, and still revocable).
            if !lenient {
                reachable_group(world, group, other, r)?;
            }
            Ok(RulePeer::Group {
                id: other.id.clone(),
                owner: other.scope.account.clone(),
            })
        }
        Peer::PrefixList(r) => prefix_list_peer(world, group, r, lenient),
    }
}

/// A prefix list as a rule's peer: a list of the group's region (AWS-SEMANTICS §2.1); EC2-Classic
/// groups take none. A revoke may name a list by an id that no longer exists.
fn prefix_list_peer(
    world: &World,
    group: &Group,
    r: &Ref,
    lenient: bool,
) -> Result<RulePeer, Diagnostic> {
    if group.is_classic() {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            "EC2-Classic security groups do not support prefix lists",
        )
        .at(r.span)
        .help("write the list's CIDRs as peers"));
    }
    let list = match world.resolve_prefix_list(r) {
        Ok(list) => list,
        Err(_) if lenient && r.name.starts_with("pl-") => {
            return Ok(RulePeer::PrefixList(PlId(r.name.clone())));
        }
        Err(e) if e.help.is_some() => return Err(e),
        Err(e) => return Err(e.help("see the prefix lists with: show prefix-lists")),
    };
    if list.scope.region != group.scope.region {
        return Err(Diagnostic::new(
            "InvalidPrefixListID.NotFound",
            format!("The prefix list ID '{}' does not exist", list.id),
        )
        .at(r.span)
        .label(format!("{} is in {}", list.name, list.scope.region))
        .help("a rule takes prefix lists of its group's region"));
    }
    Ok(RulePeer::PrefixList(list.id.clone()))
}

/// Whether `group`'s rules may reference `other` (AWS-SEMANTICS §2.4, §5, §8): a group of the
/// same VPC, or of a VPC peered with it in the same region (any account); for EC2-Classic, a
/// Classic group of the same region (any account).
fn reachable_group(world: &World, group: &Group, other: &Group, r: &Ref) -> Result<(), Diagnostic> {
    let refused = |label: String, help: &str| {
        Err(Diagnostic::new(
            "InvalidGroup.NotFound",
            "You have specified two resources that belong to different networks.",
        )
        .at(r.span)
        .label(label)
        .help(help.to_string()))
    };
    match (&group.vpc, &other.vpc) {
        (Some(a), Some(b)) if a == b => Ok(()),
        (Some(a), Some(b)) => match world.peering_between(a, b) {
            Some(_) if world.same_region(a, b) => Ok(()),
            Some(p) => refused(
                format!(
                    "{} is across the inter-region peering {} ({})",
                    world.group_label(other),
                    p.name,
                    p.id
                ),
                "groups cannot be referenced across regions: use the peer VPC's CIDR",
            ),
            None => refused(
                format!(
                    "{} is in vpc {}, which is not peered with vpc {}",
                    world.group_label(other),
                    world.vpc_name(b),
                    world.vpc_name(a)
                ),
                "reference groups of the same VPC or of a peered VPC in the same region, or use the other network's CIDR",
            ),
        },
        (None, None) if group.scope.region == other.scope.region => Ok(()),
        (None, None) => refused(
            format!("{} is in another region", world.group_label(other)),
            "EC2-Classic groups reference Classic groups of the same region",
        ),
        _ => refused(
            format!("{} is in another network", world.group_label(other)),
            "EC2-Classic and VPC groups cannot reference each other",
        ),
    }
}

/// The group a rule change is about. (Read only: a write through the world's maps is journaled
/// for undo, so changes go through `add_rules`, `remove_rules` and `group_mut`.)
fn group_of<'a>(world: &'a World, id: &SgId) -> Result<&'a Group, Diagnostic> {
    world.groups.get(id).ok_or_else(|| {
        Diagnostic::new(
            "InvalidGroup.NotFound",
            format!("The security group '{id}' does not exist"),
        )
    })
}

fn group_mut<'a>(world: &'a mut World, id: &SgId) -> Result<&'a mut Group, Diagnostic> {
    world.groups.get_mut(id).ok_or_else(|| {
        Diagnostic::new(
            "InvalidGroup.NotFound",
            format!("The security group '{id}' does not exist"),
        )
    })
}

pub fn authorize(
    world: &mut World,
    spec: &RuleSpec,
    description: Option<&Spanned<String>>,
) -> Result<Outcome, Diagnostic> {
    let req = request(world, spec, false)?;
    let desc = description.map(validate::rule_description).transpose()?;
    let group = &world.groups[&req.group];
    // The quota first: it needs only counts, and a request far past it fails at once.
    check_quota(world, group, spec.direction, &req)?;
    // A direction holds at most a few hundred rules: scanned, not hashed, for each peer.
    let existing = |key: PeerKey<'_>| {
        group
            .rules(spec.direction)
            .iter()
            .find(|r| r.proto == req.proto && PeerKey::of(&r.peer) == key)
            .map(|r| &r.id)
    };
    // The quota has bounded the request to a few dozen peers: earlier ones are scanned.
    for (k, (peer, span)) in req.peers.iter().enumerate() {
        let key = PeerKey::of(peer);
        if req.peers[..k].iter().any(|(p, _)| PeerKey::of(p) == key) {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                "The same permission must not appear multiple times",
            )
            .at(*span)
            .label("this peer is already in the request"));
        }
        if let Some(rule) = existing(key) {
            let peer_id = peer.to_string();
            return Err(Diagnostic::new(
                "InvalidPermission.Duplicate",
                format!(
                    "the specified rule \"{}\" already exists",
                    validate::aws_rule_text(&req.proto, &peer_id)
                ),
            )
            .at(*span)
            .label(format!("already rule {rule}"))
            .help("descriptions are not part of a rule's identity; to change one, use update"));
        }
    }

    // One message per command, its ids pushed onto it: a world is made of thousands of these.
    let n = req.peers.len();
    let count = n.to_string();
    let noun = if n == 1 { " rule on " } else { " rules on " };
    let mut message = String::with_capacity(96 + 24 * n);
    for part in [
        "ok: authorized ",
        &count,
        " ",
        spec.direction.as_str(),
        noun,
        &group.name,
        " (",
        req.group.as_str(),
        "): ",
    ] {
        message.push_str(part);
    }
    let Request {
        group,
        proto,
        peers,
    } = req;
    let rules: Vec<Rule> = peers
        .into_iter()
        .map(|(peer, _)| world.new_rule(proto, peer, desc.clone()))
        .collect();
    for (k, rule) in rules.iter().enumerate() {
        if k > 0 {
            message.push_str(", ");
        }
        message.push_str(rule.id.as_str());
    }
    world.add_rules(&group, spec.direction, rules);
    Ok(Outcome::ok(message))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// AWS's rule quota: per direction, IPv4 and IPv6 rules are counted apart, a group reference
/// counts in both, a prefix list as its max entries in its family, and the request fails when
/// either count would pass the quota.
fn check_quota(
    world: &World,
    group: &Group,
    direction: Direction,
    req: &Request,
) -> Result<(), Diagnostic> {
    let rules = group.rules(direction);
    let over = if group.is_classic() {
        group.ingress.len() + req.peers.len() > CLASSIC_RULES
    } else {
        [Family::V4, Family::V6].into_iter().any(|fam| {
            let weigh = |p: &RulePeer| world.rule_weight(p, fam);
            let now: usize = rules.iter().map(|r| weigh(&r.peer)).sum();
            let new: usize = req.peers.iter().map(|(p, _)| weigh(p)).sum();
            new > 0 && now + new > RULES_PER_DIRECTION
        })
    };
    if over {
        let limit = if group.is_classic() {
            format!("{CLASSIC_RULES} rules per EC2-Classic group")
        } else {
            format!(
                "{RULES_PER_DIRECTION} {} rules per address family",
                direction.as_str()
            )
        };
        return Err(Diagnostic::new(
            "RulesPerSecurityGroupLimitExceeded",
            "The maximum number of rules per security group has been reached.",
        )
        .at(req.peers.first().map_or(Span::default(), |(_, s)| *s))
        .label(limit)
        .help("merge rules (a wider CIDR, a group reference) or split the group"));
    }
    Ok(())
}

pub fn revoke(world: &mut World, spec: &RuleSpec) -> Result<Outcome, Diagnostic> {
    let req = request(world, spec, true)?;
    let group = &world.groups[&req.group];
    let in_default_vpc = group
        .vpc
        .as_ref()
        .and_then(|v| world.vpcs.get(v))
        .is_some_and(|v| v.is_default);
    let rules = group.rules(spec.direction);
    let mut found: Vec<RuleId> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for (peer, span) in &req.peers {
        match rules
            .iter()
            .find(|r| r.proto == req.proto && same_peer(&r.peer, peer))
        {
            Some(r) => found.push(r.id.clone()),
            None if in_default_vpc => unknown.push(format!(
                "{} {}",
                req.proto,
                world.peer_text(peer, PeerForm::Named)
            )),
            None => {
                return Err(Diagnostic::new(
                    "InvalidPermission.NotFound",
                    "The specified rule does not exist in this security group.",
                )
                .at(*span)
                .label(format!(
                    "{} has no {} rule {} with this peer",
                    group.name,
                    spec.direction.as_str(),
                    req.proto
                ))
                .help(format!("see its rules with: show group {}", spec.group)));
            }
        }
    }
    world.remove_rules(&req.group, spec.direction, |r| found.contains(&r.id));
    let g = group_of(world, &req.group)?;
    let mut msg = format!(
        "ok: revoked {} from {} ({})",
        plural(found.len(), &format!("{} rule", spec.direction.as_str())),
        g.name,
        g.id
    );
    if !found.is_empty() {
        msg.push_str(": ");
        msg.push_str(
            &found
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if !unknown.is_empty() {
        msg.push_str(&format!(
            "; unknown permissions (the default VPC does not call this an error): {}",
            unknown.join(", ")
        ));
    }
    Ok(Outcome::ok(msg))
}

pub fn revoke_by_id(world: &mut World, id: &Spanned<String>) -> Result<Outcome, Diagnostic> {
    if !id.node.starts_with("sgr-") {
        return Err(Diagnostic::new(
            "InvalidSecurityGroupRuleId.Malformed",
            format!("The security group rule ID '{}' is malformed", id.node),
        )
        .at(id.span)
        .help("rule ids start with sgr-; see them with: show group NAME"));
    }
    let scope = world.scope.clone();
    let hit = world.groups.values().find_map(|g| {
        if g.scope != scope {
            return None;
        }
        g.all_rules()
            .find(|(_, r)| r.id.as_str() == id.node)
            .map(|(dir, _)| (g.id.clone(), dir))
    });
    let Some((gid, dir)) = hit else {
        return Err(Diagnostic::new(
            "InvalidSecurityGroupRuleId.NotFound",
            format!("The security group rule ID '{}' does not exist", id.node),
        )
        .at(id.span));
    };
    world.remove_rules(&gid, dir, |r| r.id.as_str() == id.node);
    let g = group_of(world, &gid)?;
    Ok(Outcome::ok(format!(
        "ok: revoked {} rule {} from {} ({})",
        dir.as_str(),
        id.node,
        g.name,
        g.id
    )))
}

pub fn update_description(
    world: &mut World,
    spec: &RuleSpec,
    description: Option<&Spanned<String>>,
) -> Result<Outcome, Diagnostic> {
    let req = request(world, spec, true)?;
    let desc = description.map(validate::rule_description).transpose()?;
    let group = &world.groups[&req.group];
    let rules = group.rules(spec.direction);
    let mut targets = Vec::new();
    for (peer, span) in &req.peers {
        match rules
            .iter()
            .find(|r| r.proto == req.proto && same_peer(&r.peer, peer))
        {
            Some(r) => targets.push(r.id.clone()),
            None => {
                return Err(Diagnostic::new(
                    "InvalidPermission.NotFound",
                    "The specified rule does not exist in this security group.",
                )
                .at(*span)
                .help(format!("see its rules with: show group {}", spec.group)));
            }
        }
    }
    let g = group_mut(world, &req.group)?;
    for r in g.rules_mut(spec.direction).iter_mut() {
        if targets.contains(&r.id) {
            r.description = desc.clone();
        }
    }
    let what = if desc.is_some() {
        "updated the description of"
    } else {
        "removed the description of"
    };
    Ok(Outcome::ok(format!(
        "ok: {what} {}: {}",
        plural(targets.len(), "rule"),
        targets
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}
