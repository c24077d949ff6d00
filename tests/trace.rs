//! Trace snapshots: each file in tests/data/trace builds a world and traces packets; the output,
//! every step and every rule looked at, is pinned.

use sgs::session::{NoFiles, Session, Verbosity};

#[test]
fn traces() {
    insta::glob!("data/trace", "*.sgs", |path| {
        let src = std::fs::read_to_string(path).expect("a readable file");
        let mut session = Session::new();
        let report = session.run_script("trace.sgs", &src, &mut NoFiles, Verbosity::All);
        assert!(!report.stopped && report.failed == 0, "{}", report.output);
        insta::assert_snapshot!(report.output);
    });
}
