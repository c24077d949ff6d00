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

use super::{Code, Finding, Object, endpoints};
use crate::dataplane::{self, EPHEMERAL_PORT, End, Packet, Question, Role, Track};
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
            .find_map(|c| confirm(world, eni, c, &neighbours));
        if let Some((line, rule)) = found {
            let endpoint = Object::endpoint(world, eni);
            let mut objects = vec![endpoint.clone()];
            objects.extend(groups.iter().map(|g| Object::group(g)));
            let message = format!(
                "some flows of {} are untracked ({rule} is open to every address and the groups \
                 allow every port back): revoking that rule cuts its open connections at once",
                endpoint.label()
            );
            out.push(Finding::new(Code::UntrackedFlows, objects, message).witness(line));
        }
    }
    out
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

/// Opens the candidate's connection with the internet, else with a neighbour, and returns the
/// witness line and the rule that admitted the request, when the endpoint's interface leaves it
/// untracked.
fn confirm(
    world: &World,
    eni: &Eni,
    c: Candidate,
    neighbours: &[&Eni],
) -> Option<(String, String)> {
    let outside = match c.family {
        Family::V4 => (End::Internet, "internet".to_string()),
        Family::V6 => {
            let host: IpAddr = V6_HOST.parse().ok()?;
            (End::Host(host), V6_HOST.to_string())
        }
    };
    let me = (
        End::Eni {
            id: eni.id.clone(),
            addr: None,
        },
        endpoints::written(world, eni),
    );
    let others = neighbours.iter().map(|n| {
        (
            End::Eni {
                id: n.id.clone(),
                addr: None,
            },
            endpoints::written(world, n),
        )
    });
    for far in std::iter::once(outside).chain(others) {
        let ((from, from_label), (to, to_label)) = if c.inbound {
            (far, me.clone())
        } else {
            (me.clone(), far)
        };
        let q = Question {
            packet: c.packet,
            family: c.family,
            from,
            to,
            via: None,
            from_label,
            to_label,
        };
        let (trace, tracks) = dataplane::open(world, &q);
        if !trace.allowed {
            continue;
        }
        let role = if c.inbound {
            Role::Destination
        } else {
            Role::Source
        };
        let untracked = tracks.iter().find_map(|t| match &t.track {
            Track::Untracked(u) if t.role == role && t.eni.id == eni.id => {
                Some(u.request_rule.to_string())
            }
            _ => None,
        });
        if let Some(rule) = untracked {
            let packet = match c.packet {
                Packet::Tcp { dport, .. } => format!("tcp {dport}"),
                Packet::Udp { dport, .. } => format!("udp {dport}"),
                _ => continue,
            };
            let line = format!("trace {packet} from {} to {}", q.from_label, q.to_label);
            return Some((line, rule));
        }
    }
    None
}
