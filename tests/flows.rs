//! Flows, connection tracking and simulated time (issue 7; AWS-SEMANTICS §9 and §10): the
//! clock, connect/send/close, tracked and untracked flows per address family, idle timeouts,
//! what rule and network ACL changes do to open flows, what undo restores, and the Flows pane.

use crate::common::{err_code, holds, ok, session};
use sgs::session::{NoFiles, Session, Verbosity};
use sgs::tui::App;

/// The AWS guide's web server: SSH from one address, HTTP from everywhere (IPv4 and IPv6), ICMP
/// from everywhere; all out to 0.0.0.0/0 and ::/0 (a new group's default in a VPC with IPv6).
const GUIDE: &str = "create vpc prod 10.0.0.0/16 ipv6 2600:1f18:1:100::/56
create subnet web-a in prod 10.0.1.0/24 ipv6 2600:1f18:1:101::/64 public
create subnet app-a in prod 10.0.2.0/24
create group web \"Web\" in prod
authorize ingress tcp 22 from 203.0.113.1/32 to web
authorize ingress tcp 80 from 0.0.0.0/0, ::/0 to web
authorize ingress icmp all from 0.0.0.0/0 to web
launch web-1 in prod/web-a ip 10.0.1.10 ipv6 2600:1f18:1:101::10 public-ip groups web";

fn guide() -> Session {
    session(GUIDE)
}

