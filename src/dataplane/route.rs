//! Where the packet goes: which of the destination's addresses it is sent to, the route it takes
//! (same host, same subnet, the VPC's local route, a VPC peering connection, EC2-Classic's
//! network, internet gateways), the address translation on the way, and what stops it.
//!
//! Private addresses are used inside one network (a VPC, or a region's EC2-Classic network, which
//! every account's Classic instances share) and across an active peering; anything else goes by
//! public address through internet gateways, where group references never match (§5).
//!
//! Planning happens before any step is recorded, because every step depends on it: the security
//! groups match the far end as this end sees it (a private address and its interface, or a public
//! address that group references never match), and the network ACLs are crossed only when the
//! packet leaves or enters a subnet. The plan borrows the world and formats nothing; `step` copies
//! names out only when the route step is recorded.

use super::address;
use super::packet::{Addr, Packet, Wire};
use super::trace::{Code, EniLabel, Role, Service, Wanted};
use super::{End, Question};
use crate::vocab::{Family, Via};
use crate::world::World;
use crate::world::instance::Eni;
use crate::world::network::{Subnet, Vpc};
use crate::world::peering::Peering;
use std::net::IpAddr;

mod step;

/// An endpoint that is a network interface, with its subnet and VPC (both `None` in EC2-Classic).
#[derive(Clone, Copy)]
pub(super) struct Node<'w> {
    pub eni: &'w Eni,
    pub subnet: Option<&'w Subnet>,
    pub vpc: Option<&'w Vpc>,
}

impl Node<'_> {
    pub fn is_classic(&self) -> bool {
        self.eni.vpc.is_none()
    }

    /// Same VPC, or both in the same region's EC2-Classic network (of any accounts).
    fn same_network(&self, other: &Node) -> bool {
        match (&self.eni.vpc, &other.eni.vpc) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.eni.scope.region == other.eni.scope.region,
            _ => false,
        }
    }

    /// The active peering between this node's VPC and the other's, when they differ.
    fn peering<'w>(&self, world: &'w World, other: &Node) -> Option<&'w Peering> {
        match (&self.eni.vpc, &other.eni.vpc) {
            (Some(a), Some(b)) if a != b => world.peering_between(a, b),
            _ => None,
        }
    }

    /// Its own address of a family: the private IPv4 address, or the IPv6 address.
    fn own(&self, family: Family) -> Option<IpAddr> {
        match family {
            Family::V4 => Some(IpAddr::V4(self.eni.private_ip)),
            Family::V6 => self.eni.ipv6.map(IpAddr::V6),
        }
    }

    /// The address the internet knows it by: the Elastic IP or public IPv4, or the IPv6 address.
    fn public(&self, family: Family) -> Option<IpAddr> {
        match family {
            Family::V4 => self.eni.public_address().map(IpAddr::V4),
            Family::V6 => self.eni.ipv6.map(IpAddr::V6),
        }
    }

    pub fn label(&self) -> EniLabel {
        EniLabel {
            id: self.eni.id.clone(),
            name: self.eni.name.clone(),
        }
    }

    fn network_name(&self) -> String {
        match self.vpc {
            Some(v) => format!("vpc {}", v.name),
            None => format!("EC2-Classic ({})", self.eni.scope.region),
        }
    }
}

/// One end of the question.
#[derive(Clone, Copy)]
pub(super) enum Side<'w> {
    /// A host outside AWS.
    Outside(Addr),
    Node(Node<'w>),
}

impl<'w> Side<'w> {
    fn node(&self) -> Option<Node<'w>> {
        match self {
            Side::Node(n) => Some(*n),
            Side::Outside(_) => None,
        }
    }
}

/// How one end reaches the other: what a group reference can see of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reach {
    /// By its private address in the same network: group references can match it.
    SameNetwork,
    /// By its private address across a VPC peering: group references match it only when both
    /// VPCs are in one region.
    Peered { same_region: bool },
    /// By a private address of another network.
    OtherNetwork,
    /// Through an internet gateway, by a public address.
    Public,
    /// It is not an interface.
    Outside,
}

/// The far end as one end sees it: its address, and its interface when it is one.
#[derive(Clone, Copy)]
pub(super) struct Far<'w> {
    pub addr: Addr,
    pub eni: Option<&'w Eni>,
    pub reach: Reach,
}

/// The route taken, without names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HopKind<'w> {
    SameSubnet,
    Local,
    Peering(&'w Peering),
    Classic,
    Internet { exit: bool, entry: bool },
    Unrouted,
}

