//! A protocol and its ports as a user writes them: `tcp 22`, `udp 1024-65535`, `icmp 3:4`, `all`,
//! `50`.
//!
//! Numbers are kept wide and unchecked so that the control plane can answer out-of-range values
//! with AWS's own codes; validation turns a `Perm` into a [`Proto`](super::protocol::Proto). A
//! packet to probe is written the same way, so the data plane reads these words too.

use serde::{Deserialize, Serialize};

/// A port selection as written: `22`, `1024-65535`, `all`. Numbers are kept wide so that
/// `tcp 70000` reaches AWS's validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortSpec {
    All,
    Single(i64),
    Range(i64, i64),
}

/// An ICMP selection as written: `all`, a type (`8`: every code of that type), `type:code`
/// (`3:4`). ICMP names (`echo-request`) are resolved by the parser into one of these, using the
/// table of the protocol they follow (ICMP or ICMPv6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IcmpSpec {
    All,
    Type(i64),
    TypeCode(i64, i64),
}

/// The protocol part of a rule or a packet, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Perm {
    /// `tcp`, `tcp 22`, `tcp 1024-65535`, `tcp all`
    Tcp(Option<PortSpec>),
    Udp(Option<PortSpec>),
    Icmp(Option<IcmpSpec>),
    Icmpv6(Option<IcmpSpec>),
    /// `all` (AWS's `-1`)
    All,
    /// A protocol number (`50`). Kept wide so that `300` reaches AWS's validation.
    Number(i64),
}
