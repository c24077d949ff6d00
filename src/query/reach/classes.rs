//! The reach matrix by classes and bitsets. For one packet, each group's rules of a direction are
//! evaluated once against every endpoint as the far end (group references as member bitsets,
//! CIDRs as the endpoints whose address they contain, found by binary search over the addresses
//! sorted), each subnet's network ACL once per direction and leg; then an endpoint's row (where
//! it may send to) and column (whom it may hear from) are ORs and ANDs of those sets, and the
//! matrix is rows AND columns transposed. This is the same question as the data plane's compiled
//! path (`dataplane::compiled_verdict`) asks of one pair, with the same gates in the same
//! meaning: between two plain interfaces of one VPC by their own addresses. Every other pair
//! (other networks, managed services, EC2-Classic, two interfaces of one instance, an index that
//! is not current) is decided alone by `dataplane::verdict`.

use super::bits::{Bits, transpose};
use crate::dataplane::{self, End, Packet, Question};
use crate::vocab::{Direction, EniId, Family};
use crate::world::World;
use crate::world::compiled::{Compiled, DirRules, Endpoint, NONE, Peer, RuleSet, family_index};

/// What one group's rules of a direction match: the far ends, whether an open rule matched,
/// and whether any far end did.
pub(super) struct Hit {
    pub far: Bits,
    pub open: bool,
    pub any: bool,
}
use crate::world::hash::FastMap;

/// The verdict of every pair of `ids` (row: source, column: destination; self pairs denied) for
/// `packet` of `family`, for the rows and columns wanted (the others are left denied).
pub fn matrix(
    world: &World,
    ids: &[EniId],
    packet: Packet,
    family: Family,
    rows: &Bits,
    cols: &Bits,
) -> Vec<Bits> {
    let n = ids.len();
    let (mut out, cover) = match world.compiled() {
        Some(c) => Classes::new(c, ids, packet, family).matrix(rows, cols),
        None => ((0..n).map(|_| Bits::empty(n)).collect(), Cover::none(n)),
    };
    let entries: Vec<Option<(u32, &Endpoint)>> = ids
        .iter()
        .map(|id| world.compiled().and_then(|c| c.eni(id)))
        .collect();
    let stopped = |k: usize| entries[k].is_some_and(|(_, e)| e.stopped);
    let apart = Apart::new(world, ids, family);
    for s in rows.ones() {
        let Some(row) = out.get_mut(s) else {
            continue;
        };
        let mut rest = cols.clone();
        rest.and_not(&cover.of(s));
        if let Some(apart) = apart.of(s) {
            rest.and_not(apart);
        }
        rest.clear(s);
        for d in rest.ones() {
            let both = entries[s].is_some() && entries[d].is_some();
            if both && (stopped(s) || stopped(d)) {
                continue;
            }
            let q = question(ids, &entries, packet, family, s, d);
            if dataplane::verdict(world, &q) {
                row.set(d);
            }
        }
    }
    out
}

/// The interfaces an IPv4 packet from another VPC cannot reach at all: between two VPCs that no
/// peering joins, a packet goes to the destination's public address, and these have none.
pub(super) struct Apart {
    /// Per VPC (by its position in `vpcs`), the interfaces of the other VPCs unreachable from it.
    sets: Vec<Bits>,
    /// Each endpoint's VPC position.
    home: Vec<Option<usize>>,
}

impl Apart {
    pub(super) fn new(world: &World, ids: &[EniId], family: Family) -> Apart {
        let n = ids.len();
        let enis: Vec<_> = ids.iter().map(|id| world.enis.get(id)).collect();
        let mut vpcs: Vec<&crate::vocab::VpcId> = Vec::new();
        let home: Vec<Option<usize>> = enis
            .iter()
            .map(|e| {
                let v = e.and_then(|e| e.vpc.as_ref())?;
                Some(vpcs.iter().position(|x| *x == v).unwrap_or_else(|| {
                    vpcs.push(v);
                    vpcs.len() - 1
                }))
            })
            .collect();
        let mut sets = Vec::with_capacity(vpcs.len());
        if family == Family::V4 {
            for v in &vpcs {
                let mut set = Bits::empty(n);
                for (k, e) in enis.iter().enumerate() {
                    let Some(e) = e else { continue };
                    let Some(w) = e.vpc.as_ref().filter(|w| w != v) else {
                        continue;
                    };
                    let peered = world.peerings.values().any(|p| {
                        (&p.requester == *v && &p.accepter == w)
                            || (&p.accepter == *v && &p.requester == w)
                    });
                    if !peered && e.public_address().is_none() {
                        set.set(k);
                    }
                }
                sets.push(set);
            }
        }
        Apart { sets, home }
    }

