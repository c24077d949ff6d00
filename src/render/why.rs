//! `why` as text and as JSON: the gates that block (each with its leg, step, code and the rules
//! that came closest), the fix in its three renderings, and the pairs it also opens; or, for a
//! probe that passes, the rules and entries that let it through. Everything is read from the
//! answer ([`Why`]); nothing is decided here.

use super::json::{leg, rule, step_name, verdict_word};
use crate::query::rule_reason;
use crate::query::why::{Closest, Gate, Why};
use crate::query::{Leg, LineKind, Step, StepKind};
use serde_json::{Map, Value, json};
use std::fmt;

/// How many of the pairs the fix also opens the text lists.
const LISTED: usize = 20;

fn leg_word(l: Leg) -> &'static str {
    leg(l)
}

/// A closest rule or entry, in one line: what it is and why it missed.
fn closest_line(c: &Closest) -> String {
    match c {
        Closest::Rule(r) => {
            let peer = r.peer_shown();
            let word = match r.direction {
                crate::vocab::Direction::Ingress => "from",
                crate::vocab::Direction::Egress => "to",
            };
            format!(
                "{} of {}: {} {} {word} {peer}: {}",
                r.rule,
                r.group.name,
                r.direction.as_str(),
                r.proto,
                rule_reason(r.verdict, &peer)
            )
        }
        Closest::Entry(e) => {
            let number = e.entry.number.map_or("*".to_string(), |n| n.to_string());
            let action = if e.entry.allow { "allow" } else { "deny" };
            let peer = e.entry.cidr.to_string();
            format!(
                "entry {number}: {action} {} {peer}: {}",
                e.entry.proto,
                rule_reason(e.verdict, &peer)
            )
        }
    }
}

/// One line of `why`'s text: what it is (as a trace's lines say it, for the TUI's colours) and,
/// for a line of the fix, its number among the sgs lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhyLine {
    pub text: String,
    pub kind: LineKind,
    pub fix: Option<usize>,
}

fn push(out: &mut Vec<WhyLine>, kind: LineKind, text: String) {
    out.push(WhyLine {
        text,
        kind,
        fix: None,
    });
}

fn gate_lines(out: &mut Vec<WhyLine>, k: usize, g: &Gate) {
    let mut head = format!(
        "  {k}. {}, {}: {}",
        leg_word(g.step.leg),
        step_name(&g.step),
        g.step.reason()
    );
    if let Some(code) = g.code {
        head.push_str(&format!(" [{code}]"));
    }
    push(out, LineKind::Step { allowed: false }, head);
    for c in &g.closest {
        push(
            out,
            LineKind::Miss,
            format!("     closest: {}", closest_line(c)),
        );
    }
    if let Some(advice) = &g.advice {
        push(out, LineKind::Detail, format!("     to do: {advice}"));
    }
}

/// `why`'s answer as lines: what `sgs run` prints, and what the TUI's trace pane shows.
pub fn lines(w: &Why) -> Vec<WhyLine> {
    let mut out = Vec::new();
    if w.allowed {
        push(
            &mut out,
            LineKind::Title,
            format!("why {}: allowed", w.asked),
        );
        for s in &w.passing {
            let text = format!("  {}, {}: {}", leg_word(s.leg), step_name(s), s.reason());
            push(&mut out, LineKind::Step { allowed: true }, text);
        }
        return out;
    }
    let n = w.blocking.len();
    let (s, verb) = if n == 1 { ("", "s") } else { ("s", "") };
    let title = format!("why {}: denied; {n} gate{s} block{verb}", w.asked);
    push(&mut out, LineKind::Title, title);
    for (k, g) in w.blocking.iter().enumerate() {
        gate_lines(&mut out, k + 1, g);
    }
    if let Some(e) = &w.refused {
        let text = format!("the fix stops short: {}", e.headline());
        push(&mut out, LineKind::Verdict, text);
    }
    if w.fix.is_empty() {
        if w.refused.is_none() {
            let text = "no change of rules or entries opens it".to_string();
            push(&mut out, LineKind::Verdict, text);
        }
        return out;
    }
    let complete = if w.fixed {
        "the smallest fix:"
    } else {
        "a partial fix (the probe still fails after it):"
    };
    push(&mut out, LineKind::Leg, complete.to_string());
    for (k, line) in w.fix.sgs.iter().enumerate() {
        out.push(WhyLine {
            text: format!("  {line}"),
            kind: LineKind::Match,
            fix: Some(k),
        });
    }
    push(&mut out, LineKind::Leg, "as AWS CLI commands:".to_string());
    for line in &w.fix.cli {
        push(&mut out, LineKind::Detail, format!("  {line}"));
    }
    push(&mut out, LineKind::Leg, "as Terraform:".to_string());
    for line in w.fix.terraform.lines() {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!("  {line}")
        };
        push(&mut out, LineKind::Detail, text);
    }
    match w.also_opens.len() {
        0 => {
            let text = format!("the fix opens nothing else for {}", w.packet);
            push(&mut out, LineKind::Leg, text);
        }
        n => {
            let s = if n == 1 { "" } else { "s" };
            let text = format!("the fix also opens {n} other pair{s}:");
            push(&mut out, LineKind::Leg, text);
            for (from, to) in w.also_opens.iter().take(LISTED) {
                push(&mut out, LineKind::Detail, format!("  {from} -> {to}"));
            }
            if n > LISTED {
                push(
                    &mut out,
                    LineKind::Detail,
                    format!("  … and {} more", n - LISTED),
                );
            }
        }
    }
    out
}