/// The one rule id a command printed (`ok: authorized 1 ingress rule on web (…): sgr-…`).
fn rule_id(out: &str) -> String {
    out.rsplit(' ')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

// ----- the clock -----

#[test]
fn wait_moves_the_clock_in_every_unit() {
    let mut s = Session::new();
    for (line, now) in [
        ("wait 30s", 30),
        ("wait 5m", 330),
        ("wait 2h", 7530),
        ("wait 5d", 439_530),
        ("wait 0s", 439_530),
    ] {
        ok(&mut s, line);
        assert_eq!(s.clock().now(), now, "after {line}");
    }
    assert!(ok(&mut s, "wait 1m").contains("the clock is at 5d 2h 6m 30s"));
}

#[test]
fn wait_says_which_flows_timed_out() {
    let mut s = guide();
    ok(
        &mut s,
        "connect icmp echo-request from 198.51.100.7 to web-1 as ping",
    );
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    let out = ok(&mut s, "wait 29s");
    assert!(!out.contains("timed out"), "{out}");
    let out = ok(&mut s, "wait 1s");
    assert!(out.contains("flow ping timed out"), "{out}");
    assert!(!out.contains("ssh"), "{out}");
}

// ----- connect -----

#[test]
fn connect_opens_a_flow_when_its_request_and_reply_pass() {
    let mut s = guide();
    let out = ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    assert!(
        out.starts_with("ok: opened flow ssh, tcp 22 203.0.113.1 -> web-1"),
        "{out}"
    );
    assert!(out.contains("web-1 tracked"), "{out}");
    assert!(out.contains("idle out after 5d"), "{out}");
    let flow = s.flows().get("ssh").expect("the flow is open");
    assert_eq!((flow.requests, flow.replies, flow.opened_at), (1, 1, 0));
}

#[test]
fn connect_is_refused_with_connection_denied_and_the_deciding_step() {
    let mut s = guide();
    let line = "connect tcp 22 from 198.51.100.7 to web-1 as ssh";
    let e = err_code(&mut s, line, "ConnectionDenied");
    assert!(e.message.contains("denied at step"), "{}", e.message);
    assert!(
        e.message.contains("no ingress rule of web allows it"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("[ENI_SG_RULES_MISMATCH]"),
        "{}",
        e.message
    );
    let help = e.help.clone().unwrap_or_default();
    assert_eq!(
        help,
        "see every step: trace tcp 22 from 198.51.100.7 to web-1"
    );
    let span = e.span.expect("a span");
    assert_eq!(&line[span.start..span.end], "22 from 198.51.100.7 to web-1");
    assert!(s.flows().is_empty());
}

#[test]
fn connect_is_refused_when_only_the_reply_is_denied() {
    let mut s = guide();
    ok(&mut s, "create nacl in-only in prod");
    ok(
        &mut s,
        "create nacl-entry in-only ingress 100 allow all from 0.0.0.0/0",
    );
    ok(&mut s, "associate nacl in-only with prod/web-a");
    let e = err_code(
        &mut s,
        "connect tcp 22 from 203.0.113.1 to web-1 as ssh",
        "ConnectionDenied",
    );
    assert!(
        e.message.contains("its reply: network ACL"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("[SUBNET_ACL_RESTRICTION]"),
        "{}",
        e.message
    );
}

#[test]
fn connect_refuses_a_lone_packet_and_a_taken_name() {
    let mut s = guide();
    let e = err_code(
        &mut s,
        "connect icmp 3:4 from 198.51.100.7 to web-1 as frag",
        "InvalidParameterValue",
    );
    assert!(e.message.contains("lone packet"), "{}", e.message);
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    let e = err_code(
        &mut s,
        "connect tcp 80 from 203.0.113.1 to web-1 as ssh",
        "InvalidParameterValue",
    );
    assert_eq!(
        e.help.as_deref(),
        Some("close ssh first, or give this flow another name")
    );
    err_code(
        &mut s,
        "connect tcp 80 from nowhere to web-1 as x",
        "InvalidEndpoint.NotFound",
    );
}

#[test]
fn an_unknown_flow_is_not_found_everywhere_it_is_named() {
    let mut s = guide();
    for line in [
        "send ssh request",
        "close ssh",
        "trace flow ssh reply",
        "expect allow flow ssh request",
    ] {
        let e = err_code(&mut s, line, "InvalidFlow.NotFound");
        assert!(e.help.is_some_and(|h| h.contains("connect")), "{line}");
    }
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    let e = err_code(&mut s, "send sh request", "InvalidFlow.NotFound");
    assert_eq!(e.help.as_deref(), Some("did you mean ssh?"));
    assert_eq!(e.span.map(|sp| (sp.start, sp.end)), Some((5, 7)));
}

// ----- tracked and untracked (§9.2, §9.3) -----

#[test]
fn tcp_from_everyone_with_every_port_allowed_back_is_untracked_per_family() {
    let mut s = guide();
    let v4 = ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    let v6 = ok(&mut s, "connect tcp 80 from 2001:db8::7 to web-1 as http6");
    assert!(
        v4.contains("web-1 untracked") && v4.contains("admits 0.0.0.0/0"),
        "{v4}"
    );
    assert!(
        v6.contains("web-1 untracked") && v6.contains("admits ::/0"),
        "{v6}"
    );
    assert!(v4.contains("no entry, so no idle timeout"), "{v4}");
    // Removing the IPv4 outbound rule tracks IPv4 traffic, port 80 included; IPv6 stays as it is.
    ok(&mut s, "revoke egress all from web to 0.0.0.0/0");
    let v4 = ok(
        &mut s,
        "connect tcp 80 from 198.51.100.8 to web-1 as http-b",
    );
    let v6 = ok(
        &mut s,
        "connect tcp 80 from 2001:db8::8 to web-1 as http6-b",
    );
    assert!(
        v4.contains("web-1 tracked") && v4.contains("no rule allows every port back"),
        "{v4}"
    );
    assert!(v6.contains("web-1 untracked"), "{v6}");
}

#[test]
fn a_rule_for_one_address_keeps_tcp_tracked() {
    let mut s = guide();
    let out = ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    assert!(out.contains("admits only 203.0.113.1/32"), "{out}");
}

#[test]
fn icmp_is_always_tracked_even_from_everyone() {
    let mut s = guide();
    let out = ok(
        &mut s,
        "connect icmp echo-request from 198.51.100.7 to web-1 as ping",
    );
    assert!(out.contains("tracked (ICMP is always tracked)"), "{out}");
    assert!(out.contains("idle out after 30s"), "{out}");
}

#[test]
fn other_protocols_are_tracked_by_address_for_600_seconds() {
    let mut s = guide();
    ok(&mut s, "authorize ingress 50 from 0.0.0.0/0 to web");
    let out = ok(&mut s, "connect 50 from 198.51.100.7 to web-1 as esp");
    assert!(
        out.contains("protocol 50 is tracked by address and protocol"),
        "{out}"
    );
    assert!(out.contains("idle out after 10m"), "{out}");
    ok(&mut s, "revoke ingress 50 from 0.0.0.0/0 to web");
    ok(&mut s, "wait 599s");
    assert!(holds(&mut s, "expect allow flow esp request"));
    ok(&mut s, "wait 1s");
    assert!(holds(&mut s, "expect deny flow esp request"));
}

#[test]
fn each_interface_of_a_flow_between_instances_decides_its_own_tracking() {
    let mut s = guide();
    ok(&mut s, "create group app \"App\" in prod");
    ok(&mut s, "authorize ingress all from 0.0.0.0/0 to app");
    ok(&mut s, "launch app-1 in prod/app-a groups app");
    ok(&mut s, "authorize ingress tcp 22 from app to web");
    // app-1's egress admits it to 0.0.0.0/0 and its ingress allows everything back: untracked
    // there; web-1 admits it by a group reference: tracked there.
    let out = ok(&mut s, "connect tcp 22 from app-1 to web-1 as admin");
    assert!(
        out.contains("app-1 untracked") && out.contains("web-1 tracked"),
        "{out}"
    );
    assert!(ok(&mut s, "show flows").contains("mixed"));
}

// ----- tracked flows outlive their rules; untracked ones do not (§9.4) -----

#[test]
fn revoking_its_rule_leaves_a_tracked_flow_alive_both_ways() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "revoke ingress tcp 22 from 203.0.113.1/32 to web");
    assert!(holds(
        &mut s,
        "expect deny tcp 22 from 203.0.113.1 to web-1"
    ));
    assert!(holds(&mut s, "expect allow flow ssh request"));
    assert!(holds(&mut s, "expect allow flow ssh reply"));
    assert!(ok(&mut s, "send ssh request").contains("connection tracking entry of flow ssh"));
}

#[test]
fn replies_of_a_tracked_flow_pass_the_groups_regardless_of_rules() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "revoke egress all from web to 0.0.0.0/0, ::/0");
    assert!(holds(&mut s, "expect allow flow ssh reply"));
    let trace = ok(&mut s, "trace flow ssh reply");
    assert!(trace.contains("the entry of flow ssh at"), "{trace}");
}

