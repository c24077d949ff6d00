//! Managed services: `create cache-cluster|replication-group|cache-group|db-cluster|db-instance`
//! and `cache-ingress`, which `authorize` and `revoke` share. `modify`, `delete` and `show` name
//! these objects in their own rules.
//!
//! Engines, ports and counts are kept as written: `engine valkey`, `port 80` and `nodes 0` parse,
//! and the control plane answers them with AWS's codes.

use super::combinator::{keyword, one_of, options};
use super::input::{Fail, Input, PResult, Reason};
use super::instances::group_list;
use super::lex::{found_span, name, number, quoted, reference, ws};
use super::rules::peer;
use crate::lang::ast::{
    CacheIngress, CachePlace, CacheSpec, Command, DbClusterSpec, DbInstanceSpec, Ref,
    ServiceCommand, Span, Spanned,
};
use nom::combinator::{cut, map, opt};
use nom::error::context;
use nom::sequence::{preceded, tuple};

/// One option of `create cache-cluster` or `create replication-group`.
enum CacheOption {
    In(Ref),
    Classic(Span),
    Port(Spanned<i64>),
    /// `nodes N` or `replicas N`.
    Count(Spanned<i64>),
    Groups(Vec<Ref>),
    CacheGroups(Vec<Ref>),
}

impl CacheOption {
    fn slot(&self) -> usize {
        match self {
            CacheOption::In(_) | CacheOption::Classic(_) => 0,
            CacheOption::Port(_) => 1,
            CacheOption::Count(_) => 2,
            CacheOption::Groups(_) => 3,
            CacheOption::CacheGroups(_) => 4,
        }
    }
}

/// The options of `create cache-cluster`, in the order of `cache_option`.
const CACHE_OPTIONS: &[&str] = &["in", "classic", "port", "nodes", "groups", "cache-groups"];
const CACHE_MESSAGE: &str = "expected in, classic, port, nodes, groups or cache-groups";
/// The options of `create replication-group`, in the order of `replication_option`.
const REPLICATION_OPTIONS: &[&str] = &[
    "in",
    "classic",
    "port",
    "replicas",
    "groups",
    "cache-groups",
];
const REPLICATION_MESSAGE: &str = "expected in, classic, port, replicas, groups or cache-groups";

/// `NAME engine ENGINE { option }`, the shape both cache commands share.
fn cache_spec<'a>(
    i: Input<'a>,
    what: &'static str,
    option: fn(Input<'a>) -> PResult<'a, CacheOption>,
    message: &'static str,
    keywords: &'static [&'static str],
) -> PResult<'a, CacheSpec> {
    let (i, (name, _, engine)) = cut(tuple((
        context(what, name),
        keyword("engine"),
        context("an engine: redis or memcached", name),
    )))(i)?;
    let (i, found) = options(i, option, CacheOption::slot, message, keywords)?;
    let mut spec = CacheSpec {
        name,
        engine,
        place: CachePlace::DefaultVpc,
        port: None,
        count: None,
        groups: Vec::new(),
        cache_groups: Vec::new(),
    };
    for option in found {
        match option {
            CacheOption::In(subnet) => spec.place = CachePlace::Subnet(subnet),
            CacheOption::Classic(span) => spec.place = CachePlace::Classic(span),
            CacheOption::Port(port) => spec.port = Some(port),
            CacheOption::Count(n) => spec.count = Some(n),
            CacheOption::Groups(list) => spec.groups = list,
            CacheOption::CacheGroups(list) => spec.cache_groups = list,
        }
    }
    Ok((i, spec))
}

/// One cache option, with `count` the keyword in the count's place (`nodes`, `replicas`).
fn cache_option_of<'a>(
    i: Input<'a>,
    keywords: &'static [&'static str],
    message: &'static str,
    count: &'static str,
) -> PResult<'a, CacheOption> {
    let (j, (k, span)) = one_of(message, keywords)(i)?;
    match k {
        0 => map(
            cut(context("the subnet (prod/cache-a)", reference)),
            CacheOption::In,
        )(j),
        1 => Ok((j, CacheOption::Classic(span))),
        2 => map(cut(context("a port (6379)", number)), CacheOption::Port)(j),
        3 => map(cut(context(count, number)), CacheOption::Count)(j),
        4 => map(cut(context("the groups", group_list)), CacheOption::Groups)(j),
        _ => map(
            cut(context("the cache security groups", group_list)),
            CacheOption::CacheGroups,
        )(j),
    }
}

