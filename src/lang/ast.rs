//! The abstract syntax of the sgs language: what `lang::parse` produces and `control`,
//! `dataplane` and `session` consume.
//!
//! Everything here is plain data. Values that AWS validates (ports, ICMP codes, CIDRs, names,
//! descriptions) are kept as written, with their spans, so that the control plane can answer them
//! with AWS's own error codes and point at the offending word. The parser only rejects text that no
//! AWS request could be made of.

use serde::{Deserialize, Serialize};

mod services;
mod whole;
pub use services::{
    CacheIngress, CachePlace, CacheSpec, DbClusterSpec, DbInstanceSpec, ServiceCommand, ServiceKind,
};
pub use whole::{EndSet, ReachAsk, ReachScope, Whole};

pub use crate::vocab::direction::Direction;
pub use crate::vocab::peer::Peer;
pub use crate::vocab::perm::{IcmpSpec, Perm, PortSpec};
pub use crate::vocab::probe::{Endpoint, Probe, Via};
pub use crate::vocab::reference::Ref;
pub use crate::vocab::span::{Span, Spanned};

/// Where a new group goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupPlace {
    /// No `in`: the current account and region's default VPC.
    DefaultVpc,
    Vpc(Ref),
    Classic,
}

/// Where an instance is launched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaunchPlace {
    /// No `in`: the default VPC's first default subnet.
    DefaultSubnet,
    Subnet(Ref),
    Classic,
}

/// The rule part shared by authorize, revoke and update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSpec {
    pub direction: Direction,
    /// The protocol and ports; the span covers the ports or ICMP part when one is written (what
    /// AWS validates), else the protocol word.
    pub perm: Spanned<Perm>,
    /// The peers: sources for ingress, destinations for egress. Never empty.
    pub peers: Vec<Spanned<Peer>>,
    /// The group the rule belongs to (after `to` for ingress, after `from` for egress).
    pub group: Ref,
}

/// A network ACL entry, as `create nacl-entry` and `replace nacl-entry` write it:
/// `strict ingress 90 deny tcp 22 from 198.51.100.0/24`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NaclEntrySpec {
    pub nacl: Ref,
    pub direction: Direction,
    /// The rule number, kept wide so that `0` and `40000` reach AWS's validation.
    pub number: Spanned<i64>,
    /// `allow` (true) or `deny`.
    pub allow: bool,
    /// The protocol and ports; spanned like a rule's.
    pub perm: Spanned<Perm>,
    /// The CIDR after `from` (ingress) or `to` (egress), kept as text for AWS's validation.
    pub cidr: Spanned<String>,
}

/// `public-ip` with or without an address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicIp {
    pub address: Option<Spanned<String>>,
    pub span: Span,
}

/// What `show` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Show {
    Vpcs,
    Subnets {
        vpc: Option<Ref>,
    },
    Groups {
        vpc: Option<Ref>,
    },
    Group(Ref),
    Instances {
        vpc: Option<Ref>,
    },
    Instance(Ref),
    /// Network ACLs with their entries and subnets.
    Nacls {
        vpc: Option<Ref>,
    },
    Peerings,
    /// Managed prefix lists with their entries and the rules that reference them.
    PrefixLists,
    /// Rules that reference a group that is gone, or a group across a peering that is gone.
    Stale {
        vpc: Option<Ref>,
    },
    /// The session's flows: tracking, idle time, time left.
    Flows,
    /// Cache clusters, replication groups, DB clusters and DB instances.
    Clusters,
}

/// Which way a flow's packet goes: the request's way (the flow's source to its destination), or
/// the reply's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlowLeg {
    Request,
    Reply,
}

impl FlowLeg {
    pub fn as_str(self) -> &'static str {
        match self {
            FlowLeg::Request => "request",
            FlowLeg::Reply => "reply",
        }
    }
}

/// The next packet of a flow, one way: `ssh request`, `dns reply`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowPacket {
    /// The flow's name, as `connect … as NAME` gave it.
    pub flow: Spanned<String>,
    pub leg: Spanned<FlowLeg>,
}

/// The forms of `expect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expectation {
    /// `expect allow <probe>` / `expect deny <probe>` (boxed: a probe is large)
    Verdict { allow: bool, probe: Box<Probe> },
    /// `expect error [Code]: <command>`
    Error {
        code: Option<Spanned<String>>,
        command: Box<Spanned<Command>>,
    },
    /// `expect output "text": <command>`
    Output {
        text: Spanned<String>,
        command: Box<Spanned<Command>>,
    },
    /// `expect allow flow ssh request` / `expect deny flow …`: the flow's next packet that way,
    /// judged without sending it.
    Flow { allow: bool, packet: FlowPacket },
}

