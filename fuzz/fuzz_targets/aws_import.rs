//! Any bytes as one file of an AWS describe-* folder: the example account of
//! `sessions/estates/account-a/` with one of its files (chosen by the first byte) replaced by the
//! rest of the input. Importing never panics: it gives a world, or an error of the import's codes
//! that names the place (a file of the folder, or the folder). A world it gives passes the
//! world's integrity check on a save/load round trip, and every `show` table can be drawn from it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sgs::io;
use sgs::io::aws::{Origin, Source, import_sources};
use sgs::session::{NoFiles, Session};

const FILES: &[(&str, &str)] = &[
    (
        "describe-cache-clusters.json",
        include_str!("../../sessions/estates/account-a/describe-cache-clusters.json"),
    ),
    (
        "describe-cache-security-groups.json",
        include_str!("../../sessions/estates/account-a/describe-cache-security-groups.json"),
    ),
    (
        "describe-db-clusters.json",
        include_str!("../../sessions/estates/account-a/describe-db-clusters.json"),
    ),
    (
        "describe-db-instances.json",
        include_str!("../../sessions/estates/account-a/describe-db-instances.json"),
    ),
    (
        "describe-instances.json",
        include_str!("../../sessions/estates/account-a/describe-instances.json"),
    ),
    (
        "describe-network-acls.json",
        include_str!("../../sessions/estates/account-a/describe-network-acls.json"),
    ),
    (
        "describe-network-interfaces.json",
        include_str!("../../sessions/estates/account-a/describe-network-interfaces.json"),
    ),
    (
        "describe-security-group-rules.json",
        include_str!("../../sessions/estates/account-a/describe-security-group-rules.json"),
    ),
    (
        "describe-security-groups.json",
        include_str!("../../sessions/estates/account-a/describe-security-groups.json"),
    ),
    (
        "describe-subnets.json",
        include_str!("../../sessions/estates/account-a/describe-subnets.json"),
    ),
    (
        "describe-vpc-peering-connections.json",
        include_str!("../../sessions/estates/account-a/describe-vpc-peering-connections.json"),
    ),
    (
        "describe-vpcs.json",
        include_str!("../../sessions/estates/account-a/describe-vpcs.json"),
    ),
];

const LOOKS: &[&str] = &[
    "show vpcs",
    "show subnets",
    "show groups",
    "show instances",
    "show nacls",
    "show peerings",
    "show stale",
    "show clusters",
    "probe tcp 22 from internet to web-1",
    "trace tcp 3306 from app-1 to prod-aurora",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let replaced = usize::from(which) % FILES.len();
    let sources = FILES
        .iter()
        .enumerate()
        .map(|(n, (file, fixture))| Source {
            file: (*file).to_string(),
            text: if n == replaced {
                text.to_string()
            } else {
                (*fixture).to_string()
            },
            hint: Default::default(),
        })
        .collect();
    match import_sources("fuzz", sources, Origin::Files) {
        Err(err) => {
            assert!(
                ["InvalidAwsJson", "InvalidAwsData", "ImportFailed"].contains(&err.code.as_str()),
                "{err:?}"
            );
            let head = err.message.split(':').next().unwrap_or_default();
            assert!(head.ends_with(".json") || head == "fuzz", "{err:?}");
        }
        Ok(imported) => {
            let saved = io::to_ron(&imported.world).expect("an imported world can be written");
            let again = io::from_ron("fuzz.ron", &saved).expect("an imported world can be read");
            assert!(again == imported.world, "the round trip changed the world");
            let mut session = Session::from_world(imported.world);
            for line in LOOKS {
                let _ = session.run_line(line, &mut NoFiles);
            }
        }
    }
});
