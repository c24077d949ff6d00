//! What keeps an object from being deleted, for `DependencyViolation`: a security group's DB
//! clusters, interfaces and referencing rules of its network (AWS-SEMANTICS §4); a subnet's
//! interfaces; a VPC's subnets, groups, network ACLs, peerings and DB clusters; a network ACL's
//! subnets. AWS's message names none of them; sgs lists every one in the `help:`, each with the
//! command that removes it.

use crate::world::World;
use crate::world::group::{Group, RulePeer};
use crate::world::ids::{AclId, SubnetId, VpcId};
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
    // Through the reverse index: only the groups whose rules name this one are read.
    let mut referrers: Vec<&Group> = world
        .referrers(id)
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

/// What keeps a subnet from being deleted: the interfaces in it, oldest first, each with the
/// command that removes it.
pub fn of_subnet(world: &World, subnet: &SubnetId) -> Vec<Dependent> {
    let mut enis: Vec<&Eni> = world
        .enis
        .values()
        .filter(|e| e.subnet.as_ref() == Some(subnet))
        .collect();
    enis.sort_by_key(|e| e.seq);
    let mut out: Vec<Dependent> = Vec::new();
    for eni in enis {
        let d = occupant(world, eni);
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// What an interface in a subnet belongs to, and the command that takes it away.
fn occupant(world: &World, eni: &Eni) -> Dependent {
    let instance = eni.instance.as_ref().and_then(|i| world.instances.get(i));
    match (&eni.owner, instance) {
        (Some(EniOwner::CacheNode { cluster, .. }), _) => {
            let rg = world
                .services
                .cache_clusters
                .get(&SvcKey::new(&eni.scope, cluster))
                .and_then(|c| c.replication_group.clone());
            let fix = match rg {
                Some(rg) => format!("delete replication-group {rg}"),
                None => format!("delete cache-cluster {cluster}"),
            };
            Dependent {
                what: format!("cache cluster {cluster} has a node in it"),
                fix,
            }
        }
        (Some(EniOwner::DbInstance { name }), _) => Dependent {
            what: format!("DB instance {name} is in it"),
            fix: format!("delete db-instance {name}"),
        },
        (None, Some(i)) => Dependent {
            what: format!("{} ({}) of instance {} is in it", eni.name, eni.id, i.name),
            fix: format!("terminate {}", i.name),
        },
        (None, None) => Dependent {
            what: format!("{} ({}) is in it", eni.name, eni.id),
            fix: "terminate the instance it belongs to".to_string(),
        },
    }
}

/// What keeps a VPC from being deleted: its subnets, non-default groups and network ACLs, its
/// peerings and its DB clusters.
pub fn of_vpc(world: &World, vpc: &VpcId) -> Vec<Dependent> {
    let mut out: Vec<Dependent> = Vec::new();
    for s in world.subnets_of(vpc) {
        out.push(Dependent {
            what: format!("subnet {} ({}) is in it", s.name, s.id),
            fix: format!("delete subnet {}/{}", world.vpc_name(vpc), s.name),
        });
    }
    for g in world.groups_of(vpc).into_iter().filter(|g| !g.is_default) {
        out.push(Dependent {
            what: format!("group {} ({}) is in it", g.name, g.id),
            fix: format!("delete group {}/{}", world.vpc_name(vpc), g.name),
        });
    }
    for n in world.nacls_of(vpc).into_iter().filter(|n| !n.is_default) {
        out.push(Dependent {
            what: format!("network ACL {} ({}) is in it", n.name, n.id),
            fix: format!("delete nacl {}/{}", world.vpc_name(vpc), n.name),
        });
    }
    let mut peerings: Vec<_> = world
        .peerings
        .values()
        .filter(|p| &p.requester == vpc || &p.accepter == vpc)
        .collect();
    peerings.sort_by_key(|p| p.seq);
    for p in peerings {
        out.push(Dependent {
            what: format!("peering {} ({}) joins it", p.name, p.id),
            fix: format!("delete peering {}", p.id),
        });
    }
    let mut clusters: Vec<_> = world
        .services
        .db_clusters
        .values()
        .filter(|c| &c.vpc == vpc)
        .collect();
    clusters.sort_by(|a, b| a.name.cmp(&b.name));
    for c in clusters {
        out.push(Dependent {
            what: format!("DB cluster {} is in it", c.name),
            fix: format!("delete db-cluster {}", c.name),
        });
    }
    out
}

/// What keeps a network ACL from being deleted: the subnets associated with it.
pub fn of_nacl(world: &World, nacl: &AclId) -> Vec<Dependent> {
    let mut subnets: Vec<_> = world.subnets.values().filter(|s| s.nacl == *nacl).collect();
    subnets.sort_by_key(|s| s.seq);
    subnets
        .into_iter()
        .map(|s| {
            let path = format!("{}/{}", world.vpc_name(&s.vpc), s.name);
            Dependent {
                what: format!("subnet {} ({}) uses it", s.name, s.id),
                fix: format!(
                    "associate the subnet with another network ACL first: associate nacl default with {path}"
                ),
            }
        })
        .collect()
}
