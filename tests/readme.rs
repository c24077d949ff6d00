//! The README's example is real: its session, run, prints exactly the output the README shows.

use sgs::session::{NoFiles, Session, Verbosity};

/// The text of the first fenced block after `marker`.
fn block_after<'a>(text: &'a str, marker: &str) -> &'a str {
    let at = text.find(marker).expect("the README has the marker") + marker.len();
    let rest = &text[at..];
    let start = rest.find("```\n").expect("a fenced block") + 4;
    let end = rest[start..].find("```\n").expect("the block ends") + start;
    &rest[start..end]
}

#[test]
fn the_readme_example_prints_what_the_readme_says() {
    let readme = include_str!("../README.md");
    let session = block_after(readme, "`lab.sgs`:");
    let shown = block_after(readme, "`sgs run lab.sgs` prints");
    let mut s = Session::new();
    let report = s.run_script("lab.sgs", session, &mut NoFiles, Verbosity::All);
    let printed = format!(
        "{}{} passed, {} failed\n",
        report.output, report.passed, report.failed
    );
    assert_eq!(printed, shown, "update the README's example output");
}
