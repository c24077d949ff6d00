//! One flow: the record `connect` keeps of a connection, and what follows from it and the clock
//! (its idle time, its timeout, how its ends track it).

use crate::dataplane::{
    self, Conn, Crossing, Cut, Detail, EndTrack, Leg, Question, Trace, Track, idle_timeout,
};
use crate::world::World;

/// One flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub name: String,
    /// Its first packet and its endpoints, as `connect` resolved them.
    pub q: Question,
    /// How the source and the destination interface treat it (`None`: a host outside AWS, or
    /// an answer that never met a group).
    pub src: Option<EndTrack>,
    pub dst: Option<EndTrack>,
    pub opened_at: u64,
    /// When its last packet passed.
    pub last_seen: u64,
    /// The packets that passed each way, the first request and reply included.
    pub requests: u64,
    pub replies: u64,
    /// Where its packets went when it opened.
    pub route: Option<Crossing>,
    pub cut: Option<Cut>,
}

impl Flow {
    pub fn idle(&self, now: u64) -> u64 {
        now.saturating_sub(self.last_seen)
    }

    /// A UDP flow with more than one request and response (§9.6).
    pub fn is_stream(&self) -> bool {
        self.requests >= 2 && self.replies >= 2
    }

    /// The idle timeout of its tracking entries.
    pub fn timeout(&self) -> u64 {
        idle_timeout(self.q.packet, self.is_stream())
    }

    pub fn ends(&self) -> impl Iterator<Item = &EndTrack> {
        self.src.iter().chain(self.dst.iter())
    }

    /// Whether an interface keeps a tracking entry for it.
    pub fn is_tracked(&self) -> bool {
        self.ends().any(|e| matches!(e.track, Track::Tracked(_)))
    }

    /// Whether its tracking entries timed out (it has some, and they are idle too long).
    pub fn timed_out(&self, now: u64) -> bool {
        self.is_tracked() && self.idle(now) >= self.timeout()
    }

    /// What the data plane needs to judge its next packet `leg`'s way at `now`.
    pub fn conn(&self, now: u64, leg: Leg) -> Conn {
        Conn {
            name: self.name.clone(),
            leg,
            src: self.src.as_ref().map(|e| e.track.clone()),
            dst: self.dst.as_ref().map(|e| e.track.clone()),
            now,
            idle: self.idle(now),
            timeout: self.timeout(),
            cut: self.cut.clone(),
        }
    }

    /// Judges its next packet `leg`'s way at `now`, without sending it.
    pub fn judge(&self, world: &World, now: u64, leg: Leg, detail: Detail) -> Trace {
        dataplane::decide_flow(world, &self.q, &self.conn(now, leg), detail)
    }

    /// `tcp 22 203.0.113.7 -> web-1`
    pub fn describe(&self) -> String {
        format!(
            "{} {} -> {}",
            self.q.packet, self.q.from_label, self.q.to_label
        )
    }

    /// How each interface treats it, in words: `web-1 tracked (ICMP is always tracked)`.
    pub fn tracking_words(&self) -> String {
        let ends: Vec<String> = self
            .ends()
            .map(|e| format!("{} {}", e.eni.name, e.track))
            .collect();
        if ends.is_empty() {
            "no security group judges it".to_string()
        } else {
            ends.join("; ")
        }
    }

    /// One word for the tracking column.
    pub(super) fn tracking_word(&self) -> &'static str {
        let tracked = self
            .ends()
            .filter(|e| matches!(e.track, Track::Tracked(_)))
            .count();
        match (tracked, self.ends().count()) {
            (_, 0) => "unfiltered",
            (0, _) => "untracked",
            (t, n) if t == n => "tracked",
            _ => "mixed",
        }
    }
}
