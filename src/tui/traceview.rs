//! The trace pane's view model: the trace's own text (`Display for Trace`, the words `trace`
//! prints in the REPL and in files) cut into lines and classified, so the pane can colour each
//! step by its outcome, each rule by whether it matched, and highlight the deciding step. The
//! wording stays the data plane's: nothing here re-words a step.

use crate::session::Trace;

/// What a line of the trace is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// `trace tcp 22 from … to …`
    Title,
    /// `request: …` / `reply: …`
    Leg,
    /// A step's title line, with its outcome.
    Step { allowed: bool },
    /// A rule or entry that matched.
    Match,
    /// A rule or entry that did not.
    Miss,
    /// Any other line under a step.
    Detail,
    /// `verdict: …`
    Verdict,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceLine {
    pub text: String,
    pub kind: LineKind,
    /// The step the line belongs to.
    pub step: Option<usize>,
}

/// A trace and its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceView {
    pub trace: Trace,
    pub lines: Vec<TraceLine>,
}

/// The step number of a step's title line (`>>  5. …` or `    5. …`).
fn step_number(line: &str) -> Option<usize> {
    let head = line.get(..7)?;
    if !(head.starts_with(">>") || head.starts_with("  ")) || !head.ends_with(". ") {
        return None;
    }
    head.get(2..5)?.trim().parse().ok()
}

impl TraceView {
    pub fn new(trace: Trace) -> TraceView {
        let text = trace.to_string();
        let mut lines = Vec::new();
        let mut step = None;
        for (i, line) in text.lines().enumerate() {
            let kind = if i == 0 {
                LineKind::Title
            } else if line.starts_with("verdict:") {
                step = None;
                LineKind::Verdict
            } else if line.starts_with("request:") || line.starts_with("reply:") {
                step = None;
                LineKind::Leg
            } else if let Some(n) = step_number(line) {
                step = Some(n);
                let allowed = trace
                    .steps
                    .iter()
                    .find(|s| s.number == n)
                    .is_some_and(|s| s.allowed);
                LineKind::Step { allowed }
            } else if line.contains("  match: ") {
                LineKind::Match
            } else if line.contains("  no: ") {
                LineKind::Miss
            } else {
                LineKind::Detail
            };
            lines.push(TraceLine {
                text: line.to_string(),
                kind,
                step: if matches!(kind, LineKind::Title | LineKind::Leg | LineKind::Verdict) {
                    None
                } else {
                    step
                },
            });
        }
        TraceView { trace, lines }
    }

    /// The first line of the deciding step (to scroll it into view).
    pub fn deciding_line(&self) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| l.step == Some(self.trace.deciding))
    }
}

#[cfg(test)]
mod tests {
    use super::step_number;

    #[test]
    fn step_title_lines_give_their_number() {
        assert_eq!(step_number(">>  5. security groups of …: deny"), Some(5));
        assert_eq!(step_number("   12. route: local: allow"), Some(12));
        assert_eq!(step_number("         groups: sg-app (app)"), None);
        assert_eq!(step_number("verdict: DENY"), None);
        assert_eq!(step_number("é"), None);
    }
}
