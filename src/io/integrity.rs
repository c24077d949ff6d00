//! Checks that a loaded world is whole: every reference between objects points at an object, and
//! names and addresses are where the indexes expect them. A world that passes cannot make the
//! engine look up something that is not there.

use crate::world::World;
use crate::world::nacl::{FIRST_RULE, LAST_RULE};
use crate::world::service::{CacheNet, EniOwner, SvcKey};
use std::collections::HashSet;
use std::fmt::Display;

/// What is wrong, and where to look for it in the saved text.
#[derive(Debug)]
pub struct Broken {
    pub why: String,
    place: Place,
}

#[derive(Debug)]
enum Place {
    /// The world as a whole.
    Whole,
    /// An object of a map keyed by its id (`"vpc-…": (`).
    Id(String),
    /// A service object of the map `map`, keyed by scope and name.
    Service { map: &'static str, name: String },
}

impl Broken {
    fn whole(why: String) -> Self {
        Broken {
            why,
            place: Place::Whole,
        }
    }

    fn id(id: impl Display, why: String) -> Self {
        Broken {
            why,
            place: Place::Id(id.to_string()),
        }
    }

    fn service(map: &'static str, name: &str, why: String) -> Self {
        Broken {
            why,
            place: Place::Service {
                map,
                name: name.to_string(),
            },
        }
    }

