//! Managed services through the whole engine: ElastiCache in a VPC and in EC2-Classic, RDS and
//! Aurora. One behaviour per test, each error with AWS's code; every failed command is checked to
//! change nothing (`common::err`).

use crate::common::{allowed, err, err_code, ok, session};
use sgs::lang::complete;
use sgs::session::Session;

/// vpc prod with a public web subnet and private cache and db subnets; web-1 in group web; groups
/// cache (sg-cache, tcp 6379 and 11211 from web), extra (sg-extra) and db (tcp 3306 and 5432
/// from web); vpc staging with its own group.
const PROD: &str = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create subnet cache-a in prod 10.0.3.0/24
create subnet db-a in prod 10.0.2.0/24
create group web \"Web\" in prod
create group cache \"Cache\" in prod id sg-cache
create group extra \"Extra\" in prod id sg-extra
create group db \"DB\" in prod id sg-db
authorize ingress tcp 6379 from web to sg-cache
authorize ingress tcp 11211 from web to sg-cache
authorize ingress tcp 3306 from web to sg-db
authorize ingress tcp 5432 from web to sg-db
launch web-1 in prod/web-a public-ip groups web
launch other-1 in prod/web-a
create vpc staging 10.1.0.0/16
create group stage \"Staging\" in staging";

fn prod() -> Session {
    session(PROD)
}

// ----- ElastiCache in a VPC -----

#[test]
fn a_cache_cluster_listens_on_its_engines_port_or_the_one_given() {
    let mut s = prod();
    let line = ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/cache-a groups sg-cache",
    );
    assert!(line.contains("(redis, port 6379)"), "{line}");
    assert!(line.contains("node #1 10.0.3.4"), "{line}");
    let line = ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a groups sg-cache",
    );
    assert!(line.contains("(memcached, port 11211)"), "{line}");
    ok(
        &mut s,
        "create cache-cluster redis-2 engine redis in prod/cache-a port 6380 groups sg-cache",
    );
    assert!(allowed(&mut s, "tcp 6379 from web-1 to redis-1"));
    assert!(allowed(&mut s, "tcp 11211 from web-1 to memc-1"));
    // Groups decide, not what listens: redis-2's groups allow 6379, not its port 6380.
    assert!(allowed(&mut s, "tcp 6379 from web-1 to redis-2"));
    assert!(!allowed(&mut s, "tcp 6380 from web-1 to redis-2"));
    assert!(!allowed(&mut s, "tcp 6379 from other-1 to redis-1"));
    for bad in ["0", "70000"] {
        err_code(
            &mut s,
            &format!("create cache-cluster x engine redis in prod/cache-a port {bad}"),
            "InvalidParameterValue",
        );
    }
}

#[test]
fn each_node_has_its_own_address_and_is_probed_as_name_hash_k() {
    let mut s = prod();
    let line = ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a nodes 3 groups sg-cache",
    );
    assert!(
        line.contains("nodes #1 10.0.3.4, #2 10.0.3.5, #3 10.0.3.6"),
        "{line}"
    );
    ok(&mut s, "revoke ingress tcp 11211 from web to sg-cache");
    ok(
        &mut s,
        "authorize ingress tcp 11211 from 10.0.1.4/32 to sg-cache",
    );
    assert!(allowed(&mut s, "tcp 11211 from web-1 to memc-1#2"));
    // A node's address names the node: memc-1#3 is no 10.0.1.4.
    assert!(!allowed(&mut s, "tcp 11211 from 10.0.3.6 to memc-1#1"));
    let out = ok(&mut s, "trace tcp 11211 from web-1 to memc-1#3");
    assert!(out.contains("-> 10.0.3.6:11211"), "{out}");
    let e = err_code(
        &mut s,
        "probe tcp 11211 from web-1 to memc-1#4",
        "InvalidEndpoint.NotFound",
    );
    assert_eq!(e.help.as_deref(), Some("memc-1 has nodes #1 to #3"));
}

#[test]
fn node_counts_follow_aws() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create cache-cluster r engine redis in prod/cache-a nodes 2",
        "InvalidParameterValue",
    );
    assert!(e.message.contains("NumCacheNodes parameter greater than 1"));
    assert!(e.help.is_some_and(|h| h.contains("replication-group")));
    err_code(
        &mut s,
        "create cache-cluster m engine memcached in prod/cache-a nodes 0",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create cache-cluster m engine memcached in prod/cache-a nodes 41",
        "NodeQuotaForClusterExceeded",
    );
    ok(
        &mut s,
        "create cache-cluster m engine memcached in prod/cache-a nodes 40",
    );
}

