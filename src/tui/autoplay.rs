//! Autoplay: play mode's steps run by themselves, one every few seconds, up to the next `pause`
//! (a teaching point waits for the teacher) or an `ask` (the class predicts first). The core
//! keeps no clock: the event loop sends [`Action::Tick`](super::Action::Tick) every
//! [`TICK_MS`] while autoplay is on, and the pace is counted in ticks.

use super::app::App;

/// How often the event loop ticks while autoplay is on, in milliseconds.
pub const TICK_MS: u64 = 250;
const TICKS_PER_SECOND: u32 = (1000 / TICK_MS) as u32;
/// The paces `+` and `-` choose from, in seconds per step.
pub const PACES: [u32; 6] = [1, 2, 3, 5, 8, 13];

/// Autoplay: on or off, its pace (kept while off) and how long the current step has shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Autoplay {
    pub on: bool,
    /// Seconds per step (one of [`PACES`]).
    pub pace: u32,
    /// Ticks since the last step.
    pub waited: u32,
}

impl Default for Autoplay {
    fn default() -> Autoplay {
        Autoplay {
            on: false,
            pace: 2,
            waited: 0,
        }
    }
}

impl Autoplay {
    /// `▶ auto 2s`.
    pub fn label(&self) -> String {
        format!("▶ auto {}s", self.pace)
    }

    /// The next pace up (slower) or down (faster).
    fn paced(self, slower: bool) -> Autoplay {
        let at = PACES.iter().position(|p| *p == self.pace).unwrap_or(1);
        let at = if slower {
            (at + 1).min(PACES.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        Autoplay {
            pace: PACES[at],
            waited: 0,
            ..self
        }
    }
}

impl App {
    /// Whether the event loop must tick (autoplay is on).
    pub fn ticking(&self) -> bool {
        self.play.as_ref().is_some_and(|p| p.autoplay.on)
    }

    /// `p`: autoplay on (from the next step) or off.
    pub(super) fn toggle_autoplay(&mut self) {
        if self.play.as_ref().is_some_and(|p| p.in_detour()) {
            self.input.status = Some("on a detour: e goes back to the lesson".into());
            return;
        }
        let Some(play) = self.play.as_mut() else {
            return;
        };
        let auto = &mut play.autoplay;
        auto.on = !auto.on;
        auto.waited = 0;
        self.input.status = Some(if auto.on {
            format!("autoplay: a step every {}s up to the next pause", auto.pace)
        } else {
            "autoplay off".to_string()
        });
    }

    /// `+` or `-`: autoplay's pace.
    pub(super) fn pace(&mut self, slower: bool) {
        let Some(play) = self.play.as_mut() else {
            return;
        };
        play.autoplay = play.autoplay.paced(slower);
        self.input.status = Some(format!("pace: a step every {}s", play.autoplay.pace));
    }

    /// One tick of the event loop: with autoplay on, a step once the pace has passed; off at a
    /// `pause` or the end; held while a question waits or a detour is under way.
    pub(super) fn tick(&mut self) {
        let held = self.question.is_some() || self.screen.help.is_some();
        let Some(play) = self.play.as_mut() else {
            return;
        };
        let auto = &mut play.autoplay;
        if !auto.on || held || play.detour.is_some() {
            return;
        }
        auto.waited += 1;
        if auto.waited < auto.pace * TICKS_PER_SECOND {
            return;
        }
        auto.waited = 0;
        if play.next().is_none() {
            play.autoplay.on = false;
            self.input.status = Some("the end: ← steps back, q quits".into());
            return;
        }
        self.play_next();
        if let Some(play) = self.play.as_mut()
            && play.paused
        {
            play.autoplay.on = false;
            self.input.status = Some("paused: p plays on, Space steps".into());
        }
    }
}
