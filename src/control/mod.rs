//! AWS's control plane: every command that changes the world.
//!
//! `apply` validates a command completely, with AWS's codes and messages (see `validate`), and
//! only then mutates the world through its primitives, so a command that fails changes nothing.
//! One file per family of commands. Nothing here prints or reads files.

mod addresses;
mod dependents;
mod groups;
mod instances;
mod nacls;
mod peering;
mod prefix_lists;
mod rules;
mod services;
mod topology;
pub mod validate;

use crate::lang::ast::{Command, Ref};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::Scope;

/// What a successful command reports: one short line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub message: String,
}

impl Outcome {
    pub fn ok(message: impl Into<String>) -> Self {
        Outcome {
            message: message.into(),
        }
    }
}

/// Applies a world-changing command. Queries (probe, show, …) and session commands (undo,
/// save, …) are the session's; passing one here is an error.
pub fn apply(world: &mut World, cmd: &Command) -> Result<Outcome, Diagnostic> {
    validate::group_list_given(cmd)?;
    match cmd {
        Command::Account(a) => topology::account(world, a),
        Command::Region(r) => topology::region(world, r),
        Command::CreateVpc { name, cidr, ipv6 } => {
            topology::create_vpc(world, name, cidr, ipv6.as_ref())
        }
        Command::CreateSubnet {
            name,
            vpc,
            cidr,
            ipv6,
            az,
            public,
        } => topology::create_subnet(world, name, vpc, cidr, ipv6.as_ref(), az.as_ref(), *public),
        Command::DeleteSubnet(r) => topology::delete_subnet(world, r),
        Command::DeleteVpc(r) => topology::delete_vpc(world, r),
        Command::CreatePeering {
            name,
            requester,
            accepter,
        } => peering::create(world, name, requester, accepter),
        Command::DeletePeering(r) => peering::delete(world, r),
        Command::CreatePrefixList {
            name,
            entries,
            max_entries,
        } => prefix_lists::create(world, name, entries, max_entries.as_ref()),
        Command::DeletePrefixList(r) => prefix_lists::delete(world, r),
        Command::CreateGroup {
            name,
            description,
            place,
            id,
        } => groups::create(world, name, description, place, id.as_ref()),
        Command::DeleteGroup(r) => groups::delete(world, r),
        Command::Authorize { rule, description } => {
            rules::authorize(world, rule, description.as_ref())
        }
        Command::Revoke(rule) => rules::revoke(world, rule),
        Command::RevokeRule(id) => rules::revoke_by_id(world, id),
        Command::UpdateDescription { rule, description } => {
            rules::update_description(world, rule, description.as_ref())
        }
        Command::Launch {
            name,
            place,
            ip,
            ipv6,
            public_ip,
            groups,
        } => instances::launch(
            world,
            instances::LaunchRequest {
                name,
                place,
                ip: ip.as_ref(),
                ipv6: ipv6.as_ref(),
                public_ip: public_ip.as_ref(),
                groups,
            },
        ),
        Command::AttachEni {
            name,
            instance,
            subnet,
            groups,
        } => instances::attach_eni(world, name, instance, subnet, groups),
        Command::ModifyInstance { instance, groups } => {
            instances::modify_instance(world, instance, groups)
        }
        Command::ModifyEni { eni, groups } => instances::modify_eni(world, eni, groups),
        Command::AssociateAddress { address, instance } => {
            instances::associate_address(world, address, instance)
        }
        Command::Stop(r) => instances::stop(world, r),
        Command::Start(r) => instances::start(world, r),
        Command::Terminate(r) => instances::terminate(world, r),
        Command::CreateNacl { name, vpc } => nacls::create(world, name, vpc),
        Command::CreateNaclEntry(spec) => nacls::create_entry(world, spec),
        Command::ReplaceNaclEntry(spec) => nacls::replace_entry(world, spec),
        Command::DeleteNaclEntry {
            nacl,
            direction,
            number,
        } => nacls::delete_entry(world, nacl, *direction, number),
        Command::AssociateNacl { nacl, subnet } => nacls::associate(world, nacl, subnet),
        Command::DeleteNacl(r) => nacls::delete(world, r),
        Command::Service(s) => services::apply(world, s),
        other => Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("{} does not change the world", command_name(other)),
        )),
    }
}

