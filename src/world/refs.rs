//! The reverse index of group references: for each group, the groups whose rules name it as
//! their peer, with how many rules do.
//!
//! `delete group` must say which rules still reference the group (`DependencyViolation`), and an
//! EC2-Classic group referenced by another Classic group cannot be deleted. Without this index
//! both would read every rule of the world; with it they read the rules of the referring groups
//! only, so deleting every group of a world costs time linear in the rules removed. The index is
//! kept in step by the primitives that add and remove groups and rules: `add_group`,
//! `remove_group`, [`World::add_rules`] and [`World::remove_rules`]. A group's entry outlives the
//! group when rules of another network still name it (such a reference goes stale, it does not
//! block the delete).

use super::World;
use super::group::{Group, Rule};
use super::ids::SgId;
use crate::vocab::Direction;

impl World {
    /// Appends rules to a group's rules in one direction.
    pub fn add_rules(&mut self, id: &SgId, direction: Direction, rules: Vec<Rule>) {
        let Some(group) = self.groups.get_mut(id) else {
            return;
        };
        for rule in &rules {
            if let Some(peer) = rule.peer.group_id() {
                *self
                    .index
                    .refs
                    .entry(peer.clone())
                    .or_default()
                    .entry(id.clone())
                    .or_default() += 1;
            }
        }
        group.rules_mut(direction).extend(rules);
    }

    /// Removes the rules of a group in one direction that `drop` picks.
    pub fn remove_rules(&mut self, id: &SgId, direction: Direction, drop: impl Fn(&Rule) -> bool) {
        let Some(group) = self.groups.get_mut(id) else {
            return;
        };
        let refs = &mut self.index.refs;
        group.rules_mut(direction).retain(|rule| {
            if !drop(rule) {
                return true;
            }
            if let Some(peer) = rule.peer.group_id() {
                unref(refs, peer, id);
            }
            false
        });
    }

    /// The groups with at least one rule whose peer is `id` (in no particular order).
    pub fn referrers(&self, id: &SgId) -> impl Iterator<Item = &Group> {
        self.index
            .refs
            .get(id)
            .into_iter()
            .flat_map(|holders| holders.keys())
            .filter_map(|holder| self.groups.get(holder))
    }

    /// Indexes the references of a group being added.
    pub(super) fn index_refs(&mut self, group: &Group) {
        for (_, rule) in group.all_rules() {
            if let Some(peer) = rule.peer.group_id() {
                *self
                    .index
                    .refs
                    .entry(peer.clone())
                    .or_default()
                    .entry(group.id.clone())
                    .or_default() += 1;
            }
        }
    }

    /// Forgets the references of a group being removed.
    pub(super) fn unindex_refs(&mut self, group: &Group) {
        for (_, rule) in group.all_rules() {
            if let Some(peer) = rule.peer.group_id() {
                unref(&mut self.index.refs, peer, &group.id);
            }
        }
    }
}

/// One rule of `holder` no longer names `peer`.
fn unref(refs: &mut super::hash::FastMap<SgId, super::Refs>, peer: &SgId, holder: &SgId) {
    let Some(holders) = refs.get_mut(peer) else {
        return;
    };
    if let Some(n) = holders.get_mut(holder) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            holders.remove(holder);
        }
    }
    if holders.is_empty() {
        refs.remove(peer);
    }
}
