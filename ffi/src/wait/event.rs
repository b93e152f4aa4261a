//! [`WaitEvent`]: one state read, as a wait's observer sees it.

use std::time::Duration;

/// One state read during a wait, as the observer given to
/// [`Group::wait_with`](crate::Group::wait_with) or
/// [`Resource::wait_with`](crate::Resource::wait_with) sees it: every read
/// makes one event, in order, including the last (the one that ends the
/// wait, well or badly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitEvent<S> {
    /// The state read.
    pub state: S,
    /// The state the read before found; `None` at the first read.
    pub previous: Option<S>,
    /// The time since the wait started.
    pub elapsed: Duration,
    /// Which read this is, counting from 1.
    pub poll: u32,
}

impl<S: PartialEq> WaitEvent<S> {
    /// Whether the state differs from the previous read's (always true at
    /// the first read): a progress line shows these.
    pub fn is_change(&self) -> bool {
        self.previous.as_ref() != Some(&self.state)
    }
}
