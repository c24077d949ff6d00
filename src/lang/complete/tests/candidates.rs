//! The candidates offered at each grammar position: commands, kinds, directions, protocols,
//! ports, peers, names and ids of the world, words of `show`, `help` and options.

use super::*;

#[test]
fn the_first_word_is_a_command() {
    let w = World::new();
    let all = at_end("", &w);
    has(
        &all,
        &["account", "create", "authorize", "probe", "show", "help"],
    );
    assert_eq!(all.len(), 45, "{all:?}");
    assert_eq!(at_end("imp", &w), ["import"]);
    assert_eq!(at_end("import ", &w), ["aws"]);
    assert_eq!(at_end("au", &w), ["authorize"]);
    assert_eq!(at_end("AUTH", &w), ["authorize"]);
    assert_eq!(at_end("s", &w), ["stop", "start", "send", "show", "save"]);
    assert_eq!(complete("  sh", 4, &w).start, 2);
}

#[test]
fn after_create_and_delete_come_the_kinds() {
    let w = World::new();
    assert_eq!(
        at_end("create ", &w),
        [
            "vpc",
            "subnet",
            "peering",
            "group",
            "prefix-list",
            "nacl",
            "nacl-entry",
            "cache-cluster",
            "replication-group",
            "cache-group",
            "db-cluster",
            "db-instance"
        ]
    );
    assert_eq!(
        at_end("delete ", &w),
        [
            "subnet",
            "vpc",
            "peering",
            "group",
            "prefix-list",
            "nacl-entry",
            "nacl",
            "cache-cluster",
            "replication-group",
            "cache-group",
            "db-instance",
            "db-cluster"
        ]
    );
    assert_eq!(at_end("create g", &w), ["group"]);
    assert_eq!(
        at_end("modify ", &w),
        [
            "instance",
            "eni",
            "cache-cluster",
            "replication-group",
            "db-cluster",
            "db-instance"
        ]
    );
}

#[test]
fn after_authorize_and_revoke_come_directions() {
    let w = World::new();
    assert_eq!(
        at_end("authorize ", &w),
        ["ingress", "egress", "cache-ingress"]
    );
    assert_eq!(at_end("update ", &w), ["ingress", "egress"]);
    assert_eq!(
        at_end("revoke ", &w),
        ["ingress", "egress", "rule", "cache-ingress"]
    );
}

#[test]
fn a_perm_position_offers_protocols() {
    let w = World::new();
    let protocols = ["tcp", "udp", "icmp", "icmpv6", "all"];
    assert_eq!(at_end("authorize ingress ", &w), protocols);
    assert_eq!(at_end("revoke egress ", &w), protocols);
    assert_eq!(at_end("probe ", &w), protocols);
    // `expect allow|deny` also judges a flow's next packet.
    let with_flow = ["tcp", "udp", "icmp", "icmpv6", "all", "flow"];
    assert_eq!(at_end("expect deny ", &w), with_flow);
    assert_eq!(at_end("authorize ingress icm", &w), ["icmp", "icmpv6"]);
}

#[test]
fn after_icmp_come_its_type_names() {
    let w = World::new();
    let v4 = at_end("authorize ingress icmp ", &w);
    has(
        &v4,
        &["all", "echo-request", "destination-unreachable", "from"],
    );
    lacks(&v4, &["neighbor-solicitation"]);
    let v6 = at_end("probe icmpv6 ", &w);
    has(&v6, &["echo-request", "neighbor-solicitation"]);
    assert_eq!(
        at_end("probe icmp echo-re", &w),
        ["echo-reply", "echo-request"]
    );
}

#[test]
fn after_a_port_keyword_come_well_known_ports() {
    let w = World::new();
    let ports = at_end("authorize ingress tcp ", &w);
    has(
        &ports,
        &["22", "80", "443", "3306", "5432", "6379", "all", "from"],
    );
    assert_eq!(at_end("probe udp 5", &w), ["5432", "53"]);
}

