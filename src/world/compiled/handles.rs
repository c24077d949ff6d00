//! Handles: each id the compiled index has met, numbered once. A handle is a `u32` that indexes
//! the index's tables, so the hot path compares and looks up numbers, never strings.
//!
//! Handles are never given back: an id keeps its number after its object is gone (its table slot
//! is then empty), so an undo that brings the object back finds it at the same place.

use crate::world::hash::FastMap;
use std::hash::Hash;

/// No object: the handle of an absent subnet, instance or VPC.
pub const NONE: u32 = u32::MAX;

/// Ids to their handles, and back.
#[derive(Clone, Debug)]
pub struct Handles<K> {
    of: FastMap<K, u32>,
    ids: Vec<K>,
}

impl<K> Default for Handles<K> {
    fn default() -> Self {
        Handles {
            of: FastMap::default(),
            ids: Vec::new(),
        }
    }
}

impl<K: Clone + Eq + Hash> Handles<K> {
    /// The id's handle, when it has one.
    pub fn get(&self, id: &K) -> Option<u32> {
        self.of.get(id).copied()
    }

    /// The id's handle, numbering it first when it is new.
    pub fn intern(&mut self, id: &K) -> u32 {
        if let Some(h) = self.of.get(id) {
            return *h;
        }
        let h = u32::try_from(self.ids.len()).unwrap_or(NONE - 1);
        self.of.insert(id.clone(), h);
        self.ids.push(id.clone());
        h
    }

    /// The id a handle stands for.
    pub fn id(&self, handle: u32) -> Option<&K> {
        self.ids.get(handle as usize)
    }

    /// The handle of an optional id (`NONE` for none).
    pub fn intern_opt(&mut self, id: Option<&K>) -> u32 {
        id.map_or(NONE, |id| self.intern(id))
    }
}

/// Puts `value` at `handle` in a table indexed by handles, growing it as needed.
pub fn put<T>(table: &mut Vec<Option<T>>, handle: u32, value: Option<T>) {
    let i = handle as usize;
    if table.len() <= i {
        table.resize_with(i + 1, || None);
    }
    table[i] = value;
}

/// The entry at `handle` of a table indexed by handles.
pub fn at<T>(table: &[Option<T>], handle: u32) -> Option<&T> {
    table.get(handle as usize).and_then(Option::as_ref)
}
