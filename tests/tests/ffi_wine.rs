//! Windows only (run under Wine by `scripts/wine-test`): the safe API through
//! the real `LoadLibraryExW(LOAD_LIBRARY_SEARCH_SYSTEM32)` path. The
//! simulator, built for Windows, stands in as `%SystemRoot%\System32\clusapi.dll`;
//! its `ClusSim*` exports set up the clusters each test needs.

#![cfg(windows)]

use std::path::PathBuf;
use std::time::Duration;

use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{
    Access, CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, ClusApi, Cluster, Error, GroupState,
    OfflineFlags, Outcome, Unsupported, WaitOptions, WaitTarget, Win32Error,
};
use clusprop_sim::SimLibrary;

/// The simulator in System32, the same module `ClusApi::system` loads.
fn system_simulator() -> SimLibrary {
    let root = std::env::var_os("SystemRoot").expect("SystemRoot is set on Windows");
    let path = PathBuf::from(root).join("System32").join("clusapi.dll");
    // SAFETY: scripts/wine-test puts clusprop-sim's own DLL at that path.
    unsafe { SimLibrary::load(&path) }.expect("the simulator is System32's clusapi.dll")
}

fn api_error(result: Result<Outcome, Error>) -> Win32Error {
    match result.map_err(Error::into_inner) {
        Err(Error::Api { error, .. }) => error,
        other => panic!("expected a Win32 error, got {other:?}"),
    }
}

#[test]
fn seed_flow_and_vm_save_through_system32() {
    let sim = system_simulator();
    sim.configure(
        "cluster \"WineSeed\"\ngroup \"DemoGroup\"\n\
         resource \"DemoVM\" type=\"Virtual Machine\" delay-ms=5\n\
         resource \"Disk\" type=\"Physical Disk\" delay-ms=5\n",
    )
    .unwrap();
    let api = ClusApi::system().expect("System32 clusapi.dll loads");
    {
        let cluster = Cluster::open_named(&api, "WineSeed").unwrap();
        let group = cluster.open_group("DemoGroup").unwrap();
        let save = OfflineInstructions::new().virtual_machine(VmAction::Save);
        assert_eq!(
            group.offline_ex(OfflineFlags::NONE, &save).unwrap(),
            Outcome::Pending
        );
        assert_eq!(
            group
                .wait(WaitTarget::Offline, &WaitOptions::default())
                .unwrap(),
            GroupState::Offline
        );
    }
    assert!(sim.wait_idle("WineSeed", Duration::from_secs(5)));
    let events = sim.events("WineSeed").unwrap();
    assert!(
        events
            .iter()
            .any(|e| e == "DemoVM (Virtual Machine): VM saved its state"),
        "{events:?}"
    );
    assert_eq!(
        sim.open_handles("WineSeed"),
        Some(0),
        "every handle closed exactly once"
    );
    assert_eq!(sim.invalid_closes("WineSeed"), Some(0));
    assert!(sim.remove("WineSeed"));
}

