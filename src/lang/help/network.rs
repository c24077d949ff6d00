//! The commands of the command table that say where things live: the account and region, VPCs,
//! subnets, peerings and network ACLs.

use super::parts::{CIDR, IPV6_CIDR, NACL, NACL_ENTRY, NAME, PEERING, RULE_NUMBER, SUBNET, VPC};
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw, Opt, Options};

pub(super) const ACCOUNT: CommandHelp = c(
    "account",
    "context",
    &[Kw("account"), Part::Slot(Slot::Account, "12 digits")],
    "switch to an account (created on first use, with its default VPC)",
    ["account 111122223333", "account 123456789012"],
);

pub(super) const REGION: CommandHelp = c(
    "region",
    "context",
    &[Kw("region"), Part::Slot(Slot::Region, "region")],
    "switch region (each account and region has its own default VPC)",
    ["region eu-west-1", "region us-east-1"],
);

pub(super) const CREATE_VPC: CommandHelp = c(
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
);

pub(super) const CREATE_SUBNET: CommandHelp = c(
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
);

pub(super) const DELETE_SUBNET: CommandHelp = c(
    "delete subnet",
    "topology",
    &[Kw("delete"), Kw("subnet"), SUBNET],
    "delete an empty subnet",
    ["delete subnet db-a", "delete subnet prod/db-a"],
);

pub(super) const DELETE_VPC: CommandHelp = c(
    "delete vpc",
    "topology",
    &[Kw("delete"), Kw("vpc"), VPC],
    "delete a VPC with no subnets, groups, network ACLs or peerings but its defaults",
    ["delete vpc staging", "delete vpc prod"],
);

pub(super) const CREATE_PEERING: CommandHelp = c(
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
);

pub(super) const DELETE_PEERING: CommandHelp = c(
    "delete peering",
    "topology",
    &[Kw("delete"), Kw("peering"), PEERING],
    "delete a peering: rules that reference groups across it become stale",
    [
        "delete peering prod-shared",
        "delete peering pcx-0123456789abcdef0",
    ],
);

pub(super) const CREATE_NACL: CommandHelp = c(
    "create nacl",
    "nacls",
    &[Kw("create"), Kw("nacl"), NAME, Kw("in"), VPC],
    "create a network ACL: it denies everything until entries are added",
    [
        "create nacl strict in prod",
        "create nacl dmz in vpc-0123456789abcdef0",
    ],
);

pub(super) const CREATE_NACL_ENTRY: CommandHelp = c(
    "create nacl-entry",
    "nacls",
    &[Kw("create"), Kw("nacl-entry"), NACL_ENTRY],
    "add a numbered entry: the lowest number that matches decides",
    [
        "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
        "create nacl-entry strict egress 100 allow tcp 1024-65535 to 0.0.0.0/0",
    ],
);

pub(super) const REPLACE_NACL_ENTRY: CommandHelp = c(
    "replace nacl-entry",
    "nacls",
    &[Kw("replace"), Kw("nacl-entry"), NACL_ENTRY],
    "replace the entry with that number",
    [
        "replace nacl-entry strict egress 100 allow all to 0.0.0.0/0",
        "replace nacl-entry prod/default ingress 100 deny all from 0.0.0.0/0",
    ],
);

pub(super) const DELETE_NACL_ENTRY: CommandHelp = c(
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
);

pub(super) const ASSOCIATE_NACL: CommandHelp = c(
    "associate nacl",
    "nacls",
    &[Kw("associate"), Kw("nacl"), NACL, Kw("with"), SUBNET],
    "make a subnet use this network ACL (one per subnet)",
    [
        "associate nacl strict with prod/web-a",
        "associate nacl default with prod/web-a",
    ],
);

pub(super) const DELETE_NACL: CommandHelp = c(
    "delete nacl",
    "nacls",
    &[Kw("delete"), Kw("nacl"), NACL],
    "delete a network ACL no subnet uses (not the default one)",
    ["delete nacl strict", "delete nacl prod/strict"],
);
