//! Network ACLs: numbered allow and deny entries at a subnet's edge (AWS-SEMANTICS §10).
//!
//! Every VPC has a default network ACL; custom ones are created empty. An ACL holds two lists of
//! entries, inbound and outbound, each kept in number order (the order they are evaluated in). The
//! final `*` entries (32767 for IPv4, 32768 for IPv6) deny, cannot be changed, and are not stored:
//! [`star`] makes them when a list is evaluated or shown. Every subnet names its ACL
//! (`Subnet::nacl`), so the data plane finds it with one lookup.

use super::{World, drop_name, push_name};
use crate::vocab::{AclId, Direction, Family, Proto, Scope, VpcId};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, Ipv6Addr};

/// The lowest and highest rule numbers a user may give; 32767 to 65535 are AWS's own.
pub const FIRST_RULE: u16 = 1;
pub const LAST_RULE: u16 = 32766;

/// `0.0.0.0/0` and `::/0`.
pub const ANY_V4: IpNet = IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::UNSPECIFIED, 0));
pub const ANY_V6: IpNet = IpNet::V6(Ipv6Net::new_assert(Ipv6Addr::UNSPECIFIED, 0));

/// One numbered entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclEntry {
    pub number: u16,
    pub allow: bool,
    pub proto: Proto,
    pub cidr: IpNet,
}

impl AclEntry {
    pub fn family(&self) -> Family {
        match self.cidr {
            IpNet::V4(_) => Family::V4,
            IpNet::V6(_) => Family::V6,
        }
    }
}

/// A network ACL of a VPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nacl {
    pub id: AclId,
    /// The default ACL is named `default`; names are unique within the VPC.
    pub name: String,
    pub vpc: VpcId,
    pub scope: Scope,
    pub is_default: bool,
    /// Inbound entries, lowest number first.
    pub ingress: Vec<AclEntry>,
    /// Outbound entries, lowest number first.
    pub egress: Vec<AclEntry>,
    pub seq: u64,
}

impl Nacl {
    /// A VPC's default ACL: `100 allow all 0.0.0.0/0` each way, and with an IPv6 block also
    /// `101 allow all ::/0`.
    pub fn default_for(id: AclId, vpc: VpcId, scope: Scope, ipv6: bool, seq: u64) -> Nacl {
        let mut entries = vec![AclEntry {
            number: 100,
            allow: true,
            proto: Proto::All,
            cidr: ANY_V4,
        }];
        if ipv6 {
            entries.push(AclEntry {
                number: 101,
                allow: true,
                proto: Proto::All,
                cidr: ANY_V6,
            });
        }
        Nacl {
            id,
            name: "default".to_string(),
            vpc,
            scope,
            is_default: true,
            ingress: entries.clone(),
            egress: entries,
            seq,
        }
    }

    pub fn entries(&self, direction: Direction) -> &[AclEntry] {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    pub fn entries_mut(&mut self, direction: Direction) -> &mut Vec<AclEntry> {
        match direction {
            Direction::Ingress => &mut self.ingress,
            Direction::Egress => &mut self.egress,
        }
    }

    /// The entry with this number in this direction.
    pub fn entry(&self, direction: Direction, number: u16) -> Option<&AclEntry> {
        self.entries(direction).iter().find(|e| e.number == number)
    }

    /// Puts an entry in its place by number, replacing one with the same number.
    pub fn put(&mut self, direction: Direction, entry: AclEntry) {
        let list = self.entries_mut(direction);
        match list.binary_search_by_key(&entry.number, |e| e.number) {
            Ok(i) => list[i] = entry,
            Err(i) => list.insert(i, entry),
        }
    }

    /// Removes the entry with this number; whether there was one.
    pub fn remove(&mut self, direction: Direction, number: u16) -> bool {
        let list = self.entries_mut(direction);
        let before = list.len();
        list.retain(|e| e.number != number);
        list.len() != before
    }

    /// How many entries a direction holds for a family, counting its `*` entry (AWS's quota counts
    /// it).
    pub fn count(&self, direction: Direction, family: Family) -> usize {
        1 + self
            .entries(direction)
            .iter()
            .filter(|e| e.family() == family)
            .count()
    }
}

/// The final `*` entry of a family: deny everything. AWS numbers it 32767 (IPv4) or 32768 (IPv6).
pub fn star(family: Family) -> AclEntry {
    AclEntry {
        number: match family {
            Family::V4 => 32767,
            Family::V6 => 32768,
        },
        allow: false,
        proto: Proto::All,
        cidr: match family {
            Family::V4 => ANY_V4,
            Family::V6 => ANY_V6,
        },
    }
}

/// Whether an entry is one of the final `*` entries.
pub fn is_star(entry: &AclEntry) -> bool {
    entry.number > LAST_RULE
}

impl World {
    // ----- mutation primitives: each keeps the index in step -----

    pub fn add_nacl(&mut self, nacl: Nacl) {
        push_name(
            &mut self.index.nacl_names,
            nacl.name.clone(),
            nacl.id.clone(),
        );
        self.nacls.insert(nacl.id.clone(), nacl);
    }

    pub fn remove_nacl(&mut self, id: &AclId) -> Option<Nacl> {
        let nacl = self.nacls.remove(id)?;
        drop_name(&mut self.index.nacl_names, &nacl.name, id);
        Some(nacl)
    }

    /// The network ACLs of a VPC, the default first, then in creation order.
    pub fn nacls_of(&self, vpc: &VpcId) -> Vec<&Nacl> {
        let mut list: Vec<&Nacl> = self.nacls.values().filter(|n| &n.vpc == vpc).collect();
        list.sort_by_key(|n| (!n.is_default, n.seq));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(number: u16) -> AclEntry {
        AclEntry {
            number,
            allow: true,
            proto: Proto::All,
            cidr: ANY_V4,
        }
    }

    #[test]
    fn entries_stay_in_number_order() {
        let mut n = Nacl::default_for(
            AclId("acl-1".into()),
            VpcId("vpc-1".into()),
            Scope::new("1", "r"),
            false,
            1,
        );
        n.put(Direction::Ingress, entry(90));
        n.put(Direction::Ingress, entry(200));
        n.put(Direction::Ingress, entry(150));
        let numbers: Vec<u16> = n.ingress.iter().map(|e| e.number).collect();
        assert_eq!(numbers, [90, 100, 150, 200]);
        assert!(n.remove(Direction::Ingress, 150));
        assert!(!n.remove(Direction::Ingress, 150));
        assert_eq!(n.count(Direction::Ingress, Family::V4), 4);
        assert_eq!(n.count(Direction::Egress, Family::V6), 1);
    }

    #[test]
    fn the_default_acl_has_ipv6_entries_only_with_ipv6() {
        let scope = Scope::new("1", "r");
        let v4 = Nacl::default_for(
            AclId("a".into()),
            VpcId("v".into()),
            scope.clone(),
            false,
            1,
        );
        let v6 = Nacl::default_for(AclId("a".into()), VpcId("v".into()), scope, true, 1);
        assert_eq!(v4.ingress.len(), 1);
        assert_eq!(v6.egress.len(), 2);
        assert_eq!(v6.egress[1].cidr, ANY_V6);
        assert!(is_star(&star(Family::V6)));
    }
}