    pub(super) fn of(&self, k: usize) -> Option<&Bits> {
        self.sets.get(self.home.get(k).copied().flatten()?)
    }
}

/// Which pairs the classes speak for: per endpoint, the other plain interfaces of its VPC, but
/// those of its own instance.
pub(super) struct Cover {
    n: usize,
    regular: Bits,
    vpcs: FastMap<u32, Bits>,
    instances: FastMap<u32, Bits>,
    /// Each endpoint's VPC and instance handles, when it is regular.
    homes: Vec<Option<(u32, u32)>>,
}

impl Cover {
    fn none(n: usize) -> Cover {
        Cover {
            n,
            regular: Bits::empty(n),
            vpcs: FastMap::default(),
            instances: FastMap::default(),
            homes: vec![None; n],
        }
    }

    pub(super) fn of(&self, k: usize) -> Bits {
        let Some(Some((vpc, instance))) = self.homes.get(k) else {
            return Bits::empty(self.n);
        };
        let mut mask = self.regular.clone();
        if let Some(same) = self.vpcs.get(vpc) {
            mask.and(same);
        }
        if let Some(mine) = self.instances.get(instance) {
            mask.and_not(mine);
        }
        mask.clear(k);
        mask
    }
}

/// The question of one pair, for the data plane.
pub(super) fn question(
    ids: &[EniId],
    entries: &[Option<(u32, &Endpoint)>],
    packet: Packet,
    family: Family,
    s: usize,
    d: usize,
) -> Question {
    let handle = |k: usize| entries[k].map_or(NONE, |(h, _)| h);
    Question {
        packet,
        family,
        from: End::Eni {
            id: ids[s].clone(),
            addr: None,
        },
        to: End::Eni {
            id: ids[d].clone(),
            addr: None,
        },
        via: None,
        from_label: String::new(),
        to_label: String::new(),
        handles: [handle(s), handle(d)],
    }
}

/// Whether the classes can speak for an endpoint: a plain, running interface of a VPC with an
/// address of the family, whose groups are compiled both ways.
fn is_regular(entry: &Option<(u32, &Endpoint)>, family: Family) -> bool {
    let Some((_, e)) = entry else { return false };
    e.vpc != NONE && !e.managed && !e.stopped && (family == Family::V4 || e.ipv6.is_some())
}

/// The sets one packet's question is combined from.
pub(super) struct Classes<'c> {
    pub(super) c: &'c Compiled,
    pub(super) n: usize,
    pub(super) packet: Packet,
    pub(super) reply: Option<Packet>,
    pub(super) family: Family,
    pub(super) ends: Vec<Option<&'c Endpoint>>,
    /// The endpoints the classes speak for.
    pub(super) regular: Bits,
    /// Their addresses, sorted, with their positions.
    sorted: Vec<(u128, usize)>,
    pub(super) members: FastMap<u32, Bits>,
    cidrs: FastMap<(u128, u128), Bits>,
    /// Per (group, direction, the rules that cover the packet): what they match, in `hits`
    /// (the same for every packet the same rules cover).
    evals: FastMap<(u32, bool, RuleSet), usize>,
    hits: Vec<Hit>,
}

