//! The table of commands: one entry per command, with its family, its syntax, a one-line purpose
//! and two examples. `help` prints from it, and a test parses every example, so help cannot drift
//! from the parser.

use super::ast::Spanned;
use super::error::Diagnostic;
use std::fmt::Write as _;

/// One command's help.
#[derive(Clone, Copy, Debug)]
pub struct CommandHelp {
    /// The words that name the command (`create group`).
    pub name: &'static str,
    pub family: &'static str,
    pub syntax: &'static str,
    pub purpose: &'static str,
    pub examples: [&'static str; 2],
}

const fn c(
    name: &'static str,
    family: &'static str,
    syntax: &'static str,
    purpose: &'static str,
    examples: [&'static str; 2],
) -> CommandHelp {
    CommandHelp {
        name,
        family,
        syntax,
        purpose,
        examples,
    }
}

/// Every command of the language, by family.
pub const COMMANDS: &[CommandHelp] = &[
    c(
        "account",
        "context",
        "account <12 digits>",
        "switch to an account (created on first use, with its default VPC)",
        ["account 111122223333", "account 123456789012"],
    ),
    c(
        "region",
        "context",
        "region <region>",
        "switch region (each account and region has its own default VPC)",
        ["region eu-west-1", "region us-east-1"],
    ),
    c(
        "create vpc",
        "topology",
        "create vpc <name> <cidr> [ipv6 <cidr>/56]",
        "create a VPC with its default group and network ACL",
        [
            "create vpc prod 10.0.0.0/16",
            "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56",
        ],
    ),
    c(
        "create subnet",
        "topology",
        "create subnet <name> in <vpc> <cidr> [ipv6 <cidr>/64] [az <zone>] [public]",
        "create a subnet; public ones route to an internet gateway",
        [
            "create subnet web-a in prod 10.0.1.0/24 public",
            "create subnet db-a in prod 10.0.2.0/24 az us-east-1b",
        ],
    ),
    c(
        "delete subnet",
        "topology",
        "delete subnet <subnet>",
        "delete an empty subnet",
        ["delete subnet db-a", "delete subnet prod/db-a"],
    ),
    c(
        "delete vpc",
        "topology",
        "delete vpc <vpc>",
        "delete a VPC with no subnets, groups, network ACLs or peerings but its defaults",
        ["delete vpc staging", "delete vpc prod"],
    ),
    c(
        "create peering",
        "topology",
        "create peering <name> between <vpc> and <vpc>",
        "an active VPC peering connection; the first VPC's account and region own it",
        [
            "create peering prod-shared between prod and shared",
            "create peering to-eu between prod and 111122223333/eu",
        ],
    ),
    c(
        "delete peering",
        "topology",
        "delete peering <peering>",
        "delete a peering: rules that reference groups across it become stale",
        [
            "delete peering prod-shared",
            "delete peering pcx-0123456789abcdef0",
        ],
    ),
    c(
        "create group",
        "groups",
        "create group <name> \"<description>\" [in <vpc> | classic] [id sg-<readable>]",
        "create a security group (egress all, no ingress)",
        [
            "create group web \"Web servers\" in prod",
            "create group app \"App servers\" id sg-app",
        ],
    ),
    c(
        "delete group",
        "groups",
        "delete group <group>",
        "delete a group no interface uses and no group of its VPC references",
        ["delete group web", "delete group prod/web"],
    ),
    c(
        "authorize",
        "rules",
        "authorize ingress <perm> from <peer>, … to <group> [description \"…\"]\nauthorize egress <perm> from <group> to <peer>, … [description \"…\"]",
        "add rules: one per peer, all or nothing",
        [
            "authorize ingress tcp 22 from 203.0.113.0/24 to web",
            "authorize egress tcp 3306 from web to sg-db",
        ],
    ),
    c(
        "revoke",
        "rules",
        "revoke ingress|egress <perm> from … to …\nrevoke rule sgr-…",
        "remove rules (matched by protocol, ports and peer)",
        [
            "revoke ingress tcp 80 from 0.0.0.0/0 to web",
            "revoke rule sgr-0123456789abcdef0",
        ],
    ),
    c(
        "update",
        "rules",
        "update ingress|egress <perm> from … to … [description \"…\"]",
        "set a rule's description, or remove it",
        [
            "update ingress tcp 22 from 203.0.113.0/24 to web description \"SSH from the office\"",
            "update ingress tcp 22 from 203.0.113.0/24 to web",
        ],
    ),
    c(
        "launch",
        "instances",
        "launch <name> [in <vpc>/<subnet> | classic] [ip <addr>] [ipv6 <addr>] [public-ip [<addr>]] [groups <group>, …]",
        "launch an instance (the VPC's default group when none is given)",
        [
            "launch web-1 in prod/web-a ip 10.0.1.10 public-ip groups web",
            "launch web-2 in prod/web-a",
        ],
    ),
    c(
        "attach eni",
        "instances",
        "attach eni <name> to <instance> in <subnet> [groups <group>, …]",
        "attach a secondary network interface",
        [
            "attach eni web-1-db to web-1 in prod/db-a groups db",
            "attach eni web-1-b to web-1 in prod/web-b",
        ],
    ),
    c(
        "modify instance",
        "instances",
        "modify instance <instance> groups <group>, …",
        "replace the primary interface's groups",
        [
            "modify instance web-1 groups web, ssh",
            "modify instance web-2 groups default",
        ],
    ),
    c(
        "modify eni",
        "instances",
        "modify eni <eni> groups <group>, …",
        "replace an interface's groups",
        [
            "modify eni web-1-db groups db",
            "modify eni eni-0123456789abcdef0 groups db",
        ],
    ),
    c(
        "associate address",
        "instances",
        "associate address <public ipv4> with <instance>",
        "associate an Elastic IP",
        [
            "associate address 54.210.0.10 with web-1",
            "associate address 3.3.3.3 with web-2",
        ],
    ),
    c(
        "create nacl",
        "nacls",
        "create nacl <name> in <vpc>",
        "create a network ACL: it denies everything until entries are added",
        [
            "create nacl strict in prod",
            "create nacl dmz in vpc-0123456789abcdef0",
        ],
    ),
    c(
        "create nacl-entry",
        "nacls",
        "create nacl-entry <nacl> ingress <1-32766> allow|deny <perm> from <cidr>\ncreate nacl-entry <nacl> egress <1-32766> allow|deny <perm> to <cidr>",
        "add a numbered entry: the lowest number that matches decides",
        [
            "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
            "create nacl-entry strict egress 100 allow tcp 1024-65535 to 0.0.0.0/0",
        ],
    ),
    c(
        "replace nacl-entry",
        "nacls",
        "replace nacl-entry <nacl> ingress|egress <number> allow|deny <perm> from|to <cidr>",
        "replace the entry with that number",
        [
            "replace nacl-entry strict egress 100 allow all to 0.0.0.0/0",
            "replace nacl-entry default ingress 100 deny all from 0.0.0.0/0",
        ],
    ),
    c(
        "delete nacl-entry",
        "nacls",
        "delete nacl-entry <nacl> ingress|egress <number>",
        "delete a numbered entry (the * entries stay)",
        [
            "delete nacl-entry strict ingress 90",
            "delete nacl-entry prod/default egress 100",
        ],
    ),
    c(
        "associate nacl",
        "nacls",
        "associate nacl <nacl> with <subnet>",
        "make a subnet use this network ACL (one per subnet)",
        [
            "associate nacl strict with prod/web-a",
            "associate nacl default with prod/web-a",
        ],
    ),
    c(
        "delete nacl",
        "nacls",
        "delete nacl <nacl>",
        "delete a network ACL no subnet uses (not the default one)",
        ["delete nacl strict", "delete nacl prod/strict"],
    ),
    c(
        "stop",
        "instances",
        "stop <instance>",
        "stop an instance (its public address is released)",
        ["stop web-1", "stop i-0123456789abcdef0"],
    ),
    c(
        "start",
        "instances",
        "start <instance>",
        "start a stopped instance",
        ["start web-1", "start i-0123456789abcdef0"],
    ),
    c(
        "terminate",
        "instances",
        "terminate <instance>",
        "terminate an instance and delete its interfaces",
        ["terminate web-2", "terminate i-0123456789abcdef0"],
    ),
    c(
        "probe",
        "packets",
        "probe <packet> from <endpoint> to <endpoint> [via public|private] [sport <n>]",
        "can this connection be opened? the verdict and the deciding step",
        [
            "probe tcp 22 from internet to web-1",
            "probe icmp echo-request from web-1 to web-2",
        ],
    ),
    c(
        "trace",
        "packets",
        "trace <packet> from <endpoint> to <endpoint> [via public|private] [sport <n>]",
        "every step of the way, every rule looked at, and the reply path",
        [
            "trace tcp 443 from internet to web-1 via public",
            "trace udp 53 from web-1 to 10.0.0.2",
        ],
    ),
    c(
        "expect",
        "packets",
        "expect allow|deny <packet> from … to …\nexpect error [<Code>]: <command>\nexpect output \"<text>\": <command>",
        "assert a verdict, an error or an output (changes nothing)",
        [
            "expect allow tcp 22 from 203.0.113.7 to web-1",
            "expect error InvalidGroup.Duplicate: create group web \"again\"",
        ],
    ),
    c(
        "show",
        "looking",
        "show vpcs | peerings | subnets|groups|instances|nacls|stale [in <vpc> | in classic] | group <group> | instance <instance>",
        "tables of the world; stale lists rules whose referenced group is gone or out of reach",
        ["show groups in prod", "show nacls in prod"],
    ),
    c(
        "save",
        "files",
        "save <file.ron>",
        "save the world",
        ["save lab.ron", "save \"my lab.ron\""],
    ),
    c(
        "load",
        "files",
        "load <file.ron>",
        "load a saved world (undo goes back)",
        ["load lab.ron", "load \"my lab.ron\""],
    ),
    c(
        "undo",
        "files",
        "undo",
        "step back over the last command that changed the world",
        ["undo", "UNDO"],
    ),
    c(
        "redo",
        "files",
        "redo",
        "step forward again",
        ["redo", "REDO"],
    ),
    c(
        "reset",
        "files",
        "reset",
        "back to a fresh world (undo goes back)",
        ["reset", "RESET"],
    ),
    c(
        "echo",
        "files",
        "echo \"<text>\"",
        "print narration",
        [
            "echo \"Step 2: let the app tier reach the cache\"",
            "echo done",
        ],
    ),
    c(
        "pause",
        "files",
        "pause",
        "in play mode, wait for a key",
        ["pause", "PAUSE"],
    ),
    c(
        "help",
        "files",
        "help [<command>]",
        "this help",
        ["help", "help authorize"],
    ),
];

/// The families, in the order help lists them.
const FAMILIES: &[(&str, &str)] = &[
    ("context", "Context"),
    ("topology", "Topology"),
    ("groups", "Security groups"),
    ("rules", "Rules"),
    ("instances", "Instances and network interfaces"),
    ("nacls", "Network ACLs"),
    ("packets", "Asking about packets"),
    ("looking", "Looking at the world"),
    ("files", "Sessions and files"),
];

/// `help` (every command by family) or `help <command>`.
pub fn help(topic: Option<&Spanned<String>>) -> Result<String, Diagnostic> {
    let mut out = String::new();
    match topic {
        None => {
            for (family, title) in FAMILIES {
                let _ = writeln!(out, "{title}:");
                for cmd in COMMANDS.iter().filter(|c| c.family == *family) {
                    let _ = writeln!(out, "  {:<18} {}", cmd.name, cmd.purpose);
                }
            }
            out.push_str("help <command> shows its syntax and examples.");
            Ok(out)
        }
        Some(t) => {
            let word = t.node.to_ascii_lowercase();
            let matches: Vec<&CommandHelp> = COMMANDS
                .iter()
                .filter(|c| c.name == word || c.name.split(' ').next() == Some(word.as_str()))
                .collect();
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
                for line in cmd.syntax.lines() {
                    let _ = writeln!(out, "  {line}");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_command;

    #[test]
    fn every_example_parses() {
        for cmd in COMMANDS {
            for ex in cmd.examples {
                match parse_command(ex) {
                    Ok(Some(_)) => {}
                    other => panic!(
                        "help example of {} does not parse: {ex}: {other:?}",
                        cmd.name
                    ),
                }
            }
        }
    }

    #[test]
    fn every_family_is_listed() {
        for cmd in COMMANDS {
            assert!(
                FAMILIES.iter().any(|(f, _)| *f == cmd.family),
                "{} is in the unknown family {}",
                cmd.name,
                cmd.family
            );
        }
    }

    #[test]
    fn help_for_a_word_lists_every_command_it_starts() {
        let topic = Spanned::new("associate".to_string(), crate::lang::ast::Span::new(0, 9));
        let text = help(Some(&topic)).unwrap_or_default();
        assert!(text.contains("associate address"), "{text}");
        assert!(text.contains("associate nacl"), "{text}");
    }
}
