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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// The first pause between polls.
    pub first_interval: Duration,
    /// The longest pause between polls.
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            first_interval: Duration::from_millis(50),
            max_interval: Duration::from_secs(1),
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
    pub fn intervals(mut self, first: Duration, max: Duration) -> Self {
        self.first_interval = first;
        self.max_interval = max.max(first);
        self
    }
}
