//! Managed prefix lists: named sets of CIDRs of one address family that a rule can take as its
//! peer (AWS-SEMANTICS §2.1, §2.5). A rule whose peer is a list matches a far address in any of
//! its entries, and weighs in the rule quota as the list's max entries.
//!
//! sgs has no `modify-managed-prefix-list`: a list's entries are fixed from `create prefix-list`
//! (or an import) to `delete prefix-list`, which is refused while a rule references the list. So
//! the rules that reference a list, compiled once, never go out of step with its entries. The
//! reverse index of references (`index.list_refs`, kept by the rule primitives in `refs.rs`)
//! finds those rules without reading every group.

use super::{World, drop_name, push_name};
use crate::vocab::{Family, PlId, RulePeer, Scope, SgId};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

/// The owner AWS gives the lists it manages (`com.amazonaws.us-east-1.s3`).
pub const AWS_OWNER: &str = "AWS";

/// A managed prefix list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixList {
    pub id: PlId,
    pub name: String,
    pub scope: Scope,
    pub family: Family,
    pub entries: Vec<PlEntry>,
    /// The most entries it may hold: its weight in the rule quota.
    pub max_entries: u32,
    /// The owner account, or [`AWS_OWNER`] for a list AWS manages.
    pub owner: String,
    pub seq: u64,
}

/// One entry of a prefix list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlEntry {
    pub cidr: IpNet,
    pub description: Option<String>,
}

impl PrefixList {
    /// The entries' CIDRs, in the list's order.
    pub fn cidrs(&self) -> impl Iterator<Item = &IpNet> {
        self.entries.iter().map(|e| &e.cidr)
    }
}

impl World {
    pub fn add_prefix_list(&mut self, list: PrefixList) {
        push_name(
            &mut self.index.prefix_list_names,
            list.name.clone(),
            list.id.clone(),
        );
        self.prefix_lists.insert(list.id.clone(), list);
    }

    pub fn remove_prefix_list(&mut self, id: &PlId) -> Option<PrefixList> {
        let list = self.prefix_lists.remove(id)?;
        drop_name(&mut self.index.prefix_list_names, &list.name, id);
        Some(list)
    }

    /// What a rule whose peer is `peer` weighs in the rule quota of `family`: one for a CIDR of
    /// that family and for a group reference (which counts in both), the max entries of a prefix
    /// list of that family (AWS-SEMANTICS §2.5), else nothing.
    pub fn rule_weight(&self, peer: &RulePeer, family: Family) -> usize {
        match peer {
            RulePeer::PrefixList(id) => self
                .prefix_lists
                .get(id)
                .filter(|l| l.family == family)
                .map_or(0, |l| l.max_entries as usize),
            other => usize::from(other.counts_in(family)),
        }
    }

    /// The groups with at least one rule whose peer is the list `id` (in no particular order).
    pub fn list_referrers(&self, id: &PlId) -> impl Iterator<Item = &SgId> {
        self.index
            .list_refs
            .get(id)
            .into_iter()
            .flat_map(|holders| holders.keys())
    }

    /// The name of a prefix list, or its id when the world does not hold it.
    pub fn prefix_list_name(&self, id: &PlId) -> String {
        self.prefix_lists
            .get(id)
            .map_or_else(|| id.to_string(), |l| l.name.clone())
    }
}
