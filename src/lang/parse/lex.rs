//! Lexical rules: whitespace and comments, words, names and references, quoted strings,
//! addresses, numbers and paths.
//!
//! Words are separated by whitespace, and `,` (the list separator) also ends a word. A `#` at the
//! start of a word (at the line's start or after whitespace) begins a comment; inside a word it is
//! part of it (`redis-1#2`). The helpers at the top are not grammar rules: they find words and
//! their spans for the rules and for error messages.

use super::input::{Fail, Input, PResult, Reason};
use crate::lang::ast::{Ref, Span, Spanned};
use crate::lang::error::Diagnostic;

/// The position after any whitespace.
pub(super) fn ws(i: Input<'_>) -> Input<'_> {
    let rest = i.rest();
    let skipped = rest.len() - rest.trim_start().len();
    i.advance(skipped)
}

/// Whether a comment starts here: a `#` at the start of a word.
pub(super) fn is_comment_start(i: Input<'_>) -> bool {
    i.rest().starts_with('#') && i.prev_char().is_none_or(char::is_whitespace)
}

/// Whether the command ends here (only whitespace, or a comment, is left).
pub(super) fn at_end(i: Input<'_>) -> bool {
    let s = ws(i);
    s.rest().is_empty() || is_comment_start(s)
}

/// The next word after whitespace, as its start and end: chars up to whitespace or `,`. Empty at
/// the end of the command.
pub(super) fn raw_word(i: Input<'_>) -> (Input<'_>, Input<'_>) {
    let s = ws(i);
    if is_comment_start(s) {
        return (s, s);
    }
    let rest = s.rest();
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(rest.len());
    (s, s.advance(len))
}

/// The span of whatever comes next, for an error that points at it: a word, a quoted string, a
/// lone `,`, or an empty span where the command ends.
pub(super) fn found_span(i: Input<'_>) -> Span {
    let s = ws(i);
    let rest = s.rest();
    if rest.starts_with('"') {
        let len = closing_quote(rest).map_or(rest.len(), |end| end + 1);
        return s.span_to(s.advance(len));
    }
    if rest.starts_with(',') {
        return s.span_to(s.advance(1));
    }
    let (start, end) = raw_word(s);
    start.span_to(end)
}

/// The byte offset of the quote closing the string `s` starts with.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (k, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(k),
            _ => {}
        }
    }
    None
}

