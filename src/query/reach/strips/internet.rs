//! The focus's `internet` cells: each the data plane's verdict, kept for the packets that read
//! the same of the destination (its groups' rules and its subnet's ACL entries that cover them).

use super::super::classes::candidates;
use super::Strips;
use crate::dataplane::{self, End, Packet};
use crate::vocab::{Direction, Family};
use crate::world::compiled::NONE;

/// A focus endpoint's internet verdict, by what it reads of the packet: the protocol, the
/// rules of its groups and the entries of its subnet's ACL that cover it.
pub(super) type Key = (usize, bool, Vec<u128>, Vec<u16>);

impl Strips<'_> {
    /// Whether `packet` passes from the internet to focus endpoint `i` (as `show reach` asks
    /// it).
    pub(super) fn internet_cell(&mut self, packet: Packet, i: usize) -> bool {
        let d = self.focus[i];
        if self.family == Family::V4 && !self.public[i] {
            return false;
        }
        let id = &self.ids[d];
        let key = self.internet_key(packet, d);
        if let Some(&v) = key.as_ref().and_then(|k| self.internet.get(k)) {
            return v;
        }
        let to = End::Eni {
            id: id.clone(),
            addr: None,
        };
        let q = super::super::question(self.world, packet, self.family, End::Internet, to);
        let v = dataplane::verdict(self.world, &q);
        if let Some(key) = key {
            self.internet.insert(key, v);
        }
        v
    }

    /// What a verdict from the internet to `d` reads of a TCP or UDP packet: the rules of `d`'s
    /// groups and the entries of its subnet's ACL that cover it (the reply's ports are the same
    /// for every such packet). `None` for the other packets and the endpoints of a service
    /// (whose port is asked too), which are asked each time.
    fn internet_key(&self, packet: Packet, d: usize) -> Option<Key> {
        let tcp = match packet {
            Packet::Tcp { .. } => true,
            Packet::Udp { .. } => false,
            _ => return None,
        };
        let (_, e) = self.entries[d]?;
        if e.managed || e.vpc == NONE {
            return None;
        }
        let c = self.classes.c;
        let rules = e
            .groups()
            .iter()
            .map(|&g| {
                c.group(g)
                    .and_then(|r| r.of(Direction::Ingress))
                    .map_or(u128::MAX, |r| candidates(r, packet))
            })
            .collect();
        let entries = c.subnet_acl(e.subnet).map_or_else(Vec::new, |acl| {
            acl.inbound
                .iter()
                .enumerate()
                .filter(|(_, x)| packet.covered_by(x.proto).is_ok())
                .map(|(k, _)| k as u16)
                .collect()
        });
        Some((d, tcp, rules, entries))
    }
}
