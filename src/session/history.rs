//! Undo and redo, in time that depends on what the step touched, not on the history's length
//! nor the world's size.
//!
//! Each step is kept with what takes it back (its [`Undo`]): the world's journal of the step
//! (the old value, or the inverse edit, of every map entry it wrote: see
//! [`crate::world::journal`]) and a copy of the few things that are not journaled: the list of
//! scopes, the id counter, the public address cursor, the managed services, the flows and the
//! clock. These are small (a world has a handful of scopes and services, a session a handful of
//! flows), so copying them costs microseconds while a copy of a whole 10,000-instance world
//! costs tens of milliseconds. Undoing plays the journal backwards and puts the copies back:
//! the world, the flows and the clock are exactly as before the step, maps and index included.
//! Redoing applies the command again in the context it ran in (the core is deterministic, so it
//! gives the same state, ids and all) and keeps its new journal.
//!
//! The history is a stack of segments: `load` and `reset` start a new one and keep the state
//! they replaced (moved, not copied), which undoing them puts back. Switching account or region
//! is no step (it changes no object), except the first use of one, which creates its default
//! VPC: each step is kept with the context it ran in, and undo leaves the context where the
//! user is, unless it undoes that first use.
//!
//! The cost of a step grows by its journal: a record per map entry written, holding the old
//! value (an instance, an interface; a whole group when rule descriptions change) or a small
//! inverse edit (rules appended or revoked, an interface added to or removed from a group's
//! members, a reference in the reverse index). On `sgs gen`'s default world (40,505 commands)
//! the history takes about 20 MB more than the commands alone, and an undo about a microsecond.

use super::{Clock, Flows, State};
use crate::control;
use crate::lang::ast::Command;
use crate::lang::error::Diagnostic;
use crate::world::ids::Scope;
use crate::world::journal::{Before, Journal};
use crate::world::service::Services;
use std::sync::Arc;

/// A command that was an undo step, with the account and region it ran in: switching context is
/// no step, so a redo puts the command back where it ran.
#[derive(Clone, Debug)]
struct Recorded {
    scope: Scope,
    cmd: Box<Command>,
}

impl Recorded {
    /// The first use of an account or region (the only switch that is a step).
    fn is_switch(&self) -> bool {
        matches!(*self.cmd, Command::Account(_) | Command::Region(_))
    }
}

/// What takes a step back: the world's journal of it and what the journal does not hold.
#[derive(Clone, Debug)]
struct Undo {
    journal: Journal,
    /// How many scopes there were (scopes are only ever added).
    scopes: usize,
    counter: u64,
    public_next: u32,
    services: Arc<Services>,
    flows: Flows,
    clock: Clock,
}

impl Undo {
    /// Copies what the journal does not hold, before a step; the journal is filled in after.
    fn before(state: &State) -> Undo {
        let w = &state.world;
        Undo {
            journal: Journal::default(),
            scopes: w.scopes.len(),
            counter: w.counter,
            public_next: w.public_next,
            services: w.services.clone(),
            flows: state.flows.clone(),
            clock: state.clock,
        }
    }

    /// Puts `state` back as it was before the step (its context aside).
    fn restore(self, state: &mut State) {
        let w = &mut state.world;
        w.undo_journal(self.journal);
        w.scopes.truncate(self.scopes);
        w.counter = self.counter;
        w.public_next = self.public_next;
        w.services = self.services;
        state.flows = self.flows;
        state.clock = self.clock;
    }
}

/// A step in the history: the command and what takes it back.
#[derive(Clone, Debug)]
struct Done {
    step: Recorded,
    undo: Undo,
}

