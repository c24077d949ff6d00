//! Expectations as JUnit XML (`sgs run --junit FILE`): one test suite per session file, one test
//! case per `expect` line, named by its file, line and text; a failed expectation is a failure
//! with what it expected and what came, and the error a run stopped at is an error case.

use crate::session::{Reply, ScriptLine};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// The expectations of a run, file by file.
#[derive(Debug, Default)]
pub struct Junit {
    suites: Vec<TestSuite>,
}

impl Junit {
    /// Starts the suite of a session file.
    pub fn file(&mut self, origin: &str) {
        self.suites.push(TestSuite::new(origin));
    }

    /// Records a line if it is an expectation, or the error a run stopped at.
    pub fn line(&mut self, line: &ScriptLine<'_>) {
        let status = match line.reply {
            Reply::Expect { passed: true, .. } => TestCaseStatus::success(),
            Reply::Expect { passed: false, .. } => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(line.reply.to_string());
                s
            }
            Reply::Error(e) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                s.set_message(e.headline());
                s
            }
            _ => return,
        };
        if self.suites.is_empty() {
            self.file(line.origin);
        }
        let name = format!("{}:{}: {}", line.origin, line.number(), line.text.trim());
        let mut case = TestCase::new(name, status);
        case.set_classname(line.origin);
        if let Some(suite) = self.suites.last_mut() {
            suite.add_test_case(case);
        }
    }

    /// The XML document.
    pub fn to_xml(&self) -> Result<String, String> {
        let mut report = Report::new("sgs");
        report.add_test_suites(self.suites.iter().cloned());
        let mut out = Vec::new();
        report.serialize(&mut out).map_err(|e| e.to_string())?;
        String::from_utf8(out).map_err(|e| e.to_string())
    }
}
