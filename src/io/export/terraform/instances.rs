//! Instances (`aws_instance` from `var.ami`, `var.ami_<region>` outside the current region), their other interfaces (`aws_network_interface`
//! and an attachment each), interfaces of no instance, Elastic IPs and stopped states.

use super::Config;
use super::hcl::{Block, list, string};
use crate::io::export::Kind;
use crate::world::instance::{Eni, InstanceState};

/// The interface's groups as references; a group not declared here is reported.
fn groups(c: &mut Config<'_>, eni: &Eni) -> String {
    let mut out = Vec::new();
    for g in &eni.groups {
        match c.addr(g.as_str()) {
            Some(a) => out.push(format!("{a}.id")),
            None => c.tally.leave_out(
                format!("group {g} of interface {}", eni.name),
                "the configuration does not declare that group",
            ),
        }
    }
    list(&out)
}

/// The interface's IPv6 address: literal in a subnet that came from AWS, else as `cidrhost` of
/// its subnet's block (which AWS chooses).
fn ipv6(c: &Config<'_>, eni: &Eni, saddr: &str) -> Option<String> {
    let addr = eni.ipv6?;
    let sub = eni.subnet.as_ref().and_then(|s| c.w.subnets.get(s))?;
    if c.imported(sub.id.as_str()).is_some() {
        return Some(list(&[string(&addr.to_string())]));
    }
    let block = sub.ipv6?;
    let host = u128::from(addr).checked_sub(u128::from(block.network()))?;
    Some(list(&[format!(
        "cidrhost({saddr}.ipv6_cidr_block, {host})"
    )]))
}

pub(super) fn write(c: &mut Config<'_>) {
    let w = c.w;
    let mut list_: Vec<_> = w.instances.values().collect();
    list_.sort_by_key(|i| (c.order(&i.scope), i.seq));
    c.comment("instances and network interfaces");
    for inst in list_ {
        let what = format!("instance {} ({})", inst.name, inst.id);
        c.enter(&inst.scope);
        let Some(primary) = inst.primary_eni().and_then(|e| w.enis.get(e)) else {
            continue;
        };
        let Some(saddr) = primary
            .subnet
            .as_ref()
            .and_then(|s| c.addr(s.as_str()))
            .map(str::to_string)
        else {
            c.tally
                .leave_out(what, "an EC2-Classic instance: AWS retired EC2-Classic");
            continue;
        };
        let mut b = Block::new();
        b.raw("ami", &c.ami(&inst.scope.region));
        b.str("instance_type", crate::io::export::cli::INSTANCE_TYPE);
        b.raw("subnet_id", &format!("{saddr}.id"));
        b.str("private_ip", &primary.private_ip.to_string());
        let gs = groups(c, primary);
        b.raw("vpc_security_group_ids", &gs);
        b.raw(
            "associate_public_ip_address",
            if inst.auto_public_ip { "true" } else { "false" },
        );
        if let Some(v6) = ipv6(c, primary, &saddr) {
            b.raw("ipv6_addresses", &v6);
        }
        b.name_tag(&inst.name);
        let addr = c.address("aws_instance", &inst.name);
        let import = c.imported(inst.id.as_str());
        let adopted = import.is_some();
        c.resource(inst.id.as_str(), &addr, b, import);
        c.tally.count(Kind::Instance);
        c.tally.count(Kind::Eni);
        if primary.elastic_ip.is_some() {
            eip(
                c,
                primary,
                &format!("{addr}.primary_network_interface_id"),
                adopted,
            );
        }
        for eni in inst.enis.iter().skip(1).filter_map(|e| w.enis.get(e)) {
            let made = interface(c, eni).filter(|_| c.imported(eni.id.as_str()).is_none());
            if let Some(eaddr) = made {
                let mut a = Block::new();
                a.raw("instance_id", &format!("{addr}.id"));
                a.raw("network_interface_id", &format!("{eaddr}.id"));
                a.num("device_index", eni.device_index);
                let aaddr = c.address("aws_network_interface_attachment", &eni.name);
                c.resource("", &aaddr, a, None);
            }
        }
        if inst.state == InstanceState::Stopped {
            let mut s = Block::new();
            s.raw("instance_id", &format!("{addr}.id"));
            s.str("state", "stopped");
            let saddr = c.address("aws_ec2_instance_state", &inst.name);
            c.resource("", &saddr, s, None);
        }
    }
    let mut loose: Vec<&Eni> = w
        .enis
        .values()
        .filter(|e| e.instance.is_none() && e.owner.is_none())
        .collect();
    loose.sort_by_key(|e| (c.order(&e.scope), e.seq));
    for eni in loose {
        c.enter(&eni.scope);
        interface(c, eni);
    }
}

fn interface(c: &mut Config<'_>, eni: &Eni) -> Option<String> {
    let Some(saddr) = eni
        .subnet
        .as_ref()
        .and_then(|s| c.addr(s.as_str()))
        .map(str::to_string)
    else {
        c.tally.leave_out(
            format!("interface {} ({})", eni.name, eni.id),
            "it is in no subnet declared here",
        );
        return None;
    };
    let mut b = Block::new();
    b.raw("subnet_id", &format!("{saddr}.id"));
    b.raw("private_ips", &list(&[string(&eni.private_ip.to_string())]));
    let gs = groups(c, eni);
    b.raw("security_groups", &gs);
    if let Some(v6) = ipv6(c, eni, &saddr) {
        b.raw("ipv6_addresses", &v6);
    }
    b.name_tag(&eni.name);
    let addr = c.address("aws_network_interface", &eni.name);
    let import = c.imported(eni.id.as_str());
    let adopted = import.is_some();
    c.resource(eni.id.as_str(), &addr, b, import);
    c.tally.count(Kind::Eni);
    if eni.elastic_ip.is_some() {
        eip(c, eni, &format!("{addr}.id"), adopted);
    }
    Some(addr)
}

fn eip(c: &mut Config<'_>, eni: &Eni, target: &str, adopted: bool) {
    if adopted {
        c.tally.leave_out(
            format!("the Elastic IP of interface {}", eni.name),
            "it is AWS's already, and sgs keeps no allocation id to import it by",
        );
        return;
    }
    let mut b = Block::new();
    b.str("domain", "vpc");
    b.raw("network_interface", target);
    b.name_tag(&eni.name);
    let addr = c.address("aws_eip", &eni.name);
    c.resource("", &addr, b, None);
    c.tally.count(Kind::ElasticIp);
}
