//! How a trace reads: the full text `trace` prints (`Display for Trace`), the one line `probe`
//! prints (`Trace::summary`), and the words for every step, rule verdict and route problem.
//!
//! The text is for a student following the packet: each step says what it looked at (interface,
//! groups, subnet, ACL, route), its outcome and, for a denial, Reachability Analyzer's code; each
//! rule or entry looked at gets a line saying why it matched or not. The deciding step is marked
//! `>>`. Rendering reads only the trace, never the world.

use super::flow::Secs;
use super::trace::{
    AclDirection, EniLabel, EntryCheck, Gateway, GroupLabel, GroupsHow, GroupsStep, Hop, Leg, Miss,
    NaclStep, Role, RouteProblem, RuleCheck, RuleVerdict, Service, Step, StepKind, Trace, Wanted,
    Why,
};
use crate::vocab::{Direction, Family};
use crate::world::peering::Stale;
use std::fmt::{self, Write as _};

mod flow;
mod lines;
mod nacl;
mod route;
mod services;

use lines::Details;
pub use lines::{LineKind, TraceLine};

impl Trace {
    /// The deciding step, when it was recorded.
    pub fn deciding_step(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.number == self.deciding)
    }

    /// One line: the verdict and the deciding step.
    pub fn summary(&self) -> String {
        let verdict = if self.allowed { "allow" } else { "deny" };
        let a = &self.asked;
        let mut out = match &self.flow {
            Some(f) => format!(
                "{verdict} flow {} {}: {} {} -> {}",
                f.name, f.leg, a.packet, a.from, a.to
            ),
            None => format!("{verdict} {} {} -> {}", a.packet, a.from, a.to),
        };
        let Some(step) = self.deciding_step() else {
            return out;
        };
        if self.allowed {
            let _ = write!(out, " ({})", step.reason());
        } else {
            // A flow's packet goes one way only: its title already says which.
            let leg = if step.leg == Leg::Reply && self.flow.is_none() {
                "reply: "
            } else {
                ""
            };
            let _ = write!(out, ": {leg}{}", step.reason());
            if let Some(code) = step.code {
                let _ = write!(out, " [{code}]");
            }
        }
        out
    }
}

impl Step {
    /// Why this step allowed or denied, in a few words (the summary's tail).
    pub fn reason(&self) -> String {
        match &self.kind {
            StepKind::Missing { eni } => format!("network interface {eni} no longer exists"),
            StepKind::Stopped { name, .. } => format!("{name} is stopped"),
            StepKind::NoAddress { eni, wanted, .. } => format!("{} has no {wanted}", eni.name),
            StepKind::NotFiltered { addr, service } => {
                format!("{service} at {addr} is not filtered")
            }
            StepKind::SameHost { .. } => "same host: not filtered".to_string(),
            StepKind::Flow(f) => f.reason(),
            StepKind::Groups(g) => g.reason(self.allowed),
            StepKind::Nacl(n) => n.reason(self.allowed),
            StepKind::Route(r) => match &r.problem {
                Some(p) => p.to_string(),
                None => format!("route: {}", r.hop),
            },
            StepKind::CacheGroups(c) => c.reason(),
        }
    }

    fn title(&self) -> String {
        match &self.kind {
            StepKind::Missing { .. } => "network interface".to_string(),
            StepKind::Stopped {
                role,
                instance,
                name,
                ..
            } => format!("{role} instance {instance} ({name})"),
            StepKind::NoAddress { role, eni, .. } => format!("{role} address, {eni}"),
            StepKind::NotFiltered { .. } => "service address".to_string(),
            StepKind::SameHost { eni, .. } => format!("same host, {eni}"),
            StepKind::Flow(f) => format!("flow {}", f.name),
            StepKind::Groups(g) => {
                format!("security groups of {}, {}", g.eni, g.direction.as_str())
            }
            StepKind::Nacl(n) => format!(
                "network ACL {} ({}) of subnet {}, {}",
                n.acl, n.name, n.subnet, n.direction
            ),
            StepKind::Route(r) => format!("route: {}", r.hop),
            StepKind::CacheGroups(c) => format!(
                "cache security groups of cache cluster {} at {}, ingress",
                c.cluster, c.eni
            ),
        }
    }

    /// The lines under the title; `complete` when every rule looked at was recorded.
    fn details(&self, complete: bool, out: &mut Details) {
        match &self.kind {
            StepKind::Missing { .. }
            | StepKind::Stopped { .. }
            | StepKind::NoAddress { .. }
            | StepKind::NotFiltered { .. } => out.push(self.reason()),
            StepKind::SameHost { addr, .. } => out.push(format!(
                "{addr} is the interface's own address: the packet never leaves the host and is \
                 not filtered"
            )),
            StepKind::Flow(f) => f.details(out),
            StepKind::Groups(g) => g.details(self.leg, complete, out),
            StepKind::Nacl(n) => n.details(out),
            StepKind::Route(r) => {
                if let Some(p) = &r.problem {
                    out.push(p.to_string());
                }
            }
            StepKind::CacheGroups(c) => c.details(complete, out),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Source => "source",
            Role::Destination => "destination",
        })
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Wanted::PublicIpv4 => "public IPv4 address",
            Wanted::Ipv6 => "IPv6 address",
        })
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::AmazonDns => "Amazon DNS",
            Service::InstanceMetadata => "instance metadata",
            Service::TimeSync => "Amazon Time Sync",
        })
    }
}

