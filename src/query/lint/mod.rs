//! `lint`: findings about the whole world (LANGUAGE.md "Whole-world questions"), as data. Each
//! finding has a code of the table, its severity, the objects involved (names, ids where
//! unnamed), a message, and, where it is about traffic, a witness: a `probe` (or `trace`) line
//! whose answer shows it.
//!
//! The checks come in families, one file each: what the internet can open ([`exposure`]), how
//! groups are used ([`usage`]: unused groups, stale rules, endpoints in the default group only),
//! rules that add nothing ([`shadow`]), quotas ([`quota`]) and connection tracking
//! ([`tracking`]). Findings about traffic are decided by the data plane, not by reading rule
//! text: rule text only picks the packets worth asking about.
//!
//! The scope is the current account and region, or one VPC of it (`lint in prod`). Findings
//! come in the table's order of codes, then in the order the objects were created.

mod endpoints;
mod exposure;
mod quota;
mod shadow;
mod tracking;
mod usage;

use crate::vocab::{Diagnostic, Ref, SgId, VpcId};
use crate::world::World;
use crate::world::group::Group;
use crate::world::instance::Eni;
use std::fmt;

/// How serious a finding is; ordered, so `--fail-on warning` takes warnings and errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// `error`, `warning` or `info`, as `--fail-on` takes it.
    pub fn parse(word: &str) -> Option<Severity> {
        match word {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The codes of LANGUAGE.md's table, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    OpenAdminPort,
    UnusedGroup,
    StaleRule,
    ShadowedRule,
    NearQuota,
    QuotaExceeded,
    DefaultGroupInUse,
    UntrackedFlows,
}

impl Code {
    pub const ALL: [Code; 8] = [
        Code::OpenAdminPort,
        Code::UnusedGroup,
        Code::StaleRule,
        Code::ShadowedRule,
        Code::NearQuota,
        Code::QuotaExceeded,
        Code::DefaultGroupInUse,
        Code::UntrackedFlows,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::OpenAdminPort => "open-admin-port",
            Code::UnusedGroup => "unused-group",
            Code::StaleRule => "stale-rule",
            Code::ShadowedRule => "shadowed-rule",
            Code::NearQuota => "near-quota",
            Code::QuotaExceeded => "quota-exceeded",
            Code::DefaultGroupInUse => "default-group-in-use",
            Code::UntrackedFlows => "untracked-flows",
        }
    }

    /// The severity the table gives the code.
    pub fn severity(self) -> Severity {
        match self {
            Code::OpenAdminPort | Code::StaleRule | Code::QuotaExceeded => Severity::Error,
            Code::ShadowedRule | Code::NearQuota | Code::DefaultGroupInUse => Severity::Warning,
            Code::UnusedGroup | Code::UntrackedFlows => Severity::Info,
        }
    }

    /// What the code finds, in a line (SARIF's rule description).
    pub fn describe(self) -> &'static str {
        match self {
            Code::OpenAdminPort => {
                "the internet can open an administration, database or cache port of an endpoint"
            }
            Code::UnusedGroup => {
                "a group other than a default group with no members that no other group references"
            }
            Code::StaleRule => {
                "a rule whose referenced group is gone or no longer reachable by peering"
            }
            Code::ShadowedRule => {
                "a rule that allows nothing the group's other rules of its direction do not"
            }
            Code::NearQuota => "a group or an interface close to a rule quota",
            Code::QuotaExceeded => "a group or an interface past a quota",
            Code::DefaultGroupInUse => "an endpoint whose only group is its VPC's default group",
            Code::UntrackedFlows => {
                "an endpoint whose groups leave some flows untracked: revoking a rule cuts them at once"
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of object a finding names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Group,
    Rule,
    /// An endpoint: an instance, a named interface, a cache node or a DB instance.
    Endpoint,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Group => "group",
            ObjectKind::Rule => "rule",
            ObjectKind::Endpoint => "endpoint",
        }
    }
}

/// One object a finding is about: its name (`None` for a rule, which has none) and its id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Object {
    pub kind: ObjectKind,
    pub name: Option<String>,
    pub id: String,
}

