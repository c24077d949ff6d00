//! `export terraform to FILE`: the configuration read back structurally (every rule once, as its
//! own resource; references and import blocks name declared resources; import blocks only for
//! ids from AWS), and `terraform validate` when Terraform and its AWS provider are installed.

use sgs::io::FileHost;
use sgs::session::{NoFiles, Reply, Session};
use sgs::world::World;
use sgs::world::group::RulePeer;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// One top-level block: its head words and its attributes at the first level.
#[derive(Debug)]
struct Blk {
    head: Vec<String>,
    attrs: BTreeMap<String, String>,
}

impl Blk {
    fn addr(&self) -> Option<String> {
        (self.head.first().map(String::as_str) == Some("resource"))
            .then(|| format!("{}.{}", self.head[1], self.head[2]))
    }
    fn attr(&self, k: &str) -> String {
        self.attrs.get(k).cloned().unwrap_or_default()
    }
}

/// The top-level blocks of the configuration; panics on unbalanced braces.
fn blocks(text: &str) -> Vec<Blk> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur: Option<Blk> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        if depth == 0 {
            let head: Vec<String> = t
                .trim_end_matches('{')
                .split_whitespace()
                .map(|w| w.trim_matches('"').to_string())
                .collect();
            cur = Some(Blk {
                head,
                attrs: BTreeMap::new(),
            });
        } else if let (1, Some(b), Some((k, v))) = (depth, cur.as_mut(), t.split_once(" = ")) {
            b.attrs.insert(k.trim().to_string(), v.trim().to_string());
        }
        // Braces inside strings are escaped or balanced in what the exporter writes.
        depth += t.matches('{').count() as i32 - t.matches('}').count() as i32;
        assert!(depth >= 0, "unbalanced braces at `{line}`");
        if depth == 0 {
            out.extend(cur.take());
        }
    }
    assert_eq!(depth, 0, "unbalanced braces at the end");
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// The world's rules by content, groups by name: (group, direction, proto, from, to, peer).
fn world_rules(w: &World) -> BTreeSet<(String, String, String, String, String, String)> {
    let mut out = BTreeSet::new();
    for g in w
        .groups
        .values()
        .filter(|g| g.vpc.is_some() && g.scope == w.scope)
    {
        let owner = if g.is_default {
            format!(
                "default@{}",
                g.vpc.as_ref().map(|v| v.to_string()).unwrap_or_default()
            )
        } else {
            g.name.clone()
        };
        for (d, r) in g.all_rules() {
            let mut proto = String::new();
            let mut ports = (String::new(), String::new());
            let b = sgs::vocab::Proto::number(r.proto);
            match r.proto {
                sgs::vocab::Proto::All => proto.push_str("-1"),
                sgs::vocab::Proto::Tcp(p) | sgs::vocab::Proto::Udp(p) => {
                    proto.push_str(if b == Some(6) { "tcp" } else { "udp" });
                    ports = (p.from.to_string(), p.to.to_string());
                }
                sgs::vocab::Proto::Icmp(i) | sgs::vocab::Proto::Icmpv6(i) => {
                    proto.push_str(if b == Some(1) { "icmp" } else { "icmpv6" });
                    ports = (
                        i.icmp_type.map_or(-1, i32::from).to_string(),
                        i.code.map_or(-1, i32::from).to_string(),
                    );
                }
                sgs::vocab::Proto::Other(n) => proto.push_str(&n.to_string()),
            }
            let peer = match &r.peer {
                RulePeer::Cidr(n) => n.to_string(),
                RulePeer::Group { id, .. } => w
                    .groups
                    .get(id)
                    .map(|x| {
                        if x.is_default {
                            format!(
                                "default@{}",
                                x.vpc.as_ref().map(|v| v.to_string()).unwrap_or_default()
                            )
                        } else {
                            x.name.clone()
                        }
                    })
                    .unwrap_or_default(),
                RulePeer::PrefixList(id) => w.prefix_list_name(id),
            };
            out.insert((
                owner.clone(),
                d.as_str().to_string(),
                proto,
                ports.0,
                ports.1,
                peer,
            ));
        }
    }
    out
}

fn export(s: &mut Session, dir: &Path) -> (String, sgs::vocab::export::ExportReport) {
    let file = dir.join("main.tf");
    let line = format!("export terraform to \"{}\"", file.display());
    match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(r))) => (std::fs::read_to_string(&file).expect("written"), r),
        other => panic!("{line}: {other:?}"),
    }
}

