//! The decision as data: a `Trace` holds the verdict, every step in order with what it looked at
//! and why each rule or entry matched or not, and the deciding step. Nothing here decides
//! anything, and nothing here formats: `render` turns a trace into text (`Display` for what
//! `trace` prints, `summary` for the line `probe` prints); the TUI and the tests read the same
//! data.
//!
//! Everything a step shows (names, ids, addresses) is copied in when the step is recorded, so a
//! trace outlives the world it was decided in and renders the same way every time.

use super::Detail;
use super::flow::{FlowAsked, FlowEntry, FlowStep};
use super::packet::{Addr, Packet, Wire};
use crate::vocab::{
    AclId, Direction, EniId, Family, InstanceId, PcxId, Proto, RuleId, RulePeer, SgId, Via,
};
use crate::world::peering::Stale;
use ipnet::IpNet;
use std::fmt;
use std::net::IpAddr;

/// The decision on one probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub allowed: bool,
    /// The question as asked.
    pub asked: Asked,
    /// The request as the source sends it (absent when the decision came before any packet).
    pub request: Option<Wire>,
    /// The request as the destination receives it, after any gateway's translation (absent when
    /// the decision came before any packet): what the destination's side sees of the source.
    pub arrived: Option<Wire>,
    /// The reply as the destination sends it (absent when the request was denied or the packet has
    /// no reply).
    pub reply: Option<Wire>,
    /// The steps in order: all of them with `Detail::Full`, only the deciding one with
    /// `Detail::Verdict`.
    pub steps: Vec<Step>,
    /// The number of the deciding step: the first that denied, or for an allow the request's
    /// last security-group step (or the single step that allowed at once).
    pub deciding: usize,
    pub detail: Detail,
    /// For a flow's packet: the flow, and which way the packet goes (that way's leg alone is
    /// traced).
    pub flow: Option<FlowAsked>,
}

/// The question as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    pub packet: Packet,
    pub from: String,
    pub to: String,
    pub via: Option<Via>,
}

/// Which way a step's packet travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leg {
    Request,
    Reply,
}

/// One step of the decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based, counted over both legs.
    pub number: usize,
    pub leg: Leg,
    pub allowed: bool,
    /// Reachability Analyzer's explanation code, where one fits a denial.
    pub code: Option<Code>,
    pub kind: StepKind,
}

/// What a step looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// The network interface named by the question no longer exists.
    Missing {
        eni: EniId,
    },
    /// An endpoint's instance is stopped: it sends and receives nothing.
    Stopped {
        role: Role,
        instance: InstanceId,
        name: String,
    },
    /// An endpoint has no address of the kind the packet needs.
    NoAddress {
        role: Role,
        eni: EniLabel,
        wanted: Wanted,
    },
    /// A service address that security groups and network ACLs never filter.
    NotFiltered {
        addr: IpAddr,
        service: Service,
    },
    /// A packet to the interface's own address never leaves the host.
    SameHost {
        eni: EniLabel,
        addr: IpAddr,
    },
    /// The flow a packet belongs to: its idle time and timeout, or what cut it.
    Flow(Box<FlowStep>),
    /// Boxed: by far the largest step.
    Groups(Box<GroupsStep>),
    Nacl(NaclStep),
    Route(RouteStep),
    /// The cache security groups of an EC2-Classic cache cluster, at one of its nodes (boxed,
    /// like the groups step).
    CacheGroups(Box<CacheGroupsStep>),
}

/// Which end of the question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Source,
    Destination,
}

/// The kind of address an endpoint lacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    PublicIpv4,
    Ipv6,
}

/// Addresses AWS answers on the host, unfiltered (AWS-SEMANTICS §9.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    AmazonDns,
    InstanceMetadata,
    TimeSync,
}

/// A network interface as a step shows it: `eni-… (web-1)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EniLabel {
    pub id: EniId,
    pub name: String,
}

/// A group as a step shows it: `sg-… (web)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupLabel {
    pub id: SgId,
    pub name: String,
}

/// The security groups of one interface, in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupsStep {
    pub eni: EniLabel,
    pub direction: Direction,
    pub groups: Vec<GroupLabel>,
    pub how: GroupsHow,
    /// Every rule looked at, in group order then rule order (`Detail::Full` only).
    pub rules: Vec<RuleCheck>,
    /// The first rule that allowed the packet.
    pub allowed_by: Option<RuleCheck>,
}

