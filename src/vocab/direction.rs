//! Which way traffic goes through a rule: ingress (coming in) or egress (going out).
//!
//! Security group rules and network ACL entries are kept per direction, and the data plane asks
//! for one direction at each step of a packet's path; the same word serves the parser, the model
//! and the trace.

use serde::{Deserialize, Serialize};

/// Rule direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}