#[test]
fn the_cache_node_quota_is_per_account_and_region() {
    let mut s = session("create vpc big 10.0.0.0/16\ncreate subnet a in big 10.0.0.0/20");
    for k in 0..7 {
        ok(
            &mut s,
            &format!("create cache-cluster m{k} engine memcached in big/a nodes 40"),
        );
    }
    ok(
        &mut s,
        "create cache-cluster last engine memcached in big/a nodes 20",
    );
    err_code(
        &mut s,
        "create cache-cluster more engine memcached in big/a",
        "NodeQuotaForCustomerExceeded",
    );
}

#[test]
fn without_groups_a_cluster_takes_the_vpcs_default_group_and_without_in_the_default_vpc() {
    let mut s = prod();
    let line = ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/cache-a",
    );
    assert!(line.ends_with("groups default"), "{line}");
    let line = ok(&mut s, "create cache-cluster redis-2 engine redis");
    assert!(line.contains("in default/a"), "{line}");
    let members = ok(&mut s, "show group prod/default");
    assert!(members.contains("redis-1#1"), "{members}");
}

#[test]
fn a_clusters_groups_must_be_of_its_vpc_and_at_most_five() {
    let mut s = prod();
    let e = err_code(
        &mut s,
        "create cache-cluster r engine redis in prod/cache-a groups stage",
        "InvalidParameter",
    );
    assert!(
        e.message.contains("belong to different networks"),
        "{}",
        e.message
    );
    for name in ["a", "b", "c", "d", "e"] {
        ok(&mut s, &format!("create group {name} \"{name}\" in prod"));
    }
    err_code(
        &mut s,
        "create cache-cluster r engine redis in prod/cache-a groups a, b, c, d, e, sg-cache",
        "SecurityGroupsPerInterfaceLimitExceeded",
    );
    err_code(
        &mut s,
        "create cache-cluster r engine redis in prod/cache-a groups nothing",
        "InvalidGroup.NotFound",
    );
}

#[test]
fn engines_and_names_are_checked_and_names_stored_lowercase() {
    let mut s = prod();
    err_code(
        &mut s,
        "create cache-cluster r engine valkey in prod/cache-a",
        "InvalidParameterValue",
    );
    for bad in ["1redis", "re--dis", "redis-", "\"re dis\"", &"r".repeat(51)] {
        err_code(
            &mut s,
            &format!("create cache-cluster {bad} engine redis in prod/cache-a"),
            "InvalidParameterValue",
        );
    }
    let line = ok(
        &mut s,
        "create cache-cluster Redis-1 engine REDIS in prod/cache-a groups sg-cache",
    );
    assert!(line.contains("cache cluster redis-1 (redis"), "{line}");
    assert!(allowed(&mut s, "tcp 6379 from web-1 to REDIS-1"));
}

#[test]
fn instances_clusters_and_databases_share_one_namespace() {
    let mut s = prod();
    ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/cache-a",
    );
    err_code(
        &mut s,
        "create cache-cluster REDIS-1 engine redis in prod/cache-a",
        "CacheClusterAlreadyExists",
    );
    err_code(
        &mut s,
        "create replication-group redis-1 engine redis in prod/cache-a",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create db-instance redis-1 engine mysql in prod/db-a",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "launch redis-1 in prod/web-a",
        "InvalidParameterValue",
    );
    let e = err_code(
        &mut s,
        "create cache-cluster web-1 engine redis in prod/cache-a",
        "InvalidParameterValue",
    );
    assert!(
        e.message.contains("already used by an instance"),
        "{}",
        e.message
    );
    // Another account has its own namespace.
    ok(&mut s, "account 111122223333");
    ok(&mut s, "create cache-cluster redis-1 engine redis");
}

#[test]
fn a_replication_group_is_a_primary_and_replicas_and_probes_go_to_the_primary() {
    let mut s = prod();
    let line = ok(
        &mut s,
        "create replication-group orders engine redis in prod/cache-a replicas 2 groups sg-cache",
    );
    assert!(
        line.contains(
            "primary orders-001 10.0.3.4, replica orders-002 10.0.3.5, replica orders-003 10.0.3.6"
        ),
        "{line}"
    );
    let out = ok(&mut s, "trace tcp 6379 from web-1 to orders");
    assert!(out.contains("-> 10.0.3.4:6379"), "{out}");
    assert!(allowed(&mut s, "tcp 6379 from web-1 to orders-003"));
    let table = ok(&mut s, "show clusters");
    assert!(table.contains("orders (primary)"), "{table}");
    assert!(
        table.contains("orders-001, orders-002, orders-003"),
        "{table}"
    );
    err_code(
        &mut s,
        "create replication-group orders engine redis in prod/cache-a",
        "ReplicationGroupAlreadyExists",
    );
    err_code(
        &mut s,
        "create cache-cluster orders-002 engine redis in prod/cache-a",
        "CacheClusterAlreadyExists",
    );
}