/// reference = quoted | [ bare_name "/" ] bare_name ;
/// (* a bare reference splits at its first "/"; a quoted one is never split *)
pub(super) fn reference(i: Input<'_>) -> PResult<'_, Ref> {
    let s = ws(i);
    if s.rest().starts_with('"') {
        let (j, q) = quoted(s)?;
        let reference = Ref {
            qualifier: None,
            name: q.node,
            span: q.span,
        };
        return Ok((j, reference));
    }
    let (start, end) = raw_word(s);
    let word = start.slice_to(end);
    let span = start.span_to(end);
    if word.is_empty() {
        return Fail::new(span, Reason::Expected("a name or id")).error();
    }
    let (qualifier, name) = match word.split_once('/') {
        Some((qualifier, name)) => (Some(qualifier), name),
        None => (None, word),
    };
    if qualifier.is_some_and(str::is_empty) || name.is_empty() {
        let missing = if name.is_empty() {
            "a name after '/'"
        } else {
            "a qualifier before '/'"
        };
        let d = Diagnostic::syntax(format!("expected {missing}"))
            .at(span)
            .label("incomplete reference")
            .help("qualify a name as vpc/name (prod/web) or account/name");
        return Fail::worded(d).failure();
    }
    if let Some(q) = qualifier {
        check_bare(q, word, span)?;
    }
    check_bare(name, word, span)?;
    let reference = Ref {
        qualifier: qualifier.map(str::to_string),
        name: name.to_string(),
        span,
    };
    Ok((end, reference))
}

/// name = quoted | bare_name ;
pub(super) fn name(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let s = ws(i);
    if s.rest().starts_with('"') {
        quoted(s)
    } else {
        bare_name(s)
    }
}

/// bare_name = bare_char { bare_char | "#" } ;
pub(super) fn bare_name(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let (start, end) = raw_word(i);
    let word = start.slice_to(end);
    let span = start.span_to(end);
    if word.is_empty() {
        return Fail::new(span, Reason::Expected("a name")).error();
    }
    check_bare(word, word, span)?;
    Ok((end, Spanned::new(word.to_string(), span)))
}

/// Fails the line when `part` (of the bare `word` at `span`) holds a char a bare name cannot.
fn check_bare(part: &str, word: &str, span: Span) -> Result<(), nom::Err<Fail>> {
    let mut chars = part.chars();
    let bad = match chars.next() {
        Some(first) if !bare_char(first) => Some((first, true)),
        _ => chars
            .find(|&c| !bare_char(c) && c != '#')
            .map(|c| (c, false)),
    };
    let Some((c, first)) = bad else {
        return Ok(());
    };
    let message = if first && c == '#' {
        "'#' cannot start a bare name".to_string()
    } else {
        let shown: String = if c.is_control() || c.is_whitespace() {
            c.escape_default().collect()
        } else {
            c.to_string()
        };
        format!("'{shown}' is not allowed in a bare name")
    };
    let mut quoted = String::with_capacity(word.len() + 2);
    quoted.push('"');
    for c in word.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    let d = Diagnostic::syntax(message)
        .at(span)
        .label("this name needs quotes")
        .help(format!("quote the name: {quoted}"));
    Fail::worded(d).failure()
}

/// bare_char = ? a letter or digit ? | "." | "_" | "-" | ":" | "@" | "(" | ")" | "[" | "]" | "{"
///           | "}" | "+" | "=" | "&" | ";" | "!" | "$" | "*" ;
pub(crate) fn bare_char(c: char) -> bool {
    c.is_alphanumeric() || "._-:@()[]{}+=&;!$*".contains(c)
}

/// quoted = '"' { ? any char but '"' and "\" ? | '\"' | "\\" } '"' ;
pub(super) fn quoted(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let s = ws(i);
    let rest = s.rest();
    if !rest.starts_with('"') {
        return Fail::new(found_span(s), Reason::Expected("a quoted string"))
            .with_help("write it in double quotes: \"…\"")
            .error();
    }
    let mut text = String::new();
    let mut chars = rest.char_indices().skip(1);
    while let Some((k, c)) = chars.next() {
        match c {
            '"' => {
                let end = s.advance(k + 1);
                let after = end.rest().chars().next();
                if after.is_some_and(|c| !c.is_whitespace() && c != ',' && c != ':') {
                    let (_, word_end) = raw_word(end);
                    let d = Diagnostic::syntax("expected a space after the closing quote")
                        .at(end.span_to(word_end))
                        .label("this touches the quoted string");
                    return Fail::worded(d).failure();
                }
                return Ok((end, Spanned::new(text, s.span_to(end))));
            }
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\'))) => text.push(e),
                Some((k2, e)) => {
                    let at = s.advance(k);
                    let d =
                        Diagnostic::syntax(format!("unknown escape '\\{e}' in a quoted string"))
                            .at(at.span_to(s.advance(k2 + e.len_utf8())))
                            .label("only \\\" and \\\\ are escapes")
                            .help("write a backslash as \\\\");
                    return Fail::worded(d).failure();
                }
                None => break,
            },
            c => text.push(c),
        }
    }
    let d = Diagnostic::syntax("unterminated quoted string")
        .at(s.span_to(s.advance(1)))
        .label("this quote is never closed")
        .help("end the string with \"");
    Fail::worded(d).failure()
}

/// address = ? digits and "." holding a "." ? [ "/" ? digits ? ]
///         | ? hex digits and ":" holding two ":" ? [ "/" ? digits ? ] ;
/// (* kept as text: AWS validates it *)
pub(super) fn address(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let (start, end) = raw_word(i);
    let word = start.slice_to(end);
    if !looks_like_address(word) {
        return Fail::new(found_span(start), Reason::Expected("an IP address or CIDR")).error();
    }
    Ok((end, Spanned::new(word.to_string(), start.span_to(end))))
}

