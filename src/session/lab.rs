//! `sgs lab break`: one realistic fault, written as plain commands, for a lesson's world.
//!
//! The lesson is run in full (its setup, then everything from its first `task` on, a worked
//! solution included) and its goals judged: that is the baseline. Candidate faults are read off
//! the baseline traces of the goals that hold there (the rule, entry, interface or peering each
//! one passes by) and the setup's world (the fault must be writable where it is injected, just
//! before the first `task`). A candidate applies when, injected there and the rest of the lesson
//! run, every line still runs, at least one goal that held now fails, and its undo lines, run at
//! the end, give every goal back its baseline verdict. Nothing is assumed: each is run.

use super::grade::{self, LessonPlan};
use super::lesson::Goal;
use super::{Host, Session};
use crate::dataplane::Hop;
use crate::dataplane::Trace;
use crate::query::{AclDirection, StepKind};
use crate::vocab::{Diagnostic, Direction, Perm, Proto, RulePeer};
use crate::vocab::{IcmpSpec, PortSpec};
use crate::world::World;
use crate::world::group::{Group, Rule};

/// The faults LANGUAGE.md lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultKind {
    RevokedRule,
    NaclDenyFirst,
    MissingEphemeral,
    WrongPort,
    WrongInterface,
    StalePeering,
}

impl FaultKind {
    pub fn describe(self) -> &'static str {
        match self {
            FaultKind::RevokedRule => "a revoked rule",
            FaultKind::NaclDenyFirst => "a network ACL deny numbered before the allow",
            FaultKind::MissingEphemeral => "a missing ephemeral return entry",
            FaultKind::WrongPort => "a rule on the wrong port",
            FaultKind::WrongInterface => "a group on the wrong interface",
            FaultKind::StalePeering => "a stale peered reference (the peering deleted)",
        }
    }
}

/// A fault that applies: its lines, the lines that undo it, and the goals it breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub lines: Vec<String>,
    pub undo: Vec<String>,
    pub breaks: Vec<Goal>,
}

/// Every fault that applies to the lesson, in a fixed order. `Err` when the lesson itself does
/// not run (its span an offset in the file).
pub fn faults(plan: &LessonPlan, host: &mut dyn Host) -> Result<Vec<Fault>, Diagnostic> {
    let start = grade::setup(plan, host)?;
    let mut base = start.clone();
    grade::run_items(&mut base, &plan.rest, host)?;
    let base_met: Vec<bool> = plan.goals.iter().map(|g| base.check_goal(g).met).collect();
    let mut candidates: Vec<(FaultKind, Vec<String>, Vec<String>)> = Vec::new();
    for (goal, met) in plan.goals.iter().zip(&base_met) {
        if let (true, Ok(trace)) = (*met, base.check_goal(goal).got) {
            candidates.extend(candidates_of(start.world(), goal, &trace));
        }
    }
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|(_, lines, _)| seen.insert(lines.clone()));
    let mut out = Vec::new();
    for (kind, lines, undo) in candidates {
        if let Some(breaks) = applies(plan, &start, &lines, &undo, &base_met, host) {
            out.push(Fault {
                kind,
                lines,
                undo,
                breaks,
            });
        }
    }
    Ok(out)
}

/// The fault the seed draws (splitmix64 of the seed, modulo the number of faults).
pub fn pick(faults: &[Fault], seed: u64) -> Option<&Fault> {
    if faults.is_empty() {
        return None;
    }
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    let n = faults.len() as u64;
    faults.get((z % n) as usize)
}

/// The lesson's text with the fault's lines just before its first `task`.
pub fn broken_source(plan: &LessonPlan, fault: &Fault) -> String {
    let at = plan.task_start();
    let (before, after) = plan.src.split_at(at.min(plan.src.len()));
    let mut out = String::from(before);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for line in &fault.lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(after);
    out
}

/// Runs one line; whether it went through.
fn ran(session: &mut Session, line: &str, host: &mut dyn Host) -> bool {
    session.run_line(line, host).is_ok()
}

/// The goals the fault breaks, when it applies.
fn applies(
    plan: &LessonPlan,
    start: &Session,
    lines: &[String],
    undo: &[String],
    base_met: &[bool],
    host: &mut dyn Host,
) -> Option<Vec<Goal>> {
    let mut s = start.clone();
    if !lines.iter().all(|l| ran(&mut s, l, host)) {
        return None;
    }
    grade::run_items(&mut s, &plan.rest, host).ok()?;
    let breaks: Vec<Goal> = plan
        .goals
        .iter()
        .zip(base_met)
        .filter(|(g, met)| **met && !s.check_goal(g).met)
        .map(|(g, _)| g.clone())
        .collect();
    if breaks.is_empty() || !undo.iter().all(|l| ran(&mut s, l, host)) {
        return None;
    }
    let repaired = plan
        .goals
        .iter()
        .zip(base_met)
        .all(|(g, met)| s.check_goal(g).met == *met);
    repaired.then_some(breaks)
}

