//! Network ACLs at a subnet boundary (AWS-SEMANTICS §10): stateless, entries in number order,
//! the first entry that matches decides, and the final `*` entry of the packet's family denies.
//!
//! The subnet names its ACL, so finding it is one lookup. Entries of both families are looked at
//! in number order (an IPv4 entry never matches an IPv6 packet, and the trace says so), then the
//! `*` entry of the packet's family. Nothing is allocated unless the trace records every entry.

use super::packet::{Addr, Packet};
use super::trace::{AclDirection, EntryCheck, NaclEntry, NaclStep, RuleVerdict, StepKind};
use crate::vocab::{Direction, Family};
use crate::world::World;
use crate::world::nacl::{AclEntry, Nacl, is_star, star};
use crate::world::network::Subnet;

/// The network ACL associated with a subnet.
pub(super) fn acl_of<'w>(world: &'w World, subnet: &Subnet) -> Option<&'w Nacl> {
    world.nacls.get(&subnet.nacl)
}

/// The outcome of one ACL in one direction.
pub(super) struct AclEval {
    /// The entry that decided; `None` when none matched.
    pub decided_by: Option<NaclEntry>,
    /// The entries looked at (`Detail::Full` only).
    pub checks: Vec<EntryCheck>,
}

impl AclEval {
    pub fn allowed(&self) -> bool {
        self.decided_by.is_some_and(|e| e.allow)
    }
}

fn shown(e: &AclEntry) -> NaclEntry {
    NaclEntry {
        number: (!is_star(e)).then_some(e.number),
        allow: e.allow,
        proto: e.proto,
        cidr: e.cidr,
    }
}

fn direction_of(direction: AclDirection) -> Direction {
    match direction {
        AclDirection::Inbound => Direction::Ingress,
        AclDirection::Outbound => Direction::Egress,
    }
}

/// Evaluates an ACL's entries in `direction` against a packet whose far address (the destination
/// going out, the source coming in) is `far`.
pub(super) fn evaluate(
    acl: &Nacl,
    direction: AclDirection,
    packet: Packet,
    family: Family,
    far: Addr,
    full: bool,
) -> AclEval {
    let mut eval = AclEval {
        decided_by: None,
        checks: Vec::new(),
    };
    let last = star(family);
    let entries = acl
        .entries(direction_of(direction))
        .iter()
        .chain(std::iter::once(&last));
    for e in entries {
        let verdict = match packet.covered_by(e.proto) {
            Err(miss) => RuleVerdict::Miss(miss),
            Ok(()) => far.covered_by(&e.cidr, family),
        };
        if full {
            eval.checks.push(EntryCheck {
                entry: shown(e),
                verdict,
            });
        }
        if verdict.matched() {
            eval.decided_by = Some(shown(e));
            break;
        }
    }
    eval
}

/// The step as the trace shows it.
pub(super) fn step(
    acl: &Nacl,
    subnet: &Subnet,
    direction: AclDirection,
    eval: AclEval,
) -> StepKind {
    StepKind::Nacl(NaclStep {
        acl: acl.id.clone(),
        name: acl.name.clone(),
        is_default: acl.is_default,
        subnet: subnet.name.clone(),
        direction,
        entries: eval.checks,
        decided_by: eval.decided_by,
    })
}
