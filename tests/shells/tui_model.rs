//! The TUI's model: what a command changed (highlighted in the panes) is found from what the
//! session says the command wrote, and it is what comparing whole copies of the world before and
//! after would find.

use sgs::lang::ast::Command;
use sgs::lang::error::Diagnostic;
use sgs::session::{Host, Reply, Session};
use sgs::tui::changes::Changes;
use sgs::world::World;
use sgs::world::hash::FastMap;
use std::collections::HashSet;

/// A host that keeps saved worlds in memory, so `save` and `load` run.
#[derive(Default)]
struct Memory(FastMap<String, World>);

impl Host for Memory {
    fn save(&mut self, world: &World, path: &str) -> Result<String, Diagnostic> {
        self.0.insert(path.to_string(), world.clone());
        Ok(format!("ok: saved {path}"))
    }
    fn load(&mut self, path: &str) -> Result<World, Diagnostic> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| Diagnostic::new("NoSuchFile", path.to_string()))
    }
}

/// What comparing whole copies finds: the VPCs, groups and interfaces new or different after,
/// the groups of the interfaces changed or removed, and the rules new or different in the
/// groups changed.
fn by_copies(before: &World, after: &World) -> Changes {
    fn changed<K: Clone + Eq + std::hash::Hash, V: PartialEq>(
        before: &FastMap<K, V>,
        after: &FastMap<K, V>,
    ) -> HashSet<K> {
        after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect()
    }
    let enis = changed(&before.enis, &after.enis);
    let mut groups = changed(&before.groups, &after.groups);
    let gone = before.enis.keys().filter(|k| !after.enis.contains_key(*k));
    for id in enis.iter().chain(gone) {
        let now = after.enis.get(id).into_iter().flat_map(|e| &e.groups);
        let was = before.enis.get(id).into_iter().flat_map(|e| &e.groups);
        for g in now.chain(was.filter(|g| after.groups.contains_key(*g))) {
            groups.insert(g.clone());
        }
    }
    let mut rules = HashSet::new();
    for id in &groups {
        let Some(g) = after.groups.get(id) else {
            continue;
        };
        for (dir, r) in g.all_rules() {
            let old = before.groups.get(id);
            if !old.is_some_and(|o| o.rules(dir).iter().any(|x| x == r)) {
                rules.insert(r.id.clone());
            }
        }
    }
    let mut clusters = HashSet::new();
    let (was, now) = (&before.services, &after.services);
    for (k, v) in &now.cache_clusters {
        if was.cache_clusters.get(k) != Some(v) {
            clusters.insert(v.name.clone());
        }
    }
    for (k, v) in &now.db_clusters {
        if was.db_clusters.get(k) != Some(v) {
            clusters.insert(v.name.clone());
        }
    }
    for (k, v) in &now.db_instances {
        if was.db_instances.get(k) != Some(v) {
            clusters.insert(v.name.clone());
        }
    }
    Changes {
        vpcs: changed(&before.vpcs, &after.vpcs),
        groups,
        rules,
        enis,
        subnets: changed(&before.subnets, &after.subnets),
        instances: changed(&before.instances, &after.instances),
        nacls: changed(&before.nacls, &after.nacls),
        peerings: changed(&before.peerings, &after.peerings),
        clusters,
    }
}

/// Runs `line`, and checks the changes found from what it wrote against copies of the world.
/// Returns whether it changed something.
fn check(s: &mut Session, host: &mut Memory, line: &str) -> bool {
    let Ok(Some(cmd)) = sgs::lang::parse_command(line) else {
        return false;
    };
    if matches!(cmd.node, Command::Quit) {
        return false;
    }
    let copy = s.world().clone();
    let (reply, outcome) = s.answer(&cmd.node, host);
    if !outcome.changed {
        assert!(outcome.before.vpcs.is_empty() && outcome.before.groups.is_empty());
        return false;
    }
    assert!(!matches!(reply, Reply::Error(_)), "{line}");
    let found =
        Changes::between(&outcome.before, s.world()).with_services(&copy.services, s.world());
    assert_eq!(found, by_copies(&copy, s.world()), "after `{line}`");
    !found.is_empty()
}

#[test]
fn what_a_command_changed_is_what_copies_of_the_world_would_show() {
    let mut highlighted = 0;
    let mut host = Memory::default();
    for entry in std::fs::read_dir("sessions").expect("the sessions directory") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "sgs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a session file");
        let mut s = Session::new();
        for (_, line) in sgs::lang::split_script(&text) {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            highlighted += usize::from(check(&mut s, &mut host, line));
        }
        // Undo and redo of steps, a save and a load, a reset and the undo of each.
        let tail = [
            "undo", "undo", "redo", "save w", "reset", "undo", "redo", "load w", "undo", "undo",
            "redo", "redo",
        ];
        for line in tail {
            highlighted += usize::from(check(&mut s, &mut host, line));
        }
    }
    assert!(
        highlighted > 100,
        "commands that changed something were checked: {highlighted}"
    );
}

