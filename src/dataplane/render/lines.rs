//! A trace as lines: the text `trace` prints, each line with what it is (title, leg, step and
//! its outcome, a rule that matched or not, the verdict) and the step it belongs to. `Display`
//! joins the text; the TUI's trace pane and the REPL's colours read the kinds, so nothing
//! downstream reads the words back.

use super::super::Detail;
use super::super::trace::{Leg, Trace};
use crate::vocab::Via;
use std::fmt::{self, Write as _};

/// What a line of a rendered trace is: the TUI's trace pane and the REPL colour by it.
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

/// One line of a rendered trace, with what it is and the step it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceLine {
    pub text: String,
    pub kind: LineKind,
    pub step: Option<usize>,
}

/// The lines under a step's title, as they are written.
pub(in crate::dataplane) struct Details(Vec<(String, LineKind)>);

impl Details {
    /// A line of explanation.
    pub(in crate::dataplane) fn push(&mut self, line: impl Into<String>) {
        self.0.push((line.into(), LineKind::Detail));
    }

    /// A rule or entry looked at.
    pub(in crate::dataplane) fn rule(&mut self, line: String, kind: LineKind) {
        self.0.push((line, kind));
    }
}

impl Trace {
    /// The trace as the lines `trace` prints, each with its kind: `Display` joins their text,
    /// the TUI's pane and the REPL colour them by kind.
    pub fn lines(&self) -> Vec<TraceLine> {
        let mut out = Vec::new();
        let mut push = |text: String, kind: LineKind, step: Option<usize>| {
            out.push(TraceLine { text, kind, step });
        };
        let a = &self.asked;
        let mut title = match &self.flow {
            Some(flow) => format!(
                "flow {} {}: {} from {} to {}",
                flow.name, flow.leg, a.packet, a.from, a.to
            ),
            None => format!("trace {} from {} to {}", a.packet, a.from, a.to),
        };
        match a.via {
            Some(Via::Public) => title.push_str(" via public"),
            Some(Via::Private) => title.push_str(" via private"),
            None => {}
        }
        push(title, LineKind::Title, None);
        let mut leg = None;
        for step in &self.steps {
            if leg != Some(step.leg) {
                leg = Some(step.leg);
                match (step.leg, self.request, self.reply) {
                    (Leg::Request, Some(w), _) => {
                        push(format!("request: {w}"), LineKind::Leg, None)
                    }
                    (Leg::Reply, _, Some(w)) => push(format!("reply: {w}"), LineKind::Leg, None),
                    _ => {}
                }
            }
            let mark = if step.number == self.deciding {
                ">>"
            } else {
                "  "
            };
            let outcome = if step.allowed { "allow" } else { "deny" };
            let mut line = format!("{mark}{:>3}. {}: {outcome}", step.number, step.title());
            if let Some(code) = step.code {
                let _ = write!(line, " [{code}]");
            }
            let n = Some(step.number);
            push(
                line,
                LineKind::Step {
                    allowed: step.allowed,
                },
                n,
            );
            let mut details = Details(Vec::new());
            step.details(self.detail == Detail::Full, &mut details);
            for (text, kind) in details.0 {
                push(format!("         {text}"), kind, n);
            }
        }
        if self.allowed && self.request.is_some() && a.packet.reply().is_none() {
            let text = format!(
                "reply: none ({} is a lone packet: it has no reply)",
                a.packet
            );
            push(text, LineKind::Leg, None);
        }
        if self.detail == Detail::Verdict {
            let text = "(only the deciding step was recorded)".to_string();
            push(text, LineKind::Detail, None);
        }
        let verdict = if self.allowed { "ALLOW" } else { "DENY" };
        let mut line = format!("verdict: {verdict} (deciding step {})", self.deciding);
        if let Some(code) = self.deciding_step().and_then(|s| s.code) {
            let _ = write!(line, " [{code}]");
        }
        push(line, LineKind::Verdict, None);
        out
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.lines().iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&line.text)?;
        }
        Ok(())
    }
}