/// What stops the packet on its route, without names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Problem {
    SubnetNotPublic,
    DestinationSubnetNotPublic,
    NoPublicAddress,
    SmtpHeld,
    NotAPublicAddress(IpAddr),
    PrivateDestination(IpAddr),
    PrivateSource(IpAddr),
    OtherNetwork(IpAddr),
    NobodyThere(IpAddr),
}

impl Problem {
    /// Reachability Analyzer's explanation code, where one fits.
    pub fn code(self) -> Option<Code> {
        match self {
            Problem::SubnetNotPublic | Problem::DestinationSubnetNotPublic => {
                Some(Code::NoRouteToDestination)
            }
            Problem::NoPublicAddress => Some(Code::IgwPublicIpAssociationForEgress),
            Problem::SmtpHeld => None,
            Problem::NotAPublicAddress(_) => Some(Code::IgwPrivateIpAssociationForIngress),
            Problem::PrivateDestination(a) => Some(match address::private_kind(a) {
                address::PrivateKind::Rfc1918 => Code::IgwDestinationAddressNotInRfc1918Egress,
                address::PrivateKind::Rfc6598 => Code::IgwDestinationAddressNotInRfc6598Egress,
                address::PrivateKind::Other => Code::NoRouteToDestination,
            }),
            Problem::PrivateSource(a) => Some(match address::private_kind(a) {
                address::PrivateKind::Rfc1918 => Code::IgwSourceAddressNotInRfc1918Ingress,
                address::PrivateKind::Rfc6598 => Code::IgwSourceAddressNotInRfc6598Ingress,
                address::PrivateKind::Other => Code::NoRouteToDestination,
            }),
            Problem::OtherNetwork(_) => Some(Code::NoRouteToDestination),
            Problem::NobodyThere(_) => Some(Code::NoPossibleDestination),
        }
    }
}

/// A decision reached before any packet moves.
pub(super) enum Early<'w> {
    NotFiltered {
        addr: IpAddr,
        service: Service,
    },
    SameHost {
        node: Node<'w>,
        addr: IpAddr,
    },
    NoAddress {
        role: Role,
        node: Node<'w>,
        wanted: Wanted,
    },
}

/// The packet's way from source to destination.
pub(super) struct Path<'w> {
    /// The request as the source sends it.
    pub sent: Wire,
    /// The request as the destination receives it (after the gateways' translation).
    pub arrived: Wire,
    hop: HopKind<'w>,
    pub problem: Option<Problem>,
    /// The packet leaves the source's subnet (its network ACL filters it outbound).
    pub leaves_src_subnet: bool,
    /// The packet enters the destination's subnet from outside it.
    pub enters_dst_subnet: bool,
    /// The destination as the source sees it.
    pub src_sees: Far<'w>,
    /// The source as the destination sees it.
    pub dst_sees: Far<'w>,
}

/// Plans the route of the question's packet.
pub(super) fn plan<'w>(
    world: &'w World,
    q: &Question,
    src: &Side<'w>,
    dst: &Side<'w>,
) -> Option<Result<Path<'w>, Early<'w>>> {
    match (src, dst) {
        (Side::Node(s), Side::Node(d)) => Some(between(world, q, s, d)),
        (Side::Node(s), Side::Outside(a)) => Some(outbound(q, s, *a)),
        (Side::Outside(a), Side::Node(d)) => Some(inbound(q, *a, d)),
        (Side::Outside(_), Side::Outside(_)) => None,
    }
}

/// The endpoint lacks the address the packet needs: a public IPv4 address (every interface has
/// a private one), or an IPv6 address.
fn no_address<'w>(role: Role, node: &Node<'w>, family: Family) -> Early<'w> {
    let wanted = match family {
        Family::V4 => Wanted::PublicIpv4,
        Family::V6 => Wanted::Ipv6,
    };
    Early::NoAddress {
        role,
        node: *node,
        wanted,
    }
}

/// Whether the destination is reached by its private address (else by its public one).
fn by_private(q: &Question, d: &Node, same_network: bool) -> bool {
    if q.family == Family::V6 {
        // An interface has one IPv6 address, private and public at once: the networks decide.
        return same_network;
    }
    if let End::Eni {
        addr: Some(IpAddr::V4(a)),
        ..
    } = q.to
    {
        return a == d.eni.private_ip;
    }
    match q.via {
        Some(Via::Private) => true,
        Some(Via::Public) => false,
        None => same_network,
    }
}

