//! The reachability diff by the endpoints a change can move. When two worlds differ only in
//! groups' rules and network ACLs' entries (a `diff since` after rule changes), a pair's verdict
//! can change only if one of its ends is a member of a group that changed or sits in a subnet
//! whose ACL changed (a packet meets no other group or ACL): those endpoints are the focus, and
//! for each class only their rows, columns and internet cells are compared (`reach::strips`).

use super::classes::{Class, Moves};
use crate::dataplane::Packet;
use crate::query::reach::Bits;
use crate::query::reach::ends::Ends;
use crate::query::reach::strips::Strips;
use crate::vocab::Family;
use crate::world::World;
use crate::world::hash::FastMap;
use std::collections::{BTreeMap, BTreeSet};

/// The endpoints (positions in `ends`) whose pairs can differ between `old` and `new`; `None`
/// when the worlds differ in more than groups and ACLs.
fn focus(old: &World, new: &World, ends: &Ends) -> Option<Vec<usize>> {
    let same = old.vpcs == new.vpcs
        && old.subnets == new.subnets
        && old.instances == new.instances
        && old.enis == new.enis
        && old.peerings == new.peerings
        && old.prefix_lists == new.prefix_lists
        && old.services == new.services;
    if !same {
        return None;
    }
    let groups: BTreeSet<_> = old
        .groups
        .keys()
        .chain(new.groups.keys())
        .filter(|id| old.groups.get(*id) != new.groups.get(*id))
        .collect();
    let acls: BTreeSet<_> = old
        .nacls
        .keys()
        .chain(new.nacls.keys())
        .filter(|id| old.nacls.get(*id) != new.nacls.get(*id))
        .collect();
    let moved = |id| {
        let Some(e) = old.enis.get(id) else {
            return true;
        };
        let acl = e.subnet.as_ref().and_then(|s| old.subnets.get(s));
        e.groups.iter().any(|g| groups.contains(g)) || acl.is_some_and(|s| acls.contains(&s.nacl))
    };
    Some(
        ends.ids
            .iter()
            .enumerate()
            .filter(|(_, id)| moved(*id))
            .map(|(k, _)| k)
            .collect(),
    )
}

/// Far ends gained and lost.
type Changes = (Vec<usize>, Vec<usize>);

/// A family's strips of both worlds, and per focus endpoint its row's and column's changes.
type PerFamily<'w> = (Family, Strips<'w>, Strips<'w>, Vec<Changes>, Vec<Changes>);

/// The far ends `b` has and `a` has not, and those `a` has and `b` has not, but those of `but`.
fn changes(a: &Bits, b: &Bits, but: Option<&Bits>) -> Changes {
    if a == b {
        return Default::default();
    }
    let mut gained = b.clone();
    gained.and_not(a);
    let mut lost = a.clone();
    lost.and_not(b);
    if let Some(but) = but {
        gained.and_not(but);
        lost.and_not(but);
    }
    (gained.ones().collect(), lost.ones().collect())
}

/// The pairs whose verdicts differ, as `whole::moves` finds them; `None` when the focus does
/// not apply (the worlds differ in more, or an index is not current).
pub(super) fn moves(
    worlds: [&World; 2],
    ends: [&Ends; 2],
    classes: &BTreeSet<Class>,
) -> Option<BTreeMap<(usize, usize), (Moves, Moves)>> {
    let ([old, new], [ea, eb]) = (worlds, ends);
    if ea != eb {
        return None;
    }
    let focus = focus(old, new, ea)?;
    let mut inside = Bits::empty(ea.ids.len());
    focus.iter().for_each(|&k| inside.set(k));
    // The strips of each world per family, and per focus endpoint the far ends its row and its
    // column gained and lost at the family's last packet.
    let mut strips: Vec<PerFamily> = Vec::new();
    let mut moves: FastMap<(usize, usize), (Moves, Moves)> = FastMap::default();
    for &class in classes {
        let packet: Packet = class.packet();
        let family = packet.own_family().unwrap_or(Family::V4);
        let at = match strips.iter().position(|s| s.0 == family) {
            Some(at) => at,
            None => {
                let a = Strips::new(old, ea, focus.clone(), family)?;
                let b = Strips::new(new, eb, focus.clone(), family)?;
                let none = vec![Changes::default(); focus.len()];
                strips.push((family, a, b, none.clone(), none));
                strips.len() - 1
            }
        };
        let (_, a, b, rows, cols) = &mut strips[at];
        let (a, b) = (a.of(packet), b.of(packet));
        let mut add = |key: (usize, usize), gained: bool| {
            let e = moves.entry(key).or_default();
            if gained {
                e.0.add(class)
            } else {
                e.1.add(class)
            }
        };
        for (k, &d) in focus.iter().enumerate() {
            if a.internet[k] != b.internet[k] {
                add((usize::MAX, d), b.internet[k]);
            }
        }
        for (k, &x) in focus.iter().enumerate() {
            // A row or column as the last packet's in both worlds differs as it did then.
            if a.fresh_rows[k] || b.fresh_rows[k] {
                rows[k] = changes(&a.rows[k], &b.rows[k], None);
            }
            if a.fresh_cols[k] || b.fresh_cols[k] {
                // The focus's own rows have their pairs already.
                cols[k] = changes(&a.cols[k], &b.cols[k], Some(&inside));
            }
            let (gained, lost) = &rows[k];
            gained.iter().for_each(|&d| add((x, d), true));
            lost.iter().for_each(|&d| add((x, d), false));
            let (gained, lost) = &cols[k];
            gained.iter().for_each(|&s| add((s, x), true));
            lost.iter().for_each(|&s| add((s, x), false));
        }
    }
    Some(moves.into_iter().collect())
}
