//! Managed prefix lists as describe-* output: the data source `aws_ec2_managed_prefix_list`
//! (its `entries`), the resource of the same name (its `entry` blocks) and
//! `aws_ec2_managed_prefix_list_entry` (one entry added to a list). A list is written to
//! `PrefixLists` and its entries kept in [`Build::lists`], which the import reads as the list's
//! `get-managed-prefix-list-entries` output; a list whose entries the file does not hold (a plan
//! that learns them at apply) is skipped with the reason, and the import skips the rules that
//! name it.

use super::build::{Build, name_tags};
use super::network::name_of;
use super::tree::Placed;
use super::values::{PlEntry, PrefixList, set};
use crate::lang::error::Diagnostic;
use ipnet::IpNet;
use serde_json::{Value, json};

/// An entry's CIDR (at `at` in the resource's values), checked: a network of the list's family.
fn cidr(
    b: &Build<'_, '_>,
    p: &Placed<'_>,
    at: &str,
    e: &PlEntry,
    v6: bool,
) -> Result<IpNet, Diagnostic> {
    let Some(text) = set(&e.cidr) else {
        return Err(b.error(p, at, "an entry names its CIDR"));
    };
    let net: IpNet = text
        .parse()
        .map_err(|_| b.error(p, at, &format!("{text} is not a CIDR block")))?;
    if matches!(net, IpNet::V6(_)) != v6 {
        return Err(b.error(p, at, "an entry of the list's other address family"));
    }
    Ok(net)
}

fn entry_value(net: IpNet, e: &PlEntry) -> Value {
    let mut o = json!({"Cidr": net.to_string()});
    if let Some(d) = set(&e.description) {
        o["Description"] = json!(d);
    }
    o
}

/// `aws_ec2_managed_prefix_list`, a data source or a resource.
pub fn list(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let v: PrefixList = b.read(p)?;
    let id = b.tree.handle(p);
    let data = p.res.mode.as_deref() == Some("data");
    let (field, entries) = if data {
        ("entries", &v.entries)
    } else {
        ("entry", &v.entry)
    };
    let Some(entries) = entries else {
        b.skip(
            p,
            format!(
                "its entries are not known (the file has no `{field}`, as a plan before apply); rules that name {id} are skipped"
            ),
        );
        return Ok(());
    };
    let v6 = match set(&v.address_family) {
        Some("IPv4") | None => false,
        Some("IPv6") => true,
        Some(_) => return Err(b.error(p, "address_family", "expected IPv4 or IPv6")),
    };
    let mut list: Vec<Value> = Vec::new();
    for (j, e) in entries.iter().enumerate() {
        let net = cidr(b, p, &format!("{field}[{j}].cidr"), e, v6)?;
        list.push(entry_value(net, e));
    }
    let name = name_of(&v.tags, set(&v.name), p).to_string();
    let mut o = json!({
        "PrefixListId": id,
        "PrefixListName": name,
        "AddressFamily": if v6 { "IPv6" } else { "IPv4" },
        "State": "create-complete",
        "Tags": name_tags(&name),
    });
    // An AWS-managed list has no max entries (the provider writes 0): its entries weigh.
    if let Some(n) = v.max_entries.filter(|n| *n > 0) {
        o["MaxEntries"] = json!(n);
    }
    if let Some(owner) = set(&v.owner_id) {
        o["OwnerId"] = json!(owner);
    }
    b.origin(&id, p);
    b.push("PrefixLists", o);
    b.lists.insert(id, list);
    Ok(())
}

/// `aws_ec2_managed_prefix_list_entry`: an entry added to its list (read before).
pub fn entry(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let e: PlEntry = b.read(p)?;
    let Some(id) = b.tree.one(p, "prefix_list_id", &e.prefix_list_id) else {
        return Err(b.error(p, "prefix_list_id", "a prefix list entry names its list"));
    };
    if !b.lists.contains_key(&id) {
        b.skip(
            p,
            format!("its prefix list {id} is not in the file, or its entries are not known"),
        );
        return Ok(());
    }
    let v6 = b
        .doc
        .get("PrefixLists")
        .and_then(Value::as_array)
        .and_then(|l| l.iter().find(|x| x["PrefixListId"] == json!(id)))
        .is_some_and(|x| x["AddressFamily"] == json!("IPv6"));
    let net = cidr(b, p, "cidr", &e, v6)?;
    let value = entry_value(net, &e);
    if let Some(list) = b.lists.get_mut(&id)
        && !list.iter().any(|x| x["Cidr"] == value["Cidr"])
    {
        list.push(value);
    }
    Ok(())
}
