//! The flows pane: the session's flows with their tracking, idle time and time left, on the
//! simulated clock. It opens under the trace when the first flow is connected, and its timers
//! move when `wait` moves the clock (the rows are rebuilt after every command, like every view
//! model). It shows; it takes no focus: flows are driven from the command line.

use super::cell;
use crate::session::FlowState;
use crate::tui::app::App;
use crate::tui::ui::block;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The most flow rows the pane asks room for.
pub const MAX_ROWS: usize = 6;

/// The height the pane wants for `flows` flows: its frame, the header and the rows.
pub fn height(flows: usize) -> u16 {
    if flows == 0 {
        0
    } else {
        (flows.min(MAX_ROWS) + 3) as u16
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let inner_h = area.height.saturating_sub(3) as usize;
    let hidden = app.model.flows.len().saturating_sub(inner_h);
    let mut title = vec![
        Span::raw(" Flows · "),
        Span::styled(
            format!("clock {} ", app.model.clock),
            Style::new().fg(Color::Cyan),
        ),
        Span::styled(
            format!("· {} ", app.model.flows.len()),
            Style::new().fg(Color::DarkGray),
        ),
    ];
    if hidden > 0 {
        title.push(Span::styled(
            format!("(+{hidden} more: show flows) "),
            Style::new().fg(Color::DarkGray),
        ));
    }
    let b = block(Line::from(title), false);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let width = inner.width as usize;
    // The timers first, so they stay on screen in a narrow pane; the packet and its endpoints
    // take what is left.
    let widths = [10, 10, 10, 12];
    let fixed: usize = widths.iter().map(|w| w + 1).sum();
    let rest_w = width.saturating_sub(fixed);
    let heads = ["NAME", "TRACKING", "IDLE", "LEFT"];
    let mut header: String = heads
        .iter()
        .zip(widths)
        .map(|(h, w)| cell(h, w + 1))
        .collect();
    header.push_str(&cell("PACKET", rest_w));
    let mut lines = vec![Line::styled(
        header,
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::BOLD),
    )];
    for row in app.model.flows.iter().take(inner_h) {
        let (style, left_style) = match row.state {
            FlowState::Open => (Style::new(), Style::new().fg(Color::Green)),
            FlowState::TimedOut => (
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::Yellow),
            ),
            FlowState::Cut => (
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::Red),
            ),
        };
        let tracking_style = match row.tracking.as_str() {
            "tracked" => Style::new().fg(Color::Cyan),
            "untracked" | "mixed" => Style::new().fg(Color::Magenta),
            "cut" => Style::new().fg(Color::Red),
            _ => style,
        };
        let left = if row.left == "-" {
            "no entry".to_string()
        } else {
            row.left.clone()
        };
        let [name_w, tracking_w, idle_w, left_w] = widths;
        let packet = format!("{} {} → {}", row.packet, row.from, row.to);
        lines.push(Line::from(vec![
            Span::styled(cell(&row.name, name_w + 1), style),
            Span::styled(cell(&row.tracking, tracking_w + 1), tracking_style),
            Span::styled(cell(&row.idle, idle_w + 1), style),
            Span::styled(cell(&left, left_w + 1), left_style),
            Span::styled(cell(&packet, rest_w), Style::new().fg(Color::DarkGray)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
