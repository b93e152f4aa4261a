//! The wait's observer against the simulated cluster: `Group::wait_with`
//! and `Resource::wait_with` show every state read, in order, and the
//! changes among them are the states the object went through.
//!
//! Each resource step takes [`STEP_MS`], so every state lasts far longer
//! than a wait takes to wake on its notification and read it.

use std::time::Duration;

use clusprop::offline::OfflineInstructions;
use clusprop_ffi::{
    Cluster, GroupState, MoveFlags, OfflineFlags, Outcome, ResourceState, WaitEvent, WaitOptions,
    WaitTarget,
};
use clusprop_sim::SimCluster;

/// How long each resource step takes: 250 ms natively; under miri, which
/// interprets the wait's loop a thousand times slower (and shares the
/// machine with another miri run in CI), one read can take longer than
/// that, so a step lasts 2 s there.
const STEP_MS: u64 = if cfg!(miri) { 2_000 } else { 250 };

/// A cluster of two nodes with one group of two resources, each step of
/// which takes [`STEP_MS`].
fn cluster(name: &str) -> SimCluster {
    SimCluster::from_text(&format!(
        "cluster {name:?} node=\"NODE1\"
node \"NODE2\"
group \"G\"
resource \"R1\" type=\"Generic Service\" delay-ms={STEP_MS}
resource \"R2\" type=\"Generic Service\" delay-ms={STEP_MS}
"
    ))
    .unwrap()
}

fn options() -> WaitOptions {
    WaitOptions::with_timeout(Duration::from_secs(30))
        .intervals(Duration::from_millis(20), Duration::from_millis(100))
}

/// Checks what holds for every wait's events: polls counted from 1 with
/// none left out, each event's `previous` the state of the one before, the
/// time waited never going back, and the last state the wait's result.
/// Returns the states that were changes.
fn changes<S: Copy + PartialEq + std::fmt::Debug>(events: &[WaitEvent<S>], result: S) -> Vec<S> {
    assert!(!events.is_empty(), "the first read is always shown");
    let mut previous: Option<&WaitEvent<S>> = None;
    for (i, event) in events.iter().enumerate() {
        assert_eq!(event.poll as usize, i + 1, "polls in order, none left out");
        assert_eq!(event.previous, previous.map(|p| p.state));
        if let Some(p) = previous {
            assert!(event.elapsed >= p.elapsed, "time waited goes forward");
        }
        previous = Some(event);
    }
    assert_eq!(events.last().unwrap().state, result);
    events
        .iter()
        .filter(|e| e.is_change())
        .map(|e| e.state)
        .collect()
}

#[test]
fn a_group_offline_is_seen_pending_then_offline() {
    let sim = cluster("observe-offline");
    let api = sim.api();
    let cluster = Cluster::open_named(&api, sim.name()).unwrap();
    let group = cluster.open_group("G").unwrap();
    let outcome = group
        .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
        .unwrap();
    assert_eq!(outcome, Outcome::Pending);
    let mut events = Vec::new();
    let state = group
        .wait_with(WaitTarget::Offline, &options(), |event| events.push(*event))
        .unwrap();
    assert_eq!(state, GroupState::Offline);
    assert_eq!(
        changes(&events, state),
        [GroupState::Pending, GroupState::Offline]
    );
    // Two steps: the last read came after both (the wait began a little
    // after the steps did, hence the margin of a fifth of a step).
    assert!(events.last().unwrap().elapsed >= Duration::from_millis(2 * STEP_MS - STEP_MS / 5));
    assert_eq!(sim.group_state("G"), Some(GroupState::Offline));
}

