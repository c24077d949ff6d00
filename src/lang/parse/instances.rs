//! Instances and network interfaces: `launch`, `attach eni`, `modify`, `associate` (an address
//! with an instance, or a network ACL with a subnet), `stop`, `start`, `terminate`.

use super::combinator::{comma_list, keyword, one_of, options};
use super::input::{Input, PResult};
use super::lex::{address, at_end, looks_like_address, name, raw_word, reference};
use crate::lang::ast::{Command, LaunchPlace, PublicIp, Ref, ServiceCommand, ServiceKind, Spanned};
use nom::combinator::{cut, map, opt};
use nom::error::context;
use nom::sequence::{preceded, tuple};

/// The options of `launch`, in the order of `launch_option`.
const LAUNCH_OPTIONS: &[&str] = &["in", "classic", "ip", "ipv6", "public-ip", "groups"];

/// launch = "launch" name { launch_option } ;
/// (* each option at most once; "in" and "classic" exclude each other *)
pub(super) fn launch(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("launch")(i)?;
    let (i, name) = cut(context("the instance's name", name))(i)?;
    let (i, found) = options(
        i,
        launch_option,
        LaunchOption::slot,
        "expected in, classic, ip, ipv6, public-ip or groups",
        LAUNCH_OPTIONS,
    )?;
    let mut place = LaunchPlace::DefaultSubnet;
    let (mut ip, mut ipv6, mut public_ip, mut groups) = (None, None, None, Vec::new());
    for option in found {
        match option {
            LaunchOption::In(subnet) => place = LaunchPlace::Subnet(subnet),
            LaunchOption::Classic => place = LaunchPlace::Classic,
            LaunchOption::Ip(address) => ip = Some(address),
            LaunchOption::Ipv6(address) => ipv6 = Some(address),
            LaunchOption::PublicIp(public) => public_ip = Some(public),
            LaunchOption::Groups(list) => groups = list,
        }
    }
    let instance = Command::Launch {
        name,
        place,
        ip,
        ipv6,
        public_ip,
        groups,
    };
    Ok((i, instance))
}

/// One option of `launch`.
enum LaunchOption {
    In(Ref),
    Classic,
    Ip(Spanned<String>),
    Ipv6(Spanned<String>),
    PublicIp(PublicIp),
    Groups(Vec<Ref>),
}

impl LaunchOption {
    fn slot(&self) -> usize {
        match self {
            LaunchOption::In(_) | LaunchOption::Classic => 0,
            LaunchOption::Ip(_) => 1,
            LaunchOption::Ipv6(_) => 2,
            LaunchOption::PublicIp(_) => 3,
            LaunchOption::Groups(_) => 4,
        }
    }
}

