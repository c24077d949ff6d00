//! The screen's state: the terminal's size, which pane has the focus, which pane has the right
//! column in the compact layout, and the `?` overlay with its scroll offset. The layout itself
//! is a pure function of this and what is open (`ui::layout`).

use ratatui::layout::Rect;

/// A pane that can have the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Groups,
    Rules,
    Members,
    Trace,
    Console,
}

impl Pane {
    const ORDER: [Pane; 5] = [
        Pane::Groups,
        Pane::Rules,
        Pane::Members,
        Pane::Trace,
        Pane::Console,
    ];

    fn index(self) -> usize {
        Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub(super) fn cycle(self, forward: bool) -> Pane {
        let n = Pane::ORDER.len();
        let i = self.index();
        Pane::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// Where the user is on the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    pub size: Rect,
    pub focus: Pane,
    /// In the compact layout, which of rules, members and trace has the right column.
    pub right: Pane,
    /// The `?` overlay, with its scroll offset.
    pub help: Option<usize>,
    /// Presenter mode: narration, path strip and trace, large and in high contrast, no chrome.
    pub present: bool,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen {
            size: Rect::new(0, 0, 120, 40),
            focus: Pane::Groups,
            right: Pane::Rules,
            help: None,
            present: false,
        }
    }
}
