//! The lines scripts and benchmarks write by the thousand, read without the combinators: the
//! probe `probe tcp 443 from web-1 to db-1` (a protocol, `tcp` or `udp`, one port, and two
//! endpoints that are `internet`, an address or a bare name), and the one-peer rule `authorize
//! ingress tcp 443 from 10.0.0.0/16 to web` (or `egress … from web to db`: a CIDR or a bare group
//! name), and `create group web "the web tier" in prod`. Anything else, or anything unusual
//! about these words (a comment, a quote, a comma, a range, `via`, a description, a capital
//! letter, a character outside ASCII), is left to the general parser, which also gives every
//! error. In a debug build every answer is checked
//! against the general parser's.

use super::lex::{bare_char, looks_like_address};
use crate::lang::ast::{Command, Endpoint, GroupPlace, Peer, Probe, RuleSpec, Spanned};
use crate::vocab::{Direction, Perm, PortSpec, Ref, Span};

/// The command `text` is, when it is one of the common lines this file reads; `None` otherwise.
pub(super) fn line(text: &str) -> Option<Spanned<Command>> {
    let start = text.get(skip_blanks(text.as_bytes(), 0)..)?;
    if start.starts_with("probe ") {
        probe_line(text)
    } else if start.starts_with("authorize ") {
        authorize_line(text)
    } else if start.starts_with("create group ") {
        create_group_line(text)
    } else {
        None
    }
}

/// The probe line `text` is, when it is of the common form; `None` otherwise.
fn probe_line(text: &str) -> Option<Spanned<Command>> {
    let mut words = Words::new(text);
    let (probe, first) = words.next()?;
    let (proto, _) = words.next()?;
    let (port, port_span) = words.next()?;
    let (from, _) = words.next()?;
    let (source, source_span) = words.next()?;
    let (to, _) = words.next()?;
    let (dest, dest_span) = words.next()?;
    if words.next().is_some() || !words.plain || probe != "probe" || from != "from" || to != "to" {
        return None;
    }
    let port = PortSpec::Single(port_number(port)?);
    let packet = match proto {
        "tcp" => Perm::Tcp(Some(port)),
        "udp" => Perm::Udp(Some(port)),
        _ => return None,
    };
    let probe = Probe {
        packet: Spanned::new(packet, port_span),
        from: Spanned::new(endpoint(source, source_span)?, source_span),
        to: Spanned::new(endpoint(dest, dest_span)?, dest_span),
        via: None,
        sport: None,
    };
    Some(Spanned::new(
        Command::Probe(probe),
        Span::new(first.start, dest_span.end),
    ))
}

/// An `authorize` line with one peer, a TCP or UDP port and no description.
fn authorize_line(text: &str) -> Option<Spanned<Command>> {
    let mut words = Words::new(text);
    let (authorize, first) = words.next()?;
    let (direction, _) = words.next()?;
    let (proto, _) = words.next()?;
    let (port, port_span) = words.next()?;
    let (from, _) = words.next()?;
    let (a, a_span) = words.next()?;
    let (to, _) = words.next()?;
    let (b, b_span) = words.next()?;
    if words.next().is_some()
        || !words.plain
        || authorize != "authorize"
        || from != "from"
        || to != "to"
    {
        return None;
    }
    let (direction, (peer, peer_span), (group, group_span)) = match direction {
        "ingress" => (Direction::Ingress, (a, a_span), (b, b_span)),
        "egress" => (Direction::Egress, (b, b_span), (a, a_span)),
        _ => return None,
    };
    let port = PortSpec::Single(port_number(port)?);
    let perm = match proto {
        "tcp" => Perm::Tcp(Some(port)),
        "udp" => Perm::Udp(Some(port)),
        _ => return None,
    };
    let peer = if looks_like_address(peer) {
        Peer::Cidr(peer.to_string())
    } else {
        Peer::Group(group_name(peer, peer_span)?)
    };
    let rule = RuleSpec {
        direction,
        perm: Spanned::new(perm, port_span),
        peers: vec![Spanned::new(peer, peer_span)],
        group: group_name(group, group_span)?,
    };
    Some(Spanned::new(
        Command::Authorize {
            rule,
            description: None,
        },
        Span::new(first.start, b_span.end),
    ))
}

