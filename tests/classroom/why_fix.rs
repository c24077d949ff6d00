//! `why` as a lab's feedback: after `sgs lab break`, for every `allow` goal the fault breaks, the
//! fix lines `why` gives make that goal pass again (issue 15: "for a failing allow goal why's
//! fix lines repair it too").

use super::{LESSONS, plan};
use sgs::session::{NoFiles, Reply, Session, Verbosity, lab};

#[test]
fn whys_fix_lines_repair_every_allow_goal_a_lab_fault_breaks() {
    let mut repaired = 0;
    for name in LESSONS {
        let plan = plan(name);
        let faults = lab::faults(&plan, &mut NoFiles).expect("the lesson runs");
        for seed in 0..20 {
            let fault = lab::pick(&faults, seed).expect("a fault applies");
            let broken = lab::broken_source(&plan, fault);
            let mut start = Session::new();
            let report = start.run_script("broken.sgs", &broken, &mut NoFiles, Verbosity::Quiet);
            assert!(!report.stopped, "{name} seed {seed}: {}", report.output);
            let failing: Vec<_> = start
                .check_goals()
                .into_iter()
                .filter(|c| !c.met && c.goal.allow)
                .map(|c| c.goal)
                .collect();
            for goal in failing {
                let mut s = start.clone();
                let question = goal.text.trim_start_matches("allow ");
                let line = format!("why {question}");
                let why = match s.run_line(&line, &mut NoFiles) {
                    Ok(Some(Reply::Why(why))) => why,
                    other => panic!("{name} seed {seed}: `{line}`: {other:?}"),
                };
                assert!(
                    why.fixed && !why.fix.sgs.is_empty(),
                    "{name} seed {seed}: `{line}` gives no fix that works: {why:?}"
                );
                let fix = why.fix.sgs.join("\n");
                let report = s.run_script("fix.sgs", &fix, &mut NoFiles, Verbosity::Quiet);
                assert!(
                    !report.stopped,
                    "{name} seed {seed}: {fix}\n{}",
                    report.output
                );
                let after = s.check_goals();
                let now = after
                    .iter()
                    .find(|c| c.goal.text == goal.text)
                    .expect("the goal is still set");
                assert!(
                    now.met,
                    "{name} seed {seed}: `{fix}` from `{line}` leaves `{}` failing",
                    goal.text
                );
                repaired += 1;
            }
        }
    }
    assert!(
        repaired >= 20,
        "only {repaired} broken allow goals were tried"
    );
}
