//! One file per pane; each draws its part of the screen from the app's view models, showing only
//! the rows that fit (lists are virtual: a frame costs the same whatever the world's size).

pub mod console;
pub mod flows;
pub mod grid;
pub mod groups;
pub mod members;
pub mod path;
pub mod present;
pub mod rules;
pub mod topology;
pub mod trace;

use super::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cuts `s` to at most `width` characters, marking the cut with `…`.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// Pads or cuts `s` to exactly `width` characters.
pub fn cell(s: &str, width: usize) -> String {
    format!("{:<width$}", fit(s, width))
}

/// The narration's text: the last `echo`, or at the start how to go on.
fn narration(app: &App) -> Option<String> {
    let play = app.play.as_ref()?;
    match &play.banner {
        Some(text) => Some(text.clone()),
        None if play.done == 0 => Some(format!(
            "{} steps. Space runs the next one, ← steps back.",
            play.steps.len()
        )),
        None => None,
    }
}

/// The rows the banner's text takes in a terminal `width` wide: the narration, wrapped, and the
/// line of what comes next.
pub fn banner_rows(app: &App, width: u16) -> u16 {
    if app.play.is_none() {
        return 0;
    }
    let inner = width.saturating_sub(2) as usize;
    let narration = narration(app).map_or(1, |t| super::wrap::cut(&t, inner).len());
    (narration + 1).min(u16::MAX as usize) as u16
}

/// Play mode's banner: the file, the narration of the last `echo` wrapped over as many rows as
/// it needs, whether it is paused or on a detour, and the next command (without its answer).
pub fn banner(app: &App, frame: &mut Frame, area: Rect) {
    let Some(play) = &app.play else {
        return;
    };
    let mut title = vec![
        Span::styled(
            format!(" ▶ play {} ", play.name),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ),
        Span::raw(format!(" {} ", play.progress())),
    ];
    if play.autoplay.on {
        let auto = &play.autoplay;
        title.push(Span::styled(
            format!(" {} ", auto.label()),
            Style::new().fg(Color::Black).bg(Color::Green),
        ));
    }
    if play.in_detour() {
        title.push(Span::styled(
            " ↪ detour: e goes back to the lesson ",
            Style::new().fg(Color::Black).bg(Color::Magenta),
        ));
    }
    let block =
        super::ui::block(Line::from(title), false).border_style(Style::new().fg(Color::Yellow));
    let inner = block.inner(area);
    let width = inner.width as usize;
    let style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = match narration(app) {
        Some(text) => super::wrap::cut(&text, width)
            .into_iter()
            .map(|row| Line::styled(row.to_string(), style))
            .collect(),
        None => vec![Line::raw("")],
    };
    let state = if play.paused {
        Some(Span::styled(
            "⏸ paused: Space continues  ",
            Style::new().fg(Color::Magenta),
        ))
    } else if play.next().is_none() {
        Some(Span::styled("■ the end", Style::new().fg(Color::Magenta)))
    } else {
        None
    };
    let mut next = Vec::new();
    next.extend(state);
    if let Some(preview) = play.next_preview() {
        next.push(Span::styled("next › ", Style::new().fg(Color::DarkGray)));
        next.push(Span::styled(preview, Style::new().fg(Color::Cyan)));
    }
    // The last row is the next command's: the narration above it gets what is left.
    let room = (inner.height as usize).saturating_sub(1).max(1);
    lines.truncate(room);
    lines.push(Line::from(next));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
