//! The round trip (issue 14): a world exported as an AWS CLI script, run with the real AWS CLI
//! against moto, dumped with the real describe-* commands and imported again, gives back the
//! same groups, the same rules (by content), the same managed prefix lists and the same reach for
//! tcp 22, tcp 443, udp 53 and ICMP echo, between endpoints and to and from the lists' entries.
//! For every shipped session whose world uses only VPC features, and three worlds of
//! the project's generator (`sgs gen`). Without moto and the AWS CLI installed (`.ci/run`
//! installs them into `.venv-test`), the test says it skipped.

use super::moto::{DEFAULT_ACCOUNT, Moto, venv_bin};
use sgs::io::FileHost;
use sgs::io::synth::{GenSpec, generate};
use sgs::session::{Reply, Session, Verbosity};
use sgs::vocab::export::ExportFormat;
use sgs::world::World;
use sgs::world::group::RulePeer;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

const PACKETS: &[&str] = &["tcp 22", "tcp 443", "udp 53", "icmp echo-request"];

/// Why a world is not round-tripped, if it is not.
fn not_vpc_only(s: &Session) -> Option<String> {
    let w = s.world();
    let sv = &w.services;
    if !sv.cache_clusters.is_empty() || !sv.db_instances.is_empty() || !sv.db_clusters.is_empty() {
        return Some("uses ElastiCache or RDS (moto's ElastiCache and RDS leave out the interfaces and groups sgs reads)".into());
    }
    if w.groups.values().any(|g| g.vpc.is_none() && !g.is_default)
        || w.instances.values().any(|i| {
            i.enis
                .first()
                .and_then(|e| w.enis.get(e))
                .is_some_and(|e| e.subnet.is_none())
        })
    {
        return Some("uses EC2-Classic".into());
    }
    let out = sgs::io::export::export(w, ExportFormat::Cli, "x.sh");
    if let Some(first) = out.report.left_out.first() {
        return Some(format!(
            "the export leaves {} thing(s) out, first {}",
            out.report.left_out.len(),
            first.line()
        ));
    }
    None
}

/// Each VPC group's rules by content: `vpc/group`, then one line per rule with its direction,
/// protocol and ports, peer (a CIDR, the referenced group as `vpc/group`, or a prefix list by
/// name) and description; and the managed prefix lists. The groups of the account's default
/// VPC are left out when `default_vpc` is false: every account has that VPC, and a world without
/// one (an imported estate) neither builds nor changes it.
fn rules(w: &World, default_vpc: bool) -> BTreeSet<String> {
    let group_name = |id: &sgs::world::ids::SgId| {
        w.groups
            .get(id)
            .map(|g| {
                let vpc = g
                    .vpc
                    .as_ref()
                    .and_then(|v| w.vpcs.get(v))
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                format!("{vpc}/{}", g.name)
            })
            .unwrap_or_else(|| id.to_string())
    };
    let mut out = BTreeSet::new();
    // The lists of the account's own, with their entries; a list AWS manages has AWS's entries
    // (moto's differ from AWS's), so only its name is compared, and only when a rule names it.
    for l in w.prefix_lists.values() {
        if l.owner == sgs::world::prefix_list::AWS_OWNER {
            if w.list_referrers(&l.id).next().is_some() {
                out.insert(format!("prefix-list {} (AWS)", l.name));
            }
            continue;
        }
        let entries: Vec<String> = l
            .entries
            .iter()
            .map(|e| format!("{} {:?}", e.cidr, e.description.as_deref().unwrap_or("")))
            .collect();
        out.insert(format!(
            "prefix-list {} {:?} max {} [{}]",
            l.name,
            l.family,
            l.max_entries,
            entries.join(", ")
        ));
    }
    let in_default_vpc = |g: &sgs::world::group::Group| {
        g.vpc
            .as_ref()
            .and_then(|v| w.vpcs.get(v))
            .is_some_and(|v| v.is_default)
    };
    for g in w
        .groups
        .values()
        .filter(|g| g.vpc.is_some() && (default_vpc || !in_default_vpc(g)))
    {
        let name = group_name(&g.id);
        out.insert(format!("group {name}"));
        for (direction, r) in g.all_rules() {
            let peer = match &r.peer {
                RulePeer::Cidr(net) => net.to_string(),
                RulePeer::Group { id, .. } => group_name(id),
                // A list's id is AWS's choice: it is named by its name.
                RulePeer::PrefixList(id) => format!("prefix-list {}", w.prefix_list_name(id)),
            };
            // moto keeps no description of a rule whose peer is a prefix list: its
            // SecurityGroupRule stores only the pair's PrefixListId (docs/fidelity.md).
            let description = match &r.peer {
                RulePeer::PrefixList(_) => "",
                _ => r.description.as_deref().unwrap_or(""),
            };
            out.insert(format!(
                "{name} {} {} {peer} {description:?}",
                direction.as_str(),
                r.proto,
            ));
        }
    }
    out
}

