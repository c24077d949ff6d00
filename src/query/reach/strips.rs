//! The reach of a few endpoints (the focus) for many packets: per packet, the focus's rows and
//! columns of `show reach … everywhere` and its `internet` cells, each cell the verdict the whole
//! matrix (`classes`) gives. What `diff` compares when only the focus's groups and network ACLs
//! changed: its cost follows the focus, not the square of the world.
//!
//! A row is the classes' row of the source (its groups' egress, its subnet's ACL, the pairs the
//! classes speak for) and its column of the matrix transposed, turned around: the destinations
//! that hear a source are the members of the groups whose ingress rules match it (those of open
//! groups all), their subnets those whose ACL lets it through. A column is the same, the other
//! way. The pairs the classes do not speak for are decided one by one by the data plane, as in the
//! whole matrix. What a group's rules match is kept between packets the same rules cover, and so
//! are the ACLs' sets and the internet's verdicts (which read the destination's groups and ACL);
//! a focus endpoint's row and column are made again only when what it reads of the packet (its
//! groups' hits, the groups that match it, the ACLs' sets) differs from the last packet's.

mod internet;

use super::bits::Bits;
use super::classes::{Apart, Classes, candidates, question};
use super::ends::Ends;
use crate::dataplane::{self, Packet};
use crate::vocab::{Direction, EniId, Family};
use crate::world::World;
use crate::world::compiled::{Endpoint, family_index};
use crate::world::hash::FastMap;

/// One packet's verdicts at the focus, in the focus's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strip {
    /// Per focus endpoint: the endpoints (positions in the ends) it reaches.
    pub rows: Vec<Bits>,
    /// Per focus endpoint: the endpoints that reach it.
    pub cols: Vec<Bits>,
    /// Per focus endpoint: whether the packet passes from the internet to it.
    pub internet: Vec<bool>,
    /// Per focus endpoint: whether its row (column) may differ from the last packet's (when
    /// not, it is the last packet's).
    pub fresh_rows: Vec<bool>,
    pub fresh_cols: Vec<bool>,
}

/// The four questions a group's rules answer: the request in and out, the reply out and in.
const IN: usize = 0;
const EG_REPLY: usize = 1;
const EG: usize = 2;
const IN_REPLY: usize = 3;
const MODES: [(Direction, bool); 4] = [
    (Direction::Ingress, false),
    (Direction::Egress, true),
    (Direction::Egress, false),
    (Direction::Ingress, true),
];

/// A subnet's ACL sets for one packet: as the source's subnet and as the destination's.
struct Sides {
    as_source: Bits,
    as_dest: Bits,
}

/// The subnets' sets for one combination of ACL answers, and the focus's transposed sets.
struct SubnetState {
    sides: FastMap<u32, Sides>,
    /// Per focus endpoint: the endpoints whose subnet lets it in as a source (it the far end).
    heard_from: Vec<Bits>,
    /// Per focus endpoint: the endpoints whose subnet lets it through as a destination.
    heard_by: Vec<Bits>,
}

/// A mode's hits per group, the members of its open groups, and its partial groups.
type ModeMemo = (Vec<usize>, usize, Vec<(u32, usize)>);

/// The ports of one protocol a group's same rules cover, and what they match (in `hits`).
#[derive(Clone, Copy)]
struct Span {
    tcp: bool,
    from: u16,
    to: u16,
    hit: usize,
}

/// The focus of one world, asked packet after packet.
pub struct Strips<'w> {
    world: &'w World,
    ids: &'w [EniId],
    family: Family,
    focus: Vec<usize>,
    classes: Classes<'w>,
    /// Per focus endpoint: the pairs the classes do not speak for (its destinations, its
    /// sources), each decided alone.
    alone: Vec<(Vec<usize>, Vec<usize>)>,
    entries: Vec<Option<(u32, &'w Endpoint)>>,
    /// The groups with members the classes speak for, by handle.
    groups: Vec<u32>,
    /// Per mode and group: the ports the rules that covered the last TCP or UDP packet cover
    /// alike, and what they match.
    last: [Vec<Option<Span>>; 4],
    /// The focus's pairs the classes speak for (`Cover::of`).
    masks: Vec<Bits>,
    /// The subnets of those endpoints, with them.
    subnets: Vec<(u32, Bits)>,
    /// Per (subnet, ingress, the entries covering the packet): the far ends let through.
    acls: FastMap<(u32, bool, Vec<u16>), usize>,
    acl_sets: Vec<Bits>,
    /// Per list of open groups: their members (in `open_sets`).
    opens: FastMap<Vec<u32>, usize>,
    open_sets: Vec<Bits>,
    /// Per (ingress, tcp): the endpoints with an open rule of every port in that direction.
    every_port: FastMap<(bool, bool), Bits>,
    /// Per combination of the subnets' ACL sets (in `states`).
    state_ids: FastMap<Vec<usize>, usize>,
    states: Vec<SubnetState>,
    /// Per mode: the last packet's hits per group, its open groups' members (in `open_sets`)
    /// and its partial groups.
    mode_memo: [Option<ModeMemo>; 4],
    /// Per focus endpoint: its groups (positions in `groups`).
    own: Vec<Vec<usize>>,
    /// Per focus endpoint: what it read of the last packet as the source and as the
    /// destination, and its row and column then.
    row_memo: Vec<Option<(Vec<usize>, Bits)>>,
    col_memo: Vec<Option<(Vec<usize>, Bits)>>,
    internet: FastMap<internet::Key, bool>,
    /// Per focus endpoint: whether it has a public address (the internet's IPv4 packets go to
    /// it).
    public: Vec<bool>,
    /// The last packet's answer.
    strip: Strip,
}

