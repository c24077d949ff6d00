//! `sgs gen`: a synthetic world written as a session or as an AWS estate (the describe-* JSON
//! `import aws` reads), for benchmarks and big demos.
//!
//! One VPC (10.0.0.0/16) with as many /20 subnets as the instances need, `groups` groups with
//! `rules` ingress rules each (a mix of CIDRs and references to other groups), `instances`
//! instances with one to three groups each, and `probes` probes between random instances. The
//! same seed always writes the same session, and every session it writes stays within AWS's
//! quotas (groups per region counting the default groups, rules per direction and family, groups
//! per interface): asked for more, it says so and writes nothing.

mod aws;
mod plan;
mod session;

pub use aws::write_estate;
pub use session::generate;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenSpec {
    pub groups: usize,
    pub rules: usize,
    pub instances: usize,
    pub probes: usize,
    pub seed: u64,
}

/// Usable addresses of a /20 subnet (AWS reserves five).
pub(crate) const PER_SUBNET: usize = 4096 - 5;
/// The most /20 subnets 10.0.0.0/16 holds.
pub(crate) const MAX_SUBNETS: usize = 16;
pub(crate) const PORTS: &[u16] = &[22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 11211];

/// A small deterministic generator (splitmix64).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// VPC security groups per region (AWS's quota), the default groups included.
const GROUPS_PER_REGION: usize = 2500;
/// The default groups of the region a generated session builds: the default VPC's and gen's
/// own VPC's.
pub(crate) const SESSION_DEFAULT_GROUPS: usize = 2;
/// The default groups of a generated estate: its one VPC's (an import invents no default VPC).
pub(crate) const ESTATE_DEFAULT_GROUPS: usize = 1;
/// The most groups gen writes as a session.
pub const MAX_GROUPS: usize = GROUPS_PER_REGION - SESSION_DEFAULT_GROUPS;
/// Inbound rules per group and address family (AWS's quota); gen writes IPv4 rules only.
pub const MAX_RULES: usize = 60;
/// The most groups of one instance (AWS's quota per network interface is 5).
pub(crate) const GROUPS_PER_INSTANCE: usize = 3;

/// Checks the spec against AWS's quotas and the address space, so every world gen writes is one
/// AWS would accept.
/// `defaults` is how many default groups the world has beside the generated ones.
pub fn check(spec: &GenSpec, defaults: usize) -> Result<(), String> {
    let most = GROUPS_PER_REGION - defaults;
    if spec.groups == 0 || spec.groups > most {
        let which = if defaults == SESSION_DEFAULT_GROUPS {
            "2 of them are the default groups of the default VPC and of the generated VPC"
        } else {
            "1 of them is the default group of the generated VPC"
        };
        return Err(format!(
            "--groups must be 1 to {most}: a region holds {GROUPS_PER_REGION} VPC security \
             groups, and {which}"
        ));
    }
    if spec.rules > MAX_RULES {
        return Err(format!(
            "--rules must be at most {MAX_RULES} (AWS's quota of rules per direction and \
             address family)"
        ));
    }
    if spec.instances > PER_SUBNET * MAX_SUBNETS {
        return Err(format!(
            "--instances must be at most {}",
            PER_SUBNET * MAX_SUBNETS
        ));
    }
    if spec.probes > 0 && spec.instances < 2 {
        return Err("--probes needs at least 2 instances".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_writes_the_same_session() {
        let spec = GenSpec {
            groups: 5,
            rules: 4,
            instances: 10,
            probes: 3,
            seed: 7,
        };
        assert_eq!(generate(&spec), generate(&spec));
        let other = GenSpec { seed: 8, ..spec };
        assert_ne!(generate(&spec), generate(&other));
    }

    #[test]
    fn quotas_are_checked() {
        let spec = GenSpec {
            groups: 5,
            rules: 61,
            instances: 10,
            probes: 3,
            seed: 7,
        };
        assert!(generate(&spec).is_err());
        let too_many = GenSpec {
            groups: MAX_GROUPS + 1,
            rules: 1,
            ..spec
        };
        let err = generate(&too_many).expect_err("past the quota");
        assert!(err.contains("default groups"), "{err}");
    }
}
