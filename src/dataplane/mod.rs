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
        return Trace {
            allowed: verdict(world, q),
            asked: Asked {
                packet: q.packet,
                from: q.from_label.clone(),
                to: q.to_label.clone(),
                via: q.via,
            },
            request: None,
            arrived: None,
            reply: None,
            steps: Vec::new(),
            deciding: 0,
            detail,
            flow: None,
        };
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

    /// The request leg. Returns, when the request passes, what each end's groups opened (`None`
    /// for an outside host, which has no groups).
    fn request_leg(
        &mut self,
        src: &Side<'w>,
        dst: &Side<'w>,
        path: &Path<'w>,
    ) -> Option<(Opened<'w>, Opened<'w>)> {
        let (world, q, full) = (self.world, self.q, self.full);
        let to_outside = matches!(dst, Side::Outside(_));
        let mut src_eval = None;
        if let Side::Node(s) = src {
            if s.is_classic() {
                let eval = Eval::default();
                let number = self.rec.record(Leg::Request, true, None, to_outside, || {
                    groups::step(
                        world,
                        s.eni,
                        Direction::Egress,
                        GroupsHow::ClassicEgress,
                        &eval,
                    )
                });
                src_eval = Some((eval, number));
            } else if let Some(conn) = self.conn {
                let (egress, far) = (Direction::Egress, &path.src_sees);
                if !self.flow_groups(conn, s, egress, q.packet, far, to_outside) {
                    return None;
                }
            } else {
                let eval = groups::evaluate(
                    world,
                    s.eni,
                    Direction::Egress,
                    q.packet,
                    q.family,
                    &path.src_sees,
                    full,
                );
                let ok = eval.allowed();
                let number = self
                    .rec
                    .record(Leg::Request, ok, mismatch(ok), to_outside, || {
                        groups::step(world, s.eni, Direction::Egress, GroupsHow::Rules, &eval)
                    });
                if !ok {
                    return None;
                }
                src_eval = Some((eval, number));
            }
        }
        if path.leaves_src_subnet
            && !self.acl(
                src,
                Leg::Request,
                AclDirection::Outbound,
                q.packet,
                path.sent.dst,
            )
        {
            return None;
        }
        let ok = path.problem.is_none();
        let code = path.problem.and_then(|p| p.code());
        self.rec.record(Leg::Request, ok, code, false, || {
            StepKind::Route(path.step(src, dst, false))
        });
        if !ok {
            return None;
        }
        if path.enters_dst_subnet
            && !self.acl(
                dst,
                Leg::Request,
                AclDirection::Inbound,
                q.packet,
                path.arrived.src,
            )
        {
            return None;
        }
        let mut dst_eval = None;
        if let (Side::Node(d), Some(conn)) = (dst, self.conn) {
            let (ingress, far) = (Direction::Ingress, &path.dst_sees);
            if !self.flow_groups(conn, d, ingress, q.packet, far, true) {
                return None;
            }
        } else if let Side::Node(d) = dst {
            if let Some(cluster) = world.classic_cache_cluster(d.eni) {
                let (packet, far) = (q.packet, &path.dst_sees);
                let number = self.cache_groups(d, cluster, packet, far, Leg::Request, true)?;
                return Some((src_eval, Some((Eval::default(), number))));
            }
            let eval = groups::evaluate(
                world,
                d.eni,
                Direction::Ingress,
                q.packet,
                q.family,
                &path.dst_sees,
                full,
            );
            let ok = eval.allowed();
            let number = self.rec.record(Leg::Request, ok, mismatch(ok), true, || {
                groups::step(world, d.eni, Direction::Ingress, GroupsHow::Rules, &eval)
            });
            if !ok {
                return None;
            }
            dst_eval = Some((eval, number));
        }
        Some((src_eval, dst_eval))
    }

    fn reply_leg(
        &mut self,
        src: &Side<'w>,
        dst: &Side<'w>,
        path: &Path<'w>,
        reply: Packet,
        src_eval: Opened<'w>,
        dst_eval: Opened<'w>,
    ) {
        let reply_sent = path.arrived.answered_by(reply);
        let reply_arrived = path.sent.answered_by(reply);
        // A flow's reply alone: its last groups step decides an allow.
        let src_outside = matches!(src, Side::Outside(_));
        if let (Side::Node(d), Some(conn)) = (dst, self.conn) {
            let (egress, far) = (Direction::Egress, &path.dst_sees);
            if !self.flow_groups(conn, d, egress, reply, far, src_outside) {
                return;
            }
        } else if let (Side::Node(d), Some(eval)) = (dst, &dst_eval) {
            let request = path.arrived;
            if !self.reply_groups(d, Direction::Egress, reply, eval, request, &path.dst_sees) {
                return;
            }
        }
        if path.enters_dst_subnet
            && !self.acl(
                dst,
                Leg::Reply,
                AclDirection::Outbound,
                reply,
                reply_sent.dst,
            )
        {
            return;
        }
        // A probe's reply only gets here when the request's route was sound; a flow's reply
        // meets the route as it is now.
        let ok = path.problem.is_none();
        let code = path.problem.and_then(|p| p.code());
        self.rec.record(Leg::Reply, ok, code, false, || {
            StepKind::Route(path.step(src, dst, true))
        });
        if !ok {
            return;
        }
        if path.leaves_src_subnet
            && !self.acl(
                src,
                Leg::Reply,
                AclDirection::Inbound,
                reply,
                reply_arrived.src,
            )
        {
            return;
        }
        if let (Side::Node(s), Some(conn)) = (src, self.conn) {
            let (ingress, far) = (Direction::Ingress, &path.src_sees);
            self.flow_groups(conn, s, ingress, reply, far, true);
        } else if let (Side::Node(s), Some(eval)) = (src, &src_eval) {
            self.reply_groups(
                s,
                Direction::Ingress,
                reply,
                eval,
                path.sent,
                &path.src_sees,
            );
        }
    }

    /// A reply at one interface's groups: by connection tracking, or by the rules when the flow
    /// is untracked there. `request` is the request as this interface saw it.
    fn reply_groups(
        &mut self,
        node: &Node<'w>,
        direction: Direction,
        reply: Packet,
        (request_eval, opened_at): &(Eval<'w>, usize),
        request: Wire,
        far: &Far<'w>,
    ) -> bool {
        let (world, q) = (self.world, self.q);
        let request_dir = match direction {
            Direction::Egress => Direction::Ingress,
            Direction::Ingress => Direction::Egress,
        };
        let tracking = conntrack::tracking(
            world,
            node.eni,
            request_dir,
            q.packet,
            q.family,
            request_eval,
        );
        self.tracks.push(EndTrack {
            role: match direction {
                Direction::Egress => Role::Destination,
                Direction::Ingress => Role::Source,
            },
            eni: node.label(),
            track: tracking.owned(),
        });
        match tracking {
            Tracking::Tracked(_) => {
                self.rec.record(Leg::Reply, true, None, false, || {
                    let how = conntrack::tracked(node.eni, request, *opened_at);
                    groups::step(world, node.eni, direction, how, &Eval::default())
                });
                true
            }
            Tracking::Untracked { request, other } => {
                let eval =
                    groups::evaluate(world, node.eni, direction, reply, q.family, far, self.full);
                let ok = eval.allowed();
                self.rec.record(Leg::Reply, ok, mismatch(ok), false, || {
                    let how = conntrack::untracked(request, other);
                    groups::step(world, node.eni, direction, how, &eval)
                });
                ok
            }
        }
    }

    /// A subnet's network ACL, when the side is an interface in a subnet. Returns whether the
    /// packet passes.
    fn acl(
        &mut self,
        side: &Side<'w>,
        leg: Leg,
        direction: AclDirection,
        packet: Packet,
        far: Addr,
    ) -> bool {
        let Side::Node(Node {
            subnet: Some(subnet),
            ..
        }) = side
        else {
            return true;
        };
        let Some(acl) = nacl::acl_of(self.world, subnet) else {
            return true;
        };
        let eval = nacl::evaluate(acl, direction, packet, self.q.family, far, self.full);
        let ok = eval.allowed();
        self.rec.record(leg, ok, acl_restriction(ok), false, || {
            nacl::step(acl, subnet, direction, eval)
        });
        ok
    }
}
