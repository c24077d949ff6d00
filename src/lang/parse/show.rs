//! Looking at the world: `show`.

use super::combinator::{keyword, one_of};
use super::input::{Input, PResult};
use super::lex::reference;
use crate::lang::ast::{Command, Show};
use nom::combinator::{cut, map, opt};
use nom::error::context;
use nom::sequence::preceded;

const SHOW: &[&str] = &[
    "vpcs",
    "peerings",
    "subnets",
    "groups",
    "instances",
    "nacls",
    "stale",
    "group",
    "instance",
    "flows",
    "clusters",
];

/// show = "show" ( "vpcs" | "peerings" | ( "subnets" | "groups" | "instances" | "nacls" | "stale" )
///      [ "in" reference ] | ( "group" | "instance" ) reference | "flows" | "clusters" ) ;
/// (* "in classic" shows EC2-Classic's groups and instances *)
pub(super) fn show(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("show")(i)?;
    let what = one_of(
        "expected one of vpcs, peerings, subnets, groups, instances, nacls, stale, group, instance, \
         flows, clusters",
        SHOW,
    );
    let (i, (k, _)) = cut(what)(i)?;
    let in_vpc = |i| {
        let vpc = context("a VPC, or classic", reference);
        opt(preceded(keyword("in"), cut(vpc)))(i)
    };
    let (i, show) = match k {
        0 => (i, Show::Vpcs),
        1 => (i, Show::Peerings),
        2 => map(in_vpc, |vpc| Show::Subnets { vpc })(i)?,
        3 => map(in_vpc, |vpc| Show::Groups { vpc })(i)?,
        4 => map(in_vpc, |vpc| Show::Instances { vpc })(i)?,
        5 => map(in_vpc, |vpc| Show::Nacls { vpc })(i)?,
        6 => map(in_vpc, |vpc| Show::Stale { vpc })(i)?,
        7 => {
            let (i, group) = cut(context("the group to show", reference))(i)?;
            (i, Show::Group(group))
        }
        8 => {
            let (i, instance) = cut(context("the instance to show", reference))(i)?;
            (i, Show::Instance(instance))
        }
        9 => (i, Show::Flows),
        _ => (i, Show::Clusters),
    };
    Ok((i, Command::Show(show)))
}

/// lint = "lint" [ "in" reference ] ;
pub(super) fn lint(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("lint")(i)?;
    let vpc = context("a VPC", reference);
    let (i, vpc) = opt(preceded(keyword("in"), cut(vpc)))(i)?;
    Ok((i, Command::Lint { vpc }))
}
