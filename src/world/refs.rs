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

use super::group::{Group, Rule, RulePeer};
use super::ids::SgId;
use super::journal::{Inverse, Tracked};
use super::{Refs, World};
use crate::vocab::Direction;
use std::sync::Arc;

impl World {
    /// Appends rules to a group's rules in one direction.
    pub fn add_rules(&mut self, id: &SgId, direction: Direction, rules: Vec<Rule>) {
        let Some(len) = self.groups.get(id).map(|g| g.rules(direction).len()) else {
            return;
        };
        for rule in &rules {
            self.index_ref(&rule.peer, id);
        }
        let inverse =
            move || -> Inverse<Group> { Arc::new(move |g| g.rules_mut(direction).truncate(len)) };
        if let Some(group) = self.groups.edit(id, inverse) {
            group.rules_mut(direction).extend(rules);
        }
    }

    /// Removes the rules of a group in one direction that `drop` picks. The journal keeps the
    /// removed rules and their places, not the whole group.
    pub fn remove_rules(&mut self, id: &SgId, direction: Direction, drop: impl Fn(&Rule) -> bool) {
        let Some(group) = self.groups.get(id) else {
            return;
        };
        let removed: Vec<(usize, Rule)> = group
            .rules(direction)
            .iter()
            .enumerate()
            .filter(|(_, rule)| drop(rule))
            .map(|(at, rule)| (at, rule.clone()))
            .collect();
        if removed.is_empty() {
            return;
        }
        for (_, rule) in &removed {
            self.unindex_ref(&rule.peer, id);
        }
        let inverse = move || -> Inverse<Group> {
            Arc::new(move |g| {
                let rules = g.rules_mut(direction);
                for (at, rule) in &removed {
                    rules.insert((*at).min(rules.len()), rule.clone());
                }
            })
        };
        if let Some(group) = self.groups.edit(id, inverse) {
            group.rules_mut(direction).retain(|rule| !drop(rule));
        }
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
            self.index_ref(&rule.peer, &group.id);
        }
    }

    /// Forgets the references of a group being removed.
    pub(super) fn unindex_refs(&mut self, group: &Group) {
        for (_, rule) in group.all_rules() {
            self.unindex_ref(&rule.peer, &group.id);
        }
    }

    /// One more rule of `holder` has `peer`: a group or a prefix list it references.
    fn index_ref(&mut self, peer: &RulePeer, holder: &SgId) {
        match peer {
            RulePeer::Group { id, .. } => add_ref(&mut self.index.refs, id, holder),
            RulePeer::PrefixList(id) => add_ref(&mut self.index.list_refs, id, holder),
            RulePeer::Cidr(_) => {}
        }
    }

    /// One rule of `holder` with `peer` is gone.
    fn unindex_ref(&mut self, peer: &RulePeer, holder: &SgId) {
        match peer {
            RulePeer::Group { id, .. } => unref(&mut self.index.refs, id, holder),
            RulePeer::PrefixList(id) => unref(&mut self.index.list_refs, id, holder),
            RulePeer::Cidr(_) => {}
        }
    }
}

/// One more rule of `holder` names `peer`.
fn add_ref<K: Clone + Eq + std::hash::Hash>(refs: &mut Tracked<K, Refs>, peer: &K, holder: &SgId) {
    let inverse = || -> Inverse<Refs> {
        let back = holder.clone();
        Arc::new(move |holders| take_one(holders, &back))
    };
    *refs
        .edit_or_default(peer.clone(), inverse)
        .entry(holder.clone())
        .or_default() += 1;
}

/// One rule of `holder` no longer names `peer`.
fn unref<K: Clone + Eq + std::hash::Hash>(refs: &mut Tracked<K, Refs>, peer: &K, holder: &SgId) {
    let inverse = || -> Inverse<Refs> {
        let back = holder.clone();
        Arc::new(move |holders| *holders.entry(back.clone()).or_default() += 1)
    };
    let Some(holders) = refs.edit(peer, inverse) else {
        return;
    };
    take_one(holders, holder);
    if holders.is_empty() {
        refs.remove(peer);
    }
}

fn take_one(holders: &mut Refs, holder: &SgId) {
    if let Some(n) = holders.get_mut(holder) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            holders.remove(holder);
        }
    }
}