impl fmt::Display for EniLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.name)
    }
}

impl fmt::Display for GroupLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.id, self.name)
    }
}

impl fmt::Display for AclDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AclDirection::Inbound => "inbound",
            AclDirection::Outbound => "outbound",
        })
    }
}

fn names(groups: &[GroupLabel]) -> String {
    let list: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    list.join(", ")
}

impl GroupsStep {
    fn reason(&self, allowed: bool) -> String {
        let by_rules = self.rules_reason(allowed);
        match &self.how {
            GroupsHow::Expired(e) => format!(
                "{by_rules} (the entry of flow {} timed out after {} idle)",
                e.flow,
                Secs(e.timeout)
            ),
            _ => by_rules,
        }
    }

    fn rules_reason(&self, allowed: bool) -> String {
        let dir = self.direction.as_str();
        match (&self.how, &self.allowed_by) {
            (GroupsHow::ClassicEgress, _) => "EC2-Classic groups allow all outbound".to_string(),
            (GroupsHow::Tracked(_), _) => format!("{dir} by connection tracking"),
            (GroupsHow::Entry(e), _) => format!(
                "{dir} by the connection tracking entry of flow {}, idle {} of {}",
                e.flow,
                Secs(e.idle),
                Secs(e.timeout)
            ),
            (_, Some(r)) if allowed => {
                let to = if r.direction == Direction::Ingress {
                    "from"
                } else {
                    "to"
                };
                let peer = match &r.peer_name {
                    Some(name) if *name != r.peer.to_string() => format!("{name} ({})", r.peer),
                    _ => r.peer.to_string(),
                };
                format!("{dir} {} of {} {to} {peer}", r.rule, r.group.name)
            }
            _ if self.groups.is_empty() => format!("no {dir} rule: the interface has no groups"),
            _ => format!("no {dir} rule of {} allows it", names(&self.groups)),
        }
    }

    fn details(&self, leg: Leg, complete: bool, out: &mut Details) {
        if !self.groups.is_empty() {
            let list: Vec<String> = self.groups.iter().map(|g| g.to_string()).collect();
            out.push(format!("groups: {}", list.join(", ")));
        }
        match &self.how {
            GroupsHow::Rules => {}
            GroupsHow::ClassicEgress => out.push(
                "EC2-Classic groups have no egress rules: all outbound traffic is allowed"
                    .to_string(),
            ),
            GroupsHow::Tracked(entry) => out.push(format!(
                "connection tracking: reply of the tracked connection {} at {} (opened at step {})",
                entry.request, entry.eni, entry.opened_at
            )),
            GroupsHow::Untracked(u) => {
                // A reply passes this interface the other way from its request.
                let request_in = match (leg, self.direction) {
                    (Leg::Request, d) => d == Direction::Ingress,
                    (Leg::Reply, d) => d == Direction::Egress,
                };
                let to = if request_in { "from" } else { "to" };
                let what = match leg {
                    Leg::Request => "request",
                    Leg::Reply => "reply",
                };
                out.push(format!(
                    "no connection tracking: the flow is untracked ({} allowed the request {to} {} \
                     and {} of {} allows every port back), so the {} rules decide the {what}",
                    u.request_rule,
                    u.request_peer,
                    u.other_rule,
                    u.other_group,
                    self.direction.as_str()
                ));
            }
            GroupsHow::Entry(e) => out.push(format!(
                "connection tracking: the entry of flow {} at {}, idle {} of {}, lets it pass \
                 whatever the rules say",
                e.flow,
                e.eni,
                Secs(e.idle),
                Secs(e.timeout)
            )),
            GroupsHow::Expired(e) => out.push(format!(
                "no connection tracking: the entry of flow {} at {} timed out (idle {}, timeout \
                 {}), so the {} rules decide, as for a new packet",
                e.flow,
                e.eni,
                Secs(e.idle),
                Secs(e.timeout),
                self.direction.as_str()
            )),
        }
        let rules: Vec<&RuleCheck> = if self.rules.is_empty() {
            self.allowed_by.iter().collect()
        } else {
            self.rules.iter().collect()
        };
        let rows: Vec<([String; 4], LineKind)> = rules
            .iter()
            .map(|r| {
                let to = if r.direction == Direction::Ingress {
                    "from"
                } else {
                    "to"
                };
                let peer = r.peer_shown();
                let row = [
                    r.group.name.clone(),
                    r.rule.to_string(),
                    format!("{} {} {to} {peer}", r.direction.as_str(), r.proto),
                    verdict_text(r.verdict, &peer),
                ];
                (row, verdict_kind(r.verdict))
            })
            .collect();
        push_table(out, &rows);
        let judged_by_rules = matches!(
            self.how,
            GroupsHow::Rules | GroupsHow::Untracked(_) | GroupsHow::Expired(_)
        );
        if judged_by_rules && self.allowed_by.is_none() && complete {
            out.push(if self.rules.is_empty() {
                format!(
                    "the groups have no {} rules: nothing is allowed",
                    self.direction.as_str()
                )
            } else {
                "no rule matches: security groups deny what no rule allows".to_string()
            });
        }
    }
}

