//! Managed services behind security groups: ElastiCache cache clusters, replication groups and
//! cache security groups, and RDS DB instances and Aurora DB clusters.
//!
//! AWS names these objects rather than giving them ids, and stores the names lowercase, so they
//! live in ordered maps keyed by account, region and lowercase name. What the data plane needs
//! of them is what it needs of an instance: each cache node and each DB instance has a network
//! interface ([`Eni`] with an [`EniOwner`]) with its own private address and the VPC groups, so
//! group membership, addresses, `DependencyViolation` on group delete and every index work
//! unchanged. The groups of a VPC cache cluster live on its nodes' interfaces; a DB cluster keeps
//! its groups (it may have no instance yet) and copies them to every member's interface. An
//! EC2-Classic cache cluster's nodes have no VPC groups: its cache security groups decide.

use super::World;
use super::instance::Eni;
use crate::vocab::{EniId, Scope, SgId, SubnetId, VpcId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

pub mod lookup;

/// Where a named service object lives: its account and region, and its lowercase name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SvcKey {
    pub scope: Scope,
    pub name: String,
}

impl SvcKey {
    pub fn new(scope: &Scope, name: &str) -> Self {
        SvcKey {
            scope: scope.clone(),
            name: name.to_lowercase(),
        }
    }
}

/// An ElastiCache engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CacheEngine {
    Redis,
    Memcached,
}

impl CacheEngine {
    pub const ALL: [CacheEngine; 2] = [CacheEngine::Redis, CacheEngine::Memcached];

    pub fn as_str(self) -> &'static str {
        match self {
            CacheEngine::Redis => "redis",
            CacheEngine::Memcached => "memcached",
        }
    }

    /// The port a cluster listens on unless `port` says otherwise (AWS-SEMANTICS §11).
    pub fn default_port(self) -> u16 {
        match self {
            CacheEngine::Redis => 6379,
            CacheEngine::Memcached => 11211,
        }
    }

    pub fn parse(word: &str) -> Option<CacheEngine> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(word))
    }
}

/// An RDS engine: the values of CreateDBInstance's `Engine` (AWS-SEMANTICS §12). The families'
/// short names (`sqlserver`, `oracle`, `db2`) are not engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DbEngine {
    Mysql,
    Mariadb,
    Postgres,
    /// Saves written before the editions were engines said `Sqlserver`.
    #[serde(alias = "Sqlserver")]
    SqlserverEe,
    SqlserverSe,
    SqlserverEx,
    SqlserverWeb,
    /// Saves written before the editions were engines said `Oracle`.
    #[serde(alias = "Oracle")]
    OracleEe,
    OracleEeCdb,
    OracleSe2,
    OracleSe2Cdb,
    Db2Ae,
    Db2Se,
    CustomOracleEe,
    CustomOracleEeCdb,
    CustomOracleSe2,
    CustomOracleSe2Cdb,
    CustomSqlserverEe,
    CustomSqlserverSe,
    CustomSqlserverWeb,
    CustomSqlserverDev,
    AuroraMysql,
    AuroraPostgresql,
}

/// An engine's database family, which decides its default port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbFamily {
    Mysql,
    Postgres,
    Sqlserver,
    Oracle,
    Db2,
}

