//! The topology view's model: one VPC as a picture, built from the world once per change (as
//! the other view models are): its subnets as boxes (CIDR, zone, public or not, network ACL),
//! the instances, cache clusters and database instances in each, the internet gateway and the
//! peerings. What the last lesson step changed is marked, so the picture highlights it. `v`
//! opens it for the VPC of the selected row.

use super::app::App;
use super::changes::Changes;
use super::model::Node;
use crate::world::World;
use crate::world::ids::VpcId;
use crate::world::service::EniOwner;

/// What stands in a subnet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    Instance,
    Cache,
    Database,
    /// An interface of no instance or service.
    Interface,
}

impl HostKind {
    pub fn symbol(self) -> &'static str {
        match self {
            HostKind::Instance => "●",
            HostKind::Cache => "◆",
            HostKind::Database => "▣",
            HostKind::Interface => "○",
        }
    }
}

/// An instance, cluster or interface in a subnet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    pub name: String,
    pub kind: HostKind,
    pub changed: bool,
}

/// A subnet and what is in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetBox {
    pub name: String,
    pub cidr: String,
    pub az: String,
    pub public: bool,
    /// The network ACL's name, and whether the step changed it.
    pub nacl: String,
    pub nacl_changed: bool,
    pub changed: bool,
    pub hosts: Vec<Host>,
}

/// A peering of this VPC: its name, the VPC at the other end, and whether the step changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    pub other: String,
    pub changed: bool,
}

/// One VPC as the topology view draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    pub vpc: VpcId,
    pub title: String,
    /// The internet gateway (a VPC with a public subnet has one).
    pub igw: Option<String>,
    pub subnets: Vec<SubnetBox>,
    pub peerings: Vec<Link>,
}

impl Topology {
    /// The picture of `vpc` in `world`, `changes` marked; `None` when there is no such VPC.
    pub fn of(world: &World, vpc: &VpcId, changes: &Changes) -> Option<Topology> {
        let v = world.vpcs.get(vpc)?;
        let mut subnets: Vec<_> = world.subnets.values().filter(|s| &s.vpc == vpc).collect();
        subnets.sort_by_key(|s| s.seq);
        let mut enis: Vec<_> = world
            .enis
            .values()
            .filter(|e| e.vpc.as_ref() == Some(vpc))
            .collect();
        enis.sort_by_key(|e| e.seq);
        let boxes = subnets
            .iter()
            .map(|s| {
                let mut hosts: Vec<Host> = Vec::new();
                for e in enis.iter().filter(|e| e.subnet.as_ref() == Some(&s.id)) {
                    let (name, kind, changed) = match (&e.owner, &e.instance) {
                        (Some(EniOwner::CacheNode { cluster, .. }), _) => (
                            cluster.clone(),
                            HostKind::Cache,
                            changes.clusters.contains(cluster),
                        ),
                        (Some(EniOwner::DbInstance { name }), _) => (
                            name.clone(),
                            HostKind::Database,
                            changes.clusters.contains(name),
                        ),
                        (None, Some(i)) => (
                            world
                                .instances
                                .get(i)
                                .map_or(i.to_string(), |x| x.name.clone()),
                            HostKind::Instance,
                            changes.instances.contains(i),
                        ),
                        (None, None) => (e.name.clone(), HostKind::Interface, false),
                    };
                    let changed = changed || changes.enis.contains(&e.id);
                    match hosts.iter_mut().find(|h| h.name == name && h.kind == kind) {
                        Some(h) => h.changed |= changed,
                        None => hosts.push(Host {
                            name,
                            kind,
                            changed,
                        }),
                    }
                }
                let nacl = world
                    .nacls
                    .get(&s.nacl)
                    .map_or(s.nacl.to_string(), |n| n.name.clone());
                SubnetBox {
                    name: s.name.clone(),
                    cidr: s.cidr.to_string(),
                    az: s.az.clone(),
                    public: s.public,
                    nacl,
                    nacl_changed: changes.nacls.contains(&s.nacl),
                    changed: changes.subnets.contains(&s.id),
                    hosts,
                }
            })
            .collect::<Vec<_>>();
        let mut peerings: Vec<_> = world
            .peerings
            .values()
            .filter(|p| &p.requester == vpc || &p.accepter == vpc)
            .collect();
        peerings.sort_by_key(|p| p.seq);
        let peerings = peerings
            .into_iter()
            .map(|p| {
                let other = if &p.requester == vpc {
                    &p.accepter
                } else {
                    &p.requester
                };
                Link {
                    name: p.name.clone(),
                    other: world
                        .vpcs
                        .get(other)
                        .map_or(other.to_string(), |o| format!("vpc {}", o.name)),
                    changed: changes.peerings.contains(&p.id),
                }
            })
            .collect();
        Some(Topology {
            vpc: vpc.clone(),
            title: format!("vpc {} {} ({})", v.name, v.cidr, v.id),
            igw: boxes.iter().any(|b| b.public).then(|| v.igw_id()),
            subnets: boxes,
            peerings,
        })
    }
}

impl App {
    /// The VPC the selected row is in (a VPC, or a VPC's group), else the first VPC.
    fn topology_vpc(&self) -> Option<VpcId> {
        let world = self.model.session.world();
        let selected = match &self.selected {
            Some(Node::Vpc(v)) => Some(v.clone()),
            Some(Node::Group(g)) => world.groups.get(g).and_then(|g| g.vpc.clone()),
            _ => None,
        };
        selected.or_else(|| {
            let mut vpcs: Vec<_> = world.vpcs.values().collect();
            vpcs.sort_by_key(|v| v.seq);
            vpcs.first().map(|v| v.id.clone())
        })
    }

    /// `v`: the topology of the selected row's VPC, opened or closed.
    pub(super) fn toggle_topology(&mut self) {
        if self.topology.take().is_some() {
            return;
        }
        let Some(vpc) = self.topology_vpc() else {
            self.input.status = Some("no VPC to draw".into());
            return;
        };
        self.grid = None;
        let world = self.model.session.world();
        self.topology = Topology::of(world, &vpc, &self.model.changes);
    }

    /// The topology view again, after the world or the highlights changed (closed when its VPC
    /// is gone).
    pub(super) fn rebuild_topology(&mut self) {
        if let Some(vpc) = self.topology.as_ref().map(|t| t.vpc.clone()) {
            let world = self.model.session.world();
            self.topology = Topology::of(world, &vpc, &self.model.changes);
        }
    }
}