/// `create group NAME "DESCRIPTION"`, optionally `in VPC`: a name of ASCII letters, digits,
/// `.`, `_` and `-`, and a description of printable ASCII without quotes or backslashes.
fn create_group_line(text: &str) -> Option<Spanned<Command>> {
    let mut words = Words::new(text);
    let (create, first) = words.next()?;
    let (group, _) = words.next()?;
    let (name, name_span) = words.next()?;
    let plain_name = |w: &str| {
        w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    if create != "create"
        || group != "group"
        || !plain_name(name)
        || ["in", "classic", "id"].contains(&name)
    {
        return None;
    }
    let (description, description_span) = words.quoted()?;
    let mut end = description_span.end;
    let place = match words.next() {
        None => GroupPlace::DefaultVpc,
        Some(("in", _)) => {
            let (vpc, vpc_span) = words.next()?;
            end = vpc_span.end;
            GroupPlace::Vpc(group_name(vpc, vpc_span)?)
        }
        Some(_) => return None,
    };
    if words.next().is_some() || !words.plain {
        return None;
    }
    let command = Command::CreateGroup {
        name: Spanned::new(name.to_string(), name_span),
        description: Spanned::new(description.to_string(), description_span),
        place,
        id: None,
    };
    Some(Spanned::new(command, Span::new(first.start, end)))
}

/// A group written as a bare name, with an optional `qualifier/`; not a prefix list's id, nor
/// a word the grammar gives a meaning.
fn group_name(word: &str, span: Span) -> Option<Ref> {
    if matches!(
        word,
        "from" | "to" | "description" | "prefix-list" | "internet"
    ) || super::rules::is_prefix_list_id(word)
    {
        return None;
    }
    bare_ref(word, span, false)
}

/// The words of a line split at spaces and tabs, with their spans. `plain` turns false at a
/// byte that is neither printable ASCII nor a tab (the line is then left to the general parser).
struct Words<'a> {
    text: &'a str,
    at: usize,
    plain: bool,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words {
            text,
            at: 0,
            plain: true,
        }
    }

    fn next(&mut self) -> Option<(&'a str, Span)> {
        let bytes = self.text.as_bytes();
        let start = skip_blanks(bytes, self.at);
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if blank(b) {
                break;
            }
            self.plain &= (0x21..0x7f).contains(&b);
            end += 1;
        }
        if end == start {
            return None;
        }
        self.at = end;
        // Spaces and tabs are one byte each: `start` and `end` are on character boundaries.
        Some((self.text.get(start..end)?, Span::new(start, end)))
    }

    /// A quoted string of printable ASCII without quotes inside or backslashes, followed by a
    /// blank or the end: its text, and its span with the quotes.
    fn quoted(&mut self) -> Option<(&'a str, Span)> {
        let bytes = self.text.as_bytes();
        let start = skip_blanks(bytes, self.at);
        if bytes.get(start) != Some(&b'"') {
            return None;
        }
        let body = start + 1;
        let len = bytes.get(body..)?.iter().position(|&b| b == b'"')?;
        let close = body + len;
        let inside = bytes.get(body..close)?;
        if !inside
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) && b != b'\\')
        {
            return None;
        }
        let end = close + 1;
        if bytes.get(end).is_some_and(|&b| !blank(b)) {
            return None;
        }
        self.at = end;
        Some((self.text.get(body..close)?, Span::new(start, end)))
    }
}

/// A space or a tab: what separates words here. Each is one byte, so a position past them is on a
/// character boundary.
fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The position of the first byte at or after `at` that is not blank.
fn skip_blanks(bytes: &[u8], at: usize) -> usize {
    at + bytes
        .get(at..)
        .map_or(0, |rest| rest.iter().take_while(|&&b| blank(b)).count())
}

/// A port of one to five digits without a leading zero.
fn port_number(word: &str) -> Option<i64> {
    let ok = (1..=5).contains(&word.len())
        && !word.starts_with('0')
        && word.bytes().all(|b| b.is_ascii_digit());
    if ok { word.parse().ok() } else { None }
}

/// `internet`, an address, or a bare name with an optional `qualifier/`.
fn endpoint(word: &str, span: Span) -> Option<Endpoint> {
    if word == "internet" {
        return Some(Endpoint::Internet);
    }
    if word.eq_ignore_ascii_case("internet") || word.starts_with('#') {
        return None;
    }
    // An IPv4 address starts with a digit and an IPv6 address holds a ':'; a name is neither.
    let may_be_address =
        word.starts_with(|c: char| c.is_ascii_digit()) || word.bytes().any(|b| b == b':');
    if may_be_address && word.parse::<std::net::IpAddr>().is_ok() {
        return Some(Endpoint::Address(word.to_string()));
    }
    Some(Endpoint::Object(bare_ref(word, span, true)?))
}

/// `name` or `qualifier/name` of bare characters (and `#`, a cache node's, when `node`). A
/// keyword followed by ':' ends at the ':' for the general parser: such words are left to it.
fn bare_ref(word: &str, span: Span, node: bool) -> Option<Ref> {
    if word.bytes().any(|b| matches!(b, b':' | b',' | b'"')) {
        return None;
    }
    let (qualifier, name) = match word.split_once('/') {
        Some((q, n)) => (Some(q), n),
        None => (None, word),
    };
    let bare = |part: &str| {
        let bytes = part.as_bytes();
        if bytes.is_ascii() {
            return bytes.first().is_some_and(|&b| ascii_bare(b))
                && bytes
                    .iter()
                    .skip(1)
                    .all(|&b| ascii_bare(b) || (node && b == b'#'));
        }
        let mut chars = part.chars();
        chars.next().is_some_and(bare_char) && chars.all(|c| bare_char(c) || (node && c == '#'))
    };
    if !qualifier.is_none_or(bare) || !bare(name) {
        return None;
    }
    Some(Ref {
        qualifier: qualifier.map(str::to_string),
        name: name.to_string(),
        span,
    })
}

