//! `show prefix-lists`: the managed prefix lists of the current account and region, each with its
//! family, entries, max entries (its weight in the rule quota) and the rules that reference it.

use crate::query::shown::{Sheet, Shown};
use crate::world::World;
use crate::world::prefix_list::AWS_OWNER;
use std::fmt::Write as _;

pub fn prefix_lists(world: &World) -> Shown {
    let mut list: Vec<_> = world
        .prefix_lists
        .values()
        .filter(|l| l.scope == world.scope)
        .collect();
    list.sort_by_key(|l| l.seq);
    let mut out = Sheet::default();
    if list.is_empty() {
        let _ = writeln!(out, "no prefix lists in {}", world.scope);
        return out.finish();
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|l| {
            let entries: Vec<String> = l.cidrs().map(|c| c.to_string()).collect();
            let mut groups: Vec<_> = world
                .list_referrers(&l.id)
                .filter_map(|g| world.groups.get(g))
                .collect();
            groups.sort_by_key(|g| g.seq);
            let rules: usize = groups
                .iter()
                .flat_map(|g| g.all_rules())
                .filter(|(_, r)| r.peer.prefix_list_id() == Some(&l.id))
                .count();
            let used = if groups.is_empty() {
                "-".to_string()
            } else {
                let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
                format!("{rules} ({})", names.join(", "))
            };
            vec![
                l.name.clone(),
                l.id.to_string(),
                l.family.to_string(),
                if entries.is_empty() {
                    "-".to_string()
                } else {
                    entries.join(", ")
                },
                l.max_entries.to_string(),
                if l.owner == AWS_OWNER {
                    "AWS".to_string()
                } else {
                    l.owner.clone()
                },
                used,
            ]
        })
        .collect();
    let _ = writeln!(out, "prefix lists of {}", world.scope);
    out.table(
        &[
            "NAME",
            "ID",
            "FAMILY",
            "ENTRIES",
            "MAX ENTRIES",
            "OWNER",
            "RULES",
        ],
        &rows,
    );
    out.finish()
}
