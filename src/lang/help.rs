//! The table of commands: one entry per command, with its family, its template (the command's
//! shape as data: keywords, slots, optional clauses), a one-line purpose and two examples.
//!
//! This table is the one source of truth for the shells: `help` prints each command's syntax
//! from its template, and `lang::complete` walks the same templates to complete words and hint the
//! rest of a command, so help, hints and completion cannot drift apart. Tests parse every example
//! with the parser and walk it through its template, so the table cannot drift from the parser.

use super::ast::Spanned;
use super::error::Diagnostic;
use super::template::{self, Part, Slot};
use Part::{Choice, Colon, Kw, List, Named, Opt, Options, Seq};
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

// ----- the parts templates share -----

const NAME: Part = Part::Slot(Slot::Name, "name");
const VPC: Part = Part::Slot(Slot::Vpc, "vpc");
const SUBNET: Part = Part::Slot(Slot::Subnet, "vpc/subnet");
const GROUP: Part = Part::Slot(Slot::Group, "group");
const GROUPS: Part = List(Slot::Group, "group");
const INSTANCE: Part = Part::Slot(Slot::Instance, "instance");
const CIDR: Part = Part::Slot(Slot::Cidr, "cidr");
const IPV6_CIDR: Part = Part::Slot(Slot::Cidr, "ipv6 cidr");
const PEERS: Part = List(Slot::Peer, "peer");
const IN_NETWORK: Part = Opt(&[Kw("in"), Part::Slot(Slot::Network, "vpc")]);
const NACL: Part = Part::Slot(Slot::Nacl, "nacl");
const PEERING: Part = Part::Slot(Slot::Peering, "peering");
const RULE_NUMBER: Part = Part::Slot(Slot::Number, "1-32766");
const ACTION: Part = Choice(&[&[Kw("allow")], &[Kw("deny")]]);
/// `strict ingress 90 deny tcp 22 from 198.51.100.0/24`: a network ACL entry.
const NACL_ENTRY: Part = Seq(&[
    NACL,
    Choice(&[
        &[Kw("ingress"), RULE_NUMBER, ACTION, PERM, Kw("from"), CIDR],
        &[Kw("egress"), RULE_NUMBER, ACTION, PERM, Kw("to"), CIDR],
    ]),
]);

/// `tcp 22`, `icmp echo-request`, `all`, `50`: a rule's protocol and ports, or a packet.
const PERM_FORMS: &[&[Part]] = &[
    &[Kw("tcp"), Opt(&[Part::Slot(Slot::Port, "ports")])],
    &[Kw("udp"), Opt(&[Part::Slot(Slot::Port, "ports")])],
    &[Kw("icmp"), Opt(&[Part::Slot(Slot::Icmp, "icmp type")])],
    &[
        Kw("icmpv6"),
        Opt(&[Part::Slot(Slot::Icmpv6, "icmpv6 type")]),
    ],
    &[Kw("all")],
    &[
        Part::Slot(Slot::Number, "protocol number"),
        Opt(&[Choice(&[
            &[Part::Slot(Slot::Port, "ports")],
            &[Part::Slot(Slot::Icmp, "icmp type")],
        ])]),
    ],
];
const PERM: Part = Named("perm", &[Choice(PERM_FORMS)]);
const PACKET: Part = Named("packet", &[Choice(PERM_FORMS)]);

const INGRESS: &[Part] = &[Kw("ingress"), PERM, Kw("from"), PEERS, Kw("to"), GROUP];
const EGRESS: &[Part] = &[Kw("egress"), PERM, Kw("from"), GROUP, Kw("to"), PEERS];
const DESCRIPTION: Part = Opt(&[Kw("description"), Part::Slot(Slot::Quoted, "text")]);

const ENDPOINT: Part = Named(
    "endpoint",
    &[Choice(&[
        &[Kw("internet")],
        &[Part::Slot(
            Slot::Endpoint,
            "instance, eni, cluster or address",
        )],
    ])],
);
const PROBE_ARGS: Part = Seq(&[
    PACKET,
    Kw("from"),
    ENDPOINT,
    Kw("to"),
    ENDPOINT,
    Opt(&[Kw("via"), Choice(&[&[Kw("public")], &[Kw("private")]])]),
    Opt(&[Kw("sport"), Part::Slot(Slot::Number, "port")]),
]);

