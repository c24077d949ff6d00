//! Any bytes as a saved world. Loading never panics: it gives a world, or an `InvalidWorldFile`
//! error that names the file. A world it accepts survives a save/load round trip unchanged, and
//! every `show` table can be drawn from it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sgs::io;
use sgs::session::{NoFiles, Session};

const ORIGIN: &str = "fuzz.ron";

const LOOKS: &[&str] = &[
    "show vpcs",
    "show subnets",
    "show groups",
    "show groups in classic",
    "show instances",
    "show nacls",
    "show peerings",
    "show stale",
    "show flows",
    "show clusters",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match io::from_ron(ORIGIN, text) {
        Err(err) => {
            assert_eq!(err.code, "InvalidWorldFile", "{err:?}");
            assert!(err.message.starts_with(ORIGIN), "{err:?}");
        }
        Ok(world) => {
            let saved = io::to_ron(&world).expect("a loaded world can be written");
            let again = io::from_ron(ORIGIN, &saved).expect("a written world can be read");
            assert!(again == world, "the round trip changed the world");
            let mut session = Session::from_world(world);
            for line in LOOKS {
                let _ = session.run_line(line, &mut NoFiles);
            }
        }
    }
});