/// The addresses that stand for the entries of the prefix lists rules name: the first address
/// of each entry of a list of the account's own, and of each entry of an AWS-managed list that
/// `back`'s list of the same name has too (moto's AWS lists hold entries of their own).
fn list_addresses(w: &World, back: &World) -> Vec<std::net::IpAddr> {
    let mut out = Vec::new();
    for l in w.prefix_lists.values() {
        if w.list_referrers(&l.id).next().is_none() {
            continue;
        }
        let aws = l.owner == sgs::world::prefix_list::AWS_OWNER;
        let theirs = back.prefix_lists.values().find(|x| x.name == l.name);
        for e in &l.entries {
            if aws && !theirs.is_some_and(|t| t.cidrs().any(|c| *c == e.cidr)) {
                continue;
            }
            let first = e.cidr.hosts().next().unwrap_or_else(|| e.cidr.addr());
            out.push(first);
        }
    }
    out
}

/// Whether each packet of PACKETS from each address to each instance, and back, is allowed.
fn list_verdicts(s: &mut Session, addresses: &[std::net::IpAddr]) -> BTreeSet<String> {
    let mut names: Vec<String> = s
        .world()
        .instances
        .values()
        .map(|i| i.name.clone())
        .collect();
    names.sort();
    let mut out = BTreeSet::new();
    for a in addresses {
        for n in &names {
            for p in PACKETS {
                for line in [
                    format!("expect allow {p} from {a} to {n}"),
                    format!("expect allow {p} from {n} to {a}"),
                ] {
                    let pass = match s.run_line(&line, &mut FileHost) {
                        Ok(Some(r)) => r.text().starts_with("pass"),
                        other => panic!("{line}: {other:?}"),
                    };
                    out.insert(format!("{line}: {pass}"));
                }
            }
        }
    }
    out
}

/// The pairs `show reach PACKET everywhere` allows, by endpoint name.
fn reach(s: &mut Session, packet: &str) -> BTreeSet<(String, String)> {
    let line = format!("show reach {packet} everywhere");
    let reply = match s.run_line(&line, &mut FileHost) {
        Ok(Some(r)) => r,
        other => panic!("{line}: {other:?}"),
    };
    let Reply::Reach(m) = reply else {
        panic!("{line} answered {reply:?}");
    };
    let mut out = BTreeSet::new();
    for (r, row) in m.rows.iter().enumerate() {
        for (c, col) in m.cols.iter().enumerate() {
            if m.get(r, c) {
                out.insert((row.clone(), col.clone()));
            }
        }
    }
    out
}

fn diff<T: Ord + std::fmt::Debug>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> String {
    let only_a: Vec<_> = a.difference(b).collect();
    let only_b: Vec<_> = b.difference(a).collect();
    format!("only in the world: {only_a:#?}\nonly after the round trip: {only_b:#?}")
}

/// The accounts and regions the world's VPCs are in, as moto serves them: the current account
/// and region are moto's default account in us-east-1 (where the script starts), the others
/// keep their ids.
fn scopes(w: &World) -> Vec<(String, String)> {
    let moto = |account: &str, region: &str| {
        let a = if account == w.scope.account {
            DEFAULT_ACCOUNT
        } else {
            account
        };
        let r = if region == w.scope.region {
            "us-east-1"
        } else {
            region
        };
        (a.to_string(), r.to_string())
    };
    let mut out = vec![moto(&w.scope.account, &w.scope.region)];
    let mut rest: BTreeSet<(String, String)> = w
        .vpcs
        .values()
        .map(|v| moto(&v.scope.account, &v.scope.region))
        .collect();
    rest.remove(&out[0]);
    out.extend(rest);
    out
}

