//! Completion and hints for a half-typed line: what can come next, from the command templates
//! (`help::COMMANDS`) and the names in the live world, which it asks of a [`Names`].
//!
//! [`complete`] answers Tab: the words that fit where the cursor is (keywords by grammar
//! position; VPC, subnet, group, instance, ENI, network ACL, peering and rule names, and cache
//! clusters and their nodes, replication groups, cache security groups, DB instances and DB
//! clusters, from the world where a reference goes; protocols, ICMP names and well-known ports). [`hint`] answers every key
//! press: the rest of the command's template (`from <peer> to <group>`), or the end of the word
//! being typed when only one word fits. Both are pure functions of the text and the names, with no terminal, so the
//! REPL and the TUI's command line complete exactly the same language.
//!
//! References are offered the way they resolve: a name when it names one object, else qualified
//! (`prod/web`, `classic/default`), else the id. The [`Names`] spells them so (the session's,
//! with the world's own resolver); this module knows no world.

use super::help::COMMANDS;
use super::names::{NameKind, Names};
use super::parse::bare_char;
use super::template::{self, Atom, Slot, State, Word};
use super::tokens::{TokenKind, tokenize};
use crate::vocab::Family;
use crate::vocab::protocol::icmp_names;

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
pub fn complete(line: &str, cursor: usize, names: &dyn Names) -> Completion {
    complete_in(line, cursor, names, &[])
}

/// [`complete`], offering `flows` (the session's flow names) where a flow is named.
pub fn complete_in(line: &str, cursor: usize, names: &dyn Names, flows: &[&str]) -> Completion {
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
        candidates: candidates(&states, typing.prefix, names, flows),
    }
}

/// The rest of the command typed so far in `line` (the cursor at its end), to show dimmed after
/// it: the end of the word being typed when only one word fits, then the template's remaining
/// parts (`from <peer> to <group>`). `None` when there is nothing useful to say.
pub fn hint(line: &str, names: &dyn Names) -> Option<String> {
    hint_in(line, names, &[])
}

/// [`hint`], knowing the session's flow names.
pub fn hint_in(line: &str, names: &dyn Names, flows: &[&str]) -> Option<String> {
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
    let candidates = candidates(&states, prefix, names, flows);
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
fn candidates(states: &[State], prefix: &str, names: &dyn Names, flows: &[&str]) -> Vec<String> {
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
                    for c in slot_candidates(slot, names, prefix) {
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

// ----- names and words -----

/// A name as the language writes it: bare when it can be, else quoted.
pub fn written(name: &str) -> String {
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

fn slot_candidates(slot: Slot, names: &dyn Names, prefix: &str) -> Vec<String> {
    let kind = |kind: NameKind| names.names(kind, prefix);
    match slot {
        Slot::Vpc => kind(NameKind::Vpc),
        Slot::Network => kind(NameKind::Network),
        Slot::Subnet => kind(NameKind::Subnet),
        Slot::Nacl => kind(NameKind::Nacl),
        Slot::Peering => kind(NameKind::Peering),
        Slot::PrefixList => kind(NameKind::PrefixList),
        Slot::Group => kind(NameKind::Group),
        Slot::Peer => {
            let mut out = kind(NameKind::Group);
            if prefix.starts_with("pl-") {
                out.extend(
                    kind(NameKind::PrefixList)
                        .into_iter()
                        .filter(|w| w.starts_with("pl-")),
                );
            }
            out.extend(ANYWHERE.iter().map(|s| s.to_string()));
            out
        }
        Slot::Instance => kind(NameKind::Instance),
        Slot::Eni => kind(NameKind::Eni),
        Slot::Endpoint => kind(NameKind::Endpoint),
        Slot::CacheCluster => kind(NameKind::CacheCluster),
        Slot::ReplicationGroup => kind(NameKind::ReplicationGroup),
        Slot::CacheGroup => kind(NameKind::CacheGroup),
        Slot::DbInstance => kind(NameKind::DbInstance),
        Slot::DbCluster => kind(NameKind::DbCluster),
        Slot::CacheEngine => kind(NameKind::CacheEngine),
        Slot::DbEngine => kind(NameKind::DbEngine),
        Slot::RuleId => kind(NameKind::RuleId),
        Slot::Port => WELL_KNOWN_PORTS.iter().map(|s| s.to_string()).collect(),
        Slot::Icmp => icmp(Family::V4),
        Slot::Icmpv6 => icmp(Family::V6),
        Slot::Account => kind(NameKind::Account),
        Slot::Region => {
            let mut out = kind(NameKind::Region);
            out.extend(REGIONS.iter().map(|s| s.to_string()));
            out
        }
        Slot::Zone => kind(NameKind::Zone),
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

#[cfg(test)]
mod tests;
