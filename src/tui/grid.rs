//! The reach grid: for one VPC, its instances by its instances for one packet (tcp 22 unless
//! asked otherwise), each cell the data plane's verdict. Cells are decided only as they scroll
//! into view (`Detail::Verdict`, a few microseconds each) and kept until the world or the packet
//! changes, so a VPC of ten thousand instances opens at once. Enter decides the cell in full and
//! shows its trace.

use super::app::{Action, App, Mode, Prompt};
use super::console::LogKind;
use super::model::Node;
use crate::dataplane::{self, Detail, End, Question};
use crate::lang::ast::{Command, Endpoint, Ref, Span, Spanned};
use crate::lang::parse_command;
use crate::world::World;
use crate::world::ids::{EniId, VpcId};
use ratatui::layout::Rect;
use std::collections::HashMap;

/// Width of the row labels (instance names).
pub const LABEL: u16 = 14;

/// One host of the grid: an instance's primary interface.
#[derive(Clone, Debug)]
pub struct Host {
    pub eni: EniId,
    pub name: String,
    pub addr: String,
}

#[derive(Clone, Debug)]
pub struct Grid {
    pub vpc: VpcId,
    pub vpc_name: String,
    pub packet: String,
    pub hosts: Vec<Host>,
    /// The question every cell asks, with its endpoints swapped in; `None` when the packet or
    /// the VPC has no answer (the error says why).
    template: Option<Question>,
    pub error: Option<String>,
    pub row: usize,
    pub col: usize,
    pub row_offset: usize,
    pub col_offset: usize,
    /// Decided cells: whether the packet passes.
    pub cells: HashMap<(usize, usize), bool>,
}

impl Grid {
    pub fn new(world: &World, vpc: VpcId, packet: &str) -> Grid {
        let mut grid = Grid {
            vpc_name: world.vpc_name(&vpc),
            vpc,
            packet: packet.to_string(),
            hosts: Vec::new(),
            template: None,
            error: None,
            row: 0,
            col: 0,
            row_offset: 0,
            col_offset: 0,
            cells: HashMap::new(),
        };
        grid.reload(world);
        grid
    }

    /// Re-reads the hosts and the packet after the world changed.
    pub fn reload(&mut self, world: &World) {
        self.cells.clear();
        let mut instances: Vec<_> = world.instances.values().collect();
        instances.sort_by_key(|i| i.seq);
        self.hosts = instances
            .into_iter()
            .filter_map(|i| world.enis.get(i.primary_eni()?).map(|e| (i, e)))
            .filter(|(_, e)| e.vpc.as_ref() == Some(&self.vpc))
            .map(|(i, e)| Host {
                eni: e.id.clone(),
                name: i.name.clone(),
                addr: e.private_ip.to_string(),
            })
            .collect();
        self.row = self.row.min(self.hosts.len().saturating_sub(1));
        self.col = self.col.min(self.hosts.len().saturating_sub(1));
        self.template = None;
        self.error = None;
        if !world.vpcs.contains_key(&self.vpc) {
            self.error = Some("this VPC no longer exists".into());
            return;
        }
        let (Some(a), Some(b)) = (self.hosts.first(), self.hosts.last()) else {
            self.error = Some("this VPC has no instances".into());
            return;
        };
        match question(world, &self.packet, &a.eni, &b.eni) {
            Ok(q) => self.template = Some(q),
            Err(e) => self.error = Some(e),
        }
    }

    fn ask(&self, r: usize, c: usize) -> Option<Question> {
        let t = self.template.as_ref()?;
        let (from, to) = (self.hosts.get(r)?, self.hosts.get(c)?);
        Some(Question {
            from: End::Eni {
                id: from.eni.clone(),
                addr: None,
            },
            to: End::Eni {
                id: to.eni.clone(),
                addr: None,
            },
            from_label: from.name.clone(),
            to_label: to.name.clone(),
            ..t.clone()
        })
    }

    /// Decides the cells in view that are not decided yet.
    pub fn fill(&mut self, world: &World, rows: usize, cols: usize) {
        let n = self.hosts.len();
        for r in self.row_offset..(self.row_offset + rows).min(n) {
            for c in self.col_offset..(self.col_offset + cols).min(n) {
                if r == c || self.cells.contains_key(&(r, c)) {
                    continue;
                }
                if let Some(q) = self.ask(r, c) {
                    let allowed = dataplane::decide(world, &q, Detail::Verdict).allowed;
                    self.cells.insert((r, c), allowed);
                }
            }
        }
    }

