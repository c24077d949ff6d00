//! `export cli to FILE`: the script's shape without running it (the round trip runs it).

use sgs::io::FileHost;
use sgs::session::{NoFiles, Reply, Session};
use std::process::Command;

pub const WORLD: &[&str] = &[
    "create vpc prod 10.0.0.0/16",
    "create subnet web-a in prod 10.0.1.0/24 public",
    "create subnet app-a in prod 10.0.2.0/24",
    "create group web \"web tier; $(whoami)\" in prod",
    "create group app \"App\" in prod",
    "authorize ingress tcp 443 from 0.0.0.0/0 to web description \"HTTPS; $(not run)\"",
    "authorize ingress tcp 8080 from web to app",
    "authorize ingress icmp echo-request from 10.0.0.0/16 to app",
    "authorize ingress tcp 22 from ::/0 to web",
    "revoke egress all from app to 0.0.0.0/0",
    "authorize egress tcp 5432 from app to 10.0.2.0/24",
    "create nacl strict in prod",
    "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
    "create nacl-entry strict ingress 100 allow all from 0.0.0.0/0",
    "associate nacl strict with prod/app-a",
    "launch web-1 in prod/web-a groups web public-ip",
    "launch app-1 in prod/app-a groups app",
    "create group legacy \"L\" classic",
];

fn world() -> Session {
    let mut s = Session::new();
    for l in WORLD {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    s
}

fn export(s: &mut Session, file: &std::path::Path) -> sgs::vocab::export::ExportReport {
    let line = format!("export cli to \"{}\"", file.display());
    match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(r))) => r,
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn the_script_is_bash_that_creates_each_object_once_and_reports_what_it_left_out() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("lab.sh");
    let mut s = world();
    let before = s.world().clone();
    let report = export(&mut s, &file);
    assert_eq!(s.world(), &before, "an export changes nothing");
    let text = std::fs::read_to_string(&file).expect("the script was written");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash");
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    assert!(text.starts_with("#!/usr/bin/env bash\n"));
    assert!(text.contains("set -euo pipefail"));
    assert!(
        text.contains("AMI=\"${AMI:-"),
        "the AMI is a variable at the top"
    );
    // The default VPC is looked up; the other one created; every group created or looked up once.
    assert_eq!(
        text.matches("describe-vpcs --filters Name=is-default,Values=true")
            .count(),
        1
    );
    assert_eq!(text.matches("aws ec2 create-vpc ").count(), 1);
    assert_eq!(text.matches("aws ec2 create-security-group ").count(), 2);
    assert_eq!(text.matches("--group-name web ").count(), 1);
    assert!(text.contains(
        "'[{\"ResourceType\":\"security-group\",\"Tags\":[{\"Key\":\"Name\",\"Value\":\"web\"}]}]'"
    ));
    // User text stays inside single quotes: nothing of it runs.
    assert!(text.contains("--description 'web tier; $(whoami)'"));
    assert!(text.contains("\"Description\":\"HTTPS; $(not run)\""));
    // A reference to a group is its captured id; app's allow-all egress is revoked.
    assert!(text.contains("\"UserIdGroupPairs\":[{\"GroupId\":\"'\"$SG_WEB\"'\"}]"));
    assert!(text.contains("revoke-security-group-egress --group-id \"$SG_APP\" --ip-permissions '[{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]'"));
    assert!(text.contains("\"IpProtocol\":\"icmp\",\"FromPort\":8,\"ToPort\":-1"));
    assert!(text.contains("\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/0\"}]"));
    // The NACL, its entries and the association; the public subnet's gateway and route.
    assert!(text.contains("create-network-acl-entry --network-acl-id \"$ACL_STRICT\" --ingress --rule-number 90 --protocol 6 --port-range From=22,To=22 --cidr-block 198.51.100.0/24 --rule-action deny"));
    assert!(text.contains("replace-network-acl-association"));
    assert!(text.contains("create-route --route-table-id \"$RTB_PROD_PUBLIC\" --destination-cidr-block 0.0.0.0/0 --gateway-id \"$IGW_PROD\""));
    assert!(text.contains("\"PrivateIpAddress\":\"10.0.1.4\""));
    assert!(text.contains("\"AssociatePublicIpAddress\":true"));
    // The counts are what was written; the Classic group is left out with the reason.
    let count = |k: &str| report.written.iter().find(|(n, _)| n == k).map(|(_, n)| *n);
    assert_eq!(count("VPCs"), Some(2));
    assert_eq!(count("instances"), Some(2));
    assert_eq!(
        count("rules"),
        Some(6 + 2 + 2),
        "the default groups' two rules each count"
    );
    assert_eq!(report.left_out.len(), 1, "{:?}", report.left_out);
    assert!(report.left_out[0].what.contains("legacy"));
    assert!(report.left_out[0].why.contains("EC2-Classic"));
    let json =
        sgs::render::json::subcommand("lab.sgs", "export cli", &Reply::Exported(report.clone()));
    assert_eq!(json["format"], "cli");
    assert_eq!(json["written"]["groups"], 4, "{json}");
    assert_eq!(
        json["left_out"][0]["why"]
            .as_str()
            .map(|w| w.contains("EC2-Classic")),
        Some(true)
    );
    assert!(
        json.get("imports").is_none(),
        "a script has no import blocks"
    );
    let shown = Reply::Exported(report).text();
    assert!(
        shown.starts_with("ok: exported an AWS CLI script to "),
        "{shown}"
    );
    assert!(shown.contains("\n  left out group legacy"), "{shown}");
}

