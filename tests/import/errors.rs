//! `import aws`: every kind of bad input is refused with its place (file, JSON path, line,
//! column and a caret) and keeps the world; damaged files never panic the importer, and an
//! imported world saves and loads back.

use super::{FIXTURE, copy_fixture, refused};
use proptest::prelude::*;
use std::path::PathBuf;

#[test]
fn a_truncated_file_is_refused_with_its_line_and_column() {
    let cut = |t: String| t[..t.len() / 2].to_string();
    let (_tmp, dir) = copy_fixture("a", &[("describe-security-groups.json", &cut)]);
    let e = refused(&dir);
    assert_eq!(e.code, "InvalidAwsJson");
    assert!(
        e.message.starts_with("describe-security-groups.json:"),
        "{}",
        e.message
    );
    assert!(e.message.contains("EOF"), "{}", e.message);
    assert!(
        e.help.as_deref().unwrap_or("").contains("cut off"),
        "{:?}",
        e.help
    );
}

#[test]
fn a_syntax_error_is_refused_with_its_line_column_and_caret() {
    let bad = |t: String| t.replacen("\"IsDefault\": false,", "\"IsDefault\": false", 1);
    let (_tmp, dir) = copy_fixture("a", &[("describe-vpcs.json", &bad)]);
    let text = std::fs::read_to_string(dir.join("describe-vpcs.json")).expect("the file");
    let line = text
        .lines()
        .position(|l| l.contains("\"IsDefault\": false"))
        .expect("the line")
        + 2;
    let e = refused(&dir);
    assert_eq!(e.code, "InvalidAwsJson");
    assert!(
        e.message.starts_with(&format!(
            "describe-vpcs.json:{line}:13: Vpcs[0]: expected `,` or `}}`"
        )),
        "{}",
        e.message
    );
    assert!(
        e.message.contains(&format!(
            "{line} |             \"Tags\": [\n   |             ^"
        )),
        "{}",
        e.message
    );
    assert!(
        e.help.as_deref().unwrap_or("").contains("not JSON"),
        "{:?}",
        e.help
    );
}

#[test]
fn a_wrong_type_is_refused_with_the_json_path_line_column_and_caret() {
    let bad = |t: String| t.replacen("\"FromPort\": 443,", "\"FromPort\": \"443\",", 1);
    let (_tmp, dir) = copy_fixture("a", &[("describe-security-groups.json", &bad)]);
    let text =
        std::fs::read_to_string(dir.join("describe-security-groups.json")).expect("the file");
    let line = text
        .lines()
        .position(|l| l.contains("\"FromPort\": \"443\""))
        .expect("the line")
        + 1;
    let e = refused(&dir);
    assert_eq!(e.code, "InvalidAwsJson");
    let head = e.message.lines().next().unwrap_or_default();
    assert!(
        head.starts_with(&format!("describe-security-groups.json:{line}:")),
        "{}",
        e.message
    );
    assert!(head.contains(": SecurityGroups[1].IpPermissions[1].FromPort: invalid type: string \"443\", expected a number"), "{}", e.message);
    let shown = e.message.lines().nth(2).unwrap_or_default();
    let caret = e.message.lines().nth(3).unwrap_or_default();
    assert!(shown.contains("\"FromPort\": \"443\""), "{}", e.message);
    assert_eq!(caret.find('^'), shown.find("\"443\""), "{}", e.message);
    let col = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("\"443\""))
        .expect("the column")
        + 1;
    assert!(
        head.starts_with(&format!("describe-security-groups.json:{line}:{col}: ")),
        "{}",
        e.message
    );
}

#[test]
fn an_unknown_enum_value_and_a_missing_field_are_refused_with_their_path() {
    let bad = |t: String| t.replacen("\"RuleAction\": \"deny\"", "\"RuleAction\": \"maybe\"", 1);
    let (_tmp, dir) = copy_fixture("a", &[("describe-network-acls.json", &bad)]);
    let e = refused(&dir);
    assert!(
        e.message.contains("NetworkAcls[0].Entries[")
            && e.message
                .contains("RuleAction: unknown variant `maybe`, expected `allow` or `deny`"),
        "{}",
        e.message
    );
    let gone = |t: String| t.replacen("\"CidrBlock\": \"10.0.1.0/24\",", "", 1);
    let (_tmp, dir) = copy_fixture("a", &[("describe-subnets.json", &gone)]);
    let e = refused(&dir);
    assert!(
        e.message.contains("describe-subnets.json:")
            && e.message.contains("Subnets[0]: missing field `CidrBlock`"),
        "{}",
        e.message
    );
}