/// Whether a word is written like an IPv4 or IPv6 address or CIDR (it may still be invalid).
pub(crate) fn looks_like_address(word: &str) -> bool {
    let (addr, prefix) = match word.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (word, None),
    };
    if prefix.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let v4 = addr.contains('.') && addr.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let v6 = addr.bytes().filter(|&b| b == b':').count() >= 2
        && addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
    v4 || v6
}

/// number = [ "-" ] ? one or more digits 0-9 ? ;
/// (* a number past 64 bits is refused, as written *)
pub(super) fn number(i: Input<'_>) -> PResult<'_, Spanned<i64>> {
    let (start, end) = raw_word(i);
    let word = start.slice_to(end);
    if let Some(fail) = oversized(start, word) {
        return Err(nom::Err::Failure(fail));
    }
    match parse_int(word) {
        Some((n, "")) => Ok((end, Spanned::new(n, start.span_to(end)))),
        _ => Fail::new(found_span(start), Reason::Expected("a number")).error(),
    }
}

/// The first number in `word` (which starts at `start`) too large for 64 bits, as an error that
/// shows it as written. No parameter of the language goes near that size, and a value clamped to
/// fit would be reported as a number the user never wrote.
pub(super) fn oversized(start: Input<'_>, word: &str) -> Option<Fail> {
    let bytes = word.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        if !bytes[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let mut from = k;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        if word[from..k].parse::<i64>().is_ok() {
            continue;
        }
        // A `-` that is a sign, not a range's dash, is part of the number.
        if from >= 1 && bytes[from - 1] == b'-' && (from == 1 || !bytes[from - 2].is_ascii_digit())
        {
            from -= 1;
        }
        let span = start.advance(from).span_to(start.advance(k));
        let d = Diagnostic::syntax(format!("the number {} is too large", &word[from..k]))
            .at(span)
            .label("past 64 bits: no parameter takes a number this large");
        return Some(Fail::worded(d));
    }
    None
}

/// A decimal integer at the start of `s` (saturating at i64's bounds) and the text after it.
pub(crate) fn parse_int(s: &str) -> Option<(i64, &str)> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return None;
    }
    let magnitude = digits.bytes().take(len).fold(0i64, |n, d| {
        n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
    });
    let n = if negative { -magnitude } else { magnitude };
    Some((n, digits.get(len..).unwrap_or("")))
}

/// path = quoted | ? a run of non-whitespace chars ? ;
pub(super) fn path(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let s = ws(i);
    if s.rest().starts_with('"') {
        return quoted(s);
    }
    if is_comment_start(s) || s.rest().is_empty() {
        return Fail::new(found_span(s), Reason::Expected("a file path")).error();
    }
    let rest = s.rest();
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let end = s.advance(len);
    Ok((
        end,
        Spanned::new(s.slice_to(end).to_string(), s.span_to(end)),
    ))
}

/// text = ? the rest of the line before a comment, without surrounding whitespace ? ;
pub(super) fn text(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let s = ws(i);
    let mut end = s;
    let mut cursor = s;
    let mut in_quote = false;
    let mut escaped = false;
    while let Some(c) = cursor.rest().chars().next() {
        if !in_quote && is_comment_start(cursor) {
            break;
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quote => escaped = true,
            '"' => in_quote = !in_quote,
            _ => {}
        }
        cursor = cursor.advance(c.len_utf8());
        if !c.is_whitespace() {
            end = cursor;
        }
    }
    Ok((
        end,
        Spanned::new(s.slice_to(end).to_string(), s.span_to(end)),
    ))
}

/// comment = "#" { ? any char ? } ;
pub(super) fn comment(i: Input<'_>) -> PResult<'_, Span> {
    let s = ws(i);
    if !is_comment_start(s) {
        return Fail::new(found_span(s), Reason::Expected("a comment")).error();
    }
    let end = s.advance(s.rest().len());
    Ok((end, s.span_to(end)))
}