/// One command of the language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    // Context
    Account(Spanned<String>),
    Region(Spanned<String>),

    // Topology
    CreateVpc {
        name: Spanned<String>,
        cidr: Spanned<String>,
        ipv6: Option<Spanned<String>>,
    },
    CreateSubnet {
        name: Spanned<String>,
        vpc: Ref,
        cidr: Spanned<String>,
        ipv6: Option<Spanned<String>>,
        az: Option<Spanned<String>>,
        public: bool,
    },
    DeleteSubnet(Ref),
    DeleteVpc(Ref),
    /// `create peering NAME between VPC and VPC`: an active VPC peering connection.
    CreatePeering {
        name: Spanned<String>,
        requester: Ref,
        accepter: Ref,
    },
    DeletePeering(Ref),
    /// `create prefix-list NAME entries CIDR, … [max-entries N]`: a managed prefix list. The
    /// CIDRs and the max entries are kept as written, for AWS's validation.
    CreatePrefixList {
        name: Spanned<String>,
        entries: Vec<Spanned<String>>,
        max_entries: Option<Spanned<i64>>,
    },
    DeletePrefixList(Ref),

    // Security groups and rules
    CreateGroup {
        name: Spanned<String>,
        description: Spanned<String>,
        place: GroupPlace,
        id: Option<Spanned<String>>,
    },
    DeleteGroup(Ref),
    Authorize {
        rule: RuleSpec,
        description: Option<Spanned<String>>,
    },
    Revoke(RuleSpec),
    RevokeRule(Spanned<String>),
    /// `update …` sets the description, or removes it when none is given.
    UpdateDescription {
        rule: RuleSpec,
        description: Option<Spanned<String>>,
    },

    // Instances and network interfaces
    Launch {
        name: Spanned<String>,
        place: LaunchPlace,
        ip: Option<Spanned<String>>,
        ipv6: Option<Spanned<String>>,
        public_ip: Option<PublicIp>,
        /// Empty when no `groups` clause was written.
        groups: Vec<Ref>,
    },
    AttachEni {
        name: Spanned<String>,
        instance: Ref,
        subnet: Ref,
        groups: Vec<Ref>,
    },
    ModifyInstance {
        instance: Ref,
        groups: Vec<Ref>,
    },
    ModifyEni {
        eni: Ref,
        groups: Vec<Ref>,
    },
    AssociateAddress {
        address: Spanned<String>,
        instance: Ref,
    },
    Stop(Ref),
    Start(Ref),
    Terminate(Ref),

    // Network ACLs
    CreateNacl {
        name: Spanned<String>,
        vpc: Ref,
    },
    CreateNaclEntry(NaclEntrySpec),
    ReplaceNaclEntry(NaclEntrySpec),
    DeleteNaclEntry {
        nacl: Ref,
        direction: Direction,
        number: Spanned<i64>,
    },
    /// `associate nacl X with SUBNET`: the subnet's ACL becomes X.
    AssociateNacl {
        nacl: Ref,
        subnet: Ref,
    },
    DeleteNacl(Ref),

    // Managed services: ElastiCache and RDS
    Service(ServiceCommand),

    // Asking about packets
    Probe(Probe),
    Trace(Probe),
    Expect(Expectation),

    // Looking at the world
    Show(Show),
    /// `lint [in VPC]`: findings about the whole world (or one VPC), each with its evidence.
    Lint {
        vpc: Option<Ref>,
    },
    /// The whole-world questions (`show reach`, `who can reach`, …).
    Whole(Whole),
    /// `mark NAME`: names the current point of history (no undo step).
    Mark(Spanned<String>),

    // Flows, connection tracking and time
    /// `connect <packet> from A to B as NAME`: opens a flow when its first packet and its reply
    /// pass (boxed: a probe is large).
    Connect {
        probe: Box<Probe>,
        name: Spanned<String>,
    },
    /// `send NAME request|reply`: the flow's next packet that way, now.
    Send(FlowPacket),
    /// `trace flow NAME request|reply`: every step of the flow's next packet that way, without
    /// sending it.
    TraceFlow(FlowPacket),
    /// `wait 10m`: the simulated clock moves on, by this many seconds.
    Wait(Spanned<u64>),
    /// `close NAME`: forgets the flow.
    Close(Spanned<String>),

    // Sessions and files
    Save(Spanned<String>),
    Load(Spanned<String>),
    /// `import aws DIR`: the world becomes the AWS describe-* output of the folder.
    ImportAws(Spanned<String>),
    /// `export cli|terraform to FILE`: the world written as what builds it in AWS.
    Export {
        format: crate::vocab::export::ExportFormat,
        file: Spanned<String>,
    },
    Undo,
    Redo,
    Reset,
    Echo(Spanned<String>),
    Pause,
    /// `help` or `help create group`: the topic's words, joined by one space.
    Help(Option<Spanned<String>>),
    /// `quit` or `exit`: leave the REPL or the TUI; in a file, stop reading it.
    Quit,

    // Lessons and exercises
    /// `ask <probe>`: the audience predicts allow or deny, then the trace reveals it (boxed: a
    /// probe is large).
    Ask(Box<Probe>),
    /// `task "…"`: the exercise.
    Task(Spanned<String>),
    /// `goal allow|deny <probe>`: an expectation checked at the end and by `goals`.
    Goal(GoalSpec),
    /// `goals`: each goal, met or not yet.
    Goals,
}

/// `goal allow|deny <probe>`: the verdict wanted, the packet, and the goal's own words
/// (`allow tcp 6379 from app-1 to redis-1`) to name it by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalSpec {
    pub allow: bool,
    pub probe: Box<Probe>,
    pub text: String,
}

impl Command {
    /// Whether a successful run of this command can change the world, the flows or the clock (and
    /// so is an undo step).
    pub fn mutates(&self) -> bool {
        !matches!(
            self,
            Command::Probe(_)
                | Command::Trace(_)
                | Command::TraceFlow(_)
                | Command::Expect(_)
                | Command::Show(_)
                | Command::Lint { .. }
                | Command::Whole(_)
                | Command::Mark(_)
                | Command::Save(_)
                | Command::Export { .. }
                | Command::Undo
                | Command::Redo
                | Command::Echo(_)
                | Command::Pause
                | Command::Help(_)
                | Command::Quit
                | Command::Ask(_)
                | Command::Task(_)
                | Command::Goal(_)
                | Command::Goals
        )
    }
}
