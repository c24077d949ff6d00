//! The shells as a person meets them: the built binary run on files and pipes (closed pipes,
//! streaming output, byte-order marks and CRLF, `quit`, control characters), the TUI's keys on
//! ratatui's TestBackend, and the real binary in tmux for signals, pastes and `sgs tui FILE`.

mod cli;
mod terminal;
mod tui_keys;
mod tui_model;
mod whole;
