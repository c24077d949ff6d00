//! `lint`'s findings as SARIF 2.1.0 (`sgs lint WORLD --sarif FILE`), through `serde-sarif`'s
//! types. One run of the tool `sgs`, whose rules are the codes of LANGUAGE.md's table (each with
//! its severity as its default level; `info` is SARIF's `note`); one result per finding, located
//! at the world's file and, where the caller knows it, the line that made the finding's first
//! object, with every object as a logical location. The witness probe line is in the message and
//! in the result's properties (`witness`).

use crate::query::lint::{Code, Finding, Object};
use crate::query::{Lint, Severity};
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};
use std::collections::BTreeMap;

/// The schema a SARIF 2.1.0 log names.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a severity.
fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn level_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(code: Code) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(code.as_str())
        .short_description(
            MultiformatMessageString::builder()
                .text(code.describe())
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_word(code.severity())))
                .build(),
        )
        .build()
}

fn logical(o: &Object) -> LogicalLocation {
    let name = o.label().to_string();
    LogicalLocation::builder()
        .name(name)
        .fully_qualified_name(o.id.clone())
        .kind(o.kind.as_str())
        .build()
}

fn result(f: &Finding, uri: &str, line_of: &dyn Fn(&str) -> Option<usize>) -> SarifResult {
    let index = Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0);
    let artifact = ArtifactLocation::builder().uri(uri).build();
    let line = f.objects.first().and_then(|o| line_of(&o.id));
    let physical = match line.and_then(|n| i64::try_from(n).ok()) {
        Some(n) => PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(Region::builder().start_line(n).build())
            .build(),
        None => PhysicalLocation::builder()
            .artifact_location(artifact)
            .build(),
    };
    let location = Location::builder()
        .physical_location(physical)
        .logical_locations(f.objects.iter().map(logical).collect::<Vec<_>>())
        .build();
    let text = match &f.witness {
        Some(w) => format!("{} (witness: {w})", f.message),
        None => f.message.clone(),
    };
    let mut extra = BTreeMap::new();
    if let Some(w) = &f.witness {
        extra.insert("witness".to_string(), json!(w));
    }
    let builder = SarifResult::builder()
        .rule_id(f.code.as_str())
        .rule_index(i64::try_from(index).unwrap_or(0))
        .level(level(f.severity))
        .message(Message::builder().text(text).build())
        .locations(vec![location]);
    if extra.is_empty() {
        builder.build()
    } else {
        builder
            .properties(PropertyBag::builder().additional_properties(extra).build())
            .build()
    }
}

/// The SARIF log of one lint of the world at `uri`; `line_of` gives the line that made an object
/// (by id), where the world came from a session file.
pub fn sarif(
    lint: &Lint,
    uri: &str,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Result<String, String> {
    let driver = ToolComponent::builder()
        .name("sgs")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(Code::ALL.iter().map(|c| rule(*c)).collect::<Vec<_>>())
        .build();
    let results: Vec<SarifResult> = lint
        .findings
        .iter()
        .map(|f| result(f, uri, line_of))
        .collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).map_err(|e| e.to_string())
}
