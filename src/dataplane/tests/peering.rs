//! VPC peering: the route, group references across it (same region only), and stale rules.

use super::*;
use crate::world::peering::Stale;

/// prod (10.0.0.0/16) and shared (10.1.0.0/16, group tools, instance tools-1 at 10.1.1.5),
/// not yet peered.
fn two_vpcs() -> (Prod, VpcId, SgId) {
    let mut p = prod();
    let shared = p.lab.vpc("shared", "10.1.0.0/16", None);
    let sub = p.lab.subnet(&shared, "tools-a", "10.1.1.0/24", false);
    let tools = p.lab.group(&shared, "tools");
    p.lab.launch("tools-1", &sub, "10.1.1.5", &[&tools]);
    p.lab.ingress(&p.cache, tcp_rule(6379, 6379), sg(&tools));
    (p, shared, tools)
}

#[test]
fn without_a_peering_a_private_address_of_another_vpc_has_no_route() {
    let (p, _, _) = two_vpcs();
    let t = p.lab.ask(via(
        probe(tcp(6379), obj("tools-1"), obj("redis-1")),
        Via::Private,
    ));
    assert!(!t.allowed, "{t}");
    assert_eq!(deciding(&t).code, Some(Code::NoRouteToDestination));
}

#[test]
fn a_peering_routes_private_addresses_and_names_itself() {
    let (mut p, shared, _) = two_vpcs();
    let pcx = p.lab.peer(&p.vpc, &shared);
    let t = p.lab.ask(probe(tcp(6379), obj("tools-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
    assert_eq!(t.request.map(|w| w.dst), Some(Addr::Ip(net("10.0.2.5"))));
    match &route_step(&t).hop {
        Hop::Peering {
            id,
            from,
            to,
            inter_region,
            ..
        } => {
            assert_eq!(id, &pcx);
            assert_eq!((from.as_str(), to.as_str()), ("shared", "prod"));
            assert!(!inter_region);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        kinds(&t)[..5],
        [
            "req sg-egress",
            "req acl-outbound",
            "req route",
            "req acl-inbound",
            "req sg-ingress"
        ],
        "both subnets' ACLs are crossed"
    );
    // The reply goes back the other way through the same peering.
    let back = t
        .steps
        .iter()
        .filter(|s| s.leg == Leg::Reply)
        .find_map(|s| match &s.kind {
            StepKind::Route(r) => Some(r.hop.to_string()),
            _ => None,
        })
        .unwrap_or_default();
    assert!(back.contains("vpc prod -> vpc shared"), "{back}");
}

#[test]
fn group_references_across_an_inter_region_peering_do_not_match() {
    let (mut p, _, _) = two_vpcs();
    let far_scope = Scope::new(DEFAULT_ACCOUNT, "eu-west-1");
    p.lab.w.ensure_scope(&far_scope);
    let far = p
        .lab
        .w
        .create_vpc(&far_scope, "far", net("10.9.0.0/16"), None, false);
    let sub = p.lab.subnet(&far, "f", "10.9.0.0/24", false);
    if let Some(s) = p.lab.w.subnets.get_mut(&sub) {
        s.scope = far_scope.clone();
    }
    let g = p.lab.group(&far, "far-g");
    let e = p.lab.launch("far-1", &sub, "10.9.0.5", &[&g]);
    if let Some(mut eni) = p.lab.w.remove_eni(&e) {
        eni.scope = far_scope;
        p.lab.w.add_eni(eni);
    }
    p.lab.ingress(&p.cache, tcp_rule(6379, 6379), sg(&g));
    p.lab.peer(&p.vpc, &far);
    let t = p.lab.ask(probe(tcp(6379), obj("far-1"), obj("redis-1")));
    assert!(!t.allowed, "{t}");
    assert!(
        misses(groups_step(deciding(&t))).contains(&Miss::InterRegion(Addr::Ip(net("10.9.0.5"))))
    );
    // The peer VPC's CIDR is what works across regions.
    p.lab
        .ingress(&p.cache, tcp_rule(6379, 6379), cidr("10.9.0.0/16"));
    assert!(
        p.lab
            .ask(probe(tcp(6379), obj("far-1"), obj("redis-1")))
            .allowed
    );
}

#[test]
fn a_rule_across_a_deleted_peering_is_stale_and_revives_with_a_new_one() {
    let (mut p, shared, _) = two_vpcs();
    let pcx = p.lab.peer(&p.vpc, &shared);
    assert!(
        p.lab
            .ask(probe(tcp(6379), obj("tools-1"), obj("redis-1")))
            .allowed
    );
    p.lab.w.remove_peering(&pcx);
    // By its public address nothing reaches the private subnet; privately there is no route, and
    // the rule itself is stale.
    let t = p.lab.ask(via(
        probe(tcp(6379), obj("web-1"), obj("redis-1")),
        Via::Private,
    ));
    let g = groups_step(deciding(&t));
    assert!(t.allowed, "a rule of the same VPC still allows:\n{t}");
    assert!(
        g.rules
            .iter()
            .any(|r| r.verdict == RuleVerdict::Miss(Miss::Stale(Stale::NoPeering))),
        "{t}"
    );
    p.lab.peer(&p.vpc, &shared);
    let t = p.lab.ask(probe(tcp(6379), obj("tools-1"), obj("redis-1")));
    assert!(t.allowed, "{t}");
}

#[test]
fn a_rule_referencing_a_deleted_group_matches_nothing() {
    let (mut p, shared, tools) = two_vpcs();
    p.lab.peer(&p.vpc, &shared);
    let tools_1 = p
        .lab
        .w
        .enis
        .values()
        .find(|e| e.name == "tools-1")
        .map(|e| e.id.clone());
    let other = p.lab.group(&shared, "other");
    if let Some(id) = tools_1 {
        p.lab.w.set_eni_groups(&id, vec![other]);
    }
    p.lab.w.remove_group(&tools);
    let t = p.lab.ask(probe(tcp(6379), obj("tools-1"), obj("redis-1")));
    assert!(!t.allowed, "{t}");
    assert!(misses(groups_step(deciding(&t))).contains(&Miss::Stale(Stale::GroupDeleted)));
    assert!(
        t.to_string()
            .contains("stale rule: the referenced group was deleted"),
        "{t}"
    );
}
