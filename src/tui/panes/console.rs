//! The console pane: the output log, and the command line at its foot (or the `/` filter, or a
//! prompt), with the hint and Tab's candidates.

use crate::tui::app::{App, Mode, Prompt};
use crate::tui::console::LogKind;
use crate::tui::ui::block;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn log_style(kind: LogKind) -> Style {
    match kind {
        LogKind::Command => Style::new().fg(Color::Cyan),
        LogKind::Ok => Style::new().fg(Color::Green),
        LogKind::Text => Style::new(),
        LogKind::Error => Style::new().fg(Color::Red),
        LogKind::Echo => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        LogKind::Pass | LogKind::Allow => {
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
        }
        LogKind::Fail | LogKind::Deny => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let typing = matches!(app.mode, Mode::Command | Mode::Filter(_) | Mode::Prompt(_));
    let b = block(Line::raw(" Console "), focused || typing);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.height == 0 {
        return;
    }
    let log_h = inner.height as usize - 1;
    let candidates = !app.line.candidates.is_empty() && log_h > 0;
    let shown = log_h - usize::from(candidates);
    let mut lines: Vec<Line> = Vec::with_capacity(inner.height as usize);
    let window = app.log.cursor.window(app.log.lines.len(), log_h);
    let skip = window.len().saturating_sub(shown);
    for l in &app.log.lines[window][skip..] {
        lines.push(Line::styled(l.text.clone(), log_style(l.kind)));
    }
    while lines.len() < shown {
        lines.insert(0, Line::raw(""));
    }
    if candidates {
        lines.push(Line::styled(
            app.line.candidates.join("  "),
            Style::new().fg(Color::Magenta),
        ));
    }
    let (prompt, hint) = match &app.mode {
        Mode::Command => ("› ", app.hint()),
        Mode::Filter(_) => ("/ ", None),
        Mode::Prompt(Prompt::TracePacket { from, to }) => {
            lines.pop();
            lines.push(Line::styled(
                format!(
                    "trace from {from} to {to}: which packet? (tcp 22, udp 53, icmp echo-request…)"
                ),
                Style::new().fg(Color::Yellow),
            ));
            ("packet › ", None)
        }
        Mode::Prompt(Prompt::GridPacket) => ("grid packet › ", None),
        _ => ("", None),
    };
    if typing {
        let mut spans = vec![
            Span::styled(
                prompt,
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ),
            Span::raw(app.line.text.clone()),
        ];
        if let Some(hint) = hint {
            spans.push(Span::styled(hint, Style::new().fg(Color::DarkGray)));
        }
        lines.push(Line::from(spans));
        let before: String = app.line.text.chars().take(app.line.cursor).collect();
        let x = inner.x as usize + prompt.chars().count() + before.chars().count();
        let x = x.min(inner.right().saturating_sub(1) as usize) as u16;
        frame.set_cursor_position(Position::new(x, inner.bottom() - 1));
    } else {
        lines.push(Line::styled(
            "press : to type a command (help, show groups, trace tcp 22 from … to …)",
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
