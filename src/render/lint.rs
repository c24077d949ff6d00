//! `lint`'s findings as text and as the JSON LANGUAGE.md "Machine-readable output" pins:
//! `findings: [{code, severity, objects: [...], witness}]` (`witness` a probe line or null;
//! each object by its name, or its id where it has none).
//!
//! The text gives each finding as `SEVERITY CODE: message`, then its objects and its witness on
//! indented lines, and ends with the count by severity.

use crate::query::{Lint, Severity};
use serde_json::{Value, json};
use std::fmt;

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(
                f,
                "{} {}: {}",
                finding.severity, finding.code, finding.message
            )?;
            let objects: Vec<String> = finding
                .objects
                .iter()
                .map(|o| match &o.name {
                    Some(name) => format!("{} {name} ({})", o.kind.as_str(), o.id),
                    None => format!("{} {}", o.kind.as_str(), o.id),
                })
                .collect();
            writeln!(f, "  objects: {}", objects.join(", "))?;
            if let Some(w) = &finding.witness {
                writeln!(f, "  witness: {w}")?;
            }
        }
        if self.findings.is_empty() {
            return write!(f, "no findings in {}", self.scope);
        }
        let count = |level: Severity| {
            let n = self.findings.iter().filter(|x| x.severity == level).count();
            let word = match level {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            match (n, level) {
                (1, _) | (_, Severity::Info) => format!("{n} {word}"),
                _ => format!("{n} {word}s"),
            }
        };
        let n = self.findings.len();
        write!(
            f,
            "{n} finding{} in {}: {}, {}, {}",
            if n == 1 { "" } else { "s" },
            self.scope,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        )
    }
}

/// The `findings` array.
pub fn findings(lint: &Lint) -> Value {
    let list: Vec<Value> = lint
        .findings
        .iter()
        .map(|f| {
            let objects: Vec<&str> = f.objects.iter().map(|o| o.label()).collect();
            json!({
                "code": f.code.as_str(),
                "severity": f.severity.as_str(),
                "objects": objects,
                "witness": f.witness,
            })
        })
        .collect();
    Value::Array(list)
}
