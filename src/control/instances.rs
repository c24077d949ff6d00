//! Instances and network interfaces: launch, attach, change groups, addresses, stop, start and
//! terminate.

use super::addresses::{
    chosen_public, classic_address, ipv6_address, next_public, private_address,
};
use super::{Outcome, here_subnet, must_be_here, validate};
use crate::lang::ast::{LaunchPlace, PublicIp, Ref, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::ids::{EniId, InstanceId, Scope, SgId, SubnetId, VpcId};
use crate::world::instance::{Eni, Instance, InstanceState};
use crate::world::service::EniOwner;
use crate::world::{GroupHome, World};

/// Security groups per network interface (AWS's default quota).
pub const GROUPS_PER_ENI: usize = 5;
/// Security groups per EC2-Classic instance.
pub const CLASSIC_GROUPS_PER_INSTANCE: usize = 500;

/// The arguments of `launch`.
pub struct LaunchRequest<'a> {
    pub name: &'a Spanned<String>,
    pub place: &'a LaunchPlace,
    pub ip: Option<&'a Spanned<String>>,
    pub ipv6: Option<&'a Spanned<String>>,
    pub public_ip: Option<&'a PublicIp>,
    pub groups: &'a [Ref],
}

/// Where an interface goes: a subnet of a VPC, or EC2-Classic.
struct Placement {
    subnet: Option<SubnetId>,
    vpc: Option<VpcId>,
    /// Where its groups must come from.
    home: GroupHome,
}

/// Resolves and checks the groups for an interface: same network, at most the quota, and the
/// network's default group when none are given.
fn groups_for(
    world: &World,
    place: &Placement,
    refs: &[Ref],
    at: &Spanned<String>,
) -> Result<Vec<SgId>, Diagnostic> {
    if refs.is_empty() {
        let default = match &place.vpc {
            Some(v) => world.vpcs.get(v).map(|v| v.default_group.clone()),
            None => world
                .groups
                .values()
                .find(|g| g.vpc.is_none() && g.is_default && g.scope == world.scope)
                .map(|g| g.id.clone()),
        };
        return default.map(|g| vec![g]).ok_or_else(|| {
            Diagnostic::new(
                "InvalidGroup.NotFound",
                "The default security group does not exist",
            )
            .at(at.span)
        });
    }
    let mut out: Vec<SgId> = Vec::with_capacity(refs.len());
    for r in refs {
        let g = super::interface_group(world, r, &place.home)?;
        if world.group_home(g) != place.home {
            let subnet = place
                .subnet
                .as_ref()
                .map_or_else(|| "EC2-Classic".to_string(), |s| s.to_string());
            return Err(Diagnostic::new(
                "InvalidParameter",
                format!(
                    "Security group {} and subnet {subnet} belong to different networks.",
                    g.id
                ),
            )
            .at(r.span)
            .label(format!("{} is in another network", world.group_label(g))));
        }
        if !out.contains(&g.id) {
            out.push(g.id.clone());
        }
    }
    let limit = if place.vpc.is_some() {
        GROUPS_PER_ENI
    } else {
        CLASSIC_GROUPS_PER_INSTANCE
    };
    if out.len() > limit {
        let extra = refs.get(limit).map_or(at.span, |r| r.span);
        return Err(Diagnostic::new(
            "SecurityGroupsPerInterfaceLimitExceeded",
            "The maximum number of security groups per interface has been reached.",
        )
        .at(extra)
        .label(format!("more than {limit} groups"))
        .help("merge groups, or put the rules of several groups into one"));
    }
    Ok(out)
}

fn name_taken(world: &World, scope: &Scope, name: &str) -> bool {
    world
        .index
        .instance_names
        .get(name)
        .into_iter()
        .flatten()
        .filter_map(|id| world.instances.get(id))
        .any(|i| &i.scope == scope)
}

