//! The journal: every change to the world's maps, kept so that it can be taken back.
//!
//! Each map of the world (objects and index alike) is a [`Tracked`] map: it reads like the hash
//! map it wraps, and every write also records what it replaced: the old value of the entry
//! (`None` when there was none), or, for the edits that are small changes to a large value (one
//! rule appended to a group of a hundred, one interface added to a group's members), the inverse
//! edit. The session takes the records after each command ([`World::take_journal`]) and keeps
//! them with the command; undoing the command plays them backwards
//! ([`World::undo_journal`]). So undo costs what the command touched, not the world, and it
//! gives back the maps exactly: the same entries with the same values, index included.
//!
//! The world's few plain fields (the context, the list of scopes, the id counter, the public
//! address cursor) and the managed services are not journaled: the session keeps a copy of them
//! with each step. A world that no session owns still records; [`World::forget_journal`]
//! drops the records (the session calls it when it takes a world in).

use super::hash::{FastMap, sorted};
use super::{Group, Refs, World};
use crate::vocab::{AclId, EniId, InstanceId, PcxId, PlId, Scope, SgId, SubnetId, VpcId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;
use std::hash::Hash;
use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

/// An edit that takes back a small change to a value.
pub type Inverse<V> = Arc<dyn Fn(&mut V) + Send + Sync>;

/// One record of a map's journal.
#[derive(Clone)]
enum Record<K, V> {
    /// The entry held this value (or nothing) before.
    Was(K, Option<Box<V>>),
    /// The entry was edited; this takes the edit back.
    Edited(K, Inverse<V>),
}

impl<K, V> Record<K, V> {
    fn key(&self) -> &K {
        match self {
            Record::Was(key, _) | Record::Edited(key, _) => key,
        }
    }
}

/// A hash map that records every write, to take it back.
pub struct Tracked<K, V> {
    map: FastMap<K, V>,
    log: Vec<Record<K, V>>,
    /// Whether writes are recorded (see [`World::record_journal`]).
    recording: bool,
}

impl<K, V> Default for Tracked<K, V> {
    fn default() -> Self {
        Tracked {
            map: FastMap::default(),
            log: Vec::new(),
            recording: true,
        }
    }
}

impl<K: Clone, V: Clone> Clone for Tracked<K, V> {
    /// A copy of the map; the copy's journal starts empty.
    fn clone(&self) -> Self {
        Tracked {
            map: self.map.clone(),
            log: Vec::new(),
            recording: self.recording,
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Tracked<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.map.fmt(f)
    }
}

impl<K: Eq + Hash, V: PartialEq> PartialEq for Tracked<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<K, V> Deref for Tracked<K, V> {
    type Target = FastMap<K, V>;
    fn deref(&self) -> &FastMap<K, V> {
        &self.map
    }
}

impl<'a, K, V> IntoIterator for &'a Tracked<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::hash_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl<K: Serialize + Ord, V: Serialize> Serialize for Tracked<K, V> {
    /// Entries sorted by key, so saved worlds are deterministic.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        sorted(&self.map, s)
    }
}

impl<'de, K, V> Deserialize<'de> for Tracked<K, V>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Tracked {
            map: FastMap::deserialize(d)?,
            log: Vec::new(),
            recording: true,
        })
    }
}

impl<K: Clone + Eq + Hash, V: Clone> Tracked<K, V> {
    /// Sets an entry.
    pub fn insert(&mut self, key: K, value: V) {
        if !self.recording {
            self.map.insert(key, value);
            return;
        }
        let old = self.map.insert(key.clone(), value);
        self.log.push(Record::Was(key, old.map(Box::new)));
    }

