//! The path strip over the trace: a column per place the packet passes, the request's gates on
//! one line (left to right), the reply's under it (right to left), each ✓ or ✗ with the rule
//! that decided, then the deciding step's reason. Drawn from the trace's [`PathStrip`]; at 80
//! columns each gate keeps its mark and the start of its rule.

use super::fit;
use crate::render::path::{COLUMNS, Gate, Mark, PathStrip};
use crate::session::Trace;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// The colours the strip is drawn in (presenter mode has its own).
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub head: Style,
    pub pass: Style,
    pub fail: Style,
    pub dim: Style,
    pub leg: Style,
}

impl Palette {
    pub fn normal() -> Palette {
        Palette {
            head: Style::new().add_modifier(Modifier::BOLD),
            pass: Style::new().fg(Color::Green),
            fail: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            leg: Style::new().fg(Color::Cyan),
        }
    }

    /// High contrast, for a projector.
    pub fn bright() -> Palette {
        Palette {
            head: Style::new()
                .fg(Color::White)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
            pass: Style::new()
                .fg(Color::LightGreen)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
            fail: Style::new()
                .fg(Color::LightRed)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Gray).bg(Color::Black),
            leg: Style::new()
                .fg(Color::LightCyan)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
        }
    }
}

/// The most rows the deciding step's words take under the gates.
const WHY_ROWS: usize = 2;

/// The width of the leg labels at the left.
const LABEL: usize = 4;

/// Below this many columns a gate shows its mark alone (its rule is in the trace under it).
const COMPACT: usize = 10;
/// The column heads when the gates are narrow.
const SHORT_HEADS: [&str; COLUMNS] = ["src", "sg", "acl", "rt", "acl", "sg", "dst"];

fn gate_span(gate: &Gate, width: usize, p: &Palette) -> Span<'static> {
    let style = match gate.mark {
        Mark::Pass => p.pass,
        Mark::Fail => p.fail,
        Mark::NotReached | Mark::NotOnPath => p.dim,
    };
    let text = if gate.rule.is_empty() || width < COMPACT {
        gate.mark.symbol().to_string()
    } else {
        format!("{} {}", gate.mark.symbol(), gate.rule)
    };
    Span::styled(
        format!("{:<width$}", fit(&text, width.saturating_sub(1))),
        style,
    )
}

/// The strip's lines for `width` columns.
pub fn lines(trace: &Trace, strip: &PathStrip, width: usize, p: &Palette) -> Vec<Line<'static>> {
    let cell = width.saturating_sub(LABEL) / COLUMNS;
    let mut heads = vec![Span::styled(" ".repeat(LABEL), p.head)];
    for (i, head) in strip.heads.iter().enumerate() {
        let arrow = if i + 1 < COLUMNS && cell >= COMPACT {
            "›"
        } else {
            ""
        };
        let head = if cell < COMPACT {
            SHORT_HEADS[i]
        } else {
            head.as_str()
        };
        let text = fit(
            head,
            cell.saturating_sub(if cell < COMPACT { 1 } else { 2 }),
        );
        heads.push(Span::styled(
            format!("{:<w$}", format!("{text} {arrow}"), w = cell),
            p.head,
        ));
    }
    let row = |label: &str, gates: &[Gate; COLUMNS]| {
        let mut spans = vec![Span::styled(format!("{label:<LABEL$}"), p.leg)];
        spans.extend(gates.iter().map(|g| gate_span(g, cell, p)));
        Line::from(spans)
    };
    let mut out = vec![
        Line::from(heads),
        row("req▸", &strip.request),
        row("rep◂", &strip.reply),
    ];
    let style = if strip.allowed { p.pass } else { p.fail };
    for row in why_rows(trace, strip, width) {
        out.push(Line::from(Span::styled(row, style)));
    }
    out
}

/// The deciding step in words, wrapped over at most two rows (the second cut with `…`).
fn why_rows(trace: &Trace, strip: &PathStrip, width: usize) -> Vec<String> {
    let verdict = if strip.allowed { "ALLOW" } else { "DENY" };
    let why = match &strip.deciding {
        Some(words) => format!("{verdict}: {words}"),
        None => trace.summary(),
    };
    let rows = crate::tui::wrap::cut(&why, width.max(1));
    let mut out: Vec<String> = rows.iter().take(WHY_ROWS).map(|r| r.to_string()).collect();
    if rows.len() > WHY_ROWS
        && let Some(last) = out.last_mut()
    {
        let rest = rows[WHY_ROWS - 1..].concat();
        *last = fit(&rest, width);
    }
    out
}

/// How many rows the strip takes at `width` columns: the heads, the two legs, the words.
pub fn height(trace: &Trace, strip: &PathStrip, width: usize) -> u16 {
    3 + why_rows(trace, strip, width).len() as u16
}
