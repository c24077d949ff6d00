//! The reach grid on screen: for one VPC, its instances by its instances for one packet (tcp 22
//! unless asked otherwise), each cell the session's verdict (the grid itself is the query
//! layer's: `query::reach`). Cells are decided only as they scroll into view (a verdict, a few
//! microseconds each) and kept until the world or the packet changes, so a VPC of ten thousand
//! instances opens at once. Enter decides the cell in full and shows its trace.

use super::app::{Action, App, Mode, Prompt};
use super::console::LogKind;
use super::model::Node;
use crate::lang::parse_packet;
use crate::session::{ReachGrid, Session};
use crate::world::ids::VpcId;
use ratatui::layout::Rect;
use std::collections::HashMap;

/// Width of the row labels (instance names).
pub const LABEL: u16 = 14;

/// The grid on screen: the session's reach grid, the cursor and the cells decided so far.
#[derive(Clone, Debug)]
pub struct Grid {
    /// The hosts and the question the cells ask.
    pub reach: ReachGrid,
    /// The packet as the user wrote it.
    pub packet: String,
    /// The text the endpoints' names are narrowed to (none when empty).
    pub filter: String,
    pub row: usize,
    pub col: usize,
    pub row_offset: usize,
    pub col_offset: usize,
    /// Decided cells: whether the packet passes.
    pub cells: HashMap<(usize, usize), bool>,
}

impl Grid {
    pub fn new(session: &Session, vpc: VpcId, packet: &str) -> Grid {
        Grid {
            reach: session.reach_grid(&vpc, parse_packet(packet)),
            packet: packet.to_string(),
            filter: String::new(),
            row: 0,
            col: 0,
            row_offset: 0,
            col_offset: 0,
            cells: HashMap::new(),
        }
    }

    /// Re-reads the hosts and the packet after the world changed.
    pub fn reload(&mut self, session: &Session) {
        self.cells.clear();
        self.reach = session
            .reach_grid(&self.reach.vpc, parse_packet(&self.packet))
            .filtered(&self.filter);
        let n = self.reach.hosts.len();
        self.row = self.row.min(n.saturating_sub(1));
        self.col = self.col.min(n.saturating_sub(1));
    }

    /// Decides the cells in view that are not decided yet.
    pub fn fill(&mut self, session: &Session, rows: usize, cols: usize) {
        let n = self.reach.hosts.len();
        for r in self.row_offset..(self.row_offset + rows).min(n) {
            for c in self.col_offset..(self.col_offset + cols).min(n) {
                if r == c || self.cells.contains_key(&(r, c)) {
                    continue;
                }
                if let Some(allowed) = session.reach_cell(&self.reach, r, c) {
                    self.cells.insert((r, c), allowed);
                }
            }
        }
    }

    /// Keeps the cursor on screen.
    pub fn clamp(&mut self, rows: usize, cols: usize) {
        let n = self.reach.hosts.len();
        self.row = self.row.min(n.saturating_sub(1));
        self.col = self.col.min(n.saturating_sub(1));
        let keep = |pos: usize, offset: &mut usize, size: usize| {
            let size = size.max(1);
            if pos < *offset {
                *offset = pos;
            } else if pos >= *offset + size {
                *offset = pos + 1 - size;
            }
        };
        keep(self.row, &mut self.row_offset, rows);
        keep(self.col, &mut self.col_offset, cols);
    }
}

/// The grid's cell width: room for the widest column number.
pub fn cell_width(n: usize) -> u16 {
    (n.max(1).to_string().len() as u16 + 1).max(3)
}

impl App {
    /// How many rows and columns of cells the grid shows.
    pub(super) fn grid_view(&self) -> (usize, usize) {
        let Some(area) = self.areas().grid else {
            return (0, 0);
        };
        let n = self.grid.as_ref().map_or(0, |g| g.reach.hosts.len());
        // Borders, the column numbers and the legend line.
        let rows = area.height.saturating_sub(4) as usize;
        let cols = area.width.saturating_sub(2 + LABEL) / cell_width(n);
        (rows, cols as usize)
    }

    pub(super) fn fill_grid(&mut self) {
        let (rows, cols) = self.grid_view();
        if let Some(grid) = self.grid.as_mut() {
            grid.clamp(rows, cols);
            grid.fill(&self.model.session, rows, cols);
        }
    }

