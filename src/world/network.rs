//! VPCs and subnets: the address space instances live in.

use crate::vocab::{AclId, Scope, SgId, SubnetId, VpcId};
use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// A VPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vpc {
    pub id: VpcId,
    pub name: String,
    pub scope: Scope,
    pub cidr: Ipv4Net,
    pub ipv6: Option<Ipv6Net>,
    /// The account and region's default VPC.
    pub is_default: bool,
    /// The VPC's default security group (named `default`).
    pub default_group: SgId,
    /// The VPC's default network ACL (named `default`).
    pub default_nacl: AclId,
    /// Creation order, for listings.
    pub seq: u64,
}

impl Vpc {
    /// The id of the internet gateway a VPC with a public subnet has: sgs attaches one per VPC and
    /// names it after the VPC (`vpc-0abc…` has `igw-0abc…`), so it needs no id of its own.
    pub fn igw_id(&self) -> String {
        let hex = self
            .id
            .as_str()
            .strip_prefix("vpc-")
            .unwrap_or(self.id.as_str());
        format!("igw-{hex}")
    }

    /// The Amazon DNS server's address: the VPC's base address plus two.
    pub fn dns_address(&self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.cidr.network()).wrapping_add(2))
    }
}

/// A subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subnet {
    pub id: SubnetId,
    pub name: String,
    pub vpc: VpcId,
    /// The network ACL associated with the subnet (its VPC's default one until `associate nacl`).
    pub nacl: AclId,
    pub scope: Scope,
    pub cidr: Ipv4Net,
    pub ipv6: Option<Ipv6Net>,
    pub az: String,
    /// Routes to an internet gateway.
    pub public: bool,
    /// A default subnet: instances launched here get a public address, as AWS's default subnets
    /// give them.
    pub default_for_az: bool,
    pub seq: u64,
}

impl Subnet {
    /// The first address an instance can have: AWS reserves the network address and the next
    /// three (router, DNS, future use).
    pub fn first_usable(&self) -> u32 {
        u32::from(self.cidr.network()).saturating_add(4)
    }

    /// The last address an instance can have: AWS reserves the broadcast address.
    pub fn last_usable(&self) -> u32 {
        u32::from(self.cidr.broadcast()).saturating_sub(1)
    }

    /// Whether AWS reserves this address of the subnet (first four, last one).
    pub fn is_reserved(&self, addr: Ipv4Addr) -> bool {
        let a = u32::from(addr);
        a < self.first_usable() || a > self.last_usable()
    }
}
