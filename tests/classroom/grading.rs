//! `sgs grade` and `sgs lab break` on the shipped lessons: reference solutions, empty and
//! open-everything sessions, the text, CSV, JUnit and JSON outputs, and faults over 20 seeds.

use super::{LESSONS, json_lines, lesson_path, plan, read, reference_path, sgs};
use crate::repl::Scratch;
use sgs::session::grade;
use sgs::session::{NoFiles, Session, Verbosity, lab};

/// A student who opens every group and every network ACL to everything, in and out, over IPv4
/// and IPv6: VPC groups to all traffic (the rules a group already has left out: AWS refuses a
/// duplicate), EC2-Classic groups (tcp, udp and icmp only, and all out already) to each of the
/// three, every cache security group in use to every EC2-Classic group of its region, each in its
/// own region.
fn open_everything(start: &Session) -> String {
    use sgs::vocab::{Direction, Proto, RulePeer};
    let world = start.world();
    let mut groups: Vec<_> = world.groups.values().collect();
    groups.sort_by_key(|g| g.seq);
    let mut out = String::new();
    let mut region = world.scope.region.clone();
    let mut go = |out: &mut String, to: &str| {
        if region != to {
            out.push_str(&format!("region {to}\n"));
            region = to.to_string();
        }
    };
    for g in &groups {
        go(&mut out, &g.scope.region);
        if g.vpc.is_some() {
            for everyone in ["0.0.0.0/0", "::/0"] {
                let has = |direction: Direction| {
                    g.all_rules().any(|(d, r)| {
                        d == direction
                            && r.proto == Proto::All
                            && matches!(&r.peer, RulePeer::Cidr(net) if net.to_string() == everyone)
                    })
                };
                if !has(Direction::Ingress) {
                    out.push_str(&format!(
                        "authorize ingress all from {everyone} to {}\n",
                        g.id
                    ));
                }
                if !has(Direction::Egress) {
                    out.push_str(&format!(
                        "authorize egress all from {} to {everyone}\n",
                        g.id
                    ));
                }
            }
        } else {
            for proto in ["tcp all", "udp all", "icmp all"] {
                out.push_str(&format!(
                    "authorize ingress {proto} from 0.0.0.0/0 to {}\n",
                    g.id
                ));
            }
        }
    }
    let services = &world.services;
    let in_use = |name: &str, scope: &sgs::vocab::Scope| {
        services
            .cache_clusters
            .values()
            .any(|c| c.scope == *scope && c.cache_groups().iter().any(|n| n == name))
    };
    for cache in services.cache_groups.values() {
        if !in_use(&cache.name, &cache.scope) {
            continue;
        }
        go(&mut out, &cache.scope.region);
        let classic = groups.iter().filter(|g| {
            g.vpc.is_none()
                && g.scope == cache.scope
                && !cache
                    .authorized
                    .iter()
                    .any(|a| a.name == g.name && a.owner == g.scope.account)
        });
        for g in classic {
            out.push_str(&format!(
                "authorize cache-ingress {} from {} owner {}\n",
                cache.name, g.name, g.scope.account
            ));
        }
    }
    let mut nacls: Vec<_> = world.nacls.values().collect();
    nacls.sort_by_key(|n| n.seq);
    for n in nacls {
        go(&mut out, &n.scope.region);
        for (number, everyone) in [(1, "0.0.0.0/0"), (2, "::/0")] {
            out.push_str(&format!(
                "create nacl-entry {} ingress {number} allow all from {everyone}\n",
                n.id
            ));
            out.push_str(&format!(
                "create nacl-entry {} egress {number} allow all to {everyone}\n",
                n.id
            ));
        }
    }
    go(&mut out, &world.scope.region);
    out
}

