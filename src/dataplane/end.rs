//! A resolved endpoint: what one end of a packet is, once the query layer has resolved the name
//! or address it was written as (see `query::endpoint`).

use crate::vocab::EniId;
use std::net::IpAddr;

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// A host outside every VPC whose address nobody knows.
    Internet,
    /// A host outside AWS with this address.
    Host(IpAddr),
    /// A network interface; `addr` is the address it was named by, when it was named by one.
    Eni { id: EniId, addr: Option<IpAddr> },
}

impl End {
    /// The literal address the endpoint was written as.
    pub fn literal(&self) -> Option<IpAddr> {
        match self {
            End::Host(a) => Some(*a),
            End::Eni { addr, .. } => *addr,
            End::Internet => None,
        }
    }

    pub fn is_eni(&self) -> bool {
        matches!(self, End::Eni { .. })
    }
}
