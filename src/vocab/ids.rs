//! Typed ids and the deterministic id mint.
//!
//! Ids look like AWS's (`sg-` followed by 17 hex digits) and are minted from the world's counter by
//! a fixed mixing function, so the same session always mints the same ids and snapshots need no
//! redaction. Groups may also carry a pinned, readable id (`sg-app`), which is why ids are strings.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A VPC (`vpc-…`).
    VpcId, "vpc"
);
id_type!(
    /// A subnet (`subnet-…`).
    SubnetId, "subnet"
);
id_type!(
    /// A security group (`sg-…`).
    SgId, "sg"
);
id_type!(
    /// A security group rule (`sgr-…`).
    RuleId, "sgr"
);
id_type!(
    /// An EC2 instance (`i-…`).
    InstanceId, "i"
);
id_type!(
    /// A network interface (`eni-…`).
    EniId, "eni"
);
id_type!(
    /// A network ACL (`acl-…`).
    AclId, "acl"
);
id_type!(
    /// A VPC peering connection (`pcx-…`).
    PcxId, "pcx"
);
id_type!(
    /// A managed prefix list (`pl-…`).
    PlId, "pl"
);

/// An account and region: the scope most objects live in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Scope {
    pub account: String,
    pub region: String,
}

impl Scope {
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Scope {
            account: account.into(),
            region: region.into(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.account, self.region)
    }
}

/// The account a fresh world starts in.
pub const DEFAULT_ACCOUNT: &str = "123456789012";
/// The region a fresh world starts in.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Mints the id numbered `n` with `prefix`: `prefix-` and 17 hex digits.
///
/// splitmix64 spreads consecutive counters over the whole space, so ids look like AWS's and
/// never repeat (the function is a bijection on u64).
pub fn mint(prefix: &str, n: u64) -> String {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // `format!("{prefix}-{z:017x}")`, written out: ids are minted for every rule of a world.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digits = (64 - z.leading_zeros()).div_ceil(4).max(17) as usize;
    let mut id = String::with_capacity(prefix.len() + 1 + digits);
    id.push_str(prefix);
    id.push('-');
    for k in (0..digits).rev() {
        let nibble = z.checked_shr(4 * k as u32).unwrap_or(0) & 0xf;
        id.push(char::from(HEX[nibble as usize]));
    }
    id
}

/// The number a minted id's digits came from: the inverse of [`mint`]'s mixing (each step of
/// splitmix64 undone in reverse order), so `unmint(digits of mint(p, n)) == n`.
pub fn unmint(z: u64) -> u64 {
    let unshift = |y: u64, s: u32| {
        let mut x = y;
        let mut k = s;
        while k < 64 {
            x = y ^ (x >> s);
            k += s;
        }
        x
    };
    let mut x = unshift(z, 31);
    x = unshift(x.wrapping_mul(inverse(0x94D0_49BB_1331_11EB)), 27);
    x = unshift(x.wrapping_mul(inverse(0xBF58_476D_1CE4_E5B9)), 30);
    x.wrapping_sub(0x9E37_79B9_7F4A_7C15)
}

/// The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration).
const fn inverse(a: u64) -> u64 {
    let mut x = a;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_ids_are_aws_shaped_and_distinct() {
        let a = mint("sg", 1);
        let b = mint("sg", 2);
        assert_eq!(a.len(), "sg-".len() + 17);
        assert_ne!(a, b);
        assert!(a[3..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(mint("sg", 1), a, "the mint is deterministic");
        for n in [0, 1, 2, 77, 123_456_789, u64::MAX] {
            let id = mint("sg", n);
            let digits = u64::from_str_radix(&id[3..], 16).unwrap();
            assert_eq!(unmint(digits), n, "unmint undoes mint for {n}");
        }
        for n in (0..5_000).chain([u64::MAX - 1, u64::MAX]) {
            let id = mint("sgr", n);
            let digits = u64::from_str_radix(&id[4..], 16).unwrap();
            assert_eq!(
                id,
                format!("sgr-{digits:017x}"),
                "at least 17 digits, lower case"
            );
        }
    }
}
