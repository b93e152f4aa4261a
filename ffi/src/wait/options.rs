//! [`WaitOptions`]: how long a wait lasts and how often it reads the state.

use std::time::Duration;

/// How long and how often to poll.
///
/// The first poll is immediate; then the interval starts at
/// `first_interval` and doubles up to `max_interval`. The default
/// (5 minutes, 50 ms doubling to 1 s) follows the managed Failover Cluster
/// framework's 5-minute default and Microsoft's 100 ms sample loop.
///
/// ```
/// use std::time::Duration;
///
/// use clusprop_ffi::WaitOptions;
///
/// let options = WaitOptions::with_timeout(Duration::from_secs(30))
///     .intervals(Duration::from_millis(20), Duration::from_millis(500));
/// assert_eq!(options.timeout, Duration::from_secs(30));
/// assert_eq!(WaitOptions::default().timeout, Duration::from_secs(300));
/// ```
///
/// The options are `Copy`: `intervals` returns a changed copy, and a call
/// whose result is dropped (which would change nothing) is a warning:
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// # use std::time::Duration;
/// let options = clusprop_ffi::WaitOptions::default();
/// options.intervals(Duration::from_millis(20), Duration::from_millis(500));
/// ```
///
/// Build it with [`WaitOptions::default`], [`WaitOptions::with_timeout`] and
/// the methods below (it is `#[non_exhaustive]`, so a later setting is not
/// a breaking change); the fields stay readable and writable.
#[derive(Clone, Copy, Debug, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// The first pause between polls.
    pub first_interval: Duration,
    /// The longest pause between polls.
    pub max_interval: Duration,
    /// Asked after every state read that does not end the wait (so at least
    /// once per `max_interval`): `true` stops the wait with
    /// [`Error::Stopped`](crate::Error::Stopped). The operation itself goes
    /// on in the cluster. `None` (the default): the wait runs to its end.
    pub stop: Option<fn() -> bool>,
}

/// Equal when the times are and both have no stop check or the same one
/// (by address, [`core::ptr::fn_addr_eq`]: the same function may have two
/// addresses in different codegen units, so "same" can read as different).
impl PartialEq for WaitOptions {
    fn eq(&self, other: &Self) -> bool {
        let same_stop = match (self.stop, other.stop) {
            (None, None) => true,
            (Some(a), Some(b)) => core::ptr::fn_addr_eq(a, b),
            _ => false,
        };
        self.timeout == other.timeout
            && self.first_interval == other.first_interval
            && self.max_interval == other.max_interval
            && same_stop
    }
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            first_interval: Duration::from_millis(50),
            max_interval: Duration::from_secs(1),
            stop: None,
        }
    }
}

impl WaitOptions {
    /// The default intervals with this timeout.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            ..Self::default()
        }
    }

    /// Sets the first and the longest pause between polls.
    #[must_use = "returns changed options and leaves these unchanged (they are `Copy`)"]
    pub fn intervals(mut self, first: Duration, max: Duration) -> Self {
        self.first_interval = first;
        self.max_interval = max.max(first);
        self
    }

    /// Stops the wait as soon as `check` returns `true` (asked after every
    /// state read that does not end the wait), for example when the user
    /// pressed Ctrl-C; the wait then returns
    /// [`Error::Stopped`](crate::Error::Stopped) with the last state, and
    /// the operation goes on in the cluster
    /// ([`Group::cancel_operation`](crate::Group::cancel_operation) cancels
    /// a group's).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering};
    ///
    /// use clusprop_ffi::WaitOptions;
    ///
    /// static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    ///
    /// let options = WaitOptions::default().stop_when(|| INTERRUPTED.load(Ordering::Relaxed));
    /// assert!(options.stop.is_some());
    /// ```
    #[must_use = "returns changed options and leaves these unchanged (they are `Copy`)"]
    pub fn stop_when(mut self, check: fn() -> bool) -> Self {
        self.stop = Some(check);
        self
    }
}
