//! Fidelity to AWS (issue 11, points 1-9, 14 and 23): each difference from AWS found so far,
//! written as the session lines a user writes, judged by the session's own `expect` lines where
//! they can say it, and by the error's code, message and help where they cannot.

use crate::common::{err_code, ok, session};
use sgs::session::{NoFiles, Reply, Session, Verbosity};

/// Runs a session file's text: every line must run and every `expect` must hold.
fn holds(src: &str) -> Session {
    let mut s = Session::new();
    let report = s.run_script("fidelity.sgs", src, &mut NoFiles, Verbosity::Quiet);
    assert!(
        !report.stopped && report.failed == 0 && report.passed > 0,
        "{}",
        report.output
    );
    s
}

const TWO_TIERS: &str = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24
create subnet app-a in prod 10.0.2.0/24
create group web \"Web\" in prod
create group app \"App\" in prod
launch web-1 in prod/web-a groups web
launch app-1 in prod/app-a groups app
";

// ----- 1. ICMP names, aliases included, in rules, NACL entries and packets -----

#[test]
fn icmp_aliases_work_in_rules_nacl_entries_and_packets() {
    holds(&format!(
        "{TWO_TIERS}
authorize ingress icmp timestamp from 10.0.0.0/16 to web
authorize ingress icmp info-request from 10.0.0.0/16 to web
authorize ingress icmp mask-request from 10.0.0.0/16 to web
authorize ingress icmp echo from 10.0.0.0/16 to web
authorize ingress icmp info-reply from 10.0.0.0/16 to web
expect allow icmp timestamp-request from app-1 to web-1
expect allow icmp timestamp from app-1 to web-1
expect allow icmp information-request from app-1 to web-1
expect allow icmp address-mask-request from app-1 to web-1
expect allow icmp echo-request from app-1 to web-1
expect allow icmp information-reply from app-1 to web-1
expect deny icmp router-solicitation from app-1 to web-1
expect deny icmp mask-reply from app-1 to web-1
expect error InvalidPermission.Duplicate: authorize ingress icmp timestamp-request from 10.0.0.0/16 to web
expect error InvalidPermission.Duplicate: authorize ingress icmp 17 from 10.0.0.0/16 to web
expect output \"timestamp-request\": show group web
create nacl strict in prod
create nacl-entry strict ingress 100 allow icmp mask-reply from 0.0.0.0/0
create nacl-entry strict egress 100 allow icmp timestamp to 0.0.0.0/0
create nacl-entry strict egress 110 allow icmpv6 echo to ::/0
expect error NetworkAclEntryAlreadyExists: create nacl-entry strict egress 100 allow icmp info-reply to 0.0.0.0/0
"
    ));
}

// ----- 2. network ACLs keep no state -----

const SSH_FLOW: &str = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24
create subnet app-a in prod 10.0.2.0/24
create group web \"Web\" in prod
authorize ingress tcp 22 from 10.0.0.0/16 to web
launch web-1 in prod/web-a groups web
launch app-1 in prod/app-a
connect tcp 22 from app-1 to web-1 as ssh
";

#[test]
fn a_nacl_entry_removed_again_lets_the_flow_through() {
    holds(&format!(
        "{SSH_FLOW}
create nacl-entry prod/default ingress 50 deny tcp 22 from 10.0.2.0/24
expect deny flow ssh request
expect allow flow ssh reply
delete nacl-entry prod/default ingress 50
expect allow flow ssh request
send ssh request
send ssh reply
"
    ));
}

#[test]
fn a_nacl_entry_replaced_or_undone_lets_the_flow_through() {
    holds(&format!(
        "{SSH_FLOW}
create nacl-entry prod/default ingress 50 deny tcp 22 from 10.0.2.0/24
expect deny flow ssh request
replace nacl-entry prod/default ingress 50 allow tcp 22 from 10.0.2.0/24
expect allow flow ssh request
send ssh request
replace nacl-entry prod/default ingress 50 deny tcp 22 from 10.0.2.0/24
expect deny flow ssh request
undo
expect allow flow ssh request
send ssh request
"
    ));
}

#[test]
fn a_nacl_that_stands_blocks_a_flow_only_while_it_stands_and_entries_still_age() {
    holds(&format!(
        "{SSH_FLOW}
create nacl strict in prod
create nacl-entry strict ingress 100 allow all from 0.0.0.0/0
create nacl-entry strict egress 100 allow all to 0.0.0.0/0
associate nacl strict with prod/web-a
expect allow flow ssh request
revoke ingress tcp 22 from 10.0.0.0/16 to web
expect allow flow ssh request
wait 6d
expect deny flow ssh request
"
    ));
}

