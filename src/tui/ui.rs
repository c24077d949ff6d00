//! Drawing: the layout (a pure function of the terminal size and what is open, shared with
//! `update` for mouse hits and list heights), the frame, the bottom key bar, the `?` overlay and
//! the too-small message. Drawing reads the [`App`] and never changes it.

use super::app::{App, Mode, Pane};
use super::keys::{self, Context};
use super::panes;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

/// The smallest terminal the TUI draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// What the layout depends on besides the size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Play mode's narration banner.
    pub banner: bool,
    /// The reach grid is open.
    pub grid: bool,
    /// In the compact layout, the one right-hand pane shown.
    pub right: Pane,
}

/// Where everything goes; `None` for what is not on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub banner: Option<Rect>,
    pub groups: Rect,
    pub rules: Option<Rect>,
    pub members: Option<Rect>,
    pub trace: Option<Rect>,
    pub grid: Option<Rect>,
    pub console: Rect,
    pub bar: Rect,
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// The layout for a terminal of `size`.
pub fn layout(size: Rect, shape: Shape) -> Areas {
    if too_small(size) {
        return Areas::default();
    }
    let banner_h = match (shape.banner, size.height >= 30) {
        (false, _) => 0,
        (true, true) => 4,
        (true, false) => 3,
    };
    let console_h = match size.height {
        h if h >= 34 => 10,
        h if h >= 24 => 7,
        _ => 4,
    };
    let [banner, main, console, bar] = Layout::vertical([
        Constraint::Length(banner_h),
        Constraint::Min(0),
        Constraint::Length(console_h),
        Constraint::Length(1),
    ])
    .areas(size);
    let left_w = (main.width * 3 / 10).clamp(22, 44);
    let [groups, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(main);
    let mut areas = Areas {
        banner: shape.banner.then_some(banner),
        groups,
        console,
        bar,
        ..Areas::default()
    };
    if shape.grid {
        let [grid, trace] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Min(0)]).areas(right);
        areas.grid = Some(grid);
        areas.trace = Some(trace);
    } else if main.height >= 22 {
        let [rules, members, trace] = Layout::vertical([
            Constraint::Percentage(34),
            Constraint::Percentage(26),
            Constraint::Min(0),
        ])
        .areas(right);
        areas.rules = Some(rules);
        areas.members = Some(members);
        areas.trace = Some(trace);
    } else {
        match shape.right {
            Pane::Members => areas.members = Some(right),
            Pane::Trace => areas.trace = Some(right),
            _ => areas.rules = Some(right),
        }
    }
    areas
}

/// A pane's frame: the focused one stands out.
pub fn block(title: Line<'_>, focused: bool) -> Block<'_> {
    let style = if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(title)
}

/// The style of a selected row.
pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().bg(Color::Indexed(237))
    }
}

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let size = frame.area();
    if too_small(size) {
        draw_too_small(frame, size);
        return;
    }
    let areas = layout(size, app.shape());
    if let Some(area) = areas.banner {
        panes::banner(app, frame, area);
    }
    draw_pane(app, Pane::Groups, frame, areas.groups);
    for (pane, area) in [
        (Pane::Rules, areas.rules),
        (Pane::Members, areas.members),
        (Pane::Trace, areas.trace),
    ] {
        if let Some(area) = area {
            draw_pane(app, pane, frame, area);
        }
    }
    if let Some(area) = areas.grid {
        panes::grid::render(app, frame, area);
    }
    draw_pane(app, Pane::Console, frame, areas.console);
    draw_bar(app, frame, areas.bar);
    if let Some(offset) = app.help {
        draw_help(frame, size, offset);
    }
}

/// Draws one pane in `area` (the snapshot tests draw panes alone).
pub fn draw_pane(app: &App, pane: Pane, frame: &mut Frame, area: Rect) {
    let focused = app.focus == pane && app.mode != Mode::Grid && app.help.is_none();
    match pane {
        Pane::Groups => panes::groups::render(app, frame, area, focused),
        Pane::Rules => panes::rules::render(app, frame, area, focused),
        Pane::Members => panes::members::render(app, frame, area, focused),
        Pane::Trace => panes::trace::render(app, frame, area, focused),
        Pane::Console => panes::console::render(app, frame, area, focused),
    }
}

fn draw_too_small(frame: &mut Frame, size: Rect) {
    let text = vec![
        Line::styled(
            "sgs needs more room",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::raw(format!(
            "at least {MIN_WIDTH}×{MIN_HEIGHT}; this terminal is {}×{}",
            size.width, size.height
        )),
        Line::raw("make it larger, or press q to quit"),
    ];
    let y = size.height.saturating_sub(3) / 2;
    let area = Rect::new(
        size.x,
        size.y + y,
        size.width,
        size.height.saturating_sub(y),
    );
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        area,
    );
}

/// Key and label pairs for the bar.
fn key_spans(ctx: Context, spans: &mut Vec<Span<'static>>) {
    for binding in ctx.bindings().iter().filter(|b| b.bar) {
        spans.push(Span::styled(
            binding.keys_text(),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {}  ", binding.what)));
    }
}

fn draw_bar(app: &App, frame: &mut Frame, area: Rect) {
    let mut left = Vec::new();
    if let Some(status) = &app.status {
        left.push(Span::styled(
            format!("{status}  "),
            Style::new().fg(Color::Yellow),
        ));
    }
    let active = keys::active(app);
    for ctx in active.iter().filter(|c| **c != Context::Global) {
        key_spans(*ctx, &mut left);
    }
    let mut right = Vec::new();
    if let Some(play) = &app.play {
        right.push(Span::styled(
            format!(" {} ", play.progress()),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ));
        right.push(Span::raw(" "));
    }
    if active.contains(&Context::Global) {
        key_spans(Context::Global, &mut right);
    }
    let right = Line::from(right);
    let right_w = (right.width() as u16).min(area.width);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(area);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(right, r);
}

/// The `?` overlay's text: every context's keys, from the same tables the keys are read with.
pub fn help_text() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for ctx in Context::ALL {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            ctx.title(),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
        for binding in ctx.bindings() {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<16}", binding.keys_text()),
                    Style::new().fg(Color::Cyan),
                ),
                Span::raw(binding.what),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: click focuses a pane and selects a row; the wheel scrolls.",
        Style::new().fg(Color::DarkGray),
    ));
    lines
}

pub fn help_lines() -> usize {
    help_text().len()
}

fn draw_help(frame: &mut Frame, size: Rect, offset: usize) {
    let w = size.width.saturating_sub(4).min(64);
    let h = size.height.saturating_sub(2);
    let area = Rect::new(
        size.x + (size.width - w) / 2,
        size.y + (size.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, area);
    let block = block(
        Line::from(" Keys · Esc closes · ↑↓ scroll ").style(Style::new().fg(Color::Yellow)),
        true,
    );
    frame.render_widget(
        Paragraph::new(help_text())
            .block(block)
            .scroll((offset.min(u16::MAX as usize) as u16, 0)),
        area,
    );
}
