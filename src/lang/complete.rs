//! Completion and hints for a half-typed line: what can come next, from the command templates
//! (`help::COMMANDS`) and the names in the live world.
//!
//! [`complete`] answers Tab: the words that fit where the cursor is (keywords by grammar
//! position; VPC, subnet, group, instance, ENI, network ACL, peering and rule names, and cache
//! clusters and their nodes, replication groups, cache security groups, DB instances and DB
//! clusters, from the world where a reference goes; protocols, ICMP names and well-known ports). [`hint`] answers every key
//! press: the rest of the command's template (`from <peer> to <group>`), or the end of the word
//! being typed when only one word fits. Both are pure functions of the text and the world, with no terminal, so the
//! REPL and the TUI's command line complete exactly the same language.
//!
//! References are offered the way they resolve: a name when it names one object, else qualified
//! (`prod/web`, `classic/default`), else the id, checked with the world's own resolver.

use super::help::COMMANDS;
use super::parse::bare_char;
use super::template::{self, Atom, Slot, State, Word};
use super::tokens::{TokenKind, tokenize};
use crate::lang::ast::{Ref, Span};
use crate::world::World;
use crate::world::proto::{Family, icmp_names};

/// What Tab offers: candidates to replace `line[start..cursor]` with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The byte offset where the word being completed starts.
    pub start: usize,
    /// The words that fit there, in a useful order, without duplicates.
    pub candidates: Vec<String>,
}

/// Ports people open most, offered after `tcp` and `udp`.
pub const WELL_KNOWN_PORTS: &[&str] = &[
    "22",
    "80",
    "443",
    "3306",
    "5432",
    "6379",
    "11211",
    "53",
    "123",
    "25",
    "3389",
    "8080",
    "27017",
    "1024-65535",
    "all",
];

/// Regions offered after `region`, besides those the world already has.
const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
];

/// The CIDRs that stand for everyone, offered as rule peers.
const ANYWHERE: &[&str] = &["0.0.0.0/0", "::/0"];

/// The words that fit at `cursor` in `line`, and where the word they replace starts.
pub fn complete(line: &str, cursor: usize, world: &World) -> Completion {
    complete_in(line, cursor, world, &[])
}

/// [`complete`], offering `flows` (the session's flow names) where a flow is named.
pub fn complete_in(line: &str, cursor: usize, world: &World, flows: &[&str]) -> Completion {
    let text = line.get(..floor_boundary(line, cursor)).unwrap_or("");
    let Some(typing) = typing(text) else {
        return Completion {
            start: text.len(),
            candidates: Vec::new(),
        };
    };
    let states = template::walk(&text[..typing.start]);
    Completion {
        start: typing.start,
        candidates: candidates(&states, typing.prefix, world, flows),
    }
}

/// The rest of the command typed so far in `line` (the cursor at its end), to show dimmed after
/// it: the end of the word being typed when only one word fits, then the template's remaining
/// parts (`from <peer> to <group>`). `None` when there is nothing useful to say.
pub fn hint(line: &str, world: &World) -> Option<String> {
    hint_in(line, world, &[])
}

/// [`hint`], knowing the session's flow names.
pub fn hint_in(line: &str, world: &World, flows: &[&str]) -> Option<String> {
    if line.trim().is_empty() {
        return None;
    }
    let typing = typing(line)?;
    let states = template::walk(&line[..typing.start]);
    if states.is_empty() {
        return None;
    }
    let prefix = typing.prefix;
    if prefix.is_empty() {
        return summary(&states);
    }
    let candidates = candidates(&states, prefix, world, flows);
    let exact = candidates.iter().any(|c| c.eq_ignore_ascii_case(prefix));
    match candidates.as_slice() {
        [only] if !exact => {
            let tail = strip_prefix_ignoring_case(only, prefix)?;
            let after = template::step_word(&states, word(only));
            Some(match summary(&after) {
                Some(rest) => format!("{tail} {rest}"),
                None => tail.to_string(),
            })
        }
        _ if candidates.is_empty() || exact => {
            let after = template::step_word(&states, word(prefix));
            summary(&after).map(|rest| format!(" {rest}"))
        }
        _ => None,
    }
}

