//! The path strip: a trace as the gates a packet passes, for a picture over the trace. The
//! request goes left to right (source, its egress groups, its subnet's network ACL outbound,
//! the route, the far subnet's ACL inbound, the destination's ingress groups, destination), the
//! reply right to left through the same places (the destination's egress groups, its ACL
//! outbound, the route, the source's ACL inbound, the source's ingress groups). Each gate is
//! passed (✓) or refused (✗) with the rule or entry that decided, not reached (after a denial),
//! or not on this path (no network ACL within one subnet). Built from the trace's steps as data;
//! nothing here reads text back.

use crate::query::{AclDirection, GroupsHow, Hop, Leg, Role, Step, StepKind, Trace};
use crate::vocab::Direction;

/// The places across the strip, left to right.
pub const COLUMNS: usize = 7;
const SRC: usize = 0;
const GROUPS_SRC: usize = 1;
const ACL_SRC: usize = 2;
const ROUTE: usize = 3;
const ACL_DST: usize = 4;
const GROUPS_DST: usize = 5;
const DST: usize = 6;

/// How a gate went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Pass,
    Fail,
    /// An earlier gate refused the packet.
    NotReached,
    /// This path has no such gate.
    NotOnPath,
}

impl Mark {
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Pass => "✓",
            Mark::Fail => "✗",
            Mark::NotReached => "·",
            Mark::NotOnPath => "–",
        }
    }
}

/// One gate of one leg: how it went and the rule, entry or route that decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    pub mark: Mark,
    pub rule: String,
    /// The trace's step (its number), when one decided here.
    pub step: Option<usize>,
}

impl Gate {
    fn empty() -> Gate {
        Gate {
            mark: Mark::NotOnPath,
            rule: String::new(),
            step: None,
        }
    }
}

/// The strip: the column heads, the request's gates and the reply's, and why it ended as it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStrip {
    pub heads: [String; COLUMNS],
    pub request: [Gate; COLUMNS],
    pub reply: [Gate; COLUMNS],
    pub allowed: bool,
    /// The deciding step in words: `request step 7: no rule allows …`.
    pub deciding: Option<String>,
}

/// The column a step's gate is drawn in.
fn column(step: &Step) -> usize {
    let request = step.leg == Leg::Request;
    let near = |near_side: bool, src: usize, dst: usize| if near_side { src } else { dst };
    match &step.kind {
        StepKind::Groups(g) => near(
            (g.direction == Direction::Egress) == request,
            GROUPS_SRC,
            GROUPS_DST,
        ),
        StepKind::Nacl(n) => near(
            (n.direction == AclDirection::Outbound) == request,
            ACL_SRC,
            ACL_DST,
        ),
        StepKind::Route(_) => ROUTE,
        StepKind::CacheGroups(_) => near(!request, GROUPS_SRC, GROUPS_DST),
        StepKind::Flow(_) => near(!request, GROUPS_SRC, GROUPS_DST),
        StepKind::Stopped { role, .. } | StepKind::NoAddress { role, .. } => {
            near(*role == Role::Source, SRC, DST)
        }
        StepKind::Missing { .. } => SRC,
        StepKind::NotFiltered { .. } | StepKind::SameHost { .. } => DST,
    }
}

