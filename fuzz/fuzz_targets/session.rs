//! Random command sequences on one session, from a fresh world or from the world `prelude.sgs`
//! builds. Lines are built by walking the help table's
//! templates (the same ones completion follows) and filling each slot from a small vocabulary of
//! names that earlier lines may have created, so most lines parse and many succeed; now and then a
//! slot gets raw fuzz text, or a line is cut short.
//!
//! Checked after every line: nothing panics; a command that fails leaves the world, the flows and
//! the clock equal; a query (`show`, `probe`, `expect …`) changes nothing; `undo` after a command
//! that changed the state gives back the state before it.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use sgs::io;
use sgs::lang::ast::Command;
use sgs::lang::error::Diagnostic;
use sgs::lang::parse_command;
use sgs::lang::template::{self, Atom, Slot};
use sgs::session::{Host, NoFiles, Session, Verbosity};
use sgs::world::World;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Lines per input, and atoms per line: small, so no input reaches the known costs of huge
/// requests (thousands of peers in one `authorize`, thousands of nested `expect`s).
const MAX_LINES: usize = 8;
const MAX_ATOMS: usize = 40;

/// Saves and loads in memory, through the real RON writer and reader.
#[derive(Default)]
struct MemHost {
    files: HashMap<String, String>,
}

impl Host for MemHost {
    fn save(&mut self, world: &World, path: &str) -> std::result::Result<String, Diagnostic> {
        let text = io::to_ron(world)?;
        self.files.insert(path.to_string(), text);
        Ok(format!("ok: saved the world to {path}"))
    }
    fn load(&mut self, path: &str) -> std::result::Result<World, Diagnostic> {
        match self.files.get(path) {
            Some(text) => io::from_ron(path, text),
            None => Err(Diagnostic::new("LoadFailed", format!("no file {path}"))),
        }
    }
}

#[rustfmt::skip]
fn vocabulary(slot: Slot) -> &'static [&'static str] {
    match slot {
        Slot::Name => &[
            "prod", "shared", "web", "app", "db", "web-a", "app-a", "web-1", "app-1", "strict",
            "p1", "redis-1", "memc-1", "orders", "sessions", "db1", "x",
        ],
        Slot::Quoted => &["\"Web servers\"", "\"\"", "\"a b\"", "\"é\""],
        Slot::Text => &["hello", "\"quoted text\"", "#", "a:b"],
        Slot::Cidr => &[
            "10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24", "10.1.0.0/16", "172.31.0.0/16",
            "172.31.0.0/20", "0.0.0.0/0", "::/0", "10.0.0.0/8", "198.51.100.0/24", "10.0.1.0/28",
            "2600:1f18::/56", "2600:1f18:0:1::/64", "10.0.0.0/15",
        ],
        Slot::Address => &[
            "10.0.1.10", "10.0.1.4", "54.210.0.10", "203.0.113.7", "2600:1f18:0:1::10",
            "172.31.0.5",
        ],
        Slot::Account => &["123456789012", "111122223333"],
        Slot::Region => &["us-east-1", "eu-west-1"],
        Slot::Zone => &["us-east-1a", "us-east-1b", "eu-west-1a"],
        Slot::Vpc | Slot::Network => &["prod", "shared", "default", "classic", "111122223333/shared"],
        Slot::Subnet => &["prod/web-a", "prod/app-a", "default/a", "default/b", "shared/web-a"],
        Slot::Nacl => &["strict", "prod/default", "default", "prod/strict"],
        Slot::Peering => &["p1", "prod-shared"],
        Slot::Group | Slot::Peer => &[
            "web", "app", "db", "default", "sg-web", "prod/web", "classic/default", "0.0.0.0/0",
            "::/0", "10.0.0.0/8", "111122223333/web", "eu-west-1/web", "internet",
        ],
        Slot::Instance | Slot::Endpoint | Slot::Eni => &[
            "web-1", "app-1", "internet", "10.0.1.10", "203.0.113.7", "redis-1", "memc-1#2",
            "orders", "db1", "54.210.0.10", "2600:1f18:0:1::10", "eu-west-1/web-1",
        ],
        Slot::RuleId => &["sgr-0eb01cfaf16b47eb0", "sgr-0369eae0b0ca19112", "sgr-x"],
        Slot::PinnedId => &["sg-web", "sg-app", "sg-db"],
        Slot::Port => &["22", "80", "443", "1024-65535", "0-65535", "all", "65535", "0", "80-22"],
        Slot::Icmp | Slot::Icmpv6 => &[
            "all", "8", "3:4", "echo-request", "echo-reply", "timestamp", "-1", "255:255",
        ],
        Slot::Number => &["1", "2", "3", "90", "100", "32766", "0", "6", "50"],
        Slot::Path => &["w.ron", "other.ron"],
        Slot::Topic => &["create group", "authorize", "show", "expect"],
        Slot::TopicWord => &["group", "ingress", "cache-cluster", "vpc"],
        Slot::ErrorCode => &["InvalidGroup.NotFound", "InvalidParameterValue", "DependencyViolation"],
        Slot::Flow => &["ssh", "f"],
        Slot::Duration => &["30s", "5m", "2h", "5d", "0s"],
        Slot::CacheCluster => &["redis-1", "memc-1"],
        Slot::ReplicationGroup => &["orders"],
        Slot::CacheGroup => &["sessions", "legacy"],
        Slot::DbInstance => &["db1", "orders-db-1"],
        Slot::DbCluster => &["orders-db"],
        Slot::PrefixList => &["s3", "offices", "pl-0123456789abcdef0", "pl-x"],
        Slot::CacheEngine => &["redis", "memcached"],
        Slot::DbEngine => &[
            "mysql", "postgres", "aurora-mysql", "aurora-postgresql", "sqlserver-ex", "oracle-ee",
            "mariadb",
        ],
    }
}