#[test]
fn a_resource_in_a_moving_group_is_seen_through_each_state() {
    let sim = cluster("observe-move");
    let api = sim.api();
    let cluster = Cluster::open_named(&api, sim.name()).unwrap();
    let group = cluster.open_group("G").unwrap();
    let node2 = cluster.open_node("NODE2").unwrap();
    let r1 = cluster.open_resource("R1").unwrap();
    // The move takes R2 then R1 offline, changes the owner, and brings R1
    // then R2 online: R1 is pending for two steps, offline for one, then
    // online.
    let outcome = group
        .move_ex(MoveFlags::NONE, Some(&node2), &OfflineInstructions::new())
        .unwrap();
    assert_eq!(outcome, Outcome::Pending);
    let mut events = Vec::new();
    let state = r1
        .wait_with(WaitTarget::Moved, &options(), |event| events.push(*event))
        .unwrap();
    assert_eq!(state, ResourceState::Online);
    assert_eq!(
        changes(&events, state),
        [
            ResourceState::OfflinePending,
            ResourceState::Offline,
            ResourceState::Online
        ]
    );
    // The group's own wait, through the same loop, ends when the move does.
    let mut group_events = Vec::new();
    let state = group
        .wait_with(WaitTarget::Moved, &options(), |event| {
            group_events.push(*event)
        })
        .unwrap();
    assert_eq!(state, GroupState::Online);
    let seen = changes(&group_events, state);
    assert_eq!(seen.last(), Some(&GroupState::Online));
    assert!(
        seen.iter()
            .all(|s| matches!(s, GroupState::Pending | GroupState::Online)),
        "{seen:?}"
    );
    assert_eq!(sim.group_owner("G").as_deref(), Some("NODE2"));
}

#[test]
fn the_observer_sees_the_failure_that_ends_a_wait() {
    let sim = SimCluster::from_text(&format!(
        "cluster \"observe-fail\" node=\"NODE1\"
group \"G\"
resource \"R1\" type=\"Generic Service\" delay-ms={STEP_MS} fail-offline
"
    ))
    .unwrap();
    let api = sim.api();
    let cluster = Cluster::open_named(&api, sim.name()).unwrap();
    let r1 = cluster.open_resource("R1").unwrap();
    let outcome = r1
        .offline_ex(Default::default(), &OfflineInstructions::new())
        .unwrap();
    assert_eq!(outcome, Outcome::Pending);
    let mut events = Vec::new();
    let err = r1
        .wait_with(WaitTarget::Offline, &options(), |event| events.push(*event))
        .unwrap_err();
    assert!(
        matches!(err.inner(), clusprop_ffi::Error::WaitFailed { .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("resource \"R1\": reached state failed while waiting to be offline"),
        "{err}"
    );
    assert_eq!(
        changes(&events, ResourceState::Failed),
        [ResourceState::OfflinePending, ResourceState::Failed]
    );
}

#[test]
fn wait_observed_is_the_same_loop() {
    let sim = cluster("observe-compat");
    let api = sim.api();
    let cluster = Cluster::open_named(&api, sim.name()).unwrap();
    let group = cluster.open_group("G").unwrap();
    let _ = group
        .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
        .unwrap();
    let mut seen = Vec::new();
    let state = group
        .wait_observed(WaitTarget::Offline, &options(), |state, elapsed| {
            seen.push((state, elapsed))
        })
        .unwrap();
    assert_eq!(state, GroupState::Offline);
    assert_eq!(seen.first().map(|s| s.0), Some(GroupState::Pending));
    assert_eq!(seen.last().map(|s| s.0), Some(GroupState::Offline));
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1));
}

#[test]
fn a_wait_with_less_than_a_millisecond_left_sleeps_it_out() {
    // The pause before the last read is shorter than the notification
    // port's millisecond resolution: it is slept out, not read again and
    // again until the deadline passes.
    let sim = SimCluster::from_text(
        "cluster \"observe-sub-ms\"\ngroup \"G\"\n\
         resource \"Slow\" type=\"Generic Service\" delay-ms=60000\n",
    )
    .unwrap();
    let api = sim.api();
    let cluster = Cluster::open_named(&api, sim.name()).unwrap();
    let group = cluster.open_group("G").unwrap();
    let outcome = group
        .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
        .unwrap();
    assert_eq!(outcome, Outcome::Pending);
    let options = WaitOptions::with_timeout(Duration::from_micros(900));
    let mut polls = 0;
    let err = group
        .wait_with(WaitTarget::Offline, &options, |event| polls = event.poll)
        .unwrap_err();
    assert!(
        matches!(err.inner(), clusprop_ffi::Error::Timeout { .. }),
        "{err:?}"
    );
    assert_eq!(err.object(), Some((clusprop_ffi::ObjectType::Group, "G")));
    assert!(polls <= 3, "{polls} reads in 900 µs");
    let _cancelled = group.cancel_operation().unwrap();
}
