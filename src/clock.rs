//! The time source. Handlers never call the system clock directly, so tests can
//! move time forward (edit windows, session expiry) without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};

use jiff::Timestamp;

/// Something that tells the current time.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    /// The current moment.
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until told to move; for tests.
#[derive(Debug)]
pub struct ManualClock {
    seconds: AtomicI64,
}

impl ManualClock {
    /// A clock frozen at the current system time.
    pub fn new() -> Self {
        Self {
            seconds: AtomicI64::new(Timestamp::now().as_second()),
        }
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.seconds.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        // The stored value always came from a valid Timestamp plus small offsets.
        Timestamp::from_second(self.seconds.load(Ordering::SeqCst)).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}
