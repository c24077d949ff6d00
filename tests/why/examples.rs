//! LANGUAGE.md's `why` line on a world it makes sense in, and the answers' shapes: the gates on
//! both legs with their codes, the fix in three renderings, what else it opens, the rules that let
//! an allowed probe through, and what to create where no rule helps.

use sgs::query::why::Why;
use sgs::session::{NoFiles, Reply, Session};

fn session(lines: &[&str]) -> Session {
    let mut s = Session::new();
    for l in lines {
        let r = s.run_line(l, &mut NoFiles);
        assert!(matches!(r, Ok(Some(Reply::Done { .. }))), "{l}: {r:?}");
    }
    s
}

fn why(s: &mut Session, line: &str) -> Why {
    match s.run_line(line, &mut NoFiles) {
        Ok(Some(Reply::Why(w))) => *w,
        other => panic!("{line}: {other:?}"),
    }
}

fn run_all(s: &mut Session, lines: &[String]) {
    for l in lines {
        let r = s.run_line(l, &mut NoFiles);
        assert!(matches!(r, Ok(Some(Reply::Done { .. }))), "{l}: {r:?}");
    }
}

fn allowed(s: &mut Session, probe: &str) -> bool {
    match s.run_line(&format!("probe {probe}"), &mut NoFiles) {
        Ok(Some(Reply::Verdict(t))) => t.allowed,
        other => panic!("{probe}: {other:?}"),
    }
}

#[test]
fn the_language_line_works_where_it_is_allowed_and_where_it_is_denied() {
    let mut s = crate::reach::examples::world();
    let line = "why tcp 3306 from web-1 to orders-db                  # every gate that blocks, the smallest fix, what else it opens";
    let w = why(&mut s, line);
    // web-1 is in app, which db admits on 3306: the rules that let it through.
    assert!(w.allowed && w.blocking.is_empty(), "{w:?}");
    assert!(!w.passing.is_empty());
    run_all(
        &mut s,
        &["revoke ingress tcp 3306 from app to db".to_string()],
    );
    let w = why(&mut s, line);
    assert!(!w.allowed && w.fixed, "{w:?}");
    assert_eq!(w.blocking.len(), 1);
    assert_eq!(w.fix.sgs.len(), 1);
    assert!(
        w.fix.sgs[0].starts_with("authorize ingress tcp 3306 from "),
        "{:?}",
        w.fix.sgs
    );
    assert!(w.fix.sgs[0].ends_with(" to db"), "{:?}", w.fix.sgs);
    // The other writer-side instance is db's member too: it opens for web-1 as well.
    assert!(
        w.also_opens
            .contains(&("web-1".to_string(), "orders-db-2".to_string())),
        "{:?}",
        w.also_opens
    );
}

#[test]
fn a_denied_probe_gets_every_gate_and_a_fix_that_works() {
    let mut s = session(&[
        "create vpc prod 10.0.0.0/16",
        "create subnet web-a in prod 10.0.1.0/24 public",
        "create subnet db-a in prod 10.0.2.0/24",
        "create group web \"web\" in prod",
        "create group db \"db\" in prod",
        "revoke egress all from web to 0.0.0.0/0",
        "launch web-1 in prod/web-a groups web",
        "launch web-2 in prod/web-a groups web",
        "launch db-1 in prod/db-a groups db",
        "create nacl strict in prod",
        "create nacl-entry strict ingress 100 allow tcp 5432 from 10.0.0.0/16",
        "associate nacl strict with prod/db-a",
    ]);
    let w = why(&mut s, "why tcp 5432 from web-1 to db-1");
    assert!(!w.allowed && w.fixed);
    let steps: Vec<_> = w
        .blocking
        .iter()
        .map(|g| (g.step.leg, g.code.map(|c| c.as_str())))
        .collect();
    use sgs::query::Leg::{Reply as Back, Request};
    assert_eq!(
        steps,
        [
            (Request, Some("SG_HAS_NO_RULES")),
            (Request, Some("SG_HAS_NO_RULES")),
            (Back, Some("SUBNET_ACL_RESTRICTION")),
        ]
    );
    assert_eq!(
        w.fix.sgs,
        [
            "authorize egress tcp 5432 from web to db",
            "authorize ingress tcp 5432 from web to db",
            "create nacl-entry strict egress 32766 allow tcp 1024-65535 to 10.0.1.4/32",
        ]
    );
    assert_eq!(w.fix.cli.len(), 3);
    assert!(
        w.fix
            .terraform
            .contains("aws_vpc_security_group_egress_rule")
    );
    assert!(w.fix.terraform.contains("aws_network_acl_rule"));
    // The egress rule lets web-2 out too, but db-1's reply entry is for web-1's address alone.
    assert!(w.also_opens.is_empty(), "{:?}", w.also_opens);
    run_all(&mut s, &w.fix.sgs);
    assert!(allowed(&mut s, "tcp 5432 from web-1 to db-1"));
    // Now allowed: the rules that let it through, on both legs.
    let w = why(&mut s, "why tcp 5432 from web-1 to db-1");
    assert!(w.allowed && w.blocking.is_empty() && w.fix.is_empty());
    assert!(w.passing.len() >= 4, "{:?}", w.passing);
}