    /// Removes an entry and returns its value.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let old = self.map.remove(key)?;
        if self.recording {
            self.log
                .push(Record::Was(key.clone(), Some(Box::new(old.clone()))));
        }
        Some(old)
    }

    /// An entry to change; its whole value is recorded first (for small values).
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let value = self.map.get_mut(key)?;
        if self.recording {
            self.log
                .push(Record::Was(key.clone(), Some(Box::new(value.clone()))));
        }
        Some(value)
    }

    /// An entry to change, for large values: `inverse` makes the edit that takes the change back
    /// (called only while writes are recorded).
    pub fn edit(&mut self, key: &K, inverse: impl FnOnce() -> Inverse<V>) -> Option<&mut V> {
        let value = self.map.get_mut(key)?;
        if self.recording {
            self.log.push(Record::Edited(key.clone(), inverse()));
        }
        Some(value)
    }

    /// An entry to change, made empty first when there is none. An existing one is changed in
    /// a way the edit `inverse` makes takes back (`inverse` is called only while writes are
    /// recorded).
    pub fn edit_or_default(&mut self, key: K, inverse: impl FnOnce() -> Inverse<V>) -> &mut V
    where
        V: Default,
    {
        if self.recording {
            let record = if self.map.contains_key(&key) {
                Record::Edited(key.clone(), inverse())
            } else {
                Record::Was(key.clone(), None)
            };
            self.log.push(record);
        }
        self.map.entry(key).or_default()
    }

    /// An entry to change (its whole value recorded first), made empty when there is none.
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        if self.recording {
            let old = self.map.get(&key).map(|v| Box::new(v.clone()));
            self.log.push(Record::Was(key.clone(), old));
        }
        self.map.entry(key).or_default()
    }

    /// The keys written since the journal was last taken, oldest first (a key may repeat).
    pub fn written(&self) -> impl Iterator<Item = &K> {
        self.log.iter().map(Record::key)
    }

    /// Empties the map without recording (for rebuilding an index from scratch).
    pub fn take_all(&mut self) -> FastMap<K, V> {
        self.log.clear();
        std::mem::take(&mut self.map)
    }

    /// Takes back the records of `log`, newest first.
    fn undo(&mut self, log: Box<[Record<K, V>]>) {
        for record in log.into_vec().into_iter().rev() {
            match record {
                Record::Was(key, Some(old)) => {
                    self.map.insert(key, *old);
                }
                Record::Was(key, None) => {
                    self.map.remove(&key);
                }
                Record::Edited(key, inverse) => {
                    if let Some(value) = self.map.get_mut(&key) {
                        inverse(value);
                    }
                }
            }
        }
    }
}

/// Lists every tracked map of the world once: the journal's parts, and how to take each out
/// of the world and back into it.
macro_rules! journal {
    ($($part:ident: $k:ty => $v:ty = $($field:ident).+;)*) => {
        /// The records of one map.
        #[derive(Clone)]
        #[allow(non_camel_case_types)]
        enum Part {
            $($part(Box<[Record<$k, $v>]>),)*
        }

        /// What one command changed in the world's maps, to take it back.
        #[derive(Clone, Default)]
        pub struct Journal(Box<[Part]>);

        impl World {
            /// The records since the last call (or since the world was made), which start
            /// afresh.
            pub fn take_journal(&mut self) -> Journal {
                self.note_written();
                let mut parts = Vec::new();
                $(
                    if !self.$($field).+.log.is_empty() {
                        let log = std::mem::take(&mut self.$($field).+.log);
                        parts.push(Part::$part(log.into_boxed_slice()));
                    }
                )*
                Journal(parts.into_boxed_slice())
            }

            /// Takes back every change `journal` records (the world must be as they left it).
            pub fn undo_journal(&mut self, journal: Journal) {
                let touched = journal.touched();
                for part in journal.0.into_vec() {
                    match part {
                        $(Part::$part(log) => self.$($field).+.undo(log),)*
                    }
                }
                self.note_touched(&touched);
            }

            /// Drops the records since the last [`World::take_journal`].
            pub fn forget_journal(&mut self) {
                self.note_written();
                $(self.$($field).+.log.clear();)*
            }

            /// Whether the maps record their writes from now on. They stop only when nothing
            /// would read the records: `keep` is false (no undo will be asked for) and the
            /// compiled index is stale (it will be built whole, not from the writes). Building
            /// the index turns recording back on.
            pub fn record_journal(&mut self, keep: bool) {
                let on = keep || self.compiled_is_built();
                self.set_recording(on);
            }

            pub(super) fn set_recording(&mut self, on: bool) {
                $(self.$($field).+.recording = on;)*
            }
        }
    };
}

