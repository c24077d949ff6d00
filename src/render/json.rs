//! Replies as JSON Lines (`sgs run --json`), as LANGUAGE.md's "Machine-readable output" pins
//! them: one object per command that ran, with `file`, `line`, `command` and `ok`, and the keys
//! of what it answered (`summary` for a change, `columns` and `rows` for a table, `verdict` and
//! `deciding` for a probe, `steps` too for a trace, `expect` for an expectation, `error` for a
//! failure); then one `{"summary": {"passed": N, "failed": N}}`.
//!
//! Every value is read from the reply's data; the step names (`egress-groups`, `nacl-in`, …)
//! and Reachability Analyzer's codes come from the trace's step kinds.

use crate::query::{
    AclDirection, Block, Leg, RuleCheck, Shown, Step, StepKind, Trace, rule_reason,
};
use crate::session::{GoalCheck, Judged, Reply, ScriptLine, ScriptReport};
use crate::vocab::{Diagnostic, Direction};
use serde_json::{Map, Value, json};

/// The object for one line of a script.
pub fn script_line(line: &ScriptLine<'_>) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(line.origin));
    o.insert("line".into(), json!(line.number()));
    o.insert("command".into(), json!(line.text.trim()));
    o.insert("ok".into(), json!(!matches!(line.reply, Reply::Error(_))));
    answer(line.reply, line.src, &mut o);
    Value::Object(o)
}

/// The one object of a subcommand that runs no session (`sgs lint`): `file` the world's path,
/// `line` 0 and `command` the subcommand's own words.
pub fn subcommand(file: &str, command: &str, reply: &Reply) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(file));
    o.insert("line".into(), json!(0));
    o.insert("command".into(), json!(command));
    o.insert("ok".into(), json!(!matches!(reply, Reply::Error(_))));
    answer(reply, "", &mut o);
    Value::Object(o)
}

/// The last object of a run.
pub fn summary(passed: usize, failed: usize) -> Value {
    json!({"summary": {"passed": passed, "failed": failed}})
}

/// The summary of one report.
pub fn report_summary(report: &ScriptReport) -> Value {
    summary(report.passed, report.failed)
}

/// The keys of what a reply answered.
fn answer(reply: &Reply, src: &str, o: &mut Map<String, Value>) {
    match reply {
        Reply::Done { summary } => {
            o.insert("summary".into(), json!(summary));
        }
        Reply::Imported(report) => {
            o.insert("summary".into(), json!(report.summary()));
            let read: Map<String, Value> = report
                .read
                .iter()
                .map(|(kind, n)| (kind.clone(), json!(n)))
                .collect();
            o.insert("read".into(), Value::Object(read));
            o.insert("scopes".into(), json!(report.scopes));
            let skipped: Vec<Value> = report
                .skipped
                .iter()
                .map(|s| json!({"file": s.file, "at": s.at, "what": s.what, "why": s.why}))
                .collect();
            o.insert("skipped".into(), Value::Array(skipped));
        }
        Reply::Exported(report) => {
            o.insert("summary".into(), json!(report.summary()));
            o.insert("format".into(), json!(report.format.word()));
            o.insert("file".into(), json!(report.file));
            let written: Map<String, Value> = report
                .written
                .iter()
                .map(|(kind, n)| (kind.clone(), json!(n)))
                .collect();
            o.insert("written".into(), Value::Object(written));
            if report.format == crate::vocab::export::ExportFormat::Terraform {
                o.insert("imports".into(), json!(report.imports));
            }
            let left: Vec<Value> = report
                .left_out
                .iter()
                .map(|l| json!({"what": l.what, "why": l.why}))
                .collect();
            o.insert("left_out".into(), Value::Array(left));
        }
        Reply::Line(text) => {
            o.insert("message".into(), json!(text));
        }
        Reply::Table(shown) => table(shown, o),
        Reply::Lint(lint) => {
            o.insert("findings".into(), super::lint::findings(lint));
        }
        Reply::Reach(r) => super::whole::reach_json(r, o),
        Reply::Reachers(r) => super::whole::reachers_json(r, o),
        Reply::Reachable(r) => super::whole::reachable_json(r, o),
        Reply::Diff(d) => super::whole::diff_json(d, o),
        Reply::Why(w) => super::why::json(w, o),
        Reply::Help(text) => {
            o.insert("text".into(), json!(text));
        }
        Reply::Verdict(trace) => verdict(trace, o),
        Reply::Trace(trace) => {
            verdict(trace, o);
            let steps: Vec<Value> = trace.steps.iter().map(step).collect();
            o.insert("steps".into(), Value::Array(steps));
        }
        Reply::Expect { passed, judged } => {
            o.insert(
                "expect".into(),
                json!(if *passed { "pass" } else { "fail" }),
            );
            o.insert("message".into(), json!(reply.to_string()));
            match judged {
                Judged::Verdict { allow, trace } => {
                    o.insert("wanted".into(), json!(verdict_word(*allow)));
                    verdict(trace, o);
                }
                Judged::Error { code, got } => {
                    o.insert("wanted".into(), json!(code));
                    let got = got.as_ref().err().map(|e| json!(e.code));
                    o.insert("got".into(), got.unwrap_or(Value::Null));
                }
                Judged::Output { text, .. } => {
                    o.insert("wanted".into(), json!(text));
                }
            }
        }
        Reply::Echo(text) => {
            o.insert("echo".into(), json!(text));
        }
        Reply::Pause => {
            o.insert("pause".into(), json!(true));
        }
        Reply::Error(e) => {
            o.insert("error".into(), error(e, src));
        }
        Reply::Task(text) => {
            o.insert("task".into(), json!(text));
        }
        Reply::Goals(checks) => {
            let goals: Vec<Value> = checks
                .iter()
                .map(|c| json!({"goal": c.goal.text, "met": c.met}))
                .collect();
            o.insert("goals".into(), Value::Array(goals));
        }
        Reply::Revealed(r) => {
            verdict(&r.trace, o);
            let steps: Vec<Value> = r.trace.steps.iter().map(step).collect();
            o.insert("steps".into(), Value::Array(steps));
            o.insert("predicted".into(), json!(verdict_word(r.predicted)));
            o.insert(
                "score".into(),
                json!({"right": r.score.right, "asked": r.score.asked}),
            );
        }
    }
}

