//! Addresses for new interfaces: the private address asked for (checked against the subnet) or
//! the next free one, IPv6 addresses, public addresses from the sandbox's pool or chosen, and
//! EC2-Classic's private addresses.

use super::validate;
use crate::lang::ast::Spanned;
use crate::lang::error::Diagnostic;
use crate::world::ids::{Scope, SubnetId};
use crate::world::{NetHome, World};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Picks the private IPv4 address: the one asked for (checked against the subnet), or the next
/// free one.
pub(super) fn private_address(
    world: &mut World,
    subnet: &SubnetId,
    ip: Option<&Spanned<String>>,
) -> Result<Ipv4Addr, Diagnostic> {
    let Some(s) = world.subnets.get(subnet) else {
        return Err(Diagnostic::new(
            "InvalidSubnetID.NotFound",
            format!("The subnet ID '{subnet}' does not exist"),
        ));
    };
    let (cidr, vpc, sid) = (s.cidr, s.vpc.clone(), s.id.clone());
    match ip {
        Some(text) => {
            let a = validate::ipv4(text)?;
            if !cidr.contains(&a) {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    format!("Address {a} does not fall within the subnet's address range"),
                )
                .at(text.span)
                .label(format!("the subnet is {cidr}")));
            }
            if s.is_reserved(a) {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    format!("Address {a} is in subnet's reserved address range"),
                )
                .at(text.span)
                .label("AWS reserves the first four addresses and the last one")
                .help(format!(
                    "pick an address from {} to {}",
                    Ipv4Addr::from(s.first_usable()),
                    Ipv4Addr::from(s.last_usable())
                )));
            }
            if world.address_in_use(&vpc, a) {
                return Err(
                    Diagnostic::new("InvalidIPAddress.InUse", format!("Address {a} is in use."))
                        .at(text.span)
                        .help("leave out `ip` to take the next free address"),
                );
            }
            Ok(a)
        }
        None => world.next_free_address(&sid).ok_or_else(|| {
            Diagnostic::new(
                "InsufficientFreeAddressesInSubnet",
                format!(
                    "There are not enough free addresses in subnet '{sid}' to satisfy the requested number of instances."
                ),
            )
        }),
    }
}

pub(super) fn ipv6_address(
    world: &World,
    subnet: &SubnetId,
    text: &Spanned<String>,
) -> Result<Ipv6Addr, Diagnostic> {
    let a = validate::ipv6(text)?;
    let s = world.subnets.get(subnet);
    match s.and_then(|s| s.ipv6) {
        Some(net) if net.contains(&a) => {}
        Some(net) => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                format!("Address {a} does not fall within the subnet's address range"),
            )
            .at(text.span)
            .label(format!("the subnet is {net}")));
        }
        None => {
            return Err(Diagnostic::new(
                "InvalidParameterValue",
                "The subnet has no IPv6 CIDR block",
            )
            .at(text.span)
            .help("create the subnet with `ipv6 <cidr>/64`"));
        }
    }
    if world.index.public.contains_key(&IpAddr::V6(a)) {
        return Err(
            Diagnostic::new("InvalidIPAddress.InUse", format!("Address {a} is in use."))
                .at(text.span),
        );
    }
    Ok(a)
}

/// A public address asked for by `public-ip ADDR` or `associate address`: public and free.
pub(super) fn chosen_public(world: &World, text: &Spanned<String>) -> Result<Ipv4Addr, Diagnostic> {
    let a = validate::ipv4(text)?;
    if !validate::is_public_v4(a) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Address {a} is not a public IPv4 address"),
        )
        .at(text.span)
        .help("public addresses come from outside the private ranges, e.g. 54.210.0.10"));
    }
    if let Some(eni) = world.eni_by_public(IpAddr::V4(a)) {
        return Err(Diagnostic::new(
            "Resource.AlreadyAssociated",
            format!(
                "Address {a} is already associated with {} ({})",
                eni.name, eni.id
            ),
        )
        .at(text.span));
    }
    Ok(a)
}

pub(super) fn next_public(world: &mut World) -> Result<Ipv4Addr, Diagnostic> {
    world.next_public_address().ok_or_else(|| {
        Diagnostic::new(
            "AddressLimitExceeded",
            "The sandbox's public address pool (54.0.0.0/8) is used up.",
        )
    })
}

/// The next free private address of a region's EC2-Classic network (10.0.0.0/8), which every
/// account's Classic instances in the region share.
pub(super) fn classic_address(world: &World, scope: &Scope) -> Option<Ipv4Addr> {
    let home = NetHome::Classic(scope.region.clone());
    let start = u32::from(Ipv4Addr::new(10, 0, 0, 4));
    let end = u32::from(Ipv4Addr::new(10, 255, 255, 254));
    (start..=end).map(Ipv4Addr::from).find(|a| {
        !world
            .index
            .private
            .contains_key(&(home.clone(), IpAddr::V4(*a)))
    })
}