#[test]
fn replication_groups_are_redis_with_zero_to_five_replicas() {
    let mut s = prod();
    err_code(
        &mut s,
        "create replication-group g engine memcached in prod/cache-a",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create replication-group g engine redis in prod/cache-a replicas 6",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create replication-group g engine redis in prod/cache-a replicas -1",
        "InvalidParameterValue",
    );
    let line = ok(
        &mut s,
        "create replication-group g engine redis in prod/cache-a",
    );
    assert!(line.contains("primary g-001"), "{line}");
    ok(
        &mut s,
        "create cache-cluster gx engine redis in prod/cache-a",
    );
    // A member name that is taken refuses the whole group.
    ok(
        &mut s,
        "create cache-cluster h-002 engine redis in prod/cache-a",
    );
    err_code(
        &mut s,
        "create replication-group h engine redis in prod/cache-a replicas 1",
        "CacheClusterAlreadyExists",
    );
}

#[test]
fn modify_replaces_the_groups_of_every_node() {
    let mut s = prod();
    ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a nodes 2 groups sg-extra",
    );
    assert!(!allowed(&mut s, "tcp 11211 from web-1 to memc-1#2"));
    let line = ok(
        &mut s,
        "modify cache-cluster memc-1 groups sg-cache, sg-extra",
    );
    assert_eq!(line, "ok: cache cluster memc-1 now has groups cache, extra");
    assert!(allowed(&mut s, "tcp 11211 from web-1 to memc-1#1"));
    assert!(allowed(&mut s, "tcp 11211 from web-1 to memc-1#2"));
    ok(&mut s, "modify cache-cluster memc-1 groups sg-extra");
    assert!(!allowed(&mut s, "tcp 11211 from web-1 to memc-1#1"));
    err_code(
        &mut s,
        "modify cache-cluster memc-1 groups stage",
        "InvalidParameter",
    );
    err_code(
        &mut s,
        "modify cache-cluster nothing groups sg-cache",
        "CacheClusterNotFound",
    );
}

#[test]
fn a_replication_groups_groups_are_modified_through_the_group() {
    let mut s = prod();
    ok(
        &mut s,
        "create replication-group orders engine redis in prod/cache-a replicas 1 groups sg-extra",
    );
    let e = err_code(
        &mut s,
        "modify cache-cluster orders-002 groups sg-cache",
        "InvalidParameterCombination",
    );
    assert_eq!(
        e.help.as_deref(),
        Some("modify replication-group orders groups …")
    );
    let line = ok(&mut s, "modify replication-group orders groups sg-cache");
    assert!(line.contains("(2 clusters)"), "{line}");
    assert!(allowed(&mut s, "tcp 6379 from web-1 to orders"));
    assert!(allowed(&mut s, "tcp 6379 from web-1 to orders-002"));
    err_code(
        &mut s,
        "modify replication-group nothing groups sg-cache",
        "ReplicationGroupNotFoundFault",
    );
}

#[test]
fn deleting_clusters_and_replication_groups_frees_their_addresses() {
    let mut s = prod();
    ok(
        &mut s,
        "create replication-group orders engine redis in prod/cache-a replicas 1",
    );
    ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a nodes 2",
    );
    err_code(
        &mut s,
        "delete cache-cluster orders-001",
        "InvalidCacheClusterState",
    );
    ok(&mut s, "delete cache-cluster memc-1");
    err_code(
        &mut s,
        "delete cache-cluster memc-1",
        "CacheClusterNotFound",
    );
    err_code(
        &mut s,
        "probe tcp 11211 from web-1 to memc-1",
        "InvalidEndpoint.NotFound",
    );
    let line = ok(&mut s, "delete replication-group orders");
    assert!(line.contains("orders-001, orders-002"), "{line}");
    err_code(
        &mut s,
        "delete replication-group orders",
        "ReplicationGroupNotFoundFault",
    );
    let line = ok(
        &mut s,
        "create cache-cluster again engine redis in prod/cache-a",
    );
    assert!(line.contains("10.0.3.4"), "{line}");
}

#[test]
fn groups_of_clusters_are_in_use() {
    let mut s = prod();
    ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/cache-a groups sg-extra",
    );
    let e = err_code(&mut s, "delete group extra", "DependencyViolation");
    assert!(
        e.label
            .as_deref()
            .is_some_and(|l| l.contains("cache cluster redis-1")),
        "{e:?}"
    );
    assert!(
        e.help
            .is_some_and(|h| h.contains("modify cache-cluster redis-1"))
    );
    err_code(&mut s, "delete subnet prod/cache-a", "DependencyViolation");
    let e = err_code(
        &mut s,
        "modify eni redis-1#1 groups sg-cache",
        "OperationNotPermitted",
    );
    assert_eq!(
        e.help.as_deref(),
        Some("modify cache-cluster redis-1 groups …")
    );
    ok(&mut s, "delete cache-cluster redis-1");
    ok(&mut s, "delete group extra");
    ok(&mut s, "delete subnet prod/cache-a");
}