impl<'w> Strips<'w> {
    /// The focus `focus` (positions in `ends`) of `world`; `None` when the world's index is not
    /// current (the classes need it).
    pub fn new(
        world: &'w World,
        ends: &'w Ends,
        focus: Vec<usize>,
        family: Family,
    ) -> Option<Strips<'w>> {
        let c = world.compiled()?;
        let ids = &ends.ids;
        let classes = Classes::new(c, ids, Packet::Other(0), family);
        let n = ids.len();
        let mut groups: Vec<u32> = classes.members.keys().copied().collect();
        groups.sort_unstable();
        let mut subnets: FastMap<u32, Bits> = FastMap::default();
        for (k, e) in classes.ends.iter().enumerate() {
            if let Some(e) = e {
                subnets
                    .entry(e.subnet)
                    .or_insert_with(|| Bits::empty(n))
                    .set(k);
            }
        }
        let mut subnets: Vec<(u32, Bits)> = subnets.into_iter().collect();
        subnets.sort_unstable_by_key(|(s, _)| *s);
        let cover = classes.cover();
        let masks: Vec<Bits> = focus.iter().map(|&x| cover.of(x)).collect();
        let memo = focus.len();
        let own = focus
            .iter()
            .map(|&x| {
                let groups_of = classes.ends[x].map_or(&[][..], |e| e.groups());
                groups_of
                    .iter()
                    .filter_map(|g| groups.binary_search(g).ok())
                    .collect()
            })
            .collect();
        let entries: Vec<_> = ids.iter().map(|id| c.eni(id)).collect();
        let apart = Apart::new(world, ids, family);
        let alone = focus
            .iter()
            .zip(&masks)
            .map(|(&x, mask)| {
                let mut rest = Bits::full(n);
                rest.and_not(mask);
                rest.clear(x);
                let stopped = |k: usize| entries[k].is_some_and(|(_, e)| e.stopped);
                let skip = |s: usize, d: usize| {
                    entries[s].is_some() && entries[d].is_some() && (stopped(s) || stopped(d))
                };
                let to = rest
                    .ones()
                    .filter(|&d| !(apart.of(x).is_some_and(|a| a.get(d)) || skip(x, d)));
                let from = rest
                    .ones()
                    .filter(|&s| !(apart.of(s).is_some_and(|a| a.get(x)) || skip(s, x)));
                (to.collect(), from.collect())
            })
            .collect();
        let public = focus
            .iter()
            .map(|&x| {
                world
                    .enis
                    .get(&ids[x])
                    .is_none_or(|e| e.public_address().is_some())
            })
            .collect();
        let strip = Strip {
            rows: vec![Bits::empty(n); memo],
            cols: vec![Bits::empty(n); memo],
            internet: vec![false; memo],
            fresh_rows: vec![true; memo],
            fresh_cols: vec![true; memo],
        };
        Some(Strips {
            public,
            strip,
            alone,
            last: std::array::from_fn(|_| vec![None; groups.len()]),
            masks,
            world,
            ids,
            family,
            focus,
            entries,
            classes,
            groups,
            subnets,
            acls: FastMap::default(),
            acl_sets: Vec::new(),
            opens: FastMap::default(),
            open_sets: Vec::new(),
            every_port: FastMap::default(),
            state_ids: FastMap::default(),
            mode_memo: Default::default(),
            own,
            states: Vec::new(),
            row_memo: vec![None; memo],
            col_memo: vec![None; memo],
            internet: FastMap::default(),
        })
    }

    /// The focus's rows, columns and internet cells for `packet` (of the strips' family).
    pub fn of(&mut self, packet: Packet) -> &Strip {
        self.classes.set_packet(packet);
        let n = self.classes.n;
        // What each group's rules match: open groups by their members, the others one by one.
        let mut open = Vec::with_capacity(4);
        let mut partial: [Vec<(u32, usize)>; 4] = Default::default();
        let mut now: [Vec<usize>; 4] = std::array::from_fn(|_| vec![usize::MAX; self.groups.len()]);
        for (m, (direction, reply)) in MODES.into_iter().enumerate() {
            let mut opened = Vec::new();
            let asked = if reply {
                self.classes.reply
            } else {
                Some(packet)
            };
            let Some(asked) = asked else {
                open.push(self.open_members(Vec::new()));
                continue;
            };
            let port = match asked {
                Packet::Tcp { dport, .. } => Some((true, dport)),
                Packet::Udp { dport, .. } => Some((false, dport)),
                _ => None,
            };
            for (j, &g) in self.groups.iter().enumerate() {
                // The rules that cover a port change at the group's own boundaries only.
                let known = match (port, self.last[m][j]) {
                    (Some((tcp, p)), Some(s)) if s.tcp == tcp && s.from <= p && p <= s.to => {
                        Some(s.hit)
                    }
                    _ => None,
                };
                let k = match known {
                    Some(k) => k,
                    None => {
                        let Some(rules) = self.classes.c.group(g).and_then(|r| r.of(direction))
                        else {
                            continue;
                        };
                        let (set, to) = match port {
                            Some((true, p)) => rules.tcp.span(p),
                            Some((false, p)) => rules.udp.span(p),
                            None => (candidates(rules, asked), 0),
                        };
                        let Some(k) = self.classes.eval_set(g, direction, set) else {
                            continue;
                        };
                        if let Some((tcp, from)) = port {
                            self.last[m][j] = Some(Span {
                                tcp,
                                from,
                                to,
                                hit: k,
                            });
                        }
                        k
                    }
                };
                now[m][j] = k;
            }
            // The same hits as the last packet's: the same open groups and partial ones.
            if let Some((last, o, p)) = &self.mode_memo[m]
                && *last == now[m]
            {
                open.push(*o);
                partial[m].clone_from(p);
                continue;
            }
            for (j, &g) in self.groups.iter().enumerate() {
                let Some(hit) = self.classes.hits(now[m][j]) else {
                    continue;
                };
                if hit.open {
                    opened.push(g);
                } else if hit.any {
                    partial[m].push((g, now[m][j]));
                }
            }
            let o = self.open_members(opened);
            self.mode_memo[m] = Some((now[m].clone(), o, partial[m].clone()));
            open.push(o);
        }
        // Who checks the reply as well: an open rule matched, every port open the other way.
        let untracked = self.classes.reply.is_some() && packet.may_be_untracked();
        let tcp = matches!(packet, Packet::Tcp { .. });
        let checks = |this: &mut Self, open: usize, other: Direction| {
            if !untracked {
                return Bits::empty(n);
            }
            let mut set = this.every_port_members(other, tcp);
            set.and(&this.open_sets[open]);
            set
        };
        let dest_checks = checks(self, open[IN], Direction::Egress);
        let source_checks = checks(self, open[EG], Direction::Ingress);
        let state = self.subnet_state(packet);
        let flags = [
            state,
            usize::from(untracked),
            usize::from(tcp),
            usize::from(self.classes.reply.is_some()),
        ];
        for (i, &x) in self.focus.clone().iter().enumerate() {
            let lone = !self.alone[i].0.is_empty() || !self.alone[i].1.is_empty();
            let Some(e) = self.classes.ends[x] else {
                let mut row = Bits::empty(n);
                let mut col = Bits::empty(n);
                self.alone(packet, x, i, &mut row, &mut col);
                self.strip.rows[i] = row;
                self.strip.cols[i] = col;
                self.strip.fresh_rows[i] = true;
                self.strip.fresh_cols[i] = true;
                continue;
            };
            let sides = self.states[state].sides.get(&e.subnet);
            let (as_source, as_dest) = (sides.map(|s| &s.as_source), sides.map(|s| &s.as_dest));
            // As the source: its side, and the destinations whose side hears it (the same as
            // for the last packet when what it reads of the packet is).
            let sig = self.signature(i, x, &flags, &open, &now, &partial, [EG, IN_REPLY]);
            let row_kept = matches!(&self.row_memo[i], Some((last, _)) if *last == sig);
            if !row_kept {
                let mut row = self.classes.source(e);
                as_source.inspect(|s| row.and(s));
                row.and(&self.masks[i]);
                let modes = [IN, EG_REPLY];
                row.and(&self.heard(x, &open, &partial, modes, &dest_checks));
                row.and(&self.states[state].heard_by[i]);
                self.row_memo[i] = Some((sig, row));
            }
            // As the destination: its side, and the sources whose side reaches it.
            let sig = self.signature(i, x, &flags, &open, &now, &partial, [IN, EG_REPLY]);
            let col_kept = matches!(&self.col_memo[i], Some((last, _)) if *last == sig);
            if !col_kept {
                let mut col = self.classes.dest(e);
                as_dest.inspect(|s| col.and(s));
                col.and(&self.masks[i]);
                let modes = [EG, IN_REPLY];
                col.and(&self.heard(x, &open, &partial, modes, &source_checks));
                col.and(&self.states[state].heard_from[i]);
                self.col_memo[i] = Some((sig, col));
            }
            self.strip.fresh_rows[i] = !row_kept || lone;
            self.strip.fresh_cols[i] = !col_kept || lone;
            if self.strip.fresh_rows[i] || self.strip.fresh_cols[i] {
                let base = |memo: &Option<(Vec<usize>, Bits)>| {
                    memo.as_ref()
                        .map_or_else(|| Bits::empty(n), |(_, b)| b.clone())
                };
                let (mut row, mut col) = (base(&self.row_memo[i]), base(&self.col_memo[i]));
                self.alone(packet, x, i, &mut row, &mut col);
                self.strip.rows[i] = row;
                self.strip.cols[i] = col;
            }
        }
        for i in 0..self.focus.len() {
            self.strip.internet[i] = self.internet_cell(packet, i);
        }
        &self.strip
    }

    /// What focus endpoint `x` (the `i`th) reads of the packet as the source (`own` its
    /// egress and the reply's ingress) or the destination: the flags, its groups' hits, and the
    /// groups of the other ends that match it (the open ones by their list).
    #[allow(clippy::too_many_arguments)]
    fn signature(
        &self,
        i: usize,
        x: usize,
        flags: &[usize],
        open: &[usize],
        now: &[Vec<usize>; 4],
        partial: &[Vec<(u32, usize)>; 4],
        own: [usize; 2],
    ) -> Vec<usize> {
        let far = if own == [EG, IN_REPLY] {
            [IN, EG_REPLY]
        } else {
            [EG, IN_REPLY]
        };
        let mut sig = flags.to_vec();
        sig.extend(far.map(|m| open[m]));
        for m in own {
            sig.extend(self.own[i].iter().map(|&j| now[m][j]));
        }
        for m in far {
            sig.push(usize::MAX);
            let matching = partial[m]
                .iter()
                .filter(|(_, k)| self.classes.hit(*k).far.get(x));
            sig.extend(matching.map(|&(g, _)| g as usize));
        }
        sig
    }

    /// The endpoints whose groups' rules of `modes[0]` match `x` as the far end, but those
    /// `checks` names whose rules of `modes[1]` (the reply's) do not.
    fn heard(
        &self,
        x: usize,
        open: &[usize],
        partial: &[Vec<(u32, usize)>; 4],
        modes: [usize; 2],
        checks: &Bits,
    ) -> Bits {
        let members = |m: usize| {
            let mut set = self.open_sets[open[m]].clone();
            for &(g, k) in &partial[m] {
                if self.classes.hit(k).far.get(x)
                    && let Some(m) = self.classes.members.get(&g)
                {
                    set.or(m);
                }
            }
            set
        };
        let mut out = members(modes[0]);
        if checks.words().iter().any(|w| *w != 0) {
            let mut refused = checks.clone();
            refused.and_not(&members(modes[1]));
            out.and_not(&refused);
        }
        out
    }

    /// The pairs of `x` the classes do not speak for, decided one by one.
    fn alone(&self, packet: Packet, x: usize, i: usize, row: &mut Bits, col: &mut Bits) {
        let passes = |s: usize, d: usize| {
            let q = question(self.ids, &self.entries, packet, self.family, s, d);
            dataplane::verdict(self.world, &q)
        };
        let (to, from) = &self.alone[i];
        to.iter()
            .filter(|&&d| passes(x, d))
            .for_each(|&d| row.set(d));
        from.iter()
            .filter(|&&s| passes(s, x))
            .for_each(|&s| col.set(s));
    }

    /// The members of the open groups `groups` (position in `open_sets`).
    fn open_members(&mut self, groups: Vec<u32>) -> usize {
        if let Some(&k) = self.opens.get(&groups) {
            return k;
        }
        let mut set = Bits::empty(self.classes.n);
        for g in &groups {
            if let Some(m) = self.classes.members.get(g) {
                set.or(m);
            }
        }
        self.open_sets.push(set);
        self.opens.insert(groups, self.open_sets.len() - 1);
        self.open_sets.len() - 1
    }

    /// The endpoints with an open rule of every port of the protocol (TCP, or UDP for the
    /// others) in `direction`.
    fn every_port_members(&mut self, direction: Direction, tcp: bool) -> Bits {
        let key = (direction == Direction::Ingress, tcp);
        if let Some(set) = self.every_port.get(&key) {
            return set.clone();
        }
        let f = family_index(self.family);
        let mut set = Bits::empty(self.classes.n);
        for g in &self.groups {
            let open = self
                .classes
                .c
                .group(*g)
                .and_then(|r| r.of(direction))
                .is_some_and(|r| {
                    let (every_tcp, every_udp) = r.open_every_port[f];
                    if tcp { every_tcp } else { every_udp }
                });
            if open && let Some(m) = self.classes.members.get(g) {
                set.or(m);
            }
        }
        self.every_port.insert(key, set.clone());
        set
    }

    /// What a subnet's ACL lets through in `direction` for `packet` (position in `acl_sets`).
    fn acl(&mut self, subnet: u32, direction: Direction, packet: Packet) -> usize {
        let covering: Vec<u16> = match self.classes.c.subnet_acl(subnet) {
            None => Vec::new(),
            Some(acl) => match direction {
                Direction::Ingress => &acl.inbound,
                Direction::Egress => &acl.outbound,
            }
            .iter()
            .enumerate()
            .filter(|(_, e)| packet.covered_by(e.proto).is_ok())
            .map(|(k, _)| k as u16)
            .collect(),
        };
        let key = (subnet, direction == Direction::Ingress, covering);
        if let Some(&k) = self.acls.get(&key) {
            return k;
        }
        self.acl_sets
            .push(self.classes.acl(subnet, direction, packet));
        self.acls.insert(key, self.acl_sets.len() - 1);
        self.acl_sets.len() - 1
    }

    /// The subnets' sets for `packet` (as `Classes::subnet_sets` makes them) and the focus's
    /// transposed ones: the key of their state in `states`.
    fn subnet_state(&mut self, packet: Packet) -> usize {
        let reply = self.classes.reply;
        let mut key = Vec::with_capacity(4 * self.subnets.len());
        for k in 0..self.subnets.len() {
            let s = self.subnets[k].0;
            key.push(self.acl(s, Direction::Egress, packet));
            key.push(self.acl(s, Direction::Ingress, packet));
            for direction in [Direction::Ingress, Direction::Egress] {
                key.push(reply.map_or(usize::MAX, |r| self.acl(s, direction, r)));
            }
        }
        if let Some(&k) = self.state_ids.get(&key) {
            return k;
        }
        let mut sides = FastMap::default();
        for (k, (s, own)) in self.subnets.iter().enumerate() {
            let at = |j: usize| self.acl_sets.get(key[4 * k + j]);
            let mut as_source = self.acl_sets[key[4 * k]].clone();
            let mut as_dest = self.acl_sets[key[4 * k + 1]].clone();
            if let (Some(back_in), Some(back_out)) = (at(2), at(3)) {
                as_source.and(back_in);
                as_dest.and(back_out);
            }
            as_source.or(own);
            as_dest.or(own);
            sides.insert(*s, Sides { as_source, as_dest });
        }
        let n = self.classes.n;
        let turned = |x: usize, pick: &dyn Fn(&Sides) -> &Bits| {
            let mut set = Bits::empty(n);
            for (s, own) in &self.subnets {
                if sides.get(s).is_some_and(|side| pick(side).get(x)) {
                    set.or(own);
                }
            }
            set
        };
        let heard_from = self
            .focus
            .iter()
            .map(|&x| turned(x, &|s| &s.as_source))
            .collect();
        let heard_by = self
            .focus
            .iter()
            .map(|&x| turned(x, &|s| &s.as_dest))
            .collect();
        let state = SubnetState {
            sides,
            heard_from,
            heard_by,
        };
        self.states.push(state);
        self.state_ids.insert(key, self.states.len() - 1);
        self.states.len() - 1
    }
}
