//! A flow's packets (AWS-SEMANTICS §9): what the data plane needs to judge the next packet of an
//! open flow, and how it judges it.
//!
//! A flow is a connection that `connect` opened: its first packet and its reply passed, and each
//! interface at its ends then tracked it, or left it untracked (§9.3). The session keeps the
//! flows and the clock; to judge a flow's next packet it hands the data plane a [`Conn`]: the
//! flow's name, which way the packet goes, how each end tracks the flow, how long the flow has
//! been idle and its idle timeout, and whether something cut it.
//!
//! The packet then goes one way only, request or reply, through the same steps as a probe's
//! packet, with one difference at the security groups: an interface that tracks the flow lets
//! the packet pass by the flow's tracking entry, whatever the rules say now, while the entry
//! lives (its idle time is less than its timeout). An entry that timed out is gone, so the rules
//! judge the packet as if it were new; an untracked flow has no entry, so the rules of the
//! packet's direction judge every packet. Network ACLs keep no state (§10): the entries of the
//! moment judge every packet, so an entry that denies a flow's packets stops them while it stands,
//! and nothing more. A cut flow (a rule that let it pass untracked is gone, an endpoint stopped or
//! deleted, its address moved) is dead: the flow step denies its packets before they move.
//!
//! Here too: `open`, which decides a new connection and says how each end would track it (for
//! `connect`), and `crossing`, the route a flow's packets take now (its addresses, and the
//! subnets whose network ACLs it crosses), which the session compares when the world changes.

use super::groups::{self, Eval};
use super::packet::{Packet, Wire};
use super::route::{self, Far, Node, Side};
use super::trace::{EniLabel, GroupsHow, Leg, Role, StepKind, Trace, Untracked};
use super::{Detail, Question, Run, mismatch};
use crate::vocab::{Direction, EniId, RuleId, RulePeer, SubnetId};
use crate::world::World;

/// Idle timeouts in seconds (AWS-SEMANTICS §9.6; ICMP's is the sandbox's choice).
pub mod timeout {
    /// An established TCP connection: 5 days.
    pub const TCP_ESTABLISHED: u64 = 432_000;
    /// UDP one way, or a single request and response.
    pub const UDP_SINGLE: u64 = 30;
    /// A UDP stream: more than one request and response.
    pub const UDP_STREAM: u64 = 180;
    /// ICMP: AWS does not document it; sgs uses 30 s.
    pub const ICMP: u64 = 30;
    /// Any other protocol, tracked by address and protocol number.
    pub const OTHER: u64 = 600;
}

/// The idle timeout of a flow's tracking entries: by protocol, and for UDP by whether the flow
/// has become a stream.
pub fn idle_timeout(packet: Packet, stream: bool) -> u64 {
    match packet {
        Packet::Tcp { .. } => timeout::TCP_ESTABLISHED,
        Packet::Udp { .. } if stream => timeout::UDP_STREAM,
        Packet::Udp { .. } => timeout::UDP_SINGLE,
        Packet::Icmp { .. } => timeout::ICMP,
        Packet::Other(_) => timeout::OTHER,
    }
}

/// Why an interface tracks a flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrackedWhy {
    /// ICMP is always tracked.
    Icmp,
    /// Protocols other than TCP, UDP and ICMP are tracked by address and protocol number.
    ByAddress(u8),
    /// EC2-Classic tracks every flow.
    Classic,
    /// No rule with the family's `/0` peer admitted the request (the first rule that did, if
    /// any).
    NotOpen(Option<(RuleId, RulePeer)>),
    /// A `/0` rule admitted the request, but no rule the other way allows every port to `/0`.
    NoOpenReturn(RuleId),
}

/// How one interface treats a flow, decided when the flow opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Track {
    Tracked(TrackedWhy),
    Untracked(Untracked),
}

/// One interface at an end of a flow, and how it treats the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndTrack {
    pub role: Role,
    pub eni: EniLabel,
    pub track: Track,
}

