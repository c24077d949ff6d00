//! The packet classes a change can move: the ports the changed rules and entries cover, cut at
//! every rule's and entry's boundary (every class when endpoints or their groups changed), each
//! class one packet; and what one pair gained or lost, as protocols and merged port ranges.

use crate::dataplane::{EPHEMERAL_PORT, Packet};
use crate::vocab::{Family, PortRange, Proto};
use crate::world::World;
use std::collections::BTreeSet;

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
pub(super) enum Class {
    Ports { tcp: bool, lo: u16, hi: u16 },
    Icmp(u8),
    Other(u8),
}

impl Class {
    pub(super) fn packet(self) -> Packet {
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
pub(super) fn classes(worlds: [&World; 2], moved: &[Proto], everything: bool) -> BTreeSet<Class> {
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

/// Port ranges, merged where they touch (classes come in port order: each one is appended).
#[derive(Default)]
struct Ranges(Vec<(u16, u16)>);

impl Ranges {
    fn insert(&mut self, lo: u16, hi: u16) {
        match self.0.last_mut() {
            Some(last) if u32::from(last.1) + 1 == u32::from(lo) => last.1 = hi,
            _ => self.0.push((lo, hi)),
        }
    }

    /// The ranges in order, those that touch or overlap merged.
    fn merged(&self) -> Vec<(u16, u16)> {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let mut out: Vec<(u16, u16)> = Vec::with_capacity(sorted.len());
        for (lo, hi) in sorted {
            match out.last_mut() {
                Some(last) if u32::from(lo) <= u32::from(last.1) + 1 => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        out
    }
}

/// The packets gained or lost by one pair, per protocol.
#[derive(Default)]
pub(super) struct Moves {
    tcp: Ranges,
    udp: Ranges,
    other: Vec<String>,
}

impl Moves {
    pub(super) fn add(&mut self, class: Class) {
        match class {
            Class::Ports { tcp: true, lo, hi } => self.tcp.insert(lo, hi),
            Class::Ports { lo, hi, .. } => self.udp.insert(lo, hi),
            c => self.other.push(c.packet().to_string()),
        }
    }

    pub(super) fn words(&self) -> Vec<String> {
        let ranges = |word: &str, set: &Ranges| -> Vec<String> {
            set.merged()
                .into_iter()
                .map(|(from, to)| format!("{word} {}", PortRange { from, to }))
                .collect()
        };
        let mut out = ranges("tcp", &self.tcp);
        out.extend(ranges("udp", &self.udp));
        out.extend(self.other.iter().cloned());
        out
    }
}