/// The object for a goal judged at the end of a file (`sgs run --json`): the common fields of
/// the goal's line, `goal: "met" | "not yet"`, and its packet's `verdict` and `deciding` (or the
/// `error` it could not be judged with). Goals are no expectations: the summary never counts them.
pub fn goal_check(origin: &str, check: &GoalCheck) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(origin));
    o.insert("line".into(), json!(check.goal.line.unwrap_or(0)));
    o.insert("command".into(), json!(format!("goal {}", check.goal.text)));
    o.insert("ok".into(), json!(check.got.is_ok()));
    o.insert(
        "goal".into(),
        json!(if check.met { "met" } else { "not yet" }),
    );
    o.insert("wanted".into(), json!(verdict_word(check.goal.allow)));
    match &check.got {
        Ok(trace) => verdict(trace, &mut o),
        Err(e) => {
            o.insert(
                "error".into(),
                error(e, &format!("goal {}", check.goal.text)),
            );
        }
    }
    Value::Object(o)
}

/// `{code, message, column, help}`: a syntax error's code is `SyntaxError`; `column` counts
/// characters from 1 on the line the span starts on (null when the error points nowhere).
pub fn error(e: &Diagnostic, src: &str) -> Value {
    let code = if e.code == crate::vocab::diagnostic::SYNTAX {
        "SyntaxError"
    } else {
        e.code.as_str()
    };
    let mut o = Map::new();
    o.insert("code".into(), json!(code));
    o.insert("message".into(), json!(e.message));
    let column = e
        .span
        .map(|s| crate::vocab::diagnostic::line_col(src, s.start).1);
    o.insert("column".into(), json!(column));
    if let Some(help) = &e.help {
        o.insert("help".into(), json!(help));
    }
    Value::Object(o)
}

