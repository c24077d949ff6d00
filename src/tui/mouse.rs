//! The mouse: a click focuses the pane under it and selects the row; the wheel scrolls the pane
//! under it (without moving the focus). Hits are found with the same layout the frame is drawn
//! with.

use super::app::{Action, App, Mode, Pane};
use ratatui::layout::{Position, Rect};

impl App {
    /// Which pane (and where in it) a screen position falls.
    fn hit(&self, x: u16, y: u16) -> Option<(Pane, Rect)> {
        let areas = self.areas();
        let p = Position::new(x, y);
        [
            (Pane::Groups, Some(areas.groups)),
            (Pane::Rules, areas.rules),
            (Pane::Members, areas.members),
            (Pane::Trace, areas.trace),
            (Pane::Console, Some(areas.console)),
        ]
        .into_iter()
        .find_map(|(pane, a)| a.filter(|a| a.contains(p)).map(|a| (pane, a)))
    }

    pub(super) fn click(&mut self, x: u16, y: u16) {
        if self.screen.help.is_some() {
            self.screen.help = None;
            return;
        }
        if let Some(area) = self.areas().grid
            && area.contains(Position::new(x, y))
        {
            self.grid_click(area, x, y);
            return;
        }
        let Some((pane, area)) = self.hit(x, y) else {
            return;
        };
        if matches!(self.input.mode, Mode::Filter(_) | Mode::Grid) {
            self.input.mode = Mode::Normal;
        }
        if pane == Pane::Console {
            self.focus_pane(pane);
            if y + 2 >= area.bottom() {
                self.open_command();
            }
            return;
        }
        if self.input.mode == Mode::Command {
            self.input.mode = Mode::Normal;
        }
        self.focus_pane(pane);
        let header = matches!(pane, Pane::Rules | Pane::Members) as u16;
        let top = area.y + 1 + header;
        if y >= top && y + 1 < area.bottom() {
            let row = (y - top) as usize;
            let h = self.rows(pane);
            match pane {
                Pane::Groups => self.with_cursor(|c, len, _| c.click(row, len, h)),
                Pane::Rules | Pane::Members => self.with_cursor(|c, len, _| c.click(row, len, h)),
                _ => {}
            }
        }
    }

    pub(super) fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let delta = if down { 3 } else { -3 };
        if self.screen.help.is_some() {
            for _ in 0..3 {
                self.update_help(if down { Action::Down } else { Action::Up });
            }
            return;
        }
        if self
            .areas()
            .grid
            .is_some_and(|a| a.contains(Position::new(x, y)))
        {
            self.grid_move(delta, 0);
            return;
        }
        if let Some((pane, _)) = self.hit(x, y) {
            let before = self.screen.focus;
            self.screen.focus = pane;
            self.step(delta);
            self.screen.focus = before;
        }
    }
}
