//! How the route reads: each hop, the gateway it goes through, and why a route is missing.

use super::*;

impl fmt::Display for Hop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hop::SameSubnet { subnet } => write!(f, "same subnet ({subnet})"),
            Hop::Local { vpc, cidr } => match cidr {
                Some(c) => write!(f, "local ({c}, vpc {vpc})"),
                None => write!(f, "local (vpc {vpc})"),
            },
            Hop::Classic => f.write_str("EC2-Classic network"),
            Hop::Unrouted { vpc } => write!(f, "route table of vpc {vpc}"),
            Hop::Peering {
                id,
                name,
                from,
                to,
                inter_region,
            } => {
                write!(f, "VPC peering {id} ({name}), vpc {from} -> vpc {to}")?;
                if *inter_region {
                    f.write_str(", inter-region")?;
                }
                Ok(())
            }
            Hop::Internet { exit, entry } => {
                if let Some(g) = exit {
                    write!(f, "{}", GatewayName(g))?;
                    if let Some((inside, outside)) = g.nat {
                        write!(f, " ({inside} leaves as {outside})")?;
                    }
                    f.write_str(" -> ")?;
                }
                f.write_str("internet")?;
                if let Some(g) = entry {
                    write!(f, " -> {}", GatewayName(g))?;
                    if let Some((inside, outside)) = g.nat {
                        write!(f, " ({outside} arrives as {inside})")?;
                    }
                }
                Ok(())
            }
        }
    }
}

struct GatewayName<'a>(&'a Gateway);

impl fmt::Display for GatewayName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0.id, &self.0.vpc) {
            (Some(id), Some(v)) => write!(f, "internet gateway {id} of vpc {v}"),
            (None, Some(v)) => write!(f, "internet gateway of vpc {v}"),
            _ => f.write_str("EC2-Classic internet access"),
        }
    }
}

impl fmt::Display for RouteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteProblem::SubnetNotPublic { subnet } => {
                write!(f, "subnet {subnet} has no route to an internet gateway")
            }
            RouteProblem::DestinationSubnetNotPublic { subnet } => write!(
                f,
                "subnet {subnet} has no route to an internet gateway: nothing from the internet \
                 reaches it"
            ),
            RouteProblem::NoPublicAddress { name, family } => match family {
                Family::V4 => write!(
                    f,
                    "{name} has no public IPv4 address to reach the internet with"
                ),
                Family::V6 => write!(f, "{name} has no IPv6 address"),
            },
            RouteProblem::SmtpHeld => f.write_str(
                "EC2 holds outbound TCP port 25 leaving through the internet gateway, whatever \
                 the rules say",
            ),
            RouteProblem::NotAPublicAddress { addr } => write!(
                f,
                "{addr} is a private address: the internet gateway only lets in packets to public \
                 addresses"
            ),
            RouteProblem::PrivateDestination { addr } => write!(
                f,
                "{addr} is not a public address: the internet gateway does not route it"
            ),
            RouteProblem::PrivateSource { addr } => write!(
                f,
                "{addr} is not a public address: the internet gateway does not let it in"
            ),
            RouteProblem::OtherNetwork { addr, network } => write!(
                f,
                "{addr} is a private address in {network}, and no route leads there"
            ),
            RouteProblem::NobodyThere { addr } => {
                write!(f, "no network interface has the address {addr}")
            }
        }
    }
}