#[test]
fn replies_of_an_untracked_flow_need_the_other_directions_rule() {
    let mut s = guide();
    ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    let trace = ok(&mut s, "trace flow http reply");
    assert!(
        trace.contains("so the egress rules decide the reply"),
        "{trace}"
    );
    assert!(trace.contains("egress all to 0.0.0.0/0  match"), "{trace}");
}

#[test]
fn revoking_the_rule_that_admitted_it_cuts_an_untracked_flow_at_once() {
    let mut s = guide();
    ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    ok(&mut s, "connect tcp 80 from 2001:db8::7 to web-1 as http6");
    ok(&mut s, "wait 1m");
    ok(&mut s, "revoke ingress tcp 80 from 0.0.0.0/0 to web");
    assert!(holds(&mut s, "expect deny flow http request"));
    assert!(holds(&mut s, "expect deny flow http reply"));
    assert!(holds(&mut s, "expect allow flow http6 request"));
    // A denied send prints the verdict; it is not an error.
    let out = ok(&mut s, "send http reply");
    assert!(out.starts_with("denied: "), "{out}");
    assert!(out.contains("flow http was cut at 1m"), "{out}");
    assert!(
        out.ends_with("a cut flow is dead: close http, then connect again"),
        "{out}"
    );
    // Authorizing the rule again does not bring a cut flow back.
    ok(&mut s, "authorize ingress tcp 80 from 0.0.0.0/0 to web");
    assert!(holds(&mut s, "expect deny flow http request"));
}

#[test]
fn revoking_the_rule_back_cuts_an_untracked_flow_too() {
    let mut s = guide();
    ok(&mut s, "connect tcp 80 from 2001:db8::7 to web-1 as http6");
    ok(&mut s, "revoke egress all from web to ::/0");
    assert!(holds(&mut s, "expect deny flow http6 reply"));
}

