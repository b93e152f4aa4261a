//! Waiting for a group or a resource to reach a state: poll its state with
//! back-off until a deadline. One implementation for every pending
//! operation (group offline, online and move; resource offline and online).
//!
//! Between polls the wait sleeps on a cluster notification port
//! (`CreateClusterNotifyPortV2` for group or resource state changes,
//! `GetClusterNotifyV2` with the pause as its timeout), so a state change
//! wakes it at once; where the port cannot be created, or a read from it
//! fails, it sleeps the pause out (polling). The result is the same either
//! way: every decision comes from a state read.
//!
//! Each read is shown to the caller's observer as a [`WaitEvent`] (the
//! state, the one read before it, the time waited), so a progress display
//! runs on this loop rather than on a copy of it.

use std::fmt;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::state::{GroupState, ObjectState, ResourceState};

/// How long and how often to poll.
///
/// The first poll is immediate; then the interval starts at
/// `first_interval` and doubles up to `max_interval`. The default
/// (5 minutes, 50 ms doubling to 1 s) follows the managed Failover Cluster
/// framework's 5-minute default and Microsoft's 100 ms sample loop.
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

/// What a wait is for: the state that ends it well. Each kind of object
/// also has states that end it badly; anything else (the pending states, and
/// states not listed) means "keep polling".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitTarget {
    /// Offline. For a group, `Failed`, `PartialOnline` and `Online` are
    /// failures (Microsoft's `OfflineClusterGroupEx` sample); for a
    /// resource, `Failed` and `Online`.
    Offline,
    /// Online. For a group, `Failed`, `PartialOnline` and `Offline` are
    /// failures; for a resource, `Failed` and `Offline`.
    Online,
    /// A moved group is online again (on whichever node): only `Failed` is a
    /// failure, since a group passes through `Offline` and `PartialOnline`
    /// on its way between nodes.
    Moved,
}

impl fmt::Display for WaitTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Offline => "offline",
            Self::Online => "online",
            Self::Moved => "online after the move",
        })
    }
}

impl WaitTarget {
    /// The target of a wait after moving a group that was in `state`
    /// before the move: [`WaitTarget::Offline`] for an offline group (a
    /// move leaves it offline, on the new node), else [`WaitTarget::Moved`].
    pub fn after_move(state: GroupState) -> Self {
        if state == GroupState::Offline {
            Self::Offline
        } else {
            Self::Moved
        }
    }
}

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

/// What one poll says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Reached,
    Failed,
    Continue,
}

/// A state a wait can judge: [`GroupState`] or [`ResourceState`].
pub(crate) trait Watched: Copy + PartialEq + Into<ObjectState> {
    fn judge(self, target: WaitTarget) -> Verdict;
}

impl Watched for GroupState {
    fn judge(self, target: WaitTarget) -> Verdict {
        use GroupState as S;
        match (target, self) {
            (WaitTarget::Offline, S::Offline)
            | (WaitTarget::Online | WaitTarget::Moved, S::Online) => Verdict::Reached,
            (WaitTarget::Offline, S::Failed | S::PartialOnline | S::Online)
            | (WaitTarget::Online, S::Failed | S::PartialOnline | S::Offline)
            | (WaitTarget::Moved, S::Failed) => Verdict::Failed,
            _ => Verdict::Continue,
        }
    }
}

impl Watched for ResourceState {
    fn judge(self, target: WaitTarget) -> Verdict {
        use ResourceState as S;
        match (target, self) {
            (WaitTarget::Offline, S::Offline)
            | (WaitTarget::Online | WaitTarget::Moved, S::Online) => Verdict::Reached,
            (WaitTarget::Offline, S::Failed | S::Online)
            | (WaitTarget::Online, S::Failed | S::Offline)
            | (WaitTarget::Moved, S::Failed) => Verdict::Failed,
            _ => Verdict::Continue,
        }
    }
}

/// Never poll in a tight loop, whatever the options say.
const MIN_INTERVAL: Duration = Duration::from_millis(1);

