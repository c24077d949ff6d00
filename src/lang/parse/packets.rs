//! Asking about packets: `probe`, `trace` and `expect` (whose `error` and `output` forms wrap any
//! other command of the same line). `trace flow` and `expect allow|deny flow` ask about a flow's
//! next packet (see `flows`).

use super::combinator::{Rule, dispatch, keyword, one_of};
use super::command;
use super::flows::flow_packet;
use super::input::{Fail, Input, PResult, Reason};
use super::lex::{found_span, number, quoted, raw_word, reference, ws};
use super::rules::perm;
use crate::lang::ast::{Command, Endpoint, Expectation, Probe, Spanned, Via};
use crate::lang::error::Diagnostic;
use nom::combinator::{cut, map, opt};
use nom::error::context;
use nom::sequence::preceded;

/// probe = "probe" probe_args ;
pub(super) fn probe(i: Input<'_>) -> PResult<'_, Command> {
    map(preceded(keyword("probe"), cut(probe_args)), Command::Probe)(i)
}

/// trace = "trace" ( "flow" flow_packet | probe_args ) ;
pub(super) fn trace(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("trace")(i)?;
    if let Ok((i, _)) = keyword("flow")(i) {
        return map(cut(flow_packet), Command::TraceFlow)(i);
    }
    map(cut(probe_args), Command::Trace)(i)
}

/// probe_args = perm "from" endpoint "to" endpoint [ via ] [ sport ] ;
pub(super) fn probe_args(i: Input<'_>) -> PResult<'_, Probe> {
    let (i, packet) = perm(i)?;
    let (i, _) = keyword("from")(i)?;
    let (i, from) = context("the source", endpoint)(i)?;
    let (i, _) = keyword("to")(i)?;
    let (i, to) = context("the destination", endpoint)(i)?;
    let (i, via) = opt(via)(i)?;
    let (i, sport) = opt(sport)(i)?;
    if let (Some(_), Ok((_, span))) = (&sport, keyword("via")(i)) {
        let d = Diagnostic::syntax("'via' must come before 'sport'")
            .at(span)
            .label("after sport")
            .help("write: … via public sport 40000");
        return Fail::worded(d).failure();
    }
    let probe = Probe {
        packet,
        from,
        to,
        via,
        sport,
    };
    Ok((i, probe))
}

/// endpoint = "internet" | address | reference ;
/// (* an address here is a word that parses as an IPv4 or IPv6 address *)
pub(super) fn endpoint(i: Input<'_>) -> PResult<'_, Spanned<Endpoint>> {
    if let Ok((j, span)) = keyword("internet")(i) {
        return Ok((j, Spanned::new(Endpoint::Internet, span)));
    }
    let (start, end) = raw_word(i);
    let word = start.slice_to(end);
    if word.parse::<std::net::IpAddr>().is_ok() {
        let address = Endpoint::Address(word.to_string());
        return Ok((end, Spanned::new(address, start.span_to(end))));
    }
    let (j, object) = reference(i)?;
    let span = object.span;
    Ok((j, Spanned::new(Endpoint::Object(object), span)))
}

const VIAS: &[&str] = &["public", "private"];

/// via = "via" ( "public" | "private" ) ;
fn via(i: Input<'_>) -> PResult<'_, Spanned<Via>> {
    let choice = one_of("expected public or private", VIAS);
    let (j, (k, span)) = preceded(keyword("via"), cut(choice))(i)?;
    let via = if k == 0 { Via::Public } else { Via::Private };
    Ok((j, Spanned::new(via, span)))
}

/// sport = "sport" number ;
fn sport(i: Input<'_>) -> PResult<'_, Spanned<i64>> {
    preceded(keyword("sport"), cut(context("a source port", number)))(i)
}

const EXPECT: &[&str] = &["allow", "deny", "error", "output"];
const EXPECT_RULES: &[Rule<Expectation>] = &[verdict, verdict, expect_error, expect_output];

/// expect = "expect" ( verdict | expect_error | expect_output ) ;
pub(super) fn expect(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("expect")(i)?;
    let unknown = Reason::OneOf {
        message: "expected allow, deny, error or output",
        keywords: EXPECT,
    };
    map(
        cut(|i| dispatch(i, EXPECT, EXPECT_RULES, unknown.clone())),
        Command::Expect,
    )(i)
}

/// verdict = ( "allow" | "deny" ) ( "flow" flow_packet | probe_args ) ;
fn verdict(i: Input<'_>) -> PResult<'_, Expectation> {
    let (i, (k, _)) = one_of("expected allow or deny", &["allow", "deny"])(i)?;
    if let Ok((i, _)) = keyword("flow")(i) {
        let (i, packet) = cut(flow_packet)(i)?;
        let allow = k == 0;
        return Ok((i, Expectation::Flow { allow, packet }));
    }
    let (i, probe) = cut(probe_args)(i)?;
    let probe = Box::new(probe);
    Ok((
        i,
        Expectation::Verdict {
            allow: k == 0,
            probe,
        },
    ))
}

/// expect_error = "error" [ error_code ] ":" command ;
/// (* the ":" may touch "error" or the code *)
fn expect_error(i: Input<'_>) -> PResult<'_, Expectation> {
    let (i, _) = keyword("error")(i)?;
    let (i, code) = if ws(i).rest().starts_with(':') {
        (i, None)
    } else {
        map(cut(context("an error code", error_code)), Some)(i)?
    };
    let (i, _) = cut(colon(
        "write: expect error Code: COMMAND, or expect error: COMMAND",
    ))(i)?;
    let (i, command) = wrapped(i)?;
    Ok((i, Expectation::Error { code, command }))
}

/// How many expectations may wrap one another on a line (`expect error: expect error: …`).
const MAX_NESTING: u8 = 8;

/// The command an expectation wraps, one level deeper; refused past [`MAX_NESTING`] levels, so
/// no line can exhaust the parser's stack.
fn wrapped(i: Input<'_>) -> PResult<'_, Box<Spanned<Command>>> {
    let depth = i.depth() + 1;
    if depth > MAX_NESTING {
        let s = ws(i);
        let d = Diagnostic::syntax(format!("expectations nest at most {MAX_NESTING} deep"))
            .at(found_span(s))
            .label(format!("a command inside {depth} expectations"))
            .help("write each expectation on a line of its own");
        return Fail::worded(d).failure();
    }
    let (j, command) = cut(command)(i.at_depth(depth))?;
    Ok((j.at_depth(i.depth()), Box::new(command)))
}

/// error_code = ? letters, digits and "." ? ;
/// (* AWS's code: InvalidGroup.Duplicate *)
fn error_code(i: Input<'_>) -> PResult<'_, Spanned<String>> {
    let s = ws(i);
    let rest = s.rest();
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    if len == 0 {
        return Fail::new(found_span(s), Reason::Expected("an error code")).error();
    }
    let end = s.advance(len);
    Ok((
        end,
        Spanned::new(s.slice_to(end).to_string(), s.span_to(end)),
    ))
}

/// The `:` before an expectation's command; `help` shows the expectation's form.
fn colon<'a>(help: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, ()> {
    move |i| {
        let s = ws(i);
        if s.rest().starts_with(':') {
            return Ok((s.advance(1), ()));
        }
        Fail::new(found_span(s), Reason::Expected("':' before the command"))
            .with_help(help)
            .error()
    }
}

/// expect_output = "output" quoted ":" command ;
fn expect_output(i: Input<'_>) -> PResult<'_, Expectation> {
    let (i, _) = keyword("output")(i)?;
    let (i, text) = cut(context("the text to expect, in quotes", quoted))(i)?;
    let (i, _) = cut(colon("write: expect output \"text\": COMMAND"))(i)?;
    let (i, command) = wrapped(i)?;
    Ok((i, Expectation::Output { text, command }))
}
