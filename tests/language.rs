//! Every in-scope example line of LANGUAGE.md, run in a world where it makes sense (the examples
//! are "each in a world where it makes sense, not one script"). Each world is a script that must
//! run to the end with every expectation holding. Lines name ids that no session can mint
//! (`sgr-0123456789abcdef0`, `eni-0123456789abcdef0`) are run as `expect error` with the NotFound
//! code AWS gives them.

use sgs::lang::error::Diagnostic;
use sgs::session::{Host, Session, Verbosity};
use sgs::world::World;
use std::path::PathBuf;

/// Files in a private temporary directory.
struct TempFiles(PathBuf);

impl TempFiles {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("sgs-language-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        TempFiles(dir)
    }
}

impl Host for TempFiles {
    fn save(&mut self, world: &World, path: &str) -> Result<String, Diagnostic> {
        sgs::io::save(world, &self.0.join(path))?;
        Ok(format!("ok: saved {path}"))
    }
    fn load(&mut self, path: &str) -> Result<World, Diagnostic> {
        sgs::io::load(&self.0.join(path))
    }
}

fn run(name: &str, script: &str) {
    let mut host = TempFiles::new(name);
    let mut s = Session::new();
    let r = s.run_script(name, script, &mut host, Verbosity::Quiet);
    let _ = std::fs::remove_dir_all(&host.0);
    assert!(
        !r.stopped && r.failed == 0,
        "{name}: {} passed, {} failed\n{}",
        r.passed,
        r.failed,
        r.output
    );
}

#[test]
fn context() {
    run(
        "context",
        "account 111122223333            # switch to this account (created on first use, with its own default VPC)
expect output \"111122223333\": show vpcs
region eu-west-1                # switch region (each account/region pair has its own default VPC)
expect output \"eu-west-1\": show vpcs
expect output \"eu-west-1a\": show subnets",
    );
}

#[test]
fn topology() {
    run(
        "topology",
        "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 az us-east-1a public
create subnet db-a in prod 10.0.2.0/24
create vpc shared 10.2.0.0/16
create peering prod-shared between prod and shared      # an active VPC peering connection (pcx-…)
expect output \"active\": show peerings
delete peering prod-shared                              # rules that reference across it become stale
expect output \"peerings of\": show peerings
expect error InvalidVpcPeeringConnectionID.NotFound: delete peering prod-shared
create vpc staging 10.1.0.0/16
delete subnet db-a
delete vpc staging
expect output \"web-a\": show subnets in prod
expect error InvalidVpcID.NotFound: show subnets in staging",
    );
}

#[test]
fn network_acls() {
    let script = format!(
        "{PROD}create group web \"Web\" in prod
authorize ingress tcp 22 from 0.0.0.0/0 to web
launch web-1 in prod/web-a public-ip groups web
create nacl strict in prod
create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24
create nacl-entry strict ingress 100 allow all from 0.0.0.0/0
create nacl-entry strict egress 100 allow tcp 1024-65535 to 0.0.0.0/0
replace nacl-entry strict egress 100 allow all to 0.0.0.0/0
associate nacl strict with prod/web-a
expect deny tcp 22 from 198.51.100.7 to web-1
delete nacl-entry strict ingress 90
expect allow tcp 22 from 198.51.100.7 to web-1
expect error DependencyViolation: delete nacl strict
associate nacl default with prod/web-a
delete nacl strict                    # the default NACL cannot be deleted
expect error InvalidParameterValue: delete nacl prod/default"
    );
    run("nacls", &script);
}

const PROD: &str = "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 az us-east-1a public
create subnet db-a in prod 10.0.2.0/24
";