#[test]
fn revoking_by_rule_id_cuts_an_untracked_flow() {
    let mut s = session(
        "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create group web \"Web\" in prod
launch web-1 in prod/web-a public-ip groups web",
    );
    let id = rule_id(&ok(
        &mut s,
        "authorize ingress tcp 443 from 0.0.0.0/0 to web",
    ));
    ok(
        &mut s,
        "connect tcp 443 from 198.51.100.7 to web-1 as https",
    );
    ok(&mut s, &format!("revoke rule {id}"));
    assert!(holds(&mut s, "expect deny flow https request"));
    let out = ok(&mut s, "show flows");
    assert!(out.contains(&format!("cut at 0s: {id}")), "{out}");
}

#[test]
fn changing_a_rules_description_cuts_nothing() {
    let mut s = guide();
    ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    ok(
        &mut s,
        "update ingress tcp 80 from 0.0.0.0/0 to web description \"HTTP\"",
    );
    assert!(holds(&mut s, "expect allow flow http request"));
}

#[test]
fn taking_a_group_off_the_interface_cuts_untracked_flows_and_keeps_tracked_ones() {
    let mut s = guide();
    ok(&mut s, "create group other \"Other\" in prod");
    ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "modify instance web-1 groups other");
    assert!(holds(&mut s, "expect deny flow http request"));
    assert!(holds(&mut s, "expect allow flow ssh request"));
}

// ----- idle timeouts (§9.6) -----

#[test]
fn an_established_tcp_entry_lives_five_days_idle() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "revoke ingress tcp 22 from 203.0.113.1/32 to web");
    ok(&mut s, "wait 4d");
    ok(&mut s, "wait 23h");
    ok(&mut s, "wait 59m");
    ok(&mut s, "wait 59s");
    assert!(holds(&mut s, "expect allow flow ssh request"));
    ok(&mut s, "wait 1s");
    assert!(holds(&mut s, "expect deny flow ssh request"));
    let trace = ok(&mut s, "trace flow ssh request");
    assert!(trace.contains("timed out (idle 5d, timeout 5d)"), "{trace}");
}

#[test]
fn udp_lives_30_seconds_for_one_exchange_and_180_for_a_stream() {
    let mut s = guide();
    ok(
        &mut s,
        "authorize ingress udp 53 from 198.51.100.0/24 to web",
    );
    ok(&mut s, "connect udp 53 from 198.51.100.7 to web-1 as one");
    ok(&mut s, "connect udp 53 from 198.51.100.8 to web-1 as many");
    ok(&mut s, "send many request");
    let out = ok(&mut s, "send many reply");
    assert!(
        out.contains("now a UDP stream, its entries idle out after 3m"),
        "{out}"
    );
    ok(&mut s, "revoke ingress udp 53 from 198.51.100.0/24 to web");
    ok(&mut s, "wait 29s");
    assert!(holds(&mut s, "expect allow flow one request"));
    ok(&mut s, "wait 1s");
    assert!(holds(&mut s, "expect deny flow one request"));
    ok(&mut s, "wait 149s");
    assert!(holds(&mut s, "expect allow flow many request"));
    ok(&mut s, "wait 1s");
    assert!(holds(&mut s, "expect deny flow many request"));
}

#[test]
fn one_way_udp_is_no_stream() {
    let mut s = guide();
    ok(
        &mut s,
        "authorize ingress udp 514 from 198.51.100.0/24 to web",
    );
    ok(
        &mut s,
        "connect udp 514 from 198.51.100.7 to web-1 as syslog",
    );
    ok(&mut s, "send syslog request");
    ok(&mut s, "send syslog request");
    let flow = s.flows().get("syslog").expect("open");
    assert!(!flow.is_stream());
    assert_eq!(flow.timeout(), 30);
}

#[test]
fn icmp_entries_idle_out_after_30_seconds() {
    let mut s = guide();
    ok(
        &mut s,
        "connect icmp echo-request from 198.51.100.7 to web-1 as ping",
    );
    ok(&mut s, "revoke ingress icmp all from 0.0.0.0/0 to web");
    ok(&mut s, "wait 29s");
    assert!(holds(&mut s, "expect allow flow ping request"));
    ok(&mut s, "wait 1s");
    assert!(holds(&mut s, "expect deny flow ping request"));
}

