//! `why <packet> from A to B` (LANGUAGE.md "Whole-world questions"): the gates, the fix and
//! what else it opens, on worked examples and on random worlds.

mod examples;
mod props;
