//! The rules pane: the selected group's rules, inbound then outbound, with protocol, ports, the
//! peer (group references named), the description, and stale rules marked. For a VPC it says
//! what the VPC holds.

use super::cell;
use crate::lang::ast::Direction;
use crate::tui::app::App;
use crate::tui::model::Node;
use crate::tui::ui::{block, selected};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Column widths: direction, protocol, ports; the peer and the description share the rest.
const DIR: usize = 4;
const PROTO: usize = 7;
const PORTS: usize = 12;

fn title(app: &App) -> Vec<Span<'static>> {
    let world = app.model.session.world();
    let mut spans = vec![Span::raw(" Rules ")];
    if let Some(Node::Group(id)) = &app.selected
        && let Some(g) = world.groups.get(id)
    {
        spans.push(Span::styled(
            format!("{} ({}) ", g.name, g.id),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(
            format!("↓{} ↑{} ", g.ingress.len(), g.egress.len()),
            Style::new().fg(Color::DarkGray),
        ));
    }
    if !app.rules.filter.is_empty() {
        spans.push(Span::styled(
            format!("/{} ", app.rules.filter),
            Style::new().fg(Color::Yellow),
        ));
    }
    spans
}

/// What the pane says when no group is selected.
fn placeholder(app: &App) -> Vec<Line<'static>> {
    let world = app.model.session.world();
    let dim = Style::new().fg(Color::DarkGray);
    match &app.selected {
        Some(Node::Vpc(id)) => match world.vpcs.get(id) {
            Some(v) => {
                let subnets: Vec<String> = world
                    .subnets_of(id)
                    .iter()
                    .map(|s| {
                        let route = if s.public { "public" } else { "private" };
                        let acl = world
                            .nacls
                            .get(&s.nacl)
                            .filter(|n| !n.is_default)
                            .map(|n| format!(" nacl {}", n.name))
                            .unwrap_or_default();
                        format!("{} {} {route}{acl}", s.name, s.cidr)
                    })
                    .collect();
                let nacls: Vec<String> =
                    world.nacls_of(id).iter().map(|n| n.name.clone()).collect();
                let mut peerings: Vec<_> = world
                    .peerings
                    .values()
                    .filter(|p| &p.requester == id || &p.accepter == id)
                    .collect();
                peerings.sort_by_key(|p| p.seq);
                let peerings: Vec<String> = peerings
                    .iter()
                    .map(|p| format!("{} to vpc {}", p.name, world.vpc_name(p.other(id))))
                    .collect();
                // What the last step changed is in yellow, as in the lists.
                let c = &app.model.changes;
                let mark = |changed: bool| {
                    if changed {
                        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
                    } else {
                        Style::new()
                    }
                };
                let subnets_changed = world
                    .subnets_of(id)
                    .iter()
                    .any(|s| c.subnets.contains(&s.id));
                let nacls_changed = world.nacls_of(id).iter().any(|n| c.nacls.contains(&n.id));
                let peerings_changed = world.peerings.values().any(|p| {
                    (&p.requester == id || &p.accepter == id) && c.peerings.contains(&p.id)
                });
                let mut lines = vec![
                    Line::styled(
                        format!("vpc {} ({}) {}", v.name, v.id, v.cidr),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Line::styled(
                        format!("subnets: {}", subnets.join(", ")),
                        mark(subnets_changed),
                    ),
                    Line::raw(format!("groups: {}", world.groups_of(id).len())),
                    Line::styled(
                        format!("network ACLs: {}", nacls.join(", ")),
                        mark(nacls_changed),
                    ),
                ];
                if !peerings.is_empty() {
                    lines.push(Line::styled(
                        format!("peerings: {}", peerings.join(", ")),
                        mark(peerings_changed),
                    ));
                }
                if let Some(services) = crate::tui::services::in_vpc(world, id) {
                    lines.push(Line::raw(services));
                }
                lines.push(Line::styled(
                    "select a group to see its rules; r opens the reach grid",
                    dim,
                ));
                lines
            }
            None => Vec::new(),
        },
        Some(Node::Classic(scope)) => {
            let mut lines: Vec<Line<'static>> = crate::tui::services::cache_groups(world, scope)
                .into_iter()
                .map(Line::raw)
                .collect();
            lines.push(Line::styled(
                "EC2-Classic: select a group to see its rules",
                dim,
            ));
            lines
        }
        Some(Node::Group(_)) => vec![Line::styled("this group has no rules", dim)],
        _ => vec![Line::styled("select a group to see its rules", dim)],
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let b = block(Line::from(title(app)), focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if app.rules.rows.is_empty() {
        frame.render_widget(Paragraph::new(placeholder(app)), inner);
        return;
    }
    let width = inner.width as usize;
    let rest = width.saturating_sub(DIR + PROTO + PORTS + 3);
    let peer_w = (rest * 55 / 100).max(10);
    let desc_w = rest.saturating_sub(peer_w + 1);
    let header = format!(
        "{}{}{}{} {}",
        cell("DIR", DIR + 1),
        cell("PROTO", PROTO + 1),
        cell("PORTS", PORTS + 1),
        cell("PEER", peer_w),
        cell("DESCRIPTION", desc_w)
    );
    let mut lines = vec![Line::styled(
        header,
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::BOLD),
    )];
    let h = (inner.height as usize).saturating_sub(1);
    for pos in app.rules.cursor.window(app.rules.view.len(), h) {
        let Some(r) = app.rules.at(pos) else {
            continue;
        };
        let (dir, dir_style) = match r.direction {
            Direction::Ingress => ("in", Style::new().fg(Color::Green)),
            Direction::Egress => ("out", Style::new().fg(Color::Blue)),
        };
        let changed = app.model.changes.rules.contains(&r.id);
        let base = if changed {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(cell(dir, DIR + 1), dir_style),
            Span::styled(cell(&r.protocol, PROTO + 1), base),
            Span::styled(cell(&r.ports, PORTS + 1), base),
        ];
        match r.stale {
            Some(_) => {
                let tag = " STALE";
                let peer_room = peer_w.saturating_sub(tag.len());
                spans.push(Span::styled(cell(&r.peer, peer_room), base));
                spans.push(Span::styled(
                    tag,
                    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                ));
            }
            None => spans.push(Span::styled(cell(&r.peer, peer_w), base)),
        }
        spans.push(Span::raw(" "));
        let desc = match r.stale {
            Some(why) if r.description.is_empty() => why.to_string(),
            _ => r.description.clone(),
        };
        spans.push(Span::styled(
            cell(&desc, desc_w),
            Style::new().fg(Color::DarkGray),
        ));
        let mut line = Line::from(spans);
        if pos == app.rules.cursor.selected {
            line = line.style(selected(focused));
        }
        lines.push(line);
    }
    if app.rules.view.is_empty() {
        lines.push(Line::styled(
            "no rule matches the filter",
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