#[test]
fn a_send_that_passes_resets_the_idle_timer() {
    let mut s = guide();
    ok(
        &mut s,
        "connect icmp echo-request from 198.51.100.7 to web-1 as ping",
    );
    ok(&mut s, "revoke ingress icmp all from 0.0.0.0/0 to web");
    ok(&mut s, "wait 20s");
    let out = ok(&mut s, "send ping reply");
    assert!(
        out.contains("idle 20s of 30s") && out.ends_with("idle timer reset"),
        "{out}"
    );
    ok(&mut s, "wait 20s");
    assert!(holds(&mut s, "expect allow flow ping request"));
    assert_eq!(
        s.flows().get("ping").map(|f| f.idle(s.clock().now())),
        Some(20)
    );
}

#[test]
fn a_denied_send_changes_nothing() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "revoke ingress tcp 22 from 203.0.113.1/32 to web");
    ok(&mut s, "wait 5d");
    // A denied send prints the verdict, is not an error, and changes nothing.
    let before = s.state().clone();
    let out = ok(&mut s, "send ssh request");
    assert!(*s.state() == before);
    assert!(out.starts_with("denied: "), "{out}");
    assert!(out.contains("timed out after 5d idle"), "{out}");
    assert!(
        out.ends_with("see every step: trace flow ssh request"),
        "{out}"
    );
}

#[test]
fn after_its_entry_idles_out_the_rules_judge_and_a_passing_send_opens_it_again() {
    let mut s = guide();
    ok(
        &mut s,
        "connect icmp echo-request from 198.51.100.7 to web-1 as ping",
    );
    ok(&mut s, "wait 1m");
    // The ICMP rule still allows it: the packet passes by the rule and the entry is back.
    let out = ok(&mut s, "send ping request");
    assert!(out.contains("the entry of flow ping timed out"), "{out}");
    ok(&mut s, "revoke ingress icmp all from 0.0.0.0/0 to web");
    assert!(holds(&mut s, "expect allow flow ping request"));
}

// ----- network ACLs keep no state: they judge each packet, and cut nothing (§10) -----

fn nacl_world() -> Session {
    let mut s = guide();
    ok(&mut s, "create nacl strict in prod");
    ok(
        &mut s,
        "create nacl-entry strict ingress 100 allow all from 0.0.0.0/0",
    );
    ok(
        &mut s,
        "create nacl-entry strict egress 100 allow all to 0.0.0.0/0",
    );
    ok(&mut s, "associate nacl strict with prod/web-a");
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    s
}

#[test]
fn a_network_acl_change_on_its_path_cuts_nothing_the_entries_of_the_moment_judge() {
    // (change, the ssh request passes, the http reply passes)
    for (change, ssh, http) in [
        (
            "create nacl-entry strict ingress 90 allow tcp 22 from 203.0.113.0/24",
            true,
            true,
        ),
        (
            "create nacl-entry strict ingress 90 deny tcp 22 from 203.0.113.0/24",
            false,
            true,
        ),
        (
            "replace nacl-entry strict egress 100 allow all to 0.0.0.0/0",
            true,
            true,
        ),
        ("delete nacl-entry strict ingress 100", false, true),
        ("delete nacl-entry strict egress 100", true, false),
        ("associate nacl default with prod/web-a", true, true),
    ] {
        let mut s = nacl_world();
        ok(&mut s, change);
        let verdict = |pass: bool| if pass { "allow" } else { "deny" };
        let line = format!("expect {} flow ssh request", verdict(ssh));
        assert!(holds(&mut s, &line), "{change}: {line}");
        let line = format!("expect {} flow http reply", verdict(http));
        assert!(holds(&mut s, &line), "{change}: {line}");
        let out = ok(&mut s, "show flows");
        assert!(!out.contains("cut"), "{change}: {out}");
        // Undoing the change lets every packet through again.
        ok(&mut s, "undo");
        assert!(holds(&mut s, "expect allow flow ssh request"), "{change}");
        assert!(holds(&mut s, "expect allow flow http reply"), "{change}");
    }
}

#[test]
fn a_network_acl_change_elsewhere_cuts_nothing() {
    let mut s = nacl_world();
    ok(&mut s, "create nacl other in prod");
    ok(
        &mut s,
        "create nacl-entry other ingress 10 deny all from 0.0.0.0/0",
    );
    ok(&mut s, "associate nacl other with prod/app-a");
    assert!(holds(&mut s, "expect allow flow ssh request"));
    assert!(holds(&mut s, "expect allow flow http request"));
}

