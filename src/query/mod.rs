//! The query layer: every question asked of the world, answered as data. A probe's endpoints are
//! resolved here into a concrete packet (a [`Question`]); the data plane decides that one packet
//! ([`dataplane::decide`]); the reach grid asks the same question of every pair of a VPC's
//! instances; `show` lists the world's objects as lines and tables of cells ([`Shown`]).
//!
//! A question changes nothing (no control plane here) and prints nothing (rendering is the
//! render module's, and the shells reach this layer only through the session). Resolution reads
//! the world once, when the question is asked; deciding reads it again, so a resolved question can
//! be asked of several worlds.

pub mod diff;
mod endpoint;
pub mod lint;
pub mod reach;
mod services;
mod show;
pub mod shown;
pub mod who;
pub mod why;

pub use lint::{Finding, Lint, Severity, lint};
pub use reach::{Reach, ReachGrid, ReachHost};
// The answers' own types: a trace and its steps, as the renderers read them.
pub use crate::dataplane::{
    AclDirection, GroupsHow, Hop, Leg, LineKind, Role, RuleCheck, Step, StepKind, Trace, TraceLine,
    rule_reason,
};
pub use show::show;
pub use shown::{Block, Shown, Table};

use crate::dataplane::{self, Detail, Question};
use crate::vocab::{Diagnostic, Probe};
use crate::world::World;

/// Resolves a probe's packet and endpoints against the world.
pub fn resolve(world: &World, probe: &Probe) -> Result<Question, Diagnostic> {
    let packet = dataplane::from_perm(&probe.packet, probe.sport.as_ref())?;
    let from = endpoint::resolve(world, &probe.from)?;
    let to = endpoint::resolve(world, &probe.to)?;
    let handles = [from.handle, to.handle];
    let (from, from_label, to, to_label) = (from.end, from.label, to.end, to.label);
    if !from.is_eni() && !to.is_eni() {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            "neither endpoint is a network interface: sgs decides packets to or from AWS",
        )
        .at(probe.from.span.to(probe.to.span))
        .help("name an instance or a network interface at one end"));
    }
    let family = endpoint::family(&from, &to, packet, probe)?;
    endpoint::check_via(world, &to, probe.via.as_ref())?;
    Ok(Question {
        packet,
        family,
        from,
        to,
        via: probe.via.as_ref().map(|v| v.node),
        from_label,
        to_label,
        handles,
    })
}

/// Resolves a probe and decides it: `probe` (the verdict) and `trace` (every step).
pub fn probe(world: &World, probe: &Probe, detail: Detail) -> Result<Trace, Diagnostic> {
    let q = resolve(world, probe)?;
    Ok(dataplane::decide_owned(world, q, detail))
}
