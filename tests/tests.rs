//! The integration test binary: one `mod` per area.

mod parse;