#[test]
fn a_flow_within_one_subnet_crosses_no_network_acl() {
    let mut s = guide();
    ok(&mut s, "authorize ingress tcp 22 from web to web");
    ok(&mut s, "launch web-2 in prod/web-a groups web");
    ok(&mut s, "connect tcp 22 from web-2 to web-1 as peer");
    ok(
        &mut s,
        "create nacl-entry prod/default ingress 10 deny all from 0.0.0.0/0",
    );
    assert!(holds(&mut s, "expect allow flow peer request"));
}

#[test]
fn network_acls_and_routes_judge_every_packet_of_a_flow() {
    let mut s = session(
        "create vpc a 10.0.0.0/16
create subnet a1 in a 10.0.1.0/24
create vpc b 10.1.0.0/16
create subnet b1 in b 10.1.1.0/24
create peering ab between a and b
create group ga \"A\" in a
create group gb \"B\" in b
authorize ingress tcp 5432 from 10.0.0.0/16 to gb
launch x in a/a1 groups ga
launch y in b/b1 groups gb",
    );
    ok(&mut s, "connect tcp 5432 from x to y as db");
    let trace = ok(&mut s, "trace flow db request");
    assert!(
        trace.contains("network ACL") && trace.contains("VPC peering"),
        "{trace}"
    );
    // Deleting the peering cuts nothing, but the route no longer leads there.
    ok(&mut s, "delete peering ab");
    assert!(holds(&mut s, "expect deny flow db request"));
    let trace = ok(&mut s, "trace flow db reply");
    assert!(trace.contains("[NO_ROUTE_TO_DESTINATION]"), "{trace}");
    let out = ok(&mut s, "show flows");
    assert!(!out.contains("cut"), "{out}");
}

// ----- endpoints -----

#[test]
fn stopping_or_terminating_an_endpoint_cuts_its_flows() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "stop web-1");
    ok(&mut s, "start web-1");
    assert!(holds(&mut s, "expect deny flow ssh request"));
    assert!(ok(&mut s, "show flows").contains("web-1 was stopped"));
    ok(&mut s, "close ssh");
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "terminate web-1");
    assert!(holds(&mut s, "expect deny flow ssh reply"));
    assert!(ok(&mut s, "show flows").contains("was deleted"));
}

#[test]
fn a_new_public_address_cuts_the_flows_to_the_old_one() {
    let mut s = guide();
    ok(&mut s, "launch app-1 in prod/web-a groups web");
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "authorize ingress tcp 80 from web to web");
    ok(&mut s, "connect tcp 80 from app-1 to web-1 as inside");
    ok(&mut s, "associate address 54.210.0.10 with web-1");
    assert!(holds(&mut s, "expect deny flow ssh request"));
    assert!(ok(&mut s, "show flows").contains("the address of"));
    // A flow by private address does not care.
    assert!(holds(&mut s, "expect allow flow inside request"));
}

// ----- new connections ignore flows -----

#[test]
fn probe_trace_and_expect_judge_new_connections_and_ignore_flows() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "revoke ingress tcp 22 from 203.0.113.1/32 to web");
    assert!(ok(&mut s, "probe tcp 22 from 203.0.113.1 to web-1").starts_with("deny"));
    assert!(!ok(&mut s, "trace tcp 22 from 203.0.113.1 to web-1").contains("flow ssh"));
    assert!(holds(
        &mut s,
        "expect deny tcp 22 from 203.0.113.1 to web-1"
    ));
    assert!(holds(&mut s, "expect allow flow ssh request"));
}

// ----- undo, redo, expect and files -----