pub fn launch(world: &mut World, req: LaunchRequest<'_>) -> Result<Outcome, Diagnostic> {
    let scope = world.scope.clone();
    let name = validate::object_name(req.name, "instance")?;
    if name_taken(world, &scope, &name) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("An instance named '{name}' already exists in {scope}"),
        )
        .at(req.name.span)
        .label("name taken"));
    }
    if let Some(kind) = world.services.kind_named(&scope, &name) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("The name '{name}' is already used by a {kind} in {scope}"),
        )
        .at(req.name.span)
        .label(format!("a {kind} has this name"))
        .help("instances, cache clusters, replication groups, DB instances and DB clusters share one namespace"));
    }
    let place = match req.place {
        LaunchPlace::Classic => Placement {
            subnet: None,
            vpc: None,
            home: GroupHome::Classic(scope.clone()),
        },
        LaunchPlace::DefaultSubnet => {
            let vpc = world.default_vpc().ok_or_else(|| {
                Diagnostic::new(
                    "VPCIdNotSpecified",
                    "No default VPC for this user. Specify a subnet.",
                )
                .at(req.name.span)
                .help("launch NAME in VPC/SUBNET")
            })?;
            let subnet = world
                .subnets_of(&vpc.id)
                .into_iter()
                .find(|s| s.default_for_az)
                .ok_or_else(|| {
                    Diagnostic::new(
                        "MissingInput",
                        "No default subnet for availability zone: specify a subnet.",
                    )
                    .at(req.name.span)
                })?;
            Placement {
                subnet: Some(subnet.id.clone()),
                vpc: Some(vpc.id.clone()),
                home: GroupHome::Vpc(vpc.id.clone()),
            }
        }
        LaunchPlace::Subnet(r) => {
            let s = here_subnet(world, r)?;
            Placement {
                subnet: Some(s.id.clone()),
                vpc: Some(s.vpc.clone()),
                home: GroupHome::Vpc(s.vpc.clone()),
            }
        }
    };
    let groups = groups_for(world, &place, req.groups, req.name)?;

    let (private_ip, ipv6, public_ip, auto_public) = match &place.subnet {
        None => {
            if let Some(ip) = req.ip.or(req.ipv6) {
                return Err(Diagnostic::new(
                    "InvalidParameterCombination",
                    "EC2-Classic instances take their addresses from EC2",
                )
                .at(ip.span)
                .help("leave out ip/ipv6 for an EC2-Classic instance"));
            }
            let private = classic_address(world, &scope).ok_or_else(|| {
                Diagnostic::new(
                    "InsufficientAddressCapacity",
                    "The EC2-Classic network has no free address",
                )
            })?;
            let public = match req.public_ip.and_then(|p| p.address.as_ref()) {
                Some(text) => chosen_public(world, text)?,
                None => next_public(world)?,
            };
            (private, None, Some(public), true)
        }
        Some(subnet) => {
            let s = &world.subnets[subnet];
            let (public_subnet, default_subnet, sname) =
                (s.public, s.default_for_az, s.name.clone());
            if let Some(p) = req.public_ip
                && !public_subnet
            {
                return Err(Diagnostic::new(
                    "InvalidParameterCombination",
                    format!(
                        "The subnet '{sname}' ({subnet}) does not route to an internet gateway: \
                             public IP addresses can only be assigned in a public subnet"
                    ),
                )
                .at(p.span)
                .help("launch into a `public` subnet, or leave out public-ip"));
            }
            let chosen = req
                .public_ip
                .and_then(|p| p.address.as_ref())
                .map(|t| chosen_public(world, t))
                .transpose()?;
            let v6 = req
                .ipv6
                .map(|t| ipv6_address(world, subnet, t))
                .transpose()?;
            let private = private_address(world, subnet, req.ip)?;
            let auto = req.public_ip.is_some() || default_subnet;
            let public = match chosen {
                Some(a) => Some(a),
                None if auto => Some(next_public(world)?),
                None => None,
            };
            (private, v6, public, auto)
        }
    };

    let id = InstanceId(world.mint(InstanceId::PREFIX));
    let eni_id = EniId(world.mint(EniId::PREFIX));
    let seq = world.next_seq();
    world.add_eni(Eni {
        id: eni_id.clone(),
        name: name.clone(),
        scope: scope.clone(),
        instance: Some(id.clone()),
        subnet: place.subnet.clone(),
        vpc: place.vpc.clone(),
        private_ip,
        ipv6,
        public_ip,
        elastic_ip: None,
        groups: groups.clone(),
        device_index: 0,
        seq,
        owner: None,
    });
    world.add_instance(Instance {
        id: id.clone(),
        name: name.clone(),
        scope,
        state: InstanceState::Running,
        enis: vec![eni_id],
        auto_public_ip: auto_public,
        seq,
    });
    let where_ = match &place.subnet {
        Some(s) => {
            let sub = &world.subnets[s];
            format!("{}/{}", world.vpc_name(&sub.vpc), sub.name)
        }
        None => "EC2-Classic".to_string(),
    };
    let mut addrs = private_ip.to_string();
    if let Some(v6) = ipv6 {
        addrs.push_str(&format!(", {v6}"));
    }
    if let Some(p) = public_ip {
        addrs.push_str(&format!(", public {p}"));
    }
    let names: Vec<String> = groups.iter().map(|g| world.group_name(g)).collect();
    Ok(Outcome::ok(format!(
        "ok: launched {name} ({id}) in {where_}: {addrs}; groups {}",
        names.join(", ")
    )))
}

