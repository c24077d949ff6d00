//! Replies into what people and programs read. The session answers with [`Reply`] values; this
//! module turns them into the text `sgs run` and the REPL print (`Display for Reply`, and
//! `script` for a whole run), into lines with a tone the REPL and the TUI colour (`styled`),
//! into JSON Lines (`json`) and into JUnit XML (`junit`). Nothing here decides or changes
//! anything, and nothing downstream reads back the text written here.
//!
//! [`Reply`]: crate::session::Reply

pub mod grade;
pub mod json;
pub mod junit;
pub mod lesson;
mod lint;
pub mod path;
pub mod sarif;
mod script;
pub mod styled;
mod text;
mod whole;
pub mod why;

pub use script::script_line;
pub use styled::{Tone, styled};
