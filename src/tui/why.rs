//! `why` in the trace pane: the probe's path strip over the answer's own lines (the gates, the
//! fix in its three renderings, what else it opens, as `sgs run` prints them), the fix's sgs
//! lines selectable: `n` selects the next, Enter runs it as if typed, then selects the one after.

use super::app::App;
use super::traceview::TraceLine;
use crate::render::why::lines;

impl App {
    /// Shows a `why` answer in the trace pane.
    pub(super) fn set_why(&mut self, reply: &crate::session::Why) {
        self.set_trace(reply.trace.clone());
        let lines = lines(reply);
        let mut fixes = Vec::new();
        let view_lines: Vec<TraceLine> = lines
            .into_iter()
            .enumerate()
            .map(|(k, l)| {
                if let Some(n) = l.fix
                    && let Some(sgs) = reply.fix.sgs.get(n)
                {
                    fixes.push((k, sgs.clone()));
                }
                TraceLine {
                    text: l.text,
                    kind: l.kind,
                    step: None,
                }
            })
            .collect();
        if let Some(view) = self.trace.view.as_mut() {
            view.lines = view_lines;
        }
        self.trace.cursor = Default::default();
        self.trace.fixes = fixes;
        self.trace.fix = 0;
    }

    /// Selects the next fix line (the first after the last).
    pub(super) fn next_fix(&mut self) {
        let n = self.trace.fixes.len();
        if n == 0 {
            self.input.status = Some("no fix to choose from: ask why first".into());
            return;
        }
        self.trace.fix = (self.trace.fix + 1) % n;
    }

    /// Runs the selected fix line, then selects the next.
    pub(super) fn run_fix(&mut self) {
        let Some((_, line)) = self.trace.fixes.get(self.trace.fix).cloned() else {
            self.input.status = Some("no fix line selected: ask why first".into());
            return;
        };
        let (fixes, fix) = (self.trace.fixes.clone(), self.trace.fix);
        let ran = self.execute(&line);
        // A change leaves the view (now stale) in place: keep its fix lines selectable.
        self.trace.fixes = fixes;
        self.trace.fix = if ran.ok { fix + 1 } else { fix };
    }
}
