//! Any bytes as `terraform show -json` output: read as a plan (both worlds) and as a state. The
//! reader never panics: it gives worlds, or an error of the import's codes that names the file.
//! A world it gives passes the world's integrity check on a save/load round trip, and every
//! `show` table can be drawn from it. Inputs starting with `{` are spliced into the example
//! plan's planned values, so that the fuzzer reaches the resources' shapes quickly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sgs::io;
use sgs::io::terraform::{plan_worlds, state_world};
use sgs::session::{NoFiles, Session};

const PLAN: &str = include_str!("../../sessions/estates/terraform/plan-open-ssh.json");

const LOOKS: &[&str] = &[
    "show vpcs",
    "show groups",
    "show instances",
    "show clusters",
    "probe tcp 22 from internet to web-1",
];

fn check(result: Result<io::aws::Imported, sgs::lang::error::Diagnostic>) {
    match result {
        Err(err) => {
            assert!(
                ["InvalidAwsJson", "InvalidAwsData", "ImportFailed"].contains(&err.code.as_str()),
                "{err:?}"
            );
            assert!(err.message.starts_with("fuzz.json"), "{err:?}");
        }
        Ok(imported) => {
            let saved = io::to_ron(&imported.world).expect("a world can be written");
            let again = io::from_ron("fuzz.ron", &saved).expect("a world can be read");
            assert!(again == imported.world, "the round trip changed the world");
            let mut session = Session::from_world(imported.world);
            for line in LOOKS {
                let _ = session.run_line(line, &mut NoFiles);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A resource object spliced in as the first resource of the planned values.
    let spliced;
    let text = if text.starts_with('{') {
        spliced = PLAN.replacen(
            "\"planned_values\":{\"root_module\":{\"resources\":[",
            &format!("\"planned_values\":{{\"root_module\":{{\"resources\":[{text},"),
            1,
        );
        spliced.as_str()
    } else {
        text
    };
    match plan_worlds("fuzz.json", text) {
        Ok(w) => {
            check(Ok(w.before));
            check(Ok(w.after));
        }
        Err(e) => check(Err(e)),
    }
    check(state_world("fuzz.json", text));
});
