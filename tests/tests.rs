mod common;
mod control;
mod parse;
mod props;
mod sessions;
