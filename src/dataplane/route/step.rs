//! The route step as a trace shows it: the plan's hop and problem with names copied out of the
//! world (VPCs, subnets, the peering, internet gateways and their address translation). Nothing
//! here decides: `Path::step` runs only when the step is recorded.

use super::{HopKind, Node, Path, Problem, Side};
use crate::dataplane::packet::{Addr, Wire, family_of};
use crate::dataplane::trace::{Gateway, Hop, RouteProblem, RouteStep};
use crate::vocab::Family;
use ipnet::IpNet;
use std::net::IpAddr;

impl Path<'_> {
    /// The route step as the trace shows it; `reply` gives the way back.
    pub fn step(&self, src: &Side, dst: &Side, reply: bool) -> RouteStep {
        let (s, d) = (src.node(), dst.node());
        let vpc_name = |n: Option<Node>| n.and_then(|n| n.vpc).map(|v| v.name.clone());
        let igw = |n: Option<Node>| n.and_then(|n| n.vpc).map(|v| v.igw_id());
        let subnet_name = |n: Option<Node>| {
            n.and_then(|n| n.subnet)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        };
        let nat = |inside: Addr, outside: Addr| match (inside, outside) {
            (Addr::Ip(i), Addr::Ip(o)) if i != o => Some((i, o)),
            _ => None,
        };
        let hop = match self.hop {
            HopKind::SameSubnet => Hop::SameSubnet {
                subnet: subnet_name(s),
            },
            HopKind::Local => Hop::Local {
                vpc: vpc_name(s).unwrap_or_default(),
                cidr: s.and_then(|n| n.vpc).and_then(|v| match self.sent.dst {
                    Addr::Ip(IpAddr::V6(_)) => v.ipv6.map(IpNet::V6),
                    _ => Some(IpNet::V4(v.cidr)),
                }),
            },
            HopKind::Peering(p) => {
                let (from, to) = if reply { (d, s) } else { (s, d) };
                Hop::Peering {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    from: vpc_name(from).unwrap_or_default(),
                    to: vpc_name(to).unwrap_or_default(),
                    inter_region: s.map(|n| &n.eni.scope.region) != d.map(|n| &n.eni.scope.region),
                }
            }
            HopKind::Classic => Hop::Classic,
            HopKind::Unrouted => Hop::Unrouted {
                vpc: vpc_name(s).unwrap_or_default(),
            },
            HopKind::Internet { exit, entry } => {
                let src_gw = exit.then(|| Gateway {
                    vpc: vpc_name(s),
                    id: igw(s),
                    nat: nat(self.sent.src, self.arrived.src),
                });
                let dst_gw = entry.then(|| Gateway {
                    vpc: vpc_name(d),
                    id: igw(d),
                    nat: nat(self.arrived.dst, self.sent.dst),
                });
                if reply {
                    Hop::Internet {
                        exit: dst_gw,
                        entry: src_gw,
                    }
                } else {
                    Hop::Internet {
                        exit: src_gw,
                        entry: dst_gw,
                    }
                }
            }
        };
        let problem = self.problem.map(|p| match p {
            Problem::SubnetNotPublic => RouteProblem::SubnetNotPublic {
                subnet: subnet_name(s),
            },
            Problem::DestinationSubnetNotPublic => RouteProblem::DestinationSubnetNotPublic {
                subnet: subnet_name(d),
            },
            Problem::NoPublicAddress => RouteProblem::NoPublicAddress {
                name: s.map(|n| n.eni.name.clone()).unwrap_or_default(),
                family: family_of_wire(&self.sent),
            },
            Problem::SmtpHeld => RouteProblem::SmtpHeld,
            Problem::NotAPublicAddress(addr) => RouteProblem::NotAPublicAddress { addr },
            Problem::PrivateDestination(addr) => RouteProblem::PrivateDestination { addr },
            Problem::PrivateSource(addr) => RouteProblem::PrivateSource { addr },
            Problem::OtherNetwork(addr) => RouteProblem::OtherNetwork {
                addr,
                network: d.map(|n| n.network_name()).unwrap_or_default(),
            },
            Problem::NobodyThere(addr) => RouteProblem::NobodyThere { addr },
        });
        RouteStep { hop, problem }
    }
}

fn family_of_wire(w: &Wire) -> Family {
    match (w.src, w.dst) {
        (Addr::Ip(a), _) | (_, Addr::Ip(a)) => family_of(a),
        _ => Family::V4,
    }
}
