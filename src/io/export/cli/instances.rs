//! Instances, their network interfaces and Elastic IPs.
//!
//! Each instance launches from `$AMI` (`$AMI_<REGION>` outside the current region) with its
//! primary interface as the world has it: subnet, private address, groups, and whether it gets a
//! public address. Its other interfaces are
//! created and attached in order once it runs; an interface of no instance is only created; an
//! Elastic IP is allocated and associated. A stopped instance is stopped after. AWS chooses the
//! public addresses, so they differ from the world's.

use super::shell::{Arg, bare, json, json_var, text, var};
use super::topology::query;
use super::{INSTANCE_TYPE, Script};
use crate::io::export::Kind;
use crate::world::instance::{Eni, Instance, InstanceState};
use serde_json::{Value, json};

pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    let order = super::accounts::scopes(w);
    let place = |scope| order.iter().position(|o| o == scope);
    let mut list: Vec<&Instance> = w.instances.values().collect();
    list.sort_by_key(|i| (place(&i.scope), i.seq));
    let mut started = false;
    for inst in list {
        let what = format!("instance {} ({})", inst.name, inst.id);
        let Some(primary) = inst.primary_eni().and_then(|e| w.enis.get(e)) else {
            continue;
        };
        let Some(subnet) = primary
            .subnet
            .as_ref()
            .and_then(|x| s.var(x.as_str()))
            .map(str::to_string)
        else {
            s.tally
                .leave_out(what, "an EC2-Classic instance: AWS retired EC2-Classic");
            continue;
        };
        if !started {
            s.section("instances and network interfaces");
            started = true;
        }
        s.enter(&inst.scope);
        let mut nic = json!({
            "DeviceIndex": 0,
            "SubnetId": json_var(&subnet),
            "PrivateIpAddress": primary.private_ip.to_string(),
            "Groups": groups(s, primary),
            "AssociatePublicIpAddress": inst.auto_public_ip,
        });
        if let (Some(v6), Some(m)) = (ipv6(s, primary), nic.as_object_mut()) {
            m.insert(
                "Ipv6Addresses".into(),
                json!([{"Ipv6Address": json_var(&v6)}]),
            );
        }
        let nic = Value::Array(vec![nic]);
        let tags = json!([
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": text(&inst.name)}]},
            {"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": text(&primary.name)}]},
        ]);
        let mut a: Vec<Arg> = ["aws", "ec2", "run-instances", "--image-id"]
            .map(bare)
            .into();
        let ami = super::accounts::ami_var(w, &inst.scope.region);
        a.extend([var(&ami), bare("--instance-type"), bare(INSTANCE_TYPE)]);
        a.extend([bare("--network-interfaces"), json(&nic)]);
        a.extend([bare("--tag-specifications"), json(&tags)]);
        a.extend(query("Instances[0].InstanceId"));
        let iv = s.capture(inst.id.as_str(), "I", &inst.name, a);
        s.tally.count(Kind::Instance);
        s.tally.count(Kind::Eni);
        let more: Vec<&Eni> = inst
            .enis
            .iter()
            .skip(1)
            .filter_map(|e| w.enis.get(e))
            .collect();
        let needs_running = !more.is_empty()
            || primary.elastic_ip.is_some()
            || inst.state == InstanceState::Stopped;
        if needs_running {
            s.run(vec![
                bare("aws"),
                bare("ec2"),
                bare("wait"),
                bare("instance-running"),
                bare("--instance-ids"),
                var(&iv),
            ]);
        }
        if primary.elastic_ip.is_some() {
            let mut a: Vec<Arg> = ["aws", "ec2", "describe-instances", "--instance-ids"]
                .map(bare)
                .into();
            a.push(var(&iv));
            a.extend(query(
                "Reservations[0].Instances[0].NetworkInterfaces[?Attachment.DeviceIndex==`0`].NetworkInterfaceId | [0]",
            ));
            let ev = s.capture(primary.id.as_str(), "ENI", &primary.name, a);
            elastic_ip(s, primary, &ev);
        }
        for eni in more {
            if let Some(ev) = create_eni(s, eni) {
                s.run(vec![
                    bare("aws"),
                    bare("ec2"),
                    bare("attach-network-interface"),
                    bare("--network-interface-id"),
                    var(&ev),
                    bare("--instance-id"),
                    var(&iv),
                    bare("--device-index"),
                    bare(eni.device_index.to_string()),
                ]);
                elastic_ip(s, eni, &ev);
            }
        }
        if inst.state == InstanceState::Stopped {
            s.run(vec![
                bare("aws"),
                bare("ec2"),
                bare("stop-instances"),
                bare("--instance-ids"),
                var(&iv),
            ]);
        }
    }
    let mut loose: Vec<&Eni> = w
        .enis
        .values()
        .filter(|e| e.instance.is_none() && e.owner.is_none())
        .collect();
    loose.sort_by_key(|e| (place(&e.scope), e.seq));
    for eni in loose {
        if !started {
            s.section("instances and network interfaces");
            started = true;
        }
        s.enter(&eni.scope);
        if let Some(ev) = create_eni(s, eni) {
            elastic_ip(s, eni, &ev);
        }
    }
}