    /// The byte offset in `text` (the saved world) where the broken object starts, when it can be
    /// found: an id as a map key is unique; a service object is the first of its name in its map.
    pub fn find(&self, text: &str) -> Option<usize> {
        match &self.place {
            Place::Whole => None,
            Place::Id(id) => text.find(&format!("{}:", quoted(id))),
            Place::Service { map, name } => {
                let start = text.find(&format!("{map}: {{"))?;
                let at = text[start..].find(&format!("name: {}", quoted(name)))?;
                Some(start + at)
            }
        }
    }
}

/// A string as RON writes it.
fn quoted(s: &str) -> String {
    ron::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

pub fn check(w: &World) -> Result<(), Broken> {
    if !w.scopes.contains(&w.scope) {
        return Err(Broken::whole(format!(
            "the current scope {} is not among the world's scopes",
            w.scope
        )));
    }
    if w.counter > u64::MAX / 2 {
        return Err(Broken::whole(format!(
            "the id counter {} is out of range",
            w.counter
        )));
    }
    for (id, v) in &w.vpcs {
        if &v.id != id {
            return Err(Broken::id(
                id,
                format!("vpc {id} is stored under another id"),
            ));
        }
        match w.groups.get(&v.default_group) {
            Some(g) if g.vpc.as_ref() == Some(id) => {}
            _ => {
                return Err(Broken::id(
                    id,
                    format!("vpc {id}: its default group {} is missing", v.default_group),
                ));
            }
        }
        match w.nacls.get(&v.default_nacl) {
            Some(n) if &n.vpc == id && n.is_default => {}
            _ => {
                return Err(Broken::id(
                    id,
                    format!(
                        "vpc {id}: its default network ACL {} is missing",
                        v.default_nacl
                    ),
                ));
            }
        }
    }
    for (id, n) in &w.nacls {
        if &n.id != id || !w.vpcs.contains_key(&n.vpc) {
            return Err(Broken::id(
                id,
                format!("network ACL {id}: its vpc {} is missing", n.vpc),
            ));
        }
        for list in [&n.ingress, &n.egress] {
            let in_order = list.windows(2).all(|p| p[0].number < p[1].number);
            let in_range = list
                .iter()
                .all(|e| (FIRST_RULE..=LAST_RULE).contains(&e.number));
            if !in_order || !in_range {
                return Err(Broken::id(
                    id,
                    format!("network ACL {id}: entries are out of order or out of range"),
                ));
            }
        }
    }
    for (id, p) in &w.peerings {
        if &p.id != id || !w.vpcs.contains_key(&p.requester) || !w.vpcs.contains_key(&p.accepter) {
            return Err(Broken::id(
                id,
                format!("peering {id}: one of its VPCs is missing"),
            ));
        }
    }
    for (id, s) in &w.subnets {
        if &s.id != id || !w.vpcs.contains_key(&s.vpc) {
            return Err(Broken::id(
                id,
                format!("subnet {id}: its vpc {} is missing", s.vpc),
            ));
        }
        if s.cidr.prefix_len() > 28 || !w.vpcs[&s.vpc].cidr.contains(&s.cidr) {
            return Err(Broken::id(
                id,
                format!("subnet {id}: {} is outside its VPC", s.cidr),
            ));
        }
        if w.nacls.get(&s.nacl).is_none_or(|n| n.vpc != s.vpc) {
            return Err(Broken::id(
                id,
                format!("subnet {id}: its network ACL {} is missing", s.nacl),
            ));
        }
    }
    for (id, g) in &w.groups {
        if &g.id != id {
            return Err(Broken::id(
                id,
                format!("group {id} is stored under another id"),
            ));
        }
        if let Some(v) = &g.vpc
            && !w.vpcs.contains_key(v)
        {
            return Err(Broken::id(
                id,
                format!("group {id}: its vpc {v} is missing"),
            ));
        }
        let mut rule_ids = HashSet::new();
        for (_, r) in g.all_rules() {
            if !rule_ids.insert(&r.id) {
                return Err(Broken::id(
                    id,
                    format!("group {id}: rule {} appears twice", r.id),
                ));
            }
            if let Some(list) = r.peer.prefix_list_id()
                && !w.prefix_lists.contains_key(list)
            {
                return Err(Broken::id(
                    id,
                    format!(
                        "group {id}: rule {} names prefix list {list}, which is missing",
                        r.id
                    ),
                ));
            }
        }
    }
    for (id, l) in &w.prefix_lists {
        if &l.id != id {
            return Err(Broken::id(
                id,
                format!("prefix list {id} is stored under another id"),
            ));
        }
        if l.cidrs()
            .any(|c| crate::vocab::Family::of_net(c) != l.family)
        {
            return Err(Broken::id(
                id,
                format!("prefix list {id}: an entry is not of the list's family"),
            ));
        }
    }
    let mut seen_private = HashSet::new();
    for (id, e) in &w.enis {
        if &e.id != id {
            return Err(Broken::id(
                id,
                format!("interface {id} is stored under another id"),
            ));
        }
        match (&e.subnet, &e.vpc) {
            (Some(s), Some(v)) => match w.subnets.get(s) {
                Some(sub) if &sub.vpc == v => {}
                _ => {
                    return Err(Broken::id(
                        id,
                        format!("interface {id}: its subnet {s} is missing"),
                    ));
                }
            },
            (None, None) => {}
            _ => {
                return Err(Broken::id(
                    id,
                    format!("interface {id}: subnet and vpc disagree"),
                ));
            }
        }
        for g in &e.groups {
            if !w.groups.contains_key(g) {
                return Err(Broken::id(
                    id,
                    format!("interface {id}: its group {g} is missing"),
                ));
            }
        }
        if let Some(i) = &e.instance
            && !w
                .instances
                .get(i)
                .is_some_and(|inst| inst.enis.contains(id))
        {
            return Err(Broken::id(
                id,
                format!("interface {id}: its instance {i} is missing"),
            ));
        }
        if !seen_private.insert((w.eni_home(e), e.private_ip)) {
            return Err(Broken::id(
                id,
                format!("interface {id}: address {} is used twice", e.private_ip),
            ));
        }
    }
    services(w)?;
    for (id, i) in &w.instances {
        if &i.id != id || i.enis.is_empty() {
            return Err(Broken::id(
                id,
                format!("instance {id} has no network interface"),
            ));
        }
        for e in &i.enis {
            if !w.enis.contains_key(e) {
                return Err(Broken::id(
                    id,
                    format!("instance {id}: its interface {e} is missing"),
                ));
            }
        }
    }
    Ok(())
}

/// ElastiCache and RDS: every object is stored under its own key, every interface and group it
/// names exists and points back, and every service interface has its owner.
fn services(w: &World) -> Result<(), Broken> {
    let s = &w.services;
    for scope in &w.scopes {
        if !s
            .cache_groups
            .get(&SvcKey::new(
                scope,
                crate::world::service::DEFAULT_CACHE_GROUP,
            ))
            .is_some_and(|g| g.is_default)
        {
            return Err(Broken::whole(format!(
                "{scope}: the default cache security group is missing"
            )));
        }
    }
    for (key, g) in &s.cache_groups {
        if *key != SvcKey::new(&g.scope, &g.name) || !w.scopes.contains(&g.scope) {
            return Err(Broken::service(
                "cache_groups",
                &g.name,
                format!(
                    "cache security group {} is stored under another name",
                    g.name
                ),
            ));
        }
    }
    for (key, c) in &s.cache_clusters {
        if *key != c.key() || !w.scopes.contains(&c.scope) || c.nodes.is_empty() {
            return Err(Broken::service(
                "cache_clusters",
                &c.name,
                format!("cache cluster {} is stored under another name", c.name),
            ));
        }
        for (k, id) in (1u32..).zip(&c.nodes) {
            let owned = w.enis.get(id).is_some_and(|e| {
                e.scope == c.scope
                    && e.owner
                        == Some(EniOwner::CacheNode {
                            cluster: c.name.clone(),
                            node: k,
                        })
            });
            if !owned {
                return Err(Broken::service(
                    "cache_clusters",
                    &c.name,
                    format!(
                        "cache cluster {}: node {k}'s interface {id} is missing",
                        c.name
                    ),
                ));
            }
        }
        match &c.net {
            CacheNet::Vpc { vpc, subnet } => {
                if w.subnets.get(subnet).is_none_or(|sub| &sub.vpc != vpc) {
                    return Err(Broken::service(
                        "cache_clusters",
                        &c.name,
                        format!("cache cluster {}: its subnet {subnet} is missing", c.name),
                    ));
                }
            }
            CacheNet::Classic { cache_groups } => {
                for g in cache_groups {
                    if !s.cache_groups.contains_key(&SvcKey::new(&c.scope, g)) {
                        return Err(Broken::service(
                            "cache_clusters",
                            &c.name,
                            format!(
                                "cache cluster {}: its cache security group {g} is missing",
                                c.name
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(rg) = &c.replication_group
            && !s
                .replication_groups
                .get(&SvcKey::new(&c.scope, rg))
                .is_some_and(|g| g.members.contains(&c.name))
        {
            return Err(Broken::service(
                "cache_clusters",
                &c.name,
                format!(
                    "cache cluster {}: its replication group {rg} is missing",
                    c.name
                ),
            ));
        }
    }
    for (key, g) in &s.replication_groups {
        if *key != SvcKey::new(&g.scope, &g.name) || g.members.is_empty() {
            return Err(Broken::service(
                "replication_groups",
                &g.name,
                format!("replication group {} is stored under another name", g.name),
            ));
        }
        for m in &g.members {
            let back = s
                .cache_clusters
                .get(&SvcKey::new(&g.scope, m))
                .is_some_and(|c| c.replication_group.as_ref() == Some(&g.name));
            if !back {
                return Err(Broken::service(
                    "replication_groups",
                    &g.name,
                    format!("replication group {}: its cluster {m} is missing", g.name),
                ));
            }
        }
    }
    for (key, d) in &s.db_instances {
        if *key != SvcKey::new(&d.scope, &d.name) || !w.scopes.contains(&d.scope) {
            return Err(Broken::service(
                "db_instances",
                &d.name,
                format!("DB instance {} is stored under another name", d.name),
            ));
        }
        let owned = w.enis.get(&d.eni).is_some_and(|e| {
            e.scope == d.scope
                && e.vpc.is_some()
                && e.owner
                    == Some(EniOwner::DbInstance {
                        name: d.name.clone(),
                    })
        });
        if !owned {
            return Err(Broken::service(
                "db_instances",
                &d.name,
                format!("DB instance {}: its interface {} is missing", d.name, d.eni),
            ));
        }
        if let Some(cname) = &d.cluster {
            let member = s
                .db_clusters
                .get(&SvcKey::new(&d.scope, cname))
                .is_some_and(|c| {
                    c.members.contains(&d.name)
                        && w.enis.get(&d.eni).is_some_and(|e| e.groups == c.groups)
                });
            if !member {
                return Err(Broken::service(
                    "db_instances",
                    &d.name,
                    format!("DB instance {}: its DB cluster {cname} is missing", d.name),
                ));
            }
        }
    }
    for (key, c) in &s.db_clusters {
        if *key != SvcKey::new(&c.scope, &c.name) || !w.vpcs.contains_key(&c.vpc) {
            return Err(Broken::service(
                "db_clusters",
                &c.name,
                format!("DB cluster {}: its vpc {} is missing", c.name, c.vpc),
            ));
        }
        for g in &c.groups {
            if w.groups
                .get(g)
                .is_none_or(|grp| grp.vpc.as_ref() != Some(&c.vpc))
            {
                return Err(Broken::service(
                    "db_clusters",
                    &c.name,
                    format!("DB cluster {}: its group {g} is missing", c.name),
                ));
            }
        }
        for m in &c.members {
            let back = s
                .db_instances
                .get(&SvcKey::new(&c.scope, m))
                .is_some_and(|d| d.cluster.as_ref() == Some(&c.name));
            if !back {
                return Err(Broken::service(
                    "db_clusters",
                    &c.name,
                    format!("DB cluster {}: its DB instance {m} is missing", c.name),
                ));
            }
        }
    }
    for (id, e) in &w.enis {
        let Some(owner) = &e.owner else { continue };
        let ok = e.instance.is_none()
            && match owner {
                EniOwner::CacheNode { cluster, node } => {
                    s.cache_clusters
                        .get(&SvcKey::new(&e.scope, cluster))
                        .and_then(|c| c.nodes.get((*node as usize).wrapping_sub(1)))
                        == Some(id)
                }
                EniOwner::DbInstance { name } => s
                    .db_instances
                    .get(&SvcKey::new(&e.scope, name))
                    .is_some_and(|d| &d.eni == id),
            };
        if !ok {
            return Err(Broken::id(
                id,
                format!("interface {id}: the service that owns it is missing"),
            ));
        }
    }
    Ok(())
}