#[test]
fn each_lesson_grades_its_reference_100_an_empty_session_by_the_start_and_open_everything_fails_the_denies()
 {
    for name in LESSONS {
        let plan = plan(name);
        let start = grade::setup(&plan, &mut NoFiles).expect("the setup runs");
        let reference = read(&reference_path(name));
        let g = grade::grade(&plan, &start, "ref.sgs", &reference, &mut NoFiles);
        assert_eq!((g.score(), g.error.clone()), (100, None), "{name}: {g:?}");

        let empty = grade::grade(&plan, &start, "empty.sgs", "", &mut NoFiles);
        let at_start = plan
            .goals
            .iter()
            .filter(|goal| start.check_goal(goal).met)
            .count();
        assert!(
            at_start < plan.goals.len(),
            "{name}: the start meets every goal"
        );
        assert_eq!(empty.met(), at_start, "{name}");
        assert_eq!(empty.score(), at_start * 100 / plan.goals.len(), "{name}");

        let open = grade::grade(
            &plan,
            &start,
            "open.sgs",
            &open_everything(&start),
            &mut NoFiles,
        );
        assert!(open.error.is_none(), "{name}: {:?}", open.error);
        let denies: Vec<_> = open.checks.iter().filter(|c| !c.goal.allow).collect();
        assert!(!denies.is_empty(), "{name} has deny goals");
        for c in denies {
            assert!(!c.met, "{name}: open everything meets {}", c.goal.text);
        }
        assert!(open.score() < 100);
    }
}

#[test]
fn the_open_everything_student_opens_ec2_classic_and_cache_security_groups_in_every_region() {
    let world = "\
create group app \"App\" classic
create group batch \"Batch\" classic
launch app-1 classic groups app
launch batch-1 classic groups batch
create cache-group sessions \"Session cache clients\"
create cache-cluster sess-1 engine memcached classic cache-groups sessions
authorize cache-ingress sessions from app owner 123456789012
region eu-west-1
create group far \"Far\" classic
launch far-1 classic groups far
create vpc lab 10.1.0.0/16
region us-east-1
";
    let mut start = Session::new();
    let report = start.run_script("w.sgs", world, &mut NoFiles, Verbosity::Quiet);
    assert!(!report.stopped, "{}", report.output);
    let open = open_everything(&start);
    let mut s = start.clone();
    let checks = "\
expect allow tcp 11211 from batch-1 to sess-1
expect allow udp 53 from internet to app-1
expect allow icmp echo-request from 198.51.100.7 to batch-1
expect allow tcp 3306 from internet to eu-west-1/far-1
";
    let report = s.run_script(
        "open.sgs",
        &format!("{open}{checks}"),
        &mut NoFiles,
        Verbosity::Quiet,
    );
    assert!(!report.stopped, "{open}{}", report.output);
    assert_eq!(
        (report.passed, report.failed),
        (4, 0),
        "{open}{}",
        report.output
    );
    // Before, every one of them is denied.
    let mut s = start.clone();
    let report = s.run_script("checks.sgs", checks, &mut NoFiles, Verbosity::Quiet);
    assert_eq!(report.passed, 0, "{}", report.output);
}

/// RFC 4180 records: fields split at commas outside quotes, `""` inside quotes a quote, CRLF line
/// ends.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "CRLF line ends: {text:?}");
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n')),
            (false, '\n') => panic!("a bare LF: {text:?}"),
            (false, c) if c != '\n' => field.push(c),
            _ => {}
        }
        if !quoted && c == '\r' {
            record.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut record));
        }
    }
    records
}