/// Why a flow was cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CutWhy {
    /// A rule that let the flow pass untracked at an interface was removed or changed (§9.4).
    Rule { rule: RuleId, eni: EniLabel },
    /// An endpoint's instance was stopped.
    Stopped { name: String },
    /// An endpoint's network interface was deleted.
    Deleted { eni: EniLabel },
    /// An endpoint's address changed: the flow's packets no longer reach it.
    Address { eni: EniLabel },
}

/// When and why a flow was cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    /// The clock when it was cut, in seconds.
    pub at: u64,
    pub why: CutWhy,
}

/// A flow's next packet, as the data plane judges it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conn {
    pub name: String,
    /// Which way the packet goes.
    pub leg: Leg,
    /// How the source and the destination interface treat the flow (`None` for a host outside
    /// AWS, which has no groups).
    pub src: Option<Track>,
    pub dst: Option<Track>,
    /// The clock, and how long the flow has been idle, in seconds.
    pub now: u64,
    pub idle: u64,
    /// The idle timeout of its tracking entries.
    pub timeout: u64,
    pub cut: Option<Cut>,
}

impl Conn {
    fn tracked_anywhere(&self) -> bool {
        [&self.src, &self.dst]
            .iter()
            .any(|t| matches!(t, Some(Track::Tracked(_))))
    }

    /// The track of the end with this role.
    fn track(&self, role: Role) -> Option<&Track> {
        match role {
            Role::Source => self.src.as_ref(),
            Role::Destination => self.dst.as_ref(),
        }
    }
}

/// The flow step of a flow packet's trace: the flow, its idle time and timeout, or its cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowStep {
    pub name: String,
    pub now: u64,
    pub idle: u64,
    /// The entries' idle timeout; `None` when no interface tracks the flow.
    pub timeout: Option<u64>,
    /// Whether any interface's groups judge the flow (not when it goes to an address that is
    /// never filtered, or its own host).
    pub judged: bool,
    pub cut: Option<Cut>,
}

/// A flow's tracking entry at an interface, as a step shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowEntry {
    pub flow: String,
    pub eni: EniId,
    pub idle: u64,
    pub timeout: u64,
}

/// A number of seconds, shown as `4d 23h 50m` (`render` writes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Secs(pub u64);

/// The flow and the way its packet goes, as a trace's title names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowAsked {
    pub name: String,
    pub leg: Leg,
}

/// Decides the question in full, as a new connection, and says how each end that is a network
/// interface would track it (for `connect`; empty when the decision came before any group).
pub fn open(world: &World, q: &Question) -> (Trace, Vec<EndTrack>) {
    let mut run = Run::new(world, q, Detail::Full, None);
    run.go();
    let tracks = std::mem::take(&mut run.tracks);
    (run.finish(), tracks)
}

/// Decides the next packet of an open flow (`q` is the flow's question), the way `conn.leg`
/// says: by the flow's tracking entries where they live, by the rules elsewhere.
pub fn decide_flow(world: &World, q: &Question, conn: &Conn, detail: Detail) -> Trace {
    let mut run = Run::new(world, q, detail, Some(conn));
    run.go();
    run.finish()
}

/// Where a question's packet goes on the world as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crossing {
    /// The request as the source sends it, and as the destination receives it.
    pub sent: Wire,
    pub arrived: Wire,
    /// The subnets whose network ACLs the packet crosses (leaving the source's, entering the
    /// destination's).
    pub subnets: Vec<SubnetId>,
}

