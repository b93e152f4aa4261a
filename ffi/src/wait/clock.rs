//! The time a wait reads and the way it pauses: real time, or real time
//! with pauses that a notification port ends early.

use std::time::{Duration, Instant};

/// The clock and sleep a wait uses (real time, or a fake one in tests).
pub(crate) trait Clock {
    fn now(&self) -> Instant;
    fn sleep(&self, d: Duration);
}

/// Real time, pausing with `std::thread::sleep`.
pub(crate) struct RealClock;

/// Real time, with pauses that end early when the port has a notification.
/// A port that fails is dropped and the wait polls from then on. The port
/// waits in whole milliseconds: what is left of a pause when it times out
/// (all of a pause under a millisecond) is slept out.
pub(crate) struct PortClock {
    port: std::cell::RefCell<Option<crate::sys::RawNotifyPort>>,
}

impl PortClock {
    /// Pauses on `port`.
    pub(crate) fn new(port: crate::sys::RawNotifyPort) -> Self {
        Self {
            port: std::cell::RefCell::new(Some(port)),
        }
    }
}

impl Clock for PortClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn sleep(&self, d: Duration) {
        let start = Instant::now();
        let mut port = self.port.borrow_mut();
        if let Some(p) = port.as_ref() {
            let ms = u32::try_from(d.as_millis()).unwrap_or(u32::MAX - 1);
            match p.next(ms) {
                Ok(true) => return,
                Ok(false) => {}
                Err(_) => *port = None,
            }
        }
        std::thread::sleep(d.saturating_sub(start.elapsed()));
    }
}

impl Clock for RealClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}
