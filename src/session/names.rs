//! The world's names for completion: the session's side of [`lang::Names`](crate::lang::Names).
//!
//! Completion knows the grammar and no world; here the world's objects are listed for each kind a
//! template asks for, those of the current account and region first, each kind in creation order,
//! and each spelled the way it resolves: a name when it names one object, else qualified
//! (`prod/web`, `classic/default`), else the id, checked with the world's own resolver.

use crate::lang::complete::written;
use crate::lang::parse::bare_char;
use crate::lang::{NameKind, Names};
use crate::vocab::{Ref, Span};
use crate::world::World;

impl Names for World {
    fn names(&self, kind: NameKind, prefix: &str) -> Vec<String> {
        let world = self;
        match kind {
            NameKind::Vpc => vpcs(world, prefix),
            NameKind::Network => {
                let mut out = vpcs(world, prefix);
                out.push(crate::world::lookup::CLASSIC.to_string());
                out
            }
            NameKind::Subnet => subnets(world, prefix),
            NameKind::Nacl => nacls(world, prefix),
            NameKind::Peering => peerings(world, prefix),
            NameKind::PrefixList => prefix_lists(world, prefix),
            NameKind::Group => groups(world, prefix),
            NameKind::Instance => instances(world, prefix),
            NameKind::Eni => enis(world, prefix),
            NameKind::Endpoint => {
                let mut out = instances(world, prefix);
                out.extend(services::endpoints(world));
                out.extend(enis(world, prefix));
                out
            }
            NameKind::CacheCluster => services::cache_clusters(world),
            NameKind::ReplicationGroup => services::replication_groups(world),
            NameKind::CacheGroup => services::cache_groups(world),
            NameKind::DbInstance => services::db_instances(world),
            NameKind::DbCluster => services::db_clusters(world),
            NameKind::CacheEngine => services::cache_engines(),
            NameKind::DbEngine => services::db_engines(),
            NameKind::RuleId => rule_ids(world),
            NameKind::Account => {
                let mut out: Vec<String> = Vec::new();
                for scope in &world.scopes {
                    if !out.contains(&scope.account) {
                        out.push(scope.account.clone());
                    }
                }
                out
            }
            NameKind::Region => world.scopes.iter().map(|s| s.region.clone()).collect(),
            NameKind::Zone => ["a", "b", "c", "d", "e", "f"]
                .iter()
                .map(|z| format!("{}{z}", world.scope.region))
                .collect(),
        }
    }
}

/// The first spelling of `spellings` (qualifier, name) that `resolves`, written as the user would
/// type it; else `id`.
fn spelling(
    spellings: &[(Option<&str>, &str)],
    resolves: impl Fn(&Ref) -> bool,
    id: &str,
) -> String {
    for (qualifier, name) in spellings {
        let bare = |s: &str| !s.is_empty() && s.chars().all(bare_char);
        if qualifier.is_some_and(|q| !bare(q)) || (qualifier.is_some() && !bare(name)) {
            continue;
        }
        let r = Ref {
            qualifier: qualifier.map(str::to_string),
            name: (*name).to_string(),
            span: Span::default(),
        };
        if resolves(&r) {
            return match qualifier {
                Some(q) => format!("{q}/{name}"),
                None => written(name),
            };
        }
    }
    id.to_string()
}

/// Whether an id was pinned by the user (`sg-app`) rather than minted (`sg-` and 17 hex digits).
fn is_pinned(id: &str) -> bool {
    let digits = id.split_once('-').map_or("", |(_, d)| d);
    !(digits.len() == 17 && digits.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Objects of the current account and region first, each kind in creation order.
fn ordered<'a, T>(
    items: impl Iterator<Item = &'a T>,
    here: impl Fn(&T) -> bool,
    seq: impl Fn(&T) -> u64,
) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.collect();
    list.sort_by_key(|x| (!here(x), seq(x)));
    list
}

fn vpcs(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.vpcs.values(), |v| v.scope == world.scope, |v| v.seq);
    let mut out = Vec::new();
    for v in list {
        let resolves = |r: &Ref| world.resolve_vpc(r).is_ok_and(|x| x.id == v.id);
        let account = v.scope.account.as_str();
        out.push(spelling(
            &[(None, &v.name), (Some(account), &v.name)],
            resolves,
            v.id.as_str(),
        ));
        if prefix.starts_with("vpc-") {
            out.push(v.id.to_string());
        }
    }
    out
}

