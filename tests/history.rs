//! Undo and redo give back exactly the states the session went through, and the world's reverse
//! index of group references stays equal to one built from scratch, whatever the session did.

use proptest::prelude::*;
use sgs::session::{NoFiles, Session, State};

/// Lines that change the state when they succeed (each is an undo step), built around the
/// objects `SETUP` makes. Many fail in a given state; a failed line changes nothing.
const STEPS: &[&str] = &[
    "create group db \"Db\" in prod",
    "create group cache \"Cache\" in prod",
    "authorize ingress tcp 5432 from web to db",
    "authorize ingress tcp 6379 from db to cache",
    "authorize ingress all from cache to web",
    "authorize egress tcp 443 from db to sg-app",
    "authorize ingress all from db to db",
    "authorize ingress tcp 22 from 10.0.0.0/8 to db",
    "revoke ingress tcp 5432 from web to db",
    "revoke ingress tcp 6379 from db to cache",
    "revoke ingress all from cache to web",
    "revoke egress tcp 443 from db to sg-app",
    "delete group db",
    "delete group cache",
    "delete group web",
    "launch web-2 in prod/web-a groups web, db",
    "launch db-1 in prod/web-a groups db",
    "terminate web-2",
    "terminate db-1",
    "modify instance web-1 groups web, db",
    "modify instance web-1 groups web",
    "connect tcp 22 from 203.0.113.7 to web-1 as ssh",
    "close ssh",
    "wait 10s",
    "create vpc shared 10.1.0.0/16",
    "create group peer \"Peer\" in shared",
    "create peering p between prod and shared",
    "authorize ingress tcp 80 from peer to web",
    "delete group peer",
    "create group classic \"Classic\" classic",
    "create group old \"Old\" classic",
    "authorize ingress tcp 80 from old to classic",
    "revoke ingress tcp 80 from old to classic",
    "delete group old",
    "reset",
];

const SETUP: &[&str] = &[
    "create vpc prod 10.0.0.0/16",
    "create subnet web-a in prod 10.0.1.0/24 public",
    "create group web \"Web\" in prod",
    "create group app \"App\" in prod id sg-app",
    "authorize ingress all from web to sg-app",
    "launch web-1 in prod/web-a public-ip groups web",
];

