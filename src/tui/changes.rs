//! What a command changed, for highlighting: the groups whose rules or members changed, the new
//! or edited rules, the new or changed network interfaces, VPCs, subnets, instances, network
//! ACLs and peerings, and the managed clusters made or changed. Found from what the command
//! wrote (the session's [`Before`]: each object written, with its value before the command) and
//! the world after it, so it costs what the command touched, not the world, and cannot miss a
//! change.

use crate::session::Before;
use crate::world::World;
use crate::world::hash::FastMap;
use crate::world::ids::{AclId, EniId, InstanceId, PcxId, RuleId, SgId, SubnetId, VpcId};
use crate::world::service::Services;
use std::collections::{BTreeMap, HashSet};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub vpcs: HashSet<VpcId>,
    pub groups: HashSet<SgId>,
    pub rules: HashSet<RuleId>,
    pub enis: HashSet<EniId>,
    pub subnets: HashSet<SubnetId>,
    pub instances: HashSet<InstanceId>,
    pub nacls: HashSet<AclId>,
    pub peerings: HashSet<PcxId>,
    /// Cache clusters, database clusters and database instances, by name.
    pub clusters: HashSet<String>,
}

/// The keys written whose value after (in `after`) is new or differs from before's; a key
/// removed is no change of `after`'s.
fn changed<K: Clone + std::hash::Hash + Eq, V: PartialEq>(
    before: &FastMap<K, Option<V>>,
    after: &FastMap<K, V>,
) -> HashSet<K> {
    before
        .iter()
        .filter(|(k, was)| after.get(*k).is_some_and(|now| was.as_ref() != Some(now)))
        .map(|(k, _)| k.clone())
        .collect()
}

impl Changes {
    /// What changed from `before` (what a command wrote, as it was) to `after` (the world the
    /// command left).
    pub fn between(before: &Before, after: &World) -> Changes {
        let enis = changed(&before.enis, &after.enis);
        let mut groups = changed(&before.groups, &after.groups);
        // A group whose membership changed is changed too: the groups of the interfaces changed,
        // after and before, and of those removed, that still exist.
        for id in &enis {
            for g in after.enis.get(id).into_iter().flat_map(|e| &e.groups) {
                groups.insert(g.clone());
            }
        }
        for (id, was) in &before.enis {
            if after.enis.contains_key(id) && !enis.contains(id) {
                continue;
            }
            for g in was.iter().flat_map(|e| &e.groups) {
                if after.groups.contains_key(g) {
                    groups.insert(g.clone());
                }
            }
        }
        let mut rules = HashSet::new();
        for id in &groups {
            let Some(g) = after.groups.get(id) else {
                continue;
            };
            // A group the command did not write has the rules it had.
            let old = match before.groups.get(id) {
                Some(was) => was.as_ref(),
                None => continue,
            };
            for (dir, r) in g.all_rules() {
                let same = old.is_some_and(|o| o.rules(dir).iter().any(|x| x == r));
                if !same {
                    rules.insert(r.id.clone());
                }
            }
        }
        Changes {
            vpcs: changed(&before.vpcs, &after.vpcs),
            groups,
            rules,
            enis,
            subnets: changed(&before.subnets, &after.subnets),
            instances: changed(&before.instances, &after.instances),
            nacls: changed(&before.nacls, &after.nacls),
            peerings: changed(&before.peerings, &after.peerings),
            clusters: HashSet::new(),
        }
    }

    /// Adds the managed clusters and database instances made or changed from `before` (the
    /// services before the command; they are not journaled, but a command that leaves them
    /// alone leaves the same shared value) to `after`.
    pub fn with_services(mut self, before: &std::sync::Arc<Services>, after: &World) -> Changes {
        if std::sync::Arc::ptr_eq(before, &after.services) {
            return self;
        }
        fn named<K: Ord, V: PartialEq>(
            before: &BTreeMap<K, V>,
            after: &BTreeMap<K, V>,
            name: impl Fn(&V) -> &str,
            out: &mut HashSet<String>,
        ) {
            for (k, v) in after {
                if before.get(k) != Some(v) {
                    out.insert(name(v).to_string());
                }
            }
        }
        let now = &after.services;
        named(
            &before.cache_clusters,
            &now.cache_clusters,
            |c| &c.name,
            &mut self.clusters,
        );
        named(
            &before.db_clusters,
            &now.db_clusters,
            |c| &c.name,
            &mut self.clusters,
        );
        named(
            &before.db_instances,
            &now.db_instances,
            |c| &c.name,
            &mut self.clusters,
        );
        self
    }

    /// This and `other` together: what a lesson step of several commands changed.
    pub fn merge(&mut self, other: Changes) {
        self.vpcs.extend(other.vpcs);
        self.groups.extend(other.groups);
        self.rules.extend(other.rules);
        self.enis.extend(other.enis);
        self.subnets.extend(other.subnets);
        self.instances.extend(other.instances);
        self.nacls.extend(other.nacls);
        self.peerings.extend(other.peerings);
        self.clusters.extend(other.clusters);
    }

    /// Whether the interface `id` changed, or the instance or cluster it belongs to.
    pub fn touches_eni(&self, world: &World, id: &EniId) -> bool {
        if self.enis.contains(id) {
            return true;
        }
        let Some(eni) = world.enis.get(id) else {
            return false;
        };
        let instance = eni
            .instance
            .as_ref()
            .is_some_and(|i| self.instances.contains(i));
        let cluster = match &eni.owner {
            Some(crate::world::service::EniOwner::CacheNode { cluster, .. }) => {
                self.clusters.contains(cluster)
            }
            Some(crate::world::service::EniOwner::DbInstance { name }) => {
                self.clusters.contains(name)
            }
            None => false,
        };
        instance || cluster
    }

    pub fn is_empty(&self) -> bool {
        self.vpcs.is_empty()
            && self.groups.is_empty()
            && self.enis.is_empty()
            && self.subnets.is_empty()
            && self.instances.is_empty()
            && self.nacls.is_empty()
            && self.peerings.is_empty()
            && self.clusters.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{NoFiles, Session};

    fn run(s: &mut Session, line: &str) -> Changes {
        let cmd = crate::lang::parse_command(line)
            .ok()
            .flatten()
            .expect("the line parses");
        let (reply, outcome) = s.answer(&cmd.node, &mut NoFiles);
        assert!(
            !matches!(reply, crate::session::Reply::Error(_)),
            "{line}: {reply}"
        );
        Changes::between(&outcome.before, s.world())
    }

    #[test]
    fn a_new_rule_marks_its_group_and_itself_and_a_launch_its_groups() {
        let mut s = Session::new();
        run(&mut s, r#"create group web "Web""#);
        let c = run(&mut s, "authorize ingress tcp 22 from 10.0.0.0/8 to web");
        assert_eq!(c.groups.len(), 1);
        assert_eq!(c.rules.len(), 1);
        assert!(c.enis.is_empty());
        let c = run(&mut s, "launch web-1 groups web");
        assert_eq!((c.groups.len(), c.enis.len(), c.rules.len()), (1, 1, 0));
        assert!(run(&mut s, "show groups").is_empty());
    }
}
