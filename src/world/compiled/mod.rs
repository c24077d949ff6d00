//! The compiled index: what a data-plane decision reads, as numbers. Every interface, group,
//! subnet and network ACL the world holds has a `u32` handle and a compiled entry: an interface's
//! network, subnet, instance and groups as handles with its addresses; a group's rules per
//! direction as port intervals, rule bitsets and numeric prefixes (`rules.rs`); a network ACL's
//! entries in the order they are evaluated, final `*` entries included.
//!
//! The index follows the journal: the world's maps record which keys they write, and as the
//! session takes a command's journal the written objects are noted as dirty (undoing a journal
//! notes what it touched). Before a question, [`World::sync_compiled`] compiles the dirty
//! entries again, each once however many commands wrote it. So keeping the index costs what the
//! commands touched, paid when a question needs it. While anything is unnoted or dirty the index
//! is not current and [`World::compiled`] says so (`None`): the data plane then takes its general
//! path, so an index that is behind can slow a decision down but never change it.
//!
//! The index is shared between copies of the world until one of them changes it.

mod handles;
pub mod rules;

pub use handles::{Handles, NONE, at};
pub use rules::{DirRules, Peer, PortTable, RuleSet, family_index};

use super::World;
use super::hash::{FastMap, FastSet};
use super::instance::{Eni, Instance, InstanceState};
use super::journal::{Touched, Tracked};
use super::nacl::{Nacl, star};
use super::network::Subnet;
use crate::vocab::{
    AclId, Direction, EniId, Family, InstanceId, Proto, Scope, SgId, SubnetId, VpcId,
};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

/// A short id or name kept in place (in a table entry or a map's slot), to compare without
/// following a pointer; longer ones are not kept (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(Option<(u8, [u8; 24])>);

impl Key {
    pub fn of(text: &str) -> Key {
        let bytes = text.as_bytes();
        let mut key = [0; 24];
        match key.get_mut(..bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                Key(Some((bytes.len() as u8, key)))
            }
            None => Key(None),
        }
    }

    /// Whether this is the key of `text`.
    pub fn is(&self, text: &str) -> bool {
        self.0
            .is_some_and(|(len, key)| key.get(..len as usize) == Some(text.as_bytes()))
    }

    fn kept(self) -> Option<Key> {
        self.0.is_some().then_some(self)
    }
}

/// The instances that hold one name in one scope: one in place (the usual case), or several.
#[derive(Clone, Debug)]
enum Holders {
    One(u32),
    Many(Vec<u32>),
}

impl Holders {
    fn add(&mut self, h: u32) {
        match self {
            Holders::One(one) => *self = Holders::Many(vec![*one, h]),
            Holders::Many(list) => list.push(h),
        }
    }

    /// Takes `h` out; `false` when none is left.
    fn remove(&mut self, h: u32) -> bool {
        match self {
            Holders::One(one) => *one != h,
            Holders::Many(list) => {
                list.retain(|i| *i != h);
                let left = !list.is_empty();
                if let [one] = list[..] {
                    *self = Holders::One(one);
                }
                left
            }
        }
    }
}

/// An instance as name lookups see it.
#[derive(Clone, Debug)]
struct Named {
    scope: u32,
    name: Key,
    /// Its primary interface (`NONE` when it has none).
    primary: u32,
}

/// The groups an interface entry holds in place; an interface with more has them boxed.
const INLINE_GROUPS: usize = 5;

/// A network interface, compiled.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// Its id, to check a handle against.
    pub key: Key,
    /// The VPC (`NONE` in EC2-Classic), subnet and instance handles.
    pub vpc: u32,
    pub subnet: u32,
    pub instance: u32,
    /// Its instance is stopped.
    pub stopped: bool,
    /// It belongs to a managed service (a cache node or a DB instance).
    pub managed: bool,
    pub private_ip: Ipv4Addr,
    pub ipv6: Option<Ipv6Addr>,
    /// Its groups, in the interface's order: the first `count` of `inline`, or `more`.
    count: u8,
    inline: [u32; INLINE_GROUPS],
    more: Option<Box<[u32]>>,
}

impl Endpoint {
    /// Its groups' handles, in the interface's order.
    pub fn groups(&self) -> &[u32] {
        match &self.more {
            Some(more) => more,
            None => self.inline.get(..self.count as usize).unwrap_or_default(),
        }
    }
}

/// A group's rules, compiled per direction (`None`: too many to compile).
#[derive(Clone, Debug)]
pub struct GroupRules {
    pub ingress: Option<DirRules>,
    pub egress: Option<DirRules>,
}