#[test]
fn another_accounts_cluster_is_refused_with_its_not_found_code() {
    let mut s = prod();
    ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/cache-a",
    );
    ok(&mut s, "account 111122223333");
    let e = err_code(
        &mut s,
        "modify cache-cluster redis-1 groups default",
        "CacheClusterNotFound",
    );
    assert!(e.help.is_some_and(|h| h.contains("account 123456789012")));
    err_code(
        &mut s,
        "delete cache-cluster redis-1",
        "CacheClusterNotFound",
    );
    // It can still be named as a probe endpoint.
    ok(&mut s, "probe tcp 6379 from 123456789012/web-1 to redis-1");
}

// ----- ElastiCache in EC2-Classic -----

const CLASSIC: &str = "create group legacy \"Old fleet\" classic
create group other \"Other\" classic
launch old-1 classic groups legacy
launch old-2 classic groups other
launch vpc-1
create cache-group sessions \"Session cache clients\"
create cache-cluster sess-1 engine memcached classic cache-groups sessions";

#[test]
fn network_access_to_a_classic_cluster_is_off_until_authorized() {
    let mut s = session(CLASSIC);
    assert!(!allowed(&mut s, "tcp 11211 from old-1 to sess-1"));
    let line = ok(
        &mut s,
        "authorize cache-ingress sessions from legacy owner 123456789012",
    );
    assert_eq!(
        line,
        "ok: authorized EC2 group legacy of 123456789012 in cache security group sessions"
    );
    assert!(allowed(&mut s, "tcp 11211 from old-1 to sess-1"));
    assert!(!allowed(&mut s, "tcp 22 from old-1 to sess-1"));
    assert!(!allowed(&mut s, "tcp 11211 from old-2 to sess-1"));
    assert!(!allowed(&mut s, "tcp 11211 from vpc-1 to sess-1"));
    ok(
        &mut s,
        "revoke cache-ingress sessions from legacy owner 123456789012",
    );
    assert!(!allowed(&mut s, "tcp 11211 from old-1 to sess-1"));
}

#[test]
fn an_authorized_group_reaches_every_cluster_using_the_cache_group_on_its_port() {
    let mut s = session(CLASSIC);
    ok(&mut s, "authorize cache-ingress sessions from legacy");
    ok(
        &mut s,
        "create cache-cluster sess-2 engine memcached classic nodes 2 port 11300 cache-groups sessions",
    );
    ok(
        &mut s,
        "create replication-group carts engine redis classic cache-groups sessions",
    );
    assert!(allowed(&mut s, "tcp 11300 from old-1 to sess-2#2"));
    assert!(!allowed(&mut s, "tcp 11211 from old-1 to sess-2"));
    assert!(allowed(&mut s, "tcp 6379 from old-1 to carts"));
}

#[test]
fn owner_defaults_to_the_current_account_and_names_another() {
    let mut s = session(CLASSIC);
    ok(&mut s, "account 111122223333");
    ok(&mut s, "create group partner \"Partner\" classic");
    ok(&mut s, "launch p-1 classic groups partner");
    ok(&mut s, "account 123456789012");
    err_code(
        &mut s,
        "authorize cache-ingress sessions from partner",
        "InvalidParameterValue",
    );
    ok(
        &mut s,
        "authorize cache-ingress sessions from partner owner 111122223333",
    );
    assert!(allowed(&mut s, "tcp 11211 from 111122223333/p-1 to sess-1"));
    err_code(
        &mut s,
        "authorize cache-ingress sessions from 111122223333/partner",
        "AuthorizationAlreadyExists",
    );
    let e = err_code(
        &mut s,
        "authorize cache-ingress sessions from legacy owner 1234",
        "InvalidParameterValue",
    );
    assert!(
        e.message.contains("EC2SecurityGroupOwnerId"),
        "{}",
        e.message
    );
}

#[test]
fn cache_security_groups_authorize_ec2_groups_never_cidrs() {
    let mut s = session(CLASSIC);
    let e = err_code(
        &mut s,
        "authorize cache-ingress sessions from 10.0.0.0/8",
        "InvalidParameterValue",
    );
    assert!(e.message.contains("address range"), "{}", e.message);
    // A VPC group is no EC2-Classic group.
    ok(&mut s, "create group web \"Web\"");
    err_code(
        &mut s,
        "authorize cache-ingress sessions from web",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "authorize cache-ingress nothing from legacy",
        "CacheSecurityGroupNotFound",
    );
    ok(&mut s, "authorize cache-ingress sessions from legacy");
    err_code(
        &mut s,
        "authorize cache-ingress sessions from LEGACY",
        "AuthorizationAlreadyExists",
    );
    err_code(
        &mut s,
        "revoke cache-ingress sessions from other",
        "AuthorizationNotFound",
    );
    err_code(
        &mut s,
        "revoke cache-ingress nothing from legacy",
        "CacheSecurityGroupNotFound",
    );
}

