//! The commands of the command table for instances and their network interfaces.

use super::parts::{GROUPS, INSTANCE, NAME, SUBNET};
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw, Opt, Options};

pub(super) const LAUNCH: CommandHelp = c(
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
);

pub(super) const ATTACH_ENI: CommandHelp = c(
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
);

pub(super) const MODIFY_INSTANCE: CommandHelp = c(
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
);

pub(super) const MODIFY_ENI: CommandHelp = c(
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
);

pub(super) const ASSOCIATE_ADDRESS: CommandHelp = c(
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
);

pub(super) const STOP: CommandHelp = c(
    "stop",
    "instances",
    &[Kw("stop"), INSTANCE],
    "stop an instance (its public address is released)",
    ["stop web-1", "stop i-0123456789abcdef0"],
);

pub(super) const START: CommandHelp = c(
    "start",
    "instances",
    &[Kw("start"), INSTANCE],
    "start a stopped instance",
    ["start web-1", "start i-0123456789abcdef0"],
);

pub(super) const TERMINATE: CommandHelp = c(
    "terminate",
    "instances",
    &[Kw("terminate"), INSTANCE],
    "terminate an instance and delete its interfaces",
    ["terminate web-2", "terminate i-0123456789abcdef0"],
);