/// A `show`: the first table's `columns` and `rows`; a `show` of several tables (a group's
/// rules and members) lists them all under `tables` too, and its text lines under `lines`.
fn table(shown: &Shown, o: &mut Map<String, Value>) {
    let tables: Vec<Value> = shown
        .tables()
        .map(|t| json!({"columns": t.columns, "rows": t.rows}))
        .collect();
    let first = shown.tables().next();
    o.insert(
        "columns".into(),
        json!(first.map(|t| t.columns.clone()).unwrap_or_default()),
    );
    o.insert(
        "rows".into(),
        json!(first.map(|t| t.rows.clone()).unwrap_or_default()),
    );
    if tables.len() > 1 {
        o.insert("tables".into(), Value::Array(tables));
    }
    let lines: Vec<&str> = shown
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(l) => Some(l.as_str()),
            Block::Table(_) => None,
        })
        .collect();
    if !lines.is_empty() {
        o.insert("lines".into(), json!(lines));
    }
}

pub(super) fn verdict_word(allowed: bool) -> &'static str {
    if allowed { "allow" } else { "deny" }
}

/// `verdict` and `deciding` (`{leg, step, code}`, null when allowed).
fn verdict(trace: &Trace, o: &mut Map<String, Value>) {
    o.insert("verdict".into(), json!(verdict_word(trace.allowed)));
    let deciding = match trace.deciding_step() {
        Some(s) if !trace.allowed => json!({
            "leg": leg(s.leg),
            "step": step_name(s),
            "code": s.code.map(|c| c.as_str()),
        }),
        _ => Value::Null,
    };
    o.insert("deciding".into(), deciding);
}

pub(super) fn leg(leg: Leg) -> &'static str {
    match leg {
        Leg::Request => "request",
        Leg::Reply => "reply",
    }
}

/// The pinned name of a step: which check of AWS's path it is.
pub(super) fn step_name(step: &Step) -> &'static str {
    match &step.kind {
        StepKind::Groups(g) => match g.direction {
            Direction::Egress => "egress-groups",
            Direction::Ingress => "ingress-groups",
        },
        // An EC2-Classic cache cluster's cache security groups filter what comes in.
        StepKind::CacheGroups(_) => "ingress-groups",
        StepKind::Nacl(n) => match n.direction {
            AclDirection::Outbound => "nacl-out",
            AclDirection::Inbound => "nacl-in",
        },
        StepKind::Route(_) => "route",
        StepKind::Flow(_) => "conntrack",
        StepKind::Missing { .. }
        | StepKind::Stopped { .. }
        | StepKind::NoAddress { .. }
        | StepKind::NotFiltered { .. }
        | StepKind::SameHost { .. } => "address",
    }
}

/// `{leg, step, verdict, code, rules: [{id, peer, matched, reason}]}`.
fn step(s: &Step) -> Value {
    let rules: Vec<Value> = match &s.kind {
        StepKind::Groups(g) => {
            let checks: Vec<&RuleCheck> = if g.rules.is_empty() {
                g.allowed_by.iter().collect()
            } else {
                g.rules.iter().collect()
            };
            checks
                .into_iter()
                .map(|r| {
                    let peer = r.peer_shown();
                    rule(
                        r.rule.to_string(),
                        &peer,
                        r.verdict.matched(),
                        rule_reason(r.verdict, &peer),
                    )
                })
                .collect()
        }
        StepKind::Nacl(n) => n
            .entries
            .iter()
            .map(|c| {
                let id = c.entry.number.map_or("*".to_string(), |n| n.to_string());
                let peer = c.entry.cidr.to_string();
                let reason = rule_reason(c.verdict, &peer);
                rule(id, &peer, c.verdict.matched(), reason)
            })
            .collect(),
        StepKind::CacheGroups(c) => c
            .checks
            .iter()
            .map(|a| {
                let peer = a.peer();
                let reason = rule_reason(a.verdict, &peer);
                rule(a.cache_group.clone(), &peer, a.verdict.matched(), reason)
            })
            .collect(),
        _ => Vec::new(),
    };
    json!({
        "leg": leg(s.leg),
        "step": step_name(s),
        "verdict": verdict_word(s.allowed),
        "code": s.code.map(|c| c.as_str()),
        "rules": rules,
    })
}

pub(super) fn rule(id: String, peer: &str, matched: bool, reason: String) -> Value {
    json!({"id": id, "peer": peer, "matched": matched, "reason": reason})
}

/// A step that blocked a packet, as `why` and `sgs grade` list it: `{leg, step, code, rules}`.
pub fn blocking_step(s: &Step) -> Value {
    let mut v = step(s);
    if let Value::Object(o) = &mut v {
        o.remove("verdict");
    }
    v
}
