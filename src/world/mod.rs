//! The model: every object sgs simulates, as plain serde data, plus the indexes that make
//! lookups cheap.
//!
//! `World` is a value: cloning it gives an independent copy (for `expect error` and what-if
//! questions), and two worlds compare equal when their objects do. The objects live in ordered
//! maps keyed by id, so a saved world is deterministic. The `Index` is derived data, rebuilt after
//! a load and kept in step by the mutation primitives below; the control plane validates a
//! command fully and only then calls them, so a failed command changes nothing.
//!
//! Every map, objects and index alike, is a [`journal::Tracked`] map: it records each write so
//! that the session can take a command back in the time the command took, and the reverse index
//! of group references (`refs.rs`) lets a delete find the rules that name a group without reading
//! every rule.

pub mod compiled;
pub mod group;
pub mod hash;
pub mod instance;
pub mod journal;
pub mod lookup;
pub mod nacl;
pub mod network;
mod objects;
pub mod peering;
pub mod prefix_list;
mod reading;
mod refs;
pub mod service;

/// The typed ids live in `vocab`, shared by every floor; this is their old path.
pub use crate::vocab::ids;
/// The protocols, ports and ICMP names live in `vocab`; this is their old path.
pub use crate::vocab::protocol as proto;

use group::{Group, Rule, RulePeer};
use hash::FastMap;
use ids::{
    AclId, DEFAULT_ACCOUNT, DEFAULT_REGION, EniId, InstanceId, PcxId, PlId, Scope, SgId, SubnetId,
    VpcId,
};
use instance::{Eni, Instance};
use ipnet::{Ipv4Net, Ipv6Net};
use journal::{Inverse, Tracked};
use nacl::Nacl;
use network::{Subnet, Vpc};
use peering::Peering;
use proto::Proto;
use serde::{Deserialize, Serialize};
use service::Services;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

/// The sandbox's public address pool: instances' public addresses come from here, in order.
pub const PUBLIC_POOL: Ipv4Net = match Ipv4Net::new(Ipv4Addr::new(54, 0, 0, 0), 8) {
    Ok(net) => net,
    Err(_) => panic!("the public pool is a valid network"),
};

/// Where a private address is unique: a VPC, or a region's EC2-Classic network, which every
/// account's Classic instances in the region share.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NetHome {
    Vpc(VpcId),
    /// The region.
    Classic(String),
}

/// Where a group name is unique: a VPC, or an account and region's EC2-Classic groups.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupHome {
    Vpc(VpcId),
    Classic(Scope),
}

/// The simulated AWS world.
#[derive(Debug, Serialize, Deserialize)]
pub struct World {
    /// The current account and region: commands change only objects here.
    pub scope: Scope,
    /// Every account and region pair that exists, each with its default VPC.
    pub scopes: Vec<Scope>,
    /// The id counter; every minted id takes the next number.
    pub counter: u64,
    /// The next offset into `PUBLIC_POOL` to try.
    pub public_next: u32,
    pub vpcs: Tracked<VpcId, Vpc>,
    pub subnets: Tracked<SubnetId, Subnet>,
    pub groups: Tracked<SgId, Group>,
    pub instances: Tracked<InstanceId, Instance>,
    pub enis: Tracked<EniId, Eni>,
    pub nacls: Tracked<AclId, Nacl>,
    pub peerings: Tracked<PcxId, Peering>,
    /// Managed prefix lists (worlds saved before they existed have none).
    #[serde(default)]
    pub prefix_lists: Tracked<PlId, prefix_list::PrefixList>,
    /// ElastiCache and RDS objects, shared between copies of the world until one changes them
    /// (a session keeps the services of every step for undo; they are few and rarely change).
    #[serde(
        default,
        serialize_with = "service::serialize_shared",
        deserialize_with = "service::deserialize_shared"
    )]
    pub services: std::sync::Arc<Services>,
    #[serde(skip)]
    pub index: Index,
    /// What a decision reads, as numbers (`compiled`).
    #[serde(skip)]
    compiled: compiled::Compiled,
}

