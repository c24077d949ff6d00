//! Security groups and their rules. `describe-security-groups` bundles the sources of one
//! protocol and port range in one permission; each source is one rule (formats.md §1), whose
//! `sgr-` id comes from `describe-security-group-rules` when that file is there, joined on
//! (group, direction, protocol and ports, peer). A rule that names a managed prefix list whose
//! entries the folder does not hold (`prefix_lists.rs`) is skipped with the reason.

use super::network::VpcPlan;
use super::proto::{cidr, rule_proto};
use super::shapes::{IpPermission, name_tag};
use super::{Ctx, Kind};
use crate::lang::error::Diagnostic;
use crate::vocab::{PlId, Proto, RuleId, RulePeer, SgId, VpcId};
use crate::world::group::{Group, Rule};
use ipnet::IpNet;
use std::collections::{HashMap, HashSet, VecDeque};

/// A rule's peer as the two files both name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum PeerKey {
    Cidr(IpNet),
    Group(String),
    PrefixList(String),
}

type JoinKey = (String, bool, Proto, PeerKey);

/// One rule of `describe-security-group-rules`: its id, and where it was read.
struct RuleRow {
    id: String,
    doc: usize,
    at: String,
}

/// The `sgr-` ids of `describe-security-group-rules`, by what each rule is.
fn rule_ids(ctx: &Ctx) -> Result<HashMap<JoinKey, VecDeque<RuleRow>>, Diagnostic> {
    let mut ids: HashMap<JoinKey, VecDeque<RuleRow>> = HashMap::new();
    for (di, d) in ctx.docs.iter().enumerate() {
        for (i, r) in d.d.rules.iter().flatten().enumerate() {
            let at = format!("SecurityGroupRules[{i}]");
            let proto = rule_proto(&r.protocol, r.from, r.to)
                .map_err(|m| ctx.error(di, &format!("{at}.IpProtocol"), &m))?;
            let peer = match (&r.v4, &r.v6, &r.prefix_list, &r.referenced) {
                (Some(c), None, None, None) | (None, Some(c), None, None) => {
                    PeerKey::Cidr(cidr(c).map_err(|m| ctx.error(di, &at, &m))?)
                }
                (None, None, Some(p), None) => PeerKey::PrefixList(p.clone()),
                (None, None, None, Some(g)) => match &g.id {
                    Some(id) => PeerKey::Group(id.clone()),
                    None => {
                        return Err(ctx.error(
                            di,
                            &format!("{at}.ReferencedGroupInfo"),
                            "a referenced group has a GroupId",
                        ));
                    }
                },
                _ => {
                    return Err(ctx.error(
                        di,
                        &at,
                        "a rule has exactly one of CidrIpv4, CidrIpv6, PrefixListId and ReferencedGroupInfo",
                    ));
                }
            };
            ids.entry((r.group.clone(), r.egress, proto, peer))
                .or_default()
                .push_back(RuleRow {
                    id: r.id.clone(),
                    doc: di,
                    at,
                });
        }
    }
    Ok(ids)
}

/// The groups, added to the world; returns each VPC's default group (one AWS would have made
/// when the data has none).
pub fn groups(ctx: &mut Ctx, vpcs: &[VpcPlan]) -> Result<HashMap<String, SgId>, Diagnostic> {
    let mut ids = rule_ids(ctx)?;
    let mut out: Vec<Group> = Vec::new();
    let mut skips = Vec::new();
    let mut seen = HashSet::new();
    let mut rules = 0;
    for di in 0..ctx.docs.len() {
        let Some(list) = &ctx.docs[di].d.groups else {
            continue;
        };
        for (i, g) in list.iter().enumerate() {
            let at = format!("SecurityGroups[{i}]");
            let Some(vpc) = &g.vpc else {
                skips.push((
                    di,
                    at,
                    g.id.clone(),
                    "an EC2-Classic group: import reads VPC groups".to_string(),
                ));
                continue;
            };
            if !seen.insert(g.id.clone()) {
                skips.push((
                    di,
                    at,
                    g.id.clone(),
                    "read already from another file".into(),
                ));
                continue;
            }
            let Some(scope) = ctx.scope_of_vpc(vpc) else {
                return Err(ctx.error(
                    di,
                    &format!("{at}.VpcId"),
                    &format!("{vpc} is in no describe-vpcs output"),
                ));
            };
            let mut group = Group {
                id: SgId(g.id.clone()),
                name: name_tag(&g.tags).unwrap_or(&g.name).to_string(),
                description: g.description.clone(),
                scope: scope.clone(),
                vpc: Some(VpcId(vpc.clone())),
                is_default: g.name == "default",
                ingress: Vec::new(),
                egress: Vec::new(),
                seq: 0,
            };
            for (egress, perms, key) in [
                (false, &g.ingress, "IpPermissions"),
                (true, &g.egress, "IpPermissionsEgress"),
            ] {
                for (p, perm) in perms.iter().enumerate() {
                    let pat = format!("{at}.{key}[{p}]");
                    let sources = sources(ctx, di, &pat, perm)?;
                    for (sat, peer, description) in sources {
                        let key = (
                            g.id.clone(),
                            egress,
                            sources_proto(ctx, di, &pat, perm)?,
                            peer.clone(),
                        );
                        let rule_id = ids
                            .get_mut(&key)
                            .and_then(VecDeque::pop_front)
                            .map(|r| r.id);
                        let peer = match peer {
                            PeerKey::Cidr(net) => RulePeer::Cidr(net),
                            PeerKey::Group(id) => {
                                let owner = perm
                                    .groups
                                    .iter()
                                    .find(|pair| pair.id.as_deref() == Some(id.as_str()))
                                    .and_then(|pair| pair.user.clone())
                                    .unwrap_or_else(|| scope.account.clone());
                                RulePeer::Group {
                                    id: SgId(id),
                                    owner,
                                }
                            }
                            PeerKey::PrefixList(pl) => {
                                let id = PlId(pl);
                                if ctx.world.prefix_lists.contains_key(&id) {
                                    RulePeer::PrefixList(id)
                                } else {
                                    let what = match &rule_id {
                                        Some(r) => format!("{r} ({id})"),
                                        None => format!("a rule of {} to {id}", g.id),
                                    };
                                    skips.push((
                                        di,
                                        sat,
                                        what,
                                        format!(
                                            "a rule whose peer is a managed prefix list {}",
                                            ctx.origin.entries_missing()
                                        ),
                                    ));
                                    continue;
                                }
                            }
                        };
                        let proto = key.2;
                        let id = match rule_id {
                            Some(id) => RuleId(id),
                            None => RuleId(ctx.world.mint(RuleId::PREFIX)),
                        };
                        let rule = Rule {
                            id,
                            proto,
                            peer,
                            description,
                        };
                        rules += 1;
                        if egress {
                            group.egress.push(rule);
                        } else {
                            group.ingress.push(rule);
                        }
                    }
                }
            }
            out.push(group);
        }
    }
    // Rules of the rules file that no group lists.
    let mut left: Vec<RuleRow> = ids.into_values().flatten().collect();
    left.sort_by(|a, b| (a.doc, &a.at).cmp(&(b.doc, &b.at)));
    for r in left {
        let why = if seen.is_empty() {
            "describe-security-groups is not in the data: a rule needs its group's VPC"
        } else {
            "no group of describe-security-groups has this rule"
        };
        skips.push((r.doc, r.at, r.id, why.into()));
    }
    for (di, at, what, why) in skips {
        ctx.skip(di, at, what, why);
    }
    let mut defaults = HashMap::new();
    for mut g in out {
        g.seq = ctx.world.next_seq();
        if g.is_default
            && let Some(v) = &g.vpc
        {
            defaults.entry(v.0.clone()).or_insert_with(|| g.id.clone());
        }
        ctx.world.add_group(g);
        ctx.count(Kind::Group);
    }
    for _ in 0..rules {
        ctx.count(Kind::Rule);
    }
    for v in vpcs {
        if !defaults.contains_key(&v.id) {
            let id = default_group(ctx, v);
            defaults.insert(v.id.clone(), id);
        }
    }
    Ok(defaults)
}

