//! The whole-world questions, and marks: `mark NAME` keeps a copy of the state (world, flows)
//! with the point of history it was taken at; `diff since NAME` compares it with the state now.
//! A mark is no undo step, and undo does not remove it, but a mark that undo has gone back past
//! (its point of history is undone) is unknown from then on (`UnknownMark`), even when new steps
//! are taken after: they are another history.

use super::{Reply, Session, State};
use crate::dataplane::Detail;
use crate::lang::ast::{FlowLeg, FlowPacket, Whole};
use crate::query::{self, diff, who};
use crate::vocab::{Diagnostic, Spanned};

/// What changed from the world of one session to another's (`sgs diff A B`; no flows).
pub fn diff_worlds(old: &Session, new: &Session) -> diff::Diff {
    diff::diff(&old.state.world, &new.state.world)
}

/// A named point of the session's history.
#[derive(Clone, Debug)]
pub struct Mark {
    pub name: String,
    state: State,
    /// The history's length when the mark was taken.
    depth: usize,
}

impl Session {
    /// Answers a whole-world question.
    pub(super) fn whole(&mut self, w: &Whole) -> Result<Reply, Diagnostic> {
        let world = &self.state.world;
        Ok(match w {
            Whole::Reach(ask) => Reply::Reach(Box::new(query::reach::reach(world, ask)?)),
            Whole::Who { target, packet } => {
                Reply::Reachers(Box::new(who::who(world, target, packet)?))
            }
            Whole::What { from, packet } => {
                Reply::Reachable(Box::new(who::what(world, from, packet.as_ref())?))
            }
            Whole::Exposure(packet) => {
                Reply::Reachable(Box::new(who::exposure(world, packet.as_ref())?))
            }
            Whole::DiffSince(name) => Reply::Diff(Box::new(self.diff_since(name)?)),
            Whole::Why(probe) => Reply::Why(Box::new(self.why(probe)?)),
        })
    }

    /// `mark NAME`: a later mark of the same name replaces the earlier.
    pub(super) fn mark(&mut self, name: &Spanned<String>) -> Result<Reply, Diagnostic> {
        self.forget_undone_marks();
        let depth = self.history.depth();
        self.marks.retain(|m| m.name != name.node);
        self.marks.push(Mark {
            name: name.node.clone(),
            state: self.state.clone(),
            depth,
        });
        Ok(Reply::Done {
            summary: format!("marked {}", name.node),
        })
    }

    /// Forgets the marks whose point of history undo has gone back past.
    pub(super) fn forget_undone_marks(&mut self) {
        let depth = self.history.depth();
        self.marks.retain(|m| m.depth <= depth);
    }

    fn diff_since(&mut self, name: &Spanned<String>) -> Result<diff::Diff, Diagnostic> {
        self.forget_undone_marks();
        let Some(mark) = self.marks.iter().find(|m| m.name == name.node) else {
            let known: Vec<&str> = self.marks.iter().map(|m| m.name.as_str()).collect();
            let d = Diagnostic::new("UnknownMark", format!("There is no mark '{}'", name.node))
                .at(name.span);
            return Err(match known.as_slice() {
                [] => d.help("set one first: mark NAME"),
                _ => d.help(format!("marks: {}", known.join(", "))),
            });
        };
        let mut old = mark.state.world.clone();
        old.sync_compiled();
        let mut d = diff::diff(&old, &self.state.world);
        // The flows open at the mark, each judged by its next request and reply now.
        let now = self.state.clock.now();
        for f in mark.state.flows.iter() {
            let packet = |leg| FlowPacket {
                flow: Spanned::new(f.name.clone(), name.span),
                leg: Spanned::new(leg, name.span),
            };
            let passes = |leg| {
                mark.state
                    .flows
                    .trace(&self.state.world, now, &packet(leg), Detail::Bare)
                    .is_ok_and(|t| t.allowed)
            };
            if passes(FlowLeg::Request) && passes(FlowLeg::Reply) {
                d.kept.push(f.name.clone());
            } else {
                d.cut.push(f.name.clone());
            }
        }
        Ok(d)
    }
}
