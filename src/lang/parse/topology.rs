//! Context and topology: `account`, `region`, `create vpc|subnet|peering` (and the dispatch of
//! every `create`), `delete` (of every kind).

use super::combinator::{Rule, comma_list, dispatch, keyword, one_of, options};
use super::input::{Input, PResult, Reason};
use super::lex::{address, name, number, reference};
use super::nacls::{create_nacl, create_nacl_entry, delete_nacl_entry};
use super::rules::create_group;
use super::services::{
    create_cache_cluster, create_cache_group, create_db_cluster, create_db_instance,
    create_replication_group,
};
use crate::lang::ast::{Command, ServiceCommand, ServiceKind, Spanned};
use nom::combinator::{cut, map, opt};
use nom::error::context;
use nom::sequence::{preceded, tuple};

/// account = "account" name ;
pub(super) fn account(i: Input<'_>) -> PResult<'_, Command> {
    let account_id = context("an account id (111122223333)", name);
    map(
        preceded(keyword("account"), cut(account_id)),
        Command::Account,
    )(i)
}

/// region = "region" name ;
pub(super) fn region(i: Input<'_>) -> PResult<'_, Command> {
    let region_name = context("a region (eu-west-1)", name);
    map(
        preceded(keyword("region"), cut(region_name)),
        Command::Region,
    )(i)
}

const CREATE: &[&str] = &[
    "vpc",
    "subnet",
    "peering",
    "prefix-list",
    "group",
    "nacl",
    "nacl-entry",
    "cache-cluster",
    "replication-group",
    "cache-group",
    "db-cluster",
    "db-instance",
];
const CREATE_RULES: &[Rule<Command>] = &[
    create_vpc,
    create_subnet,
    create_peering,
    create_prefix_list,
    create_group,
    create_nacl,
    create_nacl_entry,
    create_cache_cluster,
    create_replication_group,
    create_cache_group,
    create_db_cluster,
    create_db_instance,
];

/// create = "create" ( create_vpc | create_subnet | create_peering | create_prefix_list
///        | create_group | create_nacl | create_nacl_entry | create_cache_cluster
///        | create_replication_group | create_cache_group | create_db_cluster | create_db_instance ) ;
pub(super) fn create(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("create")(i)?;
    let unknown = Reason::OneOf {
        message: "expected what to create: vpc, subnet, peering, prefix-list, group, nacl, \
                  nacl-entry, cache-cluster, replication-group, cache-group, db-cluster or \
                  db-instance",
        keywords: CREATE,
    };
    cut(|i| dispatch(i, CREATE, CREATE_RULES, unknown.clone()))(i)
}

/// create_vpc = "vpc" name address [ "ipv6" address ] ;
fn create_vpc(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("vpc")(i)?;
    let ipv6 = preceded(keyword("ipv6"), cut(context("an IPv6 CIDR", address)));
    let (i, (name, cidr, ipv6)) = cut(tuple((
        context("the VPC's name", name),
        context("the VPC's IPv4 CIDR (10.0.0.0/16)", address),
        opt(ipv6),
    )))(i)?;
    Ok((i, Command::CreateVpc { name, cidr, ipv6 }))
}

/// The options of `create subnet`, in the order of `subnet_option`.
const SUBNET_OPTIONS: &[&str] = &["ipv6", "az", "public"];

/// create_subnet = "subnet" name "in" reference address { subnet_option } ;
/// (* each option at most once *)
fn create_subnet(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("subnet")(i)?;
    let (i, (name, _, vpc, cidr)) = cut(tuple((
        context("the subnet's name", name),
        keyword("in"),
        context("the subnet's VPC", reference),
        context("the subnet's IPv4 CIDR (10.0.1.0/24)", address),
    )))(i)?;
    let (i, found) = options(
        i,
        subnet_option,
        |o| o.slot(),
        "expected ipv6, az or public",
        SUBNET_OPTIONS,
    )?;
    let (mut ipv6, mut az, mut public) = (None, None, false);
    for option in found {
        match option {
            SubnetOption::Ipv6(cidr) => ipv6 = Some(cidr),
            SubnetOption::Az(zone) => az = Some(zone),
            SubnetOption::Public => public = true,
        }
    }
    let subnet = Command::CreateSubnet {
        name,
        vpc,
        cidr,
        ipv6,
        az,
        public,
    };
    Ok((i, subnet))
}

/// One option of `create subnet`.
enum SubnetOption {
    Ipv6(Spanned<String>),
    Az(Spanned<String>),
    Public,
}

impl SubnetOption {
    fn slot(&self) -> usize {
        match self {
            SubnetOption::Ipv6(_) => 0,
            SubnetOption::Az(_) => 1,
            SubnetOption::Public => 2,
        }
    }
}

/// subnet_option = "ipv6" address | "az" name | "public" ;
fn subnet_option(i: Input<'_>) -> PResult<'_, SubnetOption> {
    let (j, (k, _)) = one_of("expected ipv6, az or public", SUBNET_OPTIONS)(i)?;
    match k {
        0 => map(cut(context("an IPv6 CIDR", address)), SubnetOption::Ipv6)(j),
        1 => map(
            cut(context("an availability zone (us-east-1a)", name)),
            SubnetOption::Az,
        )(j),
        _ => Ok((j, SubnetOption::Public)),
    }
}

/// create_peering = "peering" name "between" reference "and" reference ;
/// (* the peering belongs to the first VPC's account and region *)
fn create_peering(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("peering")(i)?;
    let (i, (name, _, requester, _, accepter)) = cut(tuple((
        context("the peering's name", name),
        keyword("between"),
        context("the first VPC (it owns the peering)", reference),
        keyword("and"),
        context("the other VPC (prod, or 111122223333/shared)", reference),
    )))(i)?;
    let peering = Command::CreatePeering {
        name,
        requester,
        accepter,
    };
    Ok((i, peering))
}

/// create_prefix_list = "prefix-list" name "entries" address { "," address } [ "max-entries" number ] ;
/// (* CIDRs of one family; max entries, the list's weight in the rule quota, defaults to their number *)
fn create_prefix_list(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("prefix-list")(i)?;
    let (i, (name, _, entries)) = cut(tuple((
        context("the prefix list's name", name),
        keyword("entries"),
        context(
            "the entries' CIDRs (52.216.0.0/15, 54.231.0.0/16)",
            comma_list(address, "a CIDR after ','"),
        ),
    )))(i)?;
    let max = preceded(
        keyword("max-entries"),
        cut(context("the most entries (10)", number)),
    );
    let (i, max_entries) = opt(max)(i)?;
    let list = Command::CreatePrefixList {
        name,
        entries,
        max_entries,
    };
    Ok((i, list))
}

const DELETE: &[&str] = &[
    "subnet",
    "vpc",
    "group",
    "peering",
    "nacl",
    "nacl-entry",
    "cache-cluster",
    "replication-group",
    "cache-group",
    "db-instance",
    "db-cluster",
    "prefix-list",
];
const DELETE_TARGETS: [&str; 12] = [
    "the subnet to delete",
    "the VPC to delete",
    "the group to delete",
    "the peering to delete",
    "the network ACL to delete",
    "",
    "the cache cluster to delete",
    "the replication group to delete",
    "the cache security group to delete",
    "the DB instance to delete",
    "the DB cluster to delete",
    "the prefix list to delete",
];

/// delete = "delete" ( delete_nacl_entry | ( "subnet" | "vpc" | "group" | "peering" | "nacl"
///        | "cache-cluster" | "replication-group" | "cache-group" | "db-instance" | "db-cluster"
///        | "prefix-list" ) reference ) ;
pub(super) fn delete(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("delete")(i)?;
    let message = "expected what to delete: subnet, vpc, group, peering, nacl, nacl-entry, \
                   cache-cluster, replication-group, cache-group, db-instance, db-cluster or \
                   prefix-list";
    let (j, (k, _)) = cut(one_of(message, DELETE))(i)?;
    if k == 5 {
        return cut(delete_nacl_entry)(i);
    }
    let target = DELETE_TARGETS.get(k).copied().unwrap_or("what to delete");
    let (j, target) = cut(context(target, reference))(j)?;
    let service = |kind, target| Command::Service(ServiceCommand::Delete { kind, target });
    let command = match k {
        0 => Command::DeleteSubnet(target),
        1 => Command::DeleteVpc(target),
        2 => Command::DeleteGroup(target),
        3 => Command::DeletePeering(target),
        4 => Command::DeleteNacl(target),
        6 => service(ServiceKind::CacheCluster, target),
        7 => service(ServiceKind::ReplicationGroup, target),
        8 => service(ServiceKind::CacheGroup, target),
        9 => service(ServiceKind::DbInstance, target),
        10 => service(ServiceKind::DbCluster, target),
        _ => Command::DeletePrefixList(target),
    };
    Ok((j, command))
}