// ----- 3. RDS engine values -----

const DB_VPC: &str = "create vpc prod 10.0.0.0/16
create subnet db-a in prod 10.0.2.0/24
";

#[test]
fn rds_engine_values_are_awss_with_their_ports() {
    let mut s = session(DB_VPC);
    for (name, engine, port) in [
        ("ee", "sqlserver-ee", 1433),
        ("se", "sqlserver-se", 1433),
        ("ex", "sqlserver-ex", 1433),
        ("web", "sqlserver-web", 1433),
        ("ora", "oracle-ee", 1521),
        ("ora-cdb", "oracle-ee-cdb", 1521),
        ("se2", "oracle-se2", 1521),
        ("se2-cdb", "oracle-se2-cdb", 1521),
        ("db2a", "db2-ae", 50000),
        ("db2s", "db2-se", 50000),
        ("cora", "custom-oracle-ee", 1521),
        ("csql", "custom-sqlserver-ee", 1433),
        ("my", "mysql", 3306),
        ("maria", "mariadb", 3306),
        ("pg", "postgres", 5432),
    ] {
        let out = ok(
            &mut s,
            &format!("create db-instance {name} engine {engine} in prod/db-a"),
        );
        assert!(out.contains(&port.to_string()), "{engine}: {out}");
        assert!(out.contains(engine), "{engine}: {out}");
    }
    let shown = ok(&mut s, "show clusters");
    assert!(
        shown.contains("db2-ae") && shown.contains("50000"),
        "{shown}"
    );
}

#[test]
fn rds_engine_family_names_are_refused() {
    let mut s = session(DB_VPC);
    for family in ["sqlserver", "oracle", "db2", "SQLServer"] {
        let e = err_code(
            &mut s,
            &format!("create db-instance x engine {family} in prod/db-a"),
            "InvalidParameterValue",
        );
        assert_eq!(e.message, format!("Invalid DB engine: {family}"));
    }
    holds(&format!(
        "{DB_VPC}expect error InvalidParameterValue: create db-instance x engine sqlserver in prod/db-a
expect error InvalidParameterValue: create db-instance x engine oracle in prod/db-a
expect error InvalidParameterValue: create db-instance x engine db2 in prod/db-a
create db-instance x engine sqlserver-ex in prod/db-a
expect error InvalidParameterValue: create db-instance y engine sqlserver-ex in prod/db-a port 3389
create db-instance y engine oracle-ee in prod/db-a port 3389
"
    ));
}

#[test]
fn multi_az_db_clusters_take_mysql_and_postgres() {
    holds(&format!(
        "{DB_VPC}create db-cluster m engine mysql in prod
create db-cluster p engine postgres in prod
create db-instance m-1 in cluster m subnet prod/db-a
expect output \"3306\": show clusters
expect error InvalidParameterValue: create db-cluster o engine oracle-ee in prod
"
    ));
}

// ----- 4. a group of another account or region where it cannot be used -----

const ELSEWHERE: &str = "create group web \"Web\"
account 111122223333
create group far \"Far\"
account 123456789012
region eu-west-1
create group euro \"Euro\"
region us-east-1
launch web-1 groups web
";

#[test]
fn a_group_of_another_account_or_region_is_not_found_where_it_cannot_be_used() {
    holds(&format!(
        "{ELSEWHERE}
expect error InvalidGroup.NotFound: launch x groups 111122223333/far
expect error InvalidGroup.NotFound: launch x groups euro
expect error InvalidGroup.NotFound: modify instance web-1 groups euro
expect error InvalidGroup.NotFound: modify instance web-1 groups web, 111122223333/far
expect error InvalidGroup.NotFound: create cache-cluster c1 engine redis in default/a groups euro
expect error InvalidGroup.NotFound: create cache-cluster c1 engine redis in default/a groups 111122223333/far
expect error InvalidGroup.NotFound: create db-instance d1 engine postgres in default/a groups euro
create cache-cluster c1 engine redis in default/a groups web
expect error InvalidGroup.NotFound: modify cache-cluster c1 groups euro
create vpc prod 10.0.0.0/16
create group app \"App\" in prod
expect error InvalidParameter: launch y groups app
"
    ));
    let mut s = session(ELSEWHERE);
    let e = err_code(&mut s, "launch x groups euro", "InvalidGroup.NotFound");
    assert_eq!(e.message, "The security group 'euro' does not exist");
}

// ----- 5. an empty group list -----

