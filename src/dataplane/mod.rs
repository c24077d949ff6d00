//! The data plane: does this packet pass, and why. A `Question` is one concrete packet between two
//! resolved endpoints (the query layer resolves a probe into one: `query::resolve`); `decide`
//! walks the packet through AWS's steps and returns the decision as a `Trace`: data, rendered by
//! its `Display`.
//!
//! The step order (AWS-SEMANTICS §10, "Suggested packet-trace order"), for the request:
//! 1. the source interface's security groups, egress;
//! 2. the source subnet's network ACL, outbound (only when the packet leaves the subnet);
//! 3. the route (same subnet, local, a VPC peering, EC2-Classic, internet gateways), with what
//!    stops it;
//! 4. the destination subnet's network ACL, inbound (only when it enters from outside);
//! 5. the destination interface's security groups, ingress.
//!
//! Then, when the packet has a reply, the reply leg: the destination's groups egress (connection
//! tracking, or the rules for an untracked flow), its ACL outbound, the route back, the source's
//! ACL inbound, the source's groups ingress. The first step that denies decides; an allow is
//! decided by the request's last security-group step. Some questions are answered before any of
//! this: an endpoint that is stopped, an address that does not exist, a service address that is
//! never filtered, a packet to the interface's own address.
//!
//! `Detail::Verdict` records only the deciding step and builds no strings while deciding, so a
//! probe costs a handful of index lookups and one pass over each end's rules per direction.
//!
//! `open` decides a new connection as `decide` does and also says how each end would track it;
//! `decide_flow` judges the next packet of an open flow, one way only (see `flow`).

mod address;
mod conntrack;
mod end;
mod fast;
mod flow;
mod groups;
mod legs;
mod nacl;
mod packet;
mod render;
mod route;
mod services;
mod trace;

#[cfg(test)]
mod tests;

pub use end::End;
/// The compiled verdict alone (`None` where it does not answer), for tests that hold it against
/// `decide`.
pub use fast::verdict as compiled_verdict;
pub use flow::{
    Conn, Crossing, Cut, CutWhy, EndTrack, FlowAsked, FlowEntry, FlowStep, Secs, Track, TrackedWhy,
    crossing, decide_flow, idle_timeout, open, timeout,
};
pub use packet::{Addr, EPHEMERAL_PORT, Packet, Wire, family_of, from_perm};
pub use render::{LineKind, TraceLine, rule_reason};
pub use trace::{
    AclDirection, Asked, AuthCheck, CacheGroupsStep, Code, ConnEntry, EniLabel, EntryCheck,
    Gateway, GroupLabel, GroupsHow, GroupsStep, Hop, Leg, Miss, NaclEntry, NaclStep, Role,
    RouteProblem, RouteStep, RuleCheck, RuleVerdict, Service, Step, StepKind, Trace, Untracked,
    Wanted, Why,
};

use crate::vocab::{Direction, Family, Via};
use crate::world::World;
use crate::world::instance::InstanceState;
use conntrack::Tracking;
use groups::Eval;
use route::{Far, Node, Path, Side};

/// How much of the decision to record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// The verdict alone, no step (for answers nobody reads but for their verdict).
    Bare,
    /// Only the verdict and the deciding step.
    Verdict,
    /// Every step and every rule looked at.
    Full,
}

/// A resolved probe: the packet and its two endpoints.
#[derive(Clone, Debug)]
pub struct Question {
    pub packet: Packet,
    /// The packet's address family.
    pub family: Family,
    pub from: End,
    pub to: End,
    pub via: Option<Via>,
    /// The endpoints as written, for traces.
    pub from_label: String,
    pub to_label: String,
    /// The interfaces' handles in the world's compiled index, when the resolver found them
    /// (`world::compiled::NONE` otherwise): a hint, checked before use.
    pub handles: [u32; 2],
}

impl PartialEq for Question {
    /// Questions are equal when they ask the same; the handles are only a hint.
    fn eq(&self, other: &Self) -> bool {
        self.packet == other.packet
            && self.family == other.family
            && self.from == other.from
            && self.to == other.to
            && self.via == other.via
            && self.from_label == other.from_label
            && self.to_label == other.to_label
    }
}

impl Eq for Question {}