#[test]
fn an_authorization_outlives_its_group_and_is_revoked_by_name() {
    let mut s = session("create group gone \"Gone\" classic\ncreate cache-group c \"C\"");
    ok(&mut s, "authorize cache-ingress c from gone");
    ok(&mut s, "delete group gone");
    assert!(ok(&mut s, "show clusters").contains("gone (123456789012)"));
    ok(&mut s, "revoke cache-ingress c from gone");
}

#[test]
fn cache_group_names_follow_aws() {
    let mut s = prod();
    let line = ok(&mut s, "create cache-group Sessions \"Clients\"");
    assert!(line.contains("cache security group sessions"), "{line}");
    err_code(
        &mut s,
        "create cache-group SESSIONS \"again\"",
        "CacheSecurityGroupAlreadyExists",
    );
    for bad in ["Default", "default", "\"a b\"", "a_b", &"a".repeat(256)] {
        err_code(
            &mut s,
            &format!("create cache-group {bad} \"x\""),
            "InvalidParameterValue",
        );
    }
    ok(
        &mut s,
        &format!("create cache-group {} \"x\"", "a".repeat(255)),
    );
    err_code(&mut s, "create cache-group c \" \"", "MissingParameter");
}

#[test]
fn cache_security_groups_have_a_quota_of_fifty() {
    let mut s = prod();
    for k in 0..49 {
        ok(&mut s, &format!("create cache-group g{k} \"x\""));
    }
    err_code(
        &mut s,
        "create cache-group one-more \"x\"",
        "QuotaExceeded.CacheSecurityGroup",
    );
}

#[test]
fn a_classic_cluster_takes_cache_groups_and_a_vpc_one_groups() {
    let mut s = session(CLASSIC);
    let line = ok(&mut s, "create cache-cluster plain engine redis classic");
    assert!(line.ends_with("cache groups default"), "{line}");
    ok(&mut s, "create group web \"Web\"");
    err_code(
        &mut s,
        "create cache-cluster x engine redis classic groups web",
        "InvalidParameterCombination",
    );
    err_code(
        &mut s,
        "create cache-cluster x engine redis in default/a cache-groups sessions",
        "InvalidParameterCombination",
    );
    err_code(
        &mut s,
        "create cache-cluster x engine redis classic cache-groups nothing",
        "CacheSecurityGroupNotFound",
    );
    err_code(
        &mut s,
        "modify cache-cluster sess-1 groups web",
        "InvalidParameterCombination",
    );
}

#[test]
fn a_cache_group_in_use_or_the_default_one_cannot_be_deleted() {
    let mut s = session(CLASSIC);
    let e = err_code(
        &mut s,
        "delete cache-group sessions",
        "InvalidCacheSecurityGroupState",
    );
    assert!(e.label.is_some_and(|l| l.contains("sess-1")));
    err_code(
        &mut s,
        "delete cache-group default",
        "InvalidCacheSecurityGroupState",
    );
    ok(&mut s, "delete cache-cluster sess-1");
    ok(&mut s, "delete cache-group sessions");
    err_code(
        &mut s,
        "delete cache-group sessions",
        "CacheSecurityGroupNotFound",
    );
}

// ----- RDS and Aurora -----

#[test]
fn db_instances_listen_on_their_engines_port() {
    let mut s = prod();
    for (name, engine, port) in [
        ("my", "mysql", 3306),
        ("maria", "mariadb", 3306),
        ("pg", "postgres", 5432),
        ("ms", "sqlserver-ex", 1433),
        ("ora", "oracle-ee", 1521),
        ("db2", "db2-se", 50000),
    ] {
        let line = ok(
            &mut s,
            &format!("create db-instance {name} engine {engine} in prod/db-a groups sg-db"),
        );
        assert!(line.contains(&format!("({engine}, port {port})")), "{line}");
    }
    assert!(allowed(&mut s, "tcp 5432 from web-1 to pg"));
    assert!(allowed(&mut s, "tcp 3306 from web-1 to maria"));
    assert!(!allowed(&mut s, "tcp 1433 from web-1 to ms"));
    assert!(!allowed(&mut s, "tcp 5432 from internet to pg"));
}

