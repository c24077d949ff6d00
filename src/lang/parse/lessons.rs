//! Lessons and exercises: `ask`, `task`, `goal` and `goals`.

use super::combinator::{keyword, one_of};
use super::input::{Input, PResult};
use super::lex::{quoted, text, ws};
use super::packets::probe_args;
use crate::lang::ast::{Command, GoalSpec};
use nom::combinator::{cut, map};
use nom::sequence::preceded;

/// ask = "ask" probe_args ;
pub(super) fn ask(i: Input<'_>) -> PResult<'_, Command> {
    map(preceded(keyword("ask"), cut(probe_args)), |p| {
        Command::Ask(Box::new(p))
    })(i)
}

/// task = "task" ( quoted | text ) ;
pub(super) fn task(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("task")(i)?;
    let (i, statement) = if ws(i).rest().starts_with('"') {
        cut(quoted)(i)?
    } else {
        text(i)?
    };
    Ok((i, Command::Task(statement)))
}

/// goal = "goal" ( "allow" | "deny" ) probe_args ;
pub(super) fn goal(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("goal")(i)?;
    let start = ws(i);
    let (i, (k, _)) = cut(one_of("expected allow or deny", &["allow", "deny"]))(i)?;
    let (end, probe) = cut(probe_args)(i)?;
    let goal = GoalSpec {
        allow: k == 0,
        probe: Box::new(probe),
        text: start.slice_to(end).trim_end().to_string(),
    };
    Ok((end, Command::Goal(goal)))
}

/// goals = "goals" ;
pub(super) fn goals(i: Input<'_>) -> PResult<'_, Command> {
    map(keyword("goals"), |_| Command::Goals)(i)
}
