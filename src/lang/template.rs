//! Command templates: each command's shape as data, which help prints, hints finish and
//! completion walks, so the three cannot drift apart.
//!
//! A template is a sequence of [`Part`]s: keywords, slots (where a value goes, and of what kind),
//! optional clauses, choices, options in any order, comma lists and named sub-rules such as
//! `<perm>`. The parser (`parse.rs`) stays the authority on what a line means; templates describe
//! the same grammar loosely enough to follow a half-typed line word by word. Tests keep them in
//! step: every help example and every line of the parser's data files must walk its template to
//! the end.
//!
//! Matching is a small nondeterministic walk: a [`State`] is a stack of frames (where we are in
//! each enclosing sequence), and [`step`] moves every state over one word, keeping all the ways
//! the words so far can be read.

use super::help::COMMANDS;
use super::parse::{looks_like_address, parse_int};
use super::tokens::{Token, TokenKind, tokenize};
use std::sync::OnceLock;

mod render;

pub use render::{definitions, rest, syntax};

/// What goes in a slot: decides which words fit there and what completion offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// A new object's name (nothing to complete).
    Name,
    /// A quoted string (a description).
    Quoted,
    /// The rest of the line (`echo`'s text).
    Text,
    /// An IPv4 or IPv6 CIDR.
    Cidr,
    /// An IPv4 or IPv6 address.
    Address,
    Account,
    Region,
    Zone,
    Vpc,
    /// Where `show` looks: a VPC, or `classic`.
    Network,
    /// A subnet, written `vpc/name`.
    Subnet,
    /// A network ACL, written `name` or `vpc/name`.
    Nacl,
    /// A VPC peering connection.
    Peering,
    /// A managed prefix list.
    PrefixList,
    Group,
    Instance,
    Eni,
    /// A rule peer: a CIDR, a group or a prefix list id (or the words `prefix-list NAME`).
    Peer,
    /// A probe endpoint: an instance, an ENI, a cache cluster or node, a replication group, a DB
    /// instance or cluster, or an address.
    Endpoint,
    /// A security group rule id (`sgr-…`).
    RuleId,
    /// A readable group id to pin (`sg-app`).
    PinnedId,
    /// `22`, `1024-65535` or `all`.
    Port,
    /// An ICMP type: `all`, `8`, `3:4` or a name.
    Icmp,
    /// An ICMPv6 type.
    Icmpv6,
    Number,
    /// A file path.
    Path,
    /// A command's name (`help`'s topic).
    Topic,
    /// The second word of a command's name (`help create group`).
    TopicWord,
    /// An AWS error code (`InvalidGroup.Duplicate`).
    ErrorCode,
    /// A flow's name, as `connect … as NAME` gave it.
    Flow,
    /// A duration: `30s`, `5m`, `2h`, `5d`.
    Duration,
    /// An ElastiCache cache cluster.
    CacheCluster,
    /// An ElastiCache replication group.
    ReplicationGroup,
    /// An ElastiCache cache security group (EC2-Classic).
    CacheGroup,
    /// An RDS DB instance.
    DbInstance,
    /// An Aurora DB cluster.
    DbCluster,
    /// `redis` or `memcached`.
    CacheEngine,
    /// An RDS engine (`mysql`, `aurora-mysql`, …).
    DbEngine,
}

