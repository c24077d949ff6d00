//! The TUI's state and the one place it changes: [`App::update`] takes an [`Action`] (a UI
//! intent, from a key, the mouse or a resize) and changes the state; rendering reads it and never
//! changes it (ratatui's template). Commands typed on the command line are not actions: they go
//! through [`App::execute`] to the session, as the REPL sends them.
//!
//! What each pane shows is kept as a view model (`model`), rebuilt when the world, the selection
//! or a filter changes, so drawing a frame only slices vectors. Each list pane's rows, filter,
//! filtered view and cursor change together and live together in a [`ListPane`]; the screen
//! (size, focus, overlay), the bottom lines (mode, line, status) and the trace pane have a type
//! each, and the session with what was read from it is the [`Model`].

pub use super::action::Action;
use super::changes::Changes;
use super::console::{LineEditor, Log};
use super::grid::Grid;
use super::input::Input;
pub use super::input::{Mode, Prompt};
use super::kept::Kept;
use super::list::{Cursor, ListPane};
use super::model::{self, MemberRow, Node, RuleRow, TreeRow};
use super::play::Play;
pub use super::screen::Pane;
use super::screen::Screen;
use super::state::Model;
use super::traceview::{TracePane, TraceView};
use super::ui::{self, Areas, Shape};
use crate::session::{Host, NoFiles, Session};
use ratatui::layout::Rect;
use std::collections::HashSet;

/// The whole state of the TUI. Only [`App::update`] (and the commands it runs) changes it; the
/// views read it (its fields are the TUI's own) and the outside reads it through the methods
/// below.
pub struct App {
    /// The session and what was read from it after the last change.
    pub(super) model: Model,
    pub(super) screen: Screen,
    pub(super) folded: HashSet<Node>,
    pub(super) tree: ListPane<TreeRow>,
    /// The tree node whose rules and members are shown.
    pub(super) selected: Option<Node>,
    pub(super) rules: ListPane<RuleRow>,
    pub(super) members: ListPane<MemberRow>,
    pub(super) trace: TracePane,
    pub(super) log: Log,
    pub(super) input: Input,
    pub(super) play: Option<Play>,
    pub(super) grid: Option<Grid>,
    pub(super) quit: bool,
    /// An `ask` waiting for its prediction (see `quiz`).
    pub(super) question: Option<crate::session::Question>,
    /// The topology view of a VPC, when open (rebuilt with the other view models).
    pub(super) topology: Option<super::topology::Topology>,
    /// The rows of the last few selections, kept until the world changes, so moving back onto a
    /// VPC of ten thousand interfaces does not build its rows again.
    kept: Kept,
}

impl App {
    /// An app over a session, with files through `host`.
    pub fn new(session: Session, host: Box<dyn Host>) -> App {
        let mut app = App {
            model: Model::new(session, host),
            screen: Screen::default(),
            folded: HashSet::new(),
            tree: ListPane::default(),
            selected: None,
            rules: ListPane::default(),
            members: ListPane::default(),
            trace: TracePane::default(),
            log: Log::default(),
            input: Input::default(),
            play: None,
            grid: None,
            quit: false,
            question: None,
            topology: None,
            kept: Kept::default(),
        };
        app.refresh();
        app
    }

    /// An app on a fresh world, with no file access (for tests).
    pub fn sandbox() -> App {
        App::new(Session::new(), Box::new(NoFiles))
    }

    /// An app after running `script` line by line, as if typed (for the tour and tests).
    pub fn with_script(script: &str, host: Box<dyn Host>) -> App {
        let mut app = App::new(Session::new(), host);
        for (_, text) in crate::lang::split_script(crate::lang::lines::without_bom(script)) {
            if !text.trim().is_empty() && !text.trim_start().starts_with('#') {
                app.execute(text.trim());
            }
            if app.quit {
                // `quit` in a script ends the script, not the TUI.
                app.quit = false;
                break;
            }
        }
        app.model.changes = Changes::default();
        app
    }

    // ----- reading the state (the outside reads; only `update` writes) -----

    /// The session and what was read from it after the last change.
    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn focus(&self) -> Pane {
        self.screen.focus
    }

    pub fn size(&self) -> Rect {
        self.screen.size
    }

    /// What keys go to.
    pub fn mode(&self) -> &Mode {
        &self.input.mode
    }

    /// The line being typed.
    pub fn line(&self) -> &LineEditor {
        &self.input.line
    }

    /// The bottom bar's message.
    pub fn status(&self) -> Option<&str> {
        self.input.status.as_deref()
    }

    pub fn log(&self) -> &Log {
        &self.log
    }

    pub fn tree(&self) -> &ListPane<TreeRow> {
        &self.tree
    }

    /// The tree node whose rules and members are shown.
    pub fn selected(&self) -> Option<&Node> {
        self.selected.as_ref()
    }

