//! Terraform's `terraform show -json` as worlds (LANGUAGE.md "Estates: import, export, plans"):
//! a state's `values` is one world; a plan's `prior_state` is the world before and its
//! `planned_values` the world after (`sgs plan-check`).
//!
//! Each tree of resources (recursing into `child_modules`) is written as the describe-* JSON the
//! AWS import reads ([`crate::io::aws::import_sources`]), so one importer builds every world and
//! names, ids and what is skipped follow the same rules. Values a plan leaves unknown until
//! apply are resolved through the configuration's references, and ids nothing knows yet are
//! minted from the resource's address ([`tree`]), the same in both worlds. Objects are named by
//! their `Name` tag, else their own name, else their address. Resources sgs does not simulate
//! are reported as skipped, with the reason. A malformed file is refused with the file, the JSON
//! path, the line and the column.

mod build;
mod groups;
mod hosts;
mod network;
mod prefix_lists;
mod routes;
mod shapes;
mod tree;
mod values;

use crate::io::aws::{self, Hint, Imported, Source, json};
use crate::lang::error::Diagnostic;
use build::Build;
use shapes::{Configuration, Module, Show};
use std::path::Path;
use tree::{Placed, Tree};

/// The two worlds of a plan, and where each object came from.
pub struct PlanWorlds {
    pub before: Imported,
    pub after: Imported,
    /// Each object's id and the JSON path of its resource in the plan (the world after's first).
    pub origins: Vec<(String, String)>,
}

/// Whether a JSON text is `terraform show -json` output (a state or a plan) rather than
/// describe-* output.
pub fn is_terraform(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && text.contains("\"format_version\"")
        && (text.contains("\"root_module\""))
}

fn not_terraform(file: &str, what: &str) -> Diagnostic {
    Diagnostic::new(json::MALFORMED, format!("{file}: {what}")).help(
        "write it with `terraform show -json` (a state) or `terraform show -json PLANFILE` (a plan); the current world is kept",
    )
}

/// A state (or a plan's planned values) as a world.
pub fn state_world(file: &str, text: &str) -> Result<Imported, Diagnostic> {
    let show: Show = json::parse(file, text)?;
    if let Some(values) = &show.values {
        return world(file, text, &values.root_module, "values", None, None);
    }
    if let Some(planned) = &show.planned_values {
        let config = show.configuration.as_ref();
        let prior = show
            .prior_state
            .as_ref()
            .and_then(|s| s.values.as_ref())
            .map(|v| &v.root_module);
        return world(
            file,
            text,
            &planned.root_module,
            "planned_values",
            config,
            prior,
        );
    }
    Err(not_terraform(
        file,
        "no `values` or `planned_values`: not the output of `terraform show -json`",
    ))
}

/// A plan's worlds before and after.
pub fn plan_worlds(file: &str, text: &str) -> Result<PlanWorlds, Diagnostic> {
    let show: Show = json::parse(file, text)?;
    let Some(planned) = &show.planned_values else {
        return Err(not_terraform(
            file,
            "no `planned_values`: this is not a plan (write one with `terraform plan -out=p` and `terraform show -json p`)",
        ));
    };
    let config = show.configuration.as_ref();
    let empty = Module::default();
    let prior = show
        .prior_state
        .as_ref()
        .and_then(|s| s.values.as_ref())
        .map_or(&empty, |v| &v.root_module);
    let before = world(file, text, prior, "prior_state.values", config, None)?;
    let (after, mut origins) = world_with_origins(
        file,
        text,
        &planned.root_module,
        "planned_values",
        config,
        Some(prior),
    )?;
    let more = origins_of(file, text, prior, "prior_state.values", config)?;
    origins.extend(more);
    Ok(PlanWorlds {
        before,
        after,
        origins,
    })
}

/// A world argument that is a file: `terraform show -json` output, or one describe-* file; a
/// folder is a folder of describe-* files.
pub fn import_path(path: &Path, shown: &str) -> Result<Imported, Diagnostic> {
    if path.is_dir() {
        return aws::import_dir(path, shown);
    }
    let text = crate::io::files::read_text(path, "ImportFailed").map_err(|e| match e.help {
        Some(_) => e,
        None => e.help("the current world is kept"),
    })?;
    if is_terraform(&text) {
        return state_world(shown, &text);
    }
    let source = Source {
        file: shown.to_string(),
        text,
        hint: Hint::default(),
    };
    aws::import_sources(shown, vec![source], aws::Origin::Files)
}

fn world(
    file: &str,
    text: &str,
    root: &Module,
    path: &str,
    config: Option<&Configuration>,
    prior: Option<&Module>,
) -> Result<Imported, Diagnostic> {
    world_with_origins(file, text, root, path, config, prior).map(|(w, _)| w)
}

/// The objects' origins of a tree: (id, JSON path of its resource).
fn origins_of(
    file: &str,
    text: &str,
    root: &Module,
    path: &str,
    config: Option<&Configuration>,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let tree = Tree::new(root, path, config);
    Ok(describe(file, text, &tree)?.origins)
}

