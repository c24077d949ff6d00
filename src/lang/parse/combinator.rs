//! The few combinators the sgs grammar needs beyond nom's own: keywords, choosing a rule by its
//! leading keyword, comma lists, and options that may come in any order.

use super::input::{Fail, Input, PResult, Reason};
use super::lex::{at_end, found_span, ws};
use crate::lang::ast::Span;
use crate::lang::error::Diagnostic;
use nom::combinator::cut;
use nom::error::context;

/// The end of `kw` when the text at `s` is that keyword (ignoring case) as a whole word. A keyword
/// ends at whitespace, `,` or `:` (`error:`).
fn keyword_at<'a>(s: Input<'a>, kw: &str) -> Option<Input<'a>> {
    let rest = s.rest();
    if !rest.get(..kw.len())?.eq_ignore_ascii_case(kw) {
        return None;
    }
    match rest.get(kw.len()..)?.chars().next() {
        None => Some(s.advance(kw.len())),
        Some(c) if c.is_whitespace() || c == ',' || c == ':' => Some(s.advance(kw.len())),
        Some(_) => None,
    }
}

/// Matches the keyword `kw`; its span.
pub(super) fn keyword<'a>(kw: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |i| {
        let s = ws(i);
        match keyword_at(s, kw) {
            Some(end) => Ok((end, s.span_to(end))),
            None => Fail::new(found_span(s), Reason::Keyword(kw)).error(),
        }
    }
}

/// Matches one of `keywords`: its index and span. `message` says what was expected.
pub(super) fn one_of<'a>(
    message: &'static str,
    keywords: &'static [&'static str],
) -> impl Fn(Input<'a>) -> PResult<'a, (usize, Span)> {
    move |i| {
        let s = ws(i);
        for (k, kw) in keywords.iter().enumerate() {
            if let Some(end) = keyword_at(s, kw) {
                return Ok((end, (k, s.span_to(end))));
            }
        }
        Fail::new(found_span(s), Reason::OneOf { message, keywords }).error()
    }
}

/// A rule fn, as dispatch tables hold them.
pub(super) type Rule<T> = for<'a> fn(Input<'a>) -> PResult<'a, T>;

/// Runs the rule of `rules` whose leading keyword (same index in `keywords`) comes next, without
/// consuming it; fails with `unknown` when none does.
pub(super) fn dispatch<'a, T>(
    i: Input<'a>,
    keywords: &'static [&'static str],
    rules: &[Rule<T>],
    unknown: Reason,
) -> PResult<'a, T> {
    let s = ws(i);
    let found = keywords
        .iter()
        .zip(rules)
        .find(|(kw, _)| keyword_at(s, kw).is_some());
    match found {
        Some((_, rule)) => rule(s),
        None => Fail::new(found_span(s), unknown).error(),
    }
}

/// item { "," item }: after a `,` another item must follow; `after_comma` names it.
pub(super) fn comma_list<'a, T>(
    mut item: impl FnMut(Input<'a>) -> PResult<'a, T>,
    after_comma: &'static str,
) -> impl FnMut(Input<'a>) -> PResult<'a, Vec<T>> {
    move |i| {
        let (mut i, first) = item(i)?;
        let mut items = vec![first];
        loop {
            let s = ws(i);
            if !s.rest().starts_with(',') {
                return Ok((i, items));
            }
            let (j, next) = cut(context(after_comma, &mut item))(s.advance(1))?;
            items.push(next);
            i = j;
        }
    }
}

/// The options of a command, in any order, up to the end of the command. `option` parses one,
/// failing recoverably when the next word starts none; options with the same `slot` exclude each
/// other (a second `az`, or `classic` after `in`). Any other word fails with `message`, and a
/// "did you mean" among `keywords`.
pub(super) fn options<'a, T>(
    mut i: Input<'a>,
    mut option: impl FnMut(Input<'a>) -> PResult<'a, T>,
    slot: impl Fn(&T) -> usize,
    message: &'static str,
    keywords: &'static [&'static str],
) -> PResult<'a, Vec<T>> {
    let mut seen: [Option<Span>; 8] = [None; 8];
    let mut found = Vec::new();
    while !at_end(i) {
        let start = ws(i);
        let (j, value) = match option(start) {
            Ok(ok) => ok,
            Err(nom::Err::Error(_)) => {
                return Fail::new(found_span(start), Reason::OneOf { message, keywords }).failure();
            }
            Err(e) => return Err(e),
        };
        let keyword = found_span(start);
        if let Some(earlier) = seen.get_mut(slot(&value)) {
            if let Some(first) = *earlier {
                return Fail::worded(clash(start.text(), first, keyword)).failure();
            }
            *earlier = Some(keyword);
        }
        found.push(value);
        i = j;
    }
    Ok((i, found))
}

/// The error for an option given twice, or for two that exclude each other.
fn clash(text: &str, first: Span, second: Span) -> Diagnostic {
    let word = |s: Span| text.get(s.start..s.end).unwrap_or("");
    let (a, b) = (word(first), word(second));
    let d = if a.eq_ignore_ascii_case(b) {
        Diagnostic::syntax(format!("'{b}' is given twice"))
            .label("given again here")
            .help("keep one of them")
    } else {
        Diagnostic::syntax(format!("'{b}' cannot be combined with '{a}'"))
            .label(format!("'{a}' came before"))
            .help("keep one of them")
    };
    d.at(second)
}