impl Clone for World {
    fn clone(&self) -> Self {
        World {
            scope: self.scope.clone(),
            scopes: self.scopes.clone(),
            counter: self.counter,
            public_next: self.public_next,
            vpcs: self.vpcs.clone(),
            subnets: self.subnets.clone(),
            groups: self.groups.clone(),
            instances: self.instances.clone(),
            enis: self.enis.clone(),
            nacls: self.nacls.clone(),
            peerings: self.peerings.clone(),
            prefix_lists: self.prefix_lists.clone(),
            services: self.services.clone(),
            index: self.index.clone(),
            compiled: self.copy_compiled(),
        }
    }
}

impl PartialEq for World {
    /// Worlds are equal when their objects are; the index is derived from them.
    fn eq(&self, other: &Self) -> bool {
        self.scope == other.scope
            && self.scopes == other.scopes
            && self.counter == other.counter
            && self.public_next == other.public_next
            && self.vpcs == other.vpcs
            && self.subnets == other.subnets
            && self.groups == other.groups
            && self.instances == other.instances
            && self.enis == other.enis
            && self.nacls == other.nacls
            && self.peerings == other.peerings
            && self.prefix_lists == other.prefix_lists
            && self.services == other.services
    }
}

/// Derived lookups, kept in step with the objects.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub vpc_names: Tracked<String, Vec<VpcId>>,
    pub subnet_names: Tracked<String, Vec<SubnetId>>,
    /// Keyed by the lowercased name: AWS group names are case-insensitive.
    pub group_names: Tracked<String, Vec<SgId>>,
    pub instance_names: Tracked<String, Vec<InstanceId>>,
    pub eni_names: Tracked<String, Vec<EniId>>,
    pub nacl_names: Tracked<String, Vec<AclId>>,
    pub peering_names: Tracked<String, Vec<PcxId>>,
    /// Each pair of peered VPCs (in `peering::pair` order) to its peering.
    pub peerings: Tracked<(VpcId, VpcId), PcxId>,
    /// Private addresses (IPv4 and IPv6) to interfaces, per network.
    pub private: Tracked<(NetHome, IpAddr), EniId>,
    /// Public addresses (launch addresses, Elastic IPs and IPv6 addresses) to interfaces.
    pub public: Tracked<IpAddr, EniId>,
    /// Group to the interfaces it is attached to.
    pub members: Tracked<SgId, BTreeSet<EniId>>,
    /// VPC groups per account and region, for the 2,500 quota.
    pub vpc_groups_per_scope: Tracked<Scope, usize>,
    /// Per subnet, where the search for the next free address starts.
    pub subnet_cursor: Tracked<SubnetId, u32>,
    /// Group to the groups whose rules reference it, with their number of such rules.
    pub refs: Tracked<SgId, Refs>,
    pub prefix_list_names: Tracked<String, Vec<PlId>>,
    /// Prefix list to the groups whose rules reference it, with their number of such rules.
    pub list_refs: Tracked<PlId, Refs>,
}

/// The groups that reference one group, each with how many of its rules do.
pub type Refs = FastMap<SgId, u32>;

fn push_name<K, V>(map: &mut Tracked<K, Vec<V>>, key: K, value: V)
where
    K: Clone + Eq + std::hash::Hash,
    V: Clone + PartialEq + Send + Sync + 'static,
{
    let inverse = || -> Inverse<Vec<V>> {
        std::sync::Arc::new(|list| {
            list.pop();
        })
    };
    map.edit_or_default(key, inverse).push(value);
}