/// Decides the question.
pub fn decide(world: &World, q: &Question, detail: Detail) -> Trace {
    if detail == Detail::Bare {
        return bare(
            verdict(world, q),
            q,
            q.from_label.clone(),
            q.to_label.clone(),
        );
    }
    let mut run = Run::new(world, q, detail, None);
    run.go();
    let trace = run.finish();
    #[cfg(debug_assertions)]
    if let Some(allowed) = fast::verdict(world, q) {
        assert_eq!(
            allowed, trace.allowed,
            "the compiled verdict differs from the decision for {q:?}"
        );
    }
    trace
}

/// [`decide`] of a question the caller is done with: a bare verdict takes its labels instead of
/// copying them.
pub fn decide_owned(world: &World, mut q: Question, detail: Detail) -> Trace {
    if detail == Detail::Bare {
        let (from, to) = (
            std::mem::take(&mut q.from_label),
            std::mem::take(&mut q.to_label),
        );
        return bare(verdict(world, &q), &q, from, to);
    }
    decide(world, &q, detail)
}

/// The trace of a verdict alone.
fn bare(allowed: bool, q: &Question, from: String, to: String) -> Trace {
    Trace {
        allowed,
        asked: Asked {
            packet: q.packet,
            from,
            to,
            via: q.via,
        },
        request: None,
        arrived: None,
        reply: None,
        steps: Vec::new(),
        deciding: 0,
        detail: Detail::Bare,
        flow: None,
    }
}

/// Whether the question's packet passes: the verdict alone, without a trace. The compiled index
/// answers the common question in tens of nanoseconds (`fast`); the rest is decided in full.
pub fn verdict(world: &World, q: &Question) -> bool {
    match fast::verdict(world, q) {
        Some(allowed) => {
            // `decide` holds the compiled verdict against the full decision in debug builds.
            #[cfg(debug_assertions)]
            decide(world, q, Detail::Verdict);
            allowed
        }
        None => decide(world, q, Detail::Verdict).allowed,
    }
}

/// Collects the steps: every one with `Detail::Full`; with `Detail::Verdict` only the deciding one
/// is ever built.
struct Recorder {
    detail: Detail,
    count: usize,
    steps: Vec<Step>,
    deciding: usize,
    denied: bool,
}

impl Recorder {
    fn new(detail: Detail) -> Self {
        Recorder {
            detail,
            count: 0,
            steps: Vec::new(),
            deciding: 0,
            denied: false,
        }
    }

    /// Records the next step and returns its number. `deciding` marks the step that decides an
    /// allow; a denial always decides. `make` runs only when the step is kept.
    fn record(
        &mut self,
        leg: Leg,
        allowed: bool,
        code: Option<Code>,
        deciding: bool,
        make: impl FnOnce() -> StepKind,
    ) -> usize {
        self.count += 1;
        let number = self.count;
        let decides = !allowed || deciding;
        if decides {
            self.deciding = number;
        }
        if !allowed {
            self.denied = true;
        }
        if self.detail == Detail::Full || decides {
            if self.detail != Detail::Full {
                self.steps.clear();
            }
            self.steps.push(Step {
                number,
                leg,
                allowed,
                code: if allowed { None } else { code },
                kind: make(),
            });
        }
        number
    }
}

/// What an interface's groups did with the request: their evaluation and the number of the step
/// that admitted it (where its connection-tracking entry was opened). `None` for an outside host.
type Opened<'w> = Option<(Eval<'w>, usize)>;

/// One decision in progress.
struct Run<'w, 'q> {
    world: &'w World,
    q: &'q Question,
    full: bool,
    rec: Recorder,
    request: Option<Wire>,
    arrived: Option<Wire>,
    reply: Option<Wire>,
    /// The flow whose packet this is; `None` for a new connection.
    conn: Option<&'q Conn>,
    /// How each end tracks the connection, as the reply leg decided it.
    tracks: Vec<EndTrack>,
}

fn mismatch(allowed: bool) -> Option<Code> {
    (!allowed).then_some(Code::EniSgRulesMismatch)
}

fn acl_restriction(allowed: bool) -> Option<Code> {
    (!allowed).then_some(Code::SubnetAclRestriction)
}