    pub fn rules(&self) -> &ListPane<RuleRow> {
        &self.rules
    }

    pub fn members(&self) -> &ListPane<MemberRow> {
        &self.members
    }

    /// The trace the trace pane shows.
    pub fn trace(&self) -> Option<&TraceView> {
        self.trace.view.as_ref()
    }

    /// The session file being played, in play mode.
    /// The `ask` waiting for its prediction.
    pub fn question(&self) -> Option<&crate::session::Question> {
        self.question.as_ref()
    }

    pub fn playing(&self) -> Option<&Play> {
        self.play.as_ref()
    }

    pub fn grid(&self) -> Option<&Grid> {
        self.grid.as_ref()
    }

    /// Whether the user asked to quit.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The layout's shape for the current state.
    pub fn shape(&self) -> Shape {
        Shape {
            banner: self.play.is_some(),
            grid: self.grid.is_some(),
            right: self.screen.right,
            flows: self.model.flows.len(),
        }
    }

    pub fn areas(&self) -> Areas {
        self.areas_in(self.screen.size)
    }

    /// The layout in a terminal of `size`.
    pub fn areas_in(&self, size: Rect) -> Areas {
        let extra = ui::Extra {
            banner_rows: super::panes::banner_rows(self, size.width),
            topology: self.topology.is_some() && self.grid.is_none(),
        };
        ui::layout_with(size, self.shape(), extra)
    }

    /// How many rows a list pane shows.
    pub fn rows(&self, pane: Pane) -> usize {
        let areas = self.areas();
        let header = match pane {
            Pane::Rules | Pane::Members => 1,
            _ => 0,
        };
        let area = match pane {
            Pane::Groups => Some(areas.groups),
            Pane::Rules => areas.rules,
            Pane::Members => areas.members,
            Pane::Trace => areas.trace,
            Pane::Console => Some(areas.console),
        };
        let inner = area.map_or(0, |a| a.height.saturating_sub(2) as usize);
        let inner = match (pane, &self.trace.view, area) {
            // The path strip is over the trace.
            (Pane::Trace, Some(view), Some(a)) => {
                let h = inner.min(u16::MAX as usize) as u16;
                let w = a.width.saturating_sub(2);
                inner - super::panes::trace::strip_height(view, w, h) as usize
            }
            _ => inner,
        };
        match pane {
            // The console's last row is the command line.
            Pane::Console => inner.saturating_sub(1),
            _ => inner.saturating_sub(header),
        }
    }

