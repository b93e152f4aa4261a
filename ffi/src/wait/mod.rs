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

mod clock;
mod event;
mod options;
mod target;

use std::time::Duration;

use crate::error::Error;

use clock::{Clock, PortClock, RealClock};
pub use event::WaitEvent;
pub use options::WaitOptions;
pub use target::WaitTarget;
pub(crate) use target::{Verdict, Watched};

/// Never poll in a tight loop, whatever the options say.
const MIN_INTERVAL: Duration = Duration::from_millis(1);

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
        Some(port) => wait_until(state, target, options, &PortClock::new(port), observe),
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
/// seen (`Err(WaitFailed)`), `query` fails (its error), the deadline
/// passes (`Err(Timeout)` with the last state) or the options' stop check
/// says so (`Err(Stopped)`). Every state read is shown to
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
        if options.stop.is_some_and(|stop| stop()) {
            return Err(Error::Stopped {
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
    use std::time::Instant;

    use crate::state::{GroupState, ObjectState, ResourceState};

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

    thread_local! {
        /// How many times [`stop_at_third_check`] was asked, on this thread.
        static STOP_CHECKS: Cell<u32> = const { Cell::new(0) };
    }

    /// A stop check (a plain `fn`, as the options hold) that says stop the
    /// third time it is asked.
    fn stop_at_third_check() -> bool {
        STOP_CHECKS.with(|n| {
            n.set(n.get() + 1);
            n.get() >= 3
        })
    }

    #[test]
    fn a_stop_check_ends_the_wait_with_the_last_state_after_that_read() {
        STOP_CHECKS.with(|n| n.set(0));
        let clock = FakeClock::new();
        let options = WaitOptions::with_timeout(ms(10_000))
            .intervals(ms(10), ms(10))
            .stop_when(stop_at_third_check);
        let mut reads = 0;
        let got = wait_until(
            || {
                reads += 1;
                Ok(GroupState::Pending)
            },
            WaitTarget::Offline,
            &options,
            &clock,
            |_| {},
        );
        assert_eq!(
            got,
            Err(Error::Stopped {
                target: WaitTarget::Offline,
                last: ObjectState::Group(GroupState::Pending),
                waited: ms(20)
            })
        );
        assert_eq!(reads, 3, "asked once per read, stopped at the third");
        assert_eq!(*clock.sleeps.borrow(), vec![ms(10), ms(10)]);
        assert_eq!(STOP_CHECKS.with(Cell::get), 3);
        assert_eq!(got.unwrap_err().io_kind(), std::io::ErrorKind::Interrupted);
    }

    #[test]
    fn a_read_that_ends_the_wait_wins_over_the_stop_check() {
        STOP_CHECKS.with(|n| n.set(2));
        let clock = FakeClock::new();
        let options = WaitOptions::default().stop_when(stop_at_third_check);
        let got = wait_until(
            || Ok(GroupState::Offline),
            WaitTarget::Offline,
            &options,
            &clock,
            |_| {},
        );
        assert_eq!(got, Ok(GroupState::Offline));
        assert_eq!(
            STOP_CHECKS.with(Cell::get),
            2,
            "not asked when the read ends the wait"
        );
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
