//! Choosing members: `t` on one member and `t` on another asks for a packet and traces between
//! them; Enter shows a member's instance. Members are named the way a person would type them.

use super::app::{App, Mode, Pane, Prompt};
use crate::world::World;
use crate::world::instance::Instance;

impl App {
    /// The members pane's row `i` as a probe endpoint: the instance's name when it names just that
    /// instance, else its id; a secondary interface by its id.
    pub(super) fn member_endpoint(&self, i: usize) -> Option<String> {
        let row = self.members.at(i)?;
        let world = self.model.session.world();
        let eni = world.enis.get(&row.eni)?;
        let instance = eni.instance.as_ref().and_then(|id| world.instances.get(id));
        match instance {
            Some(inst) if eni.device_index == 0 => Some(unique_name(world, inst)),
            // A cache node (`redis-1#2`) or a DB instance, by the name a probe takes.
            None if eni.owner.is_some() && eni.scope == world.scope => Some(eni.name.clone()),
            _ => Some(eni.id.to_string()),
        }
    }

    /// Whether the members pane's row `i` is a cache node or a DB instance.
    pub(super) fn member_is_service(&self, i: usize) -> bool {
        self.members
            .at(i)
            .and_then(|row| self.model.session.world().enis.get(&row.eni))
            .is_some_and(|e| e.owner.is_some())
    }

    /// The instance of the members pane's row `i`, as `show instance` names it.
    pub(super) fn member_instance(&self, i: usize) -> Option<String> {
        let row = self.members.at(i)?;
        let world = self.model.session.world();
        let eni = world.enis.get(&row.eni)?;
        let inst = eni
            .instance
            .as_ref()
            .and_then(|id| world.instances.get(id))?;
        Some(unique_name(world, inst))
    }

    pub(super) fn pick_member(&mut self) {
        if self.screen.focus != Pane::Members {
            self.input.status =
                Some("t traces between members: focus the Members pane first".into());
            return;
        }
        let Some(end) = self.member_endpoint(self.members.cursor.selected) else {
            self.input.status = Some("no member selected".into());
            return;
        };
        match self.input.pick.take() {
            None => {
                self.input.status = Some(format!(
                    "trace from {end}: choose the destination (any group) and press t; Esc cancels"
                ));
                self.input.pick = Some(end);
            }
            Some(from) => {
                self.input.mode = Mode::Prompt(Prompt::TracePacket { from, to: end });
                self.input.line.set("tcp 22");
            }
        }
    }
}

/// An instance as a command names it: its name when that names just this instance, else its id.
fn unique_name(world: &World, inst: &Instance) -> String {
    let r = crate::lang::ast::Ref {
        qualifier: None,
        name: inst.name.clone(),
        span: Default::default(),
    };
    let bare = !inst.name.is_empty()
        && !inst
            .name
            .contains(|c: char| c.is_whitespace() || matches!(c, '"' | '#' | '/' | ','));
    let unique = world
        .resolve_instance(&r)
        .is_ok_and(|found| found.id == inst.id);
    if bare && unique {
        inst.name.clone()
    } else {
        inst.id.to_string()
    }
}