/// Checks the configuration against the world: every rule once, every reference declared.
fn check(w: &World, text: &str) -> (usize, usize) {
    let bs = blocks(text);
    let declared: BTreeSet<String> = bs.iter().filter_map(Blk::addr).collect();
    // Each group's address to the name the rules are compared by.
    let mut group_of = BTreeMap::new();
    let vpc_of: BTreeMap<String, String> = bs
        .iter()
        .filter(|b| {
            b.head
                .get(1)
                .is_some_and(|k| k == "aws_vpc" || k == "aws_default_vpc")
        })
        .filter_map(|b| b.addr().map(|a| (a, b.attr("tags"))))
        .collect();
    for b in &bs {
        let Some(a) = b.addr() else { continue };
        match b.head[1].as_str() {
            "aws_security_group" => {
                group_of.insert(a, unquote(&b.attr("name")));
            }
            "aws_default_security_group" => {
                let vpc_addr = b.attr("vpc_id").trim_end_matches(".id").to_string();
                let tags = vpc_of.get(&vpc_addr).cloned().unwrap_or_default();
                let vpc = w
                    .vpcs
                    .values()
                    .find(|v| tags == format!("{{ Name = \"{}\" }}", v.name) && v.scope == w.scope)
                    .map(|v| v.id.to_string())
                    .unwrap_or_default();
                group_of.insert(a, format!("default@{vpc}"));
            }
            _ => {}
        }
    }
    // Each prefix list's address (a resource or a data source) to its name.
    let list_of: BTreeMap<String, String> = bs
        .iter()
        .filter(|b| {
            b.head
                .get(1)
                .is_some_and(|k| k == "aws_ec2_managed_prefix_list")
        })
        .map(|b| {
            let addr = format!("{}.{}", b.head[1], b.head[2]);
            let addr = if b.head[0] == "data" {
                format!("data.{addr}")
            } else {
                addr
            };
            (addr, unquote(&b.attr("name")))
        })
        .collect();
    let mut got = Vec::new();
    for b in &bs {
        let kind = b.head.get(1).cloned().unwrap_or_default();
        let dir = match kind.as_str() {
            "aws_vpc_security_group_ingress_rule" => "ingress",
            "aws_vpc_security_group_egress_rule" => "egress",
            _ => continue,
        };
        let group = group_of[b.attr("security_group_id").trim_end_matches(".id")].clone();
        let peer = if let Some(r) = b.attrs.get("referenced_security_group_id") {
            group_of[r.trim_end_matches(".id")].clone()
        } else if let Some(r) = b.attrs.get("prefix_list_id") {
            list_of[r.trim_end_matches(".id")].clone()
        } else {
            unquote(
                &b.attrs
                    .get("cidr_ipv4")
                    .or(b.attrs.get("cidr_ipv6"))
                    .cloned()
                    .unwrap_or_default(),
            )
        };
        got.push((
            group,
            dir.to_string(),
            unquote(&b.attr("ip_protocol")),
            b.attr("from_port"),
            b.attr("to_port"),
            peer,
        ));
    }
    let want = world_rules(w);
    let got_set: BTreeSet<_> = got.iter().cloned().collect();
    assert_eq!(got.len(), got_set.len(), "a rule is declared twice");
    assert_eq!(got_set, want, "the rule resources are the world's rules");
    // Every reference and every import names a declared resource.
    for b in &bs {
        for v in b.attrs.values() {
            for word in v.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
                let parts: Vec<&str> = word.split('.').collect();
                if parts.len() >= 3 && parts[0].starts_with("aws_") {
                    let a = format!("{}.{}", parts[0], parts[1]);
                    assert!(declared.contains(&a), "{a} is referenced but not declared");
                }
            }
        }
        if b.head.first().is_some_and(|h| h == "import") {
            assert!(
                declared.contains(&b.attr("to")),
                "import to {} is not declared",
                b.attr("to")
            );
        }
    }
    let imports = bs
        .iter()
        .filter(|b| b.head.first().is_some_and(|h| h == "import"))
        .count();
    (got.len(), imports)
}

#[test]
fn every_rule_is_one_resource_and_only_ids_from_aws_are_imported() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // A world sgs built: no import blocks.
    let mut s = Session::new();
    for l in super::cli::WORLD {
        s.run_line(l, &mut NoFiles).expect("builds");
    }
    let (text, report) = export(&mut s, dir.path());
    let (rules, imports) = check(s.world(), &text);
    assert_eq!(rules, 10);
    assert_eq!((imports, report.imports), (0, 0));
    assert!(text.contains("resource \"aws_default_vpc\""));
    assert!(text.contains("\"HTTPS; $(not run)\""));
    // An imported account: its VPCs, groups, rules (sgr- ids), instances … are imported.
    let mut s = Session::new();
    s.run_line("import aws sessions/estates/account-a", &mut FileHost)
        .expect("imports");
    s.run_line("create group extra \"Extra\" in prod-vpc", &mut FileHost)
        .expect("a new group");
    let (text, report) = export(&mut s, dir.path());
    let (rules, imports) = check(s.world(), &text);
    assert!(rules >= 20, "{rules}");
    assert_eq!(imports, report.imports);
    for id in [
        "sg-2d34055efdf96e3d7",
        "sgr-02c26973c5827bedc",
        "vpc-3d43ecced0dd7e494",
    ] {
        assert!(
            text.contains(&format!("  id = \"{id}\"")),
            "an import block for {id}"
        );
    }
    let extra = s
        .world()
        .groups
        .values()
        .find(|g| g.name == "extra")
        .expect("extra");
    assert!(
        !text.contains(&format!("\"{}\"", extra.id)),
        "no import block for a group sgs made"
    );
}

