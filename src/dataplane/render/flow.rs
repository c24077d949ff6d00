//! How flows read: durations, the flow step of a flow packet's trace, why a flow was cut, and
//! why an interface tracks a flow or not. `show flows` and the session's messages use the same
//! words.

use crate::dataplane::flow::{CutWhy, FlowStep, Secs, Track, TrackedWhy};
use crate::dataplane::trace::Leg;
use std::fmt;

impl fmt::Display for Secs {
    /// The largest units first, zeros left out: `0s`, `45s`, `10m`, `1h 30m`, `4d 23h 50m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s == 0 {
            return f.write_str("0s");
        }
        let parts = [
            (s / 86_400, "d"),
            (s % 86_400 / 3600, "h"),
            (s % 3600 / 60, "m"),
            (s % 60, "s"),
        ];
        let mut first = true;
        for (n, unit) in parts {
            if n > 0 {
                if !first {
                    f.write_str(" ")?;
                }
                write!(f, "{n}{unit}")?;
                first = false;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Leg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Leg::Request => "request",
            Leg::Reply => "reply",
        })
    }
}

impl fmt::Display for CutWhy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CutWhy::Rule { rule, eni } => write!(
                f,
                "{rule}, which let it pass {eni} untracked, is gone: removing or changing its rule \
                 interrupts an untracked flow at once"
            ),
            CutWhy::Stopped { name } => write!(f, "{name} was stopped"),
            CutWhy::Deleted { eni } => write!(f, "network interface {eni} was deleted"),
            CutWhy::Address { eni } => write!(
                f,
                "the address of {eni} changed, so the flow's packets no longer reach it"
            ),
        }
    }
}

impl fmt::Display for TrackedWhy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrackedWhy::Icmp => f.write_str("ICMP is always tracked"),
            TrackedWhy::ByAddress(n) => {
                write!(f, "protocol {n} is tracked by address and protocol")
            }
            TrackedWhy::Classic => f.write_str("EC2-Classic tracks every flow"),
            TrackedWhy::NotOpen(Some((rule, peer))) => write!(f, "{rule} admits only {peer}"),
            TrackedWhy::NotOpen(None) => f.write_str("no rule for all addresses admits it"),
            TrackedWhy::NoOpenReturn(rule) => write!(
                f,
                "{rule} admits all addresses, but no rule allows every port back to all addresses"
            ),
        }
    }
}

impl fmt::Display for Track {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Track::Tracked(why) => write!(f, "tracked ({why})"),
            Track::Untracked(u) => write!(
                f,
                "untracked ({} admits {} and {} of {} allows every port back)",
                u.request_rule, u.request_peer, u.other_rule, u.other_group
            ),
        }
    }
}

impl FlowStep {
    /// The summary's words for the flow step (it decides only when the flow was cut).
    pub(super) fn reason(&self) -> String {
        match &self.cut {
            Some(cut) => format!(
                "flow {} was cut at {}: {}",
                self.name,
                Secs(cut.at),
                cut.why
            ),
            None => format!("flow {}, idle {}", self.name, Secs(self.idle)),
        }
    }

    pub(super) fn details(&self, out: &mut super::Details) {
        if let Some(cut) = &self.cut {
            out.push(format!("cut at {}: {}", Secs(cut.at), cut.why));
            out.push("a cut flow is dead: close it and connect again".to_string());
            return;
        }
        let idle = Secs(self.idle);
        let now = Secs(self.now);
        out.push(match self.timeout {
            Some(t) if self.idle < t => format!(
                "clock {now}: idle {idle} of {}, so its tracking entries live {} more",
                Secs(t),
                Secs(t - self.idle)
            ),
            Some(t) => format!(
                "clock {now}: idle {idle}, and its tracking entries timed out after {}",
                Secs(t)
            ),
            None if self.judged => format!(
                "clock {now}: idle {idle}; no interface tracks it, so the rules judge every packet"
            ),
            None => format!("clock {now}: idle {idle}; no security group judges its packets"),
        });
    }
}
