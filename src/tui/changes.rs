//! What a command changed, for highlighting: the groups whose rules or members changed, the new
//! or edited rules, the new or changed network interfaces and VPCs. Found by comparing the world
//! before and after, so it needs no help from the control plane and cannot miss a change.

use crate::world::World;
use crate::world::hash::FastMap;
use crate::world::ids::{EniId, RuleId, SgId, VpcId};
use std::collections::HashSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub vpcs: HashSet<VpcId>,
    pub groups: HashSet<SgId>,
    pub rules: HashSet<RuleId>,
    pub enis: HashSet<EniId>,
}

/// The keys of `after` whose value is new or differs from `before`'s.
fn changed<K: Ord + Clone + std::hash::Hash + Eq, V: PartialEq>(
    before: &FastMap<K, V>,
    after: &FastMap<K, V>,
) -> HashSet<K> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// What of a world `Changes::between` compares: its VPCs, groups and interfaces, copied before a
/// command runs (the rest of the world, its index above all, is not copied).
pub struct Before {
    vpcs: FastMap<VpcId, crate::world::network::Vpc>,
    groups: FastMap<SgId, crate::world::group::Group>,
    enis: FastMap<EniId, crate::world::instance::Eni>,
}

impl Before {
    /// Copies what `Changes::between` compares of `world`.
    pub fn of(world: &World) -> Before {
        Before {
            vpcs: (*world.vpcs).clone(),
            groups: (*world.groups).clone(),
            enis: (*world.enis).clone(),
        }
    }
}

impl Changes {
    pub fn between(before: &Before, after: &World) -> Changes {
        let enis = changed(&before.enis, &after.enis);
        let mut groups = changed(&before.groups, &after.groups);
        // A group whose membership changed is changed too.
        for id in &enis {
            for g in after.enis.get(id).into_iter().flat_map(|e| &e.groups) {
                groups.insert(g.clone());
            }
            for g in before.enis.get(id).into_iter().flat_map(|e| &e.groups) {
                if after.groups.contains_key(g) {
                    groups.insert(g.clone());
                }
            }
        }
        for id in before.enis.keys().filter(|k| !after.enis.contains_key(*k)) {
            for g in before.enis.get(id).into_iter().flat_map(|e| &e.groups) {
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
            let old = before.groups.get(id);
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
        }
    }

    pub fn is_empty(&self) -> bool {
        self.vpcs.is_empty() && self.groups.is_empty() && self.enis.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{NoFiles, Session};

    #[test]
    fn a_new_rule_marks_its_group_and_itself_and_a_launch_its_groups() {
        let mut s = Session::new();
        let run = |s: &mut Session, line: &str| {
            s.run_line(line, &mut NoFiles)
                .map_err(|e| e.headline())
                .expect("the line runs")
        };
        run(&mut s, r#"create group web "Web""#);
        let before = Before::of(s.world());
        run(&mut s, "authorize ingress tcp 22 from 10.0.0.0/8 to web");
        let c = Changes::between(&before, s.world());
        assert_eq!(c.groups.len(), 1);
        assert_eq!(c.rules.len(), 1);
        assert!(c.enis.is_empty());
        let before = Before::of(s.world());
        run(&mut s, "launch web-1 groups web");
        let c = Changes::between(&before, s.world());
        assert_eq!((c.groups.len(), c.enis.len(), c.rules.len()), (1, 1, 0));
        assert!(Changes::between(&Before::of(s.world()), s.world()).is_empty());
    }
}
