//! `clusprop-ffi` driven for real against the simulated cluster
//! (`clusprop-sim`), through the same function-pointer table a real
//! `clusapi.dll` goes through, in two ways:
//!
//! * `in_process::*`: the simulator's in-process table;
//! * `library::*`: the simulator's `cdylib`, loaded by path with
//!   `ClusApi::load_path` (a separate copy of the simulator with its own
//!   state, configured and observed through its `ClusSim*` exports).
//!
//! Every scenario runs both ways and ends by checking, in the simulator, that
//! every handle was closed exactly once (open handles 0, no second close).

mod common;

use std::time::Duration;

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{
    Access, CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, Cluster, Error, GroupState, ObjectState,
    ObjectType, OfflineFlags, OnlineFlags, Outcome, WaitOptions, WaitTarget, Win32Error,
};
use clusprop_sim::SimCluster;
use common::{LIBRARY, Mode, Sim, api_error, both_modes, fast};

/// Each resource step of the demo group, in milliseconds: long enough under
/// miri (which runs the test far slower than the simulator's clock) for a
/// state read right after a call to still see the operation pending.
const STEP_MS: u32 = if cfg!(miri) { 300 } else { 5 };

fn demo() -> String {
    format!(
        r#"
cluster NAME
group "DemoGroup"
resource "DemoVM" type="Virtual Machine" delay-ms={STEP_MS}
resource "Cluster Disk 1" type="Physical Disk" delay-ms={STEP_MS}
"#
    )
}

// ---------------------------------------------------------------------------
// Scenarios

/// Microsoft's sample: offline with the ignore flag and no buffer, pending,
/// then poll until offline.
fn seed_flow(mode: Mode) {
    let sim = Sim::new(mode, "seed", &demo());
    {
        let cluster = sim.open();
        let group = cluster.open_group("DemoGroup").unwrap();
        assert_eq!(sim.open_handles(), 2);
        assert_eq!(group.state().unwrap(), GroupState::Online);
        let outcome = group
            .offline_ex_raw(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, &[])
            .unwrap();
        assert_eq!(outcome, Outcome::Pending);
        assert_eq!(group.state().unwrap(), GroupState::Pending);
        assert_eq!(
            group.wait(WaitTarget::Offline, &fast()).unwrap(),
            GroupState::Offline
        );
        assert_eq!(group.state().unwrap(), GroupState::Offline);
        // Nothing left to do: completed at once.
        assert_eq!(
            group.offline_ex_raw(OfflineFlags::NONE, &[]).unwrap(),
            Outcome::Completed
        );
    }
    assert_eq!(
        sim.events(),
        [
            "Cluster Disk 1 (Physical Disk): went offline",
            "DemoVM (Virtual Machine): VM saved its state",
        ]
    );
    sim.finish();
}

/// A VM told to save its state (its own default is set to turn off, so only
/// the instruction can make it save), and the other actions.
fn vm_actions(mode: Mode) {
    for (action, expected) in [
        (VmAction::Save, "VM saved its state"),
        (VmAction::Shutdown, "VM shut down"),
        (VmAction::ShutdownForce, "VM was shut down by force"),
        (VmAction::TurnOff, "VM was turned off"),
    ] {
        let config = r#"
            cluster NAME
            group G
            resource VM type="Virtual Machine" offline-action=0 delay-ms=1
            resource VM2 type="Virtual Machine" offline-action=3 delay-ms=1
        "#;
        let sim = Sim::new(mode, "vm", config);
        {
            let group = sim.open().open_group("G").unwrap();
            let instructions = OfflineInstructions::new().virtual_machine(action);
            group
                .offline_ex_and_wait(OfflineFlags::NONE, &instructions, &fast())
                .unwrap();
            assert_eq!(group.state().unwrap(), GroupState::Offline);
        }
        let events = sim.events();
        assert_eq!(
            events,
            [
                format!("VM2 (Virtual Machine): {expected}"),
                format!("VM (Virtual Machine): {expected}")
            ]
        );
        sim.finish();
    }
}

