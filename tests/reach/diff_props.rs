//! `diff` compares only the endpoints a change can move (the members of the groups and the
//! subnets of the ACLs that changed): on random worlds (the random sessions of `props`, then
//! random rule and ACL changes, at times with group and state changes too) and on a generated
//! world whose whole egress is revoked from a group, its answer is exactly `diff_whole`'s, which
//! compares every class's whole reach matrices.

use super::props::{Op, line, op, world};
use proptest::prelude::*;
use sgs::io::synth::{GenSpec, generate};
use sgs::query::diff::{diff, diff_whole};
use sgs::session::{NoFiles, Session, Verbosity};
use sgs::world::World;

/// A rule or ACL change (the changes the focus speaks for).
fn change() -> impl Strategy<Value = Op> {
    op().prop_filter("a rule or an entry", |o| {
        matches!(o, Op::Rule(..) | Op::Acl(..))
    })
}

fn current(s: &Session) -> World {
    let mut w = s.world().clone();
    w.sync_compiled();
    w
}

fn run(s: &mut Session, ops: &[Op]) {
    for op in ops {
        let _ = s.run_line(&line(op), &mut NoFiles);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_focused_diff_is_the_whole_diff(
        before in prop::collection::vec(op(), 0..12),
        changes in prop::collection::vec(change(), 1..6),
        more in prop::collection::vec(op(), 0..2),
    ) {
        let mut s = world();
        run(&mut s, &before);
        let old = current(&s);
        run(&mut s, &changes);
        run(&mut s, &more);
        let new = current(&s);
        prop_assert_eq!(diff(&old, &new), diff_whole(&old, &new));
    }
}

#[test]
fn revoking_a_groups_whole_egress_on_a_generated_world_diffs_as_the_whole_matrices() {
    let spec = GenSpec {
        groups: 12,
        rules: 8,
        instances: 120,
        probes: 0,
        seed: 7,
    };
    let script = generate(&spec).expect("a valid spec");
    let mut s = Session::new();
    let report = s.run_script("gen.sgs", &script, &mut NoFiles, Verbosity::Quiet);
    assert!(!report.stopped, "{}", report.output);
    let old = current(&s);
    for l in [
        "revoke egress all from g1 to 0.0.0.0/0",
        "authorize ingress udp 53 from 10.0.0.0/8 to g2",
        "revoke egress all from g3 to 0.0.0.0/0",
        "authorize egress tcp 443 from g3 to g4",
    ] {
        assert!(matches!(s.run_line(l, &mut NoFiles), Ok(Some(_))), "{l}");
    }
    let new = current(&s);
    let (focused, whole) = (diff(&old, &new), diff_whole(&old, &new));
    assert!(!whole.reach.is_empty(), "the change moves pairs");
    assert_eq!(focused, whole);
}

#[test]
fn the_internets_cells_follow_each_port_of_a_changed_group() {
    let mut s = world();
    let old = current(&s);
    for l in [
        "authorize ingress tcp 22 from 0.0.0.0/0 to a",
        "authorize ingress tcp 80 from 10.0.0.0/16 to a",
        "authorize ingress tcp 8000-8100 from 0.0.0.0/0 to a",
        "authorize ingress udp 53 from 0.0.0.0/0 to b",
        "create nacl-entry strict ingress 10 allow tcp 8080 from 0.0.0.0/0",
    ] {
        assert!(matches!(s.run_line(l, &mut NoFiles), Ok(Some(_))), "{l}");
    }
    let new = current(&s);
    let (focused, whole) = (diff(&old, &new), diff_whole(&old, &new));
    assert!(
        whole.reach.iter().any(|p| p.from == "internet"),
        "the internet gains: {whole:?}"
    );
    assert_eq!(focused, whole);
}

#[test]
fn the_pairs_decided_alone_follow_each_port() {
    // h4-side shares h4's instance and h6 is in another VPC: their pairs with the members of a
    // are decided one by one; tcp 22 and tcp 80 are opened alike inside the VPC, not outside.
    let mut s = world();
    assert!(matches!(
        s.run_line("revoke egress all from a to 0.0.0.0/0", &mut NoFiles),
        Ok(Some(_))
    ));
    let old = current(&s);
    for l in [
        "authorize ingress tcp 22 from 0.0.0.0/0 to a",
        "authorize ingress tcp 80 from 10.0.0.0/16 to a",
        "authorize egress tcp 22 from a to 0.0.0.0/0",
        "authorize egress tcp 80 from a to 10.0.0.0/16",
    ] {
        assert!(matches!(s.run_line(l, &mut NoFiles), Ok(Some(_))), "{l}");
    }
    let new = current(&s);
    let (focused, whole) = (diff(&old, &new), diff_whole(&old, &new));
    let h6 = |p: &sgs::query::diff::PairDiff| p.from == "h6" || p.to == "h6";
    assert!(whole.reach.iter().any(h6), "pairs with h6 move: {whole:?}");
    assert_eq!(focused, whole);
}