/// The protocol of a permission.
fn sources_proto(ctx: &Ctx, di: usize, at: &str, perm: &IpPermission) -> Result<Proto, Diagnostic> {
    rule_proto(&perm.protocol, perm.from, perm.to)
        .map_err(|m| ctx.error(di, &format!("{at}.IpProtocol"), &m))
}

/// Each source of a permission: where it is, its peer and its description.
fn sources(
    ctx: &Ctx,
    di: usize,
    at: &str,
    perm: &IpPermission,
) -> Result<Vec<(String, PeerKey, Option<String>)>, Diagnostic> {
    let mut out = Vec::new();
    for (j, r) in perm.v4.iter().enumerate() {
        let path = format!("{at}.IpRanges[{j}]");
        match cidr(&r.cidr) {
            Ok(net @ IpNet::V4(_)) => out.push((path, PeerKey::Cidr(net), r.description.clone())),
            _ => {
                return Err(ctx.error(
                    di,
                    &format!("{path}.CidrIp"),
                    "expected an IPv4 CIDR block",
                ));
            }
        }
    }
    for (j, r) in perm.v6.iter().enumerate() {
        let path = format!("{at}.Ipv6Ranges[{j}]");
        match cidr(&r.cidr) {
            Ok(net @ IpNet::V6(_)) => out.push((path, PeerKey::Cidr(net), r.description.clone())),
            _ => {
                return Err(ctx.error(
                    di,
                    &format!("{path}.CidrIpv6"),
                    "expected an IPv6 CIDR block",
                ));
            }
        }
    }
    for (j, p) in perm.prefix_lists.iter().enumerate() {
        out.push((
            format!("{at}.PrefixListIds[{j}]"),
            PeerKey::PrefixList(p.id.clone()),
            p.description.clone(),
        ));
    }
    for (j, pair) in perm.groups.iter().enumerate() {
        let path = format!("{at}.UserIdGroupPairs[{j}]");
        let Some(id) = &pair.id else {
            return Err(ctx.error(di, &path, "a group pair names its GroupId"));
        };
        out.push((path, PeerKey::Group(id.clone()), pair.description.clone()));
    }
    Ok(out)
}

/// The default group AWS makes with a VPC, for a VPC whose data has none: `-1` from itself, and
/// `-1` out to everywhere.
fn default_group(ctx: &mut Ctx, v: &VpcPlan) -> SgId {
    let id = SgId(ctx.world.mint(SgId::PREFIX));
    let self_ref = RulePeer::Group {
        id: id.clone(),
        owner: v.scope.account.clone(),
    };
    let ingress = vec![ctx.world.new_rule(Proto::All, self_ref, None)];
    let egress = ctx.world.default_egress(v.ipv6.is_some());
    let seq = ctx.world.next_seq();
    ctx.world.add_group(Group {
        id: id.clone(),
        name: "default".into(),
        description: "default VPC security group".into(),
        scope: v.scope.clone(),
        vpc: Some(VpcId(v.id.clone())),
        is_default: true,
        ingress,
        egress,
        seq,
    });
    ctx.skipped.push(super::Skipped {
        file: String::new(),
        at: String::new(),
        what: format!("the default group of {}", v.id),
        why:
            "no describe-security-groups output lists it: the VPC gets the default group AWS makes"
                .into(),
    });
    id
}
