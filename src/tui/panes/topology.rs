//! The topology view: a VPC's subnets as boxes side by side (wrapping onto more rows when the
//! pane is narrow), each with its CIDR, zone, network ACL and what stands in it (● instance,
//! ◆ cache cluster, ▣ database, ○ interface), the internet gateway over them and the peerings
//! under them. What the lesson step changed is drawn in reverse yellow.

use crate::tui::app::App;
use crate::tui::topology::{SubnetBox, Topology};
use crate::tui::ui::block;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The narrowest a subnet's box gets before the boxes wrap onto another row.
const BOX_MIN: u16 = 24;
/// The widest a box gets, so a wide screen does not stretch two subnets over 200 columns.
const BOX_MAX: u16 = 44;

fn changed(style: Style, yes: bool) -> Style {
    if yes {
        style
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    } else {
        style
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(topo) = &app.topology else {
        return;
    };
    let title = Line::from(vec![
        Span::raw(" Topology "),
        Span::styled(
            format!("{} ", topo.title),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled("· v closes ", Style::new().fg(Color::DarkGray)),
    ]);
    let b = block(title, false);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    draw(topo, frame, inner);
}

/// Draws the picture in `area` (no frame of its own).
pub fn draw(topo: &Topology, frame: &mut Frame, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let mut y = area.y;
    let bottom = area.y + area.height;
    let igw = match &topo.igw {
        Some(id) => format!("⇅ internet gateway {id}"),
        None => "no internet gateway (no public subnet)".to_string(),
    };
    frame.render_widget(
        Line::styled(igw, Style::new().fg(Color::Cyan)),
        Rect::new(area.x, y, area.width, 1),
    );
    y += 1;
    // The peerings take the last rows.
    let links = topo.peerings.len().min(3) as u16;
    let boxes_bottom = bottom.saturating_sub(links).max(y);
    let per_row = (area.width / BOX_MIN).max(1) as usize;
    if topo.subnets.is_empty() {
        frame.render_widget(
            Line::styled("no subnets yet", Style::new().fg(Color::DarkGray)),
            Rect::new(area.x, y.min(bottom - 1), area.width, 1),
        );
    }
    for row in topo.subnets.chunks(per_row) {
        if y >= boxes_bottom {
            break;
        }
        let tallest = row.iter().map(|s| s.hosts.len()).max().unwrap_or(0) as u16;
        // Borders, the ACL line and the hosts; no taller than what is left.
        let h = (tallest.max(1) + 3).min(boxes_bottom - y);
        let w = (area.width / row.len() as u16).min(BOX_MAX);
        for (i, subnet) in row.iter().enumerate() {
            let x = area.x + w * i as u16;
            draw_box(subnet, frame, Rect::new(x, y, w, h));
        }
        y += h;
    }
    for (i, link) in topo.peerings.iter().take(links as usize).enumerate() {
        let text = format!("⇄ peering {} ↔ {}", link.name, link.other);
        frame.render_widget(
            Line::styled(text, changed(Style::new().fg(Color::Magenta), link.changed)),
            Rect::new(area.x, boxes_bottom + i as u16, area.width, 1),
        );
    }
}

fn draw_box(subnet: &SubnetBox, frame: &mut Frame, area: Rect) {
    let border = if subnet.public {
        Style::new().fg(Color::Green)
    } else {
        Style::new().fg(Color::Blue)
    };
    let title = format!(
        " {} {}{} ",
        subnet.name,
        subnet.cidr,
        if subnet.public { " public" } else { "" }
    );
    let b = Block::new()
        .borders(Borders::ALL)
        .border_style(changed(border, subnet.changed))
        .title(Line::styled(title, changed(border, subnet.changed)));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let width = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            super::fit(
                &format!("acl {}", subnet.nacl),
                width.saturating_sub(subnet.az.len() + 1),
            ),
            changed(Style::new().fg(Color::DarkGray), subnet.nacl_changed),
        ),
        Span::styled(format!(" {}", subnet.az), Style::new().fg(Color::DarkGray)),
    ])];
    let room = (inner.height as usize).saturating_sub(1);
    let shown = if subnet.hosts.len() > room {
        room.saturating_sub(1)
    } else {
        room
    };
    for host in subnet.hosts.iter().take(shown) {
        lines.push(Line::styled(
            super::fit(&format!("{} {}", host.kind.symbol(), host.name), width),
            changed(Style::new(), host.changed),
        ));
    }
    if subnet.hosts.len() > shown {
        lines.push(Line::styled(
            format!("+{} more", subnet.hosts.len() - shown),
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
