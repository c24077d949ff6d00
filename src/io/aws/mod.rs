//! `import aws DIR`: a world from what `aws … describe-*` prints (LANGUAGE.md "Estates: import,
//! export, plans"; the shapes in interop/formats.md).
//!
//! Every `*.json` of the folder and its account/region sub-folders is read and recognised by its
//! top-level key, as Batfish does. The objects keep their AWS ids and their `Name` tags (else the
//! name or identifier AWS gives, else the id). The world is built from nothing, through the world
//! floor's primitives, in one pass per kind: VPCs with their network ACLs and groups (their rules
//! joined with `describe-security-group-rules` for the `sgr-` ids), subnets, peerings, instances
//! and their interfaces, then ElastiCache and RDS on the interfaces AWS made for them. What sgs
//! does not simulate is skipped and reported with the reason. A malformed file, a value AWS would
//! refuse or a reference to an object the data does not hold is an error that names the file,
//! the JSON path, the line and the column; the caller keeps its world.

mod files;
mod groups;
mod instances;
pub mod json;
mod network;
mod prefix_lists;
mod proto;
mod rds;
mod services;
mod shapes;
mod shapes_svc;

use crate::lang::error::Diagnostic;
use crate::vocab::Scope;
use crate::vocab::ids::{DEFAULT_ACCOUNT, DEFAULT_REGION};
use crate::vocab::import::{ImportReport, Skipped};
use crate::world::World;
use files::Describe;
pub use files::{Hint, Source};
use std::collections::HashMap;
use std::path::Path;

/// A world read from a folder, and the report of what was read and skipped.
pub struct Imported {
    pub world: World,
    pub report: ImportReport,
}

/// Where the describe-* documents of an import came from: what a skip says is missing is said
/// in the words of that input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Files of describe-* output (a folder, or one file).
    Files,
    /// A Terraform state or plan, read as describe-* output.
    Terraform,
}

impl Origin {
    /// Where a prefix list's entries would have been, for a skip that says they are not.
    pub fn entries_missing(self) -> &'static str {
        match self {
            Origin::Files => "whose entries are not in the folder",
            Origin::Terraform => "whose entries the file does not hold",
        }
    }
}

/// Imports the folder at `dir`; `shown` is how the user wrote it.
pub fn import_dir(dir: &Path, shown: &str) -> Result<Imported, Diagnostic> {
    import_sources(shown, files::sources(dir)?, Origin::Files)
}

/// A world argument of the command line as a session's text: a folder of describe-* output, or
/// a `.json` file (`terraform show -json` of a state, or one describe-* file), is the one line
/// `import aws "PATH"`, anything else the file's text (`sgs run`, `tui`, `play` and `repl` take
/// either).
pub fn world_script(path: &str) -> Result<String, Diagnostic> {
    let json_file = Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        && Path::new(path).is_file();
    if Path::new(path).is_dir() || json_file {
        let quoted = path.replace('\\', "\\\\").replace('"', "\\\"");
        return Ok(format!("import aws \"{quoted}\"\n"));
    }
    crate::io::files::read_script(Path::new(path), "ReadFailed")
}

/// One recognised file.
pub(crate) struct Doc {
    pub file: String,
    pub text: String,
    pub hint: Hint,
    pub d: Describe,
}

/// The kinds of object an import counts, in the report's order.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Vpc,
    Subnet,
    Group,
    Rule,
    PrefixList,
    Nacl,
    Peering,
    Instance,
    Eni,
    CacheCluster,
    ReplicationGroup,
    DbCluster,
    DbInstance,
}

const KINDS: [&str; 13] = [
    "VPCs",
    "subnets",
    "groups",
    "rules",
    "prefix lists",
    "network ACLs",
    "peerings",
    "instances",
    "interfaces",
    "cache clusters",
    "replication groups",
    "DB clusters",
    "DB instances",
];

