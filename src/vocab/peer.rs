//! The other side of a rule: a peer as written (a CIDR kept as text, a group reference, or a
//! prefix list) and as stored (a canonical CIDR, a group id with its owner account, or a prefix
//! list id).
//!
//! The parser writes a [`Peer`]; the control plane validates it into a [`RulePeer`], which the
//! model keeps in each rule and the data plane matches packets against.

use super::ids::{PlId, SgId};
use super::protocol::Family;
use super::reference::Ref;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A rule peer as written: a CIDR (or bare address) kept as text for AWS's validation, a group
/// reference, or a managed prefix list (`pl-…`, or `prefix-list NAME`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Peer {
    Cidr(String),
    Group(Ref),
    PrefixList(Ref),
}

/// A rule's peer: a canonical CIDR, a group (with its owner account), or a managed prefix list
/// (its entries live in the world, under its id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RulePeer {
    Cidr(IpNet),
    Group { id: SgId, owner: String },
    PrefixList(PlId),
}

impl RulePeer {
    /// The address family a CIDR or group peer counts against in the rule quota: a CIDR counts
    /// in its own, a group reference in both. A prefix list counts by its weight in its own
    /// family, which the world knows (`World::rule_weight`): here it counts in neither.
    pub fn counts_in(&self, family: Family) -> bool {
        match self {
            RulePeer::Cidr(IpNet::V4(_)) => family == Family::V4,
            RulePeer::Cidr(IpNet::V6(_)) => family == Family::V6,
            RulePeer::Group { .. } => true,
            RulePeer::PrefixList(_) => false,
        }
    }

    pub fn group_id(&self) -> Option<&SgId> {
        match self {
            RulePeer::Group { id, .. } => Some(id),
            RulePeer::Cidr(_) | RulePeer::PrefixList(_) => None,
        }
    }

    pub fn prefix_list_id(&self) -> Option<&PlId> {
        match self {
            RulePeer::PrefixList(id) => Some(id),
            RulePeer::Cidr(_) | RulePeer::Group { .. } => None,
        }
    }
}

impl fmt::Display for RulePeer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulePeer::Cidr(net) => write!(f, "{net}"),
            RulePeer::Group { id, .. } => write!(f, "{id}"),
            RulePeer::PrefixList(id) => write!(f, "{id}"),
        }
    }
}
