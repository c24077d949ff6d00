//! Every shipped session runs green, and its output is pinned by a snapshot. Sessions run with
//! real files, from the repository's root (`imported-account.sgs` imports a folder).

use sgs::io::FileHost;
use sgs::session::{Session, Verbosity};

#[test]
fn every_shipped_session_runs_green() {
    insta::glob!("../sessions", "*.sgs", |path| {
        let src = std::fs::read_to_string(path).expect("a readable session");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut session = Session::new();
        let report = session.run_script(&name, &src, &mut FileHost, Verbosity::All);
        assert!(
            !report.stopped && report.failed == 0 && report.passed > 0,
            "{name}: {} passed, {} failed, stopped: {}\n{}",
            report.passed,
            report.failed,
            report.stopped,
            report.output
        );
        insta::assert_snapshot!(format!(
            "{}{} passed, {} failed\n",
            report.output, report.passed, report.failed
        ));
    });
}