#[test]
fn peers_are_groups_and_anywhere() {
    let w = world();
    let peers = at_end("authorize ingress tcp 22 from ", &w);
    has(
        &peers,
        &[
            "prod/web",
            "default/web",
            "app",
            "sg-app",
            "0.0.0.0/0",
            "::/0",
        ],
    );
    // `web` names two groups: only the qualified spellings are offered.
    lacks(&peers, &["web"]);
    let dest = at_end("authorize egress all from prod/web to ", &w);
    has(&dest, &["app", "0.0.0.0/0", "::/0"]);
    assert_eq!(
        at_end("authorize ingress tcp 22 from 0.0.0.0/0, ", &w),
        peers
    );
}

#[test]
fn where_a_group_goes_only_groups_are_offered() {
    let w = world();
    let groups = at_end("authorize ingress tcp 22 from 0.0.0.0/0 to ", &w);
    has(&groups, &["prod/web", "default/web", "app", "\"my group\""]);
    lacks(&groups, &["0.0.0.0/0", "web-1"]);
    // Two VPCs, two `default` groups: each is offered with its VPC.
    has(
        &groups,
        &["default/default", "prod/default", "classic/default"],
    );
    lacks(&groups, &["default"]);
    // In a fresh world the default VPC's group resolves by name; EC2-Classic's needs its
    // qualifier.
    let fresh = at_end("delete group ", &World::new());
    assert_eq!(fresh, ["default", "classic/default"]);
    has(&at_end("authorize egress tcp 443 from ", &w), &["prod/web"]);
    assert_eq!(at_end("delete group pr", &w), ["prod/default", "prod/web"]);
    assert_eq!(at_end("show group a", &w), ["app"]);
    assert_eq!(
        at_end("modify instance web-1 groups app,pr", &w),
        ["prod/default", "prod/web"]
    );
}

#[test]
fn group_ids_are_offered_once_an_id_is_being_typed() {
    let w = world();
    let ids = at_end("delete group sg-", &w);
    assert!(ids.len() >= 5, "{ids:?}");
    assert!(ids.iter().all(|c| c.starts_with("sg-")), "{ids:?}");
    has(&ids, &["sg-app"]);
}

#[test]
fn vpcs_and_subnets_by_name() {
    let w = world();
    assert_eq!(at_end("create subnet x in ", &w), ["default", "prod"]);
    assert_eq!(at_end("show groups in p", &w), ["prod"]);
    assert_eq!(
        at_end("launch x in ", &w),
        ["default/a", "default/b", "prod/web-a", "prod/db-a"]
    );
    assert_eq!(at_end("launch x in prod/", &w), ["prod/web-a", "prod/db-a"]);
    assert_eq!(at_end("delete subnet prod/d", &w), ["prod/db-a"]);
    assert_eq!(
        at_end("attach eni e to web-1 in prod/w", &w),
        ["prod/web-a"]
    );
}

#[test]
fn instances_enis_and_endpoints() {
    let w = world();
    assert_eq!(at_end("stop ", &w), ["web-1"]);
    assert_eq!(at_end("associate address 54.0.0.9 with w", &w), ["web-1"]);
    assert_eq!(at_end("modify eni ", &w), ["web-1-db"]);
    let ids = at_end("terminate i-", &w);
    assert_eq!(ids.len(), 1);
    assert!(ids[0].starts_with("i-"));
    assert_eq!(
        at_end("probe tcp 22 from ", &w),
        ["internet", "web-1", "web-1-db"]
    );
    assert_eq!(
        at_end("trace tcp 22 from internet to web-1-", &w),
        ["web-1-db"]
    );
    assert_eq!(
        at_end("why tcp 22 from ", &w),
        ["internet", "web-1", "web-1-db"]
    );
    assert_eq!(
        at_end("why tcp 22 from internet to web-1 ", &w),
        ["via", "sport"]
    );
}

#[test]
fn after_the_endpoints_come_via_and_sport() {
    let w = world();
    assert_eq!(
        at_end("probe tcp 22 from internet to web-1 ", &w),
        ["via", "sport"]
    );
    assert_eq!(
        at_end("probe tcp 22 from internet to web-1 via ", &w),
        ["public", "private"]
    );
    assert_eq!(
        at_end("probe tcp 22 from internet to web-1 via public ", &w),
        ["sport"]
    );
}

