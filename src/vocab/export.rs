//! What `export cli|terraform to FILE` wrote and what it left out, and why: the report an export
//! answers with.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The form an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// A bash script of AWS CLI commands.
    Cli,
    /// A Terraform configuration.
    Terraform,
}

impl ExportFormat {
    /// The word the command uses (`export cli`, `export terraform`).
    pub fn word(self) -> &'static str {
        match self {
            ExportFormat::Cli => "cli",
            ExportFormat::Terraform => "terraform",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Cli => "an AWS CLI script",
            ExportFormat::Terraform => "Terraform",
        })
    }
}

/// One thing of the world the export could not express.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// What it is: the object's kind and name or id (`instance web-1`, `rule sgr-…`).
    pub what: String,
    /// Why the export leaves it out.
    pub why: String,
}

/// The report of one export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportReport {
    pub format: ExportFormat,
    /// The file, as the user wrote it.
    pub file: String,
    /// The number of objects written, by kind (its plural, `VPCs`, `rules`, …), in a fixed
    /// order; kinds with none are left out.
    pub written: Vec<(String, usize)>,
    /// How many `import` blocks a Terraform export wrote (objects whose ids came from AWS).
    pub imports: usize,
    pub left_out: Vec<LeftOut>,
}

impl ExportReport {
    /// The text after `ok: `.
    pub fn summary(&self) -> String {
        let written: Vec<String> = self
            .written
            .iter()
            .map(|(k, n)| match n {
                1 => format!("1 {}", singular(k)),
                n => format!("{n} {k}"),
            })
            .collect();
        let mut s = format!(
            "exported {} to {}: {}",
            self.format,
            self.file,
            if written.is_empty() {
                "nothing".to_string()
            } else {
                written.join(", ")
            }
        );
        if self.format == ExportFormat::Terraform {
            let blocks = if self.imports == 1 { "block" } else { "blocks" };
            s.push_str(&format!("; {} import {blocks}", self.imports));
        }
        if !self.left_out.is_empty() {
            s.push_str(&format!("; {} left out", self.left_out.len()));
        }
        s
    }
}

fn singular(kind: &str) -> &str {
    match kind {
        "network ACL entries" => "network ACL entry",
        "addresses" => "address",
        k => k.strip_suffix('s').unwrap_or(k),
    }
}

impl LeftOut {
    /// `what: why`, as the text report lists it.
    pub fn line(&self) -> String {
        format!("{}: {}", self.what, self.why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words_and_says_what_was_left_out() {
        let r = ExportReport {
            format: ExportFormat::Cli,
            file: "lab.sh".into(),
            written: vec![
                ("VPCs".into(), 1),
                ("groups".into(), 3),
                ("network ACL entries".into(), 1),
            ],
            imports: 0,
            left_out: vec![LeftOut {
                what: "group legacy".into(),
                why: "EC2-Classic".into(),
            }],
        };
        assert_eq!(
            r.summary(),
            "exported an AWS CLI script to lab.sh: 1 VPC, 3 groups, 1 network ACL entry; 1 left out"
        );
    }
}