impl GroupRules {
    pub fn of(&self, direction: Direction) -> Option<&DirRules> {
        match direction {
            Direction::Ingress => self.ingress.as_ref(),
            Direction::Egress => self.egress.as_ref(),
        }
    }
}

/// One network ACL entry, compiled.
#[derive(Clone, Copy, Debug)]
pub struct AclRule {
    pub proto: Proto,
    pub peer: Peer,
    pub allow: bool,
}

/// A network ACL's entries per direction, in evaluation order, ending with both `*` entries.
#[derive(Clone, Debug)]
pub struct AclRules {
    pub inbound: Box<[AclRule]>,
    pub outbound: Box<[AclRule]>,
}

fn acl_rules(nacl: &Nacl, direction: Direction) -> Box<[AclRule]> {
    nacl.entries(direction)
        .iter()
        .copied()
        .chain([star(Family::V4), star(Family::V6)])
        .map(|e| AclRule {
            proto: e.proto,
            peer: Peer::of_net(&e.cidr),
            allow: e.allow,
        })
        .collect()
}

/// The tables, shared between copies of a world.
#[derive(Clone, Debug, Default)]
struct Tables {
    eni_ids: Handles<EniId>,
    group_ids: Handles<SgId>,
    subnet_ids: Handles<SubnetId>,
    acl_ids: Handles<AclId>,
    vpc_ids: Handles<VpcId>,
    instance_ids: Handles<InstanceId>,
    enis: Vec<Option<Endpoint>>,
    groups: Vec<Option<GroupRules>>,
    /// Each subnet's network ACL.
    subnets: Vec<Option<u32>>,
    acls: Vec<Option<AclRules>>,
    scope_ids: Handles<Scope>,
    /// Each instance's scope, name and primary interface, and the instances by scope and name.
    instances: Vec<Option<Named>>,
    by_name: FastMap<(u32, Key), Holders>,
}

/// The compiled index of a world.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The tables must be built anew from the whole world.
    stale: bool,
    /// What changed since the tables were last brought up to date.
    dirty: Dirty,
    tables: Arc<Tables>,
}

impl Default for Compiled {
    fn default() -> Self {
        Compiled {
            stale: true,
            dirty: Dirty::default(),
            tables: Arc::default(),
        }
    }
}

impl Compiled {
    /// The interface's handle and compiled entry.
    pub fn eni(&self, id: &EniId) -> Option<(u32, &Endpoint)> {
        let h = self.tables.eni_ids.get(id)?;
        Some((h, at(&self.tables.enis, h)?))
    }

    /// The interface's handle and compiled entry, trying `handle` (as `eni_handle` gave it) before
    /// looking the id up.
    pub fn eni_at(&self, handle: u32, id: &EniId) -> Option<(u32, &Endpoint)> {
        match at(&self.tables.enis, handle) {
            Some(e) if e.key.is(&id.0) => Some((handle, e)),
            _ => self.eni(id),
        }
    }

    /// The interface's handle, when the index has met it.
    pub fn eni_handle(&self, id: &EniId) -> Option<u32> {
        self.tables.eni_ids.get(id)
    }

    /// A group's compiled rules (`None` for a group that does not exist).
    pub fn group(&self, handle: u32) -> Option<&GroupRules> {
        at(&self.tables.groups, handle)
    }

    /// The compiled network ACL of a subnet (`None` when the subnet or its ACL does not exist).
    pub fn subnet_acl(&self, subnet: u32) -> Option<&AclRules> {
        let acl = *at(&self.tables.subnets, subnet)?;
        at(&self.tables.acls, acl)
    }

    /// The primary interface of the one instance named `name` in `scope`, when exactly one
    /// instance there has the name (and it has an interface): what a name resolves to first.
    pub fn instance_named(&self, scope: &Scope, name: &str) -> Option<(u32, &EniId)> {
        let t = &*self.tables;
        let key = (t.scope_ids.get(scope)?, Key::of(name).kept()?);
        let Holders::One(one) = t.by_name.get(&key)? else {
            return None;
        };
        let primary = at(&t.instances, *one)?.primary;
        Some((primary, t.eni_ids.id(primary)?))
    }

    /// A group's handle, when the index has met the group.
    pub fn group_handle(&self, id: &SgId) -> Option<u32> {
        self.tables.group_ids.get(id)
    }
}

/// The maps the index is compiled from.
struct Sources<'w> {
    enis: &'w Tracked<EniId, Eni>,
    instances: &'w Tracked<InstanceId, Instance>,
    groups: &'w Tracked<SgId, super::Group>,
    subnets: &'w Tracked<SubnetId, Subnet>,
    nacls: &'w Tracked<AclId, Nacl>,
    prefix_lists: &'w Tracked<crate::vocab::PlId, super::prefix_list::PrefixList>,
}