impl DbEngine {
    pub const ALL: [DbEngine; 23] = [
        DbEngine::Mysql,
        DbEngine::Mariadb,
        DbEngine::Postgres,
        DbEngine::SqlserverEe,
        DbEngine::SqlserverSe,
        DbEngine::SqlserverEx,
        DbEngine::SqlserverWeb,
        DbEngine::OracleEe,
        DbEngine::OracleEeCdb,
        DbEngine::OracleSe2,
        DbEngine::OracleSe2Cdb,
        DbEngine::Db2Ae,
        DbEngine::Db2Se,
        DbEngine::CustomOracleEe,
        DbEngine::CustomOracleEeCdb,
        DbEngine::CustomOracleSe2,
        DbEngine::CustomOracleSe2Cdb,
        DbEngine::CustomSqlserverEe,
        DbEngine::CustomSqlserverSe,
        DbEngine::CustomSqlserverWeb,
        DbEngine::CustomSqlserverDev,
        DbEngine::AuroraMysql,
        DbEngine::AuroraPostgresql,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DbEngine::Mysql => "mysql",
            DbEngine::Mariadb => "mariadb",
            DbEngine::Postgres => "postgres",
            DbEngine::SqlserverEe => "sqlserver-ee",
            DbEngine::SqlserverSe => "sqlserver-se",
            DbEngine::SqlserverEx => "sqlserver-ex",
            DbEngine::SqlserverWeb => "sqlserver-web",
            DbEngine::OracleEe => "oracle-ee",
            DbEngine::OracleEeCdb => "oracle-ee-cdb",
            DbEngine::OracleSe2 => "oracle-se2",
            DbEngine::OracleSe2Cdb => "oracle-se2-cdb",
            DbEngine::Db2Ae => "db2-ae",
            DbEngine::Db2Se => "db2-se",
            DbEngine::CustomOracleEe => "custom-oracle-ee",
            DbEngine::CustomOracleEeCdb => "custom-oracle-ee-cdb",
            DbEngine::CustomOracleSe2 => "custom-oracle-se2",
            DbEngine::CustomOracleSe2Cdb => "custom-oracle-se2-cdb",
            DbEngine::CustomSqlserverEe => "custom-sqlserver-ee",
            DbEngine::CustomSqlserverSe => "custom-sqlserver-se",
            DbEngine::CustomSqlserverWeb => "custom-sqlserver-web",
            DbEngine::CustomSqlserverDev => "custom-sqlserver-dev",
            DbEngine::AuroraMysql => "aurora-mysql",
            DbEngine::AuroraPostgresql => "aurora-postgresql",
        }
    }

    pub fn family(self) -> DbFamily {
        match self {
            DbEngine::Mysql | DbEngine::Mariadb | DbEngine::AuroraMysql => DbFamily::Mysql,
            DbEngine::Postgres | DbEngine::AuroraPostgresql => DbFamily::Postgres,
            DbEngine::SqlserverEe
            | DbEngine::SqlserverSe
            | DbEngine::SqlserverEx
            | DbEngine::SqlserverWeb
            | DbEngine::CustomSqlserverEe
            | DbEngine::CustomSqlserverSe
            | DbEngine::CustomSqlserverWeb
            | DbEngine::CustomSqlserverDev => DbFamily::Sqlserver,
            DbEngine::OracleEe
            | DbEngine::OracleEeCdb
            | DbEngine::OracleSe2
            | DbEngine::OracleSe2Cdb
            | DbEngine::CustomOracleEe
            | DbEngine::CustomOracleEeCdb
            | DbEngine::CustomOracleSe2
            | DbEngine::CustomOracleSe2Cdb => DbFamily::Oracle,
            DbEngine::Db2Ae | DbEngine::Db2Se => DbFamily::Db2,
        }
    }

    /// The port an instance or cluster listens on unless `port` says otherwise (§12).
    pub fn default_port(self) -> u16 {
        match self.family() {
            DbFamily::Mysql => 3306,
            DbFamily::Postgres => 5432,
            DbFamily::Sqlserver => 1433,
            DbFamily::Oracle => 1521,
            DbFamily::Db2 => 50000,
        }
    }

    /// Aurora engines run in a DB cluster only; the others as DB instances of their own.
    pub fn is_aurora(self) -> bool {
        matches!(self, DbEngine::AuroraMysql | DbEngine::AuroraPostgresql)
    }

    /// The engines a DB cluster takes: Aurora's, and MySQL and PostgreSQL (Multi-AZ DB
    /// clusters).
    pub fn runs_clusters(self) -> bool {
        self.is_aurora() || matches!(self, DbEngine::Mysql | DbEngine::Postgres)
    }

    pub fn parse(word: &str) -> Option<DbEngine> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(word))
    }
}

/// Where a cache cluster's nodes are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CacheNet {
    /// In a VPC subnet, behind VPC security groups (on the nodes' interfaces).
    Vpc { vpc: VpcId, subnet: SubnetId },
    /// In EC2-Classic, behind cache security groups (their lowercase names).
    Classic { cache_groups: Vec<String> },
}

/// An ElastiCache cache cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheCluster {
    /// Lowercase, as AWS stores it.
    pub name: String,
    pub scope: Scope,
    pub engine: CacheEngine,
    pub port: u16,
    pub net: CacheNet,
    /// Node k's interface is `nodes[k - 1]`; never empty.
    pub nodes: Vec<EniId>,
    /// The replication group the cluster belongs to, if any.
    pub replication_group: Option<String>,
    pub seq: u64,
}

impl CacheCluster {
    pub fn key(&self) -> SvcKey {
        SvcKey::new(&self.scope, &self.name)
    }

    pub fn is_classic(&self) -> bool {
        matches!(self.net, CacheNet::Classic { .. })
    }

    /// The cache security groups of an EC2-Classic cluster (none for a VPC one).
    pub fn cache_groups(&self) -> &[String] {
        match &self.net {
            CacheNet::Classic { cache_groups } => cache_groups,
            CacheNet::Vpc { .. } => &[],
        }
    }
}

/// An ElastiCache replication group: a primary cluster and its read replicas, each a one-node
/// cache cluster named `<group>-001`, `<group>-002`, ….
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicationGroup {
    pub name: String,
    pub scope: Scope,
    pub engine: CacheEngine,
    pub port: u16,
    /// The member clusters, the primary first.
    pub members: Vec<String>,
    pub seq: u64,
}