#[test]
fn security_groups_and_rules() {
    let script = format!(
        "{PROD}create group web \"Web servers\" in prod
create group app \"App servers\" in prod id sg-app        # pin a readable id (sandbox-only; see below)
create group legacy \"Old fleet\" classic                  # an EC2-Classic group (no VPC)
create group cache \"Cache\" in prod id sg-cache
create group db \"Databases\" in prod id sg-db
create group vpn \"VPN endpoints\" in prod

authorize ingress tcp 80 from 0.0.0.0/0, ::/0 to web description \"HTTP from anywhere\"
authorize ingress tcp 22 from 203.0.113.0/24 to web
authorize ingress tcp 6379 from sg-app to sg-cache
authorize ingress all from web to web                    # members of web reach each other
authorize ingress icmp echo-request from 10.0.0.0/8 to web
authorize ingress icmp 3:4 from 0.0.0.0/0 to web         # type 3, code 4
authorize ingress udp 1024-65535 from ::/0 to web
authorize ingress 50 from 198.51.100.0/24 to vpn         # a protocol number (ESP): no ports
authorize egress tcp 3306 from web to sg-db
expect error InvalidPermission.Duplicate: authorize egress all from web to 0.0.0.0/0
expect output \"HTTP from anywhere\": show group web
expect output \"50 (ESP)\": show group vpn
authorize ingress icmp timestamp from 10.0.0.0/8 to web
expect error InvalidPermission.Duplicate: authorize ingress icmp timestamp-request from 10.0.0.0/8 to web
authorize ingress icmp echo from 10.1.0.0/16 to web
authorize ingress icmp info-request from 10.0.0.0/8 to web
authorize ingress icmp mask-reply from 10.0.0.0/8 to web
authorize ingress icmpv6 echo from ::/0 to web
expect error InvalidPermission.Duplicate: authorize ingress icmpv6 echo-request from ::/0 to web
authorize ingress 6 22 from 10.0.0.0/8 to web
expect error InvalidPermission.Duplicate: authorize ingress tcp 22 from 10.0.0.0/8 to web
authorize ingress 17 53 from 10.0.0.0/8 to web
expect error InvalidPermission.Duplicate: authorize ingress udp 53 from 10.0.0.0/8 to web
authorize ingress 1 8 from 192.168.0.0/16 to web
expect error InvalidPermission.Duplicate: authorize ingress icmp echo from 192.168.0.0/16 to web
expect output \"udp 53\": show group web

revoke ingress tcp 80 from 0.0.0.0/0 to web
revoke egress all from web to 0.0.0.0/0, ::/0
authorize egress all from web to 0.0.0.0/0
expect error InvalidSecurityGroupRuleId.NotFound: revoke rule sgr-0123456789abcdef0
update ingress tcp 22 from 203.0.113.0/24 to web description \"SSH from the office\"
expect output \"SSH from the office\": show group web
update ingress tcp 22 from 203.0.113.0/24 to web        # no description: removes it
expect error InvalidGroup.NotFound: delete group nothing-here
revoke ingress all from web to web
delete group web"
    );
    run("groups", &script);
}

#[test]
fn a_reference_to_another_accounts_group() {
    // In EC2-Classic, groups of other accounts in the same region can be referenced.
    run(
        "other-account",
        "account 111122223333
create group partner \"Partner fleet\" classic id sg-0a1b2c3d4e5f60789
account 123456789012
create group db \"Databases\" classic
authorize ingress tcp 5432 from 111122223333/sg-0a1b2c3d4e5f60789 to db
expect output \"111122223333/sg-0a1b2c3d4e5f60789\": show group db",
    );
}

#[test]
fn references() {
    run(
        "references",
        "create group web \"Web\"
account 111122223333
create group web \"Partner web, here\"
region eu-west-1
create group web \"Partner web, in Europe\"
account 123456789012
region us-east-1
expect output \"Partner web, here\": show group 111122223333/web
region us-west-2
expect error AmbiguousName: show group 111122223333/web
region us-east-1
expect error InvalidGroup.NotFound: launch web-1 groups 111122223333/web
expect error InvalidGroup.NotFound: show group wbe
expect error InvalidVpcID.NotFound: show subnets in prd
expect error InvalidInstanceID.NotFound: stop web-1
expect error InvalidNetworkAclID.NotFound: delete nacl strict
expect error InvalidVpcPeeringConnectionID.NotFound: delete peering p
expect error CacheClusterNotFound: delete cache-cluster c
expect error DBInstanceNotFound: delete db-instance d
expect error InvalidEndpoint.NotFound: probe tcp 22 from nowhere to internet",
    );
}

#[test]
fn context_switches_are_not_undo_steps_and_a_region_holds_five_vpcs() {
    run(
        "context-undo",
        "create vpc a 10.1.0.0/16
create vpc b 10.2.0.0/16
create vpc c 10.3.0.0/16
create vpc d 10.4.0.0/16
expect error VpcLimitExceeded: create vpc e 10.5.0.0/16
region eu-west-1
region us-east-1
region eu-west-1
undo
expect output \"us-east-1\": show vpcs
expect error InvalidVpcID.NotFound: show subnets in eu-west-1/default
undo
expect output \"10.3.0.0/16\": show vpcs
create vpc e 10.5.0.0/16",
    );
}