/// The clock and sleep a wait uses (real time, or a fake one in tests).
pub(crate) trait Clock {
    fn now(&self) -> Instant;
    fn sleep(&self, d: Duration);
}

pub(crate) struct RealClock;

/// Real time, with pauses that end early when the port has a notification.
/// A port that fails is dropped and the wait polls from then on.
pub(crate) struct PortClock {
    port: std::cell::RefCell<Option<crate::sys::RawNotifyPort>>,
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
                Ok(_) => return,
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

/// [`wait_until`] in real time, sleeping on `port` where there is one:
/// what `Group::wait` and `Resource::wait` (and every `*_and_wait`) run.
pub(crate) fn wait_for<S: Watched>(
    state: impl FnMut() -> Result<S, Error>,
    target: WaitTarget,
    options: &WaitOptions,
    port: Option<crate::sys::RawNotifyPort>,
    observe: impl FnMut(&WaitEvent<S>),
) -> Result<S, Error> {
    match port {
        Some(port) => {
            let clock = PortClock {
                port: std::cell::RefCell::new(Some(port)),
            };
            wait_until(state, target, options, &clock, observe)
        }
        None => wait_until(state, target, options, &RealClock, observe),
    }
}

/// A port for state changes of objects of `object_type` (a
/// `CLUSTER_OBJECT_TYPE_*`) with `flags` (`CLUSTER_CHANGE_*_STATE_V2`), or
/// `None` (the wait polls) when it cannot be created.
pub(crate) fn state_port(
    cluster: &std::sync::Arc<crate::sys::RawCluster>,
    object_type: i32,
    flags: i32,
) -> Option<crate::sys::RawNotifyPort> {
    let filter = windows_sys::Win32::Networking::Clustering::NOTIFY_FILTER_AND_TYPE {
        dwObjectType: object_type as u32,
        FilterFlags: i64::from(flags),
    };
    cluster.notify_port(&[filter]).ok().flatten()
}

/// Polls `query` until `target` is reached (`Ok(state)`), a failure state is
/// seen (`Err(WaitFailed)`), `query` fails (its error), or the deadline
/// passes (`Err(Timeout)` with the last state). Every state read is shown to
/// `observe` before it is judged.
pub(crate) fn wait_until<S: Watched>(
    mut query: impl FnMut() -> Result<S, Error>,
    target: WaitTarget,
    options: &WaitOptions,
    clock: &dyn Clock,
    mut observe: impl FnMut(&WaitEvent<S>),
) -> Result<S, Error> {
    let start = clock.now();
    let deadline = start.checked_add(options.timeout);
    let mut interval = options.first_interval.max(MIN_INTERVAL);
    let mut previous = None;
    let mut poll = 0u32;
    loop {
        let state = query()?;
        poll = poll.saturating_add(1);
        observe(&WaitEvent {
            state,
            previous,
            elapsed: clock.now().saturating_duration_since(start),
            poll,
        });
        previous = Some(state);
        match state.judge(target) {
            Verdict::Reached => return Ok(state),
            Verdict::Failed => {
                return Err(Error::WaitFailed {
                    target,
                    state: state.into(),
                });
            }
            Verdict::Continue => {}
        }
        let now = clock.now();
        let remaining = match deadline {
            Some(deadline) => deadline.saturating_duration_since(now),
            None => Duration::MAX,
        };
        if remaining.is_zero() {
            return Err(Error::Timeout {
                target,
                last: state.into(),
                waited: now.saturating_duration_since(start),
            });
        }
        clock.sleep(interval.min(remaining));
        interval = interval
            .saturating_mul(2)
            .min(options.max_interval)
            .max(MIN_INTERVAL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    struct FakeClock {
        start: Instant,
        elapsed: Cell<Duration>,
        sleeps: RefCell<Vec<Duration>>,
    }

    impl FakeClock {
        fn new() -> Self {
            Self {
                start: Instant::now(),
                elapsed: Cell::new(Duration::ZERO),
                sleeps: RefCell::new(Vec::new()),
            }
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            self.start + self.elapsed.get()
        }
        fn sleep(&self, d: Duration) {
            self.sleeps.borrow_mut().push(d);
            self.elapsed.set(self.elapsed.get() + d);
        }
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn backs_off_then_reaches_offline() {
        let clock = FakeClock::new();
        let mut states = vec![
            GroupState::Offline,
            GroupState::Pending,
            GroupState::Pending,
            GroupState::Pending,
        ];
        let options = WaitOptions::with_timeout(ms(10_000)).intervals(ms(10), ms(25));
        let got = wait_until(
            || Ok(states.pop().unwrap()),
            WaitTarget::Offline,
            &options,
            &clock,
            |_| {},
        );
        assert_eq!(got, Ok(GroupState::Offline));
        assert_eq!(*clock.sleeps.borrow(), vec![ms(10), ms(20), ms(25)]);
    }

    #[test]
    fn the_observer_sees_every_read_in_order_with_the_time_waited() {
        let clock = FakeClock::new();
        let mut states = vec![
            GroupState::Offline,
            GroupState::Pending,
            GroupState::Pending,
        ];
        let options = WaitOptions::with_timeout(ms(10_000)).intervals(ms(10), ms(25));
        let mut seen = Vec::new();
        let got = wait_until(
            || Ok(states.pop().unwrap()),
            WaitTarget::Offline,
            &options,
            &clock,
            |event| seen.push(*event),
        );
        assert_eq!(got, Ok(GroupState::Offline));
        let event = |state, previous, elapsed, poll| WaitEvent {
            state,
            previous,
            elapsed: ms(elapsed),
            poll,
        };
        use GroupState::{Offline, Pending};
        assert_eq!(
            seen,
            [
                event(Pending, None, 0, 1),
                event(Pending, Some(Pending), 10, 2),
                event(Offline, Some(Pending), 30, 3),
            ]
        );
        let changes: Vec<bool> = seen.iter().map(WaitEvent::is_change).collect();
        assert_eq!(changes, [true, false, true]);
    }

    #[test]
    fn the_observer_sees_the_read_that_ends_a_wait_badly() {
        // A failure state: its read is the last event.
        let clock = FakeClock::new();
        let mut states = vec![ResourceState::Failed, ResourceState::OfflinePending];
        let mut seen = Vec::new();
        let got = wait_until(
            || Ok(states.pop().unwrap()),
            WaitTarget::Offline,
            &WaitOptions::default(),
            &clock,
            |event| seen.push((event.state, event.poll)),
        );
        assert!(matches!(got, Err(Error::WaitFailed { .. })));
        assert_eq!(
            seen,
            [
                (ResourceState::OfflinePending, 1),
                (ResourceState::Failed, 2)
            ]
        );
        // A timeout: the read at the deadline is the last event.
        let clock = FakeClock::new();
        let options = WaitOptions::with_timeout(ms(100)).intervals(ms(30), ms(1000));
        let mut elapsed = Vec::new();
        let got = wait_until(
            || Ok(GroupState::Pending),
            WaitTarget::Offline,
            &options,
            &clock,
            |event| elapsed.push(event.elapsed),
        );
        assert!(matches!(got, Err(Error::Timeout { .. })));
        assert_eq!(elapsed, [ms(0), ms(30), ms(90), ms(100)]);
    }

    #[test]
    fn a_move_waits_for_online_unless_the_group_was_offline() {
        assert_eq!(
            WaitTarget::after_move(GroupState::Offline),
            WaitTarget::Offline
        );
        for state in [
            GroupState::Online,
            GroupState::PartialOnline,
            GroupState::Failed,
            GroupState::Pending,
        ] {
            assert_eq!(WaitTarget::after_move(state), WaitTarget::Moved);
        }
    }

    #[test]
    fn failure_states_end_an_offline_wait() {
        for bad in [
            GroupState::Failed,
            GroupState::PartialOnline,
            GroupState::Online,
        ] {
            let clock = FakeClock::new();
            let got = wait_until(
                || Ok(bad),
                WaitTarget::Offline,
                &WaitOptions::default(),
                &clock,
                |_| {},
            );
            assert_eq!(
                got,
                Err(Error::WaitFailed {
                    target: WaitTarget::Offline,
                    state: ObjectState::Group(bad)
                })
            );
            assert!(clock.sleeps.borrow().is_empty());
        }
        let clock = FakeClock::new();
        let got = wait_until(
            || Ok(GroupState::Offline),
            WaitTarget::Online,
            &WaitOptions::default(),
            &clock,
            |_| {},
        );
        assert!(matches!(got, Err(Error::WaitFailed { .. })));
    }

    #[test]
    fn times_out_with_the_last_state_and_never_oversleeps() {
        let clock = FakeClock::new();
        let options = WaitOptions::with_timeout(ms(100)).intervals(ms(30), ms(1000));
        let got = wait_until(
            || Ok(GroupState::Pending),
            WaitTarget::Offline,
            &options,
            &clock,
            |_| {},
        );
        assert_eq!(
            got,
            Err(Error::Timeout {
                target: WaitTarget::Offline,
                last: ObjectState::Group(GroupState::Pending),
                waited: ms(100)
            })
        );
        assert_eq!(*clock.sleeps.borrow(), vec![ms(30), ms(60), ms(10)]);
    }

    #[test]
    fn a_moving_group_may_pass_through_offline() {
        use GroupState as G;
        assert_eq!(G::Offline.judge(WaitTarget::Moved), Verdict::Continue);
        assert_eq!(G::PartialOnline.judge(WaitTarget::Moved), Verdict::Continue);
        assert_eq!(G::Online.judge(WaitTarget::Moved), Verdict::Reached);
        assert_eq!(G::Failed.judge(WaitTarget::Moved), Verdict::Failed);
        assert_eq!(G::Offline.judge(WaitTarget::Online), Verdict::Failed);
    }

    #[test]
    fn resources_have_their_own_failure_states() {
        use ResourceState as R;
        for (target, state, verdict) in [
            (WaitTarget::Offline, R::Offline, Verdict::Reached),
            (WaitTarget::Offline, R::OfflinePending, Verdict::Continue),
            (WaitTarget::Offline, R::Pending, Verdict::Continue),
            (WaitTarget::Offline, R::Online, Verdict::Failed),
            (WaitTarget::Offline, R::Failed, Verdict::Failed),
            (WaitTarget::Online, R::Online, Verdict::Reached),
            (WaitTarget::Online, R::OnlinePending, Verdict::Continue),
            (WaitTarget::Online, R::Initializing, Verdict::Continue),
            (WaitTarget::Online, R::Offline, Verdict::Failed),
            (WaitTarget::Moved, R::Offline, Verdict::Continue),
            (WaitTarget::Moved, R::Online, Verdict::Reached),
        ] {
            assert_eq!(state.judge(target), verdict, "{target} / {state}");
        }
        let clock = FakeClock::new();
        let mut states = vec![R::Online, R::OnlinePending];
        let got = wait_until(
            || Ok(states.pop().unwrap()),
            WaitTarget::Online,
            &WaitOptions::default(),
            &clock,
            |_| {},
        );
        assert_eq!(got, Ok(R::Online));
        assert_eq!(clock.sleeps.borrow().len(), 1);
    }

    #[test]
    fn a_failed_query_ends_the_wait() {
        let clock = FakeClock::new();
        let e = Error::NoErrorCode {
            function: "GetClusterGroupState",
        };
        let got = wait_until::<GroupState>(
            || Err(e.clone()),
            WaitTarget::Offline,
            &WaitOptions::default(),
            &clock,
            |_| {},
        );
        assert_eq!(got, Err(e));
    }
}