fn here_instance<'a>(world: &'a World, r: &Ref) -> Result<&'a Instance, Diagnostic> {
    let i = world.resolve_instance(r)?;
    must_be_here(
        world,
        &i.scope,
        "InvalidInstanceID.NotFound",
        "instance ID",
        r,
    )?;
    Ok(i)
}

fn primary<'a>(world: &'a World, i: &Instance) -> Result<&'a Eni, Diagnostic> {
    i.primary_eni()
        .and_then(|e| world.enis.get(e))
        .ok_or_else(|| {
            Diagnostic::new(
                "InvalidInstanceID.NotFound",
                format!("The instance ID '{}' has no network interface", i.id),
            )
        })
}

fn placement_of(eni: &Eni) -> Placement {
    Placement {
        subnet: eni.subnet.clone(),
        vpc: eni.vpc.clone(),
        home: match &eni.vpc {
            Some(v) => GroupHome::Vpc(v.clone()),
            None => GroupHome::Classic(eni.scope.clone()),
        },
    }
}

pub fn attach_eni(
    world: &mut World,
    name: &Spanned<String>,
    instance: &Ref,
    subnet: &Ref,
    groups: &[Ref],
) -> Result<Outcome, Diagnostic> {
    let ename = validate::object_name(name, "network interface")?;
    let inst = here_instance(world, instance)?;
    let first = primary(world, inst)?;
    let Some(inst_subnet) = first.subnet.as_ref().and_then(|s| world.subnets.get(s)) else {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            "EC2-Classic instances have one network interface",
        )
        .at(instance.span));
    };
    let s = here_subnet(world, subnet)?;
    if s.vpc != inst_subnet.vpc {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "Network interface subnet {} and instance {} belong to different networks.",
                s.id, inst.id
            ),
        )
        .at(subnet.span));
    }
    if s.az != inst_subnet.az {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            "You may not attach a network interface to an instance if they are not in the same availability zone",
        )
        .at(subnet.span)
        .label(format!("{} is in {}, the instance in {}", s.name, s.az, inst_subnet.az)));
    }
    let scope = world.scope.clone();
    if world
        .index
        .eni_names
        .get(&ename)
        .into_iter()
        .flatten()
        .filter_map(|e| world.enis.get(e))
        .any(|e| e.scope == scope)
        || name_taken(world, &scope, &ename)
    {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("The name '{ename}' is already in use in {scope}"),
        )
        .at(name.span)
        .label("name taken"));
    }
    let place = Placement {
        subnet: Some(s.id.clone()),
        vpc: Some(s.vpc.clone()),
        home: GroupHome::Vpc(s.vpc.clone()),
    };
    let gids = groups_for(world, &place, groups, name)?;
    let (inst_id, device_index) = (inst.id.clone(), inst.enis.len() as u32);
    let sid = s.id.clone();
    let private_ip = private_address(world, &sid, None)?;
    let eni_id = EniId(world.mint(EniId::PREFIX));
    let seq = world.next_seq();
    world.add_eni(Eni {
        id: eni_id.clone(),
        name: ename.clone(),
        scope,
        instance: Some(inst_id.clone()),
        subnet: place.subnet,
        vpc: place.vpc,
        private_ip,
        ipv6: None,
        public_ip: None,
        elastic_ip: None,
        groups: gids,
        device_index,
        seq,
        owner: None,
    });
    if let Some(i) = world.instances.get_mut(&inst_id) {
        i.enis.push(eni_id.clone());
    }
    Ok(Outcome::ok(format!(
        "ok: attached {ename} ({eni_id}) to {} as device {device_index}: {private_ip}",
        instance
    )))
}

fn set_groups(
    world: &mut World,
    eni: &Eni,
    groups: &[Ref],
    at: &Ref,
) -> Result<Outcome, Diagnostic> {
    if eni.vpc.is_none() {
        return Err(Diagnostic::new(
            "InvalidParameterCombination",
            "EC2-Classic instances keep the security groups they were launched with",
        )
        .at(at.span)
        .help("launch a new instance with the groups you want"));
    }
    if groups.is_empty() {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            "You must specify at least one group",
        )
        .at(at.span));
    }
    let place = placement_of(eni);
    let span_name = Spanned::new(at.name.clone(), at.span);
    let gids = groups_for(world, &place, groups, &span_name)?;
    let id = eni.id.clone();
    let names: Vec<String> = gids.iter().map(|g| world.group_name(g)).collect();
    world.set_eni_groups(&id, gids);
    Ok(Outcome::ok(format!(
        "ok: {id} now has groups {}",
        names.join(", ")
    )))
}

