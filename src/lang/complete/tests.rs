//! Completion and hints at each grammar position, against a small world.

use super::*;
use crate::session::{NoFiles, Session};
use crate::world::World;

/// A world with two VPCs, a group name used twice, a pinned id, an instance with a secondary
/// interface, and one rule.
fn world() -> World {
    let mut s = Session::new();
    let script = [
        "create vpc prod 10.0.0.0/16",
        "create subnet web-a in prod 10.0.1.0/24 public",
        "create subnet db-a in prod 10.0.2.0/24",
        "create group web \"Web in prod\" in prod",
        "create group web \"Web in the default VPC\"",
        "create group app \"App servers\" in prod id sg-app",
        "create group \"my group\" \"needs quotes\" in prod",
        "launch web-1 in prod/web-a groups prod/web",
        "attach eni web-1-db to web-1 in prod/db-a groups app",
        "authorize ingress tcp 22 from 0.0.0.0/0 to prod/web",
    ];
    for line in script {
        if let Err(e) = s.run_line(line, &mut NoFiles) {
            panic!("{}", e.render("<test>", line));
        }
    }
    s.world().clone()
}

/// The candidates at the end of `line`.
fn at_end(line: &str, w: &World) -> Vec<String> {
    let c = complete(line, line.len(), w);
    assert!(c.start <= line.len());
    c.candidates
}

fn has(candidates: &[String], words: &[&str]) {
    for word in words {
        assert!(
            candidates.iter().any(|c| c == word),
            "{word} missing from {candidates:?}"
        );
    }
}

fn lacks(candidates: &[String], words: &[&str]) {
    for word in words {
        assert!(
            !candidates.iter().any(|c| c == word),
            "{word} should not be in {candidates:?}"
        );
    }
}

/// Every prefix of every example, at every cursor position, completes and hints without
/// panicking, and every candidate starts where the completion says.
#[test]
fn no_line_and_no_cursor_panics() {
    let w = world();
    let mut lines: Vec<String> = crate::lang::help::COMMANDS
        .iter()
        .flat_map(|c| c.examples)
        .map(str::to_string)
        .collect();
    lines.extend(
        [
            "é\"\\,#:",
            "expect error:expect error:",
            "a,,,b",
            "\"",
            "\\\n\\",
            "show vpcs\nshow ",
        ]
        .map(str::to_string),
    );
    for line in &lines {
        for end in (0..=line.len()).filter(|&i| line.is_char_boundary(i)) {
            let text = &line[..end];
            let _ = hint(text, &w);
            for cursor in 0..=text.len() + 1 {
                let c = complete(text, cursor, &w);
                assert!(c.start <= text.len());
                assert!(text.is_char_boundary(c.start));
            }
        }
    }
}

mod candidates;
mod hints;
mod network;
