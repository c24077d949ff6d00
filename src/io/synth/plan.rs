//! The random choices of one generated world, made once and written either as a session or as
//! an AWS estate, so the two describe the same world.

use super::{GROUPS_PER_INSTANCE, GenSpec, PER_SUBNET, PORTS, Rng};
use std::collections::HashSet;

/// Where an ingress rule lets traffic in from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// Another generated group, by index.
    Group(usize),
    /// 0.0.0.0/0.
    Anywhere,
    /// A /24 inside the VPC: 10.0.N.0/24.
    Inside(u8),
    /// A /16 outside it: A.B.0.0/16.
    Outside(u8, u8),
}

impl Source {
    /// The group of a group source.
    pub fn group(self) -> Option<usize> {
        match self {
            Source::Group(g) => Some(g),
            _ => None,
        }
    }

    /// The CIDR of an address source; `None` for a group.
    pub fn cidr(self) -> Option<String> {
        match self {
            Source::Group(_) => None,
            Source::Anywhere => Some("0.0.0.0/0".into()),
            Source::Inside(n) => Some(format!("10.0.{n}.0/24")),
            Source::Outside(a, b) => Some(format!("{a}.{b}.0.0/16")),
        }
    }
}

/// One generated world.
pub struct Plan {
    /// How many /20 subnets: subnet `s` is 10.0.(16 s).0/20.
    pub subnets: usize,
    /// Each group's ingress rules (tcp, one port, one source), in the order drawn.
    pub rules: Vec<Vec<(u16, Source)>>,
    /// Each instance's groups, sorted; instance `i` is in subnet `i / PER_SUBNET`.
    pub instances: Vec<Vec<usize>>,
    /// Probes: tcp `port` from instance `a` to instance `b`.
    pub probes: Vec<(usize, usize, u16)>,
}

/// Draws the world of `spec` (the caller checked it against the quotas).
pub fn draw(spec: &GenSpec) -> Plan {
    let mut rng = Rng(spec.seed);
    let subnets = spec.instances.div_ceil(PER_SUBNET).max(1);
    let mut rules = Vec::with_capacity(spec.groups);
    for _ in 0..spec.groups {
        let mut used = HashSet::new();
        let mut mine = Vec::with_capacity(spec.rules);
        while mine.len() < spec.rules {
            let port = if rng.below(2) == 0 {
                PORTS[rng.below(PORTS.len())]
            } else {
                1024 + rng.below(60000) as u16
            };
            let source = match rng.below(5) {
                0 if spec.groups > 1 => Source::Group(rng.below(spec.groups)),
                1 => Source::Anywhere,
                2 | 3 => Source::Inside(rng.below(256) as u8),
                _ => Source::Outside(1 + rng.below(200) as u8, rng.below(256) as u8),
            };
            if used.insert((port, source)) {
                mine.push((port, source));
            }
        }
        rules.push(mine);
    }
    let mut instances = Vec::with_capacity(spec.instances);
    for _ in 0..spec.instances {
        let n = 1 + rng.below(GROUPS_PER_INSTANCE);
        let mut groups: Vec<usize> = (0..n).map(|_| rng.below(spec.groups)).collect();
        groups.sort_unstable();
        groups.dedup();
        instances.push(groups);
    }
    let mut probes = Vec::with_capacity(spec.probes);
    for _ in 0..spec.probes {
        let a = rng.below(spec.instances);
        let mut b = rng.below(spec.instances);
        if b == a {
            b = (a + 1) % spec.instances;
        }
        probes.push((a, b, PORTS[rng.below(PORTS.len())]));
    }
    Plan {
        subnets,
        rules,
        instances,
        probes,
    }
}
