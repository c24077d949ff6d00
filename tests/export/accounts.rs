//! `export cli` of a world across two accounts and two regions: every object is written, each
//! command runs with its account's credentials and its region, and peerings and group references
//! across accounts name the owner AWS reports. The script runs with a stand-in `aws` on the path
//! that logs each call's credentials, region and words (the round trip runs the real one).

use sgs::io::FileHost;
use sgs::session::{NoFiles, Reply, Session};
use std::path::Path;
use std::process::Command;

pub const WORLD: &[&str] = &[
    "create vpc prod 10.0.0.0/16",
    "create subnet app-a in prod 10.0.2.0/24",
    "create group app \"App\" in prod",
    "launch app-1 in prod/app-a groups app",
    "account 111122223333",
    "create vpc shared 10.1.0.0/16",
    "create subnet tools-a in shared 10.1.1.0/24",
    "create group tools \"Tools\" in shared",
    "launch tools-1 in shared/tools-a groups tools",
    "region eu-west-1",
    "create vpc far 10.2.0.0/16",
    "create subnet far-a in far 10.2.1.0/24",
    "create group far-web \"Far\" in far",
    "launch far-1 in far/far-a groups far-web",
    "region us-east-1",
    "account 123456789012",
    "create peering prod-shared between prod and 111122223333/shared",
    "create peering prod-far between prod and 111122223333/far",
    "authorize ingress tcp 22 from 111122223333/tools to app",
    "authorize ingress tcp 443 from 10.2.0.0/16 to app",
];

/// Logs `KEY|REGION|words` per call; `sts get-caller-identity` answers `<KEY>0` as the account,
/// every other call a fresh id.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
echo "${AWS_ACCESS_KEY_ID-}|${AWS_DEFAULT_REGION-}|$*" >> "$AWS_LOG"
if [ "$1 $2" = "sts get-caller-identity" ]; then echo "${AWS_ACCESS_KEY_ID}0"; exit 0; fi
echo "id-$(wc -l < "$AWS_LOG")"
"#;

fn exported(dir: &Path) -> (sgs::vocab::export::ExportReport, std::path::PathBuf) {
    let mut s = Session::new();
    for l in WORLD {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    let file = dir.join("world.sh");
    let line = format!("export cli to \"{}\"", file.display());
    match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(r))) => (r, file),
        other => panic!("{line}: {other:?}"),
    }
}

/// Runs the script with the stand-in `aws`; its exit status, standard error and log lines.
fn run(dir: &Path, script: &Path, other_account: bool) -> (bool, String, Vec<String>) {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("a bin folder");
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).expect("the stand-in aws");
    let chmod = Command::new("chmod").arg("+x").arg(&aws).status();
    assert!(chmod.is_ok_and(|s| s.success()), "chmod");
    let log = dir.join("aws.log");
    let _ = std::fs::remove_file(&log);
    let path = std::env::var("PATH").unwrap_or_default();
    let mut c = Command::new("bash");
    c.arg(script)
        .env("PATH", format!("{}:{path}", bin.display()))
        .env("AWS_LOG", &log)
        .env("AWS_ACCESS_KEY_ID", "HOME")
        .env("AWS_SECRET_ACCESS_KEY", "home-secret")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ACCESS_KEY_ID_111122223333");
    if other_account {
        c.env("AWS_ACCESS_KEY_ID_111122223333", "PEER")
            .env("AWS_SECRET_ACCESS_KEY_111122223333", "peer-secret")
            .env("AWS_SESSION_TOKEN_111122223333", "peer-token");
    }
    let out = c.output().expect("bash");
    let lines = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        lines,
    )
}

/// The log lines whose words contain `what`.
fn calls<'a>(log: &'a [String], what: &str) -> Vec<&'a str> {
    log.iter()
        .map(String::as_str)
        .filter(|l| l.contains(what))
        .collect()
}