#[test]
fn undo_and_redo_restore_the_world_the_flows_and_the_clock_exactly() {
    let mut s = guide();
    let steps = [
        "connect tcp 22 from 203.0.113.1 to web-1 as ssh",
        "connect tcp 80 from 198.51.100.7 to web-1 as http",
        "wait 10m",
        "send ssh reply",
        "revoke ingress tcp 80 from 0.0.0.0/0 to web",
        "wait 5d",
        "close http",
        "authorize ingress udp 53 from 0.0.0.0/0 to web",
        "connect udp 53 from 198.51.100.7 to web-1 as dns",
        "send dns request",
    ];
    let mut states = vec![s.state().clone()];
    for line in steps {
        ok(&mut s, line);
        states.push(s.state().clone());
    }
    for (k, line) in steps.iter().enumerate().rev() {
        let out = ok(&mut s, "undo");
        assert!(out.starts_with("ok: undid"), "{out}");
        assert!(
            *s.state() == states[k],
            "undo of `{line}` did not restore step {k}"
        );
    }
    for (k, line) in steps.iter().enumerate() {
        ok(&mut s, "redo");
        assert!(
            *s.state() == states[k + 1],
            "redo of `{line}` did not restore step {}",
            k + 1
        );
    }
}

#[test]
fn undo_names_the_flow_commands_it_steps_over() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "send ssh reply");
    ok(&mut s, "wait 1m");
    ok(&mut s, "close ssh");
    for what in ["close", "wait", "send", "connect"] {
        assert_eq!(ok(&mut s, "undo"), format!("ok: undid {what}"));
    }
}

#[test]
fn queries_and_expectations_change_nothing() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "wait 1m");
    let before = s.state().clone();
    for line in [
        "show flows",
        "trace flow ssh request",
        "expect allow flow ssh reply",
        "expect deny flow ssh reply",
        "expect output \"waited\": wait 5d",
        "expect error: send ssh request",
        "expect error ConnectionDenied: connect tcp 22 from 198.51.100.7 to web-1 as x",
        "expect error: close ssh",
        "expect output \"opened\": connect tcp 80 from 198.51.100.7 to web-1 as y",
    ] {
        let _ = s.run_line(line, &mut NoFiles);
        assert!(*s.state() == before, "`{line}` changed something");
    }
    // And undo still steps over the wait, not over an expectation.
    assert_eq!(ok(&mut s, "undo"), "ok: undid wait");
}

#[test]
fn reset_clears_the_flows_and_the_clock_and_undo_brings_them_back() {
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "wait 1h");
    let before = s.state().clone();
    ok(&mut s, "reset");
    assert!(s.flows().is_empty());
    assert_eq!(s.clock().now(), 0);
    ok(&mut s, "undo");
    assert!(*s.state() == before);
}

/// Files in memory.
#[derive(Default)]
struct Memory(std::collections::HashMap<String, sgs::world::World>);

impl sgs::session::Host for Memory {
    fn save(
        &mut self,
        world: &sgs::world::World,
        path: &str,
    ) -> Result<String, sgs::lang::error::Diagnostic> {
        self.0.insert(path.to_string(), world.clone());
        Ok(format!("ok: saved {path}"))
    }
    fn load(&mut self, path: &str) -> Result<sgs::world::World, sgs::lang::error::Diagnostic> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| sgs::lang::error::Diagnostic::new("NotFound", path.to_string()))
    }
}

#[test]
fn save_keeps_the_world_only_and_load_closes_the_flows_while_the_clock_runs_on() {
    let mut s = guide();
    let mut files = Memory::default();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "wait 1h");
    let run = |s: &mut Session, files: &mut Memory, line: &str| {
        s.run_line(line, files)
            .map(|r| r.map(|r| r.text().to_string()).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{}", e.render("<test>", line)))
    };
    run(&mut s, &mut files, "save lab.ron");
    let before = s.state().clone();
    let out = run(&mut s, &mut files, "load lab.ron");
    assert_eq!(out, "ok: loaded lab.ron (1 flow of the old world closed)");
    assert!(s.flows().is_empty());
    assert_eq!(s.clock().now(), 3600);
    assert!(*s.world() == before.world);
    ok(&mut s, "undo");
    assert!(*s.state() == before, "undo brings the flows back");
}

