//! The other side of a rule: a peer as written (a CIDR kept as text, or a group reference) and as
//! stored (a canonical CIDR, or a group id with its owner account).
//!
//! The parser writes a [`Peer`]; the control plane validates it into a [`RulePeer`], which the
//! model keeps in each rule and the data plane matches packets against.

use super::ids::SgId;
use super::protocol::Family;
use super::reference::Ref;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A rule peer as written: a CIDR (or bare address) kept as text for AWS's validation, or a group
/// reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Peer {
    Cidr(String),
    Group(Ref),
}

/// A rule's peer: a canonical CIDR, or a group (with its owner account).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RulePeer {
    Cidr(IpNet),
    Group { id: SgId, owner: String },
}

impl RulePeer {
    /// The address family a peer counts against in the rule quota: a CIDR counts in its own, a
    /// group reference in both.
    pub fn counts_in(&self, family: Family) -> bool {
        match self {
            RulePeer::Cidr(IpNet::V4(_)) => family == Family::V4,
            RulePeer::Cidr(IpNet::V6(_)) => family == Family::V6,
            RulePeer::Group { .. } => true,
        }
    }

    pub fn group_id(&self) -> Option<&SgId> {
        match self {
            RulePeer::Group { id, .. } => Some(id),
            RulePeer::Cidr(_) => None,
        }
    }
}

impl fmt::Display for RulePeer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulePeer::Cidr(net) => write!(f, "{net}"),
            RulePeer::Group { id, .. } => write!(f, "{id}"),
        }
    }
}