impl Object {
    /// The object as a finding lists it: its name, or its id where it has none.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    fn group(g: &Group) -> Object {
        Object {
            kind: ObjectKind::Group,
            name: Some(g.name.clone()),
            id: g.id.to_string(),
        }
    }

    fn rule(id: &crate::vocab::RuleId) -> Object {
        Object {
            kind: ObjectKind::Rule,
            name: None,
            id: id.to_string(),
        }
    }

    fn endpoint(world: &World, eni: &Eni) -> Object {
        Object {
            kind: ObjectKind::Endpoint,
            name: Some(endpoints::name(world, eni)),
            id: eni.id.to_string(),
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub objects: Vec<Object>,
    pub message: String,
    /// A `probe` or `trace` line whose answer shows the finding, where it is about traffic.
    pub witness: Option<String>,
}

impl Finding {
    fn new(code: Code, objects: Vec<Object>, message: String) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            objects,
            message,
            witness: None,
        }
    }

    fn witness(mut self, line: String) -> Finding {
        self.witness = Some(line);
        self
    }
}

/// `lint`'s answer: what was looked at, and the findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    /// `123456789012/us-east-1`, or `vpc prod` for `lint in prod`.
    pub scope: String,
    pub findings: Vec<Finding>,
}

impl Lint {
    /// The findings at or above `level`.
    pub fn at_least(&self, level: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity >= level).count()
    }
}

/// What a lint looks at: the current account and region's groups and interfaces, or one VPC's.
struct Within<'w> {
    world: &'w World,
    vpc: Option<VpcId>,
}

impl<'w> Within<'w> {
    fn keeps(&self, scope: &crate::world::ids::Scope, vpc: Option<&VpcId>) -> bool {
        *scope == self.world.scope && self.vpc.as_ref().is_none_or(|v| vpc == Some(v))
    }

    /// The groups looked at, in creation order.
    fn groups(&self) -> Vec<&'w Group> {
        let mut list: Vec<&Group> = self
            .world
            .groups
            .values()
            .filter(|g| self.keeps(&g.scope, g.vpc.as_ref()))
            .collect();
        list.sort_by_key(|g| g.seq);
        list
    }

    /// The interfaces looked at, in creation order.
    fn enis(&self) -> Vec<&'w Eni> {
        let mut list: Vec<&Eni> = self
            .world
            .enis
            .values()
            .filter(|e| self.keeps(&e.scope, e.vpc.as_ref()))
            .collect();
        list.sort_by_key(|e| e.seq);
        list
    }
}

/// Lints the current account and region, or the VPC `vpc` of it.
pub fn lint(world: &World, vpc: Option<&Ref>) -> Result<Lint, Diagnostic> {
    let (vpc, scope) = match vpc {
        None => (None, world.scope.to_string()),
        Some(r) => {
            let v = world.resolve_vpc(r)?;
            if v.scope != world.scope {
                return Err(Diagnostic::new(
                    "InvalidVpcID.NotFound",
                    format!("The vpc ID '{r}' does not exist in {}", world.scope),
                )
                .at(r.span)
                .help("switch to its account and region first"));
            }
            (Some(v.id.clone()), format!("vpc {}", v.name))
        }
    };
    let scope_of = Within { world, vpc };
    let groups = scope_of.groups();
    let enis = scope_of.enis();
    let mut findings = Vec::new();
    findings.extend(exposure::open_admin_ports(world, &enis));
    findings.extend(usage::unused_groups(world, &groups));
    findings.extend(usage::stale_rules(world, &groups));
    findings.extend(shadow::shadowed_rules(world, &groups));
    findings.extend(quota::quotas(world, &groups, &enis));
    findings.extend(usage::default_group_only(world, &enis));
    findings.extend(tracking::untracked_flows(world, &enis));
    // Each family lists its findings in creation order; the codes keep the table's order.
    findings.sort_by_key(|f| f.code);
    Ok(Lint { scope, findings })
}

/// A group's members by group: every interface of any kind that has it, in the whole world.
fn members(world: &World) -> std::collections::HashMap<&SgId, usize> {
    let mut count = std::collections::HashMap::new();
    for eni in world.enis.values() {
        for g in &eni.groups {
            *count.entry(g).or_insert(0) += 1;
        }
    }
    count
}
