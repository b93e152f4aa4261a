//! Durations no clock can reach: a resource configured with
//! `Duration::MAX` as its delay and `SimCluster::wait_idle(Duration::MAX)`
//! wait without a limit (a deadline computed as `now + duration` would
//! overflow and panic, in a background thread for the delay).

use std::time::{Duration, Instant};

use clusprop::offline::OfflineInstructions;
use clusprop_ffi::{Cluster, GroupState, OfflineFlags, Outcome};
use clusprop_sim::{ClusterConfig, GroupConfig, ResourceConfig, SimCluster};

#[test]
fn waits_of_duration_max_have_no_limit_and_do_not_overflow() {
    let config = ClusterConfig::new("unbounded-waits").group(
        GroupConfig::new("G")
            .resource(ResourceConfig::new("Slow", "Generic Service").delay(Duration::MAX)),
    );
    let sim = SimCluster::new(&config).unwrap();
    // Idle: the unlimited wait answers at once.
    let started = Instant::now();
    assert!(sim.wait_idle(Duration::MAX));
    assert!(started.elapsed() < Duration::from_secs(10));
    {
        let cluster = Cluster::open_named(&sim.api(), sim.name()).unwrap();
        let group = cluster.open_group("G").unwrap();
        let outcome = group
            .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
            .unwrap();
        assert_eq!(outcome, Outcome::Pending);
        // The step waits for ever; a bounded wait for idleness times out.
        assert!(!sim.wait_idle(Duration::from_millis(50)));
        assert_eq!(group.state().unwrap(), GroupState::Pending);
        // Cancelling ends the endless pause, and the unlimited wait returns.
        assert_eq!(group.cancel_operation().unwrap(), Outcome::Pending);
        assert!(sim.wait_idle(Duration::MAX));
        assert_eq!(group.state().unwrap(), GroupState::Online);
    }
    assert_eq!(sim.open_handles(), 0);
}