#[test]
fn instances_and_network_interfaces() {
    let script = format!(
        "{PROD}create group web \"Web\" in prod
create group ssh \"SSH\" in prod
create group monitoring \"Monitoring\" in prod
create group db \"DB\" in prod
create group legacy \"Old fleet\" classic
launch web-1 in prod/web-a ip 10.0.1.10 public-ip groups web, ssh
launch web-2 in prod/web-a                               # next free address; the VPC's default group
launch web-6 in prod/web-a ip 10.0.1.20 ipv6 2600:1f18:1:101::20 public-ip groups web
launch old-1 classic groups legacy                       # EC2-Classic: groups fixed at launch
attach eni web-1-db to web-1 in prod/db-a groups db       # a secondary network interface
modify instance web-1 groups web, ssh, monitoring         # replaces the primary ENI's groups
expect error MissingParameter: modify instance web-1 groups
expect error InvalidNetworkInterfaceID.NotFound: modify eni eni-0123456789abcdef0 groups db
modify eni web-1-db groups db
associate address 54.210.0.10 with web-1                  # an Elastic IP
stop web-1
start web-1
expect output \"10.0.1.4\": show instance web-2
terminate web-2
expect output \"10.0.1.20\": show instances
expect output \"54.210.0.10\": show instance web-1
expect output \"monitoring\": show instance web-1
expect error InvalidInstanceID.NotFound: show instance web-2"
    );
    run("instances", &script);
}

#[test]
fn managed_services() {
    let script = format!(
        "{PROD}create subnet cache-a in prod 10.0.3.0/24
create group web \"Web\" in prod
create group cache \"Cache\" in prod id sg-cache
create group extra \"Extra\" in prod id sg-extra
create group dbsrv1 \"DB servers\" in prod id sg-dbsrv1
create group audit \"Audit\" in prod id sg-audit
create group db \"Reports\" in prod
create group legacy \"Old fleet\" classic
authorize ingress tcp 6379 from web to sg-cache
authorize ingress tcp 11211 from web to sg-cache
authorize ingress tcp 3306 from web to sg-dbsrv1
launch web-1 in prod/web-a groups web
launch old-1 classic groups legacy
# ElastiCache in a VPC: ordinary VPC security groups
create cache-cluster redis-1 engine redis in prod/cache-a groups sg-cache      # port 6379
create cache-cluster memc-1 engine memcached in prod/cache-a nodes 3 groups sg-cache   # port 11211
create replication-group orders engine redis in prod/cache-a replicas 2 groups sg-cache
modify cache-cluster redis-1 groups sg-cache, sg-extra
expect allow tcp 6379 from web-1 to redis-1
expect allow tcp 11211 from web-1 to memc-1#3
expect allow tcp 6379 from web-1 to orders
expect output \"cache, extra\": show clusters

# ElastiCache in EC2-Classic: cache security groups authorize EC2 security groups, never CIDRs
create cache-group sessions \"Session cache clients\"
authorize cache-ingress sessions from legacy owner 123456789012
revoke cache-ingress sessions from legacy owner 123456789012
create cache-cluster sess-1 engine memcached classic cache-groups sessions
expect deny tcp 11211 from old-1 to sess-1
authorize cache-ingress sessions from legacy
expect allow tcp 11211 from old-1 to sess-1
create cache-group reporting \"Reports\"
modify cache-cluster sess-1 cache-groups sessions, reporting   # EC2-Classic clusters: their cache security groups
expect output \"sessions, reporting\": show clusters
expect deny tcp 11211 from web-1 to sess-1
expect error InvalidParameterValue: authorize cache-ingress sessions from 10.0.0.0/8

# RDS and Aurora
create db-cluster orders-db engine aurora-mysql in prod groups sg-dbsrv1        # port 3306
create db-instance orders-db-1 in cluster orders-db subnet prod/db-a
create db-instance reports engine postgres in prod/db-a groups db             # port 5432
expect allow tcp 3306 from web-1 to orders-db
modify db-cluster orders-db groups sg-dbsrv1, sg-audit    # applies to every instance in the cluster
expect output \"dbsrv1, audit\": show clusters
modify db-instance orders-db-1 groups sg-dbsrv1           # a member's groups are its cluster's: all change
expect output \"prod  orders-db-1  dbsrv1\": show clusters
modify db-instance reports groups db
delete db-instance reports
expect error InvalidDBClusterStateFault: delete db-cluster orders-db
delete db-instance orders-db-1
delete db-cluster orders-db
delete cache-cluster memc-1
expect error InvalidCacheSecurityGroupState: delete cache-group sessions
delete cache-cluster sess-1
delete cache-group sessions
expect error CacheClusterNotFound: delete cache-cluster memc-1
expect error CacheSecurityGroupNotFound: delete cache-group sessions
expect error DBInstanceNotFound: delete db-instance reports
expect error DBClusterNotFoundFault: delete db-cluster orders-db
expect error CacheClusterAlreadyExists: create cache-cluster redis-1 engine redis in prod/cache-a
expect error ReplicationGroupAlreadyExists: create replication-group orders engine redis in prod/cache-a
create cache-group clients \"Clients\"
expect error CacheSecurityGroupAlreadyExists: create cache-group CLIENTS \"again\"
expect error InvalidParameterValue: create db-instance redis-1 engine mysql in prod/db-a"
    );
    run("services", &script);
}