impl ReplicationGroup {
    pub fn primary(&self) -> Option<&str> {
        self.members.first().map(String::as_str)
    }
}

/// An EC2 security group authorized in a cache security group, by name and owner account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ec2GroupRef {
    pub name: String,
    pub owner: String,
}

/// An ElastiCache cache security group (EC2-Classic): the EC2 groups whose instances may reach
/// the clusters that use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheSecurityGroup {
    /// Lowercase, as AWS stores it.
    pub name: String,
    pub scope: Scope,
    pub description: String,
    pub authorized: Vec<Ec2GroupRef>,
    /// The `default` cache security group every account and region has.
    pub is_default: bool,
}

/// An RDS DB instance: on its own, or a member of an Aurora DB cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbInstance {
    pub name: String,
    pub scope: Scope,
    pub engine: DbEngine,
    pub port: u16,
    /// The DB cluster it belongs to (Aurora).
    pub cluster: Option<String>,
    pub eni: EniId,
    pub seq: u64,
}

/// An Aurora DB cluster: its groups are every member's groups, and its endpoint is its writer
/// (the first member).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbCluster {
    pub name: String,
    pub scope: Scope,
    pub engine: DbEngine,
    pub port: u16,
    pub vpc: VpcId,
    pub groups: Vec<SgId>,
    /// The member DB instances, the writer first.
    pub members: Vec<String>,
    pub seq: u64,
}

impl DbCluster {
    pub fn writer(&self) -> Option<&str> {
        self.members.first().map(String::as_str)
    }
}

/// What a network interface belongs to when it is not an instance's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EniOwner {
    /// Node `node` (from 1) of a cache cluster.
    CacheNode {
        cluster: String,
        node: u32,
    },
    DbInstance {
        name: String,
    },
}

impl EniOwner {
    /// `cache` or `db`, as the TUI's members list shows the kind.
    pub fn kind(&self) -> &'static str {
        match self {
            EniOwner::CacheNode { .. } => "cache",
            EniOwner::DbInstance { .. } => "db",
        }
    }
}

/// Every managed-service object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Services {
    pub cache_clusters: BTreeMap<SvcKey, CacheCluster>,
    pub replication_groups: BTreeMap<SvcKey, ReplicationGroup>,
    pub cache_groups: BTreeMap<SvcKey, CacheSecurityGroup>,
    pub db_instances: BTreeMap<SvcKey, DbInstance>,
    pub db_clusters: BTreeMap<SvcKey, DbCluster>,
}

/// Serializes shared services as plain ones.
pub fn serialize_shared<S: serde::Serializer>(
    services: &std::sync::Arc<Services>,
    s: S,
) -> Result<S::Ok, S::Error> {
    services.as_ref().serialize(s)
}

/// Reads services into a shared value.
pub fn deserialize_shared<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::sync::Arc<Services>, D::Error> {
    Services::deserialize(d).map(std::sync::Arc::new)
}

/// The name of the cache security group every account and region has.
pub const DEFAULT_CACHE_GROUP: &str = "default";

impl Services {
    /// Gives an account and region its `default` cache security group. Mints nothing, so worlds
    /// without services keep their ids.
    pub fn ensure_scope(&mut self, scope: &Scope) {
        let key = SvcKey::new(scope, DEFAULT_CACHE_GROUP);
        self.cache_groups
            .entry(key)
            .or_insert_with(|| CacheSecurityGroup {
                name: DEFAULT_CACHE_GROUP.to_string(),
                scope: scope.clone(),
                description: "default".to_string(),
                authorized: Vec::new(),
                is_default: true,
            });
    }

    /// The kind of object of the shared namespace (cache clusters, replication groups, DB
    /// instances, DB clusters) that has this name in this scope.
    pub fn kind_named(&self, scope: &Scope, name: &str) -> Option<&'static str> {
        let key = SvcKey::new(scope, name);
        if self.cache_clusters.contains_key(&key) {
            Some("cache cluster")
        } else if self.replication_groups.contains_key(&key) {
            Some("replication group")
        } else if self.db_instances.contains_key(&key) {
            Some("DB instance")
        } else if self.db_clusters.contains_key(&key) {
            Some("DB cluster")
        } else {
            None
        }
    }
}