/// launch_option = "in" reference | "classic" | "ip" address | "ipv6" address | public_ip
///               | "groups" group_list ;
fn launch_option(i: Input<'_>) -> PResult<'_, LaunchOption> {
    let message = "expected in, classic, ip, ipv6, public-ip or groups";
    let (j, (k, _)) = one_of(message, LAUNCH_OPTIONS)(i)?;
    match k {
        0 => map(cut(context("the subnet", reference)), LaunchOption::In)(j),
        1 => Ok((j, LaunchOption::Classic)),
        2 => map(
            cut(context("a private IPv4 address", address)),
            LaunchOption::Ip,
        )(j),
        3 => map(cut(context("an IPv6 address", address)), LaunchOption::Ipv6)(j),
        4 => map(public_ip, LaunchOption::PublicIp)(i),
        _ => map(cut(context("the groups", group_list)), LaunchOption::Groups)(j),
    }
}

/// public_ip = "public-ip" [ address ] ;
/// (* the address is there when the next word is written like one *)
fn public_ip(i: Input<'_>) -> PResult<'_, PublicIp> {
    let (j, keyword_span) = keyword("public-ip")(i)?;
    let (start, end) = raw_word(j);
    let (j, address) = if looks_like_address(start.slice_to(end)) {
        map(cut(address), Some)(j)?
    } else {
        (j, None)
    };
    let span = match &address {
        Some(a) => keyword_span.to(a.span),
        None => keyword_span,
    };
    Ok((j, PublicIp { address, span }))
}

/// attach = "attach" "eni" name "to" reference "in" reference [ "groups" group_list ] ;
pub(super) fn attach(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("attach")(i)?;
    let groups = preceded(keyword("groups"), cut(context("the groups", group_list)));
    let (i, (_, name, _, instance, _, subnet, groups)) = cut(tuple((
        keyword("eni"),
        context("the network interface's name", name),
        keyword("to"),
        context("the instance", reference),
        keyword("in"),
        context("the subnet", reference),
        opt(groups),
    )))(i)?;
    let groups = groups.unwrap_or_default();
    let eni = Command::AttachEni {
        name,
        instance,
        subnet,
        groups,
    };
    Ok((i, eni))
}

const MODIFY: &[&str] = &[
    "instance",
    "eni",
    "cache-cluster",
    "replication-group",
    "db-instance",
    "db-cluster",
];
const MODIFY_TARGETS: [&str; 6] = [
    "the instance",
    "the network interface",
    "the cache cluster",
    "the replication group",
    "the DB instance",
    "the DB cluster",
];

/// What `modify cache-cluster NAME` replaces: its VPC groups, or its cache security groups.
const CACHE_LISTS: &[&str] = &["groups", "cache-groups"];

/// modify = "modify" ( "instance" | "eni" | "cache-cluster" | "replication-group" | "db-instance"
///        | "db-cluster" ) reference ( "groups" | "cache-groups" ) [ group_list ] ;
/// (* "cache-groups" (an EC2-Classic cluster's cache security groups) only after "cache-cluster";
///    an empty list parses, and AWS answers it with MissingParameter *)
pub(super) fn modify(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("modify")(i)?;
    let message = "expected what to modify: instance, eni, cache-cluster, replication-group, \
                   db-instance or db-cluster";
    let (i, (k, _)) = cut(one_of(message, MODIFY))(i)?;
    let target = MODIFY_TARGETS.get(k).copied().unwrap_or("what to modify");
    let (i, target) = cut(context(target, reference))(i)?;
    let (i, list) = if k == 2 {
        let lists = one_of("expected groups or cache-groups", CACHE_LISTS);
        map(cut(lists), |(list, _)| list)(i)?
    } else {
        map(cut(keyword("groups")), |_| 0)(i)?
    };
    let (i, groups) = if at_end(i) {
        (i, Vec::new())
    } else {
        cut(context("the groups", group_list))(i)?
    };
    let service = |kind, target, groups| {
        Command::Service(ServiceCommand::ModifyGroups {
            kind,
            target,
            groups,
        })
    };
    let command = match (k, list) {
        (0, _) => Command::ModifyInstance {
            instance: target,
            groups,
        },
        (1, _) => Command::ModifyEni {
            eni: target,
            groups,
        },
        (2, 1) => Command::Service(ServiceCommand::ModifyCacheGroups {
            cluster: target,
            cache_groups: groups,
        }),
        (2, _) => service(ServiceKind::CacheCluster, target, groups),
        (3, _) => service(ServiceKind::ReplicationGroup, target, groups),
        (4, _) => service(ServiceKind::DbInstance, target, groups),
        _ => service(ServiceKind::DbCluster, target, groups),
    };
    Ok((i, command))
}

const ASSOCIATE: &[&str] = &["address", "nacl"];

/// associate = "associate" ( "address" address | "nacl" reference ) "with" reference ;
pub(super) fn associate(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("associate")(i)?;
    let what = one_of("expected what to associate: address or nacl", ASSOCIATE);
    let (i, (k, _)) = cut(what)(i)?;
    if k == 0 {
        let (i, (address, _, instance)) = cut(tuple((
            context("an Elastic IP address", address),
            keyword("with"),
            context("the instance", reference),
        )))(i)?;
        return Ok((i, Command::AssociateAddress { address, instance }));
    }
    let (i, (nacl, _, subnet)) = cut(tuple((
        context("the network ACL", reference),
        keyword("with"),
        context("the subnet (prod/web-a)", reference),
    )))(i)?;
    Ok((i, Command::AssociateNacl { nacl, subnet }))
}

/// stop = "stop" reference ;
pub(super) fn stop(i: Input<'_>) -> PResult<'_, Command> {
    let instance = context("the instance to stop", reference);
    map(preceded(keyword("stop"), cut(instance)), Command::Stop)(i)
}

/// start = "start" reference ;
pub(super) fn start(i: Input<'_>) -> PResult<'_, Command> {
    let instance = context("the instance to start", reference);
    map(preceded(keyword("start"), cut(instance)), Command::Start)(i)
}

/// terminate = "terminate" reference ;
pub(super) fn terminate(i: Input<'_>) -> PResult<'_, Command> {
    let instance = context("the instance to terminate", reference);
    map(
        preceded(keyword("terminate"), cut(instance)),
        Command::Terminate,
    )(i)
}

/// group_list = reference { "," reference } ;
pub(super) fn group_list(i: Input<'_>) -> PResult<'_, Vec<Ref>> {
    comma_list(reference, "a group after ','")(i)
}
