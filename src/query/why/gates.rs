//! A gate that blocks: the data plane's deciding step of a denied probe, with Reachability
//! Analyzer's explanation code, the rules that came closest, and the one change that opens it
//! (or, where no rule change can, what to create instead). The step says where the packet
//! stopped and what the far end looked like from there (the trace's request as sent and as it
//! arrived); this file only reads it and chooses the narrowest change.

use super::fix::Change;
use crate::dataplane::{
    AclDirection, Addr, Code, End, EntryCheck, Leg, Miss, NaclStep, Packet, Question, RuleCheck,
    RuleVerdict, Step, StepKind, Trace,
};
use crate::vocab::{
    AclId, Direction, EniId, Family, IcmpRange, PortRange, Proto, Ref, RulePeer, SgId, Span, VpcId,
};
use crate::world::World;
use crate::world::instance::Eni;
use crate::world::nacl::{FIRST_RULE, LAST_RULE};
use ipnet::IpNet;
use std::net::IpAddr;

/// How many of the closest rules a gate lists.
const CLOSEST: usize = 3;

/// A rule or ACL entry that came close to letting the packet through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Closest {
    Rule(RuleCheck),
    Entry(EntryCheck),
}

/// One gate that blocks the probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    /// The step that denied, as the full trace recorded it.
    pub step: Step,
    /// Reachability Analyzer's explanation code.
    pub code: Option<Code>,
    pub closest: Vec<Closest>,
    /// The change that opens this gate (the first of `candidates` the control plane took).
    pub change: Option<Change>,
    /// The changes that would open it, narrowest first: a rule in each of the interface's groups,
    /// the one with the fewest members first (a group at its quota refuses a rule).
    pub candidates: Vec<Change>,
    /// What to do where no change of the language opens it.
    pub advice: Option<String>,
}

/// The gate of a denied trace: its deciding step, read. `None` when the trace allowed or kept no
/// deciding step.
pub fn gate(world: &World, q: &Question, trace: &Trace) -> Option<Gate> {
    if trace.allowed {
        return None;
    }
    let step = trace.deciding_step()?.clone();
    let mut gate = Gate {
        code: step.code,
        step: step.clone(),
        closest: Vec::new(),
        change: None,
        candidates: Vec::new(),
        advice: None,
    };
    let far = Far::of(q, trace, &step);
    match &step.kind {
        StepKind::Groups(g) => {
            gate.closest = closest_rules(&g.rules);
            let direction = g.direction;
            let Some(eni) = world.enis.get(&g.eni.id) else {
                return Some(gate);
            };
            if eni
                .groups
                .iter()
                .filter_map(|id| world.groups.get(id))
                .all(|grp| grp.rules(direction).is_empty())
            {
                gate.code = Some(Code::SgHasNoRules);
            }
            let packet = leg_packet(q, step.leg);
            let mut groups: Vec<&SgId> = eni
                .groups
                .iter()
                .filter(|g| world.groups.contains_key(*g))
                .collect();
            groups.sort_by_key(|g| world.members(g).count());
            gate.candidates = groups
                .into_iter()
                .filter_map(|g| rule_change(world, q, eni, g, direction, packet, &far))
                .collect();
            gate.change = gate.candidates.first().cloned();
            if gate.change.is_none() {
                gate.advice = Some(format!(
                    "{} has no security group that a rule can be added to here",
                    g.eni
                ));
            }
        }
        StepKind::Nacl(n) => {
            gate.closest = closest_entries(n);
            gate.change = entry_change(world, q, n, step.leg, &far);
            if gate.change.is_none() {
                gate.advice = Some(format!(
                    "network ACL {} has no free entry number below the one that denies: replace \
                     that entry",
                    n.acl
                ));
            }
        }
        StepKind::Stopped { instance, name, .. } => {
            gate.change = Some(Change::Start {
                instance: instance.clone(),
                instance_ref: pick(name, instance.as_str(), |r| {
                    world.resolve_instance(r).is_ok_and(|i| &i.id == instance)
                }),
            });
        }
        StepKind::Route(_) | StepKind::NoAddress { .. } => {
            if let Some(change) = peering(world, q) {
                gate.code = Some(Code::DisconnectedVpcs);
                gate.change = Some(change);
            } else {
                gate.advice = Some(advice(&step));
            }
        }
        _ => gate.advice = Some(advice(&step)),
    }
    Some(gate)
}

