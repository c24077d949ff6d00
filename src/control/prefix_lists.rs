//! Managed prefix lists: `create prefix-list` (CreateManagedPrefixList, with its entries) and
//! `delete prefix-list` (DeleteManagedPrefixList), AWS-SEMANTICS §2.1 and §2.5.
//!
//! A list belongs to the current account and region. Its entries are CIDRs of one address
//! family, canonicalised as rule CIDRs are, each at most once; its max entries (its weight in the
//! rule quota) is at least its number of entries and at most 1000, and defaults to that number.
//! A list that a rule references cannot be deleted (`DependencyViolation`, naming the rules and
//! the revokes that free it); neither can a list AWS manages.

use super::dependents::{Dependent, help};
use super::{Outcome, must_be_here, validate};
use crate::lang::ast::{Ref, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::PlId;
use crate::world::prefix_list::{AWS_OWNER, PlEntry, PrefixList};
use crate::world::proto::Family;
use ipnet::IpNet;

/// The most entries AWS lets a prefix list have.
pub const MAX_ENTRIES: i64 = 1000;

fn family_of(net: &IpNet) -> Family {
    match net {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    }
}

pub fn create(
    world: &mut World,
    name: &Spanned<String>,
    entries: &[Spanned<String>],
    max_entries: Option<&Spanned<i64>>,
) -> Result<Outcome, Diagnostic> {
    let pname = validate::object_name(name, "prefix list")?;
    if pname.to_ascii_lowercase().starts_with("com.amazonaws") {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("The prefix list name '{pname}' is invalid: names starting with com.amazonaws are reserved"),
        )
        .at(name.span)
        .label("reserved for AWS-managed prefix lists"));
    }
    let scope = world.scope.clone();
    let taken = world
        .index
        .prefix_list_names
        .get(&pname)
        .into_iter()
        .flatten()
        .filter_map(|id| world.prefix_lists.get(id))
        .any(|l| l.scope == scope);
    if taken {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("A prefix list named '{pname}' already exists in {scope}"),
        )
        .at(name.span)
        .label("name taken"));
    }
    let mut cidrs: Vec<PlEntry> = Vec::with_capacity(entries.len());
    let mut family = None;
    for e in entries {
        let cidr = validate::cidr(&e.node, e.span, ("Cidr", "Cidr"))?;
        let fam = family_of(&cidr);
        let first = *family.get_or_insert(fam);
        if fam != first {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "The CIDR {cidr} does not match the address family of the prefix list ({first})"
                ),
            )
            .at(e.span)
            .label(format!("an {fam} CIDR"))
            .help("a prefix list holds CIDRs of one family: make one list per family"));
        }
        if cidrs.iter().any(|c| c.cidr == cidr) {
            return Err(Diagnostic::new(
                "InvalidRequest",
                format!("The prefix list entry {cidr} is given more than once"),
            )
            .at(e.span)
            .label("already an entry"));
        }
        cidrs.push(PlEntry {
            cidr,
            description: None,
        });
    }
    let max = match max_entries {
        None => cidrs.len() as i64,
        Some(m) => m.node,
    };
    if !(1..=MAX_ENTRIES).contains(&max) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Value ({max}) for parameter maxEntries is invalid"),
        )
        .at(max_entries.map_or(name.span, |m| m.span))
        .label(format!("max entries are 1 to {MAX_ENTRIES}")));
    }
    if (cidrs.len() as i64) > max {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "The prefix list has {} entries, more than its maximum of {max}",
                cidrs.len()
            ),
        )
        .at(max_entries.map_or(name.span, |m| m.span))
        .label("fewer than the entries given")
        .help(format!("raise max-entries to at least {}", cidrs.len())));
    }
    let family = family.unwrap_or(Family::V4);
    let id = PlId(world.mint(PlId::PREFIX));
    let seq = world.next_seq();
    let n = cidrs.len();
    world.add_prefix_list(PrefixList {
        id: id.clone(),
        name: pname.clone(),
        scope: scope.clone(),
        family,
        entries: cidrs,
        max_entries: max as u32,
        owner: scope.account.clone(),
        seq,
    });
    let entries = if n == 1 { "entry" } else { "entries" };
    Ok(Outcome::ok(format!(
        "ok: created prefix list {pname} ({id}), {family}, {n} {entries}, max entries {max} (its weight in the rule quota)"
    )))
}

pub fn delete(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let list = world.resolve_prefix_list(r)?;
    must_be_here(
        world,
        &list.scope,
        "InvalidPrefixListID.NotFound",
        "prefix list ID",
        r,
    )?;
    let (id, name) = (list.id.clone(), list.name.clone());
    if list.owner == AWS_OWNER {
        return Err(Diagnostic::new(
            "InvalidPrefixListModification",
            format!("The prefix list {id} is managed by AWS and cannot be deleted"),
        )
        .at(r.span)
        .label("an AWS-managed prefix list"));
    }
    let dependents = dependents(world, &id);
    if let Some(first) = dependents.first() {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("resource {id} has a dependent object"),
        )
        .at(r.span)
        .label(first.what.clone())
        .help(help(&dependents)));
    }
    world.remove_prefix_list(&id);
    Ok(Outcome::ok(format!(
        "ok: deleted prefix list {name} ({id})"
    )))
}

/// The rules that reference the list, oldest group first, each with the revoke that frees it.
fn dependents(world: &World, id: &PlId) -> Vec<Dependent> {
    let mut groups: Vec<_> = world
        .list_referrers(id)
        .filter_map(|g| world.groups.get(g))
        .collect();
    groups.sort_by_key(|g| g.seq);
    let mut out = Vec::new();
    for g in groups {
        for (dir, rule) in g.all_rules() {
            if rule.peer.prefix_list_id() == Some(id) {
                out.push(Dependent {
                    what: format!(
                        "referenced by {} rule {} of {}",
                        dir.as_str(),
                        rule.id,
                        g.name
                    ),
                    fix: format!("revoke rule {} first", rule.id),
                });
            }
        }
    }
    out
}