/// The command's first words, for messages.
pub fn command_name(cmd: &Command) -> &'static str {
    match cmd {
        Command::Account(_) => "account",
        Command::Region(_) => "region",
        Command::CreateVpc { .. } => "create vpc",
        Command::CreateSubnet { .. } => "create subnet",
        Command::DeleteSubnet(_) => "delete subnet",
        Command::DeleteVpc(_) => "delete vpc",
        Command::CreatePeering { .. } => "create peering",
        Command::DeletePeering(_) => "delete peering",
        Command::CreatePrefixList { .. } => "create prefix-list",
        Command::DeletePrefixList(_) => "delete prefix-list",
        Command::CreateGroup { .. } => "create group",
        Command::DeleteGroup(_) => "delete group",
        Command::Authorize { .. } => "authorize",
        Command::Revoke(_) | Command::RevokeRule(_) => "revoke",
        Command::UpdateDescription { .. } => "update",
        Command::Launch { .. } => "launch",
        Command::AttachEni { .. } => "attach eni",
        Command::ModifyInstance { .. } => "modify instance",
        Command::ModifyEni { .. } => "modify eni",
        Command::AssociateAddress { .. } => "associate address",
        Command::Stop(_) => "stop",
        Command::Start(_) => "start",
        Command::Terminate(_) => "terminate",
        Command::CreateNacl { .. } => "create nacl",
        Command::CreateNaclEntry(_) => "create nacl-entry",
        Command::ReplaceNaclEntry(_) => "replace nacl-entry",
        Command::DeleteNaclEntry { .. } => "delete nacl-entry",
        Command::AssociateNacl { .. } => "associate nacl",
        Command::DeleteNacl(_) => "delete nacl",
        Command::Service(s) => s.name(),
        Command::Probe(_) => "probe",
        Command::Trace(_) => "trace",
        Command::Expect(_) => "expect",
        Command::Show(_) => "show",
        Command::Lint { .. } => "lint",
        Command::Whole(_) => "question",
        Command::Mark(_) => "mark",
        Command::Connect { .. } => "connect",
        Command::Send(_) => "send",
        Command::TraceFlow(_) => "trace flow",
        Command::Wait(_) => "wait",
        Command::Close(_) => "close",
        Command::Save(_) => "save",
        Command::Load(_) => "load",
        Command::ImportAws(_) => "import aws",
        Command::Export { format, .. } => match format {
            crate::vocab::export::ExportFormat::Cli => "export cli",
            crate::vocab::export::ExportFormat::Terraform => "export terraform",
        },
        Command::Undo => "undo",
        Command::Redo => "redo",
        Command::Reset => "reset",
        Command::Echo(_) => "echo",
        Command::Pause => "pause",
        Command::Help(_) => "help",
        Command::Quit => "quit",
        Command::Ask(_) => "ask",
        Command::Task(_) => "task",
        Command::Goal(_) => "goal",
        Command::Goals => "goals",
    }
}

/// A VPC of the current account and region (one elsewhere is `InvalidVpcID.NotFound`).
fn here_vpc<'w>(world: &'w World, r: &Ref) -> Result<&'w crate::world::network::Vpc, Diagnostic> {
    let v = world.resolve_vpc(r)?;
    must_be_here(world, &v.scope, "InvalidVpcID.NotFound", "vpc ID", r)?;
    Ok(v)
}

/// A subnet of the current account and region (one elsewhere is `InvalidSubnetID.NotFound`).
fn here_subnet<'w>(
    world: &'w World,
    r: &Ref,
) -> Result<&'w crate::world::network::Subnet, Diagnostic> {
    let s = world.resolve_subnet(r)?;
    must_be_here(world, &s.scope, "InvalidSubnetID.NotFound", "subnet ID", r)?;
    Ok(s)
}

/// A group for an interface (`launch`, `modify … groups`, a cache cluster's or DB instance's
/// groups): AWS sees only the groups of the request's account and region, so one elsewhere is
/// `InvalidGroup.NotFound`, as AWS answers an id it cannot see.
fn interface_group<'w>(
    world: &'w World,
    r: &Ref,
    home: &crate::world::GroupHome,
) -> Result<&'w crate::world::group::Group, Diagnostic> {
    let g = world.resolve_group(r, Some(home))?;
    if g.scope == world.scope {
        return Ok(g);
    }
    Err(Diagnostic::new(
        "InvalidGroup.NotFound",
        format!("The security group '{r}' does not exist"),
    )
    .at(r.span)
    .label(format!("{} is in {}", world.group_label(g), g.scope))
    .help("an interface takes groups of its own account and region"))
}

/// As in AWS, a command changes only objects of the current account and region: one elsewhere
/// is answered with its kind's NotFound code.
fn must_be_here(
    world: &World,
    scope: &Scope,
    code: &str,
    what: &str,
    r: &Ref,
) -> Result<(), Diagnostic> {
    if *scope == world.scope {
        Ok(())
    } else {
        Err(
            Diagnostic::new(code, format!("The {what} '{r}' does not exist"))
                .at(r.span)
                .label(format!("it is in {scope}"))
                .help(format!(
                    "switch there first: account {} / region {}",
                    scope.account, scope.region
                )),
        )
    }
}
