//! The parser against data files: every logical line of `tests/data/parse/*.sgs`, with what it
//! parses to, or for files named `err_*.sgs` the rendered error. One snapshot per file.

use sgs::lang::{parse_command, split_script};
use std::fmt::Write as _;

/// Renders each logical line of `src` and the parse of it; fails the test when a line parses
/// against the file's kind (an error in a plain file, a success in an `err_` file).
fn render(file_name: &str, src: &str, expect_errors: bool) -> String {
    let mut out = String::new();
    for (offset, line) in split_script(src) {
        let result = parse_command(&line);
        let _ = writeln!(out, "> {}", line.trim_end());
        match result {
            Ok(None) => {}
            Ok(Some(command)) => {
                assert!(
                    !expect_errors,
                    "{file_name}: parsed, but an error was expected:\n{line}"
                );
                out.push_str(&compact_spans(&format!("{command:#?}")));
            }
            Err(e) => {
                assert!(
                    expect_errors,
                    "{file_name}: {}",
                    e.shifted(offset).render(file_name, src)
                );
                let _ = write!(out, "{}", e.shifted(offset).render(file_name, src));
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn parse_data_files() {
    insta::glob!("data/parse/*.sgs", |path| {
        let src = std::fs::read_to_string(path).expect("a test data file is readable");
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let rendered = render(file_name, &src, file_name.starts_with("err_"));
        insta::assert_snapshot!(rendered);
    });
}

/// The pretty `Debug` of a command with each `Span { start, end }` folded onto one line as
/// `start..end`, so a snapshot reads as the command's structure.
fn compact_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut lines = debug.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(head) = line.strip_suffix("Span {") {
            let start = lines.next().unwrap_or_default();
            let end = lines.next().unwrap_or_default();
            let close = lines.next().unwrap_or_default();
            let number = |l: &str, field: &str| {
                l.trim()
                    .trim_start_matches(field)
                    .trim_end_matches(',')
                    .to_string()
            };
            let _ = writeln!(
                out,
                "{head}{}..{}{}",
                number(start, "start: "),
                number(end, "end: "),
                close.trim().trim_start_matches('}')
            );
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
