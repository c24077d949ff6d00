//! The lesson commands of the command table: `ask`, `task`, `goal`, `goals`. Kept apart so the
//! table in `help.rs` only lists them.

use super::parts::PROBE_ARGS;
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw};

pub(super) const ASK: CommandHelp = c(
    "ask",
    "lessons",
    &[Kw("ask"), PROBE_ARGS],
    "predict allow or deny (a/d), then see the trace; the score is kept (a probe in a script)",
    [
        "ask tcp 6379 from web-1 to redis-1",
        "ask tcp 22 from internet to web-1",
    ],
);

pub(super) const TASK: CommandHelp = c(
    "task",
    "lessons",
    &[Kw("task"), Part::Slot(Slot::Text, "text")],
    "state the exercise; `sgs grade` runs a lesson up to its first task",
    [
        "task \"Let the app tier reach the cache on 6379, and nothing else\"",
        "task \"Open SSH from the office only\"",
    ],
);

pub(super) const GOAL: CommandHelp = c(
    "goal",
    "lessons",
    &[
        Kw("goal"),
        Choice(&[&[Kw("allow")], &[Kw("deny")]]),
        PROBE_ARGS,
    ],
    "a verdict the exercise wants, checked by `goals`, at the end of a run and by `sgs grade`",
    [
        "goal allow tcp 6379 from app-1 to redis-1",
        "goal deny tcp 6379 from web-1 to redis-1",
    ],
);

pub(super) const GOALS: CommandHelp = c(
    "goals",
    "lessons",
    &[Kw("goals")],
    "each goal: met or not yet",
    ["goals", "GOALS"],
);