/// The candidate faults along one goal's baseline trace.
fn candidates_of(
    world: &World,
    goal: &Goal,
    trace: &Trace,
) -> Vec<(FaultKind, Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    let source_eni = trace.steps.iter().find_map(|s| match &s.kind {
        StepKind::Groups(g) if g.direction == Direction::Egress => Some(g.eni.id.clone()),
        _ => None,
    });
    let request = |s: &crate::query::Step| s.leg == crate::query::Leg::Request;
    for step in &trace.steps {
        match &step.kind {
            StepKind::Groups(g) if request(step) => {
                let Some(by) = &g.allowed_by else { continue };
                if g.direction == Direction::Ingress
                    && let Some(src) = &source_eni
                    && let Some(fault) = wrong_interface(world, &g.eni.id, src, &by.group.id)
                {
                    out.push(fault);
                }
                let Some((group, direction, rule)) = find_rule(world, &by.rule) else {
                    continue;
                };
                out.push((
                    FaultKind::RevokedRule,
                    vec![format!("revoke rule {}", rule.id)],
                    vec![restore(group, direction, rule)],
                ));
                if let Some(wrong) = wrong_port(&rule.proto) {
                    out.push((
                        FaultKind::WrongPort,
                        vec![
                            format!("revoke rule {}", rule.id),
                            authorize(group, direction, &wrong, &rule.peer),
                        ],
                        vec![
                            format!(
                                "revoke {}",
                                rule_words(group, direction, &wrong, &rule.peer)
                            ),
                            restore(group, direction, rule),
                        ],
                    ));
                }
            }
            StepKind::Nacl(n) => {
                let Some(entry) = n.decided_by.filter(|e| e.allow) else {
                    continue;
                };
                let Some(number) = entry.number else { continue };
                let direction = match n.direction {
                    AclDirection::Inbound => Direction::Ingress,
                    AclDirection::Outbound => Direction::Egress,
                };
                let Some(acl) = world.nacls.get(&n.acl) else {
                    continue;
                };
                let Some(now) = acl.entry(direction, number) else {
                    continue;
                };
                if !(now.allow && now.proto == entry.proto && now.cidr == entry.cidr) {
                    continue;
                }
                let (dir, way) = match direction {
                    Direction::Ingress => ("ingress", "from"),
                    Direction::Egress => ("egress", "to"),
                };
                let packet = perm_words(&goal.probe.packet.node);
                if request(step) {
                    let free = (1..number)
                        .rev()
                        .find(|m| acl.entry(direction, *m).is_none());
                    if let Some(m) = free {
                        out.push((
                            FaultKind::NaclDenyFirst,
                            vec![format!(
                                "create nacl-entry {} {dir} {m} deny {packet} {way} {}",
                                n.acl, entry.cidr
                            )],
                            vec![format!("delete nacl-entry {} {dir} {m}", n.acl)],
                        ));
                    }
                } else if matches!(goal.probe.packet.node, Perm::Tcp(_) | Perm::Udp(_)) {
                    let replace = |words: &str| {
                        format!(
                            "replace nacl-entry {} {dir} {number} allow {words} {way} {}",
                            n.acl, entry.cidr
                        )
                    };
                    out.push((
                        FaultKind::MissingEphemeral,
                        vec![replace(&packet)],
                        vec![replace(&proto_words(&entry.proto))],
                    ));
                }
            }
            StepKind::Route(r) => {
                if let Hop::Peering { id, .. } = &r.hop
                    && let Some(p) = world.peerings.get(id)
                {
                    out.push((
                        FaultKind::StalePeering,
                        vec![format!("delete peering {}", word(&p.name))],
                        vec![format!(
                            "create peering {} between {} and {}",
                            word(&p.name),
                            p.requester,
                            p.accepter
                        )],
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// The rule with this id in `world`: its group, direction and the rule.
fn find_rule<'w>(
    world: &'w World,
    id: &crate::vocab::RuleId,
) -> Option<(&'w Group, Direction, &'w Rule)> {
    let mut groups: Vec<&Group> = world.groups.values().collect();
    groups.sort_by_key(|g| g.seq);
    groups.into_iter().find_map(|g| {
        g.all_rules()
            .find(|(_, r)| r.id == *id)
            .map(|(d, r)| (g, d, r))
    })
}

/// `ingress tcp 6379 from sg-… to sg-…`: a rule as `authorize` and `revoke` write it.
fn rule_words(group: &Group, direction: Direction, proto: &Proto, peer: &RulePeer) -> String {
    let peer = match peer {
        RulePeer::Cidr(net) => net.to_string(),
        RulePeer::Group { id, owner } if *owner == group.scope.account => id.to_string(),
        RulePeer::Group { id, owner } => format!("{owner}/{id}"),
        RulePeer::PrefixList(id) => id.to_string(),
    };
    let proto = proto_words(proto);
    match direction {
        Direction::Ingress => format!("ingress {proto} from {peer} to {}", group.id),
        Direction::Egress => format!("egress {proto} from {} to {peer}", group.id),
    }
}

fn authorize(group: &Group, direction: Direction, proto: &Proto, peer: &RulePeer) -> String {
    format!("authorize {}", rule_words(group, direction, proto, peer))
}

/// `authorize …` of a rule as it stood, its description kept.
fn restore(group: &Group, direction: Direction, rule: &Rule) -> String {
    let mut line = authorize(group, direction, &rule.proto, &rule.peer);
    if let Some(d) = &rule.description {
        line.push_str(&format!(
            " description \"{}\"",
            d.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    line
}

/// The port a hurried hand writes instead: 80 and 8080, 443 and 8443, else the next port.
fn wrong_port(proto: &Proto) -> Option<Proto> {
    let swap = |p: u16| match p {
        80 => 8080,
        443 => 8443,
        65535 => 65534,
        p => p + 1,
    };
    match *proto {
        Proto::Tcp(r) if r.from == r.to => {
            let p = swap(r.from);
            Some(Proto::Tcp(crate::vocab::PortRange { from: p, to: p }))
        }
        Proto::Udp(r) if r.from == r.to => {
            let p = swap(r.from);
            Some(Proto::Udp(crate::vocab::PortRange { from: p, to: p }))
        }
        _ => None,
    }
}

/// The destination's group that let the packet in, moved to the source's interface.
fn wrong_interface(
    world: &World,
    dst: &crate::vocab::EniId,
    src: &crate::vocab::EniId,
    group: &crate::vocab::SgId,
) -> Option<(FaultKind, Vec<String>, Vec<String>)> {
    let (d, s) = (world.enis.get(dst)?, world.enis.get(src)?);
    if dst == src || !d.groups.contains(group) || s.groups.contains(group) || d.vpc != s.vpc {
        return None;
    }
    let mut d_groups: Vec<_> = d.groups.iter().filter(|g| *g != group).cloned().collect();
    if d_groups.is_empty() {
        d_groups.push(world.vpcs.get(d.vpc.as_ref()?)?.default_group.clone());
    }
    let mut s_groups = s.groups.clone();
    s_groups.push(group.clone());
    let modify = |eni: &crate::world::instance::Eni, groups: &[crate::vocab::SgId]| {
        let list: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        let target = match &eni.owner {
            Some(crate::world::service::EniOwner::CacheNode { cluster, .. }) => {
                format!("cache-cluster {}", word(cluster))
            }
            Some(crate::world::service::EniOwner::DbInstance { name }) => {
                format!("db-instance {}", word(name))
            }
            None => format!("eni {}", eni.id),
        };
        format!("modify {target} groups {}", list.join(", "))
    };
    Some((
        FaultKind::WrongInterface,
        vec![modify(d, &d_groups), modify(s, &s_groups)],
        vec![modify(d, &d.groups), modify(s, &s.groups)],
    ))
}

/// A name as the language writes it: bare when it can be, else quoted.
fn word(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "._-:@()[]{}+=&;!$*".contains(c));
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A stored protocol as the language writes it.
fn proto_words(proto: &Proto) -> String {
    match proto {
        Proto::Other(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// A packet as written in a probe, as the language writes it again.
fn perm_words(perm: &Perm) -> String {
    let ports = |p: &Option<PortSpec>| match p {
        None => String::new(),
        Some(PortSpec::All) => " all".to_string(),
        Some(PortSpec::Single(p)) => format!(" {p}"),
        Some(PortSpec::Range(a, b)) => format!(" {a}-{b}"),
    };
    let icmp = |i: &Option<IcmpSpec>| match i {
        None => String::new(),
        Some(IcmpSpec::All) => " all".to_string(),
        Some(IcmpSpec::Type(t)) => format!(" {t}"),
        Some(IcmpSpec::TypeCode(t, c)) => format!(" {t}:{c}"),
    };
    match perm {
        Perm::Tcp(p) => format!("tcp{}", ports(p)),
        Perm::Udp(p) => format!("udp{}", ports(p)),
        Perm::Icmp(i) => format!("icmp{}", icmp(i)),
        Perm::Icmpv6(i) => format!("icmpv6{}", icmp(i)),
        Perm::All => "all".to_string(),
        Perm::Number(n) => n.to_string(),
    }
}