#[test]
fn an_unknown_reference_is_refused_at_the_value_that_names_it() {
    let bad = |t: String| {
        t.replacen(
            "\"VpcId\": \"vpc-b4915ce4ffe7b25c3\"",
            "\"VpcId\": \"vpc-0000000000000dead\"",
            1,
        )
    };
    let (_tmp, dir) = copy_fixture("a", &[("describe-subnets.json", &bad)]);
    let text = std::fs::read_to_string(dir.join("describe-subnets.json")).expect("the file");
    let line = text
        .lines()
        .position(|l| l.contains("vpc-0000000000000dead"))
        .expect("the line")
        + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("\"vpc-0000"))
        .expect("the column")
        + 1;
    let e = refused(&dir);
    assert_eq!(e.code, "InvalidAwsData");
    assert!(e.message.starts_with(&format!("describe-subnets.json:{line}:{col}: Subnets[1].VpcId: vpc-0000000000000dead is in no describe-vpcs output")), "{}", e.message);
    assert!(e.message.contains('^'), "{}", e.message);
    // A group the interfaces name that no file lists.
    let bad = |t: String| {
        t.replacen(
            "\"GroupId\": \"sg-9bdba55e36c6b362d\"",
            "\"GroupId\": \"sg-00000000000000bad\"",
            1,
        )
    };
    let (_tmp, dir) = copy_fixture("a", &[("describe-network-interfaces.json", &bad)]);
    let e = refused(&dir);
    assert!(e.message.contains("NetworkInterfaces[5].Groups[0].GroupId: sg-00000000000000bad is in no describe-security-groups output"), "{}", e.message);
}

#[test]
fn a_folder_of_unrelated_json_or_no_folder_is_refused() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join("package.json"), "{\"name\": \"x\"}").expect("written");
    let e = refused(tmp.path());
    assert_eq!(e.code, "ImportFailed");
    assert!(e.message.starts_with("package.json:1:1: "), "{}", e.message);
    assert!(
        e.message.contains("no describe-* output here"),
        "{}",
        e.message
    );
    let e = refused(&tmp.path().join("nowhere"));
    assert_eq!(e.code, "ImportFailed");
    // A file is read as one describe-* file (or `terraform show -json` output): this one is
    // neither.
    let e = refused(&tmp.path().join("package.json"));
    assert!(
        e.message.contains("no describe-* output here"),
        "{}",
        e.message
    );
}

/// The fixture's files, as sources for an import from memory.
fn fixture_sources() -> Vec<sgs::io::aws::Source> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(FIXTURE)
        .expect("the fixture")
        .map(|e| e.expect("an entry").path())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| sgs::io::aws::Source {
            file: p
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned(),
            text: std::fs::read_to_string(&p).expect("a file"),
            hint: Default::default(),
        })
        .collect()
}

#[test]
fn an_imported_world_survives_a_save_and_load() {
    let imported =
        sgs::io::aws::import_sources("a", fixture_sources(), sgs::io::aws::Origin::Files)
            .expect("the fixture imports");
    let text = sgs::io::to_ron(&imported.world).expect("saved");
    let back = sgs::io::from_ron("a.ron", &text).expect("loaded");
    assert!(back == imported.world);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A damaged file (cut short, a byte replaced, a stretch deleted) never panics the importer:
    /// it imports, or it is refused with one of the import's codes and the file's name.
    #[test]
    fn damaged_describe_files_never_panic(
        file in 0usize..11,
        at in 0.0f64..1.0,
        len in 0usize..40,
        how in 0u8..3,
        byte in prop::sample::select(vec!['"', '{', '}', '[', ']', ',', ':', '1', '-', 'x', ' ', '\\', '\u{e9}']),
    ) {
        let mut sources = fixture_sources();
        let n = file % sources.len();
        let text = &sources[n].text;
        let mut cut = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let end = (cut + len).min(text.len());
        let end = (end..=text.len()).find(|e| text.is_char_boundary(*e)).unwrap_or(text.len());
        let damaged = match how {
            0 => text[..cut].to_string(),
            1 => format!("{}{byte}{}", &text[..cut], &text[end..]),
            _ => format!("{}{}", &text[..cut], &text[end..]),
        };
        sources[n].text = damaged;
        match sgs::io::aws::import_sources("d", sources, sgs::io::aws::Origin::Files) {
            Ok(imported) => prop_assert!(!imported.world.vpcs.is_empty() || imported.report.read.is_empty()),
            Err(e) => {
                prop_assert!(["InvalidAwsJson", "InvalidAwsData", "ImportFailed"].contains(&e.code.as_str()), "{}", e.message);
                // Where: a file of the folder (the damaged one, or one that names what it broke).
                let head = e.message.split(':').next().unwrap_or_default();
                prop_assert!(head.ends_with(".json") || head == "d", "{}", e.message);
            }
        }
    }
}