journal! {
    vpcs: VpcId => super::network::Vpc = vpcs;
    subnets: SubnetId => super::network::Subnet = subnets;
    groups: SgId => Group = groups;
    instances: InstanceId => super::instance::Instance = instances;
    enis: EniId => super::instance::Eni = enis;
    nacls: AclId => super::nacl::Nacl = nacls;
    peerings: PcxId => super::peering::Peering = peerings;
    prefix_lists: PlId => super::prefix_list::PrefixList = prefix_lists;
    vpc_names: String => Vec<VpcId> = index.vpc_names;
    subnet_names: String => Vec<SubnetId> = index.subnet_names;
    group_names: String => Vec<SgId> = index.group_names;
    instance_names: String => Vec<InstanceId> = index.instance_names;
    eni_names: String => Vec<EniId> = index.eni_names;
    nacl_names: String => Vec<AclId> = index.nacl_names;
    peering_names: String => Vec<PcxId> = index.peering_names;
    peering_pairs: (VpcId, VpcId) => PcxId = index.peerings;
    private: (super::NetHome, IpAddr) => EniId = index.private;
    public: IpAddr => EniId = index.public;
    members: SgId => BTreeSet<EniId> = index.members;
    vpc_groups_per_scope: Scope => usize = index.vpc_groups_per_scope;
    subnet_cursor: SubnetId => u32 = index.subnet_cursor;
    refs: SgId => Refs = index.refs;
    prefix_list_names: String => Vec<PlId> = index.prefix_list_names;
    list_refs: PlId => Refs = index.list_refs;
}

/// The objects a journal wrote, by kind: each id once, in the order first written. An object
/// that was created, changed or removed is listed alike (look it up to tell which).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub vpcs: Vec<VpcId>,
    pub subnets: Vec<SubnetId>,
    pub groups: Vec<SgId>,
    pub instances: Vec<InstanceId>,
    pub enis: Vec<EniId>,
    pub nacls: Vec<AclId>,
    pub peerings: Vec<PcxId>,
}

impl Touched {
    pub fn is_empty(&self) -> bool {
        self.vpcs.is_empty()
            && self.subnets.is_empty()
            && self.groups.is_empty()
            && self.instances.is_empty()
            && self.enis.is_empty()
            && self.nacls.is_empty()
            && self.peerings.is_empty()
    }
}

/// Each key of `log` once, in the order first written.
fn keys<K: Clone + Eq + Hash, V>(log: &[Record<K, V>]) -> Vec<K> {
    let mut seen = super::hash::FastSet::default();
    log.iter()
        .map(Record::key)
        .filter(|k| seen.insert(*k))
        .cloned()
        .collect()
}

impl Journal {
    /// The objects this journal wrote (the index maps aside).
    pub fn touched(&self) -> Touched {
        let mut t = Touched::default();
        for part in &self.0 {
            match part {
                Part::vpcs(log) => t.vpcs = keys(log),
                Part::subnets(log) => t.subnets = keys(log),
                Part::groups(log) => t.groups = keys(log),
                Part::instances(log) => t.instances = keys(log),
                Part::enis(log) => t.enis = keys(log),
                Part::nacls(log) => t.nacls = keys(log),
                Part::peerings(log) => t.peerings = keys(log),
                _ => {}
            }
        }
        t
    }
}

/// What the VPCs, groups, interfaces, subnets, instances, network ACLs and peerings a step
/// wrote held before it: each one the step wrote,
/// with its value before the step (`None`: the step made it). Their values after the step are
/// the world's. The shells compare the two to show what a step changed (the TUI highlights it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Before {
    pub vpcs: FastMap<VpcId, Option<super::network::Vpc>>,
    pub groups: FastMap<SgId, Option<Group>>,
    pub enis: FastMap<EniId, Option<super::instance::Eni>>,
    pub subnets: FastMap<SubnetId, Option<super::network::Subnet>>,
    pub instances: FastMap<InstanceId, Option<super::instance::Instance>>,
    pub nacls: FastMap<AclId, Option<super::nacl::Nacl>>,
    pub peerings: FastMap<PcxId, Option<super::peering::Peering>>,
}

