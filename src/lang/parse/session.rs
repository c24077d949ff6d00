//! Sessions and files: `save`, `load`, `import aws`, `undo`, `redo`, `reset`, `echo`, `pause`, `help`,
//! `quit`.

use super::combinator::{keyword, one_of};
use super::input::{Input, PResult};
use super::lex::{at_end, name, path, quoted, text, ws};
use crate::lang::ast::{Command, Span, Spanned};
use crate::vocab::export::ExportFormat;
use nom::branch::alt;
use nom::combinator::{cut, map};
use nom::error::context;
use nom::sequence::preceded;

/// save = "save" path ;
pub(super) fn save(i: Input<'_>) -> PResult<'_, Command> {
    let file = context("the file to save to", path);
    map(preceded(keyword("save"), cut(file)), Command::Save)(i)
}

/// load = "load" path ;
pub(super) fn load(i: Input<'_>) -> PResult<'_, Command> {
    let file = context("the file to load", path);
    map(preceded(keyword("load"), cut(file)), Command::Load)(i)
}

/// import = "import" "aws" path ;
pub(super) fn import(i: Input<'_>) -> PResult<'_, Command> {
    let folder = context("the folder of describe-* JSON files", path);
    let aws = context("`aws` (the only source import reads)", keyword("aws"));
    map(
        preceded(keyword("import"), cut(preceded(aws, folder))),
        Command::ImportAws,
    )(i)
}

const FORMATS: &[&str] = &["cli", "terraform"];

/// export = "export" ( "cli" | "terraform" ) "to" path ;
pub(super) fn export(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("export")(i)?;
    let format = context(
        "what to export as: cli or terraform",
        one_of("expected cli or terraform", FORMATS),
    );
    let (i, (k, _)) = cut(format)(i)?;
    let file = context("the file to write", path);
    let (i, file) = cut(preceded(context("`to` and the file", keyword("to")), file))(i)?;
    let format = match k {
        0 => ExportFormat::Cli,
        _ => ExportFormat::Terraform,
    };
    Ok((i, Command::Export { format, file }))
}

/// undo = "undo" ;
pub(super) fn undo(i: Input<'_>) -> PResult<'_, Command> {
    map(keyword("undo"), |_| Command::Undo)(i)
}

/// redo = "redo" ;
pub(super) fn redo(i: Input<'_>) -> PResult<'_, Command> {
    map(keyword("redo"), |_| Command::Redo)(i)
}

/// reset = "reset" ;
pub(super) fn reset(i: Input<'_>) -> PResult<'_, Command> {
    map(keyword("reset"), |_| Command::Reset)(i)
}

/// echo = "echo" ( quoted | text ) ;
pub(super) fn echo(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("echo")(i)?;
    let (i, message) = if ws(i).rest().starts_with('"') {
        cut(quoted)(i)?
    } else {
        text(i)?
    };
    Ok((i, Command::Echo(message)))
}

/// pause = "pause" ;
pub(super) fn pause(i: Input<'_>) -> PResult<'_, Command> {
    map(keyword("pause"), |_| Command::Pause)(i)
}

/// help = "help" [ name [ name ] ] ;
pub(super) fn help(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("help")(i)?;
    if at_end(i) {
        return Ok((i, Command::Help(None)));
    }
    let (i, first) = cut(context("a command to explain", name))(i)?;
    if at_end(i) {
        return Ok((i, Command::Help(Some(first))));
    }
    // `help create group`: a command of two words.
    let (i, second) = cut(context("the command's second word", name))(i)?;
    let topic = format!("{} {}", first.node, second.node);
    let span = Span::new(first.span.start, second.span.end);
    Ok((i, Command::Help(Some(Spanned::new(topic, span)))))
}

/// quit = "quit" | "exit" ;
pub(super) fn quit(i: Input<'_>) -> PResult<'_, Command> {
    map(alt((keyword("quit"), keyword("exit"))), |_| Command::Quit)(i)
}
