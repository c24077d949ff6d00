//! VPC peering connections, and what they decide: which VPCs route to each other privately, and
//! which cross-VPC group references are stale (AWS-SEMANTICS §4, §5).
//!
//! sgs has no pending state: a peering is active from `create peering` to `delete peering`. A
//! peering belongs to the account and region of its first (requester) VPC. Staleness is not
//! stored: a rule that references a group of another VPC is stale while that group is gone or no
//! peering joins the two VPCs, so a new peering of the same VPCs revives it.

use super::group::{Group, RulePeer};
use super::{World, drop_name, push_name};
use crate::vocab::{PcxId, Scope, VpcId};
use serde::{Deserialize, Serialize};

/// An active VPC peering connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peering {
    pub id: PcxId,
    pub name: String,
    /// The account and region it belongs to: its requester VPC's.
    pub scope: Scope,
    pub requester: VpcId,
    pub accepter: VpcId,
    pub seq: u64,
}

impl Peering {
    /// The other VPC of the peering.
    pub fn other(&self, vpc: &VpcId) -> &VpcId {
        if &self.requester == vpc {
            &self.accepter
        } else {
            &self.requester
        }
    }
}

/// The index key of a pair of VPCs, in either order.
pub fn pair(a: &VpcId, b: &VpcId) -> (VpcId, VpcId) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

/// Why a rule's group reference is stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stale {
    /// The referenced group was deleted.
    GroupDeleted,
    /// The referenced group is in another VPC and no peering joins the two VPCs.
    NoPeering,
}

impl World {
    pub fn add_peering(&mut self, p: Peering) {
        push_name(&mut self.index.peering_names, p.name.clone(), p.id.clone());
        self.index
            .peerings
            .insert(pair(&p.requester, &p.accepter), p.id.clone());
        self.peerings.insert(p.id.clone(), p);
    }

    pub fn remove_peering(&mut self, id: &PcxId) -> Option<Peering> {
        let p = self.peerings.remove(id)?;
        drop_name(&mut self.index.peering_names, &p.name, id);
        self.index.peerings.remove(&pair(&p.requester, &p.accepter));
        Some(p)
    }

    /// The active peering between two VPCs, if any.
    pub fn peering_between(&self, a: &VpcId, b: &VpcId) -> Option<&Peering> {
        if a == b {
            return None;
        }
        self.index
            .peerings
            .get(&pair(a, b))
            .and_then(|id| self.peerings.get(id))
    }

    /// Whether two VPCs are in the same region.
    pub fn same_region(&self, a: &VpcId, b: &VpcId) -> bool {
        match (self.vpcs.get(a), self.vpcs.get(b)) {
            (Some(x), Some(y)) => x.scope.region == y.scope.region,
            _ => false,
        }
    }

    /// Whether a rule of `owner` whose peer is `peer` is stale, and why. Only a reference to a
    /// group of another VPC can be stale; EC2-Classic references never are (a referenced Classic
    /// group cannot be deleted).
    pub fn stale(&self, owner: &Group, peer: &RulePeer) -> Option<Stale> {
        let RulePeer::Group { id, .. } = peer else {
            return None;
        };
        let Some(referenced) = self.groups.get(id) else {
            return Some(Stale::GroupDeleted);
        };
        match (&owner.vpc, &referenced.vpc) {
            (Some(a), Some(b)) if a != b && self.peering_between(a, b).is_none() => {
                Some(Stale::NoPeering)
            }
            _ => None,
        }
    }
}