fn between<'w>(
    world: &'w World,
    q: &Question,
    s: &Node<'w>,
    d: &Node<'w>,
) -> Result<Path<'w>, Early<'w>> {
    let family = q.family;
    let src = s
        .own(family)
        .ok_or_else(|| no_address(Role::Source, s, family))?;
    let same = s.same_network(d);
    let peering = if same { None } else { s.peering(world, d) };
    if by_private(q, d, same || peering.is_some()) {
        let dst = d
            .own(family)
            .ok_or_else(|| no_address(Role::Destination, d, family))?;
        let wire = Wire {
            packet: q.packet,
            src: Addr::Ip(src),
            dst: Addr::Ip(dst),
        };
        if same {
            if s.eni.id == d.eni.id
                || (s.eni.instance.is_some() && s.eni.instance == d.eni.instance)
            {
                return Err(Early::SameHost {
                    node: *d,
                    addr: dst,
                });
            }
            let hop = if s.is_classic() {
                HopKind::Classic
            } else if s.eni.subnet == d.eni.subnet {
                HopKind::SameSubnet
            } else {
                HopKind::Local
            };
            let crosses = hop == HopKind::Local;
            return Ok(Path {
                sent: wire,
                arrived: wire,
                hop,
                problem: None,
                leaves_src_subnet: crosses,
                enters_dst_subnet: crosses,
                src_sees: Far {
                    addr: Addr::Ip(dst),
                    eni: Some(d.eni),
                    reach: Reach::SameNetwork,
                },
                dst_sees: Far {
                    addr: Addr::Ip(src),
                    eni: Some(s.eni),
                    reach: Reach::SameNetwork,
                },
            });
        }
        if let Some(p) = peering {
            let reach = Reach::Peered {
                same_region: s.eni.scope.region == d.eni.scope.region,
            };
            return Ok(Path {
                sent: wire,
                arrived: wire,
                hop: HopKind::Peering(p),
                problem: None,
                leaves_src_subnet: true,
                enters_dst_subnet: true,
                src_sees: Far {
                    addr: Addr::Ip(dst),
                    eni: Some(d.eni),
                    reach,
                },
                dst_sees: Far {
                    addr: Addr::Ip(src),
                    eni: Some(s.eni),
                    reach,
                },
            });
        }
        // A private address of another network, with no peering: nothing routes there.
        return Ok(Path {
            sent: wire,
            arrived: wire,
            hop: if s.is_classic() {
                HopKind::Classic
            } else {
                HopKind::Unrouted
            },
            problem: Some(Problem::OtherNetwork(dst)),
            leaves_src_subnet: s.subnet.is_some(),
            enters_dst_subnet: false,
            src_sees: Far {
                addr: Addr::Ip(dst),
                eni: Some(d.eni),
                reach: Reach::OtherNetwork,
            },
            dst_sees: Far {
                addr: Addr::Ip(src),
                eni: Some(s.eni),
                reach: Reach::OtherNetwork,
            },
        });
    }
    let dst_public = d
        .public(family)
        .ok_or_else(|| no_address(Role::Destination, d, family))?;
    let dst_inside = d.own(family).unwrap_or(dst_public);
    let (src_public, exit_problem) = exit(s, family, q.packet, Addr::Ip(dst_public));
    let problem = exit_problem.or_else(|| entry(d));
    let src_seen = src_public.unwrap_or(src);
    Ok(Path {
        sent: Wire {
            packet: q.packet,
            src: Addr::Ip(src),
            dst: Addr::Ip(dst_public),
        },
        arrived: Wire {
            packet: q.packet,
            src: Addr::Ip(src_seen),
            dst: Addr::Ip(dst_inside),
        },
        hop: HopKind::Internet {
            exit: true,
            entry: true,
        },
        problem,
        leaves_src_subnet: s.subnet.is_some(),
        enters_dst_subnet: d.subnet.is_some(),
        src_sees: Far {
            addr: Addr::Ip(dst_public),
            eni: Some(d.eni),
            reach: Reach::Public,
        },
        dst_sees: Far {
            addr: Addr::Ip(src_seen),
            eni: Some(s.eni),
            reach: Reach::Public,
        },
    })
}

/// Leaving for the internet: the source's public address, and what stops it at the exit.
fn exit(s: &Node, family: Family, packet: Packet, dst: Addr) -> (Option<IpAddr>, Option<Problem>) {
    let public = s.public(family);
    let problem = if s.subnet.is_some_and(|sub| !sub.public) {
        Some(Problem::SubnetNotPublic)
    } else if let Some(a) = dst.ip().filter(|a| !address::internet_routable(*a)) {
        Some(Problem::PrivateDestination(a))
    } else if public.is_none() {
        Some(Problem::NoPublicAddress)
    } else if packet.number() == 6 && packet.dport() == Some(25) {
        Some(Problem::SmtpHeld)
    } else {
        None
    };
    (public, problem)
}