/// create_cache_cluster = "cache-cluster" name "engine" name { cache_option } ;
/// (* each option at most once; "in" and "classic" exclude each other *)
pub(super) fn create_cache_cluster(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("cache-cluster")(i)?;
    let what = "the cache cluster's name";
    let (i, spec) = cache_spec(i, what, cache_option, CACHE_MESSAGE, CACHE_OPTIONS)?;
    let command = ServiceCommand::CreateCacheCluster(spec);
    Ok((i, Command::Service(command)))
}

/// cache_option = "in" reference | "classic" | "port" number | "nodes" number
///              | "groups" group_list | "cache-groups" group_list ;
fn cache_option(i: Input<'_>) -> PResult<'_, CacheOption> {
    let count = "a number of nodes (1-40)";
    cache_option_of(i, CACHE_OPTIONS, CACHE_MESSAGE, count)
}

/// create_replication_group = "replication-group" name "engine" name { replication_option } ;
/// (* each option at most once; "in" and "classic" exclude each other *)
pub(super) fn create_replication_group(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("replication-group")(i)?;
    let what = "the replication group's name";
    let option = replication_option;
    let keywords = REPLICATION_OPTIONS;
    let (i, spec) = cache_spec(i, what, option, REPLICATION_MESSAGE, keywords)?;
    let command = ServiceCommand::CreateReplicationGroup(spec);
    Ok((i, Command::Service(command)))
}

/// replication_option = "in" reference | "classic" | "port" number | "replicas" number
///                    | "groups" group_list | "cache-groups" group_list ;
fn replication_option(i: Input<'_>) -> PResult<'_, CacheOption> {
    let count = "a number of replicas (0-5)";
    cache_option_of(i, REPLICATION_OPTIONS, REPLICATION_MESSAGE, count)
}

/// create_cache_group = "cache-group" name quoted ;
pub(super) fn create_cache_group(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("cache-group")(i)?;
    let (i, (name, description)) = cut(tuple((
        context("the cache security group's name", name),
        context("the description, in quotes", quoted),
    )))(i)?;
    let command = ServiceCommand::CreateCacheGroup { name, description };
    Ok((i, Command::Service(command)))
}

/// cache_ingress = "cache-ingress" reference "from" peer [ "owner" name ] ;
/// (* the EC2 group by name; a CIDR parses, and is refused *)
fn cache_ingress(i: Input<'_>) -> PResult<'_, CacheIngress> {
    let (i, _) = keyword("cache-ingress")(i)?;
    let account = context("the EC2 group's account (123456789012)", name);
    let owner = preceded(keyword("owner"), cut(account));
    let (i, (cache_group, _, ec2_group, owner)) = cut(tuple((
        context("the cache security group", reference),
        keyword("from"),
        context("the EC2 security group", peer),
        opt(owner),
    )))(i)?;
    let ingress = CacheIngress {
        cache_group,
        ec2_group,
        owner,
    };
    Ok((i, ingress))
}

/// `authorize cache-ingress …`.
pub(super) fn authorize_cache_ingress(i: Input<'_>) -> PResult<'_, Command> {
    let command = |c| Command::Service(ServiceCommand::AuthorizeCacheIngress(c));
    map(cache_ingress, command)(i)
}

/// `revoke cache-ingress …`.
pub(super) fn revoke_cache_ingress(i: Input<'_>) -> PResult<'_, Command> {
    let command = |c| Command::Service(ServiceCommand::RevokeCacheIngress(c));
    map(cache_ingress, command)(i)
}

/// One option of `create db-cluster` or `create db-instance`.
enum DbOption {
    In(Ref),
    Port(Spanned<i64>),
    Groups(Vec<Ref>),
}

impl DbOption {
    fn slot(&self) -> usize {
        match self {
            DbOption::In(_) => 0,
            DbOption::Port(_) => 1,
            DbOption::Groups(_) => 2,
        }
    }
}

/// The options of `create db-cluster` and `create db-instance`, in the order of `db_option`.
const DB_OPTIONS: &[&str] = &["in", "port", "groups"];
const DB_MESSAGE: &str = "expected in, port or groups";

/// What `db_option`s say: where (a VPC or a subnet), the port and the groups.
#[derive(Default)]
struct DbOptions {
    place: Option<Ref>,
    port: Option<Spanned<i64>>,
    groups: Vec<Ref>,
}

/// The options after the engine.
fn db_options(i: Input<'_>) -> PResult<'_, DbOptions> {
    let (i, found) = options(i, db_option, DbOption::slot, DB_MESSAGE, DB_OPTIONS)?;
    let mut out = DbOptions::default();
    for option in found {
        match option {
            DbOption::In(r) => out.place = Some(r),
            DbOption::Port(p) => out.port = Some(p),
            DbOption::Groups(list) => out.groups = list,
        }
    }
    Ok((i, out))
}

/// create_db_cluster = "db-cluster" name "engine" name { db_option } ;
/// (* each option at most once; "in" names the VPC *)
pub(super) fn create_db_cluster(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("db-cluster")(i)?;
    let (i, (name, _, engine)) = cut(tuple((
        context("the DB cluster's name", name),
        keyword("engine"),
        context("an engine: aurora-mysql or aurora-postgresql", name),
    )))(i)?;
    let (i, o) = db_options(i)?;
    let spec = DbClusterSpec {
        name,
        engine,
        vpc: o.place,
        port: o.port,
        groups: o.groups,
    };
    Ok((i, Command::Service(ServiceCommand::CreateDbCluster(spec))))
}

const DB_INSTANCE_FORMS: &[&str] = &["in", "engine"];

/// create_db_instance = "db-instance" name ( "in" "cluster" reference "subnet" reference
///                    | "engine" name { db_option } ) ;
/// (* each option at most once; "in" names the subnet *)
pub(super) fn create_db_instance(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("db-instance")(i)?;
    let form = one_of(
        "expected engine (a DB instance) or in cluster (a member of an Aurora DB cluster)",
        DB_INSTANCE_FORMS,
    );
    let (i, (db_name, (k, _))) = cut(tuple((context("the DB instance's name", name), form)))(i)?;
    if k == 0 {
        let i = match keyword("cluster")(i) {
            Ok((j, _)) => j,
            Err(_) => {
                let help = "a DB instance of its own names its engine first: create db-instance \
                            NAME engine postgres in VPC/SUBNET";
                return Fail::new(found_span(ws(i)), Reason::Keyword("cluster"))
                    .with_help(help)
                    .failure();
            }
        };
        let (i, (cluster, _, subnet)) = cut(tuple((
            context("the DB cluster", reference),
            keyword("subnet"),
            context("the subnet (prod/db-a)", reference),
        )))(i)?;
        let command = ServiceCommand::CreateDbMember {
            name: db_name,
            cluster,
            subnet,
        };
        return Ok((i, Command::Service(command)));
    }
    let engine = context(
        "an engine: mysql, mariadb, postgres, sqlserver-ee, oracle-ee, db2-se, …",
        name,
    );
    let (i, engine) = cut(engine)(i)?;
    let (i, o) = db_options(i)?;
    let spec = DbInstanceSpec {
        name: db_name,
        engine,
        subnet: o.place,
        port: o.port,
        groups: o.groups,
    };
    Ok((i, Command::Service(ServiceCommand::CreateDbInstance(spec))))
}

/// db_option = "in" reference | "port" number | "groups" group_list ;
fn db_option(i: Input<'_>) -> PResult<'_, DbOption> {
    let (j, (k, _)) = one_of(DB_MESSAGE, DB_OPTIONS)(i)?;
    match k {
        0 => map(
            cut(context("where: a VPC or a subnet", reference)),
            DbOption::In,
        )(j),
        1 => map(cut(context("a port (3306)", number)), DbOption::Port)(j),
        _ => map(cut(context("the groups", group_list)), DbOption::Groups)(j),
    }
}
