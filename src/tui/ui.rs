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
    /// How many flows the Flows pane lists (none: no pane).
    pub flows: usize,
}

/// What else the layout depends on: the rows play mode's narration needs (0: the banner's
/// usual height) and whether the topology view is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    pub banner_rows: u16,
    pub topology: bool,
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
    pub topology: Option<Rect>,
    /// The session's flows, under the trace, when there are any.
    pub flows: Option<Rect>,
    pub console: Rect,
    pub bar: Rect,
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// The layout for a terminal of `size`.
pub fn layout(size: Rect, shape: Shape) -> Areas {
    layout_with(size, shape, Extra::default())
}

/// The layout for a terminal of `size`, with the narration's rows and the topology view.
pub fn layout_with(size: Rect, shape: Shape, extra: Extra) -> Areas {
    if too_small(size) {
        return Areas::default();
    }
    let usual = if size.height >= 30 { 4 } else { 3 };
    // The narration gets the rows it needs, up to a third of the screen.
    let banner_h = match shape.banner {
        false => 0,
        true => (extra.banner_rows + 2).clamp(usual, (size.height / 3).max(usual)),
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
    if extra.topology && !shape.grid && main.height < 18 {
        // Too low for both: the picture has the right column (v closes it).
        areas.topology = Some(right);
    } else if shape.grid || extra.topology {
        let [top, trace] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Min(0)]).areas(right);
        if shape.grid {
            areas.grid = Some(top);
        } else {
            areas.topology = Some(top);
        }
        areas.trace = Some(trace);
    } else if main.height >= 18 {
        let [rules, members, trace, flows] = Layout::vertical([
            Constraint::Percentage(34),
            Constraint::Percentage(26),
            Constraint::Min(0),
            Constraint::Length(panes::flows::height(shape.flows)),
        ])
        .areas(right);
        areas.rules = Some(rules);
        areas.members = Some(members);
        areas.trace = Some(trace);
        areas.flows = (shape.flows > 0).then_some(flows);
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
    if app.screen.present {
        panes::present::render(app, frame, size);
        if let Some(offset) = app.screen.help {
            draw_help(frame, size, offset);
        }
        return;
    }
    let areas = app.areas_in(size);
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
    if let Some(area) = areas.topology {
        panes::topology::render(app, frame, area);
    }
    if let Some(area) = areas.flows {
        panes::flows::render(app, frame, area);
    }
    draw_pane(app, Pane::Console, frame, areas.console);
    draw_bar(app, frame, areas.bar);
    if let Some(offset) = app.screen.help {
        draw_help(frame, size, offset);
    }
}

/// Draws one pane in `area` (the snapshot tests draw panes alone).
pub fn draw_pane(app: &App, pane: Pane, frame: &mut Frame, area: Rect) {
    let focused =
        app.screen.focus == pane && app.input.mode != Mode::Grid && app.screen.help.is_none();
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

/// Key and label pairs for the bar, one group of spans per binding.
fn key_groups(ctx: Context, narrow: bool) -> Vec<Vec<Span<'static>>> {
    ctx.bindings()
        .iter()
        .filter(|b| b.bar)
        // A narrow bar keeps only help and quit of the keys that work everywhere.
        .filter(|b| {
            !narrow
                || ctx != Context::Global
                || matches!(
                    b.action,
                    super::app::Action::Help | super::app::Action::Quit
                )
        })
        .map(|binding| {
            vec![
                Span::styled(
                    binding.keys_text(),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!(" {}  ", binding.what)),
            ]
        })
        .collect()
}

fn width(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.width()).sum()
}

fn draw_bar(app: &App, frame: &mut Frame, area: Rect) {
    let narrow = area.width < 100;
    let active = keys::active(app);
    let mut right = Vec::new();
    if let Some(play) = &app.play {
        right.push(Span::styled(
            format!(" {} ", play.progress()),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ));
        right.push(Span::raw(" "));
    }
    if let Some(score) = app.score_text() {
        right.push(Span::styled(
            format!(" {score} "),
            Style::new().fg(Color::Black).bg(Color::Cyan),
        ));
        right.push(Span::raw(" "));
    }
    if active.contains(&Context::Global) {
        right.extend(key_groups(Context::Global, narrow).into_iter().flatten());
    }
    let right_w = width(&right).min(area.width as usize);
    let room = (area.width as usize).saturating_sub(right_w);
    let mut left = Vec::new();
    if let Some(status) = &app.input.status {
        left.push(Span::styled(
            format!("{status}  "),
            Style::new().fg(Color::Yellow),
        ));
    }
    // Whole bindings only: one that does not fit is left to the `?` overlay.
    for ctx in active.iter().filter(|c| **c != Context::Global) {
        for group in key_groups(*ctx, narrow) {
            if width(&left) + width(&group) <= room {
                left.extend(group);
            }
        }
    }
    let [l, r] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w as u16)]).areas(area);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(right), r);
}

/// The `?` overlay's text: every context's keys, from the same tables the keys are read with.
pub fn help_text() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let sections = Context::ALL
        .iter()
        .map(|ctx| (ctx.title(), ctx.bindings()))
        .chain([(
            "Moving in the lists, the trace and the log",
            keys::MOVE.to_vec(),
        )]);
    for (title, bindings) in sections {
        let shared = |b: &&keys::Binding| {
            title != "Moving in the lists, the trace and the log"
                && keys::MOVE
                    .iter()
                    .any(|m| m.action == b.action && m.keys == b.keys)
        };
        let own: Vec<&keys::Binding> = bindings.iter().filter(|b| !shared(b)).collect();
        if own.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            title,
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
        for binding in own {
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
