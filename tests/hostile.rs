//! Hostile input and faults: files that are not what they seem, lengths and numbers past every
//! bound, deep nesting, and expectations that run `undo`. Each test runs the built binary on a
//! file as a user would (or a session, for what a session decides), in a fresh temporary
//! directory.

use crate::common::{ok, session};
use sgs::session::{NoFiles, Reply};
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sgs");

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Runs `sgs ARGS` in `cwd`, killed after 120 s, a bound for a busy machine (a FIFO used to
/// block for ever).
fn sgs(cwd: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sgs starts");
    let start = Instant::now();
    // A guard against a hang, not a speed test: a debug build of the quota-sized world takes
    // about 14 s alone, and more while other tests (the export round trip) use the cores.
    while child.try_wait().expect("sgs runs").is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sgs {args:?} did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("sgs output")
}

/// Writes `src` as `name` in `cwd` and runs it; returns stdout and stderr together.
fn run_file(cwd: &Path, name: &str, src: &str) -> (Output, String) {
    fs::write(cwd.join(name), src).expect("write the session");
    let out = sgs(cwd, &["run", name]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("panicked") && out.status.code().is_some(),
        "sgs crashed ({:?}):\n{}",
        out.status,
        text.chars().take(2000).collect::<String>()
    );
    (out, text)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

const WORLD: &str = "create vpc a 10.0.0.0/16
create subnet s in a 10.0.1.0/24 public
create group web \"W\" in a
authorize ingress tcp 22 from 0.0.0.0/0 to web
launch x in a/s groups web public-ip
";

// 18. Long names and descriptions.

#[test]
fn a_table_cell_of_any_length_renders() {
    let long = "x".repeat(70_000);
    let out =
        sgs::session::Table::new(&["NAME", "ID"], vec![vec![long.clone(), "1".into()]]).to_string();
    assert!(out.lines().nth(1).is_some_and(|l| l.starts_with(&long)));
}

#[test]
fn a_long_flow_name_or_cache_group_description_is_refused_and_the_listings_still_print() {
    let d = dir();
    let name = "f".repeat(70_000);
    let src = format!(
        "{WORLD}expect error InvalidParameterValue: connect tcp 22 from 203.0.113.7 to x as {name}
connect tcp 22 from 203.0.113.7 to x as {}
show flows
expect error InvalidParameterValue: create cache-group c \"{}\"
create cache-group c \"{}\"
show clusters
",
        "f".repeat(255),
        "d".repeat(70_000),
        "d".repeat(255)
    );
    let (out, text) = run_file(d.path(), "long.sgs", &src);
    assert_eq!(out.status.code(), Some(0), "{}", &text[text.len() - 500..]);
    assert!(text.contains("2 passed, 0 failed"));
    assert!(text.contains("Length exceeds maximum of 255 characters (70000 given)"));
}

// 19. Nesting.

#[test]
fn thousands_of_nested_expectations_are_refused_by_run_and_check() {
    let d = dir();
    let src = format!("{}undo\n", "expect error: ".repeat(3500));
    for cmd in ["run", "check"] {
        fs::write(d.path().join("deep.sgs"), &src).expect("write");
        let out = sgs(d.path(), &[cmd, "deep.sgs"]);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(2), "{cmd}: {:?}", out.status);
        assert!(text.contains("expectations nest at most 8 deep"), "{cmd}");
        assert!(text.contains("deep.sgs:1:"), "{cmd}");
    }
}

// 20. Save.

#[test]
fn save_refuses_a_fifo_a_device_a_symlink_and_a_directory_and_leaves_them_alone() {
    let d = dir();
    let p = d.path();
    mkfifo(&p.join("pipe"));
    fs::write(p.join("victim.txt"), "precious").expect("write");
    std::os::unix::fs::symlink("victim.txt", p.join("link.ron")).expect("symlink");
    fs::create_dir(p.join("folder")).expect("mkdir");
    for (target, kind) in [
        ("pipe", "a FIFO"),
        ("/dev/null", "a device"),
        ("link.ron", "a symbolic link"),
        ("folder", "a directory"),
    ] {
        let (out, text) = run_file(p, "save.sgs", &format!("{WORLD}save {target}\n"));
        assert_eq!(out.status.code(), Some(2), "{target}: {text}");
        assert!(text.contains("error[SaveFailed]"), "{target}: {text}");
        assert!(text.contains(&format!("it is {kind}")), "{target}: {text}");
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::symlink_metadata(p.join("pipe"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(
        fs::symlink_metadata(p.join("link.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(p.join("victim.txt")).unwrap(),
        "precious"
    );
    assert!(p.join("folder").is_dir());
    let names: Vec<String> = fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn save_keeps_the_targets_permissions_and_ignores_a_planted_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let p = d.path();
    fs::write(p.join("w.ron"), "old").expect("write");
    fs::set_permissions(p.join("w.ron"), fs::Permissions::from_mode(0o640)).expect("chmod");
    // The name the old code wrote through, planted as a symlink to another file.
    fs::write(p.join("victim.txt"), "precious").expect("write");
    std::os::unix::fs::symlink("victim.txt", p.join(".w.ron.tmp")).expect("symlink");
    let (out, text) = run_file(p, "save.sgs", &format!("{WORLD}save w.ron\nload w.ron\n"));
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        fs::read_to_string(p.join("victim.txt")).unwrap(),
        "precious"
    );
    let meta = fs::metadata(p.join("w.ron")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(
        fs::read_to_string(p.join("w.ron"))
            .unwrap()
            .contains("sgs-world")
    );
    let temps = fs::read_dir(p)
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name();
            let n = n.to_string_lossy();
            n.ends_with(".tmp") && n != ".w.ron.tmp"
        })
        .count();
    assert_eq!(temps, 0);
}

// 21. Load and session files.

#[test]
fn load_refuses_a_fifo_a_device_and_a_file_past_the_limit_at_once() {
    let d = dir();
    let p = d.path();
    mkfifo(&p.join("pipe"));
    let big = fs::File::create(p.join("big.ron")).expect("create");
    big.set_len(257 * 1024 * 1024).expect("a sparse file");
    for (target, why) in [
        ("pipe", "it is a FIFO (named pipe), not a regular file"),
        ("/dev/zero", "it is a device, not a regular file"),
        ("big.ron", "more than the 268435456 bytes (256 MiB)"),
    ] {
        let started = Instant::now();
        let (out, text) = run_file(p, "load.sgs", &format!("load {target}\n"));
        assert_eq!(out.status.code(), Some(2), "{target}: {text}");
        assert!(text.contains("error[LoadFailed]"), "{target}: {text}");
        assert!(text.contains(why), "{target}: {text}");
        assert!(started.elapsed() < Duration::from_secs(10), "{target}");
    }
    // A session file may be a stream (`sgs run <(…)`, see shells::cli), not past the limit; a
    // directory is a folder of AWS describe-* output to import (here one with no JSON in it).
    let out = sgs(p, &["run", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[ImportFailed]: .: no JSON files"));
    let out = sgs(p, &["run", "big.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("256 MiB"));
}

#[test]
fn a_world_with_a_byte_order_mark_loads_and_broken_objects_are_shown_at_their_line() {
    let d = dir();
    let p = d.path();
    let (out, text) = run_file(p, "save.sgs", &format!("{WORLD}save w.ron\n"));
    assert_eq!(out.status.code(), Some(0), "{text}");
    let saved = fs::read_to_string(p.join("w.ron")).unwrap();
    fs::write(p.join("bom.ron"), format!("\u{feff}{saved}")).unwrap();
    let (out, text) = run_file(
        p,
        "bom.sgs",
        "load bom.ron\nexpect output \"web\": show groups\n",
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("1 passed, 0 failed"));
    // The instance's interface names a group that is not there.
    let map = saved.find("enis: {").expect("the interfaces");
    let key = map + saved[map..].find("\"eni-").expect("an interface");
    let line_no = saved[..key].lines().count();
    let line = saved[key..].lines().next().unwrap_or_default();
    let eni = line.trim_end_matches(": (").trim_matches('"');
    let web_id = group_id(&saved, "name: \"web\"");
    let tail = saved[key..].replacen(&web_id, "sg-0000000000000dead", 1);
    fs::write(p.join("broken.ron"), format!("{}{tail}", &saved[..key])).unwrap();
    let (_, text) = run_file(p, "broken.sgs", "load broken.ron\n");
    let col = saved[..key].len() - saved[..key].trim_end_matches(' ').len() + 1;
    let at = format!("broken.ron:{line_no}:{col}: interface {eni}: its group");
    assert!(text.contains(&at), "{at}\n{text}");
}

/// The id of the group whose entry holds `marker` (the last `id: "…"` before it).
fn group_id(saved: &str, marker: &str) -> String {
    let end = saved.find(marker).expect("the group");
    let before = &saved[..end];
    let start = before.rfind("id: \"").expect("its id") + 5;
    before[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_session_file_that_is_not_utf8_is_refused_at_its_line_and_column() {
    let d = dir();
    fs::write(d.path().join("bad.sgs"), b"echo one\necho t\xffwo\n").unwrap();
    for cmd in ["run", "check"] {
        let out = sgs(d.path(), &[cmd, "bad.sgs"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("bad.sgs:2:7: the file is not UTF-8 text (byte 0xff)"),
            "{cmd}: {err}"
        );
    }
}

// 24. `expect error: undo` that succeeds.

fn expect_fails(s: &mut sgs::session::Session, line: &str) {
    match s.run_line(line, &mut NoFiles) {
        Ok(Some(Reply::Expect { passed, .. })) => assert!(!passed, "{line}"),
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn an_undo_or_redo_under_expect_error_is_undone_when_it_succeeds() {
    let mut s = session("create vpc a 10.0.0.0/16");
    let before = s.state().clone();
    expect_fails(&mut s, "expect error: undo");
    assert!(*s.state() == before, "expect error: undo kept its effect");
    ok(&mut s, "undo");
    let before = s.state().clone();
    expect_fails(&mut s, "expect error: redo");
    assert!(*s.state() == before, "expect error: redo kept its effect");
    // The redo step is still there.
    assert!(ok(&mut s, "redo").contains("redid"));
    assert!(ok(&mut s, "show vpcs").contains("10.0.0.0/16"));
}

// 25. Numbers past 64 bits.

#[test]
fn an_oversized_number_is_reported_as_written() {
    let d = dir();
    for (line, number) in [
        (
            "authorize ingress tcp 99999999999999999999999 from 0.0.0.0/0 to web",
            "99999999999999999999999",
        ),
        (
            "authorize ingress tcp 22-18446744073709551616 from 0.0.0.0/0 to web",
            "18446744073709551616",
        ),
        (
            "authorize ingress 99999999999999999999 from 0.0.0.0/0 to web",
            "99999999999999999999",
        ),
        (
            "authorize ingress icmp 3:-99999999999999999999 from 0.0.0.0/0 to web",
            "-99999999999999999999",
        ),
        (
            "probe tcp 22 from 203.0.113.7 to x sport 99999999999999999999",
            "99999999999999999999",
        ),
        ("wait 99999999999999999999999d", "99999999999999999999999d"),
    ] {
        let (out, text) = run_file(d.path(), "big.sgs", &format!("{WORLD}{line}\n"));
        assert_eq!(out.status.code(), Some(2), "{line}");
        assert!(
            text.contains(&format!("{number} is too")),
            "{line}:\n{text}"
        );
        assert!(!text.contains("9223372036854775807"), "{line}:\n{text}");
        assert!(!text.contains("213503982334601"), "{line}:\n{text}");
    }
}

// Issue 12, 6. gen stays within AWS's quotas.

#[test]
fn gen_at_the_quotas_writes_a_world_that_builds_and_refuses_more() {
    let d = dir();
    let p = d.path();
    let out = sgs(
        p,
        &[
            "gen",
            "--groups",
            "2498",
            "--rules",
            "60",
            "--instances",
            "300",
            "--probes",
            "20",
            "-o",
            "max.sgs",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = sgs(p, &["run", "--quiet", "max.sgs"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.trim(), "0 passed, 0 failed");
    for (flag, value, says) in [
        ("--groups", "2499", "--groups must be 1 to 2498"),
        ("--rules", "61", "--rules must be at most 60"),
    ] {
        let mut args = vec!["gen", "--groups", "10", "--rules", "5", "--instances", "10"];
        let k = args.iter().position(|a| *a == flag).unwrap_or(0);
        args[k + 1] = value;
        let out = sgs(p, &args);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(out.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{flag}"
        );
    }
}
