//! The flows as a table: the rows of `show flows` and of the TUI's Flows pane, as text read at
//! a moment of the clock.

use super::Flows;
use crate::dataplane::Secs;
use crate::query::shown::{Sheet, Shown};
use std::fmt::Write as _;

/// A row of `show flows` and of the TUI's Flows pane: display text, computed at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowRow {
    pub name: String,
    pub packet: String,
    pub from: String,
    pub to: String,
    /// `tracked`, `untracked`, `mixed` (tracked at one end only), `unfiltered`.
    pub tracking: String,
    pub idle: String,
    /// The entries' idle timeout, `-` with no entry.
    pub timeout: String,
    /// Time left before the entries idle out; `timed out`; `-` with no entry; `cut at 2m`.
    pub left: String,
    /// Why: how each interface treats it, or what cut it.
    pub why: String,
    pub state: FlowState,
}

/// Where a flow stands, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowState {
    /// Its entries live, or it has none to lose.
    Open,
    /// Its tracking entries idled out: the rules judge its next packet.
    TimedOut,
    Cut,
}

impl Flows {
    /// The rows of `show flows` and of the TUI's Flows pane.
    pub fn rows(&self, now: u64) -> Vec<FlowRow> {
        self.list
            .iter()
            .map(|f| {
                let tracked = f.is_tracked();
                let (left, state) = match &f.cut {
                    Some(cut) => (format!("cut at {}", Secs(cut.at)), FlowState::Cut),
                    None if !tracked => ("-".to_string(), FlowState::Open),
                    None if f.timed_out(now) => ("timed out".to_string(), FlowState::TimedOut),
                    None => (
                        Secs(f.timeout().saturating_sub(f.idle(now))).to_string(),
                        FlowState::Open,
                    ),
                };
                FlowRow {
                    name: f.name.clone(),
                    packet: f.q.packet.to_string(),
                    from: f.q.from_label.clone(),
                    to: f.q.to_label.clone(),
                    tracking: if f.cut.is_some() {
                        "cut".to_string()
                    } else {
                        f.tracking_word().to_string()
                    },
                    idle: Secs(f.idle(now)).to_string(),
                    timeout: if tracked {
                        Secs(f.timeout()).to_string()
                    } else {
                        "-".to_string()
                    },
                    left,
                    why: match &f.cut {
                        Some(cut) => format!("cut at {}: {}", Secs(cut.at), cut.why),
                        None => f.tracking_words(),
                    },
                    state,
                }
            })
            .collect()
    }

    /// `show flows`.
    pub fn show(&self, now: u64) -> Shown {
        if self.list.is_empty() {
            let mut out = Sheet::default();
            let _ = writeln!(
                out,
                "no flows (clock {}): connect <packet> from A to B as NAME opens one",
                Secs(now)
            );
            return out.finish();
        }
        let rows = self.rows(now);
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.packet.clone(),
                    r.from.clone(),
                    r.to.clone(),
                    r.tracking.clone(),
                    r.idle.clone(),
                    r.timeout.clone(),
                    r.left.clone(),
                ]
            })
            .collect();
        let mut out = Sheet::default();
        let _ = writeln!(out, "flows at clock {}:", Secs(now));
        out.table(
            &[
                "name", "packet", "from", "to", "tracking", "idle", "timeout", "left",
            ],
            &cells,
        );
        out.push_str("why:\n");
        for r in &rows {
            let _ = writeln!(out, "  {}: {}", r.name, r.why);
        }
        out.finish()
    }
}