/// The part of a hint that can be typed for the user: its leading keywords (or the end of the
/// word being typed), up to the first placeholder, choice or option.
pub fn hint_words(hint: &str) -> &str {
    let mut end = 0;
    let mut pos = 0;
    for piece in hint.split(' ') {
        let literal = !piece.is_empty() && !piece.contains(['<', '[', '|', '…', '"', ':']);
        if !literal {
            if pos == 0 && piece.is_empty() {
                pos += 1;
                continue;
            }
            break;
        }
        end = pos + piece.len();
        pos = end + 1;
    }
    hint.get(..end).unwrap_or("")
}

/// The word being typed: where it starts and what is typed of it.
struct Typing<'a> {
    start: usize,
    prefix: &'a str,
}

/// Where the word under the cursor (at the end of `text`) starts; `None` inside a comment or a
/// quoted string, where nothing is completed.
fn typing(text: &str) -> Option<Typing<'_>> {
    let tokens = tokenize(text);
    if tokens.iter().any(|t| t.kind == TokenKind::Comment) {
        return None;
    }
    let at_end = |start: usize| Typing {
        start,
        prefix: text.get(start..).unwrap_or(""),
    };
    match tokens.last() {
        Some(t) if t.end == text.len() => match t.kind {
            TokenKind::Word => {
                let word = t.text(text);
                // `error:` is a keyword and a colon: nothing of a word is being typed.
                if word.ends_with(':') {
                    Some(at_end(text.len()))
                } else {
                    Some(at_end(t.start))
                }
            }
            TokenKind::Comma => Some(at_end(text.len())),
            TokenKind::Quoted { .. } | TokenKind::Continuation | TokenKind::Comment => None,
        },
        _ => Some(at_end(text.len())),
    }
}