#[test]
fn a_world_across_accounts_and_regions_is_built_each_part_with_its_own_credentials() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (report, script) = exported(dir.path());
    assert!(
        report.left_out.is_empty(),
        "nothing is left out: {:?}",
        report.left_out
    );
    let written: std::collections::HashMap<_, _> = report.written.iter().cloned().collect();
    assert_eq!(written.get("peerings"), Some(&2));
    assert_eq!(written.get("instances"), Some(&3));
    let (ok, stderr, log) = run(dir.path(), &script, true);
    assert!(ok, "the script ran: {stderr}");
    // Every VPC and instance is created with its account's keys, in its region.
    for (what, key, region) in [
        ("create-vpc --cidr-block 10.0.0.0/16", "HOME", "us-east-1"),
        ("create-vpc --cidr-block 10.1.0.0/16", "PEER", "us-east-1"),
        ("create-vpc --cidr-block 10.2.0.0/16", "PEER", "eu-west-1"),
        ("\"PrivateIpAddress\":\"10.0.2.", "HOME", "us-east-1"),
        ("\"PrivateIpAddress\":\"10.1.1.", "PEER", "us-east-1"),
        ("\"PrivateIpAddress\":\"10.2.1.", "PEER", "eu-west-1"),
    ] {
        let found = calls(&log, what);
        assert_eq!(found.len(), 1, "one call with {what}: {log:#?}");
        assert!(
            found[0].starts_with(&format!("{key}|{region}|")),
            "{what} runs as {key} in {region}: {}",
            found[0]
        );
    }
    // The peerings: requested by prod's account with the owner AWS reported for the peer's
    // keys, the one across regions with the peer's region, and accepted by the peer.
    let requests = calls(&log, "create-vpc-peering-connection");
    assert_eq!(requests.len(), 2, "{requests:#?}");
    for r in &requests {
        assert!(r.starts_with("HOME|us-east-1|"), "{r}");
        assert!(r.contains("--peer-owner-id PEER0"), "{r}");
    }
    assert!(!requests[0].contains("--peer-region"), "{}", requests[0]);
    assert!(
        requests[1].contains("--peer-region eu-west-1"),
        "{}",
        requests[1]
    );
    let accepts = calls(&log, "accept-vpc-peering-connection");
    assert_eq!(accepts.len(), 2, "{accepts:#?}");
    assert!(accepts[0].starts_with("PEER|us-east-1|"), "{}", accepts[0]);
    assert!(accepts[1].starts_with("PEER|eu-west-1|"), "{}", accepts[1]);
    // Routes both ways over each: in prod as its account, in the peer VPCs as theirs.
    let routes = calls(&log, "--vpc-peering-connection-id");
    let routes: Vec<_> = routes
        .iter()
        .filter(|l| l.contains("create-route"))
        .collect();
    assert_eq!(routes.len(), 4, "{routes:#?}");
    for (cidr, who) in [
        ("10.0.0.0/16", "PEER|us-east-1|"),
        ("10.0.0.0/16", "PEER|eu-west-1|"),
        ("10.1.0.0/16", "HOME|us-east-1|"),
        ("10.2.0.0/16", "HOME|us-east-1|"),
    ] {
        assert!(
            routes
                .iter()
                .any(|l| l.starts_with(who) && l.contains(&format!("block {cidr} "))),
            "a route to {cidr} as {who}: {routes:#?}"
        );
    }
    // The rule of app that references the peer account's group names its owner.
    let refs = calls(&log, "\"UserId\":\"PEER0\"");
    assert_eq!(refs.len(), 1, "{log:#?}");
    assert!(
        refs[0].starts_with("HOME|us-east-1|ec2 authorize-security-group-ingress"),
        "{}",
        refs[0]
    );
    assert!(refs[0].contains("\"FromPort\":22"), "{}", refs[0]);
}

#[test]
fn without_the_other_accounts_credentials_the_script_stops_before_building_anything() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (_, script) = exported(dir.path());
    let (ok, stderr, log) = run(dir.path(), &script, false);
    assert!(!ok, "the script stopped");
    assert!(
        stderr
            .contains("set AWS_ACCESS_KEY_ID_111122223333 and AWS_SECRET_ACCESS_KEY_111122223333"),
        "{stderr}"
    );
    assert!(
        log.iter().all(|l| l.contains("sts get-caller-identity")),
        "only the home account's identity was asked: {log:#?}"
    );
}

#[test]
fn a_world_of_one_account_and_region_has_no_account_switches() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut s = Session::new();
    for l in super::cli::WORLD {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    let file = dir.path().join("one.sh");
    let line = format!("export cli to \"{}\"", file.display());
    assert!(matches!(
        s.run_line(&line, &mut FileHost),
        Ok(Some(Reply::Exported(_)))
    ));
    let text = std::fs::read_to_string(&file).expect("the script");
    assert!(!text.contains("as_account"), "{text}");
    assert!(!text.contains("get-caller-identity"), "{text}");
}