#[derive(Clone, Debug)]
enum Op {
    Line(&'static str),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => prop::sample::select(STEPS).prop_map(Op::Line),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

/// A session whose history starts after `SETUP`.
fn session() -> Session {
    let mut s = Session::new();
    for l in SETUP {
        s.run_line(l, &mut NoFiles).expect("setup lines succeed");
    }
    Session::from_world(s.world().clone())
}

/// The reverse index of references equals one rebuilt from the objects.
fn refs_are_exact(s: &Session) -> Result<(), TestCaseError> {
    let mut rebuilt = s.world().clone();
    rebuilt.rebuild_index();
    prop_assert_eq!(&s.world().index.refs, &rebuilt.index.refs);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Every undo gives back the state before the last step and every redo the state after it,
    /// exactly (world, flows and clock), over random sessions of steps, undos and redos.
    #[test]
    fn undo_and_redo_give_back_exactly_the_states_the_session_went_through(
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let mut s = session();
        // The states before each step still in the history, and those undone since.
        let mut before: Vec<State> = Vec::new();
        let mut undone: Vec<State> = Vec::new();
        for op in &ops {
            let prior = s.state().clone();
            match op {
                Op::Line(l) => {
                    if s.run_line(l, &mut NoFiles).is_ok() {
                        // Every line of STEPS is a step when it succeeds; one that leaves the
                        // state as it was would still be one, which this oracle cannot see.
                        prop_assume!(*s.state() != prior);
                        before.push(prior);
                        undone.clear();
                    } else {
                        prop_assert!(*s.state() == prior, "a failed `{}` changed the state", l);
                    }
                }
                Op::Undo => match before.pop() {
                    Some(want) => {
                        prop_assert!(s.undo().is_ok());
                        prop_assert!(*s.state() == want, "undo did not give back the state");
                        undone.push(prior);
                    }
                    None => prop_assert!(s.undo().is_err()),
                },
                Op::Redo => match undone.pop() {
                    Some(want) => {
                        prop_assert!(s.redo().is_ok());
                        prop_assert!(*s.state() == want, "redo did not give back the state");
                        before.push(prior);
                    }
                    None => prop_assert!(s.redo().is_err()),
                },
            }
            refs_are_exact(&s)?;
        }
    }
}

fn ok(s: &mut Session, line: &str) {
    if let Err(e) = s.run_line(line, &mut NoFiles) {
        panic!("`{line}` failed: {e:?}");
    }
}

fn err(s: &mut Session, line: &str) -> sgs::lang::error::Diagnostic {
    match s.run_line(line, &mut NoFiles) {
        Ok(r) => panic!("`{line}` succeeded: {r:?}"),
        Err(e) => e,
    }
}

#[test]
fn delete_group_names_every_referencing_rule_and_forgets_a_deleted_referrer() {
    let mut s = session();
    ok(&mut s, "create group db \"Db\" in prod");
    ok(&mut s, "create group cache \"Cache\" in prod");
    ok(&mut s, "authorize ingress tcp 5432 from web to db");
    ok(&mut s, "authorize ingress tcp 6379 from web to cache");
    ok(&mut s, "authorize ingress udp 53 from web to cache");
    ok(&mut s, "terminate web-1");
    let e = err(&mut s, "delete group web");
    assert_eq!(e.code, "DependencyViolation");
    let help = e.help.clone().unwrap_or_default();
    // Oldest referring group first: app's rule (from SETUP), db's, then cache's two in order.
    let rules: Vec<&str> = help.split("; ").collect();
    assert_eq!(rules.len(), 4, "{help}");
    assert!(rules[0].contains("of app"), "{help}");
    assert!(rules[1].contains("of db"), "{help}");
    assert!(
        rules[2].contains("of cache") && rules[3].contains("of cache"),
        "{help}"
    );
    // Deleting a referrer drops its references from the index: the group is then free of it.
    ok(&mut s, "delete group db");
    let help = err(&mut s, "delete group web").help.unwrap_or_default();
    assert!(
        !help.contains("of db") && help.contains("of cache"),
        "{help}"
    );
    ok(&mut s, "revoke ingress tcp 6379 from web to cache");
    ok(&mut s, "revoke ingress udp 53 from web to cache");
    ok(&mut s, "revoke ingress all from web to sg-app");
    ok(&mut s, "delete group web");
    // No rule references web any more, and undo brings the references back.
    assert!(
        s.world()
            .referrers(&sgs::world::ids::SgId("x".into()))
            .next()
            .is_none()
    );
    assert!(
        s.world()
            .index
            .refs
            .keys()
            .all(|g| s.world().groups.contains_key(g))
    );
    for _ in 0..5 {
        ok(&mut s, "undo");
    }
    assert_eq!(err(&mut s, "delete group web").code, "DependencyViolation");
}

#[test]
fn a_classic_group_referenced_by_another_classic_group_is_in_use_until_revoked() {
    let mut s = session();
    ok(&mut s, "create group classic \"Classic\" classic");
    ok(&mut s, "create group old \"Old\" classic");
    ok(&mut s, "authorize ingress tcp 80 from old to classic");
    assert_eq!(err(&mut s, "delete group old").code, "InvalidGroup.InUse");
    ok(&mut s, "revoke ingress tcp 80 from old to classic");
    ok(&mut s, "delete group old");
}

#[test]
fn deleting_every_group_of_a_generated_world_leaves_no_reference_in_the_index() {
    use sgs::io::synth::{GenSpec, generate};
    let spec = GenSpec {
        groups: 40,
        rules: 8,
        instances: 0,
        probes: 0,
        seed: 3,
    };
    let script = generate(&spec).expect("a valid spec");
    let mut s = Session::new();
    let report = s.run_script(
        "gen.sgs",
        &script,
        &mut NoFiles,
        sgs::session::Verbosity::Quiet,
    );
    assert!(!report.stopped, "{}", report.output);
    assert!(!s.world().index.refs.is_empty());
    // The generated rules reference groups in cycles: revoke half of the group references,
    // then delete the groups in rounds (a group goes once nothing else references it).
    let revokes: Vec<String> = script
        .lines()
        .filter(|l| l.starts_with("authorize ") && l.contains(" from g"))
        .step_by(2)
        .map(|l| l.replacen("authorize", "revoke", 1))
        .collect();
    for l in &revokes {
        ok(&mut s, l);
    }
    let mut names: Vec<String> = (0..spec.groups).map(|i| format!("g{i}")).collect();
    let mut rounds = 0;
    while !names.is_empty() && rounds < spec.groups {
        names.retain(|g| {
            s.run_line(&format!("delete group {g}"), &mut NoFiles)
                .is_err()
        });
        rounds += 1;
        if rounds == 3 {
            // Break what cycles are left.
            for l in script
                .lines()
                .filter(|l| l.starts_with("authorize ") && l.contains(" from g"))
            {
                let _ = s.run_line(&l.replacen("authorize", "revoke", 1), &mut NoFiles);
            }
        }
    }
    assert!(names.is_empty(), "groups left: {names:?}");
    // Only the default groups' references to themselves are left.
    let w = s.world();
    assert!(w.index.refs.keys().all(|g| w.groups[g].is_default));
    let mut rebuilt = s.world().clone();
    rebuilt.rebuild_index();
    assert_eq!(s.world().index.refs, rebuilt.index.refs);
}
