//! One file per pane; each draws its part of the screen from the app's view models, showing only
//! the rows that fit (lists are virtual: a frame costs the same whatever the world's size).

pub mod console;
pub mod flows;
pub mod grid;
pub mod groups;
pub mod members;
pub mod rules;
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

/// Play mode's banner: the file, the narration of the last `echo`, and whether it is paused.
pub fn banner(app: &App, frame: &mut Frame, area: Rect) {
    let Some(play) = &app.play else {
        return;
    };
    let title = Line::from(vec![
        Span::styled(
            format!(" ▶ play {} ", play.name),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ),
        Span::raw(format!(" {} ", play.progress())),
    ]);
    let block = super::ui::block(title, false).border_style(Style::new().fg(Color::Yellow));
    let mut spans = Vec::new();
    match &play.banner {
        Some(text) => spans.push(Span::styled(
            text.clone(),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        )),
        None if play.done == 0 => spans.push(Span::raw(format!(
            "{} steps. Space runs the next one, ← steps back.",
            play.steps.len()
        ))),
        None => {}
    }
    if play.paused {
        spans.push(Span::styled(
            "  ⏸ paused: Space continues",
            Style::new().fg(Color::Magenta),
        ));
    } else if play.next().is_none() {
        spans.push(Span::styled("  ■ the end", Style::new().fg(Color::Magenta)));
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(next) = play.next() {
        lines.push(Line::from(vec![
            Span::styled("next › ", Style::new().fg(Color::DarkGray)),
            Span::styled(next.to_string(), Style::new().fg(Color::Cyan)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