/// How the groups decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupsHow {
    /// The rules were evaluated for a new flow.
    Rules,
    /// EC2-Classic groups have no egress rules: all outbound traffic is allowed.
    ClassicEgress,
    /// A reply passed by connection tracking.
    Tracked(ConnEntry),
    /// The flow is untracked, so the rules in the reply's direction decided (for a flow's
    /// packet: the rules of the packet's direction).
    Untracked(Untracked),
    /// A flow's packet passed by the flow's tracking entry, whatever the rules say.
    Entry(FlowEntry),
    /// The flow's tracking entry timed out, so the rules decided as for a new packet.
    Expired(FlowEntry),
}

/// A connection-tracking entry: the request as this interface saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnEntry {
    pub eni: EniId,
    pub request: Wire,
    /// The step whose rules admitted the request and opened the entry.
    pub opened_at: usize,
}

/// Why a flow is untracked at an interface (AWS-SEMANTICS §9.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untracked {
    /// The open (`/0`) rule that allowed the request.
    pub request_rule: RuleId,
    pub request_peer: RulePeer,
    /// The open rule in the other direction that covers every port of the protocol.
    pub other_rule: RuleId,
    pub other_group: String,
}

/// One security-group rule looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleCheck {
    pub group: GroupLabel,
    pub rule: RuleId,
    pub direction: Direction,
    pub proto: Proto,
    pub peer: RulePeer,
    /// The referenced group's name, for a group peer; the list's name, for a prefix list.
    pub peer_name: Option<String>,
    pub verdict: RuleVerdict,
}

/// Whether a rule or an ACL entry matched, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleVerdict {
    Match(Why),
    Miss(Miss),
}

impl RuleVerdict {
    pub fn matched(self) -> bool {
        matches!(self, RuleVerdict::Match(_))
    }
}

/// Why a peer covered the far end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The far address is in the CIDR.
    InCidr(IpAddr),
    /// A `/0` covers an internet host of unknown address.
    AnyHost,
    /// The far end's interface is a member of the referenced group.
    Member(Addr),
    /// The far address is in this entry of the prefix list.
    InEntry(IpAddr, IpNet),
}

/// Why a rule or an entry did not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Miss {
    /// Another protocol.
    Protocol,
    /// The destination port is outside the range.
    Port(u16),
    /// The ICMP type and code are outside the rule's.
    Icmp(u8, u8),
    /// An IPv4 CIDR and an IPv6 packet, or the other way round.
    Family,
    NotInCidr(IpAddr),
    /// A prefix list of this family, and a packet of the other.
    ListFamily(Family),
    /// The far address is in no entry of the prefix list.
    NotInList(IpAddr),
    /// The rule's prefix list is not in the world (a list deleted while a stale revoke names it).
    ListGone,
    /// A host of unknown address: only `/0` covers it.
    UnknownHost,
    /// The far end's interface is not in the referenced group.
    NotMember(Addr),
    /// The far end was reached by a public address: group references match private ones only.
    PublicAddress(Addr),
    /// The far end is in another network.
    OtherNetwork(Addr),
    /// The far end is across an inter-region peering, where group references do not reach.
    InterRegion(Addr),
    /// The rule is stale: it references a deleted group, or a group across a peering that is gone.
    Stale(Stale),
    /// The far end is not a network interface at all.
    NotAnInterface(Addr),
}

/// The network ACL of one subnet, in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NaclStep {
    pub acl: AclId,
    pub name: String,
    pub is_default: bool,
    pub subnet: String,
    pub direction: AclDirection,
    /// The entries looked at, lowest number first, up to the one that decided (`Detail::Full`
    /// only).
    pub entries: Vec<EntryCheck>,
    /// The entry that decided; `None` when none matched (nothing allows, so it is denied).
    pub decided_by: Option<NaclEntry>,
}

/// Network ACL direction, in the VPC console's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AclDirection {
    Inbound,
    Outbound,
}

/// A network ACL entry. `number` `None` is the final `*` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NaclEntry {
    pub number: Option<u16>,
    pub allow: bool,
    pub proto: Proto,
    pub cidr: IpNet,
}

/// One ACL entry looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryCheck {
    pub entry: NaclEntry,
    pub verdict: RuleVerdict,
}

/// The route a packet takes (or would take), and what stopped it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteStep {
    pub hop: Hop,
    pub problem: Option<RouteProblem>,
}

/// A route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hop {
    /// Within one subnet: no router, no network ACL.
    SameSubnet { subnet: String },
    /// The VPC's local route.
    Local { vpc: String, cidr: Option<IpNet> },
    /// Between two EC2-Classic instances of one account and region.
    Classic,
    /// Out through a gateway and/or in through one.
    Internet {
        exit: Option<Gateway>,
        entry: Option<Gateway>,
    },
    /// The route table was looked up and had nothing for the destination.
    Unrouted { vpc: String },
    /// Through a VPC peering connection, from the VPC `from` to the VPC `to`.
    Peering {
        id: PcxId,
        name: String,
        from: String,
        to: String,
        inter_region: bool,
    },
}

