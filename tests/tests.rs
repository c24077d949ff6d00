mod common;
mod control;
mod parse;
mod props;
mod repl;
mod sessions;
