mod common;
mod control;
mod dataplane;
mod parse;
mod props;
mod sessions;
mod trace;
mod tui;
