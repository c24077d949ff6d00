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
    format!("{prefix}-{z:017x}")
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
    }
}
