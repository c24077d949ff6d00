//! Checks that a loaded world is whole: every reference between objects points at an object, and
//! names and addresses are where the indexes expect them. A world that passes cannot make the
//! engine look up something that is not there.

use crate::world::World;
use crate::world::nacl::{FIRST_RULE, LAST_RULE};
use std::collections::HashSet;

pub fn check(w: &World) -> Result<(), String> {
    if !w.scopes.contains(&w.scope) {
        return Err(format!(
            "the current scope {} is not among the world's scopes",
            w.scope
        ));
    }
    if w.counter > u64::MAX / 2 {
        return Err(format!("the id counter {} is out of range", w.counter));
    }
    for (id, v) in &w.vpcs {
        if &v.id != id {
            return Err(format!("vpc {id} is stored under another id"));
        }
        match w.groups.get(&v.default_group) {
            Some(g) if g.vpc.as_ref() == Some(id) => {}
            _ => {
                return Err(format!(
                    "vpc {id}: its default group {} is missing",
                    v.default_group
                ));
            }
        }
        match w.nacls.get(&v.default_nacl) {
            Some(n) if &n.vpc == id && n.is_default => {}
            _ => {
                return Err(format!(
                    "vpc {id}: its default network ACL {} is missing",
                    v.default_nacl
                ));
            }
        }
    }
    for (id, n) in &w.nacls {
        if &n.id != id || !w.vpcs.contains_key(&n.vpc) {
            return Err(format!("network ACL {id}: its vpc {} is missing", n.vpc));
        }
        for list in [&n.ingress, &n.egress] {
            let in_order = list.windows(2).all(|p| p[0].number < p[1].number);
            let in_range = list
                .iter()
                .all(|e| (FIRST_RULE..=LAST_RULE).contains(&e.number));
            if !in_order || !in_range {
                return Err(format!(
                    "network ACL {id}: entries are out of order or out of range"
                ));
            }
        }
    }
    for (id, p) in &w.peerings {
        if &p.id != id || !w.vpcs.contains_key(&p.requester) || !w.vpcs.contains_key(&p.accepter) {
            return Err(format!("peering {id}: one of its VPCs is missing"));
        }
    }
    for (id, s) in &w.subnets {
        if &s.id != id || !w.vpcs.contains_key(&s.vpc) {
            return Err(format!("subnet {id}: its vpc {} is missing", s.vpc));
        }
        if s.cidr.prefix_len() > 28 || !w.vpcs[&s.vpc].cidr.contains(&s.cidr) {
            return Err(format!("subnet {id}: {} is outside its VPC", s.cidr));
        }
        if w.nacls.get(&s.nacl).is_none_or(|n| n.vpc != s.vpc) {
            return Err(format!(
                "subnet {id}: its network ACL {} is missing",
                s.nacl
            ));
        }
    }
    for (id, g) in &w.groups {
        if &g.id != id {
            return Err(format!("group {id} is stored under another id"));
        }
        if let Some(v) = &g.vpc
            && !w.vpcs.contains_key(v)
        {
            return Err(format!("group {id}: its vpc {v} is missing"));
        }
        let mut rule_ids = HashSet::new();
        for (_, r) in g.all_rules() {
            if !rule_ids.insert(&r.id) {
                return Err(format!("group {id}: rule {} appears twice", r.id));
            }
        }
    }
    let mut seen_private = HashSet::new();
    for (id, e) in &w.enis {
        if &e.id != id {
            return Err(format!("interface {id} is stored under another id"));
        }
        match (&e.subnet, &e.vpc) {
            (Some(s), Some(v)) => match w.subnets.get(s) {
                Some(sub) if &sub.vpc == v => {}
                _ => return Err(format!("interface {id}: its subnet {s} is missing")),
            },
            (None, None) => {}
            _ => return Err(format!("interface {id}: subnet and vpc disagree")),
        }
        for g in &e.groups {
            if !w.groups.contains_key(g) {
                return Err(format!("interface {id}: its group {g} is missing"));
            }
        }
        if let Some(i) = &e.instance
            && !w
                .instances
                .get(i)
                .is_some_and(|inst| inst.enis.contains(id))
        {
            return Err(format!("interface {id}: its instance {i} is missing"));
        }
        if !seen_private.insert((w.eni_home(e), e.private_ip)) {
            return Err(format!(
                "interface {id}: address {} is used twice",
                e.private_ip
            ));
        }
    }
    for (id, i) in &w.instances {
        if &i.id != id || i.enis.is_empty() {
            return Err(format!("instance {id} has no network interface"));
        }
        for e in &i.enis {
            if !w.enis.contains_key(e) {
                return Err(format!("instance {id}: its interface {e} is missing"));
            }
        }
    }
    Ok(())
}
