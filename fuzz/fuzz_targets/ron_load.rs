//! Any bytes as a saved world. Loading never panics: it gives a world, or an error that names
//! the file (`InvalidWorldFile` for text that is no world). A world it accepts survives a
//! save/load round trip unchanged, and every `show` table can be drawn from it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sgs::io;
use sgs::session::{NoFiles, Session};
use std::path::PathBuf;
use std::sync::OnceLock;

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

/// Bytes that are not UTF-8 go through `io::load`, from a file, as `load` reads one: refused
/// with an error that names the file.
fn load_file(data: &[u8]) {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    let path = PATH
        .get_or_init(|| std::env::temp_dir().join(format!("sgs-fuzz-{}.ron", std::process::id())));
    std::fs::write(path, data).expect("the scratch file is written");
    let err = io::load(path).expect_err("bytes that are not UTF-8 are no world");
    assert!(err.message.contains(&path.display().to_string()), "{err:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        load_file(data);
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
