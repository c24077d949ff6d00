//! The probe line as scripts and benchmarks write it by the thousand, `probe tcp 443 from web-1
//! to db-1`, read without the combinators: a protocol (`tcp` or `udp`), one port, and two
//! endpoints that are `internet`, an address or a bare name. Anything else, or anything unusual
//! about these words (a comment, a quote, a comma, a range, `via`, a capital letter, a character
//! outside ASCII), is left to the general parser, which also gives every error. In a debug build
//! every answer is checked against the general parser's.

use super::lex::bare_char;
use crate::lang::ast::{Command, Endpoint, Probe, Spanned};
use crate::vocab::{Perm, PortSpec, Ref, Span};

/// The probe line `text` is, when it is of the common form; `None` otherwise.
pub(super) fn probe_line(text: &str) -> Option<Spanned<Command>> {
    if !text.starts_with("probe ") && !text.starts_with([' ', '\t']) {
        return None;
    }
    if !text
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        return None;
    }
    let mut words = Words { text, at: 0 };
    let (probe, first) = words.next()?;
    let (proto, _) = words.next()?;
    let (port, port_span) = words.next()?;
    let (from, _) = words.next()?;
    let (source, source_span) = words.next()?;
    let (to, _) = words.next()?;
    let (dest, dest_span) = words.next()?;
    if words.next().is_some() || probe != "probe" || from != "from" || to != "to" {
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

/// The words of a line split at spaces and tabs, with their spans.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    fn next(&mut self) -> Option<(&'a str, Span)> {
        let rest = &self.text[self.at..];
        let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let start = self.at + skip;
        let len = self.text[start..]
            .find([' ', '\t'])
            .unwrap_or(self.text.len() - start);
        if len == 0 {
            return None;
        }
        self.at = start + len;
        Some((&self.text[start..self.at], Span::new(start, self.at)))
    }
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
    if word.parse::<std::net::IpAddr>().is_ok() {
        return Some(Endpoint::Address(word.to_string()));
    }
    // A keyword followed by ':' ends at the ':' for the general parser; leave those to it.
    if word.contains([':', ',', '"']) {
        return None;
    }
    let (qualifier, name) = match word.split_once('/') {
        Some((q, n)) => (Some(q), n),
        None => (None, word),
    };
    let bare = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(bare_char) && chars.all(|c| bare_char(c) || c == '#')
    };
    if !qualifier.is_none_or(bare) || !bare(name) {
        return None;
    }
    Some(Endpoint::Object(Ref {
        qualifier: qualifier.map(str::to_string),
        name: name.to_string(),
        span,
    }))
}

#[cfg(test)]
mod tests {
    use super::probe_line;
    use crate::lang::parse::parse_command;

    /// Every line built of these words goes through `parse_command`, whose debug check compares
    /// the fast path's answer with the general parser's on every line the fast path takes.
    #[test]
    fn the_fast_path_answers_as_the_general_parser_does() {
        let protocols = ["tcp", "udp", "TCP", "icmp", "all", "6"];
        let ports = [
            "22", "022", "0", "65535", "70000", "123456", "22-23", "all", "x",
        ];
        let ends = [
            "internet",
            "Internet",
            "10.0.0.1",
            "::1",
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
        ];
        let mut fast = 0;
        for proto in protocols {
            for port in ports {
                for a in ends {
                    for b in ends {
                        for (lead, tail) in [
                            ("", ""),
                            ("  ", " "),
                            ("\t", " # note"),
                            ("", " via public"),
                        ] {
                            let line = format!("{lead}probe {proto} {port} from {a} to {b}{tail}");
                            fast += usize::from(probe_line(&line).is_some());
                            let _ = parse_command(&line);
                        }
                    }
                }
            }
        }
        assert!(fast > 500, "the fast path took only {fast} lines");
        assert!(probe_line("probe tcp 22 from web-1 to internet").is_some());
        assert!(probe_line("probe tcp 22 from web-1 to db-1 # why").is_none());
    }
}