/// `bare_char` of an ASCII character, read as a byte.
fn ascii_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._-:@()[]{}+=&;!$*".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::{ascii_bare, bare_char, line};
    use crate::lang::parse::parse_command;

    const PROTOCOLS: &[&str] = &["tcp", "udp", "TCP", "icmp", "all", "6"];
    const PORTS: &[&str] = &[
        "22", "022", "0", "65535", "70000", "123456", "22-23", "all", "x",
    ];
    const WORDS: &[&str] = &[
        "internet",
        "Internet",
        "10.0.0.1",
        "10.0.0.0/8",
        "10.0.0.0/33",
        "10.0.0.0/",
        "::1",
        "::/0",
        "10.0.0.300",
        "web-1",
        "prod/web-1",
        "/x",
        "a/",
        "a/b/c",
        "#x",
        "i1#2",
        "internet:x",
        "\"q\"",
        "a,b",
        "caf\u{e9}",
        "from",
        "to",
        "description",
        "prefix-list",
        "pl-0a1b",
        "sg-0123",
    ];
    const ENDS: &[(&str, &str)] = &[
        ("", ""),
        ("  ", " "),
        ("\t", " # note"),
        ("", " via public"),
        ("", " description \"x\""),
    ];

    /// Every line built of these words goes through `parse_command`, whose debug check compares
    /// the fast path's answer with the general parser's on every line the fast path takes.
    fn check(lines: impl Iterator<Item = String>) -> usize {
        let mut fast = 0;
        for l in lines {
            fast += usize::from(line(&l).is_some());
            let _ = parse_command(&l);
        }
        fast
    }

    fn each<'a>(verb: &'a str) -> impl Iterator<Item = String> + 'a {
        PROTOCOLS.iter().flat_map(move |proto| {
            PORTS.iter().flat_map(move |port| {
                WORDS.iter().flat_map(move |a| {
                    WORDS.iter().flat_map(move |b| {
                        ENDS.iter().map(move |(lead, tail)| {
                            format!("{lead}{verb} {proto} {port} from {a} to {b}{tail}")
                        })
                    })
                })
            })
        })
    }

    #[test]
    fn an_ascii_byte_is_bare_as_its_character_is() {
        for b in 0..128u8 {
            assert_eq!(ascii_bare(b), bare_char(char::from(b)), "byte {b}");
        }
    }

    #[test]
    fn the_fast_probe_answers_as_the_general_parser_does() {
        let fast = check(each("probe"));
        assert!(fast > 500, "the fast path took only {fast} probe lines");
        assert!(line("probe tcp 22 from web-1 to internet").is_some());
        assert!(line("probe tcp 22 from web-1 to db-1 # why").is_none());
    }

    #[test]
    fn the_fast_create_group_answers_as_the_general_parser_does() {
        const NAMES: &[&str] = &[
            "web",
            "web-1",
            "a.b_c",
            "in",
            "id",
            "classic",
            "x#1",
            "caf\u{e9}",
            "a/b",
            "\"q\"",
            "a,b",
        ];
        const DESCRIPTIONS: &[&str] = &[
            "\"the web tier\"",
            "\"\"",
            "\"a \\\" b\"",
            "\"a\\\\b\"",
            "\"caf\u{e9}\"",
            "\"open",
            "\"x\"y",
            "\"x\",",
            "bare",
        ];
        const PLACES: &[&str] = &[
            "",
            " in prod",
            " in prod/x",
            " in vpc-0a1b",
            " in",
            " in a b",
            " classic",
            " id sg-0123",
            "  in\tprod ",
            " # note",
            " in \"prod\"",
        ];
        let lines = NAMES.iter().flat_map(|name| {
            DESCRIPTIONS.iter().flat_map(move |d| {
                PLACES
                    .iter()
                    .map(move |place| format!("create group {name} {d}{place}"))
            })
        });
        let fast = check(lines);
        assert!(
            fast >= 30,
            "the fast path took only {fast} create group lines"
        );
        assert!(line("create group web \"the web tier\" in prod").is_some());
        assert!(line("create group web \"the web tier\"").is_some());
        assert!(line("create group web \"a \\\" b\" in prod").is_none());
    }

    #[test]
    fn the_fast_authorize_answers_as_the_general_parser_does() {
        let fast = check(each("authorize ingress")) + check(each("authorize egress"));
        assert!(fast > 500, "the fast path took only {fast} authorize lines");
        assert!(line("authorize ingress tcp 443 from 10.0.0.0/16 to web").is_some());
        assert!(line("authorize egress udp 53 from web to prod/dns").is_some());
        assert!(line("authorize ingress tcp 22 from a, b to web").is_none());
        assert!(line("authorize ingress tcp 22 from pl-0a1b to web").is_none());
    }
}