#[test]
fn an_export_without_file_access_or_to_a_directory_fails_and_keeps_the_old_file() {
    let mut s = world();
    let err = s
        .run_line("export cli to lab.sh", &mut NoFiles)
        .unwrap_err();
    assert_eq!(err.code, "UnsupportedOperation");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let line = format!("export cli to \"{}\"", dir.path().display());
    let err = s.run_line(&line, &mut FileHost).unwrap_err();
    assert!(err.message.contains("directory"), "{}", err.message);
    let err = s.run_line("export csv to x", &mut NoFiles).unwrap_err();
    assert!(err.message.contains("cli"), "{}", err.message);
}

#[test]
fn ipv6_blocks_are_taken_from_the_block_aws_gives_at_the_worlds_offsets() {
    let mut s = Session::new();
    for l in [
        "create vpc lab 10.0.0.0/16 ipv6 2600:1f18:1:100::/56",
        "create subnet a in lab 10.0.1.0/24 ipv6 2600:1f18:1:112::/64 public",
        "create group web \"Web\" in lab",
        "launch web-1 in lab/a ipv6 2600:1f18:1:112::1:10 groups web",
    ] {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("v6.sh");
    let report = export(&mut s, &file);
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.contains("create-vpc --cidr-block 10.0.0.0/16 --amazon-provided-ipv6-cidr-block"));
    assert!(text.contains("V6_A=$(v6_subnet \"$V6_LAB\" 18)"), "{text}");
    assert!(text.contains("--ipv6-cidr-block \"$V6_A\""));
    assert!(
        text.contains("V6_WEB_1=$(v6_address \"$V6_A\" 0:0:1:10)"),
        "{text}"
    );
    assert!(text.contains("\"Ipv6Addresses\":[{\"Ipv6Address\":\"'\"$V6_WEB_1\"'\"}]"));
    // The helpers compute what AWS would be asked for, in bash.
    let check = format!(
        "{}\nv6_subnet 2400:6500:2ce2:a300::/56 18; v6_address 2400:6500:2ce2:a312::/64 0:0:1:10",
        text.lines()
            .skip_while(|l| !l.starts_with("v6_subnet()"))
            .take(4)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&check)
        .output()
        .expect("bash");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2400:6500:2ce2:a312::/64\n2400:6500:2ce2:a312:0:0:1:10\n"
    );
}

/// A world with lists of its own and one AWS manages, rules naming both.
pub const LISTS: &[&str] = &[
    "create vpc prod 10.0.0.0/16",
    "create subnet app-a in prod 10.0.1.0/24 public",
    "create group app \"App\" in prod",
    "create prefix-list offices entries 198.51.100.0/24, 203.0.113.64/26",
    "create prefix-list partners entries 192.0.2.0/24 max-entries 7",
    "create prefix-list unused entries 2001:db8::/32",
    "authorize ingress tcp 22 from prefix-list offices to app",
    "authorize ingress tcp 443 from prefix-list partners to app description \"HTTPS; partners\"",
];