/// What to create where no rule can help.
fn advice(step: &Step) -> String {
    match &step.kind {
        StepKind::NoAddress { eni, .. } => format!(
            "{} has no address the packet can reach: give it one (launch it with public-ip in a \
             public subnet, or associate address ADDR with it), or ask via its private address",
            eni.name
        ),
        StepKind::Route(r) => match &r.problem {
            Some(p) => format!("{p}: no rule change opens this route"),
            None => "the route is missing: no rule change opens it".to_string(),
        },
        StepKind::CacheGroups(c) => format!(
            "authorize the source's EC2-Classic group in a cache security group of {} \
             (authorize cache-ingress …)",
            c.cluster
        ),
        _ => format!("{}: no rule change opens this", step.reason()),
    }
}

/// The far end as the step's side saw it: its address, and its interface when the question named
/// one.
struct Far<'q> {
    addr: Option<Addr>,
    eni: Option<&'q EniId>,
}

impl<'q> Far<'q> {
    fn of(q: &'q Question, trace: &Trace, step: &Step) -> Far<'q> {
        let at_source = match &step.kind {
            StepKind::Groups(g) => matches!(
                (step.leg, g.direction),
                (Leg::Request, Direction::Egress) | (Leg::Reply, Direction::Ingress)
            ),
            StepKind::Nacl(n) => matches!(
                (step.leg, n.direction),
                (Leg::Request, AclDirection::Outbound) | (Leg::Reply, AclDirection::Inbound)
            ),
            _ => true,
        };
        let eni_of = |e: &'q End| match e {
            End::Eni { id, .. } => Some(id),
            _ => None,
        };
        if at_source {
            Far {
                addr: trace.request.map(|w| w.dst),
                eni: eni_of(&q.to),
            }
        } else {
            Far {
                addr: trace.arrived.map(|w| w.src),
                eni: eni_of(&q.from),
            }
        }
    }

    /// The far address as the narrowest CIDR: one address, or the whole family for a host of
    /// unknown address.
    fn cidr(&self, family: Family) -> Option<IpNet> {
        match self.addr? {
            Addr::Ip(ip) => Some(IpNet::from(ip)),
            Addr::Internet => Some(match family {
                Family::V4 => crate::world::nacl::ANY_V4,
                Family::V6 => crate::world::nacl::ANY_V6,
            }),
        }
    }
}

/// The packet a leg carries.
fn leg_packet(q: &Question, leg: Leg) -> Packet {
    match leg {
        Leg::Request => q.packet,
        Leg::Reply => q.packet.reply().unwrap_or(q.packet),
    }
}

/// The narrowest rule protocol that covers one packet.
pub fn narrow(packet: Packet) -> Proto {
    let one = |p: u16| PortRange { from: p, to: p };
    match packet {
        Packet::Tcp { dport, .. } => Proto::Tcp(one(dport)),
        Packet::Udp { dport, .. } => Proto::Udp(one(dport)),
        Packet::Icmp {
            family,
            icmp_type,
            code,
        } => {
            let r = IcmpRange {
                icmp_type: Some(icmp_type),
                code: Some(code),
            };
            match family {
                Family::V4 => Proto::Icmp(r),
                Family::V6 => Proto::Icmpv6(r),
            }
        }
        Packet::Other(n) => Proto::Other(n),
    }
}

/// The reply's protocol for a network ACL entry: the ephemeral ports 1024-65535 where the reply
/// goes to one of them, else the reply's own port or type.
fn reply_entry_proto(reply: Packet) -> Proto {
    let eph = PortRange {
        from: 1024,
        to: 65535,
    };
    match reply {
        Packet::Tcp { dport, .. } if eph.contains(dport) => Proto::Tcp(eph),
        Packet::Udp { dport, .. } if eph.contains(dport) => Proto::Udp(eph),
        p => narrow(p),
    }
}

/// The rules nearest to matching: right protocol and port but another peer first, then right
/// protocol but another port.
fn closest_rules(rules: &[RuleCheck]) -> Vec<Closest> {
    let rank = |r: &RuleCheck| match r.verdict {
        RuleVerdict::Miss(Miss::Protocol | Miss::Family) | RuleVerdict::Match(_) => None,
        RuleVerdict::Miss(Miss::Port(_) | Miss::Icmp(_, _)) => Some(1),
        RuleVerdict::Miss(_) => Some(0),
    };
    let mut ranked: Vec<(u8, &RuleCheck)> = rules
        .iter()
        .filter_map(|r| rank(r).map(|k| (k, r)))
        .collect();
    ranked.sort_by_key(|(k, _)| *k);
    ranked
        .into_iter()
        .take(CLOSEST)
        .map(|(_, r)| Closest::Rule(r.clone()))
        .collect()
}

/// The entries looked at last: the one that decided and those just before it.
fn closest_entries(n: &NaclStep) -> Vec<Closest> {
    let skip = n.entries.len().saturating_sub(CLOSEST);
    n.entries
        .iter()
        .skip(skip)
        .map(|e| Closest::Entry(*e))
        .collect()
}