/// Runs `cmd` on `state` in the context `scope` (the current one when `None`); returns its
/// `ok: …` line, whether it was a step, and, when it was one and `keep` asks for it, what takes
/// it back. A failed command changes nothing.
fn apply(
    state: &mut State,
    scope: Option<&Scope>,
    cmd: &Command,
    keep: bool,
) -> Result<(String, bool, Option<Done>), Diagnostic> {
    let undo = keep.then(|| Undo::before(state));
    // A run that keeps nothing to undo records the command's writes only if the compiled index
    // must follow them.
    state.world.record_journal(keep);
    // Only a switch changes the context: its step keeps the context it ran in.
    let switched_from = (scope.is_none()
        && matches!(cmd, Command::Account(_) | Command::Region(_)))
    .then(|| state.world.scope.clone());
    if let Some(scope) = scope {
        state.world.scope = scope.clone();
    }
    let result = state.apply(cmd);
    // A failed command wrote nothing; a command that is no step wrote no map entry. The journal
    // is taken (or, when nothing is kept, dropped) either way, so that the next step's starts
    // empty.
    let journal = if keep {
        Some(state.world.take_journal())
    } else {
        state.world.forget_journal();
        None
    };
    let (message, step) = result?;
    let done = undo
        .zip(journal)
        .filter(|_| step)
        .map(|(mut undo, journal)| {
            undo.journal = journal;
            Done {
                step: Recorded {
                    scope: switched_from
                        .or_else(|| scope.cloned())
                        .unwrap_or_else(|| state.world.scope.clone()),
                    cmd: Box::new(cmd.clone()),
                },
                undo,
            }
        });
    Ok((message, step, done))
}

/// One step undone, to redo.
#[derive(Clone, Debug)]
enum Redo {
    Command(Box<Recorded>),
    /// `load` or `reset`: the state that replaced the one before it.
    Replace(Box<State>),
}

#[derive(Clone, Debug)]
struct Segment {
    /// The state that `load` or `reset` replaced (none for the first segment).
    replaced: Option<Box<State>>,
    steps: Vec<Done>,
}

/// What the last change to the state wrote, to tell the shells (see [`History::before`]).
#[derive(Clone, Debug, Default)]
enum Last {
    /// Nothing (no change yet, or the last one wrote no object).
    #[default]
    Nothing,
    /// The last step of the history, whose journal says.
    Step,
    /// An undone step: what it had written, as it was before the undo.
    Undone(Box<Before>),
    /// `load` or `reset`, or an undo or redo of one: the state before is kept in the history
    /// (the segment's `replaced`, or for an undo the redo stack's top).
    Replaced { undone: bool },
}

/// The undo and redo stacks of a session.
#[derive(Clone, Debug)]
pub(super) struct History {
    segments: Vec<Segment>,
    redo: Vec<Redo>,
    last: Last,
    /// Steps are kept to be undone (a run that never undoes keeps none).
    keep: bool,
}

/// Where the history stood, to put it back after a command run under `expect`.
pub(super) struct Mark {
    segments: usize,
    steps: usize,
    redo: Vec<Redo>,
    /// The whole history, when the command may take steps out of it (`undo`).
    whole: Option<Vec<Segment>>,
}

impl History {
    /// An empty history (undo goes no further back than the state it starts from).
    pub(super) fn new() -> Self {
        History {
            segments: vec![Segment {
                replaced: None,
                steps: Vec::new(),
            }],
            redo: Vec::new(),
            last: Last::Nothing,
            keep: true,
        }
    }

    /// What the VPCs, groups and interfaces the last change to `state` wrote held before it
    /// (`state` as that change left it). Costs what the change wrote, except after `load` and
    /// `reset` (or an undo or redo of one), which copy the objects of the world they replaced.
    pub(super) fn before(&self, state: &State) -> Before {
        match &self.last {
            Last::Nothing => Before::default(),
            Last::Step => self
                .segments
                .last()
                .and_then(|seg| seg.steps.last())
                .map(|done| done.undo.journal.before(&state.world))
                .unwrap_or_default(),
            Last::Undone(before) => (**before).clone(),
            Last::Replaced { undone } => {
                let old = if *undone {
                    match self.redo.last() {
                        Some(Redo::Replace(old)) => Some(&**old),
                        _ => None,
                    }
                } else {
                    self.segments.last().and_then(|seg| seg.replaced.as_deref())
                };
                old.map(|old| Before::replaced(&old.world, &state.world))
                    .unwrap_or_default()
            }
        }
    }

    /// Runs a command that changes the state, in the current context, and records it when it
    /// is a step.
    pub(super) fn run(&mut self, state: &mut State, cmd: &Command) -> Result<String, Diagnostic> {
        let (message, step, done) = apply(state, None, cmd, self.keep)?;
        self.last = Last::Nothing;
        if step {
            self.last = Last::Step;
            self.redo.clear();
            if let (Some(done), Some(seg)) = (done, self.segments.last_mut()) {
                seg.steps.push(done);
            }
        }
        Ok(message)
    }

