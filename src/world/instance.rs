//! Instances and their network interfaces. Security groups attach to interfaces, not to
//! instances: an instance's groups are its primary interface's.

use super::service::EniOwner;
use crate::vocab::{EniId, InstanceId, Scope, SgId, SubnetId, VpcId};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceState {
    Running,
    Stopped,
}

impl InstanceState {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Running => "running",
            InstanceState::Stopped => "stopped",
        }
    }
}

/// An EC2 instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: InstanceId,
    pub name: String,
    pub scope: Scope,
    pub state: InstanceState,
    /// The primary interface first, then attached ones in order.
    pub enis: Vec<EniId>,
    /// Whether the primary interface gets a public address at launch and at every start (a
    /// default subnet, `public-ip`, or EC2-Classic).
    pub auto_public_ip: bool,
    pub seq: u64,
}

impl Instance {
    pub fn primary_eni(&self) -> Option<&EniId> {
        self.enis.first()
    }
}

/// A network interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eni {
    pub id: EniId,
    /// Secondary interfaces are named (`attach eni web-1-db …`); a primary one has its
    /// instance's name.
    pub name: String,
    pub scope: Scope,
    pub instance: Option<InstanceId>,
    /// `None` for an EC2-Classic instance's interface.
    pub subnet: Option<SubnetId>,
    pub vpc: Option<VpcId>,
    pub private_ip: Ipv4Addr,
    pub ipv6: Option<Ipv6Addr>,
    /// The public address assigned at launch (released on stop, a new one on start).
    pub public_ip: Option<Ipv4Addr>,
    /// An Elastic IP: replaces the public address while associated.
    pub elastic_ip: Option<Ipv4Addr>,
    pub groups: Vec<SgId>,
    /// 0 for a primary interface.
    pub device_index: u32,
    pub seq: u64,
    /// The cache cluster or DB instance the interface belongs to (`instance` is then `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<EniOwner>,
}

impl Eni {
    /// The public IPv4 address the internet sees: the Elastic IP, else the launch address.
    pub fn public_address(&self) -> Option<Ipv4Addr> {
        self.elastic_ip.or(self.public_ip)
    }

    /// Every address of the interface.
    pub fn addresses(&self) -> impl Iterator<Item = IpAddr> + '_ {
        std::iter::once(IpAddr::V4(self.private_ip))
            .chain(self.ipv6.map(IpAddr::V6))
            .chain(self.public_ip.map(IpAddr::V4))
            .chain(self.elastic_ip.map(IpAddr::V4))
    }
}
