//! Managed prefix lists, before the groups whose rules name them.
//!
//! A list the world's account owns is created with `create-managed-prefix-list` (its name, max
//! entries, address family and entries, and its `Name` tag) and its new id captured; a list AWS
//! manages exists in every account, under an id of its region, so the script looks it up by name.
//! Only the AWS lists a rule names are looked up. A list of another account or region is left
//! out, and so are the rules that name it (`groups`).

use super::Script;
use super::shell::{Arg, bare, json, lit, text, var};
use super::topology::{name_tag, query};
use crate::io::export::Kind;
use crate::vocab::Family;
use crate::world::prefix_list::{AWS_OWNER, PrefixList};
use serde_json::{Value, json};

pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    let mut lists: Vec<&PrefixList> = w.prefix_lists.values().collect();
    lists.sort_by_key(|l| l.seq);
    s.section("managed prefix lists");
    for l in lists {
        let aws = l.owner == AWS_OWNER;
        if aws && w.list_referrers(&l.id).next().is_none() {
            continue;
        }
        if l.scope != w.scope {
            s.tally.leave_out(
                format!("prefix list {} ({})", l.name, l.id),
                format!("it is in {}; the script builds {}", l.scope, w.scope),
            );
            continue;
        }
        if aws {
            look_up(s, l);
        } else {
            create(s, l);
        }
    }
}

/// An AWS-managed list, found by its name in the target account's region.
fn look_up(s: &mut Script<'_>, l: &PrefixList) {
    let mut a: Vec<Arg> = ["aws", "ec2", "describe-managed-prefix-lists", "--filters"]
        .map(bare)
        .into();
    a.push(Arg::Joined(vec![
        lit("Name=prefix-list-name,Values="),
        lit(text(&l.name)),
    ]));
    a.extend(query("PrefixLists[0].PrefixListId"));
    let v = s.capture(l.id.as_str(), "PL", &l.name, a);
    s.run_plain(vec![
        bare("found"),
        lit(format!("the AWS-managed prefix list {}", text(&l.name))),
        var(&v),
    ]);
}

/// A list of the account's own, created with its entries.
fn create(s: &mut Script<'_>, l: &PrefixList) {
    let family = match l.family {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    };
    let mut a: Vec<Arg> = [
        "aws",
        "ec2",
        "create-managed-prefix-list",
        "--prefix-list-name",
    ]
    .map(bare)
    .into();
    a.push(lit(text(&l.name)));
    a.push(bare("--max-entries"));
    a.push(bare(l.max_entries.max(1).to_string()));
    a.push(bare("--address-family"));
    a.push(bare(family));
    let entries: Vec<Value> = l
        .entries
        .iter()
        .map(|e| {
            let mut o = json!({"Cidr": e.cidr.to_string()});
            if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
                o["Description"] = json!(text(d));
            }
            o
        })
        .collect();
    if !entries.is_empty() {
        a.push(bare("--entries"));
        a.push(json(&Value::Array(entries)));
    }
    a.extend(name_tag("prefix-list", &l.name));
    a.extend(query("PrefixList.PrefixListId"));
    s.capture(l.id.as_str(), "PL", &l.name, a);
    s.tally.count(Kind::PrefixList);
}
