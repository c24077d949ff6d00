//! A packet question as written: a protocol and port, from one endpoint to another, optionally
//! `via` one of the destination's addresses and from a given source port.
//!
//! `probe`, `trace`, `expect allow|deny` and `connect` all ask it. The parser writes it with the
//! spans of each part; the data plane resolves its endpoints against the world and decides the
//! packet, pointing any error at the part that caused it.

use super::perm::Perm;
use super::reference::Ref;
use super::span::Spanned;
use serde::{Deserialize, Serialize};

/// A probe endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Endpoint {
    /// A host outside every VPC, of unknown address.
    Internet,
    /// A literal IPv4 or IPv6 address, kept as text.
    Address(String),
    /// An instance, network interface, cache cluster (`redis-1`, or node `redis-1#2`),
    /// replication group, DB instance or DB cluster, by id or name.
    Object(Ref),
}

/// `via public` / `via private`: which of the destination's addresses to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    Public,
    Private,
}

/// `probe`/`trace`/`expect allow|deny` arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// The packet; its span covers the port or ICMP part when one is written (what validation
    /// points at), else the protocol word.
    pub packet: Spanned<Perm>,
    pub from: Spanned<Endpoint>,
    pub to: Spanned<Endpoint>,
    pub via: Option<Spanned<Via>>,
    pub sport: Option<Spanned<i64>>,
}