#[test]
fn db_ports_follow_rds() {
    let mut s = prod();
    err_code(
        &mut s,
        "create db-instance a engine mysql in prod/db-a port 1149",
        "InvalidParameterValue",
    );
    ok(
        &mut s,
        "create db-instance a engine mysql in prod/db-a port 1150",
    );
    for bad in ["3389", "1434", "49153"] {
        err_code(
            &mut s,
            &format!("create db-instance b engine sqlserver-se in prod/db-a port {bad}"),
            "InvalidParameterValue",
        );
    }
    ok(
        &mut s,
        "create db-instance b engine oracle-se2 in prod/db-a port 3389",
    );
    err_code(
        &mut s,
        "create db-cluster c engine aurora-mysql in prod port 80",
        "InvalidParameterValue",
    );
}

#[test]
fn engines_and_groups_of_db_instances_are_checked() {
    let mut s = prod();
    err_code(
        &mut s,
        "create db-instance a engine db2 in prod/db-a",
        "InvalidParameterValue",
    );
    let e = err_code(
        &mut s,
        "create db-instance a engine aurora-mysql in prod/db-a",
        "InvalidParameterCombination",
    );
    assert!(e.help.is_some_and(|h| h.contains("in cluster")));
    let e = err_code(
        &mut s,
        "create db-instance a engine mysql in prod/db-a groups stage",
        "InvalidParameterCombination",
    );
    assert!(e.message.contains("different VPCs"), "{}", e.message);
    let line = ok(&mut s, "create db-instance a engine mysql in prod/db-a");
    assert!(line.ends_with("groups default"), "{line}");
    err_code(
        &mut s,
        "create db-instance A engine mysql in prod/db-a",
        "DBInstanceAlreadyExists",
    );
    let line = ok(&mut s, "create db-instance b engine mysql");
    assert!(line.contains("in default/a"), "{line}");
}

const AURORA: &str = "create db-cluster orders-db engine aurora-mysql in prod groups sg-db
create db-instance orders-db-1 in cluster orders-db subnet prod/db-a
create db-instance orders-db-2 in cluster orders-db subnet prod/db-a";

fn aurora() -> Session {
    let mut s = prod();
    for line in AURORA.lines() {
        ok(&mut s, line);
    }
    s
}

#[test]
fn a_db_clusters_groups_are_every_members_and_a_probe_goes_to_the_writer() {
    let mut s = aurora();
    let out = ok(&mut s, "trace tcp 3306 from web-1 to orders-db");
    assert!(out.contains("-> 10.0.2.4:3306"), "{out}");
    assert!(out.contains("(orders-db-1), ingress: allow"), "{out}");
    assert!(allowed(&mut s, "tcp 3306 from web-1 to orders-db-2"));
    assert!(!allowed(&mut s, "tcp 3306 from other-1 to orders-db"));
    let line = ok(&mut s, "delete db-instance orders-db-1");
    assert!(
        line.contains("orders-db-2 is DB cluster orders-db's writer now"),
        "{line}"
    );
    let out = ok(&mut s, "trace tcp 3306 from web-1 to orders-db");
    assert!(out.contains("-> 10.0.2.5:3306"), "{out}");
}

#[test]
fn changing_the_groups_of_the_cluster_or_of_a_member_changes_them_for_all() {
    let mut s = aurora();
    let line = ok(&mut s, "modify db-cluster orders-db groups sg-extra");
    assert_eq!(
        line,
        "ok: DB cluster orders-db and its 2 DB instances now have groups extra"
    );
    assert!(!allowed(&mut s, "tcp 3306 from web-1 to orders-db-1"));
    assert!(!allowed(&mut s, "tcp 3306 from web-1 to orders-db-2"));
    let line = ok(&mut s, "modify db-instance orders-db-2 groups sg-db");
    assert!(line.contains("through its member orders-db-2"), "{line}");
    assert!(allowed(&mut s, "tcp 3306 from web-1 to orders-db-1"));
    assert!(allowed(&mut s, "tcp 3306 from web-1 to orders-db-2"));
    let table = ok(&mut s, "show clusters");
    assert!(!table.contains("extra"), "{table}");
    err_code(
        &mut s,
        "modify db-cluster orders-db groups stage",
        "InvalidParameterCombination",
    );
    // A new member takes the cluster's groups.
    let line = ok(
        &mut s,
        "create db-instance orders-db-3 in cluster orders-db subnet prod/db-a",
    );
    assert!(
        line.contains("a reader") && line.ends_with("groups db"),
        "{line}"
    );
}

#[test]
fn a_standalone_db_instance_changes_alone() {
    let mut s = prod();
    ok(
        &mut s,
        "create db-instance reports engine postgres in prod/db-a groups sg-extra",
    );
    assert!(!allowed(&mut s, "tcp 5432 from web-1 to reports"));
    let line = ok(&mut s, "modify db-instance reports groups db");
    assert_eq!(line, "ok: DB instance reports now has groups db");
    assert!(allowed(&mut s, "tcp 5432 from web-1 to reports"));
    err_code(
        &mut s,
        "modify db-instance nothing groups db",
        "DBInstanceNotFound",
    );
}

