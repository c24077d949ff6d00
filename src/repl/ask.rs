//! `ask` at the prompt: the session poses the question (its answer kept hidden), the REPL reads
//! a prediction (`a` or `allow`, `d` or `deny`) on a plain line, with no completion or hints to
//! give anything away, then prints the trace, whether the prediction was right, and the score the
//! session keeps. Ctrl-C or Ctrl-D skips the question: the score does not move.

use super::style::Palette;
use crate::lang::ast::Probe;
use crate::session::{Reply, Session, printable};
use rustyline::DefaultEditor;
use std::io::Write;

/// The prompt for the prediction.
pub const PREDICT: &str = "your prediction? (a)llow or (d)eny: ";

/// What a typed prediction means: `Some(true)` for allow, `Some(false)` for deny.
pub fn prediction(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "a" | "allow" => Some(true),
        "d" | "deny" => Some(false),
        _ => None,
    }
}

/// Poses `probe`, reads the prediction and reveals the answer. `Err` is an error to print (the
/// question could not be posed).
pub fn ask(
    session: &mut Session,
    probe: &Probe,
    palette: Palette,
    out: &mut impl Write,
) -> Result<(), crate::vocab::Diagnostic> {
    let question = session.pose(probe)?;
    let _ = writeln!(out, "{}", printable(&format!("ask: {}", question.asked())));
    let _ = out.flush();
    let Ok(mut editor) = DefaultEditor::new() else {
        let _ = writeln!(out, "cannot read a prediction: the question is skipped");
        return Ok(());
    };
    loop {
        match editor.readline(PREDICT) {
            Ok(line) => match prediction(&line) {
                Some(allow) => {
                    let reply: Reply = session.reveal(question, allow);
                    super::print_reply(out, palette, &reply);
                    return Ok(());
                }
                None => {
                    let _ = writeln!(out, "answer a (allow) or d (deny); Ctrl-C skips");
                }
            },
            Err(_) => {
                let _ = writeln!(out, "skipped; the score is unchanged");
                return Ok(());
            }
        }
    }
}
