//! Flows, connection tracking and time: `connect`, `send`, `wait`, `close`, and the flow packet
//! that `trace flow` and `expect allow|deny flow` name.

use super::combinator::{keyword, one_of};
use super::input::{Fail, Input, PResult};
use super::lex::{found_span, name, raw_word};
use super::packets::probe_args;
use crate::lang::ast::{Command, FlowLeg, FlowPacket, Spanned};
use crate::lang::error::Diagnostic;
use nom::combinator::cut;
use nom::error::context;

/// connect = "connect" probe_args "as" name ;
pub(super) fn connect(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("connect")(i)?;
    let (i, probe) = cut(probe_args)(i)?;
    let (i, _) = cut(keyword("as"))(i)
        .map_err(|e| e.map(|f| f.with_help("name the flow: connect tcp 22 from A to B as ssh")))?;
    let (i, name) = cut(context("the flow's name", name))(i)?;
    let probe = Box::new(probe);
    Ok((i, Command::Connect { probe, name }))
}

/// send = "send" flow_packet ;
pub(super) fn send(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("send")(i)?;
    let (i, packet) = cut(flow_packet)(i)?;
    Ok((i, Command::Send(packet)))
}

const LEGS: &[&str] = &["request", "reply"];

/// flow_packet = name ( "request" | "reply" ) ;
pub(super) fn flow_packet(i: Input<'_>) -> PResult<'_, FlowPacket> {
    let (i, flow) = context("a flow's name", name)(i)?;
    let (i, (k, span)) = cut(one_of("expected request or reply", LEGS))(i)?;
    let leg = if k == 0 {
        FlowLeg::Request
    } else {
        FlowLeg::Reply
    };
    let leg = Spanned::new(leg, span);
    Ok((i, FlowPacket { flow, leg }))
}

/// wait = "wait" duration ;
pub(super) fn wait(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("wait")(i)?;
    let (i, seconds) = cut(duration)(i)?;
    Ok((i, Command::Wait(seconds)))
}

/// duration = ? one or more digits 0-9 ? ( "s" | "m" | "h" | "d" ) ;
/// (* one word: 30s, 5m, 2h, 5d; kept in seconds; past 64 bits of seconds it is refused *)
pub(super) fn duration(i: Input<'_>) -> PResult<'_, Spanned<u64>> {
    let (start, end) = raw_word(i);
    let word = start.slice_to(end);
    let span = start.span_to(end);
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let unit = match word.get(digits..).map(str::to_ascii_lowercase).as_deref() {
        Some("s") => 1,
        Some("m") => 60,
        Some("h") => 3600,
        Some("d") => 86_400,
        _ => 0,
    };
    if digits == 0 || unit == 0 {
        let d = Diagnostic::syntax("expected a duration")
            .at(found_span(start))
            .label(if word.is_empty() {
                "the command ends here".to_string()
            } else {
                format!("found '{word}'")
            })
            .help("write a number and a unit: 30s, 5m, 2h or 5d");
        return Fail::worded(d).error();
    }
    let seconds = word
        .get(..digits)
        .and_then(|d| d.parse::<u64>().ok())
        .and_then(|n| n.checked_mul(unit));
    let Some(seconds) = seconds else {
        // Refused as written, rather than clamped to a time nobody asked for.
        let d = Diagnostic::syntax(format!("the duration {word} is too long"))
            .at(span)
            .label(format!("the clock counts at most {} seconds", u64::MAX))
            .help("write a number and a unit: 30s, 5m, 2h or 5d");
        return Fail::worded(d).failure();
    };
    Ok((end, Spanned::new(seconds, span)))
}

/// close = "close" name ;
pub(super) fn close(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("close")(i)?;
    let (i, flow) = cut(context("the flow to close", name))(i)?;
    Ok((i, Command::Close(flow)))
}
