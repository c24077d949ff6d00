//! `export cli to FILE` and `export terraform to FILE`: the world written as what builds it in
//! AWS (LANGUAGE.md "Estates: import, export, plans"; the request shapes in interop/formats.md
//! §13 and the HCL shapes in interop/terraform.md).
//!
//! An export reads the world and changes nothing. It writes the objects of the current account
//! and region in the order AWS needs them (VPCs and subnets, peerings, network ACLs, prefix lists,
//! groups, then their rules, instances and interfaces, managed services), and reports what it
//! wrote, by kind, and what it could not express, with the reason: nothing is dropped silently.
//! The text is saved atomically, so a failed export leaves the old file.

pub mod cli;
pub mod terraform;

use crate::vocab::export::{ExportFormat, ExportReport, LeftOut};
use crate::vocab::ids;
use crate::world::World;
use crate::world::group::Rule;
use ipnet::Ipv6Net;
use std::path::Path;

/// The kinds of object an export counts, in the report's order.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Vpc,
    Subnet,
    Peering,
    Nacl,
    NaclEntry,
    PrefixList,
    Group,
    Rule,
    Instance,
    Eni,
    ElasticIp,
    CacheCluster,
    ReplicationGroup,
    DbCluster,
    DbInstance,
}

const KINDS: [&str; 15] = [
    "VPCs",
    "subnets",
    "peerings",
    "network ACLs",
    "network ACL entries",
    "prefix lists",
    "groups",
    "rules",
    "instances",
    "interfaces",
    "Elastic IPs",
    "cache clusters",
    "replication groups",
    "DB clusters",
    "DB instances",
];

/// What an export counted and left out so far.
#[derive(Default)]
pub(crate) struct Tally {
    counts: [usize; 15],
    pub imports: usize,
    pub left_out: Vec<LeftOut>,
}

impl Tally {
    pub fn count(&mut self, kind: Kind) {
        self.counts[kind as usize] += 1;
    }

    pub fn leave_out(&mut self, what: impl Into<String>, why: impl Into<String>) {
        self.left_out.push(LeftOut {
            what: what.into(),
            why: why.into(),
        });
    }

    /// Leaves a rule out: `ingress rule tcp 22 sg-… of group web`, and why.
    pub fn leave_out_rule(
        &mut self,
        direction: crate::vocab::Direction,
        rule: &Rule,
        group: &crate::world::group::Group,
        why: impl Into<String>,
    ) {
        let what = format!(
            "{} rule {} {} of group {}",
            direction.as_str(),
            rule.proto,
            rule.peer,
            group.name
        );
        self.leave_out(what, why);
    }

    fn report(self, format: ExportFormat, file: &str) -> ExportReport {
        let written = KINDS
            .iter()
            .zip(self.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        ExportReport {
            format,
            file: file.to_string(),
            written,
            imports: self.imports,
            left_out: self.left_out,
        }
    }
}

/// An export's text and its report.
pub struct Exported {
    pub text: String,
    pub report: ExportReport,
}

/// The world in `format`; `file` is how the user named the target (for the report).
pub fn export(world: &World, format: ExportFormat, file: &str) -> Exported {
    let (text, tally) = match format {
        ExportFormat::Cli => cli::script(world),
        ExportFormat::Terraform => terraform::config(world),
    };
    Exported {
        text,
        report: tally.report(format, file),
    }
}

/// Exports the world to `path`, atomically.
pub fn export_to(
    world: &World,
    format: ExportFormat,
    path: &str,
) -> Result<ExportReport, crate::vocab::Diagnostic> {
    let out = export(world, format, path);
    super::files::write_atomic(Path::new(path), &out.text)?;
    Ok(out.report)
}

/// Every account and region the world's objects are in, the current one first, the others in
/// order: an export writes each object in its own (a `cli` section, a Terraform provider).
pub(crate) fn scopes(w: &World) -> Vec<crate::vocab::ids::Scope> {
    use std::collections::BTreeSet;
    let mut all: BTreeSet<&crate::vocab::ids::Scope> = BTreeSet::new();
    all.extend(w.vpcs.values().map(|v| &v.scope));
    all.extend(
        w.groups
            .values()
            .filter(|g| g.vpc.is_some())
            .map(|g| &g.scope),
    );
    all.extend(w.instances.values().map(|i| &i.scope));
    all.extend(w.enis.values().map(|e| &e.scope));
    let sv = &w.services;
    all.extend(sv.cache_clusters.values().map(|c| &c.scope));
    all.extend(sv.replication_groups.values().map(|r| &r.scope));
    all.extend(sv.db_clusters.values().map(|c| &c.scope));
    all.extend(sv.db_instances.values().map(|d| &d.scope));
    let mut out = vec![w.scope.clone()];
    out.extend(all.into_iter().filter(|s| **s != w.scope).cloned());
    out
}

/// Whether sgs minted this id (from the world's counter) rather than reading it from AWS: an id
/// is sgs's own when its hex digits are the mint of a number the counter has passed. The mint is
/// a bijection, so the test is exact for every id sgs wrote, and an AWS id passes it only by a
/// one-in-2^40 chance for any world smaller than a trillion objects.
pub fn minted(world: &World, id: &str) -> bool {
    let Some((_, hex)) = id.split_once('-') else {
        return false;
    };
    if hex.len() != 17 {
        return false;
    }
    match u64::from_str_radix(hex, 16) {
        Ok(z) => {
            let n = ids::unmint(z);
            n >= 1 && n <= world.counter
        }
        Err(_) => false,
    }
}

/// The new bits and the index of a subnet's block within its VPC's.
pub(crate) fn subnet_offset(vpc: Ipv6Net, sub: Ipv6Net) -> Option<(u8, u128)> {
    if !vpc.contains(&sub) || sub.prefix_len() < vpc.prefix_len() {
        return None;
    }
    let bits = sub.prefix_len() - vpc.prefix_len();
    let shift = 128 - u32::from(sub.prefix_len());
    let k = (u128::from(sub.network()) - u128::from(vpc.network()))
        .checked_shr(shift)
        .unwrap_or(0);
    Some((bits, k))
}

/// A rule's description, if it has one worth writing.
pub(crate) fn description(rule: &Rule) -> Option<&str> {
    rule.description.as_deref().filter(|d| !d.is_empty())
}