/// The variables of an interface's groups.
fn group_vars(s: &mut Script<'_>, eni: &Eni) -> Vec<String> {
    let mut out = Vec::new();
    for g in &eni.groups {
        match s.var(g.as_str()) {
            Some(v) => out.push(v.to_string()),
            None => s.tally.leave_out(
                format!("group {g} of interface {}", eni.name),
                "the script does not build that group",
            ),
        }
    }
    out
}

/// The group ids of an interface, as JSON strings holding their variables.
fn groups(s: &mut Script<'_>, eni: &Eni) -> Value {
    Value::Array(group_vars(s, eni).iter().map(|v| json_var(v)).collect())
}

/// A variable holding the interface's IPv6 address inside its subnet's block as the script made
/// it (the world's host part), or `None` when it has none.
fn ipv6(s: &mut Script<'_>, eni: &Eni) -> Option<String> {
    let addr = eni.ipv6?;
    let sub = eni.subnet.as_ref()?;
    let Some(block) = s.var(&format!("{}#v6", sub.as_str())).map(str::to_string) else {
        s.tally.leave_out(
            format!("the IPv6 address {addr} of interface {}", eni.name),
            "its subnet's IPv6 block is not written",
        );
        return None;
    };
    let low = u128::from(addr) as u64;
    let host = format!(
        "{:x}:{:x}:{:x}:{:x}",
        low >> 48,
        (low >> 32) & 0xffff,
        (low >> 16) & 0xffff,
        low & 0xffff
    );
    let v = s.fresh("V6", &eni.name);
    s.run_plain(vec![bare(format!("{v}=$(v6_address \"${block}\" {host})"))]);
    Some(v)
}

fn create_eni(s: &mut Script<'_>, eni: &Eni) -> Option<String> {
    let Some(subnet) = eni
        .subnet
        .as_ref()
        .and_then(|x| s.var(x.as_str()))
        .map(str::to_string)
    else {
        s.tally.leave_out(
            format!("interface {} ({})", eni.name, eni.id),
            "it is in no subnet the script builds",
        );
        return None;
    };
    let v6 = ipv6(s, eni);
    let mut a: Vec<Arg> = ["aws", "ec2", "create-network-interface", "--subnet-id"]
        .map(bare)
        .into();
    a.push(var(&subnet));
    a.extend([
        bare("--private-ip-address"),
        bare(eni.private_ip.to_string()),
    ]);
    if let Some(v6) = v6 {
        let addrs = json!([{"Ipv6Address": json_var(&v6)}]);
        a.extend([bare("--ipv6-addresses"), json(&addrs)]);
    }
    let gs = group_vars(s, eni);
    if !gs.is_empty() {
        // `--groups` takes several words: each is one id.
        a.push(bare("--groups"));
        a.extend(gs.iter().map(|g| var(g)));
    }
    a.extend(super::topology::name_tag("network-interface", &eni.name));
    a.extend(query("NetworkInterface.NetworkInterfaceId"));
    let ev = s.capture(eni.id.as_str(), "ENI", &eni.name, a);
    s.tally.count(Kind::Eni);
    Some(ev)
}

fn elastic_ip(s: &mut Script<'_>, eni: &Eni, ev: &str) {
    if eni.elastic_ip.is_none() {
        return;
    }
    let mut a: Vec<Arg> = ["aws", "ec2", "allocate-address", "--domain", "vpc"]
        .map(bare)
        .into();
    a.extend(query("AllocationId"));
    let av = s.capture(&format!("{}#eip", eni.id.as_str()), "EIP", &eni.name, a);
    s.run(vec![
        bare("aws"),
        bare("ec2"),
        bare("associate-address"),
        bare("--allocation-id"),
        var(&av),
        bare("--network-interface-id"),
        var(ev),
    ]);
    s.tally.count(Kind::ElasticIp);
}
