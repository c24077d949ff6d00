//! Accounts, regions, VPCs and subnets.

use super::{Outcome, here_subnet, here_vpc, validate};
use crate::lang::ast::{Ref, Spanned};
use crate::lang::error::Diagnostic;
use crate::world::World;
use crate::world::ids::{Scope, SubnetId};
use crate::world::network::Subnet;

/// The regions the sandbox knows (AWS's commercial regions).
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "sa-east-1",
];

/// VPCs per account and region (AWS's default quota).
pub const VPCS_PER_REGION: usize = 5;

pub fn account(world: &mut World, account: &Spanned<String>) -> Result<Outcome, Diagnostic> {
    let a = account.node.as_str();
    if a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid account ID '{a}': an AWS account ID is 12 digits"),
        )
        .at(account.span)
        .label("not 12 digits")
        .help("write e.g. account 111122223333"));
    }
    let scope = Scope::new(a, world.scope.region.clone());
    let new = !world.scopes.contains(&scope);
    world.ensure_scope(&scope);
    world.scope = scope;
    Ok(Outcome::ok(if new {
        format!(
            "ok: account {a} (new, with its default VPC in {})",
            world.scope.region
        )
    } else {
        format!("ok: account {a}")
    }))
}

pub fn region(world: &mut World, region: &Spanned<String>) -> Result<Outcome, Diagnostic> {
    let r = region.node.to_ascii_lowercase();
    if !REGIONS.contains(&r.as_str()) {
        let mut err = Diagnostic::new(
            "InvalidParameterValue",
            format!("Invalid region '{}'", region.node),
        )
        .at(region.span)
        .label("not an AWS region");
        if let Some(best) = crate::lang::suggest::did_you_mean(&r, REGIONS.iter().copied()) {
            err = err.help(format!("did you mean {best}?"));
        }
        return Err(err);
    }
    let scope = Scope::new(world.scope.account.clone(), r.clone());
    let new = !world.scopes.contains(&scope);
    world.ensure_scope(&scope);
    world.scope = scope;
    Ok(Outcome::ok(if new {
        format!("ok: region {r} (new, with its default VPC)")
    } else {
        format!("ok: region {r}")
    }))
}

pub fn create_vpc(
    world: &mut World,
    name: &Spanned<String>,
    cidr: &Spanned<String>,
    ipv6: Option<&Spanned<String>>,
) -> Result<Outcome, Diagnostic> {
    let vname = validate::object_name(name, "VPC")?;
    let scope = world.scope.clone();
    let here: Vec<_> = world.vpcs.values().filter(|v| v.scope == scope).collect();
    if here.iter().any(|v| v.name == vname) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!("A VPC named '{vname}' already exists in {scope}"),
        )
        .at(name.span)
        .label("name taken")
        .help("VPC names are unique within an account and region"));
    }
    if here.len() >= VPCS_PER_REGION {
        return Err(Diagnostic::new(
            "VpcLimitExceeded",
            "The maximum number of VPCs has been reached.",
        )
        .at(name.span)
        .help(format!(
            "an account has at most {VPCS_PER_REGION} VPCs per region; delete one first"
        )));
    }
    let net = validate::block_v4(cidr, 16, "InvalidVpc.Range")?;
    let net6 = ipv6
        .map(|t| validate::block_v6(t, 56, "InvalidVpc.Range"))
        .transpose()?;
    let id = world.create_vpc(&scope, &vname, net, net6, false);
    Ok(Outcome::ok(format!(
        "ok: created vpc {vname} ({id}) {net}{}",
        match net6 {
            Some(n) => format!(" ipv6 {n}"),
            None => String::new(),
        }
    )))
}