/// The first of `candidates` that `resolves` (the text an sgs line can name the object by), else
/// `fallback` (its id).
fn pick_of(candidates: &[String], fallback: &str, resolves: impl Fn(&Ref) -> bool) -> String {
    candidates
        .iter()
        .find(|c| resolves(&reference(c)))
        .cloned()
        .unwrap_or_else(|| fallback.to_string())
}

fn pick(name: &str, id: &str, resolves: impl Fn(&Ref) -> bool) -> String {
    pick_of(&[name.to_string()], id, resolves)
}

/// Text as the parser reads a reference: `qualifier/name` or `name`.
fn reference(text: &str) -> Ref {
    let (qualifier, name) = match text.rsplit_once('/') {
        Some((q, n)) => (Some(q.to_string()), n.to_string()),
        None => (None, text.to_string()),
    };
    Ref {
        qualifier,
        name,
        span: Span::default(),
    }
}

/// A group as an sgs line names it.
pub fn group_ref(world: &World, id: &SgId) -> String {
    let Some(g) = world.groups.get(id) else {
        return id.to_string();
    };
    let other_account = g.scope.account != world.scope.account;
    let mut candidates = Vec::new();
    if other_account {
        candidates.push(format!("{}/{}", g.scope.account, g.name));
        candidates.push(format!("{}/{}", g.scope.account, g.id));
    } else {
        candidates.push(g.name.clone());
        if let Some(v) = g.vpc.as_ref().and_then(|v| world.vpcs.get(v)) {
            candidates.push(format!("{}/{}", v.name, g.name));
        }
        candidates.push(g.id.to_string());
    }
    pick_of(&candidates, id.as_str(), |r| {
        world.resolve_group(r, None).is_ok_and(|x| &x.id == id)
    })
}

fn acl_ref(world: &World, id: &AclId) -> String {
    let Some(n) = world.nacls.get(id) else {
        return id.to_string();
    };
    let mut candidates = vec![n.name.clone()];
    if let Some(v) = world.vpcs.get(&n.vpc) {
        candidates.push(format!("{}/{}", v.name, n.name));
    }
    pick_of(&candidates, id.as_str(), |r| {
        world.resolve_nacl(r).is_ok_and(|x| &x.id == id)
    })
}

fn vpc_ref(world: &World, id: &VpcId) -> String {
    let name = world.vpc_name(id);
    pick(name, id.as_str(), |r| {
        world.resolve_vpc(r).is_ok_and(|x| &x.id == id)
    })
}

/// Of `groups`, the one with the fewest members (the first of equals): the narrowest reference.
fn fewest<'a>(world: &World, groups: impl Iterator<Item = &'a SgId>) -> Option<&'a SgId> {
    groups
        .filter(|g| world.groups.contains_key(*g))
        .min_by_key(|g| world.members(g).count())
}

/// Whether a rule at `near` can name `far`'s group: both in VPCs, one VPC or a same-region
/// peering, and the far end seen by its private address.
fn reference_works(world: &World, near: &Eni, far: &Eni, seen: Option<Addr>) -> bool {
    let (Some(a), Some(b)) = (&near.vpc, &far.vpc) else {
        return false;
    };
    let joined = a == b || (world.peering_between(a, b).is_some() && world.same_region(a, b));
    let private = match seen {
        Some(Addr::Ip(IpAddr::V4(ip))) => ip == far.private_ip,
        Some(Addr::Ip(IpAddr::V6(ip))) => far.ipv6 == Some(ip),
        _ => false,
    };
    joined && private
}

/// The rule that lets the packet through `eni`'s groups in `direction`, in `group`: naming the
/// far end's group with the fewest members where a reference works, else its address.
fn rule_change(
    world: &World,
    q: &Question,
    eni: &Eni,
    group: &SgId,
    direction: Direction,
    packet: Packet,
    far: &Far,
) -> Option<Change> {
    let group = group.clone();
    let far_eni = far.eni.and_then(|id| world.enis.get(id));
    let by_group = far_eni
        .filter(|f| reference_works(world, eni, f, far.addr))
        .and_then(|f| fewest(world, f.groups.iter()));
    let (peer, peer_ref) = match by_group {
        Some(g) => {
            let owner = world
                .groups
                .get(g)
                .map(|x| x.scope.account.clone())
                .unwrap_or_default();
            let peer = RulePeer::Group {
                id: g.clone(),
                owner,
            };
            (peer, group_ref(world, g))
        }
        None => {
            let net = far.cidr(q.family)?;
            (RulePeer::Cidr(net), net.to_string())
        }
    };
    Some(Change::Rule {
        direction,
        group_ref: group_ref(world, &group),
        group,
        proto: narrow(packet),
        peer,
        peer_ref,
    })
}

