//! `sgs reach WORLD <packet> … [--json]` and `sgs diff A B [--json]`, run as a user runs them.

use std::process::Command;

fn sgs(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sgs"))
        .args(args)
        .output()
        .expect("sgs runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &tempfile::TempDir, name: &str, lines: &[&str]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, lines.join("\n") + "\n").expect("written");
    path.to_string_lossy().into_owned()
}

#[test]
fn sgs_reach_prints_the_matrix_and_its_json_object() {
    let dir = tempfile::tempdir().expect("a folder");
    let world = write(&dir, "lab.sgs", super::examples::SETUP);
    let (code, out, err) = sgs(&["reach", &world, "tcp", "22", "in", "prod"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("reach tcp 22: rows are sources"), "{out}");
    assert!(
        out.contains("1 web-1, 2 app-1, 3 tools-1, 4 orders-db-1, 5 orders-db-2"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("2 of 25 pairs allowed"), "{out}");

    let (code, out, err) = sgs(&["reach", &world, "tcp", "22", "in", "prod", "--json"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    let o = &lines[0];
    assert_eq!(o["file"], world.as_str());
    assert_eq!(o["line"], 0);
    assert_eq!(o["command"], "reach tcp 22 in prod");
    assert_eq!(o["ok"], true);
    assert_eq!(o["packet"], "tcp 22");
    assert_eq!(
        o["endpoints"],
        serde_json::json!(["web-1", "app-1", "tools-1", "orders-db-1", "orders-db-2"])
    );
    // app-1 and web-1 share app, whose members may open tcp 22 to each other.
    assert_eq!(
        o["allowed"],
        serde_json::json!([["web-1", "app-1"], ["app-1", "web-1"]])
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"summary": {"passed": 0, "failed": 0}})
    );
}

#[test]
fn sgs_reach_refuses_a_bad_packet_with_exit_2() {
    let dir = tempfile::tempdir().expect("a folder");
    let world = write(&dir, "lab.sgs", super::examples::SETUP);
    let (code, _, err) = sgs(&["reach", &world, "tcp", "99999"]);
    assert_eq!(code, 2);
    assert!(err.contains("error["), "{err}");
}

#[test]
fn sgs_diff_compares_two_worlds() {
    let dir = tempfile::tempdir().expect("a folder");
    let a = write(&dir, "a.sgs", super::examples::SETUP);
    let mut changed: Vec<&str> = super::examples::SETUP.to_vec();
    changed.push("authorize ingress tcp 22 from 0.0.0.0/0 to web");
    let b = write(&dir, "b.sgs", &changed);
    let (code, out, err) = sgs(&["diff", &a, &b, "--json"]);
    assert_eq!(code, 0, "{err}");
    let o: serde_json::Value =
        serde_json::from_str(out.lines().next().unwrap_or("")).expect("JSON");
    assert_eq!(
        o["rules"]["added"],
        serde_json::json!(["authorize ingress tcp 22 from 0.0.0.0/0 to web"])
    );
    assert_eq!(o["rules"]["removed"], serde_json::json!([]));
    let reach = o["reach"].as_array().expect("pairs");
    assert!(
        reach.contains(&serde_json::json!({"from": "internet", "to": "web-1", "gained": ["tcp 22"], "lost": []})),
        "{out}"
    );
    assert_eq!(o["flows"], serde_json::json!({"cut": [], "kept": []}));
    let (code, out, _) = sgs(&["diff", &a, &a]);
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), "rules: no change\nreach: no change");
}