impl Before {
    /// The values `world` holds now of the objects `touched` lists (for an undo: taken before
    /// the journal is played back, they are what the undo changes).
    pub fn of(touched: &Touched, world: &World) -> Before {
        fn now<K: Clone + Eq + Hash, V: Clone>(
            ids: &[K],
            map: &FastMap<K, V>,
        ) -> FastMap<K, Option<V>> {
            ids.iter()
                .map(|k| (k.clone(), map.get(k).cloned()))
                .collect()
        }
        Before {
            vpcs: now(&touched.vpcs, &world.vpcs),
            groups: now(&touched.groups, &world.groups),
            enis: now(&touched.enis, &world.enis),
            subnets: now(&touched.subnets, &world.subnets),
            instances: now(&touched.instances, &world.instances),
            nacls: now(&touched.nacls, &world.nacls),
            peerings: now(&touched.peerings, &world.peerings),
        }
    }

    /// Every object of `old`, and those of `new` that `old` lacks as made: what replacing `old`
    /// by `new` (a load, a reset) wrote. Costs a copy of `old`'s objects.
    pub fn replaced(old: &World, new: &World) -> Before {
        fn all<K: Clone + Eq + Hash, V: Clone>(
            old: &FastMap<K, V>,
            new: &FastMap<K, V>,
        ) -> FastMap<K, Option<V>> {
            let mut map: FastMap<K, Option<V>> = old
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect();
            for k in new.keys() {
                map.entry(k.clone()).or_insert(None);
            }
            map
        }
        Before {
            vpcs: all(&old.vpcs, &new.vpcs),
            groups: all(&old.groups, &new.groups),
            enis: all(&old.enis, &new.enis),
            subnets: all(&old.subnets, &new.subnets),
            instances: all(&old.instances, &new.instances),
            nacls: all(&old.nacls, &new.nacls),
            peerings: all(&old.peerings, &new.peerings),
        }
    }
}

/// Each key of `log` with the value it held before the log's records: the value in `now` (the
/// map as the log left it) with the records taken back, newest first, on a copy.
fn played_back<K: Clone + Eq + Hash, V: Clone>(
    log: &[Record<K, V>],
    now: &FastMap<K, V>,
) -> FastMap<K, Option<V>> {
    let mut was: FastMap<K, Option<V>> = FastMap::default();
    for record in log.iter().rev() {
        let key = record.key();
        let slot = was
            .entry(key.clone())
            .or_insert_with(|| now.get(key).cloned());
        match record {
            Record::Was(_, old) => *slot = old.as_deref().cloned(),
            Record::Edited(_, inverse) => {
                if let Some(value) = slot.as_mut() {
                    inverse(value);
                }
            }
        }
    }
    was
}

impl Journal {
    /// What the VPCs, groups and interfaces this journal wrote held before it; `world` must be
    /// as the journal left it. Costs a copy of each object written, not of the world.
    pub fn before(&self, world: &World) -> Before {
        let mut b = Before::default();
        for part in &self.0 {
            match part {
                Part::vpcs(log) => b.vpcs = played_back(log, &world.vpcs),
                Part::groups(log) => b.groups = played_back(log, &world.groups),
                Part::enis(log) => b.enis = played_back(log, &world.enis),
                Part::subnets(log) => b.subnets = played_back(log, &world.subnets),
                Part::instances(log) => b.instances = played_back(log, &world.instances),
                Part::nacls(log) => b.nacls = played_back(log, &world.nacls),
                Part::peerings(log) => b.peerings = played_back(log, &world.peerings),
                _ => {}
            }
        }
        b
    }
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Journal({} maps)", self.0.len())
    }
}