/// The allow entry that lets the packet through a network ACL: the highest free number below the
/// entry that denied.
fn entry_change(world: &World, q: &Question, n: &NaclStep, leg: Leg, far: &Far) -> Option<Change> {
    let acl = world.nacls.get(&n.acl)?;
    let direction = match n.direction {
        AclDirection::Inbound => Direction::Ingress,
        AclDirection::Outbound => Direction::Egress,
    };
    let below = n.decided_by.and_then(|e| e.number).unwrap_or(LAST_RULE + 1);
    let taken = |k: u16| acl.entry(direction, k).is_some();
    let number = (FIRST_RULE..below).rev().find(|&k| !taken(k))?;
    let proto = match leg {
        Leg::Request => narrow(q.packet),
        Leg::Reply => reply_entry_proto(leg_packet(q, leg)),
    };
    Some(Change::Entry {
        direction,
        acl: acl.id.clone(),
        acl_ref: acl_ref(world, &acl.id),
        number,
        proto,
        cidr: far.cidr(q.family)?,
    })
}

/// The peering to create when the question's two interfaces are in VPCs no peering joins.
fn peering(world: &World, q: &Question) -> Option<Change> {
    let vpc_of = |e: &End| match e {
        End::Eni { id, .. } => world.enis.get(id).and_then(|x| x.vpc.clone()),
        _ => None,
    };
    let (a, b) = (vpc_of(&q.from)?, vpc_of(&q.to)?);
    if a == b || world.peering_between(&a, &b).is_some() {
        return None;
    }
    let (va, vb) = (world.vpcs.get(&a)?, world.vpcs.get(&b)?);
    Some(Change::Peering {
        name: format!("{}-{}", va.name, vb.name),
        requester_ref: vpc_ref(world, &a),
        accepter_ref: vpc_ref(world, &b),
        peer_owner: (va.scope.account != vb.scope.account).then(|| vb.scope.account.clone()),
        peer_region: (va.scope.region != vb.scope.region).then(|| vb.scope.region.clone()),
        requester: a,
        accepter: b,
    })
}

/// Where every group of the interface refuses the rule (each at its quota): a new group of the
/// interface's VPC to hold it, named after the packet and the interface.
pub fn new_group(world: &World, q: &Question, trace: &Trace) -> Option<Change> {
    let step = trace.deciding_step()?;
    let StepKind::Groups(g) = &step.kind else {
        return None;
    };
    let eni = world.enis.get(&g.eni.id)?;
    let vpc = world.vpcs.get(eni.vpc.as_ref()?)?;
    let packet = leg_packet(q, step.leg);
    let base = format!(
        "allow-{}-{}",
        super::fix::proto_sgs(narrow(packet)).replace([' ', ':'], "-"),
        g.eni.name
    );
    let taken = |name: &str| world.groups_of(&vpc.id).iter().any(|x| x.name == name);
    let name = (1..100)
        .map(|k| match k {
            1 => base.clone(),
            k => format!("{base}-{k}"),
        })
        .find(|n| !taken(n))?;
    Some(Change::NewGroup {
        description: format!("{} {}", packet, g.direction.as_str()),
        vpc: vpc.id.clone(),
        vpc_ref: vpc_ref(world, &vpc.id),
        name,
    })
}

/// The rule of the gate's step in `group` (a new group of the interface's VPC).
pub fn rule_in(world: &World, q: &Question, trace: &Trace, group: &SgId) -> Option<Change> {
    let step = trace.deciding_step()?;
    let StepKind::Groups(g) = &step.kind else {
        return None;
    };
    let eni = world.enis.get(&g.eni.id)?;
    let far = Far::of(q, trace, step);
    rule_change(
        world,
        q,
        eni,
        group,
        g.direction,
        leg_packet(q, step.leg),
        &far,
    )
}

/// The gate's interface with `group` added to its groups: `modify instance` for an instance's
/// primary interface, `modify eni` for another interface of an instance.
pub fn join(world: &World, trace: &Trace, group: &SgId) -> Option<Change> {
    let step = trace.deciding_step()?;
    let StepKind::Groups(g) = &step.kind else {
        return None;
    };
    let eni = world.enis.get(&g.eni.id)?;
    let instance = world.instances.get(eni.instance.as_ref()?)?;
    let target = if eni.device_index == 0 {
        format!(
            "instance {}",
            pick(&instance.name, instance.id.as_str(), |r| {
                world.resolve_instance(r).is_ok_and(|i| i.id == instance.id)
            })
        )
    } else {
        format!("eni {}", eni.id)
    };
    let mut groups = eni.groups.clone();
    groups.push(group.clone());
    Some(Change::Groups {
        eni: eni.id.clone(),
        target,
        group_refs: groups.iter().map(|x| group_ref(world, x)).collect(),
        groups,
    })
}
