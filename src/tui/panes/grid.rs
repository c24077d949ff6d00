//! The reach grid pane: instances by instances for one packet, ✓ where the data plane allows it,
//! ✗ where it denies it, the cursor's row and column named below.

use super::fit;
use crate::tui::app::{App, Mode};
use crate::tui::grid::{LABEL, cell_width};
use crate::tui::ui::block;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(grid) = &app.grid else {
        return;
    };
    let title = Line::from(vec![
        Span::raw(" Reach grid "),
        Span::styled(
            format!("vpc {} · {} ", grid.reach.vpc_name, grid.packet),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{} instances · row → column ", grid.reach.hosts.len()),
            Style::new().fg(Color::DarkGray),
        ),
    ]);
    let b = block(title, app.input.mode == Mode::Grid);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if let Some(e) = &grid.reach.error {
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), Style::new().fg(Color::Red)))
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let (rows, cols) = app.grid_view();
    let n = grid.reach.hosts.len();
    let w = cell_width(n) as usize;
    let dim = Style::new().fg(Color::DarkGray);
    let mut lines = Vec::new();
    let mut head = vec![Span::raw(" ".repeat(LABEL as usize))];
    for c in grid.col_offset..(grid.col_offset + cols).min(n) {
        let style = if c == grid.col {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            dim
        };
        head.push(Span::styled(format!("{:>w$}", c + 1), style));
    }
    lines.push(Line::from(head));
    for r in grid.row_offset..(grid.row_offset + rows).min(n) {
        let host = &grid.reach.hosts[r];
        let label = format!("{:>3} {}", r + 1, host.name);
        let label_style = if r == grid.row {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(
            format!(
                "{:<l$}",
                fit(&label, LABEL as usize - 1),
                l = LABEL as usize
            ),
            label_style,
        )];
        for c in grid.col_offset..(grid.col_offset + cols).min(n) {
            let (mark, mut style) = match grid.cells.get(&(r, c)) {
                _ if r == c => ("·", dim),
                Some(true) => ("✓", Style::new().fg(Color::Green)),
                Some(false) => ("✗", Style::new().fg(Color::Red)),
                None => (" ", Style::new()),
            };
            if r == grid.row && c == grid.col {
                style = style.add_modifier(Modifier::REVERSED);
            }
            spans.push(Span::styled(format!("{mark:>w$}"), style));
        }
        lines.push(Line::from(spans));
    }
    while lines.len() < rows + 1 {
        lines.push(Line::raw(""));
    }
    if let (Some(from), Some(to)) = (
        grid.reach.hosts.get(grid.row),
        grid.reach.hosts.get(grid.col),
    ) {
        let verdict = match grid.cells.get(&(grid.row, grid.col)) {
            _ if grid.row == grid.col => Span::styled("same host", dim),
            Some(true) => Span::styled(
                "allow",
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            ),
            Some(false) => Span::styled(
                "deny",
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            None => Span::raw(""),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{} ({}) → {} ({}): {} ",
                from.name, from.addr, to.name, to.addr, grid.packet
            )),
            verdict,
            Span::styled("  Enter traces it", dim),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
