//! View models: the rows each list pane shows, built from the world once per change (a command,
//! a new selection, a new filter), never per frame. Rendering only slices these vectors, so a
//! frame costs the same with ten instances or ten thousand.
//!
//! The rows hold display text already formatted; the ids they carry let the app act on a row
//! (select a group, trace from a member) without looking the text up again.

use crate::lang::ast::Direction;
use crate::world::World;
use crate::world::group::{Group, RulePeer};
use crate::world::ids::{EniId, RuleId, Scope, SgId, VpcId};
use crate::world::instance::Eni;
use crate::world::lookup::PeerForm;
use crate::world::peering::Stale;
use crate::world::proto::Proto;
use std::collections::HashSet;

/// What a row of the groups tree stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Account(String),
    Region(Scope),
    Vpc(VpcId),
    /// An account and region's EC2-Classic groups, kept apart from the VPCs.
    Classic(Scope),
    Group(SgId),
}

impl Node {
    /// Whether the node has children that can be folded away.
    pub fn folds(&self) -> bool {
        !matches!(self, Node::Group(_))
    }
}

/// One row of the groups tree.
#[derive(Clone, Debug)]
pub struct TreeRow {
    pub node: Node,
    pub depth: usize,
    /// The tree's guide lines before the label (`│ ├ `).
    pub guide: String,
    pub label: String,
    /// Counts: rules in and out and members for a group, the CIDR for a VPC.
    pub detail: String,
    pub folded: bool,
    /// The text `/` matches against.
    pub search: String,
}

/// The groups tree: account › region › VPC › groups, with EC2-Classic apart. `folded` nodes keep
/// their row but hide their children.
pub fn tree(world: &World, folded: &HashSet<Node>) -> Vec<TreeRow> {
    let mut scopes: Vec<&Scope> = world.scopes.iter().collect();
    scopes.sort();
    let mut accounts: Vec<&str> = scopes.iter().map(|s| s.account.as_str()).collect();
    accounts.dedup();
    let mut rows = Vec::new();
    for account in &accounts {
        let node = Node::Account(account.to_string());
        let is_folded = folded.contains(&node);
        rows.push(TreeRow {
            search: account.to_string(),
            node,
            depth: 0,
            guide: String::new(),
            label: format!("account {account}"),
            detail: String::new(),
            folded: is_folded,
        });
        if is_folded {
            continue;
        }
        let regions: Vec<&&Scope> = scopes.iter().filter(|s| s.account == *account).collect();
        for (ri, scope) in regions.iter().enumerate() {
            let last_region = ri + 1 == regions.len();
            region_rows(world, scope, last_region, folded, &mut rows);
        }
    }
    rows
}

fn region_rows(
    world: &World,
    scope: &Scope,
    last_region: bool,
    folded: &HashSet<Node>,
    rows: &mut Vec<TreeRow>,
) {
    let node = Node::Region(scope.clone());
    let is_folded = folded.contains(&node);
    rows.push(TreeRow {
        search: scope.region.clone(),
        node,
        depth: 1,
        guide: if last_region { "└ " } else { "├ " }.to_string(),
        label: format!("region {}", scope.region),
        detail: if *scope == world.scope { "current" } else { "" }.to_string(),
        folded: is_folded,
    });
    if is_folded {
        return;
    }
    let stem = if last_region { "  " } else { "│ " };
    let mut vpcs: Vec<_> = world.vpcs.values().filter(|v| &v.scope == scope).collect();
    vpcs.sort_by_key(|v| v.seq);
    let mut classic: Vec<&Group> = world
        .groups
        .values()
        .filter(|g| &g.scope == scope && g.vpc.is_none())
        .collect();
    classic.sort_by_key(|g| g.seq);
    let has_classic = !classic.is_empty();
    for (vi, vpc) in vpcs.iter().enumerate() {
        let last = vi + 1 == vpcs.len() && !has_classic;
        let node = Node::Vpc(vpc.id.clone());
        let is_folded = folded.contains(&node);
        rows.push(TreeRow {
            search: format!("{} {}", vpc.name, vpc.id),
            node,
            depth: 2,
            guide: format!("{stem}{}", if last { "└ " } else { "├ " }),
            label: format!("vpc {}", vpc.name),
            detail: vpc.cidr.to_string(),
            folded: is_folded,
        });
        if !is_folded {
            let inner = format!("{stem}{}", if last { "  " } else { "│ " });
            group_rows(world, &world.groups_of(&vpc.id), &inner, rows);
        }
    }
    if has_classic {
        let node = Node::Classic(scope.clone());
        let is_folded = folded.contains(&node);
        rows.push(TreeRow {
            search: "classic".to_string(),
            node,
            depth: 2,
            guide: format!("{stem}└ "),
            label: "EC2-Classic".to_string(),
            detail: String::new(),
            folded: is_folded,
        });
        if !is_folded {
            group_rows(world, &classic, &format!("{stem}  "), rows);
        }
    }
}

