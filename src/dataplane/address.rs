//! Addresses with a meaning of their own: the AWS services every interface reaches unfiltered
//! (Amazon DNS, instance metadata, Time Sync), and the addresses an internet gateway refuses to
//! carry (private, shared, loopback, link-local).

use super::trace::Service;
use crate::world::network::Vpc;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const DNS_LINK_LOCAL: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 253);
const METADATA: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 254);
const TIME_SYNC: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 123);
const DNS_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x253);
const METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
const TIME_SYNC_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x123);

/// The service AWS answers at `a` for an interface in `vpc`, unfiltered (AWS-SEMANTICS §9.8):
/// the VPC's DNS server at base+2 and the link-local DNS, metadata and Time Sync addresses (and
/// their IPv6 forms on Nitro instances).
pub(super) fn service_at(vpc: Option<&Vpc>, a: IpAddr) -> Option<Service> {
    match a {
        IpAddr::V4(v4) if vpc.is_some_and(|v| v.dns_address() == v4) => Some(Service::AmazonDns),
        IpAddr::V4(DNS_LINK_LOCAL) | IpAddr::V6(DNS_V6) => Some(Service::AmazonDns),
        IpAddr::V4(METADATA) | IpAddr::V6(METADATA_V6) => Some(Service::InstanceMetadata),
        IpAddr::V4(TIME_SYNC) | IpAddr::V6(TIME_SYNC_V6) => Some(Service::TimeSync),
        _ => None,
    }
}

/// Why an address is not on the internet, in Reachability Analyzer's terms.
pub(super) enum PrivateKind {
    /// 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16.
    Rfc1918,
    /// 100.64.0.0/10, carrier-grade NAT.
    Rfc6598,
    /// Anything else: loopback, link-local, unique local, or a public address.
    Other,
}

pub(super) fn private_kind(a: IpAddr) -> PrivateKind {
    match a {
        IpAddr::V4(v4) if v4.is_private() => PrivateKind::Rfc1918,
        IpAddr::V4(v4) if v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64 => {
            PrivateKind::Rfc6598
        }
        _ => PrivateKind::Other,
    }
}

/// Whether an internet gateway carries this address. Documentation ranges (203.0.113.0/24,
/// 2001:db8::/32) count as public: the examples use them for internet hosts.
pub(super) fn internet_routable(a: IpAddr) -> bool {
    match a {
        IpAddr::V4(v4) => {
            !(v4.is_private()
                || matches!(private_kind(a), PrivateKind::Rfc6598)
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast())
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}
