//! Security groups and their rules: `create group`, `authorize`, `revoke`, `update`, and the
//! parts of a rule (`perm`, ports, ICMP types, peers), which probes share.

use super::combinator::{Rule, comma_list, dispatch, keyword, one_of, options};
use super::input::{Fail, Input, PResult, Reason};
use super::lex::{
    address, at_end, found_span, looks_like_address, name, number, oversized, parse_int, quoted,
    raw_word, reference, ws,
};
use super::services;
use crate::lang::ast::{Command, Direction, GroupPlace, IcmpSpec, Peer, Perm, PortSpec, Ref};
use crate::lang::ast::{RuleSpec, Spanned};
use crate::lang::error::Diagnostic;
use crate::lang::suggest::did_you_mean;
use crate::vocab::Family;
use crate::vocab::protocol::{icmp_by_name, icmp_names};
use nom::combinator::{cut, map};
use nom::error::context;
use nom::sequence::{preceded, tuple};

/// The options of `create group`, in the order of `group_option`.
const GROUP_OPTIONS: &[&str] = &["in", "classic", "id"];

/// create_group = "group" name quoted { group_option } ;
/// (* each option at most once; "in" and "classic" exclude each other *)
pub(super) fn create_group(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("group")(i)?;
    let description = context("the group's description, in quotes", quoted);
    let (i, (name, description)) = cut(tuple((context("the group's name", name), description)))(i)?;
    let (i, found) = options(
        i,
        group_option,
        |o| usize::from(matches!(o, GroupOption::Id(_))),
        "expected in, classic or id",
        GROUP_OPTIONS,
    )?;
    let mut place = GroupPlace::DefaultVpc;
    let mut id = None;
    for option in found {
        match option {
            GroupOption::In(vpc) => place = GroupPlace::Vpc(vpc),
            GroupOption::Classic => place = GroupPlace::Classic,
            GroupOption::Id(pinned) => id = Some(pinned),
        }
    }
    let group = Command::CreateGroup {
        name,
        description,
        place,
        id,
    };
    Ok((i, group))
}

/// One option of `create group`.
enum GroupOption {
    In(Ref),
    Classic,
    Id(Spanned<String>),
}

