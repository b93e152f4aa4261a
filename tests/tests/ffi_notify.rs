//! Waits on cluster notifications: `CreateClusterNotifyPortV2`,
//! `GetClusterNotifyV2` and `CloseClusterNotifyPort` through
//! `clusprop-ffi`'s function table against the simulated cluster,
//! in-process and through the simulator's shared library. A wait wakes on a
//! state change instead of sleeping its poll interval out; without the
//! port it polls, with the same result.

mod common;

use std::time::{Duration, Instant};

use clusprop::offline::OfflineInstructions;
use clusprop_ffi::{
    ClusApi, Cluster, Functions, GroupState, OfflineFlags, Outcome, ResourceState, WaitOptions,
    WaitTarget,
};
use common::{Mode, Sim, both_modes};
use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_CHANGE_GROUP_STATE_V2, CLUSTER_CHANGE_RESOURCE_STATE_V2, CLUSTER_OBJECT_TYPE_GROUP,
    CLUSTER_OBJECT_TYPE_RESOURCE, NOTIFY_FILTER_AND_TYPE,
};

const CONFIG: &str = "cluster NAME
group G
resource R1 type=\"Generic Service\" delay-ms=30
resource R2 type=\"Generic Service\" delay-ms=30
";

/// Long poll intervals: a wait that polls takes at least 2 s; one that
/// wakes on notifications ends right after the operation (about 60 ms).
fn slow_polls() -> WaitOptions {
    WaitOptions::with_timeout(Duration::from_secs(30))
        .intervals(Duration::from_secs(2), Duration::from_secs(2))
}

fn wait_wakes_on_notification(mode: Mode) {
    let sim = Sim::new(mode, "notify-wake", CONFIG);
    {
        let cluster = sim.open();
        let group = cluster.open_group("G").unwrap();
        let started = Instant::now();
        let outcome = group
            .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
            .unwrap();
        assert_eq!(outcome, Outcome::Pending);
        assert_eq!(
            group.wait(WaitTarget::Offline, &slow_polls()).unwrap(),
            GroupState::Offline
        );
        let took = started.elapsed();
        assert!(
            took < Duration::from_millis(1500),
            "woke on the change: {took:?}"
        );
        // A resource wait too.
        let r1 = cluster.open_resource("R1").unwrap();
        let started = Instant::now();
        let _ = r1
            .online_ex_raw(clusprop_ffi::ResourceOnlineFlags::NONE, &[])
            .unwrap();
        assert_eq!(
            r1.wait(WaitTarget::Online, &slow_polls()).unwrap(),
            ResourceState::Online
        );
        assert!(started.elapsed() < Duration::from_millis(1500));
    }
    sim.finish();
}

/// One notification read with the raw entry point: (object type, name,
/// state), or `None` on `WAIT_TIMEOUT`.
fn read(f: &Functions, port: isize, ms: u32) -> Option<(u32, String, u32)> {
    let get = f.get_cluster_notify_v2.unwrap();
    let mut key = 0usize;
    let mut filter = NOTIFY_FILTER_AND_TYPE {
        dwObjectType: 0,
        FilterFlags: 0,
    };
    let mut payload = [0u8; 16];
    let mut payload_len = 16u32;
    let mut name = [0u16; 64];
    let mut name_len = 64u32;
    // SAFETY: a live port of this table; every buffer is as large as its
    // count says; the strings not wanted are NULL with NULL counts.
    let status = unsafe {
        get(
            port,
            &mut key,
            &mut filter,
            payload.as_mut_ptr(),
            &mut payload_len,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            name.as_mut_ptr(),
            &mut name_len,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            ms,
        )
    };
    if status == 258 {
        return None;
    }
    assert_eq!(status, 0, "GetClusterNotifyV2");
    assert_eq!(key, 7);
    let name = String::from_utf16(&name[..name_len as usize]).unwrap();
    let state = u32::from_le_bytes(payload[..4].try_into().unwrap());
    Some((filter.dwObjectType, name, state))
}

