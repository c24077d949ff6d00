//! `why <packet> from A to B`: every gate that blocks the probe, on both legs, each with
//! Reachability Analyzer's explanation code and the rules that came closest ([`gates`]); the
//! smallest fix, as sgs lines, AWS CLI commands and Terraform ([`fix`]); and what else the fix
//! opens ([`also_opens`]). When the probe passes, the rules that let it through on each leg.
//!
//! The gates are found one at a time: the data plane's deciding step is the first gate; its
//! change is applied to a copy of the world and the probe decided again, until it passes or a
//! gate no rule change opens. Applying a change is the control plane's work, so the session runs
//! that loop (a question changes nothing); this module reads each trace and chooses each change.

pub mod also_opens;
pub mod fix;
pub mod gates;

pub use also_opens::{also_opens, also_opens_by};
pub use fix::{Change, Fix};
pub use gates::{Closest, Gate, gate, join, new_group, rule_in};
// The question and its trace, as the session's loop passes them back.
pub use crate::dataplane::{Question, Trace};

use crate::dataplane::{self, Detail, Step, StepKind};
use crate::vocab::{Diagnostic, Probe};
use crate::world::World;

/// The answer of `why`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Why {
    /// The question as `probe` shows it: `tcp 3306 web-1 -> orders-db`.
    pub asked: String,
    /// The packet as a probe writes it: `tcp 3306`.
    pub packet: String,
    /// Whether the probe passes as the world stands.
    pub allowed: bool,
    /// The probe's full trace as the world stands (the TUI's trace pane shows its path).
    pub trace: Trace,
    /// The gates that block, in the order the packet meets them.
    pub blocking: Vec<Gate>,
    /// When the probe passes: the steps whose rules or entries let it through, both legs.
    pub passing: Vec<Step>,
    pub fix: Fix,
    /// Whether the fix, applied, makes the probe pass (checked on a copy of the world).
    pub fixed: bool,
    /// Why the fix stops short, when it does: a change the control plane refused.
    pub refused: Option<Diagnostic>,
    /// The other pairs the fix opens for this packet, `(from, to)`.
    pub also_opens: Vec<(String, String)>,
}

/// Resolves the probe of a `why`.
pub fn question(world: &World, probe: &Probe) -> Result<Question, Diagnostic> {
    super::resolve(world, probe)
}

/// The full trace of the question.
pub fn trace(world: &World, q: &Question) -> Trace {
    dataplane::decide(world, q, Detail::Full)
}

/// The question as a probe's summary writes it.
pub fn asked(trace: &Trace) -> String {
    let a = &trace.asked;
    format!("{} {} -> {}", a.packet, a.from, a.to)
}

/// The answer for a probe that passes: the steps that let it through by a rule or an entry.
pub fn passing(trace: &Trace) -> Vec<Step> {
    trace
        .steps
        .iter()
        .filter(|s| s.allowed)
        .filter(|s| match &s.kind {
            StepKind::Groups(g) => g.allowed_by.is_some(),
            StepKind::Nacl(n) => n.decided_by.is_some(),
            StepKind::CacheGroups(c) => c.allowed_by.is_some(),
            _ => false,
        })
        .cloned()
        .collect()
}
