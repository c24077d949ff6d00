//! `untracked-flows`: an endpoint whose groups leave some flows untracked (AWS-SEMANTICS.md §9.3:
//! a `/0` rule admits a TCP or UDP request and a `/0` rule the other way allows every port back),
//! so that revoking the rule cuts its open connections at once.
//!
//! The rule text only names the packets worth asking about: per family, a TCP or UDP rule open
//! to `/0` in one direction while the groups hold a `/0` rule for every port of that protocol in
//! the other. The data plane decides: the connection is opened (`dataplane::open`) from the
//! internet (for a flow that comes in) or to it (for one that goes out), else with another
//! endpoint of the VPC, and the finding stands only when the endpoint's interface treats it as
//! untracked. The witness is the `trace` of that connection, whose reply leg says "untracked".
//! An interface of the same groups as one already found asks the same connection again, with a
//! verdict only (see `Shape`): a world of ten thousand instances in a few hundred groups opens a
//! few hundred connections in full, not ten thousand.

use super::{Code, Finding, Object, endpoints};
use crate::dataplane::{self, Detail, EPHEMERAL_PORT, End, Packet, Question, Role, Track};
use crate::vocab::{Direction, Family, Proto, RulePeer, VpcId};
use crate::world::World;
use crate::world::group::Group;
use crate::world::instance::Eni;
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

/// The other endpoints of the VPC tried as the far end, when the internet's connection does not
/// reach the interface.
const NEIGHBOURS: usize = 3;

/// An IPv6 host outside AWS, for flows over IPv6 (`internet` always takes IPv4).
const V6_HOST: &str = "2001:db8::7";

/// A packet worth asking about: its family, protocol, port, and whether the endpoint receives
/// the request (else it sends it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Candidate {
    family: Family,
    packet: Packet,
    inbound: bool,
}

pub fn untracked_flows(world: &World, enis: &[&Eni]) -> Vec<Finding> {
    let mut by_vpc: HashMap<&VpcId, Vec<&Eni>> = HashMap::new();
    let mut all: Vec<&Eni> = world.enis.values().collect();
    all.sort_by_key(|e| e.seq);
    for eni in all {
        if let Some(v) = &eni.vpc {
            let list = by_vpc.entry(v).or_default();
            if list.len() <= NEIGHBOURS {
                list.push(eni);
            }
        }
    }
    // What an interface of the same groups (and VPC, and IPv6 or not) was found to leave
    // untracked: a connection that was untracked there (see `Shape`).
    let mut seen: HashMap<Shape<'_>, Untracked> = HashMap::new();
    let mut out = Vec::new();
    for eni in enis {
        let Some(vpc) = &eni.vpc else {
            // EC2-Classic tracks every flow.
            continue;
        };
        let groups: Vec<&Group> = eni
            .groups
            .iter()
            .filter_map(|g| world.groups.get(g))
            .collect();
        let shape = Shape::of(eni, vpc);
        let again = seen.get(&shape).and_then(|u| again(world, eni, u));
        let found = again.or_else(|| {
            let neighbours: Vec<&Eni> = by_vpc
                .get(vpc)
                .into_iter()
                .flatten()
                .copied()
                .filter(|n| n.id != eni.id)
                .take(NEIGHBOURS)
                .collect();
            let found = candidates(&groups, eni)
                .into_iter()
                .find_map(|c| confirm(world, eni, c, &neighbours))?;
            seen.insert(shape, found.clone());
            Some(found)
        });
        if let Some(u) = found {
            let endpoint = Object::endpoint(world, eni);
            let mut objects = vec![endpoint.clone()];
            objects.extend(groups.iter().map(|g| Object::group(g)));
            let message = format!(
                "some flows of {} are untracked ({} is open to every address and the groups \
                 allow every port back): revoking that rule cuts its open connections at once",
                endpoint.label(),
                u.rule
            );
            let line = u.witness(world, eni);
            out.push(Finding::new(Code::UntrackedFlows, objects, message).witness(line));
        }
    }
    out
}

/// Interfaces whose flows are tracked alike: the same groups in the same order, in one VPC, with
/// an IPv6 address or without. Whether a connection is tracked at an interface is decided by the
/// interface's groups, the request, and the rule that admitted it (AWS-SEMANTICS.md §9.3), so a
/// connection from the same far end, with the same packet, that reaches another interface of the
/// same shape is admitted by the same rule and is untracked there too. Only whether it reaches
/// is decided again (a verdict, on the data plane).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Shape<'w> {
    groups: &'w [crate::vocab::SgId],
    vpc: &'w VpcId,
    ipv6: bool,
}

impl<'w> Shape<'w> {
    fn of(eni: &'w Eni, vpc: &'w VpcId) -> Self {
        Shape {
            groups: &eni.groups,
            vpc,
            ipv6: eni.ipv6.is_some(),
        }
    }
}

/// An untracked connection found at an interface: the packet, the far end, and the rule that
/// admitted the request.
#[derive(Clone, Debug)]
struct Untracked {
    candidate: Candidate,
    far: End,
    far_label: String,
    rule: String,
}

