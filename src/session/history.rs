//! Undo and redo.
//!
//! Undo replays: the history is a stack of segments, each a base state (the fresh world, or one
//! that `load` or `reset` put in place) and the commands applied to it since. Undoing a command
//! rebuilds the state from its segment's base; because the core is deterministic, the replay
//! gives back exactly the state as it was, ids and all. This keeps every command cheap (no
//! snapshot per step) and undo exact.
//!
//! What undo restores is the whole [`State`]: the world, the flows and the clock. Switching
//! account or region is no step (it changes no object), except the first use of one, which
//! creates its default VPC: each step is kept with the context it ran in, and undo leaves the
//! context where the user is, unless it undoes that first use.

use super::State;
use crate::control;
use crate::lang::ast::Command;
use crate::lang::error::Diagnostic;
use crate::world::ids::Scope;

/// One undo step.
#[derive(Clone, Debug)]
enum Step {
    Command(Box<Recorded>),
    /// `load` or `reset`: the state that replaced the current one.
    Replace(Box<State>),
}

/// A command that was an undo step, with the account and region it ran in: switching context is
/// no step, so a replay puts each command back where it ran.
#[derive(Clone, Debug)]
pub(super) struct Recorded {
    pub(super) scope: Scope,
    pub(super) cmd: Command,
}

impl Recorded {
    /// The first use of an account or region (the only switch that is a step).
    fn is_switch(&self) -> bool {
        matches!(self.cmd, Command::Account(_) | Command::Region(_))
    }

    /// Applies the command in the context it ran in.
    fn apply(&self, state: &mut State) -> Result<(String, bool), Diagnostic> {
        state.world.scope = self.scope.clone();
        state.apply(&self.cmd)
    }
}

#[derive(Clone, Debug)]
struct Segment {
    base: State,
    commands: Vec<Recorded>,
}

/// The undo and redo stacks of a session.
#[derive(Clone, Debug)]
pub(super) struct History {
    segments: Vec<Segment>,
    redo: Vec<Step>,
}

/// Where the history stood, to put it back after a command run under `expect`.
pub(super) struct Mark {
    segments: usize,
    commands: usize,
    redo: Vec<Step>,
    /// The whole history, when the command may take steps out of it (`undo`).
    whole: Option<Vec<Segment>>,
}

impl History {
    /// A history whose first segment starts at `base` (undo goes no further back).
    pub(super) fn new(base: State) -> Self {
        History {
            segments: vec![Segment {
                base,
                commands: Vec::new(),
            }],
            redo: Vec::new(),
        }
    }

    /// Records a command that was a step; `_state` is the state it left.
    pub(super) fn record(&mut self, cmd: Recorded, _state: &State) {
        self.redo.clear();
        if let Some(seg) = self.segments.last_mut() {
            seg.commands.push(cmd);
        }
    }

    /// Records `load` or `reset`: `state` replaced the current one.
    pub(super) fn replace(&mut self, state: &State) {
        self.redo.clear();
        self.segments.push(Segment {
            base: state.clone(),
            commands: Vec::new(),
        });
    }

    /// The history as it stands, to [`History::rewind`] to. A command that only adds to the
    /// history needs lengths; `undo` and `redo` take from it, so `whole` keeps all of it.
    pub(super) fn mark(&self, whole: bool) -> Mark {
        Mark {
            segments: self.segments.len(),
            commands: self.segments.last().map_or(0, |s| s.commands.len()),
            redo: self.redo.clone(),
            whole: whole.then(|| self.segments.clone()),
        }
    }

    /// Puts the history back where `mark` was taken.
    pub(super) fn rewind(&mut self, mark: Mark) {
        self.segments.truncate(mark.segments);
        if let Some(seg) = self.segments.last_mut() {
            seg.commands.truncate(mark.commands);
        }
        self.redo = mark.redo;
        if let Some(whole) = mark.whole {
            self.segments = whole;
        }
    }

    /// Rebuilds the current state from the last segment.
    fn rebuild(&self) -> Option<State> {
        let seg = self.segments.last()?;
        let mut state = seg.base.clone();
        for cmd in &seg.commands {
            // Each command succeeded on this very state before; the core is deterministic.
            let _ = cmd.apply(&mut state);
        }
        Some(state)
    }

    /// Steps `state` back over the last step.
    pub(super) fn undo(&mut self, state: &mut State) -> Result<String, Diagnostic> {
        let last = self.segments.len() - 1;
        if let Some(cmd) = self.segments[last].commands.pop() {
            let what = control::command_name(&cmd.cmd);
            // The context stays where the user is, unless the step undone made it: then it goes
            // back to where that step was taken.
            let context = if cmd.is_switch() {
                cmd.scope.clone()
            } else {
                state.world.scope.clone()
            };
            self.redo.push(Step::Command(Box::new(cmd)));
            if let Some(rebuilt) = self.rebuild() {
                *state = rebuilt;
            }
            state.world.scope = context;
            return Ok(format!("ok: undid {what}"));
        }
        if last == 0 {
            return Err(
                Diagnostic::new("NothingToUndo", "there is nothing to undo").help(
                    "undo steps back over commands that changed the world, the flows or the clock",
                ),
            );
        }
        if let Some(seg) = self.segments.pop() {
            self.redo.push(Step::Replace(Box::new(seg.base)));
        }
        if let Some(rebuilt) = self.rebuild() {
            *state = rebuilt;
        }
        Ok("ok: undid load/reset".to_string())
    }

    /// Applies the last step undone to `state` again.
    pub(super) fn redo(&mut self, state: &mut State) -> Result<String, Diagnostic> {
        match self.redo.pop() {
            None => Err(Diagnostic::new("NothingToRedo", "there is nothing to redo")),
            Some(Step::Command(cmd)) => {
                let what = control::command_name(&cmd.cmd);
                let context = state.world.scope.clone();
                if let Err(e) = cmd.apply(state) {
                    state.world.scope = context;
                    return Err(e);
                }
                if !cmd.is_switch() {
                    state.world.scope = context;
                }
                if let Some(seg) = self.segments.last_mut() {
                    seg.commands.push(*cmd);
                }
                Ok(format!("ok: redid {what}"))
            }
            Some(Step::Replace(replacement)) => {
                self.segments.push(Segment {
                    base: (*replacement).clone(),
                    commands: Vec::new(),
                });
                *state = *replacement;
                Ok("ok: redid load/reset".to_string())
            }
        }
    }
}