fn group_rows(world: &World, groups: &[&Group], stem: &str, rows: &mut Vec<TreeRow>) {
    for (gi, g) in groups.iter().enumerate() {
        let last = gi + 1 == groups.len();
        let members = world.index.members.get(&g.id).map_or(0, |s| s.len());
        rows.push(TreeRow {
            search: format!("{} {} {}", g.name, g.id, g.description),
            node: Node::Group(g.id.clone()),
            depth: 3,
            guide: format!("{stem}{}", if last { "└ " } else { "├ " }),
            label: g.name.clone(),
            detail: format!("↓{} ↑{} ●{members}", g.ingress.len(), g.egress.len()),
            folded: false,
        });
    }
}

/// One rule of the selected group.
#[derive(Clone, Debug)]
pub struct RuleRow {
    pub id: RuleId,
    pub direction: Direction,
    pub protocol: String,
    pub ports: String,
    pub peer: String,
    /// The referenced group, for a group peer that still exists (Enter drills into it).
    pub peer_group: Option<SgId>,
    pub description: String,
    /// Why the rule is stale, when the world can tell.
    pub stale: Option<&'static str>,
    /// The text `/` matches against, lowercased.
    pub search: String,
}

/// A rule's protocol and ports as two columns.
pub fn proto_columns(proto: &Proto) -> (String, String) {
    match proto {
        Proto::All => ("all".to_string(), "all".to_string()),
        Proto::Other(_) => (proto.to_string(), "-".to_string()),
        _ => {
            let text = proto.to_string();
            match text.split_once(' ') {
                Some((p, ports)) => (p.to_string(), ports.to_string()),
                None => (text, String::new()),
            }
        }
    }
}

/// The rules of a group, inbound first, with peers named.
pub fn rules(world: &World, group: &Group) -> Vec<RuleRow> {
    group
        .all_rules()
        .map(|(direction, r)| {
            let (protocol, ports) = proto_columns(&r.proto);
            let (peer, peer_group, stale) = peer_text(world, group, &r.peer);
            let description = r.description.clone().unwrap_or_default();
            RuleRow {
                search: format!("{} {protocol} {ports} {peer} {description}", r.id).to_lowercase(),
                id: r.id.clone(),
                direction,
                protocol,
                ports,
                peer,
                peer_group,
                description,
                stale,
            }
        })
        .collect()
}

/// A peer as the rules pane shows it: `sg-… (web)`, or the CIDR. A reference to a group that no
/// longer exists, or to a group of another VPC that no peering joins any more, is stale (the
/// world's own test, the one `show stale` and traces use).
fn peer_text(
    world: &World,
    group: &Group,
    peer: &RulePeer,
) -> (String, Option<SgId>, Option<&'static str>) {
    let stale = world.stale(group, peer).map(|why| match why {
        Stale::GroupDeleted => "the referenced group no longer exists",
        Stale::NoPeering => "no peering joins the two VPCs any more",
    });
    let form = PeerForm::Listed {
        account: &group.scope.account,
        gone: "",
    };
    let text = world.peer_text(peer, form);
    match peer {
        RulePeer::Cidr(_) | RulePeer::PrefixList(_) => (text, None, None),
        RulePeer::Group { id, .. } => {
            let live = world.groups.contains_key(id).then(|| id.clone());
            (text, live, stale)
        }
    }
}

