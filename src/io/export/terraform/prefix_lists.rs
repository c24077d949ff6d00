//! Managed prefix lists, before the rules that name them.
//!
//! A list the world's account owns is an `aws_ec2_managed_prefix_list` with one `entry` block per
//! entry (and an `import` block when its id came from AWS); a list AWS manages is read with the
//! data source of the same name, by its name, since its id is the region's. Only the AWS lists a
//! rule names are read. Rules name either as `….id`. A list of another account or region is left
//! out, and so are the rules that name it (`groups`).

use super::Config;
use super::hcl::Block;
use crate::io::export::Kind;
use crate::vocab::Family;
use crate::world::prefix_list::{AWS_OWNER, PrefixList};

pub(super) fn write(c: &mut Config<'_>) {
    let w = c.w;
    let mut lists: Vec<&PrefixList> = w.prefix_lists.values().collect();
    lists.sort_by_key(|l| l.seq);
    let mut headed = false;
    for l in lists {
        let used = w.list_referrers(&l.id).next().is_some();
        let aws = l.owner == AWS_OWNER;
        if aws && !used {
            continue;
        }
        if l.scope != w.scope {
            c.tally.leave_out(
                format!("prefix list {} ({})", l.name, l.id),
                format!("it is in {}", l.scope),
            );
            continue;
        }
        if !headed {
            c.comment("managed prefix lists");
            headed = true;
        }
        if aws {
            data(c, l);
        } else {
            resource(c, l);
        }
    }
}

/// `data "aws_ec2_managed_prefix_list"`: an AWS-managed list, by its name.
fn data(c: &mut Config<'_>, l: &PrefixList) {
    let kind = "data.aws_ec2_managed_prefix_list";
    let addr = c.address(kind, &l.name);
    let name = addr.rsplit('.').next().unwrap_or_default().to_string();
    let mut b = Block::new();
    b.str("name", &l.name);
    c.blocks
        .push(b.render(&format!("data \"aws_ec2_managed_prefix_list\" \"{name}\"")));
    c.addrs.insert(l.id.to_string(), addr);
}

/// `resource "aws_ec2_managed_prefix_list"` with its entries.
fn resource(c: &mut Config<'_>, l: &PrefixList) {
    let mut b = Block::new();
    b.str("name", &l.name);
    b.str(
        "address_family",
        match l.family {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        },
    );
    b.num("max_entries", l.max_entries.max(1));
    b.name_tag(&l.name);
    for e in &l.entries {
        let mut entry = Block::new();
        entry.str("cidr", &e.cidr.to_string());
        if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
            entry.str("description", d);
        }
        b.block("entry", entry);
    }
    let addr = c.address("aws_ec2_managed_prefix_list", &l.name);
    let import = c.imported(l.id.as_str());
    c.resource(l.id.as_str(), &addr, b, import);
    c.tally.count(Kind::PrefixList);
}
