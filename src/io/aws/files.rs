//! Finding the describe-* files of a folder: every `*.json` in it and in its sub-folders, each
//! with the account and region its folder names (`123456789012/us-east-1/`, Batfish's
//! `aws_configs/` layout), recognised by its top-level key.

use super::json;
use super::shapes::{
    NetworkAcl, NetworkInterface, PrefixList, PrefixListEntry, Reservation, RouteTable,
    SecurityGroup, SecurityGroupRule, Subnet, Vpc, VpcPeeringConnection,
};
use super::shapes_svc::{
    CacheCluster, CacheSecurityGroup, DbCluster, DbInstance, ReplicationGroup,
};
use crate::lang::error::Diagnostic;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// How deep sub-folders are read: `account/region/` under a snapshot's `aws_configs/` is three.
const MAX_DEPTH: usize = 6;
/// The most files a folder may hold: an account export is a few dozen.
const MAX_FILES: usize = 10_000;

/// The account and region a file's folders name, if they do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hint {
    pub account: Option<String>,
    pub region: Option<String>,
}

/// One JSON file's text, with the name errors show and its folder's hint.
pub struct Source {
    pub file: String,
    pub text: String,
    pub hint: Hint,
}

/// The top-level keys sgs reads (Batfish's convention): a file may hold any of them.
#[derive(Debug, Default, Deserialize)]
pub struct Describe {
    #[serde(rename = "Vpcs")]
    pub vpcs: Option<Vec<Vpc>>,
    #[serde(rename = "Subnets")]
    pub subnets: Option<Vec<Subnet>>,
    #[serde(rename = "SecurityGroups")]
    pub groups: Option<Vec<SecurityGroup>>,
    #[serde(rename = "SecurityGroupRules")]
    pub rules: Option<Vec<SecurityGroupRule>>,
    #[serde(rename = "Reservations")]
    pub reservations: Option<Vec<Reservation>>,
    #[serde(rename = "NetworkInterfaces")]
    pub enis: Option<Vec<NetworkInterface>>,
    #[serde(rename = "NetworkAcls")]
    pub nacls: Option<Vec<NetworkAcl>>,
    #[serde(rename = "VpcPeeringConnections")]
    pub peerings: Option<Vec<VpcPeeringConnection>>,
    #[serde(rename = "PrefixLists")]
    pub prefix_lists: Option<Vec<PrefixList>>,
    /// `get-managed-prefix-list-entries`: the entries of the list whose id the file's name holds.
    #[serde(rename = "Entries")]
    pub prefix_list_entries: Option<Vec<PrefixListEntry>>,
    #[serde(rename = "RouteTables")]
    pub route_tables: Option<Vec<RouteTable>>,
    #[serde(rename = "InternetGateways")]
    pub igws: Option<Vec<serde::de::IgnoredAny>>,
    #[serde(rename = "CacheClusters")]
    pub cache_clusters: Option<Vec<CacheCluster>>,
    #[serde(rename = "CacheSecurityGroups")]
    pub cache_groups: Option<Vec<CacheSecurityGroup>>,
    #[serde(rename = "ReplicationGroups")]
    pub replication_groups: Option<Vec<ReplicationGroup>>,
    #[serde(rename = "DBInstances")]
    pub db_instances: Option<Vec<DbInstance>>,
    #[serde(rename = "DBClusters")]
    pub db_clusters: Option<Vec<DbCluster>>,
}

/// The keys sgs reads, for messages.
pub const KEYS: &str = "Vpcs, Subnets, SecurityGroups, SecurityGroupRules, Reservations, \
NetworkInterfaces, NetworkAcls, VpcPeeringConnections, PrefixLists, Entries, RouteTables, \
InternetGateways, CacheClusters, CacheSecurityGroups, ReplicationGroups, DBInstances, DBClusters";

impl Describe {
    /// Whether the file held any key sgs reads.
    pub fn is_empty(&self) -> bool {
        self.vpcs.is_none()
            && self.subnets.is_none()
            && self.groups.is_none()
            && self.rules.is_none()
            && self.reservations.is_none()
            && self.enis.is_none()
            && self.nacls.is_none()
            && self.peerings.is_none()
            && self.prefix_lists.is_none()
            && self.prefix_list_entries.is_none()
            && self.route_tables.is_none()
            && self.igws.is_none()
            && self.cache_clusters.is_none()
            && self.cache_groups.is_none()
            && self.replication_groups.is_none()
            && self.db_instances.is_none()
            && self.db_clusters.is_none()
    }
}

/// Reads one source: its shape, or `None` when its top level is not an object (not AWS output).
pub fn read(source: &Source) -> Result<Option<Describe>, Diagnostic> {
    let first = source
        .text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    if first != Some('{') {
        return Ok(None);
    }
    json::parse(&source.file, &source.text).map(Some)
}

/// Whether a folder name is an AWS account id (12 digits).
fn is_account(name: &str) -> bool {
    name.len() == 12 && name.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a folder name is an AWS region (`us-east-1`, `us-gov-west-1`, `ap-southeast-2`).
pub fn is_region(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1]
            .parse::<u8>()
            .is_ok_and(|n| (1..=20).contains(&n))
}

/// Every `*.json` under `dir` (hidden files and folders left out), sorted, with its hint.
pub fn sources(dir: &Path) -> Result<Vec<Source>, Diagnostic> {
    let shown = dir.display().to_string();
    let fail = |why: String| {
        Diagnostic::new("ImportFailed", format!("cannot import {shown}: {why}"))
            .help("the current world is kept")
    };
    let meta = std::fs::metadata(dir).map_err(|e| fail(e.to_string()))?;
    if !meta.is_dir() {
        return Err(fail("it is not a folder".into())
            .help("import a folder of `aws … describe-* --output json` files"));
    }
    let mut found: Vec<(PathBuf, Hint)> = Vec::new();
    walk(dir, &Hint::default(), 0, &mut found).map_err(fail)?;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(found.len());
    for (path, hint) in found {
        let file = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let text = crate::io::files::read_text(&path, "ImportFailed").map_err(|e| {
            let message = e.message.replacen(&path.display().to_string(), &file, 1);
            Diagnostic::new(e.code, message).help("the current world is kept")
        })?;
        out.push(Source { file, text, hint });
    }
    Ok(out)
}

fn walk(
    dir: &Path,
    hint: &Hint,
    depth: usize,
    found: &mut Vec<(PathBuf, Hint)>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symbolic links are followed to what they name, as a shell's glob would.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth + 1 >= MAX_DEPTH {
                continue;
            }
            let mut sub = hint.clone();
            if is_account(&name) {
                sub.account = Some(name);
            } else if is_region(&name) {
                sub.region = Some(name);
            }
            walk(&path, &sub, depth + 1, found)?;
        } else if meta.is_file() && name.to_ascii_lowercase().ends_with(".json") {
            if found.len() >= MAX_FILES {
                return Err(format!("it holds more than {MAX_FILES} JSON files"));
            }
            found.push((path, hint.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_accounts_are_told_from_other_folder_names() {
        assert!(is_region("us-east-1"));
        assert!(is_region("us-gov-west-1"));
        assert!(is_region("ap-southeast-2"));
        assert!(!is_region("aws_configs"));
        assert!(!is_region("us-east"));
        assert!(is_account("123456789012"));
        assert!(!is_account("12345678901"));
    }
}
