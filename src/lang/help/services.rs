//! The managed-service commands of the command table: ElastiCache and RDS. Kept apart so the
//! table in `help.rs` only lists them.

use super::parts::{GROUPS, NAME, SUBNET, VPC};
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw, List, Opt, Options};

const CACHE_ENGINE: Part = Part::Slot(Slot::CacheEngine, "redis|memcached");
const DB_ENGINE: Part = Part::Slot(Slot::DbEngine, "engine");
const CACHE_CLUSTER: Part = Part::Slot(Slot::CacheCluster, "cache cluster");
const REPLICATION_GROUP: Part = Part::Slot(Slot::ReplicationGroup, "replication group");
const CACHE_GROUP: Part = Part::Slot(Slot::CacheGroup, "cache group");
const CACHE_GROUPS: Part = List(Slot::CacheGroup, "cache group");
const DB_INSTANCE: Part = Part::Slot(Slot::DbInstance, "db instance");
const DB_CLUSTER: Part = Part::Slot(Slot::DbCluster, "db cluster");
const PORT: Part = Part::Slot(Slot::Number, "port");
const WHERE: Part = Choice(&[&[Kw("in"), SUBNET], &[Kw("classic")]]);
const EC2_GROUP: &[Part] = &[
    Kw("from"),
    Part::Slot(Slot::Group, "ec2 group"),
    Opt(&[Kw("owner"), Part::Slot(Slot::Account, "12 digits")]),
];

pub(super) const CREATE_CACHE_CLUSTER: CommandHelp = c(
    "create cache-cluster",
    "services",
    &[
        Kw("create"),
        Kw("cache-cluster"),
        NAME,
        Kw("engine"),
        CACHE_ENGINE,
        Options(&[
            &[WHERE],
            &[Kw("port"), PORT],
            &[Kw("nodes"), Part::Slot(Slot::Number, "1-40")],
            &[Kw("groups"), GROUPS],
            &[Kw("cache-groups"), CACHE_GROUPS],
        ]),
    ],
    "an ElastiCache cluster (redis 6379, memcached 11211): VPC groups, or classic cache groups",
    [
        "create cache-cluster redis-1 engine redis in prod/cache-a groups sg-cache",
        "create cache-cluster sess-1 engine memcached classic nodes 2 cache-groups sessions",
    ],
);

pub(super) const CREATE_REPLICATION_GROUP: CommandHelp = c(
    "create replication-group",
    "services",
    &[
        Kw("create"),
        Kw("replication-group"),
        NAME,
        Kw("engine"),
        CACHE_ENGINE,
        Options(&[
            &[WHERE],
            &[Kw("port"), PORT],
            &[Kw("replicas"), Part::Slot(Slot::Number, "0-5")],
            &[Kw("groups"), GROUPS],
            &[Kw("cache-groups"), CACHE_GROUPS],
        ]),
    ],
    "a redis primary and its replicas (NAME-001, -002, …); probes go to the primary",
    [
        "create replication-group orders engine redis in prod/cache-a replicas 2 groups sg-cache",
        "create replication-group carts engine redis",
    ],
);

pub(super) const MODIFY_CACHE_CLUSTER: CommandHelp = c(
    "modify cache-cluster",
    "services",
    &[
        Kw("modify"),
        Kw("cache-cluster"),
        CACHE_CLUSTER,
        Choice(&[
            &[Kw("groups"), Opt(&[GROUPS])],
            &[Kw("cache-groups"), Opt(&[CACHE_GROUPS])],
        ]),
    ],
    "replace a VPC cache cluster's groups (on every node), or an EC2-Classic one's cache groups",
    [
        "modify cache-cluster redis-1 groups sg-cache, sg-extra",
        "modify cache-cluster sess-1 cache-groups sessions, reporting",
    ],
);

pub(super) const MODIFY_REPLICATION_GROUP: CommandHelp = c(
    "modify replication-group",
    "services",
    &[
        Kw("modify"),
        Kw("replication-group"),
        REPLICATION_GROUP,
        Kw("groups"),
        Opt(&[GROUPS]),
    ],
    "replace the groups of every cluster of a replication group",
    [
        "modify replication-group orders groups sg-cache",
        "modify replication-group orders groups cache, extra",
    ],
);

pub(super) const DELETE_CACHE_CLUSTER: CommandHelp = c(
    "delete cache-cluster",
    "services",
    &[Kw("delete"), Kw("cache-cluster"), CACHE_CLUSTER],
    "delete a cache cluster and its nodes (not a replication group's member)",
    [
        "delete cache-cluster memc-1",
        "delete cache-cluster redis-1",
    ],
);

pub(super) const DELETE_REPLICATION_GROUP: CommandHelp = c(
    "delete replication-group",
    "services",
    &[Kw("delete"), Kw("replication-group"), REPLICATION_GROUP],
    "delete a replication group and its clusters",
    [
        "delete replication-group orders",
        "delete replication-group carts",
    ],
);

