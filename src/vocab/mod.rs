//! The words every floor shares: where text was written, what went wrong, which way a rule
//! points, protocols and ports, peers, references and typed ids.
//!
//! `lang` writes these words, `world` stores them, `control`, `dataplane` and the shells read them;
//! none of those floors needs another to speak of a direction or a diagnostic. So this module
//! depends on nothing of ours: each file is one word, plain data with its spelling, and no file
//! here may import another floor of the crate. A word used by one floor only belongs to that
//! floor, not here.

pub mod diagnostic;
pub mod direction;
pub mod export;
pub mod ids;
pub mod import;
pub mod peer;
pub mod perm;
pub mod printable;
pub mod probe;
pub mod protocol;
pub mod reference;
pub mod service_kind;
pub mod span;
pub mod suggest;

pub use diagnostic::Diagnostic;
pub use direction::Direction;
pub use ids::{AclId, EniId, InstanceId, PcxId, PlId, RuleId, Scope, SgId, SubnetId, VpcId};
pub use peer::{Peer, RulePeer};
pub use perm::{IcmpSpec, Perm, PortSpec};
pub use probe::{Endpoint, Probe, Via};
pub use protocol::{Family, IcmpRange, PortRange, Proto};
pub use reference::Ref;
pub use service_kind::ServiceKind;
pub use span::{Span, Spanned};
