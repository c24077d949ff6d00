//! Bitsets over the endpoints of a reach question, and square bit matrices with a transpose: the
//! sets the reach matrix is combined from (DESIGN.md "Fast by construction").

/// A set of endpoint positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
}

impl Bits {
    pub fn empty(n: usize) -> Bits {
        Bits {
            words: vec![0; n.div_ceil(64)],
        }
    }

    pub fn full(n: usize) -> Bits {
        let mut b = Bits {
            words: vec![u64::MAX; n.div_ceil(64)],
        };
        if !n.is_multiple_of(64)
            && let Some(last) = b.words.last_mut()
        {
            *last = (1u64 << (n % 64)) - 1;
        }
        b
    }

    pub fn set(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    pub fn clear(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    pub fn get(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn or(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
    }

    pub fn and(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
    }

    /// Removes the positions of `other`.
    pub fn and_not(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= !b);
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// The positions in the set, lowest first.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let i = w.trailing_zeros() as usize;
                    w &= w - 1;
                    k * 64 + i
                })
            })
        })
    }
}

/// Transposes a square matrix of `n` rows of `n` bits: row `i` of the result holds bit `i` of
/// every row, 64 x 64 blocks at a time.
pub fn transpose(rows: &[Bits], n: usize) -> Vec<Bits> {
    let mut out: Vec<Bits> = (0..n).map(|_| Bits::empty(n)).collect();
    let blocks = n.div_ceil(64);
    let mut block = [0u64; 64];
    for bi in 0..blocks {
        for bj in 0..blocks {
            for (k, slot) in block.iter_mut().enumerate() {
                *slot = rows
                    .get(bi * 64 + k)
                    .and_then(|r| r.words.get(bj))
                    .copied()
                    .unwrap_or(0);
            }
            if block.iter().all(|w| *w == 0) {
                continue;
            }
            transpose64(&mut block);
            for (k, w) in block.iter().enumerate() {
                if let Some(slot) = out.get_mut(bj * 64 + k).and_then(|r| r.words.get_mut(bi)) {
                    *slot = *w;
                }
            }
        }
    }
    out
}

/// Transposes a 64 x 64 bit block in place (word `k` is row `k`, bit `j` column `j`): swaps ever
/// smaller sub-blocks across the diagonal.
fn transpose64(a: &mut [u64; 64]) {
    let mut width = 32;
    let mut mask: u64 = 0x0000_0000_FFFF_FFFF;
    while width != 0 {
        let mut k = 0;
        while k < 64 {
            for i in k..k + width {
                let t = ((a[i] >> width) ^ a[i + width]) & mask;
                a[i] ^= t << width;
                a[i + width] ^= t;
            }
            k += 2 * width;
        }
        width >>= 1;
        mask ^= mask << width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_matches_bit_by_bit() {
        let n = 130;
        let mut rows: Vec<Bits> = (0..n).map(|_| Bits::empty(n)).collect();
        let mut x: u64 = 7;
        for (i, row) in rows.iter_mut().enumerate() {
            for j in 0..n {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (x >> 33).is_multiple_of(3) || i == j {
                    row.set(j);
                }
            }
        }
        let t = transpose(&rows, n);
        for (i, row) in rows.iter().enumerate() {
            for (j, col) in t.iter().enumerate() {
                assert_eq!(row.get(j), col.get(i), "({i}, {j})");
            }
        }
    }
}
