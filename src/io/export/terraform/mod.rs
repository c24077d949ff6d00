//! `export terraform`: a Terraform configuration that declares the world (interop/terraform.md).
//!
//! Groups carry no inline rules: every rule is its own `aws_vpc_security_group_ingress_rule` or
//! `_egress_rule`, as the provider recommends. Resources refer to each other by address
//! (`aws_security_group.web.id`), so Terraform orders their creation. The default VPC, its
//! default subnets, and every VPC's default group and network ACL are adopted with the
//! provider's `aws_default_*` resources rather than created. Every object whose id came from AWS
//! (an import) gets an `import` block, so `terraform plan` adopts it instead of creating a second
//! one; ids sgs minted get none ([`super::minted`]).
//!
//! A world across accounts or regions gets one aliased provider per account and region, and
//! every resource names its own (`providers`).
//!
//! One file per concern: this one (the HCL writer and addresses), `providers`, `network` (VPCs,
//! subnets, gateways, routes, peerings), `prefix_lists`, `groups` (groups and rules), `nacls`,
//! `instances` and `services`.

mod groups;
mod hcl;
mod instances;
mod nacls;
mod network;
mod prefix_lists;
mod providers;
mod services;

use super::Tally;
use crate::vocab::ids::Scope;
use crate::world::World;
use hcl::Block;
use std::collections::{HashMap, HashSet};

/// The configuration being written.
pub(super) struct Config<'w> {
    pub w: &'w World,
    blocks: Vec<String>,
    /// Object id to its resource's address (`aws_vpc.prod`).
    addrs: HashMap<String, String>,
    taken: HashSet<String>,
    /// The world's accounts and regions, the current one first.
    scopes: Vec<Scope>,
    /// Whether the world spans accounts or regions (then every resource names its provider).
    spans: bool,
    /// The provider the resources written next use, when the world spans.
    provider: Option<String>,
    pub tally: Tally,
}

impl<'w> Config<'w> {
    /// A unique address of `kind` named after `name`.
    pub fn address(&mut self, kind: &str, name: &str) -> String {
        let base = hcl::ident(name);
        let mut addr = format!("{kind}.{base}");
        let mut n = 2;
        while !self.taken.insert(addr.clone()) {
            addr = format!("{kind}.{base}_{n}");
            n += 1;
        }
        addr
    }

    /// Writes a resource block at `addr`, remembers it as object `id`'s, and writes an `import`
    /// block when `import` holds the AWS id to adopt.
    pub fn resource(&mut self, id: &str, addr: &str, block: Block, import: Option<String>) {
        let mut block = block;
        if let Some(p) = &self.provider {
            block.provider(p);
        }
        let (kind, name) = addr.split_once('.').unwrap_or((addr, ""));
        self.blocks
            .push(block.render(&format!("resource \"{kind}\" \"{name}\"")));
        if !id.is_empty() {
            self.addrs.insert(id.to_string(), addr.to_string());
        }
        if let Some(aws_id) = import {
            let mut b = Block::new();
            b.raw("to", addr);
            b.str("id", &aws_id);
            if let Some(p) = &self.provider {
                b.raw("provider", p);
            }
            self.blocks.push(b.render("import"));
            self.tally.imports += 1;
        }
    }

    /// The resources written next are in `scope`'s account and region: in a world that spans
    /// several, they name that scope's provider.
    pub fn enter(&mut self, scope: &Scope) {
        if self.spans {
            self.provider = Some(format!("aws.{}", providers::alias(scope)));
        }
    }

    /// Where `scope` sorts among the world's scopes (the current one first).
    pub fn order(&self, scope: &Scope) -> Option<usize> {
        self.scopes.iter().position(|s| s == scope)
    }

    /// The variable of the image instances of `region` launch from.
    pub fn ami(&self, region: &str) -> String {
        providers::ami(self.w, region)
    }

    pub fn comment(&mut self, text: &str) {
        self.blocks.push(format!(
            "# ---------------------------------------------- {text}"
        ));
    }

    /// The address of object `id`'s resource, if written.
    pub fn addr(&self, id: &str) -> Option<&str> {
        self.addrs.get(id).map(String::as_str)
    }

    /// The AWS id to import object `id` by, when it came from AWS.
    pub fn imported(&self, id: &str) -> Option<String> {
        (!super::minted(self.w, id)).then(|| id.to_string())
    }
}

/// The configuration for the world, and what it wrote and left out.
pub(super) fn config(world: &World) -> (String, Tally) {
    let mut c = Config {
        w: world,
        blocks: Vec::new(),
        addrs: HashMap::new(),
        taken: HashSet::new(),
        scopes: super::scopes(world),
        spans: super::scopes(world).len() > 1,
        provider: None,
        tally: Tally::default(),
    };
    network::write(&mut c);
    nacls::write(&mut c);
    prefix_lists::write(&mut c);
    groups::write(&mut c);
    instances::write(&mut c);
    services::write(&mut c);
    let mut text = header(world);
    text.push_str(&providers::header(world));
    for b in &c.blocks {
        text.push('\n');
        text.push_str(b);
    }
    (text, c.tally)
}

fn header(world: &World) -> String {
    format!(
        "# Written by sgs `export terraform`: the world as Terraform (account {} in sgs). Objects\n\
         # that came from AWS have `import` blocks, so `terraform plan` adopts them.\n\
         terraform {{\n  required_version = \">= 1.5\"\n  required_providers {{\n    aws = {{\n      \
         source  = \"hashicorp/aws\"\n      version = \">= 5.0\"\n    }}\n  }}\n}}\n\n\
         {}\
         variable \"ami\" {{\n  description = \"The image every instance launches from\"\n  \
         type        = string\n  default     = \"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\"\n}}\n",
        world.scope.account,
        if super::scopes(world).len() > 1 {
            String::new()
        } else {
            format!(
                "provider \"aws\" {{\n  region = {}\n}}\n\n",
                hcl::string(&world.scope.region)
            )
        },
    )
}