/// A locked resource: refused without the flag (no state change), accepted
/// with it.
fn locked(mode: Mode) {
    let config = r#"
        cluster NAME
        group G
        resource VM type="Virtual Machine" locked delay-ms=1
        resource Disk type="Physical Disk" delay-ms=1
    "#;
    let sim = Sim::new(mode, "locked", config);
    {
        let group = sim.open().open_group("G").unwrap();
        let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
        let (function, error) = api_error(group.offline_ex(OfflineFlags::NONE, &save));
        assert_eq!(function, "OfflineClusterGroupEx");
        assert_eq!(error, Win32Error::ClusterResourceLockedStatus);
        assert_eq!(error.name(), Some("ERROR_CLUSTER_RESOURCE_LOCKED_STATUS"));
        std::thread::sleep(Duration::from_millis(10));
        assert_eq!(
            group.state().unwrap(),
            GroupState::Online,
            "no state change"
        );
        assert!(sim.events().is_empty());

        let outcome = group
            .offline_ex(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, &save)
            .unwrap();
        assert_eq!(outcome, Outcome::Pending);
        assert_eq!(
            group.wait(WaitTarget::Offline, &fast()).unwrap(),
            GroupState::Offline
        );
    }
    assert_eq!(sim.events().len(), 2);
    sim.finish();
}

