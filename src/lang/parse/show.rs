//! Looking at the world: `show`.

use super::combinator::{keyword, one_of};
use super::input::{Input, PResult};
use super::lex::reference;
use crate::lang::ast::{Command, Show};
use nom::combinator::{cut, opt};
use nom::error::context;
use nom::sequence::preceded;

const SHOW: &[&str] = &[
    "vpcs",
    "subnets",
    "groups",
    "group",
    "instances",
    "instance",
];

/// show = "show" ( "vpcs" | ( "subnets" | "groups" | "instances" ) [ "in" reference ]
///      | ( "group" | "instance" ) reference ) ;
pub(super) fn show(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("show")(i)?;
    let what = one_of(
        "expected one of vpcs, subnets, groups, group, instances, instance",
        SHOW,
    );
    let (i, (k, _)) = cut(what)(i)?;
    let in_vpc = |i| opt(preceded(keyword("in"), cut(context("a VPC", reference))))(i);
    let (i, show) = match k {
        0 => (i, Show::Vpcs),
        1 => {
            let (i, vpc) = in_vpc(i)?;
            (i, Show::Subnets { vpc })
        }
        2 => {
            let (i, vpc) = in_vpc(i)?;
            (i, Show::Groups { vpc })
        }
        3 => {
            let (i, group) = cut(context("the group to show", reference))(i)?;
            (i, Show::Group(group))
        }
        4 => {
            let (i, vpc) = in_vpc(i)?;
            (i, Show::Instances { vpc })
        }
        _ => {
            let (i, instance) = cut(context("the instance to show", reference))(i)?;
            (i, Show::Instance(instance))
        }
    };
    Ok((i, Command::Show(show)))
}