    /// Keeps the cursor on screen.
    pub fn clamp(&mut self, rows: usize, cols: usize) {
        let n = self.hosts.len();
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

/// Resolves `probe PACKET from A to B` into the question the cells share.
fn question(world: &World, packet: &str, a: &EniId, b: &EniId) -> Result<Question, String> {
    let line = format!("probe {packet} from {a} to {b}");
    let parsed = parse_command(&line).map_err(|e| e.headline())?;
    let Some(Spanned {
        node: Command::Probe(mut probe),
        ..
    }) = parsed
    else {
        return Err(format!("'{packet}' is not a packet (try tcp 22)"));
    };
    // The endpoints are ids: resolve them exactly.
    let end = |id: &EniId| {
        Spanned::new(
            Endpoint::Object(Ref {
                qualifier: None,
                name: id.to_string(),
                span: Span::default(),
            }),
            Span::default(),
        )
    };
    probe.from = end(a);
    probe.to = end(b);
    dataplane::resolve(world, &probe).map_err(|e| e.headline())
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
        let n = self.grid.as_ref().map_or(0, |g| g.hosts.len());
        // Borders, the column numbers and the legend line.
        let rows = area.height.saturating_sub(4) as usize;
        let cols = area.width.saturating_sub(2 + LABEL) / cell_width(n);
        (rows, cols as usize)
    }

    pub(super) fn fill_grid(&mut self) {
        let (rows, cols) = self.grid_view();
        if let Some(grid) = self.grid.as_mut() {
            grid.clamp(rows, cols);
            grid.fill(self.session.world(), rows, cols);
        }
    }

    pub(super) fn open_grid(&mut self) {
        let world = self.session.world();
        let vpc = match &self.selected {
            Some(Node::Vpc(v)) => Some(v.clone()),
            Some(Node::Group(g)) => world.groups.get(g).and_then(|g| g.vpc.clone()),
            _ => None,
        };
        let Some(vpc) = vpc else {
            self.status =
                Some("r opens the reach grid of the selected VPC: select a VPC or a group".into());
            return;
        };
        let packet = self
            .grid
            .as_ref()
            .map_or_else(|| "tcp 22".to_string(), |g| g.packet.clone());
        self.grid = Some(Grid::new(world, vpc, &packet));
        self.mode = Mode::Grid;
        self.fill_grid();
    }

    pub(super) fn set_grid_packet(&mut self, packet: &str) {
        if packet.is_empty() {
            return;
        }
        if let Some(grid) = self.grid.as_mut() {
            grid.packet = packet.to_string();
            grid.reload(self.session.world());
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
        self.mode = Mode::Grid;
        let Some(grid) = self.grid.as_mut() else {
            return;
        };
        let w = cell_width(grid.hosts.len());
        let (left, top) = (area.x + 1 + LABEL, area.y + 2);
        if x >= left && y >= top {
            grid.row = grid.row_offset + (y - top) as usize;
            grid.col = grid.col_offset + ((x - left) / w) as usize;
        }
        self.fill_grid();
    }

    pub(super) fn update_grid(&mut self, action: Action) {
        self.status = None;
        match action {
            Action::Up => self.grid_move(-1, 0),
            Action::Down => self.grid_move(1, 0),
            Action::Left => self.grid_move(0, -1),
            Action::Right => self.grid_move(0, 1),
            Action::Top => self.grid_move(isize::MIN / 2, 0),
            Action::Bottom => self.grid_move(isize::MAX / 2, 0),
            Action::GridPacket => {
                let packet = self.grid.as_ref().map(|g| g.packet.clone());
                self.line.set(packet.as_deref().unwrap_or("tcp 22"));
                self.mode = Mode::Prompt(Prompt::GridPacket);
            }
            Action::Enter => self.trace_cell(),
            Action::Back => {
                self.grid = None;
                self.mode = Mode::Normal;
            }
            Action::Help => self.help = Some(0),
            Action::Quit => self.quit = true,
            Action::PlayNext | Action::PlayBack | Action::PlayRun => {
                self.mode = Mode::Normal;
                self.update(action);
                if self.grid.is_some() {
                    self.mode = Mode::Grid;
                }
            }
            _ => {}
        }
    }

    fn trace_cell(&mut self) {
        let Some(grid) = self.grid.as_ref() else {
            return;
        };
        let Some(q) = grid.ask(grid.row, grid.col) else {
            if let Some(e) = &grid.error {
                self.status = Some(e.clone());
            }
            return;
        };
        let world = self.session.world();
        let trace = dataplane::decide(world, &q, Detail::Full);
        let line = format!(
            "trace {} from {} to {}",
            grid.packet, q.from_label, q.to_label
        );
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
