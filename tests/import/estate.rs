//! `sgs gen --aws DIR`: a generated estate, written as the describe-* JSON the AWS CLI prints,
//! imports into the same world the generated session builds: every probe the session asks
//! answers the same on both.

use super::{BIN, ok};
use sgs::io::synth::{GenSpec, generate, write_estate};
use sgs::session::{Reply, Session};
use std::process::Command;

fn verdicts(s: &mut Session, probes: &[&str]) -> Vec<bool> {
    probes
        .iter()
        .map(|p| {
            let line = format!("expect allow {}", p.trim_start_matches("probe "));
            match s.run_line(&line, &mut sgs::io::FileHost) {
                Ok(Some(Reply::Expect { passed, .. })) => passed,
                other => panic!("`{line}`: {other:?}"),
            }
        })
        .collect()
}

#[test]
fn a_generated_estate_answers_every_probe_as_its_session_does() {
    for seed in [1, 7, 42] {
        let spec = GenSpec {
            groups: 30,
            rules: 12,
            instances: 200,
            probes: 300,
            seed,
        };
        let script = generate(&spec).expect("within the quotas");
        let probes: Vec<&str> = script.lines().filter(|l| l.starts_with("probe ")).collect();
        assert_eq!(probes.len(), 300);
        let mut built = Session::new();
        for line in script
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("probe "))
        {
            ok(&mut built, line);
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let files = write_estate(&GenSpec { probes: 0, ..spec }, dir.path()).expect("written");
        assert_eq!(files.len(), 6, "{files:?}");
        let mut imported = Session::new();
        let report = ok(
            &mut imported,
            &format!("import aws \"{}\"", dir.path().display()),
        );
        assert!(
            report.contains("31 groups") && report.contains("200 instances"),
            "{report}"
        );
        assert!(
            !report.contains("skipped"),
            "a generated estate is whole: {report}"
        );
        let want = verdicts(&mut built, &probes);
        let got = verdicts(&mut imported, &probes);
        assert!(
            want.contains(&true) && want.contains(&false),
            "seed {seed}: a probe set of one verdict proves little"
        );
        for (i, p) in probes.iter().enumerate() {
            assert_eq!(
                want[i], got[i],
                "seed {seed}: `{p}` differs between the session and the estate"
            );
        }
    }
}

#[test]
fn gen_aws_refuses_probes_and_groups_past_the_quota_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("estate");
    let refused = |args: &[&str], says: &str| {
        let o = Command::new(BIN)
            .args(["gen", "--rules", "1", "--instances", "2"])
            .args(args)
            .arg("--aws")
            .arg(&out)
            .output()
            .expect("sgs runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!out.exists(), "a refused gen wrote {}", out.display());
    };
    refused(&["--groups", "2500"], "--groups must be 1 to 2499");
    refused(
        &["--groups", "3", "--probes", "4"],
        "--probes is for sessions",
    );
    let o = Command::new(BIN)
        .args([
            "gen",
            "--groups",
            "2499",
            "--rules",
            "1",
            "--instances",
            "3",
            "--aws",
        ])
        .arg(&out)
        .output()
        .expect("sgs runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new(BIN)
        .arg("run")
        .arg(&out)
        .output()
        .expect("sgs runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("2500 groups"), "{text}");
}
