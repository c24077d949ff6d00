//! Flows: the connections `connect` opened, kept by the session with the clock (AWS-SEMANTICS §9
//! and §10).
//!
//! A flow remembers its first packet and endpoints (a resolved question), how each interface at
//! its ends treats it (tracked, or untracked and by which two rules), when its last packet
//! passed and how many passed each way. From these and the clock follow its idle time and its
//! timeout: TCP 5 days, UDP 30 s (180 s once it is a stream: more than one request and more than
//! one reply), ICMP 30 s (a sandbox choice), other protocols 600 s. An interface's entry lives
//! while the idle time is less than the timeout.
//!
//! Judging a packet is the data plane's (`dataplane::decide_flow`); this module keeps the table
//! and changes it:
//! - `connect` opens a flow when the first packet and its reply pass, else `ConnectionDenied`
//!   with the deciding step;
//! - `send` sends the next packet one way: when it passes, the idle timer starts again; when it is
//!   denied, it prints the verdict and its deciding step (it is not an error), and nothing
//!   changes;
//! - `close` forgets a flow;
//! - after every change to the world, `after_change` cuts the flows that change breaks: a rule
//!   that let the flow pass untracked removed or no longer on the interface (changing a rule's
//!   description changes nothing a packet meets, and cuts nothing), an endpoint stopped or
//!   deleted, an endpoint's public address changed under the flow. Removing or changing the rules
//!   of a tracked flow cuts nothing: its entries pass its packets until they idle out. A network
//!   ACL change cuts nothing either: NACLs keep no state, so the entries as they stand judge each
//!   packet, and a flow whose packets an entry denies passes again once it is replaced or removed.
//!
//! A cut flow stays listed (so `expect deny flow …` can say why) until `close`.

mod cuts;
mod flow;
mod table;

pub use flow::Flow;
pub use table::{FlowRow, FlowState};

use crate::dataplane::{self, Addr, Crossing, Cut, Detail, End, Leg, Question, Role, Secs, Trace};
use crate::lang::ast::{Command, FlowLeg, FlowPacket, Probe, Span, Spanned, Via};
use crate::lang::error::Diagnostic;
use crate::lang::suggest::did_you_mean;
use crate::world::World;
use crate::world::proto::Family;
use std::fmt::Write as _;
use std::net::IpAddr;

/// The session's flows, in the order they were opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flows {
    list: Vec<Flow>,
}

fn leg_of(leg: FlowLeg) -> Leg {
    match leg {
        FlowLeg::Request => Leg::Request,
        FlowLeg::Reply => Leg::Reply,
    }
}

/// A packet as a probe writes it (`tcp 22`, `icmp echo-request`, `50`).
fn packet_words(q: &Question) -> String {
    match q.packet {
        dataplane::Packet::Other(n) => n.to_string(),
        p => p.to_string(),
    }
}

/// The `trace` line that shows every step of the question's packet.
fn trace_line(q: &Question) -> String {
    let mut line = format!(
        "trace {} from {} to {}",
        packet_words(q),
        endpoint(&q.from_label),
        endpoint(&q.to_label)
    );
    match q.via {
        Some(crate::lang::ast::Via::Public) => line.push_str(" via public"),
        Some(crate::lang::ast::Via::Private) => line.push_str(" via private"),
        None => {}
    }
    if let dataplane::Packet::Tcp { sport, .. } | dataplane::Packet::Udp { sport, .. } = q.packet
        && sport != dataplane::EPHEMERAL_PORT
    {
        let _ = write!(line, " sport {sport}");
    }
    line
}

/// A name as the language writes it: bare when it can be, else quoted.
fn quoted(name: &str) -> String {
    written(name, false)
}

/// An endpoint as written: a reference may hold a `/` (`prod/web-1`).
fn endpoint(label: &str) -> String {
    written(label, true)
}

