//! `diff since NAME` and `sgs diff A B`: what changed between two worlds. The rules added,
//! removed and changed, per group and network ACL (groups and ACLs matched by account, region,
//! VPC and name; rules by AWS's identity: direction, protocol, ports and peer, a group peer by its
//! name), as `authorize` and `create nacl-entry` lines; then the reachability diff: for each
//! packet class the change can move (the ports the changed rules and entries cover, cut at every
//! rule's and entry's boundary; every class when endpoints or their groups changed), the reach
//! matrix of both worlds, pair by pair, as protocols and merged port ranges gained and lost.
//! Endpoints are matched by name. The open flows are the session's to judge (`session`).

use super::reach::{self, Bits, ends};
use super::who::rule_line;
use crate::dataplane::{EPHEMERAL_PORT, Packet};
use crate::lang::ast::ReachScope;
use crate::vocab::{Direction, Family, PortRange, Proto, RulePeer, SgId};
use crate::world::World;
use crate::world::group::{Group, Rule};
use crate::world::hash::FastMap;
use rangemap::RangeInclusiveSet;
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
    let vpc = g
        .vpc
        .as_ref()
        .map_or_else(|| "classic".to_string(), |v| world.vpc_name(v));
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

/// Every port boundary of one protocol among both worlds' rules and entries.
fn boundaries(worlds: [&World; 2], tcp: bool) -> BTreeSet<u32> {
    let mut cuts = BTreeSet::from([0u32, 65536]);
    let mut add = |p: &Proto| match (p, tcp) {
        (Proto::Tcp(r), true) | (Proto::Udp(r), false) => {
            cuts.insert(u32::from(r.from));
            cuts.insert(u32::from(r.to) + 1);
        }
        _ => {}
    };
    for w in worlds {
        for g in w.groups.values() {
            g.ingress
                .iter()
                .chain(&g.egress)
                .for_each(|r| add(&r.proto));
        }
        for n in w.nacls.values() {
            n.ingress
                .iter()
                .chain(&n.egress)
                .for_each(|e| add(&e.proto));
        }
    }
    cuts
}

/// A packet class: its packet, and the ports it stands for (TCP and UDP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Ports { tcp: bool, lo: u16, hi: u16 },
    Icmp(u8),
    Other(u8),
}

impl Class {
    fn packet(self) -> Packet {
        let sport = EPHEMERAL_PORT;
        match self {
            Class::Ports { tcp: true, lo, .. } => Packet::Tcp { sport, dport: lo },
            Class::Ports { lo, .. } => Packet::Udp { sport, dport: lo },
            Class::Icmp(t) => Packet::Icmp {
                family: Family::V4,
                icmp_type: t,
                code: 0,
            },
            Class::Other(n) => Packet::Other(n),
        }
    }
}

/// The classes of the packets whose verdicts `moved` (the changed rules' protocols) can change.
fn classes(worlds: [&World; 2], moved: &[Proto], everything: bool) -> BTreeSet<Class> {
    let mut out = BTreeSet::new();
    let all = [Proto::All];
    let moved = if everything { &all[..] } else { moved };
    for tcp in [true, false] {
        let cuts: Vec<u32> = boundaries(worlds, tcp).into_iter().collect();
        for p in moved {
            let range = match (p, tcp) {
                (Proto::All, _) => PortRange { from: 0, to: 65535 },
                (Proto::Tcp(r), true) | (Proto::Udp(r), false) => *r,
                _ => continue,
            };
            for w in cuts.windows(2) {
                let (lo, hi) = (w[0], w[1] - 1);
                if hi >= u32::from(range.from) && lo <= u32::from(range.to) {
                    out.insert(Class::Ports {
                        tcp,
                        lo: lo as u16,
                        hi: hi as u16,
                    });
                }
            }
        }
    }
    for p in moved {
        match p {
            Proto::All => {
                out.insert(Class::Icmp(8));
                out.insert(Class::Other(47));
            }
            Proto::Icmp(r) => {
                out.insert(Class::Icmp(r.icmp_type.unwrap_or(8)));
            }
            Proto::Other(n) => {
                out.insert(Class::Other(*n));
            }
            _ => {}
        }
    }
    out
}