#[test]
fn rejections_through_system32() {
    let sim = system_simulator();
    sim.configure(
        "cluster \"WineRejects\"\ngroup \"G\"\n\
         resource \"VM\" type=\"Virtual Machine\" locked delay-ms=5\n\
         group \"Slow\"\nresource \"S\" type=\"Generic Service\" delay-ms=3000\n",
    )
    .unwrap();
    let api = ClusApi::system().unwrap();
    {
        let cluster = Cluster::open_named(&api, "WineRejects").unwrap();
        let group = cluster.open_group("G").unwrap();
        // Locked, no flag: rejected at once, nothing changes.
        assert_eq!(
            api_error(group.offline_ex_raw(OfflineFlags::NONE, &[])),
            Win32Error::ClusterResourceLockedStatus
        );
        assert_eq!(group.state().unwrap(), GroupState::Online);
        // A malformed buffer and an unknown flag: ERROR_INVALID_PARAMETER.
        assert_eq!(
            api_error(group.offline_ex_raw(OfflineFlags::NONE, &[1, 0, 0, 0])),
            Win32Error::InvalidParameter
        );
        assert_eq!(
            api_error(group.offline_ex_raw(OfflineFlags::from_bits_retain(0x8), &[])),
            Win32Error::InvalidParameter
        );
        // A read-only handle: ERROR_ACCESS_DENIED.
        let read_only = cluster.open_group_with_access("G", Access::READ).unwrap();
        assert_eq!(
            api_error(read_only.offline_ex_raw(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, &[])),
            Win32Error::AccessDenied
        );
        drop(read_only);
        // With the flag: accepted.
        assert_eq!(
            group
                .offline_ex_raw(CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS, &[])
                .unwrap(),
            Outcome::Pending
        );
        group
            .wait(WaitTarget::Offline, &WaitOptions::default())
            .unwrap();
        // An unknown group (the name crosses as UTF-16).
        let missing = cluster.open_group("Gruppe-ß-不存在").unwrap_err();
        assert_eq!(
            missing.object(),
            Some((clusprop_ffi::ObjectType::Group, "Gruppe-ß-不存在"))
        );
        match missing.into_inner() {
            Error::Api { error, .. } => assert_eq!(error, Win32Error::GroupNotFound),
            other => panic!("expected ERROR_GROUP_NOT_FOUND, got {other:?}"),
        }
        // A wait that times out.
        let slow = cluster.open_group("Slow").unwrap();
        assert_eq!(
            slow.offline_ex_raw(OfflineFlags::NONE, &[]).unwrap(),
            Outcome::Pending
        );
        match slow
            .wait(
                WaitTarget::Offline,
                &WaitOptions::with_timeout(Duration::from_millis(50)),
            )
            .map_err(Error::into_inner)
        {
            Err(Error::Timeout { last, .. }) => {
                assert_eq!(last, clusprop_ffi::ObjectState::Group(GroupState::Pending))
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
    }
    assert_eq!(sim.open_handles("WineRejects"), Some(0));
    assert_eq!(sim.invalid_closes("WineRejects"), Some(0));
    assert!(sim.remove("WineRejects"));
}

/// Without `System32\clusapi.dll` (a machine without Failover Clustering):
/// the typed `Unsupported`, never a crash at start-up or at the call.
/// The control-code path and a move through System32: Windows' own W1 and
/// W2 bytes (the demo's stores), a buffer that has to grow, a SET read back,
/// and a live migration to the second node.
#[test]
fn control_codes_and_a_move_through_system32() {
    use clusprop::OwnedValue;
    use clusprop::offline::VmMoveAction;
    use clusprop_ffi::{ControlTarget, MoveFlags, ObjectType, PropertyKind, WritableKind};

    let w1: &[u8] = include_bytes!("../../testkit/vectors/W1.bin");
    let w2: &[u8] = include_bytes!("../../testkit/vectors/W2.bin");
    let sim = system_simulator();
    sim.configure("cluster \"WineControl\" demo\n").unwrap();
    let api = ClusApi::system().expect("System32 clusapi.dll loads");
    {
        let cluster = Cluster::open_named(&api, "WineControl").unwrap();
        let reply = cluster
            .get_properties(PropertyKind::ReadOnlyCommon)
            .unwrap();
        assert_eq!(reply.as_bytes(), w1);
        let node = cluster.open_node("NODE1").unwrap();
        assert_eq!(
            node.get_properties(PropertyKind::ReadOnlyCommon)
                .unwrap()
                .as_bytes(),
            w2
        );
        let before = sim.control_calls("WineControl").unwrap();
        let code = ObjectType::Node.get_code(PropertyKind::ReadOnlyCommon);
        assert_eq!(node.control_with_capacity(None, code, &[], 16).unwrap(), w2);
        assert_eq!(sim.control_calls("WineControl").unwrap() - before, 2);

        let group = cluster.open_group("DemoGroup").unwrap();
        let mut change = clusprop::OwnedPropertyList::new();
        change.push("Priority", OwnedValue::dword(1234)).unwrap();
        let _ = group.set_properties(WritableKind::Common, &change).unwrap();
        let common = group.get_properties(PropertyKind::Common).unwrap();
        assert_eq!(common.list().get::<u32>("Priority").unwrap(), 1234);

        let node2 = cluster.open_node("NODE2").unwrap();
        let live = OfflineInstructions::new().all_vm_types(VmMoveAction::LiveMigration);
        let owner = group
            .move_ex_and_wait(
                MoveFlags::LIVE_MIGRATION,
                Some(&node2),
                &live,
                &WaitOptions::default(),
            )
            .unwrap();
        assert_eq!(owner, "NODE2");
    }
    assert_eq!(sim.open_handles("WineControl"), Some(0));
    assert_eq!(sim.invalid_closes("WineControl"), Some(0));
    let events = sim.events("WineControl").unwrap();
    assert!(
        events.contains(&"DemoVM (Virtual Machine): VM was live-migrated to NODE2".to_owned()),
        "{events:?}"
    );
    assert!(sim.remove("WineControl"));
}

#[test]
#[ignore = "needs System32\\clusapi.dll absent: scripts/wine-test moves it away and runs this with --ignored"]
fn system_without_clusapi_is_unsupported() {
    let err = ClusApi::system().expect_err("no clusapi.dll in System32");
    assert!(
        matches!(&err, Error::Unsupported(Unsupported::Library { name, .. }) if name == "clusapi.dll"),
        "{err:?}"
    );
    assert_eq!(
        std::io::Error::from(err).kind(),
        std::io::ErrorKind::Unsupported
    );
}