pub(super) const CREATE_CACHE_GROUP: CommandHelp = c(
    "create cache-group",
    "services",
    &[
        Kw("create"),
        Kw("cache-group"),
        NAME,
        Part::Slot(Slot::Quoted, "description"),
    ],
    "an EC2-Classic cache security group (stored lowercase): access is off until authorized",
    [
        "create cache-group sessions \"Session cache clients\"",
        "create cache-group web-cache \"Web tier\"",
    ],
);

pub(super) const DELETE_CACHE_GROUP: CommandHelp = c(
    "delete cache-group",
    "services",
    &[Kw("delete"), Kw("cache-group"), CACHE_GROUP],
    "delete a cache security group no cluster uses (never default)",
    [
        "delete cache-group sessions",
        "delete cache-group web-cache",
    ],
);

pub(super) const AUTHORIZE_CACHE_INGRESS: CommandHelp = c(
    "authorize cache-ingress",
    "services",
    &[
        Kw("authorize"),
        Kw("cache-ingress"),
        CACHE_GROUP,
        Part::Seq(EC2_GROUP),
    ],
    "let an EC2-Classic group's instances reach the clusters using the cache group (never a CIDR)",
    [
        "authorize cache-ingress sessions from legacy owner 123456789012",
        "authorize cache-ingress default from legacy",
    ],
);

pub(super) const REVOKE_CACHE_INGRESS: CommandHelp = c(
    "revoke cache-ingress",
    "services",
    &[
        Kw("revoke"),
        Kw("cache-ingress"),
        CACHE_GROUP,
        Part::Seq(EC2_GROUP),
    ],
    "take an EC2 group's authorization back",
    [
        "revoke cache-ingress sessions from legacy owner 123456789012",
        "revoke cache-ingress default from legacy",
    ],
);

pub(super) const CREATE_DB_CLUSTER: CommandHelp = c(
    "create db-cluster",
    "services",
    &[
        Kw("create"),
        Kw("db-cluster"),
        NAME,
        Kw("engine"),
        DB_ENGINE,
        Options(&[
            &[Kw("in"), VPC],
            &[Kw("port"), PORT],
            &[Kw("groups"), GROUPS],
        ]),
    ],
    "an Aurora DB cluster (aurora-mysql 3306, aurora-postgresql 5432); its groups are its members'",
    [
        "create db-cluster orders-db engine aurora-mysql in prod groups sg-dbsrv1",
        "create db-cluster stats engine aurora-postgresql in prod port 5433",
    ],
);

pub(super) const CREATE_DB_INSTANCE: CommandHelp = c(
    "create db-instance",
    "services",
    &[
        Kw("create"),
        Kw("db-instance"),
        NAME,
        Choice(&[
            &[
                Kw("engine"),
                DB_ENGINE,
                Options(&[
                    &[Kw("in"), SUBNET],
                    &[Kw("port"), PORT],
                    &[Kw("groups"), GROUPS],
                ]),
            ],
            &[Kw("in"), Kw("cluster"), DB_CLUSTER, Kw("subnet"), SUBNET],
        ]),
    ],
    "an RDS DB instance (mysql, mariadb, postgres, sqlserver-ex, oracle-ee, db2-se, …), or a cluster's member",
    [
        "create db-instance reports engine postgres in prod/db-a groups db",
        "create db-instance orders-db-1 in cluster orders-db subnet prod/db-a",
    ],
);

pub(super) const MODIFY_DB_INSTANCE: CommandHelp = c(
    "modify db-instance",
    "services",
    &[
        Kw("modify"),
        Kw("db-instance"),
        DB_INSTANCE,
        Kw("groups"),
        Opt(&[GROUPS]),
    ],
    "replace a DB instance's groups (a cluster member's: the whole cluster's)",
    [
        "modify db-instance reports groups db",
        "modify db-instance orders-db-1 groups sg-dbsrv1",
    ],
);

pub(super) const MODIFY_DB_CLUSTER: CommandHelp = c(
    "modify db-cluster",
    "services",
    &[
        Kw("modify"),
        Kw("db-cluster"),
        DB_CLUSTER,
        Kw("groups"),
        Opt(&[GROUPS]),
    ],
    "replace a DB cluster's groups, on every member",
    [
        "modify db-cluster orders-db groups sg-dbsrv1, sg-audit",
        "modify db-cluster stats groups db",
    ],
);

pub(super) const DELETE_DB_INSTANCE: CommandHelp = c(
    "delete db-instance",
    "services",
    &[Kw("delete"), Kw("db-instance"), DB_INSTANCE],
    "delete a DB instance (a cluster's next member becomes its writer)",
    [
        "delete db-instance reports",
        "delete db-instance orders-db-1",
    ],
);

pub(super) const DELETE_DB_CLUSTER: CommandHelp = c(
    "delete db-cluster",
    "services",
    &[Kw("delete"), Kw("db-cluster"), DB_CLUSTER],
    "delete a DB cluster with no DB instances left",
    ["delete db-cluster orders-db", "delete db-cluster stats"],
);
