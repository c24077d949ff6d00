//! The JSON shapes of `aws elasticache describe-*` and `aws rds describe-*` output
//! (interop/formats.md §9-12). As in [`super::shapes`], members keep AWS's names, lists default
//! to empty and unknown keys are ignored.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct CacheCluster {
    #[serde(rename = "CacheClusterId")]
    pub id: String,
    #[serde(rename = "Engine")]
    pub engine: String,
    #[serde(rename = "NumCacheNodes")]
    pub num_nodes: Option<u32>,
    #[serde(rename = "SecurityGroups", default)]
    pub groups: Vec<CacheGroupMembership>,
    #[serde(rename = "CacheSecurityGroups", default)]
    pub cache_groups: Vec<serde::de::IgnoredAny>,
    #[serde(rename = "CacheNodes", default)]
    pub nodes: Vec<CacheNode>,
    #[serde(rename = "ConfigurationEndpoint")]
    pub configuration_endpoint: Option<Endpoint>,
    #[serde(rename = "ReplicationGroupId")]
    pub replication_group: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CacheGroupMembership {
    #[serde(rename = "SecurityGroupId")]
    pub id: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CacheNode {
    #[serde(rename = "Endpoint")]
    pub endpoint: Option<Endpoint>,
    #[serde(rename = "CustomerAvailabilityZone")]
    pub az: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Endpoint {
    #[serde(rename = "Port")]
    pub port: Option<u16>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CacheSecurityGroup {
    #[serde(rename = "CacheSecurityGroupName")]
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReplicationGroup {
    #[serde(rename = "ReplicationGroupId")]
    pub id: String,
    #[serde(rename = "MemberClusters", default)]
    pub members: Vec<String>,
    #[serde(rename = "NodeGroups", default)]
    pub node_groups: Vec<NodeGroup>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct NodeGroup {
    #[serde(rename = "NodeGroupMembers", default)]
    pub members: Vec<NodeGroupMember>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct NodeGroupMember {
    #[serde(rename = "CacheClusterId")]
    pub cluster: Option<String>,
    #[serde(rename = "CurrentRole")]
    pub role: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub id: String,
    #[serde(rename = "Engine")]
    pub engine: String,
    #[serde(rename = "DBInstanceStatus", default)]
    pub status: String,
    #[serde(rename = "Endpoint")]
    pub endpoint: Option<Endpoint>,
    #[serde(rename = "DbInstancePort")]
    pub port: Option<u16>,
    #[serde(rename = "VpcSecurityGroups", default)]
    pub groups: Vec<VpcGroupMembership>,
    #[serde(rename = "DBSubnetGroup")]
    pub subnet_group: Option<DbSubnetGroup>,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: Option<String>,
    #[serde(rename = "AvailabilityZone")]
    pub az: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct VpcGroupMembership {
    #[serde(rename = "VpcSecurityGroupId")]
    pub id: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DbSubnetGroup {
    #[serde(rename = "VpcId")]
    pub vpc: Option<String>,
    #[serde(rename = "Subnets", default)]
    pub subnets: Vec<DbSubnet>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DbSubnet {
    #[serde(rename = "SubnetIdentifier")]
    pub id: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub id: String,
    #[serde(rename = "Engine")]
    pub engine: String,
    #[serde(rename = "Port")]
    pub port: Option<u16>,
    #[serde(rename = "VpcSecurityGroups", default)]
    pub groups: Vec<VpcGroupMembership>,
    #[serde(rename = "DBClusterMembers", default)]
    pub members: Vec<DbClusterMember>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DbClusterMember {
    #[serde(rename = "DBInstanceIdentifier")]
    pub id: String,
    #[serde(rename = "IsClusterWriter", default)]
    pub writer: bool,
}