/// A read-only handle: queries work, offline is `ERROR_ACCESS_DENIED`.
fn access_denied(mode: Mode) {
    let sim = Sim::new(mode, "access", &demo());
    {
        let cluster = sim.open();
        let group = cluster
            .open_group_with_access("DemoGroup", Access::READ)
            .unwrap();
        assert_eq!(group.granted_access(), Access::READ);
        assert_eq!(group.state().unwrap(), GroupState::Online);
        let (function, error) =
            api_error(group.offline_ex_raw(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, &[]));
        assert_eq!(
            (function, error),
            ("OfflineClusterGroupEx", Win32Error::AccessDenied)
        );
        let io: std::io::Error = group
            .offline_ex_raw(OfflineFlags::NONE, &[])
            .unwrap_err()
            .into();
        assert_eq!(io.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(group.state().unwrap(), GroupState::Online);

        let full = cluster
            .open_group_with_access("DemoGroup", Access::ALL)
            .unwrap();
        assert_eq!(full.granted_access(), Access::ALL);
        assert_eq!(sim.open_handles(), 3);
    }
    assert!(sim.events().is_empty());
    sim.finish();
}

/// A caller with read rights only: asking for all is refused when opening,
/// `MAXIMUM_ALLOWED` grants read.
fn caller_with_read_rights(mode: Mode) {
    let config = "cluster NAME caller-access=read\ngroup G\nresource R type=Generic";
    let sim = Sim::new(mode, "reader", config);
    {
        let (function, error) = api_error(Cluster::open(&sim.api, Some(&sim.name), Access::ALL));
        assert_eq!(
            (function, error),
            ("OpenClusterEx", Win32Error::AccessDenied)
        );
        let cluster = Cluster::open(&sim.api, Some(&sim.name), Access::MAXIMUM_ALLOWED).unwrap();
        assert_eq!(cluster.granted_access(), Access::READ);
        let (_, error) = api_error(cluster.open_group_with_access("G", Access::ALL));
        assert_eq!(error, Win32Error::AccessDenied);
        let group = cluster.open_group("G").unwrap();
        let (_, error) = api_error(group.offline_ex_raw(OfflineFlags::NONE, &[]));
        assert_eq!(error, Win32Error::AccessDenied);
    }
    sim.finish();
}

/// A malformed buffer and unknown flags: `ERROR_INVALID_PARAMETER`, no
/// state change.
fn invalid_parameter(mode: Mode) {
    let sim = Sim::new(mode, "malformed", &demo());
    {
        let group = sim.open().open_group("DemoGroup").unwrap();
        let good = OfflineInstructions::new()
            .virtual_machine(VmAction::Save)
            .to_vec()
            .unwrap();
        let mut bad_buffers: Vec<Vec<u8>> = (1..good.len()).map(|n| good[..n].to_vec()).collect();
        bad_buffers.push(vec![0xFF; 16]);
        let mut wrong_count = good.clone();
        wrong_count[0] = 2;
        bad_buffers.push(wrong_count);
        for bad in &bad_buffers {
            let (function, error) = api_error(group.offline_ex_raw(OfflineFlags::NONE, bad));
            assert_eq!(
                (function, error),
                ("OfflineClusterGroupEx", Win32Error::InvalidParameter),
                "{bad:02X?}"
            );
        }
        for flags in [0x2, 0x4, 0x8000_0000, 0x3] {
            let (_, error) =
                api_error(group.offline_ex_raw(OfflineFlags::from_bits_retain(flags), &good));
            assert_eq!(error, Win32Error::InvalidParameter, "flags {flags:#x}");
        }
        std::thread::sleep(Duration::from_millis(10));
        assert_eq!(
            group.state().unwrap(),
            GroupState::Online,
            "no state change"
        );
        // The well-formed buffer is accepted.
        assert_eq!(
            group.offline_ex_raw(OfflineFlags::NONE, &good).unwrap(),
            Outcome::Pending
        );
        group.wait(WaitTarget::Offline, &fast()).unwrap();
    }
    assert_eq!(sim.events().len(), 2);
    sim.finish();
}

/// Unknown group and unknown cluster: the last error set by the `Open*` call
/// comes back by name. An interior NUL never reaches the library.
fn not_found(mode: Mode) {
    let sim = Sim::new(mode, "notfound", &demo());
    {
        let cluster = sim.open();
        let missing = cluster.open_group("NoSuchGroup").unwrap_err();
        assert_eq!(missing.object(), Some((ObjectType::Group, "NoSuchGroup")));
        // On Windows the inner message goes on with the system's text.
        assert_eq!(
            missing.to_string(),
            format!("group \"NoSuchGroup\": {}", missing.inner())
        );
        assert!(
            missing.to_string().starts_with(
                "group \"NoSuchGroup\": OpenClusterGroup failed: ERROR_GROUP_NOT_FOUND (5013)"
            ),
            "{missing}"
        );
        let (function, error) = api_error(Err::<(), _>(missing));
        assert_eq!(
            (function, error),
            ("OpenClusterGroup", Win32Error::GroupNotFound)
        );
        let (function, error) =
            api_error(cluster.open_group_with_access("NoSuchGroup", Access::READ));
        assert_eq!(
            (function, error),
            ("OpenClusterGroupEx", Win32Error::GroupNotFound)
        );
        let nul = cluster.open_group("Demo\0Group").unwrap_err();
        assert!(
            matches!(nul.inner(), Error::InteriorNul { position: 4 }),
            "{nul:?}"
        );
        assert_eq!(
            nul.to_string(),
            "group \"Demo\\0Group\": name contains a NUL character at position 4"
        );
        for (kind, missing) in [
            (ObjectType::Node, cluster.open_node("NoSuchNode").map(drop)),
            (
                ObjectType::Resource,
                cluster.open_resource("NoSuchResource").map(drop),
            ),
            (
                ObjectType::Network,
                cluster.open_network("NoSuchNetwork").map(drop),
            ),
            (
                ObjectType::NetInterface,
                cluster.open_net_interface("NoSuchInterface").map(drop),
            ),
        ] {
            let error = missing.unwrap_err();
            let (_, name) = error.object().expect("the object is named");
            assert_eq!(error.object(), Some((kind, name)), "{error}");
            assert!(name.starts_with("NoSuch"), "{error}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("{kind} \"{name}\": Open")),
                "{error}"
            );
            assert_eq!(error.io_kind(), std::io::ErrorKind::NotFound, "{error}");
        }
        assert_eq!(sim.open_handles(), 1);

        let unreachable = Cluster::open_named(&sim.api, "no-such-cluster-anywhere").unwrap_err();
        assert!(
            unreachable
                .to_string()
                .starts_with("cluster \"no-such-cluster-anywhere\": OpenCluster failed: "),
            "{unreachable}"
        );
        let (function, error) = api_error(Err::<(), _>(unreachable));
        assert_eq!(
            (function, error),
            ("OpenCluster", Win32Error::RpcServerUnavailable)
        );
        let nul = Cluster::open_named(&sim.api, "a\0b").unwrap_err();
        assert_eq!(nul.object(), Some((ObjectType::Cluster, "a\0b")));
        assert_eq!(nul.into_inner(), Error::InteriorNul { position: 1 });
    }
    sim.finish();
}

