//! The rows of recent selections, kept until the world changes. Building the members of a VPC
//! with ten thousand interfaces takes milliseconds; moving the tree's cursor off such a row and
//! back must not pay that again. Any world change empties it (`App::refresh`), so a kept row is
//! never stale: the rows are a function of the world and the node alone.

use super::model::{MemberRow, Node, RuleRow};

/// The rules and members built for recent selections, newest last.
#[derive(Default)]
pub(super) struct Kept(Vec<(Node, Vec<RuleRow>, Vec<MemberRow>)>);

impl Kept {
    /// How many selections are kept besides the current one.
    const SIZE: usize = 4;

    /// Keeps `node`'s rows, forgetting the oldest kept when full (no rows are cheap to build
    /// again: an account's or region's row does not push out a VPC's).
    pub(super) fn put(&mut self, node: Node, rules: Vec<RuleRow>, members: Vec<MemberRow>) {
        self.0.retain(|(n, _, _)| *n != node);
        if rules.is_empty() && members.is_empty() {
            return;
        }
        if self.0.len() == Self::SIZE {
            self.0.remove(0);
        }
        self.0.push((node, rules, members));
    }

    /// Hands back `node`'s rows, if they are kept.
    pub(super) fn take(&mut self, node: &Node) -> Option<(Vec<RuleRow>, Vec<MemberRow>)> {
        let at = self.0.iter().position(|(n, _, _)| n == node)?;
        let (_, rules, members) = self.0.remove(at);
        Some((rules, members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::NoFiles;
    use crate::tui::{Action, App, Pane};

    fn node(n: usize) -> Node {
        Node::Account(n.to_string())
    }

    #[test]
    fn keeps_the_newest_selections_and_forgets_the_oldest() {
        let mut kept = Kept::default();
        let rule = || {
            let mut app = App::with_script(
                "create group web \"Web\" classic\nauthorize ingress tcp 22 from 0.0.0.0/0 to web",
                Box::new(NoFiles),
            );
            select(&mut app, "web");
            app.rules.rows.clone()
        };
        let rules = rule();
        assert_eq!(rules.len(), 1);
        for n in 0..=Kept::SIZE {
            kept.put(node(n), rules.clone(), Vec::new());
        }
        kept.put(node(99), Vec::new(), Vec::new());
        assert!(kept.take(&node(99)).is_none(), "no rows are not kept");
        assert!(kept.take(&node(0)).is_none(), "the oldest is forgotten");
        assert!(kept.take(&node(Kept::SIZE)).is_some());
        assert!(kept.take(&node(Kept::SIZE)).is_none(), "taken once");
    }

    /// Moves the tree's cursor to the row labelled `label`.
    fn select(app: &mut App, label: &str) {
        app.focus_pane(Pane::Groups);
        app.update(Action::Top);
        for _ in 0..app.tree.view.len() {
            let here = app.tree.current().is_some_and(|r| r.label == label);
            if here {
                return;
            }
            app.update(Action::Down);
        }
        panic!("no row {label}");
    }

    /// Moves the tree's cursor straight to the row labelled `label`, past no other row.
    fn jump(app: &mut App, label: &str) {
        let node = app
            .tree
            .rows
            .iter()
            .find(|r| r.label == label)
            .map(|r| r.node.clone());
        assert!(app.select_node(&node.expect("a row")), "{label} is shown");
    }

    fn vpc(app: &App) -> crate::world::ids::VpcId {
        let world = app.model.session.world();
        world
            .vpcs
            .values()
            .map(|v| v.id.clone())
            .next()
            .expect("a VPC")
    }

    fn names(app: &App) -> Vec<String> {
        app.members.rows.iter().map(|m| m.name.clone()).collect()
    }

    #[test]
    fn a_vpc_row_shows_the_interfaces_of_the_world_after_a_change() {
        let script = "create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24
create group web \"Web\" in prod
create group db \"DB\" in prod
launch web-1 in prod/web-a groups web";
        let mut app = App::with_script(script, Box::new(NoFiles));
        select(&mut app, "vpc prod");
        assert_eq!(names(&app), ["web-1"]);
        jump(&mut app, "web");
        jump(&mut app, "vpc prod");
        assert_eq!(names(&app), ["web-1"], "the same rows after moving back");
        jump(&mut app, "web");
        assert_eq!(names(&app), ["web-1"], "the members of web");
        app.execute("launch db-1 in prod/web-a groups db");
        jump(&mut app, "vpc prod");
        assert_eq!(app.selected, Some(Node::Vpc(vpc(&app))));
        assert_eq!(names(&app), ["web-1", "db-1"], "rebuilt after the launch");
    }
}
