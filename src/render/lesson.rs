//! Lessons as text: the `goals` list (met or not yet, never the verdicts: the list is shown in
//! play mode too), the line under a revealed `ask`, the score, and what `sgs run` prints of the
//! goals at the end of a file.

use crate::session::{GoalCheck, Revealed, Score};
use std::fmt::Write as _;

fn word(allow: bool) -> &'static str {
    if allow { "allow" } else { "deny" }
}

/// `score 2/3`.
pub fn score(s: Score) -> String {
    format!("score {}/{}", s.right, s.asked)
}

/// The line under a revealed `ask`: the prediction, right or wrong, and the score.
pub fn judgement(r: &Revealed) -> String {
    let predicted = word(r.predicted);
    if r.right() {
        format!("you predicted {predicted}: right. {}", score(r.score))
    } else {
        format!(
            "you predicted {predicted}: wrong, it is {}. {}",
            word(r.trace.allowed),
            score(r.score)
        )
    }
}

/// `goals`: how many are met, then each goal, met or not yet.
pub fn goals(checks: &[GoalCheck]) -> String {
    if checks.is_empty() {
        return "no goals set".to_string();
    }
    let met = checks.iter().filter(|c| c.met).count();
    let mut out = format!("goals: {met} of {} met", checks.len());
    for c in checks {
        let state = if c.met { "met:    " } else { "not yet:" };
        let _ = write!(out, "\n  {state} {}", c.goal.text);
        if let Err(e) = &c.got {
            let _ = write!(out, " (cannot be judged: {})", e.headline());
        }
    }
    out
}

/// What `sgs run` prints after a file that set goals: each goal with its line, met or not yet
/// (goals are never counted as passed or failed).
pub fn goals_report(origin: &str, checks: &[GoalCheck]) -> String {
    let met = checks.iter().filter(|c| c.met).count();
    let mut out = format!("goals of {origin}: {met} of {} met\n", checks.len());
    for c in checks {
        let state = if c.met { "met:    " } else { "not yet:" };
        let at = c
            .goal
            .line
            .map(|l| format!("{origin}:{l}: "))
            .unwrap_or_default();
        let _ = writeln!(out, "  {state} {at}goal {}", c.goal.text);
        if let Err(e) = &c.got {
            let _ = writeln!(out, "    cannot be judged: {}", e.headline());
        }
    }
    out
}

/// `sgs lab break --answer`: the fault, its lines, the goals it breaks, and the lines that undo
/// it.
pub fn fault_answer(fault: &crate::session::lab::Fault) -> String {
    let mut out = format!("fault: {}\n", fault.kind.describe());
    out.push_str("injected before the first task:\n");
    for line in &fault.lines {
        let _ = writeln!(out, "  {line}");
    }
    out.push_str("goals it breaks:\n");
    for goal in &fault.breaks {
        let at = goal
            .line
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  goal {}{at}", goal.text);
    }
    out.push_str("undone by:\n");
    for line in &fault.undo {
        let _ = writeln!(out, "  {line}");
    }
    out
}