/// An internet gateway (or EC2-Classic's direct internet access) and the address translation it
/// does: `inside` is the private address, `outside` the public one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gateway {
    /// The VPC whose internet gateway it is; `None` for EC2-Classic.
    pub vpc: Option<String>,
    /// The internet gateway's id (`igw-…`); `None` for EC2-Classic.
    pub id: Option<String>,
    pub nat: Option<(IpAddr, IpAddr)>,
}

/// Why a route fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteProblem {
    /// The source subnet has no route to an internet gateway.
    SubnetNotPublic { subnet: String },
    /// The destination subnet has no route to an internet gateway, so nothing from the internet
    /// reaches it (and no reply could leave).
    DestinationSubnetNotPublic { subnet: String },
    /// The source has no public address to leave with.
    NoPublicAddress { name: String, family: Family },
    /// EC2 holds outbound TCP port 25 (AWS-SEMANTICS §9.9).
    SmtpHeld,
    /// An internet gateway only lets in packets to public addresses.
    NotAPublicAddress { addr: IpAddr },
    /// An internet gateway does not send packets to private addresses.
    PrivateDestination { addr: IpAddr },
    /// An internet gateway does not let in packets from private addresses.
    PrivateSource { addr: IpAddr },
    /// A private address of another network, with no route to it.
    OtherNetwork { addr: IpAddr, network: String },
    /// An address of the VPC that no interface has.
    NobodyThere { addr: IpAddr },
}

/// An EC2-Classic cache cluster's cache security groups at one of its nodes (AWS-SEMANTICS §11):
/// the EC2-Classic groups they authorize, by name and owner, reach the cluster on its port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheGroupsStep {
    pub eni: EniLabel,
    pub cluster: String,
    /// The cluster's port: the only one its cache security groups open, for TCP.
    pub port: u16,
    pub cache_groups: Vec<String>,
    /// Whether the packet is TCP to the cluster's port.
    pub on_port: bool,
    /// How many EC2 groups its cache security groups authorize in all (none: access is off).
    pub authorized: usize,
    /// Every authorization looked at (`Detail::Full` only).
    pub checks: Vec<AuthCheck>,
    /// The first authorization whose group the source is in.
    pub allowed_by: Option<AuthCheck>,
}

/// One EC2 group authorized in a cache security group, looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthCheck {
    pub cache_group: String,
    pub ec2_group: String,
    pub owner: String,
    /// The EC2-Classic group the name stands for now; `None` when there is none.
    pub group: Option<SgId>,
    pub verdict: RuleVerdict,
}

/// Reachability Analyzer's explanation codes that sgs uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    BadState,
    EniSgRulesMismatch,
    SubnetAclRestriction,
    NoRouteToDestination,
    NoPossibleDestination,
    IgwPublicIpAssociationForEgress,
    IgwPrivateIpAssociationForIngress,
    IgwDestinationAddressNotInRfc1918Egress,
    IgwDestinationAddressNotInRfc6598Egress,
    IgwSourceAddressNotInRfc1918Ingress,
    IgwSourceAddressNotInRfc6598Ingress,
    /// `why`'s words for a groups step whose groups hold no rule in that direction.
    SgHasNoRules,
    /// `why`'s words for two VPCs no peering joins.
    DisconnectedVpcs,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BadState => "BAD_STATE",
            Code::EniSgRulesMismatch => "ENI_SG_RULES_MISMATCH",
            Code::SubnetAclRestriction => "SUBNET_ACL_RESTRICTION",
            Code::NoRouteToDestination => "NO_ROUTE_TO_DESTINATION",
            Code::NoPossibleDestination => "NO_POSSIBLE_DESTINATION",
            Code::IgwPublicIpAssociationForEgress => "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            Code::IgwPrivateIpAssociationForIngress => "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
            Code::IgwDestinationAddressNotInRfc1918Egress => {
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
            }
            Code::IgwDestinationAddressNotInRfc6598Egress => {
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
            }
            Code::IgwSourceAddressNotInRfc1918Ingress => {
                "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"
            }
            Code::IgwSourceAddressNotInRfc6598Ingress => {
                "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS"
            }
            Code::SgHasNoRules => "SG_HAS_NO_RULES",
            Code::DisconnectedVpcs => "DISCONNECTED_VPCS",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
