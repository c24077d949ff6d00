//! The kinds of managed-service object: ElastiCache cache clusters, replication groups and cache
//! security groups, RDS DB instances and Aurora DB clusters.
//!
//! Commands name a kind after their verb (`delete cache-cluster …`); the world says which kind it
//! could not find, and the control plane which kind it refuses, in AWS's words for each.

use serde::{Deserialize, Serialize};

/// The kinds of managed-service object a command names after its verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceKind {
    CacheCluster,
    ReplicationGroup,
    CacheGroup,
    DbInstance,
    DbCluster,
}

impl ServiceKind {
    /// The keyword that names the kind (`cache-cluster`).
    pub fn keyword(self) -> &'static str {
        match self {
            ServiceKind::CacheCluster => "cache-cluster",
            ServiceKind::ReplicationGroup => "replication-group",
            ServiceKind::CacheGroup => "cache-group",
            ServiceKind::DbInstance => "db-instance",
            ServiceKind::DbCluster => "db-cluster",
        }
    }
}
