//! `show reach`: for one packet, the verdict of every pair of endpoints of a scope (rows the
//! sources, `internet` first; columns the destinations), each cell what `probe` answers for that
//! pair. The pairs between plain interfaces of one VPC are decided by classes and bitsets
//! (`classes`), the others one by one by the data plane; the answer is data ([`Reach`]) that the
//! renderers print as a matrix or as JSON.
//!
//! The TUI's reach grid ([`ReachGrid`]) is the same answer for one VPC, with a cell's trace on
//! demand.

mod bits;
mod classes;
pub mod ends;
pub mod strips;

use crate::dataplane::{self, Detail, End, Packet, Question, Trace};
use crate::lang::ast::{EndSet, ReachAsk, ReachScope};
use crate::vocab::{Diagnostic, EniId, Family, Perm, Spanned, VpcId};
use crate::world::World;
use crate::world::compiled::NONE;
pub use bits::Bits;
pub use ends::Ends;

/// The answer of `show reach`: which pairs the packet passes between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    /// The packet, as a probe writes it.
    pub packet: String,
    /// The rows: `internet` first (unless `from` narrowed it away), then endpoints.
    pub rows: Vec<String>,
    /// The columns: endpoints.
    pub cols: Vec<String>,
    /// Whether the rows include `internet` (as the first row).
    pub internet: bool,
    /// Per row, the columns the packet passes to.
    pub allowed: Vec<Bits>,
    /// The pairs asked (self pairs left out).
    pub pairs: usize,
}

impl Reach {
    /// Whether the packet passes from row `r` to column `c`.
    pub fn get(&self, r: usize, c: usize) -> bool {
        self.allowed.get(r).is_some_and(|b| b.get(c))
    }

    /// How many pairs the packet passes between.
    pub fn count(&self) -> usize {
        self.allowed.iter().map(Bits::count).sum()
    }

    /// The allowed pairs, as (row name, column name), row by row.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.allowed.iter().enumerate().flat_map(move |(r, b)| {
            b.ones().map(move |c| {
                (
                    self.rows.get(r).map_or("", String::as_str),
                    self.cols.get(c).map_or("", String::as_str),
                )
            })
        })
    }
}

/// A packet as written, resolved for the whole-world questions: the packet and its family.
pub fn packet_of(perm: &Spanned<Perm>) -> Result<(Packet, Family), Diagnostic> {
    let packet = dataplane::from_perm(perm, None)?;
    Ok((packet, packet.own_family().unwrap_or(Family::V4)))
}

/// The question of one pair, as `probe` asks it.
pub fn question(world: &World, packet: Packet, family: Family, from: End, to: End) -> Question {
    let handle = |e: &End| match (e, world.compiled()) {
        (End::Eni { id, .. }, Some(c)) => c.eni_handle(id).unwrap_or(NONE),
        _ => NONE,
    };
    Question {
        packet,
        family,
        handles: [handle(&from), handle(&to)],
        from,
        to,
        via: None,
        from_label: String::new(),
        to_label: String::new(),
    }
}

fn eni(id: &EniId) -> End {
    End::Eni {
        id: id.clone(),
        addr: None,
    }
}

/// Answers `show reach`.
pub fn reach(world: &World, ask: &ReachAsk) -> Result<Reach, Diagnostic> {
    let (packet, family) = packet_of(&ask.packet)?;
    let ends = ends::listed(world, &ask.scope)?;
    let pick = |set: &Option<EndSet>| -> Result<Vec<usize>, Diagnostic> {
        match set {
            Some(set) => ends::narrowed(world, &ends, set),
            None => Ok((0..ends.ids.len()).collect()),
        }
    };
    let (rows, cols) = (pick(&ask.from)?, pick(&ask.to)?);
    Ok(matrix(
        world,
        &ends,
        &rows,
        &cols,
        ask.from.is_none(),
        packet,
        family,
    ))
}

/// The matrix of `rows` (with `internet` first when `internet`) by `cols`, positions in `ends`.
pub fn matrix(
    world: &World,
    ends: &Ends,
    rows: &[usize],
    cols: &[usize],
    internet: bool,
    packet: Packet,
    family: Family,
) -> Reach {
    let n = ends.ids.len();
    let mut want_rows = Bits::empty(n);
    let mut want_cols = Bits::empty(n);
    rows.iter().for_each(|&r| want_rows.set(r));
    cols.iter().for_each(|&c| want_cols.set(c));
    let mut full = classes::matrix(world, &ends.ids, packet, family, &want_rows, &want_cols);
    let mut allowed = Vec::with_capacity(rows.len() + 1);
    if internet {
        let mut row = Bits::empty(cols.len());
        for (j, &c) in cols.iter().enumerate() {
            let id = &ends.ids[c];
            // From the internet an IPv4 packet goes to the public address: none, no way in.
            let public = world
                .enis
                .get(id)
                .is_none_or(|e| e.public_address().is_some());
            if family == Family::V4 && !public {
                continue;
            }
            let q = question(world, packet, family, End::Internet, eni(id));
            if dataplane::verdict(world, &q) {
                row.set(j);
            }
        }
        allowed.push(row);
    }
    let same = rows == cols;
    let mut pairs = if internet { cols.len() } else { 0 };
    for &r in rows {
        if same {
            allowed.push(std::mem::replace(&mut full[r], Bits::empty(0)));
            pairs += cols.len().saturating_sub(1);
            continue;
        }
        let Some(src) = full.get(r) else { continue };
        let mut row = Bits::empty(cols.len());
        for (j, &c) in cols.iter().enumerate() {
            if c != r {
                pairs += 1;
                if src.get(c) {
                    row.set(j);
                }
            }
        }
        allowed.push(row);
    }
    let name = |k: &usize| ends.names.get(*k).cloned().unwrap_or_default();
    let mut row_names: Vec<String> = Vec::with_capacity(rows.len() + 1);
    if internet {
        row_names.push("internet".into());
    }
    row_names.extend(rows.iter().map(name));
    Reach {
        packet: packet.to_string(),
        rows: row_names,
        cols: cols.iter().map(name).collect(),
        internet,
        allowed,
        pairs,
    }
}

