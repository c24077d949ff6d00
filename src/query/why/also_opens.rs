//! What else a fix opens: the pairs of the `everywhere` matrix (rows `internet` then every
//! endpoint, columns every endpoint) whose verdict for the packet goes from deny to allow once the
//! fix is applied, the asked pair and self pairs left out.
//!
//! Only the endpoints a change can touch are looked at, as sources (their rows) and as
//! destinations (their columns), before and after: the members of a group whose rules changed
//! (an ingress rule admits requests to them and, untracked, replies to them; an egress rule the
//! other way round), the interfaces of the subnets a network ACL serves (its entries judge both
//! legs, both ways), the interfaces of two VPCs a peering joins, and a started instance's. Every
//! other pair meets the same rules, entries and routes before and after, so its verdict cannot
//! change. A few touched endpoints are decided pair by pair; more, by the reach matrix's classes
//! and bitsets for their rows and columns: a fix in a group of a few members costs a few rows and
//! columns of a 10,000-endpoint world, not its square.

use super::fix::Change;
use crate::dataplane::{End, Question};
use crate::lang::ast::ReachScope;
use crate::query::reach::{self, Bits, Ends, ends};
use crate::vocab::EniId;
use crate::world::World;
use crate::world::hash::FastMap;
use std::collections::BTreeSet;

/// The endpoints (positions in `ends`) a change can touch.
fn touched(world: &World, ends: &Ends, changes: &[Change]) -> Vec<usize> {
    let at = ends::positions(ends);
    let mut out = BTreeSet::new();
    let mut add = |id: &EniId, at: &FastMap<EniId, usize>| {
        if let Some(&k) = at.get(id) {
            out.insert(k);
        }
    };
    for change in changes {
        match change {
            Change::Rule { group, .. } => world.members(group).for_each(|e| add(&e.id, &at)),
            Change::Entry { acl, .. } => world
                .enis
                .values()
                .filter(|e| {
                    e.subnet
                        .as_ref()
                        .and_then(|s| world.subnets.get(s))
                        .is_some_and(|s| &s.nacl == acl)
                })
                .for_each(|e| add(&e.id, &at)),
            Change::Peering {
                requester,
                accepter,
                ..
            } => world
                .enis
                .values()
                .filter(|e| e.vpc.as_ref() == Some(requester) || e.vpc.as_ref() == Some(accepter))
                .for_each(|e| add(&e.id, &at)),
            Change::NewGroup { .. } => {}
            Change::Groups { eni, .. } => add(eni, &at),
            Change::Start { instance, .. } => world
                .enis
                .values()
                .filter(|e| e.instance.as_ref() == Some(instance))
                .for_each(|e| add(&e.id, &at)),
        }
    }
    out.into_iter().collect()
}

/// The pairs (row, column) allowed in `after` and denied in `before`; rows count `internet` as 0
/// and endpoint k as k + 1, when `internet` heads the rows.
fn flipped(
    before: &reach::Reach,
    after: &reach::Reach,
    rows: &[usize],
    cols: &[usize],
    out: &mut BTreeSet<(usize, usize)>,
) {
    let offset = usize::from(after.internet);
    for (r, (a, b)) in after.allowed.iter().zip(&before.allowed).enumerate() {
        let mut gained: Bits = a.clone();
        gained.and_not(b);
        let row = if after.internet && r == 0 {
            0
        } else {
            rows.get(r - offset).map_or(0, |k| k + 1)
        };
        for j in gained.ones() {
            if let Some(&c) = cols.get(j) {
                out.insert((row, c));
            }
        }
    }
}

/// Up to this many touched endpoints, their rows and columns are decided pair by pair (a few
/// tens of thousands of verdicts on a 10,000-endpoint world); beyond, by the reach matrix's
/// classes, whose setup costs as much as a couple of hundred thousand verdicts.
const PAIR_BY_PAIR: usize = 32;

/// The touched endpoints' pairs, decided one by one in both worlds: (row, column) as `flipped`
/// numbers them.
fn by_pairs(
    before: &World,
    after: &World,
    ends: &Ends,
    touched: &[usize],
    q: &Question,
    out: &mut BTreeSet<(usize, usize)>,
) {
    let eni = |k: usize| End::Eni {
        id: ends.ids[k].clone(),
        addr: None,
    };
    let opened = |from: End, to: End| {
        let ask = |w: &World| {
            let pair = reach::question(w, q.packet, q.family, from.clone(), to.clone());
            crate::dataplane::verdict(w, &pair)
        };
        ask(after) && !ask(before)
    };
    let n = ends.ids.len();
    for &c in touched {
        if opened(End::Internet, eni(c)) {
            out.insert((0, c));
        }
        for r in (0..n).filter(|&r| r != c) {
            if opened(eni(r), eni(c)) {
                out.insert((r + 1, c));
            }
        }
    }
    for &r in touched {
        for c in (0..n).filter(|&c| c != r) {
            if opened(eni(r), eni(c)) {
                out.insert((r + 1, c));
            }
        }
    }
}

/// The pairs the fix opens besides the asked one, as (from, to) names, row by row.
/// `after` is `before` with the fix applied (its index up to date).
pub fn also_opens(
    before: &World,
    after: &World,
    q: &Question,
    changes: &[Change],
) -> Vec<(String, String)> {
    also_opens_by(before, after, q, changes, None)
}

/// `also_opens`, pair by pair (`Some(true)`), by classes (`Some(false)`), or as the number of
/// touched endpoints chooses (`None`): the tests hold both ways to the same answer.
pub fn also_opens_by(
    before: &World,
    after: &World,
    q: &Question,
    changes: &[Change],
    pair_by_pair: Option<bool>,
) -> Vec<(String, String)> {
    let Ok(ends) = ends::listed(after, &ReachScope::Everywhere) else {
        return Vec::new();
    };
    let touched = touched(after, &ends, changes);
    if touched.is_empty() {
        return Vec::new();
    }
    let all: Vec<usize> = (0..ends.ids.len()).collect();
    let (packet, family) = (q.packet, q.family);
    let mut pairs = BTreeSet::new();
    if pair_by_pair.unwrap_or(touched.len() <= PAIR_BY_PAIR) {
        by_pairs(before, after, &ends, &touched, q, &mut pairs);
    } else {
        // The touched endpoints as destinations, from `internet` and every endpoint.
        let old = reach::matrix(before, &ends, &all, &touched, true, packet, family);
        let new = reach::matrix(after, &ends, &all, &touched, true, packet, family);
        flipped(&old, &new, &all, &touched, &mut pairs);
        // The touched endpoints as sources, to every endpoint.
        let old = reach::matrix(before, &ends, &touched, &all, false, packet, family);
        let new = reach::matrix(after, &ends, &touched, &all, false, packet, family);
        flipped(&old, &new, &touched, &all, &mut pairs);
    }
    let at = ends::positions(&ends);
    let pos = |e: &End| match e {
        End::Eni { id, .. } => at.get(id).copied(),
        _ => None,
    };
    let asked_row = match &q.from {
        End::Internet => Some(0),
        e => pos(e).map(|k| k + 1),
    };
    if let (Some(r), Some(c)) = (asked_row, pos(&q.to)) {
        pairs.remove(&(r, c));
    }
    let name = |k: usize| ends.names.get(k).cloned().unwrap_or_default();
    pairs
        .into_iter()
        .map(|(r, c)| {
            let from = if r == 0 {
                "internet".to_string()
            } else {
                name(r - 1)
            };
            (from, name(c))
        })
        .collect()
}