/// The text `why` prints.
pub fn text(f: &mut fmt::Formatter<'_>, w: &Why) -> fmt::Result {
    let lines: Vec<String> = lines(w).into_iter().map(|l| l.text).collect();
    f.write_str(&lines.join("\n"))
}

/// A step's rules for JSON: the closest for a gate, the ones that let it through for a pass.
fn step_rules(s: &Step) -> Vec<Value> {
    match &s.kind {
        StepKind::Groups(g) => g
            .allowed_by
            .iter()
            .map(|r| {
                let peer = r.peer_shown();
                rule(
                    r.rule.to_string(),
                    &peer,
                    true,
                    rule_reason(r.verdict, &peer),
                )
            })
            .collect(),
        StepKind::Nacl(n) => n
            .decided_by
            .iter()
            .map(|e| {
                let id = e.number.map_or("*".to_string(), |n| n.to_string());
                rule(id, &e.cidr.to_string(), e.allow, String::new())
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn closest_json(c: &Closest) -> Value {
    match c {
        Closest::Rule(r) => {
            let peer = r.peer_shown();
            let reason = rule_reason(r.verdict, &peer);
            rule(r.rule.to_string(), &peer, r.verdict.matched(), reason)
        }
        Closest::Entry(e) => {
            let id = e.entry.number.map_or("*".to_string(), |n| n.to_string());
            let peer = e.entry.cidr.to_string();
            let reason = rule_reason(e.verdict, &peer);
            rule(id, &peer, e.verdict.matched(), reason)
        }
    }
}

/// The keys of `why`: `verdict`, `blocking: [{leg, step, code, rules}]`, `fix: {sgs, cli,
/// terraform}`, `fixed`, `also_opens: [[from, to]]`, and `passing` for a probe that passes.
pub fn json(w: &Why, o: &mut Map<String, Value>) {
    o.insert("verdict".into(), json!(verdict_word(w.allowed)));
    let blocking: Vec<Value> = w
        .blocking
        .iter()
        .map(|g| {
            let mut b = json!({
                "leg": leg(g.step.leg),
                "step": step_name(&g.step),
                "code": g.code.map(|c| c.as_str()),
                "rules": g.closest.iter().map(closest_json).collect::<Vec<_>>(),
            });
            if let (Some(advice), Value::Object(m)) = (&g.advice, &mut b) {
                m.insert("advice".into(), json!(advice));
            }
            b
        })
        .collect();
    o.insert("blocking".into(), Value::Array(blocking));
    o.insert(
        "fix".into(),
        json!({"sgs": w.fix.sgs, "cli": w.fix.cli, "terraform": w.fix.terraform}),
    );
    o.insert("fixed".into(), json!(w.fixed));
    let pairs: Vec<Value> = w.also_opens.iter().map(|(a, b)| json!([a, b])).collect();
    o.insert("also_opens".into(), Value::Array(pairs));
    if w.allowed {
        let passing: Vec<Value> = w
            .passing
            .iter()
            .map(|s| json!({"leg": leg(s.leg), "step": step_name(s), "rules": step_rules(s)}))
            .collect();
        o.insert("passing".into(), Value::Array(passing));
    }
}
