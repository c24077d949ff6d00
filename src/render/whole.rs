//! The whole-world answers as text and as JSON: the reach matrix (`●` allow, `·` deny, folded
//! into blocks of columns, at most 200 x 200 cells, then `N of M pairs allowed`), `who can
//! reach`, `what can … reach` / `show exposure`, and a diff.

use crate::query::Reach;
use crate::query::diff::Diff;
use crate::query::who::{Reachable, Reachers};
use serde_json::{Map, Value, json};
use std::fmt::{self, Write as _};

/// The most rows or columns the text matrix prints.
pub const MAX_CELLS: usize = 200;
/// Columns per block of the text matrix.
const BLOCK: usize = 40;

pub fn reach(f: &mut fmt::Formatter<'_>, r: &Reach) -> fmt::Result {
    let allowed = r.count();
    writeln!(
        f,
        "reach {}: rows are sources, columns destinations",
        r.packet
    )?;
    if r.rows.len() > MAX_CELLS || r.cols.len() > MAX_CELLS {
        writeln!(
            f,
            "{} rows by {} columns: more than {MAX_CELLS} x {MAX_CELLS} cells, not printed (narrow it with in, from and to, or ask for --json)",
            r.rows.len(),
            r.cols.len()
        )?;
        return write!(f, "{allowed} of {} pairs allowed", r.pairs);
    }
    let label = r.rows.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let self_pair = |row: usize, col: usize| {
        let endpoint = if r.internet {
            row.checked_sub(1)
        } else {
            Some(row)
        };
        endpoint.is_some_and(|k| r.rows.get(k + usize::from(r.internet)) == r.cols.get(col))
    };
    for start in (0..r.cols.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(r.cols.len());
        let mut legend = String::new();
        for c in start..end {
            let _ = write!(
                legend,
                "{}{} {}",
                if c == start { "" } else { ", " },
                c + 1,
                r.cols[c]
            );
        }
        writeln!(f, "columns {legend}")?;
        let mut head = format!("{:label$}", "");
        for c in start..end {
            let _ = write!(head, " {}", (c + 1) % 10);
        }
        writeln!(f, "{}", head.trim_end())?;
        for (row, name) in r.rows.iter().enumerate() {
            let mut line = format!("{name:label$}");
            for c in start..end {
                let cell = if self_pair(row, c) {
                    ' '
                } else if r.get(row, c) {
                    '●'
                } else {
                    '·'
                };
                line.push(' ');
                line.push(cell);
            }
            writeln!(f, "{}", line.trim_end())?;
        }
    }
    write!(f, "{allowed} of {} pairs allowed", r.pairs)
}

pub fn reachers(f: &mut fmt::Formatter<'_>, r: &Reachers) -> fmt::Result {
    if r.endpoints.is_empty() && r.ranges.is_empty() {
        return write!(f, "nothing can reach {} on {}", r.target, r.packet);
    }
    write!(f, "who can reach {} on {}:", r.target, r.packet)?;
    let width = r
        .endpoints
        .iter()
        .chain(&r.ranges)
        .map(|g| g.name.chars().count())
        .max()
        .unwrap_or(0);
    for g in r.endpoints.iter().chain(&r.ranges) {
        write!(f, "\n  {:width$}  {}", g.name, g.rules.join("; "))?;
    }
    Ok(())
}

pub fn reachable(f: &mut fmt::Formatter<'_>, r: &Reachable) -> fmt::Result {
    let what = r
        .packet
        .as_deref()
        .map(|p| format!(" on {p}"))
        .unwrap_or_default();
    if r.endpoints.is_empty() {
        return write!(f, "{} can open nothing{what}", r.from);
    }
    write!(f, "{} can open{what}:", r.from)?;
    for e in &r.endpoints {
        write!(f, "\n  {}: {}", e.name, e.packets.join(", "))?;
        for rule in &e.rules {
            write!(f, "\n      {rule}")?;
        }
    }
    Ok(())
}

pub fn diff(f: &mut fmt::Formatter<'_>, d: &Diff) -> fmt::Result {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(d.added.iter().map(|l| format!("+ {l}")));
    lines.extend(d.removed.iter().map(|l| format!("- {l}")));
    lines.extend(d.changed.iter().map(|l| format!("~ {l}")));
    if lines.is_empty() {
        lines.push("rules: no change".into());
    }
    if d.reach.is_empty() {
        lines.push("reach: no change".into());
    } else {
        lines.push("reach:".into());
        for p in &d.reach {
            let mut moves: Vec<String> = p.gained.iter().map(|g| format!("+{g}")).collect();
            moves.extend(p.lost.iter().map(|l| format!("-{l}")));
            lines.push(format!("  {} -> {}: {}", p.from, p.to, moves.join(", ")));
        }
    }
    if !d.cut.is_empty() || !d.kept.is_empty() {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        lines.push(format!(
            "flows cut: {}; kept: {}",
            list(&d.cut),
            list(&d.kept)
        ));
    }
    f.write_str(&lines.join("\n"))
}

pub fn reach_json(r: &Reach, o: &mut Map<String, Value>) {
    o.insert("packet".into(), json!(r.packet));
    o.insert("endpoints".into(), json!(r.cols));
    let pairs: Vec<Value> = r.pairs().map(|(a, b)| json!([a, b])).collect();
    o.insert("allowed".into(), Value::Array(pairs));
}

pub fn reachers_json(r: &Reachers, o: &mut Map<String, Value>) {
    let list = |key: &str, v: &[crate::query::who::Granted]| -> Vec<Value> {
        v.iter()
            .map(|g| json!({key: g.name, "rules": g.rules}))
            .collect()
    };
    o.insert("endpoints".into(), Value::Array(list("name", &r.endpoints)));
    o.insert("ranges".into(), Value::Array(list("cidr", &r.ranges)));
}

pub fn reachable_json(r: &Reachable, o: &mut Map<String, Value>) {
    let list: Vec<Value> = r
        .endpoints
        .iter()
        .map(|e| json!({"name": e.name, "packets": e.packets, "rules": e.rules}))
        .collect();
    o.insert("endpoints".into(), Value::Array(list));
}

pub fn diff_json(d: &Diff, o: &mut Map<String, Value>) {
    o.insert(
        "rules".into(),
        json!({"added": d.added, "removed": d.removed, "changed": d.changed}),
    );
    let reach: Vec<Value> = d
        .reach
        .iter()
        .map(|p| json!({"from": p.from, "to": p.to, "gained": p.gained, "lost": p.lost}))
        .collect();
    o.insert("reach".into(), Value::Array(reach));
    o.insert("flows".into(), json!({"cut": d.cut, "kept": d.kept}));
}
