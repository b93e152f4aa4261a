//! Control codes, moves and the resource `*Ex` calls, driven through
//! `clusprop-ffi`'s function-pointer table against the simulated cluster,
//! in-process and through the simulator's shared library (see
//! `common/mod.rs`). Every scenario ends with every handle closed exactly
//! once.

mod common;

use std::time::Duration;

use clusprop::offline::{OfflineInstructions, VmAction, VmMoveAction};
use clusprop::{OwnedPropertyList, OwnedValue, PropertyList};
use clusprop_ffi::{
    ControlCode, ControlTarget, Error, GroupState, MoveFlags, ObjectState, ObjectType,
    OfflineFlags, OnlineFlags, Outcome, PropertyKind, ResourceOfflineFlags, ResourceOnlineFlags,
    ResourceState, SetOutcome, WaitOptions, WaitTarget, Win32Error, WritableKind,
};
use common::{Mode, Sim, api_error, both_modes, fast};

const W1: &[u8] = include_bytes!("../../testkit/vectors/W1.bin");
const W2: &[u8] = include_bytes!("../../testkit/vectors/W2.bin");

/// The demo (W1 and W2 included) under a unique name.
const DEMO: &str = "cluster NAME demo\n";

fn list(props: &[(&str, OwnedValue)]) -> OwnedPropertyList {
    let mut l = OwnedPropertyList::new();
    for (name, value) in props {
        l.push(name, value.clone()).unwrap();
    }
    l
}

fn sz(s: &str) -> OwnedValue {
    OwnedValue::sz(s).unwrap()
}

#[test]
fn the_simulators_captures_are_the_test_vectors() {
    assert_eq!(clusprop_sim::config::W1_CLUSTER_RO_COMMON, W1);
    assert_eq!(clusprop_sim::config::W2_NODE_RO_COMMON, W2);
}

