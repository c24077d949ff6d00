//! The language: text to commands. No engine, no terminal.
//!
//! `parse_command` parses one logical line; `split_script` (in `lines`) cuts a file, typed input or a paste
//! into logical lines (joining `\` continuations without moving any byte), so every span points
//! into the text.
//!
//! For editors (the REPL, and the TUI's command line): `help` holds the table of commands and
//! their templates, `template` walks them, `complete` completes and hints a half-typed line
//! from them and the world's names (asked through the `Names` trait, which the session
//! implements), and `tokens` cuts any line into words for highlighting and for deciding whether
//! input is finished. All pure: no terminal, no I/O, no world.

pub mod ast;
pub mod complete;
pub mod help;
pub mod lines;
pub mod names;
pub mod parse;
pub use crate::vocab::suggest;
pub mod template;
pub mod tokens;

/// The diagnostics live in `vocab`, shared by every floor; this is their old path.
pub use crate::vocab::diagnostic as error;

pub use complete::{Completion, complete, complete_in, hint, hint_in};
pub use lines::{script_lines, split_script};
pub use names::{NameKind, Names};
pub use parse::{parse_command, parse_packet};
