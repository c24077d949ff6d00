//! The commands of the command table for looking at the world and for the session itself: `show`,
//! files, undo and redo, narration.

use super::parts::{ENDPOINT, GROUP, IN_NETWORK, INSTANCE, PACKET, SUBNET, VPC};
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw, Opt};

pub(super) const SHOW: CommandHelp = c(
    "show",
    "looking",
    &[
        Kw("show"),
        Choice(&[
            &[Kw("vpcs")],
            &[Kw("peerings")],
            &[Kw("prefix-lists")],
            &[Kw("clusters")],
            &[Kw("subnets"), IN_NETWORK],
            &[Kw("groups"), IN_NETWORK],
            &[Kw("instances"), IN_NETWORK],
            &[Kw("nacls"), IN_NETWORK],
            &[Kw("stale"), IN_NETWORK],
            &[Kw("group"), GROUP],
            &[Kw("instance"), INSTANCE],
            &[Kw("flows")],
            &[
                Kw("reach"),
                PACKET,
                Opt(&[Choice(&[&[Kw("in"), VPC], &[Kw("everywhere")]])]),
                Opt(&[Kw("from"), END_SET]),
                Opt(&[Kw("to"), END_SET]),
            ],
            &[Kw("exposure"), Opt(&[PACKET])],
        ]),
    ],
    "tables of the world (in classic: EC2-Classic's); stale: rules whose group is out of reach; \
     reach: the matrix of a packet's verdicts; exposure: what the internet can open",
    [
        "show groups in prod",
        "show reach tcp 5432 from group app to group db",
    ],
);

/// `group app`, `subnet prod/db-a`, `vpc prod` or an endpoint: the rows or columns of `show reach`.
const END_SET: Part = Part::Named(
    "set",
    &[Choice(&[
        &[Kw("group"), GROUP],
        &[Kw("subnet"), SUBNET],
        &[Kw("vpc"), VPC],
        &[ENDPOINT],
    ])],
);

pub(super) const LINT: CommandHelp = c(
    "lint",
    "looking",
    &[Kw("lint"), Opt(&[Kw("in"), VPC])],
    "findings about the whole world (or one VPC), each with its objects and a witness probe",
    ["lint", "lint in prod"],
);

pub(super) const SAVE: CommandHelp = c(
    "save",
    "files",
    &[Kw("save"), Part::Slot(Slot::Path, "file.ron")],
    "save the world",
    ["save lab.ron", "save \"my lab.ron\""],
);

pub(super) const LOAD: CommandHelp = c(
    "load",
    "files",
    &[Kw("load"), Part::Slot(Slot::Path, "file.ron")],
    "load a saved world (undo goes back)",
    ["load lab.ron", "load \"my lab.ron\""],
);

pub(super) const IMPORT_AWS: CommandHelp = c(
    "import aws",
    "files",
    &[Kw("import"), Kw("aws"), Part::Slot(Slot::Path, "folder")],
    "the world becomes an AWS account's describe-* JSON output (undo goes back)",
    [
        "import aws fixtures/account-a/",
        "import aws \"my account/\"",
    ],
);

pub(super) const EXPORT_CLI: CommandHelp = c(
    "export cli",
    "files",
    &[
        Kw("export"),
        Kw("cli"),
        Kw("to"),
        Part::Slot(Slot::Path, "file.sh"),
    ],
    "write a bash script of AWS CLI commands that builds this world in empty accounts, each account and region with its own credentials",
    ["export cli to lab.sh", "export cli to \"my lab.sh\""],
);

pub(super) const EXPORT_TERRAFORM: CommandHelp = c(
    "export terraform",
    "files",
    &[
        Kw("export"),
        Kw("terraform"),
        Kw("to"),
        Part::Slot(Slot::Path, "file.tf"),
    ],
    "write Terraform that declares this world: one resource per rule, import blocks for ids from AWS",
    [
        "export terraform to lab.tf",
        "export terraform to \"my lab.tf\"",
    ],
);

pub(super) const UNDO: CommandHelp = c(
    "undo",
    "files",
    &[Kw("undo")],
    "step back over the last command that changed the world, the flows or the clock",
    ["undo", "UNDO"],
);

pub(super) const REDO: CommandHelp = c(
    "redo",
    "files",
    &[Kw("redo")],
    "step forward again",
    ["redo", "REDO"],
);

pub(super) const RESET: CommandHelp = c(
    "reset",
    "files",
    &[Kw("reset")],
    "back to a fresh world (undo goes back)",
    ["reset", "RESET"],
);

pub(super) const ECHO: CommandHelp = c(
    "echo",
    "files",
    &[Kw("echo"), Opt(&[Part::Slot(Slot::Text, "text")])],
    "print narration",
    [
        "echo \"Step 2: let the app tier reach the cache\"",
        "echo done",
    ],
);

pub(super) const PAUSE: CommandHelp = c(
    "pause",
    "files",
    &[Kw("pause")],
    "in play mode, wait for a key",
    ["pause", "PAUSE"],
);

pub(super) const HELP: CommandHelp = c(
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
);

pub(super) const QUIT: CommandHelp = c(
    "quit",
    "files",
    &[Kw("quit")],
    "leave the REPL or the TUI; in a file, stop reading it",
    ["quit", "QUIT"],
);

pub(super) const EXIT: CommandHelp = c(
    "exit",
    "files",
    &[Kw("exit")],
    "the same as quit",
    ["exit", "EXIT"],
);