/// The route of the question's packet now; `None` when an endpoint is gone or stopped, or the
/// packet is answered before it moves (its own host, a service address). Records nothing.
pub fn crossing(world: &World, q: &Question) -> Option<Crossing> {
    let mut run = Run::new(world, q, Detail::Verdict, None);
    let src = run.side(&q.from, Role::Source)?;
    let dst = run.side(&q.to, Role::Destination)?;
    let path = route::plan(world, q, &src, &dst)?.ok()?;
    let subnet = |side: &Side, crosses: bool| match side {
        Side::Node(Node {
            subnet: Some(s), ..
        }) if crosses => Some(s.id.clone()),
        _ => None,
    };
    let subnets = [
        subnet(&src, path.leaves_src_subnet),
        subnet(&dst, path.enters_dst_subnet),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(Crossing {
        sent: path.sent,
        arrived: path.arrived,
        subnets,
    })
}

impl<'w> Run<'w, '_> {
    /// The flow step; false when the flow was cut (its packet goes nowhere).
    pub(super) fn flow_step(&mut self, conn: &Conn) -> bool {
        let ok = conn.cut.is_none();
        self.rec.record(conn.leg, ok, None, false, || {
            StepKind::Flow(Box::new(FlowStep {
                name: conn.name.clone(),
                now: conn.now,
                idle: conn.idle,
                timeout: conn.tracked_anywhere().then_some(conn.timeout),
                judged: conn.src.is_some() || conn.dst.is_some(),
                cut: conn.cut.clone(),
            }))
        });
        ok
    }

    /// A flow's packet at one end's groups, passing `direction`: by the flow's tracking entry
    /// while it lives, else by the rules of the packet's direction (an untracked flow, an entry
    /// that timed out). `far` is the other end as this one sees it. Returns whether the packet
    /// passes.
    pub(super) fn flow_groups(
        &mut self,
        conn: &Conn,
        node: &Node<'w>,
        direction: Direction,
        packet: Packet,
        far: &Far<'w>,
        deciding: bool,
    ) -> bool {
        let (world, q, full) = (self.world, self.q, self.full);
        let eni = node.eni;
        // A request leaves its source and enters its destination; a reply the other way.
        let role = match (conn.leg, direction) {
            (Leg::Request, Direction::Egress) | (Leg::Reply, Direction::Ingress) => Role::Source,
            (Leg::Request, Direction::Ingress) | (Leg::Reply, Direction::Egress) => {
                Role::Destination
            }
        };
        if node.is_classic() && direction == Direction::Egress {
            // EC2-Classic groups allow all outbound traffic: no entry is needed.
            self.rec.record(conn.leg, true, None, deciding, || {
                groups::step(
                    world,
                    eni,
                    direction,
                    GroupsHow::ClassicEgress,
                    &Eval::default(),
                )
            });
            return true;
        }
        let track = conn.track(role);
        let live = matches!(track, Some(Track::Tracked(_))) && conn.idle < conn.timeout;
        if direction == Direction::Ingress
            && !live
            && let Some(cluster) = world.classic_cache_cluster(eni)
        {
            // An EC2-Classic cache cluster's node has no VPC groups: its cache security groups
            // judge a packet no live entry lets in.
            return self
                .cache_groups(node, cluster, packet, far, conn.leg, deciding)
                .is_some();
        }
        let entry = || FlowEntry {
            flow: conn.name.clone(),
            eni: eni.id.clone(),
            idle: conn.idle,
            timeout: conn.timeout,
        };
        if live {
            self.rec.record(conn.leg, true, None, deciding, || {
                groups::step(
                    world,
                    eni,
                    direction,
                    GroupsHow::Entry(entry()),
                    &Eval::default(),
                )
            });
            return true;
        }
        let eval = groups::evaluate(world, eni, direction, packet, q.family, far, full);
        let ok = eval.allowed();
        self.rec.record(conn.leg, ok, mismatch(ok), deciding, || {
            let how = match track {
                Some(Track::Tracked(_)) => GroupsHow::Expired(entry()),
                Some(Track::Untracked(u)) => GroupsHow::Untracked(u.clone()),
                None => GroupsHow::Rules,
            };
            groups::step(world, eni, direction, how, &eval)
        });
        ok
    }
}
