//! The trace pane: the last probe or trace, the path strip over it (`path`), then step by step
//! in the data plane's own words, every rule looked at, the deciding step highlighted and the
//! verdict in colour. A trace decided before the world last changed says it is stale.

use crate::tui::app::App;
use crate::tui::traceview::LineKind;
use crate::tui::ui::block;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The background of the deciding step's lines.
const DECIDING: Color = Color::Indexed(236);

fn verdict_style(allowed: bool) -> Style {
    let color = if allowed { Color::Green } else { Color::Red };
    Style::new().fg(color).add_modifier(Modifier::BOLD)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    // While the class predicts, an earlier packet's trace would read as the answer (a question
    // that differs only by `via` looks the same): the pane waits too.
    if let Some(q) = &app.question {
        let b = block(Line::from(" Trace "), focused);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let dim = Style::new().fg(Color::DarkGray);
        let text = vec![
            Line::raw(format!("Asked: {}", q.asked())),
            Line::styled(
                "The trace follows the prediction: a (allow) or d (deny).",
                dim,
            ),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        return;
    }
    let mut title = vec![Span::raw(" Trace ")];
    if let Some(view) = &app.trace.view {
        let t = &view.trace;
        let verdict = if t.allowed { " ALLOW " } else { " DENY " };
        let color = if t.allowed { Color::Green } else { Color::Red };
        title.push(Span::styled(
            verdict,
            Style::new()
                .fg(Color::Black)
                .bg(color)
                .add_modifier(Modifier::BOLD),
        ));
        let flow = t
            .flow
            .as_ref()
            .map_or(String::new(), |f| format!(" flow {} {}:", f.name, f.leg));
        let via = match t.asked.via {
            Some(crate::vocab::Via::Public) => " via public",
            Some(crate::vocab::Via::Private) => " via private",
            None => "",
        };
        title.push(Span::raw(format!(
            "{flow} {} {} → {}{via} ",
            t.asked.packet, t.asked.from, t.asked.to
        )));
        if app.trace.stale {
            title.push(Span::styled(
                " STALE: the world changed since ",
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Magenta)
                    .add_modifier(Modifier::BOLD),
            ));
        }
    }
    let b = block(Line::from(title), focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let Some(view) = &app.trace.view else {
        let dim = Style::new().fg(Color::DarkGray);
        let text = vec![
            Line::styled("No trace yet.", dim),
            Line::styled(
                "Type : then  trace tcp 22 from web-1 to app-1  — or press t on two members.",
                dim,
            ),
        ];
        frame.render_widget(Paragraph::new(text), inner);
        return;
    };
    let strip = strip_height(view, inner.width, inner.height);
    if strip > 0 {
        let lines = super::path::lines(
            &view.trace,
            &view.strip,
            inner.width as usize,
            &super::path::Palette::normal(),
        );
        let area = Rect {
            height: strip,
            ..inner
        };
        frame.render_widget(Paragraph::new(lines), area);
    }
    let inner = Rect {
        y: inner.y + strip,
        height: inner.height - strip,
        ..inner
    };
    let h = inner.height as usize;
    let deciding = view.trace.deciding;
    let mut lines = Vec::with_capacity(h);
    let first = app.trace.cursor.offset.min(view.lines.len());
    // After a `why`: the fix line Enter runs.
    let selected = app.trace.fixes.get(app.trace.fix).map(|(k, _)| *k);
    for (k, line) in view.lines.iter().enumerate().skip(first) {
        if lines.len() >= h {
            break;
        }
        let style = match line.kind {
            LineKind::Title => Style::new().add_modifier(Modifier::BOLD),
            LineKind::Leg => Style::new().fg(Color::Cyan),
            LineKind::Step { allowed } => verdict_style(allowed),
            LineKind::Match => Style::new().fg(Color::Green),
            LineKind::Miss => Style::new().fg(Color::DarkGray),
            LineKind::Detail => Style::new(),
            LineKind::Verdict => verdict_style(view.trace.allowed),
        };
        let style = if line.step == Some(deciding) && deciding > 0 {
            style.bg(DECIDING)
        } else if selected == Some(k) {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        };
        // Long lines wrap (at the pane's width, as the scrolling counts them).
        for row in wrap::cut(&line.text, inner.width as usize) {
            lines.push(Line::styled(row.to_string(), style));
        }
    }
    lines.truncate(h);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The rows the path strip takes in a trace pane `width` wide with `inner` rows: none where the
/// trace would keep fewer than three.
pub fn strip_height(view: &crate::tui::traceview::TraceView, width: u16, inner: u16) -> u16 {
    let need = super::path::height(&view.trace, &view.strip, width as usize);
    if inner >= need + 3 { need } else { 0 }
}
