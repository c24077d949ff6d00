//! Any text through the language's front end: the script splitter, the parser, the error
//! renderer, and the editors' tokenizer, highlighter, completion and hints. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sgs::lang::{self, tokens};
use sgs::world::World;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    for (start, text) in lang::split_script(src) {
        if let Err(err) = lang::parse_command(&text) {
            let shown = err.shifted(start).render("fuzz.sgs", src);
            assert!(!shown.is_empty());
        }
    }
    // The editors' view of the same text (they split lines with the same splitter); completion
    // (at the end and mid-line, not always on a character boundary) and hints on its first line.
    let _ = tokens::input_state(src);
    let _ = tokens::classify(src);
    let first = src.lines().next().unwrap_or("");
    let world = World::new();
    let _ = lang::hint(first, &world);
    let _ = lang::complete(first, first.len(), &world);
    let _ = lang::complete(first, first.len() / 2, &world);
});