/// One member of the selected group (or interface of the selected VPC).
#[derive(Clone, Debug)]
pub struct MemberRow {
    pub eni: EniId,
    /// The instance's name, or the interface's for a secondary one.
    pub name: String,
    /// `instance`, `eni`, `stopped`, or `cache` (a cache cluster's node) or `db` (a DB instance).
    pub kind: &'static str,
    /// The instance id for a primary interface, the interface id otherwise.
    pub id: String,
    pub private: String,
    pub public: String,
    pub subnet: String,
    pub groups: String,
    /// The text `/` matches against, lowercased.
    pub search: String,
}

fn member_row(world: &World, e: &Eni) -> MemberRow {
    let instance = e.instance.as_ref().and_then(|i| world.instances.get(i));
    let primary = e.device_index == 0 && instance.is_some();
    let kind = match (instance, &e.owner) {
        (Some(i), _) if i.state == crate::world::instance::InstanceState::Stopped => "stopped",
        _ if primary => "instance",
        (None, Some(owner)) => owner.kind(),
        _ => "eni",
    };
    let id = match instance {
        Some(i) if primary => i.id.to_string(),
        _ => e.id.to_string(),
    };
    let mut private = e.private_ip.to_string();
    if let Some(v6) = e.ipv6 {
        private.push_str(&format!(" {v6}"));
    }
    let public = e
        .public_address()
        .map_or_else(|| "-".to_string(), |a| a.to_string());
    let subnet = e
        .subnet
        .as_ref()
        .and_then(|s| world.subnets.get(s))
        .map_or_else(|| "classic".to_string(), |s| s.name.clone());
    let groups: Vec<String> = e.groups.iter().map(|g| world.group_name(g)).collect();
    let groups = groups.join(", ");
    MemberRow {
        search: format!("{} {id} {} {private} {public} {groups}", e.name, e.id).to_lowercase(),
        eni: e.id.clone(),
        name: e.name.clone(),
        kind,
        id,
        private,
        public,
        subnet,
        groups,
    }
}

/// The interfaces a group is attached to, in creation order.
pub fn members_of_group(world: &World, group: &SgId) -> Vec<MemberRow> {
    let mut enis: Vec<&Eni> = world.members(group).collect();
    enis.sort_by_key(|e| e.seq);
    enis.into_iter().map(|e| member_row(world, e)).collect()
}

/// Every interface in a VPC (or, for `None`, in a scope's EC2-Classic), in creation order.
pub fn members_of_network(world: &World, vpc: Option<&VpcId>, scope: &Scope) -> Vec<MemberRow> {
    let mut enis: Vec<&Eni> = world
        .enis
        .values()
        .filter(|e| match vpc {
            Some(v) => e.vpc.as_ref() == Some(v),
            None => e.vpc.is_none() && &e.scope == scope,
        })
        .collect();
    enis.sort_by_key(|e| e.seq);
    enis.into_iter().map(|e| member_row(world, e)).collect()
}

/// The indexes of the rows whose search text (lowercased when the row was built) contains
/// `filter` (ignoring case); all rows when the filter is empty.
pub fn filtered<'a>(search: impl Iterator<Item = &'a str>, filter: &str) -> Vec<usize> {
    let needle = filter.to_lowercase();
    search
        .enumerate()
        .filter(|(_, s)| needle.is_empty() || s.contains(&needle))
        .map(|(i, _)| i)
        .collect()
}

/// The rows of a tree that match `filter`, with the rows above them (their ancestors) kept so the
/// tree still reads as a tree.
pub fn filtered_tree(rows: &[TreeRow], filter: &str) -> Vec<usize> {
    if filter.is_empty() {
        return (0..rows.len()).collect();
    }
    let needle = filter.to_lowercase();
    let mut keep = vec![false; rows.len()];
    let mut ancestors: Vec<usize> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        ancestors.truncate(row.depth);
        if row.search.to_lowercase().contains(&needle) {
            keep[i] = true;
            for &a in &ancestors {
                keep[a] = true;
            }
        }
        ancestors.push(i);
    }
    keep.iter()
        .enumerate()
        .filter(|(_, k)| **k)
        .map(|(i, _)| i)
        .collect()
}