#[test]
fn an_empty_group_list_parses_and_is_a_missing_parameter() {
    holds(
        "launch web-1
create cache-cluster c1 engine redis in default/a
expect error MissingParameter: modify instance web-1 groups
expect error MissingParameter: modify cache-cluster c1 groups
expect error MissingParameter: modify eni web-1 groups
",
    );
    let mut s = session("launch web-1");
    let e = err_code(&mut s, "modify instance web-1 groups", "MissingParameter");
    assert_eq!(e.message, "You must specify at least one group");
}

// ----- 6. account/name prefers the current region -----

#[test]
fn account_and_name_prefers_the_accounts_group_in_the_current_region() {
    holds(
        "account 111122223333
create group shared \"Shared here\"
region eu-west-1
create group shared \"Shared in Europe\"
account 123456789012
region us-east-1
expect output \"Shared here\": show group 111122223333/shared
region eu-west-1
expect output \"Shared in Europe\": show group 111122223333/shared
region us-west-2
expect error AmbiguousName: show group 111122223333/shared
account 111122223333
region eu-west-1
delete group shared
account 123456789012
expect output \"Shared here\": show group 111122223333/shared
",
    );
}

// ----- 7. cache-groups of EC2-Classic clusters; protocol numbers with ports -----

#[test]
fn modify_cache_cluster_cache_groups_replaces_a_classic_clusters_cache_groups() {
    holds(
        "create group legacy \"Old fleet\" classic
launch old-1 classic groups legacy
create cache-group sessions \"Session cache clients\"
create cache-group reporting \"Reports\"
create cache-cluster sess-1 engine memcached classic cache-groups sessions
authorize cache-ingress reporting from legacy owner 123456789012
expect deny tcp 11211 from old-1 to sess-1
modify cache-cluster sess-1 cache-groups sessions, reporting
expect allow tcp 11211 from old-1 to sess-1
expect output \"reporting\": show clusters
expect error CacheSecurityGroupNotFound: modify cache-cluster sess-1 cache-groups nothing
expect error MissingParameter: modify cache-cluster sess-1 cache-groups
create cache-cluster vpc-1 engine redis in default/a
expect error InvalidParameterCombination: modify cache-cluster vpc-1 cache-groups sessions
expect error InvalidParameterCombination: modify cache-cluster sess-1 groups default
undo
undo
expect deny tcp 11211 from old-1 to sess-1
",
    );
}

#[test]
fn a_protocol_number_takes_ports_or_an_icmp_type() {
    holds(&format!(
        "{TWO_TIERS}
authorize ingress 6 22 from 10.0.0.0/16 to web
authorize ingress 17 53 from 10.0.0.0/16 to web
authorize ingress 1 8 from 10.0.0.0/16 to web
authorize ingress 1 3:4 from 10.0.0.0/16 to web
authorize ingress 6 8000-8080 from 10.0.0.0/16 to web
authorize ingress 50 from 10.0.0.0/16 to web
expect error InvalidPermission.Duplicate: authorize ingress tcp 22 from 10.0.0.0/16 to web
expect error InvalidPermission.Duplicate: authorize ingress udp 53 from 10.0.0.0/16 to web
expect error InvalidPermission.Duplicate: authorize ingress icmp echo-request from 10.0.0.0/16 to web
expect error InvalidPermission.Duplicate: authorize ingress icmp fragmentation-needed from 10.0.0.0/16 to web
expect error InvalidPermission.Malformed: authorize ingress 6 70000 from 10.0.0.0/16 to web
expect error InvalidParameterValue: authorize ingress 6 from 10.0.0.0/16 to web
expect allow 6 22 from app-1 to web-1
expect allow tcp 8080 from app-1 to web-1
expect deny 6 23 from app-1 to web-1
expect allow 1 8 from app-1 to web-1
expect output \"tcp 22\": show group web
revoke ingress 6 22 from 10.0.0.0/16 to web
expect deny tcp 22 from app-1 to web-1
create nacl strict in prod
create nacl-entry strict ingress 100 allow 6 22 from 0.0.0.0/0
"
    ));
}

// ----- 8. at most 5 VPCs per region, the default VPC included -----

#[test]
fn a_region_holds_five_vpcs_the_default_included() {
    holds(
        "create vpc a 10.1.0.0/16
create vpc b 10.2.0.0/16
create vpc c 10.3.0.0/16
create vpc d 10.4.0.0/16
expect error VpcLimitExceeded: create vpc e 10.5.0.0/16
region eu-west-1
create vpc e 10.5.0.0/16
",
    );
    let mut s = session(
        "create vpc a 10.1.0.0/16
create vpc b 10.2.0.0/16
create vpc c 10.3.0.0/16
create vpc d 10.4.0.0/16",
    );
    let e = err_code(&mut s, "create vpc e 10.5.0.0/16", "VpcLimitExceeded");
    assert_eq!(e.message, "The maximum number of VPCs has been reached.");
}