#[test]
fn lists_of_the_account_are_created_and_their_ids_captured_for_the_rules() {
    let mut s = Session::new();
    for l in LISTS {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("lists.sh");
    let report = export(&mut s, &file);
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    let count = |k: &str| report.written.iter().find(|(n, _)| n == k).map(|(_, n)| *n);
    assert_eq!(count("prefix lists"), Some(3));
    let text = std::fs::read_to_string(&file).expect("written");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash");
    assert!(syntax.status.success());
    let create = "PL_OFFICES=$(aws ec2 create-managed-prefix-list --prefix-list-name offices \
                  --max-entries 2 --address-family IPv4 \
                  --entries '[{\"Cidr\":\"198.51.100.0/24\"},{\"Cidr\":\"203.0.113.64/26\"}]' \
                  --tag-specifications '[{\"ResourceType\":\"prefix-list\",\"Tags\":[{\"Key\":\"Name\",\"Value\":\"offices\"}]}]' \
                  --query PrefixList.PrefixListId --output text)";
    let at = text.find(create).unwrap_or_else(|| panic!("{text}"));
    assert!(text.contains("--prefix-list-name partners --max-entries 7 "));
    assert!(text.contains("--prefix-list-name unused --max-entries 1 --address-family IPv6 "));
    // The rules name the captured ids, after the lists are made.
    let rule = "\"PrefixListIds\":[{\"PrefixListId\":\"'\"$PL_OFFICES\"'\"}]";
    let used = text.find(rule).unwrap_or_else(|| panic!("{text}"));
    assert!(at < used);
    assert!(
        text.contains(
            "\"PrefixListIds\":[{\"PrefixListId\":\"'\"$PL_PARTNERS\"'\",\"Description\":\"HTTPS; partners\"}]"
        ),
        "{text}"
    );
    assert!(!text.contains("pl-"), "no id of the world is named: {text}");
}

#[test]
fn a_list_aws_manages_is_looked_up_by_name_and_an_imported_lists_entries_keep_their_descriptions() {
    let mut s = Session::new();
    s.run_line("import aws sessions/estates/prefix-lists", &mut FileHost)
        .expect("imports");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("estate.sh");
    let report = export(&mut s, &file);
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.contains(
        "PL_COM_AMAZONAWS_US_EAST_1_S3=$(aws ec2 describe-managed-prefix-lists --filters \
         Name=prefix-list-name,Values=com.amazonaws.us-east-1.s3 --query 'PrefixLists[0].PrefixListId' --output text)\n\
         found 'the AWS-managed prefix list com.amazonaws.us-east-1.s3' \"$PL_COM_AMAZONAWS_US_EAST_1_S3\""
    ), "{text}");
    assert_eq!(
        text.matches("create-managed-prefix-list").count(),
        1,
        "{text}"
    );
    assert!(text.contains(
        "--entries '[{\"Cidr\":\"198.51.100.0/24\",\"Description\":\"head office\"},{\"Cidr\":\"203.0.113.64/26\",\"Description\":\"branch\"}]'"
    ));
    assert!(text.contains("\"PrefixListId\":\"'\"$PL_COM_AMAZONAWS_US_EAST_1_S3\"'\""));
}

#[test]
fn a_list_of_another_account_is_left_out_with_the_rules_that_name_it() {
    let mut s = Session::new();
    for l in [
        "account 111122223333",
        "create prefix-list theirs entries 192.0.2.0/24",
        "account 123456789012",
        "create vpc prod 10.0.0.0/16",
        "create group app \"App\" in prod",
        "create prefix-list ours entries 198.51.100.0/24",
        "authorize ingress tcp 22 from prefix-list theirs to app",
    ] {
        if let Err(e) = s.run_line(l, &mut NoFiles) {
            panic!("{}", e.render("<test>", l));
        }
    }
    let theirs = s
        .world()
        .prefix_lists
        .values()
        .find(|l| l.name == "theirs")
        .map(|l| l.id.to_string())
        .expect("their list");
    // The list and the rule that names it are left out, each with the reason; ours is written.
    for format in [
        sgs::vocab::export::ExportFormat::Cli,
        sgs::vocab::export::ExportFormat::Terraform,
    ] {
        let out = sgs::io::export::export(s.world(), format, "x");
        let left: Vec<String> = out.report.left_out.iter().map(|l| l.line()).collect();
        assert!(
            left.iter()
                .any(|l| l.contains(&format!("prefix list theirs ({theirs})"))
                    && l.contains("111122223333")),
            "{left:?}"
        );
        assert!(
            left.iter()
                .any(|l| l.contains("ingress rule tcp 22")
                    && l.contains("another account or region")),
            "{left:?}"
        );
        assert!(!out.text.contains("theirs"), "{}", out.text);
        assert!(out.text.contains("ours"));
    }
}