#[test]
fn asking_about_packets() {
    let script = format!(
        "{PROD}create subnet cache-a in prod 10.0.3.0/24
create group web \"Web\" in prod
create group cache \"Cache\" in prod id sg-cache
create vpc staging 10.1.0.0/16
create group db \"DB\" in staging
authorize ingress tcp 443 from 0.0.0.0/0 to web
authorize ingress tcp 6379 from web to sg-cache
launch web-1 in prod/web-a public-ip groups web
create cache-cluster redis-1 engine redis in prod/cache-a groups sg-cache
create db-cluster orders-db engine aurora-mysql in prod
create db-instance orders-db-1 in cluster orders-db subnet prod/db-a
probe tcp 6379 from web-1 to redis-1                  # the verdict and the deciding step, one line
trace tcp 6379 from web-1 to redis-1                  # every step of the way, and the reply path
trace tcp 443 from internet to web-1 via public       # which of the destination's addresses to use
expect allow tcp 6379 from web-1 to redis-1
expect deny tcp 3306 from internet to orders-db-1
expect deny tcp 3306 from web-1 to orders-db
expect error InvalidGroup.Duplicate: create group web \"again\" in prod
expect error: authorize ingress tcp 5432 from staging/db to web     # any error will do
expect output \"sg-cache\": show group cache             # the command succeeds and prints this text
expect output \"redis-1#1\": show group cache
probe icmp 3:4 from web-1 to redis-1
probe 50 from web-1 to redis-1
probe tcp 6379 from web-1 to redis-1 via private sport 40000"
    );
    run("packets", &script);
}

#[test]
fn flows_connection_tracking_and_time() {
    let script = format!(
        "{PROD}create group web \"Web\" in prod
authorize ingress tcp 22 from 203.0.113.0/24 to web
launch web-1 in prod/web-a public-ip groups web
connect tcp 22 from 203.0.113.7 to web-1 as ssh       # opens a flow if allowed; tracked or untracked
expect output \"tracked\": show flows
send ssh reply                                        # the next packet of the flow, this direction
wait 10m                                              # the simulated clock moves on
expect output \"clock 10m\": show flows
revoke ingress tcp 22 from 203.0.113.0/24 to web
expect deny tcp 22 from 203.0.113.7 to web-1
expect allow flow ssh request                         # a tracked flow outlives the rule
close ssh
show flows
expect output \"no flows\": show flows
expect error InvalidFlow.NotFound: send ssh request
authorize ingress tcp 22 from 203.0.113.0/24 to web
connect tcp 22 from 203.0.113.7 to web-1 as ssh
create nacl-entry prod/default ingress 50 deny tcp 22 from 203.0.113.0/24
expect output \"inbound entry 50\": send ssh request
delete nacl-entry prod/default ingress 50
expect allow flow ssh request
send ssh request"
    );
    run("flows", &script);
}

#[test]
fn looking_at_the_world() {
    let script = format!(
        "{PROD}create group web \"Web\" in prod
launch web-1 in prod/web-a groups web
show vpcs
show subnets in prod
show groups in prod
show group web
show instances
show instance web-1
create vpc shared 10.1.0.0/16
create group tools \"Tools\" in shared
create peering prod-shared between prod and shared
authorize ingress tcp 22 from tools to web
delete group tools
show nacls in prod
show peerings
show stale in prod
show clusters
expect output \"no cache clusters\": show clusters
show flows
expect output \"the default network ACL\": show nacls in prod
expect output \"prod-shared\": show peerings
expect output \"the referenced group was deleted\": show stale in prod
expect output \"prod\": show vpcs
expect output \"prod/web-a\": show subnets in prod
expect output \"web\": show groups in prod
expect output \"web-1\": show instances"
    );
    run("looking", &script);
}

#[test]
fn sessions_and_files() {
    run(
        "files",
        "create group web \"Web\"
save lab.ron
create group app \"App\"
load lab.ron
expect error InvalidGroup.NotFound: show group app
undo                                  # every command that changed the world, the flows or the clock
expect output \"app\": show group app
redo                                  # (wait, connect, send, load and reset too) is one step;
expect error InvalidGroup.NotFound: show group app
wait 5m
expect output \"clock 5m\": show flows
undo
expect output \"clock 0s\": show flows
redo
reset                                 # back to a fresh world; failed commands and queries are no steps
expect error InvalidGroup.NotFound: show group web
echo \"Step 2: let the app tier reach the cache\"
pause                                 # in play mode, wait for a key
help authorize
expect output \"authorize ingress\": help authorize",
    );
}