fn written(name: &str, slash: bool) -> String {
    let bare = !name.starts_with('#')
        && !name.is_empty()
        && name
            .chars()
            .all(|c| crate::lang::parse::bare_char(c) || (c == '#') || (slash && c == '/'));
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `ConnectionDenied`: what was denied, at which step and why.
fn denied(what: &str, trace: &Trace, span: Span, help: String) -> Diagnostic {
    let (message, label) = match trace.deciding_step() {
        Some(step) => {
            let leg = if step.leg == Leg::Reply && trace.flow.is_none() {
                "its reply: "
            } else {
                ""
            };
            let mut message = format!(
                "{what} is denied at step {}: {leg}{}",
                step.number,
                step.reason()
            );
            if let Some(code) = step.code {
                let _ = write!(message, " [{code}]");
            }
            (message, format!("denied at step {}", step.number))
        }
        None => (format!("{what} is denied"), "denied".to_string()),
    };
    Diagnostic::new("ConnectionDenied", message)
        .at(span)
        .label(label)
        .help(help)
}

impl Flows {
    pub fn iter(&self) -> impl Iterator<Item = &Flow> {
        self.list.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn get(&self, name: &str) -> Option<&Flow> {
        self.list.iter().find(|f| f.name == name)
    }

    /// The flow a command names, or `InvalidFlow.NotFound`.
    fn find(&self, name: &Spanned<String>) -> Result<usize, Diagnostic> {
        if let Some(k) = self.list.iter().position(|f| f.name == name.node) {
            return Ok(k);
        }
        let names: Vec<&str> = self.list.iter().map(|f| f.name.as_str()).collect();
        let help = match did_you_mean(&name.node, names.iter().copied()) {
            Some(best) => format!("did you mean {best}?"),
            None if names.is_empty() => {
                "no flow is open: connect <packet> from A to B as NAME opens one".to_string()
            }
            None => format!("the flows are {}", names.join(", ")),
        };
        Err(Diagnostic::new(
            "InvalidFlow.NotFound",
            format!("The flow '{}' does not exist", name.node),
        )
        .at(name.span)
        .label("no flow has this name")
        .help(help))
    }

    /// `connect <probe> as NAME`: opens the flow when its first packet and its reply pass.
    pub fn connect(
        &mut self,
        world: &World,
        now: u64,
        probe: &Probe,
        name: &Spanned<String>,
    ) -> Result<String, Diagnostic> {
        if name.node.is_empty() {
            return Err(
                Diagnostic::new("InvalidParameterValue", "A flow needs a name")
                    .at(name.span)
                    .help("connect tcp 22 from A to B as ssh"),
            );
        }
        crate::control::validate::text_length(name, "flow name")?;
        if self.get(&name.node).is_some() {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!("A flow named '{}' is already open", name.node),
            )
            .at(name.span)
            .label("taken")
            .help(format!(
                "close {} first, or give this flow another name",
                quoted(&name.node)
            )));
        }
        let q = crate::query::resolve(world, probe)?;
        if q.packet.reply().is_none() {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!(
                    "{} is a lone packet: it has no reply, so it opens no flow",
                    q.packet
                ),
            )
            .at(probe.packet.span)
            .help(
                "connect with a packet that is answered: tcp, udp, an ICMP query such as \
                 echo-request, or a protocol number",
            ));
        }
        let (trace, tracks) = dataplane::open(world, &q);
        if !trace.allowed {
            let what = format!(
                "the connection {} {} -> {}",
                q.packet, q.from_label, q.to_label
            );
            let span = probe.packet.span.to(probe.to.span);
            return Err(denied(
                &what,
                &trace,
                span,
                format!("see every step: {}", trace_line(&q)),
            ));
        }
        let end = |role: Role| tracks.iter().find(|t| t.role == role).cloned();
        let route = dataplane::crossing(world, &q);
        let q = pinned(world, q, route.as_ref());
        let flow = Flow {
            name: name.node.clone(),
            src: end(Role::Source),
            dst: end(Role::Destination),
            route,
            q,
            opened_at: now,
            last_seen: now,
            requests: 1,
            replies: 1,
            cut: None,
        };
        let timeout = if flow.is_tracked() {
            format!("its entries idle out after {}", Secs(flow.timeout()))
        } else {
            "no entry, so no idle timeout".to_string()
        };
        let message = format!(
            "ok: opened flow {}, {}: {}; {timeout}",
            flow.name,
            flow.describe(),
            flow.tracking_words(),
        );
        self.list.push(flow);
        Ok(message)
    }

    /// `send NAME request|reply`: the flow's next packet that way, now. Returns what to print, and
    /// whether the packet passed: a denied packet changes nothing, and is not an error.
    pub fn send(
        &mut self,
        world: &World,
        now: u64,
        packet: &FlowPacket,
    ) -> Result<(String, bool), Diagnostic> {
        let k = self.find(&packet.flow)?;
        let leg = leg_of(packet.leg.node);
        let Some(flow) = self.list.get_mut(k) else {
            return Err(Diagnostic::new("InvalidFlow.NotFound", "no such flow"));
        };
        let trace = flow.judge(world, now, leg, Detail::Verdict);
        let name = quoted(&flow.name);
        if !trace.allowed {
            let mut message = format!("denied: the {leg} of flow {}", flow.name);
            if let Some(step) = trace.deciding_step() {
                let words = match &step.kind {
                    dataplane::StepKind::Nacl(n) => {
                        format!("{} (subnet {})", n.entry_words(), n.subnet)
                    }
                    _ => step.reason(),
                };
                let _ = write!(message, ", at step {}: {words}", step.number);
                if let Some(code) = step.code {
                    let _ = write!(message, " [{code}]");
                }
            }
            if flow.cut.is_some() {
                let _ = write!(
                    message,
                    "; a cut flow is dead: close {name}, then connect again"
                );
            } else {
                let _ = write!(message, "; see every step: trace flow {name} {leg}");
            }
            return Ok((message, false));
        }
        let was_stream = flow.is_stream();
        flow.last_seen = now;
        match leg {
            Leg::Request => flow.requests = flow.requests.saturating_add(1),
            Leg::Reply => flow.replies = flow.replies.saturating_add(1),
        }
        let mut message = format!("ok: sent the {leg} of flow {}", flow.name);
        if let Some(step) = trace.deciding_step() {
            let _ = write!(message, " ({})", step.reason());
        }
        if flow.is_tracked() {
            let _ = write!(message, "; idle timer reset");
        }
        if flow.is_stream() && !was_stream && matches!(flow.q.packet, dataplane::Packet::Udp { .. })
        {
            let _ = write!(
                message,
                "; now a UDP stream, its entries idle out after {}",
                Secs(flow.timeout())
            );
        }
        Ok((message, true))
    }

    /// `trace flow NAME request|reply`, and `expect allow|deny flow …`: the next packet's trace.
    pub fn trace(
        &self,
        world: &World,
        now: u64,
        packet: &FlowPacket,
        detail: Detail,
    ) -> Result<Trace, Diagnostic> {
        let k = self.find(&packet.flow)?;
        let flow = self
            .list
            .get(k)
            .ok_or_else(|| Diagnostic::new("InvalidFlow.NotFound", "no such flow"))?;
        Ok(flow.judge(world, now, leg_of(packet.leg.node), detail))
    }

    /// `close NAME`.
    pub fn close(&mut self, name: &Spanned<String>) -> Result<String, Diagnostic> {
        let k = self.find(name)?;
        let flow = self.list.remove(k);
        Ok(format!("ok: closed flow {}", flow.name))
    }

    /// The flows whose tracking entries timed out between `before` and `after`.
    pub fn timed_out_between(&self, before: u64, after: u64) -> Vec<&str> {
        self.list
            .iter()
            .filter(|f| f.cut.is_none() && !f.timed_out(before) && f.timed_out(after))
            .map(|f| f.name.as_str())
            .collect()
    }

    /// Cuts the flows that the change `cmd` (already applied to `world`) breaks.
    pub fn after_change(&mut self, world: &World, cmd: &Command, now: u64) {
        if self.list.iter().all(|f| f.cut.is_some()) {
            return;
        }
        let moved = cuts::moved_address(world, cmd);
        for flow in self.list.iter_mut().filter(|f| f.cut.is_none()) {
            if let Some(why) = cuts::cut_by(flow, world, &moved) {
                flow.cut = Some(Cut { at: now, why });
            }
        }
    }
}

/// The question with the destination's address pinned: a flow's packets keep going to the
/// address its first packet went to (private or public), whatever routes change later.
fn pinned(world: &World, mut q: Question, route: Option<&Crossing>) -> Question {
    if q.via.is_some() || q.family != Family::V4 {
        return q;
    }
    if let (End::Eni { id, .. }, Some(route)) = (&q.to, route)
        && let Some(eni) = world.enis.get(id)
    {
        let private = route.sent.dst == Addr::Ip(IpAddr::V4(eni.private_ip));
        q.via = Some(if private { Via::Private } else { Via::Public });
    }
    q
}