impl Untracked {
    /// The question of this connection at `eni`.
    fn question(&self, world: &World, eni: &Eni) -> Question {
        let me = (
            End::Eni {
                id: eni.id.clone(),
                addr: None,
            },
            endpoints::written(world, eni),
        );
        let far = (self.far.clone(), self.far_label.clone());
        let ((from, from_label), (to, to_label)) = if self.candidate.inbound {
            (far, me)
        } else {
            (me, far)
        };
        Question {
            packet: self.candidate.packet,
            family: self.candidate.family,
            from,
            to,
            via: None,
            from_label,
            to_label,
            handles: [crate::world::compiled::NONE; 2],
        }
    }

    /// `trace tcp 443 from internet to web-1`.
    fn witness(&self, world: &World, eni: &Eni) -> String {
        let q = self.question(world, eni);
        let packet = match self.candidate.packet {
            Packet::Udp { dport, .. } => format!("udp {dport}"),
            Packet::Tcp { dport, .. } => format!("tcp {dport}"),
            // Candidates are TCP or UDP.
            _ => String::new(),
        };
        format!("trace {packet} from {} to {}", q.from_label, q.to_label)
    }
}

/// The connection found at an interface of the same shape, at `eni`: when it reaches `eni` (and
/// its far end is not `eni` itself).
fn again(world: &World, eni: &Eni, u: &Untracked) -> Option<Untracked> {
    if matches!(&u.far, End::Eni { id, .. } if *id == eni.id) {
        return None;
    }
    let q = u.question(world, eni);
    dataplane::decide(world, &q, Detail::Verdict)
        .allowed
        .then(|| u.clone())
}

/// Whether a peer is a whole family: `0.0.0.0/0` or `::/0`.
fn open_to(peer: &RulePeer) -> Option<Family> {
    match peer {
        RulePeer::Cidr(IpNet::V4(n)) if n.prefix_len() == 0 => Some(Family::V4),
        RulePeer::Cidr(IpNet::V6(n)) if n.prefix_len() == 0 => Some(Family::V6),
        _ => None,
    }
}

/// The packets whose flows the groups' rule text could leave untracked.
fn candidates(groups: &[&Group], eni: &Eni) -> Vec<Candidate> {
    let rules = |direction| {
        groups
            .iter()
            .flat_map(move |g| g.rules(direction).iter())
            .filter_map(|r| open_to(&r.peer).map(|f| (f, r.proto)))
    };
    // Every port back: a `/0` rule of all protocols, or of every port of TCP or UDP.
    let all_back = |direction, family, tcp: bool| {
        rules(direction).any(|(f, p)| {
            f == family
                && match p {
                    Proto::All => true,
                    Proto::Tcp(r) => tcp && r.is_all(),
                    Proto::Udp(r) => !tcp && r.is_all(),
                    _ => false,
                }
        })
    };
    let mut out = Vec::new();
    for (direction, inbound) in [(Direction::Ingress, true), (Direction::Egress, false)] {
        let back = match direction {
            Direction::Ingress => Direction::Egress,
            Direction::Egress => Direction::Ingress,
        };
        for (family, proto) in rules(direction) {
            if family == Family::V6 && eni.ipv6.is_none() {
                continue;
            }
            let packets: Vec<(Packet, bool)> = match proto {
                Proto::All => vec![(tcp(80), true), (udp(53), false)],
                Proto::Tcp(r) => vec![(tcp(r.from), true)],
                Proto::Udp(r) => vec![(udp(r.from), false)],
                _ => Vec::new(),
            };
            for (packet, is_tcp) in packets {
                let c = Candidate {
                    family,
                    packet,
                    inbound,
                };
                if all_back(back, family, is_tcp) && !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

fn tcp(port: u16) -> Packet {
    Packet::Tcp {
        sport: EPHEMERAL_PORT,
        dport: port,
    }
}

fn udp(port: u16) -> Packet {
    Packet::Udp {
        sport: EPHEMERAL_PORT,
        dport: port,
    }
}

/// Opens the candidate's connection with the internet, else with a neighbour: the connection,
/// when the endpoint's interface leaves it untracked.
fn confirm(world: &World, eni: &Eni, c: Candidate, neighbours: &[&Eni]) -> Option<Untracked> {
    let outside = match c.family {
        Family::V4 => (End::Internet, "internet".to_string()),
        Family::V6 => {
            let host: IpAddr = V6_HOST.parse().ok()?;
            (End::Host(host), V6_HOST.to_string())
        }
    };
    let others = neighbours.iter().map(|n| {
        (
            End::Eni {
                id: n.id.clone(),
                addr: None,
            },
            endpoints::written(world, n),
        )
    });
    let role = if c.inbound {
        Role::Destination
    } else {
        Role::Source
    };
    for (far, far_label) in std::iter::once(outside).chain(others) {
        let mut found = Untracked {
            candidate: c,
            far,
            far_label,
            rule: String::new(),
        };
        let (trace, tracks) = dataplane::open(world, &found.question(world, eni));
        if !trace.allowed {
            continue;
        }
        let untracked = tracks.iter().find_map(|t| match &t.track {
            Track::Untracked(u) if t.role == role && t.eni.id == eni.id => {
                Some(u.request_rule.to_string())
            }
            _ => None,
        });
        if let Some(rule) = untracked {
            found.rule = rule;
            return Some(found);
        }
    }
    None
}