/// A wait that times out reports the last state; the operation goes on.
fn wait_times_out(mode: Mode) {
    let config = "cluster NAME\ngroup G\nresource Slow type=Generic delay-ms=800";
    let sim = Sim::new(mode, "timeout", config);
    {
        let group = sim.open().open_group("G").unwrap();
        assert_eq!(
            group.offline_ex_raw(OfflineFlags::NONE, &[]).unwrap(),
            Outcome::Pending
        );
        let options = WaitOptions::with_timeout(Duration::from_millis(30))
            .intervals(Duration::from_millis(2), Duration::from_millis(10));
        let late = group.wait(WaitTarget::Offline, &options);
        if let Err(e) = &late {
            assert!(
                e.to_string().starts_with("group \"G\": timed out after "),
                "{e}"
            );
        }
        match late.map_err(Error::into_inner) {
            Err(Error::Timeout {
                target,
                last,
                waited,
            }) => {
                assert_eq!(target, WaitTarget::Offline);
                assert_eq!(last, ObjectState::Group(GroupState::Pending));
                assert!(waited >= Duration::from_millis(30), "{waited:?}");
                assert!(waited < Duration::from_millis(790), "{waited:?}");
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        // A second request while the first runs is refused.
        let (_, error) = api_error(group.offline_ex_raw(OfflineFlags::NONE, &[]));
        assert_eq!(error, Win32Error::InvalidState);
        assert!(sim.wait_idle());
        assert_eq!(group.state().unwrap(), GroupState::Offline);
    }
    sim.finish();
}

/// A resource that fails while going offline ends the wait with `Failed`.
fn resource_fails(mode: Mode) {
    let config = r#"
        cluster NAME
        group G
        resource VM type="Virtual Machine" delay-ms=1
        resource Disk type="Physical Disk" fail-offline delay-ms=1
    "#;
    let sim = Sim::new(mode, "fails", config);
    {
        let group = sim.open().open_group("G").unwrap();
        let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
        assert_eq!(
            group.offline_ex(OfflineFlags::NONE, &save).unwrap(),
            Outcome::Pending
        );
        let err = group.wait(WaitTarget::Offline, &fast()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "group \"G\": reached state failed while waiting to be offline"
        );
        assert_eq!(
            err.into_inner(),
            Error::WaitFailed {
                target: WaitTarget::Offline,
                state: ObjectState::Group(GroupState::Failed)
            }
        );
        let err = group
            .offline_ex_and_wait(OfflineFlags::NONE, &save, &fast())
            .unwrap_err();
        assert_eq!(err.object(), Some((ObjectType::Group, "G")));
        assert!(
            matches!(
                err.inner(),
                Error::WaitFailed {
                    state: ObjectState::Group(GroupState::Failed),
                    ..
                }
            ),
            "{err:?}"
        );
    }
    let events = sim.events();
    assert_eq!(
        events[0],
        "Disk (Physical Disk): failed while going offline"
    );
    assert_eq!(events[1], "VM (Virtual Machine): VM saved its state");
    sim.finish();
}

/// A failed state query ends the wait with that query's error.
fn state_query_fails(mode: Mode) {
    let config = "cluster NAME\ngroup G state-query-error=5023\nresource R type=Generic";
    let sim = Sim::new(mode, "query", config);
    {
        let group = sim.open().open_group("G").unwrap();
        let (function, error) = api_error(group.state());
        assert_eq!(
            (function, error),
            ("GetClusterGroupState", Win32Error::InvalidState)
        );
        assert_eq!(
            group.offline_ex_raw(OfflineFlags::NONE, &[]).unwrap(),
            Outcome::Pending
        );
        let (function, _) = api_error(group.wait(WaitTarget::Offline, &fast()));
        assert_eq!(function, "GetClusterGroupState");
        assert!(sim.wait_idle());
    }
    sim.finish();
}

/// Handles close exactly once, in any drop order; a group keeps its cluster
/// handle open.
fn handles_close_once(mode: Mode) {
    let sim = Sim::new(mode, "handles", &demo());
    let cluster = sim.open();
    let a = cluster.open_group("DemoGroup").unwrap();
    let b = cluster.open_group("demogroup").unwrap();
    assert_ne!(a.as_raw(), b.as_raw());
    assert_eq!(a.cluster_raw(), cluster.as_raw());
    assert_eq!(sim.open_handles(), 3);
    drop(cluster);
    assert_eq!(sim.open_handles(), 3, "the groups keep the cluster handle");
    assert_eq!(a.state().unwrap(), GroupState::Online);
    drop(a);
    assert_eq!(sim.open_handles(), 2);
    // Used from several threads at once (`Sync`), dropped on another (`Send`).
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..20 {
                    assert_eq!(b.state().unwrap(), GroupState::Online);
                }
            });
        }
    });
    std::thread::spawn(move || drop(b)).join().unwrap();
    sim.finish();
}