/// Exports `s`'s world, builds it in moto, imports what moto describes, and compares.
fn round_trip(moto: &Moto, name: &str, s: &mut Session, dir: &Path) -> Result<String, String> {
    let scopes = moto.reset(&scopes(s.world()))?;
    let script = dir.join(format!("{name}.sh"));
    let line = format!("export cli to \"{}\"", script.display());
    match s.run_line(&line, &mut FileHost) {
        Ok(Some(Reply::Exported(_))) => {}
        other => return Err(format!("{line}: {other:?}")),
    }
    moto.run_script(&script, &scopes)?;
    let dump = dir.join(name);
    moto.dump(&dump, &scopes)?;
    let mut back = Session::new();
    let import = format!("import aws \"{}\"", dump.display());
    match back.run_line(&import, &mut FileHost) {
        Ok(Some(Reply::Imported(_))) => {}
        other => return Err(format!("{import}: {other:?}")),
    }
    let default_vpc = s.world().vpcs.values().any(|v| v.is_default);
    let (want, got) = (
        rules(s.world(), default_vpc),
        rules(back.world(), default_vpc),
    );
    if want != got {
        return Err(format!(
            "the groups and rules differ\n{}",
            diff(&want, &got)
        ));
    }
    let mut pairs = 0;
    for p in PACKETS {
        let (want, got) = (reach(s, p), reach(&mut back, p));
        if want != got {
            return Err(format!("reach for {p} differs\n{}", diff(&want, &got)));
        }
        pairs += want.len();
    }
    // The reach matrix has no endpoint inside a list's entries: each entry's first address is
    // probed to and from every instance.
    let addresses = list_addresses(s.world(), back.world());
    let (want_lists, got_lists) = (
        list_verdicts(s, &addresses),
        list_verdicts(&mut back, &addresses),
    );
    if want_lists != got_lists {
        return Err(format!(
            "the verdicts to and from prefix list entries differ\n{}",
            diff(&want_lists, &got_lists)
        ));
    }
    let lists = if addresses.is_empty() {
        String::new()
    } else {
        let allowed = want_lists.iter().filter(|v| v.ends_with("true")).count();
        format!(
            ", {allowed} of {} verdicts to and from {} prefix list entries",
            want_lists.len(),
            addresses.len()
        )
    };
    Ok(format!(
        "{} groups and rules, {pairs} allowed pairs over {} packets{lists}",
        want.len(),
        PACKETS.len()
    ))
}

#[test]
fn an_exported_world_built_in_moto_and_imported_again_is_the_same_world() {
    let Some(bin) = venv_bin() else {
        println!(
            "skipped: moto and the AWS CLI are not installed (.ci/run installs them into .venv-test)"
        );
        return;
    };
    let started = Instant::now();
    let moto = match Moto::start(&bin) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let tmp = std::env::temp_dir().join(format!("sgs-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("a temporary folder");
    let mut worlds: Vec<(String, Session)> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("sessions")
        .expect("sessions/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgs"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let src = std::fs::read_to_string(&path).expect("a readable session");
        let mut s = Session::new();
        s.run_script(&name, &src, &mut FileHost, Verbosity::All);
        worlds.push((name, s));
    }
    // Random worlds of the project's generator: 3 in the suite; SGS_ROUNDTRIP_SEEDS=N runs N
    // (by hand, with SGS_ROUNDTRIP_ONLY=gen-seed: about 20 s a world), of varied sizes.
    let seeds: u64 = std::env::var("SGS_ROUNDTRIP_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    for seed in 1..=seeds {
        let spec = GenSpec {
            groups: 3 + (seed % 4) as usize,
            rules: 2 + (seed % 3) as usize,
            instances: 4 + (seed % 5) as usize,
            probes: 0,
            seed,
        };
        let src = generate(&spec).expect("a generated world");
        let mut s = Session::new();
        s.run_script("gen", &src, &mut FileHost, Verbosity::All);
        worlds.push((format!("gen-seed-{seed}"), s));
    }
    let mut failures = Vec::new();
    let mut done = 0;
    // SGS_ROUNDTRIP_ONLY=A,B runs the worlds whose name contains A or B (while working on some).
    let only = std::env::var("SGS_ROUNDTRIP_ONLY").unwrap_or_default();
    for (name, mut s) in worlds {
        if !only.split(',').any(|o| name.contains(o)) {
            continue;
        }
        if let Some(why) = not_vpc_only(&s) {
            println!("skipped {name}: {why}");
            continue;
        }
        let t = Instant::now();
        match round_trip(&moto, &name, &mut s, &tmp) {
            Ok(what) => {
                done += 1;
                println!(
                    "round trip {name}: the same {what} ({:.1} s)",
                    t.elapsed().as_secs_f64()
                );
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "round trips: {done} worlds the same, {} different, {:.0} s in all",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        !only.is_empty() || done >= 4,
        "too few worlds were round-tripped: {done}"
    );
}
