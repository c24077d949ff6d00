//! The simulated clock: seconds since the session began, moved on only by `wait`. The core reads
//! no real clock, so a session gives the same timers every time it runs.

use crate::dataplane::Secs;
use std::fmt;

/// The session's time, in whole seconds from 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Clock(u64);

impl Clock {
    /// The time now, in seconds.
    pub fn now(self) -> u64 {
        self.0
    }

    /// Moves the clock on by `seconds` (it stops at the end of time rather than wrap).
    pub fn advance(&mut self, seconds: u64) {
        self.0 = self.0.saturating_add(seconds);
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Secs(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_saturates_instead_of_wrapping() {
        let mut c = Clock::default();
        c.advance(u64::MAX - 1);
        c.advance(10);
        assert_eq!(c.now(), u64::MAX);
    }

    #[test]
    fn durations_read_largest_unit_first() {
        assert_eq!(Secs(0).to_string(), "0s");
        assert_eq!(Secs(30).to_string(), "30s");
        assert_eq!(Secs(600).to_string(), "10m");
        assert_eq!(Secs(5400).to_string(), "1h 30m");
        assert_eq!(Secs(431_400).to_string(), "4d 23h 50m");
        assert_eq!(Secs(432_000).to_string(), "5d");
        assert_eq!(Secs(90_061).to_string(), "1d 1h 1m 1s");
    }
}
