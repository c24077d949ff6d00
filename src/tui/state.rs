//! The TUI's model: the session it drives and what the panes read from it besides the lists (the
//! flows at the session's clock, what the last command changed). Commands and play steps change
//! it; the view state of the panes (cursors, filters, scroll) lives apart, in the app.

use super::changes::Changes;
use crate::session::{Clock, FlowRow, Host, Session};

/// The session, the host its commands read and write files through, and what was derived from
/// the world after the last change.
pub struct Model {
    pub session: Session,
    pub(super) host: Box<dyn Host>,
    /// The session's flows, as the Flows pane shows them, and the clock they were read at.
    pub flows: Vec<FlowRow>,
    pub clock: Clock,
    /// What the last command changed, highlighted in the panes.
    pub changes: Changes,
}

impl Model {
    pub(super) fn new(session: Session, host: Box<dyn Host>) -> Model {
        Model {
            session,
            host,
            flows: Vec::new(),
            clock: Clock::default(),
            changes: Changes::default(),
        }
    }

    /// Reads the flows again at the session's clock (after a command changed either).
    pub(super) fn read_flows(&mut self) {
        self.clock = self.session.clock();
        self.flows = self.session.flows().rows(self.clock.now());
    }
}