impl World {
    /// What in the shared namespace of instances, cache clusters, replication groups, DB
    /// instances and DB clusters already has `name` in `scope` (ignoring case).
    pub fn namespace_user(&self, scope: &Scope, name: &str) -> Option<&'static str> {
        if let Some(kind) = self.services.kind_named(scope, name) {
            return Some(kind);
        }
        let instance = self
            .index
            .instance_names
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, ids)| ids)
            .filter_map(|id| self.instances.get(id))
            .any(|i| &i.scope == scope);
        instance.then_some("instance")
    }

    /// Adds a cache cluster and its nodes' interfaces.
    pub fn add_cache_cluster(&mut self, cluster: CacheCluster, nodes: Vec<Eni>) {
        for eni in nodes {
            self.add_eni(eni);
        }
        self.services_mut()
            .cache_clusters
            .insert(cluster.key(), cluster);
    }

    /// Removes a cache cluster and its nodes' interfaces.
    pub fn remove_cache_cluster(&mut self, key: &SvcKey) -> Option<CacheCluster> {
        let cluster = self.services_mut().cache_clusters.remove(key)?;
        for eni in &cluster.nodes {
            self.remove_eni(eni);
        }
        Some(cluster)
    }

    /// Replaces the cache security groups of an EC2-Classic cache cluster (a VPC one has none).
    pub fn set_cache_groups(&mut self, key: &SvcKey, names: Vec<String>) {
        if let Some(CacheCluster {
            net: CacheNet::Classic { cache_groups },
            ..
        }) = self.services_mut().cache_clusters.get_mut(key)
        {
            *cache_groups = names;
        }
    }

    /// Adds a DB instance and its interface.
    pub fn add_db_instance(&mut self, db: DbInstance, eni: Eni) {
        self.add_eni(eni);
        self.services_mut()
            .db_instances
            .insert(SvcKey::new(&db.scope, &db.name), db);
    }

    /// Removes a DB instance and its interface.
    pub fn remove_db_instance(&mut self, key: &SvcKey) -> Option<DbInstance> {
        let db = self.services_mut().db_instances.remove(key)?;
        self.remove_eni(&db.eni);
        Some(db)
    }

    /// The cache cluster or DB instance an interface belongs to, by its key.
    pub fn owner_key(&self, eni: &Eni) -> Option<SvcKey> {
        match eni.owner.as_ref()? {
            EniOwner::CacheNode { cluster, .. } => Some(SvcKey::new(&eni.scope, cluster)),
            EniOwner::DbInstance { name } => Some(SvcKey::new(&eni.scope, name)),
        }
    }

    /// The EC2-Classic cache cluster an interface is a node of.
    pub fn classic_cache_cluster(&self, eni: &Eni) -> Option<&CacheCluster> {
        match eni.owner.as_ref()? {
            EniOwner::CacheNode { cluster, .. } => self
                .services
                .cache_clusters
                .get(&SvcKey::new(&eni.scope, cluster))
                .filter(|c| c.is_classic()),
            EniOwner::DbInstance { .. } => None,
        }
    }

    /// The groups of a VPC cache cluster (its first node's).
    pub fn cache_cluster_groups(&self, cluster: &CacheCluster) -> &[SgId] {
        cluster
            .nodes
            .first()
            .and_then(|e| self.enis.get(e))
            .map_or(&[], |e| e.groups.as_slice())
    }

    /// What keeps a group in use besides interfaces: a DB cluster that lists it (it may have no
    /// instance yet).
    pub fn db_cluster_using(&self, group: &SgId) -> Option<&DbCluster> {
        self.services
            .db_clusters
            .values()
            .find(|c| c.groups.contains(group))
    }

    /// `count` free private addresses of a subnet, lowest first, without taking them.
    pub fn free_addresses(&self, subnet: &SubnetId, count: usize) -> Vec<Ipv4Addr> {
        let Some(s) = self.subnets.get(subnet) else {
            return Vec::new();
        };
        let (first, last) = (s.first_usable(), s.last_usable());
        let start = self
            .index
            .subnet_cursor
            .get(subnet)
            .copied()
            .unwrap_or(first)
            .max(first);
        let mut out = Vec::with_capacity(count);
        let mut a = start;
        while a <= last && out.len() < count {
            let addr = Ipv4Addr::from(a);
            if !self.address_in_use(&s.vpc, addr) {
                out.push(addr);
            }
            a += 1;
        }
        out
    }

    /// `count` free private addresses of a region's EC2-Classic network (10.0.0.0/8), lowest
    /// first, without taking them.
    pub fn free_classic_addresses(&self, region: &str, count: usize) -> Vec<Ipv4Addr> {
        let home = super::NetHome::Classic(region.to_string());
        let start = u32::from(Ipv4Addr::new(10, 0, 0, 4));
        let end = u32::from(Ipv4Addr::new(10, 255, 255, 254));
        (start..=end)
            .map(Ipv4Addr::from)
            .filter(|a| {
                !self
                    .index
                    .private
                    .contains_key(&(home.clone(), IpAddr::V4(*a)))
            })
            .take(count)
            .collect()
    }
}
