//! The members pane: the network interfaces attached to the selected group (or every interface
//! of the selected VPC), with their instance, addresses, subnet and groups.

use super::cell;
use crate::tui::app::App;
use crate::tui::model::Node;
use crate::tui::ui::{block, selected};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn title(app: &App) -> Vec<Span<'static>> {
    let world = app.model.session.world();
    let what = match &app.selected {
        Some(Node::Group(id)) => format!("of {}", world.group_name(id)),
        Some(Node::Vpc(id)) => format!("in vpc {}", world.vpc_name(id)),
        Some(Node::Classic(_)) => "in EC2-Classic".to_string(),
        _ => String::new(),
    };
    let mut spans = vec![
        Span::raw(format!(" Members {what} · ")),
        Span::styled(
            format!("{} ", app.members.rows.len()),
            Style::new().fg(Color::DarkGray),
        ),
    ];
    if !app.members.filter.is_empty() {
        spans.push(Span::styled(
            format!("/{} ", app.members.filter),
            Style::new().fg(Color::Yellow),
        ));
    }
    if let Some(from) = &app.input.pick {
        spans.push(Span::styled(
            format!(" trace from {from} → ? "),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ));
    }
    spans
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let b = block(Line::from(title(app)), focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if app.members.rows.is_empty() {
        let text = match &app.selected {
            Some(Node::Group(_) | Node::Vpc(_) | Node::Classic(_)) => "no members",
            _ => "select a group or a VPC to see its members",
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, Style::new().fg(Color::DarkGray))),
            inner,
        );
        return;
    }
    let width = inner.width as usize;
    // name, kind, id, private, public, subnet, then groups take the rest.
    let widths = [12, 8, 21, 15, 14, 10];
    let fixed: usize = widths.iter().map(|w| w + 1).sum();
    let groups_w = width.saturating_sub(fixed);
    let heads = ["NAME", "KIND", "ID", "PRIVATE", "PUBLIC", "SUBNET"];
    let mut header: String = heads
        .iter()
        .zip(widths)
        .map(|(h, w)| cell(h, w + 1))
        .collect();
    header.push_str(&cell("GROUPS", groups_w));
    let mut lines = vec![Line::styled(
        header,
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::BOLD),
    )];
    let h = (inner.height as usize).saturating_sub(1);
    for pos in app.members.cursor.window(app.members.view.len(), h) {
        let Some(m) = app.members.at(pos) else {
            continue;
        };
        let changed = app
            .model
            .changes
            .touches_eni(app.model.session.world(), &m.eni);
        let base = if changed {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let kind_style = match m.kind {
            "stopped" => Style::new().fg(Color::Red),
            "eni" => Style::new().fg(Color::Magenta),
            "cache" | "db" => Style::new().fg(Color::Cyan),
            _ => Style::new().fg(Color::DarkGray),
        };
        let cols = [&m.name, m.kind, &m.id, &m.private, &m.public, &m.subnet];
        let mut spans: Vec<Span> = cols
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (text, w))| {
                let style = if i == 1 { kind_style } else { base };
                Span::styled(cell(text, w + 1), style)
            })
            .collect();
        spans.push(Span::styled(
            cell(&m.groups, groups_w),
            Style::new().fg(Color::DarkGray),
        ));
        let mut line = Line::from(spans);
        if pos == app.members.cursor.selected {
            line = line.style(selected(focused));
        }
        lines.push(line);
    }
    if app.members.view.is_empty() {
        lines.push(Line::styled(
            "no member matches the filter",
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