/// group_option = "in" reference | "classic" | "id" name ;
fn group_option(i: Input<'_>) -> PResult<'_, GroupOption> {
    let (j, (k, _)) = one_of("expected in, classic or id", GROUP_OPTIONS)(i)?;
    match k {
        0 => map(cut(context("the group's VPC", reference)), GroupOption::In)(j),
        1 => Ok((j, GroupOption::Classic)),
        _ => map(cut(context("a group id (sg-app)", name)), GroupOption::Id)(j),
    }
}

const AUTHORIZE: &[&str] = &["ingress", "egress", "cache-ingress"];
const AUTHORIZE_RULES: &[Rule<Command>] = &[
    authorize_rule,
    authorize_rule,
    services::authorize_cache_ingress,
];

/// authorize = "authorize" ( rule [ description ] | cache_ingress ) ;
pub(super) fn authorize(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("authorize")(i)?;
    let unknown = Reason::OneOf {
        message: "expected ingress, egress or cache-ingress",
        keywords: AUTHORIZE,
    };
    cut(|i| dispatch(i, AUTHORIZE, AUTHORIZE_RULES, unknown.clone()))(i)
}

/// `authorize ingress|egress …`: a rule and its description.
fn authorize_rule(i: Input<'_>) -> PResult<'_, Command> {
    let (i, rule) = rule(i)?;
    let (i, description) = last_description(i)?;
    Ok((i, Command::Authorize { rule, description }))
}

/// The description that may end a command: anything else there is a misspelt `description`.
fn last_description(i: Input<'_>) -> PResult<'_, Option<Spanned<String>>> {
    if at_end(i) {
        return Ok((i, None));
    }
    map(cut(description), Some)(i)
}

const REVOKE: &[&str] = &["ingress", "egress", "rule", "cache-ingress"];
const REVOKE_RULES: &[Rule<Command>] = &[
    revoke_spec,
    revoke_spec,
    revoke_rule,
    services::revoke_cache_ingress,
];

/// revoke = "revoke" ( rule | revoke_rule | cache_ingress ) ;
pub(super) fn revoke(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("revoke")(i)?;
    let unknown = Reason::OneOf {
        message: "expected ingress, egress, rule or cache-ingress",
        keywords: REVOKE,
    };
    cut(|i| dispatch(i, REVOKE, REVOKE_RULES, unknown.clone()))(i)
}

/// `revoke ingress|egress …`: a rule, which names no description.
fn revoke_spec(i: Input<'_>) -> PResult<'_, Command> {
    let (i, rule) = rule(i)?;
    if let Ok((_, span)) = keyword("description")(i) {
        let d = Diagnostic::syntax("revoke takes no description")
            .at(span)
            .label("not part of revoke")
            .help("a rule is revoked whatever its description: remove it");
        return Fail::worded(d).failure();
    }
    Ok((i, Command::Revoke(rule)))
}

/// revoke_rule = "rule" name ;
fn revoke_rule(i: Input<'_>) -> PResult<'_, Command> {
    let rule_id = context("a security group rule id (sgr-0123456789abcdef0)", name);
    map(preceded(keyword("rule"), cut(rule_id)), Command::RevokeRule)(i)
}

/// update = "update" rule [ description ] ;
/// (* no description removes it *)
pub(super) fn update(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("update")(i)?;
    let (i, rule) = cut(rule)(i)?;
    let (i, description) = last_description(i)?;
    Ok((i, Command::UpdateDescription { rule, description }))
}

const DIRECTIONS: &[&str] = &["ingress", "egress"];
const DIRECTION_RULES: &[Rule<RuleSpec>] = &[ingress_rule, egress_rule];

/// rule = ingress_rule | egress_rule ;
fn rule(i: Input<'_>) -> PResult<'_, RuleSpec> {
    let unknown = Reason::OneOf {
        message: "expected a direction: ingress or egress",
        keywords: DIRECTIONS,
    };
    dispatch(i, DIRECTIONS, DIRECTION_RULES, unknown)
}

/// ingress_rule = "ingress" perm "from" peers "to" reference ;
fn ingress_rule(i: Input<'_>) -> PResult<'_, RuleSpec> {
    let (i, _) = keyword("ingress")(i)?;
    let (i, (perm, _, peers, _, group)) = cut(tuple((
        perm,
        keyword("from"),
        context("the sources: CIDRs or groups", peers),
        keyword("to"),
        context("the group the rule belongs to", reference),
    )))(i)?;
    let direction = Direction::Ingress;
    Ok((
        i,
        RuleSpec {
            direction,
            perm,
            peers,
            group,
        },
    ))
}

/// egress_rule = "egress" perm "from" reference "to" peers ;
fn egress_rule(i: Input<'_>) -> PResult<'_, RuleSpec> {
    let (i, _) = keyword("egress")(i)?;
    let (i, (perm, _, group, _, peers)) = cut(tuple((
        perm,
        keyword("from"),
        context("the group the rule belongs to", reference),
        keyword("to"),
        context("the destinations: CIDRs or groups", peers),
    )))(i)?;
    let direction = Direction::Egress;
    Ok((
        i,
        RuleSpec {
            direction,
            perm,
            peers,
            group,
        },
    ))
}

/// description = "description" quoted ;
fn description(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let text = context("the description, in quotes", quoted);
    preceded(keyword("description"), cut(text))(i)
}

const PROTOCOLS: &[&str] = &["tcp", "udp", "icmp", "icmpv6", "all"];

/// perm = "tcp" [ ports ] | "udp" [ ports ] | "icmp" [ icmp ] | "icmpv6" [ icmp ] | "all"
///      | number [ ports | icmp ] ;
/// (* the ports or ICMP part is absent when "from", "to" or the end of the command follows;
///    after a number it is ports for 6 and 17, an ICMP type for 1 and 58, and ports (which AWS
///    drops) for any other number *)
pub(super) fn perm(i: Input<'_>) -> PResult<'_, Spanned<Perm>> {
    let s = ws(i);
    // A part is what follows the protocol, unless it is the next word of the command.
    let next = |j| {
        ["from", "to", "in", "everywhere"]
            .iter()
            .any(|&k| keyword(k)(j).is_ok())
    };
    let has_part = |j| !at_end(j) && !next(j);
    match number(s) {
        Ok((j, n)) => return protocol_number(j, n, has_part(j)),
        Err(e @ nom::Err::Failure(_)) => return Err(e),
        Err(_) => {}
    }
    let message = "expected a protocol: tcp, udp, icmp, icmpv6, all or a protocol number";
    let (j, (k, _)) = one_of(message, PROTOCOLS)(s)?;
    let part = has_part(j);
    let arg = ws(j);
    let (j, node) = match (k, part) {
        (0, true) => map(cut(ports), |p| Perm::Tcp(Some(p)))(j)?,
        (0, false) => (j, Perm::Tcp(None)),
        (1, true) => map(cut(ports), |p| Perm::Udp(Some(p)))(j)?,
        (1, false) => (j, Perm::Udp(None)),
        (2, true) => map(cut(icmp(Family::V4)), |t| Perm::Icmp(Some(t)))(j)?,
        (2, false) => (j, Perm::Icmp(None)),
        (3, true) => map(cut(icmp(Family::V6)), |t| Perm::Icmpv6(Some(t)))(j)?,
        (3, false) => (j, Perm::Icmpv6(None)),
        _ => (j, Perm::All),
    };
    if part && k < 2 && ws(j).rest().starts_with(',') {
        let d = Diagnostic::syntax("a rule has one port or one range of ports")
            .at(found_span(j))
            .label("a list of ports")
            .help("write one rule per port, or a range such as 8000-8080");
        return Fail::worded(d).failure();
    }
    // The span is what AWS validates: the ports or ICMP part when written, else the protocol.
    let span = if part { arg.span_to(j) } else { s.span_to(j) };
    Ok((j, Spanned::new(node, span)))
}

/// A protocol number and what follows it: the ports or ICMP type its protocol has, as AWS's API
/// takes them (`6 22` is `tcp 22`, `1 8` is `icmp 8`); another protocol's ports are dropped, as
/// AWS drops them.
fn protocol_number(j: Input<'_>, n: Spanned<i64>, part: bool) -> PResult<'_, Spanned<Perm>> {
    if !part {
        return Ok((j, Spanned::new(Perm::Number(n.node), n.span)));
    }
    let arg = ws(j);
    let (k, node) = match n.node {
        6 => map(cut(ports), |p| Perm::Tcp(Some(p)))(j)?,
        17 => map(cut(ports), |p| Perm::Udp(Some(p)))(j)?,
        1 => map(cut(icmp(Family::V4)), |t| Perm::Icmp(Some(t)))(j)?,
        58 => map(cut(icmp(Family::V6)), |t| Perm::Icmpv6(Some(t)))(j)?,
        other => map(cut(ports), |_| Perm::Number(other))(j)?,
    };
    let span = match node {
        Perm::Number(_) => n.span,
        _ => arg.span_to(k),
    };
    Ok((k, Spanned::new(node, span)))
}

/// ports = "all" | number [ "-" number ] ;
/// (* one word: 22, 1024-65535 *)
fn ports(i: Input<'_>) -> PResult<'_, PortSpec> {
    let (start, end) = raw_word(i);
    let word = start.slice_to(end);
    if let Some(fail) = oversized(start, word) {
        return Err(nom::Err::Failure(fail));
    }
    let spec = if word.eq_ignore_ascii_case("all") {
        Some(PortSpec::All)
    } else {
        match parse_int(word) {
            Some((port, "")) => Some(PortSpec::Single(port)),
            Some((from, rest)) => match rest.strip_prefix('-').and_then(parse_int) {
                Some((to, "")) => Some(PortSpec::Range(from, to)),
                _ => None,
            },
            None => None,
        }
    };
    match spec {
        Some(spec) => Ok((end, spec)),
        None => Fail::new(
            found_span(start),
            Reason::Expected("a port: 22, 1024-65535 or all"),
        )
        .error(),
    }
}

/// icmp = "all" | number [ ":" number ] | ? an ICMP type name of the protocol's table ? ;
/// (* one word: 8, 3:4, echo-request *)
fn icmp<'a>(family: Family) -> impl Fn(Input<'a>) -> PResult<'a, IcmpSpec> {
    move |i| {
        let (start, end) = raw_word(i);
        let word = start.slice_to(end);
        if word.eq_ignore_ascii_case("all") {
            return Ok((end, IcmpSpec::All));
        }
        if word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return match icmp_by_name(family, word) {
                Some(known) => {
                    let t = i64::from(known.icmp_type);
                    let spec = match known.code {
                        Some(code) => IcmpSpec::TypeCode(t, i64::from(code)),
                        None => IcmpSpec::Type(t),
                    };
                    Ok((end, spec))
                }
                None => Fail::worded(unknown_icmp(family, word, start.span_to(end))).failure(),
            };
        }
        if let Some(fail) = oversized(start, word) {
            return Err(nom::Err::Failure(fail));
        }
        let spec = match parse_int(word) {
            Some((t, "")) => Some(IcmpSpec::Type(t)),
            Some((t, rest)) => match rest.strip_prefix(':').and_then(parse_int) {
                Some((code, "")) => Some(IcmpSpec::TypeCode(t, code)),
                _ => None,
            },
            None => None,
        };
        match spec {
            Some(spec) => Ok((end, spec)),
            None => {
                let what =
                    "an ICMP type: all, a type (8), type:code (3:4) or a name (echo-request)";
                Fail::new(found_span(start), Reason::Expected(what)).error()
            }
        }
    }
}

/// The error for an ICMP name not in the table of `family`.
fn unknown_icmp(family: Family, word: &str, span: crate::lang::ast::Span) -> Diagnostic {
    let protocol = match family {
        Family::V4 => "ICMP",
        Family::V6 => "ICMPv6",
    };
    let names = icmp_names(family).iter().map(|n| n.name);
    let help = match did_you_mean(word, names) {
        Some(name) => format!("did you mean {name}?"),
        None => "write a type (8), type:code (3:4), all, or a name such as echo-request".into(),
    };
    Diagnostic::syntax(format!("unknown {protocol} type '{word}'"))
        .at(span)
        .label(format!("not an {protocol} type name"))
        .help(help)
}

/// peers = peer { "," peer } ;
fn peers(i: Input<'_>) -> PResult<'_, Vec<Spanned<Peer>>> {
    comma_list(peer, "a peer after ','")(i)
}

/// peer = address | prefix_list_peer | reference ;
/// (* a word written like an address is one; any other word names a group *)
pub(super) fn peer(i: Input<'_>) -> PResult<'_, Spanned<Peer>> {
    let s = ws(i);
    let (start, end) = raw_word(s);
    if !s.rest().starts_with('"') && looks_like_address(start.slice_to(end)) {
        let (j, cidr) = address(s)?;
        return Ok((j, Spanned::new(Peer::Cidr(cidr.node), cidr.span)));
    }
    if let Ok((j, list)) = prefix_list_peer(s) {
        return Ok((j, list));
    }
    let (j, group) = reference(s)?;
    let span = group.span;
    Ok((j, Spanned::new(Peer::Group(group), span)))
}

/// Whether a word is a prefix list's id: `pl-` and hex digits.
pub(crate) fn is_prefix_list_id(word: &str) -> bool {
    word.strip_prefix("pl-")
        .is_some_and(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// prefix_list_peer = "prefix-list" reference | ? "pl-" followed by hex digits ? ;
fn prefix_list_peer(i: Input<'_>) -> PResult<'_, Spanned<Peer>> {
    let s = ws(i);
    let (start, end) = raw_word(s);
    let word = start.slice_to(end);
    if is_prefix_list_id(word) {
        let list = Ref {
            qualifier: None,
            name: word.to_string(),
            span: start.span_to(end),
        };
        let span = list.span;
        return Ok((end, Spanned::new(Peer::PrefixList(list), span)));
    }
    let (j, _) = keyword("prefix-list")(s)?;
    let (j, list) = cut(context("the prefix list (its name or pl- id)", reference))(j)?;
    let span = start.span_to(j);
    Ok((j, Spanned::new(Peer::PrefixList(list), span)))
}
