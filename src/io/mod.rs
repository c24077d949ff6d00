//! Files: saving and loading worlds as RON, and the synthetic world generator.
//!
//! A saved world is a versioned envelope around the `World`. Saving writes a fresh temporary file
//! beside the target and renames it over, so a crash never leaves half a file (`files`). Loading
//! reads only regular files of bounded size, accepts a UTF-8 byte-order mark, checks the
//! envelope, then the world's integrity (every reference points at an object), so a broken or
//! foreign file is refused with its line and column and the current world is kept.

pub mod aws;
pub mod export;
pub mod files;
mod integrity;
pub mod synth;
pub mod terraform;

use crate::lang::error::Diagnostic;
use crate::session::Host;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The format name written in every saved world.
pub const FORMAT: &str = "sgs-world";
/// The version of the saved-world format this build writes and reads. Version 2 added network
/// ACLs, peerings and each subnet's ACL; version 3 ElastiCache and RDS (and each interface's
/// owner).
pub const VERSION: u32 = 3;

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    world: World,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// The world as RON text.
pub fn to_ron(world: &World) -> Result<String, Diagnostic> {
    let env = Envelope {
        format: FORMAT.to_string(),
        version: VERSION,
        world: world.clone(),
    };
    ron::ser::to_string_pretty(&env, ron::ser::PrettyConfig::default())
        .map_err(|e| Diagnostic::new("SaveFailed", format!("cannot write the world as RON: {e}")))
}

fn file_error(origin: &str, e: &ron::error::SpannedError, what: &str) -> Diagnostic {
    Diagnostic::new(
        "InvalidWorldFile",
        format!(
            "{origin}:{}:{}: {what}: {}",
            e.span.start.line, e.span.start.col, e.code
        ),
    )
    .help("the current world is kept; load a file written by `save`")
}

/// Reads a world from RON text; `origin` names the text in errors.
pub fn from_ron(origin: &str, text: &str) -> Result<World, Diagnostic> {
    // A byte-order mark is accepted, as in session files.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header =
        ron::de::from_str(text).map_err(|e| file_error(origin, &e, "not an sgs world file"))?;
    if header.format != FORMAT {
        return Err(Diagnostic::new(
            "InvalidWorldFile",
            format!("{origin}: format '{}' is not an sgs world", header.format),
        )
        .help("the current world is kept"));
    }
    if header.version != VERSION {
        return Err(Diagnostic::new(
            "InvalidWorldFile",
            format!(
                "{origin}: world format version {} is not supported (this sgs reads version {VERSION})",
                header.version
            ),
        )
        .help("the current world is kept"));
    }
    let env: Envelope =
        ron::de::from_str(text).map_err(|e| file_error(origin, &e, "broken world file"))?;
    let mut world = env.world;
    integrity::check(&world).map_err(|broken| {
        let at = match broken.find(text) {
            Some(offset) => {
                let (line, col) = crate::lang::error::line_col(text, offset);
                format!("{origin}:{line}:{col}")
            }
            None => origin.to_string(),
        };
        Diagnostic::new("InvalidWorldFile", format!("{at}: {}", broken.why))
            .help("the current world is kept")
    })?;
    world.rebuild_index();
    Ok(world)
}

/// Saves to `path` atomically (see [`files::write_atomic`]).
pub fn save(world: &World, path: &Path) -> Result<(), Diagnostic> {
    files::write_atomic(path, &to_ron(world)?)
}

/// Loads a world from a regular file of at most [`files::MAX_FILE`] bytes.
pub fn load(path: &Path) -> Result<World, Diagnostic> {
    let text = files::read_text(path, "LoadFailed").map_err(|e| match e.help {
        Some(_) => e,
        None => e.help("the current world is kept"),
    })?;
    from_ron(&path.display().to_string(), &text)
}

/// The host the command line uses: real files, relative to the working directory.
pub struct FileHost;

impl Host for FileHost {
    fn save(&mut self, world: &World, path: &str) -> Result<String, Diagnostic> {
        save(world, Path::new(path))?;
        Ok(format!("ok: saved the world to {path}"))
    }

    fn load(&mut self, path: &str) -> Result<World, Diagnostic> {
        load(Path::new(path))
    }

    fn import_aws(
        &mut self,
        dir: &str,
    ) -> Result<(World, crate::vocab::import::ImportReport), Diagnostic> {
        terraform::import_path(Path::new(dir), dir).map(|i| (i.world, i.report))
    }

