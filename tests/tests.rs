mod common;
mod control;
mod dataplane;
mod language;
mod parse;
mod props;
mod sessions;
mod trace;
