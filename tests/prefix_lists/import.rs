//! `import aws` with prefix lists: describe-managed-prefix-lists, the entries files named by
//! the list's id, and the rules that name a list.

use sgs::io::FileHost;
use sgs::session::Session;
use std::path::{Path, PathBuf};

const ESTATE: &str = "sessions/estates/prefix-lists";
const ACCOUNT_A: &str = "sessions/estates/account-a";

fn run(s: &mut Session, line: &str) -> Result<String, sgs::lang::error::Diagnostic> {
    s.run_line(line, &mut FileHost)
        .map(|r| r.map(|r| r.text()).unwrap_or_default())
}

fn ok(s: &mut Session, line: &str) -> String {
    run(s, line).unwrap_or_else(|e| panic!("{}", e.render("<test>", line)))
}

/// A copy of `from` in a temporary folder, with `extra` files written beside it.
fn copy(from: &str, extra: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("estate");
    std::fs::create_dir_all(&dir).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the fixture") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().expect("a name").to_owned();
        std::fs::copy(&path, dir.join(name)).expect("copied");
    }
    for (name, text) in extra {
        std::fs::write(dir.join(name), text).expect("written");
    }
    (tmp, dir)
}

fn import(dir: &Path) -> (Session, String) {
    let mut s = Session::new();
    let report = ok(&mut s, &format!("import aws \"{}\"", dir.display()));
    (s, report)
}

#[test]
fn lists_with_their_entries_in_the_folder_are_rule_peers() {
    let mut s = Session::new();
    let report = ok(&mut s, &format!("import aws {ESTATE}"));
    assert!(report.contains("2 prefix lists"), "{report}");
    // The AWS-managed DynamoDB list has no entries file: it and its rule are skipped.
    assert!(
        report.contains(
            "pl-02cd2c6b: an AWS-managed prefix list whose entries are not in the folder"
        ),
        "{report}"
    );
    assert!(
        report.contains("a rule of sg-4b1e7d9a2c6f03e58 to pl-02cd2c6b: a rule whose peer is a managed prefix list whose entries are not in the folder"),
        "{report}"
    );
    let group = ok(&mut s, "show group app");
    assert!(
        group.contains("pl-63a5400a (com.amazonaws.us-east-1.s3)"),
        "{group}"
    );
    assert!(group.contains("pl-0a1b2c3d4e5f60789 (offices)"), "{group}");
    let lists = ok(&mut s, "show prefix-lists");
    assert!(lists.contains("AWS"), "{lists}");
    assert!(ok(&mut s, "expect allow tcp 443 from app-1 to 52.216.7.7").starts_with("pass"));
    assert!(ok(&mut s, "expect deny tcp 443 from app-1 to 52.218.7.7").starts_with("pass"));
    // The list's max entries (5) is its weight, not its two entries.
    let w = s.world();
    let offices = w
        .prefix_lists
        .values()
        .find(|l| l.name == "offices")
        .expect("offices");
    assert_eq!((offices.entries.len(), offices.max_entries), (2, 5));
    // An AWS-managed list cannot be deleted, even when no rule names it.
    assert!(ok(&mut s, "revoke egress tcp 443 from app to pl-63a5400a").starts_with("ok"));
    let e = run(&mut s, "delete prefix-list pl-63a5400a").expect_err("refused");
    assert_eq!(e.code, "InvalidPrefixListModification");
}

#[test]
fn the_rules_file_keeps_a_list_rules_sgr_id() {
    let lists = r#"{"PrefixLists": [{"PrefixListId": "pl-fe3412b19a3ad554a", "AddressFamily": "IPv4",
        "PrefixListName": "com.amazonaws.us-east-1.s3", "OwnerId": "AWS", "State": "create-complete"}]}"#;
    let entries = r#"{"Entries": [{"Cidr": "52.216.0.0/15"}, {"Cidr": "54.231.0.0/16"}]}"#;
    let (_tmp, dir) = copy(
        ACCOUNT_A,
        &[
            ("describe-managed-prefix-lists.json", lists),
            ("pl-fe3412b19a3ad554a.entries.json", entries),
        ],
    );
    let (mut s, report) = import(&dir);
    assert!(!report.contains("PrefixListIds[0]"), "{report}");
    assert!(report.contains("25 rules"), "{report}");
    let shown = ok(&mut s, "show groups");
    assert!(!shown.is_empty());
    let w = s.world();
    let rule = w
        .groups
        .values()
        .flat_map(|g| g.all_rules())
        .find(|(_, r)| r.id.as_str() == "sgr-c4d7e0d98fd9716ff")
        .map(|(_, r)| r.peer.to_string());
    assert_eq!(rule.as_deref(), Some("pl-fe3412b19a3ad554a"));
}

#[test]
fn an_entries_file_whose_name_holds_no_id_is_skipped_and_one_of_the_wrong_family_refused() {
    let (_tmp, dir) = copy(
        ESTATE,
        &[("entries.json", r#"{"Entries": [{"Cidr": "10.0.0.0/8"}]}"#)],
    );
    let (_, report) = import(&dir);
    assert!(
        report.contains("put the list's pl- id in the file's name"),
        "{report}"
    );
    let (_tmp, dir) = copy(
        ESTATE,
        &[(
            "pl-0a1b2c3d4e5f60789.entries.json",
            r#"{"Entries": [{"Cidr": "2001:db8::/32"}]}"#,
        )],
    );
    let mut s = Session::new();
    let e = run(&mut s, &format!("import aws \"{}\"", dir.display())).expect_err("refused");
    assert!(e.message.contains("Entries[0].Cidr"), "{}", e.message);
    assert!(s.world().prefix_lists.is_empty(), "the world is kept");
}

#[test]
fn an_entries_file_alone_is_a_list_named_by_its_id() {
    let (_tmp, dir) = copy(
        ESTATE,
        &[(
            "pl-02cd2c6b.entries.json",
            r#"{"Entries": [{"Cidr": "3.218.180.0/22"}]}"#,
        )],
    );
    let (mut s, report) = import(&dir);
    assert!(report.contains("3 prefix lists"), "{report}");
    assert!(ok(&mut s, "expect allow tcp 443 from app-1 to 3.218.181.1").starts_with("pass"));
}

#[test]
fn the_language_references_prefix_list_lines_work() {
    // LANGUAGE.md, "Estates": the prefix-list bullet's lines, in an estate whose S3 list is
    // pl-63a5400a and whose group is app.
    let mut s = Session::new();
    ok(&mut s, &format!("import aws {ESTATE}"));
    ok(&mut s, "revoke egress tcp 443 from app to pl-63a5400a");
    for line in [
        "authorize egress tcp 443 from app to pl-63a5400a",
        "create prefix-list s3 entries 52.216.0.0/15, 54.231.0.0/16 max-entries 10",
        "show prefix-lists",
        "delete prefix-list s3",
    ] {
        ok(&mut s, line);
    }
}
