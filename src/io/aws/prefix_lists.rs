//! Managed prefix lists: `describe-managed-prefix-lists` names them (id, name, family, max
//! entries, owner), and `get-managed-prefix-list-entries` holds the entries of one list, without
//! saying which: sgs takes the list's id from the file's name (`pl-0123abcd.entries.json`). A
//! list whose entries are not in the folder (or, for a Terraform state or plan, not in the file),
//! an AWS-managed one or a customer's, is skipped with the reason, and so are the rules that name
//! it (`groups.rs`). An entries file that no
//! `PrefixLists` names is a list of its own, named by its id.

use super::proto::cidr;
use super::shapes::name_tag;
use super::{Ctx, Kind, Origin};
use crate::lang::error::Diagnostic;
use crate::vocab::{Family, PlId, Scope};
use crate::world::prefix_list::{AWS_OWNER, PlEntry, PrefixList};
use std::collections::BTreeMap;

/// The `pl-…` id a file's name holds, if any: `pl-` and hex digits, in its last path part.
fn id_in_name(file: &str) -> Option<String> {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let at = base.find("pl-")?;
    let hex: String = base[at + 3..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (!hex.is_empty()).then(|| format!("pl-{hex}"))
}

/// The entries files, by the list id their names hold: (document, entries).
fn entries_files(ctx: &mut Ctx) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut skips = Vec::new();
    for (di, d) in ctx.docs.iter().enumerate() {
        if d.d.prefix_list_entries.is_none() {
            continue;
        }
        match id_in_name(&d.file) {
            Some(id) if !out.contains_key(&id) => {
                out.insert(id, di);
            }
            Some(id) => skips.push((di, format!("the entries of {id}"), "read already from another file")),
            None => skips.push((
                di,
                "the entries".to_string(),
                "get-managed-prefix-list-entries output names no list: put the list's pl- id in the file's name (pl-0123abcd.entries.json)",
            )),
        }
    }
    for (di, what, why) in skips {
        ctx.skip(di, "Entries".to_string(), what, why);
    }
    out
}

/// A list's entries, from its entries file: CIDRs of `family` (the first entry's when the list's
/// description gives none).
fn read_entries(
    ctx: &Ctx,
    di: usize,
    family: Option<Family>,
) -> Result<(Family, Vec<PlEntry>), Diagnostic> {
    let mut out: Vec<PlEntry> = Vec::new();
    let mut family = family;
    for (j, e) in ctx.docs[di]
        .d
        .prefix_list_entries
        .iter()
        .flatten()
        .enumerate()
    {
        let at = format!("Entries[{j}].Cidr");
        let net = cidr(&e.cidr).map_err(|m| ctx.error(di, &at, &m))?;
        let fam = Family::of_net(&net);
        if *family.get_or_insert(fam) != fam {
            return Err(ctx.error(di, &at, "an entry of the list's other address family"));
        }
        if !out.iter().any(|x| x.cidr == net) {
            out.push(PlEntry {
                cidr: net,
                description: e.description.clone(),
            });
        }
    }
    Ok((family.unwrap_or(Family::V4), out))
}

/// The lists whose entries are in the folder, added to the world.
pub fn prefix_lists(ctx: &mut Ctx) -> Result<(), Diagnostic> {
    let mut entries = entries_files(ctx);
    let mut add: Vec<PrefixList> = Vec::new();
    let mut skips = Vec::new();
    for di in 0..ctx.docs.len() {
        let hint = ctx.docs[di].hint.clone();
        let lists = ctx.docs[di].d.prefix_lists.clone().unwrap_or_default();
        for (i, p) in lists.iter().enumerate() {
            let at = format!("PrefixLists[{i}]");
            if add.iter().any(|l| l.id.0 == p.id) {
                skips.push((
                    di,
                    at,
                    p.id.clone(),
                    "read already from another file".to_string(),
                ));
                continue;
            }
            if p.state.as_deref().is_some_and(|s| s.starts_with("delete")) {
                skips.push((
                    di,
                    at,
                    p.id.clone(),
                    format!("its state is {}", p.state.as_deref().unwrap_or("")),
                ));
                continue;
            }
            let family = match p.family.as_deref() {
                Some("IPv4") | None => Some(Family::V4),
                Some("IPv6") => Some(Family::V6),
                Some(_) => {
                    return Err(ctx.error(
                        di,
                        &format!("{at}.AddressFamily"),
                        "expected IPv4 or IPv6",
                    ));
                }
            };
            let Some(edi) = entries.remove(&p.id) else {
                let managed = if p.owner.as_deref() == Some(AWS_OWNER) {
                    "an AWS-managed prefix list"
                } else {
                    "a prefix list"
                };
                // A folder can be given the entries; a state or plan tells them or not.
                let save = match ctx.origin {
                    Origin::Files => format!(
                        " (save `aws ec2 get-managed-prefix-list-entries --prefix-list-id {}` as {}.entries.json)",
                        p.id, p.id
                    ),
                    Origin::Terraform => String::new(),
                };
                let why = format!(
                    "{managed} {}{save}; rules that name it are skipped",
                    ctx.origin.entries_missing()
                );
                skips.push((di, at, p.id.clone(), why));
                continue;
            };
            let (family, list_entries) = read_entries(ctx, edi, family)?;
            let owner = p
                .owner
                .clone()
                .unwrap_or_else(|| ctx.default_account.clone());
            let account = hint
                .account
                .clone()
                .or_else(|| (owner != AWS_OWNER).then(|| owner.clone()))
                .unwrap_or_else(|| ctx.default_account.clone());
            let region = hint
                .region
                .clone()
                .unwrap_or_else(|| ctx.default_region.clone());
            let name = name_tag(&p.tags)
                .or(p.name.as_deref())
                .unwrap_or(&p.id)
                .to_string();
            let n = list_entries.len() as u32;
            add.push(PrefixList {
                id: PlId(p.id.clone()),
                name,
                scope: Scope::new(account, region),
                family,
                entries: list_entries,
                max_entries: p.max_entries.unwrap_or(n).max(n),
                owner,
                seq: 0,
            });
        }
    }
    // Entries files that no PrefixLists names: lists of their own.
    for (id, di) in entries {
        let hint = ctx.docs[di].hint.clone();
        let (family, list_entries) = read_entries(ctx, di, None)?;
        let n = list_entries.len() as u32;
        let account = hint
            .account
            .clone()
            .unwrap_or_else(|| ctx.default_account.clone());
        add.push(PrefixList {
            id: PlId(id.clone()),
            name: id,
            scope: Scope::new(
                account.clone(),
                hint.region
                    .clone()
                    .unwrap_or_else(|| ctx.default_region.clone()),
            ),
            family,
            entries: list_entries,
            max_entries: n,
            owner: account,
            seq: 0,
        });
    }
    for (di, at, what, why) in skips {
        ctx.skip(di, at, what, why);
    }
    for mut l in add {
        l.seq = ctx.world.next_seq();
        ctx.world.add_prefix_list(l);
        ctx.count(Kind::PrefixList);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::id_in_name;

    #[test]
    fn a_files_name_gives_the_lists_id() {
        assert_eq!(
            id_in_name("aws/123456789012/us-east-1/pl-0123abcd.entries.json").as_deref(),
            Some("pl-0123abcd")
        );
        assert_eq!(
            id_in_name("get-managed-prefix-list-entries-pl-63a5400a.json").as_deref(),
            Some("pl-63a5400a")
        );
        assert_eq!(id_in_name("pl-/entries.json"), None);
        assert_eq!(id_in_name("entries.json"), None);
    }
}
