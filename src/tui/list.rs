//! A cursor over a virtual list: which row is selected and which row is at the top of the pane.
//! Only `update` moves it, using the pane's height from the layout, so rendering can draw just the
//! visible slice without changing anything.

/// A list pane's view state: its rows (built from the world), the filter typed with `/`, the
/// indexes of the rows the filter keeps, in order, and the cursor over those.
#[derive(Clone, Debug)]
pub struct ListPane<R> {
    pub rows: Vec<R>,
    pub filter: String,
    pub view: Vec<usize>,
    pub cursor: Cursor,
}

impl<R> Default for ListPane<R> {
    fn default() -> Self {
        ListPane {
            rows: Vec::new(),
            filter: String::new(),
            view: Vec::new(),
            cursor: Cursor::default(),
        }
    }
}

impl<R> ListPane<R> {
    /// The row under the cursor.
    pub fn current(&self) -> Option<&R> {
        self.at(self.cursor.selected)
    }

    /// The row shown at position `pos` of the view.
    pub fn at(&self, pos: usize) -> Option<&R> {
        self.view.get(pos).and_then(|i| self.rows.get(*i))
    }
}

/// A selection and a scroll offset over `len` rows shown `height` at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Keeps the selection inside the list and on screen.
    pub fn clamp(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// Moves the selection by `delta` rows.
    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        self.selected = self.selected.saturating_add_signed(delta);
        self.clamp(len, height);
    }

    pub fn top(&mut self, len: usize, height: usize) {
        self.selected = 0;
        self.clamp(len, height);
    }

    pub fn bottom(&mut self, len: usize, height: usize) {
        self.selected = len.saturating_sub(1);
        self.clamp(len, height);
    }

    /// Scrolls the view by `delta` rows, dragging the selection along when it would leave it.
    pub fn scroll(&mut self, delta: isize, len: usize, height: usize) {
        let height = height.max(1);
        let max = len.saturating_sub(height);
        self.offset = self.offset.saturating_add_signed(delta).min(max);
        if self.selected < self.offset {
            self.selected = self.offset;
        } else if self.selected >= self.offset + height {
            self.selected = self.offset + height - 1;
        }
        self.clamp(len, height);
    }

    /// Selects the row shown `row` lines below the top of the pane, when there is one.
    pub fn click(&mut self, row: usize, len: usize, height: usize) {
        let target = self.offset + row;
        if target < len {
            self.selected = target;
        }
        self.clamp(len, height);
    }

    /// The visible range of rows.
    pub fn window(&self, len: usize, height: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..(start + height).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_past_the_bottom_scrolls_and_stays_in_the_list() {
        let mut c = Cursor::default();
        c.step(7, 10, 3);
        assert_eq!((c.selected, c.offset), (7, 5));
        c.step(100, 10, 3);
        assert_eq!((c.selected, c.offset), (9, 7));
        c.step(-100, 10, 3);
        assert_eq!((c.selected, c.offset), (0, 0));
    }

    #[test]
    fn an_empty_list_has_nothing_selected_and_no_panic() {
        let mut c = Cursor {
            selected: 5,
            offset: 4,
        };
        c.clamp(0, 0);
        assert_eq!(c, Cursor::default());
        c.scroll(3, 0, 0);
        c.click(2, 0, 0);
        assert_eq!(c.window(0, 5), 0..0);
    }
}
