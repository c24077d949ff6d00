//! The data plane (being written): does this packet pass, and why.

use crate::lang::ast::Probe;
use crate::lang::error::Diagnostic;
use crate::world::World;

/// How much of the decision to record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Only the verdict and the deciding step.
    Verdict,
    /// Every step and every rule looked at.
    Full,
}

/// A resolved probe: the packet and its two endpoints.
#[derive(Clone, Debug)]
pub struct Question;

/// The decision.
#[derive(Clone, Debug)]
pub struct Trace {
    pub allowed: bool,
}

impl Trace {
    /// One line: the verdict and the deciding step.
    pub fn summary(&self) -> String {
        String::new()
    }
}

impl std::fmt::Display for Trace {
    fn fmt(&self, _f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

/// Resolves a probe's packet and endpoints against the world.
pub fn resolve(_world: &World, probe: &Probe) -> Result<Question, Diagnostic> {
    Err(
        Diagnostic::new("NotImplemented", "the data plane is not written yet")
            .at(probe.packet.span),
    )
}

/// Decides the question.
pub fn decide(_world: &World, _q: &Question, _detail: Detail) -> Trace {
    Trace { allowed: false }
}
