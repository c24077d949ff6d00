//! `sgs grade` as text, CSV, JSON Lines and JUnit XML: per student the goals met and the score,
//! and for each goal missed its trace and the gates that blocked it (never the fix: finding it
//! is the student's work).

use super::json;
use crate::query::{Step, Trace};
use crate::session::grade::Graded;
use crate::session::{GoalCheck, LineKind};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

fn word(allow: bool) -> &'static str {
    if allow { "allow" } else { "deny" }
}

/// The steps that denied the packet: the gates that blocked it.
fn blocking(trace: &Trace) -> impl Iterator<Item = &Step> {
    trace.steps.iter().filter(|s| !s.allowed)
}

/// What a missed goal got, and where: the feedback lines, without the trace.
pub fn feedback(check: &GoalCheck) -> String {
    match &check.got {
        Err(e) => format!("could not be judged: {}", e.headline()),
        Ok(trace) if trace.allowed => "got allow: every gate on the way let it through".to_string(),
        Ok(trace) => {
            let mut out = String::from("got deny; blocked at:");
            for line in trace.lines() {
                if line.kind == (LineKind::Step { allowed: false }) {
                    let _ = write!(
                        out,
                        "\n  {}",
                        line.text.trim().trim_start_matches(">>").trim()
                    );
                }
            }
            out
        }
    }
}

/// One student's grade as text.
pub fn text(lesson: &str, g: &Graded) -> String {
    let mut out = format!(
        "{}: {} of {} goals met, score {}%\n",
        g.student,
        g.met(),
        g.goals(),
        g.score()
    );
    if let Some(e) = &g.error {
        let what = if e.parse && e.line == 0 {
            "cannot be read, so it scores 0"
        } else if e.parse {
            "does not parse, so it scores 0"
        } else {
            "stopped at an error; judged on the world it reached"
        };
        let _ = writeln!(out, "  {} {what}:", g.student);
        for line in e.error.render(&g.student, &g.src).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    for check in g.missed() {
        let at = check
            .goal
            .line
            .map(|l| format!(" ({lesson}:{l})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  missed: goal {}{at}", check.goal.text);
        if g.error.as_ref().is_some_and(|e| e.parse) {
            continue;
        }
        for line in feedback(check).lines() {
            let _ = writeln!(out, "    {line}");
        }
        if let Ok(trace) = &check.got {
            for line in trace.to_string().lines() {
                let _ = writeln!(out, "    | {line}");
            }
        }
    }
    out
}

/// The CSV, RFC 4180: a header and one row per student, CRLF line ends, a field quoted when it
/// holds a comma, a quote or a line break (its quotes doubled).
pub fn csv(grades: &[Graded]) -> String {
    let mut out = String::from("student,met,goals,score\r\n");
    for g in grades {
        let _ = write!(
            out,
            "{},{},{},{}\r\n",
            csv_field(&g.student),
            g.met(),
            g.goals(),
            g.score()
        );
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One student as a JSON object: the common fields (`file` the student's path, `line` the line
/// of their error or 0, `command` "grade", `ok` whether their session ran without error), then
/// `student`, `met`, `goals`, `score`, `missed` (the goal lines), and `feedback`: per goal
/// missed, what it got and the gates that blocked it (`blocking`, as `why` writes them).
pub fn json(g: &Graded) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(g.student));
    o.insert("line".into(), json!(g.error.as_ref().map_or(0, |e| e.line)));
    o.insert("command".into(), json!("grade"));
    o.insert("ok".into(), json!(g.error.is_none()));
    if let Some(e) = &g.error {
        o.insert("error".into(), json::error(&e.error, &g.src));
    }
    o.insert("student".into(), json!(g.student));
    o.insert("met".into(), json!(g.met()));
    o.insert("goals".into(), json!(g.goals()));
    o.insert("score".into(), json!(g.score()));
    let missed: Vec<&GoalCheck> = g.missed().collect();
    o.insert(
        "missed".into(),
        json!(
            missed
                .iter()
                .map(|c| format!("goal {}", c.goal.text))
                .collect::<Vec<_>>()
        ),
    );
    let feedback: Vec<Value> = missed
        .iter()
        .map(|c| {
            let mut f = Map::new();
            f.insert("goal".into(), json!(format!("goal {}", c.goal.text)));
            f.insert("wanted".into(), json!(word(c.goal.allow)));
            match &c.got {
                Ok(trace) => {
                    f.insert("verdict".into(), json!(word(trace.allowed)));
                    let blocking: Vec<Value> = blocking(trace).map(json::blocking_step).collect();
                    f.insert("blocking".into(), Value::Array(blocking));
                }
                Err(e) => {
                    f.insert(
                        "error".into(),
                        json!({"code": e.code, "message": e.message}),
                    );
                }
            }
            Value::Object(f)
        })
        .collect();
    o.insert("feedback".into(), Value::Array(feedback));
    Value::Object(o)
}

/// The grades as JUnit XML: a suite per student, a test case per goal; a goal missed is a
/// failure with its feedback; a session that does not parse is an error case too.
pub fn junit(lesson: &str, grades: &[Graded]) -> Result<String, String> {
    let mut report = Report::new("sgs grade");
    for g in grades {
        let mut suite = TestSuite::new(g.student.clone());
        if let Some(e) = g.error.as_ref().filter(|e| e.parse) {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(e.error.headline());
            let mut case = TestCase::new(format!("{}: parse", g.student), status);
            case.set_classname(g.student.clone());
            suite.add_test_case(case);
        }
        for check in &g.checks {
            let status = if check.met {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(feedback(check));
                s
            };
            let at = check.goal.line.map(|l| format!(":{l}")).unwrap_or_default();
            let name = format!("{lesson}{at}: goal {}", check.goal.text);
            let mut case = TestCase::new(name, status);
            case.set_classname(g.student.clone());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    let mut out = Vec::new();
    report.serialize(&mut out).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}
