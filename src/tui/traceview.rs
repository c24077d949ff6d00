//! The trace pane's view model: the trace's own lines (the words `trace` prints in the REPL and
//! in files), each with its kind and step as the trace renders them, so the pane can colour each
//! step by its outcome, each rule by whether it matched, and highlight the deciding step. Nothing
//! here reads the words back or re-words a step.

use crate::render::path::PathStrip;
use crate::session::Trace;
pub use crate::session::{LineKind, TraceLine};

/// A trace and its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceView {
    pub trace: Trace,
    pub lines: Vec<TraceLine>,
    /// The gates the packet passed, for the path strip over the trace.
    pub strip: PathStrip,
}

impl TraceView {
    pub fn new(trace: Trace) -> TraceView {
        let lines = trace.lines();
        let strip = PathStrip::of(&trace);
        TraceView {
            trace,
            lines,
            strip,
        }
    }

    /// The first line of the deciding step (to scroll it into view).
    pub fn deciding_line(&self) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| l.step == Some(self.trace.deciding))
    }

    /// Where context above the deciding step may start, at or after `line`: never on a rule or
    /// detail line of an earlier step, which at the top of the pane would read as the deciding
    /// step's (the tail of a NACL's entries over a security group's step).
    pub fn context_start(&self, line: usize) -> usize {
        let deciding = self.trace.deciding;
        let mut at = line;
        while let Some(l) = self.lines.get(at) {
            let heads = matches!(
                l.kind,
                LineKind::Title | LineKind::Leg | LineKind::Step { .. }
            );
            if heads || l.step == Some(deciding) || l.step.is_none() {
                break;
            }
            at += 1;
        }
        at
    }
}

/// The trace pane's state: the trace it shows (the last one a command made), its scroll, and
/// whether the world changed since it was decided (it is then stale: the pane says so).
#[derive(Clone, Debug, Default)]
pub struct TracePane {
    pub view: Option<TraceView>,
    pub cursor: super::list::Cursor,
    pub stale: bool,
    /// How many traces were set: a command that changed the world without setting one leaves
    /// the trace stale.
    pub serial: u64,
    /// For a `why`: its fix's sgs lines, each with its line in the view, and the one selected
    /// (Enter runs it).
    pub fixes: Vec<(usize, String)>,
    pub fix: usize,
}
