//! Security groups and their rules.

use crate::vocab::{Direction, Proto, RuleId, Scope, SgId, VpcId};
use serde::{Deserialize, Serialize};

/// A rule's peer lives in `vocab`, shared by every floor; this is its old path.
pub use crate::vocab::peer::RulePeer;

/// A security group: a VPC group, or an EC2-Classic group (`vpc` is `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: SgId,
    pub name: String,
    pub description: String,
    pub scope: Scope,
    pub vpc: Option<VpcId>,
    /// The VPC's (or the Classic region's) default group.
    pub is_default: bool,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
    pub seq: u64,
}

impl Group {
    pub fn rules(&self, direction: Direction) -> &[Rule] {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    pub fn rules_mut(&mut self, direction: Direction) -> &mut Vec<Rule> {
        match direction {
            Direction::Ingress => &mut self.ingress,
            Direction::Egress => &mut self.egress,
        }
    }

    pub fn is_classic(&self) -> bool {
        self.vpc.is_none()
    }

    /// The rules of both directions, with their direction.
    pub fn all_rules(&self) -> impl Iterator<Item = (Direction, &Rule)> {
        self.ingress
            .iter()
            .map(|r| (Direction::Ingress, r))
            .chain(self.egress.iter().map(|r| (Direction::Egress, r)))
    }
}

/// One rule: a protocol and ports, exactly one peer, and an optional description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: RuleId,
    pub proto: Proto,
    pub peer: RulePeer,
    pub description: Option<String>,
}

impl Rule {
    /// AWS's rule identity: protocol, ports and peer (the description is not part of it).
    pub fn same_permission(&self, proto: &Proto, peer: &RulePeer) -> bool {
        self.proto == *proto && self.peer == *peer
    }
}