/// The words that can follow in any of `states` and start with `prefix` (ignoring case).
fn candidates(states: &[State], prefix: &str, world: &World, flows: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut slots: Vec<Slot> = Vec::new();
    let push = |c: String, out: &mut Vec<String>| {
        if strip_prefix_ignoring_case(&c, prefix).is_some() && !out.contains(&c) {
            out.push(c);
        }
    };
    for state in states {
        for (atom, _) in template::next(state) {
            match atom {
                Atom::Kw(k) => push(k.to_string(), &mut out),
                Atom::Slot(Slot::Flow, _) if !slots.contains(&Slot::Flow) => {
                    slots.push(Slot::Flow);
                    for name in flows {
                        push(written(name), &mut out);
                    }
                }
                Atom::Slot(slot, _) if !slots.contains(&slot) => {
                    slots.push(slot);
                    for c in slot_candidates(slot, world, prefix) {
                        push(c, &mut out);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// `rest` after the case-insensitive `prefix` of `s`, if `s` starts with it.
fn strip_prefix_ignoring_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &s[i..]))
}

/// A candidate as a word for the template walk.
fn word(text: &str) -> Word<'_> {
    if text.starts_with('"') {
        Word::Quoted(text)
    } else {
        Word::Word(text)
    }
}

/// What the hint shows for `states`: their common rest, or the words that can come next.
fn summary(states: &[State]) -> Option<String> {
    let mut rests: Vec<String> = Vec::new();
    for state in states {
        let rest = template::rest(state);
        if !rest.is_empty() && !rests.contains(&rest) {
            rests.push(rest);
        }
    }
    match rests.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => {
            let mut firsts: Vec<&str> = Vec::new();
            for rest in many {
                let first = rest.split(' ').next().unwrap_or("");
                if !firsts.contains(&first) {
                    firsts.push(first);
                }
            }
            Some(format!("{} …", firsts.join("|")))
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ----- the world's names -----

/// A name as the language writes it: bare when it can be, else quoted.
fn written(name: &str) -> String {
    let bare = name.chars().next().is_some_and(|c| c != '#') && name.chars().all(bare_char);
    if bare {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The first spelling of `spellings` (qualifier, name) that `resolves`, written as the user would
/// type it; else `id`.
fn spelling(
    spellings: &[(Option<&str>, &str)],
    resolves: impl Fn(&Ref) -> bool,
    id: &str,
) -> String {
    for (qualifier, name) in spellings {
        let bare = |s: &str| !s.is_empty() && s.chars().all(bare_char);
        if qualifier.is_some_and(|q| !bare(q)) || (qualifier.is_some() && !bare(name)) {
            continue;
        }
        let r = Ref {
            qualifier: qualifier.map(str::to_string),
            name: (*name).to_string(),
            span: Span::default(),
        };
        if resolves(&r) {
            return match qualifier {
                Some(q) => format!("{q}/{name}"),
                None => written(name),
            };
        }
    }
    id.to_string()
}

/// Whether an id was pinned by the user (`sg-app`) rather than minted (`sg-` and 17 hex digits).
fn is_pinned(id: &str) -> bool {
    let digits = id.split_once('-').map_or("", |(_, d)| d);
    !(digits.len() == 17 && digits.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn slot_candidates(slot: Slot, world: &World, prefix: &str) -> Vec<String> {
    match slot {
        Slot::Vpc => vpcs(world, prefix),
        Slot::Network => {
            let mut out = vpcs(world, prefix);
            out.push(crate::world::lookup::CLASSIC.to_string());
            out
        }
        Slot::Subnet => subnets(world, prefix),
        Slot::Nacl => nacls(world, prefix),
        Slot::Peering => peerings(world, prefix),
        Slot::Group => groups(world, prefix),
        Slot::Peer => {
            let mut out = groups(world, prefix);
            out.extend(ANYWHERE.iter().map(|s| s.to_string()));
            out
        }
        Slot::Instance => instances(world, prefix),
        Slot::Eni => enis(world, prefix),
        Slot::Endpoint => {
            let mut out = instances(world, prefix);
            out.extend(services::endpoints(world));
            out.extend(enis(world, prefix));
            out
        }
        Slot::CacheCluster => services::cache_clusters(world),
        Slot::ReplicationGroup => services::replication_groups(world),
        Slot::CacheGroup => services::cache_groups(world),
        Slot::DbInstance => services::db_instances(world),
        Slot::DbCluster => services::db_clusters(world),
        Slot::CacheEngine => services::cache_engines(),
        Slot::DbEngine => services::db_engines(),
        Slot::RuleId => rule_ids(world),
        Slot::Port => WELL_KNOWN_PORTS.iter().map(|s| s.to_string()).collect(),
        Slot::Icmp => icmp(Family::V4),
        Slot::Icmpv6 => icmp(Family::V6),
        Slot::Account => {
            let mut out: Vec<String> = Vec::new();
            for scope in &world.scopes {
                if !out.contains(&scope.account) {
                    out.push(scope.account.clone());
                }
            }
            out
        }
        Slot::Region => {
            let mut out: Vec<String> = world.scopes.iter().map(|s| s.region.clone()).collect();
            out.extend(REGIONS.iter().map(|s| s.to_string()));
            out
        }
        Slot::Zone => ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|z| format!("{}{z}", world.scope.region))
            .collect(),
        Slot::Topic => {
            let mut out: Vec<String> = Vec::new();
            for command in COMMANDS {
                let first = command.name.split(' ').next().unwrap_or("").to_string();
                if !out.contains(&first) {
                    out.push(first);
                }
            }
            out
        }
        Slot::TopicWord => {
            let mut out: Vec<String> = Vec::new();
            for command in COMMANDS {
                if let Some((_, second)) = command.name.split_once(' ')
                    && !out.iter().any(|w| w == second)
                {
                    out.push(second.to_string());
                }
            }
            out
        }
        Slot::Duration => ["30s", "5m", "2h", "5d"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        Slot::Name
        | Slot::Flow
        | Slot::Quoted
        | Slot::Text
        | Slot::Cidr
        | Slot::Address
        | Slot::PinnedId
        | Slot::Number
        | Slot::Path
        | Slot::ErrorCode => Vec::new(),
    }
}

fn icmp(family: Family) -> Vec<String> {
    std::iter::once("all")
        .chain(icmp_names(family).iter().map(|n| n.name))
        .map(str::to_string)
        .collect()
}

/// Objects of the current account and region first, each kind in creation order.
fn ordered<'a, T>(
    items: impl Iterator<Item = &'a T>,
    here: impl Fn(&T) -> bool,
    seq: impl Fn(&T) -> u64,
) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.collect();
    list.sort_by_key(|x| (!here(x), seq(x)));
    list
}

fn vpcs(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.vpcs.values(), |v| v.scope == world.scope, |v| v.seq);
    let mut out = Vec::new();
    for v in list {
        let resolves = |r: &Ref| world.resolve_vpc(r).is_ok_and(|x| x.id == v.id);
        let account = v.scope.account.as_str();
        out.push(spelling(
            &[(None, &v.name), (Some(account), &v.name)],
            resolves,
            v.id.as_str(),
        ));
        if prefix.starts_with("vpc-") {
            out.push(v.id.to_string());
        }
    }
    out
}

fn subnets(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(
        world.subnets.values(),
        |s| s.scope == world.scope,
        |s| s.seq,
    );
    let mut out = Vec::new();
    for s in list {
        let vpc = world.vpc_name(&s.vpc);
        let resolves = |r: &Ref| world.resolve_subnet(r).is_ok_and(|x| x.id == s.id);
        out.push(spelling(&[(Some(&vpc), &s.name)], resolves, s.id.as_str()));
        if prefix.starts_with("subnet-") {
            out.push(s.id.to_string());
        }
    }
    out
}

fn groups(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.groups.values(), |g| g.scope == world.scope, |g| g.seq);
    let mut out = Vec::new();
    for g in list {
        let home = match &g.vpc {
            Some(v) => world.vpc_name(v),
            None => crate::world::lookup::CLASSIC.to_string(),
        };
        let account = g.scope.account.as_str();
        let resolves = |r: &Ref| world.resolve_group(r, None).is_ok_and(|x| x.id == g.id);
        out.push(spelling(
            &[
                (None, &g.name),
                (Some(&home), &g.name),
                (Some(account), &g.name),
            ],
            resolves,
            g.id.as_str(),
        ));
        if is_pinned(g.id.as_str()) || prefix.starts_with("sg-") {
            out.push(g.id.to_string());
        }
    }
    out
}

fn instances(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(
        world.instances.values(),
        |i| i.scope == world.scope,
        |i| i.seq,
    );
    let mut out = Vec::new();
    for i in list {
        let resolves = |r: &Ref| world.resolve_instance(r).is_ok_and(|x| x.id == i.id);
        let account = i.scope.account.as_str();
        out.push(spelling(
            &[(None, &i.name), (Some(account), &i.name)],
            resolves,
            i.id.as_str(),
        ));
        if prefix.starts_with("i-") {
            out.push(i.id.to_string());
        }
    }
    out
}

/// Secondary interfaces by name (a primary one is named by its instance), every one by id.
fn enis(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.enis.values(), |e| e.scope == world.scope, |e| e.seq);
    let mut out = Vec::new();
    for e in list {
        if e.device_index > 0 {
            let resolves = |r: &Ref| world.resolve_eni(r).is_ok_and(|x| x.id == e.id);
            out.push(spelling(&[(None, &e.name)], resolves, e.id.as_str()));
        }
        if prefix.starts_with("eni-") {
            out.push(e.id.to_string());
        }
    }
    out
}

/// Network ACLs by name when it names one, else `vpc/name`, else by id.
fn nacls(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(world.nacls.values(), |n| n.scope == world.scope, |n| n.seq);
    let mut out = Vec::new();
    for n in list {
        let vpc = world.vpc_name(&n.vpc);
        let resolves = |r: &Ref| world.resolve_nacl(r).is_ok_and(|x| x.id == n.id);
        out.push(spelling(
            &[(None, &n.name), (Some(&vpc), &n.name)],
            resolves,
            n.id.as_str(),
        ));
        if prefix.starts_with("acl-") {
            out.push(n.id.to_string());
        }
    }
    out
}

/// The peerings of the current account and region (only there can they be deleted).
fn peerings(world: &World, prefix: &str) -> Vec<String> {
    let list = ordered(
        world.peerings.values(),
        |p| p.scope == world.scope,
        |p| p.seq,
    );
    let mut out = Vec::new();
    for p in list.into_iter().filter(|p| p.scope == world.scope) {
        let resolves = |r: &Ref| world.resolve_peering(r).is_ok_and(|x| x.id == p.id);
        out.push(spelling(&[(None, &p.name)], resolves, p.id.as_str()));
        if prefix.starts_with("pcx-") {
            out.push(p.id.to_string());
        }
    }
    out
}

/// The rules of the current account and region's groups.
fn rule_ids(world: &World) -> Vec<String> {
    let list = ordered(world.groups.values(), |_| true, |g| g.seq);
    list.into_iter()
        .filter(|g| g.scope == world.scope)
        .flat_map(|g| g.all_rules().map(|(_, r)| r.id.to_string()))
        .collect()
}

mod services;
#[cfg(test)]
mod tests;
