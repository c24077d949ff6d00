//! The groups pane: the tree account › region › VPC › groups (EC2-Classic apart), each group
//! with its inbound and outbound rule counts and its member count.

use super::fit;
use crate::tui::app::App;
use crate::tui::model::Node;
use crate::tui::ui::{block, selected};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let mut title = vec![Span::raw(" Groups ")];
    if !app.tree.filter.is_empty() {
        title.push(Span::styled(
            format!("/{} ", app.tree.filter),
            Style::new().fg(Color::Yellow),
        ));
    }
    let b = block(Line::from(title), focused).title_bottom(Line::styled(
        " ↓in ↑out ●members ",
        Style::new().fg(Color::DarkGray),
    ));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let width = inner.width as usize;
    let h = inner.height as usize;
    let window = app.tree.cursor.window(app.tree.view.len(), h);
    let mut lines = Vec::with_capacity(h);
    for pos in window {
        let Some(row) = app.tree.at(pos) else {
            continue;
        };
        let marker = match (&row.node, row.folded) {
            (Node::Group(_), _) => "",
            (_, true) => "▸ ",
            (_, false) => "▾ ",
        };
        let changed = match &row.node {
            Node::Group(id) => app.model.changes.groups.contains(id),
            Node::Vpc(id) => app.model.changes.vpcs.contains(id),
            _ => false,
        };
        let label_style = match &row.node {
            _ if changed => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Node::Group(_) => Style::new(),
            Node::Vpc(_) | Node::Classic(_) => Style::new().fg(Color::Cyan),
            _ => Style::new().fg(Color::Blue),
        };
        let head = format!("{}{marker}", row.guide);
        let head_w = head.chars().count();
        // Where a VPC's or region's label and detail do not both fit, the label wins.
        let fits = head_w + row.label.chars().count() + 1 + row.detail.chars().count() <= width;
        let detail = if fits || matches!(row.node, Node::Group(_)) {
            row.detail.as_str()
        } else {
            ""
        };
        let detail_w = detail.chars().count();
        let room = width.saturating_sub(head_w + detail_w + 1);
        let label = fit(&row.label, room.max(1));
        let pad = width.saturating_sub(head_w + label.chars().count() + detail_w);
        let mut line = Line::from(vec![
            Span::styled(head, Style::new().fg(Color::DarkGray)),
            Span::styled(label, label_style),
            Span::raw(" ".repeat(pad)),
            Span::styled(detail.to_string(), Style::new().fg(Color::DarkGray)),
        ]);
        if pos == app.tree.cursor.selected {
            line = line.style(selected(focused));
        }
        lines.push(line);
    }
    if app.tree.view.is_empty() {
        lines.push(Line::styled(
            "no group matches the filter",
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
