//! The bottom lines' state: what keys go to (the mode), the line being typed (a command, a
//! filter or a prompt's answer), the member picked as a trace's source, and the status message.

use super::app::Pane;
use super::console::LineEditor;

/// What the line at the bottom is asking for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// The packet for a trace between two chosen members (endpoints as the language writes them).
    TracePacket { from: String, to: String },
    /// The packet the reach grid asks about.
    GridPacket,
    /// The number of the play step to jump to.
    Step,
    /// The text the reach grid's endpoints are narrowed to.
    GridFilter,
}

/// What keys go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Moving around the panes.
    Normal,
    /// Typing a command.
    Command,
    /// Typing a filter for a list pane.
    Filter(Pane),
    /// Answering a prompt.
    Prompt(Prompt),
    /// Moving around the reach grid.
    Grid,
}

/// The command line, the prompts and the status bar.
#[derive(Clone, Debug)]
pub struct Input {
    pub mode: Mode,
    pub line: LineEditor,
    /// The source chosen with `t`: its endpoint text and name.
    pub pick: Option<String>,
    /// A one-line message for the bottom bar.
    pub status: Option<String>,
}

impl Default for Input {
    fn default() -> Input {
        Input {
            mode: Mode::Normal,
            line: LineEditor::default(),
            pick: None,
            status: None,
        }
    }
}
