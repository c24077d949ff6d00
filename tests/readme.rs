//! The README and `docs/` stay true: every session they show parses, every output they show is what
//! the binary prints today, the command reference is the help table's, the TUI screen is the
//! snapshot test's, and every shipped session is listed.
//!
//! Conventions in the Markdown files:
//! - a block fenced as `sgs` must parse, line by line (`sgs check` would accept it);
//! - a block fenced as `sgs NAME.sgs` is a session file: the block fenced as `output` (or
//!   `output exit=N`) right after it is exactly what `sgs run NAME.sgs` prints, and its exit
//!   status is N (0 when not given);
//! - docs/language.md's command reference, between its `<!-- commands -->` markers, is generated
//!   from the help table: `UPDATE_DOCS=1 cargo test --test tests readme` rewrites it.

use sgs::lang::help::COMMANDS;
use sgs::lang::{parse_command, split_script, template};
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every Markdown file the checks read: the README and `docs/*.md`.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![Path::new(ROOT).join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fenced block: its info string, its text, and the line its fence opens on.
struct Block {
    info: String,
    text: String,
    line: usize,
}

/// The fenced blocks of a Markdown text, in order.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in markdown.lines().enumerate() {
        match open.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        text: String::new(),
                        line: i + 1,
                    });
                }
            }
            Some(mut block) => {
                if line == "```" {
                    out.push(block);
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                    open = Some(block);
                }
            }
        }
    }
    assert!(open.is_none(), "a fenced block is not closed");
    out
}

/// The session files shown with their output: (where, file name, session, output, exit status).
fn runnable_examples() -> Vec<(String, String, String, String, i32)> {
    let mut out = Vec::new();
    for path in markdown_files() {
        let md = read(&path);
        let all = blocks(&md);
        for (i, block) in all.iter().enumerate() {
            let Some(name) = block.info.strip_prefix("sgs ") else {
                continue;
            };
            let at = format!("{}:{}", path.display(), block.line);
            let next = all
                .get(i + 1)
                .filter(|b| b.info.starts_with("output"))
                .unwrap_or_else(|| panic!("{at}: `sgs {name}` needs an `output` block after it"));
            let exit = match next.info.strip_prefix("output").map(str::trim) {
                Some("") => 0,
                Some(rest) => rest
                    .strip_prefix("exit=")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("{at}: write `output exit=N`")),
                None => unreachable!(),
            };
            out.push((
                at,
                name.trim().to_string(),
                block.text.clone(),
                next.text.clone(),
                exit,
            ));
        }
    }
    out
}

