//! The commands of the command table for security groups and their rules.

use super::parts::{DESCRIPTION, EGRESS, GROUP, INGRESS, NAME, PREFIX_LIST, VPC};
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw, Options};

pub(super) const CREATE_GROUP: CommandHelp = c(
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
);

pub(super) const DELETE_GROUP: CommandHelp = c(
    "delete group",
    "groups",
    &[Kw("delete"), Kw("group"), GROUP],
    "delete a group no interface uses and no group of its VPC references",
    ["delete group web", "delete group prod/web"],
);

pub(super) const CREATE_PREFIX_LIST: CommandHelp = c(
    "create prefix-list",
    "groups",
    &[
        Kw("create"),
        Kw("prefix-list"),
        NAME,
        Kw("entries"),
        Part::List(Slot::Cidr, "cidr"),
        Part::Opt(&[Kw("max-entries"), Part::Slot(Slot::Number, "n")]),
    ],
    "a managed prefix list, a rule peer (pl-… or prefix-list NAME); it weighs its max entries \
     in the rule quota",
    [
        "create prefix-list s3 entries 52.216.0.0/15, 54.231.0.0/16 max-entries 10",
        "create prefix-list office entries 198.51.100.0/24",
    ],
);

pub(super) const DELETE_PREFIX_LIST: CommandHelp = c(
    "delete prefix-list",
    "groups",
    &[Kw("delete"), Kw("prefix-list"), PREFIX_LIST],
    "delete a prefix list no rule references",
    ["delete prefix-list s3", "delete prefix-list office"],
);

pub(super) const AUTHORIZE: CommandHelp = c(
    "authorize",
    "rules",
    &[Kw("authorize"), Choice(&[INGRESS, EGRESS]), DESCRIPTION],
    "add rules: one per peer, all or nothing",
    [
        "authorize ingress tcp 22 from 203.0.113.0/24 to web",
        "authorize egress tcp 3306 from web to sg-db",
    ],
);

pub(super) const REVOKE: CommandHelp = c(
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
);

pub(super) const UPDATE: CommandHelp = c(
    "update",
    "rules",
    &[Kw("update"), Choice(&[INGRESS, EGRESS]), DESCRIPTION],
    "set a rule's description, or remove it",
    [
        "update ingress tcp 22 from 203.0.113.0/24 to web description \"SSH from the office\"",
        "update ingress tcp 22 from 203.0.113.0/24 to web",
    ],
);