#[test]
fn a_script_runs_flows_and_reports_failed_flow_expectations() {
    let src = format!(
        "{GUIDE}
connect tcp 22 from 203.0.113.1 to web-1 as ssh
expect deny flow ssh request
expect allow flow ssh reply
"
    );
    let mut s = Session::new();
    let r = s.run_script("f.sgs", &src, &mut NoFiles, Verbosity::Quiet);
    assert_eq!(
        (r.passed, r.failed, r.stopped),
        (1, 1, false),
        "{}",
        r.output
    );
    assert!(
        r.output
            .contains("FAIL f.sgs:10: expect deny flow ssh request")
    );
    assert!(
        r.output
            .contains("expected deny, got allow flow ssh request")
    );
    assert!(
        r.output
            .contains("flow ssh request: tcp 22 from 203.0.113.1 to web-1")
    );
}

// ----- show flows and the trace -----

#[test]
fn show_flows_lists_each_flow_with_its_tracking_idle_time_and_time_left() {
    let mut s = guide();
    assert!(ok(&mut s, "show flows").starts_with("no flows (clock 0s)"));
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(&mut s, "connect tcp 80 from 198.51.100.7 to web-1 as http");
    ok(
        &mut s,
        "connect icmp echo-request from 198.51.100.7 to web-1 as ping",
    );
    ok(&mut s, "wait 10m");
    insta::assert_snapshot!(ok(&mut s, "show flows"));
}

// ----- the TUI's Flows pane -----

#[test]
fn the_flows_pane_opens_with_the_first_flow_and_its_timers_move_with_wait() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut app = App::with_script(GUIDE, Box::new(NoFiles));
    app.update(sgs::tui::Action::Resize {
        width: 120,
        height: 40,
    });
    assert!(app.areas().flows.is_none(), "no flows, no pane");
    app.execute("connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    app.execute("connect tcp 80 from 198.51.100.7 to web-1 as http");
    app.execute("connect icmp echo-request from 198.51.100.7 to web-1 as ping");
    let area = app.areas().flows.expect("the pane opened");
    let draw = |app: &App| {
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        t.draw(|f| sgs::tui::ui::draw(app, f)).expect("draws");
        let buffer = t.backend().buffer().clone();
        (area.y..area.bottom())
            .map(|y| {
                (area.x..area.right())
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let before = draw(&app);
    app.execute("wait 10m");
    let after = draw(&app);
    assert!(
        before.contains("clock 0s") && after.contains("clock 10m"),
        "{after}"
    );
    assert!(
        after.contains("4d 23h 50m") && after.contains("timed out"),
        "{after}"
    );
    insta::assert_snapshot!("flows_pane_before_wait", before);
    insta::assert_snapshot!("flows_pane_after_wait", after);
    // The trace pane shows the last flow packet's trace.
    app.execute("send ssh reply");
    let trace = app.trace().expect("a trace");
    assert!(trace.trace.flow.is_some());
    // undo moves the timers back.
    app.execute("undo");
    app.execute("undo");
    assert!(draw(&app).contains("clock 0s"));
    // Any size draws, with the pane or without it.
    for (w, h) in [(60, 15), (60, 24), (80, 20), (200, 60), (61, 18), (300, 19)] {
        app.update(sgs::tui::Action::Resize {
            width: w,
            height: h,
        });
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        t.draw(|f| sgs::tui::ui::draw(&app, f)).expect("draws");
    }
}

// ----- completion -----

#[test]
fn completion_offers_the_open_flows_where_a_flow_is_named_and_durations_after_wait() {
    use sgs::lang::{complete_in, hint_in};
    let mut s = guide();
    ok(&mut s, "connect tcp 22 from 203.0.113.1 to web-1 as ssh");
    ok(
        &mut s,
        "connect tcp 80 from 198.51.100.7 to web-1 as \"web traffic\"",
    );
    let names = s.flow_names();
    let at_end = |line: &str| complete_in(line, line.len(), s.world(), &names).candidates;
    assert_eq!(at_end("send "), ["ssh", "\"web traffic\""]);
    assert_eq!(at_end("close s"), ["ssh"]);
    assert_eq!(at_end("trace flow "), ["ssh", "\"web traffic\""]);
    assert_eq!(at_end("expect deny flow ssh "), ["request", "reply"]);
    assert_eq!(at_end("wait "), ["30s", "5m", "2h", "5d"]);
    assert!(at_end("show f").contains(&"flows".to_string()));
    let hint = hint_in("send ss", s.world(), &names).expect("a hint");
    assert!(hint.starts_with("h "), "{hint}");
}
