//! The detour: in play mode, the class types its own commands (`e`, or `:`), then `e` takes the
//! lesson back exactly where it was (the world, the flows, the clock, the history, the score,
//! the trace, the log and the highlights), the detour's commands undone. The session is kept
//! whole when the detour begins (a lesson's world is small), so nothing the detour does can leak
//! into the lesson.

use super::app::App;
use super::changes::Changes;
use super::console::LogKind;
use super::traceview::TracePane;
use crate::session::Session;

/// The lesson as it was when the detour began.
#[derive(Clone, Debug)]
pub struct Detour {
    session: Session,
    trace: TracePane,
    log: usize,
    changes: Changes,
}

impl App {
    /// Begins a detour (once): the lesson is kept as it is.
    pub(super) fn detour_begin(&mut self) {
        let Some(play) = self.play.as_ref() else {
            return;
        };
        if play.in_detour() {
            return;
        }
        let kept = Detour {
            session: self.model.session.clone(),
            trace: self.trace.clone(),
            log: self.log.mark(),
            changes: self.model.changes.clone(),
        };
        if let Some(play) = self.play.as_mut() {
            play.detour = Some(Box::new(kept));
            play.autoplay.on = false;
        }
        self.log.push(
            LogKind::Echo,
            "detour: your own commands; e takes the lesson back where it was",
        );
        self.follow_log();
    }

    /// `e`: begins a detour and opens the command line, or ends the detour under way.
    pub(super) fn detour_toggle(&mut self) {
        match self.play.as_ref().map(|p| p.in_detour()) {
            Some(true) => self.detour_end(),
            Some(false) => {
                self.detour_begin();
                self.open_command();
            }
            None => {}
        }
    }

    /// Ends the detour: the lesson as it was when it began.
    fn detour_end(&mut self) {
        let Some(kept) = self.play.as_mut().and_then(|p| p.detour.take()) else {
            return;
        };
        let Detour {
            session,
            trace,
            log,
            changes,
        } = *kept;
        self.model.session = session;
        self.trace = trace;
        self.log.rewind(log);
        self.model.changes = changes;
        self.question = None;
        self.refresh();
        self.follow_log();
        self.input.status = Some("back to the lesson, where it was".into());
    }
}
