//! Completion and hints where network ACLs and peerings go.

use super::*;

/// `world()` with a custom network ACL and a peering.
fn network_world() -> World {
    let mut s = Session::from_world(world());
    for line in [
        "create nacl strict in prod",
        "create vpc shared 10.1.0.0/16",
        "create peering prod-shared between prod and shared",
    ] {
        if let Err(e) = s.run_line(line, &mut NoFiles) {
            panic!("{}", e.render("<test>", line));
        }
    }
    s.world().clone()
}

#[test]
fn network_acls_are_offered_where_one_goes() {
    let w = network_world();
    let acls = at_end("associate nacl ", &w);
    has(
        &acls,
        &[
            "strict",
            "prod/default",
            "shared/default",
            "default/default",
        ],
    );
    lacks(&acls, &["default"]);
    assert_eq!(at_end("create nacl-entry st", &w), ["strict"]);
    assert_eq!(
        at_end("create nacl-entry strict ", &w),
        ["ingress", "egress"]
    );
    assert!(
        at_end("create nacl-entry strict ingress ", &w).is_empty(),
        "a rule number"
    );
    assert_eq!(
        at_end("create nacl-entry strict ingress 90 ", &w),
        ["allow", "deny"]
    );
    assert_eq!(
        at_end("create nacl-entry strict ingress 90 deny ", &w),
        ["tcp", "udp", "icmp", "icmpv6", "all"]
    );
    has(
        &at_end("create nacl-entry strict ingress 90 deny tcp ", &w),
        &["22", "from"],
    );
    assert_eq!(
        at_end("create nacl-entry strict ingress 90 deny tcp 22 ", &w),
        ["from"]
    );
    assert_eq!(
        at_end("create nacl-entry strict egress 90 allow all ", &w),
        ["to"]
    );
    assert_eq!(at_end("replace ", &w), ["nacl-entry"]);
    assert_eq!(
        at_end("delete nacl-entry strict ", &w),
        ["ingress", "egress"]
    );
    has(
        &at_end("associate nacl strict with ", &w),
        &["prod/web-a", "prod/db-a"],
    );
    assert_eq!(at_end("associate ", &w), ["address", "nacl"]);
}

#[test]
fn peerings_and_their_vpcs_are_offered() {
    let w = network_world();
    has(
        &at_end("create peering p between ", &w),
        &["prod", "shared"],
    );
    assert_eq!(at_end("create peering p between prod ", &w), ["and"]);
    assert_eq!(at_end("delete peering ", &w), ["prod-shared"]);
    let id = w
        .peerings
        .keys()
        .next()
        .map(|p| p.to_string())
        .unwrap_or_default();
    has(&at_end("delete peering pcx-", &w), &[id.as_str()]);
}

#[test]
fn the_hint_walks_a_network_acl_entry() {
    let w = network_world();
    let h = |line: &str| hint(line, &w);
    assert_eq!(
        h("create nacl-entry strict ingress 90 deny tcp 22 ").as_deref(),
        Some("from <cidr>")
    );
    assert_eq!(
        h("create nacl-entry strict ingress ").as_deref(),
        Some("<1-32766> allow|deny <perm> from <cidr>")
    );
    assert_eq!(
        h("create peering p ").as_deref(),
        Some("between <vpc> and <vpc>")
    );
}
