//! Presenter mode (`sgs play --present`): for a projector. The narration large (bold, wide
//! margins, a blank row between its lines, the top of the screen), the path strip, and the
//! trace under it; no panes, no borders, no key bar; white on black with bright marks. The keys
//! still work and `?` still shows them. A question waiting for the class's prediction is asked
//! in the narration's place, with no trace under it.

use super::path::{self, Palette};
use crate::tui::app::{App, Mode};
use crate::tui::traceview::LineKind;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

fn base() -> Style {
    Style::new().fg(Color::White).bg(Color::Black)
}

/// The text at the top: a question waiting (under the narration that poses it: `c` runs the
/// narration and the question at one go), else the narration (the first steps' hint before any).
fn narration(app: &App) -> Vec<String> {
    if let Some(q) = &app.question {
        let posed = app.play.as_ref().and_then(|p| p.banner.clone());
        return posed
            .into_iter()
            .chain([
                format!("Predict: {}", q.asked()),
                "allow or deny?  (a / d)".to_string(),
            ])
            .collect();
    }
    let Some(play) = &app.play else {
        return Vec::new();
    };
    if play.in_detour() {
        // The class's own commands and what they said, newest last.
        let mut out = vec!["↪ detour (e goes back to the lesson)".to_string()];
        let n = app.log.lines.len();
        out.extend(
            app.log.lines[n.saturating_sub(4)..]
                .iter()
                .map(|l| l.text.clone()),
        );
        return out;
    }
    match &play.banner {
        Some(text) => vec![text.clone()],
        None => vec![format!("{} — {} steps", play.name, play.steps.len())],
    }
}

/// What the last `goals` said, one goal a row (wrapped), met in green and not yet in red, then
/// a blank row; nothing while a question waits or in a detour.
fn goals(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(play) = app.play.as_ref().filter(|p| !p.in_detour()) else {
        return Vec::new();
    };
    if app.question.is_some() || play.goals.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for (met, text) in &play.goals {
        let (state, color) = if *met {
            ("✓ met:     ", Color::LightGreen)
        } else {
            ("✗ not yet: ", Color::LightRed)
        };
        let style = base().fg(color).add_modifier(Modifier::BOLD);
        for row in wrap::cut(&format!("{state}{text}"), width) {
            rows.push(Line::styled(row.to_string(), style));
        }
    }
    rows.push(Line::raw(""));
    rows
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Block::new().style(base()), area);
    let margin = (area.width / 12).clamp(1, 8);
    let width = area.width.saturating_sub(2 * margin);
    let big = base().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    // The narration, a blank row between its rows, up to half the screen.
    let mut rows: Vec<Line> = vec![Line::raw("")];
    for text in narration(app) {
        for row in wrap::cut(&text, width as usize) {
            rows.push(Line::styled(row.to_string(), big));
            rows.push(Line::raw(""));
        }
    }
    rows.extend(goals(app, width as usize));
    let mut foot = Vec::new();
    if let Some(play) = &app.play {
        foot.push(Span::styled(play.progress(), base().fg(Color::Gray)));
        if play.paused {
            foot.push(Span::styled("  ⏸", base().fg(Color::Gray)));
        }
        if play.autoplay.on {
            let auto = &play.autoplay;
            foot.push(Span::styled(
                format!("  {}", auto.label()),
                base().fg(Color::Gray),
            ));
        }
    }
    if let Some(score) = app.score_text() {
        foot.push(Span::styled(
            format!("  {score}"),
            base().fg(Color::LightCyan),
        ));
    }
    rows.push(Line::from(foot));
    // Up to half the screen; all of it while a question waits, as no trace is shown under it.
    let cap = if app.question.is_some() {
        area.height.saturating_sub(1)
    } else {
        area.height / 2
    };
    let top_h = (rows.len() as u16).min(cap);
    let top = Rect::new(area.x + margin, area.y, width, top_h);
    frame.render_widget(Paragraph::new(rows).style(base()), top);
    let rest = Rect::new(
        area.x + margin,
        area.y + top_h,
        width,
        area.height.saturating_sub(top_h),
    );
    // The line being typed (a detour's command, a step's number), else the status, at the
    // bottom: the one row of chrome, there only while it says something.
    let typing = !matches!(app.input.mode, Mode::Normal | Mode::Grid);
    let bottom = if typing {
        Some(Line::styled(
            format!("› {}", app.input.line.text),
            base().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
        ))
    } else {
        app.input
            .status
            .as_ref()
            .map(|s| Line::styled(s.clone(), base().fg(Color::Gray)))
    };
    let rest = match bottom {
        Some(line) if rest.height > 1 => {
            let y = rest.y + rest.height - 1;
            frame.render_widget(
                Paragraph::new(line).style(base()),
                Rect {
                    y,
                    height: 1,
                    ..rest
                },
            );
            Rect {
                height: rest.height - 1,
                ..rest
            }
        }
        _ => rest,
    };
    // While the class predicts, the trace on screen is an earlier packet's, and presenter mode
    // does not name it: under "Predict:" it would read as the answer.
    if app.question.is_some() {
        return;
    }
    let Some(view) = &app.trace.view else {
        return;
    };
    let palette = Palette::bright();
    let strip_h = path::height(&view.trace, &view.strip, rest.width as usize).min(rest.height);
    let strip = path::lines(&view.trace, &view.strip, rest.width as usize, &palette);
    frame.render_widget(
        Paragraph::new(strip).style(base()),
        Rect::new(rest.x, rest.y, rest.width, strip_h),
    );
    let trace_area = Rect::new(
        rest.x,
        rest.y + strip_h + 1,
        rest.width,
        rest.height.saturating_sub(strip_h + 1),
    );
    let mut lines = Vec::new();
    if app.trace.stale {
        lines.push(Line::styled(
            "STALE: the world changed since this trace",
            base().fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
        ));
    }
    let h = trace_area.height as usize;
    let width = trace_area.width as usize;
    let total: usize = view
        .lines
        .iter()
        .map(|l| wrap::height(&l.text, width))
        .sum();
    // The whole trace when it fits; else from where it is scrolled to (its deciding step).
    let first = if total + lines.len() <= h {
        0
    } else {
        app.trace.cursor.offset.min(view.lines.len())
    };
    for line in &view.lines[first..] {
        if lines.len() >= h {
            break;
        }
        let style = match line.kind {
            LineKind::Title | LineKind::Leg => {
                base().fg(Color::LightCyan).add_modifier(Modifier::BOLD)
            }
            LineKind::Step { allowed: true } => palette.pass,
            LineKind::Step { allowed: false } => palette.fail,
            LineKind::Match => base().fg(Color::LightGreen),
            LineKind::Miss => base().fg(Color::Gray),
            LineKind::Detail => base(),
            LineKind::Verdict if view.trace.allowed => palette.pass,
            LineKind::Verdict => palette.fail,
        };
        for row in wrap::cut(&line.text, trace_area.width as usize) {
            lines.push(Line::styled(row.to_string(), style));
        }
    }
    lines.truncate(h);
    frame.render_widget(Paragraph::new(lines).style(base()), trace_area);
}
