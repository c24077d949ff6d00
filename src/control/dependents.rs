//! What keeps a security group from being deleted (AWS-SEMANTICS §4): the DB clusters and the
//! interfaces that use it, and the rules of other groups of its network that reference it. AWS
//! answers `DependencyViolation` naming none of them; sgs lists every one, each with the command
//! that frees the group from it.

use crate::world::World;
use crate::world::group::{Group, RulePeer};
use crate::world::instance::Eni;
use crate::world::service::{EniOwner, SvcKey};

/// One dependent of a group: what it is, and how to free the group from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependent {
    /// `instance web-1 uses it (eni-…)`, `ingress rule sgr-… of app references it`.
    pub what: String,
    /// `modify instance web-1 groups …, or terminate web-1`.
    pub fix: String,
}

/// Every dependent of `g`, in a fixed order: DB clusters, interfaces (by id), then referencing
/// rules (oldest group first). A reference from another network does not count: it goes stale.
pub fn of(world: &World, g: &Group) -> Vec<Dependent> {
    let id = &g.id;
    let mut out: Vec<Dependent> = Vec::new();
    let mut push = |d: Dependent| {
        if !out.contains(&d) {
            out.push(d);
        }
    };
    let mut clusters: Vec<_> = world
        .services
        .db_clusters
        .values()
        .filter(|c| c.groups.contains(id))
        .collect();
    clusters.sort_by(|a, b| a.name.cmp(&b.name));
    for c in clusters {
        push(Dependent {
            what: format!("DB cluster {} uses it", c.name),
            fix: format!(
                "modify db-cluster {} groups … to other groups, or delete it",
                c.name
            ),
        });
    }
    for eni in world.members(id).filter(|e| e.owner.is_some()) {
        push(service_user(world, eni));
    }
    for eni in world.members(id).filter(|e| e.owner.is_none()) {
        push(interface_user(world, eni));
    }
    let home = world.group_home(g);
    let mut referrers: Vec<&Group> = world
        .groups
        .values()
        .filter(|other| other.id != *id && world.group_home(other) == home)
        .collect();
    referrers.sort_by_key(|other| other.seq);
    for other in referrers {
        for (dir, rule) in other.all_rules() {
            if matches!(&rule.peer, RulePeer::Group { id: gid, .. } if gid == id) {
                push(Dependent {
                    what: format!(
                        "referenced by {} rule {} of {}",
                        dir.as_str(),
                        rule.id,
                        other.name
                    ),
                    fix: format!("revoke rule {} first", rule.id),
                });
            }
        }
    }
    out
}

/// The `help:` of a `DependencyViolation`: the fix of its one dependent, or every dependent
/// with its fix.
pub fn help(dependents: &[Dependent]) -> String {
    match dependents {
        [one] => one.fix.clone(),
        _ => {
            let list: Vec<String> = dependents
                .iter()
                .map(|d| format!("{}: {}", d.what, d.fix))
                .collect();
            format!("{} dependents: {}", list.len(), list.join("; "))
        }
    }
}

/// An instance's interface, or a secondary interface, that has the group.
fn interface_user(world: &World, eni: &Eni) -> Dependent {
    let instance = eni.instance.as_ref().and_then(|i| world.instances.get(i));
    match instance {
        Some(i) if eni.device_index == 0 => Dependent {
            what: format!("instance {} uses it ({})", i.name, eni.id),
            fix: format!(
                "modify instance {} groups … to other groups, or terminate {}",
                i.name, i.name
            ),
        },
        _ => Dependent {
            what: format!("network interface {} uses it ({})", eni.name, eni.id),
            fix: format!("modify eni {} groups … to other groups", eni.id),
        },
    }
}

/// A managed service's interface that has the group, and the command that changes its groups.
fn service_user(world: &World, eni: &Eni) -> Dependent {
    let (user, modify) = match &eni.owner {
        Some(EniOwner::CacheNode { cluster, .. }) => {
            let rg = world
                .services
                .cache_clusters
                .get(&SvcKey::new(&eni.scope, cluster))
                .and_then(|c| c.replication_group.clone());
            let modify = match rg {
                Some(rg) => format!("modify replication-group {rg}"),
                None => format!("modify cache-cluster {cluster}"),
            };
            (format!("cache cluster {cluster}"), modify)
        }
        Some(EniOwner::DbInstance { name }) => (
            format!("DB instance {name}"),
            format!("modify db-instance {name}"),
        ),
        None => (eni.name.clone(), format!("modify eni {}", eni.id)),
    };
    Dependent {
        what: format!("{user} uses it"),
        fix: format!("{modify} groups … to other groups, or delete it"),
    }
}