/// The packets gained or lost by one pair, per protocol.
#[derive(Default)]
struct Moves {
    tcp: RangeInclusiveSet<u16>,
    udp: RangeInclusiveSet<u16>,
    other: Vec<String>,
}

impl Moves {
    fn add(&mut self, class: Class) {
        match class {
            Class::Ports { tcp: true, lo, hi } => self.tcp.insert(lo..=hi),
            Class::Ports { lo, hi, .. } => self.udp.insert(lo..=hi),
            c => self.other.push(c.packet().to_string()),
        }
    }

    fn words(&self) -> Vec<String> {
        let ranges = |word: &str, set: &RangeInclusiveSet<u16>| -> Vec<String> {
            set.iter()
                .map(|r| {
                    let p = PortRange {
                        from: *r.start(),
                        to: *r.end(),
                    };
                    format!("{word} {p}")
                })
                .collect()
        };
        let mut out = ranges("tcp", &self.tcp);
        out.extend(ranges("udp", &self.udp));
        out.extend(self.other.iter().cloned());
        out
    }
}

/// Compares two worlds: rules, then reachability (flows are left to the caller).
pub fn diff(old: &World, new: &World) -> Diff {
    let mut d = Diff::default();
    let moved = rule_diff(old, new, &mut d);
    let everything = ends_moved(old, new);
    let classes = classes([old, new], &moved, everything);
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
    let index = |e: &ends::Ends| -> FastMap<String, usize> {
        e.names
            .iter()
            .enumerate()
            .map(|(k, n)| (n.clone(), k))
            .collect()
    };
    let (ia, ib) = (index(&ea), index(&eb));
    let same = ea.names == eb.names;
    let mut moves: BTreeMap<(usize, usize), (Moves, Moves)> = BTreeMap::new();
    for class in classes {
        let packet = class.packet();
        let family = packet.own_family().unwrap_or(Family::V4);
        let all_a: Vec<usize> = (0..ea.ids.len()).collect();
        let all_b: Vec<usize> = (0..eb.ids.len()).collect();
        let ma = reach::matrix(old, &ea, &all_a, &all_a, true, packet, family);
        let mb = reach::matrix(new, &eb, &all_b, &all_b, true, packet, family);
        // Row 0 is internet (position usize::MAX among the names).
        let row_name = |r: usize| if r == 0 { None } else { Some(r - 1) };
        if same {
            for (r, (a, b)) in ma.allowed.iter().zip(&mb.allowed).enumerate() {
                if a == b {
                    continue;
                }
                let mut gained = b.clone();
                gained.and_not(a);
                let mut lost = a.clone();
                lost.and_not(b);
                let from = row_name(r).unwrap_or(usize::MAX);
                for c in gained.ones() {
                    moves.entry((from, c)).or_default().0.add(class);
                }
                for c in lost.ones() {
                    moves.entry((from, c)).or_default().1.add(class);
                }
            }
            continue;
        }
        let at =
            |m: &reach::Reach, idx: &FastMap<String, usize>, r: Option<&String>, c: &String| {
                let row = match r {
                    None => Some(0),
                    Some(r) => idx.get(r).map(|k| k + 1),
                };
                match (row, idx.get(c)) {
                    (Some(row), Some(&col)) => m.get(row, col),
                    _ => false,
                }
            };
        let rows: Vec<Option<usize>> = std::iter::once(None)
            .chain((0..names.len()).map(Some))
            .collect();
        for r in rows {
            let rn = r.map(|k| &names[k]);
            for (c, cn) in names.iter().enumerate() {
                if Some(c) == r {
                    continue;
                }
                let (a, b) = (at(&ma, &ia, rn, cn), at(&mb, &ib, rn, cn));
                if a != b {
                    let e = moves.entry((r.unwrap_or(usize::MAX), c)).or_default();
                    if b { e.0.add(class) } else { e.1.add(class) }
                }
            }
        }
    }
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
    let _ = Bits::empty(0);
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
