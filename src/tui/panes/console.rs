//! The console pane: the output log, and the command line at its foot (or the `/` filter, or a
//! prompt), with the hint and Tab's candidates.

use crate::tui::app::{App, Mode, Prompt};
use crate::tui::console::LogKind;
use crate::tui::ui::block;
use crate::tui::wrap;
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
    let typing = matches!(
        app.input.mode,
        Mode::Command | Mode::Filter(_) | Mode::Prompt(_)
    );
    let b = block(Line::raw(" Console "), focused || typing);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if inner.height == 0 {
        return;
    }
    let log_h = inner.height as usize - 1;
    let candidates = !app.input.line.candidates.is_empty() && log_h > 0;
    let shown = log_h - usize::from(candidates);
    let mut lines: Vec<Line> = Vec::with_capacity(inner.height as usize);
    // The log from its offset, long lines wrapped, as many rows as the pane has; the rows Tab's
    // candidates take come off the top.
    let first = app.log.cursor.offset.min(app.log.lines.len());
    for l in &app.log.lines[first..] {
        if lines.len() >= log_h {
            break;
        }
        for row in wrap::cut(&l.text, inner.width as usize) {
            lines.push(Line::styled(row.to_string(), log_style(l.kind)));
        }
    }
    lines.truncate(log_h);
    let skip = lines.len().saturating_sub(shown);
    lines.drain(..skip);
    while lines.len() < shown {
        lines.insert(0, Line::raw(""));
    }
    if candidates {
        lines.push(Line::styled(
            app.input.line.candidates.join("  "),
            Style::new().fg(Color::Magenta),
        ));
    }
    let (prompt, hint) = match &app.input.mode {
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
        Mode::Prompt(Prompt::Step) => ("jump to step › ", None),
        Mode::Prompt(Prompt::GridFilter) => ("grid filter › ", None),
        _ => ("", None),
    };
    if typing {
        // A line wider than the pane scrolls sideways to keep the cursor in sight.
        let room = (inner.width as usize)
            .saturating_sub(prompt.chars().count())
            .max(1);
        let skip = (app.input.line.cursor + 1).saturating_sub(room);
        let shown: String = app.input.line.text.chars().skip(skip).take(room).collect();
        let mut spans = vec![
            Span::styled(
                prompt,
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ),
            Span::raw(shown),
        ];
        if let Some(hint) = hint.filter(|_| skip == 0) {
            spans.push(Span::styled(hint, Style::new().fg(Color::DarkGray)));
        }
        lines.push(Line::from(spans));
        let x = inner.x as usize + prompt.chars().count() + app.input.line.cursor - skip;
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