#[test]
fn terraform_of_a_world_across_accounts_and_regions_gives_each_resource_its_provider() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut s = Session::new();
    for l in WORLD {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    let file = dir.path().join("world.tf");
    let line = format!("export terraform to \"{}\"", file.display());
    let report = match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(r))) => r,
        other => panic!("{line}: {other:?}"),
    };
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    let text = std::fs::read_to_string(&file).expect("the configuration");
    // One aliased provider per account and region with objects; the peer account's through
    // its profile.
    assert_eq!(text.matches("provider \"aws\" {").count(), 3, "{text}");
    for (alias, profile) in [
        ("a123456789012_us_east_1", false),
        ("a111122223333_us_east_1", true),
        ("a111122223333_eu_west_1", true),
    ] {
        let head = format!("alias   = \"{alias}\"");
        let short = format!("alias  = \"{alias}\"");
        let found = if profile { &head } else { &short };
        assert_eq!(text.matches(found.as_str()).count(), 1, "{alias}: {text}");
    }
    assert!(
        text.contains("profile = var.profile_111122223333"),
        "{text}"
    );
    assert!(
        !text.contains("provider \"aws\" {\n  region"),
        "no unaliased provider"
    );
    // Every resource names its provider, first.
    let blocks: Vec<&str> = text.split("\nresource ").skip(1).collect();
    assert!(blocks.len() > 30, "{} resources", blocks.len());
    for b in &blocks {
        let second = b.lines().nth(1).unwrap_or_default();
        assert!(
            second.trim_start().starts_with("provider "),
            "a resource without its provider: {b}"
        );
    }
    let block = |head: &str| -> &str {
        blocks
            .iter()
            .find(|b| b.starts_with(head))
            .copied()
            .unwrap_or_else(|| panic!("no resource {head}: {text}"))
    };
    let shared = block("\"aws_vpc\" \"shared\"");
    assert!(shared.contains("aws.a111122223333_us_east_1"), "{shared}");
    let far = block("\"aws_vpc\" \"far\"");
    assert!(far.contains("aws.a111122223333_eu_west_1"), "{far}");
    // The peerings: requested by prod's provider with the peer's owner (and region), not
    // auto-accepted, and accepted by the peer's provider.
    let req = block("\"aws_vpc_peering_connection\" \"prod_far\"");
    assert!(req.contains("aws.a123456789012_us_east_1"), "{req}");
    assert!(
        req.contains("peer_owner_id = aws_vpc.far.owner_id"),
        "{req}"
    );
    assert!(req.contains("peer_region   = \"eu-west-1\""), "{req}");
    assert!(req.contains("auto_accept   = false"), "{req}");
    let acc = block("\"aws_vpc_peering_connection_accepter\" \"prod_far\"");
    assert!(acc.contains("aws.a111122223333_eu_west_1"), "{acc}");
    assert!(acc.contains("auto_accept               = true"), "{acc}");
    let req = block("\"aws_vpc_peering_connection\" \"prod_shared\"");
    assert!(!req.contains("peer_region"), "{req}");
    // The reference to the peer account's group is `owner/id`.
    assert!(
        text.contains(
            "referenced_security_group_id = \"${aws_security_group.tools.owner_id}/${aws_security_group.tools.id}\""
        ),
        "{text}"
    );
    // The far instance launches from its region's image.
    let far_1 = block("\"aws_instance\" \"far_1\"");
    assert!(far_1.contains("var.ami_eu_west_1"), "{far_1}");
    assert!(text.contains("variable \"ami_eu_west_1\""), "{text}");
}

/// The world at the end of `sessions/peering.sgs`, and that world after `more`.
fn peering_session(more: &str) -> Session {
    let src = std::fs::read_to_string("sessions/peering.sgs").expect("the session");
    let mut s = Session::new();
    s.run_script(
        "peering",
        &format!("{src}\n{more}"),
        &mut FileHost,
        sgs::session::Verbosity::All,
    );
    s
}

#[test]
fn the_peering_sessions_world_exports_whole_and_a_stale_rule_is_reported_left_out() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("peering.sh");
    let line = format!("export cli to \"{}\"", file.display());
    let mut s = peering_session("");
    let report = match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(r))) => r,
        other => panic!("{line}: {other:?}"),
    };
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    let text = std::fs::read_to_string(&file).expect("the script");
    assert!(
        text.contains("--peer-owner-id \"$ACCOUNT_111122223333\""),
        "{text}"
    );
    assert!(
        text.contains("\"UserId\":\"'\"$ACCOUNT_111122223333\"'\",\"GroupId\":\"'\"$SG_TOOLS\"'\""),
        "{text}"
    );
    // Without the peering, the reference across it is stale: AWS would refuse it.
    let mut s = peering_session("delete peering prod-shared-again\n");
    let report = match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(r))) => r,
        other => panic!("{line}: {other:?}"),
    };
    assert_eq!(report.left_out.len(), 1, "{:?}", report.left_out);
    let why = &report.left_out[0];
    assert!(
        why.what.contains("tcp 22") && why.what.contains("app"),
        "{why:?}"
    );
    assert!(why.why.contains("no peering joins the VPCs"), "{why:?}");
}
