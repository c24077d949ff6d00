//! The floors hold: the shared words depend on nothing, the model knows no syntax, the parser knows
//! no world, and deciding a packet needs no syntax (DESIGN.md, architecture.json's never-list),
//! checked on the crate's own `crate::` paths.

use std::fs;
use std::path::{Path, PathBuf};

/// The `.rs` files under `dir`, test files left out (they may build a world to test against).
pub(crate) fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if name != "tests" {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") && name != "tests.rs" {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The modules a file names after `crate::` (`crate::world::World` and `use crate::{lang, world}`
/// both count), outside comments and a trailing `#[cfg(test)]` module.
pub(crate) fn crate_modules(text: &str) -> Vec<String> {
    let code = text.find("#[cfg(test)]\nmod ").map_or(text, |i| &text[..i]);
    let mut out: Vec<String> = Vec::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split(['}', ';'])
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .collect(),
                None => vec![rest],
            };
            for name in names {
                let m: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !m.is_empty() && !out.contains(&m) {
                    out.push(m);
                }
            }
        }
    }
    out
}

/// Every import from `part`'s folder of a module in `never`, as `file -> module`.
fn crossings(part: &str, never: &[&str]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(part);
    let files = sources(&dir);
    assert!(!files.is_empty(), "src/{part}/ has no sources");
    let mut out = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for m in crate_modules(&text) {
            if never.contains(&m.as_str()) {
                out.push(format!("{} -> {m}", file.display()));
            }
        }
    }
    out
}

const SHELLS: [&str; 3] = ["cli", "repl", "tui"];

#[test]
fn the_shared_words_depend_on_nothing_of_ours() {
    let others = [
        "lang",
        "world",
        "control",
        "dataplane",
        "session",
        "show",
        "io",
        "cli",
        "repl",
        "tui",
    ];
    assert_eq!(crossings("vocab", &others), Vec::<String>::new());
}

#[test]
fn the_model_knows_no_syntax_operations_packets_or_terminal() {
    let never = [&["lang", "control", "dataplane"][..], &SHELLS[..]].concat();
    assert_eq!(crossings("world", &never), Vec::<String>::new());
}

#[test]
fn the_language_knows_no_world_and_no_terminal() {
    let never = [&["world"][..], &SHELLS[..]].concat();
    assert_eq!(crossings("lang", &never), Vec::<String>::new());
}

#[test]
fn deciding_a_packet_needs_no_syntax_and_changes_nothing() {
    let never = [&["lang", "control"][..], &SHELLS[..]].concat();
    assert_eq!(crossings("dataplane", &never), Vec::<String>::new());
}

#[test]
fn imports_are_read_from_paths_and_groups_not_comments() {
    let text = "use crate::{lang, world::World};\n// crate::tui\nlet x = crate::control::apply;\n\
                #[cfg(test)]\nmod tests {\n    use crate::repl;\n}\n";
    assert_eq!(crate_modules(text), ["lang", "world", "control"]);
}
