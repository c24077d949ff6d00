//! The maps the world keeps its objects and indexes in: hash maps with a fast, fixed hasher.
//!
//! The world's keys are short ids and names, looked up on every command and every packet, so the
//! hasher is the Fx hash (a multiply and a rotate per word, as rustc uses) rather than SipHash,
//! and it has no random seed: the same session builds the same maps and iterates them in the same
//! order every run. Saved worlds list map entries sorted by key (`sorted`), so a save does not
//! depend on the order the map happens to hold.

use serde::{Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash: fast and deterministic; not for keys an attacker chooses to collide.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The Fx state keeps its entropy in the high bits, while the map indexes by the low ones:
    /// addresses of one subnet would share a bucket. A final mix (splitmix64's) spreads them.
    #[inline]
    fn finish(&self) -> u64 {
        let mut z = self.hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A hash map with the Fx hasher.
pub type FastMap<K, V> = HashMap<K, V, FxBuild>;
/// A hash set with the Fx hasher.
pub type FastSet<K> = HashSet<K, FxBuild>;

/// Serializes a map with its entries sorted by key, so saved worlds are deterministic.
pub fn sorted<S, K, V>(map: &FastMap<K, V>, s: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    K: Serialize + Ord,
    V: Serialize,
{
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    s.collect_map(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn the_hash_is_fixed_and_spreads_ids() {
        let b = FxBuild::default();
        let h = |s: &str| b.hash_one(s);
        assert_eq!(h("sg-0123"), h("sg-0123"));
        assert_ne!(h("sg-0123"), h("sg-0124"));
        assert_ne!(h("eni-0e9b316290724ba1b"), h("eni-0e9b316290724ba1c"));
    }

    #[test]
    fn addresses_of_one_subnet_spread_over_the_low_bits() {
        let b = FxBuild::default();
        let low: FastSet<u64> = (0..256u32)
            .map(|i| b.hash_one(std::net::IpAddr::from([10, 0, 1, i as u8])) & 0xff)
            .collect();
        assert!(low.len() > 128, "only {} distinct low bytes", low.len());
    }
}