#[test]
fn db_clusters_are_aurora_in_a_vpc_and_deleted_when_empty() {
    let mut s = aurora();
    err_code(
        &mut s,
        "create db-cluster orders-db engine aurora-mysql in prod",
        "DBClusterAlreadyExistsFault",
    );
    err_code(
        &mut s,
        "create db-cluster plain engine mariadb in prod",
        "InvalidParameterValue",
    );
    err_code(
        &mut s,
        "create db-instance x in cluster nothing subnet prod/db-a",
        "DBClusterNotFoundFault",
    );
    ok(&mut s, "create subnet s in staging 10.1.0.0/24");
    err_code(
        &mut s,
        "create db-instance x in cluster orders-db subnet staging/s",
        "InvalidParameterCombination",
    );
    let e = err_code(
        &mut s,
        "delete db-cluster orders-db",
        "InvalidDBClusterStateFault",
    );
    assert!(
        e.help
            .is_some_and(|h| h.contains("delete db-instance orders-db-1"))
    );
    ok(&mut s, "delete db-instance orders-db-1");
    ok(&mut s, "delete db-instance orders-db-2");
    let e = err_code(
        &mut s,
        "probe tcp 3306 from web-1 to orders-db",
        "InvalidParameterValue",
    );
    assert!(e.message.contains("no DB instance"), "{}", e.message);
    ok(&mut s, "delete db-cluster orders-db");
    err_code(
        &mut s,
        "delete db-cluster orders-db",
        "DBClusterNotFoundFault",
    );
    err_code(
        &mut s,
        "delete db-instance orders-db-1",
        "DBInstanceNotFound",
    );
}

#[test]
fn a_db_clusters_groups_and_vpc_are_in_use_even_without_instances() {
    let mut s = prod();
    ok(&mut s, "create group audit \"Audit\" in prod");
    ok(
        &mut s,
        "create db-cluster stats engine aurora-postgresql in prod groups audit",
    );
    let e = err_code(&mut s, "delete group audit", "DependencyViolation");
    assert!(e.label.is_some_and(|l| l.contains("DB cluster stats")));
    ok(&mut s, "create vpc lone 10.9.0.0/16");
    ok(
        &mut s,
        "create db-cluster lone-db engine aurora-mysql in lone",
    );
    let e = err_code(&mut s, "delete vpc lone", "DependencyViolation");
    assert!(e.label.is_some_and(|l| l.contains("DB cluster lone-db")));
    ok(
        &mut s,
        "create db-instance stats-1 in cluster stats subnet prod/db-a",
    );
    let e = err_code(&mut s, "delete group audit", "DependencyViolation");
    assert!(e.label.is_some_and(|l| l.contains("DB cluster stats")));
    let e = err_code(
        &mut s,
        "modify eni stats-1 groups db",
        "OperationNotPermitted",
    );
    assert!(
        e.help
            .is_some_and(|h| h.contains("modify db-instance stats-1"))
    );
}

// ----- looking, undo, completion -----

#[test]
fn show_clusters_lists_engines_endpoints_ports_and_groups() {
    let mut s = aurora();
    assert!(ok(&mut s, "show clusters").contains("DB CLUSTER"));
    ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a nodes 2 groups sg-cache",
    );
    ok(
        &mut s,
        "create replication-group orders engine redis in prod/cache-a replicas 1",
    );
    ok(
        &mut s,
        "create db-instance reports engine postgres in prod/db-a groups db",
    );
    let table = ok(&mut s, "show clusters");
    for want in [
        "memc-1         memcached  #1 10.0.3.4, #2 10.0.3.5  11211  prod/cache-a",
        "orders             redis   orders-001  10.0.3.6  6379  orders-001, orders-002",
        "orders-db   aurora-mysql  orders-db-1  10.0.2.4  3306  prod  orders-db-1, orders-db-2  db",
        "reports      postgres      -          10.0.2.6  5432  prod/db-a  db",
    ] {
        assert!(table.contains(want), "missing `{want}` in\n{table}");
    }
    assert!(!table.contains("CACHE SECURITY GROUP"), "{table}");
    let empty = ok(&mut session(""), "show clusters");
    assert!(empty.starts_with("no cache clusters"), "{empty}");
}

#[test]
fn service_commands_undo_and_redo_exactly() {
    let mut s = prod();
    let before = s.world().clone();
    ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a nodes 2 groups sg-cache",
    );
    let after = s.world().clone();
    ok(&mut s, "undo");
    assert!(*s.world() == before);
    ok(&mut s, "redo");
    assert!(*s.world() == after);
    // expect error undoes a command that succeeds.
    let out = ok(
        &mut s,
        "expect error: create cache-cluster memc-2 engine memcached in prod/cache-a",
    );
    assert!(out.contains("succeeded"), "{out}");
    assert!(*s.world() == after);
}