#[test]
fn sgs_grade_writes_text_csv_junit_and_json() {
    let scratch = Scratch::new("grade");
    let dir = scratch.path();
    let lesson = lesson_path("elasticache-access");
    let lesson = lesson.to_string_lossy();
    std::fs::copy(reference_path("elasticache-access"), dir.join("alice.sgs")).expect("copied");
    std::fs::write(dir.join("empty.sgs"), "").expect("written");
    std::fs::write(
        dir.join("typo.sgs"),
        "authorize ingres tcp 6379 from sg-app to sg-cache\n",
    )
    .expect("written");
    // Stops at its second line; judged on the world its first line made.
    std::fs::write(
        dir.join("bob, jr.sgs"),
        "authorize ingress tcp 6379 from sg-app to sg-cache\nrevoke rule sgr-0000000000000000f\nauthorize ingress all from 0.0.0.0/0 to sg-cache\n",
    )
    .expect("written");
    // A student's session gets no file access.
    std::fs::write(
        dir.join("saver.sgs"),
        "authorize ingress tcp 6379 from sg-app to sg-cache\nsave taken.ron\n",
    )
    .expect("written");
    let (out, _, _) = sgs(dir, &["grade", &lesson, "saver.sgs"]);
    assert!(out.contains("saver.sgs: 5 of 5 goals met, score 100%\n  saver.sgs stopped at an error; judged on the world it reached:\n    error[UnsupportedOperation]"), "{out}");
    assert!(!dir.join("taken.ron").exists());
    let args = [
        "grade",
        &lesson,
        "alice.sgs",
        "empty.sgs",
        "typo.sgs",
        "bob, jr.sgs",
        "--csv",
        "grades.csv",
        "--junit",
        "grades.xml",
    ];
    let (out, err, code) = sgs(dir, &args);
    assert_eq!(code, 1, "a goal was missed: {out}{err}");
    assert!(
        out.contains("alice.sgs: 5 of 5 goals met, score 100%"),
        "{out}"
    );
    assert!(out.contains("empty.sgs: 4 of 5 goals met, score 80%\n  missed: goal allow tcp 6379 from app-1 to redis-1"), "{out}");
    // The feedback is the trace and the blocking gate, never the fix.
    assert!(
        out.contains("    got deny; blocked at:\n      5. security groups of"),
        "{out}"
    );
    assert!(
        out.contains("    | verdict: DENY (deciding step 5) [ENI_SG_RULES_MISMATCH]"),
        "{out}"
    );
    assert!(!out.contains("authorize ingress tcp 6379"), "{out}");
    assert!(out.contains("typo.sgs: 0 of 5 goals met, score 0%\n  typo.sgs does not parse, so it scores 0:\n    error[Syntax]: expected ingress, egress or cache-ingress"), "{out}");
    assert!(out.contains("bob, jr.sgs: 5 of 5 goals met, score 100%\n  bob, jr.sgs stopped at an error; judged on the world it reached:\n    error[InvalidSecurityGroupRuleId.NotFound]"), "{out}");
    assert!(
        out.ends_with("4 students graded: 14 of 20 goals met\n"),
        "{out}"
    );

    let csv = read(&dir.join("grades.csv"));
    assert_eq!(
        csv_records(&csv),
        [
            ["student", "met", "goals", "score"],
            ["alice.sgs", "5", "5", "100"],
            ["empty.sgs", "4", "5", "80"],
            ["typo.sgs", "0", "5", "0"],
            ["bob, jr.sgs", "5", "5", "100"],
        ]
    );
    assert!(csv.contains("\"bob, jr.sgs\",5,5,100\r\n"), "{csv}");

    let xml = read(&dir.join("grades.xml"));
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("valid JUnit");
    assert_eq!(report.test_suites.len(), 4);
    assert_eq!(report.tests, 21, "5 goals each, and the parse error");
    assert_eq!(report.failures, 6, "{xml}");
    assert_eq!(report.errors, 1, "{xml}");

    // JSON: one object per student, then the summary; `-` writes the CSV to standard output.
    let (out, _, _) = sgs(dir, &["grade", &lesson, "empty.sgs", "typo.sgs", "--json"]);
    let objects = json_lines(&out);
    assert_eq!(objects[0]["student"], "empty.sgs");
    assert_eq!(objects[0]["met"], 4);
    assert_eq!(objects[0]["goals"], 5);
    assert_eq!(objects[0]["score"], 80);
    assert_eq!(
        objects[0]["missed"],
        serde_json::json!(["goal allow tcp 6379 from app-1 to redis-1"])
    );
    assert_eq!(
        objects[0]["feedback"][0]["blocking"][0]["step"],
        "ingress-groups"
    );
    assert_eq!(objects[0]["ok"], true);
    assert_eq!(objects[1]["ok"], false);
    assert_eq!(objects[1]["error"]["code"], "SyntaxError");
    assert_eq!(objects[1]["score"], 0);
    assert_eq!(
        objects[2],
        serde_json::json!({"summary": {"passed": 4, "failed": 6}})
    );
    let (out, _, _) = sgs(dir, &["grade", &lesson, "alice.sgs", "--csv", "-"]);
    assert!(
        out.ends_with("student,met,goals,score\r\nalice.sgs,5,5,100\r\n"),
        "{out}"
    );

    // A file that cannot be read scores 0 with its error; the exit code is 2.
    let (out, _, code) = sgs(
        dir,
        &["grade", &lesson, "missing.sgs", "alice.sgs", "--csv", "-"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("missing.sgs: 0 of 5 goals met, score 0%\n  missing.sgs cannot be read, so it scores 0:\n    error[ReadFailed]"), "{out}");
    assert!(
        out.ends_with("student,met,goals,score\r\nmissing.sgs,0,5,0\r\nalice.sgs,5,5,100\r\n"),
        "{out}"
    );

    // A lesson with no task cannot be graded.
    std::fs::write(dir.join("nolesson.sgs"), "create group web \"Web\"\n").expect("written");
    let (_, err, code) = sgs(dir, &["grade", "nolesson.sgs", "alice.sgs"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[InvalidLesson]: nolesson.sgs has no task"),
        "{err}"
    );
}

#[test]
fn lab_break_over_20_seeds_always_breaks_a_goal_and_its_undo_repairs_every_goal() {
    for name in LESSONS {
        let plan = plan(name);
        let faults = lab::faults(&plan, &mut NoFiles).expect("the lesson runs");
        let mut kinds = std::collections::HashSet::new();
        for seed in 0..20 {
            let fault = lab::pick(&faults, seed).expect("a fault applies");
            kinds.insert(fault.kind);
            let broken = lab::broken_source(&plan, fault);
            // The broken lesson, run in full as `sgs run` runs it: a goal fails.
            let mut s = Session::new();
            let report = s.run_script("broken.sgs", &broken, &mut NoFiles, Verbosity::Quiet);
            assert!(!report.stopped, "{name} seed {seed}: {}", report.output);
            let failing: Vec<String> = s
                .check_goals()
                .into_iter()
                .filter(|c| !c.met)
                .map(|c| c.goal.text)
                .collect();
            assert!(!failing.is_empty(), "{name} seed {seed}: no goal fails");
            let named: Vec<String> = fault.breaks.iter().map(|g| g.text.clone()).collect();
            assert_eq!(
                failing, named,
                "{name} seed {seed}: --answer names what fails"
            );
            // Undoing the fault repairs every goal.
            let undo = fault.undo.join("\n");
            let report = s.run_script("undo.sgs", &undo, &mut NoFiles, Verbosity::Quiet);
            assert!(!report.stopped, "{name} seed {seed}: {}", report.output);
            assert!(
                s.check_goals().iter().all(|c| c.met),
                "{name} seed {seed}: {:?} does not repair",
                fault.undo
            );
            // The fault is plain commands just before the first task.
            let task_at = broken.find("\ntask ").expect("the task");
            let last = fault.lines.last().expect("fault lines");
            assert!(
                broken[..task_at].ends_with(&format!("\n{last}")),
                "{broken}"
            );
        }
        assert!(kinds.len() >= 2, "{name}: {kinds:?}");
    }
}

#[test]
fn sgs_lab_break_writes_the_broken_lesson_and_answers() {
    let scratch = Scratch::new("lab");
    let dir = scratch.path();
    let lesson = lesson_path("nacl-ephemeral");
    let lesson = lesson.to_string_lossy();
    let args = |o: &'static str| {
        vec![
            "lab".to_string(),
            "break".into(),
            lesson.to_string(),
            "--seed".into(),
            "7".into(),
            "-o".into(),
            o.into(),
            "--answer".into(),
        ]
    };
    let run = |o| {
        let a = args(o);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        sgs(dir, &a)
    };
    let (out, err, code) = run("broken.sgs");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("fault: "), "{out}");
    assert!(out.contains("\ngoals it breaks:\n  goal allow"), "{out}");
    assert!(out.contains("\nundone by:\n  "), "{out}");
    let broken = read(&dir.join("broken.sgs"));
    // The same seed draws the same fault.
    let (again, _, _) = run("again.sgs");
    assert_eq!(again, out);
    assert_eq!(read(&dir.join("again.sgs")), broken);
    // `sgs run` of the broken lab reports the goal that fails (and still exits 0).
    let (ran, _, code) = sgs(dir, &["run", "-q", "broken.sgs"]);
    assert_eq!(code, 0, "{ran}");
    assert!(ran.contains("  not yet: broken.sgs:"), "{ran}");
    // A lesson no fault applies to is refused.
    std::fs::write(
        dir.join("idle.sgs"),
        "create group web \"Web\"\ntask \"Nothing to do\"\ngoal deny tcp 22 from internet to 10.0.0.1\n",
    )
    .expect("written");
    let (_, err, code) = sgs(dir, &["lab", "break", "idle.sgs", "-o", "x.sgs"]);
    assert_eq!(code, 2);
    assert!(err.contains("no fault applies to idle.sgs"), "{err}");
    assert!(!dir.join("x.sgs").exists());
}
