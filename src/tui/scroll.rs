//! Scrolling the trace and the console log, whose long lines wrap: their cursors' offsets are
//! the first line shown, and the greatest offset counts the rows wrapped lines take, so the
//! last line can always be brought on screen whole (a plain list's cursor counts one row a
//! line).

use super::app::{App, Pane};
use super::wrap;

/// Where to scroll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum To {
    By(isize),
    Top,
    Bottom,
}

impl App {
    /// The trace's or the console log's text width and rows (0 when not on screen).
    pub(super) fn text_area(&self, pane: Pane) -> (usize, usize) {
        let areas = self.areas();
        let area = match pane {
            Pane::Trace => areas.trace,
            _ => Some(areas.console),
        };
        let width = area.map_or(0, |a| a.width.saturating_sub(2) as usize);
        (width, self.rows(pane))
    }

    /// The greatest offset of the trace or the log: the one that shows its last line whole.
    /// Only the lines that fit are measured.
    pub fn text_max(&self, pane: Pane) -> usize {
        let (width, rows) = self.text_area(pane);
        let texts: Vec<&str> = match pane {
            Pane::Trace => self.trace.view.as_ref().map_or_else(Vec::new, |t| {
                t.lines.iter().map(|l| l.text.as_str()).collect()
            }),
            _ => self.log.lines.iter().map(|l| l.text.as_str()).collect(),
        };
        let from_last = texts.iter().rev().map(|t| wrap::height(t, width));
        wrap::last_offset(from_last, texts.len(), rows.max(1))
    }

    /// Scrolls the trace or the log.
    pub(super) fn scroll_text(&mut self, pane: Pane, to: To) {
        let max = self.text_max(pane);
        let cursor = match pane {
            Pane::Trace => &mut self.trace.cursor,
            _ => &mut self.log.cursor,
        };
        cursor.offset = match to {
            To::By(delta) => cursor.offset.saturating_add_signed(delta).min(max),
            To::Top => 0,
            To::Bottom => max,
        };
        cursor.selected = cursor.offset;
        if pane == Pane::Console {
            self.log.following = self.log.cursor.offset == max;
        }
    }

    /// Moves the focused list's selection, or scrolls the trace or the log, by `delta` rows.
    pub(super) fn step(&mut self, delta: isize) {
        match self.screen.focus {
            // The trace and the log scroll rather than select.
            Pane::Trace | Pane::Console => self.scroll_text(self.screen.focus, To::By(delta)),
            _ => self.with_cursor(|c, len, h| c.step(delta, len, h)),
        }
    }

    /// Home and End: the first or the last row of a list, the top or the foot of the trace or
    /// the log.
    pub(super) fn ends(&mut self, top: bool) {
        match (self.screen.focus, top) {
            (Pane::Trace | Pane::Console, true) => self.scroll_text(self.screen.focus, To::Top),
            (Pane::Trace | Pane::Console, false) => self.scroll_text(self.screen.focus, To::Bottom),
            (_, true) => self.with_cursor(|c, len, h| c.top(len, h)),
            (_, false) => self.with_cursor(|c, len, h| c.bottom(len, h)),
        }
    }

    /// Shows the log's newest lines.
    pub(super) fn follow_log(&mut self) {
        self.scroll_text(Pane::Console, To::Bottom);
    }

    /// Keeps the trace's and the log's offsets in range (after a resize).
    pub(super) fn clamp_text(&mut self) {
        self.scroll_text(Pane::Trace, To::By(0));
        let log = if self.log.following {
            To::Bottom
        } else {
            To::By(0)
        };
        self.scroll_text(Pane::Console, log);
    }
}