#[test]
fn a_failed_service_command_changes_nothing() {
    let mut s = aurora();
    ok(&mut s, "create cache-group sessions \"S\"");
    for line in [
        "create replication-group h engine redis in prod/cache-a replicas 9",
        "modify db-cluster orders-db groups sg-db, stage",
        "authorize cache-ingress sessions from 0.0.0.0/0",
        "delete db-cluster orders-db",
        "create db-instance orders-db-9 in cluster orders-db subnet nothing/x",
    ] {
        err(&mut s, line);
    }
}

#[test]
fn completion_knows_clusters_nodes_groups_and_databases() {
    let mut s = aurora();
    ok(
        &mut s,
        "create cache-cluster memc-1 engine memcached in prod/cache-a nodes 2",
    );
    ok(
        &mut s,
        "create replication-group orders engine redis in prod/cache-a",
    );
    ok(&mut s, "create cache-group sessions \"S\"");
    let w = s.world();
    let at_end = |line: &str| complete(line, line.len(), w).candidates;
    let endpoints = at_end("probe tcp 11211 from web-1 to ");
    for want in [
        "memc-1#1",
        "memc-1#2",
        "memc-1",
        "orders",
        "orders-db",
        "orders-db-1",
    ] {
        assert!(endpoints.iter().any(|c| c == want), "{want}: {endpoints:?}");
    }
    assert_eq!(at_end("modify cache-cluster "), ["memc-1", "orders-001"]);
    assert_eq!(at_end("delete replication-group "), ["orders"]);
    assert_eq!(at_end("authorize cache-ingress "), ["default", "sessions"]);
    assert_eq!(at_end("modify db-cluster "), ["orders-db"]);
    assert_eq!(
        at_end("delete db-instance orders-db-"),
        ["orders-db-1", "orders-db-2"]
    );
    assert_eq!(
        at_end("create cache-cluster x engine "),
        ["redis", "memcached"]
    );
    assert!(at_end("create db-instance x engine ").contains(&"sqlserver-ex".to_string()));
    assert_eq!(
        sgs::lang::hint("create db-instance x in ", w).as_deref(),
        Some("cluster <db cluster> subnet <vpc/subnet>")
    );
}

// ----- flows -----

#[test]
fn a_flow_to_a_classic_cluster_is_judged_by_cache_security_groups_once_its_entry_times_out() {
    let mut s = session(CLASSIC);
    ok(&mut s, "authorize cache-ingress sessions from legacy");
    ok(&mut s, "connect tcp 11211 from old-1 to sess-1 as m");
    ok(&mut s, "revoke cache-ingress sessions from legacy");
    let out = ok(&mut s, "expect allow flow m request");
    assert!(out.starts_with("pass"), "{out}");
    ok(&mut s, "wait 6d");
    let out = ok(&mut s, "expect deny flow m request");
    assert!(out.contains("network access is off"), "{out}");
    ok(&mut s, "authorize cache-ingress sessions from legacy");
    let out = ok(&mut s, "expect allow flow m request");
    assert!(out.contains("by cache security group sessions"), "{out}");
}

#[test]
fn deleting_a_cluster_or_a_db_instance_cuts_its_flows() {
    let mut s = aurora();
    ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/cache-a groups sg-cache",
    );
    ok(&mut s, "connect tcp 6379 from web-1 to redis-1 as r");
    ok(&mut s, "connect tcp 3306 from web-1 to orders-db as d");
    ok(&mut s, "delete cache-cluster redis-1");
    ok(&mut s, "delete db-instance orders-db-1");
    let flows = ok(&mut s, "show flows");
    assert!(flows.contains("(redis-1#1) was deleted"), "{flows}");
    assert!(flows.contains("(orders-db-1) was deleted"), "{flows}");
}

#[test]
fn a_subnet_too_small_for_the_nodes_is_refused() {
    let mut s = session("create vpc v 10.0.0.0/16\ncreate subnet tiny in v 10.0.0.0/28");
    let e = err_code(
        &mut s,
        "create cache-cluster m engine memcached in v/tiny nodes 12",
        "InsufficientFreeAddressesInSubnet",
    );
    assert_eq!(e.label.as_deref(), Some("12 addresses needed, 11 free"));
    ok(
        &mut s,
        "create cache-cluster m engine memcached in v/tiny nodes 11",
    );
    err_code(
        &mut s,
        "create db-instance d engine mysql in v/tiny",
        "InsufficientFreeAddressesInSubnet",
    );
}