/// Entering from the internet: what stops it at the destination's gateway.
fn entry(d: &Node) -> Option<Problem> {
    d.subnet
        .is_some_and(|sub| !sub.public)
        .then_some(Problem::DestinationSubnetNotPublic)
}

fn outbound<'w>(q: &Question, s: &Node<'w>, to: Addr) -> Result<Path<'w>, Early<'w>> {
    let family = q.family;
    if let Addr::Ip(addr) = to
        && let Some(service) = address::service_at(s.vpc, addr)
    {
        return Err(Early::NotFiltered { addr, service });
    }
    let src = s
        .own(family)
        .ok_or_else(|| no_address(Role::Source, s, family))?;
    let far = Far {
        addr: to,
        eni: None,
        reach: Reach::Outside,
    };
    let sent = Wire {
        packet: q.packet,
        src: Addr::Ip(src),
        dst: to,
    };
    let in_vpc = to
        .ip()
        .filter(|a| s.vpc.is_some_and(|v| vpc_contains(v, *a)));
    if let Some(a) = in_vpc {
        // An address of the VPC that no interface has: the local route leads nowhere.
        let in_subnet = s.subnet.is_some_and(|sub| subnet_contains(sub, a));
        return Ok(Path {
            sent,
            arrived: sent,
            hop: HopKind::Local,
            problem: Some(Problem::NobodyThere(a)),
            leaves_src_subnet: !in_subnet,
            enters_dst_subnet: false,
            src_sees: far,
            dst_sees: Far {
                addr: Addr::Ip(src),
                eni: Some(s.eni),
                reach: Reach::OtherNetwork,
            },
        });
    }
    let (public, problem) = exit(s, family, q.packet, to);
    let seen = public.unwrap_or(src);
    Ok(Path {
        sent,
        arrived: Wire {
            src: Addr::Ip(seen),
            ..sent
        },
        hop: HopKind::Internet {
            exit: true,
            entry: false,
        },
        problem,
        leaves_src_subnet: s.subnet.is_some(),
        enters_dst_subnet: false,
        src_sees: far,
        dst_sees: Far {
            addr: Addr::Ip(seen),
            eni: Some(s.eni),
            reach: Reach::Public,
        },
    })
}

fn inbound<'w>(q: &Question, from: Addr, d: &Node<'w>) -> Result<Path<'w>, Early<'w>> {
    let family = q.family;
    let (dst, problem) = if by_private(q, d, false) {
        let own = d
            .own(family)
            .ok_or_else(|| no_address(Role::Destination, d, family))?;
        (own, Some(Problem::NotAPublicAddress(own)))
    } else {
        let public = d
            .public(family)
            .ok_or_else(|| no_address(Role::Destination, d, family))?;
        (public, None)
    };
    let problem = problem
        .or_else(|| {
            from.ip()
                .filter(|a| !address::internet_routable(*a))
                .map(Problem::PrivateSource)
        })
        .or_else(|| entry(d));
    let sent = Wire {
        packet: q.packet,
        src: from,
        dst: Addr::Ip(dst),
    };
    let inside = d.own(family).unwrap_or(dst);
    Ok(Path {
        sent,
        arrived: Wire {
            dst: Addr::Ip(inside),
            ..sent
        },
        hop: HopKind::Internet {
            exit: false,
            entry: true,
        },
        problem,
        leaves_src_subnet: false,
        enters_dst_subnet: d.subnet.is_some(),
        src_sees: Far {
            addr: Addr::Ip(dst),
            eni: Some(d.eni),
            reach: Reach::Public,
        },
        dst_sees: Far {
            addr: from,
            eni: None,
            reach: Reach::Outside,
        },
    })
}

fn vpc_contains(v: &Vpc, a: IpAddr) -> bool {
    match a {
        IpAddr::V4(a) => v.cidr.contains(&a),
        IpAddr::V6(a) => v.ipv6.is_some_and(|n| n.contains(&a)),
    }
}

fn subnet_contains(s: &Subnet, a: IpAddr) -> bool {
    match a {
        IpAddr::V4(a) => s.cidr.contains(&a),
        IpAddr::V6(a) => s.ipv6.is_some_and(|n| n.contains(&a)),
    }
}