/// The node name from `GetClusterGroupState`, longer than the first buffer.
fn state_and_node(mode: Mode) {
    let node = "NODE-".repeat(20);
    let config =
        format!("cluster NAME node={node}\ngroup G\nresource R type=Generic state=offline");
    let sim = Sim::new(mode, "node", &config);
    {
        let group = sim.open().open_group("G").unwrap();
        assert_eq!(
            group.state_and_node().unwrap(),
            (GroupState::Offline, node.clone())
        );
    }
    sim.finish();
}

/// Offline, then online again, through the same wait loop.
fn online_again(mode: Mode) {
    let sim = Sim::new(mode, "online", &demo());
    {
        let group = sim.open().open_group("DemoGroup").unwrap();
        let outcome = group.offline_ex_raw(OfflineFlags::NONE, &[]).unwrap();
        assert_eq!(outcome, Outcome::Pending);
        group.wait(WaitTarget::Offline, &fast()).unwrap();
        assert_eq!(
            group.online_ex_raw(OnlineFlags::NONE, None, &[]).unwrap(),
            Outcome::Pending
        );
        assert_eq!(
            group.wait(WaitTarget::Online, &fast()).unwrap(),
            GroupState::Online
        );
        let (_, error) =
            api_error(group.online_ex_raw(OnlineFlags::from_bits_retain(0x100), None, &[]));
        assert_eq!(error, Win32Error::InvalidParameter);
    }
    let events = sim.events();
    assert_eq!(events.len(), 4);
    assert_eq!(events[2], "DemoVM (Virtual Machine): came online");
    sim.finish();
}

/// Properties for other types, and values a VM cannot use, are ignored.
fn instructions_ignored(mode: Mode) {
    let config = r#"
        cluster NAME
        group G
        resource VM type="Virtual Machine" offline-action=2
        resource Disk type="Physical Disk"
        resource App type="Generic Application"
    "#;
    let sim = Sim::new(mode, "ignored", config);
    {
        let group = sim.open().open_group("G").unwrap();
        let instructions = OfflineInstructions::new()
            .property("Virtual Machine", clusprop::OwnedValue::dword(4))
            .unwrap()
            .property("Physical Disk", clusprop::OwnedValue::dword(1))
            .unwrap();
        group
            .offline_ex_and_wait(OfflineFlags::NONE, &instructions, &fast())
            .unwrap();
    }
    let events = sim.events();
    assert_eq!(
        events,
        [
            "App (Generic Application): went offline",
            "Disk (Physical Disk): ignored its instruction: no offline instructions for this type (got 1)",
            "Disk (Physical Disk): went offline",
            "VM (Virtual Machine): ignored its instruction: 4 is not a VM offline action (0..3)",
            "VM (Virtual Machine): VM shut down",
        ]
    );
    sim.finish();
}

