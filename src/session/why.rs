//! `why`: the session runs the loop that finds each gate and checks the fix. Each round decides
//! the probe on a copy of the world; its deciding step is a gate (`query::why::gate`), whose
//! change is parsed and applied to the copy by the control plane, exactly as its sgs line would
//! be run, until the probe passes or a gate has no change. The world itself never changes. What
//! else the fix opens is then asked of the world and the copy (`query::why::also_opens`).

use super::Session;
use crate::control;
use crate::lang::parse_command;
use crate::query::why::{self, Fix, Why};
use crate::vocab::{Diagnostic, Probe};

/// At most this many gates: request and reply, each with groups, ACLs and a route, and what to
/// create before them.
const ROUNDS: usize = 12;

impl Session {
    /// Answers `why <probe>`.
    pub(super) fn why(&self, probe: &Probe) -> Result<Why, Diagnostic> {
        let world = &self.state.world;
        let q = why::question(world, probe)?;
        let first = why::trace(world, &q);
        let mut answer = Why {
            asked: why::asked(&first),
            packet: first.asked.packet.to_string(),
            allowed: first.allowed,
            blocking: Vec::new(),
            passing: Vec::new(),
            fix: Fix::default(),
            fixed: first.allowed,
            refused: None,
            also_opens: Vec::new(),
        };
        if first.allowed {
            answer.passing = why::passing(&first);
            return Ok(answer);
        }
        let mut patched = world.clone();
        let mut changes = Vec::new();
        let mut trace = first;
        for _ in 0..ROUNDS {
            let Some(gate) = why::gate(&patched, &q, &trace) else {
                break;
            };
            let change = gate.change.clone();
            answer.blocking.push(gate);
            let Some(change) = change else { break };
            let line = change.sgs();
            let applied = parse_command(&line).and_then(|cmd| match cmd {
                Some(cmd) => control::apply(&mut patched, &cmd.node),
                None => Err(Diagnostic::syntax("an empty fix line")),
            });
            if let Err(e) = applied {
                answer.refused = Some(e);
                break;
            }
            patched.sync_compiled();
            changes.push(change);
            trace = why::trace(&patched, &q);
            if trace.allowed {
                break;
            }
        }
        answer.fixed = trace.allowed;
        if !changes.is_empty() {
            answer.also_opens = why::also_opens(world, &patched, &q, &changes);
        }
        answer.fix = Fix::of(changes);
        Ok(answer)
    }
}