/// The import under way: the files, the world being built, what was skipped.
pub(crate) struct Ctx {
    pub docs: Vec<Doc>,
    pub world: World,
    pub skipped: Vec<Skipped>,
    counts: [usize; 13],
    /// Each imported VPC's account and region.
    pub vpc_scope: HashMap<String, Scope>,
    /// Subnets left out (in a secondary CIDR block): what is in them is left out too.
    pub skipped_subnets: HashMap<String, String>,
    pub default_account: String,
    pub default_region: String,
    pub origin: Origin,
}

impl Ctx {
    pub fn count(&mut self, kind: Kind) {
        self.counts[kind as usize] += 1;
    }

    /// Notes something left out of the world, and why.
    pub fn skip(
        &mut self,
        doc: usize,
        at: String,
        what: impl Into<String>,
        why: impl Into<String>,
    ) {
        let file = self
            .docs
            .get(doc)
            .map(|d| d.file.clone())
            .unwrap_or_default();
        self.skipped.push(Skipped {
            file,
            at,
            what: what.into(),
            why: why.into(),
        });
    }

    /// An error about the value at `at` of document `doc`.
    pub fn error(&self, doc: usize, at: &str, what: &str) -> Diagnostic {
        let (file, text) = match self.docs.get(doc) {
            Some(d) => (d.file.as_str(), d.text.as_str()),
            None => ("", ""),
        };
        json::error_at(json::INVALID, file, text, at, what)
            .help("the data does not hold together; export every describe-* file of the account and region at once; the current world is kept")
    }

    /// The account and region of an object of `vpc`, else of its file's folder.
    pub fn scope_of_vpc(&self, vpc: &str) -> Option<Scope> {
        self.vpc_scope.get(vpc).cloned()
    }
}

/// Imports already-read files (the folder's, or a test's); `dir` names them in the report.
pub fn import_sources(
    dir: &str,
    sources: Vec<Source>,
    origin: Origin,
) -> Result<Imported, Diagnostic> {
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    let mut first_unread: Option<(String, String)> = None;
    for source in sources {
        let skip = |why: &str| Skipped {
            file: source.file.clone(),
            at: String::new(),
            what: "the file".into(),
            why: why.into(),
        };
        match files::read(&source)? {
            None => {
                skipped.push(skip(
                    "its top level is not a JSON object: not describe-* output",
                ));
                first_unread.get_or_insert((source.file.clone(), source.text.clone()));
            }
            Some(d) if d.is_empty() => {
                skipped.push(skip(
                    "it has none of the top-level keys sgs reads (Vpcs, SecurityGroups, …)",
                ));
                first_unread.get_or_insert((source.file.clone(), source.text.clone()));
            }
            Some(d) => docs.push(Doc {
                file: source.file,
                text: source.text,
                hint: source.hint,
                d,
            }),
        }
    }
    if docs.is_empty() {
        let what = format!(
            "no describe-* output here; sgs reads the top-level keys {}",
            files::KEYS
        );
        let e = match first_unread {
            Some((file, text)) => json::error_at("ImportFailed", &file, &text, "", &what),
            None => Diagnostic::new("ImportFailed", format!("{dir}: no JSON files: {what}")),
        };
        return Err(e.help(
            "export with `aws ec2 describe-vpcs --output json > describe-vpcs.json` and the like; the current world is kept",
        ));
    }
    let (default_account, default_region) = defaults(&docs);
    let mut ctx = Ctx {
        docs,
        world: blank_world(),
        skipped,
        counts: [0; 13],
        vpc_scope: HashMap::new(),
        skipped_subnets: HashMap::new(),
        default_account,
        default_region,
        origin,
    };
    let vpcs = network::read_vpcs(&mut ctx)?;
    let acls = network::nacls(&mut ctx, &vpcs)?;
    prefix_lists::prefix_lists(&mut ctx)?;
    let groups = groups::groups(&mut ctx, &vpcs)?;
    network::add_vpcs(&mut ctx, &vpcs, &groups, &acls);
    network::subnets(&mut ctx, &acls)?;
    network::peerings(&mut ctx)?;
    network::unsimulated(&mut ctx);
    let pool = instances::instances(&mut ctx)?;
    services::services(&mut ctx, pool)?;
    finish(ctx, dir)
}