/// A word for `slot`: mostly from the vocabulary, sometimes raw fuzz text.
fn value(u: &mut Unstructured, slot: Slot) -> Result<String> {
    if !u.is_empty() && u.ratio(1, 16)? {
        let len = u.int_in_range(0..=12)?;
        let bytes = u.bytes(len)?;
        return Ok(String::from_utf8_lossy(bytes).replace(['\n', '\r'], " "));
    }
    Ok(u.choose(vocabulary(slot))?.to_string())
}

/// One line, walked through the templates from the start of a command.
fn line(u: &mut Unstructured) -> Result<String> {
    let mut state = u.choose(&template::start())?.clone();
    let mut words: Vec<String> = Vec::new();
    for _ in 0..MAX_ATOMS {
        if u.is_empty() {
            break;
        }
        let next = template::next(&state);
        if next.is_empty() {
            break;
        }
        let (atom, after) = u.choose(&next)?.clone();
        match atom {
            Atom::End => break,
            Atom::Kw(k) => words.push(k.to_string()),
            Atom::Comma => words.push(",".to_string()),
            Atom::Colon => words.push(":".to_string()),
            Atom::Slot(slot, _) => words.push(value(u, slot)?),
        }
        state = after;
    }
    Ok(words.join(" "))
}

/// Commands `Session::run` answers through `&self` methods only: probes, traces, tables,
/// narration, help, and `save` (which reads the world).
fn reads_only(cmd: &Command) -> bool {
    matches!(
        cmd,
        Command::Probe(_)
            | Command::Trace(_)
            | Command::TraceFlow(_)
            | Command::Show(_)
            | Command::Echo(_)
            | Command::Pause
            | Command::Help(_)
            | Command::Save(_)
    )
}

/// `SGS_FUZZ_SHOW=1` prints each line run and how it ended: to read a crash's input.
fn show_lines() -> bool {
    static SHOW: OnceLock<bool> = OnceLock::new();
    *SHOW.get_or_init(|| std::env::var_os("SGS_FUZZ_SHOW").is_some())
}

/// A session on a world that has one of everything the vocabulary names (`prelude.sgs`), with a
/// flow open, built once. Its history starts at that world, so an undo replays little.
fn prelude() -> &'static Session {
    static PRELUDE: OnceLock<Session> = OnceLock::new();
    PRELUDE.get_or_init(|| {
        let mut build = Session::new();
        let report = build.run_script(
            "prelude.sgs",
            include_str!("../prelude.sgs"),
            &mut NoFiles,
            Verbosity::Quiet,
        );
        assert_eq!(report.exit_code(), 0, "{}", report.output);
        let mut session = Session::from_world(build.world().clone());
        session
            .run_line(
                "connect tcp 22 from 203.0.113.7 to web-1 as ssh",
                &mut NoFiles,
            )
            .expect("the prelude's flow opens");
        session
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    // Half the inputs start from a fresh world, half from the prelude's.
    let mut session = match u.arbitrary::<bool>() {
        Ok(true) => prelude().clone(),
        _ => Session::new(),
    };
    let mut host = MemHost::default();
    for _ in 0..MAX_LINES {
        if u.is_empty() {
            break;
        }
        let Ok(text) = line(&mut u) else { break };
        let cmd = match parse_command(&text) {
            Ok(Some(cmd)) => cmd.node,
            Ok(None) | Err(_) => continue,
        };
        // A copy of the state to compare with, except around the commands whose arms in
        // `Session::run` only call `&self` methods: copying the world is most of the target's
        // own cost.
        let before = (!reads_only(&cmd)).then(|| session.state().clone());
        let result = session.run(&cmd, &mut host);
        if show_lines() {
            let outcome = match &result {
                Ok(_) => "ok".to_string(),
                Err(e) => e.code.clone(),
            };
            eprintln!("{text}    # {outcome}");
        }
        let Some(before) = before else { continue };
        match result {
            Err(err) => {
                assert!(
                    session.state() == &before,
                    "`{text}` failed ({}) but changed the state",
                    err.code
                );
            }
            Ok(_) if !cmd.mutates() && !matches!(cmd, Command::Undo | Command::Redo) => {
                assert!(
                    session.state() == &before,
                    "the query `{text}` changed the state"
                );
            }
            // A context switch to a known account or region only moves the context: it is no
            // undo step (LANGUAGE.md "Context"); its first use, which creates the default VPC,
            // is one. A denied `send` changes nothing and is no step either.
            Ok(_)
                if is_context(&cmd)
                    && session.state().world.scopes.len() == before.world.scopes.len() =>
            {
                let mut moved = before.clone();
                moved.world.scope = session.state().world.scope.clone();
                assert!(
                    session.state() == &moved,
                    "`{text}` changed more than the context"
                );
            }
            Ok(_) if cmd.mutates() && session.state() == &before => {}
            Ok(_) if cmd.mutates() => {
                let mut undone = session.clone();
                undone
                    .undo()
                    .expect("a command that changed the state can be undone");
                assert!(
                    undone.state() == &before,
                    "undo after `{text}` did not give back the state before it"
                );
            }
            Ok(_) => {}
        }
    }
});

/// `account` and `region`.
fn is_context(cmd: &Command) -> bool {
    matches!(cmd, Command::Account(_) | Command::Region(_))
}