fn drop_name<K: Clone + Eq + std::hash::Hash, V: Clone + PartialEq>(
    map: &mut Tracked<K, Vec<V>>,
    key: &K,
    value: &V,
) {
    if let Some(list) = map.get_mut(key) {
        list.retain(|v| v != value);
        if list.is_empty() {
            map.remove(key);
        }
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

impl World {
    /// A fresh world: account 123456789012 in us-east-1 with its default VPC.
    pub fn new() -> Self {
        let scope = Scope::new(DEFAULT_ACCOUNT, DEFAULT_REGION);
        let mut world = World {
            scope: scope.clone(),
            scopes: Vec::new(),
            counter: 0,
            public_next: 1,
            vpcs: Tracked::default(),
            subnets: Tracked::default(),
            groups: Tracked::default(),
            instances: Tracked::default(),
            enis: Tracked::default(),
            nacls: Tracked::default(),
            peerings: Tracked::default(),
            prefix_lists: Tracked::default(),
            services: Default::default(),
            index: Index::default(),
            compiled: Default::default(),
        };
        world.ensure_scope(&scope);
        world
    }

    /// The services, to change (copied first if a copy of the world shares them).
    pub fn services_mut(&mut self) -> &mut Services {
        std::sync::Arc::make_mut(&mut self.services)
    }

    /// Mints the next id with `prefix`.
    pub fn mint(&mut self, prefix: &str) -> String {
        self.counter += 1;
        ids::mint(prefix, self.counter)
    }

    /// The next creation number (for listing order).
    pub fn next_seq(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// Creates an account and region pair on first use: its default VPC with default subnets,
    /// default group and default network ACL, and its EC2-Classic default group.
    pub fn ensure_scope(&mut self, scope: &Scope) {
        if self.scopes.contains(scope) {
            return;
        }
        self.scopes.push(scope.clone());
        let cidr = Ipv4Net::new(Ipv4Addr::new(172, 31, 0, 0), 16).unwrap_or_default();
        let vpc = self.create_vpc(scope, "default", cidr, None, true);
        for (i, letter) in ["a", "b"].into_iter().enumerate() {
            let base = Ipv4Addr::new(172, 31, (i as u8) * 16, 0);
            let net = Ipv4Net::new(base, 20).unwrap_or_default();
            let az = format!("{}{letter}", scope.region);
            let id = SubnetId(self.mint(SubnetId::PREFIX));
            let seq = self.next_seq();
            let nacl = self
                .vpcs
                .get(&vpc)
                .map(|v| v.default_nacl.clone())
                .unwrap_or_default();
            self.add_subnet(Subnet {
                id,
                name: letter.to_string(),
                vpc: vpc.clone(),
                nacl,
                scope: scope.clone(),
                cidr: net,
                ipv6: None,
                az,
                public: true,
                default_for_az: true,
                seq,
            });
        }
        self.create_classic_default_group(scope);
        self.services_mut().ensure_scope(scope);
    }

    /// Creates a VPC with its default group (and its default rules) and its default network ACL.
    pub fn create_vpc(
        &mut self,
        scope: &Scope,
        name: &str,
        cidr: Ipv4Net,
        ipv6: Option<Ipv6Net>,
        is_default: bool,
    ) -> VpcId {
        let id = VpcId(self.mint(VpcId::PREFIX));
        let group_id = SgId(self.mint(SgId::PREFIX));
        let nacl = ids::AclId(self.mint(ids::AclId::PREFIX));
        let seq = self.next_seq();
        self.add_vpc(Vpc {
            id: id.clone(),
            name: name.to_string(),
            scope: scope.clone(),
            cidr,
            ipv6,
            is_default,
            default_group: group_id.clone(),
            default_nacl: nacl.clone(),
            seq,
        });
        // The default ACL lists with its VPC: it shares the VPC's creation number.
        self.add_nacl(Nacl::default_for(
            nacl,
            id.clone(),
            scope.clone(),
            ipv6.is_some(),
            seq,
        ));
        let self_ref = RulePeer::Group {
            id: group_id.clone(),
            owner: scope.account.clone(),
        };
        let ingress = vec![self.new_rule(Proto::All, self_ref, None)];
        let egress = self.default_egress(ipv6.is_some());
        let seq = self.next_seq();
        self.add_group(Group {
            id: group_id,
            name: "default".to_string(),
            description: "default VPC security group".to_string(),
            scope: scope.clone(),
            vpc: Some(id.clone()),
            is_default: true,
            ingress,
            egress,
            seq,
        });
        id
    }

    fn create_classic_default_group(&mut self, scope: &Scope) {
        let id = SgId(self.mint(SgId::PREFIX));
        let self_ref = RulePeer::Group {
            id: id.clone(),
            owner: scope.account.clone(),
        };
        let ingress = vec![
            self.new_rule(Proto::Tcp(proto::PortRange::ALL), self_ref.clone(), None),
            self.new_rule(Proto::Udp(proto::PortRange::ALL), self_ref.clone(), None),
            self.new_rule(Proto::Icmp(proto::IcmpRange::ALL), self_ref, None),
        ];
        let seq = self.next_seq();
        self.add_group(Group {
            id,
            name: "default".to_string(),
            description: "default group".to_string(),
            scope: scope.clone(),
            vpc: None,
            is_default: true,
            ingress,
            egress: Vec::new(),
            seq,
        });
    }

    /// A new rule with a fresh id.
    pub fn new_rule(&mut self, proto: Proto, peer: RulePeer, description: Option<String>) -> Rule {
        Rule {
            id: ids::RuleId(self.mint(ids::RuleId::PREFIX)),
            proto,
            peer,
            description,
        }
    }

    /// A new VPC group's egress rules: all to 0.0.0.0/0, and to ::/0 when the VPC has IPv6.
    pub fn default_egress(&mut self, ipv6: bool) -> Vec<Rule> {
        // The default nets are 0.0.0.0/0 and ::/0.
        let any4 = ipnet::IpNet::V4(ipnet::Ipv4Net::default());
        let mut rules = Vec::with_capacity(1 + usize::from(ipv6));
        rules.push(self.new_rule(Proto::All, RulePeer::Cidr(any4), None));
        if ipv6 {
            let any6 = ipnet::IpNet::V6(ipnet::Ipv6Net::default());
            rules.push(self.new_rule(Proto::All, RulePeer::Cidr(any6), None));
        }
        rules
    }

    /// The network an interface's private addresses are unique in.
    pub fn eni_home(&self, eni: &Eni) -> NetHome {
        match &eni.vpc {
            Some(vpc) => NetHome::Vpc(vpc.clone()),
            None => NetHome::Classic(eni.scope.region.clone()),
        }
    }

    /// Rebuilds every index from the objects (after a load).
    pub fn rebuild_index(&mut self) {
        self.index = Index::default();
        self.drop_compiled();
        // Objects are re-indexed in creation order, so name lists (and the candidates an
        // ambiguous name lists) come out as they did before the save.
        fn by_seq<K: std::hash::Hash + Eq + Clone, V: Clone>(
            map: &mut Tracked<K, V>,
            seq: fn(&V) -> u64,
        ) -> Vec<V> {
            let mut list: Vec<V> = map.take_all().into_values().collect();
            list.sort_by_key(seq);
            list
        }
        for v in by_seq(&mut self.vpcs, |v| v.seq) {
            self.add_vpc(v);
        }
        for s in by_seq(&mut self.subnets, |s| s.seq) {
            self.add_subnet(s);
        }
        for l in by_seq(&mut self.prefix_lists, |l| l.seq) {
            self.add_prefix_list(l);
        }
        for g in by_seq(&mut self.groups, |g| g.seq) {
            self.add_group(g);
        }
        for i in by_seq(&mut self.instances, |i| i.seq) {
            self.add_instance(i);
        }
        for e in by_seq(&mut self.enis, |e| e.seq) {
            self.add_eni(e);
        }
        for n in by_seq(&mut self.nacls, |n| n.seq) {
            self.add_nacl(n);
        }
        for p in by_seq(&mut self.peerings, |p| p.seq) {
            self.add_peering(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_world_has_the_default_vpc_and_its_default_group() {
        let w = World::new();
        let vpc = w.default_vpc().expect("default VPC");
        assert_eq!(vpc.cidr.to_string(), "172.31.0.0/16");
        let subnets = w.subnets_of(&vpc.id);
        assert_eq!(subnets.len(), 2);
        assert_eq!(subnets[0].cidr.to_string(), "172.31.0.0/20");
        assert_eq!(subnets[1].cidr.to_string(), "172.31.16.0/20");
        let g = &w.groups[&vpc.default_group];
        assert_eq!(g.name, "default");
        assert_eq!(g.ingress.len(), 1);
        assert_eq!(g.egress.len(), 1);
    }

    #[test]
    fn rebuilt_index_equals_the_incremental_one() {
        let mut w = World::new();
        let before = format!("{:?}", w.index.group_names.len());
        w.rebuild_index();
        assert_eq!(format!("{:?}", w.index.group_names.len()), before);
    }
}
