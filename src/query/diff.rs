//! `diff since NAME` and `sgs diff A B`: what changed between two worlds. The rules added,
//! removed and changed, per group and network ACL (groups and ACLs matched by account, region,
//! VPC and name; rules by AWS's identity: direction, protocol, ports and peer, a group peer by its
//! name), as `authorize` and `create nacl-entry` lines; then the reachability diff: for each
//! packet class the change can move (`classes`), the pairs whose verdict differs, as protocols
//! and merged port ranges gained and lost. When only groups' rules and ACLs' entries changed,
//! only the pairs of the endpoints they touch are compared (`focus`); otherwise both worlds'
//! whole reach matrices (`whole`). Endpoints are matched by name. The open flows are the
//! session's to judge (`session`).

mod classes;
mod focus;
mod whole;

use super::reach::ends;
use super::who::rule_line;
use crate::lang::ast::ReachScope;
use crate::vocab::{Direction, Proto, RulePeer, SgId};
use crate::world::World;
use crate::world::group::{Group, Rule};
use crate::world::hash::FastMap;
use std::collections::{BTreeMap, BTreeSet};

/// One pair whose allowed packets changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairDiff {
    pub from: String,
    pub to: String,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

/// What changed between two worlds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Rules whose description changed (as they are now).
    pub changed: Vec<String>,
    pub reach: Vec<PairDiff>,
    /// The open flows the change cuts, and those that live on.
    pub cut: Vec<String>,
    pub kept: Vec<String>,
}

/// A group's identity across worlds: account, region, VPC name (or classic), name.
fn group_key(world: &World, g: &Group) -> String {
    let vpc = g.vpc.as_ref().map_or("classic", |v| world.vpc_name(v));
    format!(
        "{}/{}/{}/{}",
        g.scope.account,
        g.scope.region,
        vpc,
        g.name.to_lowercase()
    )
}

/// How a rule's peer reads: a CIDR, or the referenced group's name.
fn peer_words(world: &World, peer: &RulePeer) -> String {
    match peer {
        RulePeer::Cidr(net) => net.to_string(),
        RulePeer::PrefixList(id) => format!("prefix-list {}", world.prefix_list_name(id)),
        RulePeer::Group { id, .. } => world
            .groups
            .get(id)
            .map_or_else(|| id.to_string(), |g| g.name.clone()),
    }
}

fn peer_key(world: &World, peer: &RulePeer) -> String {
    match peer {
        RulePeer::Cidr(net) => net.to_string(),
        RulePeer::PrefixList(id) => id.to_string(),
        RulePeer::Group { id, .. } => world
            .groups
            .get(id)
            .map_or_else(|| id.to_string(), |g| group_key(world, g)),
    }
}

/// A group's rules by identity: (direction, protocol, peer) -> (line, description, protocol).
type RuleMap = BTreeMap<String, (String, Option<String>, Proto)>;

/// Every group's rules, by the group's identity (with its creation order).
type GroupMap = BTreeMap<String, (u64, RuleMap)>;

fn rules_of(world: &World, g: &Group) -> RuleMap {
    let mut out = BTreeMap::new();
    let mut add = |d: Direction, r: &Rule| {
        let key = format!("{d:?} {} {}", r.proto, peer_key(world, &r.peer));
        let line = rule_line(&g.name, d, &r.proto, &peer_words(world, &r.peer));
        out.insert(key, (line, r.description.clone(), r.proto));
    };
    g.ingress.iter().for_each(|r| add(Direction::Ingress, r));
    g.egress.iter().for_each(|r| add(Direction::Egress, r));
    out
}

fn with_description(line: &str, d: &Option<String>) -> String {
    match d {
        Some(d) => format!(
            "{line} description \"{}\"",
            d.replace('\\', "\\\\").replace('"', "\\\"")
        ),
        None => line.to_string(),
    }
}

/// Each network ACL's entries by identity: key -> (entry -> (line, proto)).
type Entries = BTreeMap<String, (String, Proto)>;

fn acls(world: &World) -> BTreeMap<String, Entries> {
    let mut out = BTreeMap::new();
    for n in world.nacls.values() {
        let vpc = world.vpc_name(&n.vpc);
        let key = format!("{}/{}/{vpc}/{}", n.scope.account, n.scope.region, n.name);
        let mut entries = BTreeMap::new();
        for d in [Direction::Ingress, Direction::Egress] {
            for e in n.entries(d) {
                let (way, word) = match d {
                    Direction::Ingress => ("ingress", "from"),
                    Direction::Egress => ("egress", "to"),
                };
                let verdict = if e.allow { "allow" } else { "deny" };
                let proto = match e.proto {
                    Proto::Other(n) => n.to_string(),
                    p => p.to_string(),
                };
                let line = format!(
                    "create nacl-entry {vpc}/{} {way} {} {verdict} {proto} {word} {}",
                    n.name, e.number, e.cidr
                );
                entries.insert(format!("{way} {} {line}", e.number), (line, e.proto));
            }
        }
        out.insert(key, entries);
    }
    out
}