/// One part of a template.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    /// A keyword, matched ignoring case.
    Kw(&'static str),
    /// A value, shown as `<label>`.
    Slot(Slot, &'static str),
    /// One or more values separated by `,`, shown as `<label>, …`.
    List(Slot, &'static str),
    /// An optional clause, shown in `[…]`.
    Opt(&'static [Part]),
    /// One of several sequences.
    Choice(&'static [&'static [Part]]),
    /// Options in any order, each at most once, each shown in `[…]`.
    Options(&'static [&'static [Part]]),
    /// A sub-rule shown by its name (`<perm>`), whose parts help spells out.
    Named(&'static str, &'static [Part]),
    /// A sequence shared by several templates, shown inline.
    Seq(&'static [Part]),
    /// The `:` before an expectation's command.
    Colon,
    /// A whole command (`expect error: <command>`).
    Command,
}

/// One thing that can come next: a keyword, a slot, a separator, or the end of the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Atom {
    Kw(&'static str),
    Slot(Slot, &'static str),
    Comma,
    Colon,
    End,
}

#[derive(Clone, Copy, Debug)]
enum Frame {
    /// The parts of a sequence from the index on.
    Seq(&'static [Part], usize),
    /// The options of an `Options` part; bit k set when option k was given.
    Options(&'static [&'static [Part]], u32),
    /// A list after an item: a `,` and another item may follow.
    ListMore(Slot, &'static str),
    /// A list after a `,`: an item must follow.
    ListItem(Slot, &'static str),
    /// The rest of the line: any word may follow.
    Rest,
}

impl PartialEq for Frame {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Frame::Seq(a, i), Frame::Seq(b, j)) => std::ptr::eq(*a, *b) && i == j,
            (Frame::Options(a, u), Frame::Options(b, v)) => std::ptr::eq(*a, *b) && u == v,
            (Frame::ListMore(a, _), Frame::ListMore(b, _)) => a == b,
            (Frame::ListItem(a, _), Frame::ListItem(b, _)) => a == b,
            (Frame::Rest, Frame::Rest) => true,
            _ => false,
        }
    }
}

/// A place in a template: what is left to match, innermost last.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    frames: Vec<Frame>,
}

/// How deep nested commands may go (`expect error: expect error: …`), so no input can recurse
/// without end.
const MAX_FRAMES: usize = 64;

/// The states before the first word: the start of every command.
pub fn start() -> Vec<State> {
    COMMANDS
        .iter()
        .map(|c| State {
            frames: vec![Frame::Seq(c.template, 0)],
        })
        .collect()
}

/// What can come next from `state`, each with the state after it.
pub fn next(state: &State) -> Vec<(Atom, State)> {
    let mut out = Vec::new();
    expand(state.frames.clone(), &mut out);
    out
}

fn expand(mut frames: Vec<Frame>, out: &mut Vec<(Atom, State)>) {
    if frames.len() > MAX_FRAMES {
        return;
    }
    let Some(top) = frames.pop() else {
        out.push((Atom::End, State { frames }));
        return;
    };
    match top {
        Frame::Seq(parts, i) => match parts.get(i) {
            None => expand(frames, out),
            Some(part) => {
                frames.push(Frame::Seq(parts, i + 1));
                expand_part(*part, frames, out);
            }
        },
        Frame::Options(options, used) => {
            for (k, option) in options.iter().enumerate() {
                let bit = 1u32 << (k % 32);
                if used & bit == 0 {
                    let mut f = frames.clone();
                    f.push(Frame::Options(options, used | bit));
                    f.push(Frame::Seq(option, 0));
                    expand(f, out);
                }
            }
            expand(frames, out);
        }
        Frame::ListMore(slot, label) => {
            let mut f = frames.clone();
            f.push(Frame::ListItem(slot, label));
            out.push((Atom::Comma, State { frames: f }));
            expand(frames, out);
        }
        Frame::ListItem(slot, label) => {
            frames.push(Frame::ListMore(slot, label));
            list_item(slot, label, frames, out);
        }
        Frame::Rest => {
            let mut f = frames.clone();
            f.push(Frame::Rest);
            out.push((Atom::Slot(Slot::Text, "text"), State { frames: f }));
            expand(frames, out);
        }
    }
}

/// A peer written in two words: `prefix-list NAME`.
const PREFIX_LIST_PEER: &[Part] = &[Part::Slot(Slot::PrefixList, "prefix list")];

/// One item of a list, with `frames` (ending in the list's frame) what follows it: the slot, and
/// for a peer also `prefix-list` and a list's name.
fn list_item(slot: Slot, label: &'static str, frames: Vec<Frame>, out: &mut Vec<(Atom, State)>) {
    if slot == Slot::Peer {
        let mut f = frames.clone();
        f.push(Frame::Seq(PREFIX_LIST_PEER, 0));
        out.push((Atom::Slot(slot, label), State { frames }));
        out.push((Atom::Kw("prefix-list"), State { frames: f }));
    } else {
        out.push((Atom::Slot(slot, label), State { frames }));
    }
}

/// Expands `part`, with `frames` what follows it.
fn expand_part(part: Part, mut frames: Vec<Frame>, out: &mut Vec<(Atom, State)>) {
    match part {
        Part::Kw(k) => out.push((Atom::Kw(k), State { frames })),
        Part::Slot(Slot::Text, label) => {
            frames.push(Frame::Rest);
            out.push((Atom::Slot(Slot::Text, label), State { frames }));
        }
        Part::Slot(slot, label) => out.push((Atom::Slot(slot, label), State { frames })),
        Part::List(slot, label) => {
            frames.push(Frame::ListMore(slot, label));
            list_item(slot, label, frames, out);
        }
        Part::Opt(parts) => {
            let mut f = frames.clone();
            f.push(Frame::Seq(parts, 0));
            expand(f, out);
            expand(frames, out);
        }
        Part::Choice(alternatives) => {
            for alternative in alternatives {
                let mut f = frames.clone();
                f.push(Frame::Seq(alternative, 0));
                expand(f, out);
            }
        }
        Part::Options(options) => {
            frames.push(Frame::Options(options, 0));
            expand(frames, out);
        }
        Part::Named(_, parts) | Part::Seq(parts) => {
            frames.push(Frame::Seq(parts, 0));
            expand(frames, out);
        }
        Part::Colon => out.push((Atom::Colon, State { frames })),
        Part::Command => {
            for command in COMMANDS {
                let mut f = frames.clone();
                f.push(Frame::Seq(command.template, 0));
                expand(f, out);
            }
        }
    }
}

/// A word as templates see it: a word or quoted string, a `,`, or a `:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word<'a> {
    Word(&'a str),
    Quoted(&'a str),
    Comma,
    Colon,
}

/// The words of `text` for matching, each with its byte range: comments and continuations
/// dropped, and a lone `:` told apart from a word.
pub fn words(text: &str) -> Vec<(Word<'_>, usize, usize)> {
    let mut out = Vec::new();
    for Token { kind, start, end } in tokenize(text) {
        let s = text.get(start..end).unwrap_or("");
        match kind {
            TokenKind::Comment | TokenKind::Continuation => {}
            TokenKind::Comma => out.push((Word::Comma, start, end)),
            TokenKind::Quoted { .. } => out.push((Word::Quoted(s), start, end)),
            TokenKind::Word if s == ":" => out.push((Word::Colon, start, end)),
            TokenKind::Word => out.push((Word::Word(s), start, end)),
        }
    }
    out
}

/// Letters, digits and dots, starting with a letter: a keyword or an AWS error code.
fn is_code(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
}

/// Whether `word` fits `atom`.
pub fn accepts(atom: Atom, word: Word<'_>) -> bool {
    match (atom, word) {
        (Atom::Kw(k), Word::Word(w)) => w.eq_ignore_ascii_case(k),
        (Atom::Comma, Word::Comma) | (Atom::Colon, Word::Colon) => true,
        (Atom::Slot(slot, _), word) => slot_accepts(slot, word),
        _ => false,
    }
}

/// Whether `word` fits a slot, as the parser would take it there: a quoted string is a name, a
/// path, a description or text, never a number or an address.
fn slot_accepts(slot: Slot, word: Word<'_>) -> bool {
    let numeric = matches!(
        slot,
        Slot::Cidr
            | Slot::Address
            | Slot::Port
            | Slot::Icmp
            | Slot::Icmpv6
            | Slot::Number
            | Slot::ErrorCode
            | Slot::Duration
    );
    let w = match word {
        Word::Word(w) => w,
        Word::Quoted(_) => return !numeric,
        Word::Comma | Word::Colon => return slot == Slot::Text,
    };
    match slot {
        Slot::Quoted => false,
        Slot::Cidr | Slot::Address => looks_like_address(w),
        Slot::Number => matches!(parse_int(w), Some((_, ""))),
        Slot::Port => w.eq_ignore_ascii_case("all") || is_int_pair(w, '-'),
        Slot::Icmp | Slot::Icmpv6 => {
            w.starts_with(|c: char| c.is_ascii_alphabetic()) || is_int_pair(w, ':')
        }
        Slot::ErrorCode => is_code(w),
        Slot::Duration => is_duration(w),
        // `prefix-list` starts a two-word peer (`prefix-list NAME`), never names a group.
        Slot::Peer => !w.eq_ignore_ascii_case("prefix-list"),
        _ => true,
    }
}

/// Digits and a unit: `30s`, `5m`, `2h`, `5d`.
fn is_duration(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && w.get(digits..).is_some_and(|u| {
            ["s", "m", "h", "d"]
                .iter()
                .any(|k| u.eq_ignore_ascii_case(k))
        })
}

/// `n` or `n<sep>m`.
fn is_int_pair(w: &str, sep: char) -> bool {
    match parse_int(w) {
        Some((_, "")) => true,
        Some((_, rest)) => rest
            .strip_prefix(sep)
            .and_then(parse_int)
            .is_some_and(|(_, tail)| tail.is_empty()),
        None => false,
    }
}

/// The states after `word`, from each of `states`.
pub fn step(states: &[State], word: Word<'_>) -> Vec<State> {
    let mut out: Vec<State> = Vec::new();
    for state in states {
        for (atom, after) in next(state) {
            if accepts(atom, word) && !out.contains(&after) {
                out.push(after);
            }
        }
    }
    out
}

/// The states after every word of `text` from the start of a command; empty when the words fit
/// no command.
pub fn walk(text: &str) -> Vec<State> {
    walk_from(start(), text)
}

/// The states after every word of `text` from the start of `template` alone.
pub fn walk_template(template: &'static [Part], text: &str) -> Vec<State> {
    let start = State {
        frames: vec![Frame::Seq(template, 0)],
    };
    walk_from(vec![start], text)
}

fn walk_from(mut states: Vec<State>, text: &str) -> Vec<State> {
    for (word, _, _) in words(text) {
        states = step_word(&states, word);
        if states.is_empty() {
            break;
        }
    }
    states
}

/// [`step`] over a word that may hold a `:` the parser reads apart: `error:`,
/// `InvalidGroup.Duplicate:show` and `:show` (after a quoted string) are a keyword or code, a `:`
/// and maybe a word, while `a:b` may be a name and `fe80::1` an address. Both readings are kept.
pub fn step_word(states: &[State], word: Word<'_>) -> Vec<State> {
    let mut out = step(states, word);
    if let Word::Word(w) = word
        && let Some((head, tail)) = w.split_once(':')
        && (head.is_empty() || is_code(head))
    {
        let before = if head.is_empty() {
            states.to_vec()
        } else {
            step(states, Word::Word(head))
        };
        let mut split = step(&before, Word::Colon);
        if !tail.is_empty() {
            split = step(&split, Word::Word(tail));
        }
        for state in split {
            if !out.contains(&state) {
                out.push(state);
            }
        }
    }
    out
}

/// Whether a command may end in one of `states`.
pub fn may_end(states: &[State]) -> bool {
    states
        .iter()
        .any(|s| next(s).iter().any(|(a, _)| *a == Atom::End))
}

/// Every keyword of every template, in the order they first appear.
pub fn keywords() -> &'static [&'static str] {
    static KEYWORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let mut out = Vec::new();
        for command in COMMANDS {
            collect_keywords(command.template, &mut out);
        }
        out
    })
}

/// Whether `word` is a keyword of the language (ignoring case).
pub fn is_keyword(word: &str) -> bool {
    keywords().iter().any(|k| k.eq_ignore_ascii_case(word))
}

fn collect_keywords(parts: &[Part], out: &mut Vec<&'static str>) {
    for part in parts {
        match part {
            Part::Kw(k) if !out.contains(k) => out.push(k),
            Part::Opt(inner) | Part::Named(_, inner) | Part::Seq(inner) => {
                collect_keywords(inner, out)
            }
            Part::Choice(alternatives) | Part::Options(alternatives) => {
                for a in *alternatives {
                    collect_keywords(a, out);
                }
            }
            _ => {}
        }
    }
}
