//! `sgs plan-check`'s answer: what a plan changes between the world before and the world after
//! (the same diff as `diff since` and `sgs diff`), and the `lint` findings the plan introduces:
//! those of the world after that the world before does not have. A finding is the same finding
//! in both worlds when its code and its objects (by id) are the same; its counts may differ.

use super::Session;
use crate::query::diff::Diff;
use crate::query::lint::Object;
use crate::query::{self, Lint};
use crate::vocab::Diagnostic;

/// What a plan changes, and the findings it brings.
#[derive(Clone, Debug)]
pub struct PlanCheck {
    pub diff: Diff,
    /// The findings of the world after that the world before does not have.
    pub introduced: Lint,
}

fn identity(objects: &[Object]) -> Vec<&str> {
    objects.iter().map(|o| o.id.as_str()).collect()
}

/// Checks the plan that turns `before` into `after`.
pub fn plan_check(before: &Session, after: &Session) -> Result<PlanCheck, Diagnostic> {
    let (old, new) = (&before.state.world, &after.state.world);
    let diff = query::diff::diff(old, new);
    let was = query::lint::lint(old, None)?;
    let now = query::lint::lint(new, None)?;
    let findings = now
        .findings
        .into_iter()
        .filter(|f| {
            !was.findings
                .iter()
                .any(|w| w.code == f.code && identity(&w.objects) == identity(&f.objects))
        })
        .collect();
    Ok(PlanCheck {
        diff,
        introduced: Lint {
            scope: now.scope,
            findings,
        },
    })
}
