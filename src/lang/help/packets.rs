//! The commands of the command table that ask about packets: probes, traces, expectations, and
//! the flows that connection tracking follows through time.

use super::parts::{FLOW_PACKET, PROBE_ARGS};
use super::{CommandHelp, c};
use crate::lang::template::{Part, Slot};
use Part::{Choice, Colon, Kw, Opt};

pub(super) const PROBE: CommandHelp = c(
    "probe",
    "packets",
    &[Kw("probe"), PROBE_ARGS],
    "can this connection be opened? the verdict and the deciding step",
    [
        "probe tcp 22 from internet to web-1",
        "probe icmp echo-request from web-1 to web-2",
    ],
);

pub(super) const TRACE: CommandHelp = c(
    "trace",
    "packets",
    &[Kw("trace"), PROBE_ARGS],
    "every step of the way, every rule looked at, and the reply path",
    [
        "trace tcp 443 from internet to web-1 via public",
        "trace udp 53 from web-1 to 10.0.0.2",
    ],
);

pub(super) const EXPECT: CommandHelp = c(
    "expect",
    "packets",
    &[
        Kw("expect"),
        Choice(&[
            &[Choice(&[&[Kw("allow")], &[Kw("deny")]]), PROBE_ARGS],
            &[
                Choice(&[&[Kw("allow")], &[Kw("deny")]]),
                Kw("flow"),
                FLOW_PACKET,
            ],
            &[
                Kw("error"),
                Opt(&[Part::Slot(Slot::ErrorCode, "Code")]),
                Colon,
                Part::Command,
            ],
            &[
                Kw("output"),
                Part::Slot(Slot::Quoted, "text"),
                Colon,
                Part::Command,
            ],
        ]),
    ],
    "assert a verdict, an error or an output (changes nothing)",
    [
        "expect allow tcp 22 from 203.0.113.7 to web-1",
        "expect error InvalidGroup.Duplicate: create group web \"again\"",
    ],
);

pub(super) const CONNECT: CommandHelp = c(
    "connect",
    "flows",
    &[
        Kw("connect"),
        PROBE_ARGS,
        Kw("as"),
        Part::Slot(Slot::Name, "flow"),
    ],
    "open a flow: its first packet and reply must pass (tracked or untracked)",
    [
        "connect tcp 22 from 203.0.113.7 to web-1 as ssh",
        "connect udp 53 from web-1 to 10.0.0.2 as dns",
    ],
);

pub(super) const SEND: CommandHelp = c(
    "send",
    "flows",
    &[Kw("send"), FLOW_PACKET],
    "send a flow's next packet that way now (refreshes its idle timer)",
    ["send ssh reply", "send dns request"],
);

pub(super) const TRACE_FLOW: CommandHelp = c(
    "trace flow",
    "flows",
    &[Kw("trace"), Kw("flow"), FLOW_PACKET],
    "every step of a flow's next packet, and the tracking entry it would use",
    ["trace flow ssh request", "trace flow dns reply"],
);

pub(super) const WAIT: CommandHelp = c(
    "wait",
    "flows",
    &[Kw("wait"), Part::Slot(Slot::Duration, "30s|5m|2h|5d")],
    "move the simulated clock on: idle flows time out",
    ["wait 10m", "wait 5d"],
);

pub(super) const CLOSE: CommandHelp = c(
    "close",
    "flows",
    &[Kw("close"), Part::Slot(Slot::Flow, "flow")],
    "close a flow and forget it",
    ["close ssh", "close dns"],
);