both_modes!(
    seed_flow,
    vm_actions,
    locked,
    access_denied,
    caller_with_read_rights,
    invalid_parameter,
    not_found,
    wait_times_out,
    resource_fails,
    state_query_fails,
    handles_close_once,
    state_and_node,
    online_again,
    instructions_ignored,
);

// ---------------------------------------------------------------------------
// One-mode tests

/// The built-in demo is the local cluster: `OpenCluster(NULL)` opens it.
/// (The only in-process test that registers a local cluster.)
#[test]
fn demo_is_the_local_cluster() {
    let demo = SimCluster::demo().unwrap();
    assert!(SimCluster::demo().is_err(), "one DemoCluster at a time");
    {
        let cluster = Cluster::open_local(&demo.api()).unwrap();
        assert_eq!(cluster.name(), None);
        let group = cluster
            .open_group(clusprop_sim::config::DEMO_GROUP)
            .unwrap();
        let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
        group
            .offline_ex_and_wait(OfflineFlags::NONE, &save, &fast())
            .unwrap();
        assert_eq!(
            demo.resource_state("DemoVM"),
            Some(clusprop_sim::ResourceState::Offline)
        );
    }
    let said: Vec<String> = demo.events().iter().map(|e| e.action.to_string()).collect();
    assert_eq!(said, ["went offline", "VM saved its state"]);
    assert_eq!(demo.open_handles(), 0);
}

/// A raw handle given up with `into_raw` stays open until closed by hand;
/// closing it twice is caught by the simulator's counter.
#[test]
fn into_raw_gives_up_ownership() {
    let sim = Sim::new(Mode::InProcess, "raw", &demo());
    let group = sim.open().open_group("DemoGroup").unwrap();
    let raw = group.into_raw();
    assert_eq!(
        sim.open_handles(),
        1,
        "the cluster handle closed, the group handle kept"
    );
    assert_eq!(clusprop_sim::CloseClusterGroup(raw), 1);
    assert_eq!(sim.open_handles(), 0);
    assert_eq!(clusprop_sim::CloseClusterGroup(raw), 0);
    assert_eq!(sim.invalid_closes(), 1);
}

/// The system library does not exist here: a typed `Unsupported`, which
/// converts to an `io::Error` of kind `Unsupported`. (Nothing is loaded off
/// Windows, so this runs under miri too; under Wine, `ffi_wine.rs` checks it
/// with System32's clusapi.dll removed.)
#[test]
#[cfg(not(windows))]
fn missing_system_library_is_unsupported() {
    let err = clusprop_ffi::ClusApi::system().unwrap_err();
    assert!(
        matches!(&err, Error::Unsupported(clusprop_ffi::Unsupported::Library { name, .. }) if name == "clusapi.dll"),
        "{err:?}"
    );
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::Unsupported
    );
}

/// The library exports every entry point the simulator implements by its
/// Win32 name (all that clusprop-ffi resolves), plus `GetLastError`.
#[test]
#[cfg_attr(
    miri,
    ignore = "miri cannot load a shared library (dlopen); checked natively and under Wine"
)]
fn library_exports_the_clusapi_names() {
    // Every entry point clusprop-ffi resolves, control functions included.
    let present = LIBRARY.api().functions().present();
    assert_eq!(present, clusprop_ffi::Functions::NAMES);
    assert!(LIBRARY.api().functions().get_last_error.is_some());
    let source = LIBRARY.api().source_name();
    assert!(
        source.ends_with(&clusprop_sim::library_file_name()),
        "{source}"
    );
}
