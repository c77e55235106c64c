//! Typed identifiers. AWS ids are strings with a resource prefix (`sg-`, `eni-`…);
//! wrapping each kind in its own type keeps a subnet id from being passed where a
//! security group id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The prefix AWS gives ids of this kind.
            pub const PREFIX: &'static str = $prefix;

            /// Wraps an id as written. Ids read from AWS JSON are taken as they are.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

typed_id!(/// `vpc-…`
    VpcId, "vpc-");
typed_id!(/// `subnet-…`
    SubnetId, "subnet-");
typed_id!(/// `rtb-…`
    RouteTableId, "rtb-");
typed_id!(/// `igw-…`
    InternetGatewayId, "igw-");
typed_id!(/// `acl-…`
    NetworkAclId, "acl-");
typed_id!(/// `sg-…`
    SecurityGroupId, "sg-");
typed_id!(/// `sgr-…`
    SecurityGroupRuleId, "sgr-");
typed_id!(/// `eni-…`
    NetworkInterfaceId, "eni-");
typed_id!(/// `pl-…`
    PrefixListId, "pl-");
typed_id!(/// The id of what a network interface belongs to: `i-…` for an EC2 instance,
    /// the DB instance identifier for RDS, the load balancer's name for an ALB.
    ResourceId, "i-");

/// Makes a fresh AWS-style id: `prefix` followed by 17 lowercase hex digits, as AWS
/// prints them (`sg-0123456789abcdef0`). Deterministic in `seed`, so that the same
/// sequence of edits gives the same ids (tests, shared links and undo rely on it).
pub fn aws_style_id(prefix: &str, seed: u64) -> String {
    // splitmix64: cheap, well mixed, no dependency.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    format!("{prefix}0{z:016x}")
}
