//! `why`: the session runs the loop that finds each gate and checks the fix. Each round decides
//! the probe on a copy of the world; its deciding step is a gate (`query::why::gate`), whose
//! change is parsed and applied to the copy by the control plane, exactly as its sgs line would
//! be run, until the probe passes or a gate has no change. A rule that no group of the interface
//! has room for goes into a new group the interface joins. The world itself never changes. What
//! else the fix opens is then asked of the world and the copy (`query::why::also_opens`).

use super::Session;
use crate::control;
use crate::lang::parse_command;
use crate::query::why::{self, Change, Fix, Question, Trace, Why};
use crate::vocab::{Diagnostic, Probe, Ref, Span};
use crate::world::World;

/// At most this many gates: request and reply, each with groups, ACLs and a route, and what to
/// create before them.
const ROUNDS: usize = 12;

/// Runs a change's sgs line on `world`, as the user would.
fn apply(world: &mut World, change: &Change) -> Result<(), Diagnostic> {
    let line = change.sgs();
    match parse_command(&line)? {
        Some(cmd) => control::apply(world, &cmd.node).map(|_| ()),
        None => Err(Diagnostic::syntax("an empty fix line")),
    }
}

/// A new group for the gate's rule, the rule in it, and the interface joining it, applied to
/// `world` in that order. A refusal part way leaves a group nobody is in (it changes no verdict):
/// the loop stops there.
fn in_new_group(
    world: &mut World,
    q: &Question,
    trace: &Trace,
) -> Result<Option<Vec<Change>>, Diagnostic> {
    let Some(create) = why::new_group(world, q, trace) else {
        return Ok(None);
    };
    apply(world, &create)?;
    let Change::NewGroup { name, vpc, .. } = &create else {
        return Ok(None);
    };
    let r = Ref {
        qualifier: Some(vpc.to_string()),
        name: name.clone(),
        span: Span::default(),
    };
    let Ok(group) = world.resolve_group(&r, None).map(|g| g.id.clone()) else {
        return Ok(None);
    };
    let (Some(rule), Some(join)) = (
        why::rule_in(world, q, trace, &group),
        why::join(world, trace, &group),
    ) else {
        return Ok(None);
    };
    apply(world, &rule)?;
    apply(world, &join)?;
    Ok(Some(vec![create, rule, join]))
}

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
            trace: first.clone(),
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
        // The copy the fix is applied to, made when the first change is (a clone of a large
        // world costs tens of milliseconds).
        let mut patched: Option<World> = None;
        let mut changes = Vec::new();
        let mut trace = first;
        for _ in 0..ROUNDS {
            let current = patched.as_ref().unwrap_or(world);
            let Some(mut gate) = why::gate(current, &q, &trace) else {
                break;
            };
            let candidates = match &gate.change {
                Some(c) if gate.candidates.is_empty() => vec![c.clone()],
                _ => gate.candidates.clone(),
            };
            if candidates.is_empty() {
                answer.blocking.push(gate);
                break;
            }
            let copy = patched.get_or_insert_with(|| world.clone());
            let mut refused = None;
            let mut taken = None;
            for c in candidates {
                match apply(copy, &c) {
                    Ok(()) => {
                        taken = Some(vec![c]);
                        break;
                    }
                    Err(e) => refused = refused.or(Some(e)),
                }
            }
            if taken.is_none() {
                match in_new_group(copy, &q, &trace) {
                    Ok(made) => taken = made,
                    Err(e) => refused = Some(e),
                }
            }
            let Some(made) = taken else {
                gate.change = None;
                answer.blocking.push(gate);
                answer.refused = refused;
                break;
            };
            gate.change = made.last().cloned();
            answer.blocking.push(gate);
            // The copy keeps no undo record; its index is compiled again for what changed, so
            // the verdicts below take the compiled path.
            copy.forget_journal();
            copy.sync_compiled();
            changes.extend(made);
            trace = why::trace(copy, &q);
            if trace.allowed {
                break;
            }
        }
        answer.fixed = trace.allowed;
        if let (false, Some(after)) = (changes.is_empty(), &patched) {
            answer.also_opens = why::also_opens(world, after, &q, &changes);
        }
        answer.fix = Fix::of(changes);
        Ok(answer)
    }
}
