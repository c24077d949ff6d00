//! The language: text to commands. No engine, no terminal.
//!
//! `parse_command` parses one logical line; `split_script` (in `lines`) cuts a file, typed input or a paste
//! into logical lines (joining `\` continuations without moving any byte), so every span points
//! into the text.
//!
//! For editors (the REPL, and the TUI's command line): `help` holds the table of commands and
//! their templates, `template` walks them, `complete` completes and hints a half-typed line
//! from them and the world's names, and `tokens` cuts any line into words for highlighting and
//! for deciding whether input is finished. All pure: no terminal, no I/O.

pub mod ast;
pub mod complete;
pub mod error;
pub mod help;
pub mod lines;
pub mod parse;
pub mod suggest;
pub mod template;
pub mod tokens;

pub use complete::{Completion, complete, complete_in, hint, hint_in};
pub use lines::split_script;
pub use parse::parse_command;
