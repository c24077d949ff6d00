//! What the user wants: an [`Action`] per key, click, scroll or resize. Keys map to actions
//! through `keys`; `App::update` is the one place that acts on them.

/// A UI intent. Keys map to these through `keys`; the mouse and resizes make them directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextPane,
    PrevPane,
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Drill in: open a group, follow a rule's peer, trace a grid cell.
    Enter,
    /// Back out: close, cancel, clear.
    Back,
    /// Open the command line.
    Command,
    /// Filter the focused list.
    Filter,
    /// Choose a member as the source, then the destination, of a trace.
    Pick,
    Help,
    Fold,
    Unfold,
    /// The trace pane's next fix line (after a `why`).
    NextFix,
    /// Open the reach grid of the selected VPC.
    Grid,
    /// Ask for the reach grid's packet.
    GridPacket,
    PlayNext,
    PlayBack,
    /// Run the play steps up to the next `pause`.
    PlayRun,
    /// Step back to just after the previous `pause`.
    PlayPreviousPause,
    /// Ask for a step's number to jump to.
    PlayJump,
    /// Autoplay on or off.
    Autoplay,
    /// Autoplay's pace: a step more (false) or less (true) often.
    Pace(bool),
    /// Begin a detour (type your own commands), or end it: the lesson back where it was.
    Detour,
    /// The topology of the selected VPC, opened or closed.
    Topology,
    /// The event loop's tick (only while autoplay is on).
    Tick,
    /// The prediction for the `ask` waiting: allow (true) or deny.
    Predict(bool),
    // Line editing.
    Input(char),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    ClearLine,
    /// Ctrl-C on the command line: clear it, or close it when empty.
    Interrupt,
    HistoryPrev,
    HistoryNext,
    Complete,
    Submit,
    // The mouse and the terminal.
    Click {
        x: u16,
        y: u16,
    },
    Scroll {
        x: u16,
        y: u16,
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
}
