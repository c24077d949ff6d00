//! The `values` of each resource kind sgs reads, as the AWS provider writes them (v5/v6). Every
//! member is optional: a plan leaves out what is unknown until apply, and the provider writes
//! `null` or `""` for what is unset. Only the members the import uses are declared.

use serde::Deserialize;
use std::collections::BTreeMap;

pub type Tags = Option<BTreeMap<String, Option<String>>>;

/// The `Name` tag, if set and not blank.
pub fn name_tag(tags: &Tags) -> Option<&str> {
    tags.as_ref()?
        .get("Name")?
        .as_deref()
        .filter(|n| !n.trim().is_empty())
}

/// A string member that is set: neither null nor `""`.
pub fn set(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

#[derive(Debug, Default, Deserialize)]
pub struct Vpc {
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub owner_id: Option<String>,
    pub tags: Tags,
}

#[derive(Debug, Default, Deserialize)]
pub struct Subnet {
    pub vpc_id: Option<String>,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub map_public_ip_on_launch: Option<bool>,
    pub tags: Tags,
}

/// `aws_network_acl` and `aws_default_network_acl`.
#[derive(Debug, Default, Deserialize)]
pub struct Nacl {
    pub vpc_id: Option<String>,
    pub default_network_acl_id: Option<String>,
    pub subnet_ids: Option<Vec<String>>,
    pub ingress: Option<Vec<NaclEntry>>,
    pub egress: Option<Vec<NaclEntry>>,
    pub tags: Tags,
}

#[derive(Debug, Default, Deserialize)]
pub struct NaclEntry {
    pub rule_no: Option<i64>,
    pub action: Option<String>,
    pub protocol: Option<String>,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub icmp_type: Option<i32>,
    pub icmp_code: Option<i32>,
}

/// `aws_network_acl_rule`: one entry of a network ACL.
#[derive(Debug, Default, Deserialize)]
pub struct NaclRule {
    pub network_acl_id: Option<String>,
    pub rule_number: Option<i64>,
    pub egress: Option<bool>,
    pub rule_action: Option<String>,
    pub protocol: Option<String>,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub icmp_type: Option<i32>,
    pub icmp_code: Option<i32>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Peering {
    pub vpc_id: Option<String>,
    pub peer_vpc_id: Option<String>,
    pub accept_status: Option<String>,
    pub auto_accept: Option<bool>,
    pub tags: Tags,
}

/// `aws_security_group` and `aws_default_security_group`.
#[derive(Debug, Default, Deserialize)]
pub struct Group {
    pub name: Option<String>,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub ingress: Option<Vec<Inline>>,
    pub egress: Option<Vec<Inline>>,
    pub tags: Tags,
}

/// An inline `ingress`/`egress` block of a group.
#[derive(Debug, Default, Deserialize)]
pub struct Inline {
    pub protocol: Option<String>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub cidr_blocks: Option<Vec<String>>,
    pub ipv6_cidr_blocks: Option<Vec<String>>,
    pub prefix_list_ids: Option<Vec<String>>,
    pub security_groups: Option<Vec<String>>,
    #[serde(rename = "self")]
    pub self_: Option<bool>,
    pub description: Option<String>,
}

/// `aws_security_group_rule` (one resource, possibly several sources).
#[derive(Debug, Default, Deserialize)]
pub struct LegacyRule {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub security_group_id: Option<String>,
    pub protocol: Option<String>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub cidr_blocks: Option<Vec<String>>,
    pub ipv6_cidr_blocks: Option<Vec<String>>,
    pub prefix_list_ids: Option<Vec<String>>,
    pub source_security_group_id: Option<String>,
    #[serde(rename = "self")]
    pub self_: Option<bool>,
    pub description: Option<String>,
}

/// `aws_vpc_security_group_ingress_rule` / `_egress_rule`: one AWS rule.
#[derive(Debug, Default, Deserialize)]
pub struct VpcRule {
    pub security_group_id: Option<String>,
    pub security_group_rule_id: Option<String>,
    pub ip_protocol: Option<String>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub cidr_ipv4: Option<String>,
    pub cidr_ipv6: Option<String>,
    pub prefix_list_id: Option<String>,
    pub referenced_security_group_id: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Instance {
    pub instance_state: Option<String>,
    pub subnet_id: Option<String>,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub associate_public_ip_address: Option<bool>,
    pub ipv6_addresses: Option<Vec<String>>,
    pub primary_network_interface_id: Option<String>,
    pub vpc_security_group_ids: Option<Vec<String>>,
    pub tags: Tags,
}

/// `aws_db_subnet_group` and `aws_elasticache_subnet_group`.
#[derive(Debug, Default, Deserialize)]
pub struct SubnetGroup {
    pub subnet_ids: Option<Vec<String>>,
    pub vpc_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RdsCluster {
    pub engine: Option<String>,
    pub port: Option<u16>,
    pub vpc_security_group_ids: Option<Vec<String>>,
    pub db_subnet_group_name: Option<String>,
    pub tags: Tags,
}

/// `aws_rds_cluster_instance` and `aws_db_instance`.
#[derive(Debug, Default, Deserialize)]
pub struct DbInstance {
    pub identifier: Option<String>,
    pub cluster_identifier: Option<String>,
    pub engine: Option<String>,
    pub port: Option<u16>,
    pub vpc_security_group_ids: Option<Vec<String>>,
    pub db_subnet_group_name: Option<String>,
    pub availability_zone: Option<String>,
    pub writer: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CacheCluster {
    pub cluster_id: Option<String>,
    pub engine: Option<String>,
    pub num_cache_nodes: Option<u32>,
    pub port: Option<u16>,
    pub security_group_ids: Option<Vec<String>>,
    pub subnet_group_name: Option<String>,
    pub availability_zone: Option<String>,
    pub preferred_availability_zones: Option<Vec<String>>,
    pub cache_nodes: Option<Vec<CacheNode>>,
    pub replication_group_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CacheNode {
    pub address: Option<String>,
    pub availability_zone: Option<String>,
}

/// `aws_ec2_managed_prefix_list`, the data source (`entries`) and the resource (`entry`).
#[derive(Debug, Default, Deserialize)]
pub struct PrefixList {
    pub name: Option<String>,
    pub address_family: Option<String>,
    pub max_entries: Option<i64>,
    pub owner_id: Option<String>,
    pub entries: Option<Vec<PlEntry>>,
    pub entry: Option<Vec<PlEntry>>,
    pub tags: Tags,
}

/// One entry of a list; `aws_ec2_managed_prefix_list_entry` adds one, naming its list.
#[derive(Debug, Default, Deserialize)]
pub struct PlEntry {
    pub prefix_list_id: Option<String>,
    pub cidr: Option<String>,
    pub description: Option<String>,
}