/// The world of one tree; `prior` is the prior state whose data sources a plan's planned
/// values leave out.
fn world_with_origins(
    file: &str,
    text: &str,
    root: &Module,
    path: &str,
    config: Option<&Configuration>,
    prior: Option<&Module>,
) -> Result<(Imported, Vec<(String, String)>), Diagnostic> {
    let tree = Tree::new(root, path, config).with_data(prior, "prior_state.values");
    let b = describe(file, text, &tree)?;
    let doc = serde_json::Value::Object(b.doc);
    let shown = format!("{file} ({path} as describe-* output)");
    let mut sources = vec![Source {
        file: shown.clone(),
        text: serde_json::to_string_pretty(&doc).unwrap_or_default(),
        hint: Hint::default(),
    }];
    // Each prefix list's entries as its `get-managed-prefix-list-entries` output, which the
    // import finds by the list's id in the name.
    for (id, entries) in &b.lists {
        let entries = serde_json::json!({"Entries": entries});
        sources.push(Source {
            file: format!("{shown}/{id}.entries.json"),
            text: serde_json::to_string_pretty(&entries).unwrap_or_default(),
            hint: Hint::default(),
        });
    }
    let mut imported = aws::import_sources(file, sources, aws::Origin::Terraform)?;
    imported.report.files = 1;
    // What the import skipped is told at the resource it came from.
    for s in imported.report.skipped.iter_mut() {
        if !s.file.starts_with(&shown) {
            continue;
        }
        s.file = file.to_string();
        // The id the skipped thing is named by comes first (`sgr-… (pl-…)`).
        s.at = b
            .origins
            .iter()
            .filter_map(|(id, at)| s.what.find(id.as_str()).map(|n| (n, at)))
            .min_by_key(|(n, _)| *n)
            .map(|(_, at)| at.clone())
            .unwrap_or_default();
    }
    imported.report.skipped.extend(b.skipped);
    Ok((imported, b.origins))
}

/// The kinds read into the world, in the order they are read.
const ORDER: [&str; 26] = [
    "aws_route_table",
    "aws_default_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_db_instance",
    "aws_vpc",
    "aws_subnet",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_vpc_peering_connection",
    "aws_ec2_managed_prefix_list",
    "aws_ec2_managed_prefix_list_entry",
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_instance",
    "aws_elasticache_subnet_group",
    "aws_db_subnet_group",
    "aws_elasticache_cluster",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
];

/// Kinds read for what they tell about others, or that hold nothing sgs simulates and nothing
/// worth a line in the report.
const QUIET: [&str; 1] = ["aws_internet_gateway"];

/// How a resource of a kind is read into the document.
type Step = fn(&mut Build<'_, '_>, &Placed<'_>) -> Result<(), Diagnostic>;

/// The kinds read one resource at a time, in the order they are read: what a resource names is
/// read before it (networks before their ACLs, routes and groups; lists and groups before rules).
const STEPS: &[(&str, Step)] = &[
    ("aws_vpc", network::vpc),
    ("aws_subnet", network::subnet),
    ("aws_network_acl", |b, p| network::nacl(b, p, false)),
    ("aws_default_network_acl", |b, p| network::nacl(b, p, true)),
    ("aws_network_acl_rule", network::nacl_rule),
    ("aws_network_acl_association", network::nacl_association),
    ("aws_route_table", |b, p| routes::table(b, p, false)),
    ("aws_default_route_table", |b, p| routes::table(b, p, true)),
    ("aws_route", routes::route),
    ("aws_route_table_association", |b, p| {
        routes::association(b, p, false)
    }),
    ("aws_main_route_table_association", |b, p| {
        routes::association(b, p, true)
    }),
    ("aws_vpc_peering_connection", network::peering),
    ("aws_ec2_managed_prefix_list", prefix_lists::list),
    ("aws_ec2_managed_prefix_list_entry", prefix_lists::entry),
    ("aws_security_group", groups::group),
    ("aws_default_security_group", groups::group),
    ("aws_security_group_rule", groups::legacy_rule),
    ("aws_vpc_security_group_ingress_rule", |b, p| {
        groups::vpc_rule(b, p, false)
    }),
    ("aws_vpc_security_group_egress_rule", |b, p| {
        groups::vpc_rule(b, p, true)
    }),
];

/// The describe-* document of one tree.
fn describe<'t, 'a>(
    file: &'t str,
    text: &'t str,
    tree: &'t Tree<'a>,
) -> Result<Build<'t, 'a>, Diagnostic> {
    let mut b = Build::new(file, text, tree);
    b.doc
        .insert("Vpcs".into(), serde_json::Value::Array(Vec::new()));
    let of = |kind: &str| -> Vec<&Placed<'a>> {
        tree.list.iter().filter(|p| p.res.kind == kind).collect()
    };
    for (kind, read) in STEPS {
        for p in of(kind) {
            read(&mut b, p)?;
        }
    }
    let instances = of("aws_instance");
    for p in &instances {
        hosts::claim(&mut b, p)?;
    }
    for p in &instances {
        hosts::instance(&mut b, p)?;
    }
    let mut subnet_groups = hosts::SubnetGroups::new();
    for p in of("aws_elasticache_subnet_group")
        .into_iter()
        .chain(of("aws_db_subnet_group"))
    {
        hosts::subnet_group(&b, p, &mut subnet_groups)?;
    }
    for p in of("aws_elasticache_cluster") {
        hosts::cache(&mut b, p, &subnet_groups)?;
    }
    let clusters = of("aws_rds_cluster");
    let members: Vec<&Placed<'a>> = of("aws_rds_cluster_instance")
        .into_iter()
        .chain(of("aws_db_instance"))
        .collect();
    hosts::databases(&mut b, &clusters, &members, &subnet_groups)?;
    for p in &tree.list {
        let kind = p.res.kind.as_str();
        let data = p.res.mode.as_deref() == Some("data");
        if ORDER.contains(&kind) || QUIET.contains(&kind) || data {
            continue;
        }
        let why = if kind.starts_with("aws_") {
            format!("sgs does not simulate {kind}")
        } else {
            format!("{kind} is not an AWS resource")
        };
        b.skip(p, why);
    }
    Ok(b)
}
