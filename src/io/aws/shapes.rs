//! The JSON shapes of `aws ec2 describe-*` output (interop/formats.md §1-8), as serde reads them.
//!
//! Every member has its explicit AWS name, every list defaults to empty and every optional
//! member is an `Option`: the CLI leaves absent members out and AWS adds members often, so
//! unknown keys are ignored. Only the members the importer uses are declared.

use serde::Deserialize;

/// One `{Key, Value}` tag (`Tags`, `TagSet`, `TagList`).
#[derive(Clone, Debug, Deserialize)]
pub struct Tag {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value", default)]
    pub value: String,
}

/// The `Name` tag of a list of tags.
pub fn name_tag(tags: &[Tag]) -> Option<&str> {
    tags.iter()
        .find(|t| t.key == "Name" && !t.value.trim().is_empty())
        .map(|t| t.value.as_str())
}

#[derive(Clone, Debug, Deserialize)]
pub struct Vpc {
    #[serde(rename = "VpcId")]
    pub id: String,
    #[serde(rename = "OwnerId")]
    pub owner: Option<String>,
    #[serde(rename = "CidrBlock")]
    pub cidr: String,
    #[serde(rename = "CidrBlockAssociationSet", default)]
    pub cidrs: Vec<CidrAssociation>,
    #[serde(rename = "Ipv6CidrBlockAssociationSet", default)]
    pub ipv6: Vec<Ipv6Association>,
    #[serde(rename = "IsDefault", default)]
    pub is_default: bool,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CidrAssociation {
    #[serde(rename = "CidrBlock")]
    pub cidr: String,
    #[serde(rename = "CidrBlockState")]
    pub state: Option<BlockState>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Ipv6Association {
    #[serde(rename = "Ipv6CidrBlock")]
    pub cidr: Option<String>,
    #[serde(rename = "Ipv6CidrBlockState")]
    pub state: Option<BlockState>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct BlockState {
    #[serde(rename = "State")]
    pub state: String,
}

impl BlockState {
    /// Whether a block is in use: `associated` (a missing state counts as associated).
    pub fn associated(state: &Option<BlockState>) -> bool {
        state.as_ref().is_none_or(|s| s.state == "associated")
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Subnet {
    #[serde(rename = "SubnetId")]
    pub id: String,
    #[serde(rename = "VpcId")]
    pub vpc: String,
    #[serde(rename = "CidrBlock")]
    pub cidr: String,
    #[serde(rename = "Ipv6CidrBlockAssociationSet", default)]
    pub ipv6: Vec<Ipv6Association>,
    #[serde(rename = "AvailabilityZone")]
    pub az: String,
    #[serde(rename = "MapPublicIpOnLaunch", default)]
    pub map_public_ip: bool,
    #[serde(rename = "DefaultForAz", default)]
    pub default_for_az: bool,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SecurityGroup {
    #[serde(rename = "GroupId")]
    pub id: String,
    #[serde(rename = "GroupName")]
    pub name: String,
    #[serde(rename = "Description", default)]
    pub description: String,
    #[serde(rename = "VpcId")]
    pub vpc: Option<String>,
    #[serde(rename = "IpPermissions", default)]
    pub ingress: Vec<IpPermission>,
    #[serde(rename = "IpPermissionsEgress", default)]
    pub egress: Vec<IpPermission>,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct IpPermission {
    #[serde(rename = "IpProtocol")]
    pub protocol: String,
    #[serde(rename = "FromPort")]
    pub from: Option<i32>,
    #[serde(rename = "ToPort")]
    pub to: Option<i32>,
    #[serde(rename = "IpRanges", default)]
    pub v4: Vec<IpRange>,
    #[serde(rename = "Ipv6Ranges", default)]
    pub v6: Vec<Ipv6Range>,
    #[serde(rename = "PrefixListIds", default)]
    pub prefix_lists: Vec<PrefixListId>,
    #[serde(rename = "UserIdGroupPairs", default)]
    pub groups: Vec<GroupPair>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct IpRange {
    #[serde(rename = "CidrIp")]
    pub cidr: String,
    #[serde(rename = "Description")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Ipv6Range {
    #[serde(rename = "CidrIpv6")]
    pub cidr: String,
    #[serde(rename = "Description")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PrefixListId {
    #[serde(rename = "PrefixListId")]
    pub id: String,
    #[serde(rename = "Description")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GroupPair {
    #[serde(rename = "GroupId")]
    pub id: Option<String>,
    #[serde(rename = "UserId")]
    pub user: Option<String>,
    #[serde(rename = "Description")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SecurityGroupRule {
    #[serde(rename = "SecurityGroupRuleId")]
    pub id: String,
    #[serde(rename = "GroupId")]
    pub group: String,
    #[serde(rename = "IsEgress")]
    pub egress: bool,
    #[serde(rename = "IpProtocol")]
    pub protocol: String,
    #[serde(rename = "FromPort")]
    pub from: Option<i32>,
    #[serde(rename = "ToPort")]
    pub to: Option<i32>,
    #[serde(rename = "CidrIpv4")]
    pub v4: Option<String>,
    #[serde(rename = "CidrIpv6")]
    pub v6: Option<String>,
    #[serde(rename = "PrefixListId")]
    pub prefix_list: Option<String>,
    #[serde(rename = "ReferencedGroupInfo")]
    pub referenced: Option<ReferencedGroup>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReferencedGroup {
    #[serde(rename = "GroupId")]
    pub id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Reservation {
    #[serde(rename = "Instances", default)]
    pub instances: Vec<Instance>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Instance {
    #[serde(rename = "InstanceId")]
    pub id: String,
    #[serde(rename = "State")]
    pub state: InstanceState,
    #[serde(rename = "NetworkInterfaces", default)]
    pub enis: Vec<NetworkInterface>,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct InstanceState {
    #[serde(rename = "Name")]
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GroupIdentifier {
    #[serde(rename = "GroupId")]
    pub id: String,
}

/// A network interface, as `describe-network-interfaces` and an instance's
/// `NetworkInterfaces` print it (the instance's form has fewer members).
#[derive(Clone, Debug, Deserialize)]
pub struct NetworkInterface {
    #[serde(rename = "NetworkInterfaceId")]
    pub id: String,
    #[serde(rename = "Groups", default)]
    pub groups: Vec<GroupIdentifier>,
    #[serde(rename = "VpcId")]
    pub vpc: Option<String>,
    #[serde(rename = "SubnetId")]
    pub subnet: Option<String>,
    #[serde(rename = "PrivateIpAddress")]
    pub private_ip: Option<String>,
    #[serde(rename = "PrivateIpAddresses", default)]
    pub private_ips: Vec<PrivateIp>,
    #[serde(rename = "Ipv6Addresses", default)]
    pub ipv6: Vec<Ipv6Address>,
    #[serde(rename = "Association")]
    pub association: Option<Association>,
    #[serde(rename = "Attachment")]
    pub attachment: Option<Attachment>,
    #[serde(rename = "InterfaceType")]
    pub interface_type: Option<String>,
    #[serde(rename = "RequesterManaged", default)]
    pub requester_managed: bool,
    #[serde(rename = "RequesterId")]
    pub requester: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: String,
    #[serde(rename = "TagSet", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PrivateIp {
    #[serde(rename = "PrivateIpAddress")]
    pub address: String,
    #[serde(rename = "Primary", default)]
    pub primary: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Ipv6Address {
    #[serde(rename = "Ipv6Address")]
    pub address: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Association {
    #[serde(rename = "PublicIp")]
    pub public_ip: Option<String>,
    #[serde(rename = "AllocationId")]
    pub allocation: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Attachment {
    #[serde(rename = "InstanceId")]
    pub instance: Option<String>,
    #[serde(rename = "DeviceIndex")]
    pub device_index: Option<u32>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct NetworkAcl {
    #[serde(rename = "NetworkAclId")]
    pub id: String,
    #[serde(rename = "VpcId")]
    pub vpc: String,
    #[serde(rename = "IsDefault", default)]
    pub is_default: bool,
    #[serde(rename = "Associations", default)]
    pub associations: Vec<AclAssociation>,
    #[serde(rename = "Entries", default)]
    pub entries: Vec<AclEntry>,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AclAssociation {
    #[serde(rename = "SubnetId")]
    pub subnet: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AclEntry {
    #[serde(rename = "RuleNumber")]
    pub number: i64,
    #[serde(rename = "Egress")]
    pub egress: bool,
    #[serde(rename = "RuleAction")]
    pub action: RuleAction,
    #[serde(rename = "Protocol")]
    pub protocol: String,
    #[serde(rename = "CidrBlock")]
    pub v4: Option<String>,
    #[serde(rename = "Ipv6CidrBlock")]
    pub v6: Option<String>,
    #[serde(rename = "PortRange")]
    pub ports: Option<AclPorts>,
    #[serde(rename = "IcmpTypeCode")]
    pub icmp: Option<AclIcmp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum RuleAction {
    #[serde(rename = "allow")]
    Allow,
    #[serde(rename = "deny")]
    Deny,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AclPorts {
    #[serde(rename = "From")]
    pub from: Option<i32>,
    #[serde(rename = "To")]
    pub to: Option<i32>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AclIcmp {
    #[serde(rename = "Type")]
    pub icmp_type: Option<i32>,
    #[serde(rename = "Code")]
    pub code: Option<i32>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct VpcPeeringConnection {
    #[serde(rename = "VpcPeeringConnectionId")]
    pub id: String,
    #[serde(rename = "Status")]
    pub status: PeeringStatus,
    #[serde(rename = "RequesterVpcInfo")]
    pub requester: PeeringVpc,
    #[serde(rename = "AccepterVpcInfo")]
    pub accepter: PeeringVpc,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PeeringStatus {
    #[serde(rename = "Code")]
    pub code: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PeeringVpc {
    #[serde(rename = "VpcId")]
    pub vpc: Option<String>,
}

/// `describe-managed-prefix-lists`: a list without its entries (those are
/// `get-managed-prefix-list-entries`' [`PrefixListEntry`]).
#[derive(Clone, Debug, Deserialize)]
pub struct PrefixList {
    #[serde(rename = "PrefixListId")]
    pub id: String,
    #[serde(rename = "PrefixListName")]
    pub name: Option<String>,
    /// `IPv4` or `IPv6`.
    #[serde(rename = "AddressFamily")]
    pub family: Option<String>,
    #[serde(rename = "MaxEntries")]
    pub max_entries: Option<u32>,
    /// An account id, or `AWS` for a list AWS manages.
    #[serde(rename = "OwnerId")]
    pub owner: Option<String>,
    #[serde(rename = "State")]
    pub state: Option<String>,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<Tag>,
}

/// One entry of `get-managed-prefix-list-entries` (`{"Entries": [...]}`).
#[derive(Clone, Debug, Deserialize)]
pub struct PrefixListEntry {
    #[serde(rename = "Cidr")]
    pub cidr: String,
    #[serde(rename = "Description")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RouteTable {
    #[serde(rename = "RouteTableId")]
    pub id: String,
    #[serde(rename = "VpcId")]
    pub vpc: String,
    #[serde(rename = "Associations", default)]
    pub associations: Vec<RouteTableAssociation>,
    #[serde(rename = "Routes", default)]
    pub routes: Vec<Route>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RouteTableAssociation {
    #[serde(rename = "Main", default)]
    pub main: bool,
    #[serde(rename = "SubnetId")]
    pub subnet: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Route {
    #[serde(rename = "DestinationCidrBlock")]
    pub destination: Option<String>,
    #[serde(rename = "GatewayId")]
    pub gateway: Option<String>,
}