impl<'w, 'q> Run<'w, 'q> {
    fn new(world: &'w World, q: &'q Question, detail: Detail, conn: Option<&'q Conn>) -> Self {
        Run {
            world,
            q,
            full: detail == Detail::Full,
            rec: Recorder::new(detail),
            request: None,
            arrived: None,
            reply: None,
            conn,
            tracks: Vec::new(),
        }
    }

    fn finish(self) -> Trace {
        let q = self.q;
        Trace {
            allowed: !self.rec.denied && self.rec.deciding > 0,
            asked: Asked {
                packet: q.packet,
                from: q.from_label.clone(),
                to: q.to_label.clone(),
                via: q.via,
            },
            request: self.request,
            arrived: self.arrived,
            reply: self.reply,
            steps: self.rec.steps,
            deciding: self.rec.deciding,
            detail: self.rec.detail,
            flow: self.conn.map(|c| FlowAsked {
                name: c.name.clone(),
                leg: c.leg,
            }),
        }
    }

    /// Looks an endpoint up; a missing interface or a stopped instance denies.
    fn side(&mut self, end: &End, role: Role) -> Option<Side<'w>> {
        let id = match end {
            End::Internet => return Some(Side::Outside(Addr::Internet)),
            End::Host(a) => return Some(Side::Outside(Addr::Ip(*a))),
            End::Eni { id, .. } => id,
        };
        let world = self.world;
        let Some(eni) = world.enis.get(id) else {
            self.rec
                .record(Leg::Request, false, Some(Code::BadState), false, || {
                    StepKind::Missing { eni: id.clone() }
                });
            return None;
        };
        let instance = eni.instance.as_ref().and_then(|i| world.instances.get(i));
        if let Some(instance) = instance.filter(|i| i.state == InstanceState::Stopped) {
            self.rec
                .record(Leg::Request, false, Some(Code::BadState), false, || {
                    StepKind::Stopped {
                        role,
                        instance: instance.id.clone(),
                        name: instance.name.clone(),
                    }
                });
            return None;
        }
        Some(Side::Node(Node {
            eni,
            subnet: eni.subnet.as_ref().and_then(|s| world.subnets.get(s)),
            vpc: eni.vpc.as_ref().and_then(|v| world.vpcs.get(v)),
        }))
    }

    fn go(&mut self) {
        let q = self.q;
        if let Some(conn) = self.conn
            && !self.flow_step(conn)
        {
            return;
        }
        let Some(src) = self.side(&q.from, Role::Source) else {
            return;
        };
        let Some(dst) = self.side(&q.to, Role::Destination) else {
            return;
        };
        let path = match route::plan(self.world, q, &src, &dst) {
            None => return,
            Some(Ok(path)) => path,
            Some(Err(early)) => return self.early(early),
        };
        if self.conn.is_some_and(|c| c.leg == Leg::Reply) {
            // A flow's reply: the reply leg alone, judged by the flow's entries.
            if let Some(reply) = q.packet.reply() {
                self.reply = Some(path.arrived.answered_by(reply));
                self.reply_leg(&src, &dst, &path, reply, None, None);
            }
            return;
        }
        self.request = Some(path.sent);
        self.arrived = Some(path.arrived);
        let Some((src_eval, dst_eval)) = self.request_leg(&src, &dst, &path) else {
            return;
        };
        if self.conn.is_some() {
            // A flow's request: the request leg alone.
            return;
        }
        if let Some(reply) = q.packet.reply() {
            self.reply = Some(path.arrived.answered_by(reply));
            self.reply_leg(&src, &dst, &path, reply, src_eval, dst_eval);
        }
    }

    fn early(&mut self, early: route::Early) {
        let (allowed, code, kind) = match early {
            route::Early::NotFiltered { addr, service } => {
                (true, None, StepKind::NotFiltered { addr, service })
            }
            route::Early::SameHost { node, addr } => (
                true,
                None,
                StepKind::SameHost {
                    eni: node.label(),
                    addr,
                },
            ),
            route::Early::NoAddress { role, node, wanted } => (
                false,
                // Only the internet gateway's refusal of a non-public address has a code.
                (role == Role::Destination && wanted == Wanted::PublicIpv4)
                    .then_some(Code::IgwPrivateIpAssociationForIngress),
                StepKind::NoAddress {
                    role,
                    eni: node.label(),
                    wanted,
                },
            ),
        };
        self.rec.record(Leg::Request, allowed, code, true, || kind);
    }
}
