//! Network ACLs at a subnet boundary (AWS-SEMANTICS §10): stateless, entries in number order,
//! the first entry that matches decides, and the final `*` entry denies.
//!
//! Network ACLs are not modelled in the world yet, so every subnet uses its VPC's default ACL
//! (`vpc.default_nacl`): `100 allow all 0.0.0.0/0`, and with an IPv6 block `101 allow all ::/0`,
//! then the `*` denies. `acl_of` is the one place that picks a subnet's ACL and its entries; when
//! ACLs become objects of the world it returns theirs, and nothing else here changes.

use super::packet::{Addr, Packet};
use super::trace::{AclDirection, EntryCheck, NaclEntry, NaclStep, RuleVerdict, StepKind};
use crate::world::ids::AclId;
use crate::world::network::{Subnet, Vpc};
use crate::world::proto::{Family, Proto};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::{Ipv4Addr, Ipv6Addr};

const ANY_V4: IpNet = IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::UNSPECIFIED, 0));
const ANY_V6: IpNet = IpNet::V6(Ipv6Net::new_assert(Ipv6Addr::UNSPECIFIED, 0));

const fn entry(number: Option<u16>, allow: bool, cidr: IpNet) -> NaclEntry {
    NaclEntry {
        number,
        allow,
        proto: Proto::All,
        cidr,
    }
}

/// The default ACL of a VPC without IPv6.
const DEFAULT_V4: [NaclEntry; 2] = [entry(Some(100), true, ANY_V4), entry(None, false, ANY_V4)];

/// The default ACL of a VPC with an IPv6 block.
const DEFAULT_DUAL: [NaclEntry; 4] = [
    entry(Some(100), true, ANY_V4),
    entry(Some(101), true, ANY_V6),
    entry(None, false, ANY_V4),
    entry(None, false, ANY_V6),
];

/// A subnet's network ACL: its id and its entries in evaluation order (one list for both
/// directions while only default ACLs exist).
pub(super) struct Acl<'w> {
    pub id: &'w AclId,
    pub is_default: bool,
    pub entries: &'w [NaclEntry],
}

/// The ACL associated with a subnet: for now always its VPC's default ACL.
pub(super) fn acl_of<'w>(_subnet: &'w Subnet, vpc: &'w Vpc) -> Acl<'w> {
    Acl {
        id: &vpc.default_nacl,
        is_default: true,
        entries: if vpc.ipv6.is_some() {
            &DEFAULT_DUAL
        } else {
            &DEFAULT_V4
        },
    }
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

/// Evaluates the entries against a packet whose far address (the destination going out, the
/// source coming in) is `far`.
pub(super) fn evaluate(
    acl: &Acl,
    packet: Packet,
    family: Family,
    far: Addr,
    full: bool,
) -> AclEval {
    let mut eval = AclEval {
        decided_by: None,
        checks: Vec::new(),
    };
    for e in acl.entries {
        let verdict = match packet.covered_by(e.proto) {
            Err(miss) => RuleVerdict::Miss(miss),
            Ok(()) => far.covered_by(&e.cidr, family),
        };
        if full {
            eval.checks.push(EntryCheck { entry: *e, verdict });
        }
        if verdict.matched() {
            eval.decided_by = Some(*e);
            break;
        }
    }
    eval
}

/// The step as the trace shows it.
pub(super) fn step(acl: &Acl, subnet: &Subnet, direction: AclDirection, eval: AclEval) -> StepKind {
    StepKind::Nacl(NaclStep {
        acl: acl.id.clone(),
        is_default: acl.is_default,
        subnet: subnet.name.clone(),
        direction,
        entries: eval.checks,
        decided_by: eval.decided_by,
    })
}