fn subnets(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(
        world.subnets.values(),
        |s| s.scope == world.scope,
        |s| s.seq,
    );
    let mut out = Vec::new();
    for s in list {
        let vpc = world.vpc_name(&s.vpc);
        let resolves = |r: &Ref| world.resolve_subnet(r).is_ok_and(|x| x.id == s.id);
        out.push(spelling(&[(Some(vpc), &s.name)], resolves, s.id.as_str()));
        if prefix.starts_with("subnet-") {
            out.push(s.id.to_string());
        }
    }
    out
}

fn groups(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.groups.values(), |g| g.scope == world.scope, |g| g.seq);
    let mut out = Vec::new();
    for g in list {
        let home = match &g.vpc {
            Some(v) => world.vpc_name(v),
            None => crate::world::lookup::CLASSIC,
        };
        let account = g.scope.account.as_str();
        let resolves = |r: &Ref| world.resolve_group(r, None).is_ok_and(|x| x.id == g.id);
        out.push(spelling(
            &[
                (None, &g.name),
                (Some(home), &g.name),
                (Some(account), &g.name),
            ],
            resolves,
            g.id.as_str(),
        ));
        if is_pinned(g.id.as_str()) || prefix.starts_with("sg-") {
            out.push(g.id.to_string());
        }
    }
    out
}

fn instances(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(
        world.instances.values(),
        |i| i.scope == world.scope,
        |i| i.seq,
    );
    let mut out = Vec::new();
    for i in list {
        let resolves = |r: &Ref| world.resolve_instance(r).is_ok_and(|x| x.id == i.id);
        let account = i.scope.account.as_str();
        out.push(spelling(
            &[(None, &i.name), (Some(account), &i.name)],
            resolves,
            i.id.as_str(),
        ));
        if prefix.starts_with("i-") {
            out.push(i.id.to_string());
        }
    }
    out
}

/// Secondary interfaces by name (a primary one is named by its instance), every one by id.
fn enis(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.enis.values(), |e| e.scope == world.scope, |e| e.seq);
    let mut out = Vec::new();
    for e in list {
        if e.device_index > 0 {
            let resolves = |r: &Ref| world.resolve_eni(r).is_ok_and(|x| x.id == e.id);
            out.push(spelling(&[(None, &e.name)], resolves, e.id.as_str()));
        }
        if prefix.starts_with("eni-") {
            out.push(e.id.to_string());
        }
    }
    out
}

/// Network ACLs by name when it names one, else `vpc/name`, else by id.
fn nacls(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.nacls.values(), |n| n.scope == world.scope, |n| n.seq);
    let mut out = Vec::new();
    for n in list {
        let vpc = world.vpc_name(&n.vpc);
        let resolves = |r: &Ref| world.resolve_nacl(r).is_ok_and(|x| x.id == n.id);
        out.push(spelling(
            &[(None, &n.name), (Some(vpc), &n.name)],
            resolves,
            n.id.as_str(),
        ));
        if prefix.starts_with("acl-") {
            out.push(n.id.to_string());
        }
    }
    out
}

/// The peerings of the current account and region (only there can they be deleted).
fn peerings(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(
        world.peerings.values(),
        |p| p.scope == world.scope,
        |p| p.seq,
    );
    let mut out = Vec::new();
    for p in list.into_iter().filter(|p| p.scope == world.scope) {
        let resolves = |r: &Ref| world.resolve_peering(r).is_ok_and(|x| x.id == p.id);
        out.push(spelling(&[(None, &p.name)], resolves, p.id.as_str()));
        if prefix.starts_with("pcx-") {
            out.push(p.id.to_string());
        }
    }
    out
}

/// The prefix lists of the current region (a rule takes only those).
fn prefix_lists(world: &World, prefix: &str) -> Vec<String> {
    let here = |l: &crate::world::prefix_list::PrefixList| l.scope == world.scope;
    let list = ordered(world.prefix_lists.values(), here, |l| l.seq);
    let mut out = Vec::new();
    for l in list
        .into_iter()
        .filter(|l| l.scope.region == world.scope.region)
    {
        let resolves = |r: &Ref| world.resolve_prefix_list(r).is_ok_and(|x| x.id == l.id);
        out.push(spelling(&[(None, &l.name)], resolves, l.id.as_str()));
        if prefix.starts_with("pl-") {
            out.push(l.id.to_string());
        }
    }
    out
}

/// The rules of the current account and region's groups.
fn rule_ids(world: &World) -> Vec<String> {
    let list = ordered(world.groups.values(), |_| true, |g| g.seq);
    list.into_iter()
        .filter(|g| g.scope == world.scope)
        .flat_map(|g| g.all_rules().map(|(_, r)| r.id.to_string()))
        .collect()
}

mod services;