/// The account and region of objects no folder and no owner id place: the first folder's, else
/// the first owner id and availability zone of the data, else sgs's defaults.
fn defaults(docs: &[Doc]) -> (String, String) {
    let account = docs
        .iter()
        .find_map(|d| d.hint.account.clone())
        .or_else(|| {
            docs.iter()
                .flat_map(|d| d.d.vpcs.iter().flatten())
                .find_map(|v| v.owner.clone())
        })
        .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string());
    let region = docs
        .iter()
        .find_map(|d| d.hint.region.clone())
        .or_else(|| {
            docs.iter()
                .flat_map(|d| d.d.subnets.iter().flatten())
                .find_map(|s| region_of_az(&s.az))
        })
        .unwrap_or_else(|| DEFAULT_REGION.to_string());
    (account, region)
}

/// The region of an availability zone: `us-east-1a` is in `us-east-1` (a Local Zone,
/// `us-east-1-bos-1a`, too).
pub(crate) fn region_of_az(az: &str) -> Option<String> {
    let parts: Vec<&str> = az.split('-').collect();
    for n in (3..=parts.len()).rev() {
        let candidate = parts[..n].join("-");
        let trimmed = candidate.trim_end_matches(|c: char| c.is_ascii_lowercase());
        if files::is_region(trimmed) {
            return Some(trimmed.to_string());
        }
    }
    None
}

/// A world with no account, region or object: `World::new` less its default VPC, its default
/// groups and its cache security group, removed through the world's own primitives.
fn blank_world() -> World {
    let mut w = World::new();
    let subnets: Vec<_> = w.subnets.keys().cloned().collect();
    for id in subnets {
        w.remove_subnet(&id);
    }
    let groups: Vec<_> = w.groups.keys().cloned().collect();
    for id in groups {
        w.remove_group(&id);
    }
    let nacls: Vec<_> = w.nacls.keys().cloned().collect();
    for id in nacls {
        w.remove_nacl(&id);
    }
    let vpcs: Vec<_> = w.vpcs.keys().cloned().collect();
    for id in vpcs {
        w.remove_vpc(&id);
    }
    w.scopes.clear();
    *w.services_mut() = Default::default();
    w
}

/// The imported world's scopes and the report; the world is checked whole before it is given.
fn finish(mut ctx: Ctx, dir: &str) -> Result<Imported, Diagnostic> {
    let mut scopes: Vec<Scope> = Vec::new();
    let mut vpcs: Vec<_> = ctx
        .world
        .vpcs
        .values()
        .map(|v| (v.seq, v.scope.clone()))
        .collect();
    vpcs.sort_by_key(|(seq, _)| *seq);
    for (_, s) in vpcs {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    if scopes.is_empty() {
        scopes.push(Scope::new(&ctx.default_account, &ctx.default_region));
    }
    for s in &scopes {
        ctx.world.scopes.push(s.clone());
        ctx.world.services_mut().ensure_scope(s);
    }
    ctx.world.scope = scopes[0].clone();
    super::integrity::check(&ctx.world).map_err(|broken| {
        Diagnostic::new(
            json::INVALID,
            format!(
                "{dir}: the imported objects do not hold together: {}",
                broken.why
            ),
        )
        .help("the current world is kept")
    })?;
    let read = KINDS
        .iter()
        .zip(ctx.counts)
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| (kind.to_string(), n))
        .collect();
    let report = ImportReport {
        dir: dir.to_string(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        read,
        files: ctx.docs.len(),
        skipped: ctx.skipped,
    };
    Ok(Imported {
        world: ctx.world,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_zones_name_their_region() {
        assert_eq!(region_of_az("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(
            region_of_az("us-gov-west-1b").as_deref(),
            Some("us-gov-west-1")
        );
        assert_eq!(
            region_of_az("us-east-1-bos-1a").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(region_of_az("nowhere"), None);
    }

    #[test]
    fn a_blank_world_has_nothing() {
        let w = blank_world();
        assert!(w.vpcs.is_empty() && w.groups.is_empty() && w.subnets.is_empty());
        assert!(w.scopes.is_empty());
    }
}
