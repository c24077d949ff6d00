mod common;
mod control;
mod dataplane;
mod network;
mod parse;
mod props;
mod sessions;
mod trace;