fn open_port(f: &Functions, cluster: &Cluster, types: &[(i32, i32)]) -> isize {
    let filters: Vec<NOTIFY_FILTER_AND_TYPE> = types
        .iter()
        .map(|&(ty, flags)| NOTIFY_FILTER_AND_TYPE {
            dwObjectType: ty as u32,
            FilterFlags: i64::from(flags),
        })
        .collect();
    let create = f.create_cluster_notify_port_v2.unwrap();
    // SAFETY: a live cluster handle of this table and a filter array of the
    // length given.
    let port = unsafe {
        create(
            -1,
            cluster.as_raw(),
            filters.as_ptr(),
            filters.len() as u32,
            7,
        )
    };
    assert_ne!(port, 0);
    port
}

/// The resources' state changes arrive in the order they happen: both
/// pending (last resource first, the offline order), then each offline.
fn events_in_order(mode: Mode) {
    let sim = Sim::new(mode, "notify-order", CONFIG);
    {
        let cluster = sim.open();
        let f = *sim.api.functions();
        let port = open_port(
            &f,
            &cluster,
            &[(
                CLUSTER_OBJECT_TYPE_RESOURCE,
                CLUSTER_CHANGE_RESOURCE_STATE_V2,
            )],
        );
        let group = cluster.open_group("G").unwrap();
        let _ = group
            .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
            .unwrap();
        let mut seen = Vec::new();
        while let Some((ty, name, state)) = read(&f, port, 2000) {
            assert_eq!(ty, CLUSTER_OBJECT_TYPE_RESOURCE as u32);
            seen.push((name, ResourceState::from_raw(state as i32)));
            if seen.len() == 4 {
                break;
            }
        }
        let r = |n: &str, s| (n.to_owned(), s);
        assert_eq!(
            seen,
            [
                r("R2", ResourceState::OfflinePending),
                r("R1", ResourceState::OfflinePending),
                r("R2", ResourceState::Offline),
                r("R1", ResourceState::Offline),
            ]
        );
        assert_eq!(read(&f, port, 50), None, "nothing more: WAIT_TIMEOUT");
        let close = f.close_cluster_notify_port.unwrap();
        // SAFETY: the port opened above, closed once.
        assert_eq!(unsafe { close(port) }, 1);
    }
    sim.finish();
}

/// A port closed while another thread waits on it ends that wait with
/// `ERROR_INVALID_HANDLE`.
fn close_while_waiting(mode: Mode) {
    let sim = Sim::new(mode, "notify-close", CONFIG);
    {
        let cluster = sim.open();
        let f = *sim.api.functions();
        let port = open_port(
            &f,
            &cluster,
            &[(CLUSTER_OBJECT_TYPE_GROUP, CLUSTER_CHANGE_GROUP_STATE_V2)],
        );
        let get = f.get_cluster_notify_v2.unwrap();
        let waiter = std::thread::spawn(move || {
            let started = Instant::now();
            // SAFETY: a live port; nothing is asked for but the status.
            let status = unsafe {
                get(
                    port,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    u32::MAX,
                )
            };
            (status, started.elapsed())
        });
        std::thread::sleep(Duration::from_millis(50));
        let close = f.close_cluster_notify_port.unwrap();
        // SAFETY: the port opened above, closed once.
        assert_eq!(unsafe { close(port) }, 1);
        let (status, waited) = waiter.join().unwrap();
        assert_eq!(status, 6, "ERROR_INVALID_HANDLE");
        assert!(waited < Duration::from_secs(5));
    }
    sim.finish();
}

both_modes!(
    wait_wakes_on_notification,
    events_in_order,
    close_while_waiting
);

/// Without the notification entry points the wait polls: the same result,
/// after at least one 2 s pause.
#[test]
fn polls_without_a_port() {
    let sim = Sim::new(Mode::InProcess, "notify-poll", CONFIG);
    {
        let mut f: Functions = *sim.api.functions();
        f.create_cluster_notify_port_v2 = None;
        // SAFETY: the simulator's own table with an entry removed.
        let api = unsafe { ClusApi::from_table(f, "sim without ports") };
        let cluster = Cluster::open_named(&api, &sim.name).unwrap();
        let group = cluster.open_group("G").unwrap();
        let started = Instant::now();
        let _ = group
            .offline_ex(OfflineFlags::NONE, &OfflineInstructions::new())
            .unwrap();
        assert_eq!(
            group.wait(WaitTarget::Offline, &slow_polls()).unwrap(),
            GroupState::Offline
        );
        assert!(started.elapsed() >= Duration::from_secs(2));
    }
    sim.finish();
}