impl Tables {
    fn eni(&mut self, src: &Sources, id: &EniId) {
        let h = self.eni_ids.intern(id);
        let entry = src.enis.get(id).map(|eni| {
            let instance = eni.instance.as_ref();
            let groups: Vec<u32> = eni
                .groups
                .iter()
                .map(|g| self.group_ids.intern(g))
                .collect();
            let mut inline = [NONE; INLINE_GROUPS];
            let more = match inline.get_mut(..groups.len()) {
                Some(dst) => {
                    dst.copy_from_slice(&groups);
                    None
                }
                None => Some(groups.clone().into_boxed_slice()),
            };
            Endpoint {
                key: Key::of(&id.0),
                vpc: self.vpc_ids.intern_opt(eni.vpc.as_ref()),
                subnet: self.subnet_ids.intern_opt(eni.subnet.as_ref()),
                instance: self.instance_ids.intern_opt(instance),
                stopped: instance
                    .and_then(|i| src.instances.get(i))
                    .is_some_and(|i| i.state == InstanceState::Stopped),
                managed: eni.owner.is_some(),
                private_ip: eni.private_ip,
                ipv6: eni.ipv6,
                count: groups.len().min(INLINE_GROUPS) as u8,
                inline,
                more,
            }
        });
        handles::put(&mut self.enis, h, entry);
    }

    fn instance(&mut self, src: &Sources, id: &InstanceId) {
        // Its state is kept in its interfaces' entries.
        for eni in src.instances.get(id).into_iter().flat_map(|i| &i.enis) {
            self.eni(src, eni);
        }
        self.instance_name(src, id);
    }

    /// Files the instance under its scope and name (and out of where it was).
    fn instance_name(&mut self, src: &Sources, id: &InstanceId) {
        let h = self.instance_ids.intern(id);
        if let Some(old) = self.instances.get_mut(h as usize).and_then(Option::take)
            && let Some(holders) = self.by_name.get_mut(&(old.scope, old.name))
            && !holders.remove(h)
        {
            self.by_name.remove(&(old.scope, old.name));
        }
        let entry = src.instances.get(id).map(|i| Named {
            scope: self.scope_ids.intern(&i.scope),
            name: Key::of(&i.name),
            primary: self.eni_ids.intern_opt(i.primary_eni()),
        });
        if let Some(n) = &entry
            && n.name.kept().is_some()
        {
            self.by_name
                .entry((n.scope, n.name))
                .and_modify(|holders| holders.add(h))
                .or_insert(Holders::One(h));
        }
        handles::put(&mut self.instances, h, entry);
    }

    fn group(&mut self, src: &Sources, id: &SgId) {
        let h = self.group_ids.intern(id);
        let entry = src.groups.get(id).map(|g| GroupRules {
            ingress: DirRules::build(&g.ingress, &mut self.group_ids, src.prefix_lists),
            egress: DirRules::build(&g.egress, &mut self.group_ids, src.prefix_lists),
        });
        handles::put(&mut self.groups, h, entry);
    }

    fn subnet(&mut self, src: &Sources, id: &SubnetId) {
        let h = self.subnet_ids.intern(id);
        let entry = src.subnets.get(id).map(|s| self.acl_ids.intern(&s.nacl));
        handles::put(&mut self.subnets, h, entry);
    }

    fn acl(&mut self, src: &Sources, id: &AclId) {
        let h = self.acl_ids.intern(id);
        let entry = src.nacls.get(id).map(|n| AclRules {
            inbound: acl_rules(n, Direction::Ingress),
            outbound: acl_rules(n, Direction::Egress),
        });
        handles::put(&mut self.acls, h, entry);
    }

    fn touched(&mut self, src: &Sources, t: &Touched) {
        t.groups.iter().for_each(|id| self.group(src, id));
        t.nacls.iter().for_each(|id| self.acl(src, id));
        t.subnets.iter().for_each(|id| self.subnet(src, id));
        t.enis.iter().for_each(|id| self.eni(src, id));
        t.instances.iter().for_each(|id| self.instance(src, id));
    }

    fn everything(src: &Sources) -> Tables {
        let mut t = Tables::default();
        src.groups.keys().for_each(|id| t.group(src, id));
        src.nacls.keys().for_each(|id| t.acl(src, id));
        src.subnets.keys().for_each(|id| t.subnet(src, id));
        src.enis.keys().for_each(|id| t.eni(src, id));
        src.instances.keys().for_each(|id| t.instance_name(src, id));
        t
    }
}