    fn export(
        &mut self,
        world: &World,
        format: crate::vocab::export::ExportFormat,
        path: &str,
    ) -> Result<crate::vocab::export::ExportReport, Diagnostic> {
        export::export_to(world, format, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_acls_and_peerings_survive_the_round_trip_with_their_indexes() {
        use crate::session::{NoFiles, Session};
        let mut s = Session::new();
        for line in [
            "create vpc a 10.0.0.0/16",
            "create subnet s in a 10.0.1.0/24",
            "create vpc b 10.1.0.0/16",
            "create nacl strict in a",
            "create nacl-entry strict ingress 90 deny tcp 22 from 198.51.100.0/24",
            "associate nacl strict with a/s",
            "create peering ab between a and b",
        ] {
            s.run_line(line, &mut NoFiles).expect("builds");
        }
        let w = s.world();
        let back = from_ron("t.ron", &to_ron(w).unwrap()).unwrap();
        assert_eq!(&back, w);
        let ids: Vec<_> = w
            .vpcs
            .values()
            .filter(|v| !v.is_default)
            .map(|v| v.id.clone())
            .collect();
        assert!(back.peering_between(&ids[0], &ids[1]).is_some());
        assert_eq!(back.index.nacl_names.len(), w.index.nacl_names.len());
        // A subnet whose network ACL is missing is refused.
        let mut broken = w.clone();
        let s = broken
            .subnets
            .values()
            .find(|s| s.name == "s")
            .map(|s| s.id.clone());
        if let Some(sub) = s.and_then(|id| broken.subnets.get_mut(&id)) {
            sub.nacl = crate::world::ids::AclId("acl-gone".into());
        }
        let err = from_ron("b.ron", &to_ron(&broken).unwrap()).unwrap_err();
        assert!(
            err.message.contains("network ACL acl-gone is missing"),
            "{}",
            err.message
        );
    }

    #[test]
    fn clusters_and_databases_survive_the_round_trip_and_broken_references_are_refused() {
        use crate::session::{NoFiles, Session};
        use crate::world::service::SvcKey;
        let mut s = Session::new();
        for line in [
            "create vpc a 10.0.0.0/16",
            "create subnet s in a 10.0.1.0/24",
            "create group g \"G\" in a",
            "create cache-cluster m engine memcached in a/s nodes 2 groups g",
            "create replication-group r engine redis in a/s replicas 1",
            "create group legacy \"L\" classic",
            "create cache-group c \"C\"",
            "authorize cache-ingress c from legacy",
            "create cache-cluster k engine redis classic cache-groups c",
            "create db-cluster dc engine aurora-mysql in a groups g",
            "create db-instance d1 in cluster dc subnet a/s",
            "create db-instance pg engine postgres in a/s",
        ] {
            s.run_line(line, &mut NoFiles).expect("builds");
        }
        let w = s.world();
        let text = to_ron(w).unwrap();
        let back = from_ron("t.ron", &text).unwrap();
        assert_eq!(&back, w);
        assert_eq!(back.index.members.len(), w.index.members.len());
        assert_eq!(back.index.private.len(), w.index.private.len());
        // A cluster whose node is missing, and a DB cluster whose member is gone, are refused.
        let scope = w.scope.clone();
        let mut broken = w.clone();
        if let Some(c) = broken
            .services_mut()
            .cache_clusters
            .get_mut(&SvcKey::new(&scope, "m"))
        {
            c.nodes.pop();
        }
        let err = from_ron("b.ron", &to_ron(&broken).unwrap()).unwrap_err();
        assert!(
            err.message.contains("owns it is missing"),
            "{}",
            err.message
        );
        let mut broken = w.clone();
        broken
            .services_mut()
            .db_instances
            .remove(&SvcKey::new(&scope, "d1"));
        let err = from_ron("b.ron", &to_ron(&broken).unwrap()).unwrap_err();
        assert!(err.message.contains("DB cluster dc"), "{}", err.message);
        let mut broken = w.clone();
        broken
            .services_mut()
            .cache_groups
            .remove(&SvcKey::new(&scope, "c"));
        let err = from_ron("b.ron", &to_ron(&broken).unwrap()).unwrap_err();
        assert!(
            err.message.contains("cache security group c"),
            "{}",
            err.message
        );
        // A version-2 file is refused.
        let old = text.replacen("version: 3", "version: 2", 1);
        assert!(from_ron("o.ron", &old).is_err());
    }

    #[test]
    fn a_world_survives_the_round_trip() {
        let w = World::new();
        let text = to_ron(&w).unwrap();
        let back = from_ron("t.ron", &text).unwrap();
        assert_eq!(back, w);
        assert_eq!(back.index.group_names.len(), w.index.group_names.len());
    }

    #[test]
    fn a_foreign_file_is_refused_with_its_position() {
        let err = from_ron("x.ron", "(hello: 1,\n  oops").unwrap_err();
        assert_eq!(err.code, "InvalidWorldFile");
        assert!(err.message.starts_with("x.ron:"), "{}", err.message);
    }

    #[test]
    fn another_format_is_refused() {
        let err = from_ron("x.ron", "(format: \"other\", version: 1, world: ())").unwrap_err();
        assert!(err.message.contains("not an sgs world"), "{}", err.message);
    }
}