    /// Whether steps are kept to be undone from now on. A run whose script never undoes keeps
    /// none, and so holds only its world: a big world's history costs more than the world.
    pub(super) fn keep(&mut self, keep: bool) {
        self.keep = keep;
    }

    /// Records `load` or `reset`: `old` is the state they replaced.
    pub(super) fn replace(&mut self, old: State) {
        self.last = Last::Replaced { undone: false };
        self.redo.clear();
        self.segments.push(Segment {
            replaced: Some(Box::new(old)),
            steps: Vec::new(),
        });
    }

    /// The history as it stands, to [`History::rewind`] to. A command that only adds to the
    /// history needs lengths; `undo` and `redo` take from it, so `whole` keeps all of it.
    pub(super) fn mark(&self, whole: bool) -> Mark {
        Mark {
            segments: self.segments.len(),
            steps: self.segments.last().map_or(0, |s| s.steps.len()),
            redo: self.redo.clone(),
            whole: whole.then(|| self.segments.clone()),
        }
    }

    /// Puts the history back where `mark` was taken.
    pub(super) fn rewind(&mut self, mark: Mark) {
        self.segments.truncate(mark.segments);
        if let Some(seg) = self.segments.last_mut() {
            seg.steps.truncate(mark.steps);
        }
        self.redo = mark.redo;
        if let Some(whole) = mark.whole {
            self.segments = whole;
        }
        self.last = Last::Nothing;
    }

    /// How many steps the history holds (load and reset count as one), for marks.
    pub(super) fn depth(&self) -> usize {
        self.segments.iter().map(|s| s.steps.len() + 1).sum()
    }

    /// Steps `state` back over the last step.
    pub(super) fn undo(&mut self, state: &mut State) -> Result<String, Diagnostic> {
        let Some(seg) = self.segments.last_mut() else {
            return Err(nothing_to_undo());
        };
        if let Some(Done { step, undo }) = seg.steps.pop() {
            let what = control::command_name(&step.cmd);
            // The context stays where the user is, unless the step undone made it: then it goes
            // back to where that step was taken.
            let context = if step.is_switch() {
                step.scope.clone()
            } else {
                state.world.scope.clone()
            };
            let touched = undo.journal.touched();
            self.last = Last::Undone(Box::new(Before::of(&touched, &state.world)));
            undo.restore(state);
            state.world.scope = context;
            self.redo.push(Redo::Command(Box::new(step)));
            return Ok(format!("ok: undid {what}"));
        }
        if self.segments.len() == 1 {
            return Err(nothing_to_undo());
        }
        if let Some(replaced) = self.segments.pop().and_then(|seg| seg.replaced) {
            let current = std::mem::replace(state, *replaced);
            self.redo.push(Redo::Replace(Box::new(current)));
            self.last = Last::Replaced { undone: true };
        }
        Ok("ok: undid load/reset".to_string())
    }

    /// Applies the last step undone to `state` again.
    pub(super) fn redo(&mut self, state: &mut State) -> Result<String, Diagnostic> {
        match self.redo.pop() {
            None => Err(Diagnostic::new("NothingToRedo", "there is nothing to redo")),
            Some(Redo::Command(step)) => {
                let what = control::command_name(&step.cmd);
                let context = state.world.scope.clone();
                let done = match apply(state, Some(&step.scope), &step.cmd, true) {
                    Ok((_, _, done)) => done,
                    Err(e) => {
                        state.world.scope = context;
                        return Err(e);
                    }
                };
                if !step.is_switch() {
                    state.world.scope = context;
                }
                self.last = Last::Nothing;
                if let (Some(done), Some(seg)) = (done, self.segments.last_mut()) {
                    seg.steps.push(done);
                    self.last = Last::Step;
                }
                Ok(format!("ok: redid {what}"))
            }
            Some(Redo::Replace(replacement)) => {
                let old = std::mem::replace(state, *replacement);
                self.segments.push(Segment {
                    replaced: Some(Box::new(old)),
                    steps: Vec::new(),
                });
                self.last = Last::Replaced { undone: false };
                Ok("ok: redid load/reset".to_string())
            }
        }
    }
}

fn nothing_to_undo() -> Diagnostic {
    Diagnostic::new("NothingToUndo", "there is nothing to undo")
        .help("undo steps back over commands that changed the world, the flows or the clock")
}
