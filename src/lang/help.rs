//! The table of commands: one entry per command, with its family, its template (the command's
//! shape as data: keywords, slots, optional clauses), a one-line purpose and two examples.
//!
//! This table is the one source of truth for the shells: `help` prints each command's syntax
//! from its template, and `lang::complete` walks the same templates to complete words and hint the
//! rest of a command, so help, hints and completion cannot drift apart. Tests parse every example
//! with the parser and walk it through its template, so the table cannot drift from the parser.
//!
//! The table lists the entries; each entry lives in the file of its part of the language
//! (`network`, `groups`, `instances`, `services`, `packets`, `session`), and the template parts
//! they share in `parts`.

use super::ast::Spanned;
use super::error::Diagnostic;
use super::template::{self, Part};
use std::fmt::Write as _;

/// One command's help.
#[derive(Clone, Copy, Debug)]
pub struct CommandHelp {
    /// The words that name the command (`create group`): its template's leading keywords.
    pub name: &'static str,
    pub family: &'static str,
    /// The command's shape, from its first keyword on.
    pub template: &'static [Part],
    pub purpose: &'static str,
    pub examples: [&'static str; 2],
}

impl CommandHelp {
    /// The command's syntax, one line per form (`authorize ingress …`, `authorize egress …`).
    pub fn syntax(&self) -> Vec<String> {
        template::syntax(self.template)
    }
}

const fn c(
    name: &'static str,
    family: &'static str,
    template: &'static [Part],
    purpose: &'static str,
    examples: [&'static str; 2],
) -> CommandHelp {
    CommandHelp {
        name,
        family,
        template,
        purpose,
        examples,
    }
}

/// Every command of the language, by family.
pub const COMMANDS: &[CommandHelp] = &[
    network::ACCOUNT,
    network::REGION,
    network::CREATE_VPC,
    network::CREATE_SUBNET,
    network::DELETE_SUBNET,
    network::DELETE_VPC,
    network::CREATE_PEERING,
    network::DELETE_PEERING,
    groups::CREATE_GROUP,
    groups::DELETE_GROUP,
    groups::CREATE_PREFIX_LIST,
    groups::DELETE_PREFIX_LIST,
    groups::AUTHORIZE,
    groups::REVOKE,
    groups::UPDATE,
    instances::LAUNCH,
    instances::ATTACH_ENI,
    instances::MODIFY_INSTANCE,
    instances::MODIFY_ENI,
    instances::ASSOCIATE_ADDRESS,
    network::CREATE_NACL,
    network::CREATE_NACL_ENTRY,
    network::REPLACE_NACL_ENTRY,
    network::DELETE_NACL_ENTRY,
    network::ASSOCIATE_NACL,
    network::DELETE_NACL,
    services::CREATE_CACHE_CLUSTER,
    services::CREATE_REPLICATION_GROUP,
    services::MODIFY_CACHE_CLUSTER,
    services::MODIFY_REPLICATION_GROUP,
    services::DELETE_CACHE_CLUSTER,
    services::DELETE_REPLICATION_GROUP,
    services::CREATE_CACHE_GROUP,
    services::AUTHORIZE_CACHE_INGRESS,
    services::REVOKE_CACHE_INGRESS,
    services::DELETE_CACHE_GROUP,
    services::CREATE_DB_CLUSTER,
    services::CREATE_DB_INSTANCE,
    services::MODIFY_DB_CLUSTER,
    services::MODIFY_DB_INSTANCE,
    services::DELETE_DB_INSTANCE,
    services::DELETE_DB_CLUSTER,
    instances::STOP,
    instances::START,
    instances::TERMINATE,
    packets::PROBE,
    packets::TRACE,
    packets::EXPECT,
    packets::CONNECT,
    packets::SEND,
    packets::TRACE_FLOW,
    packets::WAIT,
    packets::CLOSE,
    session::SHOW,
    session::LINT,
    whole::WHO,
    whole::WHAT,
    whole::WHY,
    whole::MARK,
    whole::DIFF,
    session::SAVE,
    session::LOAD,
    session::IMPORT_AWS,
    session::EXPORT_CLI,
    session::EXPORT_TERRAFORM,
    session::UNDO,
    session::REDO,
    session::RESET,
    session::ECHO,
    session::PAUSE,
    session::HELP,
    session::QUIT,
    session::EXIT,
    lessons::ASK,
    lessons::TASK,
    lessons::GOAL,
    lessons::GOALS,
];

/// The families, in the order help lists them.
const FAMILIES: &[(&str, &str)] = &[
    ("context", "Context"),
    ("topology", "Topology"),
    ("groups", "Security groups"),
    ("rules", "Rules"),
    ("instances", "Instances and network interfaces"),
    ("nacls", "Network ACLs"),
    ("services", "Managed services: ElastiCache and RDS"),
    ("packets", "Asking about packets"),
    ("flows", "Flows, connection tracking and time"),
    ("looking", "Looking at the world"),
    ("whole", "Whole-world questions"),
    ("files", "Sessions and files"),
    ("lessons", "Lessons and exercises"),
];

/// `help` (every command by family) or `help <command>`.
pub fn help(topic: Option<&Spanned<String>>) -> Result<String, Diagnostic> {
    let mut out = String::new();
    match topic {
        None => {
            let width = COMMANDS.iter().map(|c| c.name.len()).max().unwrap_or(0);
            for (family, title) in FAMILIES {
                let _ = writeln!(out, "{title}:");
                for cmd in COMMANDS.iter().filter(|c| c.family == *family) {
                    let _ = writeln!(out, "  {:<width$} {}", cmd.name, cmd.purpose);
                }
            }
            out.push_str(
                "help <command> shows its syntax and examples (help create group: one command).",
            );
            Ok(out)
        }
        Some(t) => {
            let word = t.node.to_ascii_lowercase();
            let matches = topic_commands(&word);
            if matches.is_empty() {
                let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
                let mut err =
                    Diagnostic::new("InvalidParameterValue", format!("no help for '{}'", t.node))
                        .at(t.span)
                        .label("not a command");
                if let Some(best) = super::suggest::did_you_mean(&word, names.iter().copied()) {
                    err = err.help(format!("did you mean {best}?"));
                }
                return Err(err);
            }
            for (i, cmd) in matches.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{} — {}", cmd.name, cmd.purpose);
                for line in cmd.syntax() {
                    let _ = writeln!(out, "  {line}");
                }
                let definitions = template::definitions(cmd.template);
                if !definitions.is_empty() {
                    out.push_str("where:\n");
                    for line in definitions {
                        let _ = writeln!(out, "  {line}");
                    }
                }
                out.push_str("examples:\n");
                for ex in cmd.examples {
                    let _ = writeln!(out, "  {ex}");
                }
            }
            Ok(out.trim_end().to_string())
        }
    }
}

/// The commands a help topic names: for one word, every command it begins (`create`: every
/// `create …`; `trace`: `trace` and `trace flow`); for two, the command of that name
/// (`create group`), else those of its first word (`show groups`: `show`).
fn topic_commands(topic: &str) -> Vec<&'static CommandHelp> {
    let of_first = |word: &str| -> Vec<&'static CommandHelp> {
        COMMANDS
            .iter()
            .filter(|c| c.name.split(' ').next() == Some(word))
            .collect()
    };
    match topic.split_once(' ') {
        None => of_first(topic),
        Some((word, _)) => {
            let exact: Vec<&CommandHelp> = COMMANDS.iter().filter(|c| c.name == topic).collect();
            if exact.is_empty() {
                of_first(word)
            } else {
                exact
            }
        }
    }
}

mod groups;
mod instances;
mod lessons;
mod network;
mod packets;
mod parts;
mod services;
mod session;
#[cfg(test)]
mod tests;
mod whole;
