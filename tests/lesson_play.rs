//! Play mode as a lesson (issue 15, points 3 to 5): previews that give no verdict away,
//! highlights over a lesson step, stale traces, wrapped narration, the lesson keys (jump,
//! pauses, autoplay, the detour), the path strip and the topology view, presenter mode; and the
//! real binary driven in tmux as a class would.

mod keys;
mod pictures;
mod shipped;
mod terminal;

use crate::tui::{screen, text};
use sgs::session::NoFiles;
use sgs::tui::{Action, App};

/// A short lesson: a world in two subnets, a question, a step that changes a rule, a network
/// ACL, a peering and a cache cluster, an expectation, a goal.
pub(crate) const LESSON: &str = r#"echo "A VPC with a public subnet for the web tier and a private one for the database. This narration is long on purpose: it must wrap over as many lines as it needs and never be cut short, even at eighty columns."
create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create subnet db-a in prod 10.0.2.0/24
create group web "Web" in prod
create group db "DB" in prod
authorize ingress tcp 443 from 0.0.0.0/0 to web
launch web-1 in prod/web-a public-ip groups web
launch db-1 in prod/db-a groups db
pause
echo "Can the web server reach the database on 5432?"
ask tcp 5432 from web-1 to db-1
pause
echo "Open it; then a custom network ACL, a peering and a cache cluster."
authorize ingress tcp 5432 from web to db
create nacl strict in prod
associate nacl strict with prod/db-a
create vpc shared 10.1.0.0/16
create peering prod-shared between prod and shared
create cache-cluster memc-1 engine memcached in prod/db-a nodes 1 groups db
expect deny tcp 5432 from web-1 to db-1
pause
echo "The goal, then the proof."
goal allow tcp 443 from internet to web-1
expect allow tcp 443 from internet to web-1
"#;

/// The lesson in play mode in a terminal of `w`×`h`.
pub(crate) fn lesson(w: u16, h: u16) -> App {
    let mut app = App::play("lesson.sgs", LESSON, Box::new(NoFiles));
    app.update(Action::Resize {
        width: w,
        height: h,
    });
    app
}

/// What the screen shows.
pub(crate) fn shown(app: &App) -> String {
    text(&screen(app))
}

/// The banner's `next ›` row.
pub(crate) fn next_row(app: &App) -> String {
    shown(app)
        .lines()
        .find(|l| l.contains("next ›"))
        .unwrap_or("")
        .to_string()
}