/// One host of the grid: an endpoint of the VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReachHost {
    pub eni: EniId,
    pub name: String,
    pub addr: String,
}

/// The TUI's reach grid: `show reach PACKET in VPC` without the `internet` row, every cell
/// computed when the grid is made, and each cell's trace on demand.
#[derive(Clone, Debug)]
pub struct ReachGrid {
    pub vpc: VpcId,
    pub vpc_name: String,
    /// The VPC's endpoints, in creation order: the rows and the columns.
    pub hosts: Vec<ReachHost>,
    /// The answer (`None` when the packet or the VPC has none: `error` says why).
    answer: Option<(Reach, Packet, Family)>,
    pub error: Option<String>,
}

impl ReachGrid {
    /// The grid of `vpc` for `packet` (an error in the packet as written is the grid's error).
    pub fn new(world: &World, vpc: &VpcId, packet: Result<Spanned<Perm>, Diagnostic>) -> ReachGrid {
        let mut grid = ReachGrid {
            vpc: vpc.clone(),
            vpc_name: world.vpc_name(vpc).to_string(),
            hosts: Vec::new(),
            answer: None,
            error: None,
        };
        if !world.vpcs.contains_key(vpc) {
            grid.error = Some("this VPC no longer exists".into());
            return grid;
        }
        let scope = ReachScope::Vpc(crate::vocab::Ref {
            qualifier: None,
            name: vpc.to_string(),
            span: crate::vocab::Span::default(),
        });
        let answer = packet
            .and_then(|p| packet_of(&p))
            .and_then(|(packet, family)| {
                let ends = ends::listed(world, &scope)?;
                Ok((ends, packet, family))
            });
        let (ends, packet, family) = match answer {
            Ok(x) => x,
            Err(e) => {
                grid.error = Some(e.headline());
                return grid;
            }
        };
        grid.hosts = ends
            .ids
            .iter()
            .zip(&ends.names)
            .map(|(id, name)| ReachHost {
                eni: id.clone(),
                name: name.clone(),
                addr: world
                    .enis
                    .get(id)
                    .map(|e| e.private_ip.to_string())
                    .unwrap_or_default(),
            })
            .collect();
        if grid.hosts.is_empty() {
            grid.error = Some("this VPC has no endpoints".into());
            return grid;
        }
        let all: Vec<usize> = (0..ends.ids.len()).collect();
        // A world whose index is behind (the shell asks between commands) is answered from a
        // copy brought up to date, not pair by pair.
        let synced;
        let current = match world.compiled() {
            Some(_) => world,
            None => {
                let mut copy = world.clone();
                copy.sync_compiled();
                synced = copy;
                &synced
            }
        };
        let reach = matrix(current, &ends, &all, &all, false, packet, family);
        grid.answer = Some((reach, packet, family));
        grid
    }

    /// The grid narrowed to the endpoints whose name contains `text` (any case); all of them for
    /// an empty text.
    pub fn filtered(mut self, text: &str) -> ReachGrid {
        let text = text.to_lowercase();
        if text.is_empty() {
            return self;
        }
        let keep: Vec<usize> = (0..self.hosts.len())
            .filter(|&k| self.hosts[k].name.to_lowercase().contains(&text))
            .collect();
        if let Some((reach, _, _)) = self.answer.as_mut() {
            let allowed = keep
                .iter()
                .map(|&r| {
                    let mut row = Bits::empty(keep.len());
                    for (j, &c) in keep.iter().enumerate() {
                        if reach.get(r, c) {
                            row.set(j);
                        }
                    }
                    row
                })
                .collect();
            reach.allowed = allowed;
            reach.rows = keep.iter().map(|&k| reach.rows[k].clone()).collect();
            reach.cols = reach.rows.clone();
            reach.pairs = keep.len() * keep.len().saturating_sub(1);
        }
        self.hosts = keep.iter().map(|&k| self.hosts[k].clone()).collect();
        if self.hosts.is_empty() && self.error.is_none() {
            self.error = Some(format!("no endpoint's name contains '{text}'"));
        }
        self
    }

    /// Whether the packet passes from host `r` to host `c`; `None` off the grid or when the grid
    /// has no answer.
    pub fn allowed(&self, _world: &World, r: usize, c: usize) -> Option<bool> {
        let (reach, _, _) = self.answer.as_ref()?;
        (r < self.hosts.len() && c < self.hosts.len()).then(|| reach.get(r, c))
    }

    /// The full trace of cell (`r`, `c`).
    pub fn trace(&self, world: &World, r: usize, c: usize) -> Option<Trace> {
        let (_, packet, family) = self.answer.as_ref()?;
        let (from, to) = (self.hosts.get(r)?, self.hosts.get(c)?);
        let mut q = question(world, *packet, *family, eni(&from.eni), eni(&to.eni));
        q.from_label = from.name.clone();
        q.to_label = to.name.clone();
        Some(dataplane::decide(world, &q, Detail::Full))
    }
}
