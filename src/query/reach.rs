//! The reach grid: for one VPC, its instances by its instances for one packet, each cell the data
//! plane's verdict. The packet and the VPC are resolved once into a template question; a cell
//! swaps its two endpoints in and decides, so a cell costs one decision and a grid of ten thousand
//! instances is built at once: the shell decides only the cells it shows.

use crate::dataplane::{self, Detail, End, Question, Trace};
use crate::vocab::{Endpoint, EniId, Perm, Probe, Ref, Span, Spanned, VpcId};
use crate::world::World;
use crate::world::compiled::NONE;

/// One host of the grid: an instance's primary interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReachHost {
    pub eni: EniId,
    pub name: String,
    pub addr: String,
}

/// The hosts of one VPC and the question every cell asks.
#[derive(Clone, Debug)]
pub struct ReachGrid {
    pub vpc: VpcId,
    pub vpc_name: String,
    /// The VPC's instances, in launch order: the rows and the columns.
    pub hosts: Vec<ReachHost>,
    /// The question every cell asks, with its endpoints swapped in; `None` when the packet or
    /// the VPC has no answer (`error` says why).
    template: Option<Question>,
    pub error: Option<String>,
}

impl ReachGrid {
    /// The grid of `vpc` for `packet` (an error in the packet as written is the grid's error).
    pub fn new(
        world: &World,
        vpc: &VpcId,
        packet: Result<Spanned<Perm>, crate::vocab::Diagnostic>,
    ) -> ReachGrid {
        let mut instances: Vec<_> = world.instances.values().collect();
        instances.sort_by_key(|i| i.seq);
        let hosts: Vec<ReachHost> = instances
            .into_iter()
            .filter_map(|i| world.enis.get(i.primary_eni()?).map(|e| (i, e)))
            .filter(|(_, e)| e.vpc.as_ref() == Some(vpc))
            .map(|(i, e)| ReachHost {
                eni: e.id.clone(),
                name: i.name.clone(),
                addr: e.private_ip.to_string(),
            })
            .collect();
        let mut grid = ReachGrid {
            vpc: vpc.clone(),
            vpc_name: world.vpc_name(vpc),
            hosts,
            template: None,
            error: None,
        };
        if !world.vpcs.contains_key(vpc) {
            grid.error = Some("this VPC no longer exists".into());
            return grid;
        }
        let (Some(a), Some(b)) = (grid.hosts.first(), grid.hosts.last()) else {
            grid.error = Some("this VPC has no instances".into());
            return grid;
        };
        let question = packet.and_then(|packet| {
            let probe = Probe {
                packet,
                from: end(&a.eni),
                to: end(&b.eni),
                via: None,
                sport: None,
            };
            super::resolve(world, &probe)
        });
        match question {
            Ok(q) => grid.template = Some(q),
            Err(e) => grid.error = Some(e.headline()),
        }
        grid
    }

    /// The question of cell (`r`, `c`): from host `r` to host `c`.
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
            handles: [NONE; 2],
            ..t.clone()
        })
    }

    /// Whether the packet passes from host `r` to host `c`; `None` off the grid or when the grid
    /// has no question.
    pub fn allowed(&self, world: &World, r: usize, c: usize) -> Option<bool> {
        let q = self.ask(r, c)?;
        Some(dataplane::decide(world, &q, Detail::Verdict).allowed)
    }

    /// The full trace of cell (`r`, `c`).
    pub fn trace(&self, world: &World, r: usize, c: usize) -> Option<Trace> {
        let q = self.ask(r, c)?;
        Some(dataplane::decide(world, &q, Detail::Full))
    }
}

/// An endpoint named by its interface id: resolved exactly.
fn end(id: &EniId) -> Spanned<Endpoint> {
    Spanned::new(
        Endpoint::Object(Ref {
            qualifier: None,
            name: id.to_string(),
            span: Span::default(),
        }),
        Span::default(),
    )
}
