//! `CancelClusterGroupOperation` through `clusprop-ffi`'s function table
//! against the simulated cluster, in-process and through the simulator's
//! shared library (see `common/mod.rs`). What happens to the resources is
//! the simulator's documented inference (`sim/src/ops.rs`, `cancel_rest`):
//! steps already run stay done, resources still pending go back to their
//! state before the operation.

mod common;

use std::time::{Duration, Instant};

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{
    Access, GroupState, MoveFlags, OfflineFlags, Outcome, ResourceState, Win32Error,
};
use common::{Mode, Sim, api_error, both_modes};

/// Three resources, taken offline last first: `Fast` at once, the other
/// two only after a long delay (a cancel must not wait for it).
const CONFIG: &str = "cluster NAME
node NODE2
group G
resource Slow1 type=\"Generic Service\" delay-ms=20000
resource Slow2 type=\"Generic Service\" delay-ms=20000
resource Fast type=\"Generic Service\" delay-ms=1
";

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// An offline cancelled after its first step: that resource stays offline,
/// the two still pending come back online, each with a `Cancelled` event,
/// and the cancel does not wait out their delays.
fn offline_cancelled_midway(mode: Mode) {
    let sim = Sim::new(mode, "cancel-offline", CONFIG);
    {
        let cluster = sim.open();
        let group = cluster.open_group("G").unwrap();
        let started = Instant::now();
        let outcome = group
            .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
            .unwrap();
        assert_eq!(outcome, Outcome::Pending);
        wait_until("Fast went offline", || sim.events().len() == 1);
        assert_eq!(group.state().unwrap(), GroupState::Pending);
        assert_eq!(group.cancel_operation().unwrap(), Outcome::Pending);
        assert!(sim.wait_idle());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the delay was not waited out"
        );
        assert_eq!(group.state().unwrap(), GroupState::PartialOnline);
        let state = |name: &str| cluster.open_resource(name).unwrap().state().unwrap();
        assert_eq!(state("Fast"), ResourceState::Offline);
        assert_eq!(state("Slow1"), ResourceState::Online);
        assert_eq!(state("Slow2"), ResourceState::Online);
        let events = sim.events();
        assert_eq!(events.len(), 3, "{events:?}");
        assert_eq!(events[0], "Fast (Generic Service): went offline");
        let cancelled = "(Generic Service): was left as it was: the operation was cancelled";
        // In the group's resource order.
        assert_eq!(events[1], format!("Slow1 {cancelled}"));
        assert_eq!(events[2], format!("Slow2 {cancelled}"));

        // Nothing runs any more: nothing to cancel.
        let (function, error) = api_error(group.cancel_operation());
        assert_eq!(function, "CancelClusterGroupOperation");
        assert_eq!(error, Win32Error::from_code(5023));
    }
    sim.finish();
}

/// A move cancelled before its first step: the group stays on its node,
/// online.
fn move_cancelled(mode: Mode) {
    let sim = Sim::new(
        mode,
        "cancel-move",
        &CONFIG.replace("delay-ms=1\n", "delay-ms=20000\n"),
    );
    {
        let cluster = sim.open();
        let group = cluster.open_group("G").unwrap();
        let node2 = cluster.open_node("NODE2").unwrap();
        let save = OfflineInstructions::new().all_vm_types(VmAction::Save);
        assert_eq!(
            group.move_ex(MoveFlags::NONE, Some(&node2), &save).unwrap(),
            Outcome::Pending
        );
        assert_eq!(group.cancel_operation().unwrap(), Outcome::Pending);
        assert!(sim.wait_idle());
        assert_eq!(
            group.state_and_node().unwrap(),
            (GroupState::Online, "NODE1".to_owned())
        );
        assert_eq!(sim.events().len(), 3, "every resource: cancelled");
    }
    sim.finish();
}

/// A read-only handle may not cancel.
fn read_only_handle(mode: Mode) {
    let sim = Sim::new(mode, "cancel-read", CONFIG);
    {
        let cluster = sim.open();
        let group = cluster.open_group_with_access("G", Access::READ).unwrap();
        let (_, error) = api_error(group.cancel_operation());
        assert_eq!(error, Win32Error::from_code(5), "ERROR_ACCESS_DENIED");
    }
    sim.finish();
}

both_modes!(offline_cancelled_midway, move_cancelled, read_only_handle);

/// The reserved flags must be zero (through the raw entry point).
#[test]
fn reserved_flags_must_be_zero() {
    let sim = Sim::new(Mode::InProcess, "cancel-flags", CONFIG);
    {
        let cluster = sim.open();
        let group = cluster.open_group("G").unwrap();
        let cancel = sim.api.functions().cancel_cluster_group_operation.unwrap();
        // SAFETY: a live group handle of this table.
        assert_eq!(unsafe { cancel(group.as_raw(), 1) }, 87);
    }
    sim.finish();
}
