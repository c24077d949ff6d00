//! The whole-world questions: `show reach`, `who can reach`, `what can … reach`, `show
//! exposure`, `diff since`, `why`.

use super::{Endpoint, Perm, Ref, Spanned};
use serde::{Deserialize, Serialize};

/// Where `show reach` looks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReachScope {
    /// The current account and region.
    Here,
    /// `in VPC`.
    Vpc(Ref),
    /// `everywhere`: every VPC of every account and region.
    Everywhere,
}

/// A set of endpoints that narrows rows or columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndSet {
    Group(Ref),
    Subnet(Ref),
    Vpc(Ref),
    Endpoint(Spanned<Endpoint>),
}

/// `show reach <packet> [in VPC | everywhere] [from SET] [to SET]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachAsk {
    pub packet: Spanned<Perm>,
    pub scope: ReachScope,
    pub from: Option<EndSet>,
    pub to: Option<EndSet>,
}

/// A question about the whole world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Whole {
    Reach(Box<ReachAsk>),
    /// `who can reach X on <packet>`.
    Who {
        target: Spanned<Endpoint>,
        packet: Spanned<Perm>,
    },
    /// `what can X reach [<packet>]`.
    What {
        from: Spanned<Endpoint>,
        packet: Option<Spanned<Perm>>,
    },
    /// `show exposure [<packet>]`.
    Exposure(Option<Spanned<Perm>>),
    /// `diff since NAME`.
    DiffSince(Spanned<String>),
    /// `why <packet> from A to B`: every gate that blocks, the smallest fix, what else it opens.
    Why(Box<super::Probe>),
}
