//! The questions a session answers about its world, through the query layer: a probe decided as
//! a verdict or in full, a flow's next packet, and the reach grid's cells. The shells ask here
//! and never call the query layer or the data plane themselves.

use super::Session;
use crate::dataplane::{Detail, Trace};
use crate::lang::ast::FlowPacket;
use crate::query::{self, ReachGrid};
use crate::vocab::{Diagnostic, Perm, Probe, Spanned, VpcId};

impl Session {
    /// Resolves and decides a probe against the current world.
    pub fn probe(&self, p: &Probe, detail: Detail) -> Result<Trace, Diagnostic> {
        query::probe(&self.state.world, p, detail)
    }

    /// The trace of a flow's next packet one way, at the clock's time, without sending it.
    pub fn flow_trace(&self, packet: &FlowPacket, detail: Detail) -> Result<Trace, Diagnostic> {
        let s = &self.state;
        s.flows.trace(&s.world, s.clock.now(), packet, detail)
    }

    /// The reach grid of `vpc` for `packet`, on the current world.
    pub fn reach_grid(&self, vpc: &VpcId, packet: Result<Spanned<Perm>, Diagnostic>) -> ReachGrid {
        ReachGrid::new(&self.state.world, vpc, packet)
    }

    /// Whether the grid's packet passes from host `r` to host `c` in the current world.
    pub fn reach_cell(&self, grid: &ReachGrid, r: usize, c: usize) -> Option<bool> {
        grid.allowed(&self.state.world, r, c)
    }

    /// The full trace of the grid's cell (`r`, `c`) in the current world.
    pub fn reach_trace(&self, grid: &ReachGrid, r: usize, c: usize) -> Option<Trace> {
        grid.trace(&self.state.world, r, c)
    }
}
