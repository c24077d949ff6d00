//! Replies as lines with a tone, for front ends that colour (the REPL's ANSI palette, the TUI's
//! console): a trace's steps by their outcome and its verdict, a probe's verdict, an
//! expectation by whether it held. The tone comes from the reply's data (a step's `allowed`, a
//! trace's verdict), never from its words.

use crate::session::{LineKind, Reply};

/// How a line should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// Something allowed, or an expectation that held.
    Good,
    /// Something denied, or an expectation that failed.
    Bad,
}

/// The reply's text as lines, each with its tone.
pub fn styled(reply: &Reply) -> Vec<(String, Tone)> {
    let good = |yes: bool| if yes { Tone::Good } else { Tone::Bad };
    match reply {
        Reply::Trace(trace) => trace
            .lines()
            .into_iter()
            .map(|l| {
                let tone = match l.kind {
                    LineKind::Step { allowed } => good(allowed),
                    LineKind::Verdict => good(trace.allowed),
                    _ => Tone::Plain,
                };
                (l.text, tone)
            })
            .collect(),
        Reply::Verdict(trace) => vec![(trace.summary(), good(trace.allowed))],
        Reply::Revealed(r) => {
            let mut lines = styled(&Reply::Trace(r.trace.clone()));
            lines.push((super::lesson::judgement(r), good(r.right())));
            lines
        }
        Reply::Expect { passed, .. } => reply
            .to_string()
            .split('\n')
            .map(|l| (l.to_string(), good(*passed)))
            .collect(),
        Reply::Pause => Vec::new(),
        _ => reply
            .to_string()
            .split('\n')
            .map(|l| (l.to_string(), Tone::Plain))
            .collect(),
    }
}
