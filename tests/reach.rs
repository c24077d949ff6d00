//! The whole-world questions (LANGUAGE.md "Whole-world questions"): `show reach`, `who can
//! reach`, `what can … reach`, `show exposure`, `mark` and `diff since`, and `sgs reach` /
//! `sgs diff`.

mod cli;
mod diff_props;
pub mod examples;
pub mod props;