#[test]
fn from_the_internet_the_fix_opens_the_whole_internet_and_says_what_else() {
    let mut s = session(&[
        "create vpc prod 10.0.0.0/16",
        "create subnet web-a in prod 10.0.1.0/24 public",
        "create group web \"web\" in prod",
        "launch web-1 in prod/web-a public-ip groups web",
        "launch web-2 in prod/web-a public-ip groups web",
    ]);
    let w = why(&mut s, "why tcp 443 from internet to web-1");
    assert_eq!(
        w.fix.sgs,
        ["authorize ingress tcp 443 from 0.0.0.0/0 to web"]
    );
    // 0.0.0.0/0 lets in every address, the group's members' own too.
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        w.also_opens,
        pairs(&[
            ("internet", "web-2"),
            ("web-1", "web-2"),
            ("web-2", "web-1")
        ])
    );
}

#[test]
fn two_vpcs_no_peering_joins_get_a_peering_to_create() {
    let mut s = session(&[
        "create vpc prod 10.0.0.0/16",
        "create subnet a in prod 10.0.1.0/24",
        "create vpc shared 10.2.0.0/16",
        "create subnet b in shared 10.2.1.0/24",
        "create group app \"app\" in prod",
        "create group svc \"svc\" in shared",
        "launch app-1 in prod/a groups app",
        "launch svc-1 in shared/b groups svc",
    ]);
    let w = why(&mut s, "why tcp 8080 from app-1 to svc-1");
    assert_eq!(
        w.blocking.first().and_then(|g| g.code).map(|c| c.as_str()),
        Some("DISCONNECTED_VPCS")
    );
    assert_eq!(
        w.fix.sgs.first().map(String::as_str),
        Some("create peering prod-shared between prod and shared")
    );
    assert!(w.fixed, "{:?}", w.fix.sgs);
    run_all(&mut s, &w.fix.sgs);
    assert!(allowed(&mut s, "tcp 8080 from app-1 to svc-1"));
}

#[test]
fn a_stopped_instance_is_started() {
    let mut s = session(&[
        "create vpc prod 10.0.0.0/16",
        "create subnet a in prod 10.0.1.0/24",
        "create group app \"app\" in prod",
        "authorize ingress tcp 22 from app to app",
        "launch a-1 in prod/a groups app",
        "launch a-2 in prod/a groups app",
        "stop a-2",
    ]);
    let w = why(&mut s, "why tcp 22 from a-1 to a-2");
    assert_eq!(w.fix.sgs, ["start a-2"]);
    assert!(w.fixed);
    assert_eq!(
        w.blocking.first().and_then(|g| g.code).map(|c| c.as_str()),
        Some("BAD_STATE")
    );
}

#[test]
fn no_rule_opens_a_private_subnet_to_the_internet() {
    let mut s = session(&[
        "create vpc prod 10.0.0.0/16",
        "create subnet a in prod 10.0.1.0/24",
        "create group app \"app\" in prod",
        "launch a-1 in prod/a groups app",
    ]);
    let w = why(&mut s, "why tcp 22 from internet to a-1");
    assert!(!w.fixed && w.fix.is_empty());
    assert!(w.blocking.iter().any(|g| g.advice.is_some()), "{w:?}");
    let text = Reply::Why(Box::new(w)).to_string();
    assert!(
        text.contains("no change of rules or entries opens it"),
        "{text}"
    );
}

#[test]
fn a_group_at_its_quota_gets_a_new_group_the_interface_joins() {
    let mut lines: Vec<String> = [
        "create vpc prod 10.0.0.0/16",
        "create subnet a in prod 10.0.1.0/24",
        "create group app \"app\" in prod",
        "create group db \"db\" in prod",
        "launch a-1 in prod/a groups app",
        "launch d-1 in prod/a groups db",
        "launch d-2 in prod/a groups db",
    ]
    .iter()
    .map(|l| l.to_string())
    .collect();
    lines.extend((1..=60).map(|i| {
        format!(
            "authorize ingress tcp {} from 10.9.0.{i}/32 to db",
            1000 + i
        )
    }));
    let mut s = Session::new();
    run_all(&mut s, &lines);
    let w = why(&mut s, "why tcp 5432 from a-1 to d-1");
    assert!(w.fixed, "{w:?}");
    assert_eq!(
        w.fix.sgs,
        [
            "create group allow-tcp-5432-d-1 \"tcp 5432 ingress\" in prod",
            "authorize ingress tcp 5432 from app to allow-tcp-5432-d-1",
            "modify instance d-1 groups db, allow-tcp-5432-d-1",
        ]
    );
    // d-2 keeps db alone: nothing else opens.
    assert!(w.also_opens.is_empty());
    run_all(&mut s, &w.fix.sgs);
    assert!(allowed(&mut s, "tcp 5432 from a-1 to d-1"));
}
