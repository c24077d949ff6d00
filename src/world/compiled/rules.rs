//! One group's rules of one direction, compiled for the data plane: each rule's peer as numbers
//! (a prefix, or a group handle), and for TCP and UDP the port line cut into intervals, each with
//! the set of rules (a bitset of rule positions) that cover every port in it. Finding the rules
//! that cover a packet's port is one binary search; which of them match its far end is a few
//! bit tests.
//!
//! A direction holds at most 120 rules under AWS's quotas (60 per family, a group reference
//! counting in both); up to [`MAX_RULES`] are compiled. A direction past that (an imported world
//! can be) is left uncompiled and the data plane takes its general path.

use super::handles::Handles;
use crate::vocab::{Family, PlId, Proto, RulePeer, SgId};
use crate::world::group::Rule;
use crate::world::hash::FastMap;
use crate::world::prefix_list::PrefixList;
use ipnet::IpNet;
use std::net::IpAddr;

/// The most rules of one direction a bitset holds.
pub const MAX_RULES: usize = 128;

/// A set of rule positions.
pub type RuleSet = u128;

/// A rule's (or a network ACL entry's) peer, as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    V4 {
        net: u32,
        mask: u32,
    },
    V6 {
        net: u128,
        mask: u128,
    },
    /// A group reference, by the group's handle.
    Group(u32),
    /// A prefix list, by its place in [`DirRules::lists`]: its entries as prefixes.
    List(u32),
}

impl Peer {
    /// A CIDR as numbers.
    pub fn of_net(net: &IpNet) -> Peer {
        match net {
            IpNet::V4(n) => Peer::V4 {
                net: u32::from(n.network()),
                mask: u32::from(n.netmask()),
            },
            IpNet::V6(n) => Peer::V6 {
                net: u128::from(n.network()),
                mask: u128::from(n.netmask()),
            },
        }
    }

    /// Whether the peer is a CIDR of `family` containing `addr` (an address of that family). A
    /// group or a list holds no address by itself (see [`DirRules::holds`]).
    pub fn contains(self, addr: IpAddr) -> bool {
        match (self, addr) {
            (Peer::V4 { net, mask }, IpAddr::V4(a)) => u32::from(a) & mask == net,
            (Peer::V6 { net, mask }, IpAddr::V6(a)) => u128::from(a) & mask == net,
            _ => false,
        }
    }
}

/// The port line of one protocol cut into intervals: `starts[i]` is the first port of interval
/// `i` (the first is 0), `covers[i]` the rules that cover all of it.
#[derive(Clone, Debug, Default)]
pub struct PortTable {
    starts: Box<[u16]>,
    covers: Box<[RuleSet]>,
}

impl PortTable {
    /// Builds the table from each rule's port range (`None` for a rule of another protocol): one
    /// sweep over the ranges' ends in port order.
    fn build(ranges: &[Option<(u16, u16)>]) -> PortTable {
        // Where each rule's range starts and ends (the port after its last), as bit flips.
        let mut flips: Vec<(u32, RuleSet)> = Vec::with_capacity(2 * ranges.len() + 1);
        flips.push((0, 0));
        for (i, range) in ranges.iter().enumerate() {
            if let Some((from, to)) = range {
                flips.push((u32::from(*from), 1 << i));
                flips.push((u32::from(*to) + 1, 1 << i));
            }
        }
        flips.sort_unstable_by_key(|(port, _)| *port);
        let mut starts = Vec::with_capacity(flips.len());
        let mut covers = Vec::with_capacity(flips.len());
        let mut set: RuleSet = 0;
        for chunk in flips.chunk_by(|a, b| a.0 == b.0) {
            let port = chunk[0].0;
            set = chunk.iter().fold(set, |set, (_, bit)| set ^ bit);
            if let Ok(port) = u16::try_from(port) {
                starts.push(port);
                covers.push(set);
            }
        }
        PortTable {
            starts: starts.into_boxed_slice(),
            covers: covers.into_boxed_slice(),
        }
    }

    /// The rules that cover `port`.
    /// The rules covering `port`, and the last port they cover alike (the same rules cover
    /// every port from `port` to it).
    pub fn span(&self, port: u16) -> (RuleSet, u16) {
        let i = self.starts.partition_point(|&s| s <= port);
        let set = i
            .checked_sub(1)
            .and_then(|i| self.covers.get(i))
            .copied()
            .unwrap_or(0);
        let end = self
            .starts
            .get(i)
            .map_or(u16::MAX, |&next| next.saturating_sub(1));
        (set, end)
    }

