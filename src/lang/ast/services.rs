//! The managed-service commands: ElastiCache (cache clusters, replication groups, cache security
//! groups) and RDS (DB instances, Aurora DB clusters). Engines, ports and counts are kept as
//! written, so that AWS's validation answers them.

use super::{Peer, Ref, Span, Spanned};
pub use crate::vocab::service_kind::ServiceKind;
use serde::{Deserialize, Serialize};

/// Where a cache cluster or replication group goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CachePlace {
    /// No `in`: the default VPC's first default subnet, as ElastiCache's default subnet group.
    DefaultVpc,
    Subnet(Ref),
    /// `classic`, and where it was written.
    Classic(Span),
}

/// `create cache-cluster …` and `create replication-group …`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheSpec {
    pub name: Spanned<String>,
    pub engine: Spanned<String>,
    pub place: CachePlace,
    pub port: Option<Spanned<i64>>,
    /// `nodes N` of a cache cluster, `replicas N` of a replication group.
    pub count: Option<Spanned<i64>>,
    /// VPC security groups; empty when no `groups` clause was written.
    pub groups: Vec<Ref>,
    /// Cache security groups (EC2-Classic); empty when no `cache-groups` clause was written.
    pub cache_groups: Vec<Ref>,
}

/// `authorize|revoke cache-ingress CACHEGROUP from EC2GROUP [owner ACCOUNT]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheIngress {
    pub cache_group: Ref,
    /// The EC2 group's name; a CIDR parses here and is refused.
    pub ec2_group: Spanned<Peer>,
    /// The EC2 group's account; the current one when absent.
    pub owner: Option<Spanned<String>>,
}

/// `create db-instance NAME engine E [in SUBNET] [port N] [groups …]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbInstanceSpec {
    pub name: Spanned<String>,
    pub engine: Spanned<String>,
    /// `None`: the default VPC's first default subnet.
    pub subnet: Option<Ref>,
    pub port: Option<Spanned<i64>>,
    pub groups: Vec<Ref>,
}

/// `create db-cluster NAME engine E [in VPC] [port N] [groups …]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbClusterSpec {
    pub name: Spanned<String>,
    pub engine: Spanned<String>,
    /// `None`: the default VPC.
    pub vpc: Option<Ref>,
    pub port: Option<Spanned<i64>>,
    pub groups: Vec<Ref>,
}

/// One managed-service command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceCommand {
    CreateCacheCluster(CacheSpec),
    CreateReplicationGroup(CacheSpec),
    CreateCacheGroup {
        name: Spanned<String>,
        description: Spanned<String>,
    },
    AuthorizeCacheIngress(CacheIngress),
    RevokeCacheIngress(CacheIngress),
    CreateDbInstance(DbInstanceSpec),
    /// `create db-instance NAME in cluster C subnet SUBNET`: an Aurora member.
    CreateDbMember {
        name: Spanned<String>,
        cluster: Ref,
        subnet: Ref,
    },
    CreateDbCluster(DbClusterSpec),
    /// `modify cache-cluster|replication-group|db-instance|db-cluster NAME groups …`: replaces
    /// the groups.
    ModifyGroups {
        kind: ServiceKind,
        target: Ref,
        groups: Vec<Ref>,
    },
    /// `modify cache-cluster NAME cache-groups …`: replaces an EC2-Classic cluster's cache
    /// security groups.
    ModifyCacheGroups {
        cluster: Ref,
        cache_groups: Vec<Ref>,
    },
    /// `delete cache-cluster|replication-group|cache-group|db-instance|db-cluster NAME`.
    Delete {
        kind: ServiceKind,
        target: Ref,
    },
}

impl ServiceCommand {
    /// The command's first words, for messages (`create cache-cluster`).
    pub fn name(&self) -> &'static str {
        match self {
            ServiceCommand::CreateCacheCluster(_) => "create cache-cluster",
            ServiceCommand::CreateReplicationGroup(_) => "create replication-group",
            ServiceCommand::CreateCacheGroup { .. } => "create cache-group",
            ServiceCommand::AuthorizeCacheIngress(_) => "authorize cache-ingress",
            ServiceCommand::RevokeCacheIngress(_) => "revoke cache-ingress",
            ServiceCommand::CreateDbInstance(_) | ServiceCommand::CreateDbMember { .. } => {
                "create db-instance"
            }
            ServiceCommand::CreateDbCluster(_) => "create db-cluster",
            ServiceCommand::ModifyGroups { kind, .. } => match kind {
                ServiceKind::CacheCluster => "modify cache-cluster",
                ServiceKind::ReplicationGroup => "modify replication-group",
                ServiceKind::CacheGroup => "modify cache-group",
                ServiceKind::DbInstance => "modify db-instance",
                ServiceKind::DbCluster => "modify db-cluster",
            },
            ServiceCommand::ModifyCacheGroups { .. } => "modify cache-cluster",
            ServiceCommand::Delete { kind, .. } => match kind {
                ServiceKind::CacheCluster => "delete cache-cluster",
                ServiceKind::ReplicationGroup => "delete replication-group",
                ServiceKind::CacheGroup => "delete cache-group",
                ServiceKind::DbInstance => "delete db-instance",
                ServiceKind::DbCluster => "delete db-cluster",
            },
        }
    }
}