/// The Windows replies, through the whole path: the cluster's and NODE1's
/// read-only common properties come back as Windows' own bytes and decode.
fn windows_replies(mode: Mode) {
    let sim = Sim::new(mode, "w1w2", DEMO);
    {
        let cluster = sim.open();
        let reply = cluster
            .get_properties(PropertyKind::ReadOnlyCommon)
            .unwrap();
        assert_eq!(reply.as_bytes(), W1, "W1 byte for byte");
        let w1 = reply.list();
        assert_eq!(w1.len(), 6);
        assert!(w1.has_trailing_end_mark());
        assert_eq!(
            w1.get::<clusprop::Utf16Str<'_>>("SharedVolumesRoot")
                .unwrap(),
            "C:\\ClusterStorage"
        );
        assert_eq!(w1.get::<u32>("AdminAccessPoint").unwrap(), 1);

        let node = cluster.open_node("node1").unwrap();
        let reply = node.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
        assert_eq!(reply.as_bytes(), W2, "W2 byte for byte");
        let w2 = reply.list();
        assert_eq!(w2.len(), 12);
        assert_eq!(w2.get::<u32>("BuildNumber").unwrap(), 9600);
        assert_eq!(w2.get::<u32>("NodeDrainTarget").unwrap(), 0xFFFF_FFFF);
        assert_eq!(w2.get::<clusprop::Utf16Str<'_>>("CSDVersion").unwrap(), "");

        // The other node: its own NodeName, W2's other properties.
        let node2 = cluster.open_node("NODE2").unwrap();
        let reply = node2.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
        assert_eq!(
            reply
                .list()
                .get::<clusprop::Utf16Str<'_>>("NodeName")
                .unwrap(),
            "node2"
        );
        // A missing node is the documented code.
        let err = cluster.open_node("NODE9").unwrap_err();
        assert_eq!(
            (err.win32(), err.to_string().contains("OpenClusterNode")),
            (Some(Win32Error::ClusterNodeNotFound), true)
        );
        // Every object and kind answers with a list (possibly empty).
        let group = cluster.open_group("DemoGroup").unwrap();
        let vm = cluster.open_resource("DemoVM").unwrap();
        for kind in [
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ] {
            cluster.get_properties(kind).unwrap();
            node.get_properties(kind).unwrap();
            group.get_properties(kind).unwrap();
            vm.get_properties(kind).unwrap();
        }
        let ty = vm.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
        assert_eq!(
            ty.list().get::<clusprop::Utf16Str<'_>>("Type").unwrap(),
            "Virtual Machine"
        );
    }
    sim.finish();
}

/// The `ERROR_MORE_DATA` contract: a reply larger than the first buffer is
/// fetched with one retry at exactly the size returned; a reply of exactly
/// the first buffer's size takes one call; a zero-sized first buffer (NULL)
/// learns the size and takes one more.
fn buffer_growth(mode: Mode) {
    let sim = Sim::new(mode, "growth", DEMO);
    {
        let cluster = sim.open();
        let code = ObjectType::Cluster.get_code(PropertyKind::ReadOnlyCommon);
        let calls = |f: &dyn Fn() -> Vec<u8>| {
            let before = sim.control_calls();
            let reply = f();
            (reply, sim.control_calls() - before)
        };
        let (reply, n) = calls(&|| cluster.control_with_capacity(None, code, &[], 100).unwrap());
        assert_eq!(
            (reply.as_slice(), n),
            (W1, 2),
            "larger than the first buffer"
        );
        let (reply, n) = calls(&|| {
            cluster
                .control_with_capacity(None, code, &[], W1.len())
                .unwrap()
        });
        assert_eq!((reply.as_slice(), n), (W1, 1), "exactly the first buffer");
        let (_, n) = calls(&|| {
            cluster
                .control_with_capacity(None, code, &[], W1.len() - 1)
                .unwrap()
        });
        assert_eq!(n, 2, "one byte short");
        let (reply, n) = calls(&|| cluster.control_with_capacity(None, code, &[], 0).unwrap());
        assert_eq!((reply.as_slice(), n), (W1, 2), "a NULL first buffer");

        // With the default first buffer: a private property of 5000 bytes
        // makes the reply larger than FIRST_REPLY_LEN.
        let vm = cluster.open_resource("DemoVM").unwrap();
        let big = list(&[("Checkpoint", OwnedValue::binary(vec![0x5A; 5000]))]);
        let _ = vm.set_properties(WritableKind::Private, &big).unwrap();
        let before = sim.control_calls();
        let reply = vm.get_properties(PropertyKind::Private).unwrap();
        assert_eq!(sim.control_calls() - before, 2);
        assert!(reply.as_bytes().len() > clusprop_ffi::FIRST_REPLY_LEN);
        let blob: &[u8] = reply.list().get("Checkpoint").unwrap();
        assert_eq!(blob, &[0x5A; 5000][..]);
    }
    sim.finish();
}

/// SET and VALIDATE, with Windows' codes; a rejected SET changes nothing.
fn set_properties(mode: Mode) {
    let sim = Sim::new(mode, "set", DEMO);
    {
        let cluster = sim.open();
        let group = cluster.open_group("DemoGroup").unwrap();
        let before = group.get_properties(PropertyKind::Common).unwrap();
        assert_eq!(before.list().get::<u32>("Priority").unwrap(), 2000);

        // Accepted, then read back.
        let change = list(&[("priority", OwnedValue::dword(3000))]);
        group
            .validate_properties(WritableKind::Common, &change)
            .unwrap();
        assert_eq!(
            group.get_properties(PropertyKind::Common).unwrap(),
            before,
            "VALIDATE changes nothing"
        );
        assert_eq!(
            group.set_properties(WritableKind::Common, &change).unwrap(),
            SetOutcome::Applied
        );
        let after = group.get_properties(PropertyKind::Common).unwrap();
        assert_eq!(after.list().get::<u32>("Priority").unwrap(), 3000);

        // Rejected with the documented codes, and nothing changes.
        let cases = [
            // A valid change beside an unknown common property.
            (
                list(&[
                    ("Description", sz("changed")),
                    ("NoSuchProperty", OwnedValue::dword(1)),
                ]),
                Win32Error::InvalidParameter,
            ),
            // A read-only common property.
            (
                list(&[("GroupType", OwnedValue::dword(1))]),
                Win32Error::InvalidParameter,
            ),
            // The wrong format for a known property.
            (
                list(&[("Priority", sz("high"))]),
                Win32Error::InvalidParameter,
            ),
        ];
        for (bad, code) in cases {
            let (function, error) = api_error(group.set_properties(WritableKind::Common, &bad));
            assert_eq!((function, error), ("ClusterGroupControl", code), "{bad:?}");
            let (_, error) = api_error(group.validate_properties(WritableKind::Common, &bad));
            assert_eq!(error, code);
            assert_eq!(group.get_properties(PropertyKind::Common).unwrap(), after);
        }
        // A malformed list.
        let (_, error) = api_error(group.set_properties_raw(WritableKind::Common, &[1, 0, 0, 0]));
        assert_eq!(error, Win32Error::InvalidData);
        assert_eq!(group.get_properties(PropertyKind::Common).unwrap(), after);

        // Private: unknown names are stored; on an online resource the
        // change waits for its next online.
        let vm = cluster.open_resource("DemoVM").unwrap();
        let extra = list(&[("Notes", sz("from the test"))]);
        assert_eq!(
            vm.set_properties(WritableKind::Private, &extra).unwrap(),
            SetOutcome::StoredUntilRestart
        );
        let private = vm.get_properties(PropertyKind::Private).unwrap();
        assert_eq!(
            private
                .list()
                .get::<clusprop::Utf16Str<'_>>("Notes")
                .unwrap(),
            "from the test"
        );
        // Common properties of a resource apply at once.
        assert_eq!(
            vm.set_properties(
                WritableKind::Common,
                &list(&[("RestartThreshold", OwnedValue::dword(5))])
            )
            .unwrap(),
            SetOutcome::Applied
        );

        // A read-only handle reads but cannot write.
        let reader = cluster
            .open_group_with_access("DemoGroup", clusprop_ffi::Access::READ)
            .unwrap();
        reader.get_properties(PropertyKind::Common).unwrap();
        let (_, error) = api_error(reader.set_properties(WritableKind::Common, &change));
        assert_eq!(error, Win32Error::AccessDenied);
        // The node's read-only store cannot be written through SET_COMMON.
        let node = cluster.open_node("NODE1").unwrap();
        let (_, error) = api_error(node.set_properties(
            WritableKind::Common,
            &list(&[("BuildNumber", OwnedValue::dword(1))]),
        ));
        assert_eq!(error, Win32Error::InvalidParameter);
        assert_eq!(
            node.get_properties(PropertyKind::ReadOnlyCommon)
                .unwrap()
                .as_bytes(),
            W2
        );
        // A code for another kind of object is not a function of this one.
        let wrong = ObjectType::Resource.get_code(PropertyKind::Common);
        let err = group.control(None, wrong, &[]).unwrap_err();
        assert_eq!(err.win32(), Some(Win32Error::InvalidFunction));
        // On Windows the inner message goes on with the system's text
        // ("Invalid function."); the prefix and the code are the same. The
        // message names the code sent, by name: here, one of a resource.
        assert_eq!(err.control_code(), Some(ControlCode::new(wrong)));
        assert_eq!(
            err.to_string(),
            format!(
                "group \"DemoGroup\": CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES (0x01000059): {}",
                err.inner()
            )
        );
        assert!(
            err.to_string().starts_with(
                "group \"DemoGroup\": CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES (0x01000059): \
                 ClusterGroupControl failed: ERROR_INVALID_FUNCTION (1)"
            ),
            "{err}"
        );
        // The cluster itself, opened by name, is named too.
        let cluster_wrong = ObjectType::Group.get_code(PropertyKind::Common);
        let err = cluster.control(None, cluster_wrong, &[]).unwrap_err();
        assert_eq!(err.object(), Some((ObjectType::Cluster, sim.name.as_str())));
        assert_eq!(err.win32(), Some(Win32Error::InvalidFunction));
    }
    sim.finish();
}

/// Before: a SET or VALIDATE the cluster rejected said which function failed
/// (`group "DemoGroup": ClusterGroupControl failed: ...`) but not which
/// control code it was sent. Now the message names the code, by name and in
/// hex, between the object and the function, and `control_code` gives it.
fn a_rejected_request_names_its_control_code(mode: Mode) {
    let sim = Sim::new(mode, "rejected-code", DEMO);
    {
        let cluster = sim.open();
        let group = cluster.open_group("DemoGroup").unwrap();
        // GroupType is read-only: not one of the writable common properties.
        let change = list(&[("GroupType", OwnedValue::dword(5))]);
        let set = ObjectType::Group.set_code(WritableKind::Common);
        let err = group
            .set_properties(WritableKind::Common, &change)
            .unwrap_err();
        assert_eq!(err.control_code(), Some(ControlCode::new(set)));
        assert_eq!(
            err.control_code().and_then(ControlCode::name),
            Some("CLUSCTL_GROUP_SET_COMMON_PROPERTIES")
        );
        assert_eq!(err.win32(), Some(Win32Error::InvalidParameter));
        assert_eq!(err.object(), Some((ObjectType::Group, "DemoGroup")));
        assert!(
            err.to_string().starts_with(
                "group \"DemoGroup\": CLUSCTL_GROUP_SET_COMMON_PROPERTIES (0x0340005E): \
                 ClusterGroupControl failed: ERROR_INVALID_PARAMETER (87)"
            ),
            "{err}"
        );
        assert_eq!(err.to_string().matches("DemoGroup").count(), 1, "{err}");
        // The same list asked about (VALIDATE): its own code.
        let err = group
            .validate_properties(WritableKind::Common, &change)
            .unwrap_err();
        let validate = ObjectType::Group.validate_code(WritableKind::Common);
        assert_eq!(err.control_code(), Some(ControlCode::new(validate)));
        assert!(
            err.to_string().starts_with(
                "group \"DemoGroup\": CLUSCTL_GROUP_VALIDATE_COMMON_PROPERTIES (0x03000061): \
                 ClusterGroupControl failed: ERROR_INVALID_PARAMETER (87)"
            ),
            "{err}"
        );
        // A raw list that is no property list, on a resource's private store.
        let vm = cluster.open_resource("DemoVM").unwrap();
        let err = vm
            .set_properties_raw(WritableKind::Private, &[1, 0, 0, 0])
            .unwrap_err();
        assert_eq!(
            err.control_code().and_then(ControlCode::name),
            Some("CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES")
        );
        assert!(
            err.to_string().starts_with(
                "resource \"DemoVM\": CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES (0x01400086): \
                 ClusterResourceControl failed: "
            ),
            "{err}"
        );
        // A list refused before any request is made names no code.
        let expanded = OwnedValue::new(
            clusprop::Syntax::LIST_VALUE_EXPANDED_SZ,
            clusprop::OwnedData::String(clusprop::WideString::from_str_checked("C:\\x").unwrap()),
        )
        .unwrap();
        let err = vm
            .set_properties(WritableKind::Private, &list(&[("Notes", expanded)]))
            .unwrap_err();
        assert_eq!(err.control_code(), None, "{err}");
    }
    sim.finish();
}

/// The client rule (no `EXPANDED_SZ`) holds at every depth of what SET and
/// VALIDATE send: a nested property list or value list carrying one is
/// refused before any call reaches the cluster, and nothing changes.
fn set_refuses_expanded_sz_at_every_depth(mode: Mode) {
    let sim = Sim::new(mode, "set-nested-expanded", DEMO);
    {
        let cluster = sim.open();
        let vm = cluster.open_resource("DemoVM").unwrap();
        let before = vm.get_properties(PropertyKind::Private).unwrap();
        let expanded = OwnedValue::new(
            clusprop::Syntax::LIST_VALUE_EXPANDED_SZ,
            clusprop::OwnedData::String(clusprop::WideString::from_str_checked("C:\\x").unwrap()),
        )
        .unwrap();
        let nested_pl = OwnedValue::property_list(list(&[("Inner", expanded.clone())]));
        let nested_vl = OwnedValue::value_list(clusprop::OwnedValueList {
            values: vec![OwnedValue::dword(1), expanded.clone()],
        });
        let deep = OwnedValue::property_list(list(&[("Mid", nested_vl.clone())]));
        for (what, value) in [
            ("nested property list", nested_pl),
            ("nested value list", nested_vl),
            ("value list in a nested property list", deep),
        ] {
            let change = list(&[("Notes", value)]);
            let calls = sim.control_calls();
            let err = vm
                .set_properties(WritableKind::Private, &change)
                .unwrap_err();
            assert_eq!(
                err.inner(),
                &Error::Encode(clusprop::EncodeError::ExpandedSzNotAllowed),
                "{what}"
            );
            assert_eq!(err.object(), Some((ObjectType::Resource, "DemoVM")));
            let err = vm
                .validate_properties(WritableKind::Private, &change)
                .unwrap_err();
            assert_eq!(
                err.inner(),
                &Error::Encode(clusprop::EncodeError::ExpandedSzNotAllowed),
                "{what}"
            );
            assert_eq!(err.object(), Some((ObjectType::Resource, "DemoVM")));
            assert_eq!(sim.control_calls(), calls, "{what}: nothing was sent");
            // Sent raw anyway, the cluster refuses it as a list no client
            // may send (as for any malformed SET list).
            let server = change.encode_options().with_expanded_sz(true);
            let bytes = change.to_vec_with(&server).unwrap();
            let (_, error) = api_error(vm.set_properties_raw(WritableKind::Private, &bytes));
            assert_eq!(error, Win32Error::InvalidData, "{what}");
            assert_eq!(vm.get_properties(PropertyKind::Private).unwrap(), before);
        }
    }
    sim.finish();
}

/// A SET of a VM's `OfflineAction` decides what it does when told nothing.
fn offline_action_property(mode: Mode) {
    let sim = Sim::new(mode, "offline-action", DEMO);
    {
        let cluster = sim.open();
        let vm = cluster.open_resource("DemoVM").unwrap();
        let shutdown = list(&[(
            "OfflineAction",
            OwnedValue::dword(VmAction::Shutdown.value()),
        )]);
        let _ = vm.set_properties(WritableKind::Private, &shutdown).unwrap();
        let group = cluster.open_group("DemoGroup").unwrap();
        group
            .offline_ex_and_wait(OfflineFlags::NONE, &OfflineInstructions::new(), &fast())
            .unwrap();
    }
    let events = sim.events();
    assert!(
        events.contains(&"DemoVM (Virtual Machine): VM shut down".to_owned()),
        "{events:?}"
    );
    sim.finish();
}

/// Moves: live migration to a named node, quick migration (save) back, the
/// current owner, the invalid flag pair, and a foreign node handle.
fn moves(mode: Mode) {
    let sim = Sim::new(mode, "move", DEMO);
    {
        let cluster = sim.open();
        let group = cluster.open_group("DemoGroup").unwrap();
        let node2 = cluster.open_node("NODE2").unwrap();
        let live = OfflineInstructions::new().all_vm_types(VmMoveAction::LiveMigration);
        let owner = group
            .move_ex_and_wait(MoveFlags::LIVE_MIGRATION, Some(&node2), &live, &fast())
            .unwrap();
        assert_eq!(owner, "NODE2");
        assert_eq!(group.state().unwrap(), GroupState::Online);

        // No destination: the next node (back to NODE1), saving the VM.
        let save = OfflineInstructions::new().all_vm_types(VmAction::Save);
        let owner = group
            .move_ex_and_wait(MoveFlags::NONE, None, &save, &fast())
            .unwrap();
        assert_eq!(owner, "NODE1");

        // To where it already is: done at once.
        let node1 = cluster.open_node("NODE1").unwrap();
        assert_eq!(
            group.move_ex(MoveFlags::NONE, Some(&node1), &save).unwrap(),
            Outcome::Completed
        );
        // MS-CMRP 3.1.4.2.131: these two flags together are invalid.
        let (function, error) = api_error(group.move_ex(
            MoveFlags::IGNORE_RESOURCE_STATUS | MoveFlags::QUEUE_ENABLED,
            Some(&node2),
            &save,
        ));
        assert_eq!(
            (function, error),
            ("MoveClusterGroupEx", Win32Error::InvalidParameter)
        );
        // A node handle opened through another table is refused before any
        // call reaches a library (handles mean nothing to another one).
        let elsewhere = clusprop_sim::SimCluster::new(
            &clusprop_sim::ClusterConfig::demo().named(&format!("{}-elsewhere", sim.name)),
        )
        .unwrap();
        {
            let other_table = clusprop_sim::clusapi();
            assert!(!other_table.same_table(&sim.api));
            let c = clusprop_ffi::Cluster::open_named(&other_table, elsewhere.name()).unwrap();
            let foreign = c.open_node("NODE2").unwrap();
            let err = group
                .move_ex(MoveFlags::NONE, Some(&foreign), &save)
                .unwrap_err();
            assert_eq!(err.object(), Some((ObjectType::Group, "DemoGroup")));
            assert_eq!(err.into_inner(), Error::ForeignHandle);
        }
        assert_eq!(elsewhere.open_handles(), 0);
    }
    let events = sim.events();
    let expected = [
        "Cluster Disk 1 (Physical Disk): went offline",
        "DemoVM (Virtual Machine): VM was live-migrated to NODE2",
        "DemoVM (Virtual Machine): moved from NODE1 to NODE2",
        "Cluster Disk 1 (Physical Disk): moved from NODE1 to NODE2",
        "Cluster Disk 1 (Physical Disk): came online",
        "Cluster Disk 1 (Physical Disk): went offline",
        "DemoVM (Virtual Machine): VM saved its state",
        "DemoVM (Virtual Machine): moved from NODE2 to NODE1",
        "Cluster Disk 1 (Physical Disk): moved from NODE2 to NODE1",
        "DemoVM (Virtual Machine): came online",
        "Cluster Disk 1 (Physical Disk): came online",
    ];
    assert_eq!(events, expected);
    sim.finish();
}

/// `err` is group `G`'s [`Error::WrongNode`]: asked for NODE2, it is on
/// NODE1; `note` ends the message (the group was already up, after an
/// online).
fn assert_ended_on_node1_not_node2(err: Error, already_up: Option<GroupState>, note: &str) {
    assert_eq!(
        err.to_string(),
        format!("group \"G\": ended on node \"NODE1\", not on \"NODE2\" as asked{note}")
    );
    assert_eq!(
        err.into_inner(),
        Error::WrongNode {
            wanted: "NODE2".to_owned(),
            owner: "NODE1".to_owned(),
            already_up,
        }
    );
}

/// A move that fails on the destination and, with
/// `RETURN_TO_SOURCE_NODE_ON_ERROR`, comes back: `Error::WrongNode`.
fn move_returns_to_source(mode: Mode) {
    let config = r#"
        cluster NAME
        node NODE2
        group G
        resource R type=Generic delay-ms=1 fail-online
    "#;
    let sim = Sim::new(mode, "move-back", config);
    {
        let cluster = sim.open();
        let group = cluster.open_group("G").unwrap();
        let node2 = cluster.open_node("NODE2").unwrap();
        let err = group
            .move_ex_and_wait(
                MoveFlags::RETURN_TO_SOURCE_NODE_ON_ERROR,
                Some(&node2),
                &OfflineInstructions::new(),
                &fast(),
            )
            .unwrap_err();
        assert_ended_on_node1_not_node2(err, None, "");
        assert_eq!(group.state().unwrap(), GroupState::Online);
    }
    sim.finish();
    // One node only: there is nowhere to go.
    let sim = Sim::new(
        mode,
        "move-nowhere",
        "cluster NAME\ngroup G\nresource R type=Generic",
    );
    {
        let group = sim.open().open_group("G").unwrap();
        let (_, error) = api_error(group.move_ex_raw(MoveFlags::NONE, None, &[]));
        assert_eq!(error, Win32Error::HostNodeNotAvailable);
    }
    sim.finish();
}

/// `OnlineClusterGroupEx` on a chosen node.
fn online_on_a_node(mode: Mode) {
    let sim = Sim::new(mode, "online-node", DEMO);
    {
        let cluster = sim.open();
        let group = cluster.open_group("DemoGroup").unwrap();
        group
            .offline_ex_and_wait(OfflineFlags::NONE, &OfflineInstructions::new(), &fast())
            .unwrap();
        let node2 = cluster.open_node("NODE2").unwrap();
        let owner = group
            .online_ex_and_wait(OnlineFlags::NONE, Some(&node2), &[], &fast())
            .unwrap();
        assert_eq!(owner, "NODE2");
        assert_eq!(
            group.state_and_node().unwrap(),
            (GroupState::Online, "NODE2".to_owned())
        );
    }
    sim.finish();
    // A group partly online is brought up where it is, not on the node
    // asked for: `Error::WrongNode`, as a move that ends elsewhere.
    let config = "cluster NAME\nnode NODE2\ngroup G\nresource R type=Generic\n\
                  resource S type=Generic state=offline\n";
    let sim = Sim::new(mode, "online-elsewhere", config);
    {
        let cluster = sim.open();
        let group = cluster.open_group("G").unwrap();
        let node2 = cluster.open_node("NODE2").unwrap();
        let err = group
            .online_ex_and_wait(OnlineFlags::NONE, Some(&node2), &[], &fast())
            .unwrap_err();
        assert_ended_on_node1_not_node2(
            err,
            Some(GroupState::PartialOnline),
            " (the group was already partially online: an online leaves a group where it is, \
             a move takes it to another node)",
        );
        assert_eq!(group.state().unwrap(), GroupState::Online);
        // Online already, the same: the error says so.
        let err = group
            .online_ex_and_wait(OnlineFlags::NONE, Some(&node2), &[], &fast())
            .unwrap_err();
        assert_ended_on_node1_not_node2(
            err,
            Some(GroupState::Online),
            " (the group was already online: an online leaves a group where it is, a move \
             takes it to another node)",
        );
        // A caller that calls and waits itself gives the state it read
        // before; without one, the plain check has no note.
        let checked = |before| {
            group
                .state_and_node_checked_after_online(Some(&node2), before)
                .unwrap_err()
                .into_inner()
        };
        assert!(matches!(
            checked(Some(GroupState::PartialOnline)),
            Error::WrongNode {
                already_up: Some(GroupState::PartialOnline),
                ..
            }
        ));
        for before in [None, Some(GroupState::Offline), Some(GroupState::Failed)] {
            assert!(matches!(
                checked(before),
                Error::WrongNode {
                    already_up: None,
                    ..
                }
            ));
        }
        assert!(matches!(
            group
                .state_and_node_checked(Some(&node2))
                .unwrap_err()
                .into_inner(),
            Error::WrongNode {
                already_up: None,
                ..
            }
        ));
        // Without a destination, wherever it ends is the answer.
        assert_eq!(
            group
                .online_ex_and_wait(OnlineFlags::NONE, None, &[], &fast())
                .unwrap(),
            "NODE1"
        );
    }
    sim.finish();
}

/// The resource `*Ex` calls: offline with an instruction, the shared wait,
/// online, locks and flags.
fn resource_offline_online(mode: Mode) {
    // Long enough under miri (far slower than the simulator's clock) for the
    // state read right after the call to still see it pending.
    let step_ms = if cfg!(miri) { 300 } else { 2 };
    let config = format!(
        r#"
        cluster NAME
        group G
        resource VM type="Virtual Machine" delay-ms={step_ms}
        resource Locked type=Generic locked
    "#
    );
    let sim = Sim::new(mode, "resource", &config);
    {
        let cluster = sim.open();
        let vm = cluster.open_resource("VM").unwrap();
        assert_eq!(vm.group_name().unwrap(), "G");
        assert_eq!(
            vm.state_and_node().unwrap(),
            (ResourceState::Online, "NODE1".to_owned())
        );
        let turn_off = OfflineInstructions::new().virtual_machine(VmAction::TurnOff);
        assert_eq!(
            vm.offline_ex(ResourceOfflineFlags::NONE, &turn_off)
                .unwrap(),
            Outcome::Pending
        );
        assert_eq!(vm.state().unwrap(), ResourceState::OfflinePending);
        assert_eq!(
            vm.wait(WaitTarget::Offline, &fast()).unwrap(),
            ResourceState::Offline
        );
        // The group is partly online now: the other resource is still up.
        let group = cluster.open_group("G").unwrap();
        assert_eq!(group.state().unwrap(), GroupState::PartialOnline);
        // Already offline: completed at once.
        assert_eq!(
            vm.offline_ex_raw(ResourceOfflineFlags::NONE, &[]).unwrap(),
            Outcome::Completed
        );
        vm.online_ex_and_wait(ResourceOnlineFlags::NONE, &[], &fast())
            .unwrap();
        assert_eq!(vm.state().unwrap(), ResourceState::Online);
        // A timeout names the resource's last state.
        let slow = WaitOptions::with_timeout(Duration::ZERO);
        let err = vm.wait(WaitTarget::Offline, &slow).unwrap_err();
        assert_eq!(err.object(), Some((ObjectType::Resource, "VM")));
        assert!(
            matches!(
                err.inner(),
                Error::WaitFailed {
                    target: WaitTarget::Offline,
                    state: ObjectState::Resource(ResourceState::Online)
                }
            ),
            "{err:?}"
        );

        let locked = cluster.open_resource("Locked").unwrap();
        let (function, error) = api_error(locked.offline_ex_raw(ResourceOfflineFlags::NONE, &[]));
        assert_eq!(
            (function, error),
            (
                "OfflineClusterResourceEx",
                Win32Error::ClusterResourceLockedStatus
            )
        );
        assert_eq!(
            locked
                .offline_ex_raw(ResourceOfflineFlags::IGNORE_RESOURCE_STATUS, &[])
                .unwrap(),
            Outcome::Pending
        );
        locked.wait(WaitTarget::Offline, &fast()).unwrap();
        let (_, error) =
            api_error(vm.online_ex_raw(ResourceOnlineFlags::from_bits_retain(0x40), &[]));
        assert_eq!(error, Win32Error::InvalidParameter);
        let err = cluster.open_resource("Nope").unwrap_err();
        assert_eq!(err.win32(), Some(Win32Error::ResourceNotFound));
    }
    let events = sim.events();
    assert_eq!(events[0], "VM (Virtual Machine): VM was turned off");
    sim.finish();
}

/// Handles opened and given up and taken back close exactly once, for every
/// kind.
fn handles_close_once(mode: Mode) {
    let sim = Sim::new(mode, "handles", DEMO);
    {
        let cluster = sim.open();
        let node = cluster.open_node("NODE1").unwrap();
        let resource = cluster.open_resource("DemoVM").unwrap();
        assert_eq!(sim.open_handles(), 3);
        let raw_node = node.into_raw();
        let raw_resource = resource.into_raw();
        // SAFETY: the handles were given up just above, by this cluster.
        let node = unsafe { cluster.node_from_raw(raw_node, "NODE1") };
        // SAFETY: as above.
        let resource = unsafe { cluster.resource_from_raw(raw_resource, "DemoVM") };
        drop(cluster);
        assert_eq!(sim.open_handles(), 3, "the objects keep the cluster open");
        node.get_properties(PropertyKind::ReadOnlyCommon).unwrap();
        resource.get_properties(PropertyKind::Common).unwrap();
    }
    sim.finish();
}

both_modes!(
    windows_replies,
    buffer_growth,
    set_properties,
    set_refuses_expanded_sz_at_every_depth,
    a_rejected_request_names_its_control_code,
    offline_action_property,
    moves,
    move_returns_to_source,
    online_on_a_node,
    resource_offline_online,
    handles_close_once,
);

#[test]
fn a_reply_that_is_not_a_list_is_a_decode_error() {
    // Through the public constructor the ffi uses for every GET reply.
    let err = clusprop_ffi::PropertyReply::new(vec![2, 0, 0, 0]).unwrap_err();
    assert_eq!(err.offset(), 4);
    assert!(PropertyList::parse(W1).is_ok());
}