#[test]
fn revoke_rule_offers_rule_ids() {
    let w = world();
    let rules = at_end("revoke rule ", &w);
    assert!(!rules.is_empty());
    assert!(rules.iter().all(|r| r.starts_with("sgr-")), "{rules:?}");
    let web = w
        .groups
        .values()
        .find(|g| g.name == "web" && g.ingress.len() == 1)
        .and_then(|g| g.ingress.first())
        .map(|r| r.id.to_string())
        .unwrap_or_default();
    has(&rules, &[web.as_str()]);
}

#[test]
fn show_help_and_options_offer_their_words() {
    let w = world();
    assert_eq!(
        at_end("show ", &w),
        [
            "vpcs",
            "peerings",
            "prefix-lists",
            "clusters",
            "subnets",
            "groups",
            "instances",
            "nacls",
            "stale",
            "group",
            "instance",
            "flows",
            "reach",
            "exposure"
        ]
    );
    assert_eq!(at_end("show groups ", &w), ["in"]);
    let networks = at_end("show groups in ", &w);
    has(&networks, &["default", "prod", "classic"]);
    has(
        &at_end("help ", &w),
        &["authorize", "create", "probe", "help"],
    );
    assert_eq!(at_end("help cr", &w), ["create"]);
    let options = at_end("launch web-9 ", &w);
    assert_eq!(
        options,
        ["in", "classic", "ip", "ipv6", "public-ip", "groups"]
    );
    // An option given once is not offered again; `in` and `classic` exclude each other.
    assert_eq!(
        at_end("launch web-9 in prod/web-a groups app ", &w),
        ["ip", "ipv6", "public-ip"]
    );
    assert_eq!(
        at_end("create subnet s in prod 10.0.9.0/24 az ", &w),
        [
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
            "us-east-1f"
        ]
    );
    has(&at_end("region eu", &w), &["eu-west-1", "eu-central-1"]);
    assert_eq!(at_end("account ", &w), ["123456789012"]);
}

#[test]
fn expectations_complete_the_command_they_wrap() {
    let w = world();
    assert_eq!(at_end("expect ", &w), ["allow", "deny", "error", "output"]);
    assert_eq!(at_end("expect error: cr", &w), ["create"]);
    assert_eq!(
        at_end("expect error InvalidGroup.Duplicate: create ", &w)[..6],
        ["vpc", "subnet", "peering", "group", "prefix-list", "nacl"]
    );
    assert_eq!(
        at_end("expect output \"x\": show g", &w),
        ["groups", "group"]
    );
}

#[test]
fn nothing_is_offered_in_comments_strings_or_after_a_wrong_word() {
    let w = world();
    assert!(at_end("show vpcs # sh", &w).is_empty());
    assert!(at_end("create group web \"Web se", &w).is_empty());
    assert!(at_end("frobnicate ", &w).is_empty());
    assert!(at_end("stop web-1 ", &w).is_empty());
    assert!(
        at_end("create vpc ", &w).is_empty(),
        "a new name has no candidates"
    );
}

#[test]
fn the_cursor_may_be_inside_the_line() {
    let w = world();
    let c = complete("create gr web \"x\"", 9, &w);
    assert_eq!(c.start, 7);
    assert_eq!(c.candidates, ["group"]);
    let past_the_end = complete("sho", 99, &w);
    assert_eq!(past_the_end.candidates, ["show"]);
    let inside_a_char = complete("é", 1, &w);
    assert_eq!(inside_a_char.start, 0);
}

#[test]
fn names_that_need_quotes_are_offered_quoted() {
    assert_eq!(written("web"), "web");
    assert_eq!(written("my group"), "\"my group\"");
    assert_eq!(written("a\"b"), "\"a\\\"b\"");
    assert_eq!(written("#x"), "\"#x\"");
    assert_eq!(written(""), "\"\"");
}