// ----- 9. context switches, denied sends, flows that are not open -----

#[test]
fn switching_to_a_known_context_is_not_an_undo_step() {
    let mut s = session(
        "create group web \"Web\"
region eu-west-1
create group euro \"Euro\"
region us-east-1",
    );
    // The last step is `create group euro`: undo takes it back, and the context stays.
    assert_eq!(ok(&mut s, "undo"), "ok: undid create group");
    assert_eq!(s.world().scope.region, "us-east-1");
    assert!(s.world().groups.values().all(|g| g.name != "euro"));
    assert!(s.world().groups.values().any(|g| g.name == "web"));
    // Redo puts it back where it was made, in eu-west-1.
    ok(&mut s, "redo");
    assert_eq!(s.world().scope.region, "us-east-1");
    let euro = s.world().groups.values().find(|g| g.name == "euro");
    assert_eq!(euro.map(|g| g.scope.region.as_str()), Some("eu-west-1"));
}

#[test]
fn the_first_use_of_a_region_is_undoable_and_returns_to_the_previous_context() {
    let mut s = session(
        "create group web \"Web\"
region eu-west-1
region us-east-1
region eu-west-1",
    );
    let vpcs_in = |s: &Session, region: &str| {
        s.world()
            .vpcs
            .values()
            .filter(|v| v.scope.region == region)
            .count()
    };
    assert_eq!(vpcs_in(&s, "eu-west-1"), 1);
    ok(&mut s, "undo");
    assert_eq!(s.world().scope.region, "us-east-1");
    assert_eq!(vpcs_in(&s, "eu-west-1"), 0);
    ok(&mut s, "undo");
    assert!(s.world().groups.values().all(|g| g.name != "web"));
    holds(
        "account 111122223333
create group far \"Far\"
account 123456789012
account 111122223333
undo
expect error InvalidGroup.NotFound: show group 111122223333/far
",
    );
}

#[test]
fn a_denied_send_prints_the_verdict_and_is_not_an_error() {
    let mut s = session(&format!(
        "{SSH_FLOW}create nacl-entry prod/default ingress 50 deny tcp 22 from 10.0.2.0/24"
    ));
    let before = s.state().clone();
    let reply = s.run_line("send ssh request", &mut NoFiles);
    let Ok(Some(Reply::Line(text))) = reply else {
        panic!("a denied send is not an error: {reply:?}");
    };
    assert!(text.starts_with("denied: "), "{text}");
    assert!(text.contains("inbound entry 50"), "{text}");
    assert!(*s.state() == before, "a denied send changes nothing");
    // Nothing to undo for it: undo takes back the NACL entry.
    assert_eq!(ok(&mut s, "undo"), "ok: undid create nacl-entry");
    holds(&format!(
        "{SSH_FLOW}create nacl-entry prod/default ingress 50 deny tcp 22 from 10.0.2.0/24
send ssh request
delete nacl-entry prod/default ingress 50
send ssh request
expect allow flow ssh request
"
    ));
}

#[test]
fn a_flow_that_is_not_open_is_not_found() {
    holds(&format!(
        "{SSH_FLOW}
expect error InvalidFlow.NotFound: send nope request
expect error InvalidFlow.NotFound: close nope
expect error InvalidFlow.NotFound: trace flow nope reply
close ssh
expect error InvalidFlow.NotFound: send ssh request
expect error InvalidFlow.NotFound: close ssh
"
    ));
}

// ----- 14. help where a name resolves to nothing, `internet` as a peer, every dependent -----