/// The rules and entries of one world and the other, and the protocols they cover.
fn rule_diff(old: &World, new: &World, diff: &mut Diff) -> Vec<Proto> {
    let mut moved = Vec::new();
    let groups = |w: &World| -> GroupMap {
        w.groups
            .values()
            .map(|g| (group_key(w, g), (g.seq, rules_of(w, g))))
            .collect()
    };
    let (a, b) = (groups(old), groups(new));
    let empty = BTreeMap::new();
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort_by_key(|k| (b.get(*k).or(a.get(*k)).map_or(0, |x| x.0), *k));
    keys.dedup();
    for k in keys {
        let ra = a.get(k).map_or(&empty, |x| &x.1);
        let rb = b.get(k).map_or(&empty, |x| &x.1);
        for (key, (line, d, proto)) in ra {
            match rb.get(key) {
                None => {
                    diff.removed.push(with_description(line, d));
                    moved.push(*proto);
                }
                Some((_, d2, _)) if d2 != d => diff.changed.push(with_description(line, d2)),
                Some(_) => {}
            }
        }
        for (key, (line, d, proto)) in rb {
            if !ra.contains_key(key) {
                diff.added.push(with_description(line, d));
                moved.push(*proto);
            }
        }
    }
    let (a, b) = (acls(old), acls(new));
    let none = BTreeMap::new();
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for k in keys {
        let (ea, eb) = (a.get(k).unwrap_or(&none), b.get(k).unwrap_or(&none));
        for (key, (line, proto)) in ea {
            if !eb.contains_key(key) {
                diff.removed.push(line.clone());
                moved.push(*proto);
            }
        }
        for (key, (line, proto)) in eb {
            if !ea.contains_key(key) {
                diff.added.push(line.clone());
                moved.push(*proto);
            }
        }
    }
    moved
}

/// Whether the endpoints, their groups, subnets, states or the subnets' ACLs differ.
fn ends_moved(old: &World, new: &World) -> bool {
    let sig = |w: &World| -> BTreeMap<String, String> {
        w.enis
            .values()
            .map(|e| {
                let stopped = e
                    .instance
                    .as_ref()
                    .and_then(|i| w.instances.get(i))
                    .map(|i| format!("{:?}", i.state));
                let groups: Vec<String> = e
                    .groups
                    .iter()
                    .filter_map(|g| w.groups.get(g).map(|g| group_key(w, g)))
                    .collect();
                let acl = e
                    .subnet
                    .as_ref()
                    .and_then(|s| w.subnets.get(s))
                    .map(|s| s.nacl.to_string());
                let value = format!(
                    "{:?} {:?} {:?} {:?} {groups:?} {stopped:?} {acl:?} {:?}",
                    e.private_ip,
                    e.ipv6,
                    e.public_address(),
                    e.subnet,
                    e.vpc
                );
                (e.id.to_string(), value)
            })
            .collect()
    };
    sig(old) != sig(new) || old.peerings.len() != new.peerings.len()
}

/// Compares two worlds: rules, then reachability (flows are left to the caller).
pub fn diff(old: &World, new: &World) -> Diff {
    compare(old, new, true)
}

/// [`diff`] comparing every class's whole reach matrices, whatever changed: the same answer,
/// the reference the focused comparison is tested against.
pub fn diff_whole(old: &World, new: &World) -> Diff {
    compare(old, new, false)
}

fn compare(old: &World, new: &World, focused: bool) -> Diff {
    let mut d = Diff::default();
    let moved = rule_diff(old, new, &mut d);
    let everything = ends_moved(old, new);
    let classes = classes::classes([old, new], &moved, everything);
    if classes.is_empty() {
        return d;
    }
    let (ea, eb) = (
        ends::listed(old, &ReachScope::Everywhere).unwrap_or_else(|_| empty()),
        ends::listed(new, &ReachScope::Everywhere).unwrap_or_else(|_| empty()),
    );
    // Both worlds' endpoints by name: the rows and columns compared (new names after old).
    let mut names: Vec<String> = ea.names.clone();
    let known: BTreeSet<&String> = ea.names.iter().collect();
    names.extend(eb.names.iter().filter(|n| !known.contains(n)).cloned());
    let moves = match focused.then(|| focus::moves([old, new], [&ea, &eb], &classes)) {
        Some(Some(moves)) => moves,
        _ => whole::moves([old, new], [&ea, &eb], &names, &classes),
    };
    let name = |k: usize| {
        if k == usize::MAX {
            "internet".to_string()
        } else {
            names.get(k).cloned().unwrap_or_default()
        }
    };
    let mut pairs: Vec<_> = moves.into_iter().collect();
    // internet first, then the endpoints in order.
    pairs.sort_by_key(|((r, c), _)| (r.wrapping_add(1), *c));
    for ((r, c), (gained, lost)) in pairs {
        d.reach.push(PairDiff {
            from: name(r),
            to: name(c),
            gained: gained.words(),
            lost: lost.words(),
        });
    }
    d
}

fn empty() -> ends::Ends {
    ends::Ends {
        ids: Vec::new(),
        names: Vec::new(),
    }
}

/// The group ids of a world by key, for callers that match groups across worlds.
pub fn group_ids(world: &World) -> FastMap<String, SgId> {
    world
        .groups
        .values()
        .map(|g| (group_key(world, g), g.id.clone()))
        .collect()
}