/// Aligns rows of four columns under each other; each row's kind says whether its rule matched.
fn push_table(out: &mut Details, rows: &[([String; 4], LineKind)]) {
    let mut width = [0usize; 3];
    for (row, _) in rows {
        for (w, cell) in width.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for (row, kind) in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i < 3 {
                // Padded by hand: `{:<w$}` panics past a width of 65,535.
                line.push_str(cell);
                let n = width[i].saturating_sub(cell.chars().count()) + 2;
                line.extend(std::iter::repeat_n(' ', n));
            } else {
                line.push_str(cell);
            }
        }
        out.rule(line.trim_end().to_string(), *kind);
    }
}

/// Whether a rule's verdict is a match, as a line kind.
fn verdict_kind(v: RuleVerdict) -> LineKind {
    match v {
        RuleVerdict::Match(_) => LineKind::Match,
        RuleVerdict::Miss(_) => LineKind::Miss,
    }
}

/// `peer` is the rule's peer as shown (`sg-… (app)`, `0.0.0.0/0`).
fn verdict_text(v: RuleVerdict, peer: &str) -> String {
    let word = match v {
        RuleVerdict::Match(_) => "match",
        RuleVerdict::Miss(_) => "no",
    };
    format!("{word}: {}", rule_reason(v, peer))
}

/// Why a rule or an entry matched or not, in words (`10.0.1.5 is in 10.0.0.0/8`); `peer` is
/// its peer as shown.
pub fn rule_reason(v: RuleVerdict, peer: &str) -> String {
    match v {
        RuleVerdict::Match(why) => match why {
            Why::InCidr(a) => format!("{a} is in {peer}"),
            Why::AnyHost => format!("{peer} covers any host"),
            Why::Member(a) => format!("{a} is in {peer}"),
            Why::InEntry(a, net) => format!("{a} is in {net}, an entry of {peer}"),
        },
        RuleVerdict::Miss(miss) => miss_text(miss, peer),
    }
}

impl RuleCheck {
    /// The rule's peer as a trace shows it (`sg-… (app)`, `0.0.0.0/0`).
    pub fn peer_shown(&self) -> String {
        match &self.peer_name {
            Some(n) => format!("{} ({n})", self.peer),
            None => self.peer.to_string(),
        }
    }
}

fn miss_text(miss: Miss, peer: &str) -> String {
    match miss {
        Miss::Protocol => "another protocol".to_string(),
        Miss::Port(p) => format!("port {p} is outside the rule's ports"),
        Miss::Icmp(t, c) => format!("icmp {t}:{c} is outside the rule's types"),
        Miss::Family if peer.contains(':') => {
            "an IPv6 CIDR never matches an IPv4 packet".to_string()
        }
        Miss::Family => "an IPv4 CIDR never matches an IPv6 packet".to_string(),
        Miss::NotInCidr(a) => format!("{a} is not in {peer}"),
        Miss::ListFamily(f) => format!("an {f} prefix list never matches an {} packet", f.other()),
        Miss::NotInList(a) => format!("{a} is in no entry of {peer}"),
        Miss::ListGone => format!("the prefix list {peer} no longer exists"),
        Miss::UnknownHost => {
            "an internet host's address is unknown: only /0 is sure to cover it".to_string()
        }
        Miss::NotMember(a) => format!("{a} is not a member of {peer}"),
        Miss::PublicAddress(a) => {
            format!("{a} is a public address: group references match private addresses only")
        }
        Miss::OtherNetwork(a) => format!(
            "{a} is in another network: group references match this VPC and same-region peered \
             VPCs only"
        ),
        Miss::InterRegion(a) => format!(
            "{a} is across an inter-region peering: group references do not reach across regions"
        ),
        Miss::Stale(Stale::GroupDeleted) => {
            "stale rule: the referenced group was deleted, so it matches nothing".to_string()
        }
        Miss::Stale(Stale::NoPeering) => format!(
            "stale rule: no peering joins this VPC with the VPC of {peer} any more, so it \
             matches nothing"
        ),
        Miss::NotAnInterface(a) => format!("{a} is not a network interface in any group"),
    }
}