#[test]
fn a_name_that_resolves_to_nothing_suggests_the_nearest() {
    let mut s = session(TWO_TIERS);
    let e = err_code(
        &mut s,
        "authorize ingress tcp 22 from 10.0.0.0/8 to wbe",
        "InvalidGroup.NotFound",
    );
    assert_eq!(e.help.as_deref(), Some("did you mean 'web'?"));
    let e = err_code(&mut s, "terminate web-2", "InvalidInstanceID.NotFound");
    assert_eq!(e.help.as_deref(), Some("did you mean 'web-1'?"));
    let e = err_code(
        &mut s,
        "create subnet x in prd 10.0.9.0/24",
        "InvalidVpcID.NotFound",
    );
    assert_eq!(e.help.as_deref(), Some("did you mean 'prod'?"));
    let e = err_code(
        &mut s,
        "associate nacl defalt with prod/web-a",
        "InvalidNetworkAclID.NotFound",
    );
    assert_eq!(e.help.as_deref(), Some("did you mean 'default'?"));
    let e = err_code(
        &mut s,
        "probe tcp 22 from app-1 to web-2",
        "InvalidEndpoint.NotFound",
    );
    assert_eq!(e.help.as_deref(), Some("did you mean 'web-1'?"));
    ok(
        &mut s,
        "create cache-cluster redis-1 engine redis in prod/app-a",
    );
    let e = err_code(
        &mut s,
        "delete cache-cluster redis-2",
        "CacheClusterNotFound",
    );
    assert_eq!(e.help.as_deref(), Some("did you mean 'redis-1'?"));
}

#[test]
fn internet_as_a_rule_peer_points_to_the_whole_address_ranges() {
    let mut s = session(TWO_TIERS);
    let e = err_code(
        &mut s,
        "authorize ingress tcp 80 from internet to web",
        "InvalidGroup.NotFound",
    );
    let help = e.help.unwrap_or_default();
    assert!(
        help.contains("0.0.0.0/0") && help.contains("::/0"),
        "{help}"
    );
}

#[test]
fn dependency_violation_lists_every_dependent() {
    let mut s = session(&format!(
        "{TWO_TIERS}launch web-2 in prod/web-a groups web
authorize ingress tcp 80 from web to app"
    ));
    let e = err_code(&mut s, "delete group web", "DependencyViolation");
    let help = e.help.unwrap_or_default();
    assert!(help.contains("web-1") && help.contains("web-2"), "{help}");
    assert!(help.contains("app"), "{help}");
}

#[test]
fn dependency_violation_of_a_vpc_subnet_or_nacl_lists_every_dependent() {
    let mut s = session(&format!(
        "{TWO_TIERS}create nacl strict in prod
associate nacl strict with prod/web-a
associate nacl strict with prod/app-a"
    ));
    let e = err_code(&mut s, "delete vpc prod", "DependencyViolation");
    let help = e.help.unwrap_or_default();
    for fix in [
        "delete subnet prod/web-a",
        "delete subnet prod/app-a",
        "delete group prod/web",
        "delete group prod/app",
        "delete nacl prod/strict",
    ] {
        assert!(help.contains(fix), "{fix}: {help}");
    }
    let e = err_code(&mut s, "delete nacl strict", "DependencyViolation");
    let help = e.help.unwrap_or_default();
    assert!(
        help.contains("prod/web-a") && help.contains("prod/app-a"),
        "{help}"
    );
    ok(&mut s, "launch web-2 in prod/web-a groups web");
    let e = err_code(&mut s, "delete subnet prod/web-a", "DependencyViolation");
    let help = e.help.unwrap_or_default();
    assert!(
        help.contains("terminate web-1") && help.contains("terminate web-2"),
        "{help}"
    );
}

// ----- 23. a request with many peers fails fast on the quota -----

#[test]
fn authorize_with_thirty_two_thousand_peers_is_refused_by_the_quota() {
    let peers: Vec<String> = (0..32_000u32)
        .map(|k| format!("10.{}.{}.0/24", k / 256, k % 256))
        .collect();
    let line = format!("authorize ingress tcp 22 from {} to web", peers.join(", "));
    let mut s = session(TWO_TIERS);
    let started = std::time::Instant::now();
    err_code(&mut s, &line, "RulesPerSecurityGroupLimitExceeded");
    // Generous: the quadratic check took about 6 s in a release build.
    assert!(started.elapsed().as_secs() < 30);
    // Sixty-one peers with a duplicate among them: the quota answers first.
    let mut over: Vec<String> = peers.iter().take(60).cloned().collect();
    over.push(peers[0].clone());
    let line = format!("authorize ingress tcp 22 from {} to web", over.join(", "));
    err_code(&mut s, &line, "RulesPerSecurityGroupLimitExceeded");
    // Sixty peers with one duplicate: the duplicate is found, in one pass.
    let mut sixty: Vec<String> = peers.iter().take(59).cloned().collect();
    sixty.push(peers[3].clone());
    let line = format!("authorize ingress tcp 22 from {} to web", sixty.join(", "));
    let e = err_code(&mut s, &line, "InvalidParameterValue");
    assert_eq!(
        e.message,
        "The same permission must not appear multiple times"
    );
}