    /// Changes the state for one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.screen.size = Rect::new(0, 0, width, height);
                self.clamp_all();
            }
            Action::Click { x, y } => self.click(x, y),
            Action::Scroll { x, y, down } => self.wheel(x, y, down),
            Action::Predict(allow) => self.predict(allow),
            Action::Tick => self.tick(),
            _ if self.screen.help.is_some() => self.update_help(action),
            _ => match self.input.mode.clone() {
                Mode::Command | Mode::Filter(_) | Mode::Prompt(_) => self.update_input(action),
                Mode::Grid => self.update_grid(action),
                Mode::Normal => self.update_normal(action),
            },
        }
    }

    pub(super) fn update_help(&mut self, action: Action) {
        let Some(offset) = self.screen.help.as_mut() else {
            return;
        };
        match action {
            Action::Back | Action::Help => self.screen.help = None,
            Action::Up => *offset = offset.saturating_sub(1),
            Action::Down => *offset = (*offset + 1).min(ui::help_lines().saturating_sub(1)),
            _ => {}
        }
    }

    fn update_normal(&mut self, action: Action) {
        self.input.status = None;
        match action {
            Action::NextPane | Action::PrevPane => {
                let next = self.screen.focus.cycle(action == Action::NextPane);
                self.focus_pane(next);
            }
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-(self.rows(self.screen.focus).max(1) as isize)),
            Action::PageDown => self.step(self.rows(self.screen.focus).max(1) as isize),
            Action::Top => self.ends(true),
            Action::Bottom => self.ends(false),
            Action::Enter => self.enter(),
            Action::Back => self.back(),
            Action::Command => self.open_command(),
            Action::Filter => self.open_filter(),
            Action::Pick => self.pick_member(),
            Action::Help => self.screen.help = Some(0),
            Action::Fold => self.fold(true),
            Action::Unfold => self.fold(false),
            Action::Grid => self.open_grid(),
            Action::PlayNext => self.play_next(),
            Action::PlayBack => self.play_back(),
            Action::PlayRun => self.play_run(),
            Action::PlayPreviousPause => self.play_previous_pause(),
            Action::PlayJump => self.ask_step(),
            Action::Autoplay => self.toggle_autoplay(),
            Action::Pace(slower) => self.pace(slower),
            Action::Detour => self.detour_toggle(),
            Action::Topology => self.toggle_topology(),
            Action::NextFix => self.next_fix(),
            _ => {}
        }
    }

    pub(super) fn focus_pane(&mut self, pane: Pane) {
        self.screen.focus = pane;
        if matches!(pane, Pane::Rules | Pane::Members | Pane::Trace) {
            self.screen.right = pane;
        }
    }

    /// Runs `f` on the focused pane's cursor with its length and height.
    pub(super) fn with_cursor(&mut self, f: impl FnOnce(&mut Cursor, usize, usize)) {
        let h = self.rows(self.screen.focus);
        let (cursor, len) = match self.screen.focus {
            Pane::Groups => (&mut self.tree.cursor, self.tree.view.len()),
            Pane::Rules => (&mut self.rules.cursor, self.rules.view.len()),
            Pane::Members => (&mut self.members.cursor, self.members.view.len()),
            Pane::Trace => (
                &mut self.trace.cursor,
                self.trace.view.as_ref().map_or(0, |t| t.lines.len()),
            ),
            Pane::Console => (&mut self.log.cursor, self.log.lines.len()),
        };
        f(cursor, len, h);
        if self.screen.focus == Pane::Groups {
            self.select_from_tree();
        }
    }

    fn enter(&mut self) {
        match self.screen.focus {
            Pane::Groups => match self.tree_row().map(|r| r.node.clone()) {
                Some(Node::Group(_)) => self.focus_pane(Pane::Rules),
                Some(node) => self.toggle_fold(node),
                None => {}
            },
            Pane::Rules => {
                let peer = self.rules.current().and_then(|r| r.peer_group.clone());
                match peer {
                    Some(id) => {
                        self.reveal(&Node::Group(id));
                        self.focus_pane(Pane::Groups);
                    }
                    None => self.input.status = Some("this rule's peer is not a group".into()),
                }
            }
            Pane::Members => match self.member_instance(self.members.cursor.selected) {
                Some(name) => {
                    self.execute(&format!("show instance {name}"));
                }
                None if self.member_is_service(self.members.cursor.selected) => {
                    self.execute("show clusters");
                }
                None => self.input.status = Some("no instance selected".into()),
            },
            Pane::Trace => self.run_fix(),
            Pane::Console => self.open_command(),
        }
    }

    fn back(&mut self) {
        if self.input.pick.take().is_some() {
            self.input.status = Some("trace cancelled".into());
            return;
        }
        let filter = match self.screen.focus {
            Pane::Groups => &mut self.tree.filter,
            Pane::Rules => &mut self.rules.filter,
            Pane::Members => &mut self.members.filter,
            _ => {
                self.focus_pane(Pane::Groups);
                return;
            }
        };
        if filter.is_empty() {
            if self.screen.focus != Pane::Groups {
                self.focus_pane(Pane::Groups);
            }
        } else {
            filter.clear();
            self.apply_filters();
        }
    }

    pub(super) fn tree_row(&self) -> Option<&TreeRow> {
        self.tree.current()
    }

    fn fold(&mut self, fold: bool) {
        if self.screen.focus != Pane::Groups {
            return;
        }
        let Some(row) = self.tree_row() else { return };
        let node = row.node.clone();
        if node.folds() && self.folded.contains(&node) != fold {
            self.toggle_fold(node);
        }
    }

    fn toggle_fold(&mut self, node: Node) {
        if !self.folded.remove(&node) {
            self.folded.insert(node.clone());
        }
        self.rebuild_tree();
        self.select_node(&node);
    }

    /// Rebuilds every view model from the world, the flows and the clock (after a command
    /// changed them).
    pub(super) fn refresh(&mut self) {
        self.refresh_onto(None);
    }

    /// [`App::refresh`], selecting `target` (revealed as [`App::reveal`] does) instead of the
    /// row selected before, when it can be shown: the rows of a selection the change moves away
    /// from are not built again, nor the tree twice.
    pub(super) fn refresh_onto(&mut self, target: Option<&Node>) {
        self.kept = Kept::default();
        self.model.read_flows();
        // With nothing selected, selecting a row builds its rows from the new world.
        let old = self.selected.take();
        self.rebuild_tree();
        let shown = match target {
            Some(node) => {
                // The tree's cursor goes to the row selected before, then to the target, so
                // the tree scrolls as if both were selected in turn.
                let at = old.as_ref().and_then(|n| self.position(n));
                if let Some(pos) = at {
                    self.tree.cursor.selected = pos;
                }
                self.tree
                    .cursor
                    .clamp(self.tree.view.len(), self.rows(Pane::Groups));
                self.reveal(node)
            }
            None => false,
        };
        if !shown {
            match old {
                Some(n) if self.select_node(&n) => {}
                _ => {
                    self.tree
                        .cursor
                        .clamp(self.tree.view.len(), self.rows(Pane::Groups));
                    self.select_from_tree();
                }
            }
        }
        if self.selected.is_none() {
            // No row to select: empty the panes.
            self.rebuild_selection();
        }
        if let Some(grid) = self.grid.as_mut() {
            grid.reload(&self.model.session);
        }
        self.rebuild_topology();
        self.fill_grid();
    }

    fn rebuild_tree(&mut self) {
        self.tree.rows = model::tree(self.model.session.world(), &self.folded);
        self.tree.view = model::filtered_tree(&self.tree.rows, &self.tree.filter);
        self.tree
            .cursor
            .clamp(self.tree.view.len(), self.rows(Pane::Groups));
    }

    /// Where the tree shows `node`.
    fn position(&self, node: &Node) -> Option<usize> {
        self.tree
            .view
            .iter()
            .position(|i| self.tree.rows.get(*i).is_some_and(|r| &r.node == node))
    }

    /// Moves the tree's cursor to `node`; false when the tree does not show it.
    pub(super) fn select_node(&mut self, node: &Node) -> bool {
        match self.position(node) {
            Some(pos) => {
                self.tree.cursor.selected = pos;
                self.tree
                    .cursor
                    .clamp(self.tree.view.len(), self.rows(Pane::Groups));
                self.select_from_tree();
                true
            }
            None => false,
        }
    }

    /// Unfolds what hides `node` and clears a filter that hides it, then selects it; false when
    /// the tree does not show it even so.
    pub(super) fn reveal(&mut self, node: &Node) -> bool {
        if let Node::Group(id) = node
            && let Some(g) = self.model.session.world().groups.get(id)
        {
            self.folded.remove(&Node::Account(g.scope.account.clone()));
            self.folded.remove(&Node::Region(g.scope.clone()));
            match &g.vpc {
                Some(v) => self.folded.remove(&Node::Vpc(v.clone())),
                None => self.folded.remove(&Node::Classic(g.scope.clone())),
            };
        }
        self.rebuild_tree();
        if self.select_node(node) {
            return true;
        }
        self.tree.filter.clear();
        self.rebuild_tree();
        self.select_node(node)
    }

    /// Shows the rules and members of the tree's selected row, rebuilding them if it changed.
    fn select_from_tree(&mut self) {
        let node = self.tree_row().map(|r| r.node.clone());
        if node != self.selected {
            if let Some(old) = self.selected.take() {
                let rules = std::mem::take(&mut self.rules.rows);
                let members = std::mem::take(&mut self.members.rows);
                self.kept.put(old, rules, members);
            }
            self.selected = node;
            self.rules.cursor = Cursor::default();
            self.members.cursor = Cursor::default();
            let kept = self.selected.as_ref().and_then(|n| self.kept.take(n));
            match kept {
                Some((rules, members)) => {
                    self.rules.rows = rules;
                    self.members.rows = members;
                    self.apply_filters();
                }
                None => self.rebuild_selection(),
            }
        }
    }

    /// Builds the rules and members of the selected node from the world.
    fn rebuild_selection(&mut self) {
        let world = self.model.session.world();
        let (rules, members) = match &self.selected {
            Some(Node::Group(id)) => match world.groups.get(id) {
                Some(g) => (model::rules(world, g), model::members_of_group(world, id)),
                None => (Vec::new(), Vec::new()),
            },
            Some(Node::Vpc(v)) => (
                Vec::new(),
                model::members_of_network(world, Some(v), &world.scope),
            ),
            Some(Node::Classic(scope)) => {
                (Vec::new(), model::members_of_network(world, None, scope))
            }
            _ => (Vec::new(), Vec::new()),
        };
        self.rules.rows = rules;
        self.members.rows = members;
        self.apply_filters();
    }

    pub(super) fn apply_filters(&mut self) {
        self.tree.view = model::filtered_tree(&self.tree.rows, &self.tree.filter);
        self.rules.view = model::filtered(
            self.rules.rows.iter().map(|r| r.search.as_str()),
            &self.rules.filter,
        );
        self.members.view = model::filtered(
            self.members.rows.iter().map(|m| m.search.as_str()),
            &self.members.filter,
        );
        self.clamp_all();
        self.select_from_tree();
    }

    pub(super) fn clamp_all(&mut self) {
        let (g, r, m, t, c) = (
            self.rows(Pane::Groups),
            self.rows(Pane::Rules),
            self.rows(Pane::Members),
            self.rows(Pane::Trace),
            self.rows(Pane::Console),
        );
        self.tree.cursor.clamp(self.tree.view.len(), g);
        self.rules.cursor.clamp(self.rules.view.len(), r);
        self.members.cursor.clamp(self.members.view.len(), m);
        let _ = (t, c);
        self.clamp_text();
        self.fill_grid();
    }
}