pub fn modify_instance(world: &mut World, r: &Ref, groups: &[Ref]) -> Result<Outcome, Diagnostic> {
    let inst = here_instance(world, r)?;
    let eni = primary(world, inst)?.clone();
    set_groups(world, &eni, groups, r)
}

pub fn modify_eni(world: &mut World, r: &Ref, groups: &[Ref]) -> Result<Outcome, Diagnostic> {
    let eni = world.resolve_eni(r)?;
    must_be_here(
        world,
        &eni.scope,
        "InvalidNetworkInterfaceID.NotFound",
        "network interface ID",
        r,
    )?;
    if let Some(owner) = &eni.owner {
        let (service, modify) = match owner {
            EniOwner::CacheNode { cluster, .. } => (
                "ElastiCache",
                format!("modify cache-cluster {cluster} groups …"),
            ),
            EniOwner::DbInstance { name } => ("RDS", format!("modify db-instance {name} groups …")),
        };
        return Err(Diagnostic::new(
            "OperationNotPermitted",
            format!(
                "The network interface {} is managed by {service}: change its groups through the service",
                eni.id
            ),
        )
        .at(r.span)
        .label(format!("{service} owns it"))
        .help(modify));
    }
    let eni = eni.clone();
    set_groups(world, &eni, groups, r)
}

pub fn associate_address(
    world: &mut World,
    address: &Spanned<String>,
    instance: &Ref,
) -> Result<Outcome, Diagnostic> {
    let inst = here_instance(world, instance)?;
    let eni = primary(world, inst)?;
    if let Some(vpc) = &eni.vpc {
        let has_igw = world.subnets_of(vpc).iter().any(|s| s.public);
        if !has_igw {
            return Err(Diagnostic::new(
                "Gateway.NotAttached",
                format!("Network {vpc} is not attached to any internet gateway"),
            )
            .at(instance.span)
            .help("give the VPC a `public` subnet"));
        }
    }
    if eni
        .elastic_ip
        .is_some_and(|e| e.to_string() == address.node)
    {
        return Ok(Outcome::ok(format!(
            "ok: {} is already associated with {}",
            address.node, inst.name
        )));
    }
    let a = chosen_public(world, address)?;
    let (eni_id, name) = (eni.id.clone(), inst.name.clone());
    world.set_elastic_ip(&eni_id, a);
    Ok(Outcome::ok(format!(
        "ok: associated Elastic IP {a} with {name} ({eni_id})"
    )))
}

pub fn stop(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let inst = here_instance(world, r)?;
    if inst.state == InstanceState::Stopped {
        return Ok(Outcome::ok(format!("ok: {} is already stopped", inst.name)));
    }
    let id = inst.id.clone();
    let name = inst.name.clone();
    let enis = inst.enis.clone();
    for e in &enis {
        world.set_public_ip(e, None);
    }
    if let Some(i) = world.instances.get_mut(&id) {
        i.state = InstanceState::Stopped;
    }
    Ok(Outcome::ok(format!(
        "ok: stopped {name} ({id}); its public address is released"
    )))
}

pub fn start(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let inst = here_instance(world, r)?;
    if inst.state == InstanceState::Running {
        return Ok(Outcome::ok(format!("ok: {} is already running", inst.name)));
    }
    let id = inst.id.clone();
    let name = inst.name.clone();
    let eni = primary(world, inst)?;
    let needs_public = inst.auto_public_ip && eni.elastic_ip.is_none();
    let eni_id = eni.id.clone();
    let public = if needs_public {
        Some(next_public(world)?)
    } else {
        None
    };
    if public.is_some() {
        world.set_public_ip(&eni_id, public);
    }
    if let Some(i) = world.instances.get_mut(&id) {
        i.state = InstanceState::Running;
    }
    Ok(Outcome::ok(match public {
        Some(p) => format!("ok: started {name} ({id}); new public address {p}"),
        None => format!("ok: started {name} ({id})"),
    }))
}

pub fn terminate(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let inst = here_instance(world, r)?;
    let (id, name) = (inst.id.clone(), inst.name.clone());
    world.remove_instance(&id);
    Ok(Outcome::ok(format!(
        "ok: terminated {name} ({id}); its network interfaces are deleted"
    )))
}