/// One `peer_text`: the rules pane, `show group` and the control plane's messages write a peer
/// through the world's one function, each in its form.
#[test]
fn one_peer_text_in_the_forms_its_three_readers_write() {
    use sgs::vocab::RulePeer;
    use sgs::world::lookup::PeerForm;
    let script = "create group web \"Web\"\ncreate group db \"DB\"\n\
                  authorize ingress tcp 5432 from web to db";
    let mut app = sgs::tui::App::with_script(script, Box::new(sgs::session::NoFiles));
    let world = app.model().session.world().clone();
    let id = |name: &str| {
        world
            .groups
            .values()
            .find(|g| g.name == name)
            .map(|g| g.id.clone())
            .expect("the group")
    };
    let (web, db) = (id("web"), id("db"));
    let peer = RulePeer::Group {
        id: web.clone(),
        owner: world.scope.account.clone(),
    };
    let listed =
        |account: &str, gone: &str| world.peer_text(&peer, PeerForm::Listed { account, gone });
    assert_eq!(
        world.peer_text(&peer, PeerForm::Named),
        format!("web ({web})")
    );
    assert_eq!(listed(&world.scope.account, ""), format!("{web} (web)"));
    let other = format!("{}/{web} (web)", world.scope.account);
    assert_eq!(listed("999999999999", ""), other);
    let gone = RulePeer::Group {
        id: sgs::vocab::SgId("sg-0000000000000dead".to_string()),
        owner: world.scope.account.clone(),
    };
    assert_eq!(
        world.peer_text(&gone, PeerForm::Named),
        "sg-0000000000000dead"
    );
    let form = PeerForm::Listed {
        account: &world.scope.account,
        gone: " (deleted)",
    };
    assert_eq!(
        world.peer_text(&gone, form),
        "sg-0000000000000dead (deleted)"
    );
    let cidr = RulePeer::Cidr("10.0.0.0/8".parse().expect("a CIDR"));
    assert_eq!(world.peer_text(&cidr, PeerForm::Named), "10.0.0.0/8");

    // The three readers: the rules pane (the script's last command selected db) ...
    let rows: Vec<_> = app.rules().rows.iter().map(|r| r.peer.clone()).collect();
    assert_eq!(rows, [format!("{web} (web)"), "0.0.0.0/0".into()], "{db}");
    // ... `show group` and a message of the control plane.
    let shown = app.execute("show group db");
    assert!(shown.ok);
    assert!(
        app.log()
            .lines
            .iter()
            .any(|l| l.text.contains(&format!("{web} (web)")))
    );
    let ran = app.execute("revoke ingress tcp 22 from web to db");
    assert!(
        ran.ok,
        "a revoke of no rule in the default VPC goes through"
    );
    let said = format!("tcp 22 web ({web})");
    assert!(
        app.log().lines.iter().any(|l| l.text.contains(&said)),
        "{said}"
    );
}

/// The public fields of each struct the files under `dir` declare.
fn public_fields(dir: &str) -> Vec<(String, String, usize)> {
    let mut found = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("a directory") {
                stack.push(entry.expect("an entry").path());
            }
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let mut current: Option<(String, usize)> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub struct ")
                && rest.ends_with('{')
            {
                let name = rest.split([' ', '<', '{']).next().unwrap_or("");
                current = Some((name.to_string(), 0));
            } else if line == "}" {
                if let Some((name, n)) = current.take() {
                    found.push((path.display().to_string(), name, n));
                }
            } else if let Some((_, n)) = current.as_mut()
                && line.starts_with("    pub ")
                && line.contains(':')
            {
                *n += 1;
            }
        }
    }
    found
}

/// The elm shape: the app's state in parts, no TUI type with more than ten public fields, the
/// app's own fields the TUI's alone (the outside reads them through methods), and the views
/// given the app to read, never to change.
#[test]
fn the_app_state_is_in_parts_and_the_views_only_read_it() {
    let structs = public_fields("src/tui");
    let app = structs.iter().find(|(_, name, _)| name == "App");
    assert_eq!(
        app.map(|(_, _, n)| *n),
        Some(0),
        "App's fields are the TUI's"
    );
    for (file, name, n) in &structs {
        assert!(*n <= 10, "{file}: {name} has {n} public fields");
    }
    let mut views = vec![std::path::PathBuf::from("src/tui/ui.rs")];
    for entry in std::fs::read_dir("src/tui/panes").expect("the panes") {
        views.push(entry.expect("an entry").path());
    }
    for path in views {
        let text = std::fs::read_to_string(&path).expect("a view");
        for banned in ["&mut App", "Cell<", "&mut self"] {
            assert!(!text.contains(banned), "{}: {banned}", path.display());
        }
    }
    // Drawing changes nothing the outside can read.
    let mut app = sgs::tui::App::with_script(sgs::cli::TOUR, Box::new(sgs::session::NoFiles));
    app.update(sgs::tui::Action::Command);
    let seen = |app: &sgs::tui::App| {
        format!(
            "{:?} {:?} {:?} {:?} {} {}",
            app.focus(),
            app.mode(),
            app.selected(),
            app.tree().cursor,
            app.line().text,
            app.log().lines.len()
        )
    };
    let before = seen(&app);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
        .expect("a test terminal");
    for _ in 0..3 {
        terminal
            .draw(|f| sgs::tui::ui::draw(&app, f))
            .expect("draws");
    }
    assert_eq!(seen(&app), before);
}