impl<'c> Classes<'c> {
    pub(super) fn new(
        c: &'c Compiled,
        ids: &[EniId],
        packet: Packet,
        family: Family,
    ) -> Classes<'c> {
        let n = ids.len();
        let entries: Vec<Option<(u32, &Endpoint)>> = ids.iter().map(|id| c.eni(id)).collect();
        let mut regular = Bits::empty(n);
        let mut ends = Vec::with_capacity(n);
        for (k, entry) in entries.iter().enumerate() {
            let ok = is_regular(entry, family)
                && entry.is_some_and(|(_, e)| {
                    e.groups().iter().all(|&g| {
                        c.group(g)
                            .is_none_or(|r| r.ingress.is_some() && r.egress.is_some())
                    })
                });
            if ok {
                regular.set(k);
            }
            ends.push(entry.filter(|_| ok).map(|(_, e)| e));
        }
        let mut sorted: Vec<(u128, usize)> = ends
            .iter()
            .enumerate()
            .filter_map(|(k, e)| Some((address(e.as_ref()?, family)?, k)))
            .collect();
        sorted.sort_unstable();
        let mut members: FastMap<u32, Bits> = FastMap::default();
        for (k, e) in ends.iter().enumerate() {
            for &g in e.iter().flat_map(|e| e.groups()) {
                members.entry(g).or_insert_with(|| Bits::empty(n)).set(k);
            }
        }
        Classes {
            c,
            n,
            packet,
            reply: packet.reply(),
            family,
            ends,
            regular,
            sorted,
            members,
            cidrs: FastMap::default(),
            evals: FastMap::default(),
            hits: Vec::new(),
        }
    }

    /// Asks the next question of another packet (what the rules match is kept: it is the same
    /// for every packet the same rules cover).
    pub(super) fn set_packet(&mut self, packet: Packet) {
        self.packet = packet;
        self.reply = packet.reply();
    }

    pub(super) fn hit(&self, k: usize) -> &Hit {
        &self.hits[k]
    }

    /// Hit `k`, if there is one.
    pub(super) fn hits(&self, k: usize) -> Option<&Hit> {
        self.hits.get(k)
    }

    /// The endpoints whose address a prefix contains.
    fn cidr(&mut self, net: u128, mask: u128) -> Bits {
        if let Some(b) = self.cidrs.get(&(net, mask)) {
            return b.clone();
        }
        let last = net | !mask & self.space();
        let from = self.sorted.partition_point(|(a, _)| *a < net);
        let to = self.sorted.partition_point(|(a, _)| *a <= last);
        let mut b = Bits::empty(self.n);
        for (_, k) in self.sorted.get(from..to).unwrap_or_default() {
            b.set(*k);
        }
        self.cidrs.insert((net, mask), b.clone());
        b
    }

    fn space(&self) -> u128 {
        match self.family {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }

    /// What a group's rules of `direction` match for the request (or the reply) packet: its
    /// position in `hits`.
    pub(super) fn eval(&mut self, g: u32, direction: Direction, reply: bool) -> Option<usize> {
        let set = self.rule_set(g, direction, reply)?;
        self.eval_set(g, direction, set)
    }

    /// The rules of a group's `direction` that cover the request (or the reply) packet.
    pub(super) fn rule_set(&self, g: u32, direction: Direction, reply: bool) -> Option<RuleSet> {
        let packet = if reply { self.reply? } else { self.packet };
        Some(candidates(self.c.group(g)?.of(direction)?, packet))
    }

    /// What the rules `set` of a group's `direction` match (`eval`).
    pub(super) fn eval_set(&mut self, g: u32, direction: Direction, set: RuleSet) -> Option<usize> {
        let rules = self.c.group(g)?.of(direction)?;
        let key = (g, direction == Direction::Ingress, set);
        if let Some(&k) = self.evals.get(&key) {
            return Some(k);
        }
        let f = family_index(self.family);
        let (far, open) = if (rules.every_protocol | set) & rules.open[f] != 0 {
            (Bits::full(self.n), true)
        } else {
            let mut b = Bits::empty(self.n);
            let mut rest = set;
            while rest != 0 {
                let i = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                match rules.peers.get(i) {
                    Some(Peer::Group(h)) => {
                        if let Some(m) = self.members.get(h) {
                            b.or(m);
                        }
                    }
                    Some(Peer::V4 { net, mask }) if self.family == Family::V4 => {
                        b.or(&self.cidr(u128::from(*net), u128::from(*mask)));
                    }
                    Some(Peer::V6 { net, mask }) if self.family == Family::V6 => {
                        b.or(&self.cidr(*net, *mask));
                    }
                    Some(Peer::List(l)) => {
                        // A prefix list's entries, each a prefix like a CIDR peer's.
                        let entries = rules.lists.get(*l as usize).into_iter().flatten();
                        for entry in entries {
                            match *entry {
                                Peer::V4 { net, mask } if self.family == Family::V4 => {
                                    b.or(&self.cidr(u128::from(net), u128::from(mask)));
                                }
                                Peer::V6 { net, mask } if self.family == Family::V6 => {
                                    b.or(&self.cidr(net, mask));
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            (b, false)
        };
        let any = far.words().iter().any(|w| *w != 0);
        self.hits.push(Hit { far, open, any });
        self.evals.insert(key, self.hits.len() - 1);
        Some(self.hits.len() - 1)
    }

    /// An endpoint's groups in `direction`: the far ends matched, and whether an open rule
    /// matched (a group that is gone adds nothing).
    fn side(&mut self, e: &Endpoint, direction: Direction, reply: bool) -> (Bits, bool) {
        let mut all = Bits::empty(self.n);
        let mut open = false;
        for &g in e.groups() {
            if let Some(k) = self.eval(g, direction, reply) {
                let hit = &self.hits[k];
                all.or(&hit.far);
                open |= hit.open;
            }
        }
        (all, open)
    }

    /// Whether an open rule covering every port of the packet's protocol answers in
    /// `direction` at the endpoint (the flow is then untracked there).
    pub(super) fn every_port_open(&self, e: &Endpoint, direction: Direction) -> bool {
        let f = family_index(self.family);
        e.groups().iter().any(|&g| {
            self.c
                .group(g)
                .and_then(|r| r.of(direction))
                .is_some_and(|r| {
                    let (tcp, udp) = r.open_every_port[f];
                    match self.packet {
                        Packet::Tcp { .. } => tcp,
                        _ => udp,
                    }
                })
        })
    }

    /// An endpoint as the request's source: the destinations its side lets the packet go to and
    /// its reply come back from. (Destination's side: `dest`.)
    pub(super) fn source(&mut self, e: &Endpoint) -> Bits {
        let (mut out, open) = self.side(e, Direction::Egress, false);
        if self.reply.is_some()
            && open
            && self.packet.may_be_untracked()
            && self.every_port_open(e, Direction::Ingress)
        {
            let (back, _) = self.side(e, Direction::Ingress, true);
            out.and(&back);
        }
        out
    }

    pub(super) fn dest(&mut self, e: &Endpoint) -> Bits {
        let (inn, open) = self.side(e, Direction::Ingress, false);
        let mut inn = inn;
        if self.reply.is_some()
            && open
            && self.packet.may_be_untracked()
            && self.every_port_open(e, Direction::Egress)
        {
            let (back, _) = self.side(e, Direction::Egress, true);
            inn.and(&back);
        }
        inn
    }

    /// Whether a subnet's network ACL lets `packet` through in `direction`, its far address
    /// being each endpoint's (no ACL: all pass).
    pub(super) fn acl(&self, subnet: u32, direction: Direction, packet: Packet) -> Bits {
        let Some(acl) = self.c.subnet_acl(subnet) else {
            return Bits::full(self.n);
        };
        let entries: Vec<_> = match direction {
            Direction::Ingress => &acl.inbound,
            Direction::Egress => &acl.outbound,
        }
        .iter()
        .filter(|e| packet.covered_by(e.proto).is_ok())
        .collect();
        let mut b = Bits::empty(self.n);
        for (k, e) in self.ends.iter().enumerate() {
            let Some(addr) = e.and_then(|e| ip(e, self.family)) else {
                continue;
            };
            if entries
                .iter()
                .find(|x| x.peer.contains(addr))
                .is_some_and(|x| x.allow)
            {
                b.set(k);
            }
        }
        b
    }

    /// Per subnet: the far ends its ACL lets through as the source's subnet (request out, reply
    /// in) and as the destination's (request in, reply out), the subnet's own members added (a
    /// packet that stays in its subnet meets no ACL).
    fn subnet_sets(&self) -> FastMap<u32, (Bits, Bits)> {
        let mut subnets: FastMap<u32, Bits> = FastMap::default();
        for (k, e) in self.ends.iter().enumerate() {
            if let Some(e) = e {
                subnets
                    .entry(e.subnet)
                    .or_insert_with(|| Bits::empty(self.n))
                    .set(k);
            }
        }
        subnets
            .into_iter()
            .map(|(s, own)| {
                let mut as_source = self.acl(s, Direction::Egress, self.packet);
                let mut as_dest = self.acl(s, Direction::Ingress, self.packet);
                if let Some(reply) = self.reply {
                    as_source.and(&self.acl(s, Direction::Ingress, reply));
                    as_dest.and(&self.acl(s, Direction::Egress, reply));
                }
                as_source.or(&own);
                as_dest.or(&own);
                (s, (as_source, as_dest))
            })
            .collect()
    }

    /// Which pairs the classes speak for.
    pub(super) fn cover(&self) -> Cover {
        let n = self.n;
        let mut cover = Cover::none(n);
        cover.regular = self.regular.clone();
        for (k, e) in self.ends.iter().enumerate() {
            if let Some(e) = e {
                cover.homes[k] = Some((e.vpc, e.instance));
                cover
                    .vpcs
                    .entry(e.vpc)
                    .or_insert_with(|| Bits::empty(n))
                    .set(k);
                if e.instance != NONE {
                    cover
                        .instances
                        .entry(e.instance)
                        .or_insert_with(|| Bits::empty(n))
                        .set(k);
                }
            }
        }
        cover
    }

    /// The matrix of the pairs the classes speak for, for the rows and columns wanted (the
    /// others left empty), and which pairs those are.
    fn matrix(mut self, want_rows: &Bits, want_cols: &Bits) -> (Vec<Bits>, Cover) {
        let n = self.n;
        let subnets = self.subnet_sets();
        let cover = self.cover();
        let ends = self.ends.clone();
        let mut rows = Vec::with_capacity(n);
        let mut cols = Vec::with_capacity(n);
        for (k, e) in ends.iter().enumerate() {
            let (want_row, want_col) = (want_rows.get(k), want_cols.get(k));
            let Some(e) = e.filter(|_| want_row || want_col) else {
                rows.push(Bits::empty(0));
                cols.push(Bits::empty(0));
                continue;
            };
            let (as_source, as_dest) = subnets
                .get(&e.subnet)
                .cloned()
                .unwrap_or_else(|| (Bits::full(n), Bits::full(n)));
            let mask = cover.of(k);
            let side = |mut set: Bits, nacl: &Bits| {
                set.and(nacl);
                set.and(&mask);
                set
            };
            rows.push(if want_row {
                side(self.source(e), &as_source)
            } else {
                Bits::empty(0)
            });
            cols.push(if want_col {
                side(self.dest(e), &as_dest)
            } else {
                Bits::empty(0)
            });
        }
        let heard = transpose(&cols, n);
        drop(cols);
        for (row, heard) in rows.iter_mut().zip(&heard) {
            if row.words().is_empty() {
                *row = Bits::empty(n);
            } else {
                row.and(heard);
            }
        }
        (rows, cover)
    }
}

/// An endpoint's address of the family, as a number.
fn address(e: &Endpoint, family: Family) -> Option<u128> {
    match family {
        Family::V4 => Some(u128::from(u32::from(e.private_ip))),
        Family::V6 => e.ipv6.map(u128::from),
    }
}

fn ip(e: &Endpoint, family: Family) -> Option<std::net::IpAddr> {
    match family {
        Family::V4 => Some(std::net::IpAddr::V4(e.private_ip)),
        Family::V6 => e.ipv6.map(std::net::IpAddr::V6),
    }
}

/// The rules of a compiled direction that cover the packet's protocol and port.
pub(super) fn candidates(rules: &DirRules, packet: Packet) -> RuleSet {
    match packet {
        Packet::Tcp { dport, .. } => rules.tcp.at(dport),
        Packet::Udp { dport, .. } => rules.udp.at(dport),
        _ => rules
            .other
            .iter()
            .filter(|(proto, _)| packet.covered_by(*proto).is_ok())
            .fold(rules.every_protocol, |set, (_, i)| set | (1 << i)),
    }
}