#[allow(clippy::too_many_arguments)]
pub fn create_subnet(
    world: &mut World,
    name: &Spanned<String>,
    vpc_ref: &Ref,
    cidr: &Spanned<String>,
    ipv6: Option<&Spanned<String>>,
    az: Option<&Spanned<String>>,
    public: bool,
) -> Result<Outcome, Diagnostic> {
    let vpc = here_vpc(world, vpc_ref)?;
    let sname = validate::object_name(name, "subnet")?;
    let vpc_id = vpc.id.clone();
    let siblings = world.subnets_of(&vpc_id);
    if siblings.iter().any(|s| s.name == sname) {
        return Err(Diagnostic::new(
            "InvalidParameterValue",
            format!(
                "A subnet named '{sname}' already exists in vpc {}",
                vpc.name
            ),
        )
        .at(name.span)
        .label("name taken"));
    }
    let net = validate::block_v4(cidr, 16, "InvalidSubnet.Range")?;
    if !vpc.cidr.contains(&net) {
        return Err(Diagnostic::new(
            "InvalidSubnet.Range",
            format!("The CIDR '{net}' is invalid."),
        )
        .at(cidr.span)
        .label(format!("not inside the VPC's {}", vpc.cidr)));
    }
    if let Some(other) = siblings
        .iter()
        .find(|s| s.cidr.contains(&net) || net.contains(&s.cidr))
    {
        return Err(Diagnostic::new(
            "InvalidSubnet.Conflict",
            format!("The CIDR '{net}' conflicts with another subnet"),
        )
        .at(cidr.span)
        .label(format!("overlaps {} ({})", other.name, other.cidr)));
    }
    let net6 = match ipv6 {
        None => None,
        Some(t) => {
            let n6 = validate::block_v6(t, 64, "InvalidSubnet.Range")?;
            match vpc.ipv6 {
                Some(v6) if v6.contains(&n6) => {}
                Some(v6) => {
                    return Err(Diagnostic::new(
                        "InvalidSubnet.Range",
                        format!("The IPv6 CIDR '{n6}' is invalid."),
                    )
                    .at(t.span)
                    .label(format!("not inside the VPC's {v6}")));
                }
                None => {
                    return Err(Diagnostic::new(
                        "InvalidParameterValue",
                        format!("The VPC '{}' has no IPv6 CIDR block", vpc.name),
                    )
                    .at(t.span)
                    .help("create the VPC with `ipv6 <cidr>/56` first"));
                }
            }
            if let Some(other) = siblings.iter().find(|s| s.ipv6 == Some(n6)) {
                return Err(Diagnostic::new(
                    "InvalidSubnet.Conflict",
                    format!("The CIDR '{n6}' conflicts with another subnet"),
                )
                .at(t.span)
                .label(format!("used by {}", other.name)));
            }
            Some(n6)
        }
    };
    let region = vpc.scope.region.clone();
    let zone = match az {
        None => format!("{region}a"),
        Some(z) => {
            let zl = z.node.to_ascii_lowercase();
            let ok = zl.len() == region.len() + 1
                && zl.starts_with(&region)
                && zl.ends_with(|c: char| ('a'..='f').contains(&c));
            if !ok {
                return Err(Diagnostic::new(
                    "InvalidParameterValue",
                    format!(
                        "Value ({}) for parameter availabilityZone is invalid. Subnets can currently \
                         only be created in the following availability zones: {region}a, {region}b, \
                         {region}c, {region}d, {region}e, {region}f.",
                        z.node
                    ),
                )
                .at(z.span)
                .label(format!("not a zone of {region}")));
            }
            zl
        }
    };
    let scope = vpc.scope.clone();
    let nacl = vpc.default_nacl.clone();
    let id = SubnetId(world.mint(SubnetId::PREFIX));
    let seq = world.next_seq();
    let vname = world.vpc_name(&vpc_id).to_string();
    world.add_subnet(Subnet {
        id: id.clone(),
        name: sname.clone(),
        vpc: vpc_id,
        nacl,
        scope,
        cidr: net,
        ipv6: net6,
        az: zone.clone(),
        public,
        default_for_az: false,
        seq,
    });
    Ok(Outcome::ok(format!(
        "ok: created subnet {vname}/{sname} ({id}) {net} in {zone}{}",
        if public { ", public" } else { "" }
    )))
}

pub fn delete_subnet(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let subnet = here_subnet(world, r)?;
    let id = subnet.id.clone();
    let dependents = super::dependents::of_subnet(world, &id);
    if let Some(first) = dependents.first() {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("The subnet '{id}' has dependencies and cannot be deleted."),
        )
        .at(r.span)
        .label(first.what.clone())
        .help(super::dependents::help(&dependents)));
    }
    let name = subnet.name.clone();
    world.remove_subnet(&id);
    Ok(Outcome::ok(format!("ok: deleted subnet {name} ({id})")))
}

pub fn delete_vpc(world: &mut World, r: &Ref) -> Result<Outcome, Diagnostic> {
    let vpc = here_vpc(world, r)?;
    let id = vpc.id.clone();
    let dependents = super::dependents::of_vpc(world, &id);
    if let Some(first) = dependents.first() {
        return Err(Diagnostic::new(
            "DependencyViolation",
            format!("The vpc '{id}' has dependencies and cannot be deleted."),
        )
        .at(r.span)
        .label(first.what.clone())
        .help(super::dependents::help(&dependents)));
    }
    let name = vpc.name.clone();
    let default_group = vpc.default_group.clone();
    let default_nacl = vpc.default_nacl.clone();
    world.remove_group(&default_group);
    world.remove_nacl(&default_nacl);
    world.remove_vpc(&id);
    Ok(Outcome::ok(format!("ok: deleted vpc {name} ({id})")))
}