    pub(super) fn open_grid(&mut self) {
        let world = self.model.session.world();
        let vpc = match &self.selected {
            Some(Node::Vpc(v)) => Some(v.clone()),
            Some(Node::Group(g)) => world.groups.get(g).and_then(|g| g.vpc.clone()),
            _ => None,
        };
        let Some(vpc) = vpc else {
            self.input.status =
                Some("r opens the reach grid of the selected VPC: select a VPC or a group".into());
            return;
        };
        let packet = self
            .grid
            .as_ref()
            .map_or_else(|| "tcp 22".to_string(), |g| g.packet.clone());
        self.grid = Some(Grid::new(&self.model.session, vpc, &packet));
        self.input.mode = Mode::Grid;
        self.fill_grid();
    }

    pub(super) fn set_grid_packet(&mut self, packet: &str) {
        if packet.is_empty() {
            return;
        }
        if let Some(grid) = self.grid.as_mut() {
            grid.packet = packet.to_string();
            grid.reload(&self.model.session);
        }
        self.fill_grid();
    }

    pub(super) fn set_grid_filter(&mut self, filter: &str) {
        if let Some(grid) = self.grid.as_mut() {
            grid.filter = filter.to_string();
            grid.reload(&self.model.session);
        }
        self.fill_grid();
    }

    pub(super) fn grid_move(&mut self, rows: isize, cols: isize) {
        if let Some(grid) = self.grid.as_mut() {
            grid.row = grid.row.saturating_add_signed(rows);
            grid.col = grid.col.saturating_add_signed(cols);
        }
        self.fill_grid();
    }

    pub(super) fn grid_click(&mut self, area: Rect, x: u16, y: u16) {
        self.input.mode = Mode::Grid;
        let Some(grid) = self.grid.as_mut() else {
            return;
        };
        let w = cell_width(grid.reach.hosts.len());
        let (left, top) = (area.x + 1 + LABEL, area.y + 2);
        if x >= left && y >= top {
            grid.row = grid.row_offset + (y - top) as usize;
            grid.col = grid.col_offset + ((x - left) / w) as usize;
        }
        self.fill_grid();
    }

    pub(super) fn update_grid(&mut self, action: Action) {
        self.input.status = None;
        match action {
            Action::Up => self.grid_move(-1, 0),
            Action::Down => self.grid_move(1, 0),
            Action::Left => self.grid_move(0, -1),
            Action::Right => self.grid_move(0, 1),
            Action::Top => self.grid_move(isize::MIN / 2, 0),
            Action::Bottom => self.grid_move(isize::MAX / 2, 0),
            Action::GridPacket => {
                let packet = self.grid.as_ref().map(|g| g.packet.clone());
                self.input.line.set(packet.as_deref().unwrap_or("tcp 22"));
                self.input.mode = Mode::Prompt(Prompt::GridPacket);
            }
            Action::Filter => {
                let filter = self.grid.as_ref().map(|g| g.filter.clone());
                self.input.line.set(filter.as_deref().unwrap_or(""));
                self.input.mode = Mode::Prompt(Prompt::GridFilter);
            }
            Action::Enter => self.trace_cell(),
            Action::Back => {
                self.grid = None;
                self.input.mode = Mode::Normal;
            }
            Action::Help => self.screen.help = Some(0),
            Action::Quit => self.quit = true,
            Action::PlayNext | Action::PlayBack | Action::PlayRun => {
                self.input.mode = Mode::Normal;
                self.update(action);
                if self.grid.is_some() {
                    self.input.mode = Mode::Grid;
                }
            }
            _ => {}
        }
    }

    fn trace_cell(&mut self) {
        let Some(grid) = self.grid.as_ref() else {
            return;
        };
        let (r, c) = (grid.row, grid.col);
        let Some(trace) = self.model.session.reach_trace(&grid.reach, r, c) else {
            if let Some(e) = &grid.reach.error {
                self.input.status = Some(e.clone());
            }
            return;
        };
        let (Some(from), Some(to)) = (grid.reach.hosts.get(r), grid.reach.hosts.get(c)) else {
            return;
        };
        let line = format!("trace {} from {} to {}", grid.packet, from.name, to.name);
        self.log.push(LogKind::Command, &format!("› {line}"));
        let kind = if trace.allowed {
            LogKind::Allow
        } else {
            LogKind::Deny
        };
        self.log.push(kind, &trace.summary());
        self.set_trace(trace);
        self.follow_log();
    }
}