/// `terraform validate` on an export, when Terraform and a local mirror of its AWS provider
/// are installed (`SGS_TF_MIRROR`, else /opt/tf-plugins).
#[test]
fn terraform_validates_an_exported_world() {
    let mirror = std::env::var("SGS_TF_MIRROR").unwrap_or_else(|_| "/opt/tf-plugins".into());
    let has_tf = Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_tf
        || !Path::new(&mirror)
            .join("registry.terraform.io/hashicorp/aws")
            .is_dir()
    {
        println!("skipped: terraform or its AWS provider mirror ({mirror}) is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rc = dir.path().join("terraformrc");
    std::fs::write(
        &rc,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path = \"{mirror}\"\n  }}\n}}\n"
        ),
    )
    .expect("the CLI configuration");
    for (name, src) in [
        (
            "account",
            "import aws sessions/estates/account-a\ncreate group extra \"Extra\" in prod-vpc\n"
                .to_string(),
        ),
        (
            "web",
            std::fs::read_to_string("sessions/web-server-rules.sgs").expect("a session"),
        ),
        (
            "lists",
            std::fs::read_to_string("sessions/prefix-lists.sgs").expect("a session"),
        ),
        (
            "peering",
            std::fs::read_to_string("sessions/peering.sgs").expect("a session"),
        ),
        ("accounts", super::accounts::WORLD.join("\n")),
    ] {
        let mut s = Session::new();
        s.run_script(name, &src, &mut FileHost, sgs::session::Verbosity::All);
        let work = dir.path().join(name);
        std::fs::create_dir_all(&work).expect("a folder");
        export(&mut s, &work);
        for args in [
            &["init", "-backend=false", "-input=false", "-no-color"][..],
            &["validate", "-no-color"][..],
        ] {
            let out = Command::new("terraform")
                .args(args)
                .current_dir(&work)
                .env("TF_CLI_CONFIG_FILE", &rc)
                .env("TF_IN_AUTOMATION", "1")
                .output()
                .expect("terraform runs");
            assert!(
                out.status.success(),
                "{name}: terraform {}: {}{}",
                args[0],
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        println!("terraform validate {name}: valid");
    }
}

#[test]
fn a_list_of_the_account_is_a_resource_with_its_entries_and_an_aws_list_a_data_source() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut s = Session::new();
    for l in super::cli::LISTS {
        s.run_line(l, &mut NoFiles).expect("builds");
    }
    let (text, report) = export(&mut s, dir.path());
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    let (rules, imports) = check(s.world(), &text);
    assert_eq!(
        (rules, imports),
        (7, 0),
        "with the default group's two and the egress rule"
    );
    assert!(
        text.contains(
            "resource \"aws_ec2_managed_prefix_list\" \"offices\" {\n  name           = \"offices\"\n  \
             address_family = \"IPv4\"\n  max_entries    = 2\n  tags           = { Name = \"offices\" }\n  \
             entry {\n    cidr = \"198.51.100.0/24\"\n  }\n  entry {\n    cidr = \"203.0.113.64/26\"\n  }\n}"
        ),
        "{text}"
    );
    assert!(text.contains("prefix_list_id    = aws_ec2_managed_prefix_list.partners.id"));
    assert!(text.contains("address_family = \"IPv6\""), "{text}");
    // An imported estate: its list is adopted, the AWS-managed one read by name.
    let mut s = Session::new();
    s.run_line("import aws sessions/estates/prefix-lists", &mut FileHost)
        .expect("imports");
    let (text, report) = export(&mut s, dir.path());
    let (rules, imports) = check(s.world(), &text);
    assert_eq!(
        rules, 4,
        "app's two (the DynamoDB rule is skipped at import) and the default group's two"
    );
    assert_eq!(imports, report.imports);
    assert!(text.contains(
        "import {\n  to = aws_ec2_managed_prefix_list.offices\n  id = \"pl-0a1b2c3d4e5f60789\"\n}"
    ), "{text}");
    assert!(text.contains("    description = \"head office\"\n"));
    assert!(text.contains(
        "data \"aws_ec2_managed_prefix_list\" \"com_amazonaws_us_east_1_s3\" {\n  name = \"com.amazonaws.us-east-1.s3\"\n}"
    ), "{text}");
    assert!(text.contains(
        "prefix_list_id    = data.aws_ec2_managed_prefix_list.com_amazonaws_us_east_1_s3.id"
    ));
    assert!(
        !text.contains("pl-63a5400a"),
        "the AWS list's id is the region's"
    );
}