/// `ssh request`: the next packet of a flow, one way.
const FLOW_PACKET: Part = Seq(&[
    Part::Slot(Slot::Flow, "flow"),
    Choice(&[&[Kw("request")], &[Kw("reply")]]),
]);

/// Every command of the language, by family.
pub const COMMANDS: &[CommandHelp] = &[
    c(
        "account",
        "context",
        &[Kw("account"), Part::Slot(Slot::Account, "12 digits")],
        "switch to an account (created on first use, with its default VPC)",
        ["account 111122223333", "account 123456789012"],
    ),
    c(
        "region",
        "context",
        &[Kw("region"), Part::Slot(Slot::Region, "region")],
        "switch region (each account and region has its own default VPC)",
        ["region eu-west-1", "region us-east-1"],
    ),
    c(
        "create vpc",
        "topology",
        &[
            Kw("create"),
            Kw("vpc"),
            NAME,
            CIDR,
            Opt(&[Kw("ipv6"), IPV6_CIDR]),
        ],
        "create a VPC with its default group and network ACL",
        [
            "create vpc prod 10.0.0.0/16",
            "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56",
        ],
    ),
    c(
        "create subnet",
        "topology",
        &[
            Kw("create"),
            Kw("subnet"),
            NAME,
            Kw("in"),
            VPC,
            CIDR,
            Options(&[
                &[Kw("ipv6"), IPV6_CIDR],
                &[Kw("az"), Part::Slot(Slot::Zone, "zone")],
                &[Kw("public")],
            ]),
        ],
        "create a subnet; public ones route to an internet gateway",
        [
            "create subnet web-a in prod 10.0.1.0/24 public",
            "create subnet db-a in prod 10.0.2.0/24 az us-east-1b",
        ],
    ),
    c(
        "delete subnet",
        "topology",
        &[Kw("delete"), Kw("subnet"), SUBNET],
        "delete an empty subnet",
        ["delete subnet db-a", "delete subnet prod/db-a"],
    ),
    c(
        "delete vpc",
        "topology",
        &[Kw("delete"), Kw("vpc"), VPC],
        "delete a VPC with no subnets, groups, network ACLs or peerings but its defaults",
        ["delete vpc staging", "delete vpc prod"],
    ),
    c(
        "create peering",
        "topology",
        &[
            Kw("create"),
            Kw("peering"),
            NAME,
            Kw("between"),
            VPC,
            Kw("and"),
            VPC,
        ],
        "an active VPC peering connection; the first VPC's account and region own it",
        [
            "create peering prod-shared between prod and shared",
            "create peering to-eu between prod and 111122223333/eu",
        ],
    ),
    c(
        "delete peering",
        "topology",
        &[Kw("delete"), Kw("peering"), PEERING],
        "delete a peering: rules that reference groups across it become stale",
        [
            "delete peering prod-shared",
            "delete peering pcx-0123456789abcdef0",
        ],
    ),
    c(
        "create group",
        "groups",
        &[
            Kw("create"),
            Kw("group"),
            NAME,
            Part::Slot(Slot::Quoted, "description"),
            Options(&[
                &[Choice(&[&[Kw("in"), VPC], &[Kw("classic")]])],
                &[Kw("id"), Part::Slot(Slot::PinnedId, "sg-readable")],
            ]),
        ],
        "create a security group (egress all, no ingress)",
        [
            "create group web \"Web servers\" in prod",
            "create group app \"App servers\" id sg-app",
        ],
    ),
    c(
        "delete group",
        "groups",
        &[Kw("delete"), Kw("group"), GROUP],
        "delete a group no interface uses and no group of its VPC references",
        ["delete group web", "delete group prod/web"],
    ),
    c(
        "authorize",
        "rules",
        &[Kw("authorize"), Choice(&[INGRESS, EGRESS]), DESCRIPTION],
        "add rules: one per peer, all or nothing",
        [
            "authorize ingress tcp 22 from 203.0.113.0/24 to web",
            "authorize egress tcp 3306 from web to sg-db",
        ],
    ),
    c(
        "revoke",
        "rules",
        &[
            Kw("revoke"),
            Choice(&[
                INGRESS,
                EGRESS,
                &[Kw("rule"), Part::Slot(Slot::RuleId, "sgr-id")],
            ]),
        ],
        "remove rules (matched by protocol, ports and peer)",
        [
            "revoke ingress tcp 80 from 0.0.0.0/0 to web",
            "revoke rule sgr-0123456789abcdef0",
        ],
    ),
    c(
        "update",
        "rules",
        &[Kw("update"), Choice(&[INGRESS, EGRESS]), DESCRIPTION],
        "set a rule's description, or remove it",
        [
            "update ingress tcp 22 from 203.0.113.0/24 to web description \"SSH from the office\"",
            "update ingress tcp 22 from 203.0.113.0/24 to web",
        ],
    ),
    c(
        "launch",
        "instances",
        &[
            Kw("launch"),
            NAME,
            Options(&[
                &[Choice(&[&[Kw("in"), SUBNET], &[Kw("classic")]])],
                &[Kw("ip"), Part::Slot(Slot::Address, "private ip")],
                &[Kw("ipv6"), Part::Slot(Slot::Address, "ipv6 address")],
                &[
                    Kw("public-ip"),
                    Opt(&[Part::Slot(Slot::Address, "public ip")]),
                ],
                &[Kw("groups"), GROUPS],
            ]),
        ],
        "launch an instance (the VPC's default group when none is given)",
        [
            "launch web-1 in prod/web-a ip 10.0.1.10 public-ip groups web",
            "launch web-2 in prod/web-a",
        ],
    ),
    c(
        "attach eni",
        "instances",
        &[
            Kw("attach"),
            Kw("eni"),
            NAME,
            Kw("to"),
            INSTANCE,
            Kw("in"),
            SUBNET,
            Opt(&[Kw("groups"), GROUPS]),
        ],
        "attach a secondary network interface",
        [
            "attach eni web-1-db to web-1 in prod/db-a groups db",
            "attach eni web-1-b to web-1 in prod/web-b",
        ],
    ),
    c(
        "modify instance",
        "instances",
        &[
            Kw("modify"),
            Kw("instance"),
            INSTANCE,
            Kw("groups"),
            Opt(&[GROUPS]),
        ],
        "replace the primary interface's groups",
        [
            "modify instance web-1 groups web, ssh",
            "modify instance web-2 groups default",
        ],
    ),
    c(
        "modify eni",
        "instances",
        &[
            Kw("modify"),
            Kw("eni"),
            Part::Slot(Slot::Eni, "eni"),
            Kw("groups"),
            Opt(&[GROUPS]),
        ],
        "replace an interface's groups",
        [
            "modify eni web-1-db groups db",
            "modify eni eni-0123456789abcdef0 groups db",
        ],
    ),
    c(
        "associate address",
        "instances",
        &[
            Kw("associate"),
            Kw("address"),
            Part::Slot(Slot::Address, "public ipv4"),
            Kw("with"),
            INSTANCE,
        ],
        "associate an Elastic IP",
        [
            "associate address 54.210.0.10 with web-1",
            "associate address 3.3.3.3 with web-2",
        ],
    ),
    c(
        "create nacl",
        "nacls",
        &[Kw("create"), Kw("nacl"), NAME, Kw("in"), VPC],
        "create a network ACL: it denies everything until entries are added",
        [
            "create nacl strict in prod",
            "create nacl dmz in vpc-0123456789abcdef0",
        ],
    ),
    c(
        "create nacl-entry",
        "nacls",
        &[Kw("create"), Kw("nacl-entry"), NACL_ENTRY],
        "add a numbered entry: the lowest number that matches decides",
        [
            "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
            "create nacl-entry strict egress 100 allow tcp 1024-65535 to 0.0.0.0/0",
        ],
    ),
    c(
        "replace nacl-entry",
        "nacls",
        &[Kw("replace"), Kw("nacl-entry"), NACL_ENTRY],
        "replace the entry with that number",
        [
            "replace nacl-entry strict egress 100 allow all to 0.0.0.0/0",
            "replace nacl-entry prod/default ingress 100 deny all from 0.0.0.0/0",
        ],
    ),
    c(
        "delete nacl-entry",
        "nacls",
        &[
            Kw("delete"),
            Kw("nacl-entry"),
            NACL,
            Choice(&[&[Kw("ingress")], &[Kw("egress")]]),
            RULE_NUMBER,
        ],
        "delete a numbered entry (the * entries stay)",
        [
            "delete nacl-entry strict ingress 90",
            "delete nacl-entry prod/default egress 100",
        ],
    ),
    c(
        "associate nacl",
        "nacls",
        &[Kw("associate"), Kw("nacl"), NACL, Kw("with"), SUBNET],
        "make a subnet use this network ACL (one per subnet)",
        [
            "associate nacl strict with prod/web-a",
            "associate nacl default with prod/web-a",
        ],
    ),
    c(
        "delete nacl",
        "nacls",
        &[Kw("delete"), Kw("nacl"), NACL],
        "delete a network ACL no subnet uses (not the default one)",
        ["delete nacl strict", "delete nacl prod/strict"],
    ),
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
    c(
        "stop",
        "instances",
        &[Kw("stop"), INSTANCE],
        "stop an instance (its public address is released)",
        ["stop web-1", "stop i-0123456789abcdef0"],
    ),
    c(
        "start",
        "instances",
        &[Kw("start"), INSTANCE],
        "start a stopped instance",
        ["start web-1", "start i-0123456789abcdef0"],
    ),
    c(
        "terminate",
        "instances",
        &[Kw("terminate"), INSTANCE],
        "terminate an instance and delete its interfaces",
        ["terminate web-2", "terminate i-0123456789abcdef0"],
    ),
    c(
        "probe",
        "packets",
        &[Kw("probe"), PROBE_ARGS],
        "can this connection be opened? the verdict and the deciding step",
        [
            "probe tcp 22 from internet to web-1",
            "probe icmp echo-request from web-1 to web-2",
        ],
    ),
    c(
        "trace",
        "packets",
        &[Kw("trace"), PROBE_ARGS],
        "every step of the way, every rule looked at, and the reply path",
        [
            "trace tcp 443 from internet to web-1 via public",
            "trace udp 53 from web-1 to 10.0.0.2",
        ],
    ),
    c(
        "expect",
        "packets",
        &[
            Kw("expect"),
            Choice(&[
                &[Choice(&[&[Kw("allow")], &[Kw("deny")]]), PROBE_ARGS],
                &[
                    Choice(&[&[Kw("allow")], &[Kw("deny")]]),
                    Kw("flow"),
                    FLOW_PACKET,
                ],
                &[
                    Kw("error"),
                    Opt(&[Part::Slot(Slot::ErrorCode, "Code")]),
                    Colon,
                    Part::Command,
                ],
                &[
                    Kw("output"),
                    Part::Slot(Slot::Quoted, "text"),
                    Colon,
                    Part::Command,
                ],
            ]),
        ],
        "assert a verdict, an error or an output (changes nothing)",
        [
            "expect allow tcp 22 from 203.0.113.7 to web-1",
            "expect error InvalidGroup.Duplicate: create group web \"again\"",
        ],
    ),
    c(
        "connect",
        "flows",
        &[
            Kw("connect"),
            PROBE_ARGS,
            Kw("as"),
            Part::Slot(Slot::Name, "flow"),
        ],
        "open a flow: its first packet and reply must pass (tracked or untracked)",
        [
            "connect tcp 22 from 203.0.113.7 to web-1 as ssh",
            "connect udp 53 from web-1 to 10.0.0.2 as dns",
        ],
    ),
    c(
        "send",
        "flows",
        &[Kw("send"), FLOW_PACKET],
        "send a flow's next packet that way now (refreshes its idle timer)",
        ["send ssh reply", "send dns request"],
    ),
    c(
        "trace flow",
        "flows",
        &[Kw("trace"), Kw("flow"), FLOW_PACKET],
        "every step of a flow's next packet, and the tracking entry it would use",
        ["trace flow ssh request", "trace flow dns reply"],
    ),
    c(
        "wait",
        "flows",
        &[Kw("wait"), Part::Slot(Slot::Duration, "30s|5m|2h|5d")],
        "move the simulated clock on: idle flows time out",
        ["wait 10m", "wait 5d"],
    ),
    c(
        "close",
        "flows",
        &[Kw("close"), Part::Slot(Slot::Flow, "flow")],
        "close a flow and forget it",
        ["close ssh", "close dns"],
    ),
    c(
        "show",
        "looking",
        &[
            Kw("show"),
            Choice(&[
                &[Kw("vpcs")],
                &[Kw("peerings")],
                &[Kw("clusters")],
                &[Kw("subnets"), IN_NETWORK],
                &[Kw("groups"), IN_NETWORK],
                &[Kw("instances"), IN_NETWORK],
                &[Kw("nacls"), IN_NETWORK],
                &[Kw("stale"), IN_NETWORK],
                &[Kw("group"), GROUP],
                &[Kw("instance"), INSTANCE],
                &[Kw("flows")],
            ]),
        ],
        "tables of the world (in classic: EC2-Classic's); stale: rules whose group is out of reach",
        ["show groups in prod", "show nacls in prod"],
    ),
    c(
        "lint",
        "looking",
        &[Kw("lint"), Opt(&[Kw("in"), VPC])],
        "findings about the whole world (or one VPC), each with its objects and a witness probe",
        ["lint", "lint in prod"],
    ),
    c(
        "save",
        "files",
        &[Kw("save"), Part::Slot(Slot::Path, "file.ron")],
        "save the world",
        ["save lab.ron", "save \"my lab.ron\""],
    ),
    c(
        "load",
        "files",
        &[Kw("load"), Part::Slot(Slot::Path, "file.ron")],
        "load a saved world (undo goes back)",
        ["load lab.ron", "load \"my lab.ron\""],
    ),
    c(
        "undo",
        "files",
        &[Kw("undo")],
        "step back over the last command that changed the world, the flows or the clock",
        ["undo", "UNDO"],
    ),
    c(
        "redo",
        "files",
        &[Kw("redo")],
        "step forward again",
        ["redo", "REDO"],
    ),
    c(
        "reset",
        "files",
        &[Kw("reset")],
        "back to a fresh world (undo goes back)",
        ["reset", "RESET"],
    ),
    c(
        "echo",
        "files",
        &[Kw("echo"), Opt(&[Part::Slot(Slot::Text, "text")])],
        "print narration",
        [
            "echo \"Step 2: let the app tier reach the cache\"",
            "echo done",
        ],
    ),
    c(
        "pause",
        "files",
        &[Kw("pause")],
        "in play mode, wait for a key",
        ["pause", "PAUSE"],
    ),
    c(
        "help",
        "files",
        &[
            Kw("help"),
            Opt(&[
                Part::Slot(Slot::Topic, "command"),
                Opt(&[Part::Slot(Slot::TopicWord, "word")]),
            ]),
        ],
        "this help; `help create group` for a command of two words",
        ["help authorize", "help create group"],
    ),
    c(
        "quit",
        "files",
        &[Kw("quit")],
        "leave the REPL or the TUI; in a file, stop reading it",
        ["quit", "QUIT"],
    ),
    c(
        "exit",
        "files",
        &[Kw("exit")],
        "the same as quit",
        ["exit", "EXIT"],
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
    ("services", "Managed services: ElastiCache and RDS"),
    ("packets", "Asking about packets"),
    ("flows", "Flows, connection tracking and time"),
    ("looking", "Looking at the world"),
    ("files", "Sessions and files"),
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

mod services;
#[cfg(test)]
mod tests;
