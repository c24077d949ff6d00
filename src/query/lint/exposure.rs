//! `open-admin-port`: the internet can open tcp 22 or 3389, or a database or cache port, to an
//! endpoint. Judged by the data plane: each endpoint and port is the question `probe tcp PORT
//! from internet to ENDPOINT` asks (groups, network ACLs, route and public address all count),
//! over IPv4, and over IPv6 for an endpoint with an IPv6 address. One finding per endpoint and
//! port, naming the rule that let the request in.

use super::{Finding, Object, endpoints};
use crate::dataplane::{self, Detail, EPHEMERAL_PORT, End, Packet, Question, StepKind, Trace};
use crate::query;
use crate::vocab::{Endpoint, Family, Perm, PortSpec, Probe, Span, Spanned};
use crate::world::World;
use crate::world::instance::Eni;
use std::net::IpAddr;

/// The ports the table names: administration (SSH, RDP), then databases and caches.
pub const ADMIN_PORTS: [u16; 10] = [22, 3389, 1433, 1521, 3306, 5432, 6379, 11211, 27017, 9200];

/// An IPv6 host outside AWS (the documentation prefix), for a witness over IPv6: `internet`
/// always takes IPv4.
const V6_HOST: &str = "2001:db8::7";

pub fn open_admin_ports(world: &World, enis: &[&Eni]) -> Vec<Finding> {
    let mut out = Vec::new();
    for eni in enis {
        let families: &[Family] = if eni.ipv6.is_some() {
            &[Family::V4, Family::V6]
        } else {
            &[Family::V4]
        };
        for port in ADMIN_PORTS {
            let opened = families.iter().find_map(|family| {
                let trace =
                    dataplane::decide(world, &question(eni, port, *family), Detail::Verdict);
                trace.allowed.then_some((*family, trace))
            });
            if let Some((family, trace)) = opened {
                out.push(finding(world, eni, port, family, &trace));
            }
        }
    }
    out
}

/// `tcp PORT` from the internet to the interface, over `family`.
fn question(eni: &Eni, port: u16, family: Family) -> Question {
    Question {
        packet: Packet::Tcp {
            sport: EPHEMERAL_PORT,
            dport: port,
        },
        family,
        from: End::Internet,
        to: End::Eni {
            id: eni.id.clone(),
            addr: None,
        },
        via: None,
        from_label: "internet".to_string(),
        to_label: eni.name.clone(),
        handles: [crate::world::compiled::NONE; 2],
    }
}

fn finding(world: &World, eni: &Eni, port: u16, family: Family, trace: &Trace) -> Finding {
    let endpoint = Object::endpoint(world, eni);
    let mut objects = vec![endpoint.clone()];
    let mut by = String::new();
    // An allow is decided by the request's last security-group step: the rule that let it in.
    if let Some(StepKind::Groups(g)) = trace.deciding_step().map(|s| &s.kind)
        && let Some(rule) = &g.allowed_by
    {
        if let Some(group) = world.groups.get(&rule.group.id) {
            objects.push(Object::group(group));
        }
        objects.push(Object::rule(&rule.rule));
        by = format!(
            " (rule {} of group {} lets it in)",
            rule.rule, rule.group.name
        );
    }
    let over = match family {
        Family::V4 => "",
        Family::V6 => " over IPv6",
    };
    let message = format!(
        "the internet can open tcp {port} on {}{over}{by}",
        endpoint.label()
    );
    let target = endpoints::written(world, eni);
    let witness = match family {
        Family::V4 => Some(format!("probe tcp {port} from internet to {target}")),
        Family::V6 => witness_v6(world, port, &target),
    };
    let found = Finding::new(super::Code::OpenAdminPort, objects, message);
    match witness {
        Some(line) => found.witness(line),
        None => found,
    }
}

/// `probe tcp PORT from 2001:db8::7 to X`, when that probe is allowed too (a network ACL entry
/// could deny that one address where it lets the internet at large in).
fn witness_v6(world: &World, port: u16, target: &str) -> Option<String> {
    let probe = Probe {
        packet: Spanned::new(
            Perm::Tcp(Some(PortSpec::Single(i64::from(port)))),
            Span::default(),
        ),
        from: Spanned::new(Endpoint::Address(V6_HOST.to_string()), Span::default()),
        to: Spanned::new(
            Endpoint::Object(crate::vocab::Ref {
                qualifier: None,
                name: target.to_string(),
                span: Span::default(),
            }),
            Span::default(),
        ),
        via: None,
        sport: None,
    };
    let host: IpAddr = V6_HOST.parse().ok()?;
    let allowed = query::probe(world, &probe, Detail::Verdict).is_ok_and(|t| t.allowed);
    (allowed && world.eni_by_public(host).is_none())
        .then(|| format!("probe tcp {port} from {V6_HOST} to {target}"))
}
