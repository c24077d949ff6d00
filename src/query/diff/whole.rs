//! The reachability diff the whole way: for each class, the whole reach matrix of both worlds,
//! compared row by row (pair by pair when the endpoints differ). What `diff` answers when the
//! endpoints moved, and the reference its focused comparison (`focus`) is held to.

use super::classes::{Class, Moves};
use crate::query::reach::{self, ends};
use crate::vocab::Family;
use crate::world::World;
use crate::world::hash::FastMap;
use std::collections::{BTreeMap, BTreeSet};

/// The pairs (rows and columns positions in `names`, `usize::MAX` the internet) whose verdicts
/// differ, with the classes each gained and lost.
pub(super) fn moves(
    worlds: [&World; 2],
    ends: [&ends::Ends; 2],
    names: &[String],
    classes: &BTreeSet<Class>,
) -> BTreeMap<(usize, usize), (Moves, Moves)> {
    let ([old, new], [ea, eb]) = (worlds, ends);
    let index = |e: &ends::Ends| -> FastMap<String, usize> {
        e.names
            .iter()
            .enumerate()
            .map(|(k, n)| (n.clone(), k))
            .collect()
    };
    let (ia, ib) = (index(ea), index(eb));
    let same = ea.names == eb.names;
    let mut moves: BTreeMap<(usize, usize), (Moves, Moves)> = BTreeMap::new();
    for &class in classes {
        let packet = class.packet();
        let family = packet.own_family().unwrap_or(Family::V4);
        let all_a: Vec<usize> = (0..ea.ids.len()).collect();
        let all_b: Vec<usize> = (0..eb.ids.len()).collect();
        let ma = reach::matrix(old, ea, &all_a, &all_a, true, packet, family);
        let mb = reach::matrix(new, eb, &all_b, &all_b, true, packet, family);
        // Row 0 is internet (position usize::MAX among the names).
        let row_name = |r: usize| if r == 0 { None } else { Some(r - 1) };
        if same {
            for (r, (a, b)) in ma.allowed.iter().zip(&mb.allowed).enumerate() {
                if a == b {
                    continue;
                }
                let mut gained = b.clone();
                gained.and_not(a);
                let mut lost = a.clone();
                lost.and_not(b);
                let from = row_name(r).unwrap_or(usize::MAX);
                for c in gained.ones() {
                    moves.entry((from, c)).or_default().0.add(class);
                }
                for c in lost.ones() {
                    moves.entry((from, c)).or_default().1.add(class);
                }
            }
            continue;
        }
        let at =
            |m: &reach::Reach, idx: &FastMap<String, usize>, r: Option<&String>, c: &String| {
                let row = match r {
                    None => Some(0),
                    Some(r) => idx.get(r).map(|k| k + 1),
                };
                match (row, idx.get(c)) {
                    (Some(row), Some(&col)) => m.get(row, col),
                    _ => false,
                }
            };
        let rows: Vec<Option<usize>> = std::iter::once(None)
            .chain((0..names.len()).map(Some))
            .collect();
        for r in rows {
            let rn = r.map(|k| &names[k]);
            for (c, cn) in names.iter().enumerate() {
                if Some(c) == r {
                    continue;
                }
                let (a, b) = (at(&ma, &ia, rn, cn), at(&mb, &ib, rn, cn));
                if a != b {
                    let e = moves.entry((r.unwrap_or(usize::MAX), c)).or_default();
                    if b { e.0.add(class) } else { e.1.add(class) }
                }
            }
        }
    }
    moves
}
