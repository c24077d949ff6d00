//! Looking at the world: `show`.

use super::combinator::{keyword, one_of};
use super::input::{Input, PResult};
use super::lex::{name, reference};
use super::packets::{endpoint, probe_args};
use super::rules::perm;
use crate::lang::ast::{Command, EndSet, ReachAsk, ReachScope, Show, Whole};
use nom::combinator::{cut, map, opt};
use nom::error::context;
use nom::sequence::preceded;

const SHOW: &[&str] = &[
    "vpcs",
    "peerings",
    "prefix-lists",
    "subnets",
    "groups",
    "instances",
    "nacls",
    "stale",
    "group",
    "instance",
    "flows",
    "clusters",
    "reach",
    "exposure",
];

/// show = "show" ( "vpcs" | "peerings" | "prefix-lists" | ( "subnets" | "groups" | "instances" | "nacls" | "stale" )
///      [ "in" reference ] | ( "group" | "instance" ) reference | "flows" | "clusters"
///      | "reach" reach_args | "exposure" [ perm ] ) ;
/// (* "in classic" shows EC2-Classic's groups and instances *)
pub(super) fn show(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("show")(i)?;
    let what = one_of(
        "expected one of vpcs, peerings, prefix-lists, subnets, groups, instances, nacls, stale, group, instance, \
         flows, clusters, reach, exposure",
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
        2 => (i, Show::PrefixLists),
        3 => map(in_vpc, |vpc| Show::Subnets { vpc })(i)?,
        4 => map(in_vpc, |vpc| Show::Groups { vpc })(i)?,
        5 => map(in_vpc, |vpc| Show::Instances { vpc })(i)?,
        6 => map(in_vpc, |vpc| Show::Nacls { vpc })(i)?,
        7 => map(in_vpc, |vpc| Show::Stale { vpc })(i)?,
        8 => {
            let (i, group) = cut(context("the group to show", reference))(i)?;
            (i, Show::Group(group))
        }
        9 => {
            let (i, instance) = cut(context("the instance to show", reference))(i)?;
            (i, Show::Instance(instance))
        }
        10 => (i, Show::Flows),
        11 => (i, Show::Clusters),
        12 => {
            let (i, ask) = cut(reach_args)(i)?;
            return Ok((i, Command::Whole(Whole::Reach(Box::new(ask)))));
        }
        _ => {
            let (i, packet) = opt(perm)(i)?;
            return Ok((i, Command::Whole(Whole::Exposure(packet))));
        }
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

/// reach_args = perm [ "in" reference | "everywhere" ] [ "from" end_set ] [ "to" end_set ] ;
fn reach_args(i: Input<'_>) -> PResult<'_, ReachAsk> {
    let (i, packet) = context("the packet: tcp 22, udp 53, icmp echo-request, all", perm)(i)?;
    let (i, scope) = match keyword("everywhere")(i) {
        Ok((i, _)) => (i, ReachScope::Everywhere),
        Err(_) => {
            let vpc = context("a VPC", reference);
            let (i, vpc) = opt(preceded(keyword("in"), cut(vpc)))(i)?;
            (i, vpc.map_or(ReachScope::Here, ReachScope::Vpc))
        }
    };
    let (i, from) = opt(preceded(keyword("from"), cut(end_set)))(i)?;
    let (i, to) = opt(preceded(keyword("to"), cut(end_set)))(i)?;
    Ok((
        i,
        ReachAsk {
            packet,
            scope,
            from,
            to,
        },
    ))
}

/// end_set = ( "group" | "subnet" | "vpc" ) reference | endpoint ;
fn end_set(i: Input<'_>) -> PResult<'_, EndSet> {
    if let Ok((i, _)) = keyword("group")(i) {
        return map(cut(context("a group", reference)), EndSet::Group)(i);
    }
    if let Ok((i, _)) = keyword("subnet")(i) {
        return map(cut(context("a subnet", reference)), EndSet::Subnet)(i);
    }
    if let Ok((i, _)) = keyword("vpc")(i) {
        return map(cut(context("a VPC", reference)), EndSet::Vpc)(i);
    }
    map(context("an endpoint", endpoint), EndSet::Endpoint)(i)
}

/// who = "who" "can" "reach" endpoint "on" perm ;
pub(super) fn who(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("who")(i)?;
    let (i, _) = cut(keyword("can"))(i)?;
    let (i, _) = cut(keyword("reach"))(i)?;
    let (i, target) = cut(context("the endpoint", endpoint))(i)?;
    let (i, _) = cut(keyword("on"))(i)?;
    let (i, packet) = cut(perm)(i)?;
    Ok((i, Command::Whole(Whole::Who { target, packet })))
}

/// what = "what" "can" endpoint "reach" [ perm ] ;
pub(super) fn what(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("what")(i)?;
    let (i, _) = cut(keyword("can"))(i)?;
    let (i, from) = cut(context("the endpoint", endpoint))(i)?;
    let (i, _) = cut(keyword("reach"))(i)?;
    let (i, packet) = opt(perm)(i)?;
    Ok((i, Command::Whole(Whole::What { from, packet })))
}

/// why = "why" probe_args ;
pub(super) fn why(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("why")(i)?;
    map(cut(probe_args), |p| Command::Whole(Whole::Why(Box::new(p))))(i)
}

/// mark = "mark" name ;
pub(super) fn mark(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("mark")(i)?;
    map(cut(context("the mark's name", name)), Command::Mark)(i)
}

/// diff = "diff" "since" name ;
pub(super) fn diff(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("diff")(i)?;
    let (i, _) = cut(keyword("since"))(i)?;
    map(cut(context("a mark's name", name)), |n| {
        Command::Whole(Whole::DiffSince(n))
    })(i)
}