    pub fn at(&self, port: u16) -> RuleSet {
        let i = self.starts.partition_point(|&s| s <= port);
        i.checked_sub(1)
            .and_then(|i| self.covers.get(i))
            .copied()
            .unwrap_or(0)
    }
}

/// One group's rules of one direction, compiled.
#[derive(Clone, Debug, Default)]
pub struct DirRules {
    /// Each rule's peer, by position.
    pub peers: Box<[Peer]>,
    /// The entries of the prefix lists the peers name (`Peer::List`), as prefixes.
    pub lists: Box<[Box<[Peer]>]>,
    /// TCP and UDP rules by port (rules of every protocol included).
    pub tcp: PortTable,
    pub udp: PortTable,
    /// Rules of every protocol.
    pub every_protocol: RuleSet,
    /// ICMP, ICMPv6 and other-protocol rules, with their positions.
    pub other: Box<[(Proto, u8)]>,
    /// Per family (IPv4, IPv6): rules whose peer is that family's whole space.
    pub open: [RuleSet; 2],
    /// Per family: whether an open rule covers every TCP port, every UDP port (connection
    /// tracking skips a flow that such a rule answers).
    pub open_every_port: [(bool, bool); 2],
}

/// The index of a family in the per-family arrays.
pub fn family_index(family: Family) -> usize {
    match family {
        Family::V4 => 0,
        Family::V6 => 1,
    }
}

impl DirRules {
    /// Whether the peer at `i` (a CIDR or a prefix list; not a group) holds `addr`.
    pub fn holds(&self, peer: Peer, addr: IpAddr) -> bool {
        match peer {
            Peer::List(l) => self
                .lists
                .get(l as usize)
                .is_some_and(|entries| entries.iter().any(|p| p.contains(addr))),
            p => p.contains(addr),
        }
    }

    /// Compiles `rules`, a prefix list peer with the entries `lists` gives it; `None` when there
    /// are more than [`MAX_RULES`].
    pub fn build(
        rules: &[Rule],
        groups: &mut Handles<SgId>,
        lists: &FastMap<PlId, PrefixList>,
    ) -> Option<DirRules> {
        if rules.len() > MAX_RULES {
            return None;
        }
        let mut d = DirRules::default();
        let mut peers = Vec::with_capacity(rules.len());
        let mut tcp = Vec::with_capacity(rules.len());
        let mut udp = Vec::with_capacity(rules.len());
        let mut other = Vec::new();
        let mut entries: Vec<Box<[Peer]>> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let bit: RuleSet = 1 << i;
            let open_family = match &rule.peer {
                RulePeer::Cidr(net) => {
                    peers.push(Peer::of_net(net));
                    (net.prefix_len() == 0).then_some(match net {
                        IpNet::V4(_) => Family::V4,
                        IpNet::V6(_) => Family::V6,
                    })
                }
                RulePeer::Group { id, .. } => {
                    peers.push(Peer::Group(groups.intern(id)));
                    None
                }
                RulePeer::PrefixList(id) => {
                    // A list's entries count as its CIDRs, but a rule naming a list is not an
                    // open rule even when an entry is a /0 (the general path's `is_open` agrees).
                    let nets = lists.get(id).into_iter().flat_map(|l| l.cidrs());
                    peers.push(Peer::List(entries.len() as u32));
                    entries.push(nets.map(Peer::of_net).collect());
                    None
                }
            };
            let (t, u) = match rule.proto {
                Proto::All => {
                    d.every_protocol |= bit;
                    (Some((0, u16::MAX)), Some((0, u16::MAX)))
                }
                Proto::Tcp(r) => (Some((r.from, r.to)), None),
                Proto::Udp(r) => (None, Some((r.from, r.to))),
                p => {
                    other.push((p, i as u8));
                    (None, None)
                }
            };
            tcp.push(t);
            udp.push(u);
            if let Some(family) = open_family {
                let f = family_index(family);
                d.open[f] |= bit;
                let (every_tcp, every_udp) = &mut d.open_every_port[f];
                *every_tcp |= t == Some((0, u16::MAX));
                *every_udp |= u == Some((0, u16::MAX));
            }
        }
        d.peers = peers.into_boxed_slice();
        d.lists = entries.into_boxed_slice();
        d.tcp = PortTable::build(&tcp);
        d.udp = PortTable::build(&udp);
        d.other = other.into_boxed_slice();
        Some(d)
    }
}