/// The objects whose entries must be compiled again, each once.
#[derive(Clone, Debug, Default)]
struct Dirty {
    enis: FastSet<EniId>,
    instances: FastSet<InstanceId>,
    groups: FastSet<SgId>,
    subnets: FastSet<SubnetId>,
    nacls: FastSet<AclId>,
}

fn mark<'k, K: Clone + Eq + std::hash::Hash + 'k>(
    set: &mut FastSet<K>,
    keys: impl Iterator<Item = &'k K>,
) {
    for k in keys {
        if !set.contains(k) {
            set.insert(k.clone());
        }
    }
}

impl Dirty {
    fn is_empty(&self) -> bool {
        self.enis.is_empty()
            && self.instances.is_empty()
            && self.groups.is_empty()
            && self.subnets.is_empty()
            && self.nacls.is_empty()
    }

    fn touched(self) -> Touched {
        Touched {
            groups: self.groups.into_iter().collect(),
            nacls: self.nacls.into_iter().collect(),
            subnets: self.subnets.into_iter().collect(),
            enis: self.enis.into_iter().collect(),
            instances: self.instances.into_iter().collect(),
            ..Touched::default()
        }
    }
}

impl World {
    fn sources(&self) -> Sources<'_> {
        Sources {
            enis: &self.enis,
            instances: &self.instances,
            groups: &self.groups,
            subnets: &self.subnets,
            nacls: &self.nacls,
            prefix_lists: &self.prefix_lists,
        }
    }

    /// Whether a map the index reads has writes the index has not noted.
    fn unsynced(&self) -> bool {
        self.enis.written().next().is_some()
            || self.instances.written().next().is_some()
            || self.groups.written().next().is_some()
            || self.subnets.written().next().is_some()
            || self.nacls.written().next().is_some()
    }

    /// Whether the compiled index has been built (it then follows every write).
    pub(super) fn compiled_is_built(&self) -> bool {
        !self.compiled.stale
    }

    /// The compiled index, when it is current.
    pub fn compiled(&self) -> Option<&Compiled> {
        (!self.compiled.stale && self.compiled.dirty.is_empty() && !self.unsynced())
            .then_some(&self.compiled)
    }

    /// Notes the objects the maps wrote since their journal was last taken, to compile them
    /// again before the next question (`sync_compiled`). Called as the journal is taken.
    pub(super) fn note_written(&mut self) {
        if self.compiled.stale {
            return;
        }
        let d = &mut self.compiled.dirty;
        mark(&mut d.enis, self.enis.written());
        mark(&mut d.instances, self.instances.written());
        mark(&mut d.groups, self.groups.written());
        mark(&mut d.subnets, self.subnets.written());
        mark(&mut d.nacls, self.nacls.written());
    }

    /// Notes the objects a journal touched (as it is undone), to compile them again.
    pub(super) fn note_touched(&mut self, t: &Touched) {
        if self.compiled.stale {
            return;
        }
        let d = &mut self.compiled.dirty;
        mark(&mut d.enis, t.enis.iter());
        mark(&mut d.instances, t.instances.iter());
        mark(&mut d.groups, t.groups.iter());
        mark(&mut d.subnets, t.subnets.iter());
        mark(&mut d.nacls, t.nacls.iter());
    }

    /// Brings the compiled index up to date: compiles again what changed since it was last
    /// current, or builds it whole when it is stale. The session calls it before a question.
    pub fn sync_compiled(&mut self) {
        if self.compiled.stale {
            let tables = Tables::everything(&self.sources());
            self.compiled = Compiled {
                stale: false,
                dirty: Dirty::default(),
                tables: Arc::new(tables),
            };
            // From now on the index follows the writes, which it reads from the journal.
            self.set_recording(true);
            return;
        }
        self.note_written();
        if self.compiled.dirty.is_empty() {
            return;
        }
        let touched = std::mem::take(&mut self.compiled.dirty).touched();
        let src = Sources {
            enis: &self.enis,
            instances: &self.instances,
            groups: &self.groups,
            subnets: &self.subnets,
            nacls: &self.nacls,
            prefix_lists: &self.prefix_lists,
        };
        Arc::make_mut(&mut self.compiled.tables).touched(&src, &touched);
    }

    /// Marks the compiled index for a rebuild from the whole world.
    pub(super) fn drop_compiled(&mut self) {
        self.compiled = Compiled::default();
    }

    /// A copy of the index for a copy of this world: the same when every write is noted, else one
    /// that will be built anew (the copy's maps keep no record of the writes).
    pub(super) fn copy_compiled(&self) -> Compiled {
        if self.unsynced() {
            Compiled::default()
        } else {
            self.compiled.clone()
        }
    }
}
