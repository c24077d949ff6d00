//! The commands of the command table that ask about the whole world: who can reach an endpoint,
//! what an endpoint can reach, why a packet is denied and its smallest fix, marks and what changed since one (`show reach` and `show
//! exposure` are forms of `show`).

use super::parts::{ENDPOINT, NAME, PACKET, PROBE_ARGS};
use super::{CommandHelp, c};
use crate::lang::template::Part;
use Part::{Kw, Opt};

pub(super) const WHO: CommandHelp = c(
    "who can reach",
    "whole",
    &[
        Kw("who"),
        Kw("can"),
        Kw("reach"),
        ENDPOINT,
        Kw("on"),
        PACKET,
    ],
    "every endpoint and address range the packet passes from, with the rules that let it in",
    [
        "who can reach orders-db on tcp 3306",
        "who can reach web-1 on tcp 22",
    ],
);

pub(super) const WHAT: CommandHelp = c(
    "what can",
    "whole",
    &[Kw("what"), Kw("can"), ENDPOINT, Kw("reach"), Opt(&[PACKET])],
    "every endpoint it can open connections to, with the packets that pass and the rules",
    ["what can web-1 reach", "what can web-1 reach tcp 5432"],
);

pub(super) const WHY: CommandHelp = c(
    "why",
    "whole",
    &[Kw("why"), PROBE_ARGS],
    "every gate that blocks the packet, the smallest fix (sgs, AWS CLI, Terraform), what else it opens",
    [
        "why tcp 3306 from web-1 to orders-db",
        "why tcp 443 from internet to web-1",
    ],
);

pub(super) const MARK: CommandHelp = c(
    "mark",
    "whole",
    &[Kw("mark"), NAME],
    "name this point of the session's history (no undo step)",
    ["mark before-change", "mark review"],
);

pub(super) const DIFF: CommandHelp = c(
    "diff since",
    "whole",
    &[Kw("diff"), Kw("since"), NAME],
    "rules added and removed, and the packets each pair gained and lost, since a mark",
    ["diff since before-change", "diff since review"],
);