/// The rule, entry or route that decided a gate, in a few words.
fn rule(step: &Step) -> String {
    match &step.kind {
        StepKind::Groups(g) => match (&g.allowed_by, &g.how) {
            (Some(r), _) => {
                let peer = r.peer_name.clone().unwrap_or_else(|| r.peer.to_string());
                format!("{} {peer}", r.proto)
            }
            (None, GroupsHow::Tracked(_)) => "tracked".to_string(),
            (None, GroupsHow::ClassicEgress) => "classic".to_string(),
            (None, GroupsHow::Entry(_)) => "flow entry".to_string(),
            (None, _) => "no rule".to_string(),
        },
        StepKind::Nacl(n) => match &n.decided_by {
            // The mark says whether the entry allows; the rule is its number.
            Some(e) => e
                .number
                .map_or("entry *".to_string(), |n| format!("entry {n}")),
            None => "no entry".to_string(),
        },
        StepKind::Route(r) => match (&r.problem, &r.hop) {
            (Some(_), _) => "no route".to_string(),
            (None, Hop::SameSubnet { .. }) => "same subnet".to_string(),
            (None, Hop::Local { .. }) => "local".to_string(),
            (None, Hop::Classic) => "classic".to_string(),
            (None, Hop::Internet { .. }) => "igw".to_string(),
            (None, Hop::Unrouted { .. }) => "no route".to_string(),
            (None, Hop::Peering { name, .. }) => format!("pcx {name}"),
        },
        StepKind::CacheGroups(c) => match &c.allowed_by {
            Some(a) => format!("{} {}", a.cache_group, a.ec2_group),
            None => "not authorized".to_string(),
        },
        StepKind::Flow(f) => format!("flow {}", f.name),
        StepKind::Stopped { .. } => "stopped".to_string(),
        StepKind::NoAddress { .. } => "no address".to_string(),
        StepKind::Missing { .. } => "gone".to_string(),
        StepKind::NotFiltered { .. } => "not filtered".to_string(),
        StepKind::SameHost { .. } => "same host".to_string(),
    }
}

/// The order a leg passes the columns in.
fn order(leg: Leg) -> [usize; COLUMNS] {
    match leg {
        Leg::Request => [SRC, GROUPS_SRC, ACL_SRC, ROUTE, ACL_DST, GROUPS_DST, DST],
        Leg::Reply => [DST, GROUPS_DST, ACL_DST, ROUTE, ACL_SRC, GROUPS_SRC, SRC],
    }
}

/// One leg's gates from its steps; `reached` is false when the leg never started (the request
/// was refused).
fn leg(trace: &Trace, which: Leg, reached: bool) -> [Gate; COLUMNS] {
    let mut gates: [Gate; COLUMNS] = std::array::from_fn(|_| Gate::empty());
    for step in trace.steps.iter().filter(|s| s.leg == which) {
        let at = column(step);
        // A refusal stays shown over a pass at the same place.
        if gates[at].mark == Mark::Fail {
            continue;
        }
        gates[at] = Gate {
            mark: if step.allowed { Mark::Pass } else { Mark::Fail },
            rule: rule(step),
            step: Some(step.number),
        };
    }
    let order = order(which);
    let refused = order.iter().position(|c| gates[*c].mark == Mark::Fail);
    let (first, last) = (order[0], order[COLUMNS - 1]);
    if gates[first].step.is_none() && reached {
        gates[first] = Gate {
            mark: Mark::Pass,
            rule: match which {
                Leg::Request => "sends".to_string(),
                Leg::Reply => "replies".to_string(),
            },
            step: None,
        };
    }
    if gates[last].step.is_none() && reached && refused.is_none() {
        gates[last] = Gate {
            mark: Mark::Pass,
            rule: "gets it".to_string(),
            step: None,
        };
    }
    for (i, c) in order.iter().enumerate() {
        let after_refusal = refused.is_some_and(|r| i > r);
        if gates[*c].step.is_none()
            && gates[*c].mark == Mark::NotOnPath
            && (after_refusal || !reached)
        {
            gates[*c].mark = Mark::NotReached;
        }
    }
    gates
}

impl PathStrip {
    pub fn of(trace: &Trace) -> PathStrip {
        let request_ok = !trace
            .steps
            .iter()
            .any(|s| s.leg == Leg::Request && !s.allowed);
        let has_reply = trace.steps.iter().any(|s| s.leg == Leg::Reply) || trace.reply.is_some();
        let deciding = trace.deciding_step().map(|s| {
            let leg = match s.leg {
                Leg::Request => "request",
                Leg::Reply => "reply",
            };
            format!("{leg} step {}: {}", s.number, s.reason())
        });
        PathStrip {
            heads: [
                trace.asked.from.clone(),
                "groups".to_string(),
                "ACL".to_string(),
                "route".to_string(),
                "ACL".to_string(),
                "groups".to_string(),
                trace.asked.to.clone(),
            ],
            request: leg(trace, Leg::Request, true),
            reply: leg(trace, Leg::Reply, request_ok && has_reply),
            allowed: trace.allowed,
            deciding,
        }
    }
}