#[test]
fn every_session_shown_in_the_readme_and_the_docs_parses() {
    let mut checked = 0;
    for path in markdown_files() {
        let md = read(&path);
        for block in blocks(&md) {
            if block.info != "sgs" && !block.info.starts_with("sgs ") {
                continue;
            }
            for (start, text) in split_script(&block.text) {
                if let Err(e) = parse_command(&text) {
                    let at = format!("{}:{}", path.display(), block.line);
                    panic!("{}", e.shifted(start).render(&at, &block.text));
                }
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} sessions found: are the fences `sgs`?"
    );
}

#[test]
fn every_output_shown_in_the_readme_and_the_docs_is_what_sgs_prints() {
    let examples = runnable_examples();
    assert!(
        examples.iter().any(|(at, ..)| at.contains("README.md")),
        "the README's example is checked"
    );
    assert!(
        examples.iter().any(|(at, ..)| at.contains("examples.md")),
        "docs/examples.md's answers are checked"
    );
    let dir = std::env::temp_dir().join(format!("sgs-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    for (at, name, session, shown, exit) in examples {
        std::fs::write(dir.join(&name), &session).expect("the session is written");
        let run = Command::new(env!("CARGO_BIN_EXE_sgs"))
            .args(["run", &name])
            .current_dir(&dir)
            .output()
            .expect("sgs runs");
        let printed = String::from_utf8_lossy(&run.stdout);
        assert_eq!(
            printed, shown,
            "{at}: the output shown is not what `sgs run {name}` prints; paste the left side"
        );
        assert_eq!(run.status.code(), Some(exit), "{at}: the exit status");
        assert!(
            run.stderr.is_empty(),
            "{at}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The command reference: every family of `help`, every command with its syntax, the parts it
/// names, its purpose and its examples.
fn command_reference() -> String {
    let overview = sgs::lang::help::help(None).expect("help lists the commands");
    let width = COMMANDS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for line in overview.lines() {
        if let Some(title) = line.strip_suffix(':').filter(|_| !line.starts_with(' ')) {
            out.push_str(&format!("\n### {title}\n"));
            continue;
        }
        let Some(cmd) = COMMANDS
            .iter()
            .find(|c| line == format!("  {:<width$} {}", c.name, c.purpose))
        else {
            continue;
        };
        let mut purpose = cmd.purpose.chars();
        let first = purpose.next().map(|c| c.to_uppercase().to_string());
        let purpose = format!("{}{}", first.unwrap_or_default(), purpose.as_str());
        out.push_str(&format!("\n#### `{}`\n\n{purpose}.\n\n```text\n", cmd.name));
        for form in cmd.syntax() {
            out.push_str(&form);
            out.push('\n');
        }
        let definitions = template::definitions(cmd.template);
        if !definitions.is_empty() {
            out.push_str("where:\n");
            for d in definitions {
                out.push_str(&format!("  {d}\n"));
            }
        }
        out.push_str("```\n\n```sgs\n");
        for example in cmd.examples {
            out.push_str(example);
            out.push('\n');
        }
        out.push_str("```\n");
    }
    out
}

#[test]
fn the_language_reference_lists_every_command_as_help_does() {
    const START: &str = "<!-- commands: generated from the help table, see tests/readme.rs -->\n";
    const END: &str = "<!-- end of commands -->\n";
    let path = Path::new(ROOT).join("docs/language.md");
    let md = read(&path);
    let start = md.find(START).expect("the start marker") + START.len();
    let end = md.find(END).expect("the end marker");
    let generated = command_reference();
    for cmd in COMMANDS {
        assert!(
            generated.contains(&format!("#### `{}`", cmd.name)),
            "{} is in no family of `help`",
            cmd.name
        );
    }
    if md[start..end] != generated {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{generated}{}", &md[..start], &md[end..]);
            std::fs::write(&path, updated).expect("docs/language.md is written");
        } else {
            panic!(
                "docs/language.md's command reference differs from the help table; \
                 run `UPDATE_DOCS=1 cargo test --test tests readme` and review the diff"
            );
        }
    }
}

#[test]
fn the_tui_screen_in_the_docs_is_the_snapshot_tests_screen() {
    let snap = read(&Path::new(ROOT).join("tests/snapshots/tests__tui__the_tour_screen.snap"));
    let body = snap.splitn(3, "---\n").nth(2).expect("a snapshot body");
    let want: Vec<String> = body
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect();
    let md = read(&Path::new(ROOT).join("docs/tui.md"));
    let screen = blocks(&md)
        .into_iter()
        .find(|b| b.info == "text" && b.text.starts_with("┏ Groups"))
        .expect("docs/tui.md shows the tour's screen");
    let got: Vec<String> = screen
        .text
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    assert_eq!(
        got, want,
        "docs/tui.md's screen differs from tests/snapshots/tests__tui__the_tour_screen.snap"
    );
}

#[test]
fn every_shipped_session_is_listed_and_every_listed_one_exists() {
    let md = read(&Path::new(ROOT).join("docs/examples.md"));
    let mut on_disk: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("sessions"))
        .expect("sessions/ exists")
        .map(|e| {
            e.expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".sgs"))
        .collect();
    on_disk.sort();
    for name in &on_disk {
        assert!(
            md.contains(&format!("| `sessions/{name}` |")),
            "sessions/{name} is not in docs/examples.md's table"
        );
    }
    for row in md.lines().filter(|l| l.starts_with("| `sessions/")) {
        let name = row["| `sessions/".len()..].split('`').next().unwrap_or("");
        assert!(
            on_disk.iter().any(|n| n == name),
            "docs/examples.md lists sessions/{name}, which does not exist"
        );
    }
}

#[test]
fn the_readme_and_the_docs_link_only_to_files_that_exist() {
    for path in markdown_files() {
        let md = read(&path);
        let dir = path.parent().expect("a directory");
        // The design documents the project was written from are not in the repository.
        for outside in ["LANGUAGE.md", "AWS-SEMANTICS.md", "DESIGN.md", "STYLE.md"] {
            assert!(
                !md.contains(outside),
                "{} names {outside}, which is not in the repository",
                path.display()
            );
        }
        for (i, _) in md.match_indices("](") {
            let target = md[i + 2..].split(')').next().unwrap_or("");
            let file = target.split('#').next().unwrap_or("");
            if file.is_empty() || file.contains("://") {
                continue;
            }
            assert!(
                dir.join(file).exists(),
                "{}: the link to {target} points at nothing",
                path.display()
            );
        }
    }
}
